-- Events per hour per source (the volume chart).
SELECT CAST(hour AS VARCHAR) AS hour, source, events
FROM (
  SELECT date_trunc('hour', time_created) AS hour, 'windows_security' AS source, count(*) AS events
  FROM windows_security WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}'
  GROUP BY date_trunc('hour', time_created)
  UNION ALL
  SELECT date_trunc('hour', event_time), 'cloudtrail', count(*)
  FROM cloudtrail WHERE event_time >= TIMESTAMP '{{from}}' AND event_time < TIMESTAMP '{{to}}'
  GROUP BY date_trunc('hour', event_time)
  UNION ALL
  SELECT date_trunc('hour', ts), 'zeek_conn', count(*)
  FROM zeek_conn WHERE ts >= TIMESTAMP '{{from}}' AND ts < TIMESTAMP '{{to}}'
  GROUP BY date_trunc('hour', ts)
  UNION ALL
  SELECT date_trunc('hour', ts), 'zeek_dns', count(*)
  FROM zeek_dns WHERE ts >= TIMESTAMP '{{from}}' AND ts < TIMESTAMP '{{to}}'
  GROUP BY date_trunc('hour', ts)
  UNION ALL
  SELECT date_trunc('hour', start_time), 'vpc_flow', count(*)
  FROM vpc_flow WHERE start_time >= TIMESTAMP '{{from}}' AND start_time < TIMESTAMP '{{to}}'
  GROUP BY date_trunc('hour', start_time)
) t
ORDER BY hour, source, events
