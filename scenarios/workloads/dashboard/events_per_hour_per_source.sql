-- Events per hour per source (the volume chart): every source table of the lake, built-in and
-- defined as data (each_source repeats its body per table, with $time its time column).
SELECT CAST(hour AS VARCHAR) AS hour, source, events
FROM (
  {{each_source(SELECT date_trunc('hour', $time) AS hour, '$source' AS source, count(*) AS events
  FROM $source WHERE $time >= TIMESTAMP '{{from}}' AND $time < TIMESTAMP '{{to}}'
  GROUP BY date_trunc('hour', $time))}}
) t
ORDER BY hour, source, events
