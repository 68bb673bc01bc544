-- T1078.004 console sign-in without MFA from a new location: a successful ConsoleLogin with
-- MFAUsed = No, by a principal with earlier activity, from an address nobody in the organisation
-- used successfully before (refused calls do not make an address known; the lake has no GeoIP
-- table, so "never-seen address" stands in for "new country"; the baseline reaches back one day
-- before {{from}}). Returns the sign-in and what that principal did from that address in the
-- following hour.
WITH ct AS (
  SELECT event_time, event_id, event_name, user_identity.arn AS arn, source_ip_address AS ip,
         user_agent, error_code, additional_event_data, response_elements, recipient_account_id
  FROM cloudtrail
  WHERE event_time >= TIMESTAMP '{{from}}' - INTERVAL '1' DAY AND event_time < TIMESTAMP '{{to}}'
),
login AS (
  SELECT * FROM ct
  WHERE event_name = 'ConsoleLogin' AND event_time >= TIMESTAMP '{{from}}'
    AND additional_event_data LIKE '%"MFAUsed":"No"%'
    AND response_elements LIKE '%"ConsoleLogin":"Success"%'
),
known_principal AS (
  SELECT l.event_id FROM login l JOIN ct p ON p.arn = l.arn AND p.event_time < l.event_time GROUP BY l.event_id
),
seen_ip AS (
  SELECT l.event_id FROM login l JOIN ct p ON p.ip = l.ip AND p.event_time < l.event_time AND p.error_code IS NULL
  GROUP BY l.event_id
),
suspicious AS (
  SELECT l.* FROM login l
  WHERE l.event_id IN (SELECT event_id FROM known_principal)
    AND l.event_id NOT IN (SELECT event_id FROM seen_ip)
),
hits AS (
  SELECT s.event_time, s.event_id, s.event_name, s.arn, s.ip, s.user_agent, s.error_code, s.recipient_account_id FROM suspicious s
  UNION
  SELECT c.event_time, c.event_id, c.event_name, c.arn, c.ip, c.user_agent, c.error_code, c.recipient_account_id
  FROM ct c JOIN suspicious s ON c.arn = s.arn AND c.ip = s.ip
  WHERE c.event_time > s.event_time AND c.event_time < s.event_time + INTERVAL '1' HOUR
)
SELECT CAST(date_trunc('second', event_time) AS VARCHAR) AS event_time,
       event_id AS event_key,
       event_name, arn, ip, recipient_account_id, user_agent, COALESCE(error_code, '') AS error_code
FROM hits
ORDER BY event_time, event_key, event_name, arn, ip, recipient_account_id, user_agent, error_code
