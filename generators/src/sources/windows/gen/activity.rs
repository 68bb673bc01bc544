//! The rest of the background: process starts and exits, object access (handles), the filtering
//! platform, file shares, account management, lockouts and service installs, and the weighted
//! choice among all activities.

use super::software::{
    self, access_list, CLASSES, OWN_FILES, OWN_KEYS, PROCESS_OBJECTS, SERVICE_OBJECTS,
};
use super::vocab::{
    sys_pid, weights, Act, Peer, SysProc, ACCESS_READ, DEPT_FILES, EXPLORER, FILES, GPO, GPO2,
    GPO_INF, GROUPS, KEYS, LSASS, REASON_READ, SERVICES, SERVICES_BENIGN, SVCHOST, USER_FILES,
    USER_KEYS, WFP_IN_DC, WFP_IN_SRV, WFP_OUT,
};
use super::{Gen, MS, NULL_ACCT, SEC};
use crate::entities::HostRole;
use crate::fmt::Micros;
use crate::sources::windows::{
    Account, Acct, Detail, Handle, Ip, Proc, Service, Share, Text, Wfp, WinEvent,
};

/// Pid of the process behind a network service on `h`: the kernel for `System`, LSA for
/// lsass, and otherwise the one svchost instance (or dns.exe) the service lives in for the boot
/// (the real DC's dns.exe and its WinRM service each show one pid).
fn service_pid(h: usize, app: &str, port: u16) -> u32 {
    if app == "System" {
        4
    } else if app.ends_with("lsass.exe") {
        sys_pid(h, SysProc::Lsass)
    } else {
        // svchost hosts many services, one instance per service; other programs are one process.
        let port = if app.ends_with("svchost.exe") { port as u64 } else { 0 };
        let k = crate::rng::mix64(crate::rng::hash_str(app) ^ port << 8);
        sys_pid(h, SysProc::Svchost) + 4 * (1 + k % 48) as u32
    }
}

/// One of the organisation's two DNS forwarders (public resolvers, chosen by the seed).
fn forwarder(seed: u64, i: u64) -> u32 {
    const RESOLVERS: [[u8; 4]; 6] =
        [[8, 8, 8, 8], [8, 8, 4, 4], [1, 1, 1, 1], [1, 0, 0, 1], [9, 9, 9, 9], [208, 67, 222, 222]];
    let k = (crate::rng::mix64(seed ^ 0xd45) % 3) as usize * 2;
    u32::from_be_bytes(RESOLVERS[k + i as usize])
}

impl<'a> Gen<'_, 'a> {
    pub(super) fn act_process(&mut self, out: &mut Vec<WinEvent<'a>>, t: Micros) {
        let h = if self.rng.chance(0.7) {
            self.random_ws()
        } else {
            self.org.random_server(&mut self.rng)
        };
        let owner = self.host(h).owner;
        let session = owner.and_then(|u| self.session(u, t).map(|s| (u, s)));
        let pool = self.pool(h);
        let exe = loop {
            let e = &self.soft.exes[pool.process(&mut self.rng) as usize];
            if !e.user || session.is_some() {
                break e;
            }
        };
        let (subject, elevation, label, sam) = match (exe.user, session) {
            (true, Some((u, s))) => {
                let elevated = s.elevated_id != 0 && self.rng.chance(0.3);
                let lid = if elevated { s.elevated_id } else { s.logon_id };
                (
                    self.user(u, lid),
                    if elevated { "%%1937" } else { "%%1938" },
                    if elevated { "S-1-16-12288" } else { "S-1-16-8192" },
                    self.org.users[u].sam.as_str(),
                )
            }
            _ => (self.machine_subject(h), "%%1936", "S-1-16-16384", "Administrator"),
        };
        let cmd = software::command_line(exe, sam, &self.org.dns_domain, &mut self.rng);
        let name = match (&cmd, exe.args) {
            // A downloaded installer: the image is the quoted path of its command line.
            (Text::Own(c), software::Args::Installer) => {
                Text::Own(c.trim_start_matches('"').split('"').next().unwrap_or(exe.path).into())
            }
            _ => Text::S(exe.path),
        };
        let parent_pid = self.parent_pid(h, exe.parent);
        self.process(out, t, h, subject, name, cmd, exe.parent, parent_pid, elevation, label);
    }

    pub(super) fn parent_pid(&mut self, h: usize, parent: &str) -> u32 {
        match parent {
            SERVICES => sys_pid(h, SysProc::Services),
            SVCHOST => sys_pid(h, SysProc::Svchost),
            EXPLORER => sys_pid(h, SysProc::Explorer),
            _ => self.new_pid(),
        }
    }

    /// 4688 and, for most processes, the matching 4689 after a heavy-tailed lifetime.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn process(
        &mut self,
        out: &mut Vec<WinEvent<'a>>,
        t: Micros,
        h: usize,
        subject: Acct<'a>,
        name: Text<'a>,
        cmd: Text<'a>,
        parent: &'static str,
        parent_pid: u32,
        elevation: &'static str,
        label: &'static str,
    ) -> u32 {
        let new_pid = self.new_pid();
        let status = *weights().1.sample(&mut self.rng);
        let p = Proc { new_pid, name, cmd, parent_pid, parent, elevation, label, status };
        let exits = self.rng.chance(0.92);
        let exit = exits.then(|| p.clone());
        self.push(out, t, h, 4688, subject, NULL_ACCT, Detail::Proc(Box::new(p)));
        if let Some(p) = exit {
            let life = (self.rng.lognormal(3.0, 1.8) * SEC as f64).min(600.0 * SEC as f64) as i64;
            self.push(
                out,
                t + life.max(2 * MS),
                h,
                4689,
                subject,
                NULL_ACCT,
                Detail::Proc(Box::new(p)),
            );
        }
        new_pid
    }

    /// The process and account behind an object access on `h`, and the catalogue entry of the
    /// process when it has one (for the keys and files it owns).
    pub(super) fn accessor(
        &mut self,
        h: usize,
        t: Micros,
    ) -> (Acct<'a>, &'static str, u32, Option<usize>, Option<&'static software::Exe>) {
        if let Some(u) = self.host(h).owner {
            if let Some(s) = self.session(u, t).filter(|_| self.rng.chance(0.4)) {
                let i = self.pool(h).resident(&mut self.rng);
                let e = &self.soft.exes[i as usize];
                let pid = if e.path == EXPLORER {
                    sys_pid(h, SysProc::Explorer) + 8
                } else {
                    self.exe_pid(h, i, t)
                };
                return (self.user(u, s.logon_id), e.path, pid, Some(u), Some(e));
            }
        }
        // System processes hold most audited handles (WmiPrvSE, svchost, lsass lead in the
        // OTRF corpus); then the host's resident software, Zipf-weighted.
        if self.rng.chance(0.55) {
            let (name, p) = *self.rng.pick(&[
                (LSASS, SysProc::Lsass),
                (SVCHOST, SysProc::Svchost),
                (SVCHOST, SysProc::Svchost),
                ("C:\\Windows\\System32\\wbem\\WmiPrvSE.exe", SysProc::Indexer),
                ("C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MsMpEng.exe", SysProc::Defender),
            ]);
            let pid = if p == SysProc::Indexer { sys_pid(h, p) + 4 } else { sys_pid(h, p) };
            return (self.machine_subject(h), name, pid, None, None);
        }
        let i = self.pool(h).resident(&mut self.rng);
        let e = &self.soft.exes[i as usize];
        let pid = self.exe_pid(h, i, t);
        (self.machine_subject(h), e.path, pid, None, Some(e))
    }

    pub(super) fn act_handle(&mut self, out: &mut Vec<WinEvent<'a>>, t: Micros) {
        let h = self.any_host();
        // Who accesses what comes from the host's poller when there is one (see `ids::poller`).
        let unit_rng =
            super::ids::poller(self.ctx.seed, super::ids::Kind::Handle, h, t, &mut self.rng)
                .map(|p| std::mem::replace(&mut self.rng, p));
        let (subject, pname, pid, user, exe) = self.accessor(h, t);
        let class = &CLASSES[*weights().4.sample(&mut self.rng)];
        let (open, use_, _) = {
            let total: u64 = class.masks.iter().map(|m| m.2).sum();
            let mut x = self.rng.below(total);
            *class
                .masks
                .iter()
                .find(|m| {
                    let hit = x < m.2;
                    x = x.saturating_sub(m.2);
                    hit
                })
                .unwrap_or(&class.masks[0])
        };
        let own = exe.filter(|_| self.rng.chance(0.45));
        let object = match class.object_type {
            "Key" => match (own, user) {
                (Some(e), _) => Text::Cat(e.reg, self.rng.pick::<&str>(OWN_KEYS), ""),
                (None, Some(u)) if self.rng.chance(0.5) => Text::Cat(
                    "\\REGISTRY\\USER\\",
                    &self.org.users[u].sid,
                    self.rng.pick::<&str>(USER_KEYS),
                ),
                _ => Text::S(self.rng.pick::<&str>(KEYS)),
            },
            "File" => match (own, user) {
                (Some(e), _) => Text::Cat(e.dir, self.rng.pick::<&str>(OWN_FILES), ""),
                (None, Some(u)) => Text::Cat(
                    "C:\\Users\\",
                    &self.org.users[u].sam,
                    self.rng.pick::<&str>(USER_FILES),
                ),
                (None, None) => Text::S(self.rng.pick::<&str>(FILES)),
            },
            "SC_MANAGER OBJECT" => Text::S("ServicesActive"),
            "SERVICE OBJECT" => Text::S(self.rng.pick::<&str>(SERVICE_OBJECTS)),
            _ => Text::S(self.rng.pick::<&str>(PROCESS_OBJECTS)),
        };
        if let Some(r) = unit_rng {
            self.rng = r;
        }
        let handle = self.handle_id(h, pid, t);
        let hd = Handle {
            object_type: class.object_type,
            server: class.server,
            object,
            handle,
            pid,
            pname,
            mask: open,
            access: access_list(class.base, open),
        };
        let uses = match self.rng.below(100) {
            0..=44 => 0,
            45..=84 => 1,
            85..=94 => 2,
            _ => 3,
        };
        let mut tt = t;
        for _ in 0..uses {
            tt += self.rng.below(3000) as i64 + 1;
            let u = Handle { mask: use_, access: access_list(class.base, use_), ..hd.clone() };
            self.push(out, tt, h, 4663, subject, NULL_ACCT, Detail::Handle(Box::new(u)));
        }
        let close = tt + self.rng.below(5000) as i64 + 1;
        let c = hd.clone();
        self.push(out, t, h, 4656, subject, NULL_ACCT, Detail::Handle(Box::new(hd)));
        self.push(out, close, h, 4658, subject, NULL_ACCT, Detail::Handle(Box::new(c)));
    }

    /// 4690 (a handle duplicated into another process), then the source handle closed.
    pub(super) fn act_dup(&mut self, out: &mut Vec<WinEvent<'a>>, t: Micros) {
        let h = self.any_host();
        let unit_rng =
            super::ids::poller(self.ctx.seed, super::ids::Kind::Handle, h, t, &mut self.rng)
                .map(|p| std::mem::replace(&mut self.rng, p));
        let (subject, pname, pid, _, _) = self.accessor(h, t);
        if let Some(r) = unit_rng {
            self.rng = r;
        }
        let src_handle = self.handle_id(h, pid, t);
        let kernel = self.rng.chance(0.6);
        let tgt_pid = if kernel { 4 } else { pid };
        let tgt_handle = if kernel {
            super::ids::dup_target(self.ctx.seed, h, pid, t)
        } else {
            self.handle_id(h, pid, t)
        };
        self.push(
            out,
            t,
            h,
            4690,
            subject,
            NULL_ACCT,
            Detail::Dup { src_handle, src_pid: pid, tgt_handle, tgt_pid },
        );
        let hd = Handle {
            object_type: "File",
            server: "Security",
            object: Text::S(""),
            handle: src_handle,
            pid,
            pname,
            mask: 0,
            access: "",
        };
        let close = t + self.rng.below(2000) as i64 + 1;
        self.push(out, close, h, 4658, subject, NULL_ACCT, Detail::Handle(Box::new(hd)));
    }

    pub(super) fn peer(&mut self, p: Peer) -> Ip {
        match p {
            Peer::Dc => {
                let dc = self.dc();
                Ip::V4(self.host(dc).ip)
            }
            Peer::Server => {
                let s = self.org.random_server(&mut self.rng);
                Ip::V4(self.host(s).ip)
            }
            Peer::External => {
                let i = self.org.external_ip(&mut self.rng);
                Ip::V4(self.org.external_ips[i])
            }
            Peer::Collector => {
                let c = if self.org.servers.is_empty() {
                    self.org.domain_controllers.start
                } else {
                    self.org.servers.start
                };
                Ip::V4(self.host(c).ip)
            }
        }
    }

    pub(super) fn act_wfp_out(
        &mut self,
        out: &mut Vec<WinEvent<'a>>,
        t: Micros,
        bind: bool,
        connect: bool,
    ) {
        let h = self.any_host();
        if connect && self.host(h).role == HostRole::DomainController && self.rng.chance(0.45) {
            return self.wfp_dc_self(out, t, h);
        }
        // Half the connections come from the system's own services (DNS, LDAP, Kerberos, SMB,
        // updates), half from the host's networked software, Zipf-weighted; most repeat one of
        // the host's connections of the hour (see `ids::poller`).
        let unit_rng =
            super::ids::poller(self.ctx.seed, super::ids::Kind::Connect, h, t, &mut self.rng)
                .map(|p| std::mem::replace(&mut self.rng, p));
        let (app, dport, proto, peer, pid) = if self.rng.chance(0.5) {
            let (app, dport, proto, peer, _) = WFP_OUT[*weights().2.sample(&mut self.rng)];
            let pid = service_pid(h, app, dport);
            (app, dport, proto, peer, pid)
        } else {
            let i = self.pool(h).networked(&mut self.rng);
            let e = &self.soft.exes[i as usize];
            let (dport, proto, peer) = e.net.unwrap_or((443, 6, Peer::External));
            (e.device, dport, proto, peer, self.exe_pid(h, i, t))
        };
        let dst = self.peer(peer);
        if let Some(r) = unit_rng {
            self.rng = r;
        }
        let sport = self.port_of(h, t);
        let w = Wfp {
            pid,
            app,
            inbound: false,
            src: Ip::V4(self.host(h).ip),
            sport,
            dst,
            dport,
            proto,
            filter: 0,
        };
        if bind {
            let b = Wfp { src: Ip::Any4, ..w.clone() };
            self.push(out, t, h, 5158, NULL_ACCT, NULL_ACCT, Detail::Wfp(Box::new(b)));
        }
        if connect {
            let key = crate::rng::hash_str(app) ^ dport as u64;
            let filter = super::ids::filter_rtid(self.ctx.seed, h, t, key);
            self.push(
                out,
                t + 1,
                h,
                5156,
                NULL_ACCT,
                NULL_ACCT,
                Detail::Wfp(Box::new(Wfp { filter, ..w })),
            );
        }
    }

    /// A domain controller talking to itself (DFS replication and LSA over the dynamic RPC
    /// port, LDAP, DNS), over link-local IPv6, `::1` or its own address: the client's
    /// outbound and the server's inbound 5156 (about half a real DC's 5156).
    fn wfp_dc_self(&mut self, out: &mut Vec<WinEvent<'a>>, t: Micros, h: usize) {
        const DFSRS: &str = "\\device\\harddiskvolume2\\windows\\system32\\dfsrs.exe";
        const LSASS_DEV: &str = "\\device\\harddiskvolume2\\windows\\system32\\lsass.exe";
        const DNS: &str = "\\device\\harddiskvolume2\\windows\\system32\\dns.exe";
        let (client, server, dport, proto) = *self.rng.pick(&[
            (DFSRS, LSASS_DEV, 49667u16, 6u8),
            (DFSRS, LSASS_DEV, 49667, 6),
            (LSASS_DEV, LSASS_DEV, 389, 6),
            (LSASS_DEV, DNS, 53, 17),
            (DFSRS, LSASS_DEV, 135, 6),
        ]);
        let addr = match self.rng.below(10) {
            0..=5 => self.link_local(h),
            6..=7 => Ip::V4(self.host(h).ip),
            _ => Ip::Loop6,
        };
        // DFS Replication keeps one RPC connection to LSA open and WFP re-authorises it again
        // and again (the real DC: 72 of its 207 5156s on one client port within a second);
        // here it lives for the hour.
        let sport = if dport == 49667 {
            let v =
                crate::rng::derive(self.ctx.seed, &[0xdf5, h as u64, (t / 3_600_000_000) as u64]);
            49_152 + (v % 16_384) as u16
        } else {
            self.port_of(h, t)
        };
        let base = Wfp {
            pid: 0,
            app: client,
            inbound: false,
            src: addr,
            sport,
            dst: addr,
            dport,
            proto,
            filter: 0,
        };
        for (app, inbound) in [(client, false), (server, true)] {
            let key = crate::rng::hash_str(app) ^ dport as u64 ^ (inbound as u64) << 63;
            let w = Wfp {
                pid: service_pid(h, app, dport),
                app,
                inbound,
                filter: super::ids::filter_rtid(self.ctx.seed, h, t, key),
                ..base.clone()
            };
            self.push(
                out,
                t + inbound as i64,
                h,
                5156,
                NULL_ACCT,
                NULL_ACCT,
                Detail::Wfp(Box::new(w)),
            );
        }
    }

    pub(super) fn act_wfp_in(&mut self, out: &mut Vec<WinEvent<'a>>, t: Micros) {
        if self.rng.chance(0.25) && !self.org.workstations.is_empty() {
            return self.wfp_broadcast(out, t);
        }
        let dc_side = self.rng.chance(0.6);
        let h = if dc_side { self.dc() } else { self.org.random_server(&mut self.rng) };
        let (app, dport, proto) =
            if dc_side { *self.rng.pick(WFP_IN_DC) } else { *self.rng.pick(WFP_IN_SRV) };
        let client = self.random_ws();
        let pid = service_pid(h, app, dport);
        let w = Wfp {
            pid,
            app,
            inbound: true,
            src: Ip::V4(self.host(client).ip),
            sport: self.port_of(client, t),
            dst: Ip::V4(self.host(h).ip),
            dport,
            proto,
            filter: super::ids::filter_rtid(
                self.ctx.seed,
                h,
                t,
                crate::rng::hash_str(app) ^ dport as u64 ^ 1 << 63,
            ),
        };
        // A query the DC's DNS server cannot answer from its zones or cache goes on to one of
        // the organisation's two forwarders in the same instant (10 of the real DC's 19
        // client queries).
        let forward = dc_side && dport == 53 && self.rng.chance(0.5);
        self.push(out, t, h, 5156, NULL_ACCT, NULL_ACCT, Detail::Wfp(Box::new(w)));
        if forward {
            let fwd = forwarder(self.ctx.seed, self.rng.below(2));
            let w = Wfp {
                pid,
                app,
                inbound: false,
                src: Ip::V4(self.host(h).ip),
                sport: self.port_of(h, t),
                dst: Ip::V4(fwd),
                dport: 53,
                proto: 17,
                filter: super::ids::filter_rtid(
                    self.ctx.seed,
                    h,
                    t,
                    crate::rng::hash_str(app) ^ 53,
                ),
            };
            self.push(out, t, h, 5156, NULL_ACCT, NULL_ACCT, Detail::Wfp(Box::new(w)));
        }
    }

    /// Name-resolution traffic every Windows host receives from its neighbours on the subnet:
    /// LLMNR multicast queries (svchost, 224.0.0.252:5355) and NetBIOS name queries (System,
    /// the subnet broadcast on 137); 7 of each real workstation's 32 and 45 natural 5156s.
    fn wfp_broadcast(&mut self, out: &mut Vec<WinEvent<'a>>, t: Micros) {
        const SVC: &str = "\\device\\harddiskvolume2\\windows\\system32\\svchost.exe";
        let h = self.random_ws();
        let ws = self.org.workstations.clone();
        let n =
            (h as i64 - 5 + self.rng.below(11) as i64).clamp(ws.start as i64, ws.end as i64 - 1);
        let neighbour =
            if n as usize == h { ws.start + (h + 1 - ws.start) % ws.len() } else { n as usize };
        let ip = self.host(h).ip;
        let (app, dst, sport, dport) = if self.rng.chance(0.6) {
            (SVC, Ip::V4(0xe000_00fc), self.port_of(neighbour, t), 5355)
        } else {
            ("System", Ip::V4(ip | 0xff), 137, 137)
        };
        let w = Wfp {
            pid: service_pid(h, app, dport),
            app,
            inbound: true,
            src: Ip::V4(self.host(neighbour).ip),
            sport,
            dst,
            dport,
            proto: 17,
            filter: super::ids::filter_rtid(
                self.ctx.seed,
                h,
                t,
                crate::rng::hash_str(app) ^ dport as u64 ^ 1 << 63,
            ),
        };
        self.push(out, t, h, 5156, NULL_ACCT, NULL_ACCT, Detail::Wfp(Box::new(w)));
    }

    pub(super) fn act_share(&mut self, out: &mut Vec<WinEvent<'a>>, t: Micros) {
        let sysvol = self.rng.chance(0.55);
        let h = if sysvol { self.dc() } else { self.org.random_server(&mut self.rng) };
        let u = self.org.active_user(&mut self.rng);
        let client = self.org.users[u].workstation;
        let lid = self.logon_id();
        let subject = if sysvol && self.rng.chance(0.6) {
            self.machine(client, lid)
        } else {
            self.user(u, lid)
        };
        let (share, local) = if sysvol {
            ("\\\\*\\SYSVOL", "\\??\\C:\\Windows\\SYSVOL\\sysvol")
        } else if self.rng.chance(0.3) {
            ("\\\\*\\IPC$", "")
        } else {
            ("\\\\*\\Departments", "\\??\\D:\\Shares\\Departments")
        };
        let port = self.port_of(client, t);
        let ip = Ip::V4(self.host(client).ip);
        let base = Share {
            ip,
            port,
            share,
            local,
            rel: Text::S(""),
            mask: 0x1,
            access: "%%4416\r\n\t\t\t\t",
            reason: "",
        };
        self.push(out, t, h, 5140, subject, NULL_ACCT, Detail::Share(Box::new(base.clone())));
        let n = 1 + self.rng.below(7);
        let dept = self.org.users[u].department;
        for k in 0..n {
            let rel = match share {
                "\\\\*\\SYSVOL" => Text::Cat(
                    &self.org.dns_domain,
                    self.rng.pick::<&str>(&[GPO, GPO_INF, GPO2]),
                    "",
                ),
                "\\\\*\\IPC$" => {
                    Text::S(self.rng.pick::<&str>(&["lsarpc", "samr", "srvsvc", "wkssvc"]))
                }
                _ => Text::Cat(dept, self.rng.pick::<&str>(DEPT_FILES), ""),
            };
            let s = Share {
                rel,
                mask: 0x120089,
                access: ACCESS_READ,
                reason: REASON_READ,
                ..base.clone()
            };
            self.push(
                out,
                t + (k as i64 + 1) * 2 * MS,
                h,
                5145,
                subject,
                NULL_ACCT,
                Detail::Share(Box::new(s)),
            );
        }
    }

    pub(super) fn act_acct_mgmt(&mut self, out: &mut Vec<WinEvent<'a>>, t: Micros) {
        let dc = self.dc();
        let admin = self.admin_user();
        let lid = self.logon_id();
        let subject = self.user(admin, lid);
        let u = self.org.active_user(&mut self.rng);
        let user = &self.org.users[u];
        let acct = Account {
            name: Text::S(&user.sam),
            domain: Text::S(self.dom()),
            sid: Text::S(&user.sid),
            member_sid: Text::S(""),
            uac: 0x10,
        };
        let x = self.rng.below(100);
        let ids: &[u16] = match x {
            0..=39 => &[4738],
            40..=64 => &[4724],
            65..=74 => &[4722],
            75..=84 => &[4728],
            85..=92 => &[4720, 4722, 4724, 4738],
            _ => &[4726],
        };
        for (k, &id) in ids.iter().enumerate() {
            let mut a = acct.clone();
            if id == 4720 {
                a.uac = 0x15;
            }
            if id == 4728 {
                let (g, rid) = *self.rng.pick(GROUPS);
                a = Account {
                    name: Text::S(g),
                    domain: Text::S(self.dom()),
                    sid: Text::Sid(&self.org.domain_sid, rid),
                    member_sid: Text::S(&user.sid),
                    uac: 0,
                };
            }
            self.push(
                out,
                t + k as i64 * 15 * MS,
                dc,
                id,
                subject,
                NULL_ACCT,
                Detail::Account(Box::new(a)),
            );
        }
    }

    pub(super) fn act_lockout(&mut self, out: &mut Vec<WinEvent<'a>>, t: Micros) {
        let dc = self.dc();
        let u = self.org.active_user(&mut self.rng);
        let user = &self.org.users[u];
        let ws = &self.host(user.workstation).name;
        let a = Account {
            name: Text::S(&user.sam),
            domain: Text::S(ws),
            sid: Text::S(&user.sid),
            member_sid: Text::S(""),
            uac: 0,
        };
        let subject = self.machine_subject(dc);
        self.push(out, t, dc, 4740, subject, NULL_ACCT, Detail::Account(Box::new(a)));
    }

    pub(super) fn act_svc_install(&mut self, out: &mut Vec<WinEvent<'a>>, t: Micros) {
        let h = self.any_host();
        let (name, file) = *self.rng.pick(SERVICES_BENIGN);
        let sv = Service {
            name: Text::S(name),
            file: Text::S(file),
            start_type: 2,
            client_pid: self.new_pid(),
            parent_pid: sys_pid(h, SysProc::Services),
            start_key: 0x0002_0000_0000_0000 | self.rng.below(1 << 20),
        };
        let subject = self.machine_subject(h);
        self.push(out, t, h, 4697, subject, NULL_ACCT, Detail::Service(Box::new(sv)));
    }

    pub(super) fn activity(&mut self, out: &mut Vec<WinEvent<'a>>) {
        let (start, end) = (self.ctx.unit.start, self.ctx.unit.end);
        let t = self.at(start, end);
        match *weights().0.sample(&mut self.rng) {
            Act::Handle => self.act_handle(out, t),
            Act::Dup => self.act_dup(out, t),
            Act::WfpPair => self.act_wfp_out(out, t, true, true),
            Act::WfpInbound => self.act_wfp_in(out, t),
            Act::WfpBind => self.act_wfp_out(out, t, true, false),
            Act::NetLogon => self.act_net_logon(out, t),
            Act::SvcLogon => self.act_svc_logon(out, t),
            Act::Rdp => self.act_rdp(out, t),
            Act::Consent => self.act_consent(out, t),
            Act::Process => self.act_process(out, t),
            Act::Share => self.act_share(out, t),
            Act::KerbTgt => self.act_kerb(out, t, true),
            Act::KerbTgs => self.act_kerb(out, t, false),
            Act::KerbFail => self.act_kerb_fail(out, t),
            Act::Ntlm => self.act_ntlm(out, t),
            Act::Explicit => self.act_explicit(out, t),
            Act::Failed => self.act_failed(out, t),
            Act::AcctMgmt => self.act_acct_mgmt(out, t),
            Act::Lockout => self.act_lockout(out, t),
            Act::SvcInstall => self.act_svc_install(out, t),
            Act::TokenRight => self.act_token_right(out, t),
            Act::CredRead => self.act_cred_read(out, t),
            Act::FilterChange => self.act_filter_change(out, t),
            Act::PrivUse => self.act_priv_use(out, t),
            Act::Listen => self.act_listen(out, t),
            Act::GroupEnum => self.act_group_enum(out, t),
            Act::Perm => self.act_perm(out, t),
        }
    }
}
