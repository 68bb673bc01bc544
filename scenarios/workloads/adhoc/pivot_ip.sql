-- Every sighting of one address in every source, summarised per source, role and counterpart.
SELECT source, role, counterpart, count(*) AS events,
       CAST(date_trunc('second', min(t)) AS VARCHAR) AS first_seen,
       CAST(date_trunc('second', max(t)) AS VARCHAR) AS last_seen
FROM (
  SELECT 'windows_security' AS source, 'logon_source' AS role, computer AS counterpart, time_created AS t
  FROM windows_security WHERE ip_address = '{{ip}}'
  UNION ALL
  SELECT 'windows_security', 'wfp_destination', computer, time_created FROM windows_security WHERE dest_address = '{{ip}}'
  UNION ALL
  SELECT 'windows_security', 'wfp_source', computer, time_created FROM windows_security WHERE source_address = '{{ip}}'
  UNION ALL
  SELECT 'cloudtrail', 'caller', event_name, event_time FROM cloudtrail WHERE source_ip_address = '{{ip}}'
  UNION ALL
  SELECT 'zeek_conn', 'originator', id_resp_h, ts FROM zeek_conn WHERE id_orig_h = '{{ip}}'
  UNION ALL
  SELECT 'zeek_conn', 'responder', id_orig_h, ts FROM zeek_conn WHERE id_resp_h = '{{ip}}'
  UNION ALL
  SELECT 'zeek_dns', 'answer', query, ts FROM zeek_dns WHERE answers LIKE '%"{{ip}}"%'
  UNION ALL
  SELECT 'vpc_flow', 'source', dstaddr, start_time FROM vpc_flow WHERE srcaddr = '{{ip}}'
  UNION ALL
  SELECT 'vpc_flow', 'destination', srcaddr, start_time FROM vpc_flow WHERE dstaddr = '{{ip}}'
) s
GROUP BY source, role, counterpart
ORDER BY source, role, counterpart, events, first_seen, last_seen
