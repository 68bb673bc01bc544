-- Sigma rule 8ad1600d-e9dc-4251-b0ee-a65268f29add: AWS Root Credentials (level medium).
-- Author: vitaliy0x1. SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/cloud/aws/cloudtrail/aws_root_account_usage.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', event_time) AS VARCHAR) AS alert_time,
       event_id AS event_key
FROM cloudtrail
WHERE event_time >= TIMESTAMP '{{from}}' AND event_time < TIMESTAMP '{{to}}'
  AND (COALESCE(LOWER(user_identity.{{ident(type)}}) = {{lit(root)}}, FALSE) AND NOT COALESCE(LOWER(event_type) = {{lit(awsserviceevent)}}, FALSE))
ORDER BY alert_time, event_key
