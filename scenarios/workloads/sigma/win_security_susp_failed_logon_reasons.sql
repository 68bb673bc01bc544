-- Sigma rule 9eb99343-d336-4020-a3cd-67f3819e68ee: Account Tampering - Suspicious Failed Logon Reasons (level medium).
-- Author: Florian Roth (Nextron Systems). SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/windows/builtin/security/win_security_susp_failed_logon_reasons.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', time_created) AS VARCHAR) AS alert_time,
       computer || ':' || CAST(event_record_id AS VARCHAR) AS event_key
FROM windows_security
WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}'
  AND ((COALESCE(event_id = 4625, FALSE) OR COALESCE(event_id = 4776, FALSE)) AND (COALESCE(LOWER(status) = {{lit(0xc0000072)}}, FALSE) OR COALESCE(LOWER(status) = {{lit(0xc000006f)}}, FALSE) OR COALESCE(LOWER(status) = {{lit(0xc0000070)}}, FALSE) OR COALESCE(LOWER(status) = {{lit(0xc0000413)}}, FALSE) OR COALESCE(LOWER(status) = {{lit(0xc000018c)}}, FALSE) OR COALESCE(LOWER(status) = {{lit(0xc000015b)}}, FALSE) OR COALESCE(LOWER(sub_status) = {{lit(0xc0000072)}}, FALSE) OR COALESCE(LOWER(sub_status) = {{lit(0xc000006f)}}, FALSE) OR COALESCE(LOWER(sub_status) = {{lit(0xc0000070)}}, FALSE) OR COALESCE(LOWER(sub_status) = {{lit(0xc0000413)}}, FALSE) OR COALESCE(LOWER(sub_status) = {{lit(0xc000018c)}}, FALSE) OR COALESCE(LOWER(sub_status) = {{lit(0xc000015b)}}, FALSE)) AND NOT COALESCE(LOWER(subject_user_sid) = {{lit(s-1-0-0)}}, FALSE))
ORDER BY alert_time, event_key
