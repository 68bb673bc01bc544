-- OCSF-like projection of one day of Zeek dns (a CTAS body: no ORDER BY).
SELECT ts AS time,
       'DNS Activity' AS class_name,
       4003 AS class_uid,
       COALESCE(qtype_name, 'query') AS action,
       CASE WHEN rcode_name = 'NOERROR' THEN 'Success' WHEN rcode_name IS NULL THEN 'Unknown' ELSE 'Failure' END AS status,
       rcode_name AS status_detail,
       CAST(NULL AS VARCHAR) AS actor_user,
       id_orig_h AS src_ip, id_orig_p AS src_port,
       id_resp_h AS dst_ip, id_resp_p AS dst_port,
       query AS query_hostname,
       answers,
       'zeek_dns' AS product,
       uid AS event_key
FROM zeek_dns
WHERE ts >= TIMESTAMP '{{from}}' AND ts < TIMESTAMP '{{to}}'
