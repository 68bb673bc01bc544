-- CloudTrail activity per AWS account alias: calls, errors, principals, console sign-ins.
SELECT COALESCE(a.alias, c.recipient_account_id) AS account, count(*) AS calls,
       sum(CASE WHEN c.error_code IS NULL THEN 0 ELSE 1 END) AS errors,
       count(DISTINCT c.arn) AS principals,
       sum(CASE WHEN c.event_name = 'ConsoleLogin' THEN 1 ELSE 0 END) AS console_logins
FROM (
  SELECT recipient_account_id, error_code, event_name, user_identity.arn AS arn
  FROM cloudtrail
  WHERE event_time >= TIMESTAMP '{{from}}' AND event_time < TIMESTAMP '{{to}}'
) c
LEFT JOIN inv_aws_accounts a ON a.id = c.recipient_account_id
GROUP BY COALESCE(a.alias, c.recipient_account_id)
ORDER BY calls DESC, account, errors, principals, console_logins
