//! conn.log: one row per connection, as Zeek writes it when the connection ends.
//!
//! The state machine matters more than any single value: `conn_state` and `history` must agree
//! (SF ⇒ a handshake and FINs, S0 ⇒ `S` alone, REJ ⇒ `Sr`, RSTO/RSTR ⇒ the side that reset),
//! packet counts follow from the history and the payload, `*_ip_bytes` = payload + 40 bytes per
//! TCP packet (28 for UDP/ICMP) + SYN options, and — as in Zeek, which sets them only when the
//! connection lasted longer than zero — `duration`/`orig_bytes`/`resp_bytes` are unset (`-`) for
//! single-packet connections (a lone SYN, a lone LLMNR query, an unanswered DNS query).
//! `service` is unset when no payload was exchanged, since Zeek names it from the payload.

use super::dns::{attacker_addr, DnsEvent, ZeekDns};
use super::{
    ephemeral_port, is_local, push_bool_json, push_bool_tsv, push_seconds, uid, uid_str, Addr,
    Proto, Uid,
};
use crate::attacks::{AttackKind, Label};
use crate::entities::Org;
use crate::fmt::{push_epoch_micros, push_u64, Micros, MICROS_PER_SEC};
use crate::labels::UTC;
use crate::rng::{Rng, Weighted};
use crate::{BlockCtx, RawDoc, Source, SourceKind};
use arrow_array::builder::{BooleanBuilder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{
    new_null_array, ArrayRef, Int32Array, Int64Array, RecordBatch, TimestampMicrosecondArray,
};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use std::sync::{Arc, OnceLock};

pub struct ZeekConn;

/// uid namespace of background and attack conn rows (DNS rows keep their dns uid).
const UID_TAG: u64 = 0xc0;
const ATTACK_INDEX: u64 = 0xC000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConnState {
    Sf,
    S0,
    S1,
    Rej,
    Sh,
    Rsto,
    Rstr,
    Oth,
}

impl ConnState {
    pub fn name(self) -> &'static str {
        match self {
            ConnState::Sf => "SF",
            ConnState::S0 => "S0",
            ConnState::S1 => "S1",
            ConnState::Rej => "REJ",
            ConnState::Sh => "SH",
            ConnState::Rsto => "RSTO",
            ConnState::Rstr => "RSTR",
            ConnState::Oth => "OTH",
        }
    }
}

/// One conn.log row. `duration < 0` means unset, and then the byte counts are unset too.
#[derive(Clone, Debug)]
pub struct ConnEvent<'a> {
    pub ts: Micros,
    pub uid: Uid,
    pub orig_h: Addr<'a>,
    pub orig_p: u16,
    pub resp_h: Addr<'a>,
    pub resp_p: u16,
    pub proto: Proto,
    /// Empty = unset.
    pub service: &'static str,
    pub duration: i64,
    pub orig_bytes: u64,
    pub resp_bytes: u64,
    pub state: ConnState,
    pub local_orig: bool,
    pub local_resp: bool,
    /// Empty = unset (ICMP).
    pub history: &'static str,
    pub orig_pkts: u64,
    pub orig_ip_bytes: u64,
    pub resp_pkts: u64,
    pub resp_ip_bytes: u64,
}

impl ConnEvent<'_> {
    pub fn has_duration(&self) -> bool {
        self.duration >= 0
    }

    /// When Zeek writes the row: the connection's end.
    fn end(&self) -> Micros {
        self.ts + self.duration.max(0)
    }
}

#[derive(Clone, Copy)]
enum Dst {
    Internet,
    Dc,
    Server,
    Multicast(&'static str),
    SubnetBroadcast,
}

#[derive(Clone, Copy)]
enum Port {
    Fixed(u16),
    /// Source and destination port equal (NTP, NetBIOS, mDNS).
    Same(u16),
    /// The DC's dynamic RPC range after an endpoint-mapper lookup.
    DynamicRpc,
}

#[derive(Clone, Copy)]
enum Exchange {
    /// TCP with a state/history outcome drawn from `TCP_OUTCOMES`.
    TcpSession,
    /// UDP request/response: SF `Dd`.
    Datagrams,
    /// UDP to multicast/broadcast, nobody answers in-flow: S0 `D`.
    UdpOneWay,
    /// ICMP echo: OTH, no history, type/code as ports.
    Ping,
}

/// A kind of background connection: who talks to whom, on what, and how much.
struct Profile {
    proto: Proto,
    port: Port,
    services: &'static [&'static str],
    dst: Dst,
    exchange: Exchange,
    /// Median seconds / log-sigma of duration, orig and resp payload bytes.
    dur: (f64, f64),
    orig: (f64, f64),
    resp: (f64, f64),
    /// Share of these connections that carry a bulk transfer (heavy response tail).
    bulk: f64,
}

const SSL: &[&str] = &["ssl"];
const HTTP: &[&str] = &["http"];
const NONE: &[&str] = &[""];
const SMB: &[&str] = &[
    "krb,smb,gssapi",
    "gssapi,smb,krb",
    "krb,gssapi,smb",
    "smb,krb,gssapi",
    "krb,smb,gssapi,dce_rpc",
];
const RPC: &[&str] = &["dce_rpc", "dce_rpc,gssapi", "gssapi,dce_rpc"];
const DNS: &[&str] = &["dns"];

#[allow(clippy::too_many_arguments)] // one row of the PROFILES table
const fn p(
    proto: Proto,
    port: Port,
    services: &'static [&'static str],
    dst: Dst,
    exchange: Exchange,
    dur: (f64, f64),
    orig: (f64, f64),
    resp: (f64, f64),
    bulk: f64,
) -> Profile {
    Profile { proto, port, services, dst, exchange, dur, orig, resp, bulk }
}

use Dst::*;
use Exchange::*;
use Port::*;
use Proto::*;

/// Background connection kinds with weights per 1000 rows (DNS comes from dns.log on top).
/// Internet TLS dominates; AD traffic to DCs (Kerberos, LDAP, RPC, SMB/SYSVOL) is next.
const PROFILES: &[(Profile, u64)] = &[
    (
        p(
            Tcp,
            Fixed(443),
            SSL,
            Internet,
            TcpSession,
            (0.8, 2.0),
            (900.0, 1.2),
            (4500.0, 2.0),
            0.02,
        ),
        430,
    ),
    (
        p(
            Tcp,
            Fixed(80),
            HTTP,
            Internet,
            TcpSession,
            (0.3, 1.5),
            (450.0, 0.8),
            (2500.0, 2.2),
            0.02,
        ),
        45,
    ),
    (
        p(
            Udp,
            Fixed(443),
            &["quic"],
            Internet,
            Datagrams,
            (2.0, 1.8),
            (3000.0, 1.4),
            (12000.0, 2.0),
            0.03,
        ),
        25,
    ),
    (
        p(Tcp, Fixed(443), SSL, Server, TcpSession, (0.6, 1.8), (1200.0, 1.2), (6000.0, 1.8), 0.01),
        40,
    ),
    (p(Tcp, Fixed(8443), SSL, Server, TcpSession, (0.4, 1.5), (900.0, 1.0), (3000.0, 1.5), 0.0), 8),
    (
        p(
            Tcp,
            Fixed(88),
            &["krb_tcp"],
            Dc,
            TcpSession,
            (0.005, 1.0),
            (1600.0, 0.3),
            (1700.0, 0.3),
            0.0,
        ),
        45,
    ),
    (
        p(
            Tcp,
            Fixed(389),
            &["ldap_tcp"],
            Dc,
            TcpSession,
            (0.03, 2.5),
            (700.0, 1.0),
            (2500.0, 1.3),
            0.0,
        ),
        45,
    ),
    (
        p(
            Udp,
            Fixed(389),
            &["ldap_udp"],
            Dc,
            Datagrams,
            (0.001, 0.5),
            (180.0, 0.2),
            (250.0, 0.3),
            0.0,
        ),
        25,
    ),
    (
        p(
            Tcp,
            Fixed(135),
            &["dce_rpc"],
            Dc,
            TcpSession,
            (0.01, 1.0),
            (220.0, 0.3),
            (150.0, 0.3),
            0.0,
        ),
        25,
    ),
    (p(Tcp, DynamicRpc, RPC, Dc, TcpSession, (15.0, 1.5), (2000.0, 1.5), (1500.0, 1.5), 0.0), 25),
    (p(Tcp, Fixed(445), SMB, Dc, TcpSession, (0.5, 2.0), (3000.0, 1.3), (8000.0, 1.8), 0.0), 20),
    (
        p(
            Tcp,
            Fixed(445),
            SMB,
            Server,
            TcpSession,
            (20.0, 2.0),
            (5000.0, 2.0),
            (60000.0, 2.5),
            0.03,
        ),
        45,
    ),
    (p(Udp, Same(123), &["ntp"], Dc, Datagrams, (0.001, 0.5), (48.0, 0.0), (48.0, 0.0), 0.0), 12),
    (
        p(
            Tcp,
            Fixed(5985),
            HTTP,
            Server,
            TcpSession,
            (2.0, 1.5),
            (6000.0, 1.2),
            (4000.0, 1.2),
            0.0,
        ),
        6,
    ),
    (
        p(
            Tcp,
            Fixed(3389),
            &["rdp"],
            Server,
            TcpSession,
            (300.0, 1.5),
            (200_000.0, 1.5),
            (2_000_000.0, 1.8),
            0.0,
        ),
        3,
    ),
    (
        p(
            Tcp,
            Fixed(1433),
            NONE,
            Server,
            TcpSession,
            (0.2, 2.0),
            (1500.0, 1.5),
            (8000.0, 2.0),
            0.02,
        ),
        15,
    ),
    (
        p(
            Tcp,
            Fixed(8530),
            HTTP,
            Server,
            TcpSession,
            (1.0, 1.5),
            (600.0, 0.8),
            (20000.0, 2.5),
            0.05,
        ),
        15,
    ),
    (
        p(
            Tcp,
            Fixed(9100),
            NONE,
            Server,
            TcpSession,
            (3.0, 1.0),
            (200_000.0, 1.2),
            (100.0, 0.5),
            0.0,
        ),
        4,
    ),
    (
        p(
            Udp,
            Same(137),
            DNS,
            SubnetBroadcast,
            UdpOneWay,
            (1.5, 0.2),
            (50.0, 0.0),
            (0.0, 0.0),
            0.0,
        ),
        10,
    ),
    (
        p(
            Udp,
            Same(138),
            NONE,
            SubnetBroadcast,
            UdpOneWay,
            (0.0, 0.0),
            (201.0, 0.1),
            (0.0, 0.0),
            0.0,
        ),
        8,
    ),
    (
        p(
            Udp,
            Fixed(5355),
            DNS,
            Multicast("224.0.0.252"),
            UdpOneWay,
            (0.4, 0.2),
            (30.0, 0.3),
            (0.0, 0.0),
            0.0,
        ),
        10,
    ),
    (
        p(
            Udp,
            Same(5353),
            DNS,
            Multicast("224.0.0.251"),
            UdpOneWay,
            (1.0, 1.0),
            (60.0, 0.5),
            (0.0, 0.0),
            0.0,
        ),
        8,
    ),
    (
        p(
            Udp,
            Fixed(1900),
            NONE,
            Multicast("239.255.255.250"),
            UdpOneWay,
            (3.0, 0.3),
            (170.0, 0.2),
            (0.0, 0.0),
            0.0,
        ),
        6,
    ),
    (p(Icmp, Fixed(0), NONE, Server, Ping, (3.0, 0.05), (32.0, 0.0), (32.0, 0.0), 0.0), 5),
];

/// TCP outcomes per 1000 connections: APT29's two-sided capture (tcp only) has SF 53 %,
/// RSTO 31 %, RSTR 11 %, S0 2.8 %, REJ 0.7 %, S1 0.7 %, OTH < 0.1 %.
const TCP_OUTCOMES: &[((ConnState, &str), u64)] = &[
    ((ConnState::Sf, "ShADadfF"), 420),
    ((ConnState::Sf, "ShADadFf"), 60),
    ((ConnState::Sf, "ShADdaFf"), 30),
    ((ConnState::Sf, "ShADdtFaf"), 25),
    ((ConnState::Sf, "ShAFaf"), 15),
    ((ConnState::Rsto, "ShADadfR"), 200),
    ((ConnState::Rsto, "ShADadR"), 45),
    ((ConnState::Rsto, "ShADdR"), 20),
    ((ConnState::Rsto, "ShADdaR"), 15),
    ((ConnState::Rstr, "ShADadFr"), 50),
    ((ConnState::Rstr, "ShADdFar"), 35),
    ((ConnState::Rstr, "ShADadr"), 20),
    ((ConnState::S0, "S"), 30),
    ((ConnState::Rej, "Sr"), 7),
    ((ConnState::S1, "ShADad"), 5),
    ((ConnState::Sh, "SF"), 2),
    ((ConnState::Oth, "H"), 1),
];

struct Tables {
    profiles: Weighted<usize>,
    tcp: Weighted<(ConnState, &'static str)>,
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| Tables {
        profiles: Weighted::new(
            &PROFILES.iter().enumerate().map(|(i, (_, w))| (i, *w)).collect::<Vec<_>>(),
        ),
        tcp: Weighted::new(TCP_OUTCOMES),
    })
}

const MSS: u64 = 1460;
/// MSS/window-scale/SACK options on a Windows SYN or SYN-ACK.
const SYN_OPTIONS: u64 = 12;

/// Packet counts implied by a TCP history and its payloads: one packet per control letter,
/// MSS-sized data segments, and a delayed ACK for every second segment of the peer.
fn tcp_packets(history: &str, orig_bytes: u64, resp_bytes: u64) -> (u64, u64) {
    let od = orig_bytes.div_ceil(MSS);
    let rd = resp_bytes.div_ceil(MSS);
    let (mut op, mut rp) = (od + rd / 2, rd + od / 2);
    for c in history.bytes() {
        match c {
            b'S' | b'A' | b'F' | b'R' | b'T' | b'H' => op += 1,
            b'h' | b'a' | b'f' | b'r' | b't' => rp += 1,
            _ => {}
        }
    }
    (op, rp)
}

/// Fills packets, IP bytes and the duration/bytes presence rule from payload and packets.
fn finish(e: &mut ConnEvent<'_>, syns: u64) {
    let h = e.proto.header_bytes();
    e.orig_ip_bytes = e.orig_bytes + h * e.orig_pkts;
    e.resp_ip_bytes = e.resp_bytes + h * e.resp_pkts;
    if e.proto == Proto::Tcp {
        e.orig_ip_bytes += SYN_OPTIONS * syns;
        if e.history.contains('h') {
            e.resp_ip_bytes += SYN_OPTIONS;
        }
    }
    if e.orig_pkts + e.resp_pkts <= 1 {
        e.duration = -1;
    }
}

fn blank<'a>(ts: Micros, uid: Uid, proto: Proto) -> ConnEvent<'a> {
    ConnEvent {
        ts,
        uid,
        orig_h: Addr::Str(""),
        orig_p: 0,
        resp_h: Addr::Str(""),
        resp_p: 0,
        proto,
        service: "",
        duration: 0,
        orig_bytes: 0,
        resp_bytes: 0,
        state: ConnState::Sf,
        local_orig: true,
        local_resp: true,
        history: "",
        orig_pkts: 0,
        orig_ip_bytes: 0,
        resp_pkts: 0,
        resp_ip_bytes: 0,
    }
}

fn lognormal_u64(rng: &mut Rng, (median, sigma): (f64, f64)) -> u64 {
    if median <= 0.0 {
        return 0;
    }
    rng.lognormal(median, sigma).round().max(1.0) as u64
}

fn seconds(s: f64) -> i64 {
    (s * MICROS_PER_SEC as f64).round().max(1.0) as i64
}

/// One background connection of profile `p`.
fn background_row<'a>(
    org: &'a Org,
    rng: &mut Rng,
    p: &Profile,
    ts: Micros,
    uid: Uid,
) -> ConnEvent<'a> {
    let mut e = blank(ts, uid, p.proto);
    let client = match p.dst {
        Internet if rng.chance(0.15) => org.random_server(rng),
        _ => org.users[org.active_user(rng)].workstation,
    };
    let c = &org.hosts[client];
    e.orig_h = Addr::Str(&c.ip_str);
    let resp_ip = match p.dst {
        Internet => {
            let i = org.external_ip(rng);
            e.resp_h = Addr::Str(&org.external_ip_strs[i]);
            org.external_ips[i]
        }
        Dc | Server => {
            let h = match p.dst {
                Dc if rng.chance(0.8) => {
                    org.domain_controllers.start + client % org.domain_controllers.len()
                }
                Dc => org.random_dc(rng),
                _ => org.random_server(rng),
            };
            e.resp_h = Addr::Str(&org.hosts[h].ip_str);
            org.hosts[h].ip
        }
        Multicast(s) => {
            e.resp_h = Addr::Str(s);
            0xe000_0000
        }
        SubnetBroadcast => {
            e.resp_h = Addr::V4(c.ip | 0xff);
            c.ip | 0xff
        }
    };
    e.local_orig = is_local(c.ip);
    e.local_resp = is_local(resp_ip);
    (e.orig_p, e.resp_p) = match p.port {
        Fixed(port) => (ephemeral_port(rng), port),
        Same(port) => (port, port),
        DynamicRpc => (ephemeral_port(rng), 49152 + rng.below(16384) as u16),
    };
    e.service = *rng.pick(p.services);
    // Long-lived sessions exist (RDP, SMB mappings) but Zeek's log rotation and inactivity
    // timeouts keep a row's duration within hours.
    e.duration = seconds(rng.lognormal(p.dur.0, p.dur.1).min(10_800.0));
    match p.exchange {
        TcpSession => tcp_row(&mut e, rng, p),
        Datagrams => {
            e.history = "Dd";
            e.orig_bytes = lognormal_u64(rng, p.orig);
            e.resp_bytes = lognormal_u64(rng, p.resp);
            if rng.chance(p.bulk) {
                e.resp_bytes += rng.pareto(200_000.0, 1.2).min(2e9) as u64;
            }
            e.orig_pkts = e.orig_bytes.div_ceil(1200);
            e.resp_pkts = e.resp_bytes.div_ceil(1200);
            finish(&mut e, 0);
        }
        UdpOneWay => {
            e.state = ConnState::S0;
            e.history = "D";
            e.orig_pkts = if rng.chance(0.6) { 1 } else { 1 + rng.below(3) };
            e.orig_bytes = e.orig_pkts * lognormal_u64(rng, p.orig);
            finish(&mut e, 0);
        }
        Ping => {
            e.state = ConnState::Oth;
            (e.orig_p, e.resp_p) = (8, 0);
            e.orig_pkts = 4;
            e.resp_pkts = if rng.chance(0.9) { 4 } else { 0 };
            e.orig_bytes = 32 * e.orig_pkts;
            e.resp_bytes = 32 * e.resp_pkts;
            finish(&mut e, 0);
        }
    }
    e
}

fn tcp_row(e: &mut ConnEvent<'_>, rng: &mut Rng, p: &Profile) {
    let (state, history) = *tables().tcp.sample(rng);
    e.state = state;
    e.history = history;
    let data = history.contains('D') || history.contains('d');
    if data {
        e.orig_bytes = lognormal_u64(rng, p.orig);
        e.resp_bytes = lognormal_u64(rng, p.resp);
        if rng.chance(p.bulk) {
            e.resp_bytes += rng.pareto(200_000.0, 1.1).min(2e9) as u64;
        }
        if !history.contains('d') {
            e.resp_bytes = 0;
        }
    } else {
        e.service = "";
    }
    let mut syns = u64::from(history.starts_with('S'));
    match state {
        ConnState::S0 => {
            // Windows retransmits an unanswered SYN after ~1 s and ~3 s.
            syns = 1 + rng.below(3);
            e.orig_pkts = syns;
            e.duration =
                [0, seconds(1.0), seconds(3.0)][syns as usize - 1] + rng.below(20_000) as i64;
        }
        ConnState::Rej => {
            (e.orig_pkts, e.resp_pkts) = (1, 1);
            e.duration = rng.range(150, 3000) as i64;
        }
        ConnState::Sh => {
            (e.orig_pkts, e.resp_pkts) = (2, 0);
            e.duration = rng.range(1000, 50_000) as i64;
        }
        ConnState::Oth => (e.orig_pkts, e.resp_pkts) = (1, 0),
        _ => (e.orig_pkts, e.resp_pkts) = tcp_packets(history, e.orig_bytes, e.resp_bytes),
    }
    // Bulk transfers take time: at least payload / 50 MB/s.
    e.duration = e.duration.max(((e.orig_bytes + e.resp_bytes) / 50) as i64);
    finish(e, syns);
}

/// The conn rows of this slot's dns.log transactions owned by this block (one per uid).
fn dns_rows<'a>(ctx: &BlockCtx<'a>, out: &mut Vec<ConnEvent<'a>>, labels: &mut Vec<Label>) {
    let u = &ctx.unit;
    let mut dns: Vec<DnsEvent<'a>> = Vec::new();
    let mut dns_labels = Vec::new();
    let mut scratch = Vec::with_capacity(128);
    for dns_unit in ctx.generator.slot_units(SourceKind::ZeekDns, u.slot) {
        if dns_unit.block % u.blocks != u.block {
            continue;
        }
        dns.clear();
        dns_labels.clear();
        let dctx = ctx.generator.context(&dns_unit);
        // The DNS context borrows the same generator and org as ours.
        <ZeekDns as Source>::generate(&dctx, &mut dns, &mut dns_labels);
        let mut order: Vec<usize> = (0..dns.len()).collect();
        order.sort_by(|&a, &b| dns[a].uid.cmp(&dns[b].uid).then(dns[a].ts.cmp(&dns[b].ts)));
        for group in order.chunk_by(|&a, &b| dns[a].uid == dns[b].uid) {
            let e = conn_of_lookup(group.iter().map(|&i| &dns[i]), &mut scratch);
            if let Some(l) = dns_labels.iter().find(|l| l.event_key.as_bytes() == e.uid) {
                labels.push(Label { source: SourceKind::ZeekConn, ..l.clone() });
            }
            out.push(e);
        }
    }
}

/// One conn row for the dns.log rows sharing a uid (same socket, several transactions).
fn conn_of_lookup<'a, 'b>(
    rows: impl Iterator<Item = &'b DnsEvent<'a>>,
    scratch: &mut Vec<u8>,
) -> ConnEvent<'a>
where
    'a: 'b,
{
    let mut e = blank(0, [0; 18], Proto::Udp);
    let (mut n, mut answered, mut last) = (0u64, 0u64, 0);
    for r in rows {
        if n == 0 {
            e = blank(r.ts, r.uid, r.proto);
            e.orig_h = Addr::Str(r.orig_h);
            e.orig_p = r.orig_p;
            e.resp_h = Addr::Str(r.resp_h);
            e.resp_p = 53;
        }
        n += 1;
        let (q, resp) = r.wire_sizes(scratch);
        e.orig_bytes += q;
        last = last.max(r.ts);
        if let Some(b) = resp {
            answered += 1;
            e.resp_bytes += b;
            last = last.max(r.ts + r.rtt.unwrap_or(0));
        }
    }
    e.service = "dns";
    e.duration = last - e.ts;
    if e.proto == Proto::Tcp {
        // DNS over TCP: a length prefix per message, and a short clean connection.
        e.orig_bytes += 2 * n;
        e.resp_bytes += 2 * answered;
        e.history = "ShADadFf";
        (e.orig_pkts, e.resp_pkts) = tcp_packets(e.history, e.orig_bytes, e.resp_bytes);
        finish(&mut e, 1);
    } else if answered == 0 {
        e.state = ConnState::S0;
        e.history = "D";
        e.orig_pkts = n;
        finish(&mut e, 0);
    } else {
        e.history = "Dd";
        (e.orig_pkts, e.resp_pkts) = (n, answered);
        finish(&mut e, 0);
    }
    e
}

/// Exfiltration: a few long, large egress connections from the victim to the attacker.
fn inject<'a>(ctx: &BlockCtx<'a>, out: &mut Vec<ConnEvent<'a>>, labels: &mut Vec<Label>) {
    let org = ctx.org;
    let mut k = 0u64;
    for a in ctx.attacks.iter().filter(|a| a.kind == AttackKind::Exfiltration) {
        let mut r = a.rng();
        let host = &org.hosts[a.host];
        let port =
            if r.chance(0.6) { 443 } else { *r.pick(&[8443u16, 4444, 8080, 2222, 1337, 9001]) };
        let mut t = a.start + seconds(2.0 + r.f64() * 20.0);
        for _ in 0..2 + r.below(4) {
            let mut e = blank(
                t,
                uid(ctx.seed, UID_TAG, ctx.unit.sequence_base() + ATTACK_INDEX + k),
                Proto::Tcp,
            );
            k += 1;
            e.orig_h = Addr::Str(&host.ip_str);
            e.orig_p = ephemeral_port(&mut r);
            e.resp_h = attacker_addr(org, a.attacker_ip);
            e.resp_p = port;
            e.local_resp = is_local(a.attacker_ip);
            e.service = if port == 443 { "ssl" } else { "" };
            e.history = "ShADadFf";
            e.orig_bytes = (3e8 * 10f64.powf(r.f64())) as u64;
            e.resp_bytes = r.lognormal(60_000.0, 1.0) as u64;
            let rate = 1e6 * (1.0 + 7.0 * r.f64());
            e.duration = seconds((e.orig_bytes as f64 / rate).min(2400.0));
            (e.orig_pkts, e.resp_pkts) = tcp_packets(e.history, e.orig_bytes, e.resp_bytes);
            finish(&mut e, 1);
            labels.push(Label {
                attack_id: a.id.clone(),
                kind: a.kind,
                source: SourceKind::ZeekConn,
                event_key: uid_str(&e.uid).to_string(),
                time: e.ts,
            });
            t += seconds(30.0 + r.f64() * 270.0);
            out.push(e);
        }
    }
}

const FIELDS: &[(&str, &str)] = &[
    ("ts", "time"),
    ("uid", "string"),
    ("id.orig_h", "addr"),
    ("id.orig_p", "port"),
    ("id.resp_h", "addr"),
    ("id.resp_p", "port"),
    ("proto", "enum"),
    ("service", "string"),
    ("duration", "interval"),
    ("orig_bytes", "count"),
    ("resp_bytes", "count"),
    ("conn_state", "string"),
    ("local_orig", "bool"),
    ("local_resp", "bool"),
    ("missed_bytes", "count"),
    ("history", "string"),
    ("orig_pkts", "count"),
    ("orig_ip_bytes", "count"),
    ("resp_pkts", "count"),
    ("resp_ip_bytes", "count"),
    ("tunnel_parents", "set[string]"),
    ("ip_proto", "count"),
];

#[inline]
fn push_str_or_unset(out: &mut Vec<u8>, s: &str) {
    if s.is_empty() {
        out.push(b'-');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

fn push_tsv(out: &mut Vec<u8>, e: &ConnEvent<'_>) {
    push_epoch_micros(out, e.ts);
    out.push(b'\t');
    out.extend_from_slice(&e.uid);
    out.push(b'\t');
    e.orig_h.push(out);
    out.push(b'\t');
    push_u64(out, e.orig_p as u64);
    out.push(b'\t');
    e.resp_h.push(out);
    out.push(b'\t');
    push_u64(out, e.resp_p as u64);
    out.push(b'\t');
    out.extend_from_slice(e.proto.name().as_bytes());
    out.push(b'\t');
    push_str_or_unset(out, e.service);
    out.push(b'\t');
    if e.has_duration() {
        push_seconds(out, e.duration);
        out.push(b'\t');
        push_u64(out, e.orig_bytes);
        out.push(b'\t');
        push_u64(out, e.resp_bytes);
    } else {
        out.extend_from_slice(b"-\t-\t-");
    }
    out.push(b'\t');
    out.extend_from_slice(e.state.name().as_bytes());
    out.push(b'\t');
    push_bool_tsv(out, e.local_orig);
    out.push(b'\t');
    push_bool_tsv(out, e.local_resp);
    out.extend_from_slice(b"\t0\t");
    push_str_or_unset(out, e.history);
    for v in [e.orig_pkts, e.orig_ip_bytes, e.resp_pkts, e.resp_ip_bytes] {
        out.push(b'\t');
        push_u64(out, v);
    }
    out.extend_from_slice(b"\t-\t");
    push_u64(out, e.proto.number() as u64);
    out.push(b'\n');
}

fn push_json(out: &mut Vec<u8>, e: &ConnEvent<'_>) {
    out.extend_from_slice(b"{\"ts\":");
    push_epoch_micros(out, e.ts);
    out.extend_from_slice(b",\"uid\":\"");
    out.extend_from_slice(&e.uid);
    out.extend_from_slice(b"\",\"id.orig_h\":\"");
    e.orig_h.push(out);
    out.extend_from_slice(b"\",\"id.orig_p\":");
    push_u64(out, e.orig_p as u64);
    out.extend_from_slice(b",\"id.resp_h\":\"");
    e.resp_h.push(out);
    out.extend_from_slice(b"\",\"id.resp_p\":");
    push_u64(out, e.resp_p as u64);
    out.extend_from_slice(b",\"proto\":\"");
    out.extend_from_slice(e.proto.name().as_bytes());
    out.push(b'"');
    if !e.service.is_empty() {
        out.extend_from_slice(b",\"service\":\"");
        out.extend_from_slice(e.service.as_bytes());
        out.push(b'"');
    }
    if e.has_duration() {
        out.extend_from_slice(b",\"duration\":");
        push_seconds(out, e.duration);
        out.extend_from_slice(b",\"orig_bytes\":");
        push_u64(out, e.orig_bytes);
        out.extend_from_slice(b",\"resp_bytes\":");
        push_u64(out, e.resp_bytes);
    }
    out.extend_from_slice(b",\"conn_state\":\"");
    out.extend_from_slice(e.state.name().as_bytes());
    out.extend_from_slice(b"\",\"local_orig\":");
    push_bool_json(out, e.local_orig);
    out.extend_from_slice(b",\"local_resp\":");
    push_bool_json(out, e.local_resp);
    out.extend_from_slice(b",\"missed_bytes\":0");
    if !e.history.is_empty() {
        out.extend_from_slice(b",\"history\":\"");
        out.extend_from_slice(e.history.as_bytes());
        out.push(b'"');
    }
    for (k, v) in [
        (&b",\"orig_pkts\":"[..], e.orig_pkts),
        (b",\"orig_ip_bytes\":", e.orig_ip_bytes),
        (b",\"resp_pkts\":", e.resp_pkts),
        (b",\"resp_ip_bytes\":", e.resp_ip_bytes),
    ] {
        out.extend_from_slice(k);
        push_u64(out, v);
    }
    out.extend_from_slice(b",\"ip_proto\":");
    push_u64(out, e.proto.number() as u64);
    out.extend_from_slice(b"}\n");
}

impl Source for ZeekConn {
    type Event<'a> = ConnEvent<'a>;

    fn schema() -> SchemaRef {
        let f = |n: &str, t: DataType, null: bool| Field::new(n, t, null);
        let mut fields = super::connection_fields();
        fields.extend([
            f("service", DataType::Utf8, true),
            f("duration", DataType::Float64, true),
            f("orig_bytes", DataType::Int64, true),
            f("resp_bytes", DataType::Int64, true),
            f("conn_state", DataType::Utf8, false),
            f("local_orig", DataType::Boolean, false),
            f("local_resp", DataType::Boolean, false),
            f("missed_bytes", DataType::Int64, false),
            f("history", DataType::Utf8, true),
            f("orig_pkts", DataType::Int64, false),
            f("orig_ip_bytes", DataType::Int64, false),
            f("resp_pkts", DataType::Int64, false),
            f("resp_ip_bytes", DataType::Int64, false),
            f("tunnel_parents", DataType::Utf8, true),
            f("ip_proto", DataType::Int32, false),
        ]);
        Arc::new(Schema::new(fields))
    }

    fn generate<'a>(ctx: &BlockCtx<'a>, out: &mut Vec<ConnEvent<'a>>, labels: &mut Vec<Label>) {
        let mut rng = ctx.rng();
        let u = &ctx.unit;
        let base = u.sequence_base();
        let width = (u.end - u.start).max(1) as u64;
        let t = tables();
        for i in 0..u.events as u64 {
            let ts = u.start + rng.below(width) as i64;
            let p = &PROFILES[*t.profiles.sample(&mut rng)].0;
            out.push(background_row(ctx.org, &mut rng, p, ts, uid(ctx.seed, UID_TAG, base + i)));
        }
        dns_rows(ctx, out, labels);
        inject(ctx, out, labels);
        crate::sort_rows(out, |e| e.end());
    }

    fn write_raw(ctx: &BlockCtx<'_>, events: &[ConnEvent<'_>], docs: &mut Vec<RawDoc>) {
        super::write_log(ctx, "conn", FIELDS, events, 240, push_json, push_tsv, docs);
    }

    fn time_key(e: &ConnEvent<'_>) -> i64 {
        e.ts
    }

    fn to_batch(_ctx: &BlockCtx<'_>, events: &[ConnEvent<'_>]) -> RecordBatch {
        let n = events.len();
        let mut uid_b = StringBuilder::with_capacity(n, n * 18);
        let mut orig_h = StringBuilder::with_capacity(n, n * 12);
        let mut resp_h = StringBuilder::with_capacity(n, n * 14);
        let mut proto = StringBuilder::with_capacity(n, n * 3);
        let mut service = StringBuilder::with_capacity(n, n * 4);
        let mut state = StringBuilder::with_capacity(n, n * 3);
        let mut history = StringBuilder::with_capacity(n, n * 8);
        let mut duration = Float64Builder::with_capacity(n);
        let mut orig_bytes = Int64Builder::with_capacity(n);
        let mut resp_bytes = Int64Builder::with_capacity(n);
        let mut buf = Vec::with_capacity(16);
        let mut addr = |b: &mut StringBuilder, a: &Addr<'_>| match a {
            Addr::Str(s) => b.append_value(s),
            Addr::V4(_) => {
                buf.clear();
                a.push(&mut buf);
                b.append_value(std::str::from_utf8(&buf).expect("ascii"));
            }
        };
        for e in events {
            uid_b.append_value(uid_str(&e.uid));
            addr(&mut orig_h, &e.orig_h);
            addr(&mut resp_h, &e.resp_h);
            proto.append_value(e.proto.name());
            service.append_option((!e.service.is_empty()).then_some(e.service));
            state.append_value(e.state.name());
            history.append_option((!e.history.is_empty()).then_some(e.history));
            let set = e.has_duration();
            duration.append_option(set.then(|| e.duration as f64 / 1e6));
            orig_bytes.append_option(set.then_some(e.orig_bytes as i64));
            resp_bytes.append_option(set.then_some(e.resp_bytes as i64));
        }
        let i32s = |f: &dyn Fn(&ConnEvent) -> i32| -> ArrayRef {
            Arc::new(events.iter().map(|e| Some(f(e))).collect::<Int32Array>())
        };
        let i64s = |f: &dyn Fn(&ConnEvent) -> u64| -> ArrayRef {
            Arc::new(Int64Array::from_iter_values(events.iter().map(|e| f(e) as i64)))
        };
        let bools = |f: &dyn Fn(&ConnEvent) -> bool| -> ArrayRef {
            let mut b = BooleanBuilder::with_capacity(n);
            events.iter().for_each(|e| b.append_value(f(e)));
            Arc::new(b.finish())
        };
        let cols: Vec<ArrayRef> = vec![
            Arc::new(
                TimestampMicrosecondArray::from_iter_values(events.iter().map(|e| e.ts))
                    .with_timezone(UTC),
            ),
            Arc::new(uid_b.finish()),
            Arc::new(orig_h.finish()),
            i32s(&|e| e.orig_p as i32),
            Arc::new(resp_h.finish()),
            i32s(&|e| e.resp_p as i32),
            Arc::new(proto.finish()),
            Arc::new(service.finish()),
            Arc::new(duration.finish()),
            Arc::new(orig_bytes.finish()),
            Arc::new(resp_bytes.finish()),
            Arc::new(state.finish()),
            bools(&|e| e.local_orig),
            bools(&|e| e.local_resp),
            i64s(&|_| 0),
            Arc::new(history.finish()),
            i64s(&|e| e.orig_pkts),
            i64s(&|e| e.orig_ip_bytes),
            i64s(&|e| e.resp_pkts),
            i64s(&|e| e.resp_ip_bytes),
            new_null_array(&DataType::Utf8, n),
            i32s(&|e| e.proto.number() as i32),
        ];
        RecordBatch::try_new(Self::schema(), cols).expect("conn batch matches its schema")
    }
}
