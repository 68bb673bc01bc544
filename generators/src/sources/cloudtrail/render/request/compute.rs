//! requestParameters of EC2, EC2 Instance Connect and Systems Manager (the instance-facing calls).

use crate::fmt::{push_ipv4, push_java_date, push_random_b64, push_u64, push_uuid};
use crate::rng::derive;
use crate::sources::cloudtrail::catalogue::Req;
use crate::sources::cloudtrail::render::vocab::{pick, PARAMS, PARAM_PATHS, REPOS};
use crate::sources::cloudtrail::render::{push_hex17, View};
use crate::sources::cloudtrail::Record;

impl View<'_> {
    /// EC2 and EC2 Instance Connect: instances, volumes, snapshots, security groups.
    pub(super) fn push_ec2_request(&self, r: &Record, out: &mut Vec<u8>) -> bool {
        let p = r.pick;
        match r.api().req {
            Req::Ec2Instances => match p % 4 {
                0 | 1 => put!(out, b"{\"instancesSet\":{},\"filterSet\":{}}"),
                2 => {
                    put!(out, b"{\"instancesSet\":{\"items\":[{\"instanceId\":\"");
                    self.push_instance(r, out);
                    put!(out, b"\"}]},\"filterSet\":{}}");
                }
                _ => {
                    put!(out, b"{\"instancesSet\":{},\"filterSet\":{\"items\":[{\"name\":\"");
                    if p & 64 == 0 {
                        put!(out, b"instance-state-name\",\"valueSet\":{\"items\":[{\"value\":\"running\"}]}}]}}");
                    } else {
                        put!(out, b"tag:Name\",\"valueSet\":{\"items\":[{\"value\":\"", pick(REPOS, p, 3).as_bytes(), b"-*\"}]}}]}}");
                    }
                }
            },
            Req::Ec2InstanceStatus => {
                put!(out, b"{\"instancesSet\":{\"items\":[{\"instanceId\":\"");
                self.push_instance(r, out);
                put!(out, b"\"}]},\"filterSet\":{},\"includeAllInstances\":", if p & 1 == 0 { b"false}" } else { b"true}" });
            }
            Req::Ec2InstanceIds => {
                put!(out, b"{\"instancesSet\":{\"items\":[{\"instanceId\":\"");
                self.push_instance(r, out);
                put!(out, b"\"}]}}");
            }
            Req::Ec2Set(name) => put!(out, b"{\"", name.as_bytes(), b"\":{},\"filterSet\":{}}"),
            Req::Ec2Filter => put!(out, b"{\"filterSet\":{}}"),
            Req::Ec2Addresses => put!(out, b"{\"publicIpsSet\":{},\"allocationIdsSet\":{},\"filterSet\":{}}"),
            Req::Ec2Images => put!(out, b"{\"executableBySet\":{},\"imagesSet\":{},\"ownersSet\":{\"items\":[{\"owner\":\"", if p & 1 == 0 { b"self" as &[u8] } else { b"amazon" }, b"\"}]},\"filterSet\":{}}"),
            Req::Ec2AccountAttributes => put!(out, b"{\"accountAttributeNameSet\":{\"items\":[{\"attributeName\":\"supported-platforms\"}]},\"filterSet\":{}}"),
            Req::Ec2Azs => put!(out, b"{\"availabilityZoneSet\":{},\"availabilityZoneIdSet\":{}}"),
            Req::InstanceId => {
                put!(out, b"{\"instanceId\":\"");
                self.push_instance(r, out);
                put!(out, b"\"}");
            }
            Req::InstanceAttr => {
                put!(out, b"{\"instanceId\":\"");
                self.push_instance(r, out);
                put!(out, b"\",\"attribute\":\"", pick(&["instanceType", "userData", "disableApiTermination", "instanceInitiatedShutdownBehavior"], p, 2).as_bytes(), b"\"}");
            }
            Req::Ec2CreateTags => {
                put!(out, b"{\"resourcesSet\":{\"items\":[{\"resourceId\":\"");
                self.push_instance(r, out);
                put!(out, b"\"}]},\"tagSet\":{\"items\":[{\"key\":\"", pick(&["Name", "Owner", "CostCenter", "Environment", "Backup"], p, 2).as_bytes(), b"\",\"value\":\"", pick(REPOS, p, 3).as_bytes(), b"\"}]}}");
            }
            Req::Ec2Volume => {
                put!(out, b"{\"volumeId\":\"vol-");
                push_hex17(out, self.h(r, 11));
                put!(out, b"\",\"description\":\"This snapshot is created by the AWS Backup service.\"}");
            }
            Req::Ec2Snapshot => {
                put!(out, b"{\"snapshotId\":\"snap-");
                push_hex17(out, self.h(r, 12));
                put!(out, b"\"}");
            }
            Req::Ec2SgIngress => {
                put!(out, b"{\"groupId\":\"sg-");
                push_hex17(out, derive(self.seed, &[0x5a, r.acct as u64, p % 6]));
                put!(out, b"\",\"ipPermissions\":{\"items\":[{\"ipProtocol\":\"tcp\",\"fromPort\":", pick(&["443", "22", "5432", "8080"], p, 2).as_bytes());
                put!(out, b",\"toPort\":", pick(&["443", "22", "5432", "8080"], p, 2).as_bytes(), b",\"groups\":{},\"ipRanges\":{\"items\":[{\"cidrIp\":\"10.");
                push_u64(out, 100 + r.acct as u64);
                put!(out, b".0.0/16\"}]},\"ipv6Ranges\":{},\"prefixListIds\":{}}]}}");
            }
            Req::Ec2RunInstances => {
                put!(out, b"{\"instancesSet\":{\"items\":[{\"imageId\":\"ami-");
                push_hex17(out, derive(self.seed, &[0xa31, r.region as u64, p % 4]));
                put!(out, b"\",\"minCount\":1,\"maxCount\":1}]},\"instanceType\":\"", pick(&["t3.medium", "m6i.large", "c6i.xlarge", "r6g.large"], p, 2).as_bytes());
                put!(out, b"\",\"blockDeviceMapping\":{},\"monitoring\":{\"enabled\":false},\"disableApiTermination\":false,\"disableApiStop\":false,\"clientToken\":\"");
                push_uuid(out, self.h(r, 13), self.h(r, 14), false);
                put!(out, b"\"}");
            }
            Req::SshKey => {
                put!(out, b"{\"instanceId\":\"");
                self.push_instance(r, out);
                put!(out, b"\",\"instanceOSUser\":\"ec2-user\",\"sSHPublicKey\":\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI");
                push_random_b64(out, 43, self.h(r, 25));
                put!(out, b"\"}");
            }
            _ => unreachable!("not a shape of this group"),
        }
        true
    }

    /// Systems Manager: the agent, Parameter Store, Run Command and Session Manager.
    pub(super) fn push_ssm_request(&self, r: &Record, out: &mut Vec<u8>) -> bool {
        let p = r.pick;
        let region = Self::region(r).as_bytes();
        match r.api().req {
            Req::SsmFilters => {
                if p % 5 < 3 {
                    put!(out, b"{\"filters\":[{\"key\":\"InstanceIds\",\"values\":[\"");
                    self.push_instance(r, out);
                    put!(out, b"\"]}]}");
                } else {
                    put!(out, b"{\"maxResults\":50}");
                }
            }
            Req::SsmAgent => {
                put!(out, b"{\"instanceId\":\"");
                self.push_instance(r, out);
                put!(out, b"\",\"agentVersion\":\"3.3.");
                push_u64(out, 1000 + (r.uav as u64 % 900));
                put!(out, b".0\",\"agentStatus\":\"Active\",\"platformType\":\"Linux\",\"platformName\":\"Amazon Linux\",\"platformVersion\":\"2023\",\"iPAddress\":\"");
                push_ipv4(out, self.instance_ip(r));
                put!(out, b"\",\"computerName\":\"ip-");
                let ip = self.instance_ip(r);
                for (i, sh) in [24, 16, 8, 0].iter().enumerate() {
                    if i > 0 {
                        out.push(b'-');
                    }
                    push_u64(out, ((ip >> sh) & 0xff) as u64);
                }
                put!(
                    out,
                    b".ec2.internal\",\"agentName\":\"amazon-ssm-agent\",\"availabilityZone\":\"",
                    region,
                    b"a\",\"availabilityZoneId\":\"use1-az2\"}"
                );
            }
            Req::SsmInstance => {
                put!(out, b"{\"instanceId\":\"");
                self.push_instance(r, out);
                put!(out, b"\"}");
            }
            Req::SsmAssocStatus => {
                put!(out, b"{\"associationId\":\"");
                push_uuid(out, derive(self.seed, &[0xa55, r.acct as u64]), 7, false);
                put!(out, b"\",\"instanceId\":\"");
                self.push_instance(r, out);
                put!(out, b"\",\"executionResult\":{\"status\":\"Success\",\"executionDate\":\"");
                push_java_date(out, r.time, true);
                put!(out, b"\"}}");
            }
            Req::ParamName => put!(
                out,
                b"{\"name\":\"",
                pick(PARAMS, p, 1).as_bytes(),
                b"\",\"withDecryption\":",
                if p & 1 == 0 { b"true}" } else { b"false}" }
            ),
            Req::ParamNames => {
                put!(
                    out,
                    b"{\"names\":[\"",
                    pick(PARAMS, p, 1).as_bytes(),
                    b"\",\"",
                    pick(PARAMS, p, 2).as_bytes(),
                    b"\"],\"withDecryption\":true}"
                );
            }
            Req::ParamPath => put!(
                out,
                b"{\"path\":\"",
                pick(PARAM_PATHS, p, 1).as_bytes(),
                b"\",\"recursive\":true,\"withDecryption\":true}"
            ),
            Req::CommandInvocation => {
                put!(out, b"{\"commandId\":\"");
                push_uuid(out, self.h(r, 15) & !0xffff, 3, false);
                put!(out, b"\",\"instanceId\":\"");
                self.push_instance(r, out);
                put!(out, b"\"}");
            }
            Req::SendCommand => {
                put!(out, b"{\"instanceIds\":[\"");
                self.push_instance(r, out);
                put!(out, b"\"],\"documentName\":\"AWS-RunShellScript\",\"parameters\":\"HIDDEN_DUE_TO_SECURITY_REASONS\",\"interactive\":false}");
            }
            Req::StartSession => {
                put!(out, b"{\"target\":\"");
                self.push_instance(r, out);
                put!(out, b"\"}");
            }
            Req::SessionId => {
                put!(out, b"{\"sessionId\":\"");
                self.push_ssm_session_id(r, out);
                put!(out, b"\"}");
            }
            _ => unreachable!("not a shape of this group"),
        }
        true
    }
}
