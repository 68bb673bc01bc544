-- Needle in a haystack: one Zeek uid, in conn and dns.
-- The UNION is wrapped so ORDER BY names the output columns (ClickHouse resolves a bare UNION's
-- ORDER BY against its last branch).
SELECT * FROM (
  SELECT 'zeek_conn' AS source, CAST(date_trunc('second', ts) AS VARCHAR) AS event_time, uid,
         id_orig_h, id_orig_p, id_resp_h, id_resp_p, proto,
         COALESCE(service, '') AS detail, orig_bytes, resp_bytes
  FROM zeek_conn WHERE uid = '{{needle_uid}}'
  UNION ALL
  SELECT 'zeek_dns', CAST(date_trunc('second', ts) AS VARCHAR), uid,
         id_orig_h, id_orig_p, id_resp_h, id_resp_p, proto,
         COALESCE(query, '') || ' ' || COALESCE(rcode_name, ''), 0 AS orig_bytes, 0 AS resp_bytes
  FROM zeek_dns WHERE uid = '{{needle_uid}}'
) u
ORDER BY source, event_time, uid, id_orig_h, id_orig_p, id_resp_h, id_resp_p, proto, detail, orig_bytes, resp_bytes
