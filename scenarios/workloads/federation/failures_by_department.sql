-- Failures per department on both sides: Windows logon failures (4625, account -> inventory user)
-- and failed AWS API calls (caller -> the inventory user's AWS identity).
WITH win AS (
  SELECT u.department, count(*) AS logon_failures, count(DISTINCT u.sam) AS win_users
  FROM windows_security w JOIN inv_users u ON lower(u.sam) = lower(w.target_user_name)
  WHERE w.time_created >= TIMESTAMP '{{from}}' AND w.time_created < TIMESTAMP '{{to}}' AND w.event_id IN (4625, 4771)
  GROUP BY u.department
),
aws AS (
  SELECT u.department, count(*) AS api_errors, count(DISTINCT u.sam) AS aws_users
  FROM (
    SELECT COALESCE(user_identity.user_name, user_identity.arn) AS name
    FROM cloudtrail
    WHERE event_time >= TIMESTAMP '{{from}}' AND event_time < TIMESTAMP '{{to}}' AND error_code IS NOT NULL
  ) c
  JOIN inv_users u ON u.aws_user_name IS NOT NULL AND (c.name = u.aws_user_name OR c.name LIKE ('%/' || u.aws_user_name))
  GROUP BY u.department
)
SELECT COALESCE(win.department, aws.department) AS department,
       COALESCE(win.logon_failures, 0) AS logon_failures, COALESCE(win.win_users, 0) AS win_users,
       COALESCE(aws.api_errors, 0) AS api_errors, COALESCE(aws.aws_users, 0) AS aws_users
FROM win FULL OUTER JOIN aws ON aws.department = win.department
ORDER BY department, logon_failures, win_users, api_errors, aws_users
