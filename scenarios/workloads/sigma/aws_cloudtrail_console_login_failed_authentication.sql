-- Sigma rule 6393e346-1977-46ef-8987-ad414a145fad: AWS ConsoleLogin Failed Authentication (level medium).
-- Author: Ivan Saakov, Nasreddine Bencherchali. SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/cloud/aws/cloudtrail/aws_cloudtrail_console_login_failed_authentication.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', event_time) AS VARCHAR) AS alert_time,
       event_id AS event_key
FROM cloudtrail
WHERE event_time >= TIMESTAMP '{{from}}' AND event_time < TIMESTAMP '{{to}}'
  AND (COALESCE(LOWER(event_name) = {{lit(consolelogin)}}, FALSE) AND COALESCE(LOWER(error_message) = {{lit(failed authentication)}}, FALSE))
ORDER BY alert_time, event_key
