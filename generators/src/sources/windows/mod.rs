//! Windows Security event log (the `Security` channel as Windows Event Forwarding delivers it).
//!
//! Events come from the organisation's workstations, servers and domain controllers with the
//! EventID mix of a fully audited domain: the object-access and filtering-platform noise floor
//! (4656/4663/4658/4690, 5156/5158) dominates, logons and process starts are a few percent and
//! account management is rare. Sequences are kept consistent (4624 → 4672 → 4634 share logon
//! ids, 4688 ↔ 4689 share process ids, 4656 → 4663 → 4658 share handle ids) so joins and
//! correlation rules behave as on real data. See `docs/realism-windows.md`.
//!
//! One field-emission routine per EventID ([`render::emit`]) feeds the XML writer, the
//! Winlogbeat JSON writer and the Arrow batch, so the three can never disagree.

mod arrow;
mod gen;
mod render;
#[cfg(test)]
mod tests;

use crate::attacks::Label;
use crate::fmt::Micros;
use crate::{BlockCtx, RawDoc, Source};
use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;

pub struct Windows;

/// Each host's expected share of the Windows events (for the per-host EventRecordID counters;
/// computed once per generator).
pub fn host_shares(org: &crate::entities::Org) -> Vec<f64> {
    (0..org.hosts.len()).map(|h| gen::host_share(org, h)).collect()
}

/// A string value without a per-event allocation: borrowed pieces are joined at output time.
#[derive(Clone, Debug)]
pub enum Text<'a> {
    S(&'a str),
    /// Three pieces joined, e.g. `C:\Users\` + sam + `\AppData\...`.
    Cat(&'a str, &'a str, &'a str),
    /// `name@UPPER(domain)`, the Kerberos principal form of 4769 TargetUserName.
    At(&'a str, &'a str),
    /// Uppercased, e.g. the Kerberos realm from the DNS domain.
    Upper(&'a str),
    /// `base-rid`, a SID built from a domain or machine SID.
    Sid(&'a str, u32),
    /// Generated text (attack payloads only: never on the background hot path).
    Own(Box<str>),
}

/// An address as Windows writes it in EventData.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ip {
    /// `-`
    None,
    V4(u32),
    /// `::ffff:a.b.c.d` (Kerberos events on domain controllers).
    Mapped(u32),
    /// `::1`
    Loop6,
    /// `127.0.0.1`
    Loop4,
    /// `fe80::…` link-local, from 64 interface bits.
    LinkLocal(u64),
    /// `0.0.0.0` (a socket bound to any address).
    Any4,
}

/// The account quadruple every Security event carries (Subject… or Target…).
#[derive(Clone, Copy, Debug)]
pub struct Acct<'a> {
    pub sid: &'a str,
    pub name: &'a str,
    pub domain: &'a str,
    pub logon_id: u64,
}

/// One Security event: the envelope plus its EventID-specific details.
#[derive(Clone, Debug)]
pub struct WinEvent<'a> {
    pub time: Micros,
    pub record_id: u64,
    /// Index into `Org::hosts` (the `Computer`).
    pub host: u32,
    pub event_id: u16,
    /// 0, or 1 + the index of the attack in `ctx.attacks` this event belongs to.
    pub attack: u8,
    pub exec_pid: u32,
    pub exec_tid: u32,
    pub subject: Acct<'a>,
    pub target: Acct<'a>,
    pub d: Detail<'a>,
}

/// EventID-specific data. Which variant goes with which EventID is fixed by the generator and
/// documented at each variant.
#[derive(Clone, Debug)]
pub enum Detail<'a> {
    /// 4634, 4647, 4672 (privileges in `Priv`), account events without extras.
    None,
    /// 4672.
    Priv(&'static str),
    /// 4624, 4625, 4634 (only `logon_type`).
    Logon(Box<Logon<'a>>),
    /// 4648.
    Explicit {
        server: &'a str,
        info: &'a str,
        pid: u32,
        pname: &'a str,
        ip: Ip,
        port: u16,
        guid: u64,
    },
    /// 4656, 4663, 4658.
    Handle(Box<Handle<'a>>),
    /// 4690.
    Dup { src_handle: u32, src_pid: u32, tgt_handle: u32, tgt_pid: u32 },
    /// 5156, 5158.
    Wfp(Box<Wfp>),
    /// 4688, 4689.
    Proc(Box<Proc<'a>>),
    /// 5140, 5145.
    Share(Box<Share<'a>>),
    /// 4768, 4769, 4771.
    Kerb(Box<Kerb<'a>>),
    /// 4776.
    Ntlm { workstation: &'a str, status: u32 },
    /// 4720, 4722, 4724, 4726, 4738, 4740, 4728, 4732.
    Account(Box<Account<'a>>),
    /// 4697.
    Service(Box<Service<'a>>),
    /// 1102 (the subject is the account that cleared the log).
    Cleared,
    /// The noise EventIDs of a fully audited host: 4703, 5379, 5447, 4673, 5154, 4627, 4799,
    /// 4670.
    Extra(Box<Extra<'a>>),
}

#[derive(Clone, Debug)]
pub enum Extra<'a> {
    /// 4703: a token's privileges enabled (subject and target in the event's accounts).
    TokenRight { pid: u32, pname: &'a str, enabled: &'static str },
    /// 5379: Credential Manager credentials were read.
    CredRead {
        target: Text<'a>,
        returned: u8,
        code: u32,
        created: crate::fmt::Micros,
        client_pid: u32,
    },
    /// 5447: a filtering-platform filter was added or deleted.
    FilterChange {
        pid: u32,
        user: (&'static str, &'static str),
        add: bool,
        filter: &'static WfpFilter,
        filter_id: u32,
        key: u64,
        weight: u64,
    },
    /// 4673: a privileged service was called (audit failure).
    PrivUse { pid: u32, pname: &'a str, privilege: &'static str },
    /// 5154: the filtering platform permitted an application to listen on a port.
    Listen { pid: u32, app: &'a str, addr: Ip, port: u16, proto: u8 },
    /// 4627: group membership of a new logon (follows a 4624): a static head, the domain SID,
    /// a static tail.
    Groups { logon_type: u8, groups: (&'static str, &'a str, &'static str) },
    /// 4799: a security-enabled local group's membership was enumerated.
    GroupEnum { group: &'static str, sid: &'static str, caller_pid: u32, caller: &'a str },
    /// 4670: permissions on an object were changed (service tokens).
    Perm { handle: u32, pid: u32, pname: &'a str, old: &'static str, new: Text<'a> },
}

/// A filtering-platform filter 5447 reports (name, layer, conditions as Windows renders them).
#[derive(Debug)]
pub struct WfpFilter {
    pub name: &'static str,
    pub layer: (&'static str, &'static str, u16),
    pub conditions: &'static str,
    pub permit: bool,
}

#[derive(Clone, Debug)]
pub struct Logon<'a> {
    pub logon_type: u8,
    /// Byte-exact, with LSA's trailing-space padding (`NtLmSsp `, `Advapi  `).
    pub lpn: &'static str,
    pub auth: &'static str,
    pub workstation: &'a str,
    pub pid: u32,
    pub pname: &'a str,
    pub ip: Ip,
    /// 0 with `Ip::None` renders `-`.
    pub port: u16,
    pub guid: u64,
    pub impersonation: &'static str,
    pub elevated: bool,
    pub linked: u64,
    pub lm: &'static str,
    pub key_len: u8,
    /// 4625 only.
    pub status: u32,
    pub sub_status: u32,
    pub failure: &'static str,
}

#[derive(Clone, Debug)]
pub struct Handle<'a> {
    pub object_type: &'static str,
    /// ObjectServer: `Security`, or `SC Manager` for service-control objects.
    pub server: &'static str,
    pub object: Text<'a>,
    pub handle: u32,
    pub pid: u32,
    pub pname: &'a str,
    pub mask: u32,
    pub access: &'static str,
}

#[derive(Clone, Debug)]
pub struct Wfp {
    pub pid: u32,
    pub app: &'static str,
    pub inbound: bool,
    pub src: Ip,
    pub sport: u16,
    pub dst: Ip,
    pub dport: u16,
    pub proto: u8,
    pub filter: u32,
}

#[derive(Clone, Debug)]
pub struct Proc<'a> {
    pub new_pid: u32,
    pub name: Text<'a>,
    pub cmd: Text<'a>,
    pub parent_pid: u32,
    pub parent: &'static str,
    pub elevation: &'static str,
    pub label: &'static str,
    /// 4689 exit status.
    pub status: u32,
}

#[derive(Clone, Debug)]
pub struct Share<'a> {
    pub ip: Ip,
    pub port: u16,
    pub share: &'static str,
    pub local: &'static str,
    pub rel: Text<'a>,
    pub mask: u32,
    pub access: &'static str,
    pub reason: &'static str,
}

#[derive(Clone, Debug)]
pub struct Kerb<'a> {
    pub user: Text<'a>,
    pub realm: Text<'a>,
    pub user_sid: &'a str,
    pub service: Text<'a>,
    pub service_sid: Text<'a>,
    pub options: u32,
    pub status: u32,
    pub etype: u32,
    pub ip: Ip,
    pub port: u16,
    pub guid: u64,
}

#[derive(Clone, Debug)]
pub struct Account<'a> {
    /// TargetUserName / TargetDomainName / TargetSid (the account, or the group for 4728/4732).
    pub name: Text<'a>,
    pub domain: Text<'a>,
    pub sid: Text<'a>,
    /// 4728/4732: the member added.
    pub member_sid: Text<'a>,
    /// 4720/4738: the new UAC value (0x15 new disabled account, 0x10 enabled normal account).
    pub uac: u32,
}

#[derive(Clone, Debug)]
pub struct Service<'a> {
    pub name: Text<'a>,
    pub file: Text<'a>,
    pub start_type: u8,
    pub client_pid: u32,
    pub parent_pid: u32,
    pub start_key: u64,
}

impl Source for Windows {
    type Event<'a> = WinEvent<'a>;

    fn schema() -> SchemaRef {
        arrow::schema()
    }

    fn generate<'a>(ctx: &BlockCtx<'a>, out: &mut Vec<WinEvent<'a>>, labels: &mut Vec<Label>) {
        gen::generate(ctx, out, labels)
    }

    fn write_raw(ctx: &BlockCtx<'_>, events: &[WinEvent<'_>], docs: &mut Vec<RawDoc>) {
        docs.push(render::document(ctx, events));
    }

    fn raw_len(ctx: &BlockCtx<'_>, events: &[WinEvent<'_>]) -> u64 {
        render::document_len(ctx, events)
    }

    fn time_key(e: &WinEvent<'_>) -> i64 {
        e.time
    }

    fn to_batch(ctx: &BlockCtx<'_>, events: &[WinEvent<'_>]) -> RecordBatch {
        arrow::to_batch(ctx, events)
    }
}
