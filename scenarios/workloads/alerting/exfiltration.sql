-- T1048 exfiltration: there is no threat-intel table, so "known bad" is approximated by volume:
-- more than 100 MB sent from one internal host to one external address inside the window.
--  * zeek_conn: the egress connections of such a pair, the DNS lookups (zeek_dns) by that host
--    that resolved the external address in the hour before, and those lookups' own conn records.
--  * vpc_flow: the records on that interface between the pair, in both directions.
-- event_key is the label key of each row's source (zeek uid, vpc_flow flow key, whose start is
-- in unix seconds: the epoch_seconds placeholder is rendered in each engine's dialect).
WITH conn AS (
  SELECT ts, uid, id_orig_h, id_orig_p, id_resp_h, id_resp_p, proto, service, orig_bytes, resp_bytes
  FROM zeek_conn
  WHERE ts >= TIMESTAMP '{{from}}' AND ts < TIMESTAMP '{{to}}'
),
zeek_pair AS (
  SELECT id_orig_h, id_resp_h, min(ts) AS first_ts
  FROM conn
  WHERE id_resp_h NOT LIKE '10.%' AND id_resp_h NOT LIKE '192.168.%' AND id_resp_h NOT LIKE '172.1_.%'
    AND id_resp_h NOT LIKE '172.2_.%' AND id_resp_h NOT LIKE '172.3_.%' AND id_resp_h NOT LIKE '127.%'
    AND id_resp_h NOT LIKE 'f%:%'
  GROUP BY id_orig_h, id_resp_h
  HAVING sum(orig_bytes) > 100000000
),
lookup AS (
  SELECT d.ts AS ts, d.uid AS uid, d.id_orig_h AS id_orig_h, d.query AS query, p.id_resp_h AS id_resp_h
  FROM zeek_dns d JOIN zeek_pair p ON d.id_orig_h = p.id_orig_h
  WHERE d.ts >= TIMESTAMP '{{from}}' AND d.ts < TIMESTAMP '{{to}}'
    AND d.ts >= p.first_ts - INTERVAL '1' HOUR AND d.ts <= p.first_ts
    AND d.answers LIKE ('%"' || p.id_resp_h || '"%')
),
vpc AS (
  SELECT interface_id, srcaddr, srcport, dstaddr, dstport, protocol, bytes, start_time, action
  FROM vpc_flow
  WHERE start_time >= TIMESTAMP '{{from}}' AND start_time < TIMESTAMP '{{to}}' AND srcaddr IS NOT NULL
),
vpc_pair AS (
  SELECT interface_id, srcaddr AS inside, dstaddr AS outside
  FROM vpc
  WHERE (srcaddr LIKE '10.%' OR srcaddr LIKE '192.168.%' OR srcaddr LIKE '172.1_.%' OR srcaddr LIKE '172.2_.%' OR srcaddr LIKE '172.3_.%')
    AND dstaddr NOT LIKE '10.%' AND dstaddr NOT LIKE '192.168.%' AND dstaddr NOT LIKE '172.1_.%'
    AND dstaddr NOT LIKE '172.2_.%' AND dstaddr NOT LIKE '172.3_.%'
  GROUP BY interface_id, srcaddr, dstaddr
  HAVING sum(bytes) > 100000000
),
hits AS (
  -- The plain placeholder: DataFusion 53 rejects a UNION whose branches take a column from different
  -- tables (it compares their Iceberg field ids); other engines get the column unchanged.
  SELECT {{plain(c.ts)}} AS t, 'zeek_conn' AS source, {{plain(c.uid)}} AS event_key, {{plain(c.id_orig_h)}} AS inside,
         {{plain(c.id_resp_h)}} AS outside, {{plain(c.id_resp_p)}} AS port, {{plain(c.orig_bytes)}} AS bytes_out,
         COALESCE({{plain(c.service)}}, '') AS detail
  FROM conn c JOIN zeek_pair p ON c.id_orig_h = p.id_orig_h AND c.id_resp_h = p.id_resp_h
  UNION
  SELECT {{plain(l.ts)}}, 'zeek_dns', {{plain(l.uid)}}, {{plain(l.id_orig_h)}}, {{plain(l.id_resp_h)}}, 53, 0, {{plain(l.query)}}
  FROM lookup l
  UNION
  SELECT {{plain(c.ts)}}, 'zeek_conn', {{plain(c.uid)}}, {{plain(c.id_orig_h)}}, {{plain(l.id_resp_h)}}, {{plain(c.id_resp_p)}},
         {{plain(c.orig_bytes)}}, {{plain(l.query)}}
  FROM conn c JOIN lookup l ON c.uid = l.uid
  UNION
  SELECT {{plain(v.start_time)}}, 'vpc_flow',
         v.interface_id || ':' || v.srcaddr || ':' || CAST(v.srcport AS VARCHAR) || ':' || v.dstaddr || ':'
           || CAST(v.dstport AS VARCHAR) || ':' || CAST({{epoch_seconds(v.start_time)}} AS VARCHAR),
         {{plain(p.inside)}}, {{plain(p.outside)}},
         CASE WHEN v.srcaddr = p.inside THEN v.dstport ELSE v.srcport END,
         CASE WHEN v.srcaddr = p.inside THEN v.bytes ELSE 0 END,
         {{plain(v.interface_id)}}
  FROM vpc v JOIN vpc_pair p ON v.interface_id = p.interface_id
   AND ((v.srcaddr = p.inside AND v.dstaddr = p.outside) OR (v.srcaddr = p.outside AND v.dstaddr = p.inside))
)
SELECT CAST(date_trunc('second', t) AS VARCHAR) AS event_time,
       source, event_key, inside, outside, port, bytes_out, detail
FROM hits
ORDER BY event_time, source, event_key, inside, outside, port, bytes_out, detail
