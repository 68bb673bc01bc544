-- T1110.001 brute force then a privilege switch, on OCSF Authentication only, whatever the
-- source: >= 20 failed logons (activity Logon, status Failure) for one user.name from one
-- src_endpoint.ip on one dst_endpoint.hostname within 1 minute, a successful logon of that user
-- from that address within 20 minutes, then an Account Switch (activity 7: sudo, su, runas) by
-- that user (actor.user.name) on that host within an hour. Written for the Linux auth source
-- defined as data (its mapping: scenarios/sources/linux_auth.ocsf.toml); nothing in it names
-- the source. Returns the failures, the success and the switch; event_key = metadata.uid.
WITH auth AS (
  SELECT {{plain(a.time)}} AS t, a.metadata.uid AS uid, a.activity_id AS activity, a.status_id AS status,
         a.{{ident(user)}}.name AS account, a.actor.{{ident(user)}}.name AS actor_name,
         a.src_endpoint.ip AS ip, a.dst_endpoint.hostname AS host, a.device.hostname AS device
  FROM authentication a
  WHERE a.time >= TIMESTAMP '{{from}}' AND a.time < TIMESTAMP '{{to}}'
),
fail AS (
  SELECT * FROM auth WHERE activity = 1 AND status = 2 AND ip IS NOT NULL AND host IS NOT NULL
),
run_start AS (
  SELECT a.account, a.ip, a.host, a.t
  FROM fail a
  JOIN fail b ON b.account = a.account AND b.ip = a.ip AND b.host = a.host
             AND b.t >= a.t AND b.t < a.t + INTERVAL '1' MINUTE
  GROUP BY a.account, a.ip, a.host, a.t
  HAVING count(*) >= 20
),
burst AS (
  SELECT account, ip, host, min(t) AS first_t, max(t) AS last_t FROM run_start GROUP BY account, ip, host
),
success AS (
  SELECT s.t, s.uid, s.account, s.ip, s.host, b.first_t
  FROM auth s JOIN burst b ON s.account = b.account AND s.ip = b.ip AND s.host = b.host
  WHERE s.activity = 1 AND s.status = 1 AND s.t > b.first_t AND s.t < b.last_t + INTERVAL '20' MINUTE
),
hits AS (
  SELECT f.t, f.uid, f.host, f.account, f.ip, 'failed logon' AS detail
  FROM fail f JOIN success s ON f.account = s.account AND f.ip = s.ip AND f.host = s.host
                            AND f.t >= s.first_t AND f.t < s.t
  UNION
  SELECT s.t, s.uid, s.host, s.account, s.ip, 'logon' FROM success s
  UNION
  SELECT w.t, w.uid, w.device, s.account, s.ip, 'account switch'
  FROM auth w JOIN success s ON w.actor_name = s.account AND w.device = s.host
  WHERE w.activity = 7 AND w.status = 1 AND w.t > s.t AND w.t < s.t + INTERVAL '60' MINUTE
)
SELECT CAST(date_trunc('second', t) AS VARCHAR) AS event_time,
       uid AS event_key, host, account, ip, detail
FROM hits
ORDER BY event_time, event_key, host, account, ip, detail
