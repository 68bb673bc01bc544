-- Sigma rule f88e112a-21aa-44bd-9b01-6ee2a2bbbed1: Failed Logon From Public IP (level medium).
-- Author: NVISO. SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/windows/builtin/security/account_management/win_security_susp_failed_logon_source.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', time_created) AS VARCHAR) AS alert_time,
       computer || ':' || CAST(event_record_id AS VARCHAR) AS event_key
FROM windows_security
WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}'
  AND (COALESCE(event_id = 4625, FALSE) AND NOT (COALESCE({{regexp_like(ip_address, {{lit((?i)-)}})}}, FALSE) OR COALESCE({{regexp_like(ip_address, {{lit(^(::1))}})}}, FALSE) OR COALESCE({{regexp_like(ip_address, {{lit(^(10\.))}})}}, FALSE) OR COALESCE({{regexp_like(ip_address, {{lit(^(127\.))}})}}, FALSE) OR COALESCE({{regexp_like(ip_address, {{lit(^(172\.16\.|172\.17\.|172\.18\.|172\.19\.|172\.20\.|172\.21\.|172\.22\.|172\.23\.|172\.24\.|172\.25\.|172\.26\.|172\.27\.|172\.28\.|172\.29\.|172\.30\.|172\.31\.))}})}}, FALSE) OR COALESCE({{regexp_like(ip_address, {{lit(^(192\.168\.))}})}}, FALSE) OR COALESCE({{regexp_like(ip_address, {{lit(^(169\.254\.))}})}}, FALSE) OR COALESCE({{regexp_like(ip_address, {{lit(^(fc|fd))}})}}, FALSE) OR COALESCE({{regexp_like(ip_address, {{lit(^(fe8|fe9|fea|feb))}})}}, FALSE)))
ORDER BY alert_time, event_key
