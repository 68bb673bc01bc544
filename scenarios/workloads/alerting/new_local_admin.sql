-- T1136.001 new local admin: an account created (4720) and added to the local Administrators
-- group (4732, member SID = the new account's SID) on the same host within an hour. Returns both,
-- the account-management events on that SID (4722 enabled, 4724 password reset, 4738 changed),
-- the processes on that host whose command line names the account (net user / net localgroup)
-- and their exits (4689).
WITH win AS (
  SELECT * FROM windows_security
  WHERE time_created >= TIMESTAMP '{{from}}' AND time_created < TIMESTAMP '{{to}}'
),
created AS (
  SELECT time_created AS t, event_record_id, computer, subject_user_name, subject_logon_id, target_user_name, target_sid
  FROM win WHERE event_id = 4720
),
added AS (
  SELECT g.time_created AS t, g.event_record_id AS event_record_id, g.computer AS computer, g.subject_user_name AS subject_user_name, g.target_user_name AS grp,
         c.target_user_name AS new_account, c.target_sid AS target_sid, c.subject_logon_id AS subject_logon_id, c.t AS created_t
  FROM win g JOIN created c ON g.computer = c.computer AND g.member_sid = c.target_sid
  WHERE g.event_id = 4732 AND g.target_sid = 'S-1-5-32-544'
    AND g.time_created >= c.t AND g.time_created < c.t + INTERVAL '1' HOUR
),
procs AS (
  SELECT p.time_created AS t, p.event_record_id AS event_record_id, p.computer AS computer, p.subject_user_name AS subject_user_name,
         p.new_process_id AS new_process_id, p.new_process_name AS new_process_name, a.new_account AS new_account
  FROM win p JOIN added a ON p.computer = a.computer AND p.subject_logon_id = a.subject_logon_id
  WHERE p.event_id = 4688 AND p.time_created >= a.created_t - INTERVAL '10' MINUTE AND p.time_created <= a.t
    AND lower(p.command_line) LIKE ('%' || lower(a.new_account) || '%')
),
hits AS (
  SELECT a.t, a.event_record_id, 4732 AS event_id, a.computer, a.subject_user_name AS actor, a.new_account, a.grp AS detail FROM added a
  UNION
  SELECT e.time_created, e.event_record_id, e.event_id, e.computer, e.subject_user_name, a.new_account, e.target_sid
  FROM win e JOIN added a ON e.computer = a.computer AND e.target_sid = a.target_sid
  WHERE e.event_id IN (4720, 4722, 4724, 4738) AND e.time_created >= a.created_t AND e.time_created <= a.t
  UNION
  SELECT p.t, p.event_record_id, 4688, p.computer, p.subject_user_name, p.new_account, p.new_process_name FROM procs p
  UNION
  SELECT x.time_created, x.event_record_id, x.event_id, x.computer, x.subject_user_name, p.new_account, x.process_name
  FROM win x JOIN procs p ON x.computer = p.computer AND x.process_id = p.new_process_id AND x.process_name = p.new_process_name
  WHERE x.event_id = 4689 AND x.time_created >= p.t AND x.time_created < p.t + INTERVAL '1' HOUR
)
SELECT CAST(date_trunc('second', t) AS VARCHAR) AS event_time,
       computer || ':' || CAST(event_record_id AS VARCHAR) AS event_key,
       event_id, computer, actor, new_account, detail
FROM hits
ORDER BY event_time, event_key, event_id, computer, actor, new_account, detail
