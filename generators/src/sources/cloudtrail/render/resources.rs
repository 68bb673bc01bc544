//! The resources a call acts on (instances, buckets, keys, secrets, roles, target users…) and the
//! resources[] member listing them.

use super::vocab::{
    pick, ALNUM_MIXED, BUCKETS, FUNCTIONS, OBJECT_EXTS, OBJECT_PREFIXES, PARAMS, SECRETS, TRAILS,
};
use super::{push_hex17, View};
use crate::entities::IamRole;
use crate::fmt::{push_hex_fixed, push_u64, push_uuid, MICROS_PER_SEC};
use crate::rng::{derive, mix64};
use crate::sources::cloudtrail::catalogue::{AwsService, EventCategory, Req};
use crate::sources::cloudtrail::{Actor, Record, RoleKind, NO_TARGET};

impl<'a> View<'a> {
    pub(super) fn push_instance(&self, r: &Record, out: &mut Vec<u8>) {
        let a = self.acct(r);
        let i = match r.actor {
            Actor::Role(RoleKind::Instance | RoleKind::Eks, i) => i as usize,
            _ => (r.pick >> 3) as usize,
        };
        out.extend_from_slice(a.instances[i % a.instances.len()].id.as_bytes());
    }

    pub(super) fn instance_ip(&self, r: &Record) -> u32 {
        let a = self.acct(r);
        let i = match r.actor {
            Actor::Role(RoleKind::Instance | RoleKind::Eks, i) => i as usize,
            _ => (r.pick >> 3) as usize,
        };
        a.instances[i % a.instances.len()].private_ip
    }

    pub(super) fn push_bucket(&self, r: &Record, out: &mut Vec<u8>) {
        out.extend_from_slice(self.acct(r).alias.as_bytes());
        out.push(b'-');
        out.extend_from_slice(pick(BUCKETS, r.pick, 5).as_bytes());
    }

    pub(super) fn push_object_key(&self, r: &Record, out: &mut Vec<u8>) {
        out.extend_from_slice(pick(OBJECT_PREFIXES, r.pick, 6).as_bytes());
        push_hex_fixed(out, self.h(r, 6) >> 16, 12, false);
        out.extend_from_slice(pick(OBJECT_EXTS, r.pick, 7).as_bytes());
    }

    pub(super) fn push_secret_arn(&self, r: &Record, out: &mut Vec<u8>) {
        let k = (r.pick >> 8) % SECRETS.len() as u64;
        self.arn_prefix(r, "secretsmanager", out);
        out.extend_from_slice(b"secret:");
        out.extend_from_slice(SECRETS[k as usize].as_bytes());
        out.push(b'-');
        let h = derive(self.seed, &[0x5ec, r.acct as u64, k]);
        for i in 0..6 {
            out.push(ALNUM_MIXED[((h >> (i * 6)) % 62) as usize]);
        }
    }

    pub(super) fn push_key_arn(&self, r: &Record, out: &mut Vec<u8>) {
        self.arn_prefix(r, "kms", out);
        out.extend_from_slice(b"key/");
        let h = derive(self.seed, &[0x4e5, r.acct as u64, r.region as u64, r.pick % 3]);
        push_uuid(out, h, mix64(h), false);
    }

    pub(super) fn push_function_arn(&self, r: &Record, out: &mut Vec<u8>) {
        self.arn_prefix(r, "lambda", out);
        out.extend_from_slice(b"function:");
        out.extend_from_slice(self.function(r).as_bytes());
    }

    pub(super) fn function(&self, r: &Record) -> &'static str {
        match r.actor {
            Actor::Role(RoleKind::Lambda, f) => FUNCTIONS[f as usize % FUNCTIONS.len()],
            _ => pick(FUNCTIONS, r.pick, 4),
        }
    }

    pub(super) fn push_trail_arn(&self, r: &Record, out: &mut Vec<u8>) {
        let a = self.acct(r);
        out.extend_from_slice(b"arn:aws:cloudtrail:");
        out.extend_from_slice(a.home_region.as_bytes());
        out.push(b':');
        out.extend_from_slice(a.id.as_bytes());
        out.extend_from_slice(b":trail/");
        out.extend_from_slice(TRAILS[r.acct as usize % TRAILS.len()].as_bytes());
    }

    /// `arn:aws:<svc>:<region>:<acct>:`
    pub(super) fn arn_prefix(&self, r: &Record, svc: &str, out: &mut Vec<u8>) {
        out.extend_from_slice(b"arn:aws:");
        out.extend_from_slice(svc.as_bytes());
        out.push(b':');
        out.extend_from_slice(Self::region(r).as_bytes());
        out.push(b':');
        out.extend_from_slice(self.acct(r).id.as_bytes());
        out.push(b':');
    }

    /// The IAM user acted upon: the attack's target, else the caller or a colleague.
    pub(super) fn push_target_user(&self, r: &Record, out: &mut Vec<u8>) {
        let u = if r.target != NO_TARGET {
            r.target as usize
        } else if let Some(n) = self.user_name(r).filter(|_| !r.pick.is_multiple_of(3)) {
            out.extend_from_slice(n.as_bytes());
            return;
        } else {
            let users = &self.acct(r).users;
            users[(r.pick >> 12) as usize % users.len()]
        };
        out.extend_from_slice(self.org.users[u].sam.as_bytes());
    }

    pub(super) fn assume_target(&self, r: &Record) -> &'a IamRole {
        let a = self.acct(r);
        match r.actor {
            Actor::Service("ec2.amazonaws.com") => self.kind_role(r, RoleKind::Instance),
            Actor::Service("lambda.amazonaws.com") => self.kind_role(r, RoleKind::Lambda),
            Actor::Service(_) => self.kind_role(r, RoleKind::Eks),
            Actor::Role(RoleKind::Ci, _) => self.kind_role(r, RoleKind::Ci),
            _ => {
                let non_sso: [usize; 3] = [
                    self.accts[r.acct as usize].roles[3],
                    self.accts[r.acct as usize].roles[2],
                    self.accts[r.acct as usize].roles[0],
                ];
                &a.roles[non_sso[(r.pick % 3) as usize]]
            }
        }
    }

    pub(super) fn push_assume_target_arn(&self, r: &Record, out: &mut Vec<u8>) {
        out.extend_from_slice(self.assume_target(r).arn.as_bytes());
    }

    /// roleSessionName of an AssumeRole call.
    pub(super) fn push_assumed_session(&self, r: &Record, out: &mut Vec<u8>) {
        let a = self.acct(r);
        match r.actor {
            Actor::Service("ec2.amazonaws.com") => out.extend_from_slice(
                a.instances[(r.pick >> 4) as usize % a.instances.len()].id.as_bytes(),
            ),
            Actor::Service("lambda.amazonaws.com") => {
                out.extend_from_slice(pick(FUNCTIONS, r.pick, 4).as_bytes())
            }
            Actor::Service(_) => push_hex_fixed(out, self.h(r, 9), 16, false),
            Actor::Role(RoleKind::Lambda, f) => {
                out.extend_from_slice(FUNCTIONS[f as usize % FUNCTIONS.len()].as_bytes())
            }
            Actor::Role(RoleKind::Ci, _) => {
                out.extend_from_slice(b"aws-go-sdk-");
                push_u64(
                    out,
                    (r.session / MICROS_PER_SEC) as u64 * 1_000_000_000
                        + (self.h(r, 10) % 1_000_000_000),
                );
            }
            _ => {
                out.extend_from_slice(b"botocore-session-");
                push_u64(out, (r.time / MICROS_PER_SEC) as u64);
            }
        }
    }

    pub(super) fn push_role_target(&self, r: &Record, out: &mut Vec<u8>) {
        let a = self.acct(r);
        out.extend_from_slice(a.roles[(r.pick >> 20) as usize % a.roles.len()].name.as_bytes());
    }

    pub(super) fn push_ssm_session_id(&self, r: &Record, out: &mut Vec<u8>) {
        match r.actor {
            Actor::Sso(u) | Actor::IamUser(u) | Actor::IamConsole(u) => {
                out.extend_from_slice(self.user(u).sam.as_bytes())
            }
            _ => out.extend_from_slice(b"session"),
        }
        out.push(b'-');
        push_hex17(out, self.h(r, 28));
    }

    /// resources[]: the STS role, KMS key, S3 object/bucket, SSM parameters, trail.
    pub fn push_resources(&self, r: &Record, out: &mut Vec<u8>) -> bool {
        let api = r.api();
        let acct = self.acct(r).id.as_bytes();
        match (api.svc, api.req) {
            (AwsService::STS, Req::AssumeRole) => {
                put!(
                    out,
                    b"[{\"accountId\":\"",
                    acct,
                    b"\",\"type\":\"AWS::IAM::Role\",\"ARN\":\""
                );
                self.push_assume_target_arn(r, out);
                put!(out, b"\"}]");
            }
            (AwsService::KMS, _)
                if api.req != Req::Null || api.cat == EventCategory::ServiceEvent =>
            {
                put!(out, b"[{\"accountId\":\"", acct, b"\",\"type\":\"AWS::KMS::Key\",\"ARN\":\"");
                self.push_key_arn(r, out);
                put!(out, b"\"}]");
            }
            (AwsService::S3, Req::Object) => {
                put!(out, b"[{\"type\":\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::");
                self.push_bucket(r, out);
                out.push(b'/');
                self.push_object_key(r, out);
                put!(
                    out,
                    b"\"},{\"accountId\":\"",
                    acct,
                    b"\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::"
                );
                self.push_bucket(r, out);
                put!(out, b"\"}]");
            }
            (AwsService::S3, Req::ListObjects) => {
                put!(out, b"[{\"type\":\"AWS::S3::Object\",\"ARNPrefix\":\"arn:aws:s3:::");
                self.push_bucket(r, out);
                out.push(b'/');
                put!(out, pick(OBJECT_PREFIXES, r.pick, 6).as_bytes());
                put!(
                    out,
                    b"\"},{\"accountId\":\"",
                    acct,
                    b"\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::"
                );
                self.push_bucket(r, out);
                put!(out, b"\"}]");
            }
            (AwsService::S3, Req::Bucket(_)) => {
                put!(
                    out,
                    b"[{\"accountId\":\"",
                    acct,
                    b"\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::"
                );
                self.push_bucket(r, out);
                put!(out, b"\"}]");
            }
            (AwsService::SSM, Req::ParamNames) => {
                for (i, k) in [1u32, 2].iter().enumerate() {
                    put!(out, if i == 0 { b"[{\"ARN\":\"" as &[u8] } else { b",{\"ARN\":\"" });
                    self.arn_prefix(r, "ssm", out);
                    put!(
                        out,
                        b"parameter",
                        pick(PARAMS, r.pick, *k).as_bytes(),
                        b"\",\"accountId\":\"",
                        acct,
                        b"\"}"
                    );
                }
                put!(out, b"]");
            }
            (AwsService::TRAIL, Req::TrailName) => {
                put!(
                    out,
                    b"[{\"accountId\":\"",
                    acct,
                    b"\",\"type\":\"AWS::CloudTrail::Trail\",\"ARN\":\""
                );
                self.push_trail_arn(r, out);
                put!(out, b"\"}]");
            }
            _ => return false,
        }
        true
    }
}
