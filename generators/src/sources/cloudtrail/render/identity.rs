//! userIdentity: the caller's type, principal, ARN, access key and session context, derived from
//! the record's [`Actor`] and the org.

use super::vocab::FUNCTIONS;
use super::{push_b32_id, role_kind_index, View};
use crate::entities::{AwsUserKind, IamRole};
use crate::fmt::{push_hex_fixed, push_iso_seconds, push_random_b64, push_uuid, MICROS_PER_SEC};
use crate::rng::{derive, mix64};
use crate::sources::cloudtrail::catalogue::EventCategory;
use crate::sources::cloudtrail::{Actor, Client, Record, RoleKind};

impl<'a> View<'a> {
    pub(super) fn user(&self, u: u32) -> &'a crate::entities::User {
        &self.org.users[u as usize]
    }

    pub(super) fn sso_role(&self, r: &Record, u: u32) -> &'a IamRole {
        let user = self.user(u);
        let k = if user.admin { 0 } else { 1 + (mix64(self.seed ^ u as u64 ^ 0x550) % 3) as usize };
        &self.acct(r).roles[self.accts[r.acct as usize].sso[k]]
    }

    pub(super) fn kind_role(&self, r: &Record, k: RoleKind) -> &'a IamRole {
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

    pub(super) fn signin(r: &Record) -> bool {
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

    pub(super) fn iam_user_id(&self, u: u32, out: &mut Vec<u8>) {
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

    pub(super) fn actor_key(&self, r: &Record) -> u64 {
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

    pub(super) fn push_identity_store(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"arn:aws:identitystore::");
        out.extend_from_slice(self.org.aws_accounts[0].id.as_bytes());
        out.extend_from_slice(b":identitystore/d-");
        push_hex_fixed(out, mix64(self.seed ^ 0x1d5) >> 24, 10, false);
    }

    pub(super) fn push_user_identity(&self, r: &Record, out: &mut Vec<u8>) {
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
}
