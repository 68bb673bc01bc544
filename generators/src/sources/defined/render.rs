//! Raw native rendering of a defined source's unit: one document, events in time order, byte
//! for byte what the real source writes in the declared format (so compression is measured
//! against the true raw size).

use super::value::{Eval, Piece, Val};
use super::{ColType, Definition, Format, Rows, TimeFormat};
use crate::fmt::{self, Micros};

const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// The unit's raw document.
pub(super) fn document(def: &Definition, rows: &Rows, order: &[u32], ev: &Eval<'_>) -> Vec<u8> {
    let mut out = crate::buffers::take(order.len() * 200);
    let sep = match def.format {
        Format::Tsv => b'\t',
        _ => b',',
    };
    if matches!(def.format, Format::Csv | Format::Tsv) && def.csv_header {
        for (k, c) in def.columns.iter().enumerate() {
            if k > 0 {
                out.push(sep);
            }
            out.extend_from_slice(c.name.as_bytes());
        }
        out.push(b'\n');
    }
    for &i in order {
        let i = i as usize;
        let vals = &rows.vals[i * rows.width..(i + 1) * rows.width];
        let t = rows.times[i];
        match def.format {
            Format::Json => json(def, vals, ev, &mut out),
            Format::Syslog3164 | Format::Syslog5424 => syslog(def, vals, t, ev, &mut out),
            Format::Csv | Format::Tsv => {
                for (k, c) in def.columns.iter().enumerate() {
                    if k > 0 {
                        out.push(sep);
                    }
                    delimited(def, c.ty, vals[k], ev, sep, &mut out);
                }
            }
            Format::Kv => {
                let mut first = true;
                for (k, c) in def.columns.iter().enumerate() {
                    if vals[k] == Val::Null {
                        continue;
                    }
                    if !first {
                        out.push(b' ');
                    }
                    first = false;
                    out.extend_from_slice(c.name.as_bytes());
                    out.push(b'=');
                    let start = out.len();
                    text(def, vals[k], ev, &mut out);
                    if out[start..].iter().any(|&b| b == b' ' || b == b'"' || b == b'=')
                        || out.len() == start
                    {
                        let v = out.split_off(start);
                        out.push(b'"');
                        for b in v {
                            if b == b'"' || b == b'\\' {
                                out.push(b'\\');
                            }
                            out.push(b);
                        }
                        out.push(b'"');
                    }
                }
            }
        }
        out.push(b'\n');
    }
    out
}

/// A value as plain text (times in the definition's time format).
fn text(def: &Definition, v: Val, ev: &Eval<'_>, out: &mut Vec<u8>) {
    match v {
        Val::Null => {}
        Val::Int(i) => fmt::push_i64(out, i),
        Val::Float(f) => out.extend_from_slice(format!("{f}").as_bytes()),
        Val::Bool(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
        Val::Str(..) => out.extend_from_slice(ev.bytes(v)),
        Val::Time(t) => time(def.time_format, t, out),
    }
}

pub(super) fn time(f: TimeFormat, t: Micros, out: &mut Vec<u8>) {
    match f {
        TimeFormat::Rfc3339 => fmt::push_iso_seconds(out, t),
        TimeFormat::Rfc3339Millis => fmt::push_iso_millis(out, t),
        TimeFormat::Rfc3339Micros => {
            fmt::push_iso_seconds(out, t);
            out.pop();
            out.push(b'.');
            fmt::push_padded(out, t.rem_euclid(1_000_000) as u64, 6);
            out.push(b'Z');
        }
        TimeFormat::Epoch => fmt::push_i64(out, t.div_euclid(1_000_000)),
        TimeFormat::EpochMicros => fmt::push_epoch_micros(out, t),
        TimeFormat::Slash => {
            let c = fmt::civil(t);
            fmt::push_padded(out, c.year as u64, 4);
            out.push(b'/');
            fmt::push_padded(out, c.month as u64, 2);
            out.push(b'/');
            fmt::push_padded(out, c.day as u64, 2);
            out.push(b' ');
            hms(&c, out);
        }
    }
}

fn hms(c: &fmt::Civil, out: &mut Vec<u8>) {
    fmt::push_padded(out, c.hour as u64, 2);
    out.push(b':');
    fmt::push_padded(out, c.minute as u64, 2);
    out.push(b':');
    fmt::push_padded(out, c.second as u64, 2);
}

/// A CSV/TSV field: CSV quotes fields holding the separator, a quote or a line break; TSV
/// escapes tabs and line breaks as `\t` and `\n`.
fn delimited(def: &Definition, _ty: ColType, v: Val, ev: &Eval<'_>, sep: u8, out: &mut Vec<u8>) {
    let start = out.len();
    text(def, v, ev, out);
    if sep == b'\t' {
        if out[start..].iter().any(|&b| b == b'\t' || b == b'\n') {
            let s = out.split_off(start);
            for b in s {
                match b {
                    b'\t' => out.extend_from_slice(b"\\t"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    b => out.push(b),
                }
            }
        }
    } else if out[start..].iter().any(|&b| b == b',' || b == b'"' || b == b'\n' || b == b'\r') {
        let s = out.split_off(start);
        out.push(b'"');
        for b in s {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    }
}

/// One JSON object, dotted column names nested (columns under one parent are contiguous). The
/// layout is precomputed per column (`JsonLayout`): the ids of its parent objects and each
/// level's `"key":` bytes, so a row compares integers, not names.
fn json(def: &Definition, vals: &[Val], ev: &Eval<'_>, out: &mut Vec<u8>) {
    out.push(b'{');
    const DEPTH: usize = 16;
    // Ids of the open objects, and whether each object already has a member (needs a comma).
    let mut open = [0u32; DEPTH];
    let mut has = [false; DEPTH + 1];
    let mut depth = 0;
    for (k, c) in def.columns.iter().enumerate() {
        let v = vals[k];
        if v == Val::Null && c.omit_null.unwrap_or(!def.json_nulls) {
            continue;
        }
        let lay = &def.json_layout[k];
        // Close objects this column is not in.
        while depth > 0 && (depth > lay.parents.len() || open[depth - 1] != lay.parents[depth - 1])
        {
            depth -= 1;
            out.push(b'}');
        }
        // Open the objects it is in.
        while depth < lay.parents.len() {
            if has[depth] {
                out.push(b',');
            }
            has[depth] = true;
            out.extend_from_slice(&lay.keys[depth]);
            out.push(b'{');
            open[depth] = lay.parents[depth];
            depth += 1;
            has[depth] = false;
        }
        if has[depth] {
            out.push(b',');
        }
        has[depth] = true;
        out.extend_from_slice(&lay.keys[depth]);
        match v {
            Val::Null => out.extend_from_slice(b"null"),
            Val::Int(i) => fmt::push_i64(out, i),
            Val::Float(f) => out.extend_from_slice(format!("{f}").as_bytes()),
            Val::Bool(b) => out.extend_from_slice(if b { b"true" } else { b"false" }),
            Val::Str(..) if c.ty == ColType::Json => out.extend_from_slice(ev.bytes(v)),
            Val::Str(..) => {
                out.push(b'"');
                fmt::push_json_escaped_bytes(out, ev.bytes(v));
                out.push(b'"');
            }
            Val::Time(t) => {
                let numeric =
                    matches!(def.time_format, TimeFormat::Epoch | TimeFormat::EpochMicros);
                if !numeric {
                    out.push(b'"');
                }
                time(def.time_format, t, out);
                if !numeric {
                    out.push(b'"');
                }
            }
        }
    }
    for _ in 0..depth {
        out.push(b'}');
    }
    out.push(b'}');
}

fn pieces(ps: &[Piece], vals: &[Val], def: &Definition, ev: &Eval<'_>, out: &mut Vec<u8>) {
    for p in ps {
        match p {
            Piece::Lit(s) => out.extend_from_slice(s.as_bytes()),
            Piece::Slot(s) => text(def, vals[*s], ev, out),
        }
    }
}

/// A syslog line: RFC 3164 file format (`Nov  2 15:04:05 host app[pid]: msg`) or RFC 5424
/// (`<PRI>1 2026-11-02T15:04:05.123456+00:00 host app pid - - msg`).
fn syslog(def: &Definition, vals: &[Val], t: Micros, ev: &Eval<'_>, out: &mut Vec<u8>) {
    let h = def.syslog.as_ref().expect("syslog formats have a header");
    let c = fmt::civil(t);
    let rfc5424 = def.format == Format::Syslog5424;
    if rfc5424 {
        let mut n = Vec::new();
        pieces(&h.facility, vals, def, ev, &mut n);
        let f: u64 = std::str::from_utf8(&n).ok().and_then(|s| s.parse().ok()).unwrap_or(1);
        n.clear();
        pieces(&h.severity, vals, def, ev, &mut n);
        let s: u64 = std::str::from_utf8(&n).ok().and_then(|s| s.parse().ok()).unwrap_or(6);
        out.push(b'<');
        fmt::push_u64(out, f * 8 + s);
        out.extend_from_slice(b">1 ");
    }
    if h.bsd {
        out.extend_from_slice(MONTHS[c.month as usize - 1].as_bytes());
        out.push(b' ');
        if c.day < 10 {
            out.push(b' ');
        }
        fmt::push_u64(out, c.day as u64);
        out.push(b' ');
        hms(&c, out);
    } else {
        fmt::push_iso_seconds(out, t);
        out.pop();
        out.push(b'.');
        fmt::push_padded(out, c.micros as u64, 6);
        out.extend_from_slice(b"+00:00");
    }
    out.push(b' ');
    pieces(&h.host, vals, def, ev, out);
    out.push(b' ');
    pieces(&h.app, vals, def, ev, out);
    let pid_start = out.len();
    if rfc5424 {
        out.push(b' ');
        match &h.pid {
            Some(p) => {
                pieces(p, vals, def, ev, out);
                if out.len() == pid_start + 1 {
                    out.push(b'-');
                }
            }
            None => out.push(b'-'),
        }
        out.extend_from_slice(b" - - ");
    } else {
        if let Some(p) = &h.pid {
            out.push(b'[');
            let s = out.len();
            pieces(p, vals, def, ev, out);
            if out.len() == s {
                out.pop();
            } else {
                out.push(b']');
            }
        }
        out.extend_from_slice(b": ");
    }
    pieces(&h.message, vals, def, ev, out);
}
