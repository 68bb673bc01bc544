-- Sigma rule c265cf08-3f99-46c1-8d59-328247057d57: User Added to Local Administrator Group (level medium).
-- Author: Florian Roth (Nextron Systems). SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/windows/builtin/security/win_security_user_added_to_local_administrators.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', time_created) AS VARCHAR) AS alert_time,
       computer || ':' || CAST(event_record_id AS VARCHAR) AS event_key
FROM windows_security
WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}'
  AND (COALESCE(event_id = 4732, FALSE) AND (COALESCE({{regexp_like(target_user_name, {{lit((?i)^Administr)}})}}, FALSE) OR COALESCE(LOWER(target_sid) = {{lit(s-1-5-32-544)}}, FALSE)) AND NOT COALESCE({{regexp_like(subject_user_name, {{lit((?i)\$$)}})}}, FALSE))
ORDER BY alert_time, event_key
