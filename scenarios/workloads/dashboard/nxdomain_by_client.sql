-- Clients with the most NXDOMAIN answers (DGA / misconfiguration hunting).
SELECT id_orig_h AS client, count(*) AS nxdomain, count(DISTINCT query) AS names
FROM zeek_dns
WHERE ts >= TIMESTAMP '{{from}}' AND ts < TIMESTAMP '{{to}}' AND rcode_name = 'NXDOMAIN'
GROUP BY id_orig_h
ORDER BY nxdomain DESC, client, names
LIMIT 20
