-- Sigma rule 8eef149c-bd26-49f2-9e5a-9b00e3af499b: Pass the Hash Activity 2 (level medium).
-- Author: Dave Kennedy, Jeff Warren (method) / David Vassallo (rule). SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/windows/builtin/security/account_management/win_security_pass_the_hash_2.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', time_created) AS VARCHAR) AS alert_time,
       computer || ':' || CAST(event_record_id AS VARCHAR) AS event_key
FROM windows_security
WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}'
  AND ((COALESCE(event_id = 4624, FALSE) AND COALESCE(LOWER(subject_user_sid) = {{lit(s-1-0-0)}}, FALSE) AND COALESCE(logon_type = 3, FALSE) AND COALESCE(LOWER(logon_process_name) = {{lit(ntlmssp)}}, FALSE) AND COALESCE(LOWER(event_data['KeyLength']) = {{lit(0)}}, FALSE) OR COALESCE(event_id = 4624, FALSE) AND COALESCE(logon_type = 9, FALSE) AND COALESCE(LOWER(logon_process_name) = {{lit(seclogo)}}, FALSE)) AND NOT COALESCE(LOWER(target_user_name) = {{lit(anonymous logon)}}, FALSE))
ORDER BY alert_time, event_key
