-- Rare CloudTrail client families: the user agent's first token (e.g. aws-cli/2.21.17,
-- Boto3/1.34.104, Mozilla/5.0) used by a single principal for at most ten calls over the whole range.
SELECT agent, count(DISTINCT arn) AS principals, count(*) AS calls,
       count(DISTINCT ip) AS addresses,
       CAST(date_trunc('second', min(event_time)) AS VARCHAR) AS first_seen,
       CAST(date_trunc('second', max(event_time)) AS VARCHAR) AS last_seen
FROM (
  SELECT event_time, user_identity.arn AS arn, source_ip_address AS ip,
         CASE WHEN position(' ' IN user_agent) > 0 THEN substring(user_agent, 1, position(' ' IN user_agent) - 1)
              ELSE user_agent END AS agent
  FROM cloudtrail
  WHERE user_agent IS NOT NULL AND user_identity.arn IS NOT NULL
) c
GROUP BY agent
HAVING count(DISTINCT arn) = 1 AND count(*) <= 10
ORDER BY principals, calls, agent, addresses, first_seen, last_seen
