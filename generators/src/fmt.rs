//! Hand-written formatting into byte buffers.
//!
//! Raw native-format output is on the hot path (the target is ≥ 1 GB/s of raw per core), so
//! integers, hex, IPs and timestamps are written straight into a reused `Vec<u8>` with no
//! intermediate `String`s and no `format!`.

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

/// `0x1f3a`-style lowercase hex without padding, as Windows writes LogonIds and process ids.
#[inline]
pub fn push_hex0x(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(b"0x");
    push_hex(out, v);
}

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

/// A UUID in 8-4-4-4-12 form from 128 random bits (version 4 bits set).
pub fn push_uuid(out: &mut Vec<u8>, hi: u64, lo: u64, upper: bool) {
    let hi = (hi & 0xffff_ffff_ffff_0fff) | 0x4000;
    let lo = (lo & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    push_hex_fixed(out, hi >> 32, 8, upper);
    out.push(b'-');
    push_hex_fixed(out, (hi >> 16) & 0xffff, 4, upper);
    out.push(b'-');
    push_hex_fixed(out, hi & 0xffff, 4, upper);
    out.push(b'-');
    push_hex_fixed(out, lo >> 48, 4, upper);
    out.push(b'-');
    push_hex_fixed(out, lo & 0xffff_ffff_ffff, 12, upper);
}

pub fn uuid_string(hi: u64, lo: u64, upper: bool) -> String {
    let mut v = Vec::with_capacity(36);
    push_uuid(&mut v, hi, lo, upper);
    String::from_utf8(v).expect("uuid is ascii")
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

/// Append `s` as the contents of a JSON string (no quotes), escaping what JSON requires.
pub fn push_json_escaped(out: &mut Vec<u8>, s: &str) {
    for &b in s.as_bytes() {
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0..=0x1f => {
                out.extend_from_slice(b"\\u00");
                push_hex_fixed(out, b as u64, 2, false);
            }
            _ => out.push(b),
        }
    }
}

/// Append `s` escaped for XML text and attribute content.
pub fn push_xml_escaped(out: &mut Vec<u8>, s: &str) {
    for &b in s.as_bytes() {
        match b {
            b'<' => out.extend_from_slice(b"&lt;"),
            b'>' => out.extend_from_slice(b"&gt;"),
            b'&' => out.extend_from_slice(b"&amp;"),
            b'"' => out.extend_from_slice(b"&quot;"),
            b'\'' => out.extend_from_slice(b"&apos;"),
            _ => out.push(b),
        }
    }
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
        assert_eq!(s(|o| push_hex0x(o, 0x11f1a90)), "0x11f1a90");
        assert_eq!(s(|o| push_hex0x(o, 0)), "0x0");
        assert_eq!(s(|o| push_i64(o, -42)), "-42");
        for v in [0u64, 7, 10, 99, 100, 101, 999, 1000, 12345, u64::MAX] {
            assert_eq!(s(|o| push_u64(o, v)), v.to_string());
        }
        assert_eq!(s(|o| push_padded(o, 7, 3)), "007");
        assert_eq!(s(|o| push_ipv4(o, 0x0a00_0105)), "10.0.1.5");
        assert_eq!(s(|o| push_json_escaped(o, "a\"b\\c\n")), "a\\\"b\\\\c\\n");
        assert_eq!(s(|o| push_xml_escaped(o, "<a&'b'>")), "&lt;a&amp;&apos;b&apos;&gt;");
        let u = uuid_string(u64::MAX, 0, false);
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
    }
}

/// Human-readable ISO time, for messages.
pub fn civil_string(t: Micros) -> String {
    let mut v = Vec::with_capacity(20);
    push_iso_seconds(&mut v, t);
    String::from_utf8(v).expect("ascii")
}
