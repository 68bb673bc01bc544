-- Interactive, RDP and cached logons (types 2, 10, 11) to hosts the user does not own, by host
-- role, the user's admin flag and department (inventory on both sides of the join). The flag is
-- spelled out: engines render a PostgreSQL boolean differently (chDB's postgresql() gives UInt8).
SELECT h.role, CASE WHEN u.admin THEN 'admin' ELSE 'user' END AS admin, u.department, w.logon_type, count(*) AS logons,
       count(DISTINCT lower(w.target_user_name)) AS users, count(DISTINCT h.name) AS hosts
FROM windows_security w
JOIN inv_users u ON lower(u.sam) = lower(w.target_user_name)
JOIN inv_hosts h ON lower(h.fqdn) = lower(w.computer)
WHERE w.time_created >= TIMESTAMP '{{from}}' AND w.time_created < TIMESTAMP '{{to}}'
  AND w.event_id = 4624 AND w.logon_type IN (2, 10, 11)
  AND lower(COALESCE(h.owner_sam, '')) <> lower(u.sam)
GROUP BY h.role, CASE WHEN u.admin THEN 'admin' ELSE 'user' END, u.department, w.logon_type
ORDER BY h.role, admin, u.department, w.logon_type, logons, users, hosts
