-- T1098.006 / T1609 cluster-admin binding then exec (k8s_audit, a source defined as data): a
-- successful create of a ClusterRoleBinding or RoleBinding whose roleRef is cluster-admin,
-- then within 30 minutes an exec into a pod (pods/exec, verb create or get: kubectl >= 1.30
-- sends get) by the same user. Admins bind lesser roles and exec into pods every day; only the
-- two together alert. Returns the binding and the execs.
WITH k AS (
  SELECT {{ident(stageTimestamp)}} AS t, {{ident(auditID)}} AS id, {{ident(user)}}.username AS account, verb,
         {{ident(objectRef)}}.resource AS resource, {{ident(objectRef)}}.subresource AS subresource,
         {{ident(objectRef)}}.namespace AS ns, {{ident(objectRef)}}.name AS name,
         {{ident(requestObject)}}.{{ident(roleRef)}}.name AS role, {{ident(responseStatus)}}.code AS code, stage
  FROM k8s_audit
  WHERE {{ident(stageTimestamp)}} >= TIMESTAMP '{{from}}' AND {{ident(stageTimestamp)}} < TIMESTAMP '{{to}}'
),
bind AS (
  SELECT t, id, account, name FROM k
  WHERE verb = 'create' AND resource IN ('clusterrolebindings', 'rolebindings')
    AND role = 'cluster-admin' AND code >= 200 AND code < 300
),
exec_ AS (
  SELECT e.t, e.id, e.account, e.ns, e.name, b.name AS binding
  FROM k e JOIN bind b ON e.account = b.account
  WHERE e.resource = 'pods' AND e.subresource = 'exec' AND e.verb IN ('create', 'get')
    AND e.t > b.t AND e.t < b.t + INTERVAL '30' MINUTE
),
hits AS (
  SELECT b.t, b.id, b.account, b.name AS detail FROM bind b
  WHERE EXISTS (SELECT 1 FROM exec_ x WHERE x.account = b.account AND x.binding = b.name)
  UNION
  SELECT x.t, x.id, x.account, concat(x.ns, '/', x.name) FROM exec_ x
)
SELECT CAST(date_trunc('second', t) AS VARCHAR) AS event_time,
       id AS event_key, account, detail
FROM hits
ORDER BY event_time, event_key, account, detail
