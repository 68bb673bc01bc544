-- T1543.003 suspicious service install: 4697 whose image path runs from a temp / admin-share /
-- PerfLogs / user-writable location or through cmd / PowerShell (the Sigma ImagePath list), with
-- the installing logon session on that host: its logon (4624), special privileges (4672) and
-- logoff (4634). (No backslashes in patterns: LIKE escapes differ across engines.)
WITH win AS (
  SELECT * FROM windows_security
  WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}'
),
svc AS (
  SELECT time_created AS t, event_record_id, computer, subject_user_name, subject_logon_id, service_name, service_file_name
  FROM win
  WHERE event_id = 4697
    AND (lower(service_file_name) LIKE '%temp%' OR lower(service_file_name) LIKE '%admin$%'
         OR lower(service_file_name) LIKE '%perflogs%' OR lower(service_file_name) LIKE '%users%public%'
         OR lower(service_file_name) LIKE '%appdata%' OR lower(service_file_name) LIKE '%programdata%'
         OR lower(service_file_name) LIKE '%comspec%' OR lower(service_file_name) LIKE '%cmd.exe%'
         OR lower(service_file_name) LIKE '%cmd /c%' OR lower(service_file_name) LIKE '%powershell%'
         OR lower(service_file_name) LIKE '%127.0.0.1%' OR lower(service_name) = 'psexesvc')
),
hits AS (
  SELECT t, event_record_id, 4697 AS event_id, computer, subject_user_name AS account, service_name, service_file_name AS detail FROM svc
  UNION
  SELECT e.time_created, e.event_record_id, e.event_id, e.computer, s.subject_user_name, s.service_name,
         COALESCE(e.ip_address, e.subject_logon_id)
  FROM win e JOIN svc s ON e.computer = s.computer AND e.target_logon_id = s.subject_logon_id
  WHERE e.event_id IN (4624, 4634) AND e.time_created >= s.t - INTERVAL '1' HOUR AND e.time_created < s.t + INTERVAL '1' HOUR
  UNION
  SELECT e.time_created, e.event_record_id, e.event_id, e.computer, s.subject_user_name, s.service_name, e.subject_logon_id
  FROM win e JOIN svc s ON e.computer = s.computer AND e.subject_logon_id = s.subject_logon_id
  WHERE e.event_id = 4672 AND e.time_created >= s.t - INTERVAL '1' HOUR AND e.time_created <= s.t
)
SELECT CAST(date_trunc('second', t) AS VARCHAR) AS event_time,
       computer || ':' || CAST(event_record_id AS VARCHAR) AS event_key,
       event_id, computer, account, service_name, detail
FROM hits
ORDER BY event_time, event_key, event_id, computer, account, service_name, detail
