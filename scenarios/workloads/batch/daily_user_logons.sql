-- Daily logon rollup per account (Windows): successes, failures, hosts, source addresses.
SELECT CAST(date_trunc('day', time_created) AS VARCHAR) AS day, lower(target_user_name) AS account,
       sum(CASE WHEN event_id = 4624 THEN 1 ELSE 0 END) AS logons,
       sum(CASE WHEN event_id = 4625 THEN 1 ELSE 0 END) AS failures,
       count(DISTINCT computer) AS hosts,
       count(DISTINCT ip_address) AS source_ips
FROM windows_security
WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}' AND event_id IN (4624, 4625)
GROUP BY date_trunc('day', time_created), lower(target_user_name)
ORDER BY day, account, logons, failures, hosts, source_ips
