-- Sigma rule c4e92a97-a9ff-4392-9d2d-7a4c642768ca: Service Installed By Unusual Client - Security (level high).
-- Author: Tim Rauch (Nextron Systems), Elastic (idea). SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/windows/builtin/security/win_security_service_installation_by_unusal_client.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', time_created) AS VARCHAR) AS alert_time,
       computer || ':' || CAST(event_record_id AS VARCHAR) AS event_key
FROM windows_security
WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}'
  AND (COALESCE(event_id = 4697, FALSE) AND (COALESCE(LOWER(event_data['ClientProcessId']) = {{lit(0)}}, FALSE) OR COALESCE(LOWER(event_data['ParentProcessId']) = {{lit(0)}}, FALSE)))
ORDER BY alert_time, event_key
