-- Sigma rule 352a918a-34d8-4882-8470-44830c507aa3: Malicious Usage Of IMDS Credentials Outside Of AWS Infrastructure (level high).
-- Author: jamesc-grafana. SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/cloud/aws/cloudtrail/aws_cloudtrail_imds_malicious_usage.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', event_time) AS VARCHAR) AS alert_time,
       event_id AS event_key
FROM cloudtrail
WHERE event_time >= TIMESTAMP '{{from}}' AND event_time < TIMESTAMP '{{to}}'
  AND (COALESCE({{regexp_like(user_identity.arn, {{lit(.+:assumed-role/aws:.+)}})}}, FALSE) AND NOT (COALESCE(LOWER(event_source) = {{lit(ssm.amazonaws.com)}}, FALSE) OR COALESCE(LOWER(event_name) = {{lit(registermanagedinstance)}}, FALSE) OR COALESCE(LOWER(source_ip_address) = {{lit(aws internal)}}, FALSE)))
ORDER BY alert_time, event_key
