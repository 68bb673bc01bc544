-- Sigma rule c248c896-e412-4279-8c15-1c558067b6fa: Enumerate All Information With Whoami.EXE (level medium).
-- Author: Florian Roth (Nextron Systems), Nasreddine Bencherchali (Nextron Systems). SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/windows/process_creation/proc_creation_win_whoami_all_execution.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', time_created) AS VARCHAR) AS alert_time,
       computer || ':' || CAST(event_record_id AS VARCHAR) AS event_key
FROM windows_security
WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}'
  AND (COALESCE(event_id = 4688, FALSE) AND (COALESCE({{regexp_like(new_process_name, {{lit((?i)\\whoami\.exe$)}})}}, FALSE) OR FALSE) AND (COALESCE({{regexp_like(command_line, {{lit((?i) -all)}})}}, FALSE) OR COALESCE({{regexp_like(command_line, {{lit((?i) /all)}})}}, FALSE) OR COALESCE({{regexp_like(command_line, {{lit((?i) –all)}})}}, FALSE) OR COALESCE({{regexp_like(command_line, {{lit((?i) —all)}})}}, FALSE) OR COALESCE({{regexp_like(command_line, {{lit((?i) ―all)}})}}, FALSE)))
ORDER BY alert_time, event_key
