//! EventData emission (one routine per EventID, in manifest field order) and the XML and
//! Winlogbeat-JSON writers.

use super::{Acct, Detail, Extra, Ip, Text, WinEvent};
use crate::entities::Org;
use crate::fmt::{push_guid_hex, push_hex, push_ipv4, push_iso_7, push_iso_millis, push_u64};
use crate::rng::mix64;
use crate::scenario::WindowsFormat;
use crate::{BlockCtx, RawDoc};

pub const SECURITY_PROVIDER: &str = "Microsoft-Windows-Security-Auditing";
pub const SECURITY_GUID: &str = "{54849625-5478-4994-a5ba-3e3b0328c30d}";
pub const EVENTLOG_PROVIDER: &str = "Microsoft-Windows-Eventlog";
pub const EVENTLOG_GUID: &str = "{fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148}";
pub const KW_SUCCESS: &str = "0x8020000000000000";
pub const KW_FAILURE: &str = "0x8010000000000000";
pub const KW_CLEARED: &str = "0x4020000000000000";

/// Envelope constants of one EventID: manifest version, task (audit subcategory) and its name.
pub struct Meta {
    pub version: u8,
    pub task: u16,
    pub task_name: &'static str,
}

pub fn meta(event_id: u16, object_type: &str) -> Meta {
    let (version, task, task_name) = match event_id {
        4624 => (2, 12544, "Logon"),
        4625 | 4648 => (0, 12544, "Logon"),
        4634 | 4647 => (0, 12545, "Logoff"),
        4672 => (0, 12548, "Special Logon"),
        4656 | 4663 | 4658 if object_type == "Key" => {
            (if event_id == 4658 { 0 } else { 1 }, 12801, "Registry")
        }
        4656 | 4663 | 4658 if object_type.starts_with("S") => {
            (if event_id == 4658 { 0 } else { 1 }, 12804, "Other Object Access Events")
        }
        4656 | 4663 | 4658 if object_type == "Process" => {
            (if event_id == 4658 { 0 } else { 1 }, 12803, "Kernel Object")
        }
        4656 | 4663 => (1, 12800, "File System"),
        4658 => (0, 12800, "File System"),
        4690 => (0, 12807, "Handle Manipulation"),
        4688 => (2, 13312, "Process Creation"),
        4689 => (0, 13313, "Process Termination"),
        5156 => (1, 12810, "Filtering Platform Connection"),
        5158 => (0, 12810, "Filtering Platform Connection"),
        5140 => (1, 12808, "File Share"),
        5145 => (0, 12811, "Detailed File Share"),
        4768 | 4771 => (0, 14339, "Kerberos Authentication Service"),
        4769 => (0, 14337, "Kerberos Service Ticket Operations"),
        4776 => (0, 14336, "Credential Validation"),
        4720 | 4722 | 4724 | 4726 | 4738 | 4740 => (0, 13824, "User Account Management"),
        4728 | 4732 => (0, 13826, "Security Group Management"),
        4697 => (1, 12289, "Security System Extension"),
        1102 => (0, 104, "Log clear"),
        4703 => (0, 13317, "Token Right Adjusted Events"),
        5379 => (0, 13824, "User Account Management"),
        5447 => (0, 13573, "Other Policy Change Events"),
        4673 => (0, 13056, "Sensitive Privilege Use"),
        5154 => (0, 12810, "Filtering Platform Connection"),
        4627 => (0, 12554, "Group Membership"),
        4799 => (0, 13826, "Security Group Management"),
        4670 => (0, 13570, "Authorization Policy Change"),
        _ => (0, 0, ""),
    };
    Meta { version, task, task_name }
}

/// Audit Failure events (Keywords 0x8010…).
pub fn is_failure(e: &WinEvent) -> bool {
    match (&e.event_id, &e.d) {
        (4625 | 4771 | 4673, _) => true,
        (4776, Detail::Ntlm { status, .. }) => *status != 0,
        (4769, Detail::Kerb(k)) => k.status != 0,
        _ => false,
    }
}

pub fn keywords(e: &WinEvent) -> &'static str {
    if e.event_id == 1102 {
        KW_CLEARED
    } else if is_failure(e) {
        KW_FAILURE
    } else {
        KW_SUCCESS
    }
}

pub fn object_type<'e>(e: &'e WinEvent) -> &'e str {
    match &e.d {
        Detail::Handle(h) => h.object_type,
        _ => "",
    }
}

/// A field value, formatted at output time.
pub enum Val<'x> {
    T(&'x Text<'x>),
    S(&'x str),
    /// A static text that needs escaping (privilege and access lists, WFP conditions): its
    /// XML and JSON forms are escaped once (`gen::pre_escaped`) and copied.
    P(&'static str),
    /// A pre-escaped head, a plain middle, a pre-escaped tail.
    P3(&'static str, &'x str, &'static str),
    /// `0x…` lowercase, unpadded (LogonId, ProcessId, HandleId, Status).
    Hex(u64),
    Num(u64),
    Ip(Ip),
    /// A port, or `-` when 0 and there is no address.
    Port(u16, Ip),
    /// `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}`, all zeros for 0.
    Guid(u64),
    /// `YYYY-MM-DDTHH:MM:SS.fffffff00Z` (nine decimals, as 5379 prints FILETIMEs).
    Time9(crate::fmt::Micros),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Esc {
    Xml,
    Json,
    Raw,
}

/// A field name with its XML and JSON openers precomputed, so writers copy one slice.
#[derive(Clone, Copy)]
pub struct Name {
    pub bare: &'static str,
    xml: &'static str,
    json: &'static str,
    /// The typed Arrow column of this field (-1: the `event_data` map), resolved at compile time.
    pub column: i8,
}

macro_rules! f {
    ($n:literal) => {
        Name {
            bare: $n,
            xml: concat!("<Data Name='", $n, "'>"),
            json: concat!("\"", $n, "\":\""),
            column: const { super::arrow::data_column($n) },
        }
    };
}

/// Receives EventData fields in order.
pub trait Sink {
    fn put(&mut self, name: Name, v: Val<'_>);
}

/// Bytes that need escaping in XML (1) or JSON (2).
static ESCAPES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = 2;
        i += 1;
    }
    t[b'\r' as usize] = 3;
    t[b'\n' as usize] = 3;
    t[b'<' as usize] = 1;
    t[b'>' as usize] = 1;
    t[b'&' as usize] = 1;
    t[b'\'' as usize] = 1;
    t[b'"' as usize] = 3;
    t[b'\\' as usize] = 2;
    t
};

#[inline]
pub(super) fn push_escaped(out: &mut Vec<u8>, s: &[u8], esc: Esc) {
    let mask = match esc {
        Esc::Raw => 0,
        Esc::Xml => 1,
        Esc::Json => 2,
    };
    if s.iter().all(|&b| ESCAPES[b as usize] & mask == 0) {
        out.extend_from_slice(s);
        return;
    }
    let mut start = 0;
    match esc {
        Esc::Raw => {}
        Esc::Xml => {
            for (i, &b) in s.iter().enumerate() {
                let rep: &[u8] = match b {
                    b'<' => b"&lt;",
                    b'>' => b"&gt;",
                    b'&' => b"&amp;",
                    b'\'' => b"&apos;",
                    b'"' => b"&quot;",
                    b'\r' => b"&#13;",
                    b'\n' => b"&#10;",
                    _ => continue,
                };
                out.extend_from_slice(&s[start..i]);
                out.extend_from_slice(rep);
                start = i + 1;
            }
        }
        Esc::Json => {
            for (i, &b) in s.iter().enumerate() {
                let rep: &[u8] = match b {
                    b'"' => b"\\\"",
                    b'\\' => b"\\\\",
                    b'\n' => b"\\n",
                    b'\r' => b"\\r",
                    b'\t' => b"\\t",
                    0..=0x1f => b"\\u0000",
                    _ => continue,
                };
                out.extend_from_slice(&s[start..i]);
                out.extend_from_slice(rep);
                start = i + 1;
            }
        }
    }
    out.extend_from_slice(&s[start..]);
}

pub fn push_text(out: &mut Vec<u8>, t: &Text, esc: Esc) {
    match t {
        Text::S(s) => push_escaped(out, s.as_bytes(), esc),
        Text::Cat(a, b, c) => {
            push_escaped(out, a.as_bytes(), esc);
            push_escaped(out, b.as_bytes(), esc);
            push_escaped(out, c.as_bytes(), esc);
        }
        Text::At(name, domain) => {
            push_escaped(out, name.as_bytes(), esc);
            out.push(b'@');
            out.extend(domain.bytes().map(|b| b.to_ascii_uppercase()));
        }
        Text::Upper(s) => out.extend(s.bytes().map(|b| b.to_ascii_uppercase())),
        Text::Sid(base, rid) => {
            out.extend_from_slice(base.as_bytes());
            out.push(b'-');
            push_u64(out, *rid as u64);
        }
        Text::Own(s) => push_escaped(out, s.as_bytes(), esc),
    }
}

pub fn push_ip(out: &mut Vec<u8>, ip: Ip) {
    match ip {
        Ip::None => out.push(b'-'),
        Ip::V4(a) => push_ipv4(out, a),
        Ip::Mapped(a) => {
            out.extend_from_slice(b"::ffff:");
            push_ipv4(out, a);
        }
        Ip::Loop6 => out.extend_from_slice(b"::1"),
        Ip::Loop4 => out.extend_from_slice(b"127.0.0.1"),
        Ip::LinkLocal(bits) => {
            out.extend_from_slice(b"fe80::");
            for i in (0..4).rev() {
                push_hex(out, (bits >> (i * 16)) & 0xffff);
                if i > 0 {
                    out.push(b':');
                }
            }
        }
        Ip::Any4 => out.extend_from_slice(b"0.0.0.0"),
    }
}

fn push_guid(out: &mut Vec<u8>, v: u64) {
    let (hi, lo) = if v == 0 { (0, 0) } else { (v, mix64(v)) };
    out.push(b'{');
    push_guid_hex(out, hi, lo, false);
    out.push(b'}');
}

#[inline]
pub fn push_val(out: &mut Vec<u8>, v: &Val, esc: Esc) {
    match v {
        Val::T(t) => push_text(out, t, esc),
        Val::S(s) => push_escaped(out, s.as_bytes(), esc),
        Val::P(s) => match (esc, super::gen::pre_escaped(s)) {
            (Esc::Xml, Some(e)) => out.extend_from_slice(e.0.as_bytes()),
            (Esc::Json, Some(e)) => out.extend_from_slice(e.1.as_bytes()),
            _ => push_escaped(out, s.as_bytes(), esc),
        },
        Val::P3(a, b, c) => {
            push_val(out, &Val::P(a), esc);
            push_escaped(out, b.as_bytes(), esc);
            push_val(out, &Val::P(c), esc);
        }
        Val::Hex(x) => {
            out.extend_from_slice(b"0x");
            push_hex(out, *x);
        }
        Val::Num(x) => push_u64(out, *x),
        Val::Ip(ip) => push_ip(out, *ip),
        Val::Port(p, ip) => {
            if *p == 0 && *ip == Ip::None {
                out.push(b'-')
            } else {
                push_u64(out, *p as u64)
            }
        }
        Val::Guid(g) => push_guid(out, *g),
        Val::Time9(t) => {
            push_iso_7(out, *t);
            // push_iso_7 ends with `Z`: two more digits before it.
            out.pop();
            out.extend_from_slice(b"00Z");
        }
    }
}

fn acct<S: Sink>(s: &mut S, prefix: Prefix, a: &Acct) {
    let [sid, name, domain, lid] = prefix.names();
    s.put(sid, Val::S(a.sid));
    s.put(name, Val::S(a.name));
    s.put(domain, Val::S(a.domain));
    s.put(lid, Val::Hex(a.logon_id));
}

#[derive(Clone, Copy)]
enum Prefix {
    Subject,
    Target,
}

impl Prefix {
    fn names(self) -> [Name; 4] {
        match self {
            Prefix::Subject => [
                f!("SubjectUserSid"),
                f!("SubjectUserName"),
                f!("SubjectDomainName"),
                f!("SubjectLogonId"),
            ],
            Prefix::Target => [
                f!("TargetUserSid"),
                f!("TargetUserName"),
                f!("TargetDomainName"),
                f!("TargetLogonId"),
            ],
        }
    }
}

const NO_SID_ZERO_GUID: &str = "{00000000-0000-0000-0000-000000000000}";

/// Emit the EventData (or UserData for 1102) fields of `e` in manifest order.
pub fn emit<S: Sink>(_org: &Org, e: &WinEvent, s: &mut S) {
    use Detail as D;
    use Prefix::*;
    match (e.event_id, &e.d) {
        (4624, D::Logon(l)) => {
            acct(s, Subject, &e.subject);
            acct(s, Target, &e.target);
            s.put(f!("LogonType"), Val::Num(l.logon_type as u64));
            s.put(f!("LogonProcessName"), Val::S(l.lpn));
            s.put(f!("AuthenticationPackageName"), Val::S(l.auth));
            s.put(f!("WorkstationName"), Val::S(l.workstation));
            s.put(f!("LogonGuid"), Val::Guid(l.guid));
            s.put(f!("TransmittedServices"), Val::S("-"));
            s.put(f!("LmPackageName"), Val::S(l.lm));
            s.put(f!("KeyLength"), Val::Num(l.key_len as u64));
            s.put(f!("ProcessId"), Val::Hex(l.pid as u64));
            s.put(f!("ProcessName"), Val::S(l.pname));
            s.put(f!("IpAddress"), Val::Ip(l.ip));
            s.put(f!("IpPort"), Val::Port(l.port, l.ip));
            s.put(f!("ImpersonationLevel"), Val::S(l.impersonation));
            s.put(f!("RestrictedAdminMode"), Val::S("-"));
            s.put(f!("TargetOutboundUserName"), Val::S("-"));
            s.put(f!("TargetOutboundDomainName"), Val::S("-"));
            s.put(f!("VirtualAccount"), Val::S("%%1843"));
            s.put(f!("TargetLinkedLogonId"), Val::Hex(l.linked));
            s.put(f!("ElevatedToken"), Val::S(if l.elevated { "%%1842" } else { "%%1843" }));
        }
        (4625, D::Logon(l)) => {
            acct(s, Subject, &e.subject);
            s.put(f!("TargetUserSid"), Val::S(e.target.sid));
            s.put(f!("TargetUserName"), Val::S(e.target.name));
            s.put(f!("TargetDomainName"), Val::S(e.target.domain));
            s.put(f!("Status"), Val::Hex(l.status as u64));
            s.put(f!("FailureReason"), Val::S(l.failure));
            s.put(f!("SubStatus"), Val::Hex(l.sub_status as u64));
            s.put(f!("LogonType"), Val::Num(l.logon_type as u64));
            s.put(f!("LogonProcessName"), Val::S(l.lpn));
            s.put(f!("AuthenticationPackageName"), Val::S(l.auth));
            s.put(f!("WorkstationName"), Val::S(l.workstation));
            s.put(f!("TransmittedServices"), Val::S("-"));
            s.put(f!("LmPackageName"), Val::S(l.lm));
            s.put(f!("KeyLength"), Val::Num(l.key_len as u64));
            s.put(f!("ProcessId"), Val::Hex(l.pid as u64));
            s.put(f!("ProcessName"), Val::S(l.pname));
            s.put(f!("IpAddress"), Val::Ip(l.ip));
            s.put(f!("IpPort"), Val::Port(l.port, l.ip));
        }
        (4634, D::Logon(l)) => {
            acct(s, Target, &e.target);
            s.put(f!("LogonType"), Val::Num(l.logon_type as u64));
        }
        (4647, _) => acct(s, Target, &e.target),
        (4648, D::Explicit { server, info, pid, pname, ip, port, guid }) => {
            acct(s, Subject, &e.subject);
            s.put(f!("LogonGuid"), Val::Guid(0));
            s.put(f!("TargetUserName"), Val::S(e.target.name));
            s.put(f!("TargetDomainName"), Val::S(e.target.domain));
            s.put(f!("TargetLogonGuid"), Val::Guid(*guid));
            s.put(f!("TargetServerName"), Val::S(server));
            s.put(f!("TargetInfo"), Val::S(info));
            s.put(f!("ProcessId"), Val::Hex(*pid as u64));
            s.put(f!("ProcessName"), Val::S(pname));
            s.put(f!("IpAddress"), Val::Ip(*ip));
            s.put(f!("IpPort"), Val::Port(*port, *ip));
        }
        (4672, D::Priv(list)) => {
            acct(s, Subject, &e.subject);
            s.put(f!("PrivilegeList"), Val::P(list));
        }
        (4656, D::Handle(h)) => {
            acct(s, Subject, &e.subject);
            s.put(f!("ObjectServer"), Val::S(h.server));
            s.put(f!("ObjectType"), Val::S(h.object_type));
            s.put(f!("ObjectName"), Val::T(&h.object));
            s.put(f!("HandleId"), Val::Hex(h.handle as u64));
            s.put(f!("TransactionId"), Val::S(NO_SID_ZERO_GUID));
            s.put(f!("AccessList"), Val::P(h.access));
            s.put(f!("AccessReason"), Val::S("-"));
            s.put(f!("AccessMask"), Val::Hex(h.mask as u64));
            s.put(f!("PrivilegeList"), Val::S("-"));
            s.put(f!("RestrictedSidCount"), Val::Num(0));
            s.put(f!("ProcessId"), Val::Hex(h.pid as u64));
            s.put(f!("ProcessName"), Val::S(h.pname));
            s.put(
                f!("ResourceAttributes"),
                Val::S(if h.object_type == "File" { "S:AI" } else { "-" }),
            );
        }
        (4663, D::Handle(h)) => {
            acct(s, Subject, &e.subject);
            s.put(f!("ObjectServer"), Val::S(h.server));
            s.put(f!("ObjectType"), Val::S(h.object_type));
            s.put(f!("ObjectName"), Val::T(&h.object));
            s.put(f!("HandleId"), Val::Hex(h.handle as u64));
            s.put(f!("AccessList"), Val::P(h.access));
            s.put(f!("AccessMask"), Val::Hex(h.mask as u64));
            s.put(f!("ProcessId"), Val::Hex(h.pid as u64));
            s.put(f!("ProcessName"), Val::S(h.pname));
            s.put(
                f!("ResourceAttributes"),
                Val::S(if h.object_type == "File" { "S:AI" } else { "-" }),
            );
        }
        (4658, D::Handle(h)) => {
            acct(s, Subject, &e.subject);
            s.put(f!("ObjectServer"), Val::S(h.server));
            s.put(f!("HandleId"), Val::Hex(h.handle as u64));
            s.put(f!("ProcessId"), Val::Hex(h.pid as u64));
            s.put(f!("ProcessName"), Val::S(h.pname));
        }
        (4690, D::Dup { src_handle, src_pid, tgt_handle, tgt_pid }) => {
            acct(s, Subject, &e.subject);
            s.put(f!("SourceHandleId"), Val::Hex(*src_handle as u64));
            s.put(f!("SourceProcessId"), Val::Hex(*src_pid as u64));
            s.put(f!("TargetHandleId"), Val::Hex(*tgt_handle as u64));
            s.put(f!("TargetProcessId"), Val::Hex(*tgt_pid as u64));
        }
        (4688, D::Proc(p)) => {
            acct(s, Subject, &e.subject);
            s.put(f!("NewProcessId"), Val::Hex(p.new_pid as u64));
            s.put(f!("NewProcessName"), Val::T(&p.name));
            s.put(f!("TokenElevationType"), Val::S(p.elevation));
            s.put(f!("ProcessId"), Val::Hex(p.parent_pid as u64));
            s.put(f!("CommandLine"), Val::T(&p.cmd));
            acct(s, Target, &e.target);
            s.put(f!("ParentProcessName"), Val::S(p.parent));
            s.put(f!("MandatoryLabel"), Val::S(p.label));
        }
        (4689, D::Proc(p)) => {
            acct(s, Subject, &e.subject);
            s.put(f!("Status"), Val::Hex(p.status as u64));
            s.put(f!("ProcessId"), Val::Hex(p.new_pid as u64));
            s.put(f!("ProcessName"), Val::T(&p.name));
        }
        (5156, D::Wfp(w)) => {
            s.put(f!("ProcessID"), Val::Num(w.pid as u64));
            s.put(f!("Application"), Val::S(w.app));
            s.put(f!("Direction"), Val::S(if w.inbound { "%%14592" } else { "%%14593" }));
            s.put(f!("SourceAddress"), Val::Ip(w.src));
            s.put(f!("SourcePort"), Val::Num(w.sport as u64));
            s.put(f!("DestAddress"), Val::Ip(w.dst));
            s.put(f!("DestPort"), Val::Num(w.dport as u64));
            s.put(f!("Protocol"), Val::Num(w.proto as u64));
            s.put(f!("FilterRTID"), Val::Num(w.filter as u64));
            s.put(f!("LayerName"), Val::S(if w.inbound { "%%14610" } else { "%%14611" }));
            s.put(f!("LayerRTID"), Val::Num(if w.inbound { 44 } else { 48 }));
            s.put(f!("RemoteUserID"), Val::S("S-1-0-0"));
            s.put(f!("RemoteMachineID"), Val::S("S-1-0-0"));
        }
        (5158, D::Wfp(w)) => {
            s.put(f!("ProcessId"), Val::Num(w.pid as u64));
            s.put(f!("Application"), Val::S(w.app));
            s.put(f!("SourceAddress"), Val::Ip(w.src));
            s.put(f!("SourcePort"), Val::Num(w.sport as u64));
            s.put(f!("Protocol"), Val::Num(w.proto as u64));
            s.put(f!("FilterRTID"), Val::Num(0));
            s.put(f!("LayerName"), Val::S("%%14608"));
            s.put(f!("LayerRTID"), Val::Num(36));
        }
        (5140 | 5145, D::Share(sh)) => {
            acct(s, Subject, &e.subject);
            s.put(f!("ObjectType"), Val::S("File"));
            s.put(f!("IpAddress"), Val::Ip(sh.ip));
            s.put(f!("IpPort"), Val::Num(sh.port as u64));
            s.put(f!("ShareName"), Val::S(sh.share));
            s.put(f!("ShareLocalPath"), Val::S(sh.local));
            if e.event_id == 5145 {
                s.put(f!("RelativeTargetName"), Val::T(&sh.rel));
            }
            s.put(f!("AccessMask"), Val::Hex(sh.mask as u64));
            s.put(f!("AccessList"), Val::P(sh.access));
            if e.event_id == 5145 {
                s.put(f!("AccessReason"), Val::P(sh.reason));
            }
        }
        (4768, D::Kerb(k)) => {
            s.put(f!("TargetUserName"), Val::T(&k.user));
            s.put(f!("TargetDomainName"), Val::T(&k.realm));
            s.put(f!("TargetSid"), Val::S(k.user_sid));
            s.put(f!("ServiceName"), Val::T(&k.service));
            s.put(f!("ServiceSid"), Val::T(&k.service_sid));
            s.put(f!("TicketOptions"), Val::Hex(k.options as u64));
            s.put(f!("Status"), Val::Hex(k.status as u64));
            s.put(f!("TicketEncryptionType"), Val::Hex(k.etype as u64));
            s.put(f!("PreAuthType"), Val::Num(2));
            s.put(f!("IpAddress"), Val::Ip(k.ip));
            s.put(f!("IpPort"), Val::Num(k.port as u64));
            s.put(f!("CertIssuerName"), Val::S(""));
            s.put(f!("CertSerialNumber"), Val::S(""));
            s.put(f!("CertThumbprint"), Val::S(""));
        }
        (4769, D::Kerb(k)) => {
            s.put(f!("TargetUserName"), Val::T(&k.user));
            s.put(f!("TargetDomainName"), Val::T(&k.realm));
            s.put(f!("ServiceName"), Val::T(&k.service));
            s.put(f!("ServiceSid"), Val::T(&k.service_sid));
            s.put(f!("TicketOptions"), Val::Hex(k.options as u64));
            s.put(f!("TicketEncryptionType"), Val::Hex(k.etype as u64));
            s.put(f!("IpAddress"), Val::Ip(k.ip));
            s.put(f!("IpPort"), Val::Num(k.port as u64));
            s.put(f!("Status"), Val::Hex(k.status as u64));
            s.put(f!("LogonGuid"), Val::Guid(k.guid));
            s.put(f!("TransmittedServices"), Val::S("-"));
        }
        (4771, D::Kerb(k)) => {
            s.put(f!("TargetUserName"), Val::T(&k.user));
            s.put(f!("TargetSid"), Val::S(k.user_sid));
            s.put(f!("ServiceName"), Val::T(&k.service));
            s.put(f!("TicketOptions"), Val::Hex(k.options as u64));
            s.put(f!("Status"), Val::Hex(k.status as u64));
            s.put(f!("PreAuthType"), Val::Num(2));
            s.put(f!("IpAddress"), Val::Ip(k.ip));
            s.put(f!("IpPort"), Val::Num(k.port as u64));
            s.put(f!("CertIssuerName"), Val::S(""));
            s.put(f!("CertSerialNumber"), Val::S(""));
            s.put(f!("CertThumbprint"), Val::S(""));
        }
        (4776, D::Ntlm { workstation, status }) => {
            s.put(f!("PackageName"), Val::S("MICROSOFT_AUTHENTICATION_PACKAGE_V1_0"));
            s.put(f!("TargetUserName"), Val::S(e.target.name));
            s.put(f!("Workstation"), Val::S(workstation));
            s.put(f!("Status"), Val::Hex(*status as u64));
        }
        (4720 | 4738, D::Account(a)) => {
            if e.event_id == 4738 {
                s.put(f!("Dummy"), Val::S("-"));
            }
            s.put(f!("TargetUserName"), Val::T(&a.name));
            s.put(f!("TargetDomainName"), Val::T(&a.domain));
            s.put(f!("TargetSid"), Val::T(&a.sid));
            acct(s, Subject, &e.subject);
            s.put(f!("PrivilegeList"), Val::S("-"));
            s.put(f!("SamAccountName"), Val::T(&a.name));
            for n in [
                f!("DisplayName"),
                f!("UserPrincipalName"),
                f!("HomeDirectory"),
                f!("HomePath"),
                f!("ScriptPath"),
                f!("ProfilePath"),
                f!("UserWorkstations"),
            ] {
                s.put(n, Val::S(if n.bare == "UserPrincipalName" { "-" } else { "%%1793" }));
            }
            s.put(f!("PasswordLastSet"), Val::S("%%1794"));
            s.put(f!("AccountExpires"), Val::S("%%1794"));
            s.put(f!("PrimaryGroupId"), Val::Num(513));
            s.put(f!("AllowedToDelegateTo"), Val::S("-"));
            s.put(f!("OldUacValue"), Val::Hex(if e.event_id == 4720 { 0 } else { 0x15 }));
            s.put(f!("NewUacValue"), Val::Hex(a.uac as u64));
            s.put(
                f!("UserAccountControl"),
                Val::S(if e.event_id == 4720 {
                    "\r\n\t\t%%2080\r\n\t\t%%2082\r\n\t\t%%2084"
                } else {
                    "\r\n\t\t%%2048\r\n\t\t%%2050"
                }),
            );
            s.put(f!("UserParameters"), Val::S(if e.event_id == 4720 { "%%1793" } else { "-" }));
            s.put(f!("SidHistory"), Val::S("-"));
            s.put(f!("LogonHours"), Val::S("%%1797"));
        }
        (4722 | 4724 | 4726 | 4740, D::Account(a)) => {
            s.put(f!("TargetUserName"), Val::T(&a.name));
            s.put(f!("TargetDomainName"), Val::T(&a.domain));
            s.put(f!("TargetSid"), Val::T(&a.sid));
            acct(s, Subject, &e.subject);
            if e.event_id == 4726 {
                s.put(f!("PrivilegeList"), Val::S("-"));
            }
        }
        (4728 | 4732, D::Account(a)) => {
            s.put(f!("MemberName"), Val::S("-"));
            s.put(f!("MemberSid"), Val::T(&a.member_sid));
            s.put(f!("TargetUserName"), Val::T(&a.name));
            s.put(f!("TargetDomainName"), Val::T(&a.domain));
            s.put(f!("TargetSid"), Val::T(&a.sid));
            acct(s, Subject, &e.subject);
            s.put(f!("PrivilegeList"), Val::S("-"));
        }
        (4697, D::Service(sv)) => {
            acct(s, Subject, &e.subject);
            s.put(f!("ServiceName"), Val::T(&sv.name));
            s.put(f!("ServiceFileName"), Val::T(&sv.file));
            s.put(f!("ServiceType"), Val::Hex(0x10));
            s.put(f!("ServiceStartType"), Val::Num(sv.start_type as u64));
            s.put(f!("ServiceAccount"), Val::S("LocalSystem"));
            s.put(f!("ClientProcessStartKey"), Val::Num(sv.start_key));
            s.put(f!("ClientProcessId"), Val::Num(sv.client_pid as u64));
            s.put(f!("ParentProcessId"), Val::Num(sv.parent_pid as u64));
        }
        (1102, _) => acct(s, Subject, &e.subject),
        (_, D::Extra(x)) => emit_extra(e, x, s),
        (id, d) => unreachable!("EventID {id} with detail {d:?}"),
    }
}

fn emit_extra<S: Sink>(e: &WinEvent, x: &Extra, s: &mut S) {
    use Prefix::*;
    match x {
        Extra::TokenRight { pid, pname, enabled } => {
            acct(s, Subject, &e.subject);
            acct(s, Target, &e.target);
            s.put(f!("ProcessName"), Val::S(pname));
            s.put(f!("ProcessId"), Val::Hex(*pid as u64));
            s.put(f!("EnabledPrivilegeList"), Val::P(enabled));
            s.put(f!("DisabledPrivilegeList"), Val::S("-"));
        }
        Extra::CredRead { target, returned, code, created, client_pid } => {
            acct(s, Subject, &e.subject);
            s.put(f!("TargetName"), Val::T(target));
            s.put(f!("Type"), Val::Num(0));
            s.put(f!("CountOfCredentialsReturned"), Val::Num(*returned as u64));
            s.put(f!("ReadOperation"), Val::S("%%8100"));
            s.put(f!("ReturnCode"), Val::Num(*code as u64));
            s.put(f!("ProcessCreationTime"), Val::Time9(*created));
            s.put(f!("ClientProcessId"), Val::Num(*client_pid as u64));
        }
        Extra::FilterChange { pid, user, add, filter, filter_id, key, weight } => {
            s.put(f!("ProcessId"), Val::Num(*pid as u64));
            s.put(f!("UserSid"), Val::S(user.0));
            s.put(f!("UserName"), Val::S(user.1));
            s.put(f!("ProviderKey"), Val::S("{decc16ca-3f33-4346-be1e-8fb4ae0f3d62}"));
            s.put(f!("ProviderName"), Val::S("Microsoft Corporation"));
            s.put(f!("ChangeType"), Val::S(if *add { "%%16385" } else { "%%16386" }));
            s.put(f!("FilterKey"), Val::Guid(*key));
            s.put(f!("FilterName"), Val::S(filter.name));
            s.put(f!("FilterType"), Val::S("%%16388"));
            s.put(f!("FilterId"), Val::Num(*filter_id as u64));
            s.put(f!("LayerKey"), Val::S(filter.layer.0));
            s.put(f!("LayerName"), Val::S(filter.layer.1));
            s.put(f!("LayerId"), Val::Num(filter.layer.2 as u64));
            s.put(f!("Weight"), Val::Num(*weight));
            s.put(f!("Conditions"), Val::P(filter.conditions));
            s.put(f!("Action"), Val::S(if filter.permit { "%%16390" } else { "%%16389" }));
            s.put(f!("CalloutKey"), Val::S(NO_SID_ZERO_GUID));
            s.put(f!("CalloutName"), Val::S("-"));
        }
        Extra::PrivUse { pid, pname, privilege } => {
            acct(s, Subject, &e.subject);
            s.put(f!("ObjectServer"), Val::S("Security"));
            s.put(f!("Service"), Val::S("-"));
            s.put(f!("PrivilegeList"), Val::S(privilege));
            s.put(f!("ProcessId"), Val::Hex(*pid as u64));
            s.put(f!("ProcessName"), Val::S(pname));
        }
        Extra::Listen { pid, app, addr, port, proto } => {
            s.put(f!("ProcessId"), Val::Num(*pid as u64));
            s.put(f!("Application"), Val::S(app));
            s.put(f!("SourceAddress"), Val::Ip(*addr));
            s.put(f!("SourcePort"), Val::Num(*port as u64));
            s.put(f!("Protocol"), Val::Num(*proto as u64));
            s.put(f!("FilterRTID"), Val::Num(0));
            s.put(f!("LayerName"), Val::S("%%14609"));
            s.put(f!("LayerRTID"), Val::Num(40));
        }
        Extra::Groups { logon_type, groups } => {
            acct(s, Subject, &e.subject);
            acct(s, Target, &e.target);
            s.put(f!("LogonType"), Val::Num(*logon_type as u64));
            s.put(f!("EventIdx"), Val::Num(1));
            s.put(f!("EventCountTotal"), Val::Num(1));
            s.put(f!("GroupMembership"), Val::P3(groups.0, groups.1, groups.2));
        }
        Extra::GroupEnum { group, sid, caller_pid, caller } => {
            s.put(f!("TargetUserName"), Val::S(group));
            s.put(f!("TargetDomainName"), Val::S("Builtin"));
            s.put(f!("TargetSid"), Val::S(sid));
            acct(s, Subject, &e.subject);
            s.put(f!("CallerProcessId"), Val::Hex(*caller_pid as u64));
            s.put(f!("CallerProcessName"), Val::S(caller));
        }
        Extra::Perm { handle, pid, pname, old, new } => {
            acct(s, Subject, &e.subject);
            s.put(f!("ObjectServer"), Val::S("Security"));
            s.put(f!("ObjectType"), Val::S("Token"));
            s.put(f!("ObjectName"), Val::S("-"));
            s.put(f!("HandleId"), Val::Hex(*handle as u64));
            s.put(f!("OldSd"), Val::S(old));
            s.put(f!("NewSd"), Val::T(new));
            s.put(f!("ProcessId"), Val::Hex(*pid as u64));
            s.put(f!("ProcessName"), Val::S(pname));
        }
    }
}

struct XmlSink<'o> {
    out: &'o mut Vec<u8>,
}

impl Sink for XmlSink<'_> {
    #[inline]
    fn put(&mut self, name: Name, v: Val<'_>) {
        self.out.extend_from_slice(name.xml.as_bytes());
        push_val(self.out, &v, Esc::Xml);
        self.out.extend_from_slice(b"</Data>");
    }
}

/// UserData children of 1102 are elements named after the field.
struct UserDataSink<'o> {
    out: &'o mut Vec<u8>,
}

impl Sink for UserDataSink<'_> {
    fn put(&mut self, name: Name, v: Val<'_>) {
        let name = name.bare;
        self.out.push(b'<');
        self.out.extend_from_slice(name.as_bytes());
        self.out.push(b'>');
        push_val(self.out, &v, Esc::Xml);
        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(name.as_bytes());
        self.out.push(b'>');
    }
}

struct JsonSink<'o> {
    out: &'o mut Vec<u8>,
    first: bool,
}

impl Sink for JsonSink<'_> {
    #[inline]
    fn put(&mut self, name: Name, v: Val<'_>) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        self.out.extend_from_slice(name.json.as_bytes());
        push_val(self.out, &v, Esc::Json);
        self.out.push(b'"');
    }
}

/// Execution ProcessID of the writer: lsass for logon and account events, the kernel (4) for
/// object access, process and filtering-platform events, the EventLog service for 1102.
fn push_xml(out: &mut Vec<u8>, org: &Org, e: &WinEvent, clock: &mut Clock) {
    let m = meta(e.event_id, object_type(e));
    out.extend_from_slice(b"<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='");
    let cleared = e.event_id == 1102;
    out.extend_from_slice(if cleared { EVENTLOG_PROVIDER } else { SECURITY_PROVIDER }.as_bytes());
    out.extend_from_slice(b"' Guid='");
    out.extend_from_slice(if cleared { EVENTLOG_GUID } else { SECURITY_GUID }.as_bytes());
    out.extend_from_slice(b"'/><EventID>");
    push_u64(out, e.event_id as u64);
    out.extend_from_slice(b"</EventID><Version>");
    push_u64(out, m.version as u64);
    out.extend_from_slice(if cleared {
        b"</Version><Level>4</Level><Task>"
    } else {
        b"</Version><Level>0</Level><Task>"
    });
    push_u64(out, m.task as u64);
    out.extend_from_slice(b"</Task><Opcode>0</Opcode><Keywords>");
    out.extend_from_slice(keywords(e).as_bytes());
    out.extend_from_slice(b"</Keywords><TimeCreated SystemTime='");
    clock.push(out, e.time);
    out.extend_from_slice(b"'/><EventRecordID>");
    push_u64(out, e.record_id);
    out.extend_from_slice(b"</EventRecordID><Correlation/><Execution ProcessID='");
    push_u64(out, e.exec_pid as u64);
    out.extend_from_slice(b"' ThreadID='");
    push_u64(out, e.exec_tid as u64);
    out.extend_from_slice(b"'/><Channel>Security</Channel><Computer>");
    out.extend_from_slice(org.hosts[e.host as usize].fqdn.as_bytes());
    out.extend_from_slice(b"</Computer><Security/></System>");
    if cleared {
        out.extend_from_slice(b"<UserData><LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'>");
        emit(org, e, &mut UserDataSink { out });
        out.extend_from_slice(b"</LogFileCleared></UserData></Event>\n");
    } else {
        out.extend_from_slice(b"<EventData>");
        emit(org, e, &mut XmlSink { out });
        out.extend_from_slice(b"</EventData></Event>\n");
    }
}

/// Winlogbeat 6.x `wineventlog` document (without the rendered `message`).
fn push_json(out: &mut Vec<u8>, org: &Org, e: &WinEvent) {
    let m = meta(e.event_id, object_type(e));
    let cleared = e.event_id == 1102;
    out.extend_from_slice(b"{\"@timestamp\":\"");
    push_iso_millis(out, e.time);
    out.extend_from_slice(b"\",\"event_id\":");
    push_u64(out, e.event_id as u64);
    out.extend_from_slice(b",\"computer_name\":\"");
    out.extend_from_slice(org.hosts[e.host as usize].fqdn.as_bytes());
    out.extend_from_slice(b"\",\"log_name\":\"Security\",\"record_number\":\"");
    push_u64(out, e.record_id);
    out.extend_from_slice(b"\",\"source_name\":\"");
    out.extend_from_slice(if cleared { EVENTLOG_PROVIDER } else { SECURITY_PROVIDER }.as_bytes());
    out.extend_from_slice(b"\",\"provider_guid\":\"");
    out.extend_from_slice(if cleared { EVENTLOG_GUID } else { SECURITY_GUID }.as_bytes());
    out.extend_from_slice(b"\",\"process_id\":");
    push_u64(out, e.exec_pid as u64);
    out.extend_from_slice(b",\"thread_id\":");
    push_u64(out, e.exec_tid as u64);
    out.extend_from_slice(b",\"level\":\"Information\",\"keywords\":[\"");
    out.extend_from_slice(if is_failure(e) { b"Audit Failure" } else { b"Audit Success" });
    out.extend_from_slice(b"\"],\"task\":\"");
    out.extend_from_slice(m.task_name.as_bytes());
    out.extend_from_slice(b"\",\"opcode\":\"Info\",\"version\":");
    push_u64(out, m.version as u64);
    out.extend_from_slice(b",\"type\":\"wineventlog\",\"");
    out.extend_from_slice(if cleared { b"user_data" } else { b"event_data" });
    out.extend_from_slice(b"\":{");
    emit(org, e, &mut JsonSink { out, first: true });
    out.extend_from_slice(b"}}\n");
}

/// `SystemTime` with 7 decimals; the `YYYY-MM-DDTHH:MM:SS` prefix is reused while events
/// stay in the same second (they come in time order, a few per second and host).
#[derive(Default)]
struct Clock {
    second: Option<i64>,
    prefix: Vec<u8>,
}

impl Clock {
    fn push(&mut self, out: &mut Vec<u8>, t: crate::fmt::Micros) {
        let sec = t.div_euclid(crate::fmt::MICROS_PER_SEC);
        if self.second != Some(sec) {
            self.prefix.clear();
            push_iso_7(&mut self.prefix, sec * crate::fmt::MICROS_PER_SEC);
            self.prefix.truncate(self.prefix.len() - 8); // keep `…SS.`
            self.second = Some(sec);
        }
        out.extend_from_slice(&self.prefix);
        crate::fmt::push_padded(out, t.rem_euclid(crate::fmt::MICROS_PER_SEC) as u64 * 10, 7);
        out.push(b'Z');
    }
}

/// The unit's events as one file: `<stem>.xml` (one `<Event>` per line) or `<stem>.json`.
pub fn document(ctx: &BlockCtx<'_>, events: &[WinEvent<'_>]) -> RawDoc {
    let json = ctx.formats.windows == WindowsFormat::Json;
    let mut bytes = crate::buffers::take(events.len() * if json { 1100 } else { 1500 } + 64);
    push_events(ctx, events, &mut bytes, &mut Clock::default());
    RawDoc { name: format!("{}.{}", ctx.doc_stem(), if json { "json" } else { "xml" }), bytes }
}

/// Events rendered into one reused buffer at a time, when only `document`'s size is wanted.
const LEN_CHUNK: usize = 512;

/// `document(ctx, events).bytes.len()` without holding the whole document: the document has no
/// header or footer, so it is the events' renderings one after another.
pub fn document_len(ctx: &BlockCtx<'_>, events: &[WinEvent<'_>]) -> u64 {
    let mut buf = crate::buffers::take(LEN_CHUNK * 1500);
    let mut clock = Clock::default();
    let mut n = 0;
    for chunk in events.chunks(LEN_CHUNK) {
        buf.clear();
        push_events(ctx, chunk, &mut buf, &mut clock);
        n += buf.len() as u64;
    }
    crate::buffers::give(buf);
    n
}

fn push_events(ctx: &BlockCtx<'_>, events: &[WinEvent<'_>], out: &mut Vec<u8>, clock: &mut Clock) {
    let json = ctx.formats.windows == WindowsFormat::Json;
    for e in events {
        if json {
            push_json(out, ctx.org, e);
        } else {
            push_xml(out, ctx.org, e, clock);
        }
    }
}
