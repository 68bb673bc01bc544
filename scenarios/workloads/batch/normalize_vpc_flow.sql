-- OCSF-like projection of one day of VPC flow logs (a CTAS body: no ORDER BY).
SELECT start_time AS time,
       'Network Activity' AS class_name,
       4001 AS class_uid,
       COALESCE(action, log_status) AS action,
       CASE WHEN action = 'ACCEPT' THEN 'Success' WHEN action = 'REJECT' THEN 'Failure' ELSE 'Unknown' END AS status,
       log_status AS status_detail,
       CAST(NULL AS VARCHAR) AS actor_user,
       srcaddr AS src_ip, srcport AS src_port,
       dstaddr AS dst_ip, dstport AS dst_port,
       protocol AS protocol_num,
       bytes, packets,
       account_id AS cloud_account_uid,
       interface_id,
       'vpc_flow' AS product
FROM vpc_flow
WHERE start_time >= TIMESTAMP '{{from}}' AND start_time < TIMESTAMP '{{to}}'
