//! Writing dns rows: the TSV and JSON log lines and the Arrow batch.

use super::DnsEvent;
use crate::fmt::{push_epoch_micros, push_json_escaped, push_u64};
use crate::labels::UTC;
use crate::sources::zeek::{push_bool_json, push_bool_tsv, push_seconds, uid_str};
use arrow_array::builder::{BooleanBuilder, Float64Builder, Int32Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch, TimestampMicrosecondArray};
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
    ("trans_id", "count"),
    ("rtt", "interval"),
    ("query", "string"),
    ("qclass", "count"),
    ("qclass_name", "string"),
    ("qtype", "count"),
    ("qtype_name", "string"),
    ("rcode", "count"),
    ("rcode_name", "string"),
    ("AA", "bool"),
    ("TC", "bool"),
    ("RD", "bool"),
    ("RA", "bool"),
    ("Z", "count"),
    ("answers", "vector[string]"),
    ("TTLs", "vector[interval]"),
    ("rejected", "bool"),
];

pub(super) fn push_tsv(out: &mut Vec<u8>, e: &DnsEvent<'_>) {
    push_epoch_micros(out, e.ts);
    out.push(b'\t');
    out.extend_from_slice(&e.uid);
    out.push(b'\t');
    out.extend_from_slice(e.orig_h.as_bytes());
    out.push(b'\t');
    push_u64(out, e.orig_p as u64);
    out.push(b'\t');
    out.extend_from_slice(e.resp_h.as_bytes());
    out.extend_from_slice(b"\t53\t");
    out.extend_from_slice(e.proto.name().as_bytes());
    out.push(b'\t');
    push_u64(out, e.trans_id as u64);
    out.push(b'\t');
    match e.rtt {
        Some(r) => push_seconds(out, r),
        None => out.push(b'-'),
    }
    out.push(b'\t');
    e.query.push(out);
    out.extend_from_slice(b"\t1\tC_INTERNET\t");
    push_u64(out, e.qtype.code() as u64);
    out.push(b'\t');
    out.extend_from_slice(e.qtype.name().as_bytes());
    out.push(b'\t');
    match e.rcode {
        Some(rc) => {
            push_u64(out, rc.code() as u64);
            out.push(b'\t');
            out.extend_from_slice(rc.name().as_bytes());
        }
        None => out.extend_from_slice(b"-\t-"),
    }
    for f in [e.aa, e.tc, e.rd, e.ra] {
        out.push(b'\t');
        push_bool_tsv(out, f);
    }
    out.extend_from_slice(b"\t0\t");
    if e.n_answers == 0 {
        out.extend_from_slice(b"-\t-");
    } else {
        for (i, a) in e.answers().iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            a.push(out);
        }
        out.push(b'\t');
        for (i, t) in e.ttls[..e.n_answers as usize].iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            push_u64(out, *t as u64);
            out.extend_from_slice(b".000000");
        }
    }
    out.extend_from_slice(b"\tF\n");
}

pub(super) fn push_json(out: &mut Vec<u8>, e: &DnsEvent<'_>) {
    out.extend_from_slice(b"{\"ts\":");
    push_epoch_micros(out, e.ts);
    out.extend_from_slice(b",\"uid\":\"");
    out.extend_from_slice(&e.uid);
    out.extend_from_slice(b"\",\"id.orig_h\":\"");
    out.extend_from_slice(e.orig_h.as_bytes());
    out.extend_from_slice(b"\",\"id.orig_p\":");
    push_u64(out, e.orig_p as u64);
    out.extend_from_slice(b",\"id.resp_h\":\"");
    out.extend_from_slice(e.resp_h.as_bytes());
    out.extend_from_slice(b"\",\"id.resp_p\":53,\"proto\":\"");
    out.extend_from_slice(e.proto.name().as_bytes());
    out.extend_from_slice(b"\",\"trans_id\":");
    push_u64(out, e.trans_id as u64);
    if let Some(r) = e.rtt {
        out.extend_from_slice(b",\"rtt\":");
        push_seconds(out, r);
    }
    out.extend_from_slice(b",\"query\":\"");
    e.query.push(out);
    out.extend_from_slice(b"\",\"qclass\":1,\"qclass_name\":\"C_INTERNET\",\"qtype\":");
    push_u64(out, e.qtype.code() as u64);
    out.extend_from_slice(b",\"qtype_name\":\"");
    out.extend_from_slice(e.qtype.name().as_bytes());
    out.push(b'"');
    if let Some(rc) = e.rcode {
        out.extend_from_slice(b",\"rcode\":");
        push_u64(out, rc.code() as u64);
        out.extend_from_slice(b",\"rcode_name\":\"");
        out.extend_from_slice(rc.name().as_bytes());
        out.push(b'"');
    }
    for (k, f) in
        [(&b",\"AA\":"[..], e.aa), (b",\"TC\":", e.tc), (b",\"RD\":", e.rd), (b",\"RA\":", e.ra)]
    {
        out.extend_from_slice(k);
        push_bool_json(out, f);
    }
    out.extend_from_slice(b",\"Z\":0");
    if e.n_answers > 0 {
        push_json_arrays(out, e, b",\"answers\":", b",\"TTLs\":");
    }
    out.extend_from_slice(b",\"rejected\":false}\n");
}

/// `<answers_key>["a","b"]<ttls_key>[60.0,60.0]` (also the Arrow columns' content, keys empty).
pub(super) fn push_json_arrays(
    out: &mut Vec<u8>,
    e: &DnsEvent<'_>,
    answers_key: &[u8],
    ttls_key: &[u8],
) {
    out.extend_from_slice(answers_key);
    push_answers_json(out, e);
    out.extend_from_slice(ttls_key);
    push_ttls_json(out, e);
}

pub(super) fn push_answers_json(out: &mut Vec<u8>, e: &DnsEvent<'_>) {
    let mut tmp = Vec::with_capacity(64);
    out.push(b'[');
    for (i, a) in e.answers().iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        tmp.clear();
        a.push(&mut tmp);
        out.push(b'"');
        push_json_escaped(out, std::str::from_utf8(&tmp).expect("ascii"));
        out.push(b'"');
    }
    out.push(b']');
}

pub(super) fn push_ttls_json(out: &mut Vec<u8>, e: &DnsEvent<'_>) {
    out.push(b'[');
    for (i, t) in e.ttls[..e.n_answers as usize].iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_u64(out, *t as u64);
        out.extend_from_slice(b".0");
    }
    out.push(b']');
}

/// The dns table schema: the connection fields shared with conn, then dns's own.
pub(super) fn schema() -> SchemaRef {
    let f = |n: &str, t: DataType, null: bool| Field::new(n, t, null);
    let mut fields = crate::sources::zeek::connection_fields();
    fields.extend([
        f("trans_id", DataType::Int32, false),
        f("rtt", DataType::Float64, true),
        f("query", DataType::Utf8, false),
        f("qclass", DataType::Int32, false),
        f("qclass_name", DataType::Utf8, false),
        f("qtype", DataType::Int32, false),
        f("qtype_name", DataType::Utf8, false),
        f("rcode", DataType::Int32, true),
        f("rcode_name", DataType::Utf8, true),
        f("aa", DataType::Boolean, false),
        f("tc", DataType::Boolean, false),
        f("rd", DataType::Boolean, false),
        f("ra", DataType::Boolean, false),
        f("z", DataType::Int32, false),
        f("answers", DataType::Utf8, true),
        f("ttls", DataType::Utf8, true),
        f("rejected", DataType::Boolean, false),
    ]);
    Arc::new(Schema::new(fields))
}

pub(super) fn to_batch(events: &[DnsEvent<'_>]) -> RecordBatch {
    let n = events.len();
    let mut uid_b = StringBuilder::with_capacity(n, n * 18);
    let mut orig_h = StringBuilder::with_capacity(n, n * 12);
    let mut resp_h = StringBuilder::with_capacity(n, n * 12);
    let mut query = StringBuilder::with_capacity(n, n * 24);
    let mut answers = StringBuilder::with_capacity(n, n * 32);
    let mut ttls = StringBuilder::with_capacity(n, n * 8);
    let mut proto = StringBuilder::with_capacity(n, n * 3);
    let mut qtype_name = StringBuilder::with_capacity(n, n * 2);
    let mut rcode_name = StringBuilder::with_capacity(n, n * 7);
    let mut rtt = Float64Builder::with_capacity(n);
    let mut rcode = Int32Builder::with_capacity(n);
    let mut buf = Vec::with_capacity(128);
    for e in events {
        uid_b.append_value(uid_str(&e.uid));
        orig_h.append_value(e.orig_h);
        resp_h.append_value(e.resp_h);
        buf.clear();
        e.query.push(&mut buf);
        query.append_value(std::str::from_utf8(&buf).expect("ascii"));
        if e.n_answers > 0 {
            buf.clear();
            push_answers_json(&mut buf, e);
            answers.append_value(std::str::from_utf8(&buf).expect("ascii"));
            buf.clear();
            push_ttls_json(&mut buf, e);
            ttls.append_value(std::str::from_utf8(&buf).expect("ascii"));
        } else {
            answers.append_null();
            ttls.append_null();
        }
        proto.append_value(e.proto.name());
        qtype_name.append_value(e.qtype.name());
        rtt.append_option(e.rtt.map(|r| r as f64 / 1e6));
        rcode.append_option(e.rcode.map(|r| r.code() as i32));
        rcode_name.append_option(e.rcode.map(|r| r.name()));
    }
    let i32s = |f: &dyn Fn(&DnsEvent) -> i32| -> ArrayRef {
        Arc::new(events.iter().map(|e| Some(f(e))).collect::<arrow_array::Int32Array>())
    };
    let bools = |f: &dyn Fn(&DnsEvent) -> bool| -> ArrayRef {
        let mut b = BooleanBuilder::with_capacity(n);
        events.iter().for_each(|e| b.append_value(f(e)));
        Arc::new(b.finish())
    };
    let strs = |s: &str| -> ArrayRef {
        Arc::new(arrow_array::StringArray::from_iter_values(std::iter::repeat_n(s, n)))
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
        i32s(&|_| 53),
        Arc::new(proto.finish()),
        i32s(&|e| e.trans_id as i32),
        Arc::new(rtt.finish()),
        Arc::new(query.finish()),
        i32s(&|_| 1),
        strs("C_INTERNET"),
        i32s(&|e| e.qtype.code() as i32),
        Arc::new(qtype_name.finish()),
        Arc::new(rcode.finish()),
        Arc::new(rcode_name.finish()),
        bools(&|e| e.aa),
        bools(&|e| e.tc),
        bools(&|e| e.rd),
        bools(&|e| e.ra),
        i32s(&|_| 0),
        Arc::new(answers.finish()),
        Arc::new(ttls.finish()),
        bools(&|_| false),
    ];
    RecordBatch::try_new(schema(), cols).expect("dns batch matches its schema")
}
