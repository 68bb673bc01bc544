-- Administrators logging on interactively or over RDP (types 2, 10, 11) to a workstation that is
-- not theirs, with department and the workstation owner.
SELECT u.sam, u.department, h.name AS host, COALESCE(h.owner_sam, '') AS owner, w.logon_type, count(*) AS logons
FROM windows_security w
JOIN inv_users u ON lower(u.sam) = lower(w.target_user_name)
JOIN inv_hosts h ON lower(h.fqdn) = lower(w.computer)
WHERE w.time_created >= TIMESTAMP '{{from}}' AND w.time_created < TIMESTAMP '{{to}}'
  AND w.event_id = 4624 AND w.logon_type IN (2, 10, 11)
  AND u.admin AND h.role = 'workstation' AND lower(COALESCE(h.owner_sam, '')) <> lower(u.sam)
GROUP BY u.sam, u.department, h.name, COALESCE(h.owner_sam, ''), w.logon_type
ORDER BY logons DESC, u.sam, u.department, host, owner, w.logon_type
