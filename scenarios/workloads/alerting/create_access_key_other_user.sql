-- T1098.001 access key created for another user: CreateAccessKey whose userName parameter is not
-- the caller itself (an IAM user's own name, or any userName for role sessions), with the
-- ListAccessKeys the caller made for that user in the 30 minutes before.
WITH ct AS (
  SELECT event_time, event_id, event_name, user_identity.arn AS arn, user_identity.user_name AS caller,
         source_ip_address AS ip, request_parameters, error_code, recipient_account_id
  FROM cloudtrail
  WHERE event_time >= TIMESTAMP '{{from}}' AND event_time < TIMESTAMP '{{to}}'
    AND event_source = 'iam.amazonaws.com'
),
created AS (
  SELECT * FROM ct
  WHERE event_name = 'CreateAccessKey'
    AND request_parameters LIKE '%"userName":%'
    AND request_parameters <> ('{"userName":"' || COALESCE(caller, '') || '"}')
),
hits AS (
  SELECT event_time, event_id, event_name, arn, ip, request_parameters, error_code, recipient_account_id FROM created
  UNION
  SELECT l.event_time, l.event_id, l.event_name, l.arn, l.ip, l.request_parameters, l.error_code, l.recipient_account_id
  FROM ct l JOIN created c ON l.arn = c.arn AND l.request_parameters = c.request_parameters
  WHERE l.event_name = 'ListAccessKeys'
    AND l.event_time >= c.event_time - INTERVAL '30' MINUTE AND l.event_time <= c.event_time
)
SELECT CAST(date_trunc('second', event_time) AS VARCHAR) AS event_time,
       event_id AS event_key,
       event_name, arn, ip, recipient_account_id, request_parameters, COALESCE(error_code, '') AS error_code
FROM hits
ORDER BY event_time, event_key, event_name, arn, ip, recipient_account_id, request_parameters, error_code
