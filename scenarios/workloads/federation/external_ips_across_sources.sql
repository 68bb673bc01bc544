-- External addresses that called the AWS APIs and were also reached from Windows hosts (5156)
-- or from the network (Zeek conn) in the window, with the inventory owner of the internal host.
WITH ct AS (
  SELECT source_ip_address AS ip, count(*) AS aws_calls, count(DISTINCT user_identity.arn) AS principals
  FROM cloudtrail
  WHERE event_time >= TIMESTAMP '{{from}}' AND event_time < TIMESTAMP '{{to}}'
  GROUP BY source_ip_address
),
net AS (
  SELECT dest_address AS ip, lower(computer) AS host_fqdn, CAST(NULL AS VARCHAR) AS host_ip, 'windows_5156' AS seen_by
  FROM windows_security
  WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}' AND event_id = 5156
  UNION ALL
  SELECT id_resp_h, CAST(NULL AS VARCHAR), id_orig_h, 'zeek_conn'
  FROM zeek_conn
  WHERE ts >= TIMESTAMP '{{from}}' AND ts < TIMESTAMP '{{to}}' AND NOT local_resp
)
SELECT ct.ip, ct.aws_calls, ct.principals, n.seen_by, h.name AS host, COALESCE(h.owner_sam, '') AS owner,
       count(*) AS connections
FROM ct
JOIN net n ON n.ip = ct.ip
LEFT JOIN inv_hosts h ON lower(h.fqdn) = n.host_fqdn OR h.ip = n.host_ip
GROUP BY ct.ip, ct.aws_calls, ct.principals, n.seen_by, h.name, COALESCE(h.owner_sam, '')
ORDER BY ct.ip, ct.aws_calls, ct.principals, n.seen_by, host, owner, connections
