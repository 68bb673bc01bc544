-- T1562.008 CloudTrail tampering: StopLogging, DeleteTrail, UpdateTrail and PutEventSelectors
-- (successful or not), with the trail reconnaissance (DescribeTrails, GetTrailStatus,
-- ListTrails) the same principal made from the same address in the 30 minutes before.
WITH ct AS (
  SELECT event_time, event_id, event_name, event_source, user_identity.arn AS arn, source_ip_address AS ip,
         request_parameters, error_code, recipient_account_id, aws_region
  FROM cloudtrail
  WHERE event_time >= TIMESTAMP '{{from}}' AND event_time < TIMESTAMP '{{to}}'
    AND event_source = 'cloudtrail.amazonaws.com'
),
tamper AS (
  SELECT * FROM ct WHERE event_name IN ('StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors')
),
hits AS (
  SELECT event_time, event_id, event_name, arn, ip, request_parameters, error_code, recipient_account_id, aws_region FROM tamper
  UNION
  SELECT r.event_time, r.event_id, r.event_name, r.arn, r.ip, r.request_parameters, r.error_code, r.recipient_account_id, r.aws_region
  FROM ct r JOIN tamper t ON r.arn = t.arn AND r.ip = t.ip
  WHERE r.event_name IN ('DescribeTrails', 'GetTrailStatus', 'ListTrails', 'GetEventSelectors')
    AND r.event_time >= t.event_time - INTERVAL '30' MINUTE AND r.event_time <= t.event_time
)
SELECT CAST(date_trunc('second', event_time) AS VARCHAR) AS event_time,
       event_id AS event_key,
       event_name, arn, ip, recipient_account_id, aws_region,
       COALESCE(request_parameters, '') AS request_parameters, COALESCE(error_code, '') AS error_code
FROM hits
ORDER BY event_time, event_key, event_name, arn, ip, recipient_account_id, aws_region, request_parameters, error_code
