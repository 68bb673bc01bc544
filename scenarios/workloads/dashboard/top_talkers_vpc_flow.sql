-- Top 20 (source, destination) pairs by bytes in VPC flow logs, accepted traffic.
SELECT srcaddr, dstaddr, sum(bytes) AS total_bytes, sum(packets) AS packets, count(*) AS records
FROM vpc_flow
WHERE start_time >= TIMESTAMP '{{from}}' AND start_time < TIMESTAMP '{{to}}' AND action = 'ACCEPT'
GROUP BY srcaddr, dstaddr
ORDER BY total_bytes DESC, srcaddr, dstaddr, packets, records
LIMIT 20
