-- Sigma rule d04ae2b8-ad54-4de0-bd87-4bc1da66aa59: Kerberoasting Activity - Initial Query (level medium).
-- Author: @kostastsale. SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/windows/builtin/security/win_security_kerberoasting_activity.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', time_created) AS VARCHAR) AS alert_time,
       computer || ':' || CAST(event_record_id AS VARCHAR) AS event_key
FROM windows_security
WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}'
  AND (COALESCE(event_id = 4769, FALSE) AND COALESCE(LOWER(status) = {{lit(0x0)}}, FALSE) AND COALESCE(LOWER(ticket_encryption_type) = {{lit(0x17)}}, FALSE) AND NOT (COALESCE({{regexp_like(service_name, {{lit((?i)krbtgt$)}})}}, FALSE) OR COALESCE({{regexp_like(service_name, {{lit((?i)\$$)}})}}, FALSE) OR COALESCE({{regexp_like(target_user_name, {{lit((?i)\$@)}})}}, FALSE)))
ORDER BY alert_time, event_key
