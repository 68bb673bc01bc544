-- T1098.003 admin policy attached: api.operation Attach{User,Group,Role}Policy with the AWS
-- managed AdministratorAccess policy in api.request.data. OCSF files the three in three classes
-- (a user's policy is an Account Change, a group's a Group Management, a role's an API
-- Activity), so the rule reads all three. With the caller's (actor.user.uid) reconnaissance of
-- that principal's policies (ListAttached*Policies, same target) in the 30 minutes before.
WITH attach_calls AS (
  SELECT {{plain(u.time)}} AS t, u.metadata.uid AS uid, u.api.operation AS operation, u.actor.{{ident(user)}}.uid AS actor,
         u.src_endpoint.ip AS ip, u.api.request.data AS request, u.api.response.error AS error, u.cloud.account.uid AS account
  FROM account_change u
  WHERE u.time >= TIMESTAMP '{{from}}' AND u.time < TIMESTAMP '{{to}}' AND u.api.operation = 'AttachUserPolicy'
  UNION ALL
  SELECT {{plain(g.time)}}, g.metadata.uid, g.api.operation, g.actor.{{ident(user)}}.uid, g.src_endpoint.ip, g.api.request.data,
         g.api.response.error, g.cloud.account.uid
  FROM group_management g
  WHERE g.time >= TIMESTAMP '{{from}}' AND g.time < TIMESTAMP '{{to}}' AND g.api.operation = 'AttachGroupPolicy'
  UNION ALL
  SELECT {{plain(r.time)}}, r.metadata.uid, r.api.operation, r.actor.{{ident(user)}}.uid, r.src_endpoint.ip, r.api.request.data,
         r.api.response.error, r.cloud.account.uid
  FROM api_activity r
  WHERE r.time >= TIMESTAMP '{{from}}' AND r.time < TIMESTAMP '{{to}}' AND r.api.operation = 'AttachRolePolicy'
),
attached AS (
  SELECT * FROM attach_calls
  WHERE request LIKE '%"policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"%'
),
hits AS (
  SELECT t, uid, operation, actor, ip, request, error, account FROM attached
  UNION
  -- {"userName":"x"} is a prefix of {"userName":"x","policyArn":...} once its closing brace is cut
  SELECT {{plain(l.time)}}, l.metadata.uid, l.api.operation, l.actor.{{ident(user)}}.uid, l.src_endpoint.ip, l.api.request.data,
         l.api.response.error, l.cloud.account.uid
  FROM api_activity l JOIN attached a ON l.actor.{{ident(user)}}.uid = a.actor
  WHERE l.time >= TIMESTAMP '{{from}}' AND l.time < TIMESTAMP '{{to}}'
    AND l.api.operation IN ('ListAttachedUserPolicies', 'ListAttachedGroupPolicies', 'ListAttachedRolePolicies')
    AND a.request LIKE (substring(l.api.request.data, 1, length(l.api.request.data) - 1) || ',%')
    AND l.time >= a.t - INTERVAL '30' MINUTE AND l.time <= a.t
)
SELECT CAST(date_trunc('second', t) AS VARCHAR) AS event_time, uid AS event_key,
       operation, actor, COALESCE(ip, '') AS ip, account, COALESCE(request, '') AS request, COALESCE(error, '') AS error
FROM hits
ORDER BY event_time, event_key, operation, actor, ip, account, request, error
