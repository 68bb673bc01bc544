//! dns.log: Windows clients asking their domain controller (the resolver) about internal hosts,
//! AD service records and the SaaS/CDN/update domains an office uses.
//!
//! Shape (see docs/realism-network.md): mostly A/AAAA (Windows asks A then AAAA over the same
//! socket, so two rows share one uid), SRV for DC location, PTR, HTTPS (mostly NODATA), a little
//! TXT/MX. NXDOMAIN comes from what really produces it on Windows networks: `wpad` lookups, DNS
//! suffix search (`www.example.com.<ad-domain>`) and Chromium's random-label probes. Answers and
//! TTLs are consistent with the qtype (CNAME chains then addresses for CDN names, DC names for
//! SRV, host names for PTR); AA is set for the AD zone the DC is authoritative for.
//!
//! This module generates the rows; `output` writes the TSV/JSON lines and the Arrow batch.

mod output;

use super::{uid, uid_str, Addr, Proto, Uid};
use crate::attacks::{AttackKind, Label};
use crate::entities::Org;
use crate::fmt::{push_u64, Micros};
use crate::rng::{Rng, Weighted};
use crate::{BlockCtx, RawDoc, Source, SourceKind};
use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use std::sync::OnceLock;

pub struct ZeekDns;

/// uid namespace of dns transactions (their conn rows reuse the uid).
pub(super) const UID_TAG: u64 = 0xd25;

/// Row index offset of injected attack rows, above any background index of a block.
const ATTACK_INDEX: u64 = 0xC000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QType {
    A,
    Aaaa,
    Ptr,
    Srv,
    Txt,
    Mx,
    Https,
}

impl QType {
    pub fn code(self) -> u16 {
        match self {
            QType::A => 1,
            QType::Aaaa => 28,
            QType::Ptr => 12,
            QType::Srv => 33,
            QType::Txt => 16,
            QType::Mx => 15,
            QType::Https => 65,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            QType::A => "A",
            QType::Aaaa => "AAAA",
            QType::Ptr => "PTR",
            QType::Srv => "SRV",
            QType::Txt => "TXT",
            QType::Mx => "MX",
            QType::Https => "HTTPS",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rcode {
    NoError,
    ServFail,
    NxDomain,
}

impl Rcode {
    pub fn code(self) -> u8 {
        match self {
            Rcode::NoError => 0,
            Rcode::ServFail => 2,
            Rcode::NxDomain => 3,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Rcode::NoError => "NOERROR",
            Rcode::ServFail => "SERVFAIL",
            Rcode::NxDomain => "NXDOMAIN",
        }
    }
}

/// A DNS name, borrowed or computed at output time (no per-row allocation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Name<'a> {
    Str(&'a str),
    /// `a.b`: a search suffix or service prefix joined to a domain.
    Join(&'a str, &'a str),
    /// `d.c.b.a.in-addr.arpa`.
    Ptr(u32),
    /// Chromium's intranet-redirect probe: a random 7–15 letter label (sometimes with a TLD).
    Probe(u64),
    /// The exfiltration attack's throwaway domain.
    Bad(u64),
}

const PROBE_TLDS: &[&str] = &["", "", "", ".com", ".net"];
const BAD_WORDS: &[&str] =
    &["cdn", "sync", "update", "static", "img", "cloud", "files", "backup", "telemetry"];
const BAD_TLDS: &[&str] = &["top", "xyz", "info", "cc", "biz", "ru", "su", "work"];

impl Name<'_> {
    pub fn push(&self, out: &mut Vec<u8>) {
        match *self {
            Name::Str(s) => out.extend_from_slice(s.as_bytes()),
            Name::Join(a, b) => {
                out.extend_from_slice(a.as_bytes());
                out.push(b'.');
                out.extend_from_slice(b.as_bytes());
            }
            Name::Ptr(ip) => {
                for shift in [0, 8, 16, 24] {
                    push_u64(out, ((ip >> shift) & 0xff) as u64);
                    out.push(b'.');
                }
                out.extend_from_slice(b"in-addr.arpa");
            }
            Name::Probe(seed) => {
                let mut r = Rng::new(seed);
                for _ in 0..7 + r.below(9) {
                    out.push(b'a' + r.below(26) as u8);
                }
                out.extend_from_slice(r.pick(PROBE_TLDS).as_bytes());
            }
            Name::Bad(seed) => {
                let mut r = Rng::new(seed);
                out.extend_from_slice(r.pick(BAD_WORDS).as_bytes());
                out.push(b'-');
                crate::fmt::push_hex_fixed(out, r.next_u64(), 6, false);
                out.push(b'.');
                out.extend_from_slice(r.pick(BAD_TLDS).as_bytes());
            }
        }
    }
}

/// One resource record of the answer section, as Zeek renders it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer<'a> {
    Ip(Addr<'a>),
    /// An IPv6 address built from a provider prefix and 32 bits.
    V6(u32),
    Name(Name<'a>),
    /// Zeek renders TXT as `TXT <len> <text>`.
    Txt(&'static str),
}

const V6_PREFIXES: &[&str] = &[
    "2606:4700:4400::",
    "2620:1ec:bdf::",
    "2a00:1450:4001::",
    "2600:1406:3a00::",
    "2603:1036:303::",
];

impl Answer<'_> {
    pub fn push(&self, out: &mut Vec<u8>) {
        match self {
            Answer::Ip(a) => a.push(out),
            Answer::V6(x) => {
                out.extend_from_slice(
                    V6_PREFIXES[(*x % V6_PREFIXES.len() as u32) as usize].as_bytes(),
                );
                crate::fmt::push_hex(out, (*x >> 16) as u64);
                out.push(b':');
                crate::fmt::push_hex(out, (*x & 0xffff) as u64);
            }
            Answer::Name(n) => n.push(out),
            Answer::Txt(t) => {
                out.extend_from_slice(b"TXT ");
                push_u64(out, t.len() as u64);
                out.push(b' ');
                out.extend_from_slice(t.as_bytes());
            }
        }
    }

    /// RDATA length on the wire (for the conn row's byte counts).
    fn rdata_len(&self, scratch: &mut Vec<u8>) -> u64 {
        match self {
            Answer::Ip(_) => 4,
            Answer::V6(_) => 16,
            Answer::Name(n) => {
                scratch.clear();
                n.push(scratch);
                scratch.len() as u64 + 2
            }
            Answer::Txt(t) => t.len() as u64 + 1,
        }
    }
}

pub const MAX_ANSWERS: usize = 5;

/// One dns.log row.
#[derive(Clone, Debug)]
pub struct DnsEvent<'a> {
    pub ts: Micros,
    pub uid: Uid,
    pub orig_h: &'a str,
    pub orig_p: u16,
    pub resp_h: &'a str,
    pub proto: Proto,
    pub trans_id: u16,
    /// Microseconds; `None` when no response was seen.
    pub rtt: Option<i64>,
    pub query: Name<'a>,
    pub qtype: QType,
    /// `None` when no response was seen.
    pub rcode: Option<Rcode>,
    pub aa: bool,
    pub tc: bool,
    pub rd: bool,
    pub ra: bool,
    pub answers: [Answer<'a>; MAX_ANSWERS],
    pub ttls: [u32; MAX_ANSWERS],
    pub n_answers: u8,
}

impl<'a> DnsEvent<'a> {
    pub fn answers(&self) -> &[Answer<'a>] {
        &self.answers[..self.n_answers as usize]
    }

    /// Query and response sizes on the wire: header, question, answers, and an SOA in the
    /// authority section for negative answers.
    pub fn wire_sizes(&self, scratch: &mut Vec<u8>) -> (u64, Option<u64>) {
        scratch.clear();
        self.query.push(scratch);
        let query = 12 + scratch.len() as u64 + 2 + 4;
        let resp = self.rcode.map(|rc| {
            let answers: u64 = self.answers().iter().map(|a| 12 + a.rdata_len(scratch)).sum();
            let soa = if rc == Rcode::NxDomain || self.n_answers == 0 { 64 } else { 0 };
            query + answers + soa
        });
        (query, resp)
    }
}

/// External names an office resolves, weighted by popularity: (name, weight, CNAME target,
/// address TTL, addresses). Address `k` of domain `i` is `org.external_ips[i*5+k]`, and conn.log
/// picks internet destinations skewed to the same low indices, so popular names and busy IPs
/// coincide.
const DOMAINS: &[(&str, u64, Option<&str>, u32, u8)] = &[
    ("login.microsoftonline.com", 60, Some("login.mso.msidentity.com"), 300, 3),
    ("outlook.office365.com", 50, Some("ooc-g2.tm-4.office.com"), 30, 4),
    ("www.google.com", 40, None, 300, 1),
    ("teams.microsoft.com", 35, Some("teams-office-com.s-0005.dc-msedge.net"), 60, 2),
    ("graph.microsoft.com", 30, Some("ags.privatelink.msidentity.com"), 60, 2),
    (
        "v10.events.data.microsoft.com",
        28,
        Some("global.asimov.events.data.trafficmanager.net"),
        60,
        1,
    ),
    (
        "settings-win.data.microsoft.com",
        18,
        Some("atm-settingsfe-prod-geo2.trafficmanager.net"),
        60,
        1,
    ),
    ("ctldl.windowsupdate.com", 14, Some("wu-bg-shim.trafficmanager.net"), 60, 2),
    ("ocsp.digicert.com", 14, Some("ocsp.edge.digicert.com"), 60, 1),
    ("edge.microsoft.com", 12, Some("edge-microsoft-com.dual-a-0036.a-msedge.net"), 60, 1),
    ("www.msftconnecttest.com", 10, Some("www.msftncsi.com.edgesuite.net"), 30, 2),
    ("slack.com", 12, None, 60, 4),
    ("edgeapi.slack.com", 8, None, 60, 2),
    ("wss-primary.slack.com", 6, None, 60, 1),
    ("zoom.us", 8, None, 60, 3),
    ("github.com", 10, None, 60, 1),
    ("api.github.com", 8, None, 60, 1),
    ("objects.githubusercontent.com", 5, None, 300, 4),
    ("s3.amazonaws.com", 9, Some("s3-1-w.amazonaws.com"), 5, 1),
    ("signin.aws.amazon.com", 5, None, 60, 3),
    ("console.aws.amazon.com", 5, Some("lbr-optimized.console-l.amazonaws.com"), 60, 3),
    ("sts.amazonaws.com", 6, None, 60, 2),
    ("d1ge0kk1l5kms0.cloudfront.net", 5, None, 60, 4),
    ("fonts.gstatic.com", 7, None, 300, 1),
    ("update.googleapis.com", 6, None, 300, 1),
    ("clients4.google.com", 6, Some("clients.l.google.com"), 300, 1),
    ("www.linkedin.com", 5, Some("www-linkedin-com.l-0005.l-msedge.net"), 300, 1),
    ("ecs.office.com", 9, Some("ecs.office.trafficmanager.net"), 60, 2),
    ("nexus.officeapps.live.com", 6, Some("nexus.officeapps.live.com.nsatc.net"), 60, 1),
    ("self.events.data.microsoft.com", 7, Some("self-events-data.trafficmanager.net"), 60, 1),
    ("time.windows.com", 3, Some("twc.trafficmanager.net"), 300, 1),
    ("www.bing.com", 5, Some("www-www.bing.com.trafficmanager.net"), 300, 2),
    ("cdn.jsdelivr.net", 3, None, 300, 2),
    ("registry.npmjs.org", 3, None, 300, 2),
    ("pypi.org", 2, None, 300, 2),
    ("sentry.io", 2, None, 60, 1),
    ("api.segment.io", 2, None, 60, 3),
    ("www.salesforce.com", 3, Some("www.salesforce.com.edgekey.net"), 20, 2),
    ("app.hubspot.com", 2, None, 300, 2),
    ("www.dropbox.com", 2, Some("www-env.dropbox-dns.com"), 60, 1),
];

/// Names some clients also ask TXT (SPF/verification lookups) and MX (the mail server) about.
const TXT_DOMAINS: &[(&str, &str)] = &[
    ("google.com", "v=spf1 include:_spf.google.com ~all"),
    ("microsoft.com", "v=spf1 include:_spf-a.microsoft.com include:_spf-b.microsoft.com -all"),
    ("amazonaws.com", "v=spf1 include:amazonses.com -all"),
];
const MX_DOMAINS: &[(&str, &str)] = &[
    ("gmail.com", "gmail-smtp-in.l.google.com"),
    ("outlook.com", "outlook-com.olc.protection.outlook.com"),
    ("yahoo.com", "mta5.am0.yahoodns.net"),
    ("icloud.com", "mx01.mail.icloud.com"),
];
/// AD locator and service records Windows clients look up.
const SRV_PREFIXES: &[&str] = &[
    "_ldap._tcp.dc._msdcs",
    "_kerberos._tcp",
    "_ldap._tcp.Default-First-Site-Name._sites.dc._msdcs",
    "_gc._tcp",
    "_kerberos._tcp.dc._msdcs",
];

#[derive(Clone, Copy)]
enum Kind {
    ExternalA,
    ExternalAaaa,
    ExternalHttps,
    InternalA,
    Srv,
    Ptr,
    Wpad,
    SuffixSearch,
    Probe,
    Txt,
    Mx,
    ServFail,
    NoResponse,
}

/// Lookup kinds per 1000 lookups (rows are more: A+AAAA pairs share a uid).
const KINDS: &[(Kind, u64)] = &[
    (Kind::ExternalA, 420),
    (Kind::ExternalAaaa, 50),
    (Kind::ExternalHttps, 45),
    (Kind::InternalA, 150),
    (Kind::Srv, 50),
    (Kind::Ptr, 35),
    (Kind::Wpad, 18),
    (Kind::SuffixSearch, 45),
    (Kind::Probe, 15),
    (Kind::Txt, 4),
    (Kind::Mx, 3),
    (Kind::ServFail, 5),
    (Kind::NoResponse, 18),
];

struct Tables {
    kinds: Weighted<Kind>,
    domains: Weighted<usize>,
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| Tables {
        kinds: Weighted::new(KINDS),
        domains: Weighted::new(
            &DOMAINS.iter().enumerate().map(|(i, d)| (i, d.1)).collect::<Vec<_>>(),
        ),
    })
}

/// Builds the rows of one lookup (one uid).
struct Lookup<'a> {
    org: &'a Org,
    ev: DnsEvent<'a>,
}

impl<'a> Lookup<'a> {
    fn new(org: &'a Org, ts: Micros, uid: Uid, client: usize, rng: &mut Rng) -> Self {
        let dcs = &org.domain_controllers;
        // Clients use their configured primary DC; some go to a secondary.
        let dc = if rng.chance(0.9) { dcs.start + client % dcs.len() } else { org.random_dc(rng) };
        let tcp = rng.chance(0.002);
        Lookup {
            org,
            ev: DnsEvent {
                ts,
                uid,
                orig_h: &org.hosts[client].ip_str,
                orig_p: super::ephemeral_port(rng),
                resp_h: &org.hosts[dc].ip_str,
                proto: if tcp { Proto::Tcp } else { Proto::Udp },
                trans_id: rng.next_u32() as u16,
                rtt: None,
                query: Name::Str(""),
                qtype: QType::A,
                rcode: None,
                aa: false,
                tc: false,
                rd: true,
                ra: false,
                answers: [Answer::Txt(""); MAX_ANSWERS],
                ttls: [0; MAX_ANSWERS],
                n_answers: 0,
            },
        }
    }

    fn ask(&mut self, query: Name<'a>, qtype: QType) {
        self.ev.query = query;
        self.ev.qtype = qtype;
        self.ev.n_answers = 0;
    }

    /// A response from the DC: `authoritative` for the AD zone, otherwise recursed (and
    /// usually served from its cache).
    fn respond(&mut self, rng: &mut Rng, rcode: Rcode, authoritative: bool) {
        let rtt = if authoritative || rng.chance(0.75) {
            rng.lognormal(600.0, 0.5)
        } else {
            rng.lognormal(25_000.0, 0.9)
        };
        let rtt = if rcode == Rcode::ServFail { rng.lognormal(1_500_000.0, 0.4) } else { rtt };
        self.ev.rtt = Some((rtt as i64).max(80));
        self.ev.rcode = Some(rcode);
        self.ev.aa = authoritative;
        self.ev.ra = true;
    }

    fn answer(&mut self, a: Answer<'a>, ttl: u32) {
        let n = self.ev.n_answers as usize;
        if n < MAX_ANSWERS {
            self.ev.answers[n] = a;
            self.ev.ttls[n] = ttl;
            self.ev.n_answers += 1;
        }
    }

    /// Answers for an external name: its CNAME, then addresses (AAAA only for dual-stack ones).
    fn external(&mut self, rng: &mut Rng, d: usize, qtype: QType) {
        let (name, _, cname, ttl, n) = DOMAINS[d];
        self.ask(Name::Str(name), qtype);
        self.respond(rng, Rcode::NoError, false);
        if let Some(c) = cname {
            self.answer(Answer::Name(Name::Str(c)), rng.range(60, 3600) as u32);
        }
        let ips = &self.org.external_ip_strs;
        let ttl = rng.range(1, ttl as u64) as u32;
        match qtype {
            QType::A => (0..n as usize).for_each(|k| {
                self.answer(Answer::Ip(Addr::Str(&ips[(d * 5 + k) % ips.len()])), ttl)
            }),
            QType::Aaaa if d % 3 != 2 => (0..n as u32)
                .for_each(|k| self.answer(Answer::V6(((d as u32) << 20) | (k * 7919 + 1)), ttl)),
            _ => {}
        }
    }

    /// The row as it is now, then the next transaction on the same socket a little later.
    fn emit(&mut self, out: &mut Vec<DnsEvent<'a>>, rng: &mut Rng) {
        out.push(self.ev.clone());
        self.ev.ts += 30 + rng.below(400) as i64;
        self.ev.trans_id = rng.next_u32() as u16;
    }
}

/// A client host: a workstation of an (activity-skewed) user, or a server.
fn client(org: &Org, rng: &mut Rng) -> usize {
    if rng.chance(0.85) {
        org.users[org.active_user(rng)].workstation
    } else {
        org.random_server(rng)
    }
}

/// Background lookups: returns when `n` rows were emitted.
fn background<'a>(ctx: &BlockCtx<'a>, rng: &mut Rng, out: &mut Vec<DnsEvent<'a>>) {
    let org = ctx.org;
    let u = &ctx.unit;
    let n = u.events as usize;
    let start_len = out.len();
    let base = u.sequence_base();
    let width = (u.end - u.start).max(1) as u64;
    let t = tables();
    while out.len() - start_len < n {
        let idx = (out.len() - start_len) as u64;
        let ts = u.start + rng.below(width) as i64;
        let c = client(org, rng);
        let mut l = Lookup::new(org, ts, uid(ctx.seed, UID_TAG, base + idx), c, rng);
        match *t.kinds.sample(rng) {
            Kind::ExternalA => {
                let d = *t.domains.sample(rng);
                l.external(rng, d, QType::A);
                if rng.chance(0.4) && out.len() - start_len + 1 < n {
                    l.emit(out, rng);
                    l.external(rng, d, QType::Aaaa);
                }
            }
            Kind::ExternalAaaa => {
                let d = *t.domains.sample(rng);
                l.external(rng, d, QType::Aaaa);
            }
            Kind::ExternalHttps => {
                l.ask(Name::Str(DOMAINS[*t.domains.sample(rng)].0), QType::Https);
                l.respond(rng, Rcode::NoError, false);
            }
            Kind::InternalA => {
                let h = if rng.chance(0.7) { org.random_server(rng) } else { client(org, rng) };
                l.ask(Name::Str(&org.hosts[h].fqdn), QType::A);
                l.respond(rng, Rcode::NoError, true);
                l.answer(Answer::Ip(Addr::Str(&org.hosts[h].ip_str)), 1200);
                if rng.chance(0.3) && out.len() - start_len + 1 < n {
                    l.emit(out, rng);
                    l.ask(Name::Str(&org.hosts[h].fqdn), QType::Aaaa);
                }
            }
            Kind::Srv => {
                let prefix = SRV_PREFIXES[rng.below_usize(SRV_PREFIXES.len())];
                l.ask(Name::Join(prefix, &org.dns_domain), QType::Srv);
                l.respond(rng, Rcode::NoError, true);
                for dc in org.domain_controllers.clone() {
                    l.answer(Answer::Name(Name::Str(&org.hosts[dc].fqdn)), 600);
                }
            }
            Kind::Ptr => {
                let h = if rng.chance(0.5) { org.random_server(rng) } else { client(org, rng) };
                l.ask(Name::Ptr(org.hosts[h].ip), QType::Ptr);
                if rng.chance(0.8) {
                    l.respond(rng, Rcode::NoError, true);
                    l.answer(Answer::Name(Name::Str(&org.hosts[h].fqdn)), 1200);
                } else {
                    l.respond(rng, Rcode::NxDomain, true);
                }
            }
            Kind::Wpad => {
                l.ask(Name::Join("wpad", &org.dns_domain), QType::A);
                l.respond(rng, Rcode::NxDomain, true);
            }
            Kind::SuffixSearch => {
                l.ask(
                    Name::Join(DOMAINS[*t.domains.sample(rng)].0, &org.dns_domain),
                    if rng.chance(0.6) { QType::A } else { QType::Aaaa },
                );
                l.respond(rng, Rcode::NxDomain, true);
            }
            Kind::Probe => {
                l.ask(Name::Probe(rng.next_u64()), QType::A);
                l.respond(rng, Rcode::NxDomain, false);
            }
            Kind::Txt => {
                let (d, txt) = *rng.pick(TXT_DOMAINS);
                l.ask(Name::Str(d), QType::Txt);
                l.respond(rng, Rcode::NoError, false);
                l.answer(Answer::Txt(txt), rng.range(60, 3600) as u32);
            }
            Kind::Mx => {
                let (d, mx) = *rng.pick(MX_DOMAINS);
                l.ask(Name::Str(d), QType::Mx);
                l.respond(rng, Rcode::NoError, false);
                l.answer(Answer::Name(Name::Str(mx)), rng.range(60, 3600) as u32);
            }
            Kind::ServFail => {
                l.ask(Name::Str(DOMAINS[*t.domains.sample(rng)].0), QType::A);
                l.respond(rng, Rcode::ServFail, false);
            }
            Kind::NoResponse => {
                l.ask(Name::Str(DOMAINS[*t.domains.sample(rng)].0), QType::A);
                l.ev.rtt = None;
                l.ev.rcode = None;
            }
        }
        out.push(l.ev);
    }
}

/// The attacker's domain, resolved by the victim workstation just before the exfiltration.
fn inject<'a>(ctx: &BlockCtx<'a>, out: &mut Vec<DnsEvent<'a>>, labels: &mut Vec<Label>) {
    let org = ctx.org;
    for (k, a) in ctx.attacks.iter().filter(|a| a.kind == AttackKind::Exfiltration).enumerate() {
        let mut r = a.rng();
        let seq = ctx.unit.sequence_base() + ATTACK_INDEX + k as u64;
        let mut l = Lookup::new(org, a.start, uid(ctx.seed, UID_TAG, seq), a.host, &mut r);
        l.ask(Name::Bad(r.next_u64()), QType::A);
        l.respond(&mut r, Rcode::NoError, false);
        l.ev.rtt = Some(r.lognormal(40_000.0, 0.5) as i64);
        l.answer(Answer::Ip(attacker_addr(org, a.attacker_ip)), 300);
        labels.push(Label {
            attack_id: a.id.clone(),
            kind: a.kind,
            source: SourceKind::ZeekDns,
            event_key: uid_str(&l.ev.uid).to_string(),
            time: a.start,
        });
        out.push(l.ev);
    }
}

/// The attacker IP as a borrowed string when it is one of the org's known-bad IPs.
pub(crate) fn attacker_addr(org: &Org, ip: u32) -> Addr<'_> {
    match org.bad_ips.iter().position(|&b| b == ip) {
        Some(i) => Addr::Str(&org.bad_ip_strs[i]),
        None => Addr::V4(ip),
    }
}

impl Source for ZeekDns {
    type Event<'a> = DnsEvent<'a>;

    fn schema() -> SchemaRef {
        output::schema()
    }

    fn generate<'a>(ctx: &BlockCtx<'a>, out: &mut Vec<DnsEvent<'a>>, labels: &mut Vec<Label>) {
        let mut rng = ctx.rng();
        background(ctx, &mut rng, out);
        inject(ctx, out, labels);
        crate::sort_rows(out, |e| e.ts);
    }

    fn write_raw(ctx: &BlockCtx<'_>, events: &[DnsEvent<'_>], docs: &mut Vec<RawDoc>) {
        super::write_log(
            ctx,
            "dns",
            output::FIELDS,
            events,
            260,
            output::push_json,
            output::push_tsv,
            docs,
        );
    }

    fn time_key(e: &DnsEvent<'_>) -> i64 {
        e.ts
    }

    fn to_batch(_ctx: &BlockCtx<'_>, events: &[DnsEvent<'_>]) -> RecordBatch {
        output::to_batch(events)
    }
}
