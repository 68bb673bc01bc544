//! AWS CloudTrail: management (and S3 data) events of the organisation's AWS accounts.
//!
//! A unit's background is a sequence of *bursts*: one caller (a person on the CLI or console,
//! an EC2/EKS instance role, a Lambda function, the Terraform CI role, the AWS Config recorder,
//! AWS Backup, or AWS itself) making a few calls within seconds, which is how real trails look
//! (a third of consecutive records share a second). Callers come from the shared [`Org`]: people
//! are the users with an AWS identity, so the same person shows up in Windows logons, and
//! workloads are the accounts' instances and service roles.
//!
//! Records are small `Copy` structs of indices and seeds; names, ARNs, ids and parameters are
//! derived at render time (see the `render` module), the same way for the raw JSON and for Arrow.
//! Raw output follows CloudTrail's S3 delivery: one `{"Records":[…]}` object per account and
//! region per five-minute slot.
//!
//! [`Org`]: crate::entities::Org

mod arrow;
mod catalogue;
mod render;
#[cfg(test)]
mod tests;

use crate::attacks::{AttackInstance, AttackKind, Label};
use crate::entities::{AwsUserKind, AWS_REGIONS};
use crate::fmt::{Micros, MICROS_PER_SEC};
use crate::rng::{derive, mix64, Rng, Weighted};
use crate::{BlockCtx, RawDoc, Source, SourceKind};
use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use catalogue::{tables, AwsService, EventCategory, APIS};
use render::View;
use std::sync::OnceLock;

pub struct CloudTrail;

/// Who made the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    /// An IAM user with a long-term access key (AKIA).
    IamUser(u32),
    /// A third-party integration's IAM user (monitoring, backup, SIEM), named after one of the
    /// org's service accounts; long-term key.
    IamService(u8),
    /// An IAM user's console session (temporary ASIA key, empty sessionIssuer).
    IamConsole(u32),
    /// A person via an IAM Identity Center permission set (`AWSReservedSSO_*` role session).
    Sso(u32),
    /// A workload role session; the index picks the instance, function or run.
    Role(RoleKind, u32),
    /// AWS acting on the account's behalf (`type: AWSService`, `invokedBy`).
    Service(&'static str),
    Root,
    /// The Identity Center portal itself (`type: IdentityCenterUser`).
    Portal(u32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleKind {
    Instance,
    Eks,
    Lambda,
    Ci,
    Backup,
    Config,
}

/// The client software, which decides the userAgent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Client {
    Cli,
    Boto3,
    GoSdk,
    JavaSdk,
    Terraform,
    SsmAgent,
    LambdaPython,
    /// `console.<svc>.amazonaws.com`.
    Console,
    /// `AWS Internal` (console back-end calls; sourceIPAddress is `AWS Internal` too).
    Internal,
    Browser,
    Service(&'static str),
}

/// What a record's sourceIPAddress holds: the caller's IP, the calling service's name, or
/// `AWS Internal`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceAddress {
    Ip(u32),
    Service(&'static str),
    Internal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fail {
    None,
    Denied,
    NotFound,
    Throttled,
    /// ConsoleLogin with a wrong password: errorMessage "Failed authentication".
    LoginFailed,
}

/// No target user (IAM user calls then act on the caller or a user picked from `pick`).
pub const NO_TARGET: u32 = u32::MAX;

/// One CloudTrail record, as indices and seeds.
#[derive(Clone, Copy, Debug)]
pub struct Record {
    /// Whole seconds (CloudTrail's eventTime resolution).
    pub time: Micros,
    /// Unique across the run; eventID and requestID derive from it.
    pub seq: u64,
    pub api: u16,
    pub acct: u8,
    pub region: u8,
    pub actor: Actor,
    pub client: Client,
    pub src: SourceAddress,
    pub fail: Fail,
    /// 0 = no tlsDetails, 1 = TLSv1.3, 2 = TLSv1.2.
    pub tls: u8,
    /// Call made through a VPC interface endpoint (private sourceIPAddress, vpcEndpointId).
    pub vpce: bool,
    /// Random bits that select resources and parameter variants.
    pub pick: u64,
    /// Creation time of the caller's session (sessionContext.attributes.creationDate).
    pub session: Micros,
    pub mfa: bool,
    /// IAM user acted upon (org user index), for CreateAccessKey/AttachUserPolicy and friends.
    pub target: u32,
    pub admin_policy: bool,
    /// Seed of the caller's client versions (stable per caller).
    pub uav: u32,
}

impl Record {
    pub fn api(&self) -> &'static catalogue::Api {
        &APIS[self.api as usize]
    }
}

/// Caller classes, weighted per burst (event shares also depend on burst lengths).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    HumanCli,
    HumanConsole,
    Instance,
    Lambda,
    Integration,
    Ci,
    Config,
    Backup,
    Aws,
    Root,
    Portal,
}

fn classes() -> &'static Weighted<Class> {
    static W_: OnceLock<Weighted<Class>> = OnceLock::new();
    W_.get_or_init(|| {
        Weighted::new(&[
            (Class::HumanCli, 1500),
            (Class::HumanConsole, 500),
            (Class::Instance, 2800),
            (Class::Integration, 420),
            (Class::Lambda, 1500),
            (Class::Ci, 120),
            (Class::Config, 260),
            (Class::Backup, 40),
            (Class::Aws, 1500),
            (Class::Root, 8),
            (Class::Portal, 60),
        ])
    })
}

/// Error probability per caller class: people and the Config recorder hit AccessDenied and
/// missing configurations most; AWS itself never fails.
fn error_rate(c: Class) -> f64 {
    match c {
        Class::HumanCli | Class::HumanConsole => 0.14,
        Class::Config => 0.2,
        Class::Instance | Class::Lambda | Class::Integration => 0.07,
        Class::Ci => 0.08,
        Class::Backup | Class::Root | Class::Portal => 0.03,
        Class::Aws => 0.0,
    }
}

fn region_index(r: &str) -> u8 {
    AWS_REGIONS.iter().position(|x| *x == r).unwrap_or(0) as u8
}

pub(crate) const US_EAST_1: u8 = 0;

/// The caller part of a burst: everything but the API and time.
struct Caller {
    class: Class,
    actor: Actor,
    client: Client,
    src: SourceAddress,
    region: u8,
    session: Micros,
    mfa: bool,
    uav: u32,
    /// Instance private IP for calls through VPC endpoints.
    private_ip: Option<u32>,
}

fn pick_caller(v: &View, rng: &mut Rng, acct: usize, t: Micros) -> Caller {
    let a = &v.org.aws_accounts[acct];
    let av = &v.accts[acct];
    let class = *classes().sample(rng);
    let home = region_index(a.home_region);
    let any_region = |rng: &mut Rng| {
        if rng.chance(0.7) {
            home
        } else {
            av.regions[rng.below_usize(av.regions.len())]
        }
    };
    let ago = |rng: &mut Rng, max_s: u64| t - rng.range(5, max_s) as i64 * MICROS_PER_SEC;
    match class {
        Class::HumanCli | Class::HumanConsole => {
            let u = a.users[rng.skewed(a.users.len(), 1.5)];
            let user = &v.org.users[u];
            let iam = user.aws.as_ref().is_some_and(|x| x.kind == AwsUserKind::IamUser);
            let console = class == Class::HumanConsole;
            let actor = match (iam, console) {
                (true, false) => Actor::IamUser(u as u32),
                (true, true) => Actor::IamConsole(u as u32),
                _ => Actor::Sso(u as u32),
            };
            let h = mix64(v.seed ^ u as u64);
            let client = if console {
                Client::Console
            } else {
                match h % 10 {
                    0..=6 => Client::Cli,
                    7 | 8 => Client::Boto3,
                    _ => Client::Terraform,
                }
            };
            let ip = if rng.chance(0.8) {
                v.org.nat_ips[u % v.org.nat_ips.len()]
            } else {
                v.org.external_ips[(h >> 20) as usize % v.org.external_ips.len()]
            };
            let mfa = user.aws.as_ref().is_none_or(|x| x.mfa);
            Caller {
                class,
                actor,
                client,
                src: SourceAddress::Ip(ip),
                region: any_region(rng),
                session: ago(rng, 3600),
                mfa,
                uav: h as u32,
                private_ip: None,
            }
        }
        Class::Instance => {
            let i = rng.skewed(a.instances.len(), 1.2);
            let inst = &a.instances[i];
            let h = mix64(v.seed ^ derive(acct as u64, &[i as u64]));
            let kind = if h.is_multiple_of(4) { RoleKind::Eks } else { RoleKind::Instance };
            let client = match (h >> 8) % 4 {
                0 => Client::JavaSdk,
                1 => Client::GoSdk,
                2 => Client::Cli,
                _ => Client::Boto3,
            };
            let region = av.regions[(h >> 16) as usize % av.regions.len().min(2)];
            // Instance role credentials rotate every six hours or so.
            let session = t - t.rem_euclid(6 * 3600 * MICROS_PER_SEC)
                + ((h >> 24) % 3000) as i64 * MICROS_PER_SEC;
            let session = if session > t { session - 6 * 3600 * MICROS_PER_SEC } else { session };
            Caller {
                class,
                actor: Actor::Role(kind, i as u32),
                client,
                src: SourceAddress::Ip(av.nat_gateway),
                region,
                session,
                mfa: false,
                uav: h as u32,
                private_ip: Some(inst.private_ip),
            }
        }
        Class::Lambda => {
            let f = rng.skewed(render::FUNCTIONS.len(), 1.4);
            let h = mix64(v.seed ^ derive(acct as u64, &[0x1a, f as u64]));
            let region = av.regions[(h >> 16) as usize % av.regions.len().min(2)];
            Caller {
                class,
                actor: Actor::Role(RoleKind::Lambda, f as u32),
                client: Client::LambdaPython,
                src: SourceAddress::Ip(render::aws_ip(h)),
                region,
                session: ago(rng, 900),
                mfa: false,
                uav: h as u32,
                private_ip: None,
            }
        }
        Class::Integration => {
            let k = rng.below_usize(v.org.service_accounts.len().min(255));
            let h = mix64(v.seed ^ 0x1a7e ^ k as u64);
            // On-premises tools leave through the office NAT, SaaS vendors from their cloud.
            let ip = if h.is_multiple_of(3) {
                v.org.nat_ips[k % v.org.nat_ips.len()]
            } else {
                render::aws_ip(h)
            };
            let client = if h & 8 == 0 { Client::GoSdk } else { Client::Boto3 };
            Caller {
                class,
                actor: Actor::IamService(k as u8),
                client,
                src: SourceAddress::Ip(ip),
                region: any_region(rng),
                session: t,
                mfa: false,
                uav: h as u32,
                private_ip: None,
            }
        }
        Class::Ci => {
            let run = rng.next_u32();
            let ip = render::aws_ip(mix64(run as u64 ^ 0xc1));
            Caller {
                class,
                actor: Actor::Role(RoleKind::Ci, run),
                client: Client::Terraform,
                src: SourceAddress::Ip(ip),
                region: home,
                session: ago(rng, 120),
                mfa: false,
                uav: (mix64(v.seed ^ 0x7e44) >> 8) as u32,
                private_ip: None,
            }
        }
        Class::Config | Class::Backup => {
            let (kind, svc) = if class == Class::Config {
                (RoleKind::Config, "config.amazonaws.com")
            } else {
                (RoleKind::Backup, "backup.amazonaws.com")
            };
            let region = av.regions[rng.below_usize(av.regions.len())];
            Caller {
                class,
                actor: Actor::Role(kind, 0),
                client: Client::Service(svc),
                src: SourceAddress::Service(svc),
                region,
                session: ago(rng, 3600),
                mfa: false,
                uav: 0,
                private_ip: None,
            }
        }
        Class::Aws => {
            let svc = *rng.pick(&[
                "ec2.amazonaws.com",
                "ec2.amazonaws.com",
                "lambda.amazonaws.com",
                "lambda.amazonaws.com",
                "ecs-tasks.amazonaws.com",
            ]);
            Caller {
                class,
                actor: Actor::Service(svc),
                client: Client::Service(svc),
                src: SourceAddress::Service(svc),
                region: any_region(rng),
                session: t,
                mfa: false,
                uav: 0,
                private_ip: None,
            }
        }
        Class::Root => {
            let ip = v.org.nat_ips[rng.below_usize(v.org.nat_ips.len())];
            Caller {
                class,
                actor: Actor::Root,
                client: Client::Console,
                src: SourceAddress::Ip(ip),
                region: US_EAST_1,
                session: ago(rng, 1800),
                mfa: true,
                uav: 7,
                private_ip: None,
            }
        }
        Class::Portal => {
            let u = a.users[rng.skewed(a.users.len(), 1.5)];
            let ip = v.org.nat_ips[u % v.org.nat_ips.len()];
            let h = mix64(v.seed ^ u as u64);
            Caller {
                class,
                actor: Actor::Portal(u as u32),
                client: Client::Browser,
                src: SourceAddress::Ip(ip),
                region: v.idc_region,
                session: t,
                mfa: true,
                uav: h as u32,
                private_ip: None,
            }
        }
    }
}

/// Burst length per class: console pages and Terraform plans fan out into many calls.
fn burst_len(c: Class, rng: &mut Rng) -> usize {
    match c {
        Class::HumanCli => 1 + rng.below_usize(4),
        Class::HumanConsole => 2 + rng.below_usize(10),
        Class::Instance | Class::Lambda => 1 + rng.below_usize(3),
        Class::Ci => 5 + rng.below_usize(26),
        Class::Config | Class::Integration => 3 + rng.below_usize(13),
        Class::Backup => 1 + rng.below_usize(4),
        Class::Aws | Class::Root | Class::Portal => 1 + rng.below_usize(2),
    }
}

fn api_table(c: Class) -> &'static Weighted<u16> {
    let t = tables();
    match c {
        Class::HumanCli | Class::HumanConsole | Class::Root => &t.human,
        Class::Instance => &t.instance,
        Class::Lambda => &t.lambda,
        Class::Ci => &t.ci,
        Class::Config => &t.config,
        Class::Integration => &t.integration,
        Class::Backup => &t.backup,
        Class::Aws => &t.aws,
        Class::Portal => &t.portal,
    }
}

/// The region a call is recorded in: global services in us-east-1, STS sometimes through its
/// global endpoint, sign-in in us-east-1, the Identity Center portal in its home region.
fn call_region(api: &catalogue::Api, burst_region: u8, rng: &mut Rng) -> u8 {
    let svc = api.svc();
    if svc.global || api.name == "ListBuckets" || (api.svc == AwsService::STS && rng.chance(0.2)) {
        US_EAST_1
    } else {
        burst_region
    }
}

/// Whether the API acts on a named resource that can be missing (so NotFound makes sense).
fn can_be_missing(api: &catalogue::Api) -> bool {
    use catalogue::Req::*;
    matches!(
        api.req,
        InstanceId
            | InstanceAttr
            | Ec2InstanceStatus
            | UserName
            | RoleName
            | Bucket(_)
            | Object
            | ParamName
            | SecretId
            | FunctionName
            | Table
            | LogStream
            | LogGroup
            | Stack
            | ClusterName
    ) && api.name != "CreateLogGroup"
}

fn draw_fail(rng: &mut Rng, class: Class, api: &catalogue::Api) -> Fail {
    if !rng.chance(error_rate(class)) {
        return Fail::None;
    }
    if api.cat == EventCategory::SignIn {
        return Fail::LoginFailed;
    }
    let x = rng.below(100);
    if x < 30 && can_be_missing(api) {
        Fail::NotFound
    } else if x >= 85 {
        Fail::Throttled
    } else {
        Fail::Denied
    }
}

fn tls_for(src: SourceAddress, client: Client, rng: &mut Rng) -> u8 {
    match (src, client) {
        (SourceAddress::Ip(_), c) if c != Client::Internal => {
            if rng.chance(0.58) {
                1
            } else {
                2
            }
        }
        _ => 0,
    }
}

fn make_record(
    v: &View,
    c: &Caller,
    acct: usize,
    api: u16,
    t: Micros,
    seq: u64,
    rng: &mut Rng,
) -> Record {
    let a = &APIS[api as usize];
    let mut client = c.client;
    let mut src = c.src;
    // Console sessions mix console-origin user agents; back-end calls come from "AWS Internal".
    if client == Client::Console {
        let x = rng.below(100);
        if x < 25 && a.cat == EventCategory::Management {
            client = Client::Internal;
            src = SourceAddress::Internal;
        } else if x < 45 || a.svc == AwsService::S3 {
            client = Client::Browser;
        }
    }
    if c.class == Class::Instance
        && (a.svc == AwsService::SSM)
        && matches!(
            a.name,
            "UpdateInstanceInformation"
                | "ListInstanceAssociations"
                | "UpdateInstanceAssociationStatus"
        )
    {
        client = Client::SsmAgent;
    }
    if a.cat == EventCategory::ServiceEvent {
        src = SourceAddress::Service(a.svc().source);
        client = Client::Service(a.svc().source);
    }
    let mut vpce = false;
    if let Some(ip) = c.private_ip {
        if a.svc().vpce && rng.chance(0.35) {
            vpce = true;
            src = SourceAddress::Ip(ip);
        }
    }
    let fail = draw_fail(rng, c.class, a);
    Record {
        time: t,
        seq,
        api,
        acct: acct as u8,
        region: call_region(a, c.region, rng),
        actor: c.actor,
        client,
        src,
        fail,
        tls: tls_for(src, client, rng),
        vpce,
        pick: rng.next_u64(),
        session: c.session,
        mfa: c.mfa,
        target: NO_TARGET,
        admin_policy: false,
        uav: c.uav,
    }
    .with_region_fix(v)
}

impl Record {
    /// AWSService AssumeRole and service events are recorded where the service acted; keep
    /// regions inside the account's enabled set.
    fn with_region_fix(mut self, v: &View) -> Record {
        let av = &v.accts[self.acct as usize];
        if self.region != US_EAST_1 && !av.regions.contains(&self.region) {
            self.region = av.regions[0];
        }
        self
    }
}

/// Background: bursts until the unit's event count is reached, then time-sorted.
fn background(ctx: &BlockCtx<'_>, v: &View, out: &mut Vec<Record>) {
    let mut rng = ctx.rng();
    let n = ctx.unit.events as usize;
    let (start, end) = (ctx.unit.start, ctx.unit.end);
    let span = (end - start).max(1) as u64;
    let base = ctx.unit.sequence_base();
    let accounts = v.org.aws_accounts.len();
    let t_human = tables();
    while out.len() < n {
        let t0 = start + rng.below(span) as i64;
        let acct = rng.skewed(accounts, 1.4);
        let caller = pick_caller(v, &mut rng, acct, t0);
        let len = burst_len(caller.class, &mut rng).min(n - out.len());
        let table = api_table(caller.class);
        let mut t = t0;
        let mut prev: Option<u16> = None;
        // A console visit starts with the sign-in now and then.
        if caller.class == Class::HumanConsole
            && !matches!(caller.actor, Actor::Sso(_))
            && rng.chance(0.12)
        {
            prev = Some(t_human.console_login);
        }
        if caller.class == Class::HumanConsole
            && matches!(caller.actor, Actor::Sso(_))
            && rng.chance(0.08)
        {
            prev = Some(t_human.console_login);
        }
        for k in 0..len {
            let api = match prev {
                Some(p) if k == 0 => p,
                Some(p) if rng.chance(0.2) && APIS[p as usize].cat != EventCategory::SignIn => p,
                _ => *table.sample(&mut rng),
            };
            let secs = t.div_euclid(MICROS_PER_SEC).min((end - 1).div_euclid(MICROS_PER_SEC));
            let seq = base + out.len() as u64;
            let mut rec = make_record(v, &caller, acct, api, secs * MICROS_PER_SEC, seq, &mut rng);
            if APIS[api as usize].cat == EventCategory::SignIn {
                rec.client = Client::Browser;
                rec.src = caller.src;
                rec.tls = 1;
            }
            out.push(rec);
            prev = Some(api);
            t += match rng.below(10) {
                0..=2 => 0,
                3..=7 => rng.range(1, 2) as i64 * MICROS_PER_SEC,
                _ => rng.range(3, 20) as i64 * MICROS_PER_SEC,
            };
        }
    }
    out.sort_by_key(|r| (r.time, r.seq));
}

/// The caller identity an attack acts as: the user's own AWS identity from the CLI (or the
/// console for the sign-in attack), from the attacker's address.
fn attacker_caller(v: &View, inst: &AttackInstance, console: bool) -> (usize, Actor, Client) {
    let user = &v.org.users[inst.user];
    let acct = user.aws.as_ref().map_or(0, |a| a.account);
    let iam = user.aws.as_ref().is_none_or(|a| a.kind == AwsUserKind::IamUser);
    let u = inst.user as u32;
    let actor = match (iam, console) {
        (true, false) => Actor::IamUser(u),
        (true, true) => Actor::IamConsole(u),
        (false, _) => Actor::Sso(u),
    };
    (acct, actor, if console { Client::Browser } else { Client::Cli })
}

/// Step of an attack: API, seconds after the previous step, target user, admin policy flag.
type Step = (u16, i64, u32, bool);

fn attack_steps(inst: &AttackInstance, rng: &mut Rng) -> (Vec<Step>, bool) {
    let f = |svc, name| catalogue::find(svc, name);
    let other = inst.other_user as u32;
    match inst.kind {
        AttackKind::ConsoleLoginNoMfaNewCountry => {
            let mut s = vec![(f(AwsService::SIGNIN, "ConsoleLogin"), 0, NO_TARGET, false)];
            for name in
                ["ListUsers", "ListRoles", "GetAccountSummary"].iter().take(1 + rng.below_usize(3))
            {
                s.push((f(AwsService::IAM, name), rng.range(4, 40) as i64, NO_TARGET, false));
            }
            s.push((f(AwsService::S3, "ListBuckets"), rng.range(5, 60) as i64, NO_TARGET, false));
            (s, true)
        }
        AttackKind::CloudtrailStopLogging => (
            vec![
                (f(AwsService::TRAIL, "DescribeTrails"), 0, NO_TARGET, false),
                (f(AwsService::TRAIL, "StopLogging"), rng.range(5, 60) as i64, NO_TARGET, false),
                (f(AwsService::TRAIL, "DeleteTrail"), rng.range(20, 300) as i64, NO_TARGET, false),
            ],
            false,
        ),
        AttackKind::CreateAccessKeyOtherUser => (
            vec![
                (f(AwsService::IAM, "ListAccessKeys"), 0, other, false),
                (f(AwsService::IAM, "CreateAccessKey"), rng.range(3, 90) as i64, other, false),
            ],
            false,
        ),
        AttackKind::AttachAdminPolicy => (
            vec![
                (f(AwsService::IAM, "ListAttachedUserPolicies"), 0, other, false),
                (f(AwsService::IAM, "AttachUserPolicy"), rng.range(3, 120) as i64, other, true),
            ],
            false,
        ),
        _ => (Vec::new(), false),
    }
}

/// Inject each attack's records with their labels.
fn inject(ctx: &BlockCtx<'_>, v: &View, out: &mut Vec<Record>, labels: &mut Vec<Label>) {
    let base = ctx.unit.sequence_base() + 0xC000;
    let mut n = 0u64;
    for inst in ctx.attacks.iter().filter(|i| i.kind.sources().contains(&SourceKind::CloudTrail)) {
        let mut rng = inst.rng();
        let (steps, console) = attack_steps(inst, &mut rng);
        let (acct, actor, client) = attacker_caller(v, inst, console);
        let home = region_index(v.org.aws_accounts[acct].home_region);
        let mut t = inst.start.div_euclid(MICROS_PER_SEC) * MICROS_PER_SEC;
        let session = t - rng.range(30, 600) as i64 * MICROS_PER_SEC;
        for (k, &(api, gap, target, admin)) in steps.iter().enumerate() {
            t += gap * MICROS_PER_SEC;
            let a = &APIS[api as usize];
            let step_client = if console && k > 0 { Client::Console } else { client };
            let region =
                if a.svc().global || a.cat == EventCategory::SignIn || a.name == "ListBuckets" {
                    US_EAST_1
                } else {
                    home
                };
            let rec = Record {
                time: t,
                seq: base + n,
                api,
                acct: acct as u8,
                region,
                actor,
                client: step_client,
                src: SourceAddress::Ip(inst.attacker_ip),
                fail: Fail::None,
                tls: 1,
                vpce: false,
                pick: rng.next_u64(),
                session: if a.cat == EventCategory::SignIn { t } else { session },
                mfa: false,
                target,
                admin_policy: admin,
                uav: (inst.seed >> 7) as u32,
            };
            n += 1;
            labels.push(Label {
                attack_id: inst.id.clone(),
                kind: inst.kind,
                source: SourceKind::CloudTrail,
                event_key: v.event_id(&rec),
                time: t,
            });
            out.push(rec);
        }
    }
    out.sort_by_key(|r| (r.time, r.seq));
}

impl Source for CloudTrail {
    type Event<'a> = Record;

    fn schema() -> SchemaRef {
        arrow::schema()
    }

    fn generate<'a>(ctx: &BlockCtx<'a>, out: &mut Vec<Record>, labels: &mut Vec<Label>) {
        let v = View::new(ctx.org, ctx.seed);
        background(ctx, &v, out);
        inject(ctx, &v, out, labels);
    }

    fn write_raw(ctx: &BlockCtx<'_>, events: &[Record], docs: &mut Vec<RawDoc>) {
        render::write_docs(ctx, events, docs);
    }

    fn time_key(e: &Record) -> i64 {
        e.time
    }

    fn to_batch(ctx: &BlockCtx<'_>, events: &[Record]) -> RecordBatch {
        arrow::to_batch(ctx, events)
    }
}
