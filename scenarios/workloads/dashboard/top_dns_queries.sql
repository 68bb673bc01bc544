-- Top 20 queried names and how many clients asked.
SELECT query, count(*) AS lookups, count(DISTINCT id_orig_h) AS clients
FROM zeek_dns
WHERE ts >= TIMESTAMP '{{from}}' AND ts < TIMESTAMP '{{to}}' AND query IS NOT NULL
GROUP BY query
ORDER BY lookups DESC, query, clients
LIMIT 20
