-- Sigma rule 85ff530b-261d-48c6-a441-facaa2e81e48: New Service Creation Using Sc.EXE (level low).
-- Author: Timur Zinniatullin, Daniil Yugoslavskiy, oscd.community. SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/windows/process_creation/proc_creation_win_sc_create_service.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', time_created) AS VARCHAR) AS alert_time,
       computer || ':' || CAST(event_record_id AS VARCHAR) AS event_key
FROM windows_security
WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}'
  AND (COALESCE(event_id = 4688, FALSE) AND COALESCE({{regexp_like(new_process_name, {{lit((?i)\\sc\.exe$)}})}}, FALSE) AND COALESCE({{regexp_like(command_line, {{lit((?i)create)}})}}, FALSE) AND COALESCE({{regexp_like(command_line, {{lit((?i)binPath)}})}}, FALSE) AND NOT ((COALESCE({{regexp_like(parent_process_name, {{lit((?i)^C:\\Program Files \(x86\)\\Dropbox\\Client\\)}})}}, FALSE) OR COALESCE({{regexp_like(parent_process_name, {{lit((?i)^C:\\Program Files\\Dropbox\\Client\\)}})}}, FALSE)) AND COALESCE({{regexp_like(parent_process_name, {{lit((?i)\\Dropbox\.exe$)}})}}, FALSE)))
ORDER BY alert_time, event_key
