//! responseElements, additionalEventData and serviceEventDetails.

use super::vocab::state_name;
use super::{push_b32_id, push_hex17, View};
use crate::fmt::{
    push_iso_seconds, push_java_date, push_random_b64, push_u64, push_uuid, MICROS_PER_SEC,
};
use crate::sources::cloudtrail::catalogue::{AwsService, EventCategory, Resp};
use crate::sources::cloudtrail::{Actor, Fail, Record, NO_TARGET};

impl<'a> View<'a> {
    /// Writes the responseElements object; false means `null` (always on error).
    pub fn push_response(&self, r: &Record, out: &mut Vec<u8>) -> bool {
        let api = r.api();
        if api.resp == Resp::ConsoleLogin {
            out.extend_from_slice(if r.fail == Fail::None {
                b"{\"ConsoleLogin\":\"Success\"}"
            } else {
                b"{\"ConsoleLogin\":\"Failure\"}"
            });
            return true;
        }
        if r.fail != Fail::None {
            return false;
        }
        let acct = self.acct(r).id.as_bytes();
        match api.resp {
            Resp::Null | Resp::ConsoleLogin => return false,
            Resp::AssumeRole | Resp::SessionToken => {
                put!(out, b"{\"credentials\":{\"accessKeyId\":\"");
                push_b32_id(out, "ASIA", 20, self.h(r, 30));
                put!(out, b"\",\"sessionToken\":\"IQoJb3JpZ2luX2Vj");
                push_random_b64(out, 380 + (r.pick % 300) as usize, self.h(r, 31));
                put!(out, b"\",\"expiration\":\"");
                let secs = if api.resp == Resp::SessionToken {
                    43_200
                } else if matches!(r.actor, Actor::Service(_)) || !r.pick.is_multiple_of(3) {
                    3600
                } else {
                    900
                };
                push_java_date(out, r.time + secs * MICROS_PER_SEC, true);
                put!(out, b"\"}");
                if api.resp == Resp::AssumeRole {
                    let role = self.assume_target(r);
                    put!(
                        out,
                        b",\"assumedRoleUser\":{\"assumedRoleId\":\"",
                        role.role_id.as_bytes(),
                        b":"
                    );
                    self.push_assumed_session(r, out);
                    put!(
                        out,
                        b"\",\"arn\":\"arn:aws:sts::",
                        acct,
                        b":assumed-role/",
                        role.name.as_bytes(),
                        b"/"
                    );
                    self.push_assumed_session(r, out);
                    put!(out, b"\"}");
                }
                put!(out, b"}");
            }
            Resp::AccessKey => {
                put!(out, b"{\"accessKey\":{\"accessKeyId\":\"");
                push_b32_id(out, "AKIA", 20, self.h(r, 32));
                put!(out, b"\",\"status\":\"Active\",\"userName\":\"");
                if r.target != NO_TARGET || self.user_name(r).is_none() || r.pick.is_multiple_of(3)
                {
                    self.push_target_user(r, out);
                } else {
                    put!(out, self.user_name(r).unwrap_or_default().as_bytes());
                }
                put!(out, b"\",\"createDate\":\"");
                push_java_date(out, r.time, false);
                put!(out, b"\"}}");
            }
            Resp::CreateUser => {
                put!(out, b"{\"user\":{\"path\":\"/\",\"userName\":\"");
                self.push_target_user(r, out);
                put!(out, b"\",\"userId\":\"");
                push_b32_id(out, "AIDA", 21, self.h(r, 33));
                put!(out, b"\",\"arn\":\"arn:aws:iam::", acct, b":user/");
                self.push_target_user(r, out);
                put!(out, b"\",\"createDate\":\"");
                push_java_date(out, r.time, false);
                put!(out, b"\"}}");
            }
            Resp::Ec2Return => {
                put!(out, b"{\"requestId\":\"");
                self.push_request_id(r, out);
                put!(out, b"\",\"_return\":true}");
            }
            Resp::InstanceState(cur, prev) => {
                put!(out, b"{\"requestId\":\"");
                self.push_request_id(r, out);
                put!(out, b"\",\"instancesSet\":{\"items\":[{\"instanceId\":\"");
                self.push_instance(r, out);
                put!(out, b"\",\"currentState\":{\"code\":");
                push_u64(out, cur as u64);
                put!(
                    out,
                    b",\"name\":\"",
                    state_name(cur).as_bytes(),
                    b"\"},\"previousState\":{\"code\":"
                );
                push_u64(out, prev as u64);
                put!(out, b",\"name\":\"", state_name(prev).as_bytes(), b"\"}}]}}");
            }
            Resp::SsmSession => {
                put!(out, b"{\"sessionId\":\"");
                self.push_ssm_session_id(r, out);
                put!(out, b"\",\"tokenValue\":\"Value hidden due to security reasons.\",\"streamUrl\":\"wss://ssmmessages.", Self::region(r).as_bytes(), b".amazonaws.com/v1/data-channel/");
                self.push_ssm_session_id(r, out);
                put!(out, b"?role=publish_subscribe&cell-number=AAEAAQ\"}");
            }
            Resp::SsmTerminate => {
                put!(out, b"{\"sessionId\":\"");
                self.push_ssm_session_id(r, out);
                put!(out, b"\"}");
            }
            Resp::SshKey => {
                put!(out, b"{\"requestId\":\"");
                self.push_request_id(r, out);
                put!(out, b"\",\"success\":true}");
            }
            Resp::SendCommand => {
                put!(out, b"{\"command\":{\"commandId\":\"");
                push_uuid(out, self.h(r, 15) & !0xffff, 3, false);
                put!(out, b"\",\"documentName\":\"AWS-RunShellScript\",\"documentVersion\":\"$DEFAULT\",\"comment\":\"\",\"expiresAfter\":\"");
                push_java_date(out, r.time + 3600 * MICROS_PER_SEC, true);
                put!(
                    out,
                    b"\",\"parameters\":\"HIDDEN_DUE_TO_SECURITY_REASONS\",\"instanceIds\":[\""
                );
                self.push_instance(r, out);
                put!(out, b"\"],\"targets\":[],\"requestedDateTime\":\"");
                push_java_date(out, r.time, true);
                put!(out, b"\",\"status\":\"Pending\",\"statusDetails\":\"Pending\",\"outputS3Region\":\"", Self::region(r).as_bytes());
                put!(out, b"\",\"outputS3BucketName\":\"\",\"outputS3KeyPrefix\":\"\",\"maxConcurrency\":\"50\",\"maxErrors\":\"0\",\"targetCount\":1,\"completedCount\":0,\"errorCount\":0,\"deliveryTimedOutCount\":0,\"serviceRole\":\"\",\"notificationConfig\":{\"notificationArn\":\"\",\"notificationEvents\":[],\"notificationType\":\"\"},\"cloudWatchOutputConfig\":{\"cloudWatchLogGroupName\":\"\",\"cloudWatchOutputEnabled\":false},\"timeoutSeconds\":3600,\"alarmConfiguration\":{\"ignorePollAlarmFailure\":false,\"alarms\":[]},\"triggeredAlarms\":[]}}");
            }
            Resp::QueryExecution => {
                put!(out, b"{\"queryExecutionId\":\"");
                push_uuid(out, self.h(r, 26), self.h(r, 27), false);
                put!(out, b"\"}");
            }
        }
        true
    }

    /// additionalEventData: sign-in details, S3's signature/transfer details.
    pub fn push_additional(&self, r: &Record, out: &mut Vec<u8>) -> bool {
        let api = r.api();
        if api.cat == EventCategory::SignIn {
            put!(out, b"{\"LoginTo\":\"https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true\",\"MobileVersion\":\"No\",\"MFAUsed\":\"");
            let mfa = matches!(r.actor, Actor::IamConsole(_) | Actor::Root) && r.mfa;
            if mfa {
                put!(
                    out,
                    b"Yes\",\"MFAIdentifier\":\"arn:aws:iam::",
                    self.acct(r).id.as_bytes(),
                    b":mfa/"
                );
                put!(out, self.user_name(r).unwrap_or("root-account-mfa-device").as_bytes());
                put!(out, b"\"}");
            } else {
                put!(out, b"No\"}");
            }
            return true;
        }
        if api.svc == AwsService::S3 {
            put!(
                out,
                b"{\"SignatureVersion\":\"SigV4\",\"CipherSuite\":\"",
                Self::tls(r).map_or("TLS_AES_128_GCM_SHA256", |t| t.1).as_bytes()
            );
            put!(out, b"\",\"bytesTransferredIn\":");
            let size = (self.h(r, 40) % 2_000_000) >> (self.h(r, 41) % 16);
            push_u64(out, if api.name == "PutObject" { size } else { 0 });
            put!(out, b",\"AuthenticationMethod\":\"AuthHeader\",\"x-amz-id-2\":\"");
            push_random_b64(out, 76, self.h(r, 42));
            put!(out, b"\",\"bytesTransferredOut\":");
            push_u64(
                out,
                if api.name == "GetObject" && r.fail == Fail::None {
                    size
                } else if api.read_only {
                    200 + self.h(r, 43) % 4000
                } else {
                    0
                },
            );
            put!(out, b"}");
            return true;
        }
        false
    }

    pub fn push_service_event_details(&self, r: &Record, out: &mut Vec<u8>) -> bool {
        if r.api().name != "BackupJobCompleted" {
            return false;
        }
        let acct = self.acct(r).id.as_bytes();
        let region = Self::region(r).as_bytes();
        out.extend_from_slice(b"{\"backupJobId\":\"");
        push_uuid(out, self.h(r, 70), self.h(r, 71), true);
        out.extend_from_slice(
            b"\",\"backupVaultName\":\"Default\",\"backupVaultArn\":\"arn:aws:backup:",
        );
        for x in [
            region,
            b":",
            acct,
            b":backup-vault:Default\",\"resourceArn\":\"arn:aws:ec2:",
            region,
            b":",
            acct,
            b":volume/vol-",
        ] {
            out.extend_from_slice(x);
        }
        push_hex17(out, self.h(r, 11));
        out.extend_from_slice(b"\",\"creationDate\":\"");
        push_iso_seconds(out, r.time - 1800 * MICROS_PER_SEC);
        out.extend_from_slice(b"\",\"state\":\"COMPLETED\",\"backupSizeInBytes\":");
        push_u64(out, (self.h(r, 72) % 500) << 27);
        out.extend_from_slice(b",\"resourceType\":\"EBS\"}");
        true
    }
}
