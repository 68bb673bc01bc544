-- OCSF-like projection of one day of CloudTrail (a CTAS body: no ORDER BY).
SELECT event_time AS time,
       CASE WHEN event_name = 'ConsoleLogin' THEN 'Authentication' ELSE 'API Activity' END AS class_name,
       CASE WHEN event_name = 'ConsoleLogin' THEN 3002 ELSE 6003 END AS class_uid,
       event_source || ':' || event_name AS action,
       CASE WHEN error_code IS NULL AND (response_elements IS NULL OR response_elements NOT LIKE '%"ConsoleLogin":"Failure"%')
            THEN 'Success' ELSE 'Failure' END AS status,
       error_code AS status_detail,
       COALESCE(user_identity.user_name, user_identity.arn, user_identity.invoked_by) AS actor_user,
       user_identity.type AS actor_type,
       source_ip_address AS src_ip,
       CAST(NULL AS VARCHAR) AS dst_ip,
       recipient_account_id AS cloud_account_uid,
       aws_region AS cloud_region,
       user_agent,
       'cloudtrail' AS product,
       event_id AS event_key
FROM cloudtrail
WHERE event_time >= TIMESTAMP '{{from}}' AND event_time < TIMESTAMP '{{to}}'
