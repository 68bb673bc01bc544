//! Hand-written formatting into byte buffers.
//!
//! Raw native-format output is on the hot path (the target is ≥ 1 GB/s of raw per core), so
//! integers, hex, ids, IPs and timestamps are written straight into a reused `Vec<u8>` with no
//! intermediate `String`s and no `format!`.

use crate::rng::mix64;

/// Microseconds since the Unix epoch, UTC. Every event time in the generator is one of these.
pub type Micros = i64;

pub const MICROS_PER_SEC: i64 = 1_000_000;
pub const MICROS_PER_DAY: i64 = 86_400 * MICROS_PER_SEC;

/// "00".."99", for writing two digits per division.
const DIGIT_PAIRS: &[u8; 200] = b"00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";

#[inline]
pub fn push_u64(out: &mut Vec<u8>, mut v: u64) {
    if v < 10 {
        out.push(b'0' + v as u8);
        return;
    }
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    while v >= 100 {
        let d = (v % 100) as usize * 2;
        v /= 100;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&DIGIT_PAIRS[d..d + 2]);
    }
    if v >= 10 {
        let d = v as usize * 2;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&DIGIT_PAIRS[d..d + 2]);
    } else {
        i -= 1;
        buf[i] = b'0' + v as u8;
    }
    out.extend_from_slice(&buf[i..]);
}

#[inline]
pub fn push_i64(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    push_u64(out, v.unsigned_abs());
}

/// Zero-padded decimal of fixed width.
#[inline]
pub fn push_padded(out: &mut Vec<u8>, mut v: u64, width: usize) {
    let start = out.len();
    out.resize(start + width, b'0');
    let mut i = start + width;
    while v > 0 && i > start {
        i -= 1;
        out[i] = b'0' + (v % 10) as u8;
        v /= 10;
    }
}

const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";
const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

#[inline]
pub fn push_hex(out: &mut Vec<u8>, v: u64) {
    if v == 0 {
        out.push(b'0');
        return;
    }
    let digits = (64 - v.leading_zeros() as usize).div_ceil(4);
    for i in (0..digits).rev() {
        out.push(HEX_LOWER[((v >> (i * 4)) & 0xf) as usize]);
    }
}

/// Fixed-width hex (lowercase or uppercase), e.g. for GUIDs and request ids.
#[inline]
pub fn push_hex_fixed(out: &mut Vec<u8>, v: u64, digits: usize, upper: bool) {
    let table = if upper { HEX_UPPER } else { HEX_LOWER };
    for i in (0..digits).rev() {
        out.push(table[((v >> (i * 4)) & 0xf) as usize]);
    }
}

/// 128 bits in the 8-4-4-4-12 hex layout of GUIDs and UUIDs, as given (no version bits).
/// Filled in a stack buffer and appended once: a third faster than 36 single pushes, and ids
/// are on the hot path (every CloudTrail record has two or more).
#[inline]
pub fn push_guid_hex(out: &mut Vec<u8>, hi: u64, lo: u64, upper: bool) {
    let table = if upper { HEX_UPPER } else { HEX_LOWER };
    let mut b = [b'-'; 36];
    let mut put = |range: std::ops::Range<usize>, v: u64| {
        let n = range.len();
        for (k, i) in range.enumerate() {
            b[i] = table[((v >> ((n - 1 - k) * 4)) & 0xf) as usize];
        }
    };
    put(0..8, hi >> 32);
    put(9..13, (hi >> 16) & 0xffff);
    put(14..18, hi & 0xffff);
    put(19..23, lo >> 48);
    put(24..36, lo & 0xffff_ffff_ffff);
    out.extend_from_slice(&b);
}

/// A version-4 UUID in 8-4-4-4-12 form from 128 random bits (version and variant bits set).
#[inline]
pub fn push_uuid(out: &mut Vec<u8>, hi: u64, lo: u64, upper: bool) {
    let hi = (hi & 0xffff_ffff_ffff_0fff) | 0x4000;
    let lo = (lo & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    push_guid_hex(out, hi, lo, upper);
}

const B32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `n` characters of `alphabet` (2^bits long) drawn from a hash stream seeded by `h`, written
/// in place: random-looking ids, keys and tokens with no per-character RNG call.
pub fn push_random_chars(out: &mut Vec<u8>, n: usize, h: u64, alphabet: &[u8], bits: u32) {
    let per_word = (64 / bits) as usize;
    let mask = (1u64 << bits) - 1;
    let start = out.len();
    out.resize(start + n, 0);
    let mut state = h;
    for chunk in out[start..].chunks_mut(per_word) {
        state = mix64(state.wrapping_add(0x9e37_79b9_7f4a_7c15));
        let mut x = state;
        for c in chunk {
            *c = alphabet[(x & mask) as usize];
            x >>= bits;
        }
    }
}

/// `n` random upper-case base32 characters (RFC 4648 alphabet).
#[inline]
pub fn push_random_b32(out: &mut Vec<u8>, n: usize, h: u64) {
    push_random_chars(out, n, h, B32, 5);
}

/// `n` random base64 characters (standard alphabet, no padding).
#[inline]
pub fn push_random_b64(out: &mut Vec<u8>, n: usize, h: u64) {
    push_random_chars(out, n, h, B64, 6);
}

/// `n` random base64url characters (`-` and `_` for `+` and `/`).
pub fn push_random_b64url(out: &mut Vec<u8>, n: usize, h: u64) {
    let start = out.len();
    push_random_b64(out, n, h);
    for b in &mut out[start..] {
        *b = match *b {
            b'+' => b'-',
            b'/' => b'_',
            c => c,
        };
    }
}

/// Standard base64 with padding (e.g. the payload of `powershell -enc`).
pub fn base64(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= c.len() {
                s.push(B64[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}

#[inline]
pub fn push_ipv4(out: &mut Vec<u8>, ip: u32) {
    push_u64(out, (ip >> 24) as u64);
    out.push(b'.');
    push_u64(out, ((ip >> 16) & 0xff) as u64);
    out.push(b'.');
    push_u64(out, ((ip >> 8) & 0xff) as u64);
    out.push(b'.');
    push_u64(out, (ip & 0xff) as u64);
}

pub fn ipv4_string(ip: u32) -> String {
    let mut v = Vec::with_capacity(15);
    push_ipv4(&mut v, ip);
    String::from_utf8(v).expect("ip is ascii")
}

/// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Days since 1970-01-01 of a civil date.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Broken-down UTC time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub micros: u32,
}

pub fn civil(t: Micros) -> Civil {
    let days = t.div_euclid(MICROS_PER_DAY);
    let rem = t.rem_euclid(MICROS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    let secs = (rem / MICROS_PER_SEC) as u32;
    Civil {
        year,
        month,
        day,
        hour: secs / 3600,
        minute: (secs / 60) % 60,
        second: secs % 60,
        micros: (rem % MICROS_PER_SEC) as u32,
    }
}

fn push_date_time(out: &mut Vec<u8>, c: &Civil, sep: u8) {
    push_padded(out, c.year as u64, 4);
    out.push(b'-');
    push_padded(out, c.month as u64, 2);
    out.push(b'-');
    push_padded(out, c.day as u64, 2);
    out.push(sep);
    push_padded(out, c.hour as u64, 2);
    out.push(b':');
    push_padded(out, c.minute as u64, 2);
    out.push(b':');
    push_padded(out, c.second as u64, 2);
}

/// `2026-11-28T02:19:16Z` (CloudTrail eventTime: second precision).
pub fn push_iso_seconds(out: &mut Vec<u8>, t: Micros) {
    push_date_time(out, &civil(t), b'T');
    out.push(b'Z');
}

/// `2026-11-28T02:19:16.123Z` (millisecond precision, e.g. @timestamp).
pub fn push_iso_millis(out: &mut Vec<u8>, t: Micros) {
    let c = civil(t);
    push_date_time(out, &c, b'T');
    out.push(b'.');
    push_padded(out, (c.micros / 1000) as u64, 3);
    out.push(b'Z');
}

/// `2026-11-28T02:19:16.1234560Z` (Windows SystemTime: 100 ns precision).
pub fn push_iso_7(out: &mut Vec<u8>, t: Micros) {
    let c = civil(t);
    push_date_time(out, &c, b'T');
    out.push(b'.');
    push_padded(out, c.micros as u64 * 10, 7);
    out.push(b'Z');
}

/// `1732760356.123456` (Zeek `ts`: epoch seconds with microseconds).
pub fn push_epoch_micros(out: &mut Vec<u8>, t: Micros) {
    push_i64(out, t.div_euclid(MICROS_PER_SEC));
    out.push(b'.');
    push_padded(out, t.rem_euclid(MICROS_PER_SEC) as u64, 6);
}

const MONTHS: &[&str] =
    &["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Java's `MMM d, yyyy[,] h:mm:ss a`, which CloudTrail uses inside some responseElements.
pub fn push_java_date(out: &mut Vec<u8>, t: Micros, comma: bool) {
    let c = civil(t);
    out.extend_from_slice(MONTHS[c.month as usize - 1].as_bytes());
    out.push(b' ');
    push_u64(out, c.day as u64);
    out.extend_from_slice(b", ");
    push_u64(out, c.year as u64);
    out.extend_from_slice(if comma { b", " } else { b" " });
    let h12 = match c.hour % 12 {
        0 => 12,
        h => h,
    };
    push_u64(out, h12 as u64);
    out.push(b':');
    push_padded(out, c.minute as u64, 2);
    out.push(b':');
    push_padded(out, c.second as u64, 2);
    out.extend_from_slice(if c.hour < 12 { b" AM" } else { b" PM" });
}

/// `YYYYMMDDTHHMMZ`, as in CloudTrail object names.
pub fn push_compact_minute(out: &mut Vec<u8>, t: Micros) {
    let c = civil(t);
    push_padded(out, c.year as u64, 4);
    push_padded(out, c.month as u64, 2);
    push_padded(out, c.day as u64, 2);
    out.push(b'T');
    push_padded(out, c.hour as u64, 2);
    push_padded(out, c.minute as u64, 2);
    out.push(b'Z');
}

/// Human-readable ISO time, for messages.
pub fn civil_string(t: Micros) -> String {
    let mut v = Vec::with_capacity(20);
    push_iso_seconds(&mut v, t);
    String::from_utf8(v).expect("ascii")
}

/// Append `s` as the contents of a JSON string (no quotes), escaping what JSON requires.
pub fn push_json_escaped(out: &mut Vec<u8>, s: &str) {
    push_json_escaped_bytes(out, s.as_bytes())
}

/// [`push_json_escaped`] on the bytes of a string known to be UTF-8.
pub fn push_json_escaped_bytes(out: &mut Vec<u8>, b: &[u8]) {
    // Copy runs of plain bytes at once; most strings have nothing to escape.
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        let esc: &[u8] = match c {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&b[start..i]);
        if esc.is_empty() {
            out.extend_from_slice(b"\\u00");
            push_hex_fixed(out, c as u64, 2, false);
        } else {
            out.extend_from_slice(esc);
        }
        start = i + 1;
    }
    out.extend_from_slice(&b[start..]);
}

/// Parse `2026-11-02T00:00:00Z` (also without `Z`, or a bare date) into micros.
pub fn parse_iso(s: &str) -> Option<Micros> {
    let s = s.trim().trim_end_matches('Z');
    let (date, time) = s.split_once(['T', ' ']).unwrap_or((s, "00:00:00"));
    let mut d = date.split('-');
    let y: i64 = d.next()?.parse().ok()?;
    let m: u32 = d.next()?.parse().ok()?;
    let dd: u32 = d.next()?.parse().ok()?;
    if d.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&dd) {
        return None;
    }
    let mut t = time.split(':');
    let h: i64 = t.next()?.parse().ok()?;
    let mi: i64 = t.next().unwrap_or("0").parse().ok()?;
    let sec: f64 = t.next().unwrap_or("0").parse().ok()?;
    if h > 23 || mi > 59 || !(0.0..61.0).contains(&sec) {
        return None;
    }
    let days = days_from_civil(y, m, dd);
    Some(days * MICROS_PER_DAY + (h * 3600 + mi * 60) * MICROS_PER_SEC + (sec * 1e6).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(f: impl Fn(&mut Vec<u8>)) -> String {
        let mut v = Vec::new();
        f(&mut v);
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn timestamps_round_trip() {
        let t = parse_iso("2026-11-28T02:19:16.5Z").unwrap();
        assert_eq!(s(|o| push_iso_seconds(o, t)), "2026-11-28T02:19:16Z");
        assert_eq!(s(|o| push_iso_millis(o, t)), "2026-11-28T02:19:16.500Z");
        assert_eq!(s(|o| push_iso_7(o, t)), "2026-11-28T02:19:16.5000000Z");
        assert_eq!(s(|o| push_epoch_micros(o, t)), "1795832356.500000");
        assert_eq!(s(|o| push_compact_minute(o, t)), "20261128T0219Z");
        assert_eq!(parse_iso("2024-02-29").unwrap() / MICROS_PER_DAY, days_from_civil(2024, 2, 29));
        assert!(parse_iso("2024-13-01").is_none());
    }

    #[test]
    fn numbers_and_escapes() {
        assert_eq!(s(|o| push_i64(o, -42)), "-42");
        for v in [0u64, 7, 10, 99, 100, 101, 999, 1000, 12345, u64::MAX] {
            assert_eq!(s(|o| push_u64(o, v)), v.to_string());
        }
        assert_eq!(s(|o| push_padded(o, 7, 3)), "007");
        assert_eq!(s(|o| push_ipv4(o, 0x0a00_0105)), "10.0.1.5");
        assert_eq!(s(|o| push_json_escaped(o, "a\"b\\c\n")), "a\\\"b\\\\c\\n");
        let u = s(|o| push_uuid(o, u64::MAX, 0, false));
        assert_eq!(u, "ffffffff-ffff-4fff-8000-000000000000");
        assert_eq!(
            s(|o| push_guid_hex(o, 0x0123_4567_89ab_cdef, 1, true)),
            "01234567-89AB-CDEF-0000-000000000001"
        );
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
    }
}
