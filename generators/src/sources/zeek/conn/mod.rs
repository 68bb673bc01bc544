//! conn.log: one row per connection, as Zeek writes it when the connection ends.
//!
//! The state machine matters more than any single value: `conn_state` and `history` must agree
//! (SF ⇒ a handshake and FINs, S0 ⇒ `S` alone, REJ ⇒ `Sr`, RSTO/RSTR ⇒ the side that reset),
//! packet counts follow from the history and the payload, `*_ip_bytes` = payload + 40 bytes per
//! TCP packet (28 for UDP/ICMP) + SYN options, and — as in Zeek, which sets them only when the
//! connection lasted longer than zero — `duration`/`orig_bytes`/`resp_bytes` are unset (`-`) for
//! single-packet connections (a lone SYN, a lone LLMNR query, an unanswered DNS query).
//! `service` is unset when no payload was exchanged, since Zeek names it from the payload.
//!
//! This module generates the rows; `profiles` holds the connection kinds and their weights,
//! `output` the TSV/JSON lines and the Arrow batch.

mod output;
mod profiles;

use super::dns::{attacker_addr, DnsEvent, ZeekDns};
use super::{ephemeral_port, is_local, uid, uid_str, Addr, Proto, Uid};
use crate::attacks::{AttackKind, Label};
use crate::entities::Org;
use crate::fmt::{Micros, MICROS_PER_SEC};
use crate::rng::Rng;
use crate::{BlockCtx, RawDoc, Source, SourceKind};
use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use profiles::{tables, Dst, Exchange, Port, Profile, PROFILES};
use Dst::*;
use Exchange::*;
use Port::*;

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

impl Source for ZeekConn {
    type Event<'a> = ConnEvent<'a>;

    fn schema() -> SchemaRef {
        output::schema()
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
        super::write_log(
            ctx,
            "conn",
            output::FIELDS,
            events,
            240,
            output::push_json,
            output::push_tsv,
            docs,
        );
    }

    fn time_key(e: &ConnEvent<'_>) -> i64 {
        e.ts
    }

    fn to_batch(_ctx: &BlockCtx<'_>, events: &[ConnEvent<'_>]) -> RecordBatch {
        output::to_batch(events)
    }
}
