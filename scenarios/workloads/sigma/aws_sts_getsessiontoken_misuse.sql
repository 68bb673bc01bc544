-- Sigma rule b45ab1d2-712f-4f01-a751-df3826969807: AWS STS GetSessionToken Misuse (level low).
-- Author: Austin Songer @austinsonger. SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/cloud/aws/cloudtrail/aws_sts_getsessiontoken_misuse.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', event_time) AS VARCHAR) AS alert_time,
       event_id AS event_key
FROM cloudtrail
WHERE event_time >= TIMESTAMP '{{from}}' AND event_time < TIMESTAMP '{{to}}'
  AND (COALESCE(LOWER(event_source) = {{lit(sts.amazonaws.com)}}, FALSE) AND COALESCE(LOWER(event_name) = {{lit(getsessiontoken)}}, FALSE) AND COALESCE(LOWER(user_identity.{{ident(type)}}) = {{lit(iamuser)}}, FALSE))
ORDER BY alert_time, event_key
