-- Sigma rule f305fd62-beca-47da-ad95-7690a0620084: Potential Bucket Enumeration on AWS (level low).
-- Author: Christopher Peacock @securepeacock, SCYTHE @scythe_io. SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/cloud/aws/cloudtrail/aws_enum_buckets.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', event_time) AS VARCHAR) AS alert_time,
       event_id AS event_key
FROM cloudtrail
WHERE event_time >= TIMESTAMP '{{from}}' AND event_time < TIMESTAMP '{{to}}'
  AND (COALESCE(LOWER(event_source) = {{lit(s3.amazonaws.com)}}, FALSE) AND COALESCE(LOWER(event_name) = {{lit(listbuckets)}}, FALSE) AND NOT COALESCE(LOWER(user_identity.{{ident(type)}}) = {{lit(assumedrole)}}, FALSE))
ORDER BY alert_time, event_key
