-- OCSF-like projection of one day of Windows Security events (a CTAS body: no ORDER BY).
SELECT time_created AS time,
       CASE WHEN event_id IN (4624, 4625, 4634, 4647, 4648, 4768, 4769, 4771, 4776) THEN 'Authentication'
            WHEN event_id IN (4688, 4689) THEN 'Process Activity'
            WHEN event_id IN (4720, 4722, 4724, 4726, 4732, 4738, 4740) THEN 'Account Change'
            WHEN event_id IN (5156, 5158) THEN 'Network Activity'
            WHEN event_id IN (4656, 4658, 4663, 4690, 5140, 5145) THEN 'File System Activity'
            WHEN event_id IN (1102) THEN 'Event Log Activity'
            WHEN event_id IN (4697) THEN 'Service Activity'
            ELSE 'Other' END AS class_name,
       CASE WHEN event_id IN (4624, 4625, 4648, 4768, 4769, 4771, 4776) THEN 3002
            WHEN event_id IN (4688, 4689) THEN 1007
            WHEN event_id IN (4720, 4722, 4724, 4726, 4732, 4738, 4740) THEN 3001
            WHEN event_id IN (5156, 5158) THEN 4001
            WHEN event_id IN (4656, 4658, 4663, 4690, 5140, 5145) THEN 1001
            WHEN event_id IN (1102) THEN 1008
            ELSE 0 END AS class_uid,
       CAST(event_id AS VARCHAR) AS action,
       CASE WHEN event_id IN (4625, 4771) THEN 'Failure'
            WHEN event_id = 4776 AND status <> '0x0' THEN 'Failure'
            ELSE 'Success' END AS status,
       COALESCE(CASE WHEN target_user_name IN ('-', '') THEN NULL ELSE target_user_name END,
                CASE WHEN subject_user_name IN ('-', '') THEN NULL ELSE subject_user_name END) AS actor_user,
       COALESCE(CASE WHEN ip_address IN ('-', '') THEN NULL ELSE ip_address END, source_address) AS src_ip,
       dest_address AS dst_ip,
       COALESCE(ip_port, source_port) AS src_port,
       dest_port AS dst_port,
       computer AS device_hostname,
       COALESCE(new_process_name, process_name, application) AS process_name,
       command_line,
       'windows_security' AS product,
       computer || ':' || CAST(event_record_id AS VARCHAR) AS event_key
FROM windows_security
WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}'
