-- Sigma rule d99b79d2-0a6f-4f46-ad8b-260b6e17f982: Security Eventlog Cleared (level high).
-- Author: Florian Roth (Nextron Systems). SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/windows/builtin/security/win_security_audit_log_cleared.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', time_created) AS VARCHAR) AS alert_time,
       computer || ':' || CAST(event_record_id AS VARCHAR) AS event_key
FROM windows_security
WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}'
  AND (COALESCE(event_id = 517, FALSE) AND COALESCE(LOWER(provider) = {{lit(security)}}, FALSE) OR COALESCE(event_id = 1102, FALSE) AND COALESCE(LOWER(provider) = {{lit(microsoft-windows-eventlog)}}, FALSE))
ORDER BY alert_time, event_key
