-- T1110.001 brute force then success, on OCSF Authentication only, whatever the source: >= 10
-- failed logons (activity Logon, status Failure) for one user.name from one src_endpoint.ip
-- within 10 minutes, followed by a successful logon of that user from that address. One rule
-- for Windows (4625/4624) and CloudTrail console sign-ins alike. Returns the failures, the
-- credential validations (NTLM, auth_protocol_id 1) naming the failures' source host, the
-- success, the session's special-privileges event (Base Event 4672 on actor.session.uid) and
-- its logoff (activity Logoff on session.uid). event_key = metadata.uid, the labels' key.
WITH auth AS (
  SELECT {{plain(a.time)}} AS t, a.metadata.uid AS uid, a.metadata.event_code AS code, a.activity_id AS activity,
         a.status_id AS status, a.{{ident(user)}}.name AS account, a.src_endpoint.ip AS ip, a.src_endpoint.hostname AS src_host,
         a.session.uid AS session_uid, a.auth_protocol_id AS protocol, a.device.hostname AS device
  FROM authentication a
  WHERE a.time >= TIMESTAMP '{{from}}' AND a.time < TIMESTAMP '{{to}}'
),
fail AS (
  SELECT * FROM auth WHERE activity = 1 AND status = 2 AND ip IS NOT NULL
),
run_start AS (
  SELECT a.account, a.ip, a.t
  FROM fail a
  JOIN fail b ON b.account = a.account AND b.ip = a.ip AND b.t >= a.t AND b.t < a.t + INTERVAL '10' MINUTE
  GROUP BY a.account, a.ip, a.t
  HAVING count(*) >= 10
),
burst AS (
  SELECT account, ip, min(t) AS first_t, max(t) AS last_t FROM run_start GROUP BY account, ip
),
success AS (
  SELECT s.t, s.uid, s.code, s.device, s.account, s.ip, s.session_uid, b.first_t
  FROM auth s JOIN burst b ON s.account = b.account AND s.ip = b.ip
  WHERE s.activity = 1 AND s.status = 1 AND s.t > b.first_t AND s.t < b.last_t + INTERVAL '20' MINUTE
),
fail_src AS (
  SELECT DISTINCT account, ip, src_host FROM fail WHERE src_host IS NOT NULL
),
priv AS (
  SELECT {{plain(p.time)}} AS t, p.metadata.uid AS uid, p.metadata.event_code AS code, p.device.hostname AS device,
         p.actor.session.uid AS session_uid
  FROM base_event p
  WHERE p.time >= TIMESTAMP '{{from}}' AND p.time < TIMESTAMP '{{to}}' AND p.metadata.event_code = '4672'
),
hits AS (
  SELECT f.t, f.uid, f.code, f.device, f.account, f.ip, f.src_host AS detail
  FROM fail f JOIN success s ON f.account = s.account AND f.ip = s.ip AND f.t >= s.first_t AND f.t < s.t
  UNION
  SELECT s.t, s.uid, s.code, s.device, s.account, s.ip, s.session_uid FROM success s
  UNION
  SELECT v.t, v.uid, v.code, v.device, s.account, s.ip, v.src_host
  FROM auth v
  JOIN success s ON v.account = s.account
  JOIN fail_src w ON w.account = s.account AND w.ip = s.ip AND w.src_host = v.src_host
  WHERE v.protocol = 1 AND v.ip IS NULL AND v.t >= s.first_t - INTERVAL '1' MINUTE AND v.t <= s.t
  UNION
  SELECT p.t, p.uid, p.code, p.device, s.account, s.ip, p.session_uid
  FROM priv p JOIN success s ON p.device = s.device AND p.session_uid = s.session_uid
  WHERE p.t >= s.t AND p.t < s.t + INTERVAL '1' MINUTE
  UNION
  SELECT o.t, o.uid, o.code, o.device, s.account, s.ip, o.session_uid
  FROM auth o JOIN success s ON o.device = s.device AND o.session_uid = s.session_uid
  WHERE o.activity = 2 AND o.t >= s.t
)
SELECT CAST(date_trunc('second', t) AS VARCHAR) AS event_time, uid AS event_key,
       code, device, account, ip, COALESCE(detail, '') AS detail
FROM hits
ORDER BY event_time, event_key, code, device, account, ip, detail
