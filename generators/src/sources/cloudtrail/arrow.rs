//! Arrow form: flat top-level columns, `user_identity` as a struct (sessionContext flattened
//! into it), and the members whose shape varies by eventName (requestParameters,
//! responseElements, additionalEventData, resources, serviceEventDetails) as JSON strings.

use super::catalogue::EventCategory;
use super::render::View;
use super::Record;
use crate::labels::{ts_type, UTC};
use crate::BlockCtx;
use arrow_array::builder::{BooleanBuilder, StringBuilder, TimestampMicrosecondBuilder};
use arrow_array::{ArrayRef, RecordBatch, StructArray};
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use std::sync::Arc;

const IDENTITY: &[(&str, bool)] = &[
    ("type", false),
    ("principal_id", false),
    ("arn", false),
    ("account_id", false),
    ("access_key_id", false),
    ("user_name", false),
    ("invoked_by", false),
    ("session_issuer_type", false),
    ("session_issuer_principal_id", false),
    ("session_issuer_arn", false),
    ("session_issuer_account_id", false),
    ("session_issuer_user_name", false),
    ("mfa_authenticated", true),
    ("creation_date", false),
    ("ec2_role_delivery", false),
    ("on_behalf_of_user_id", false),
];

fn identity_fields() -> Fields {
    IDENTITY
        .iter()
        .map(|&(n, boolean)| {
            let t = if boolean {
                DataType::Boolean
            } else if n == "creation_date" {
                ts_type()
            } else {
                DataType::Utf8
            };
            Field::new(n, t, true)
        })
        .collect()
}

pub fn schema() -> SchemaRef {
    let s = |n: &str, null: bool| Field::new(n, DataType::Utf8, null);
    Arc::new(Schema::new(vec![
        Field::new("event_time", ts_type(), false),
        s("event_version", false),
        Field::new("user_identity", DataType::Struct(identity_fields()), false),
        s("event_source", false),
        s("event_name", false),
        s("aws_region", false),
        s("source_ip_address", false),
        s("user_agent", false),
        s("error_code", true),
        s("error_message", true),
        s("request_parameters", true),
        s("response_elements", true),
        s("additional_event_data", true),
        s("request_id", true),
        s("event_id", false),
        Field::new("read_only", DataType::Boolean, false),
        s("resources", true),
        s("event_type", false),
        s("api_version", true),
        Field::new("management_event", DataType::Boolean, false),
        s("recipient_account_id", false),
        s("shared_event_id", true),
        s("vpc_endpoint_id", true),
        s("vpc_endpoint_account_id", true),
        s("service_event_details", true),
        s("event_category", false),
        s("tls_version", true),
        s("tls_cipher_suite", true),
        s("tls_client_provided_host_header", true),
        Field::new("session_credential_from_console", DataType::Boolean, true),
    ]))
}

/// A string column filled through a scratch buffer by a writer that reports presence.
struct Col {
    b: StringBuilder,
}

impl Col {
    fn new(n: usize) -> Col {
        Col { b: StringBuilder::with_capacity(n, n * 24) }
    }
    fn put(&mut self, scratch: &mut Vec<u8>, f: impl FnOnce(&mut Vec<u8>) -> bool) {
        scratch.clear();
        if f(scratch) {
            self.b.append_value(std::str::from_utf8(scratch).expect("ascii"));
        } else {
            self.b.append_null();
        }
    }
    fn opt(&mut self, v: Option<&str>) {
        self.b.append_option(v);
    }
    fn done(mut self) -> ArrayRef {
        Arc::new(self.b.finish())
    }
}

pub fn to_batch(ctx: &BlockCtx<'_>, events: &[Record]) -> RecordBatch {
    let v = View::new(ctx.org, ctx.seed);
    let n = events.len();
    let mut x = Vec::with_capacity(1024);
    let mut time = TimestampMicrosecondBuilder::with_capacity(n).with_timezone(UTC);
    let mut cols: Vec<Col> = (0..25).map(|_| Col::new(n)).collect();
    let mut id: Vec<Col> = (0..IDENTITY.len()).map(|_| Col::new(n)).collect();
    let mut mfa = BooleanBuilder::with_capacity(n);
    let mut created = TimestampMicrosecondBuilder::with_capacity(n).with_timezone(UTC);
    let mut read_only = BooleanBuilder::with_capacity(n);
    let mut mgmt = BooleanBuilder::with_capacity(n);
    let mut console = BooleanBuilder::with_capacity(n);
    for r in events {
        let api = r.api();
        let svc = api.svc();
        time.append_value(r.time);
        // user_identity
        let session = v.has_session(r);
        let issuer = if session { v.issuer(r) } else { None };
        id[0].opt(v.id_type(r));
        id[1].put(&mut x, |o| api.cat != EventCategory::ServiceEvent && v.push_principal(r, o));
        id[2].put(&mut x, |o| api.cat != EventCategory::ServiceEvent && v.push_arn(r, o));
        id[3].opt(v.has_account(r).then(|| v.account_id(r)));
        id[4].put(&mut x, |o| api.cat != EventCategory::ServiceEvent && v.push_key(r, o));
        id[5].opt(v.user_name(r));
        id[6].opt(v.invoked_by(r));
        id[7].opt(issuer.map(|_| "Role"));
        id[8].opt(issuer.map(|i| i.role_id.as_str()));
        id[9].opt(issuer.map(|i| i.arn.as_str()));
        id[10].opt(issuer.map(|_| v.account_id(r)));
        id[11].opt(issuer.map(|i| i.name.as_str()));
        mfa.append_option(session.then(|| v.mfa(r)));
        created.append_option(session.then(|| r.session.div_euclid(1_000_000) * 1_000_000));
        id[14].opt((session && v.ec2_delivery(r)).then_some("2.0"));
        id[15].put(&mut x, |o| {
            v.push_portal_user_id(r, o);
            !o.is_empty()
        });
        // flat columns, in schema order after event_time / user_identity
        cols[0].opt(Some(svc.event_version));
        cols[1].opt(Some(svc.source));
        cols[2].opt(Some(api.name));
        cols[3].opt(Some(crate::entities::AWS_REGIONS[r.region as usize]));
        cols[4].put(&mut x, |o| {
            v.push_source_ip(r, o);
            true
        });
        cols[5].put(&mut x, |o| {
            v.push_user_agent(r, o);
            true
        });
        cols[6].opt(v.error_code(r));
        cols[7].put(&mut x, |o| v.push_error_message(r, o));
        cols[8].put(&mut x, |o| v.push_request(r, o));
        cols[9].put(&mut x, |o| v.push_response(r, o));
        cols[10].put(&mut x, |o| v.push_additional(r, o));
        cols[11].put(&mut x, |o| {
            v.has_request_id(r) && {
                v.push_request_id(r, o);
                true
            }
        });
        cols[12].put(&mut x, |o| {
            v.push_event_id(r, o);
            true
        });
        read_only.append_value(api.read_only);
        cols[13].put(&mut x, |o| v.push_resources(r, o));
        cols[14].opt(Some(View::event_type(r)));
        cols[15].opt(svc.api_version);
        mgmt.append_value(api.cat != EventCategory::Data);
        cols[16].opt(Some(v.account_id(r)));
        cols[17].put(&mut x, |o| v.push_shared_event_id(r, o));
        cols[18].put(&mut x, |o| {
            r.vpce && {
                v.push_vpce(r, o);
                true
            }
        });
        cols[19].opt(r.vpce.then(|| v.account_id(r)));
        cols[20].put(&mut x, |o| v.push_service_event_details(r, o));
        cols[21].opt(Some(if api.cat == EventCategory::Data { "Data" } else { "Management" }));
        let tls = View::tls(r);
        cols[22].opt(tls.map(|t| t.0));
        cols[23].opt(tls.map(|t| t.1));
        cols[24].put(&mut x, |o| {
            tls.is_some() && {
                v.push_host(r, o);
                true
            }
        });
        console.append_option(v.console_session(r).then_some(true));
    }
    let fields = identity_fields();
    let mut id_arrays: Vec<ArrayRef> = Vec::with_capacity(IDENTITY.len());
    for (k, c) in id.into_iter().enumerate() {
        id_arrays.push(match k {
            12 => Arc::new(mfa.finish()),
            13 => Arc::new(created.finish()),
            _ => c.done(),
        });
    }
    let identity = StructArray::new(fields, id_arrays, None);
    let mut cols = cols.into_iter().map(Col::done);
    let mut next = || cols.next().expect("column");
    let mut arrays: Vec<ArrayRef> = vec![Arc::new(time.finish())];
    arrays.push(next()); // event_version
    arrays.push(Arc::new(identity));
    for _ in 0..12 {
        arrays.push(next()); // event_source .. request_id, event_id
    }
    arrays.push(Arc::new(read_only.finish()));
    arrays.push(next()); // resources
    arrays.push(next()); // event_type
    arrays.push(next()); // api_version
    arrays.push(Arc::new(mgmt.finish()));
    for _ in 0..9 {
        arrays.push(next()); // recipient_account_id .. tls_client_provided_host_header
    }
    arrays.push(Arc::new(console.finish()));
    RecordBatch::try_new(schema(), arrays).expect("cloudtrail batch matches its schema")
}
