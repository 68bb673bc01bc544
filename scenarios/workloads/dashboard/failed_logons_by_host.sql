-- Failed logons (4625) by host: how many, for how many accounts, from how many addresses.
SELECT computer,
       count(*) AS failures,
       count(DISTINCT target_user_name) AS accounts,
       count(DISTINCT ip_address) AS source_ips
FROM windows_security
WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}' AND event_id = 4625
GROUP BY computer
ORDER BY failures DESC, computer, accounts, source_ips
LIMIT 20
