-- T1110.001 brute force then success: >= 10 failed logons (4625) for one account from one
-- source IP within 10 minutes, followed by a successful logon (4624) of that account from that IP.
-- Returns the failures, the DC credential validations (4776) from the same client workstation
-- name, the success, its special-privileges event (4672) and its logoff (4634).
WITH win AS (
  SELECT * FROM windows_security
  WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}'
),
fail AS (
  SELECT time_created AS t, computer, target_user_name AS account, ip_address AS ip, workstation_name AS ws, event_record_id
  FROM win
  WHERE event_id = 4625 AND ip_address IS NOT NULL AND ip_address <> '-' AND ip_address <> ''
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
  SELECT s.time_created AS t, s.computer, s.target_user_name AS account, s.ip_address AS ip,
         s.target_logon_id, s.event_record_id, b.first_t
  FROM win s
  JOIN burst b ON s.target_user_name = b.account AND s.ip_address = b.ip
  WHERE s.event_id = 4624 AND s.time_created > b.first_t AND s.time_created < b.last_t + INTERVAL '20' MINUTE
),
fail_ws AS (
  SELECT DISTINCT account, ip, ws FROM fail
),
hits AS (
  SELECT f.t, f.event_record_id, 4625 AS event_id, f.computer, f.account, f.ip, f.ws AS detail
  FROM fail f JOIN success s ON f.account = s.account AND f.ip = s.ip AND f.t >= s.first_t AND f.t < s.t
  UNION
  SELECT s.t, s.event_record_id, 4624, s.computer, s.account, s.ip, s.target_logon_id
  FROM success s
  UNION
  SELECT d.time_created, d.event_record_id, d.event_id, d.computer, s.account, s.ip, d.workstation_name
  FROM win d
  JOIN success s ON d.target_user_name = s.account
  JOIN fail_ws w ON w.account = s.account AND w.ip = s.ip AND w.ws = d.workstation_name
  WHERE d.event_id = 4776 AND d.time_created >= s.first_t - INTERVAL '1' MINUTE AND d.time_created <= s.t
  UNION
  SELECT e.time_created, e.event_record_id, e.event_id, e.computer, s.account, s.ip, e.subject_logon_id
  FROM win e
  JOIN success s ON e.computer = s.computer AND e.subject_logon_id = s.target_logon_id
  WHERE e.event_id = 4672 AND e.time_created >= s.t AND e.time_created < s.t + INTERVAL '1' MINUTE
  UNION
  SELECT e.time_created, e.event_record_id, e.event_id, e.computer, s.account, s.ip, e.target_logon_id
  FROM win e
  JOIN success s ON e.computer = s.computer AND e.target_logon_id = s.target_logon_id
  WHERE e.event_id = 4634 AND e.time_created >= s.t
)
SELECT CAST(date_trunc('second', t) AS VARCHAR) AS event_time,
       computer || ':' || CAST(event_record_id AS VARCHAR) AS event_key,
       event_id, computer, account, ip, detail
FROM hits
ORDER BY event_time, event_key, event_id, computer, account, ip, detail
