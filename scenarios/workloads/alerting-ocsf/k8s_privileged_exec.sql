-- T1098.006 / T1609 cluster-admin binding then exec, on OCSF API Activity only: a successful
-- create of a (Cluster)RoleBinding whose request body binds cluster-admin (api.request.data),
-- then within 30 minutes an exec into a pod (metadata.event_code "create|get pods/exec") by the
-- same actor.user.name. Written for the Kubernetes audit source defined as data (its mapping:
-- scenarios/sources/k8s_audit.ocsf.toml). Returns the binding and the execs; event_key =
-- metadata.uid.
WITH api AS (
  SELECT {{plain(a.time)}} AS t, a.metadata.uid AS uid, a.metadata.event_code AS code, a.status_id AS status,
         a.actor.{{ident(user)}}.name AS account, a.api.request.data AS body
  FROM api_activity a
  WHERE a.time >= TIMESTAMP '{{from}}' AND a.time < TIMESTAMP '{{to}}'
),
bind AS (
  SELECT t, uid, account FROM api
  WHERE code IN ('create clusterrolebindings', 'create rolebindings') AND status = 1
    AND body LIKE '%"roleRef":{"kind":"ClusterRole","name":"cluster-admin"}%'
),
exec_ AS (
  SELECT e.t, e.uid, e.account, b.uid AS binding
  FROM api e JOIN bind b ON e.account = b.account
  WHERE e.code IN ('create pods/exec', 'get pods/exec') AND e.t > b.t AND e.t < b.t + INTERVAL '30' MINUTE
),
hits AS (
  SELECT b.t, b.uid, b.account, 'cluster-admin binding' AS detail FROM bind b
  WHERE EXISTS (SELECT 1 FROM exec_ x WHERE x.binding = b.uid)
  UNION
  SELECT x.t, x.uid, x.account, 'exec' FROM exec_ x
)
SELECT CAST(date_trunc('second', t) AS VARCHAR) AS event_time,
       uid AS event_key, account, detail
FROM hits
ORDER BY event_time, event_key, account, detail
