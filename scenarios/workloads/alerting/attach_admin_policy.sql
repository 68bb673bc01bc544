-- T1098.003 admin policy attached: Attach{User,Group,Role}Policy with the AWS managed
-- AdministratorAccess policy, with the caller's reconnaissance of that principal's policies
-- (ListAttached*Policies with the same target) in the 30 minutes before.
WITH ct AS (
  SELECT event_time, event_id, event_name, user_identity.arn AS arn, source_ip_address AS ip,
         request_parameters, error_code, recipient_account_id
  FROM cloudtrail
  WHERE event_time >= TIMESTAMP '{{from}}' AND event_time < TIMESTAMP '{{to}}'
    AND event_source = 'iam.amazonaws.com'
),
attached AS (
  SELECT * FROM ct
  WHERE event_name IN ('AttachUserPolicy', 'AttachGroupPolicy', 'AttachRolePolicy')
    AND request_parameters LIKE '%"policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"%'
),
hits AS (
  SELECT event_time, event_id, event_name, arn, ip, request_parameters, error_code, recipient_account_id FROM attached
  UNION
  -- {"userName":"x"} is a prefix of {"userName":"x","policyArn":...} once its closing brace is cut
  SELECT l.event_time, l.event_id, l.event_name, l.arn, l.ip, l.request_parameters, l.error_code, l.recipient_account_id
  FROM ct l JOIN attached a ON l.arn = a.arn
  WHERE l.event_name IN ('ListAttachedUserPolicies', 'ListAttachedGroupPolicies', 'ListAttachedRolePolicies')
    AND a.request_parameters LIKE (substring(l.request_parameters, 1, length(l.request_parameters) - 1) || ',%')
    AND l.event_time >= a.event_time - INTERVAL '30' MINUTE AND l.event_time <= a.event_time
)
SELECT CAST(date_trunc('second', event_time) AS VARCHAR) AS event_time,
       event_id AS event_key,
       event_name, arn, ip, recipient_account_id, request_parameters, COALESCE(error_code, '') AS error_code
FROM hits
ORDER BY event_time, event_key, event_name, arn, ip, recipient_account_id, request_parameters, error_code
