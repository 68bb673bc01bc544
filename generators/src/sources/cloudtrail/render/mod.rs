//! Rendering records as CloudTrail JSON (the raw S3 delivery format), with the pieces reused
//! by the Arrow conversion.
//!
//! Everything is written straight into byte buffers with no per-record allocation. Names,
//! ids and ARNs are derived from the org and the record's seeds, so a record renders the same
//! way every time (raw and Arrow agree). [`View`] holds the per-unit lookups; each submodule
//! adds the methods for one part of the record.

/// Appends each byte string to `out`, in order (the JSON members below are mostly literals).
macro_rules! put {
    ($out:expr, $($x:expr),* $(,)?) => {{ $($out.extend_from_slice($x);)* }};
}

mod client;
mod errors;
mod framing;
mod identity;
mod record;
mod request;
mod resources;
mod response;
mod vocab;

pub use framing::write_docs;
pub use vocab::FUNCTIONS;

use super::{Record, RoleKind, US_EAST_1};
use crate::entities::{AwsAccount, IamRole, Org, AWS_REGIONS};
use crate::fmt::{push_hex_fixed, push_random_b32, push_uuid};
use crate::rng::{derive, mix64};

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

/// What rendering needs from the org, looked up once per unit; the methods that render each
/// part of a record live in the submodules.
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

    #[inline]
    pub(super) fn acct(&self, r: &Record) -> &'a AwsAccount {
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

    /// The record's `k`-th hash: the seed of each random-looking value in it.
    #[inline]
    pub(super) fn h(&self, r: &Record, k: u64) -> u64 {
        mix64(self.seed ^ r.seq.wrapping_mul(0x2545_f491) ^ k.wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }

    #[inline]
    pub(super) fn region(r: &Record) -> &'static str {
        AWS_REGIONS[r.region as usize]
    }
}

/// 17 lowercase hex digits, the long AWS resource id form (`vol-…`, `vpce-…`).
#[inline]
pub(super) fn push_hex17(out: &mut Vec<u8>, h: u64) {
    push_hex_fixed(out, mix64(h) & 0xf, 1, false);
    push_hex_fixed(out, h, 16, false);
}

/// IAM-style id: prefix + base32 upper-case characters up to `len`.
pub(super) fn push_b32_id(out: &mut Vec<u8>, prefix: &str, len: usize, h: u64) {
    out.extend_from_slice(prefix.as_bytes());
    push_random_b32(out, len - prefix.len(), h);
}
