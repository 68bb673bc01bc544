-- Sigma rule 496a0e47-0a33-4dca-b009-9e6ca3591f39: Suspicious Kerberos RC4 Ticket Encryption (level medium).
-- Author: Florian Roth (Nextron Systems). SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/windows/builtin/security/win_security_susp_rc4_kerberos.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', time_created) AS VARCHAR) AS alert_time,
       computer || ':' || CAST(event_record_id AS VARCHAR) AS event_key
FROM windows_security
WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}'
  AND (COALESCE(event_id = 4769, FALSE) AND COALESCE(LOWER(ticket_options) = {{lit(0x40810000)}}, FALSE) AND COALESCE(LOWER(ticket_encryption_type) = {{lit(0x17)}}, FALSE) AND NOT COALESCE({{regexp_like(service_name, {{lit((?i)\$$)}})}}, FALSE))
ORDER BY alert_time, event_key
