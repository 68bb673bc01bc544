-- T1048 exfiltration, on OCSF Network Activity only, whatever the sensor: more than 100 MB sent
-- from one private src_endpoint.ip to one public dst_endpoint.ip inside the window, summed over
-- every source that lands there (Zeek conn's traffic.bytes_out, VPC flow's directional
-- traffic.bytes). Returns every Network Activity record between the pair, in both directions.
-- (The native rule also returns the DNS lookup that resolved the address: DNS answers are an
-- OCSF array attribute, not mapped yet, docs/ocsf.md.)
WITH net AS (
  SELECT {{plain(n.time)}} AS t, n.metadata.uid AS uid, n.metadata.product.name AS product,
         n.src_endpoint.ip AS src, n.dst_endpoint.ip AS dst, n.dst_endpoint.port AS port,
         COALESCE(n.traffic.bytes_out, n.traffic.bytes) AS bytes_sent
  FROM network_activity n
  WHERE n.time >= TIMESTAMP '{{from}}' AND n.time < TIMESTAMP '{{to}}' AND n.src_endpoint.ip IS NOT NULL
),
pair AS (
  SELECT src AS inside, dst AS outside
  FROM net
  WHERE (src LIKE '10.%' OR src LIKE '192.168.%' OR src LIKE '172.1_.%' OR src LIKE '172.2_.%' OR src LIKE '172.3_.%')
    AND dst NOT LIKE '10.%' AND dst NOT LIKE '192.168.%' AND dst NOT LIKE '172.1_.%' AND dst NOT LIKE '172.2_.%'
    AND dst NOT LIKE '172.3_.%' AND dst NOT LIKE '127.%' AND dst NOT LIKE '%:%'
  GROUP BY src, dst
  HAVING sum(bytes_sent) > 100000000
),
hits AS (
  SELECT n.t, n.uid, n.product, p.inside, p.outside,
         CASE WHEN n.src = p.inside THEN n.port ELSE NULL END AS port,
         CASE WHEN n.src = p.inside THEN COALESCE(n.bytes_sent, 0) ELSE 0 END AS bytes_out
  FROM net n JOIN pair p
    ON (n.src = p.inside AND n.dst = p.outside) OR (n.src = p.outside AND n.dst = p.inside)
)
SELECT CAST(date_trunc('second', t) AS VARCHAR) AS event_time, uid AS event_key,
       product, inside, outside, COALESCE(port, 0) AS port, bytes_out
FROM hits
ORDER BY event_time, event_key, product, inside, outside, port, bytes_out
