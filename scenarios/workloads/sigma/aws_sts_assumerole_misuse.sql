-- Sigma rule 905d389b-b853-46d0-9d3d-dea0d3a3cd49: AWS STS AssumeRole Misuse (level low).
-- Author: Austin Songer @austinsonger. SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/cloud/aws/cloudtrail/aws_sts_assumerole_misuse.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', event_time) AS VARCHAR) AS alert_time,
       event_id AS event_key
FROM cloudtrail
WHERE event_time >= TIMESTAMP '{{from}}' AND event_time < TIMESTAMP '{{to}}'
  AND (COALESCE(LOWER(user_identity.{{ident(type)}}) = {{lit(assumedrole)}}, FALSE) AND COALESCE(LOWER(user_identity.session_issuer_type) = {{lit(role)}}, FALSE))
ORDER BY alert_time, event_key
