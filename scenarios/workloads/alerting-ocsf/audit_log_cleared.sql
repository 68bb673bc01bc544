-- T1070.001 Security log cleared: every Windows 1102. OCSF's home for it (Event Log Activity,
-- 1008, activity Clear) is not vendored yet, so it is a Base Event found by metadata.event_code
-- (docs/ocsf.md). With the processes the same session (actor.session.uid) launched on that
-- device in the 5 minutes before (e.g. wevtutil cl Security) and their terminations.
WITH cleared AS (
  SELECT {{plain(b.time)}} AS t, b.metadata.uid AS uid, b.metadata.event_code AS code, b.device.hostname AS device,
         b.actor.{{ident(user)}}.name AS actor, b.actor.{{ident(user)}}.domain AS domain, b.actor.session.uid AS session_uid
  FROM base_event b
  WHERE b.time >= TIMESTAMP '{{from}}' AND b.time < TIMESTAMP '{{to}}'
    AND b.metadata.product.name = 'Microsoft Windows' AND b.metadata.event_code = '1102'
),
proc AS (
  SELECT {{plain(p.time)}} AS t, p.metadata.uid AS uid, p.metadata.event_code AS code, p.activity_id AS activity,
         p.device.hostname AS device, p.actor.{{ident(user)}}.name AS actor, p.actor.session.uid AS session_uid,
         p.process.uid AS process_uid, p.process.name AS process_name, p.process.cmd_line AS cmd_line
  FROM process_activity p
  WHERE p.time >= TIMESTAMP '{{from}}' AND p.time < TIMESTAMP '{{to}}'
),
launched AS (
  SELECT p.* FROM proc p JOIN cleared c ON p.device = c.device AND p.session_uid = c.session_uid
  WHERE p.activity = 1 AND p.t >= c.t - INTERVAL '5' MINUTE AND p.t <= c.t
),
hits AS (
  SELECT t, uid, code, device, actor, domain AS detail FROM cleared
  UNION
  SELECT t, uid, code, device, actor, cmd_line FROM launched
  UNION
  SELECT x.t, x.uid, x.code, x.device, x.actor, x.process_name
  FROM proc x JOIN launched l ON x.process_uid = l.process_uid AND x.process_name = l.process_name
  WHERE x.activity = 2 AND x.t >= l.t AND x.t < l.t + INTERVAL '1' HOUR
)
SELECT CAST(date_trunc('second', t) AS VARCHAR) AS event_time, uid AS event_key,
       code, device, COALESCE(actor, '') AS actor, COALESCE(detail, '') AS detail
FROM hits
ORDER BY event_time, event_key, code, device, actor, detail
