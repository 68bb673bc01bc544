-- Sigma rule 0a5177f4-6ca9-44c2-aacf-d3f3d8b6e4d2: AWS IAM Backdoor Users Keys (level medium).
-- Author: faloker. SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/cloud/aws/cloudtrail/aws_iam_backdoor_users_keys.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', event_time) AS VARCHAR) AS alert_time,
       event_id AS event_key
FROM cloudtrail
WHERE event_time >= TIMESTAMP '{{from}}' AND event_time < TIMESTAMP '{{to}}'
  AND (COALESCE(LOWER(event_source) = {{lit(iam.amazonaws.com)}}, FALSE) AND COALESCE(LOWER(event_name) = {{lit(createaccesskey)}}, FALSE) AND NOT COALESCE({{regexp_like(user_identity.arn, {{lit((?i)responseElements\.accessKey\.userName)}})}}, FALSE))
ORDER BY alert_time, event_key
