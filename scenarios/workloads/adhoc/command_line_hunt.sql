-- LIKE hunt over process command lines: download cradles, encoded PowerShell, account and group
-- manipulation, log clearing, shadow-copy deletion, discovery one-liners.
SELECT CAST(date_trunc('second', time_created) AS VARCHAR) AS event_time, computer, subject_user_name,
       new_process_name, command_line
FROM windows_security
WHERE event_id = 4688
  AND (lower(command_line) LIKE '%downloadstring%' OR lower(command_line) LIKE '%http://%' OR lower(command_line) LIKE '%https://%'
       OR lower(command_line) LIKE '% -enc%' OR lower(command_line) LIKE '% -e %' OR lower(command_line) LIKE '%encodedcommand%'
       OR lower(command_line) LIKE '%user%/add%' OR lower(command_line) LIKE '%localgroup%administrators%'
       OR lower(command_line) LIKE '%wevtutil%cl%' OR lower(command_line) LIKE '%vssadmin%delete%'
       OR lower(command_line) LIKE '%whoami%' OR lower(command_line) LIKE '%nltest%')
ORDER BY event_time, computer, subject_user_name, new_process_name, command_line
