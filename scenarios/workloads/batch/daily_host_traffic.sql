-- Daily traffic per originating host (Zeek conn): connections, bytes each way, peers, services.
SELECT CAST(date_trunc('day', ts) AS VARCHAR) AS day, id_orig_h AS host,
       count(*) AS connections,
       sum(COALESCE(orig_bytes, 0)) AS bytes_out,
       sum(COALESCE(resp_bytes, 0)) AS bytes_in,
       count(DISTINCT id_resp_h) AS peers,
       sum(CASE WHEN local_resp THEN 0 ELSE 1 END) AS external_connections
FROM zeek_conn
WHERE ts >= TIMESTAMP '{{from}}' AND ts < TIMESTAMP '{{to}}'
GROUP BY date_trunc('day', ts), id_orig_h
ORDER BY day, host, connections, bytes_out, bytes_in, peers, external_connections
