//! Canonical values, so answers from different engines can be compared: integers in decimal,
//! floats rounded to 9 significant digits, booleans as true/false, timestamps as
//! `YYYY-MM-DD HH:MM:SS[.ffffff]` UTC without trailing zeros, NULL as None.

use sha2::{Digest, Sha256};

/// Canonical form of a float (engines differ in the last bits of sums and averages).
pub fn float(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v == v.trunc() && v.abs() < 1e15 {
        return format!("{}", v as i64);
    }
    let s = format!("{:.8e}", v);
    let (m, e) = s.split_once('e').expect("exponent form");
    let m = m.trim_end_matches('0').trim_end_matches('.');
    let e: i32 = e.parse().expect("exponent");
    let x: f64 = format!("{m}e{e}").parse().expect("float");
    format!("{x}")
}

/// Canonical timestamp text: `2026-11-02 10:00:00` or with trimmed fractional seconds.
pub fn timestamp(s: &str) -> String {
    // Engines spell UTC differently when casting a timestamptz to text: `Z` (DataFusion),
    // `+00:00`, `+00` (DuckDB), or nothing (Spark, ClickHouse).
    let s = s.trim().trim_end_matches('Z');
    let s =
        s.strip_suffix("+00:00").or_else(|| s.strip_suffix("+00")).unwrap_or(s).replace('T', " ");
    match s.split_once('.') {
        Some((whole, frac)) => {
            let frac = frac.trim_end_matches('0');
            if frac.is_empty() {
                whole.to_string()
            } else {
                format!("{whole}.{frac}")
            }
        }
        None => s,
    }
}

/// Does this string look like a timestamp (so it is normalised as one)?
pub fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 19
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b' ' || b[10] == b'T')
        && b[13] == b':'
        && b[16] == b':'
}

/// Order-insensitive checksum of an answer: sha256 over the sorted canonical rows.
pub fn checksum(rows: &[Vec<Option<String>>]) -> String {
    let mut lines: Vec<String> = rows
        .iter()
        .map(|r| {
            r.iter().map(|v| v.as_deref().unwrap_or("\u{2400}")).collect::<Vec<_>>().join("\u{1f}")
        })
        .collect();
    lines.sort();
    let mut h = Sha256::new();
    for l in &lines {
        h.update(l.as_bytes());
        h.update(b"\n");
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        assert_eq!(float(3.0), "3");
        assert_eq!(float(0.1 + 0.2), "0.3");
        assert_eq!(float(1234.5678901234), "1234.56789");
        assert_eq!(timestamp("2026-11-02T10:00:00.000000Z"), "2026-11-02 10:00:00");
        assert_eq!(timestamp("2026-11-02 10:00:00.120+00:00"), "2026-11-02 10:00:00.12");
        assert_eq!(timestamp("2026-11-02 10:00:01+00"), "2026-11-02 10:00:01");
        assert!(looks_like_timestamp("2026-11-02 10:00:00"));
        assert!(!looks_like_timestamp("WS-01000"));
    }

    #[test]
    fn checksum_ignores_row_order_but_not_values() {
        let a = vec![vec![Some("1".into()), None], vec![Some("2".into()), Some("x".into())]];
        let mut b = a.clone();
        b.reverse();
        assert_eq!(checksum(&a), checksum(&b));
        b[0][1] = Some("y".into());
        assert_ne!(checksum(&a), checksum(&b));
    }
}
