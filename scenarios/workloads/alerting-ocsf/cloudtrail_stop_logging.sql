-- T1562.008 audit trail tampering, on OCSF API Activity: api.operation StopLogging, DeleteTrail,
-- UpdateTrail or PutEventSelectors on api.service.name cloudtrail.amazonaws.com (successful or
-- not), with the trail reconnaissance (DescribeTrails, GetTrailStatus, ListTrails,
-- GetEventSelectors) the same actor.user.uid made from the same src_endpoint.ip in the 30
-- minutes before.
WITH api AS (
  SELECT a.time AS t, a.metadata.uid AS uid, a.api.operation AS operation, a.actor.{{ident(user)}}.uid AS actor,
         a.src_endpoint.ip AS ip, a.api.request.data AS request, a.api.response.error AS error,
         a.cloud.account.uid AS account, a.cloud.region AS region
  FROM api_activity a
  WHERE a.time >= TIMESTAMP '{{from}}' AND a.time < TIMESTAMP '{{to}}'
    AND a.api.service.name = 'cloudtrail.amazonaws.com'
),
tamper AS (
  SELECT * FROM api WHERE operation IN ('StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors')
),
hits AS (
  SELECT t, uid, operation, actor, ip, request, error, account, region FROM tamper
  UNION
  SELECT r.t, r.uid, r.operation, r.actor, r.ip, r.request, r.error, r.account, r.region
  FROM api r JOIN tamper x ON r.actor = x.actor AND r.ip = x.ip
  WHERE r.operation IN ('DescribeTrails', 'GetTrailStatus', 'ListTrails', 'GetEventSelectors')
    AND r.t >= x.t - INTERVAL '30' MINUTE AND r.t <= x.t
)
SELECT CAST(date_trunc('second', t) AS VARCHAR) AS event_time, uid AS event_key,
       operation, actor, ip, account, region, COALESCE(request, '') AS request, COALESCE(error, '') AS error
FROM hits
ORDER BY event_time, event_key, operation, actor, ip, account, region, request, error
