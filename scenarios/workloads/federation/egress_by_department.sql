-- Bytes sent to external addresses per department (Zeek conn -> host -> owner -> department).
SELECT COALESCE(u.department, '(unowned)') AS department, h.role,
       count(DISTINCT c.id_orig_h) AS hosts, count(*) AS connections,
       sum(COALESCE(c.orig_bytes, 0)) AS bytes_out
FROM zeek_conn c
JOIN inv_hosts h ON h.ip = c.id_orig_h
LEFT JOIN inv_users u ON lower(u.sam) = lower(h.owner_sam)
WHERE c.ts >= TIMESTAMP '{{from}}' AND c.ts < TIMESTAMP '{{to}}' AND NOT c.local_resp
GROUP BY COALESCE(u.department, '(unowned)'), h.role
ORDER BY bytes_out DESC, department, h.role, hosts, connections
