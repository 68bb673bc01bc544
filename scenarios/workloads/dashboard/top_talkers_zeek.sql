-- Top 20 internal hosts by bytes exchanged (Zeek conn, both directions), with their peers.
SELECT id_orig_h AS host,
       sum(COALESCE(orig_bytes, 0) + COALESCE(resp_bytes, 0)) AS total_bytes,
       sum(COALESCE(orig_bytes, 0)) AS bytes_out,
       count(*) AS connections,
       count(DISTINCT id_resp_h) AS peers
FROM zeek_conn
WHERE ts >= TIMESTAMP '{{from}}' AND ts < TIMESTAMP '{{to}}'
GROUP BY id_orig_h
ORDER BY total_bytes DESC, host, bytes_out, connections, peers
LIMIT 20
