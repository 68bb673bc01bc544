//! Sizes and durations as users write them on the command line and in TOML files.

use std::time::Duration;

/// Sizes: "500 GB", "1.5TB", "2 GiB", "12345" (decimal units are powers of 1000). The scenario
/// parser in the generators needs it too, so it lives there.
pub use lakeproof_generators::scenario::parse_bytes;

/// A byte count for people: `7.7 MB`, `1.23 GB`, `3.4 TB` (decimal units, as `parse_bytes`).
pub fn human_bytes(b: f64) -> String {
    match b.abs() {
        v if v >= 1e12 => format!("{:.2} TB", b / 1e12),
        v if v >= 1e9 => format!("{:.2} GB", b / 1e9),
        v if v >= 1e6 => format!("{:.1} MB", b / 1e6),
        v if v >= 1e3 => format!("{:.1} kB", b / 1e3),
        _ => format!("{b:.0} B"),
    }
}

/// Seconds in one unit of a duration suffix.
fn unit_seconds(unit: &str) -> Option<f64> {
    Some(match unit {
        "s" | "sec" => 1.0,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        "d" => 86_400.0,
        "w" => 7.0 * 86_400.0,
        "y" => 365.0 * 86_400.0,
        _ => return None,
    })
}

/// A number and its unit suffix (possibly empty), e.g. "1.5h" → (1.5, "h").
fn split(s: &str) -> Option<(f64, &str)> {
    let s = s.trim();
    let at = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(s.len());
    let (num, unit) = s.split_at(at);
    let n: f64 = num.parse().ok()?;
    (n.is_finite() && n >= 0.0).then_some((n, unit.trim()))
}

/// A duration like `7d`, `36h`, `15m`, `90s`, `2w`, `1y` (365 days), `1.5h` or `0`; a bare number
/// is seconds.
pub fn parse_duration(s: &str) -> Option<Duration> {
    let (n, unit) = split(s)?;
    let secs = n * if unit.is_empty() { 1.0 } else { unit_seconds(unit)? };
    Duration::try_from_secs_f64(secs).ok()
}

/// A positive number of days like `365d`, `52w`, `1y`, `36h`; a bare number is days (a
/// retention is said in days).
pub fn parse_days(s: &str) -> Option<f64> {
    let (n, unit) = split(s)?;
    let days = if unit.is_empty() { n } else { n * unit_seconds(unit)? / 86_400.0 };
    (days > 0.0).then_some(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_with_units_and_bare_seconds() {
        assert_eq!(parse_duration("7d"), Some(Duration::from_secs(7 * 86_400)));
        assert_eq!(parse_duration("36h"), Some(Duration::from_secs(36 * 3600)));
        assert_eq!(parse_duration("15m"), Some(Duration::from_secs(900)));
        assert_eq!(parse_duration("0s"), Some(Duration::ZERO));
        assert_eq!(parse_duration("90"), Some(Duration::from_secs(90)));
        assert_eq!(parse_duration("1.5h"), Some(Duration::from_secs(5400)));
        assert_eq!(parse_duration("h"), None);
        assert_eq!(parse_duration("5 parsecs"), None);
        assert_eq!(parse_duration("-3s"), None);
    }

    #[test]
    fn retentions_parse_as_days() {
        assert_eq!(parse_days("365d"), Some(365.0));
        assert_eq!(parse_days("1y"), Some(365.0));
        assert_eq!(parse_days("2w"), Some(14.0));
        assert_eq!(parse_days("90"), Some(90.0));
        assert_eq!(parse_days("36h"), Some(1.5));
        assert_eq!(parse_days("soon"), None);
        assert_eq!(parse_days("0d"), None);
    }

    #[test]
    fn sizes_use_decimal_and_binary_units() {
        assert_eq!(parse_bytes("500 GB"), Some(500_000_000_000));
        assert_eq!(parse_bytes("2 GiB"), Some(2 << 30));
        assert_eq!(parse_bytes("lots"), None);
        assert_eq!(human_bytes(7_661_547.0), "7.7 MB");
        assert_eq!(human_bytes(1.234e9), "1.23 GB");
        assert_eq!(human_bytes(512.0), "512 B");
    }
}
