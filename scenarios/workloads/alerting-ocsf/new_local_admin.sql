-- T1136.001 new local admin, on OCSF Account Change, Group Management and Process Activity: an
-- account created (Account Change, activity Create) and added to the local Administrators group
-- (Group Management, activity Add User, group.uid S-1-5-32-544, user.uid = the new account's)
-- on the same device within an hour. Returns both, the other account changes on that user.uid
-- (enable, password reset, change), the processes the creator's session launched on that device
-- whose command line names the account (net user / net localgroup) and their terminations.
WITH acct AS (
  SELECT {{plain(c.time)}} AS t, c.metadata.uid AS uid, c.metadata.event_code AS code, c.activity_id AS activity,
         c.device.hostname AS device, c.actor.{{ident(user)}}.name AS actor, c.actor.session.uid AS session_uid,
         c.{{ident(user)}}.name AS account, c.{{ident(user)}}.uid AS account_uid
  FROM account_change c
  WHERE c.time >= TIMESTAMP '{{from}}' AND c.time < TIMESTAMP '{{to}}' AND c.device.hostname IS NOT NULL
),
created AS (
  SELECT * FROM acct WHERE activity = 1
),
added AS (
  SELECT {{plain(g.time)}} AS t, g.metadata.uid AS uid, g.metadata.event_code AS code, g.device.hostname AS device,
         g.actor.{{ident(user)}}.name AS actor, g.group.name AS grp, c.account AS new_account, c.account_uid AS account_uid,
         c.session_uid AS session_uid, c.t AS created_t
  FROM group_management g JOIN created c ON g.device.hostname = c.device AND g.{{ident(user)}}.uid = c.account_uid
  WHERE g.time >= TIMESTAMP '{{from}}' AND g.time < TIMESTAMP '{{to}}'
    AND g.activity_id = 3 AND g.group.uid = 'S-1-5-32-544'
    AND g.time >= c.t AND g.time < c.t + INTERVAL '1' HOUR
),
proc AS (
  SELECT {{plain(p.time)}} AS t, p.metadata.uid AS uid, p.metadata.event_code AS code, p.activity_id AS activity,
         p.device.hostname AS device, p.actor.{{ident(user)}}.name AS actor, p.actor.session.uid AS session_uid,
         p.process.uid AS process_uid, p.process.name AS process_name, p.process.cmd_line AS cmd_line
  FROM process_activity p
  WHERE p.time >= TIMESTAMP '{{from}}' AND p.time < TIMESTAMP '{{to}}'
),
launched AS (
  SELECT p.t, p.uid, p.code, p.device, p.actor, p.process_uid, p.process_name, a.new_account
  FROM proc p JOIN added a ON p.device = a.device AND p.session_uid = a.session_uid
  WHERE p.activity = 1 AND p.t >= a.created_t - INTERVAL '10' MINUTE AND p.t <= a.t
    AND lower(p.cmd_line) LIKE ('%' || lower(a.new_account) || '%')
),
hits AS (
  SELECT a.t, a.uid, a.code, a.device, a.actor, a.new_account, a.grp AS detail FROM added a
  UNION
  SELECT e.t, e.uid, e.code, e.device, e.actor, a.new_account, e.account_uid
  FROM acct e JOIN added a ON e.device = a.device AND e.account_uid = a.account_uid
  WHERE e.t >= a.created_t AND e.t <= a.t
  UNION
  SELECT l.t, l.uid, l.code, l.device, l.actor, l.new_account, l.process_name FROM launched l
  UNION
  SELECT x.t, x.uid, x.code, x.device, x.actor, l.new_account, x.process_name
  FROM proc x JOIN launched l ON x.process_uid = l.process_uid AND x.process_name = l.process_name
  WHERE x.activity = 2 AND x.t >= l.t AND x.t < l.t + INTERVAL '1' HOUR
)
SELECT CAST(date_trunc('second', t) AS VARCHAR) AS event_time, uid AS event_key,
       code, device, actor, new_account, COALESCE(detail, '') AS detail
FROM hits
ORDER BY event_time, event_key, code, device, actor, new_account, detail
