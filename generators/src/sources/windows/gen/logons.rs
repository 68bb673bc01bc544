//! Background logon and authentication activity: network, service, RDP and consent logons,
//! failed and explicit-credential logons, Kerberos and NTLM on the domain controllers.

use super::vocab::{
    sys_pid, weights, SysProc, PRIV_ADMIN, PRIV_DC, PRIV_SYSTEM, SERVICES, SVCHOST,
};
use super::{Gen, LOCAL_SERVICE, MS, NETWORK_SERVICE, NULL_ACCT, SEC, SYSTEM};
use crate::fmt::Micros;
use crate::sources::windows::{Acct, Detail, Ip, Kerb, Logon, Text, WinEvent};

impl<'a> Gen<'_, 'a> {
    /// A network (type 3) logon on `h` with its 4672 and, usually, a 4634 seconds later.
    pub(super) fn net_logon_seq(
        &mut self,
        out: &mut Vec<WinEvent<'a>>,
        t: Micros,
        h: usize,
        target: Acct<'a>,
        mut l: Logon<'a>,
        privileged: Option<&'static str>,
    ) {
        l.elevated = privileged.is_some();
        self.logon(out, t, h, NULL_ACCT, target, l, privileged);
        if self.rng.chance(0.92) {
            let dur = (self.rng.lognormal(0.4, 2.0) * SEC as f64).min(180.0 * SEC as f64) as i64;
            self.logoff(out, t + dur.max(MS), h, target, 3);
        }
    }

    pub(super) fn act_net_logon(&mut self, out: &mut Vec<WinEvent<'a>>, t: Micros) {
        let x = self.rng.below(100);
        if x < 58 {
            // A DC's own machine account, locally (Kerberos over ::1 / link-local / its IP).
            let h = self.dc();
            let ip = match self.rng.below(100) {
                0..=34 => Ip::Loop6,
                35..=64 => self.link_local(h),
                65..=84 => Ip::V4(self.host(h).ip),
                _ => Ip::None,
            };
            let port = if ip == Ip::None { 0 } else { self.port() };
            let mut l = net_logon(ip, port);
            if self.rng.chance(0.35) {
                l.impersonation = "%%1840";
            }
            let lid = self.logon_id();
            let target = self.machine(h, lid);
            self.net_logon_seq(out, t, h, target, l, Some(PRIV_DC));
        } else if x < 70 {
            // Group policy and LDAP: a member machine's account on a DC.
            let h = self.dc();
            let client = if self.rng.chance(0.8) {
                self.random_ws()
            } else {
                self.org.random_server(&mut self.rng)
            };
            let port = self.port();
            let lid = self.logon_id();
            let target = self.machine(client, lid);
            self.net_logon_seq(
                out,
                t,
                h,
                target,
                net_logon(Ip::V4(self.host(client).ip), port),
                None,
            );
        } else if x < 95 {
            // A person reaching a file server or DC from their workstation.
            let u = self.org.active_user(&mut self.rng);
            let client = self.org.users[u].workstation;
            let h = if self.rng.chance(0.7) {
                self.org.random_server(&mut self.rng)
            } else {
                self.dc()
            };
            let port = self.port();
            let mut l = net_logon(Ip::V4(self.host(client).ip), port);
            if self.rng.chance(0.06) {
                l = ntlm_logon(l, &self.host(client).name);
            }
            let lid = self.logon_id();
            let target = self.user(u, lid);
            let privileged = self.org.users[u].admin.then_some(PRIV_ADMIN);
            self.net_logon_seq(out, t, h, target, l, privileged);
        } else {
            // Service accounts (backup, SQL, monitoring) between servers.
            let i = self.rng.below_usize(self.org.service_accounts.len());
            let svc = &self.org.service_accounts[i];
            let h = self.org.random_server(&mut self.rng);
            let client = self.org.random_server(&mut self.rng);
            let port = self.port();
            let lid = self.logon_id();
            let target = Acct { sid: &svc.sid, name: &svc.name, domain: self.dom(), logon_id: lid };
            self.net_logon_seq(
                out,
                t,
                h,
                target,
                net_logon(Ip::V4(self.host(client).ip), port),
                Some(PRIV_ADMIN),
            );
        }
    }

    /// Type 5: the service control manager starting a service as SYSTEM / LOCAL / NETWORK SERVICE.
    pub(super) fn act_svc_logon(&mut self, out: &mut Vec<WinEvent<'a>>, t: Micros) {
        let h = self.any_host();
        let target = match self.rng.below(10) {
            0 => LOCAL_SERVICE,
            1 => NETWORK_SERVICE,
            _ => SYSTEM,
        };
        let l = Logon {
            logon_type: 5,
            lpn: "Advapi  ",
            auth: "Negotiate",
            workstation: "-",
            pid: sys_pid(h, SysProc::Services),
            pname: SERVICES,
            ip: Ip::None,
            port: 0,
            guid: 0,
            impersonation: "%%1833",
            elevated: true,
            linked: 0,
            lm: "-",
            key_len: 0,
            status: 0,
            sub_status: 0,
            failure: "",
        };
        let subject = self.machine_subject(h);
        let privileged = (target.sid == SYSTEM.sid).then_some(PRIV_SYSTEM);
        self.logon(out, t, h, subject, target, l, privileged);
    }

    /// An admin's RDP (type 10) session on a server: logon, privileges, logoff minutes later.
    pub(super) fn act_rdp(&mut self, out: &mut Vec<WinEvent<'a>>, t: Micros) {
        let u = self.admin_user();
        let h = self.org.random_server(&mut self.rng);
        let client = self.org.users[u].workstation;
        let mut l = interactive(
            10,
            &self.host(client).name,
            sys_pid(h, SysProc::Svchost),
            Ip::V4(self.host(client).ip),
            self.port(),
        );
        l.guid = self.rng.next_u64();
        l.elevated = true;
        let lid = self.logon_id();
        let target = self.user(u, lid);
        let subject = self.machine_subject(h);
        self.logon(out, t, h, subject, target, l, Some(PRIV_ADMIN));
        let dur = self.at(60 * SEC, 300 * SEC);
        self.push(out, t + dur, h, 4647, NULL_ACCT, target, Detail::None);
        self.logoff(out, t + dur + 2 * MS, h, target, 10);
    }

    /// A UAC credential prompt (consent.exe, `CredPro`): a short type 2/11 logon over ::1.
    pub(super) fn act_consent(&mut self, out: &mut Vec<WinEvent<'a>>, t: Micros) {
        let u = self.org.active_user(&mut self.rng);
        let h = self.org.users[u].workstation;
        let logon_type = if self.rng.chance(0.75) { 2 } else { 11 };
        let mut l = interactive(logon_type, &self.host(h).name, self.new_pid(), Ip::Loop6, 0);
        l.lpn = "CredPro";
        l.pname = "C:\\Windows\\System32\\consent.exe";
        l.guid = self.rng.next_u64();
        let privileged = self.org.users[u].admin.then_some(PRIV_ADMIN);
        l.elevated = privileged.is_some();
        let lid = self.logon_id();
        let target = self.user(u, lid);
        let subject = self.machine_subject(h);
        self.logon(out, t, h, subject, target, l, privileged);
        let dur = self.at(300 * MS, 5 * SEC);
        self.logoff(out, t + dur, h, target, logon_type);
    }

    pub(super) fn act_failed(&mut self, out: &mut Vec<WinEvent<'a>>, t: Micros) {
        let (status, sub, reason) = *weights().3.sample(&mut self.rng);
        let u = self.org.active_user(&mut self.rng);
        let ws = self.org.users[u].workstation;
        let target =
            Acct { sid: "S-1-0-0", name: &self.org.users[u].sam, domain: self.dom(), logon_id: 0 };
        let mut l = if self.rng.chance(0.5) {
            let h = ws;
            let l = interactive(2, &self.host(h).name, sys_pid(h, SysProc::Svchost), Ip::Loop4, 0);
            let subject = self.machine_subject(h);
            let l = Logon { status, sub_status: sub, failure: reason, ..l };
            self.push(out, t, h, 4625, subject, target, Detail::Logon(Box::new(l)));
            return;
        } else {
            ntlm_logon(net_logon(Ip::V4(self.host(ws).ip), self.port()), &self.host(ws).name)
        };
        l.lm = "-";
        l.key_len = 0;
        l.auth = "NTLM";
        l.status = status;
        l.sub_status = sub;
        l.failure = reason;
        let h = self.org.random_server(&mut self.rng);
        self.push(out, t, h, 4625, NULL_ACCT, target, Detail::Logon(Box::new(l)));
    }

    pub(super) fn act_explicit(&mut self, out: &mut Vec<WinEvent<'a>>, t: Micros) {
        let u = self.org.active_user(&mut self.rng);
        let h = self.org.users[u].workstation;
        let lid = self.session(u, t).map(|s| s.logon_id).unwrap_or_else(|| self.logon_id());
        let subject = self.user(u, lid);
        let local = self.rng.chance(0.6);
        let (pname, pid, ip, port) = if local {
            ("C:\\Windows\\System32\\consent.exe", self.new_pid(), Ip::Loop6, 0)
        } else {
            (SVCHOST, sys_pid(h, SysProc::Svchost), Ip::None, 0)
        };
        let target = Acct { logon_id: 0, ..subject };
        let guid = self.rng.next_u64();
        self.push(
            out,
            t,
            h,
            4648,
            subject,
            target,
            Detail::Explicit { server: "localhost", info: "localhost", pid, pname, ip, port, guid },
        );
    }

    pub(super) fn kerb_tgt(&mut self, u: usize, ip: Ip) -> Kerb<'a> {
        let user = &self.org.users[u];
        Kerb {
            user: Text::S(&user.sam),
            realm: Text::Upper(&self.org.dns_domain),
            user_sid: &user.sid,
            service: Text::S("krbtgt"),
            service_sid: Text::Sid(&self.org.domain_sid, 502),
            options: 0x4081_0010,
            status: 0,
            etype: if self.rng.chance(0.9) { 0x12 } else { 0x17 },
            ip,
            port: self.port(),
            guid: 0,
        }
    }

    /// A service ticket for `service_host`'s machine account.
    pub(super) fn kerb_tgs(&mut self, user: Text<'a>, service_host: usize, ip: Ip) -> Kerb<'a> {
        let host = self.host(service_host);
        let fail = self.rng.chance(0.04);
        Kerb {
            user,
            realm: Text::Upper(&self.org.dns_domain),
            user_sid: "",
            service: Text::S(&host.machine_account),
            service_sid: Text::S(&host.sid),
            options: if self.rng.chance(0.85) { 0x4081_0000 } else { 0x4080_0000 },
            status: if fail { 0x1b } else { 0 },
            etype: if fail {
                0xffff_ffff
            } else if self.rng.chance(0.95) {
                0x12
            } else {
                0x17
            },
            ip,
            port: self.port(),
            guid: self.rng.next_u64(),
        }
    }

    pub(super) fn act_kerb(&mut self, out: &mut Vec<WinEvent<'a>>, t: Micros, tgt: bool) {
        let dc = self.dc();
        let machine = self.rng.chance(0.5);
        let u = self.org.active_user(&mut self.rng);
        let client = if machine { self.random_ws() } else { self.org.users[u].workstation };
        let ip = Ip::Mapped(self.host(client).ip);
        let principal = if machine {
            Text::At(&self.host(client).machine_account, &self.org.dns_domain)
        } else {
            Text::At(&self.org.users[u].sam, &self.org.dns_domain)
        };
        if tgt {
            let mut k = self.kerb_tgt(u, ip);
            if machine {
                k.user = Text::S(&self.host(client).machine_account);
                k.user_sid = &self.host(client).sid;
            }
            self.push(out, t, dc, 4768, NULL_ACCT, NULL_ACCT, Detail::Kerb(Box::new(k)));
        }
        let service = if self.rng.chance(0.3) { dc } else { self.org.random_server(&mut self.rng) };
        let k = self.kerb_tgs(principal, service, ip);
        self.push(out, t + 3 * MS, dc, 4769, NULL_ACCT, NULL_ACCT, Detail::Kerb(Box::new(k)));
    }

    pub(super) fn act_kerb_fail(&mut self, out: &mut Vec<WinEvent<'a>>, t: Micros) {
        let dc = self.dc();
        let u = self.org.active_user(&mut self.rng);
        let ip = Ip::Mapped(self.host(self.org.users[u].workstation).ip);
        let mut k = self.kerb_tgt(u, ip);
        k.service = Text::Cat("krbtgt/", &self.org.netbios_domain, "");
        k.status = 0x18;
        self.push(out, t, dc, 4771, NULL_ACCT, NULL_ACCT, Detail::Kerb(Box::new(k)));
    }

    pub(super) fn act_ntlm(&mut self, out: &mut Vec<WinEvent<'a>>, t: Micros) {
        let dc = self.dc();
        let u = self.org.active_user(&mut self.rng);
        let ws = &self.host(self.org.users[u].workstation).name;
        let status = if self.rng.chance(0.85) { 0 } else { 0xc000_006a };
        let target = self.user(u, 0);
        self.push(out, t, dc, 4776, NULL_ACCT, target, Detail::Ntlm { workstation: ws, status });
    }

    // ---------------------------------------------------------------- processes and objects
}

/// A Kerberos network logon (the common case), with the given client address.
pub(super) fn net_logon<'a>(ip: Ip, port: u16) -> Logon<'a> {
    Logon {
        logon_type: 3,
        lpn: "Kerberos",
        auth: "Kerberos",
        workstation: "-",
        pid: 0,
        pname: "-",
        ip,
        port,
        guid: 0,
        impersonation: "%%1833",
        elevated: false,
        linked: 0,
        lm: "-",
        key_len: 0,
        status: 0,
        sub_status: 0,
        failure: "",
    }
}

/// The NTLM form of a network logon: padded `NtLmSsp `, NTLM V2, client NetBIOS name.
pub(super) fn ntlm_logon<'a>(l: Logon<'a>, workstation: &'a str) -> Logon<'a> {
    Logon { lpn: "NtLmSsp ", auth: "NTLM", workstation, lm: "NTLM V2", key_len: 128, guid: 0, ..l }
}

/// Interactive (2), cached (11) or remote-interactive (10) logon through winlogon/svchost.
pub(super) fn interactive<'a>(
    logon_type: u8,
    workstation: &'a str,
    pid: u32,
    ip: Ip,
    port: u16,
) -> Logon<'a> {
    Logon {
        logon_type,
        lpn: "User32 ",
        auth: "Negotiate",
        workstation,
        pid,
        pname: SVCHOST,
        ip,
        port,
        ..net_logon(Ip::None, 0)
    }
}
