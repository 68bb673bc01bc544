-- T1078.004 console sign-in without MFA from a new location, on OCSF Authentication and API
-- Activity: a successful Logon with is_mfa false to the AWS console (metadata.event_code
-- ConsoleLogin), by a principal (actor.user.uid) with earlier activity, from a
-- src_endpoint.ip nobody used successfully before (no GeoIP table: "never-seen address" stands
-- in for "new country"; the baseline reaches back one day before {{from}}, over the cloud classes
-- the principal's calls land in; refused calls, such as internet scanners probing a cluster's
-- API server, do not make an address known). Returns the sign-in and what that principal did from that address
-- in the following hour.
WITH cloud AS (
  -- The plain placeholder: DataFusion 53 rejects a UNION whose branches take a field from
  -- different tables (it compares their Iceberg field ids); other engines get it unchanged.
  SELECT {{plain(a.time)}} AS t, {{plain(a.metadata.uid)}} AS uid, {{plain(a.metadata.event_code)}} AS code,
         {{plain(a.actor.{{ident(user)}}.uid)}} AS actor, {{plain(a.src_endpoint.ip)}} AS ip,
         {{plain(a.http_request.user_agent)}} AS user_agent, {{plain(a.api.response.error)}} AS error,
         {{plain(a.cloud.account.uid)}} AS account, {{plain(a.activity_id)}} AS activity, {{plain(a.status_id)}} AS status,
         {{plain(a.is_mfa)}} AS mfa
  FROM authentication a
  WHERE a.time >= TIMESTAMP '{{from}}' - INTERVAL '1' DAY AND a.time < TIMESTAMP '{{to}}' AND a.cloud.provider = 'AWS'
  UNION ALL
  SELECT {{plain(p.time)}}, {{plain(p.metadata.uid)}}, {{plain(p.metadata.event_code)}}, {{plain(p.actor.{{ident(user)}}.uid)}},
         {{plain(p.src_endpoint.ip)}}, {{plain(p.http_request.user_agent)}}, {{plain(p.api.response.error)}},
         {{plain(p.cloud.account.uid)}}, {{plain(p.activity_id)}}, {{plain(p.status_id)}}, CAST(NULL AS BOOLEAN)
  FROM api_activity p
  WHERE p.time >= TIMESTAMP '{{from}}' - INTERVAL '1' DAY AND p.time < TIMESTAMP '{{to}}'
),
login AS (
  SELECT * FROM cloud
  WHERE code = 'ConsoleLogin' AND activity = 1 AND status = 1 AND mfa = false AND t >= TIMESTAMP '{{from}}'
),
known_principal AS (
  SELECT l.uid FROM login l JOIN cloud p ON p.actor = l.actor AND p.t < l.t GROUP BY l.uid
),
seen_ip AS (
  SELECT l.uid FROM login l JOIN cloud p ON p.ip = l.ip AND p.t < l.t AND p.status = 1 GROUP BY l.uid
),
suspicious AS (
  SELECT l.* FROM login l
  WHERE l.uid IN (SELECT uid FROM known_principal) AND l.uid NOT IN (SELECT uid FROM seen_ip)
),
hits AS (
  SELECT s.t, s.uid, s.code, s.actor, s.ip, s.user_agent, s.error, s.account FROM suspicious s
  UNION
  SELECT c.t, c.uid, c.code, c.actor, c.ip, c.user_agent, c.error, c.account
  FROM cloud c JOIN suspicious s ON c.actor = s.actor AND c.ip = s.ip
  WHERE c.t > s.t AND c.t < s.t + INTERVAL '1' HOUR
)
SELECT CAST(date_trunc('second', t) AS VARCHAR) AS event_time, uid AS event_key,
       code, actor, ip, account, COALESCE(user_agent, '') AS user_agent, COALESCE(error, '') AS error
FROM hits
ORDER BY event_time, event_key, code, actor, ip, account, user_agent, error
