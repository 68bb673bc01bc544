-- Rejected VPC flows by destination port and protocol (security-group scanning noise).
SELECT dstport, protocol, count(*) AS rejects, count(DISTINCT srcaddr) AS sources
FROM vpc_flow
WHERE start_time >= TIMESTAMP '{{from}}' AND start_time < TIMESTAMP '{{to}}' AND action = 'REJECT'
GROUP BY dstport, protocol
ORDER BY rejects DESC, dstport, protocol, sources
LIMIT 20
