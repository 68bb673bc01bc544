//! One whole CloudTrail record as JSON, and its top-level ids and flags.

use super::vocab::ALNUM;
use super::View;
use crate::fmt::{push_iso_seconds, push_uuid};
use crate::sources::cloudtrail::catalogue::{AwsService, EventCategory};
use crate::sources::cloudtrail::{Actor, Record};

impl<'a> View<'a> {
    /// requestID: S3 uses 16 upper-case alphanumerics, the others a UUID; sign-in and service
    /// events have none.
    pub fn has_request_id(&self, r: &Record) -> bool {
        !matches!(r.api().cat, EventCategory::SignIn | EventCategory::ServiceEvent)
    }

    pub fn push_request_id(&self, r: &Record, out: &mut Vec<u8>) {
        if r.api().svc == AwsService::S3 {
            let h = self.h(r, 50);
            let h2 = self.h(r, 51);
            for i in 0..16u64 {
                let x = if i < 10 { h >> (i * 6) } else { h2 >> ((i - 10) * 6) };
                out.push(ALNUM[(x % 36) as usize]);
            }
        } else {
            push_uuid(out, self.h(r, 52), self.h(r, 53), false);
        }
    }

    pub fn push_shared_event_id(&self, r: &Record, out: &mut Vec<u8>) -> bool {
        if matches!(r.actor, Actor::Service(_)) && r.api().cat != EventCategory::ServiceEvent {
            push_uuid(out, self.h(r, 60), self.h(r, 61), false);
            return true;
        }
        false
    }

    pub fn event_type(r: &Record) -> &'static str {
        match r.api().cat {
            EventCategory::SignIn => "AwsConsoleSignIn",
            EventCategory::ServiceEvent => "AwsServiceEvent",
            _ => "AwsApiCall",
        }
    }

    pub fn push_record(&self, r: &Record, out: &mut Vec<u8>, scratch: &mut Vec<u8>) {
        let api = r.api();
        let svc = api.svc();
        let acct = self.acct(r).id.as_bytes();
        out.extend_from_slice(b"{\"eventVersion\":\"");
        out.extend_from_slice(svc.event_version.as_bytes());
        out.extend_from_slice(b"\",\"userIdentity\":");
        self.push_user_identity(r, out);
        out.extend_from_slice(b",\"eventTime\":\"");
        push_iso_seconds(out, r.time);
        out.extend_from_slice(b"\",\"eventSource\":\"");
        out.extend_from_slice(svc.source.as_bytes());
        out.extend_from_slice(b"\",\"eventName\":\"");
        out.extend_from_slice(api.name.as_bytes());
        out.extend_from_slice(b"\",\"awsRegion\":\"");
        out.extend_from_slice(Self::region(r).as_bytes());
        out.extend_from_slice(b"\",\"sourceIPAddress\":\"");
        self.push_source_ip(r, out);
        out.extend_from_slice(b"\",\"userAgent\":\"");
        self.push_user_agent(r, out);
        out.push(b'"');
        if let Some(code) = self.error_code(r) {
            out.extend_from_slice(b",\"errorCode\":\"");
            out.extend_from_slice(code.as_bytes());
            out.push(b'"');
        }
        scratch.clear();
        if self.push_error_message(r, scratch) {
            out.extend_from_slice(b",\"errorMessage\":\"");
            crate::fmt::push_json_escaped(out, std::str::from_utf8(scratch).expect("ascii"));
            out.push(b'"');
        }
        out.extend_from_slice(b",\"requestParameters\":");
        if !self.push_request(r, out) {
            out.extend_from_slice(b"null");
        }
        out.extend_from_slice(b",\"responseElements\":");
        if !self.push_response(r, out) {
            out.extend_from_slice(b"null");
        }
        let m = out.len();
        out.extend_from_slice(b",\"additionalEventData\":");
        if !self.push_additional(r, out) {
            out.truncate(m);
        }
        if self.has_request_id(r) {
            out.extend_from_slice(b",\"requestID\":\"");
            self.push_request_id(r, out);
            out.push(b'"');
        }
        out.extend_from_slice(b",\"eventID\":\"");
        self.push_event_id(r, out);
        out.extend_from_slice(if api.read_only {
            b"\",\"readOnly\":true"
        } else {
            b"\",\"readOnly\":false"
        });
        let m = out.len();
        out.extend_from_slice(b",\"resources\":");
        if !self.push_resources(r, out) {
            out.truncate(m);
        }
        out.extend_from_slice(b",\"eventType\":\"");
        out.extend_from_slice(Self::event_type(r).as_bytes());
        out.push(b'"');
        if let Some(v) = svc.api_version {
            out.extend_from_slice(b",\"apiVersion\":\"");
            out.extend_from_slice(v.as_bytes());
            out.push(b'"');
        }
        out.extend_from_slice(if api.cat == EventCategory::Data {
            b",\"managementEvent\":false"
        } else {
            b",\"managementEvent\":true"
        });
        out.extend_from_slice(b",\"recipientAccountId\":\"");
        out.extend_from_slice(acct);
        out.push(b'"');
        let m = out.len();
        out.extend_from_slice(b",\"sharedEventID\":\"");
        if self.push_shared_event_id(r, out) {
            out.push(b'"');
        } else {
            out.truncate(m);
        }
        if r.vpce {
            out.extend_from_slice(b",\"vpcEndpointId\":\"");
            self.push_vpce(r, out);
            out.extend_from_slice(b"\",\"vpcEndpointAccountId\":\"");
            out.extend_from_slice(acct);
            out.push(b'"');
        }
        let m = out.len();
        out.extend_from_slice(b",\"serviceEventDetails\":");
        if !self.push_service_event_details(r, out) {
            out.truncate(m);
        }
        out.extend_from_slice(if api.cat == EventCategory::Data {
            b",\"eventCategory\":\"Data\""
        } else {
            b",\"eventCategory\":\"Management\""
        });
        if let Some((v, c)) = Self::tls(r) {
            out.extend_from_slice(b",\"tlsDetails\":{\"tlsVersion\":\"");
            out.extend_from_slice(v.as_bytes());
            out.extend_from_slice(b"\",\"cipherSuite\":\"");
            out.extend_from_slice(c.as_bytes());
            out.extend_from_slice(b"\",\"clientProvidedHostHeader\":\"");
            self.push_host(r, out);
            out.extend_from_slice(b"\"}");
        }
        if self.console_session(r) {
            out.extend_from_slice(b",\"sessionCredentialFromConsole\":\"true\"");
        }
        out.push(b'}');
    }
}
