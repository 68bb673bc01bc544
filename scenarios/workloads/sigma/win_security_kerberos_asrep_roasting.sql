-- Sigma rule 3e2f1b2c-4d5e-11ee-be56-0242ac120002: Potential AS-REP Roasting via Kerberos TGT Requests (level medium).
-- Author: ANosir. SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/windows/builtin/security/win_security_kerberos_asrep_roasting.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', time_created) AS VARCHAR) AS alert_time,
       computer || ':' || CAST(event_record_id AS VARCHAR) AS event_key
FROM windows_security
WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}'
  AND (COALESCE(event_id = 4768, FALSE) AND COALESCE(LOWER(ticket_encryption_type) = {{lit(0x17)}}, FALSE) AND COALESCE(LOWER(service_name) = {{lit(krbtgt)}}, FALSE) AND COALESCE(LOWER(event_data['PreAuthType']) = {{lit(0)}}, FALSE))
ORDER BY alert_time, event_key
