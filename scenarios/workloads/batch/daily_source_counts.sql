-- Daily rollup per source: events and bytes (network sources, 0 for log sources).
SELECT CAST(day AS VARCHAR) AS day, source, events, bytes
FROM (
  SELECT date_trunc('day', time_created) AS day, 'windows_security' AS source, count(*) AS events, CAST(0 AS BIGINT) AS bytes
  FROM windows_security WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}'
  GROUP BY date_trunc('day', time_created)
  UNION ALL
  SELECT date_trunc('day', event_time), 'cloudtrail', count(*), CAST(0 AS BIGINT)
  FROM cloudtrail WHERE event_time >= TIMESTAMP '{{from}}' AND event_time < TIMESTAMP '{{to}}'
  GROUP BY date_trunc('day', event_time)
  UNION ALL
  SELECT date_trunc('day', ts), 'zeek_conn', count(*), sum(COALESCE(orig_bytes, 0) + COALESCE(resp_bytes, 0))
  FROM zeek_conn WHERE ts >= TIMESTAMP '{{from}}' AND ts < TIMESTAMP '{{to}}'
  GROUP BY date_trunc('day', ts)
  UNION ALL
  SELECT date_trunc('day', ts), 'zeek_dns', count(*), CAST(0 AS BIGINT)
  FROM zeek_dns WHERE ts >= TIMESTAMP '{{from}}' AND ts < TIMESTAMP '{{to}}'
  GROUP BY date_trunc('day', ts)
  UNION ALL
  SELECT date_trunc('day', start_time), 'vpc_flow', count(*), sum(COALESCE(bytes, 0))
  FROM vpc_flow WHERE start_time >= TIMESTAMP '{{from}}' AND start_time < TIMESTAMP '{{to}}'
  GROUP BY date_trunc('day', start_time)
) t
ORDER BY day, source, events, bytes
