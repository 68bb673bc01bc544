-- T1621 MFA fatigue (okta, a source defined as data): >= 5 Okta Verify pushes denied by one
-- user within 10 minutes (auth_via_mfa FAILURE, reason INVALID_CREDENTIALS), then a success of
-- that user (MFA, session start or SSO) within 10 minutes of the last deny: the victim gave in
-- (Elastic's "potentially successful Okta MFA bombing"). Returns the denies, the pushes sent to
-- the user in between and the successes.
WITH ok AS (
  SELECT published AS t, actor.id AS actor_id, actor.{{ident(alternateId)}} AS account,
         client.{{ident(ipAddress)}} AS ip, {{ident(eventType)}} AS event_type,
         outcome.result AS result, outcome.reason AS reason, uuid
  FROM okta
  WHERE published >= TIMESTAMP '{{from}}' AND published < TIMESTAMP '{{to}}'
),
deny AS (
  SELECT t, actor_id, account, ip, uuid FROM ok
  WHERE event_type = 'user.authentication.auth_via_mfa' AND result = 'FAILURE'
    AND reason = 'INVALID_CREDENTIALS'
),
run_start AS (
  SELECT a.actor_id, a.t
  FROM deny a
  JOIN deny b ON b.actor_id = a.actor_id AND b.t >= a.t AND b.t < a.t + INTERVAL '10' MINUTE
  GROUP BY a.actor_id, a.t
  HAVING count(*) >= 5
),
bomb AS (
  SELECT r.actor_id, min(r.t) AS first_t, max(d.t) AS last_t
  FROM run_start r JOIN deny d ON d.actor_id = r.actor_id AND d.t >= r.t AND d.t < r.t + INTERVAL '10' MINUTE
  GROUP BY r.actor_id
),
success AS (
  SELECT o.t, o.actor_id, o.account, o.ip, o.event_type, o.uuid, b.first_t
  FROM ok o JOIN bomb b ON o.actor_id = b.actor_id
  WHERE o.result = 'SUCCESS'
    AND o.event_type IN ('user.authentication.auth_via_mfa', 'user.session.start', 'user.authentication.sso')
    AND o.t > b.last_t AND o.t < b.last_t + INTERVAL '10' MINUTE
),
hits AS (
  SELECT d.t, d.uuid, d.account, d.ip, 'push denied' AS detail
  FROM deny d JOIN bomb b ON d.actor_id = b.actor_id AND d.t >= b.first_t AND d.t <= b.last_t
  WHERE EXISTS (SELECT 1 FROM success s WHERE s.actor_id = d.actor_id)
  UNION
  SELECT p.t, p.uuid, p.account, p.ip, 'push sent'
  FROM ok p JOIN bomb b ON p.actor_id = b.actor_id
  WHERE p.event_type = 'system.push.send_factor_verify_push'
    AND p.t >= b.first_t - INTERVAL '2' MINUTE AND p.t <= b.last_t
    AND EXISTS (SELECT 1 FROM success s WHERE s.actor_id = p.actor_id)
  UNION
  SELECT s.t, s.uuid, s.account, s.ip, s.event_type FROM success s
)
SELECT CAST(date_trunc('second', t) AS VARCHAR) AS event_time,
       uuid AS event_key, account, ip, detail
FROM hits
ORDER BY event_time, event_key, account, ip, detail
