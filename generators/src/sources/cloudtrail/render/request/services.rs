//! requestParameters of storage, key, monitoring and the remaining services.

use crate::fmt::{
    civil, push_hex_fixed, push_java_date, push_padded, push_random_b32, push_u64, push_uuid,
    MICROS_PER_SEC,
};
use crate::rng::derive;
use crate::sources::cloudtrail::catalogue::Req;
use crate::sources::cloudtrail::render::vocab::{
    pick, ASGS, DBS, ECS_CLUSTERS, EKS_CLUSTERS, GLUE_DBS, GLUE_TABLES, MODELS, OBJECT_PREFIXES,
    QUEUES, REPOS, STACKS, TABLES, TARGET_GROUPS, TOPICS, TRAILS,
};
use crate::sources::cloudtrail::render::{push_hex17, View};
use crate::sources::cloudtrail::{Record, RoleKind};

impl View<'_> {
    /// S3 buckets and objects, KMS keys and Secrets Manager secrets.
    pub(super) fn push_storage_request(&self, r: &Record, out: &mut Vec<u8>) -> bool {
        let p = r.pick;
        match r.api().req {
            Req::S3Service => put!(out, b"{\"Host\":\"s3.amazonaws.com\"}"),
            Req::Bucket(sub) => {
                put!(out, b"{\"bucketName\":\"");
                self.push_bucket(r, out);
                put!(out, b"\",\"Host\":\"");
                self.push_host(r, out);
                put!(out, b"\"");
                if !sub.is_empty() {
                    put!(out, b",\"", sub.as_bytes(), b"\":\"\"");
                }
                put!(out, b"}");
            }
            Req::ListObjects => {
                put!(out, b"{\"list-type\":\"2\",\"bucketName\":\"");
                self.push_bucket(r, out);
                put!(
                    out,
                    b"\",\"encoding-type\":\"url\",\"prefix\":\"",
                    pick(OBJECT_PREFIXES, p, 6).as_bytes(),
                    b"\","
                );
                if p & 1 == 0 {
                    put!(out, b"\"delimiter\":\"/\",");
                }
                put!(out, b"\"Host\":\"");
                self.push_host(r, out);
                put!(out, b"\"}");
            }
            Req::Object => {
                put!(out, b"{\"bucketName\":\"");
                self.push_bucket(r, out);
                put!(out, b"\",\"Host\":\"");
                self.push_host(r, out);
                put!(out, b"\",\"key\":\"");
                self.push_object_key(r, out);
                put!(out, b"\"}");
            }
            Req::SecretId => {
                put!(out, b"{\"secretId\":\"");
                self.push_secret_arn(r, out);
                put!(out, b"\"}");
            }
            Req::KmsKey => {
                put!(out, b"{\"keyId\":\"");
                self.push_key_arn(r, out);
                put!(out, b"\"}");
            }
            Req::KmsCrypto => {
                put!(out, b"{\"encryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"");
                if p & 2 == 0 {
                    put!(out, b",\"encryptionContext\":{\"aws:lambda:FunctionArn\":\"");
                    self.push_function_arn(r, out);
                    put!(out, b"\"}");
                }
                put!(out, b"}");
            }
            Req::KmsDataKey => {
                put!(out, b"{\"keyId\":\"");
                self.push_key_arn(r, out);
                put!(out, b"\",\"keySpec\":\"AES_256\"}");
            }
            _ => unreachable!("not a shape of this group"),
        }
        true
    }

    /// CloudTrail, CloudWatch metrics and Logs, GuardDuty.
    pub(super) fn push_monitoring_request(&self, r: &Record, out: &mut Vec<u8>) -> bool {
        let p = r.pick;
        match r.api().req {
            Req::TrailName => {
                put!(out, b"{\"name\":\"");
                if r.uav & 1 == 0 {
                    put!(out, TRAILS[r.acct as usize % TRAILS.len()].as_bytes());
                } else {
                    self.push_trail_arn(r, out);
                }
                put!(out, b"\"}");
            }
            Req::TrailList => put!(out, b"{\"trailNameList\":[],\"includeShadowTrails\":true}"),
            Req::LookupEvents => {
                put!(out, b"{\"maxResults\":50,\"lookupAttributes\":[{\"attributeKey\":\"ReadOnly\",\"attributeValue\":\"false\"}],\"startTime\":\"");
                push_java_date(out, r.time - 86_400 * MICROS_PER_SEC, true);
                put!(out, b"\",\"endTime\":\"");
                push_java_date(out, r.time, true);
                put!(out, b"\"}");
            }
            Req::LogStream => {
                put!(
                    out,
                    b"{\"logGroupName\":\"/aws/lambda/",
                    self.function(r).as_bytes(),
                    b"\",\"logStreamName\":\""
                );
                let c = civil(r.time);
                push_padded(out, c.year as u64, 4);
                out.push(b'/');
                push_padded(out, c.month as u64, 2);
                out.push(b'/');
                push_padded(out, c.day as u64, 2);
                put!(out, b"/[$LATEST]");
                push_hex_fixed(out, self.h(r, 17), 16, false);
                push_hex_fixed(out, self.h(r, 18), 16, false);
                put!(out, b"\"}");
            }
            Req::LogGroup => {
                put!(out, b"{\"logGroupName\":\"/aws/lambda/", self.function(r).as_bytes(), b"\"}")
            }
            Req::LogPrefix => put!(
                out,
                b"{\"logGroupNamePrefix\":\"/aws/",
                pick(&["lambda/", "eks/", "rds/", "vpc/"], p, 2).as_bytes(),
                b"\"}"
            ),
            Req::MetricData | Req::MetricStats => {
                put!(out, b"{\"startTime\":\"");
                push_java_date(out, r.time - 3 * 3600 * MICROS_PER_SEC, true);
                put!(out, b"\",\"endTime\":\"");
                push_java_date(out, r.time, true);
                put!(out, b"\",");
                if r.api().req == Req::MetricStats {
                    put!(out, b"\"namespace\":\"AWS/EC2\",\"metricName\":\"CPUUtilization\",\"dimensions\":[{\"name\":\"InstanceId\",\"value\":\"");
                    self.push_instance(r, out);
                    put!(out, b"\"}],\"period\":300,\"statistics\":[\"Average\"]}");
                } else {
                    put!(out, b"\"metricDataQueries\":[{\"id\":\"m1\",\"metricStat\":{\"metric\":{\"namespace\":\"AWS/EC2\",\"metricName\":\"CPUUtilization\",\"dimensions\":[{\"name\":\"InstanceId\",\"value\":\"");
                    self.push_instance(r, out);
                    put!(out, b"\"}]},\"period\":300,\"stat\":\"Average\"},\"returnData\":true}],\"scanBy\":\"TimestampAscending\"}");
                }
            }
            Req::Detector => {
                put!(out, b"{\"detectorId\":\"");
                push_hex_fixed(
                    out,
                    derive(self.seed, &[0x9d, r.acct as u64, r.region as u64]),
                    16,
                    false,
                );
                push_hex_fixed(
                    out,
                    derive(self.seed, &[0x9e, r.acct as u64, r.region as u64]),
                    16,
                    false,
                );
                put!(out, b"\"}");
            }
            _ => unreachable!("not a shape of this group"),
        }
        true
    }

    /// Lambda, databases, queues, containers, load balancing, DNS, CDN, analytics, Bedrock, Backup, and
    /// the paging-only shapes.
    pub(super) fn push_other_request(&self, r: &Record, out: &mut Vec<u8>) -> bool {
        let p = r.pick;
        let region = Self::region(r).as_bytes();
        let acct = self.acct(r).id.as_bytes();
        match r.api().req {
            Req::FunctionName => {
                put!(out, b"{\"functionName\":\"", self.function(r).as_bytes(), b"\"}")
            }
            Req::DbInstance => {
                put!(out, b"{\"dBInstanceIdentifier\":\"", pick(DBS, p, 2).as_bytes(), b"\"}")
            }
            Req::Table => put!(out, b"{\"tableName\":\"", pick(TABLES, p, 2).as_bytes(), b"\"}"),
            Req::Topic => put!(
                out,
                b"{\"topicArn\":\"arn:aws:sns:",
                region,
                b":",
                acct,
                b":",
                pick(TOPICS, p, 2).as_bytes(),
                b"\"}"
            ),
            Req::Queue => put!(
                out,
                b"{\"queueUrl\":\"https://sqs.",
                region,
                b".amazonaws.com/",
                acct,
                b"/",
                pick(QUEUES, p, 2).as_bytes(),
                b"\",\"attributeNames\":[\"All\"]}"
            ),
            Req::QueueName => {
                put!(out, b"{\"queueName\":\"", pick(QUEUES, p, 2).as_bytes(), b"\"}")
            }
            Req::TargetGroup => {
                put!(
                    out,
                    b"{\"targetGroupArn\":\"arn:aws:elasticloadbalancing:",
                    region,
                    b":",
                    acct,
                    b":targetgroup/",
                    pick(TARGET_GROUPS, p, 2).as_bytes(),
                    b"/"
                );
                push_hex_fixed(
                    out,
                    derive(self.seed, &[0x7a9, r.acct as u64, (p >> 16) % 3]),
                    16,
                    false,
                );
                put!(out, b"\"}");
            }
            Req::AsgNames => {
                put!(out, b"{\"autoScalingGroupNames\":[\"", pick(ASGS, p, 2).as_bytes(), b"\"]}")
            }
            Req::Repo => put!(
                out,
                b"{\"repositoryName\":\"",
                pick(REPOS, p, 2).as_bytes(),
                b"\",\"registryId\":\"",
                acct,
                b"\"}"
            ),
            Req::RepoLayer => {
                put!(
                    out,
                    b"{\"repositoryName\":\"",
                    pick(REPOS, p, 2).as_bytes(),
                    b"\",\"registryId\":\"",
                    acct,
                    b"\",\"layerDigest\":\"sha256:"
                );
                push_hex_fixed(out, self.h(r, 19), 16, false);
                push_hex_fixed(out, self.h(r, 20), 16, false);
                push_hex_fixed(out, self.h(r, 21), 16, false);
                push_hex_fixed(out, self.h(r, 22), 16, false);
                put!(out, b"\"}");
            }
            Req::Cluster => {
                put!(out, b"{\"cluster\":\"", pick(ECS_CLUSTERS, p, 2).as_bytes(), b"\"}")
            }
            Req::ClusterName => {
                put!(out, b"{\"name\":\"", pick(EKS_CLUSTERS, p, 2).as_bytes(), b"\"}")
            }
            Req::Services => put!(
                out,
                b"{\"cluster\":\"",
                pick(ECS_CLUSTERS, p, 2).as_bytes(),
                b"\",\"services\":[\"",
                pick(REPOS, p, 3).as_bytes(),
                b"\"]}"
            ),
            Req::Tasks => {
                put!(
                    out,
                    b"{\"cluster\":\"",
                    pick(ECS_CLUSTERS, p, 2).as_bytes(),
                    b"\",\"tasks\":[\""
                );
                push_hex_fixed(out, self.h(r, 23), 16, false);
                push_hex_fixed(out, self.h(r, 24), 16, false);
                put!(out, b"\"]}");
            }
            Req::TaskDef => {
                put!(out, b"{\"taskDefinition\":\"", pick(REPOS, p, 3).as_bytes(), b"\"}")
            }
            Req::Stack => put!(out, b"{\"stackName\":\"", pick(STACKS, p, 2).as_bytes(), b"\"}"),
            Req::HostedZone => {
                put!(out, b"{\"hostedZoneId\":\"Z");
                push_random_b32(out, 13, derive(self.seed, &[0x253, r.acct as u64, p % 2]));
                put!(out, b"\"}");
            }
            Req::ModelId => put!(out, b"{\"modelId\":\"", pick(MODELS, p, 2).as_bytes(), b"\"}"),
            Req::QueryExecution => {
                put!(out, b"{\"queryExecutionId\":\"");
                push_uuid(out, self.h(r, 26), self.h(r, 27), false);
                put!(out, b"\"}");
            }
            Req::GlueTable => put!(
                out,
                b"{\"databaseName\":\"",
                pick(GLUE_DBS, p, 2).as_bytes(),
                b"\",\"name\":\"",
                pick(GLUE_TABLES, p, 3).as_bytes(),
                b"\"}"
            ),
            Req::GlueDatabase => {
                put!(out, b"{\"name\":\"", pick(GLUE_DBS, p, 2).as_bytes(), b"\"}")
            }
            Req::BackupJob => {
                put!(
                    out,
                    b"{\"backupVaultName\":\"Default\",\"resourceArn\":\"arn:aws:ec2:",
                    region,
                    b":",
                    acct,
                    b":volume/vol-"
                );
                push_hex17(out, self.h(r, 11));
                put!(
                    out,
                    b"\",\"iamRoleArn\":\"",
                    self.kind_role(r, RoleKind::Backup).arn.as_bytes(),
                    b"\"}"
                );
            }
            Req::Distribution => {
                put!(out, b"{\"id\":\"E");
                push_random_b32(out, 13, derive(self.seed, &[0xcf, r.acct as u64]));
                put!(out, b"\"}");
            }
            Req::MaxResults(n) => {
                put!(out, b"{\"maxResults\":");
                push_u64(out, n as u64);
                put!(out, b"}");
            }
            Req::MaxRecords(n) => {
                put!(out, b"{\"maxRecords\":");
                push_u64(out, n as u64);
                put!(out, b"}");
            }
            _ => unreachable!("not a shape of this group"),
        }
        true
    }
}
