-- Rare parent -> child process pairs (seen at most twice), e.g. Office spawning PowerShell.
SELECT parent_process_name, new_process_name, count(*) AS executions, count(DISTINCT computer) AS hosts,
       CAST(date_trunc('second', min(time_created)) AS VARCHAR) AS first_seen
FROM windows_security
WHERE event_id = 4688
GROUP BY parent_process_name, new_process_name
HAVING count(*) <= 2
ORDER BY executions, parent_process_name, new_process_name, hosts, first_seen
