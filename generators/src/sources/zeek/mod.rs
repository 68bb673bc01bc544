//! Zeek conn.log and dns.log as an internal sensor (a SPAN/TAP inside the corporate network)
//! sees them: workstations and servers talking to the domain controllers, to internal servers and
//! to the internet. NAT happens further out, so internal addresses appear as themselves.
//!
//! Every dns.log transaction has its conn.log row with the same uid: `ZeekConn::generate`
//! regenerates the DNS units of its slot (DNS unit `j` belongs to conn block `j % blocks`) and
//! turns each DNS uid into a udp/53 (rarely tcp/53) conn row. Conn rows are written in
//! connection-end order, so `ts` (the start) is only roughly ordered, as in real conn.log files.
//!
//! Labels: `event_key` is the Zeek `uid` in both tables. The exfiltration attack leaves a dns
//! lookup of a bad domain answered with the attacker IP (labelled in zeek_dns, and its conn row
//! in zeek_conn) and a few long, large egress connections to that IP (labelled in zeek_conn).
//!
//! Raw formats: TSV with the real `#separator`…`#types` header and `#close` footer
//! (`conn.<stem>.log`, `dns.<stem>.log`), or JSON lines with `id.orig_h`-style names and unset
//! fields omitted (`conn.<stem>.json`, `dns.<stem>.json`). Arrow columns use `_` for `.`
//! (`id_orig_h`), lower-case flag names (`aa`, `tc`, `rd`, `ra`) and serialise dns `answers` /
//! `TTLs` as JSON arrays in Utf8 columns (`answers`, `ttls`).

mod conn;
mod dns;
#[cfg(test)]
mod tests;

pub use conn::{ConnEvent, ConnState, ZeekConn};
pub(crate) use dns::attacker_addr;
pub use dns::{Answer, DnsEvent, Name, QType, Rcode, ZeekDns};

use crate::fmt::{civil, push_ipv4, push_padded, push_u64, Micros, MICROS_PER_SEC};
use crate::rng::{mix64, Rng};

/// A Zeek connection uid: `C` + 17 base62 characters.
pub type Uid = [u8; 18];

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// The uid of row `seq` of a source: unique across the run (`seq` comes from
/// `Unit::sequence_base`, `tag` separates sources) and random-looking (seed-mixed).
pub fn uid(seed: u64, tag: u64, seq: u64) -> Uid {
    let hi = mix64(seed ^ mix64(tag ^ 0x5a11_d00d));
    let mut a = mix64(hi ^ seq);
    let mut b = mix64(a ^ 0x9e37_79b9);
    // 10 digits from one word and 7 from the other (62^10 < 2^64): u64 division by a
    // constant is a multiply, where u128 division is a slow library call.
    let mut out = [b'C'; 18];
    for (i, c) in out[1..].iter_mut().enumerate() {
        let w = if i < 10 { &mut a } else { &mut b };
        *c = BASE62[(*w % 62) as usize];
        *w /= 62;
    }
    out
}

pub fn uid_str(u: &Uid) -> &str {
    std::str::from_utf8(u).expect("uid is ascii")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proto {
    Tcp,
    Udp,
    Icmp,
}

impl Proto {
    pub fn name(self) -> &'static str {
        match self {
            Proto::Tcp => "tcp",
            Proto::Udp => "udp",
            Proto::Icmp => "icmp",
        }
    }

    /// IANA protocol number (conn.log `ip_proto`).
    pub fn number(self) -> u8 {
        match self {
            Proto::Tcp => 6,
            Proto::Udp => 17,
            Proto::Icmp => 1,
        }
    }

    /// IP + transport header bytes per packet (options on SYNs come on top for TCP).
    pub fn header_bytes(self) -> u64 {
        match self {
            Proto::Tcp => 40,
            Proto::Udp | Proto::Icmp => 28,
        }
    }
}

/// An address: borrowed from the organisation model, or a computed one (subnet broadcast).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Addr<'a> {
    Str(&'a str),
    V4(u32),
}

impl Addr<'_> {
    #[inline]
    pub fn push(&self, out: &mut Vec<u8>) {
        match self {
            Addr::Str(s) => out.extend_from_slice(s.as_bytes()),
            Addr::V4(ip) => push_ipv4(out, *ip),
        }
    }
}

/// Is this address inside the organisation's `Site::local_nets` (RFC 1918)? Multicast and
/// broadcast-to-all are not, which is why LLMNR/mDNS rows have `local_resp` F.
pub fn is_local(ip: u32) -> bool {
    let a = ip >> 24;
    let b = (ip >> 16) & 0xff;
    a == 10 || (a == 172 && (16..32).contains(&b)) || (a == 192 && b == 168)
}

/// A Windows ephemeral source port (49152–65535), what the profile's orig_p ranges show.
#[inline]
pub fn ephemeral_port(rng: &mut Rng) -> u16 {
    49152 + rng.below(16384) as u16
}

/// Zeek's `#open`/`#close` time format, `2023-08-16-01-28-55`.
fn push_log_time(out: &mut Vec<u8>, t: Micros) {
    let c = civil(t);
    for (i, (v, w)) in [
        (c.year as u64, 4),
        (c.month as u64, 2),
        (c.day as u64, 2),
        (c.hour as u64, 2),
        (c.minute as u64, 2),
        (c.second as u64, 2),
    ]
    .into_iter()
    .enumerate()
    {
        if i > 0 {
            out.push(b'-');
        }
        push_padded(out, v, w);
    }
}

/// The ASCII writer's header.
fn push_tsv_header(out: &mut Vec<u8>, path: &str, fields: &[(&str, &str)], open: Micros) {
    out.extend_from_slice(
        b"#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\t",
    );
    out.extend_from_slice(path.as_bytes());
    out.extend_from_slice(b"\n#open\t");
    push_log_time(out, open);
    out.extend_from_slice(b"\n#fields");
    for (name, _) in fields {
        out.push(b'\t');
        out.extend_from_slice(name.as_bytes());
    }
    out.extend_from_slice(b"\n#types");
    for (_, ty) in fields {
        out.push(b'\t');
        out.extend_from_slice(ty.as_bytes());
    }
    out.push(b'\n');
}

fn push_tsv_close(out: &mut Vec<u8>, close: Micros) {
    out.extend_from_slice(b"#close\t");
    push_log_time(out, close);
    out.push(b'\n');
}

/// A Zeek `interval` / `time` value: seconds with six decimals.
#[inline]
pub fn push_seconds(out: &mut Vec<u8>, micros: i64) {
    push_u64(out, (micros / MICROS_PER_SEC) as u64);
    out.push(b'.');
    push_padded(out, (micros % MICROS_PER_SEC) as u64, 6);
}

#[inline]
fn push_bool_tsv(out: &mut Vec<u8>, b: bool) {
    out.push(if b { b'T' } else { b'F' });
}

#[inline]
fn push_bool_json(out: &mut Vec<u8>, b: bool) {
    out.extend_from_slice(if b { b"true" } else { b"false" });
}

/// Raw document name: `<path>.<stem>.log` (TSV) or `<path>.<stem>.json`.
/// One unit's Zeek log file: TSV with its `#fields` header and `#close` line, or JSON lines
/// (`ctx.formats.zeek`), shared by conn.log and dns.log.
#[allow(clippy::too_many_arguments)]
fn write_log<E>(
    ctx: &crate::BlockCtx<'_>,
    path: &str,
    fields: &[(&str, &str)],
    events: &[E],
    row_bytes: usize,
    json_row: fn(&mut Vec<u8>, &E),
    tsv_row: fn(&mut Vec<u8>, &E),
    docs: &mut Vec<crate::RawDoc>,
) {
    let json = ctx.formats.zeek == crate::scenario::ZeekFormat::Json;
    let mut out = crate::buffers::take(events.len() * row_bytes + 1024);
    if json {
        events.iter().for_each(|e| json_row(&mut out, e));
    } else {
        push_tsv_header(&mut out, path, fields, ctx.unit.start);
        events.iter().for_each(|e| tsv_row(&mut out, e));
        push_tsv_close(&mut out, ctx.unit.end);
    }
    docs.push(crate::RawDoc { name: doc_name(path, &ctx.doc_stem(), json), bytes: out });
}

/// The columns every Zeek log starts with: time, uid and the connection 5-tuple.
fn connection_fields() -> Vec<arrow_schema::Field> {
    use arrow_schema::{DataType, Field};
    vec![
        Field::new("ts", crate::labels::ts_type(), false),
        Field::new("uid", DataType::Utf8, false),
        Field::new("id_orig_h", DataType::Utf8, false),
        Field::new("id_orig_p", DataType::Int32, false),
        Field::new("id_resp_h", DataType::Utf8, false),
        Field::new("id_resp_p", DataType::Int32, false),
        Field::new("proto", DataType::Utf8, false),
    ]
}

fn doc_name(path: &str, stem: &str, json: bool) -> String {
    format!("{path}.{stem}.{}", if json { "json" } else { "log" })
}
