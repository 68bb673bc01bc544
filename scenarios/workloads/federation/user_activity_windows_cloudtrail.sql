-- Per inventory user with an AWS identity: Windows logons and CloudTrail calls in the window,
-- with department (top 50 by CloudTrail calls).
WITH win AS (
  SELECT lower(target_user_name) AS sam, count(*) AS logons, count(DISTINCT computer) AS hosts
  FROM windows_security
  WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}' AND event_id = 4624
  GROUP BY lower(target_user_name)
),
ct AS (
  SELECT name, count(*) AS calls, sum(CASE WHEN error_code IS NULL THEN 0 ELSE 1 END) AS errors
  FROM (
    SELECT COALESCE(user_identity.user_name, user_identity.arn) AS name, error_code
    FROM cloudtrail
    WHERE event_time >= TIMESTAMP '{{from}}' AND event_time < TIMESTAMP '{{to}}'
  ) c
  GROUP BY name
),
u AS (SELECT sam, department, aws_user_name FROM inv_users WHERE aws_user_name IS NOT NULL)
SELECT u.sam, u.department, COALESCE(w.logons, 0) AS logons, COALESCE(w.hosts, 0) AS hosts,
       sum(ct.calls) AS aws_calls, sum(ct.errors) AS aws_errors
FROM u
JOIN ct ON ct.name = u.aws_user_name OR ct.name LIKE ('%/' || u.aws_user_name)
LEFT JOIN win w ON w.sam = lower(u.sam)
GROUP BY u.sam, u.department, COALESCE(w.logons, 0), COALESCE(w.hosts, 0)
ORDER BY aws_calls DESC, u.sam, u.department, logons, hosts, aws_errors
LIMIT 50
