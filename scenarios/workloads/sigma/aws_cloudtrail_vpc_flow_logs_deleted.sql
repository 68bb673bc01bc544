-- Sigma rule e386b9b5-af12-450e-afff-761730fb8a98: AWS VPC Flow Logs Deleted (level high).
-- Author: Ivan Saakov. SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/cloud/aws/cloudtrail/aws_cloudtrail_vpc_flow_logs_deleted.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', event_time) AS VARCHAR) AS alert_time,
       event_id AS event_key
FROM cloudtrail
WHERE event_time >= TIMESTAMP '{{from}}' AND event_time < TIMESTAMP '{{to}}'
  AND (COALESCE(LOWER(event_name) = {{lit(deleteflowlogs)}}, FALSE) AND (COALESCE(LOWER(error_code) = {{lit(success)}}, FALSE) OR error_code IS NULL))
ORDER BY alert_time, event_key
