-- Successful logons (4624) by logon type and authentication package.
SELECT logon_type, COALESCE(authentication_package_name, '') AS package, count(*) AS logons,
       count(DISTINCT target_user_name) AS accounts
FROM windows_security
WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}' AND event_id = 4624
GROUP BY logon_type, COALESCE(authentication_package_name, '')
ORDER BY logons DESC, logon_type, package, accounts
