-- External addresses seen on both sides: they called the AWS APIs (as one or two principals, so
-- not a shared NAT) and internal hosts connected to them (Windows 5156 or Zeek conn), with the
-- inventory owners of those hosts. One row per address.
WITH ct AS (
  SELECT source_ip_address AS ip, count(*) AS aws_calls, count(DISTINCT user_identity.arn) AS principals
  FROM cloudtrail
  WHERE event_time >= TIMESTAMP '{{from}}' AND event_time < TIMESTAMP '{{to}}'
  GROUP BY source_ip_address
  HAVING count(DISTINCT user_identity.arn) <= 2
),
net AS (
  SELECT w.dest_address AS ip, h.name AS host, h.owner_sam, 'windows' AS seen_by
  FROM windows_security w JOIN inv_hosts h ON lower(h.fqdn) = lower(w.computer)
  WHERE w.time_created >= TIMESTAMP '{{from}}' AND w.time_created < TIMESTAMP '{{to}}' AND w.event_id = 5156
  UNION ALL
  SELECT c.id_resp_h, h.name, h.owner_sam, 'zeek'
  FROM zeek_conn c JOIN inv_hosts h ON h.ip = c.id_orig_h
  WHERE c.ts >= TIMESTAMP '{{from}}' AND c.ts < TIMESTAMP '{{to}}' AND NOT c.local_resp
)
SELECT ct.ip, ct.aws_calls, ct.principals,
       sum(CASE WHEN n.seen_by = 'windows' THEN 1 ELSE 0 END) AS windows_connections,
       sum(CASE WHEN n.seen_by = 'zeek' THEN 1 ELSE 0 END) AS zeek_connections,
       count(DISTINCT n.host) AS hosts, count(DISTINCT n.owner_sam) AS owners
FROM ct JOIN net n ON n.ip = ct.ip
GROUP BY ct.ip, ct.aws_calls, ct.principals
ORDER BY ct.ip, ct.aws_calls, ct.principals, windows_connections, zeek_connections, hosts, owners
