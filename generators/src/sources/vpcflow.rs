//! AWS VPC Flow Logs delivered to S3: one file per account per unit, header line first.
//!
//! Flows come from the organisation's EC2 instances (`Org::aws_accounts[..].instances`):
//! egress to internet services (with the response record on the same ENI), instance-to-instance
//! traffic inside the VPC (recorded on both ENIs, each direction separately), inbound requests to
//! public services, and the constant background of internet scanners hitting security groups
//! (REJECT, a SYN or two). Each direction of a flow is its own record; `start`/`end` are unix
//! seconds inside the account's aggregation interval (600 s default, 60 s for some accounts).
//! NODATA/SKIPDATA records are rare and have `-` for addressing, counters and action.
//!
//! Formats: the default version 2 (`version account-id interface-id srcaddr dstaddr srcport
//! dstport protocol packets bytes start end action log-status`) or, with `vpc_flow = "v5"`, a
//! custom version-5 format with those fields followed by `vpc-id subnet-id instance-id tcp-flags
//! type pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id pkt-src-aws-service
//! pkt-dst-aws-service flow-direction traffic-path`. The Arrow table always holds the v5
//! superset — the generator knows every value whatever the raw format, and a v2 file simply does
//! not print the extra fields — with `version` the version actually delivered (2 or 5).
//!
//! Labels: `event_key` = `"{interface_id}:{srcaddr}:{srcport}:{dstaddr}:{dstport}:{start}"`
//! (`start` in unix seconds), which identifies a record in the table.

use crate::attacks::{AttackKind, Label};
use crate::entities::{Instance, Org};
use crate::fmt::{civil, push_hex_fixed, push_padded, push_u64, MICROS_PER_SEC};
use crate::labels::{ts_type, UTC};
use crate::rng::{derive, Rng};
use crate::scenario::VpcFlowFormat;
use crate::sources::zeek::Addr;
use crate::{BlockCtx, RawDoc, Source, SourceKind};
use arrow_array::builder::{Int32Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, Int32Array, RecordBatch, StringArray, TimestampMicrosecondArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use std::sync::Arc;

pub struct VpcFlow;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Accept,
    Reject,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogStatus {
    Ok,
    NoData,
    SkipData,
}

impl LogStatus {
    pub fn name(self) -> &'static str {
        match self {
            LogStatus::Ok => "OK",
            LogStatus::NoData => "NODATA",
            LogStatus::SkipData => "SKIPDATA",
        }
    }
}

/// One flow record as seen on one network interface.
#[derive(Clone, Debug)]
pub struct FlowEvent<'a> {
    /// Index into `Org::aws_accounts`.
    pub account: usize,
    pub instance: &'a Instance,
    pub srcaddr: Addr<'a>,
    pub dstaddr: Addr<'a>,
    pub srcport: u16,
    pub dstport: u16,
    /// IANA number: 6 TCP, 17 UDP, 1 ICMP.
    pub protocol: u8,
    pub packets: u64,
    pub bytes: u64,
    /// Unix seconds.
    pub start: i64,
    pub end: i64,
    pub action: Action,
    pub log_status: LogStatus,
    /// OR of SYN 2, FIN 1, RST 4, SYN-ACK 18 seen in the interval.
    pub tcp_flags: u8,
    /// Empty = `-`.
    pub pkt_src_aws_service: &'static str,
    pub pkt_dst_aws_service: &'static str,
    pub egress: bool,
    /// 1 = inside the VPC, 8 = internet gateway; 0 = `-` (ingress).
    pub traffic_path: u8,
}

impl FlowEvent<'_> {
    fn has_data(&self) -> bool {
        self.log_status == LogStatus::Ok
    }

    /// The label key of this record (see the module docs).
    pub fn event_key(&self) -> String {
        let mut v = Vec::with_capacity(96);
        v.extend_from_slice(self.instance.eni.as_bytes());
        v.push(b':');
        self.srcaddr.push(&mut v);
        v.push(b':');
        push_u64(&mut v, self.srcport as u64);
        v.push(b':');
        self.dstaddr.push(&mut v);
        v.push(b':');
        push_u64(&mut v, self.dstport as u64);
        v.push(b':');
        push_u64(&mut v, self.start as u64);
        String::from_utf8(v).expect("ascii")
    }
}

/// Aggregation interval of an account's flow log: the 10-minute default, 1 minute for some.
fn interval(account: usize) -> i64 {
    if account % 3 == 1 {
        60
    } else {
        600
    }
}

/// AZ ids of the home regions the organisation model uses, by subnet.
fn az_id(region: &str, subnet: usize) -> &'static str {
    const USE1: [&str; 4] = ["use1-az1", "use1-az2", "use1-az4", "use1-az6"];
    const USW2: [&str; 4] = ["usw2-az1", "usw2-az2", "usw2-az3", "usw2-az4"];
    const EUW1: [&str; 4] = ["euw1-az1", "euw1-az2", "euw1-az3", "euw1-az1"];
    match region {
        "us-west-2" => USW2[subnet % 4],
        "eu-west-1" => EUW1[subnet % 4],
        _ => USE1[subnet % 4],
    }
}

/// Ports internet scanners probe.
const SCAN_PORTS: &[u16] = &[
    22, 23, 3389, 445, 80, 443, 8080, 1433, 3306, 5432, 6379, 5900, 9200, 2375, 8443, 21, 25,
    11211, 27017, 6443,
];
/// Service ports between instances.
const INTERNAL_PORTS: &[u16] = &[443, 5432, 3306, 6379, 8080, 9200, 2049, 22, 8443, 9092];
const AWS_SERVICES: &[&str] = &["S3", "AMAZON", "EC2", "CLOUDFRONT", "DYNAMODB"];

/// A Linux ephemeral port (instances run Linux: 32768–60999).
fn linux_port(rng: &mut Rng) -> u16 {
    32768 + rng.below(28232) as u16
}

fn packets_for(bytes: u64, avg: u64) -> u64 {
    bytes.div_ceil(avg).max(1)
}

/// Background records for one unit.
fn background<'a>(ctx: &BlockCtx<'a>, rng: &mut Rng, out: &mut Vec<FlowEvent<'a>>) {
    let org = ctx.org;
    if org.aws_accounts.is_empty() {
        return;
    }
    let u = &ctx.unit;
    let n = u.events as usize;
    let first = out.len();
    let width = (u.end - u.start).max(1) as u64;
    while out.len() - first < n {
        let account = rng.skewed(org.aws_accounts.len(), 1.3);
        let acct = &org.aws_accounts[account];
        let inst = &acct.instances[rng.skewed(acct.instances.len(), 1.5)];
        let start = (u.start + rng.below(width) as i64).div_euclid(MICROS_PER_SEC);
        let agg = interval(account);
        let end = start + (rng.lognormal(2.0, 2.0) as i64).clamp(0, agg - 1);
        let me = Addr::Str(&inst.private_ip_str);
        let rec = |src: Addr<'a>, dst: Addr<'a>, sp: u16, dp: u16, egress: bool| FlowEvent {
            account,
            instance: inst,
            srcaddr: src,
            dstaddr: dst,
            srcport: sp,
            dstport: dp,
            protocol: 6,
            packets: 1,
            bytes: 40,
            start,
            end,
            action: Action::Accept,
            log_status: LogStatus::Ok,
            tcp_flags: 0,
            pkt_src_aws_service: "",
            pkt_dst_aws_service: "",
            egress,
            traffic_path: if egress { 8 } else { 0 },
        };
        let x = rng.below(1000);
        if x < 3 {
            // The interface saw nothing (NODATA) or records were dropped (SKIPDATA).
            let mut r = rec(me, me, 0, 0, false);
            r.log_status = if x == 0 { LogStatus::SkipData } else { LogStatus::NoData };
            r.end = start + agg - 1;
            out.push(r);
            continue;
        }
        // Flow kinds out of 192; with 2 records per egress/inbound flow and 4 per internal one,
        // about 70 % of records are ACCEPT.
        let kind = rng.below(192);
        if kind < 92 {
            // Internet scanner against the security group: a SYN or two, rejected.
            let ext = org.external_ip(rng) + 1000;
            let src = Addr::Str(&org.external_ip_strs[ext % org.external_ip_strs.len()]);
            let mut r = rec(src, me, rng.range(1024, 65535) as u16, *rng.pick(SCAN_PORTS), false);
            r.action = Action::Reject;
            if rng.chance(0.1) {
                (r.protocol, r.srcport, r.dstport, r.bytes) = (1, 0, 0, 60);
            } else {
                r.packets = 1 + u64::from(rng.chance(0.3));
                r.bytes = r.packets * *rng.pick(&[40u64, 44, 60]);
                r.tcp_flags = 2;
            }
            r.end = start + rng.below(2) as i64;
            out.push(r);
        } else if kind < 94 {
            // Egress denied by a network ACL.
            let ext = Addr::Str(&org.external_ip_strs[org.external_ip(rng)]);
            let mut r = rec(me, ext, linux_port(rng), *rng.pick(&[25u16, 6667, 4444, 23]), true);
            (r.action, r.packets, r.bytes, r.tcp_flags) = (Action::Reject, 2, 120, 2);
            out.push(r);
        } else if kind < 174 {
            // Egress to an internet service, and its response.
            let i = org.external_ip(rng);
            let ext = Addr::Str(&org.external_ip_strs[i]);
            let svc = if rng.chance(0.2) { *rng.pick(AWS_SERVICES) } else { "" };
            let sp = linux_port(rng);
            let dp = if rng.chance(0.9) { 443 } else { 80 };
            let mut req = rec(me, ext, sp, dp, true);
            req.bytes = rng.lognormal(1500.0, 1.5) as u64 + 120;
            req.packets = packets_for(req.bytes, 300);
            req.tcp_flags = if end > start { 3 } else { 2 };
            req.pkt_dst_aws_service = svc;
            let mut resp = rec(ext, me, dp, sp, false);
            resp.bytes = rng.lognormal(8000.0, 2.2) as u64 + 80;
            if rng.chance(0.02) {
                resp.bytes += rng.pareto(1e6, 1.1).min(5e9) as u64;
            }
            resp.packets = packets_for(resp.bytes, 1200);
            resp.tcp_flags = if end > start { 19 } else { 18 };
            resp.pkt_src_aws_service = svc;
            if rng.chance(0.05) {
                // NTP to a public pool server (UDP has no flags).
                for r in [&mut req, &mut resp] {
                    (r.protocol, r.tcp_flags, r.packets, r.bytes) = (17, 0, 1, 76);
                }
                (req.dstport, resp.srcport) = (123, 123);
            }
            out.push(req);
            out.push(resp);
        } else if kind < 186 {
            // Instance to instance in the VPC: both directions on both interfaces.
            let peer = &acct.instances[rng.below_usize(acct.instances.len())];
            let them = Addr::Str(&peer.private_ip_str);
            let sp = linux_port(rng);
            let dp = *rng.pick(INTERNAL_PORTS);
            let req_bytes = rng.lognormal(900.0, 1.5) as u64 + 120;
            let resp_bytes = rng.lognormal(6000.0, 2.0) as u64 + 80;
            for (on, egress_req) in [(inst, true), (peer, false)] {
                let mut req = rec(me, them, sp, dp, egress_req);
                let mut resp = rec(them, me, dp, sp, !egress_req);
                req.instance = on;
                resp.instance = on;
                (req.bytes, req.packets, req.tcp_flags) =
                    (req_bytes, packets_for(req_bytes, 300), 3);
                (resp.bytes, resp.packets, resp.tcp_flags) =
                    (resp_bytes, packets_for(resp_bytes, 1200), 19);
                for r in [&mut req, &mut resp] {
                    r.traffic_path = if r.egress { 1 } else { 0 };
                }
                out.push(req);
                out.push(resp);
            }
        } else {
            // A client on the internet using a public service on the instance.
            let ext = Addr::Str(&org.external_ip_strs[org.external_ip(rng)]);
            let sp = rng.range(1024, 65535) as u16;
            let dp = if rng.chance(0.85) { 443 } else { 80 };
            let mut req = rec(ext, me, sp, dp, false);
            req.bytes = rng.lognormal(1200.0, 1.2) as u64 + 120;
            req.packets = packets_for(req.bytes, 300);
            req.tcp_flags = 3;
            let mut resp = rec(me, ext, dp, sp, true);
            resp.bytes = rng.lognormal(15000.0, 2.0) as u64 + 80;
            resp.packets = packets_for(resp.bytes, 1200);
            resp.tcp_flags = 19;
            out.push(req);
            out.push(resp);
        }
    }
}

/// Exfiltration: an instance pushes hundreds of MB per interval to the attacker over several
/// consecutive aggregation intervals (the egress records), with the small ACK streams back.
fn inject<'a>(ctx: &BlockCtx<'a>, out: &mut Vec<FlowEvent<'a>>, labels: &mut Vec<Label>) {
    let org = ctx.org;
    if org.aws_accounts.is_empty() {
        return;
    }
    for a in ctx.attacks.iter().filter(|a| a.kind == AttackKind::Exfiltration) {
        let mut r = a.rng();
        let account = r.below_usize(org.aws_accounts.len());
        let acct = &org.aws_accounts[account];
        let inst = &acct.instances[r.below_usize(acct.instances.len())];
        let attacker = crate::sources::zeek::attacker_addr(org, a.attacker_ip);
        let me = Addr::Str(&inst.private_ip_str);
        let agg = interval(account);
        let windows = (2 + r.below(4) as i64).min(3000 / agg).max(1);
        let sp = linux_port(&mut r);
        let dp = if r.chance(0.7) { 443 } else { 8443 };
        let t0 = a.start.div_euclid(MICROS_PER_SEC) + 5 + r.below(30) as i64;
        for w in 0..windows {
            let start = t0 + w * agg;
            let (first, last) = (w == 0, w == windows - 1);
            let bytes = 10f64.powf(8.0 + 1.2 * r.f64()) as u64;
            let flags = |syn: u8| u8::from(last) | if first { syn } else { 0 };
            let mk = |src: Addr<'a>,
                      dst: Addr<'a>,
                      spp: u16,
                      dpp: u16,
                      egress: bool,
                      bytes: u64,
                      avg: u64,
                      tcp_flags: u8| FlowEvent {
                account,
                instance: inst,
                srcaddr: src,
                dstaddr: dst,
                srcport: spp,
                dstport: dpp,
                protocol: 6,
                packets: packets_for(bytes, avg),
                bytes,
                start,
                end: start + agg - 1 - (r_jitter(a.seed, w) % 5),
                action: Action::Accept,
                log_status: LogStatus::Ok,
                tcp_flags,
                pkt_src_aws_service: "",
                pkt_dst_aws_service: "",
                egress,
                traffic_path: if egress { 8 } else { 0 },
            };
            let up = mk(me, attacker, sp, dp, true, bytes, 1400, flags(2));
            let down = mk(attacker, me, dp, sp, false, bytes / 700 + 400, 60, flags(18));
            for rec in [up, down] {
                labels.push(Label {
                    attack_id: a.id.clone(),
                    kind: a.kind,
                    source: SourceKind::VpcFlow,
                    event_key: rec.event_key(),
                    time: rec.start * MICROS_PER_SEC,
                });
                out.push(rec);
            }
        }
    }
}

/// Small deterministic jitter of an attack record's end within its interval.
fn r_jitter(seed: u64, w: i64) -> i64 {
    (derive(seed, &[0xe4d, w as u64]) % 97) as i64
}

fn push_field_sep(out: &mut Vec<u8>) {
    out.push(b' ');
}

fn push_opt_str(out: &mut Vec<u8>, s: &str) {
    out.push(b' ');
    if s.is_empty() {
        out.push(b'-');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

const V2_HEADER: &str = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";
const V5_EXTRA: &str = " vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path";

fn push_record(out: &mut Vec<u8>, org: &Org, e: &FlowEvent<'_>, v5: bool) {
    let acct = &org.aws_accounts[e.account];
    out.extend_from_slice(if v5 { b"5 " } else { b"2 " });
    out.extend_from_slice(acct.id.as_bytes());
    out.push(b' ');
    out.extend_from_slice(e.instance.eni.as_bytes());
    let data = e.has_data();
    if data {
        push_field_sep(out);
        e.srcaddr.push(out);
        push_field_sep(out);
        e.dstaddr.push(out);
        for v in [e.srcport as u64, e.dstport as u64, e.protocol as u64, e.packets, e.bytes] {
            out.push(b' ');
            push_u64(out, v);
        }
    } else {
        out.extend_from_slice(b" - - - - - - -");
    }
    out.push(b' ');
    push_u64(out, e.start as u64);
    out.push(b' ');
    push_u64(out, e.end as u64);
    out.extend_from_slice(match (data, e.action) {
        (false, _) => b" - ",
        (true, Action::Accept) => b" ACCEPT ",
        (true, Action::Reject) => b" REJECT ",
    });
    out.extend_from_slice(e.log_status.name().as_bytes());
    if v5 {
        push_opt_str(out, &acct.vpc_id);
        push_opt_str(out, &e.instance.subnet_id);
        push_opt_str(out, &e.instance.id);
        if data {
            out.push(b' ');
            push_u64(out, e.tcp_flags as u64);
            out.extend_from_slice(b" IPv4 ");
            e.srcaddr.push(out);
            out.push(b' ');
            e.dstaddr.push(out);
        } else {
            out.extend_from_slice(b" - - - -");
        }
        push_opt_str(out, acct.home_region);
        push_opt_str(out, az_id(acct.home_region, subnet_index(e)));
        out.extend_from_slice(b" - -");
        push_opt_str(out, e.pkt_src_aws_service);
        push_opt_str(out, e.pkt_dst_aws_service);
        push_opt_str(
            out,
            if !data {
                ""
            } else if e.egress {
                "egress"
            } else {
                "ingress"
            },
        );
        out.push(b' ');
        if data && e.traffic_path > 0 {
            push_u64(out, e.traffic_path as u64);
        } else {
            out.push(b'-');
        }
    }
    out.push(b'\n');
}

/// Instances are spread over four subnets round-robin (see `Org::build`); recover the index
/// from the last octet layout so the AZ follows the subnet.
fn subnet_index(e: &FlowEvent<'_>) -> usize {
    ((e.instance.private_ip >> 8) & 0x3) as usize
}

/// `AWSLogs/<acct>/vpcflowlogs/<region>/YYYY/MM/DD/<acct>_vpcflowlogs_<region>_fl-<17 hex>_<stem>.log`
fn doc_name(ctx: &BlockCtx<'_>, account: usize) -> String {
    let acct = &ctx.org.aws_accounts[account];
    let c = civil(ctx.slot_start());
    let mut v = Vec::with_capacity(160);
    v.extend_from_slice(b"AWSLogs/");
    v.extend_from_slice(acct.id.as_bytes());
    v.extend_from_slice(b"/vpcflowlogs/");
    v.extend_from_slice(acct.home_region.as_bytes());
    for (x, w) in [(c.year as u64, 4), (c.month as u64, 2), (c.day as u64, 2)] {
        v.push(b'/');
        push_padded(&mut v, x, w);
    }
    v.push(b'/');
    v.extend_from_slice(acct.id.as_bytes());
    v.extend_from_slice(b"_vpcflowlogs_");
    v.extend_from_slice(acct.home_region.as_bytes());
    v.extend_from_slice(b"_fl-");
    let id = derive(ctx.seed, &[0xf10, account as u64]);
    push_hex_fixed(&mut v, id >> 60, 1, false);
    push_hex_fixed(&mut v, id, 16, false);
    v.push(b'_');
    v.extend_from_slice(ctx.doc_stem().as_bytes());
    v.extend_from_slice(b".log");
    String::from_utf8(v).expect("ascii")
}

/// A non-null Utf8 column of one borrowed string per event.
fn str_col<'e, T>(events: &'e [T], f: impl Fn(&'e T) -> &'e str) -> ArrayRef {
    Arc::new(StringArray::from_iter_values(events.iter().map(f)))
}

impl Source for VpcFlow {
    type Event<'a> = FlowEvent<'a>;

    fn schema() -> SchemaRef {
        let s = |n: &str, null: bool| Field::new(n, DataType::Utf8, null);
        let i = |n: &str, t: DataType| Field::new(n, t, true);
        Arc::new(Schema::new(vec![
            Field::new("version", DataType::Int32, false),
            s("account_id", false),
            s("interface_id", false),
            s("srcaddr", true),
            s("dstaddr", true),
            i("srcport", DataType::Int32),
            i("dstport", DataType::Int32),
            i("protocol", DataType::Int32),
            i("packets", DataType::Int64),
            i("bytes", DataType::Int64),
            Field::new("start_time", ts_type(), false),
            Field::new("end_time", ts_type(), false),
            s("action", true),
            s("log_status", false),
            s("vpc_id", false),
            s("subnet_id", false),
            s("instance_id", false),
            i("tcp_flags", DataType::Int32),
            s("type", true),
            s("pkt_srcaddr", true),
            s("pkt_dstaddr", true),
            s("region", false),
            s("az_id", false),
            s("sublocation_type", true),
            s("sublocation_id", true),
            s("pkt_src_aws_service", true),
            s("pkt_dst_aws_service", true),
            s("flow_direction", true),
            i("traffic_path", DataType::Int32),
        ]))
    }

    fn generate<'a>(ctx: &BlockCtx<'a>, out: &mut Vec<FlowEvent<'a>>, labels: &mut Vec<Label>) {
        let mut rng = ctx.rng();
        background(ctx, &mut rng, out);
        inject(ctx, out, labels);
        crate::sort_rows(out, |e| ((e.account as i64) << 40) | e.start);
    }

    fn write_raw(ctx: &BlockCtx<'_>, events: &[FlowEvent<'_>], docs: &mut Vec<RawDoc>) {
        let v5 = ctx.formats.vpc_flow == VpcFlowFormat::V5;
        for group in events.chunk_by(|a, b| a.account == b.account) {
            let mut out = crate::buffers::take(group.len() * if v5 { 260 } else { 110 } + 512);
            out.extend_from_slice(V2_HEADER.as_bytes());
            if v5 {
                out.extend_from_slice(V5_EXTRA.as_bytes());
            }
            out.push(b'\n');
            group.iter().for_each(|e| push_record(&mut out, ctx.org, e, v5));
            docs.push(RawDoc { name: doc_name(ctx, group[0].account), bytes: out });
        }
    }

    fn time_key(e: &FlowEvent<'_>) -> i64 {
        e.start
    }

    fn to_batch(ctx: &BlockCtx<'_>, events: &[FlowEvent<'_>]) -> RecordBatch {
        let org = ctx.org;
        let n = events.len();
        let version = if ctx.formats.vpc_flow == VpcFlowFormat::V5 { 5 } else { 2 };
        let mut buf = Vec::with_capacity(16);
        let mut addr = |b: &mut StringBuilder, a: &Addr<'_>| {
            buf.clear();
            a.push(&mut buf);
            b.append_value(std::str::from_utf8(&buf).expect("ascii"));
        };
        let mut src = StringBuilder::with_capacity(n, n * 13);
        let mut dst = StringBuilder::with_capacity(n, n * 13);
        let (mut sp, mut dp, mut proto, mut flags, mut path) = (
            Int32Builder::with_capacity(n),
            Int32Builder::with_capacity(n),
            Int32Builder::with_capacity(n),
            Int32Builder::with_capacity(n),
            Int32Builder::with_capacity(n),
        );
        let (mut packets, mut bytes) =
            (Int64Builder::with_capacity(n), Int64Builder::with_capacity(n));
        let (mut action, mut ty, mut dir, mut ssvc, mut dsvc) = (
            StringBuilder::new(),
            StringBuilder::new(),
            StringBuilder::new(),
            StringBuilder::new(),
            StringBuilder::new(),
        );
        for e in events {
            if e.has_data() {
                addr(&mut src, &e.srcaddr);
                addr(&mut dst, &e.dstaddr);
            } else {
                src.append_null();
                dst.append_null();
            }
            let d = e.has_data();
            sp.append_option(d.then_some(e.srcport as i32));
            dp.append_option(d.then_some(e.dstport as i32));
            proto.append_option(d.then_some(e.protocol as i32));
            packets.append_option(d.then_some(e.packets as i64));
            bytes.append_option(d.then_some(e.bytes as i64));
            flags.append_option(d.then_some(e.tcp_flags as i32));
            path.append_option((d && e.traffic_path > 0).then_some(e.traffic_path as i32));
            action.append_option(d.then_some(if e.action == Action::Accept {
                "ACCEPT"
            } else {
                "REJECT"
            }));
            ty.append_option(d.then_some("IPv4"));
            dir.append_option(d.then_some(if e.egress { "egress" } else { "ingress" }));
            ssvc.append_option(
                (!e.pkt_src_aws_service.is_empty()).then_some(e.pkt_src_aws_service),
            );
            dsvc.append_option(
                (!e.pkt_dst_aws_service.is_empty()).then_some(e.pkt_dst_aws_service),
            );
        }
        let ts = |f: &dyn Fn(&FlowEvent) -> i64| -> ArrayRef {
            Arc::new(
                TimestampMicrosecondArray::from_iter_values(
                    events.iter().map(|e| f(e) * MICROS_PER_SEC),
                )
                .with_timezone(UTC),
            )
        };
        let nulls = || -> ArrayRef { arrow_array::new_null_array(&DataType::Utf8, n) };
        let (src, dst) = (Arc::new(src.finish()) as ArrayRef, Arc::new(dst.finish()) as ArrayRef);
        let acct = |e: &FlowEvent| &org.aws_accounts[e.account];
        let cols: Vec<ArrayRef> = vec![
            Arc::new(Int32Array::from_iter_values(std::iter::repeat_n(version, n))),
            str_col(events, |e| &acct(e).id),
            str_col(events, |e| &e.instance.eni),
            src.clone(),
            dst.clone(),
            Arc::new(sp.finish()),
            Arc::new(dp.finish()),
            Arc::new(proto.finish()),
            Arc::new(packets.finish()),
            Arc::new(bytes.finish()),
            ts(&|e| e.start),
            ts(&|e| e.end),
            Arc::new(action.finish()),
            str_col(events, |e| e.log_status.name()),
            str_col(events, |e| &acct(e).vpc_id),
            str_col(events, |e| &e.instance.subnet_id),
            str_col(events, |e| &e.instance.id),
            Arc::new(flags.finish()),
            Arc::new(ty.finish()),
            src,
            dst,
            str_col(events, |e| acct(e).home_region),
            str_col(events, |e| az_id(acct(e).home_region, subnet_index(e))),
            nulls(),
            nulls(),
            Arc::new(ssvc.finish()),
            Arc::new(dsvc.finish()),
            Arc::new(dir.finish()),
            Arc::new(path.finish()),
        ];
        RecordBatch::try_new(Self::schema(), cols).expect("vpc flow batch matches its schema")
    }
}

#[cfg(test)]
mod tests;
