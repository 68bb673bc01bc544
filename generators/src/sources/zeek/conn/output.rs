//! Writing conn rows: the TSV and JSON log lines and the Arrow batch.

use super::ConnEvent;
use crate::fmt::{push_epoch_micros, push_u64};
use crate::labels::UTC;
use crate::sources::zeek::{push_bool_json, push_bool_tsv, push_seconds, uid_str, Addr};
use arrow_array::builder::{BooleanBuilder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{
    new_null_array, ArrayRef, Int32Array, Int64Array, RecordBatch, TimestampMicrosecondArray,
};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use std::sync::Arc;

pub(super) const FIELDS: &[(&str, &str)] = &[
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
pub(super) fn push_str_or_unset(out: &mut Vec<u8>, s: &str) {
    if s.is_empty() {
        out.push(b'-');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

pub(super) fn push_tsv(out: &mut Vec<u8>, e: &ConnEvent<'_>) {
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

pub(super) fn push_json(out: &mut Vec<u8>, e: &ConnEvent<'_>) {
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

/// The conn table schema: the connection fields shared with dns, then conn's own.
pub(super) fn schema() -> SchemaRef {
    let f = |n: &str, t: DataType, null: bool| Field::new(n, t, null);
    let mut fields = crate::sources::zeek::connection_fields();
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

pub(super) fn to_batch(events: &[ConnEvent<'_>]) -> RecordBatch {
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
    RecordBatch::try_new(schema(), cols).expect("conn batch matches its schema")
}
