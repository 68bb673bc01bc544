//! Arrow schema and batch: typed envelope columns, typed columns for the EventData fields that
//! queries filter and join on, and an `event_data` map with every other field of the event.

use super::render::{
    emit, keywords, meta, object_type, push_val, Esc, Name, Sink, Val, EVENTLOG_PROVIDER,
    SECURITY_PROVIDER,
};
use super::WinEvent;
use crate::labels::{ts_type, UTC};
use crate::BlockCtx;
use arrow_array::builder::{
    Int32Builder, Int64Builder, MapBuilder, MapFieldNames, StringBuilder,
    TimestampMicrosecondBuilder,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use std::sync::{Arc, OnceLock};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ty {
    Str,
    Int,
}

/// EventData-backed columns: (column, type, the EventData names that land in it).
const DATA_COLUMNS: &[(&str, Ty, &[&str])] = &[
    ("subject_user_sid", Ty::Str, &["SubjectUserSid"]),
    ("subject_user_name", Ty::Str, &["SubjectUserName"]),
    ("subject_domain_name", Ty::Str, &["SubjectDomainName"]),
    ("subject_logon_id", Ty::Str, &["SubjectLogonId"]),
    ("target_user_sid", Ty::Str, &["TargetUserSid"]),
    ("target_user_name", Ty::Str, &["TargetUserName"]),
    ("target_domain_name", Ty::Str, &["TargetDomainName"]),
    ("target_logon_id", Ty::Str, &["TargetLogonId"]),
    ("target_sid", Ty::Str, &["TargetSid"]),
    ("member_sid", Ty::Str, &["MemberSid"]),
    ("logon_type", Ty::Int, &["LogonType"]),
    ("logon_process_name", Ty::Str, &["LogonProcessName"]),
    ("authentication_package_name", Ty::Str, &["AuthenticationPackageName", "PackageName"]),
    ("workstation_name", Ty::Str, &["WorkstationName", "Workstation"]),
    ("ip_address", Ty::Str, &["IpAddress"]),
    ("ip_port", Ty::Int, &["IpPort"]),
    ("process_id", Ty::Str, &["ProcessId", "ProcessID"]),
    ("process_name", Ty::Str, &["ProcessName"]),
    ("new_process_id", Ty::Str, &["NewProcessId"]),
    ("new_process_name", Ty::Str, &["NewProcessName"]),
    ("command_line", Ty::Str, &["CommandLine"]),
    ("parent_process_name", Ty::Str, &["ParentProcessName"]),
    ("token_elevation_type", Ty::Str, &["TokenElevationType"]),
    ("status", Ty::Str, &["Status"]),
    ("sub_status", Ty::Str, &["SubStatus"]),
    ("failure_reason", Ty::Str, &["FailureReason"]),
    ("service_name", Ty::Str, &["ServiceName"]),
    ("service_file_name", Ty::Str, &["ServiceFileName"]),
    ("ticket_encryption_type", Ty::Str, &["TicketEncryptionType"]),
    ("ticket_options", Ty::Str, &["TicketOptions"]),
    ("object_type", Ty::Str, &["ObjectType"]),
    ("object_name", Ty::Str, &["ObjectName"]),
    ("handle_id", Ty::Str, &["HandleId"]),
    ("access_mask", Ty::Str, &["AccessMask"]),
    ("share_name", Ty::Str, &["ShareName"]),
    ("relative_target_name", Ty::Str, &["RelativeTargetName"]),
    ("privilege_list", Ty::Str, &["PrivilegeList"]),
    ("application", Ty::Str, &["Application"]),
    ("direction", Ty::Str, &["Direction"]),
    ("source_address", Ty::Str, &["SourceAddress"]),
    ("source_port", Ty::Int, &["SourcePort"]),
    ("dest_address", Ty::Str, &["DestAddress"]),
    ("dest_port", Ty::Int, &["DestPort"]),
    ("protocol", Ty::Int, &["Protocol"]),
];

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Index of the typed column an EventData field lands in, or -1 for the `event_data` map
/// (const, so every field name is resolved when the crate compiles).
pub const fn data_column(field: &str) -> i8 {
    let mut c = 0;
    while c < DATA_COLUMNS.len() {
        let names = DATA_COLUMNS[c].2;
        let mut k = 0;
        while k < names.len() {
            if same(names[k], field) {
                return c as i8;
            }
            k += 1;
        }
        c += 1;
    }
    -1
}

pub fn schema() -> SchemaRef {
    static S: OnceLock<SchemaRef> = OnceLock::new();
    S.get_or_init(|| {
        let mut fields = vec![
            Field::new("time_created", ts_type(), false),
            Field::new("event_id", DataType::Int32, false),
            Field::new("version", DataType::Int32, false),
            Field::new("level", DataType::Int32, false),
            Field::new("task", DataType::Int32, false),
            Field::new("keywords", DataType::Utf8, false),
            Field::new("event_record_id", DataType::Int64, false),
            Field::new("provider", DataType::Utf8, false),
            Field::new("channel", DataType::Utf8, false),
            Field::new("computer", DataType::Utf8, false),
            Field::new("execution_process_id", DataType::Int32, false),
            Field::new("execution_thread_id", DataType::Int32, false),
        ];
        for (name, ty, _) in DATA_COLUMNS {
            fields.push(Field::new(
                *name,
                if *ty == Ty::Int { DataType::Int32 } else { DataType::Utf8 },
                true,
            ));
        }
        fields.push(Field::new("event_data", map_type(), false));
        Arc::new(Schema::new(fields))
    })
    .clone()
}

fn map_names() -> MapFieldNames {
    MapFieldNames { entry: "key_value".into(), key: "key".into(), value: "value".into() }
}

fn map_type() -> DataType {
    let mut b = MapBuilder::new(Some(map_names()), StringBuilder::new(), StringBuilder::new());
    b.finish().data_type().clone()
}

/// Collects one event's fields: typed ones into slots, the rest as map entries.
struct Collect {
    buf: Vec<u8>,
    slots: Vec<Option<(u32, u32)>>,
    extra: Vec<(&'static str, u32, u32)>,
}

impl Sink for Collect {
    fn put(&mut self, name: Name, v: Val<'_>) {
        let a = self.buf.len() as u32;
        push_val(&mut self.buf, &v, Esc::Raw);
        let b = self.buf.len() as u32;
        match name.column {
            -1 => self.extra.push((name.bare, a, b)),
            i => self.slots[i as usize] = Some((a, b)),
        }
    }
}

pub fn to_batch(ctx: &BlockCtx<'_>, events: &[WinEvent<'_>]) -> RecordBatch {
    let n = events.len();
    let mut time = TimestampMicrosecondBuilder::with_capacity(n).with_timezone(UTC);
    let mut event_id = Int32Builder::with_capacity(n);
    let mut version = Int32Builder::with_capacity(n);
    let mut level = Int32Builder::with_capacity(n);
    let mut task = Int32Builder::with_capacity(n);
    let mut kw = StringBuilder::with_capacity(n, n * 18);
    let mut record = Int64Builder::with_capacity(n);
    let mut provider = StringBuilder::with_capacity(n, n * 35);
    let mut channel = StringBuilder::with_capacity(n, n * 8);
    let mut computer = StringBuilder::with_capacity(n, n * 24);
    let mut epid = Int32Builder::with_capacity(n);
    let mut etid = Int32Builder::with_capacity(n);
    let mut strs: Vec<Option<StringBuilder>> = DATA_COLUMNS
        .iter()
        .map(|c| (c.1 == Ty::Str).then(|| StringBuilder::with_capacity(n, n * 8)))
        .collect();
    let mut ints: Vec<Option<Int32Builder>> = DATA_COLUMNS
        .iter()
        .map(|c| (c.1 == Ty::Int).then(|| Int32Builder::with_capacity(n)))
        .collect();
    let mut map = MapBuilder::new(Some(map_names()), StringBuilder::new(), StringBuilder::new());
    let mut c = Collect {
        buf: Vec::with_capacity(4096),
        slots: vec![None; DATA_COLUMNS.len()],
        extra: Vec::with_capacity(32),
    };

    for e in events {
        let m = meta(e.event_id, object_type(e));
        time.append_value(e.time);
        event_id.append_value(e.event_id as i32);
        version.append_value(m.version as i32);
        level.append_value(if e.event_id == 1102 { 4 } else { 0 });
        task.append_value(m.task as i32);
        kw.append_value(keywords(e));
        record.append_value(e.record_id as i64);
        provider.append_value(if e.event_id == 1102 {
            EVENTLOG_PROVIDER
        } else {
            SECURITY_PROVIDER
        });
        channel.append_value("Security");
        computer.append_value(&ctx.org.hosts[e.host as usize].fqdn);
        epid.append_value(e.exec_pid as i32);
        etid.append_value(e.exec_tid as i32);

        c.buf.clear();
        c.extra.clear();
        c.slots.iter_mut().for_each(|s| *s = None);
        emit(ctx.org, e, &mut c);
        // One UTF-8 check per event; fields are slices of it at the pieces' boundaries.
        let all = std::str::from_utf8(&c.buf).expect("fields are UTF-8");
        let text = |r: (u32, u32)| &all[r.0 as usize..r.1 as usize];
        for (i, slot) in c.slots.iter().enumerate() {
            if let Some(b) = strs[i].as_mut() {
                b.append_option(slot.map(text));
            } else if let Some(b) = ints[i].as_mut() {
                b.append_option(slot.and_then(|r| text(r).parse::<i32>().ok()));
            }
        }
        for &(name, a, b) in &c.extra {
            map.keys().append_value(name);
            map.values().append_value(text((a, b)));
        }
        map.append(true).expect("map entry");
    }

    let mut cols: Vec<ArrayRef> = vec![
        Arc::new(time.finish()),
        Arc::new(event_id.finish()),
        Arc::new(version.finish()),
        Arc::new(level.finish()),
        Arc::new(task.finish()),
        Arc::new(kw.finish()),
        Arc::new(record.finish()),
        Arc::new(provider.finish()),
        Arc::new(channel.finish()),
        Arc::new(computer.finish()),
        Arc::new(epid.finish()),
        Arc::new(etid.finish()),
    ];
    for (s, i) in strs.iter_mut().zip(ints.iter_mut()) {
        match (s, i) {
            (Some(s), _) => cols.push(Arc::new(s.finish())),
            (_, Some(i)) => cols.push(Arc::new(i.finish())),
            _ => unreachable!("every data column has a builder"),
        }
    }
    cols.push(Arc::new(map.finish()));
    RecordBatch::try_new(schema(), cols).expect("windows batch matches its schema")
}
