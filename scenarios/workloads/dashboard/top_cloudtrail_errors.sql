-- Top CloudTrail error codes, with the API calls and principals behind them.
SELECT error_code, count(*) AS errors, count(DISTINCT event_name) AS apis,
       count(DISTINCT user_identity.arn) AS principals
FROM cloudtrail
WHERE event_time >= TIMESTAMP '{{from}}' AND event_time < TIMESTAMP '{{to}}' AND error_code IS NOT NULL
GROUP BY error_code
ORDER BY errors DESC, error_code, apis, principals
LIMIT 20
