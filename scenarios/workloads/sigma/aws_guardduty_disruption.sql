-- Sigma rule 6e61ee20-ce00-4f8d-8aee-bedd8216f7e3: AWS GuardDuty Important Change (level high).
-- Author: faloker. SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/cloud/aws/cloudtrail/aws_guardduty_disruption.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', event_time) AS VARCHAR) AS alert_time,
       event_id AS event_key
FROM cloudtrail
WHERE event_time >= TIMESTAMP '{{from}}' AND event_time < TIMESTAMP '{{to}}'
  AND (COALESCE(LOWER(event_source) = {{lit(guardduty.amazonaws.com)}}, FALSE) AND COALESCE(LOWER(event_name) = {{lit(createipset)}}, FALSE))
ORDER BY alert_time, event_key
