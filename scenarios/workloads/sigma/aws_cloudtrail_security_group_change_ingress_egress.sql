-- Sigma rule 6fb77778-040f-4015-9440-572aa9b6b580: Ingress/Egress Security Group Modification (level medium).
-- Author: jamesc-grafana. SigmaHQ, Detection Rule License 1.1 (scenarios/sigma/rules/LICENSE).
-- Compiled from scenarios/sigma/rules/cloud/aws/cloudtrail/aws_cloudtrail_security_group_change_ingress_egress.yml by `lakeproof sigma compile` (pySigma 1.5.1); regenerate, do not edit.
SELECT CAST(date_trunc('second', event_time) AS VARCHAR) AS alert_time,
       event_id AS event_key
FROM cloudtrail
WHERE event_time >= TIMESTAMP '{{from}}' AND event_time < TIMESTAMP '{{to}}'
  AND (COALESCE(LOWER(event_source) = {{lit(ec2.amazonaws.com)}}, FALSE) AND (COALESCE(LOWER(event_name) = {{lit(authorizesecuritygroupegress)}}, FALSE) OR COALESCE(LOWER(event_name) = {{lit(authorizesecuritygroupingress)}}, FALSE) OR COALESCE(LOWER(event_name) = {{lit(revokesecuritygroupegress)}}, FALSE) OR COALESCE(LOWER(event_name) = {{lit(revokesecuritygroupingress)}}, FALSE)))
ORDER BY alert_time, event_key
