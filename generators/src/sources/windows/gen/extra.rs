//! The noise EventIDs a fully audited Windows host writes besides object access and the
//! filtering platform (OTRF corpus counts: 5379 4,814, 5447 4,036, 4703 3,489, 4673 2,950,
//! 5154 2,610, 4627 930, 4799 539, 4670 383), with their real field sets.

use super::software::Exe;
use super::vocab::{sys_pid, SysProc, LSASS, SERVICES, SVCHOST};
use super::{Gen, MS, NULL_ACCT};
use crate::entities::HostRole;
use crate::fmt::Micros;
use crate::rng::{mix64, Rng};
use crate::sources::windows::{Acct, Detail, Extra, Ip, Text, WfpFilter, WinEvent};
use std::sync::OnceLock;

/// Privileges a service enables on its token (4703 EnabledPrivilegeList).
pub(super) static ENABLED: &[&str] = &[
    "SeAssignPrimaryTokenPrivilege\r\n\t\t\tSeIncreaseQuotaPrivilege\r\n\t\t\tSeSecurityPrivilege\r\n\t\t\tSeTakeOwnershipPrivilege\r\n\t\t\tSeLoadDriverPrivilege\r\n\t\t\tSeSystemtimePrivilege\r\n\t\t\tSeBackupPrivilege\r\n\t\t\tSeRestorePrivilege\r\n\t\t\tSeShutdownPrivilege\r\n\t\t\tSeSystemEnvironmentPrivilege\r\n\t\t\tSeUndockPrivilege\r\n\t\t\tSeManageVolumePrivilege",
    "SeIncreaseQuotaPrivilege\r\n\t\t\tSeSecurityPrivilege\r\n\t\t\tSeTakeOwnershipPrivilege\r\n\t\t\tSeLoadDriverPrivilege\r\n\t\t\tSeSystemtimePrivilege\r\n\t\t\tSeBackupPrivilege\r\n\t\t\tSeRestorePrivilege\r\n\t\t\tSeShutdownPrivilege\r\n\t\t\tSeSystemEnvironmentPrivilege\r\n\t\t\tSeUndockPrivilege\r\n\t\t\tSeManageVolumePrivilege",
    "SeTcbPrivilege",
    "SeBackupPrivilege\r\n\t\t\tSeRestorePrivilege",
    "SeTimeZonePrivilege",
    "SeDebugPrivilege",
    "SeImpersonatePrivilege",
    "SeChangeNotifyPrivilege\r\n\t\t\tSeImpersonatePrivilege\r\n\t\t\tSeCreateGlobalPrivilege",
];

/// Privileges whose use is audited when a non-privileged process asks for them (4673).
const PRIV_USE: &[&str] = &[
    "SeProfileSingleProcessPrivilege",
    "SeTcbPrivilege",
    "SeCreateGlobalPrivilege",
    "SeLoadDriverPrivilege",
    "SeSecurityPrivilege",
    "SeIncreaseBasePriorityPrivilege",
];

/// 5379 TargetName forms (Credential Manager entries Windows and Office read all day).
const CRED_TARGETS: &[(&str, &str)] = &[
    ("WindowsLive:(token):name=", ";serviceuri=*"),
    ("WindowsLive:(cert):name=", ";serviceuri=*"),
    ("MicrosoftAccount:user=", ""),
    ("LegacyGeneric:target=MicrosoftOffice16_Data:SSPI:", ""),
    ("LegacyGeneric:target=OneDrive Cached Credential Business - ", ""),
    ("Domain:target=TERMSRV/", ""),
    ("LegacyGeneric:target=msteams_adalsso/adal_context_", ""),
];

/// Local groups whose membership services enumerate (4799).
const LOCAL_GROUPS: &[(&str, &str)] = &[
    ("Administrators", "S-1-5-32-544"),
    ("Users", "S-1-5-32-545"),
    ("Remote Desktop Users", "S-1-5-32-555"),
    ("Backup Operators", "S-1-5-32-551"),
    ("Event Log Readers", "S-1-5-32-573"),
];

const LAYERS: &[(&str, &str, u16)] = &[
    ("{e1cd9fe7-f4b5-4273-96c0-592e487b8650}", "ALE Receive/Accept v4 Layer", 44),
    ("{a3b42c97-9f04-4672-b87e-cee9c483257f}", "ALE Receive/Accept v6 Layer", 46),
    ("{88bb5dad-76d7-4227-9c71-df0a3ed7be7e}", "ALE Listen v4 Layer", 40),
    ("{c38d57d1-05a7-4c33-904f-7fbceee60e82}", "ALE Connect v4 Layer", 48),
];

/// Windows Firewall rules whose filters a policy refresh re-adds (name, application).
const RULES: &[(&str, &str)] = &[
    (
        "Core Networking - DNS (UDP-Out)",
        "\\device\\harddiskvolume2\\windows\\system32\\svchost.exe",
    ),
    (
        "Core Networking - Dynamic Host Configuration Protocol (DHCP-Out)",
        "\\device\\harddiskvolume2\\windows\\system32\\svchost.exe",
    ),
    ("File Replication (RPC-EPMAP)", "\\device\\harddiskvolume2\\windows\\system32\\svchost.exe"),
    ("DFS Replication (RPC-EPMAP)", "\\device\\harddiskvolume2\\windows\\system32\\dfsrs.exe"),
    ("Windows Remote Management (HTTP-In)", "System"),
    (
        "Remote Desktop - User Mode (TCP-In)",
        "\\device\\harddiskvolume2\\windows\\system32\\svchost.exe",
    ),
    (
        "Windows Management Instrumentation (WMI-In)",
        "\\device\\harddiskvolume2\\windows\\system32\\svchost.exe",
    ),
    (
        "Network Discovery (LLMNR-UDP-Out)",
        "\\device\\harddiskvolume2\\windows\\system32\\svchost.exe",
    ),
    ("mDNS (UDP-In)", "\\device\\harddiskvolume2\\windows\\system32\\svchost.exe"),
    ("Delivery Optimization (TCP-In)", "\\device\\harddiskvolume2\\windows\\system32\\svchost.exe"),
    (
        "Microsoft Edge (mDNS-In)",
        "\\device\\harddiskvolume2\\program files (x86)\\microsoft\\edge\\application\\msedge.exe",
    ),
    (
        "Remote Service Management (RPC)",
        "\\device\\harddiskvolume2\\windows\\system32\\services.exe",
    ),
    (
        "Active Directory Domain Controller - LDAP (TCP-In)",
        "\\device\\harddiskvolume2\\windows\\system32\\lsass.exe",
    ),
    (
        "Kerberos Key Distribution Center (TCP-In)",
        "\\device\\harddiskvolume2\\windows\\system32\\lsass.exe",
    ),
    ("DNS (UDP, Incoming)", "\\device\\harddiskvolume2\\windows\\system32\\dns.exe"),
    ("File and Printer Sharing (SMB-In)", "System"),
    (
        "Cast to Device functionality (qWave-UDP-In)",
        "\\device\\harddiskvolume2\\windows\\system32\\svchost.exe",
    ),
    (
        "Windows Defender Firewall Remote Management (RPC)",
        "\\device\\harddiskvolume2\\windows\\system32\\svchost.exe",
    ),
];

/// Windows' hex dump of a UTF-16 application id, as 5447 Conditions print it.
fn hexdump(s: &str) -> String {
    let bytes: Vec<u8> = s.encode_utf16().chain([0]).flat_map(|u| u.to_le_bytes()).collect();
    let mut out = String::new();
    for (row, chunk) in bytes.chunks(16).enumerate() {
        out.push_str(&format!("    {:08x}  ", row * 16));
        for (i, b) in chunk.iter().enumerate() {
            out.push_str(&format!("{b:02x}"));
            out.push(if i == 7 { '-' } else { ' ' });
        }
        for _ in chunk.len()..16 {
            out.push_str("   ");
        }
        out.push(' ');
        out.extend(chunk.iter().map(|&b| if (0x20..0x7f).contains(&b) { b as char } else { '.' }));
        out.push('\n');
    }
    out
}

/// The conditions of every filter (for `pre_escaped`).
pub(super) fn filter_conditions() -> impl Iterator<Item = &'static str> {
    filters().iter().map(|f| f.conditions)
}

/// Every (rule, layer) filter, with its rendered conditions, built once.
fn filters() -> &'static [WfpFilter] {
    static F: OnceLock<Vec<WfpFilter>> = OnceLock::new();
    F.get_or_init(|| {
        let mut v = Vec::new();
        for (i, (name, app)) in RULES.iter().enumerate() {
            for (k, layer) in LAYERS.iter().enumerate() {
                if (i + k) % 2 == 1 {
                    continue;
                }
                let mut c = String::new();
                if *app != "System" {
                    c.push_str("\n\tCondition ID:\t{d78e1e87-8644-4ea5-9437-d809ecefc971}\n\tMatch value:\tEqual to\n\tCondition value:\t\n");
                    c.push_str(&hexdump(app));
                    c.push_str("\n\n");
                }
                c.push_str(&format!(
                    "\n\tCondition ID:\t{{0c1ba1af-5765-453f-af22-a8f791ac775b}}\n\tMatch value:\tEqual to\n\tCondition value:\t0x{:04x}\n",
                    [53u16, 67, 135, 5985, 3389, 5355, 5353, 7680, 389, 88, 445][i % 11]
                ));
                if i % 3 == 0 {
                    c.push_str("\n\tCondition ID:\t{3971ef2b-623e-4f9a-8cb1-6e79b806b9a7}\n\tMatch value:\tEqual to\n\tCondition value:\t0x11\n");
                }
                v.push(WfpFilter {
                    name,
                    layer: *layer,
                    conditions: Box::leak(c.into_boxed_str()),
                    permit: i % 7 != 3,
                });
            }
        }
        v
    })
}

impl<'a> Gen<'_, 'a> {
    fn service_proc(&mut self, h: usize, t: Micros) -> (&'static str, u32) {
        match self.rng.below(10) {
            0..=5 => (SVCHOST, sys_pid(h, SysProc::Svchost) + 4 * self.rng.below(24) as u32),
            6 => (LSASS, sys_pid(h, SysProc::Lsass)),
            7 => (SERVICES, sys_pid(h, SysProc::Services)),
            _ => {
                let i = self.pool(h).resident(&mut self.rng);
                let e: &'static Exe = &self.soft.exes[i as usize];
                (e.path, self.exe_pid(h, i, t))
            }
        }
    }

    /// 4703: a service enables privileges on its own (SYSTEM) token.
    pub(super) fn act_token_right(&mut self, out: &mut Vec<WinEvent<'a>>, t: Micros) {
        let h = self.any_host();
        let unit_rng =
            super::ids::poller(self.ctx.seed, super::ids::Kind::Token, h, t, &mut self.rng)
                .map(|p| std::mem::replace(&mut self.rng, p));
        let (pname, pid) = self.service_proc(h, t);
        let enabled = ENABLED[super::ids::zipf(&mut self.rng, ENABLED.len())];
        if let Some(r) = unit_rng {
            self.rng = r;
        }
        let subject = self.machine_subject(h);
        let target = Acct { sid: "S-1-0-0", logon_id: 0x3e7, ..subject };
        let d = Extra::TokenRight { pid, pname, enabled };
        self.push(out, t, h, 4703, subject, target, Detail::Extra(Box::new(d)));
    }

    /// 5379: a burst of Credential Manager reads on a workstation (the user's session) or a
    /// server (SYSTEM).
    pub(super) fn act_cred_read(&mut self, out: &mut Vec<WinEvent<'a>>, t: Micros) {
        let h = if self.rng.chance(0.8) {
            self.random_ws()
        } else {
            self.org.random_server(&mut self.rng)
        };
        let user = self.host(h).owner.and_then(|u| self.session(u, t).map(|s| (u, s.logon_id)));
        let subject = match user {
            Some((u, lid)) => self.user(u, lid),
            None => self.machine_subject(h),
        };
        let day = t.div_euclid(86_400 * 1_000_000);
        let client_pid = self.exe_pid(h, 0x5379, t);
        // The client process started at boot or logon: hours before, fixed for the day.
        let created = day * 86_400 * 1_000_000
            + (mix64(h as u64 ^ self.ctx.seed) % (6 * 3600 * 1_000_000)) as i64
            + 123_456;
        let n = 1 + self.rng.below(6);
        let sam: &'a str = match user {
            Some((u, _)) => &self.org.users[u].sam,
            None => &self.host(h).name,
        };
        for k in 0..n {
            let (pre, post) = *self.rng.pick(CRED_TARGETS);
            let target = if pre.starts_with("WindowsLive") {
                Text::Cat(pre, token_name(h, self.ctx.seed), post)
            } else if pre.ends_with('/') {
                let srv = self.org.random_server(&mut self.rng);
                Text::Cat(pre, &self.host(srv).name, "")
            } else {
                Text::Cat(pre, sam, post)
            };
            let found = self.rng.chance(0.3);
            let d = Extra::CredRead {
                target,
                returned: found as u8,
                code: if found { 0 } else { 3_221_226_021 },
                created,
                client_pid,
            };
            self.push(
                out,
                t + k as i64 * 3 * MS,
                h,
                5379,
                subject,
                NULL_ACCT,
                Detail::Extra(Box::new(d)),
            );
        }
    }

    /// 5447: a firewall policy refresh re-adds (and deletes) a batch of filters.
    pub(super) fn act_filter_change(&mut self, out: &mut Vec<WinEvent<'a>>, t: Micros) {
        let h = self.any_host();
        let fs = filters();
        let n = 8 + self.rng.below(30) as usize;
        let add = self.rng.chance(0.6);
        let base = 64_000
            + (mix64(self.ctx.seed ^ h as u64) % 6_000) as u32
            + self.rng.below(2_000) as u32;
        let first = self.rng.below_usize(fs.len());
        let (user, pid) = if self.rng.chance(0.7) {
            (("S-1-5-19", "NT AUTHORITY\\LOCAL SERVICE"), sys_pid(h, SysProc::Svchost) + 40)
        } else {
            (("S-1-5-18", "NT AUTHORITY\\SYSTEM"), sys_pid(h, SysProc::Services))
        };
        for k in 0..n {
            let f = &fs[(first + k) % fs.len()];
            let d = Extra::FilterChange {
                pid,
                user,
                add,
                filter: f,
                filter_id: base + k as u32,
                // A filter's key and weight are properties of the rule, the same on every host.
                key: crate::rng::hash_str(f.name) ^ f.layer.2 as u64,
                weight: (0x8f << 56)
                    | (mix64(crate::rng::hash_str(f.name) ^ f.layer.2 as u64) >> 8),
            };
            let subject = NULL_ACCT;
            self.push(
                out,
                t + k as i64 * 17 * MS,
                h,
                5447,
                subject,
                NULL_ACCT,
                Detail::Extra(Box::new(d)),
            );
        }
    }

    /// 4673: a user-session process asks for a privilege it does not hold (audit failure).
    pub(super) fn act_priv_use(&mut self, out: &mut Vec<WinEvent<'a>>, t: Micros) {
        let h = self.random_ws();
        let Some(u) = self.host(h).owner else { return };
        let (subject, pname, pid) = match self.session(u, t) {
            Some(s) => {
                let i = self.pool(h).resident(&mut self.rng);
                let e: &'static Exe = &self.soft.exes[i as usize];
                (self.user(u, s.logon_id), e.path, self.exe_pid(h, i, t))
            }
            None => (self.machine_subject(h), SVCHOST, sys_pid(h, SysProc::Svchost) + 12),
        };
        let n = 1 + self.rng.below(3);
        for k in 0..n {
            let privilege = PRIV_USE[super::ids::zipf(&mut self.rng, PRIV_USE.len())];
            let d = Extra::PrivUse { pid, pname, privilege };
            self.push(
                out,
                t + k as i64 * 6 * MS,
                h,
                4673,
                subject,
                NULL_ACCT,
                Detail::Extra(Box::new(d)),
            );
        }
    }

    /// 5154: a service or application starts listening.
    pub(super) fn act_listen(&mut self, out: &mut Vec<WinEvent<'a>>, t: Micros) {
        let h = self.any_host();
        let (app, pid, port, proto, addr) = match self.rng.below(10) {
            0..=3 => (
                "\\device\\harddiskvolume2\\windows\\system32\\svchost.exe",
                sys_pid(h, SysProc::Svchost) + 4 * self.rng.below(24) as u32,
                self.port(),
                if self.rng.chance(0.6) { 17 } else { 6 },
                Ip::Any4,
            ),
            4..=5 => (
                "System",
                4,
                *self.rng.pick(&[445u16, 139, 5985, 47001]),
                6,
                Ip::V4(self.host(h).ip),
            ),
            6 => (
                "\\device\\harddiskvolume2\\windows\\system32\\services.exe",
                sys_pid(h, SysProc::Services),
                self.port(),
                6,
                Ip::Any4,
            ),
            7 if self.host(h).role == HostRole::DomainController => (
                "\\device\\harddiskvolume2\\windows\\system32\\lsass.exe",
                sys_pid(h, SysProc::Lsass),
                *self.rng.pick(&[389u16, 636, 3268, 88, 464]),
                6,
                Ip::Any4,
            ),
            _ => {
                let i = self.pool(h).networked(&mut self.rng);
                let e: &'static Exe = &self.soft.exes[i as usize];
                (e.device, self.exe_pid(h, i, t), self.port(), 6, Ip::Loop4)
            }
        };
        let d = Extra::Listen { pid, app, addr, port, proto };
        self.push(out, t, h, 5154, NULL_ACCT, NULL_ACCT, Detail::Extra(Box::new(d)));
    }

    /// 4799: a process enumerates a local group's members.
    pub(super) fn act_group_enum(&mut self, out: &mut Vec<WinEvent<'a>>, t: Micros) {
        let h = self.any_host();
        let (caller, caller_pid) = self.service_proc(h, t);
        let (group, sid) = LOCAL_GROUPS[super::ids::zipf(&mut self.rng, LOCAL_GROUPS.len())];
        let subject = self.machine_subject(h);
        let d = Extra::GroupEnum { group, sid, caller_pid, caller };
        self.push(out, t, h, 4799, subject, NULL_ACCT, Detail::Extra(Box::new(d)));
    }

    /// 4670: a service host changes the DACL of a new service token (virtual account SID).
    pub(super) fn act_perm(&mut self, out: &mut Vec<WinEvent<'a>>, t: Micros) {
        let h = self.any_host();
        let pid = sys_pid(h, SysProc::Svchost) + 16;
        let handle = self.handle_id(h, pid, t);
        let v = self.rng.next_u64();
        let new = Text::Own(
            format!(
                "D:(A;;GA;;;SY)(A;;RC;;;OW)(A;;GA;;;S-1-5-86-{}-{}-{}-{}-{})",
                v % 4_000_000_000,
                (v >> 7) % 400_000_000,
                mix64(v) % 4_000_000_000,
                (mix64(v) >> 9) % 4_000_000_000,
                mix64(v ^ 1) % 4_000_000_000
            )
            .into_boxed_str(),
        );
        let old = *self.rng.pick(&["D:(A;;GA;;;SY)(A;;GA;;;NS)", "D:(A;;GA;;;SY)(A;;GA;;;LS)"]);
        let subject = self.machine_subject(h);
        let d = Extra::Perm { handle, pid, pname: SVCHOST, old, new };
        self.push(out, t, h, 4670, subject, NULL_ACCT, Detail::Extra(Box::new(d)));
    }

    /// 4627 after a 4624: the new logon's groups.
    pub(super) fn group_membership(
        &mut self,
        out: &mut Vec<WinEvent<'a>>,
        t: Micros,
        h: usize,
        subject: Acct<'a>,
        target: Acct<'a>,
        logon_type: u8,
    ) {
        let user = target.sid.starts_with("S-1-5-21-");
        let (head, tail) = if user { USER_GROUPS } else { MACHINE_GROUPS };
        let d = Extra::Groups { logon_type, groups: (head, &self.org.domain_sid, tail) };
        self.push(out, t, h, 4627, subject, target, Detail::Extra(Box::new(d)));
    }
}

/// GroupMembership of a user's and of a machine's logon, around the domain SID.
pub(super) static USER_GROUPS: (&str, &str) = (
    "\r\n\t\t%{",
    "-513}\r\n\t\t%{S-1-1-0}\r\n\t\t%{S-1-5-32-545}\r\n\t\t%{S-1-5-32-554}\r\n\t\t%{S-1-5-2}\r\n\t\t%{S-1-5-11}\r\n\t\t%{S-1-5-15}\r\n\t\t%{S-1-5-64-10}\r\n\t\t%{S-1-16-8192}",
);
pub(super) static MACHINE_GROUPS: (&str, &str) = (
    "\r\n\t\t%{S-1-5-32-544}\r\n\t\t%{S-1-1-0}\r\n\t\t%{S-1-5-32-554}\r\n\t\t%{S-1-5-32-545}\r\n\t\t%{S-1-5-2}\r\n\t\t%{S-1-5-11}\r\n\t\t%{S-1-5-15}\r\n\t\t%{",
    "-516}\r\n\t\t%{S-1-18-1}\r\n\t\t%{S-1-16-16384}",
);

/// The Windows Live token name of a host: 16 lowercase letters and digits, fixed per host
/// (from a table of 4,096 per seed; hosts share a name only in organisations beyond that).
fn token_name(h: usize, seed: u64) -> &'static str {
    type Names = std::sync::Mutex<Vec<(u64, &'static str)>>;
    static NAMES: OnceLock<Names> = OnceLock::new();
    thread_local! {
        static LAST: std::cell::Cell<(u64, &'static str)> = const { std::cell::Cell::new((0, "")) };
    }
    let (s, all) = LAST.with(|l| l.get());
    let all = if s == seed && !all.is_empty() {
        all
    } else {
        let mut m = NAMES.get_or_init(Default::default).lock().expect("token names");
        let all = match m.iter().find(|x| x.0 == seed) {
            Some(x) => x.1,
            None => {
                let mut r = Rng::new(mix64(seed ^ 0x11fe));
                let t: String = (0..4096 * 16)
                    .map(|_| b"abcdefghijklmnopqrstuvwxyz0123456789"[r.below(36) as usize] as char)
                    .collect();
                let t: &'static str = Box::leak(t.into_boxed_str());
                m.push((seed, t));
                t
            }
        };
        LAST.with(|l| l.set((seed, all)));
        all
    };
    let i = h % 4096 * 16;
    &all[i..i + 16]
}
