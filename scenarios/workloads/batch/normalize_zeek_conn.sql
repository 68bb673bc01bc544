-- OCSF-like projection of one day of Zeek conn (a CTAS body: no ORDER BY).
SELECT ts AS time,
       'Network Activity' AS class_name,
       4001 AS class_uid,
       COALESCE(service, proto) AS action,
       CASE WHEN conn_state IN ('S0', 'REJ', 'RSTOS0', 'RSTRH', 'SH', 'SHR', 'OTH') THEN 'Failure' ELSE 'Success' END AS status,
       conn_state AS status_detail,
       CAST(NULL AS VARCHAR) AS actor_user,
       id_orig_h AS src_ip, id_orig_p AS src_port,
       id_resp_h AS dst_ip, id_resp_p AS dst_port,
       proto AS protocol_name,
       orig_bytes AS bytes_out, resp_bytes AS bytes_in,
       CASE WHEN local_resp THEN 'internal' ELSE 'outbound' END AS direction,
       'zeek_conn' AS product,
       uid AS event_key
FROM zeek_conn
WHERE ts >= TIMESTAMP '{{from}}' AND ts < TIMESTAMP '{{to}}'
