-- Sigma rule cd219ff3-fa99-45d4-8380-a7d15116c6dc: New User Created Via Net.EXE (level medium).
-- Author: Endgame, JHasenbusch (adapted to Sigma for oscd.community). SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/windows/process_creation/proc_creation_win_net_user_add.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', time_created) AS VARCHAR) AS alert_time,
       computer || ':' || CAST(event_record_id AS VARCHAR) AS event_key
FROM windows_security
WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}'
  AND (COALESCE(event_id = 4688, FALSE) AND (COALESCE({{regexp_like(new_process_name, {{lit((?i)\\net\.exe$)}})}}, FALSE) OR COALESCE({{regexp_like(new_process_name, {{lit((?i)\\net1\.exe$)}})}}, FALSE) OR FALSE OR FALSE) AND COALESCE({{regexp_like(command_line, {{lit((?i)user)}})}}, FALSE) AND COALESCE({{regexp_like(command_line, {{lit((?i)add)}})}}, FALSE))
ORDER BY alert_time, event_key
