//! Checking a definition alone (`lakeproof source check`): a one-hour scenario holding only
//! the source, a parse of each raw record in its declared format, and batch rows as text.

use super::{render, Format, TimeFormat};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::DataType;
use std::path::Path;

/// A scenario holding only the defined source `name` (definition at `def`): one working hour
/// (14:00-15:00Z on a Monday) of an 800-person organisation at 24 MB/day, each of `attacks`
/// injected once at 14:10, for sampling and checking a definition alone.
pub fn solo_scenario(name: &str, def: &Path, attacks: &[&str]) -> String {
    let mut text = format!(
        r#"name = "source-check"
seed = 42
start = "2026-11-02T14:00:00Z"
end = "2026-11-02T15:00:00Z"
volume_per_day = "24 MB"
utc_offset_hours = 0
[org]
employees = 800
servers = 60
domain_controllers = 2
aws_accounts = 2
known_bad_ips = 10
[mix]
windows_security = 0
cloudtrail = 0
zeek_conn = 0
zeek_dns = 0
vpc_flow = 0
{name} = 1
[sources]
{name} = {def:?}
"#
    );
    for a in attacks {
        text.push_str(&format!("[[attack]]\nkind = \"{a}\"\nat = [\"2026-11-02T14:10:00Z\"]\n"));
    }
    text
}

/// Checks that a unit's raw text parses in `format` and returns the number of records: JSON
/// lines are objects, syslog lines carry their header, CSV/TSV rows have the header's field
/// count, key=value lines are pairs.
pub fn parse_check(format: Format, text: &str) -> Result<usize, String> {
    let mut n = 0usize;
    let mut width = None;
    for (i, line) in text.lines().enumerate() {
        let at = |m: &str| format!("line {}: {m}: {line}", i + 1);
        match format {
            Format::Json => {
                if !(line.starts_with('{') && line.ends_with('}') && balanced(line)) {
                    return Err(at("not one JSON object"));
                }
            }
            Format::Syslog3164 => {
                let b = line.as_bytes();
                let ts_ok =
                    b.len() > 16 && b[3] == b' ' && b[6] == b' ' && b[9] == b':' && b[12] == b':'
                        || line.get(..4).is_some_and(|y| y.bytes().all(|c| c.is_ascii_digit()));
                if !ts_ok || !line.contains(": ") {
                    return Err(at("not `TIMESTAMP HOST TAG[PID]: MESSAGE`"));
                }
            }
            Format::Syslog5424 => {
                let ok = line.starts_with('<')
                    && line
                        .find(">1 ")
                        .is_some_and(|k| line[1..k].parse::<u8>().is_ok_and(|p| p < 192))
                    && line.split(' ').count() >= 7;
                if !ok {
                    return Err(at("not `<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG`"));
                }
            }
            Format::Csv | Format::Tsv => {
                let fields = split_delimited(line, if format == Format::Csv { ',' } else { '\t' })
                    .ok_or_else(|| at("unbalanced quotes"))?;
                match width {
                    None => width = Some(fields),
                    Some(w) if w != fields => {
                        return Err(at(&format!("{fields} fields where the header has {w}")))
                    }
                    _ => {}
                }
            }
            Format::Kv => {
                if !line.split(' ').next().is_some_and(|p| p.contains('=')) {
                    return Err(at("not key=value pairs"));
                }
            }
        }
        n += 1;
    }
    if matches!(format, Format::Csv | Format::Tsv) {
        n = n.saturating_sub(1);
    }
    Ok(n)
}

/// Braces and brackets outside strings balance.
fn balanced(s: &str) -> bool {
    let (mut depth, mut in_str, mut esc) = (0i32, false, false);
    for c in s.chars() {
        match (in_str, esc, c) {
            (true, true, _) => esc = false,
            (true, false, '\\') => esc = true,
            (true, false, '"') => in_str = false,
            (false, _, '"') => in_str = true,
            (false, _, '{' | '[') => depth += 1,
            (false, _, '}' | ']') => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0 && !in_str
}

/// Fields of a CSV/TSV row (CSV quotes respected); `None` on an unterminated quote.
fn split_delimited(line: &str, sep: char) -> Option<usize> {
    let (mut n, mut quoted) = (1, false);
    for c in line.chars() {
        match c {
            '"' if sep == ',' => quoted = !quoted,
            c if c == sep && !quoted => n += 1,
            _ => {}
        }
    }
    (!quoted).then_some(n)
}

/// One row of a batch as (column path, text) pairs, structs flattened with dots.
pub fn row_text(batch: &RecordBatch, row: usize) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (f, a) in batch.schema().fields().iter().zip(batch.columns()) {
        cell(f.name(), a, row, &mut out);
    }
    out
}

fn cell(name: &str, a: &ArrayRef, row: usize, out: &mut Vec<(String, String)>) {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Float64Type, Int64Type, TimestampMicrosecondType};
    use arrow_array::Array;
    if let Some(s) = a.as_struct_opt() {
        for (f, c) in s.fields().iter().zip(s.columns()) {
            cell(&format!("{name}.{}", f.name()), c, row, out);
        }
        return;
    }
    let v = if a.is_null(row) {
        "NULL".to_string()
    } else {
        match a.data_type() {
            DataType::Utf8 => a.as_string::<i32>().value(row).to_string(),
            DataType::Int64 => a.as_primitive::<Int64Type>().value(row).to_string(),
            DataType::Float64 => a.as_primitive::<Float64Type>().value(row).to_string(),
            DataType::Boolean => a.as_boolean().value(row).to_string(),
            DataType::Timestamp(..) => {
                // Microseconds, all the lake holds (the raw record may carry fewer digits).
                let mut v = Vec::with_capacity(27);
                let t = a.as_primitive::<TimestampMicrosecondType>().value(row);
                render::time(TimeFormat::Rfc3339Micros, t, &mut v);
                String::from_utf8(v).expect("ascii")
            }
            other => format!("({other})"),
        }
    };
    out.push((name.to_string(), v));
}
