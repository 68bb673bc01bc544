-- Daily rollup per source: events for every source table of the lake (built-in and defined as
-- data, via each_source), and bytes for the network sources (0 for log sources).
WITH events AS (
  {{each_source(SELECT date_trunc('day', $time) AS day, '$source' AS source, count(*) AS events
  FROM $source WHERE $time >= TIMESTAMP '{{from}}' AND $time < TIMESTAMP '{{to}}'
  GROUP BY date_trunc('day', $time))}}
),
traffic AS (
  SELECT date_trunc('day', ts) AS day, 'zeek_conn' AS source, sum(COALESCE(orig_bytes, 0) + COALESCE(resp_bytes, 0)) AS bytes
  FROM zeek_conn WHERE ts >= TIMESTAMP '{{from}}' AND ts < TIMESTAMP '{{to}}'
  GROUP BY date_trunc('day', ts)
  UNION ALL
  SELECT date_trunc('day', start_time), 'vpc_flow', sum(COALESCE(bytes, 0))
  FROM vpc_flow WHERE start_time >= TIMESTAMP '{{from}}' AND start_time < TIMESTAMP '{{to}}'
  GROUP BY date_trunc('day', start_time)
)
SELECT CAST(e.day AS VARCHAR) AS day, e.source, e.events, COALESCE(t.bytes, 0) AS bytes
FROM events e LEFT JOIN traffic t ON t.day = e.day AND t.source = e.source
ORDER BY day, source, events, bytes
