-- Everything one user did, across Windows (as subject or target) and CloudTrail (IAM user name,
-- or a role session named after them), summarised per source, action and host / address.
SELECT source, action, place, count(*) AS events,
       CAST(date_trunc('second', min(t)) AS VARCHAR) AS first_seen,
       CAST(date_trunc('second', max(t)) AS VARCHAR) AS last_seen
FROM (
  SELECT 'windows_security' AS source, CAST(event_id AS VARCHAR) AS action, computer AS place, time_created AS t
  FROM windows_security
  WHERE lower(target_user_name) = lower('{{user}}') OR lower(subject_user_name) = lower('{{user}}')
  UNION ALL
  SELECT 'cloudtrail', event_name, source_ip_address, event_time
  FROM cloudtrail
  WHERE user_identity.user_name = '{{user}}' OR user_identity.arn LIKE '%/{{user}}'
) e
GROUP BY source, action, place
ORDER BY source, action, place, events, first_seen, last_seen
