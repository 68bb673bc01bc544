-- Needle in a haystack: one Windows event by its computer and record id (record ids count per host).
SELECT CAST(date_trunc('second', time_created) AS VARCHAR) AS event_time, event_record_id, event_id, computer,
       COALESCE(subject_user_name, '') AS subject_user_name, COALESCE(target_user_name, '') AS target_user_name,
       COALESCE(ip_address, '') AS ip_address, COALESCE(new_process_name, '') AS new_process_name,
       COALESCE(command_line, '') AS command_line
FROM windows_security
WHERE event_record_id = {{needle_record_id}} AND computer = '{{needle_computer}}'
ORDER BY event_time, event_record_id, event_id, computer, subject_user_name, target_user_name, ip_address, new_process_name, command_line
