-- T1543.003 suspicious service install: Windows 4697 whose image path runs from a temp /
-- admin-share / PerfLogs / user-writable location or through cmd / PowerShell (the Sigma
-- ImagePath list). OCSF has no core class for it and the Windows extension is not vendored, so
-- it is a Base Event found by metadata.event_code, its service fields in `unmapped`
-- (docs/ocsf.md). With the installing session (actor.session.uid) on that device: its logon and
-- logoff (Authentication, session.uid) and its special privileges (Base Event 4672).
WITH base AS (
  SELECT {{plain(b.time)}} AS t, b.metadata.uid AS uid, b.metadata.event_code AS code, b.device.hostname AS device,
         b.actor.{{ident(user)}}.name AS actor, b.actor.session.uid AS session_uid,
         b.unmapped['service_name'] AS service_name, b.unmapped['service_file_name'] AS image_path
  FROM base_event b
  WHERE b.time >= TIMESTAMP '{{from}}' AND b.time < TIMESTAMP '{{to}}'
    AND b.metadata.product.name = 'Microsoft Windows' AND b.metadata.event_code IN ('4697', '4672')
),
svc AS (
  SELECT * FROM base
  WHERE code = '4697'
    AND (lower(image_path) LIKE '%temp%' OR lower(image_path) LIKE '%admin$%'
         OR lower(image_path) LIKE '%perflogs%' OR lower(image_path) LIKE '%users%public%'
         OR lower(image_path) LIKE '%appdata%' OR lower(image_path) LIKE '%programdata%'
         OR lower(image_path) LIKE '%comspec%' OR lower(image_path) LIKE '%cmd.exe%'
         OR lower(image_path) LIKE '%cmd /c%' OR lower(image_path) LIKE '%powershell%'
         OR lower(image_path) LIKE '%127.0.0.1%' OR lower(service_name) = 'psexesvc')
),
hits AS (
  SELECT t, uid, code, device, actor, service_name, image_path AS detail FROM svc
  UNION
  SELECT {{plain(a.time)}}, a.metadata.uid, a.metadata.event_code, a.device.hostname, s.actor, s.service_name,
         COALESCE(a.src_endpoint.ip, a.session.uid)
  FROM authentication a JOIN svc s ON a.device.hostname = s.device AND a.session.uid = s.session_uid
  WHERE a.time >= TIMESTAMP '{{from}}' AND a.time < TIMESTAMP '{{to}}'
    AND a.activity_id IN (1, 2)
    AND a.time >= s.t - INTERVAL '1' HOUR AND a.time < s.t + INTERVAL '1' HOUR
  UNION
  SELECT p.t, p.uid, p.code, p.device, s.actor, s.service_name, p.session_uid
  FROM base p JOIN svc s ON p.device = s.device AND p.session_uid = s.session_uid
  WHERE p.code = '4672' AND p.t >= s.t - INTERVAL '1' HOUR AND p.t <= s.t
)
SELECT CAST(date_trunc('second', t) AS VARCHAR) AS event_time, uid AS event_key,
       code, device, COALESCE(actor, '') AS actor, COALESCE(service_name, '') AS service_name,
       COALESCE(detail, '') AS detail
FROM hits
ORDER BY event_time, event_key, code, device, actor, service_name, detail
