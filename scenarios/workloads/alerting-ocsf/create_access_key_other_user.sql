-- T1098.001 access key created for another user, on OCSF Account Change and API Activity:
-- api.operation CreateAccessKey naming a user (api.request.data has userName) other than the
-- caller (user.name, the user acted on, differs from actor.user.name; role sessions have no
-- actor.user.name), with the ListAccessKeys the caller (actor.user.uid) made for that user
-- (same request) in the 30 minutes before.
WITH created AS (
  SELECT {{plain(c.time)}} AS t, c.metadata.uid AS uid, c.api.operation AS operation, c.actor.{{ident(user)}}.uid AS actor,
         c.src_endpoint.ip AS ip, c.api.request.data AS request, c.api.response.error AS error,
         c.cloud.account.uid AS account
  FROM account_change c
  WHERE c.time >= TIMESTAMP '{{from}}' AND c.time < TIMESTAMP '{{to}}'
    AND c.api.operation = 'CreateAccessKey'
    AND c.api.request.data LIKE '%"userName":%'
    AND c.{{ident(user)}}.name <> COALESCE(c.actor.{{ident(user)}}.name, '')
),
hits AS (
  SELECT t, uid, operation, actor, ip, request, error, account FROM created
  UNION
  SELECT {{plain(l.time)}}, l.metadata.uid, l.api.operation, l.actor.{{ident(user)}}.uid, l.src_endpoint.ip, l.api.request.data,
         l.api.response.error, l.cloud.account.uid
  FROM api_activity l JOIN created c ON l.actor.{{ident(user)}}.uid = c.actor AND l.api.request.data = c.request
  WHERE l.time >= TIMESTAMP '{{from}}' AND l.time < TIMESTAMP '{{to}}'
    AND l.api.operation = 'ListAccessKeys'
    AND l.time >= c.t - INTERVAL '30' MINUTE AND l.time <= c.t
)
SELECT CAST(date_trunc('second', t) AS VARCHAR) AS event_time, uid AS event_key,
       operation, actor, COALESCE(ip, '') AS ip, account, COALESCE(request, '') AS request, COALESCE(error, '') AS error
FROM hits
ORDER BY event_time, event_key, operation, actor, ip, account, request, error
