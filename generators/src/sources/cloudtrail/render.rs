//! Rendering records as CloudTrail JSON (the raw S3 delivery format), with the pieces reused
//! by the Arrow conversion.
//!
//! Everything is written straight into byte buffers with no per-record allocation. Names,
//! ids and ARNs are derived from the org and the record's seeds, so a record renders the same
//! way every time (raw and Arrow agree).

use super::catalogue::{Api, AwsService, ErrStyle, EventCategory, Req, Resp};
use super::{Actor, Client, Fail, Record, RoleKind, SourceAddress, NO_TARGET, US_EAST_1};
use crate::entities::{AwsAccount, AwsUserKind, IamRole, Org, AWS_REGIONS};
use crate::fmt::{
    civil, push_hex_fixed, push_ipv4, push_iso_seconds, push_java_date, push_padded,
    push_random_b32, push_random_b64, push_random_b64url, push_u64, push_uuid, MICROS_PER_SEC,
};
use crate::rng::{derive, mix64};
use crate::{BlockCtx, RawDoc};

pub const FUNCTIONS: &[&str] = &[
    "order-processor",
    "image-resizer",
    "s3-event-handler",
    "nightly-report",
    "auth-token-refresh",
    "slack-notifier",
    "etl-transform",
    "cost-anomaly-alert",
    "config-rule-tagging",
    "ses-bounce-handler",
];
const BUCKETS: &[&str] = &[
    "app-data",
    "logs",
    "artifacts",
    "backups",
    "terraform-state",
    "static-assets",
    "data-lake",
    "athena-results",
];
const OBJECT_PREFIXES: &[&str] = &[
    "uploads/",
    "exports/",
    "reports/daily/",
    "releases/",
    "raw/events/",
    "tmp/",
    "models/",
    "config/",
];
const OBJECT_EXTS: &[&str] = &[".json", ".parquet", ".gz", ".csv", ".zip", ".png"];
const SECRETS: &[&str] = &[
    "prod/app/db-credentials",
    "prod/api/stripe-key",
    "staging/app/db-credentials",
    "shared/datadog-api-key",
    "ci/github-token",
    "prod/payments/jwt-signing-key",
    "airflow/connections/warehouse",
    "prod/redis/auth-token",
];
const PARAMS: &[&str] = &[
    "/app/prod/db/host",
    "/app/prod/feature-flags",
    "/config/log-level",
    "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
    "/app/prod/db/password",
    "/cloudwatch-agent/config",
    "/eks/cluster/endpoint",
    "/app/staging/api-url",
];
const PARAM_PATHS: &[&str] = &["/app/prod/", "/app/staging/", "/config/", "/platform/shared/"];
const TABLES: &[&str] =
    &["orders", "sessions", "user-profiles", "inventory", "terraform-locks", "idempotency-keys"];
const QUEUES: &[&str] =
    &["order-events", "image-jobs", "email-outbound", "dead-letter", "etl-batches"];
const TOPICS: &[&str] =
    &["alerts-critical", "order-notifications", "budget-alarms", "deploy-events"];
const ECS_CLUSTERS: &[&str] = &["prod-services", "batch-workers", "internal-tools"];
const EKS_CLUSTERS: &[&str] = &["platform-prod", "platform-staging", "data-eks"];
const STACKS: &[&str] = &[
    "network-baseline",
    "app-prod",
    "monitoring",
    "data-pipeline",
    "iam-roles",
    "StackSet-guardrails",
];
const DBS: &[&str] =
    &["orders-db", "analytics-replica", "keycloak-db", "billing-aurora-instance-1"];
const REPOS: &[&str] = &["api-server", "web-frontend", "worker", "nginx-proxy", "data-jobs"];
const ASGS: &[&str] = &["eks-ng-general", "web-asg", "batch-spot-asg"];
const TARGET_GROUPS: &[&str] = &["web-tg", "api-tg", "grpc-internal"];
const MODELS: &[&str] = &[
    "anthropic.claude-3-5-sonnet-20240620-v1:0",
    "amazon.titan-embed-text-v2:0",
    "meta.llama3-70b-instruct-v1:0",
];
const GLUE_DBS: &[&str] = &["raw", "curated", "cloudtrail_logs", "marketing"];
const GLUE_TABLES: &[&str] = &["events", "orders_daily", "sessions", "cloudtrail", "web_logs"];
const USER_POLICIES: &[&str] = &[
    "ReadOnlyAccess",
    "AmazonS3ReadOnlyAccess",
    "AmazonEC2ReadOnlyAccess",
    "CloudWatchReadOnlyAccess",
    "IAMUserChangePassword",
];
const ROLE_POLICIES: &[&str] = &[
    "AmazonSSMManagedInstanceCore",
    "CloudWatchAgentServerPolicy",
    "AmazonEC2ContainerRegistryReadOnly",
    "AWSLambdaBasicExecutionRole",
];
const TRAILS: &[&str] = &["management-events", "org-trail", "security-audit-trail"];
const ALNUM: &[u8; 36] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const ALNUM_MIXED: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Per-account lookups derived from the org once per unit.
pub struct AcctView {
    pub regions: Vec<u8>,
    /// Public IP of the VPC's NAT gateway (workload calls that leave through it).
    pub nat_gateway: u32,
    /// Role index per Identity Center permission set: Administrator, PowerUser, ReadOnly, Developer.
    sso: [usize; 4],
    /// Role index per [`RoleKind`].
    roles: [usize; 6],
}

pub struct View<'a> {
    pub org: &'a Org,
    pub seed: u64,
    pub accts: Vec<AcctView>,
    /// Identity Center's home region (the management account's home).
    pub idc_region: u8,
}

/// A public IP in AWS's big EC2/Lambda ranges (3/8, 18/8, 34/8, 35/8, 44/8, 52/8, 54/8).
pub fn aws_ip(h: u64) -> u32 {
    const FIRST: [u32; 7] = [3, 18, 34, 35, 44, 52, 54];
    (FIRST[(h % 7) as usize] << 24) | ((h >> 8) as u32 & 0x00ff_fffe) | 1
}

fn role_kind_index(k: RoleKind) -> usize {
    match k {
        RoleKind::Instance => 0,
        RoleKind::Eks => 1,
        RoleKind::Lambda => 2,
        RoleKind::Ci => 3,
        RoleKind::Backup => 4,
        RoleKind::Config => 5,
    }
}

impl<'a> View<'a> {
    pub fn new(org: &'a Org, seed: u64) -> View<'a> {
        let accts = org
            .aws_accounts
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let find = |f: &dyn Fn(&IamRole) -> bool| a.roles.iter().position(f).unwrap_or(0);
                let sso = [
                    "_AdministratorAccess_",
                    "_PowerUserAccess_",
                    "_ReadOnlyAccess_",
                    "_DeveloperAccess_",
                ]
                .map(|p| find(&|r| r.name.contains(p)));
                let roles = [
                    find(&|r| r.service == Some("ec2.amazonaws.com") && !r.name.starts_with("eks")),
                    find(&|r| r.name.starts_with("eks")),
                    find(&|r| r.service == Some("lambda.amazonaws.com")),
                    find(&|r| r.service.is_none() && !r.name.starts_with("AWSReservedSSO")),
                    find(&|r| r.service == Some("backup.amazonaws.com")),
                    find(&|r| r.service == Some("config.amazonaws.com")),
                ];
                AcctView {
                    regions: a.regions.iter().map(|r| super::region_index(r)).collect(),
                    nat_gateway: aws_ip(derive(seed, &[0x6a7, i as u64])),
                    sso,
                    roles,
                }
            })
            .collect();
        let idc_region =
            org.aws_accounts.first().map_or(US_EAST_1, |a| super::region_index(a.home_region));
        View { org, seed, accts, idc_region }
    }

    fn acct(&self, r: &Record) -> &'a AwsAccount {
        &self.org.aws_accounts[r.acct as usize]
    }

    /// The eventID (also the label key).
    pub fn event_id(&self, r: &Record) -> String {
        let mut v = Vec::with_capacity(36);
        self.push_event_id(r, &mut v);
        String::from_utf8(v).expect("uuid is ascii")
    }

    pub fn push_event_id(&self, r: &Record, out: &mut Vec<u8>) {
        push_uuid(
            out,
            mix64(self.seed ^ r.seq.wrapping_mul(0x9e37_79b9)),
            mix64(r.seq ^ 0xe1d),
            false,
        );
    }

    fn h(&self, r: &Record, k: u64) -> u64 {
        mix64(self.seed ^ r.seq.wrapping_mul(0x2545_f491) ^ k.wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }

    // ---- identity pieces -------------------------------------------------------------

    fn user(&self, u: u32) -> &'a crate::entities::User {
        &self.org.users[u as usize]
    }

    fn sso_role(&self, r: &Record, u: u32) -> &'a IamRole {
        let user = self.user(u);
        let k = if user.admin { 0 } else { 1 + (mix64(self.seed ^ u as u64 ^ 0x550) % 3) as usize };
        &self.acct(r).roles[self.accts[r.acct as usize].sso[k]]
    }

    fn kind_role(&self, r: &Record, k: RoleKind) -> &'a IamRole {
        &self.acct(r).roles[self.accts[r.acct as usize].roles[role_kind_index(k)]]
    }

    /// The IAM role behind an AssumedRole identity.
    pub fn issuer(&self, r: &Record) -> Option<&'a IamRole> {
        match r.actor {
            Actor::Sso(u) => Some(self.sso_role(r, u)),
            Actor::Role(k, _) => Some(self.kind_role(r, k)),
            _ => None,
        }
    }

    fn signin(r: &Record) -> bool {
        r.api().cat == EventCategory::SignIn
    }

    /// userIdentity.type (service events carry none).
    pub fn id_type(&self, r: &Record) -> Option<&'static str> {
        if r.api().cat == EventCategory::ServiceEvent {
            return None;
        }
        Some(match r.actor {
            Actor::IamUser(_) | Actor::IamConsole(_) | Actor::IamService(_) => "IAMUser",
            Actor::Sso(_) | Actor::Role(..) => "AssumedRole",
            Actor::Service(_) => "AWSService",
            Actor::Root => "Root",
            Actor::Portal(_) => "IdentityCenterUser",
        })
    }

    pub fn push_session_name(&self, r: &Record, out: &mut Vec<u8>) {
        match r.actor {
            Actor::Sso(u) => out.extend_from_slice(self.user(u).email.as_bytes()),
            Actor::Role(RoleKind::Instance | RoleKind::Eks, i) => {
                let a = self.acct(r);
                out.extend_from_slice(a.instances[i as usize % a.instances.len()].id.as_bytes())
            }
            Actor::Role(RoleKind::Lambda, f) => {
                out.extend_from_slice(FUNCTIONS[f as usize % FUNCTIONS.len()].as_bytes())
            }
            Actor::Role(RoleKind::Ci, _) => out.extend_from_slice(b"GitHubActions"),
            Actor::Role(RoleKind::Backup, _) => {
                out.extend_from_slice(b"AWSBackup-AWSBackupDefaultServiceRole")
            }
            Actor::Role(RoleKind::Config, _) => out.extend_from_slice(b"AWSConfig-Describe"),
            _ => {}
        }
    }

    fn iam_user_id(&self, u: u32, out: &mut Vec<u8>) {
        match &self.user(u).aws {
            Some(a) => out.extend_from_slice(a.user_id.as_bytes()),
            None => push_b32_id(out, "AIDA", 21, mix64(self.seed ^ 0xa1da ^ u as u64)),
        }
    }

    pub fn push_principal(&self, r: &Record, out: &mut Vec<u8>) -> bool {
        match r.actor {
            Actor::IamUser(u) | Actor::IamConsole(u) => self.iam_user_id(u, out),
            Actor::IamService(k) => {
                push_b32_id(out, "AIDA", 21, derive(self.seed, &[0x5e7, r.acct as u64, k as u64]))
            }
            Actor::Sso(_) | Actor::Role(..) => {
                out.extend_from_slice(self.issuer(r).expect("role").role_id.as_bytes());
                out.push(b':');
                self.push_session_name(r, out);
            }
            Actor::Root => out.extend_from_slice(self.acct(r).id.as_bytes()),
            Actor::Service(_) | Actor::Portal(_) => return false,
        }
        true
    }

    pub fn push_arn(&self, r: &Record, out: &mut Vec<u8>) -> bool {
        let acct = self.acct(r).id.as_bytes();
        match r.actor {
            Actor::IamUser(u) | Actor::IamConsole(u) => {
                out.extend_from_slice(b"arn:aws:iam::");
                out.extend_from_slice(acct);
                out.extend_from_slice(b":user/");
                out.extend_from_slice(self.user(u).sam.as_bytes());
            }
            Actor::IamService(k) => {
                out.extend_from_slice(b"arn:aws:iam::");
                out.extend_from_slice(acct);
                out.extend_from_slice(b":user/");
                out.extend_from_slice(self.org.service_accounts[k as usize].name.as_bytes());
            }
            Actor::Sso(_) | Actor::Role(..) => {
                out.extend_from_slice(b"arn:aws:sts::");
                out.extend_from_slice(acct);
                out.extend_from_slice(b":assumed-role/");
                out.extend_from_slice(self.issuer(r).expect("role").name.as_bytes());
                out.push(b'/');
                self.push_session_name(r, out);
            }
            Actor::Root => {
                out.extend_from_slice(b"arn:aws:iam::");
                out.extend_from_slice(acct);
                out.extend_from_slice(b":root");
            }
            Actor::Service(_) | Actor::Portal(_) => return false,
        }
        true
    }

    pub fn has_account(&self, r: &Record) -> bool {
        !matches!(r.actor, Actor::Service(_)) || r.api().cat == EventCategory::ServiceEvent
    }

    pub fn account_id(&self, r: &Record) -> &'a str {
        &self.acct(r).id
    }

    /// accessKeyId: AKIA for IAM users' long-term keys, ASIA for every session.
    pub fn push_key(&self, r: &Record, out: &mut Vec<u8>) -> bool {
        if Self::signin(r) {
            return false;
        }
        match r.actor {
            Actor::IamUser(u) => match &self.user(u).aws {
                Some(a) if a.kind == AwsUserKind::IamUser => {
                    out.extend_from_slice(a.access_key_id.as_bytes())
                }
                _ => push_b32_id(out, "AKIA", 20, mix64(self.seed ^ 0xa41a ^ u as u64)),
            },
            Actor::IamService(k) => {
                push_b32_id(out, "AKIA", 20, derive(self.seed, &[0xa41b, r.acct as u64, k as u64]))
            }
            Actor::Service(_) | Actor::Portal(_) => return false,
            _ => push_b32_id(
                out,
                "ASIA",
                20,
                mix64(self.seed ^ r.session as u64 ^ self.actor_key(r)),
            ),
        }
        true
    }

    fn actor_key(&self, r: &Record) -> u64 {
        match r.actor {
            Actor::IamUser(u) | Actor::IamConsole(u) | Actor::Sso(u) | Actor::Portal(u) => {
                u as u64 | 1 << 40
            }
            Actor::Role(k, i) => {
                (role_kind_index(k) as u64) << 32 | i as u64 | (r.acct as u64) << 48
            }
            Actor::IamService(k) => 0x5e7 << 8 | k as u64,
            Actor::Service(_) | Actor::Root => 0x700 | r.acct as u64,
        }
    }

    pub fn user_name(&self, r: &Record) -> Option<&'a str> {
        match r.actor {
            Actor::IamUser(u) | Actor::IamConsole(u) => Some(&self.user(u).sam),
            Actor::IamService(k) => Some(&self.org.service_accounts[k as usize].name),
            _ => None,
        }
    }

    /// Whether the identity carries a sessionContext (temporary credentials).
    pub fn has_session(&self, r: &Record) -> bool {
        !Self::signin(r)
            && matches!(
                r.actor,
                Actor::IamConsole(_) | Actor::Sso(_) | Actor::Role(..) | Actor::Root
            )
    }

    pub fn invoked_by(&self, r: &Record) -> Option<&'static str> {
        if r.api().cat == EventCategory::ServiceEvent {
            return Some(r.api().svc().source);
        }
        match r.actor {
            Actor::Service(s) => Some(s),
            Actor::Role(RoleKind::Backup, _) => Some("backup.amazonaws.com"),
            Actor::Role(RoleKind::Config, _) => Some("config.amazonaws.com"),
            _ => None,
        }
    }

    pub fn mfa(&self, r: &Record) -> bool {
        matches!(r.actor, Actor::IamConsole(_) | Actor::Root) && r.mfa
    }

    pub fn ec2_delivery(&self, r: &Record) -> bool {
        matches!(r.actor, Actor::Role(RoleKind::Instance | RoleKind::Eks, _))
    }

    pub fn console_session(&self, r: &Record) -> bool {
        matches!(r.client, Client::Console | Client::Internal | Client::Browser)
            && self.has_session(r)
            && !matches!(r.actor, Actor::Role(..))
    }

    pub fn push_portal_user_id(&self, r: &Record, out: &mut Vec<u8>) {
        if let Actor::Portal(u) = r.actor {
            let h = mix64(self.seed ^ 0x1dc ^ u as u64);
            push_uuid(out, h, mix64(h), false);
        }
    }

    fn push_identity_store(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"arn:aws:identitystore::");
        out.extend_from_slice(self.org.aws_accounts[0].id.as_bytes());
        out.extend_from_slice(b":identitystore/d-");
        push_hex_fixed(out, mix64(self.seed ^ 0x1d5) >> 24, 10, false);
    }

    fn push_user_identity(&self, r: &Record, out: &mut Vec<u8>) {
        let acct = self.acct(r).id.as_bytes();
        out.extend_from_slice(b"{");
        if r.api().cat == EventCategory::ServiceEvent {
            out.extend_from_slice(b"\"accountId\":\"");
            out.extend_from_slice(acct);
            out.extend_from_slice(b"\",\"invokedBy\":\"");
            out.extend_from_slice(r.api().svc().source.as_bytes());
            out.extend_from_slice(b"\"}");
            return;
        }
        out.extend_from_slice(b"\"type\":\"");
        out.extend_from_slice(self.id_type(r).unwrap_or_default().as_bytes());
        out.push(b'"');
        let m = out.len();
        out.extend_from_slice(b",\"principalId\":\"");
        if self.push_principal(r, out) {
            out.push(b'"');
        } else {
            out.truncate(m);
        }
        let m = out.len();
        out.extend_from_slice(b",\"arn\":\"");
        if self.push_arn(r, out) {
            out.push(b'"');
        } else {
            out.truncate(m);
        }
        if self.has_account(r) {
            out.extend_from_slice(b",\"accountId\":\"");
            out.extend_from_slice(acct);
            out.push(b'"');
        }
        if let Actor::Portal(_) = r.actor {
            out.extend_from_slice(b",\"onBehalfOf\":{\"userId\":\"");
            self.push_portal_user_id(r, out);
            out.extend_from_slice(b"\",\"identityStoreArn\":\"");
            self.push_identity_store(out);
            out.extend_from_slice(b"\"},\"credentialId\":\"");
            push_random_b64(out, 43, mix64(r.session as u64 ^ self.seed ^ 0xc7ed));
            out.push(b'"');
        }
        let m = out.len();
        out.extend_from_slice(b",\"accessKeyId\":\"");
        if self.push_key(r, out) {
            out.push(b'"');
        } else {
            out.truncate(m);
        }
        if let Some(n) = self.user_name(r) {
            out.extend_from_slice(b",\"userName\":\"");
            out.extend_from_slice(n.as_bytes());
            out.push(b'"');
        }
        if self.has_session(r) {
            out.extend_from_slice(b",\"sessionContext\":{\"sessionIssuer\":{");
            if let Some(role) = self.issuer(r) {
                out.extend_from_slice(b"\"type\":\"Role\",\"principalId\":\"");
                out.extend_from_slice(role.role_id.as_bytes());
                out.extend_from_slice(b"\",\"arn\":\"");
                out.extend_from_slice(role.arn.as_bytes());
                out.extend_from_slice(b"\",\"accountId\":\"");
                out.extend_from_slice(acct);
                out.extend_from_slice(b"\",\"userName\":\"");
                out.extend_from_slice(role.name.as_bytes());
                out.push(b'"');
            }
            out.extend_from_slice(
                b"},\"webIdFederationData\":{},\"attributes\":{\"creationDate\":\"",
            );
            push_iso_seconds(out, r.session.div_euclid(MICROS_PER_SEC) * MICROS_PER_SEC);
            out.extend_from_slice(if self.mfa(r) {
                b"\",\"mfaAuthenticated\":\"true\"}"
            } else {
                b"\",\"mfaAuthenticated\":\"false\"}"
            });
            if self.ec2_delivery(r) {
                out.extend_from_slice(b",\"ec2RoleDelivery\":\"2.0\"");
            }
            out.push(b'}');
        }
        if let Some(s) = self.invoked_by(r) {
            out.extend_from_slice(b",\"invokedBy\":\"");
            out.extend_from_slice(s.as_bytes());
            out.push(b'"');
        }
        out.push(b'}');
    }

    // ---- caller context ----------------------------------------------------------------

    pub fn push_source_ip(&self, r: &Record, out: &mut Vec<u8>) {
        match r.src {
            SourceAddress::Ip(ip) => push_ipv4(out, ip),
            SourceAddress::Service(s) => out.extend_from_slice(s.as_bytes()),
            SourceAddress::Internal => out.extend_from_slice(b"AWS Internal"),
        }
    }

    pub fn push_user_agent(&self, r: &Record, out: &mut Vec<u8>) {
        let v = r.uav as u64;
        let d = |k: u64, m: u64| mix64(v ^ k) % m;
        let api = r.api();
        match r.client {
            Client::Cli => {
                out.extend_from_slice(b"aws-cli/2.");
                push_u64(out, 15 + d(1, 8));
                out.push(b'.');
                push_u64(out, d(2, 40));
                out.extend_from_slice(b" md/awscrt#0.");
                push_u64(out, 19 + d(3, 4));
                out.extend_from_slice(b".");
                push_u64(out, d(4, 20));
                out.extend_from_slice(b" ua/2.0 os/");
                out.extend_from_slice(
                    [
                        &b"linux#6.8.0-1016-aws"[..],
                        b"macos#23.6.0",
                        b"macos#24.1.0",
                        b"windows#10",
                        b"linux#5.15.153.1-microsoft-standard-WSL2",
                    ][d(5, 5) as usize],
                );
                out.extend_from_slice(if d(6, 3) == 0 {
                    b" md/arch#arm64"
                } else {
                    b" md/arch#x86_64"
                });
                out.extend_from_slice(b" lang/python#3.12.");
                push_u64(out, d(7, 8));
                out.extend_from_slice(b" md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#");
                out.extend_from_slice(api.svc().cli.as_bytes());
                out.push(b'.');
                push_kebab(out, api.name);
            }
            Client::Boto3 | Client::LambdaPython => {
                let minor = 34 + d(1, 2);
                let patch = d(2, 150);
                out.extend_from_slice(b"Boto3/1.");
                push_u64(out, minor);
                out.push(b'.');
                push_u64(out, patch);
                out.extend_from_slice(b" md/Botocore#1.");
                push_u64(out, minor);
                out.push(b'.');
                push_u64(out, patch);
                out.extend_from_slice(b" ua/2.0 os/linux#5.10.");
                push_u64(out, 220 + d(3, 20));
                out.extend_from_slice(b"-2");
                push_u64(out, 10 + d(4, 40));
                out.extend_from_slice(b".amzn2.x86_64 md/arch#x86_64 lang/python#3.");
                push_u64(out, 9 + d(5, 4));
                out.push(b'.');
                push_u64(out, d(6, 20));
                out.extend_from_slice(b" md/pyimpl#CPython");
                if r.client == Client::LambdaPython {
                    out.extend_from_slice(b" exec-env/AWS_Lambda_python3.12");
                }
                out.extend_from_slice(b" cfg/retry-mode#legacy Botocore/1.");
                push_u64(out, minor);
                out.push(b'.');
                push_u64(out, patch);
            }
            Client::GoSdk | Client::Terraform => {
                if r.client == Client::Terraform {
                    out.extend_from_slice(b"APN/1.0 HashiCorp/1.0 Terraform/1.");
                    push_u64(out, 7 + d(1, 3));
                    out.push(b'.');
                    push_u64(out, d(2, 8));
                    out.extend_from_slice(
                        b" (+https://www.terraform.io) terraform-provider-aws/5.",
                    );
                    push_u64(out, 60 + d(3, 25));
                    out.push(b'.');
                    push_u64(out, d(4, 3));
                    out.extend_from_slice(
                        b" (+https://registry.terraform.io/providers/hashicorp/aws) ",
                    );
                }
                out.extend_from_slice(b"aws-sdk-go-v2/1.");
                push_u64(out, 30 + d(5, 3));
                out.push(b'.');
                push_u64(out, d(6, 6));
                out.extend_from_slice(b" ua/2.1 os/linux lang/go#1.");
                push_u64(out, 22 + d(7, 2));
                out.push(b'.');
                push_u64(out, d(8, 9));
                out.extend_from_slice(b" md/GOOS#linux md/GOARCH#amd64 api/");
                out.extend_from_slice(api.svc().iam.as_bytes());
                out.extend_from_slice(b"#1.");
                push_u64(out, 20 + d(api.svc as u64 + 9, 40));
                out.extend_from_slice(b".");
                push_u64(out, d(api.svc as u64 + 99, 10));
            }
            Client::JavaSdk => {
                out.extend_from_slice(b"aws-sdk-java/2.");
                push_u64(out, 25 + d(1, 4));
                out.push(b'.');
                push_u64(out, d(2, 60));
                out.extend_from_slice(b" Linux/5.10.");
                push_u64(out, 220 + d(3, 20));
                out.extend_from_slice(b"-amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.");
                let j = 10 + d(4, 4);
                push_u64(out, j);
                out.extend_from_slice(b"+7-LTS Java/17.0.");
                push_u64(out, j);
                out.extend_from_slice(
                    b" vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy",
                );
            }
            Client::SsmAgent => {
                out.extend_from_slice(b"aws-sdk-go/1.");
                push_u64(out, 50 + d(1, 5));
                out.push(b'.');
                push_u64(out, d(2, 20));
                out.extend_from_slice(b" (go1.22.");
                push_u64(out, d(3, 9));
                out.extend_from_slice(b"; linux; amd64) amazon-ssm-agent/3.3.");
                push_u64(out, 1000 + d(4, 900));
                out.extend_from_slice(b".0");
            }
            Client::Console => {
                if api.svc == AwsService::EC2 {
                    out.extend_from_slice(b"console.ec2.amazonaws.com");
                } else {
                    out.extend_from_slice(b"console.amazonaws.com");
                }
            }
            Client::Internal => out.extend_from_slice(b"AWS Internal"),
            Client::Browser => {
                let chrome = 128 + d(1, 4);
                match d(2, 4) {
                    0 => out.extend_from_slice(b"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/"),
                    1 => {
                        out.extend_from_slice(b"Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:132.0) Gecko/20100101 Firefox/1");
                        push_u64(out, 30 + d(3, 3));
                        out.extend_from_slice(b".0");
                        return;
                    }
                    _ => out.extend_from_slice(b"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/"),
                }
                push_u64(out, chrome);
                out.extend_from_slice(b".0.0.0 Safari/537.36");
            }
            Client::Service(s) => out.extend_from_slice(s.as_bytes()),
        }
    }

    fn region(r: &Record) -> &'static str {
        AWS_REGIONS[r.region as usize]
    }

    pub fn push_host(&self, r: &Record, out: &mut Vec<u8>) {
        let api = r.api();
        let svc = api.svc();
        let region = Self::region(r).as_bytes();
        match api.svc {
            AwsService::SIGNIN => out.extend_from_slice(b"signin.aws.amazon.com"),
            AwsService::IAM | AwsService::CF | AwsService::R53 => {
                out.extend_from_slice(svc.host.as_bytes());
                out.extend_from_slice(b".amazonaws.com");
            }
            AwsService::S3 if !matches!(api.req, Req::S3Service) => {
                self.push_bucket(r, out);
                out.extend_from_slice(b".s3.");
                out.extend_from_slice(region);
                out.extend_from_slice(b".amazonaws.com");
            }
            AwsService::STS | AwsService::S3 if r.region == US_EAST_1 => {
                out.extend_from_slice(svc.host.as_bytes());
                out.extend_from_slice(b".amazonaws.com");
            }
            _ => {
                out.extend_from_slice(svc.host.as_bytes());
                out.push(b'.');
                out.extend_from_slice(region);
                out.extend_from_slice(b".amazonaws.com");
            }
        }
    }

    pub fn tls(r: &Record) -> Option<(&'static str, &'static str)> {
        match r.tls {
            1 => Some(("TLSv1.3", "TLS_AES_128_GCM_SHA256")),
            2 if r.pick.is_multiple_of(97) => Some(("TLSv1.2", "ECDHE-RSA-AES128-SHA")),
            2 => Some(("TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256")),
            _ => None,
        }
    }

    pub fn push_vpce(&self, r: &Record, out: &mut Vec<u8>) {
        out.extend_from_slice(b"vpce-");
        push_hex17(
            out,
            derive(self.seed, &[0x7bce, r.acct as u64, r.api().svc as u64, r.region as u64]),
        );
    }

    // ---- errors ------------------------------------------------------------------------

    pub fn error_code(&self, r: &Record) -> Option<&'static str> {
        let api = r.api();
        let style = api.svc().errors;
        Some(match r.fail {
            Fail::None | Fail::LoginFailed => return None,
            Fail::Denied => match style {
                ErrStyle::Ec2 => "Client.UnauthorizedOperation",
                ErrStyle::Query | ErrStyle::S3 => "AccessDenied",
                ErrStyle::Json => "AccessDeniedException",
            },
            Fail::Throttled => match style {
                ErrStyle::Ec2 => "Client.RequestLimitExceeded",
                ErrStyle::Query => "Throttling",
                ErrStyle::S3 => "SlowDown",
                ErrStyle::Json => "ThrottlingException",
            },
            Fail::NotFound => match (api.svc, api.req) {
                (AwsService::EC2, _) => "Client.InvalidInstanceID.NotFound",
                (AwsService::IAM, _) => "NoSuchEntityException",
                (AwsService::S3, Req::Bucket("policy")) => "NoSuchBucketPolicy",
                (AwsService::S3, Req::Bucket("encryption")) => {
                    "ServerSideEncryptionConfigurationNotFoundError"
                }
                (AwsService::S3, Req::Bucket("tagging")) => "NoSuchTagSet",
                (AwsService::S3, Req::Bucket("lifecycle")) => "NoSuchLifecycleConfiguration",
                (AwsService::S3, Req::Bucket("publicAccessBlock")) => {
                    "NoSuchPublicAccessBlockConfiguration"
                }
                (AwsService::S3, Req::Object) => "NoSuchKey",
                (AwsService::S3, _) => "NoSuchBucket",
                (AwsService::SSM, _) => "ParameterNotFound",
                (AwsService::LOGS, Req::LogStream) => "ResourceAlreadyExistsException",
                (AwsService::CFN, _) => "ValidationError",
                _ => "ResourceNotFoundException",
            },
        })
    }

    pub fn push_error_message(&self, r: &Record, out: &mut Vec<u8>) -> bool {
        let api = r.api();
        let svc = api.svc();
        match r.fail {
            Fail::None => return false,
            Fail::LoginFailed => out.extend_from_slice(b"Failed authentication"),
            Fail::Throttled => out.extend_from_slice(match svc.errors {
                ErrStyle::Ec2 => b"Request limit exceeded.",
                ErrStyle::S3 => b"Please reduce your request rate.",
                _ => b"Rate exceeded",
            }),
            Fail::Denied if svc.errors == ErrStyle::S3 => out.extend_from_slice(b"Access Denied"),
            Fail::Denied => {
                if svc.errors == ErrStyle::Ec2 {
                    out.extend_from_slice(b"You are not authorized to perform this operation. ");
                }
                out.extend_from_slice(b"User: ");
                self.push_arn(r, out);
                out.extend_from_slice(b" is not authorized to perform: ");
                push_action(out, api);
                out.extend_from_slice(b" on resource: ");
                self.push_denied_resource(r, out);
                out.extend_from_slice(b" because no identity-based policy allows the ");
                push_action(out, api);
                out.extend_from_slice(b" action");
                if svc.errors == ErrStyle::Ec2 && !api.read_only {
                    out.extend_from_slice(b". Encoded authorization failure message: ");
                    push_random_b64url(out, 280 + (r.pick % 200) as usize, r.pick);
                }
            }
            Fail::NotFound => match (api.svc, api.req) {
                (AwsService::EC2, _) => {
                    out.extend_from_slice(b"The instance ID '");
                    self.push_instance(r, out);
                    out.extend_from_slice(b"' does not exist");
                }
                (AwsService::IAM, Req::RoleName) => {
                    out.extend_from_slice(b"The role with name ");
                    self.push_role_target(r, out);
                    out.extend_from_slice(b" cannot be found.");
                }
                (AwsService::IAM, _) => {
                    out.extend_from_slice(b"The user with name ");
                    self.push_target_user(r, out);
                    out.extend_from_slice(b" cannot be found.");
                }
                (AwsService::S3, Req::Bucket("policy")) => {
                    out.extend_from_slice(b"The bucket policy does not exist")
                }
                (AwsService::S3, Req::Bucket("encryption")) => {
                    out.extend_from_slice(b"The server side encryption configuration was not found")
                }
                (AwsService::S3, Req::Bucket("tagging")) => {
                    out.extend_from_slice(b"The TagSet does not exist")
                }
                (AwsService::S3, Req::Bucket("lifecycle")) => {
                    out.extend_from_slice(b"The lifecycle configuration does not exist")
                }
                (AwsService::S3, Req::Bucket("publicAccessBlock")) => {
                    out.extend_from_slice(b"The public access block configuration was not found")
                }
                (AwsService::S3, Req::Object) => {
                    out.extend_from_slice(b"The specified key does not exist.")
                }
                (AwsService::S3, _) => {
                    out.extend_from_slice(b"The specified bucket does not exist")
                }
                (AwsService::SSM, _) => {
                    out.extend_from_slice(b"Parameter ");
                    out.extend_from_slice(pick(PARAMS, r.pick, 1).as_bytes());
                    out.extend_from_slice(b" not found.");
                }
                (AwsService::SECRETS, _) => {
                    out.extend_from_slice(b"Secrets Manager can't find the specified secret.")
                }
                (AwsService::LAMBDA, _) => {
                    out.extend_from_slice(b"Function not found: ");
                    self.push_function_arn(r, out);
                }
                (AwsService::DDB, _) => {
                    out.extend_from_slice(b"Requested resource not found: Table: ");
                    out.extend_from_slice(pick(TABLES, r.pick, 2).as_bytes());
                    out.extend_from_slice(b" not found");
                }
                (AwsService::LOGS, Req::LogStream) => {
                    out.extend_from_slice(b"The specified log stream already exists")
                }
                (AwsService::LOGS, _) => {
                    out.extend_from_slice(b"The specified log group does not exist.")
                }
                (AwsService::CFN, _) => {
                    out.extend_from_slice(b"Stack with id ");
                    out.extend_from_slice(pick(STACKS, r.pick, 2).as_bytes());
                    out.extend_from_slice(b" does not exist");
                }
                (AwsService::EKS, _) => {
                    out.extend_from_slice(b"No cluster found for name: ");
                    out.extend_from_slice(pick(EKS_CLUSTERS, r.pick, 2).as_bytes());
                    out.push(b'.');
                }
                _ => out.extend_from_slice(b"Resource not found"),
            },
        }
        true
    }

    fn push_denied_resource(&self, r: &Record, out: &mut Vec<u8>) {
        let api = r.api();
        match api.req {
            Req::AssumeRole => self.push_assume_target_arn(r, out),
            Req::UserName | Req::UserNameOpt | Req::UserPolicy | Req::AccessKeyId => {
                out.extend_from_slice(b"arn:aws:iam::");
                out.extend_from_slice(self.acct(r).id.as_bytes());
                out.extend_from_slice(b":user/");
                self.push_target_user(r, out);
            }
            Req::SecretId => self.push_secret_arn(r, out),
            Req::KmsKey | Req::KmsCrypto | Req::KmsDataKey => self.push_key_arn(r, out),
            _ if api.svc == AwsService::EC2 => {
                out.extend_from_slice(b"arn:aws:ec2:");
                out.extend_from_slice(Self::region(r).as_bytes());
                out.push(b':');
                out.extend_from_slice(self.acct(r).id.as_bytes());
                out.extend_from_slice(b":instance/*");
            }
            _ => out.push(b'*'),
        }
    }

    // ---- resources -------------------------------------------------------------------

    fn push_instance(&self, r: &Record, out: &mut Vec<u8>) {
        let a = self.acct(r);
        let i = match r.actor {
            Actor::Role(RoleKind::Instance | RoleKind::Eks, i) => i as usize,
            _ => (r.pick >> 3) as usize,
        };
        out.extend_from_slice(a.instances[i % a.instances.len()].id.as_bytes());
    }

    fn instance_ip(&self, r: &Record) -> u32 {
        let a = self.acct(r);
        let i = match r.actor {
            Actor::Role(RoleKind::Instance | RoleKind::Eks, i) => i as usize,
            _ => (r.pick >> 3) as usize,
        };
        a.instances[i % a.instances.len()].private_ip
    }

    fn push_bucket(&self, r: &Record, out: &mut Vec<u8>) {
        out.extend_from_slice(self.acct(r).alias.as_bytes());
        out.push(b'-');
        out.extend_from_slice(pick(BUCKETS, r.pick, 5).as_bytes());
    }

    fn push_object_key(&self, r: &Record, out: &mut Vec<u8>) {
        out.extend_from_slice(pick(OBJECT_PREFIXES, r.pick, 6).as_bytes());
        push_hex_fixed(out, self.h(r, 6) >> 16, 12, false);
        out.extend_from_slice(pick(OBJECT_EXTS, r.pick, 7).as_bytes());
    }

    fn push_secret_arn(&self, r: &Record, out: &mut Vec<u8>) {
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

    fn push_key_arn(&self, r: &Record, out: &mut Vec<u8>) {
        self.arn_prefix(r, "kms", out);
        out.extend_from_slice(b"key/");
        let h = derive(self.seed, &[0x4e5, r.acct as u64, r.region as u64, r.pick % 3]);
        push_uuid(out, h, mix64(h), false);
    }

    fn push_function_arn(&self, r: &Record, out: &mut Vec<u8>) {
        self.arn_prefix(r, "lambda", out);
        out.extend_from_slice(b"function:");
        out.extend_from_slice(self.function(r).as_bytes());
    }

    fn function(&self, r: &Record) -> &'static str {
        match r.actor {
            Actor::Role(RoleKind::Lambda, f) => FUNCTIONS[f as usize % FUNCTIONS.len()],
            _ => pick(FUNCTIONS, r.pick, 4),
        }
    }

    fn push_trail_arn(&self, r: &Record, out: &mut Vec<u8>) {
        let a = self.acct(r);
        out.extend_from_slice(b"arn:aws:cloudtrail:");
        out.extend_from_slice(a.home_region.as_bytes());
        out.push(b':');
        out.extend_from_slice(a.id.as_bytes());
        out.extend_from_slice(b":trail/");
        out.extend_from_slice(TRAILS[r.acct as usize % TRAILS.len()].as_bytes());
    }

    /// `arn:aws:<svc>:<region>:<acct>:`
    fn arn_prefix(&self, r: &Record, svc: &str, out: &mut Vec<u8>) {
        out.extend_from_slice(b"arn:aws:");
        out.extend_from_slice(svc.as_bytes());
        out.push(b':');
        out.extend_from_slice(Self::region(r).as_bytes());
        out.push(b':');
        out.extend_from_slice(self.acct(r).id.as_bytes());
        out.push(b':');
    }

    /// The IAM user acted upon: the attack's target, else the caller or a colleague.
    fn push_target_user(&self, r: &Record, out: &mut Vec<u8>) {
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

    fn assume_target(&self, r: &Record) -> &'a IamRole {
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

    fn push_assume_target_arn(&self, r: &Record, out: &mut Vec<u8>) {
        out.extend_from_slice(self.assume_target(r).arn.as_bytes());
    }

    /// roleSessionName of an AssumeRole call.
    fn push_assumed_session(&self, r: &Record, out: &mut Vec<u8>) {
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

    fn push_role_target(&self, r: &Record, out: &mut Vec<u8>) {
        let a = self.acct(r);
        out.extend_from_slice(a.roles[(r.pick >> 20) as usize % a.roles.len()].name.as_bytes());
    }

    // ---- requestParameters -----------------------------------------------------------

    /// Writes the requestParameters object; false means `null`.
    pub fn push_request(&self, r: &Record, out: &mut Vec<u8>) -> bool {
        let p = r.pick;
        let region = Self::region(r).as_bytes();
        let acct = self.acct(r).id.as_bytes();
        macro_rules! s {
            ($($x:expr),*) => {{ $(out.extend_from_slice($x);)* }};
        }
        match r.api().req {
            Req::Null => return false,
            Req::Ec2Instances => match p % 4 {
                0 | 1 => s!(b"{\"instancesSet\":{},\"filterSet\":{}}"),
                2 => {
                    s!(b"{\"instancesSet\":{\"items\":[{\"instanceId\":\"");
                    self.push_instance(r, out);
                    s!(b"\"}]},\"filterSet\":{}}");
                }
                _ => {
                    s!(b"{\"instancesSet\":{},\"filterSet\":{\"items\":[{\"name\":\"");
                    if p & 64 == 0 {
                        s!(b"instance-state-name\",\"valueSet\":{\"items\":[{\"value\":\"running\"}]}}]}}");
                    } else {
                        s!(b"tag:Name\",\"valueSet\":{\"items\":[{\"value\":\"", pick(REPOS, p, 3).as_bytes(), b"-*\"}]}}]}}");
                    }
                }
            },
            Req::Ec2InstanceStatus => {
                s!(b"{\"instancesSet\":{\"items\":[{\"instanceId\":\"");
                self.push_instance(r, out);
                s!(b"\"}]},\"filterSet\":{},\"includeAllInstances\":", if p & 1 == 0 { b"false}" } else { b"true}" });
            }
            Req::Ec2InstanceIds => {
                s!(b"{\"instancesSet\":{\"items\":[{\"instanceId\":\"");
                self.push_instance(r, out);
                s!(b"\"}]}}");
            }
            Req::Ec2Set(name) => s!(b"{\"", name.as_bytes(), b"\":{},\"filterSet\":{}}"),
            Req::Ec2Filter => s!(b"{\"filterSet\":{}}"),
            Req::Ec2Addresses => s!(b"{\"publicIpsSet\":{},\"allocationIdsSet\":{},\"filterSet\":{}}"),
            Req::Ec2Images => s!(b"{\"executableBySet\":{},\"imagesSet\":{},\"ownersSet\":{\"items\":[{\"owner\":\"", if p & 1 == 0 { b"self" as &[u8] } else { b"amazon" }, b"\"}]},\"filterSet\":{}}"),
            Req::Ec2AccountAttributes => s!(b"{\"accountAttributeNameSet\":{\"items\":[{\"attributeName\":\"supported-platforms\"}]},\"filterSet\":{}}"),
            Req::Ec2Azs => s!(b"{\"availabilityZoneSet\":{},\"availabilityZoneIdSet\":{}}"),
            Req::InstanceId => {
                s!(b"{\"instanceId\":\"");
                self.push_instance(r, out);
                s!(b"\"}");
            }
            Req::InstanceAttr => {
                s!(b"{\"instanceId\":\"");
                self.push_instance(r, out);
                s!(b"\",\"attribute\":\"", pick(&["instanceType", "userData", "disableApiTermination", "instanceInitiatedShutdownBehavior"], p, 2).as_bytes(), b"\"}");
            }
            Req::Ec2CreateTags => {
                s!(b"{\"resourcesSet\":{\"items\":[{\"resourceId\":\"");
                self.push_instance(r, out);
                s!(b"\"}]},\"tagSet\":{\"items\":[{\"key\":\"", pick(&["Name", "Owner", "CostCenter", "Environment", "Backup"], p, 2).as_bytes(), b"\",\"value\":\"", pick(REPOS, p, 3).as_bytes(), b"\"}]}}");
            }
            Req::Ec2Volume => {
                s!(b"{\"volumeId\":\"vol-");
                push_hex17(out, self.h(r, 11));
                s!(b"\",\"description\":\"This snapshot is created by the AWS Backup service.\"}");
            }
            Req::Ec2Snapshot => {
                s!(b"{\"snapshotId\":\"snap-");
                push_hex17(out, self.h(r, 12));
                s!(b"\"}");
            }
            Req::Ec2SgIngress => {
                s!(b"{\"groupId\":\"sg-");
                push_hex17(out, derive(self.seed, &[0x5a, r.acct as u64, p % 6]));
                s!(b"\",\"ipPermissions\":{\"items\":[{\"ipProtocol\":\"tcp\",\"fromPort\":", pick(&["443", "22", "5432", "8080"], p, 2).as_bytes());
                s!(b",\"toPort\":", pick(&["443", "22", "5432", "8080"], p, 2).as_bytes(), b",\"groups\":{},\"ipRanges\":{\"items\":[{\"cidrIp\":\"10.");
                push_u64(out, 100 + r.acct as u64);
                s!(b".0.0/16\"}]},\"ipv6Ranges\":{},\"prefixListIds\":{}}]}}");
            }
            Req::Ec2RunInstances => {
                s!(b"{\"instancesSet\":{\"items\":[{\"imageId\":\"ami-");
                push_hex17(out, derive(self.seed, &[0xa31, r.region as u64, p % 4]));
                s!(b"\",\"minCount\":1,\"maxCount\":1}]},\"instanceType\":\"", pick(&["t3.medium", "m6i.large", "c6i.xlarge", "r6g.large"], p, 2).as_bytes());
                s!(b"\",\"blockDeviceMapping\":{},\"monitoring\":{\"enabled\":false},\"disableApiTermination\":false,\"disableApiStop\":false,\"clientToken\":\"");
                push_uuid(out, self.h(r, 13), self.h(r, 14), false);
                s!(b"\"}");
            }
            Req::SsmFilters => {
                if p % 5 < 3 {
                    s!(b"{\"filters\":[{\"key\":\"InstanceIds\",\"values\":[\"");
                    self.push_instance(r, out);
                    s!(b"\"]}]}");
                } else {
                    s!(b"{\"maxResults\":50}");
                }
            }
            Req::SsmAgent => {
                s!(b"{\"instanceId\":\"");
                self.push_instance(r, out);
                s!(b"\",\"agentVersion\":\"3.3.");
                push_u64(out, 1000 + (r.uav as u64 % 900));
                s!(b".0\",\"agentStatus\":\"Active\",\"platformType\":\"Linux\",\"platformName\":\"Amazon Linux\",\"platformVersion\":\"2023\",\"iPAddress\":\"");
                push_ipv4(out, self.instance_ip(r));
                s!(b"\",\"computerName\":\"ip-");
                let ip = self.instance_ip(r);
                for (i, sh) in [24, 16, 8, 0].iter().enumerate() {
                    if i > 0 {
                        out.push(b'-');
                    }
                    push_u64(out, ((ip >> sh) & 0xff) as u64);
                }
                s!(b".ec2.internal\",\"agentName\":\"amazon-ssm-agent\",\"availabilityZone\":\"", region, b"a\",\"availabilityZoneId\":\"use1-az2\"}");
            }
            Req::SsmInstance => {
                s!(b"{\"instanceId\":\"");
                self.push_instance(r, out);
                s!(b"\"}");
            }
            Req::SsmAssocStatus => {
                s!(b"{\"associationId\":\"");
                push_uuid(out, derive(self.seed, &[0xa55, r.acct as u64]), 7, false);
                s!(b"\",\"instanceId\":\"");
                self.push_instance(r, out);
                s!(b"\",\"executionResult\":{\"status\":\"Success\",\"executionDate\":\"");
                push_java_date(out, r.time, true);
                s!(b"\"}}");
            }
            Req::ParamName => s!(b"{\"name\":\"", pick(PARAMS, p, 1).as_bytes(), b"\",\"withDecryption\":", if p & 1 == 0 { b"true}" } else { b"false}" }),
            Req::ParamNames => {
                s!(b"{\"names\":[\"", pick(PARAMS, p, 1).as_bytes(), b"\",\"", pick(PARAMS, p, 2).as_bytes(), b"\"],\"withDecryption\":true}");
            }
            Req::ParamPath => s!(b"{\"path\":\"", pick(PARAM_PATHS, p, 1).as_bytes(), b"\",\"recursive\":true,\"withDecryption\":true}"),
            Req::CommandInvocation => {
                s!(b"{\"commandId\":\"");
                push_uuid(out, self.h(r, 15) & !0xffff, 3, false);
                s!(b"\",\"instanceId\":\"");
                self.push_instance(r, out);
                s!(b"\"}");
            }
            Req::SendCommand => {
                s!(b"{\"instanceIds\":[\"");
                self.push_instance(r, out);
                s!(b"\"],\"documentName\":\"AWS-RunShellScript\",\"parameters\":\"HIDDEN_DUE_TO_SECURITY_REASONS\",\"interactive\":false}");
            }
            Req::StartSession => {
                s!(b"{\"target\":\"");
                self.push_instance(r, out);
                s!(b"\"}");
            }
            Req::SessionId => {
                s!(b"{\"sessionId\":\"");
                self.push_ssm_session_id(r, out);
                s!(b"\"}");
            }
            Req::MaxResults(n) => {
                s!(b"{\"maxResults\":");
                push_u64(out, n as u64);
                s!(b"}");
            }
            Req::MaxRecords(n) => {
                s!(b"{\"maxRecords\":");
                push_u64(out, n as u64);
                s!(b"}");
            }
            Req::SecretId => {
                s!(b"{\"secretId\":\"");
                self.push_secret_arn(r, out);
                s!(b"\"}");
            }
            Req::UserName => {
                s!(b"{\"userName\":\"");
                self.push_target_user(r, out);
                s!(b"\"}");
            }
            Req::UserNameOpt => {
                if r.target == NO_TARGET && self.user_name(r).is_some() && !p.is_multiple_of(3) {
                    return false;
                }
                s!(b"{\"userName\":\"");
                self.push_target_user(r, out);
                s!(b"\"}");
            }
            Req::RoleName => {
                s!(b"{\"roleName\":\"");
                self.push_role_target(r, out);
                s!(b"\"}");
            }
            Req::PolicyArn => {
                s!(b"{\"policyArn\":\"arn:aws:iam::", acct, b":policy/", pick(&["app-s3-access", "ci-deploy-boundary", "lambda-dynamodb-rw", "readonly-billing"], p, 2).as_bytes(), b"\"}");
            }
            Req::UserPolicy => {
                s!(b"{\"userName\":\"");
                self.push_target_user(r, out);
                s!(b"\",\"policyArn\":\"arn:aws:iam::aws:policy/");
                s!(if r.admin_policy { "AdministratorAccess" } else { pick(USER_POLICIES, p, 2) }.as_bytes(), b"\"}");
            }
            Req::RolePolicy => {
                s!(b"{\"roleName\":\"");
                self.push_role_target(r, out);
                s!(b"\",\"policyArn\":\"arn:aws:iam::aws:policy/", pick(ROLE_POLICIES, p, 2).as_bytes(), b"\"}");
            }
            Req::AccessKeyId => {
                s!(b"{\"accessKeyId\":\"");
                push_b32_id(out, "AKIA", 20, self.h(r, 16));
                s!(b"\",\"userName\":\"");
                self.push_target_user(r, out);
                s!(b"\"}");
            }
            Req::AssumeRole => {
                s!(b"{\"roleArn\":\"");
                self.push_assume_target_arn(r, out);
                s!(b"\",\"roleSessionName\":\"");
                self.push_assumed_session(r, out);
                if matches!(r.actor, Actor::Service(_)) {
                    s!(b"\"}");
                } else {
                    s!(b"\",\"durationSeconds\":", if p.is_multiple_of(3) { b"900}" as &[u8] } else { b"3600}" });
                }
            }
            Req::SessionToken => s!(b"{\"durationSeconds\":43200}"),
            Req::S3Service => s!(b"{\"Host\":\"s3.amazonaws.com\"}"),
            Req::Bucket(sub) => {
                s!(b"{\"bucketName\":\"");
                self.push_bucket(r, out);
                s!(b"\",\"Host\":\"");
                self.push_host(r, out);
                s!(b"\"");
                if !sub.is_empty() {
                    s!(b",\"", sub.as_bytes(), b"\":\"\"");
                }
                s!(b"}");
            }
            Req::ListObjects => {
                s!(b"{\"list-type\":\"2\",\"bucketName\":\"");
                self.push_bucket(r, out);
                s!(b"\",\"encoding-type\":\"url\",\"prefix\":\"", pick(OBJECT_PREFIXES, p, 6).as_bytes(), b"\",");
                if p & 1 == 0 {
                    s!(b"\"delimiter\":\"/\",");
                }
                s!(b"\"Host\":\"");
                self.push_host(r, out);
                s!(b"\"}");
            }
            Req::Object => {
                s!(b"{\"bucketName\":\"");
                self.push_bucket(r, out);
                s!(b"\",\"Host\":\"");
                self.push_host(r, out);
                s!(b"\",\"key\":\"");
                self.push_object_key(r, out);
                s!(b"\"}");
            }
            Req::KmsKey => {
                s!(b"{\"keyId\":\"");
                self.push_key_arn(r, out);
                s!(b"\"}");
            }
            Req::KmsCrypto => {
                s!(b"{\"encryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"");
                if p & 2 == 0 {
                    s!(b",\"encryptionContext\":{\"aws:lambda:FunctionArn\":\"");
                    self.push_function_arn(r, out);
                    s!(b"\"}");
                }
                s!(b"}");
            }
            Req::KmsDataKey => {
                s!(b"{\"keyId\":\"");
                self.push_key_arn(r, out);
                s!(b"\",\"keySpec\":\"AES_256\"}");
            }
            Req::TrailName => {
                s!(b"{\"name\":\"");
                if r.uav & 1 == 0 {
                    s!(TRAILS[r.acct as usize % TRAILS.len()].as_bytes());
                } else {
                    self.push_trail_arn(r, out);
                }
                s!(b"\"}");
            }
            Req::TrailList => s!(b"{\"trailNameList\":[],\"includeShadowTrails\":true}"),
            Req::LookupEvents => {
                s!(b"{\"maxResults\":50,\"lookupAttributes\":[{\"attributeKey\":\"ReadOnly\",\"attributeValue\":\"false\"}],\"startTime\":\"");
                push_java_date(out, r.time - 86_400 * MICROS_PER_SEC, true);
                s!(b"\",\"endTime\":\"");
                push_java_date(out, r.time, true);
                s!(b"\"}");
            }
            Req::FunctionName => s!(b"{\"functionName\":\"", self.function(r).as_bytes(), b"\"}"),
            Req::LogStream => {
                s!(b"{\"logGroupName\":\"/aws/lambda/", self.function(r).as_bytes(), b"\",\"logStreamName\":\"");
                let c = civil(r.time);
                push_padded(out, c.year as u64, 4);
                out.push(b'/');
                push_padded(out, c.month as u64, 2);
                out.push(b'/');
                push_padded(out, c.day as u64, 2);
                s!(b"/[$LATEST]");
                push_hex_fixed(out, self.h(r, 17), 16, false);
                push_hex_fixed(out, self.h(r, 18), 16, false);
                s!(b"\"}");
            }
            Req::LogGroup => s!(b"{\"logGroupName\":\"/aws/lambda/", self.function(r).as_bytes(), b"\"}"),
            Req::LogPrefix => s!(b"{\"logGroupNamePrefix\":\"/aws/", pick(&["lambda/", "eks/", "rds/", "vpc/"], p, 2).as_bytes(), b"\"}"),
            Req::MetricData | Req::MetricStats => {
                s!(b"{\"startTime\":\"");
                push_java_date(out, r.time - 3 * 3600 * MICROS_PER_SEC, true);
                s!(b"\",\"endTime\":\"");
                push_java_date(out, r.time, true);
                s!(b"\",");
                if r.api().req == Req::MetricStats {
                    s!(b"\"namespace\":\"AWS/EC2\",\"metricName\":\"CPUUtilization\",\"dimensions\":[{\"name\":\"InstanceId\",\"value\":\"");
                    self.push_instance(r, out);
                    s!(b"\"}],\"period\":300,\"statistics\":[\"Average\"]}");
                } else {
                    s!(b"\"metricDataQueries\":[{\"id\":\"m1\",\"metricStat\":{\"metric\":{\"namespace\":\"AWS/EC2\",\"metricName\":\"CPUUtilization\",\"dimensions\":[{\"name\":\"InstanceId\",\"value\":\"");
                    self.push_instance(r, out);
                    s!(b"\"}]},\"period\":300,\"stat\":\"Average\"},\"returnData\":true}],\"scanBy\":\"TimestampAscending\"}");
                }
            }
            Req::DbInstance => s!(b"{\"dBInstanceIdentifier\":\"", pick(DBS, p, 2).as_bytes(), b"\"}"),
            Req::Table => s!(b"{\"tableName\":\"", pick(TABLES, p, 2).as_bytes(), b"\"}"),
            Req::Topic => s!(b"{\"topicArn\":\"arn:aws:sns:", region, b":", acct, b":", pick(TOPICS, p, 2).as_bytes(), b"\"}"),
            Req::Queue => s!(b"{\"queueUrl\":\"https://sqs.", region, b".amazonaws.com/", acct, b"/", pick(QUEUES, p, 2).as_bytes(), b"\",\"attributeNames\":[\"All\"]}"),
            Req::QueueName => s!(b"{\"queueName\":\"", pick(QUEUES, p, 2).as_bytes(), b"\"}"),
            Req::TargetGroup => {
                s!(b"{\"targetGroupArn\":\"arn:aws:elasticloadbalancing:", region, b":", acct, b":targetgroup/", pick(TARGET_GROUPS, p, 2).as_bytes(), b"/");
                push_hex_fixed(out, derive(self.seed, &[0x7a9, r.acct as u64, (p >> 16) % 3]), 16, false);
                s!(b"\"}");
            }
            Req::AsgNames => s!(b"{\"autoScalingGroupNames\":[\"", pick(ASGS, p, 2).as_bytes(), b"\"]}"),
            Req::Repo => s!(b"{\"repositoryName\":\"", pick(REPOS, p, 2).as_bytes(), b"\",\"registryId\":\"", acct, b"\"}"),
            Req::RepoLayer => {
                s!(b"{\"repositoryName\":\"", pick(REPOS, p, 2).as_bytes(), b"\",\"registryId\":\"", acct, b"\",\"layerDigest\":\"sha256:");
                push_hex_fixed(out, self.h(r, 19), 16, false);
                push_hex_fixed(out, self.h(r, 20), 16, false);
                push_hex_fixed(out, self.h(r, 21), 16, false);
                push_hex_fixed(out, self.h(r, 22), 16, false);
                s!(b"\"}");
            }
            Req::Cluster => s!(b"{\"cluster\":\"", pick(ECS_CLUSTERS, p, 2).as_bytes(), b"\"}"),
            Req::ClusterName => s!(b"{\"name\":\"", pick(EKS_CLUSTERS, p, 2).as_bytes(), b"\"}"),
            Req::Services => s!(b"{\"cluster\":\"", pick(ECS_CLUSTERS, p, 2).as_bytes(), b"\",\"services\":[\"", pick(REPOS, p, 3).as_bytes(), b"\"]}"),
            Req::Tasks => {
                s!(b"{\"cluster\":\"", pick(ECS_CLUSTERS, p, 2).as_bytes(), b"\",\"tasks\":[\"");
                push_hex_fixed(out, self.h(r, 23), 16, false);
                push_hex_fixed(out, self.h(r, 24), 16, false);
                s!(b"\"]}");
            }
            Req::TaskDef => s!(b"{\"taskDefinition\":\"", pick(REPOS, p, 3).as_bytes(), b"\"}"),
            Req::Stack => s!(b"{\"stackName\":\"", pick(STACKS, p, 2).as_bytes(), b"\"}"),
            Req::HostedZone => {
                s!(b"{\"hostedZoneId\":\"Z");
                push_random_b32(out, 13, derive(self.seed, &[0x253, r.acct as u64, p % 2]));
                s!(b"\"}");
            }
            Req::ModelId => s!(b"{\"modelId\":\"", pick(MODELS, p, 2).as_bytes(), b"\"}"),
            Req::SshKey => {
                s!(b"{\"instanceId\":\"");
                self.push_instance(r, out);
                s!(b"\",\"instanceOSUser\":\"ec2-user\",\"sSHPublicKey\":\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI");
                push_random_b64(out, 43, self.h(r, 25));
                s!(b"\"}");
            }
            Req::RoleCredentials => {
                s!(b"{\"accountId\":\"", acct, b"\",\"roleName\":\"");
                if let Actor::Portal(u) = r.actor {
                    let role = self.sso_role(r, u);
                    // The permission set name: AWSReservedSSO_<name>_<hex>.
                    let name = role.name.trim_start_matches("AWSReservedSSO_");
                    s!(name.rsplit_once('_').map_or(name, |x| x.0).as_bytes());
                }
                s!(b"\"}");
            }
            Req::AccountId => s!(b"{\"accountId\":\"", acct, b"\"}"),
            Req::Detector => {
                s!(b"{\"detectorId\":\"");
                push_hex_fixed(out, derive(self.seed, &[0x9d, r.acct as u64, r.region as u64]), 16, false);
                push_hex_fixed(out, derive(self.seed, &[0x9e, r.acct as u64, r.region as u64]), 16, false);
                s!(b"\"}");
            }
            Req::QueryExecution => {
                s!(b"{\"queryExecutionId\":\"");
                push_uuid(out, self.h(r, 26), self.h(r, 27), false);
                s!(b"\"}");
            }
            Req::GlueTable => s!(b"{\"databaseName\":\"", pick(GLUE_DBS, p, 2).as_bytes(), b"\",\"name\":\"", pick(GLUE_TABLES, p, 3).as_bytes(), b"\"}"),
            Req::GlueDatabase => s!(b"{\"name\":\"", pick(GLUE_DBS, p, 2).as_bytes(), b"\"}"),
            Req::BackupJob => {
                s!(b"{\"backupVaultName\":\"Default\",\"resourceArn\":\"arn:aws:ec2:", region, b":", acct, b":volume/vol-");
                push_hex17(out, self.h(r, 11));
                s!(b"\",\"iamRoleArn\":\"", self.kind_role(r, RoleKind::Backup).arn.as_bytes(), b"\"}");
            }
            Req::Distribution => {
                s!(b"{\"id\":\"E");
                push_random_b32(out, 13, derive(self.seed, &[0xcf, r.acct as u64]));
                s!(b"\"}");
            }
        }
        true
    }

    fn push_ssm_session_id(&self, r: &Record, out: &mut Vec<u8>) {
        match r.actor {
            Actor::Sso(u) | Actor::IamUser(u) | Actor::IamConsole(u) => {
                out.extend_from_slice(self.user(u).sam.as_bytes())
            }
            _ => out.extend_from_slice(b"session"),
        }
        out.push(b'-');
        push_hex17(out, self.h(r, 28));
    }

    // ---- responseElements ------------------------------------------------------------

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
        macro_rules! s {
            ($($x:expr),*) => {{ $(out.extend_from_slice($x);)* }};
        }
        match api.resp {
            Resp::Null | Resp::ConsoleLogin => return false,
            Resp::AssumeRole | Resp::SessionToken => {
                s!(b"{\"credentials\":{\"accessKeyId\":\"");
                push_b32_id(out, "ASIA", 20, self.h(r, 30));
                s!(b"\",\"sessionToken\":\"IQoJb3JpZ2luX2Vj");
                push_random_b64(out, 380 + (r.pick % 300) as usize, self.h(r, 31));
                s!(b"\",\"expiration\":\"");
                let secs = if api.resp == Resp::SessionToken {
                    43_200
                } else if matches!(r.actor, Actor::Service(_)) || !r.pick.is_multiple_of(3) {
                    3600
                } else {
                    900
                };
                push_java_date(out, r.time + secs * MICROS_PER_SEC, true);
                s!(b"\"}");
                if api.resp == Resp::AssumeRole {
                    let role = self.assume_target(r);
                    s!(
                        b",\"assumedRoleUser\":{\"assumedRoleId\":\"",
                        role.role_id.as_bytes(),
                        b":"
                    );
                    self.push_assumed_session(r, out);
                    s!(
                        b"\",\"arn\":\"arn:aws:sts::",
                        acct,
                        b":assumed-role/",
                        role.name.as_bytes(),
                        b"/"
                    );
                    self.push_assumed_session(r, out);
                    s!(b"\"}");
                }
                s!(b"}");
            }
            Resp::AccessKey => {
                s!(b"{\"accessKey\":{\"accessKeyId\":\"");
                push_b32_id(out, "AKIA", 20, self.h(r, 32));
                s!(b"\",\"status\":\"Active\",\"userName\":\"");
                if r.target != NO_TARGET || self.user_name(r).is_none() || r.pick.is_multiple_of(3)
                {
                    self.push_target_user(r, out);
                } else {
                    s!(self.user_name(r).unwrap_or_default().as_bytes());
                }
                s!(b"\",\"createDate\":\"");
                push_java_date(out, r.time, false);
                s!(b"\"}}");
            }
            Resp::CreateUser => {
                s!(b"{\"user\":{\"path\":\"/\",\"userName\":\"");
                self.push_target_user(r, out);
                s!(b"\",\"userId\":\"");
                push_b32_id(out, "AIDA", 21, self.h(r, 33));
                s!(b"\",\"arn\":\"arn:aws:iam::", acct, b":user/");
                self.push_target_user(r, out);
                s!(b"\",\"createDate\":\"");
                push_java_date(out, r.time, false);
                s!(b"\"}}");
            }
            Resp::Ec2Return => {
                s!(b"{\"requestId\":\"");
                self.push_request_id(r, out);
                s!(b"\",\"_return\":true}");
            }
            Resp::InstanceState(cur, prev) => {
                s!(b"{\"requestId\":\"");
                self.push_request_id(r, out);
                s!(b"\",\"instancesSet\":{\"items\":[{\"instanceId\":\"");
                self.push_instance(r, out);
                s!(b"\",\"currentState\":{\"code\":");
                push_u64(out, cur as u64);
                s!(
                    b",\"name\":\"",
                    state_name(cur).as_bytes(),
                    b"\"},\"previousState\":{\"code\":"
                );
                push_u64(out, prev as u64);
                s!(b",\"name\":\"", state_name(prev).as_bytes(), b"\"}}]}}");
            }
            Resp::SsmSession => {
                s!(b"{\"sessionId\":\"");
                self.push_ssm_session_id(r, out);
                s!(b"\",\"tokenValue\":\"Value hidden due to security reasons.\",\"streamUrl\":\"wss://ssmmessages.", Self::region(r).as_bytes(), b".amazonaws.com/v1/data-channel/");
                self.push_ssm_session_id(r, out);
                s!(b"?role=publish_subscribe&cell-number=AAEAAQ\"}");
            }
            Resp::SsmTerminate => {
                s!(b"{\"sessionId\":\"");
                self.push_ssm_session_id(r, out);
                s!(b"\"}");
            }
            Resp::SshKey => {
                s!(b"{\"requestId\":\"");
                self.push_request_id(r, out);
                s!(b"\",\"success\":true}");
            }
            Resp::SendCommand => {
                s!(b"{\"command\":{\"commandId\":\"");
                push_uuid(out, self.h(r, 15) & !0xffff, 3, false);
                s!(b"\",\"documentName\":\"AWS-RunShellScript\",\"documentVersion\":\"$DEFAULT\",\"comment\":\"\",\"expiresAfter\":\"");
                push_java_date(out, r.time + 3600 * MICROS_PER_SEC, true);
                s!(b"\",\"parameters\":\"HIDDEN_DUE_TO_SECURITY_REASONS\",\"instanceIds\":[\"");
                self.push_instance(r, out);
                s!(b"\"],\"targets\":[],\"requestedDateTime\":\"");
                push_java_date(out, r.time, true);
                s!(b"\",\"status\":\"Pending\",\"statusDetails\":\"Pending\",\"outputS3Region\":\"", Self::region(r).as_bytes());
                s!(b"\",\"outputS3BucketName\":\"\",\"outputS3KeyPrefix\":\"\",\"maxConcurrency\":\"50\",\"maxErrors\":\"0\",\"targetCount\":1,\"completedCount\":0,\"errorCount\":0,\"deliveryTimedOutCount\":0,\"serviceRole\":\"\",\"notificationConfig\":{\"notificationArn\":\"\",\"notificationEvents\":[],\"notificationType\":\"\"},\"cloudWatchOutputConfig\":{\"cloudWatchLogGroupName\":\"\",\"cloudWatchOutputEnabled\":false},\"timeoutSeconds\":3600,\"alarmConfiguration\":{\"ignorePollAlarmFailure\":false,\"alarms\":[]},\"triggeredAlarms\":[]}}");
            }
            Resp::QueryExecution => {
                s!(b"{\"queryExecutionId\":\"");
                push_uuid(out, self.h(r, 26), self.h(r, 27), false);
                s!(b"\"}");
            }
        }
        true
    }

    // ---- other optional members ------------------------------------------------------

    /// additionalEventData: sign-in details, S3's signature/transfer details.
    pub fn push_additional(&self, r: &Record, out: &mut Vec<u8>) -> bool {
        let api = r.api();
        macro_rules! s {
            ($($x:expr),*) => {{ $(out.extend_from_slice($x);)* }};
        }
        if api.cat == EventCategory::SignIn {
            s!(b"{\"LoginTo\":\"https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true\",\"MobileVersion\":\"No\",\"MFAUsed\":\"");
            let mfa = matches!(r.actor, Actor::IamConsole(_) | Actor::Root) && r.mfa;
            if mfa {
                s!(
                    b"Yes\",\"MFAIdentifier\":\"arn:aws:iam::",
                    self.acct(r).id.as_bytes(),
                    b":mfa/"
                );
                s!(self.user_name(r).unwrap_or("root-account-mfa-device").as_bytes());
                s!(b"\"}");
            } else {
                s!(b"No\"}");
            }
            return true;
        }
        if api.svc == AwsService::S3 {
            s!(
                b"{\"SignatureVersion\":\"SigV4\",\"CipherSuite\":\"",
                Self::tls(r).map_or("TLS_AES_128_GCM_SHA256", |t| t.1).as_bytes()
            );
            s!(b"\",\"bytesTransferredIn\":");
            let size = (self.h(r, 40) % 2_000_000) >> (self.h(r, 41) % 16);
            push_u64(out, if api.name == "PutObject" { size } else { 0 });
            s!(b",\"AuthenticationMethod\":\"AuthHeader\",\"x-amz-id-2\":\"");
            push_random_b64(out, 76, self.h(r, 42));
            s!(b"\",\"bytesTransferredOut\":");
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
            s!(b"}");
            return true;
        }
        false
    }

    /// requestID: S3 uses 16 upper-case alphanumerics, the others a UUID; sign-in and service
    /// events have none.
    pub fn has_request_id(&self, r: &Record) -> bool {
        !matches!(r.api().cat, EventCategory::SignIn | EventCategory::ServiceEvent)
    }

    pub fn push_request_id(&self, r: &Record, out: &mut Vec<u8>) {
        if r.api().svc == AwsService::S3 {
            let h = self.h(r, 50);
            let h2 = self.h(r, 51);
            for i in 0..16u64 {
                let x = if i < 10 { h >> (i * 6) } else { h2 >> ((i - 10) * 6) };
                out.push(ALNUM[(x % 36) as usize]);
            }
        } else {
            push_uuid(out, self.h(r, 52), self.h(r, 53), false);
        }
    }

    pub fn push_shared_event_id(&self, r: &Record, out: &mut Vec<u8>) -> bool {
        if matches!(r.actor, Actor::Service(_)) && r.api().cat != EventCategory::ServiceEvent {
            push_uuid(out, self.h(r, 60), self.h(r, 61), false);
            return true;
        }
        false
    }

    /// resources[]: the STS role, KMS key, S3 object/bucket, SSM parameters, trail.
    pub fn push_resources(&self, r: &Record, out: &mut Vec<u8>) -> bool {
        let api = r.api();
        let acct = self.acct(r).id.as_bytes();
        macro_rules! s {
            ($($x:expr),*) => {{ $(out.extend_from_slice($x);)* }};
        }
        match (api.svc, api.req) {
            (AwsService::STS, Req::AssumeRole) => {
                s!(b"[{\"accountId\":\"", acct, b"\",\"type\":\"AWS::IAM::Role\",\"ARN\":\"");
                self.push_assume_target_arn(r, out);
                s!(b"\"}]");
            }
            (AwsService::KMS, _)
                if api.req != Req::Null || api.cat == EventCategory::ServiceEvent =>
            {
                s!(b"[{\"accountId\":\"", acct, b"\",\"type\":\"AWS::KMS::Key\",\"ARN\":\"");
                self.push_key_arn(r, out);
                s!(b"\"}]");
            }
            (AwsService::S3, Req::Object) => {
                s!(b"[{\"type\":\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::");
                self.push_bucket(r, out);
                out.push(b'/');
                self.push_object_key(r, out);
                s!(
                    b"\"},{\"accountId\":\"",
                    acct,
                    b"\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::"
                );
                self.push_bucket(r, out);
                s!(b"\"}]");
            }
            (AwsService::S3, Req::ListObjects) => {
                s!(b"[{\"type\":\"AWS::S3::Object\",\"ARNPrefix\":\"arn:aws:s3:::");
                self.push_bucket(r, out);
                out.push(b'/');
                s!(pick(OBJECT_PREFIXES, r.pick, 6).as_bytes());
                s!(
                    b"\"},{\"accountId\":\"",
                    acct,
                    b"\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::"
                );
                self.push_bucket(r, out);
                s!(b"\"}]");
            }
            (AwsService::S3, Req::Bucket(_)) => {
                s!(
                    b"[{\"accountId\":\"",
                    acct,
                    b"\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::"
                );
                self.push_bucket(r, out);
                s!(b"\"}]");
            }
            (AwsService::SSM, Req::ParamNames) => {
                for (i, k) in [1u32, 2].iter().enumerate() {
                    s!(if i == 0 { b"[{\"ARN\":\"" as &[u8] } else { b",{\"ARN\":\"" });
                    self.arn_prefix(r, "ssm", out);
                    s!(
                        b"parameter",
                        pick(PARAMS, r.pick, *k).as_bytes(),
                        b"\",\"accountId\":\"",
                        acct,
                        b"\"}"
                    );
                }
                s!(b"]");
            }
            (AwsService::TRAIL, Req::TrailName) => {
                s!(
                    b"[{\"accountId\":\"",
                    acct,
                    b"\",\"type\":\"AWS::CloudTrail::Trail\",\"ARN\":\""
                );
                self.push_trail_arn(r, out);
                s!(b"\"}]");
            }
            _ => return false,
        }
        true
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

    pub fn event_type(r: &Record) -> &'static str {
        match r.api().cat {
            EventCategory::SignIn => "AwsConsoleSignIn",
            EventCategory::ServiceEvent => "AwsServiceEvent",
            _ => "AwsApiCall",
        }
    }

    // ---- the whole record ------------------------------------------------------------

    pub fn push_record(&self, r: &Record, out: &mut Vec<u8>, scratch: &mut Vec<u8>) {
        let api = r.api();
        let svc = api.svc();
        let acct = self.acct(r).id.as_bytes();
        out.extend_from_slice(b"{\"eventVersion\":\"");
        out.extend_from_slice(svc.event_version.as_bytes());
        out.extend_from_slice(b"\",\"userIdentity\":");
        self.push_user_identity(r, out);
        out.extend_from_slice(b",\"eventTime\":\"");
        push_iso_seconds(out, r.time);
        out.extend_from_slice(b"\",\"eventSource\":\"");
        out.extend_from_slice(svc.source.as_bytes());
        out.extend_from_slice(b"\",\"eventName\":\"");
        out.extend_from_slice(api.name.as_bytes());
        out.extend_from_slice(b"\",\"awsRegion\":\"");
        out.extend_from_slice(Self::region(r).as_bytes());
        out.extend_from_slice(b"\",\"sourceIPAddress\":\"");
        self.push_source_ip(r, out);
        out.extend_from_slice(b"\",\"userAgent\":\"");
        self.push_user_agent(r, out);
        out.push(b'"');
        if let Some(code) = self.error_code(r) {
            out.extend_from_slice(b",\"errorCode\":\"");
            out.extend_from_slice(code.as_bytes());
            out.push(b'"');
        }
        scratch.clear();
        if self.push_error_message(r, scratch) {
            out.extend_from_slice(b",\"errorMessage\":\"");
            crate::fmt::push_json_escaped(out, std::str::from_utf8(scratch).expect("ascii"));
            out.push(b'"');
        }
        out.extend_from_slice(b",\"requestParameters\":");
        if !self.push_request(r, out) {
            out.extend_from_slice(b"null");
        }
        out.extend_from_slice(b",\"responseElements\":");
        if !self.push_response(r, out) {
            out.extend_from_slice(b"null");
        }
        let m = out.len();
        out.extend_from_slice(b",\"additionalEventData\":");
        if !self.push_additional(r, out) {
            out.truncate(m);
        }
        if self.has_request_id(r) {
            out.extend_from_slice(b",\"requestID\":\"");
            self.push_request_id(r, out);
            out.push(b'"');
        }
        out.extend_from_slice(b",\"eventID\":\"");
        self.push_event_id(r, out);
        out.extend_from_slice(if api.read_only {
            b"\",\"readOnly\":true"
        } else {
            b"\",\"readOnly\":false"
        });
        let m = out.len();
        out.extend_from_slice(b",\"resources\":");
        if !self.push_resources(r, out) {
            out.truncate(m);
        }
        out.extend_from_slice(b",\"eventType\":\"");
        out.extend_from_slice(Self::event_type(r).as_bytes());
        out.push(b'"');
        if let Some(v) = svc.api_version {
            out.extend_from_slice(b",\"apiVersion\":\"");
            out.extend_from_slice(v.as_bytes());
            out.push(b'"');
        }
        out.extend_from_slice(if api.cat == EventCategory::Data {
            b",\"managementEvent\":false"
        } else {
            b",\"managementEvent\":true"
        });
        out.extend_from_slice(b",\"recipientAccountId\":\"");
        out.extend_from_slice(acct);
        out.push(b'"');
        let m = out.len();
        out.extend_from_slice(b",\"sharedEventID\":\"");
        if self.push_shared_event_id(r, out) {
            out.push(b'"');
        } else {
            out.truncate(m);
        }
        if r.vpce {
            out.extend_from_slice(b",\"vpcEndpointId\":\"");
            self.push_vpce(r, out);
            out.extend_from_slice(b"\",\"vpcEndpointAccountId\":\"");
            out.extend_from_slice(acct);
            out.push(b'"');
        }
        let m = out.len();
        out.extend_from_slice(b",\"serviceEventDetails\":");
        if !self.push_service_event_details(r, out) {
            out.truncate(m);
        }
        out.extend_from_slice(if api.cat == EventCategory::Data {
            b",\"eventCategory\":\"Data\""
        } else {
            b",\"eventCategory\":\"Management\""
        });
        if let Some((v, c)) = Self::tls(r) {
            out.extend_from_slice(b",\"tlsDetails\":{\"tlsVersion\":\"");
            out.extend_from_slice(v.as_bytes());
            out.extend_from_slice(b"\",\"cipherSuite\":\"");
            out.extend_from_slice(c.as_bytes());
            out.extend_from_slice(b"\",\"clientProvidedHostHeader\":\"");
            self.push_host(r, out);
            out.extend_from_slice(b"\"}");
        }
        if self.console_session(r) {
            out.extend_from_slice(b",\"sessionCredentialFromConsole\":\"true\"");
        }
        out.push(b'}');
    }
}

fn state_name(code: u8) -> &'static str {
    match code {
        0 => "pending",
        16 => "running",
        32 => "shutting-down",
        48 => "terminated",
        64 => "stopping",
        _ => "stopped",
    }
}

/// `ec2:DescribeInstances` (Lambda's versioned event names lose their suffix).
fn push_action(out: &mut Vec<u8>, api: &Api) {
    out.extend_from_slice(api.svc().iam.as_bytes());
    out.push(b':');
    let n = api.name.find(|c: char| c.is_ascii_digit()).unwrap_or(api.name.len());
    out.extend_from_slice(&api.name.as_bytes()[..n]);
}

/// `DescribeInstances` → `describe-instances` (aws-cli command names).
fn push_kebab(out: &mut Vec<u8>, name: &str) {
    for (i, b) in name.bytes().enumerate() {
        if b.is_ascii_digit() {
            break;
        }
        if b.is_ascii_uppercase() {
            if i > 0 {
                out.push(b'-');
            }
            out.push(b.to_ascii_lowercase());
        } else {
            out.push(b);
        }
    }
}

/// 17 lowercase hex digits, the long AWS resource id form (`vol-…`, `vpce-…`).
fn push_hex17(out: &mut Vec<u8>, h: u64) {
    push_hex_fixed(out, mix64(h) & 0xf, 1, false);
    push_hex_fixed(out, h, 16, false);
}

fn pick<'x>(items: &[&'x str], bits: u64, k: u32) -> &'x str {
    items[(mix64(bits ^ k as u64) % items.len() as u64) as usize]
}

/// IAM-style id: prefix + base32 upper-case characters up to `len`.
pub fn push_b32_id(out: &mut Vec<u8>, prefix: &str, len: usize, h: u64) {
    out.extend_from_slice(prefix.as_bytes());
    push_random_b32(out, len - prefix.len(), h);
}

/// One `{"Records":[…]}` document per (account, region), named like CloudTrail's S3 objects.
pub fn write_docs(ctx: &BlockCtx<'_>, events: &[Record], docs: &mut Vec<RawDoc>) {
    if events.is_empty() {
        return;
    }
    let v = View::new(ctx.org, ctx.seed);
    let mut order: Vec<u32> = (0..events.len() as u32).collect();
    order.sort_by_key(|&i| {
        let e = &events[i as usize];
        ((e.acct as u32) << 8 | e.region as u32, i)
    });
    let stem = ctx.doc_stem();
    let day = civil(ctx.slot_start());
    let mut scratch = Vec::with_capacity(1024);
    let mut k = 0;
    while k < order.len() {
        let first = &events[order[k] as usize];
        let (acct, region) = (first.acct, first.region);
        let group = order[k..]
            .iter()
            .take_while(|&&i| {
                events[i as usize].acct == acct && events[i as usize].region == region
            })
            .count();
        let mut bytes = crate::buffers::take(1700 * group + 64);
        bytes.extend_from_slice(b"{\"Records\":[");
        let mut n = 0;
        while k < order.len() {
            let e = &events[order[k] as usize];
            if e.acct != acct || e.region != region {
                break;
            }
            if n > 0 {
                bytes.push(b',');
            }
            v.push_record(e, &mut bytes, &mut scratch);
            n += 1;
            k += 1;
        }
        bytes.extend_from_slice(b"]}");
        let id = &ctx.org.aws_accounts[acct as usize].id;
        let region = AWS_REGIONS[region as usize];
        let mut name = String::with_capacity(120);
        for part in ["AWSLogs/", id, "/CloudTrail/", region, "/"] {
            name.push_str(part);
        }
        let mut date = Vec::with_capacity(11);
        push_padded(&mut date, day.year as u64, 4);
        date.push(b'/');
        push_padded(&mut date, day.month as u64, 2);
        date.push(b'/');
        push_padded(&mut date, day.day as u64, 2);
        date.push(b'/');
        name.push_str(std::str::from_utf8(&date).expect("ascii"));
        for part in [id.as_str(), "_CloudTrail_", region, "_", &stem, ".json"] {
            name.push_str(part);
        }
        docs.push(RawDoc { name, bytes });
    }
}
