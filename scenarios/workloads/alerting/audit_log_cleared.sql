-- T1070.001 Security log cleared: every 1102, with the processes the same logon session started
-- on that host in the 5 minutes before (e.g. wevtutil cl Security) and their exits (4689).
WITH win AS (
  SELECT * FROM windows_security
  WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}'
),
cleared AS (
  SELECT time_created AS t, event_record_id, computer, subject_user_name, subject_domain_name, subject_logon_id
  FROM win WHERE event_id = 1102
),
procs AS (
  SELECT p.time_created AS t, p.event_record_id, p.computer, p.subject_user_name, p.new_process_id, p.new_process_name, p.command_line
  FROM win p JOIN cleared c ON p.computer = c.computer AND p.subject_logon_id = c.subject_logon_id
  WHERE p.event_id = 4688 AND p.time_created >= c.t - INTERVAL '5' MINUTE AND p.time_created <= c.t
),
hits AS (
  SELECT t, event_record_id, 1102 AS event_id, computer, subject_user_name AS account, subject_domain_name AS detail FROM cleared
  UNION
  SELECT t, event_record_id, 4688, computer, subject_user_name, command_line FROM procs
  UNION
  SELECT x.time_created, x.event_record_id, x.event_id, x.computer, x.subject_user_name, x.process_name
  FROM win x JOIN procs p ON x.computer = p.computer AND x.process_id = p.new_process_id AND x.process_name = p.new_process_name
  WHERE x.event_id = 4689 AND x.time_created >= p.t AND x.time_created < p.t + INTERVAL '1' HOUR
)
SELECT CAST(date_trunc('second', t) AS VARCHAR) AS event_time,
       computer || ':' || CAST(event_record_id AS VARCHAR) AS event_key,
       event_id, computer, account, detail
FROM hits
ORDER BY event_time, event_key, event_id, computer, account, detail
