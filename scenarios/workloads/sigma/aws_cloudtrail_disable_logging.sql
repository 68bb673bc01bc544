-- Sigma rule 4db60cc0-36fb-42b7-9b58-a5b53019fb74: AWS CloudTrail Important Change (level medium).
-- Author: vitaliy0x1. SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/cloud/aws/cloudtrail/aws_cloudtrail_disable_logging.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', event_time) AS VARCHAR) AS alert_time,
       event_id AS event_key
FROM cloudtrail
WHERE event_time >= TIMESTAMP '{{from}}' AND event_time < TIMESTAMP '{{to}}'
  AND (COALESCE(LOWER(event_source) = {{lit(cloudtrail.amazonaws.com)}}, FALSE) AND (COALESCE(LOWER(event_name) = {{lit(stoplogging)}}, FALSE) OR COALESCE(LOWER(event_name) = {{lit(updatetrail)}}, FALSE) OR COALESCE(LOWER(event_name) = {{lit(deletetrail)}}, FALSE)))
ORDER BY alert_time, event_key
