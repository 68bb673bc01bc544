-- T1110.001 SSH brute force then sudo (linux_auth, a source defined as data): >= 20 failed SSH
-- logins for one user from one address on one host within 1 minute (Elastic's "potential
-- successful SSH brute force" asks 25 within 15 s), then an accepted login of that user from
-- that address within 20 minutes, then a sudo by that user on that host within an hour.
-- Returns the failures, the accepted login and the sudo command.
WITH la AS (
  SELECT * FROM linux_auth
  WHERE time >= TIMESTAMP '{{from}}' AND time < TIMESTAMP '{{to}}'
),
fail AS (
  SELECT time AS t, host, user AS account, src_ip AS ip, event_id
  FROM la
  WHERE program = 'sshd' AND action = 'ssh_login' AND outcome = 'failure'
),
run_start AS (
  SELECT a.host, a.account, a.ip, a.t
  FROM fail a
  JOIN fail b ON b.host = a.host AND b.account = a.account AND b.ip = a.ip
             AND b.t >= a.t AND b.t < a.t + INTERVAL '1' MINUTE
  GROUP BY a.host, a.account, a.ip, a.t
  HAVING count(*) >= 20
),
burst AS (
  SELECT host, account, ip, min(t) AS first_t, max(t) AS last_t FROM run_start GROUP BY host, account, ip
),
success AS (
  SELECT s.time AS t, s.host, s.user AS account, s.src_ip AS ip, s.event_id, b.first_t
  FROM la s
  JOIN burst b ON s.host = b.host AND s.user = b.account AND s.src_ip = b.ip
  WHERE s.program = 'sshd' AND s.action = 'ssh_login' AND s.outcome = 'success'
    AND s.time > b.first_t AND s.time < b.last_t + INTERVAL '20' MINUTE
),
hits AS (
  SELECT f.t, f.event_id, f.host, f.account, f.ip, 'failed password' AS detail
  FROM fail f JOIN success s ON f.host = s.host AND f.account = s.account AND f.ip = s.ip
                            AND f.t >= s.first_t AND f.t < s.t
  UNION
  SELECT s.t, s.event_id, s.host, s.account, s.ip, 'accepted' FROM success s
  UNION
  SELECT d.time, d.event_id, d.host, s.account, s.ip, d.command
  FROM la d JOIN success s ON d.host = s.host AND d.user = s.account
  WHERE d.program = 'sudo' AND d.action = 'sudo' AND d.outcome = 'success'
    AND d.time > s.t AND d.time < s.t + INTERVAL '60' MINUTE
)
SELECT CAST(date_trunc('second', t) AS VARCHAR) AS event_time,
       event_id AS event_key, host, account, ip, detail
FROM hits
ORDER BY event_time, event_key, host, account, ip, detail
