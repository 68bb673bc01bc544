-- Rare binaries: process images started on at most two hosts over the whole range.
SELECT new_process_name, count(*) AS executions, count(DISTINCT computer) AS hosts,
       count(DISTINCT subject_user_name) AS users,
       CAST(date_trunc('second', min(time_created)) AS VARCHAR) AS first_seen,
       CAST(date_trunc('second', max(time_created)) AS VARCHAR) AS last_seen
FROM windows_security
WHERE event_id = 4688
GROUP BY new_process_name
HAVING count(DISTINCT computer) <= 2
ORDER BY hosts, executions, new_process_name, users, first_seen, last_seen
