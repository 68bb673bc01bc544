-- Sigma rule 77caf516-34e5-4df9-b4db-20744fea0a60: AWS Successful Console Login Without MFA (level medium).
-- Author: Thuya@Hacktilizer, Ivan Saakov. SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/cloud/aws/cloudtrail/aws_cloudtrail_console_login_success_without_mfa.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', event_time) AS VARCHAR) AS alert_time,
       event_id AS event_key
FROM cloudtrail
WHERE event_time >= TIMESTAMP '{{from}}' AND event_time < TIMESTAMP '{{to}}'
  AND (COALESCE(LOWER(event_name) = {{lit(consolelogin)}}, FALSE) AND COALESCE(LOWER({{json_str(additional_event_data, MFAUsed)}}) = {{lit(no)}}, FALSE) AND COALESCE(LOWER({{json_str(response_elements, ConsoleLogin)}}) = {{lit(success)}}, FALSE))
ORDER BY alert_time, event_key
