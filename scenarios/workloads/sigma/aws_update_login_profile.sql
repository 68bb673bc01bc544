-- Sigma rule 055fb148-60f8-462d-ad16-26926ce050f1: AWS User Login Profile Was Modified (level high).
-- Author: toffeebr33k. SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/cloud/aws/cloudtrail/aws_update_login_profile.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', event_time) AS VARCHAR) AS alert_time,
       event_id AS event_key
FROM cloudtrail
WHERE event_time >= TIMESTAMP '{{from}}' AND event_time < TIMESTAMP '{{to}}'
  AND (COALESCE(LOWER(event_source) = {{lit(iam.amazonaws.com)}}, FALSE) AND COALESCE(LOWER(event_name) = {{lit(updateloginprofile)}}, FALSE) AND NOT COALESCE(LOWER(user_identity.arn) = LOWER({{json_str(request_parameters, userName)}}), FALSE))
ORDER BY alert_time, event_key
