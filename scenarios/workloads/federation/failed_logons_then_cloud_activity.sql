-- Accounts with Windows logon failures that also made CloudTrail calls within the next hour
-- (inventory maps the Windows account to its AWS identity).
WITH fails AS (
  SELECT lower(target_user_name) AS sam, min(time_created) AS first_fail, max(time_created) AS last_fail, count(*) AS failures
  FROM windows_security
  WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}' AND event_id = 4625
  GROUP BY lower(target_user_name)
),
ct AS (
  SELECT event_time, COALESCE(user_identity.user_name, user_identity.arn) AS name, source_ip_address AS ip
  FROM cloudtrail
  WHERE event_time >= TIMESTAMP '{{from}}' AND event_time < TIMESTAMP '{{to}}'
)
SELECT u.sam, u.department, f.failures, count(*) AS aws_calls_after, count(DISTINCT c.ip) AS aws_ips,
       CAST(date_trunc('second', f.first_fail) AS VARCHAR) AS first_fail
FROM fails f
JOIN inv_users u ON lower(u.sam) = f.sam
JOIN ct c ON (c.name = u.aws_user_name OR c.name LIKE ('%/' || u.aws_user_name))
         AND c.event_time >= f.first_fail AND c.event_time < f.last_fail + INTERVAL '1' HOUR
WHERE u.aws_user_name IS NOT NULL
GROUP BY u.sam, u.department, f.failures, f.first_fail
ORDER BY u.sam, u.department, f.failures, aws_calls_after, aws_ips, first_fail
