//! Attack scenarios injected into the background, with ground truth.
//!
//! The plan (which attacks, when, by whom, against what) is a pure function of the scenario and
//! the seed, built once per run. Each instance is emitted by block 0 of the slot that holds its
//! start time, in every source it touches, so every part sees exactly the attacks whose start
//! falls in its slots, and every injected event carries a [`Label`].

use crate::entities::Org;
use crate::fmt::Micros;
use crate::rng::{derive, hash_str, Rng};
use crate::scenario::Scenario;
use crate::SourceKind;
use serde::{Deserialize, Deserializer};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AttackKind {
    /// A burst of 4625 from one external IP against one account, then a 4624 success.
    BruteForceThenSuccess,
    /// 4720 account created, then 4732 added to the local Administrators group.
    NewLocalAdmin,
    /// 1102: the Security log was cleared.
    AuditLogCleared,
    /// 4688 with `powershell.exe -enc <base64>`.
    EncodedPowershell,
    /// 4697 + a service installed by an unusual binary.
    ServiceInstall,
    /// CloudTrail ConsoleLogin without MFA from a country the user never logs in from.
    ConsoleLoginNoMfaNewCountry,
    /// CloudTrail StopLogging, then DeleteTrail.
    CloudtrailStopLogging,
    /// CloudTrail CreateAccessKey by one IAM user for another.
    CreateAccessKeyOtherUser,
    /// CloudTrail AttachUserPolicy with arn:aws:iam::aws:policy/AdministratorAccess.
    AttachAdminPolicy,
    /// Large egress flows to a known-bad IP in Zeek conn and VPC flow (with a DNS lookup first).
    Exfiltration,
    /// An attack a source definition contributes (`[[attack]]` in its file): attack `attack`
    /// of the definition registered as `SourceKind::Defined(source)`.
    Defined { source: u16, attack: u16 },
}

impl AttackKind {
    pub const ALL: [AttackKind; 10] = [
        AttackKind::BruteForceThenSuccess,
        AttackKind::NewLocalAdmin,
        AttackKind::AuditLogCleared,
        AttackKind::EncodedPowershell,
        AttackKind::ServiceInstall,
        AttackKind::ConsoleLoginNoMfaNewCountry,
        AttackKind::CloudtrailStopLogging,
        AttackKind::CreateAccessKeyOtherUser,
        AttackKind::AttachAdminPolicy,
        AttackKind::Exfiltration,
    ];

    pub fn name(self) -> &'static str {
        match self {
            AttackKind::BruteForceThenSuccess => "brute_force_then_success",
            AttackKind::NewLocalAdmin => "new_local_admin",
            AttackKind::AuditLogCleared => "audit_log_cleared",
            AttackKind::EncodedPowershell => "encoded_powershell",
            AttackKind::ServiceInstall => "service_install",
            AttackKind::ConsoleLoginNoMfaNewCountry => "console_login_no_mfa_new_country",
            AttackKind::CloudtrailStopLogging => "cloudtrail_stop_logging",
            AttackKind::CreateAccessKeyOtherUser => "create_access_key_other_user",
            AttackKind::AttachAdminPolicy => "attach_admin_policy",
            AttackKind::Exfiltration => "exfiltration",
            AttackKind::Defined { source, attack } => defined_attack(source, attack).name,
        }
    }

    /// MITRE ATT&CK technique id.
    pub fn technique(self) -> &'static str {
        match self {
            AttackKind::BruteForceThenSuccess => "T1110.001",
            AttackKind::NewLocalAdmin => "T1136.001",
            AttackKind::AuditLogCleared => "T1070.001",
            AttackKind::EncodedPowershell => "T1059.001",
            AttackKind::ServiceInstall => "T1543.003",
            AttackKind::ConsoleLoginNoMfaNewCountry => "T1078.004",
            AttackKind::CloudtrailStopLogging => "T1562.008",
            AttackKind::CreateAccessKeyOtherUser => "T1098.001",
            AttackKind::AttachAdminPolicy => "T1098.003",
            AttackKind::Exfiltration => "T1048",
            AttackKind::Defined { source, attack } => defined_attack(source, attack).technique,
        }
    }

    /// The sources this attack leaves events in.
    pub fn sources(self) -> &'static [SourceKind] {
        use SourceKind::*;
        match self {
            AttackKind::BruteForceThenSuccess
            | AttackKind::NewLocalAdmin
            | AttackKind::AuditLogCleared
            | AttackKind::EncodedPowershell
            | AttackKind::ServiceInstall => &[WindowsSecurity],
            AttackKind::ConsoleLoginNoMfaNewCountry
            | AttackKind::CloudtrailStopLogging
            | AttackKind::CreateAccessKeyOtherUser
            | AttackKind::AttachAdminPolicy => &[CloudTrail],
            AttackKind::Exfiltration => &[ZeekConn, ZeekDns, VpcFlow],
            AttackKind::Defined { source, attack } => defined_attack(source, attack).sources,
        }
    }

    /// A kind by name: a built-in one, or one a registered source definition contributes.
    pub fn find(name: &str) -> Option<AttackKind> {
        AttackKind::ALL
            .into_iter()
            .find(|k| k.name() == name)
            .or_else(|| crate::sources::defined::find_attack(name))
    }
}

fn defined_attack(source: u16, attack: u16) -> &'static crate::sources::defined::AttackDef {
    &crate::sources::defined::get(source).attacks[attack as usize]
}

/// Scenario files name attacks by kind; a defined source's attacks resolve once its definition
/// is registered (the scenario registers its `[sources]` before reading its attacks).
impl<'de> Deserialize<'de> for AttackKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        AttackKind::find(&s).ok_or_else(|| {
            let mut known: Vec<&str> = AttackKind::ALL.iter().map(|k| k.name()).collect();
            let defined = crate::sources::defined::attack_names();
            known.extend(defined.iter().copied());
            serde::de::Error::custom(format!(
                "unknown attack kind `{s}` (known: {}; a defined source's attacks need its line in [sources])",
                known.join(", ")
            ))
        })
    }
}

/// One injected attack, with everything the sources need to emit consistent events.
#[derive(Clone, Debug)]
pub struct AttackInstance {
    /// Stable id, e.g. `brute_force_then_success-002`: the `attack_id` in the labels.
    pub id: String,
    pub kind: AttackKind,
    pub start: Micros,
    /// Victim or actor user (index into `Org::users`); for AWS attacks a user with AWS access.
    pub user: usize,
    /// A second user where the attack needs one (CreateAccessKey for another user).
    pub other_user: usize,
    /// Target host (index into `Org::hosts`).
    pub host: usize,
    /// Attacker IP: one of the org's known-bad IPs.
    pub attacker_ip: u32,
    /// Per-instance seed for the details (counts, names, payload sizes).
    pub seed: u64,
}

impl AttackInstance {
    pub fn rng(&self) -> Rng {
        Rng::new(self.seed)
    }
}

/// Ground truth for one injected event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub attack_id: String,
    pub kind: AttackKind,
    pub source: SourceKind,
    /// The event's key in its table: windows `event_record_id`, cloudtrail `event_id`, zeek
    /// `uid`, vpc_flow `flow_key` (see each source's docs).
    pub event_key: String,
    pub time: Micros,
}

#[derive(Clone, Debug, Default)]
pub struct AttackPlan {
    /// Sorted by start time.
    pub instances: Vec<AttackInstance>,
}

/// Attack sequences stay within this long after their start, so instances are placed early
/// enough to finish inside the scenario.
pub const MAX_ATTACK_SPAN: Micros = 3600 * 1_000_000;

impl AttackPlan {
    pub fn build(scenario: &Scenario, org: &Org, seed: u64) -> AttackPlan {
        let mut instances = Vec::new();
        let aws_users: Vec<usize> = org.aws_users().collect();
        let iam_users: Vec<usize> = org
            .aws_users()
            .filter(|&i| {
                org.users[i]
                    .aws
                    .as_ref()
                    .is_some_and(|a| a.kind == crate::entities::AwsUserKind::IamUser)
            })
            .collect();
        let span = (scenario.end - scenario.start - MAX_ATTACK_SPAN).max(1);
        for (spec_index, spec) in scenario.attacks.iter().enumerate() {
            let n = if spec.at.is_empty() { spec.count as usize } else { spec.at.len() };
            for k in 0..n {
                let iseed = derive(
                    seed,
                    &[0xa77ac, hash_str(spec.kind.name()), spec_index as u64, k as u64],
                );
                let mut r = Rng::new(iseed);
                let start = spec
                    .at
                    .get(k)
                    .copied()
                    .unwrap_or_else(|| scenario.start + r.below(span as u64) as i64);
                let is_aws = spec.kind.sources().contains(&SourceKind::CloudTrail);
                let pool: &[usize] =
                    if spec.kind == AttackKind::CreateAccessKeyOtherUser && iam_users.len() >= 2 {
                        &iam_users
                    } else if is_aws && !aws_users.is_empty() {
                        &aws_users
                    } else {
                        &[]
                    };
                let pick_user = |r: &mut Rng| {
                    if pool.is_empty() {
                        r.below_usize(org.users.len())
                    } else {
                        *r.pick(pool)
                    }
                };
                let user = pick_user(&mut r);
                let mut other_user = pick_user(&mut r);
                if other_user == user {
                    other_user = if pool.len() > 1 {
                        pool[(pool.iter().position(|&u| u == user).unwrap() + 1) % pool.len()]
                    } else {
                        (user + 1) % org.users.len()
                    };
                }
                let host = match spec.kind {
                    // Brute force and service installs hit servers exposed to the network.
                    AttackKind::BruteForceThenSuccess
                    | AttackKind::ServiceInstall
                    | AttackKind::AuditLogCleared => org.random_server(&mut r),
                    // A defined source's attack lands on a host that writes that source.
                    AttackKind::Defined { source, .. } => {
                        crate::sources::defined::get(source).host(org, user, &mut r)
                    }
                    _ => org.users[user].workstation,
                };
                instances.push(AttackInstance {
                    id: format!(
                        "{}-{:03}",
                        spec.kind.name(),
                        instances.iter().filter(|i: &&AttackInstance| i.kind == spec.kind).count()
                            + 1
                    ),
                    kind: spec.kind,
                    start,
                    user,
                    other_user,
                    host,
                    attacker_ip: *r.pick(&org.bad_ips),
                    seed: iseed,
                });
            }
        }
        instances.sort_by(|a, b| a.start.cmp(&b.start).then(a.id.cmp(&b.id)));
        AttackPlan { instances }
    }

    /// Instances whose start lies in `[from, to)` and that touch `source`.
    pub fn starting_in(
        &self,
        from: Micros,
        to: Micros,
        source: SourceKind,
    ) -> impl Iterator<Item = &AttackInstance> {
        let lo = self.instances.partition_point(|i| i.start < from);
        let hi = self.instances.partition_point(|i| i.start < to);
        self.instances[lo..hi].iter().filter(move |i| i.kind.sources().contains(&source))
    }
}
