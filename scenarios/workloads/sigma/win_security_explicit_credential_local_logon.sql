-- Sigma rule e3c6d245-7b8f-4e2a-c17f-a9d0e5b38f62: Potentially Suspicious Explicit Credential Local Logon (level medium).
-- Author: Swachchhanda Shrawan Poudel (Nextron Systems). SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/windows/builtin/security/win_security_explicit_credential_local_logon.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', time_created) AS VARCHAR) AS alert_time,
       computer || ':' || CAST(event_record_id AS VARCHAR) AS event_key
FROM windows_security
WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}'
  AND (COALESCE(event_id = 4648, FALSE) AND (COALESCE(LOWER(event_data['TargetServerName']) = {{lit(localhost)}}, FALSE) OR COALESCE(LOWER(event_data['TargetInfo']) = {{lit(localhost)}}, FALSE) OR COALESCE(LOWER(ip_address) = {{lit(127.0.0.1)}}, FALSE) OR COALESCE(LOWER(ip_address) = {{lit(::1)}}, FALSE)) AND NOT (COALESCE({{regexp_like(subject_user_name, {{lit((?i)\$$)}})}}, FALSE) OR COALESCE({{regexp_like(process_name, {{lit((?i)^C:\\Windows\\System32\\)}})}}, FALSE) OR COALESCE({{regexp_like(process_name, {{lit((?i)^C:\\Windows\\SysWOW64\\)}})}}, FALSE) OR COALESCE({{regexp_like(process_name, {{lit((?i)^C:\\Windows\\WinSxS\\)}})}}, FALSE) OR COALESCE({{regexp_like(process_name, {{lit((?i)^C:\\Program Files\\)}})}}, FALSE) OR COALESCE({{regexp_like(process_name, {{lit((?i)^C:\\Program Files \(x86\)\\)}})}}, FALSE) OR COALESCE(LOWER(subject_user_name) = LOWER(target_user_name), FALSE)))
ORDER BY alert_time, event_key
