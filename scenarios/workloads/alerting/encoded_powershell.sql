-- T1059.001 encoded PowerShell: process creations (4688) of PowerShell with -enc /
-- -EncodedCommand, the process exit (4689) and the outbound connections PowerShell made from that
-- host to a non-private address in the next 5 minutes (5156, Windows Filtering Platform).
WITH win AS (
  SELECT * FROM windows_security
  WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}'
),
ps AS (
  SELECT time_created AS t, event_record_id, computer, subject_user_name, new_process_id, new_process_name,
         parent_process_name, command_line
  FROM win
  WHERE event_id = 4688
    AND (lower(new_process_name) LIKE '%powershell.exe' OR lower(new_process_name) LIKE '%pwsh.exe')
    AND (lower(command_line) LIKE '% -e %' OR lower(command_line) LIKE '% -en %' OR lower(command_line) LIKE '% -enc %'
         OR lower(command_line) LIKE '% -ec %' OR lower(command_line) LIKE '% -encodedcommand %')
),
hits AS (
  SELECT t, event_record_id, 4688 AS event_id, computer, subject_user_name AS account, parent_process_name AS detail, command_line FROM ps
  UNION
  SELECT x.time_created, x.event_record_id, x.event_id, x.computer, x.subject_user_name, x.process_name, p.command_line
  FROM win x JOIN ps p ON x.computer = p.computer AND x.process_id = p.new_process_id AND x.process_name = p.new_process_name
  WHERE x.event_id = 4689 AND x.time_created >= p.t AND x.time_created < p.t + INTERVAL '1' HOUR
  UNION
  SELECT n.time_created, n.event_record_id, n.event_id, n.computer, p.subject_user_name,
         n.dest_address || ':' || CAST(n.dest_port AS VARCHAR), p.command_line
  FROM win n JOIN ps p ON n.computer = p.computer
  WHERE n.event_id = 5156 AND lower(n.application) LIKE '%powershell.exe'
    AND n.time_created >= p.t AND n.time_created < p.t + INTERVAL '5' MINUTE
    AND n.dest_address NOT LIKE '10.%' AND n.dest_address NOT LIKE '192.168.%' AND n.dest_address NOT LIKE '127.%'
    AND n.dest_address NOT LIKE '172.1_.%' AND n.dest_address NOT LIKE '172.2_.%' AND n.dest_address NOT LIKE '172.3_.%'
    AND n.dest_address NOT LIKE '%:%'
)
SELECT CAST(date_trunc('second', t) AS VARCHAR) AS event_time,
       computer || ':' || CAST(event_record_id AS VARCHAR) AS event_key,
       event_id, computer, account, detail, command_line
FROM hits
ORDER BY event_time, event_key, event_id, computer, account, detail, command_line
