-- T1621 MFA fatigue, on OCSF Authentication only, whatever the identity provider: >= 5 failed
-- MFA authentications (is_mfa, status Failure) of one user.uid within 10 minutes, then a
-- successful authentication of that user within 10 minutes of the last failure. Written for
-- the Okta source defined as data (its mapping: scenarios/sources/okta.ocsf.toml); nothing in it
-- names the source. Returns the failures and the successes; event_key = metadata.uid.
WITH auth AS (
  SELECT {{plain(a.time)}} AS t, a.metadata.uid AS uid, a.status_id AS status, a.is_mfa AS mfa,
         a.{{ident(user)}}.uid AS account, a.src_endpoint.ip AS ip, a.metadata.event_code AS code
  FROM authentication a
  WHERE a.time >= TIMESTAMP '{{from}}' AND a.time < TIMESTAMP '{{to}}'
),
deny AS (
  SELECT * FROM auth WHERE mfa AND status = 2 AND account IS NOT NULL
),
run_start AS (
  SELECT a.account, a.t
  FROM deny a
  JOIN deny b ON b.account = a.account AND b.t >= a.t AND b.t < a.t + INTERVAL '10' MINUTE
  GROUP BY a.account, a.t
  HAVING count(*) >= 5
),
bomb AS (
  SELECT r.account, min(r.t) AS first_t, max(d.t) AS last_t
  FROM run_start r JOIN deny d ON d.account = r.account AND d.t >= r.t AND d.t < r.t + INTERVAL '10' MINUTE
  GROUP BY r.account
),
success AS (
  SELECT s.t, s.uid, s.account, s.ip, s.code, b.first_t
  FROM auth s JOIN bomb b ON s.account = b.account
  WHERE s.status = 1 AND s.t > b.last_t AND s.t < b.last_t + INTERVAL '10' MINUTE
),
hits AS (
  SELECT d.t, d.uid, d.account, d.ip, 'mfa failure' AS detail
  FROM deny d JOIN bomb b ON d.account = b.account AND d.t >= b.first_t AND d.t <= b.last_t
  WHERE EXISTS (SELECT 1 FROM success s WHERE s.account = d.account)
  UNION
  SELECT s.t, s.uid, s.account, s.ip, s.code FROM success s
)
SELECT CAST(date_trunc('second', t) AS VARCHAR) AS event_time,
       uid AS event_key, account, ip, detail
FROM hits
ORDER BY event_time, event_key, account, ip, detail
