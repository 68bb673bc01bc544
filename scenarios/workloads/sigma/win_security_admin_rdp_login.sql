-- Sigma rule 0f63e1ef-1eb9-4226-9d54-8927ca08520a: Admin User Remote Logon (level low).
-- Author: juju4. SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/windows/builtin/security/account_management/win_security_admin_rdp_login.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', time_created) AS VARCHAR) AS alert_time,
       computer || ':' || CAST(event_record_id AS VARCHAR) AS event_key
FROM windows_security
WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}'
  AND (COALESCE(event_id = 4624, FALSE) AND COALESCE(logon_type = 10, FALSE) AND COALESCE(LOWER(authentication_package_name) = {{lit(negotiate)}}, FALSE) AND COALESCE({{regexp_like(target_user_name, {{lit((?i)^Admin)}})}}, FALSE))
ORDER BY alert_time, event_key
