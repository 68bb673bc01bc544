-- Sigma rule 941e5c45-cda7-4864-8cea-bbb7458d194a: Suspicious Remote Logon with Explicit Credentials (level medium).
-- Author: oscd.community, Teymur Kheirkhabarov @HeirhabarovT, Zach Stanford @svch0st, Tim Shelton. SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/windows/builtin/security/win_security_susp_logon_explicit_credentials.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', time_created) AS VARCHAR) AS alert_time,
       computer || ':' || CAST(event_record_id AS VARCHAR) AS event_key
FROM windows_security
WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}'
  AND (COALESCE(event_id = 4648, FALSE) AND (COALESCE({{regexp_like(process_name, {{lit((?i)\\cmd\.exe$)}})}}, FALSE) OR COALESCE({{regexp_like(process_name, {{lit((?i)\\powershell\.exe$)}})}}, FALSE) OR COALESCE({{regexp_like(process_name, {{lit((?i)\\pwsh\.exe$)}})}}, FALSE) OR COALESCE({{regexp_like(process_name, {{lit((?i)\\winrs\.exe$)}})}}, FALSE) OR COALESCE({{regexp_like(process_name, {{lit((?i)\\wmic\.exe$)}})}}, FALSE) OR COALESCE({{regexp_like(process_name, {{lit((?i)\\net\.exe$)}})}}, FALSE) OR COALESCE({{regexp_like(process_name, {{lit((?i)\\net1\.exe$)}})}}, FALSE) OR COALESCE({{regexp_like(process_name, {{lit((?i)\\reg\.exe$)}})}}, FALSE)) AND NOT (COALESCE(LOWER(event_data['TargetServerName']) = {{lit(localhost)}}, FALSE) OR COALESCE({{regexp_like(subject_user_name, {{lit((?i)\$$)}})}}, FALSE) AND COALESCE({{regexp_like(target_user_name, {{lit((?i)\$$)}})}}, FALSE)))
ORDER BY alert_time, event_key
