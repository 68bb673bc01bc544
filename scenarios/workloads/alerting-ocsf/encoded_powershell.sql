-- T1059.001 encoded PowerShell, on OCSF Process Activity and Network Activity: launches of
-- PowerShell with -enc / -EncodedCommand, their terminations (same process.uid), and the
-- connections PowerShell (actor.process.name) opened from that device to a public address in
-- the next 5 minutes.
WITH proc AS (
  SELECT {{plain(p.time)}} AS t, p.metadata.uid AS uid, p.metadata.event_code AS code, p.activity_id AS activity,
         p.device.hostname AS device, p.actor.{{ident(user)}}.name AS actor, p.process.uid AS process_uid,
         p.process.name AS process_name, p.process.cmd_line AS cmd_line,
         p.process.parent_process.name AS parent_name
  FROM process_activity p
  WHERE p.time >= TIMESTAMP '{{from}}' AND p.time < TIMESTAMP '{{to}}'
),
ps AS (
  SELECT * FROM proc
  WHERE activity = 1
    AND (lower(process_name) LIKE '%powershell.exe' OR lower(process_name) LIKE '%pwsh.exe')
    AND (lower(cmd_line) LIKE '% -e %' OR lower(cmd_line) LIKE '% -en %' OR lower(cmd_line) LIKE '% -enc %'
         OR lower(cmd_line) LIKE '% -ec %' OR lower(cmd_line) LIKE '% -encodedcommand %')
),
hits AS (
  SELECT t, uid, code, device, actor, parent_name AS detail, cmd_line FROM ps
  UNION
  SELECT x.t, x.uid, x.code, x.device, x.actor, x.process_name, p.cmd_line
  FROM proc x JOIN ps p ON x.process_uid = p.process_uid AND x.process_name = p.process_name
  WHERE x.activity = 2 AND x.t >= p.t AND x.t < p.t + INTERVAL '1' HOUR
  UNION
  SELECT {{plain(n.time)}}, n.metadata.uid, n.metadata.event_code, n.device.hostname, p.actor,
         n.dst_endpoint.ip || ':' || CAST(n.dst_endpoint.port AS VARCHAR), p.cmd_line
  FROM network_activity n JOIN ps p ON n.device.hostname = p.device
  WHERE n.time >= TIMESTAMP '{{from}}' AND n.time < TIMESTAMP '{{to}}'
    AND lower(n.actor.process.name) LIKE '%powershell.exe'
    AND n.time >= p.t AND n.time < p.t + INTERVAL '5' MINUTE
    AND n.dst_endpoint.ip NOT LIKE '10.%' AND n.dst_endpoint.ip NOT LIKE '192.168.%' AND n.dst_endpoint.ip NOT LIKE '127.%'
    AND n.dst_endpoint.ip NOT LIKE '172.1_.%' AND n.dst_endpoint.ip NOT LIKE '172.2_.%' AND n.dst_endpoint.ip NOT LIKE '172.3_.%'
    AND n.dst_endpoint.ip NOT LIKE '%:%'
)
SELECT CAST(date_trunc('second', t) AS VARCHAR) AS event_time, uid AS event_key,
       code, device, COALESCE(actor, '') AS actor, COALESCE(detail, '') AS detail, COALESCE(cmd_line, '') AS cmd_line
FROM hits
ORDER BY event_time, event_key, code, device, actor, detail, cmd_line
