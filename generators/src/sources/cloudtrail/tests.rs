//! CloudTrail generator tests: format validity, Arrow consistency, realism against the
//! reference profile (shares embedded below with their tolerances), field coverage against
//! tests/reference/cloudtrail_fields.txt, and the injected attacks against their Sigma/Panther
//! rule selections.

use super::catalogue::{APIS, SERVICES};
use crate::attacks::{AttackKind, Label};
use crate::scenario::Scenario;
use crate::{Block, Generator, Part, SourceKind, Want};
use arrow_array::{Array, BooleanArray, StringArray, StructArray};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

const ATTACKS: &str = r#"
[[attack]]
kind = "console_login_no_mfa_new_country"
count = 2
[[attack]]
kind = "cloudtrail_stop_logging"
count = 2
[[attack]]
kind = "create_access_key_other_user"
count = 2
[[attack]]
kind = "attach_admin_policy"
count = 2
[[attack]]
kind = "brute_force_then_success"
count = 1
"#;

fn scenario(volume: &str, attacks: &str) -> Scenario {
    let text = format!(
        "name = \"t\"\nstart = \"2026-11-02T00:00:00Z\"\nend = \"2026-11-03T00:00:00Z\"\nvolume_per_day = \"{volume}\"\n[org]\nemployees = 400\nservers = 30\naws_accounts = 4\n{attacks}"
    );
    Scenario::parse(&text, Path::new("test.toml")).expect("scenario parses")
}

struct Day {
    generator: Generator,
    blocks: Vec<Block>,
    records: Vec<Value>,
    labels: Vec<Label>,
}

/// One day of CloudTrail: every raw record parsed, plus the blocks (with Arrow batches).
fn day(volume: &str, attacks: &str, seed: u64) -> Day {
    let generator = Generator::new(scenario(volume, attacks), seed);
    let mut blocks = Vec::new();
    let mut records = Vec::new();
    let mut labels = Vec::new();
    for unit in generator.units(SourceKind::CloudTrail, Part::WHOLE, None) {
        let b = generator.generate(&unit, Want { raw: true, arrow: true });
        for doc in &b.raw_docs {
            let v: Value = serde_json::from_slice(&doc.bytes)
                .unwrap_or_else(|e| panic!("{} is JSON: {e}", doc.name));
            let recs = v["Records"]
                .as_array()
                .unwrap_or_else(|| panic!("{} has a Records array", doc.name));
            assert!(!recs.is_empty());
            records.extend(recs.iter().cloned());
        }
        labels.extend(b.labels.iter().cloned());
        blocks.push(b);
    }
    Day { generator, blocks, records, labels }
}

fn s<'v>(r: &'v Value, path: &str) -> Option<&'v str> {
    path.split('.').try_fold(r, |v, k| v.get(k)).and_then(Value::as_str)
}

fn share(records: &[Value], f: impl Fn(&Value) -> bool) -> f64 {
    records.iter().filter(|r| f(r)).count() as f64 / records.len() as f64
}

#[test]
fn docs_are_cloudtrail_json_and_rows_match_arrow() {
    let d = day("40 MB", "", 3);
    let rows: usize = d.blocks.iter().map(|b| b.batch.as_ref().unwrap().num_rows()).sum();
    assert_eq!(rows, d.records.len(), "Arrow rows == raw records");
    assert_eq!(d.blocks.iter().map(|b| b.rows).sum::<usize>(), rows);
    assert!(rows > 5000, "a day has a realistic number of records: {rows}");
    let mut arrow_ids = HashSet::new();
    for b in &d.blocks {
        let batch = b.batch.as_ref().unwrap();
        assert_eq!(batch.schema(), super::arrow::schema());
        let ids = batch
            .column_by_name("event_id")
            .unwrap()
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        arrow_ids.extend(ids.iter().map(|x| x.unwrap().to_string()));
        // Doc names: AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/<acct>_CloudTrail_<region>_<stem>.json
        for doc in &b.raw_docs {
            let parts: Vec<&str> = doc.name.split('/').collect();
            assert_eq!(parts.len(), 8, "{}", doc.name);
            assert_eq!(
                (parts[0], parts[2], parts[4], parts[5], parts[6]),
                ("AWSLogs", "CloudTrail", "2026", "11", "02")
            );
            assert!(
                parts[7].starts_with(&format!("{}_CloudTrail_{}_2026110", parts[1], parts[3]))
                    && parts[7].ends_with(".json")
            );
            let v: Value = serde_json::from_slice(&doc.bytes).unwrap();
            for r in v["Records"].as_array().unwrap() {
                assert_eq!(s(r, "recipientAccountId"), Some(parts[1]));
                assert_eq!(s(r, "awsRegion"), Some(parts[3]));
            }
            // Top-level keys in CloudTrail's delivery order.
            let text = std::str::from_utf8(&doc.bytes).unwrap();
            let first = &text[..text.find("}},{").unwrap_or(text.len())];
            let order = [
                "\"eventVersion\"",
                "\"userIdentity\"",
                "\"eventTime\"",
                "\"eventSource\"",
                "\"eventName\"",
                "\"awsRegion\"",
                "\"sourceIPAddress\"",
                "\"userAgent\"",
                "\"requestParameters\"",
                "\"responseElements\"",
                "\"eventID\"",
                "\"readOnly\"",
                "\"eventType\"",
                "\"managementEvent\"",
                "\"recipientAccountId\"",
                "\"eventCategory\"",
            ];
            let pos: Vec<usize> = order
                .iter()
                .map(|k| first.find(k).unwrap_or_else(|| panic!("{k} in {first}")))
                .collect();
            assert!(pos.windows(2).all(|w| w[0] < w[1]), "key order in {first}");
        }
    }
    let raw_ids: HashSet<String> =
        d.records.iter().map(|r| s(r, "eventID").unwrap().to_string()).collect();
    assert_eq!(raw_ids.len(), d.records.len(), "eventIDs are unique");
    assert_eq!(raw_ids, arrow_ids, "Arrow and raw carry the same records");
    // Same context, same bytes.
    let g = &d.generator;
    let unit = g.units(SourceKind::CloudTrail, Part::WHOLE, None)[100];
    let a = g.generate(&unit, Want { raw: true, arrow: false });
    let b = g.generate(&unit, Want { raw: true, arrow: false });
    assert_eq!(
        a.raw_docs.iter().map(|d| &d.bytes).collect::<Vec<_>>(),
        b.raw_docs.iter().map(|d| &d.bytes).collect::<Vec<_>>()
    );
}

#[test]
fn arrow_columns_agree_with_raw() {
    let d = day("10 MB", "", 5);
    let by_id: HashMap<&str, &Value> =
        d.records.iter().map(|r| (s(r, "eventID").unwrap(), r)).collect();
    for b in d.blocks.iter().take(60) {
        let batch = b.batch.as_ref().unwrap();
        let col = |n: &str| {
            batch.column_by_name(n).unwrap().as_any().downcast_ref::<StringArray>().unwrap().clone()
        };
        let ident = batch
            .column_by_name("user_identity")
            .unwrap()
            .as_any()
            .downcast_ref::<StructArray>()
            .unwrap()
            .clone();
        let icol = |n: &str| {
            ident.column_by_name(n).unwrap().as_any().downcast_ref::<StringArray>().unwrap().clone()
        };
        let (ids, names, codes, req, arn, ty, key) = (
            col("event_id"),
            col("event_name"),
            col("error_code"),
            col("request_parameters"),
            icol("arn"),
            icol("type"),
            icol("access_key_id"),
        );
        let ro = batch
            .column_by_name("read_only")
            .unwrap()
            .as_any()
            .downcast_ref::<BooleanArray>()
            .unwrap()
            .clone();
        for i in 0..batch.num_rows() {
            let r = by_id[ids.value(i)];
            assert_eq!(Some(names.value(i)), s(r, "eventName"));
            assert_eq!(codes.is_valid(i).then(|| codes.value(i)), s(r, "errorCode"));
            assert_eq!(arn.is_valid(i).then(|| arn.value(i)), s(r, "userIdentity.arn"));
            assert_eq!(ty.is_valid(i).then(|| ty.value(i)), s(r, "userIdentity.type"));
            assert_eq!(key.is_valid(i).then(|| key.value(i)), s(r, "userIdentity.accessKeyId"));
            assert_eq!(Some(ro.value(i)), r["readOnly"].as_bool());
            let raw_req = &r["requestParameters"];
            if raw_req.is_null() {
                assert!(req.is_null(i));
            } else {
                assert_eq!(&serde_json::from_str::<Value>(req.value(i)).unwrap(), raw_req);
            }
        }
    }
}

#[test]
fn catalogue_is_broad_and_consistent() {
    let names: BTreeSet<&str> = APIS.iter().map(|a| a.name).collect();
    let services: BTreeSet<&str> = APIS.iter().map(|a| a.svc().source).collect();
    assert!(names.len() >= 150, "{} event names", names.len());
    assert!(services.len() >= 20 && SERVICES.len() >= 20, "{} services", services.len());
    for a in APIS {
        let ro_prefix = [
            "Describe",
            "List",
            "Get",
            "Head",
            "Lookup",
            "BatchGet",
            "BatchCheck",
            "Decrypt",
            "Encrypt",
            "GenerateDataKey",
            "AssumeRole",
            "Decode",
        ]
        .iter()
        .any(|p| a.name.starts_with(p));
        assert_eq!(a.read_only, ro_prefix, "readOnly of {}", a.name);
    }
}

/// Shares from cloudtrail_profile.md. The profile's "real" set is attack detonations made by
/// one IAM test user (IAMUser 79%); the Panther fixtures (AssumedRole 65%, IAMUser 26.5%) are
/// closer to production, where roles and services make most calls. Tolerances say which.
const PROFILE_ERROR_RATE: f64 = 52.0 / 417.0;
const PROFILE_READ_ONLY_TRUE: f64 = 274.0 / 324.0;
const PANTHER_ASSUMED_ROLE: f64 = 0.651;
const PANTHER_IAM_USER: f64 = 0.265;
const PROFILE_TLS13_OF_TLS: f64 = 172.0 / 310.0;
const PROFILE_SAME_SECOND: f64 = 0.31;
const PROFILE_RESPONSE_NULL: f64 = 362.0 / 417.0;

#[test]
fn realism_matches_profile() {
    let d = day("40 MB", "", 11);
    let r = &d.records;
    let err = share(r, |x| x.get("errorCode").is_some());
    let ro = share(r, |x| x["readOnly"] == Value::Bool(true));
    let ty = |t: &str| share(r, |x| s(x, "userIdentity.type") == Some(t));
    let (assumed, iam, svc, root, idc) =
        (ty("AssumedRole"), ty("IAMUser"), ty("AWSService"), ty("Root"), ty("IdentityCenterUser"));
    let tls: Vec<&Value> = r.iter().filter(|x| x.get("tlsDetails").is_some()).collect();
    let tls13 = tls.iter().filter(|x| s(x, "tlsDetails.tlsVersion") == Some("TLSv1.3")).count()
        as f64
        / tls.len() as f64;
    let resp_null = share(r, |x| x["responseElements"].is_null());
    let req_null = share(r, |x| x["requestParameters"].is_null());
    let data = share(r, |x| s(x, "eventCategory") == Some("Data"));
    let resources = share(r, |x| x.get("resources").is_some());
    // Bursts: consecutive records of one file in the same second.
    let (mut same, mut pairs) = (0, 0);
    for b in &d.blocks {
        for doc in &b.raw_docs {
            let v: Value = serde_json::from_slice(&doc.bytes).unwrap();
            let times: Vec<&str> = v["Records"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| s(x, "eventTime").unwrap())
                .collect();
            pairs += times.len().saturating_sub(1);
            same += times.windows(2).filter(|w| w[0] == w[1]).count();
        }
    }
    let same = same as f64 / pairs as f64;
    let names: BTreeSet<&str> = r.iter().filter_map(|x| s(x, "eventName")).collect();
    println!(
        "records {} errors {err:.3} readOnly {ro:.3} AssumedRole {assumed:.3} IAMUser {iam:.3} AWSService {svc:.4} Root {root:.4} IdC {idc:.4} tls13 {tls13:.3} respNull {resp_null:.3} reqNull {req_null:.3} data {data:.3} resources {resources:.3} sameSecond {same:.3} names {}",
        r.len(),
        names.len()
    );
    assert!((err - PROFILE_ERROR_RATE).abs() < 0.05, "error rate {err}");
    assert!(r
        .iter()
        .filter(|x| x.get("errorCode").is_some())
        .all(|x| x.get("errorMessage").is_some() && x["responseElements"].is_null()));
    assert!((ro - PROFILE_READ_ONLY_TRUE).abs() < 0.08, "readOnly share {ro}");
    assert!((assumed - PANTHER_ASSUMED_ROLE).abs() < 0.12, "AssumedRole {assumed}");
    assert!((iam - PANTHER_IAM_USER).abs() < 0.13, "IAMUser {iam}");
    assert!((0.03..0.15).contains(&svc), "AWSService {svc}");
    assert!(root > 0.0 && root < 0.005, "Root {root}");
    assert!(idc > 0.0 && idc < 0.02, "IdentityCenterUser {idc}");
    assert!((tls13 - PROFILE_TLS13_OF_TLS).abs() < 0.1, "TLSv1.3 share {tls13}");
    assert!((resp_null - PROFILE_RESPONSE_NULL).abs() < 0.1, "responseElements null {resp_null}");
    assert!((0.03..0.25).contains(&data), "S3 data events {data}");
    assert!((same - PROFILE_SAME_SECOND).abs() < 0.2, "same-second share {same}");
    assert!(names.len() >= 150, "a day uses {} distinct eventNames", names.len());
    let global_ok = r
        .iter()
        .filter(|x| {
            matches!(
                s(x, "eventSource"),
                Some(
                    "iam.amazonaws.com"
                        | "organizations.amazonaws.com"
                        | "route53.amazonaws.com"
                        | "cloudfront.amazonaws.com"
                        | "signin.amazonaws.com"
                )
            )
        })
        .all(|x| s(x, "awsRegion") == Some("us-east-1"));
    assert!(global_ok, "global services are recorded in us-east-1");
}

#[test]
fn identities_are_consistent() {
    let d = day("10 MB", "", 7);
    for r in &d.records {
        let acct = s(r, "recipientAccountId").unwrap();
        assert_eq!(acct.len(), 12);
        let ty = s(r, "userIdentity.type");
        let key = s(r, "userIdentity.accessKeyId");
        let principal = s(r, "userIdentity.principalId");
        let arn = s(r, "userIdentity.arn");
        if let Some(k) = key {
            assert_eq!(k.len(), 20, "{k}");
        }
        if ty.is_some() && ty != Some("AWSService") {
            assert_eq!(s(r, "userIdentity.accountId"), Some(acct));
        }
        match ty {
            Some("IAMUser") => {
                let p = principal.unwrap();
                assert!(p.starts_with("AIDA") && p.len() == 21);
                assert_eq!(
                    arn.unwrap(),
                    format!("arn:aws:iam::{acct}:user/{}", s(r, "userIdentity.userName").unwrap())
                );
                let console = r["userIdentity"].get("sessionContext").is_some();
                if let Some(k) = key {
                    assert!(k.starts_with(if console { "ASIA" } else { "AKIA" }), "{k}");
                }
                if console {
                    assert_eq!(
                        r["userIdentity"]["sessionContext"]["sessionIssuer"],
                        serde_json::json!({})
                    );
                    assert_eq!(s(r, "sessionCredentialFromConsole"), Some("true"));
                }
            }
            Some("AssumedRole") => {
                let (role_id, session) = principal.unwrap().split_once(':').unwrap();
                assert!(role_id.starts_with("AROA") && role_id.len() == 21);
                let arn = arn.unwrap();
                assert!(
                    arn.starts_with(&format!("arn:aws:sts::{acct}:assumed-role/"))
                        && arn.ends_with(&format!("/{session}")),
                    "{arn}"
                );
                if s(r, "eventName") != Some("ConsoleLogin") {
                    assert!(key.unwrap().starts_with("ASIA"));
                    let issuer = &r["userIdentity"]["sessionContext"]["sessionIssuer"];
                    assert_eq!(issuer["type"], "Role");
                    assert_eq!(issuer["principalId"], role_id);
                    assert!(arn.contains(&format!("/{}/", issuer["userName"].as_str().unwrap())));
                    assert!(
                        s(r, "userIdentity.sessionContext.attributes.creationDate").unwrap()
                            <= s(r, "eventTime").unwrap()
                    );
                }
            }
            Some("AWSService") => {
                let by = s(r, "userIdentity.invokedBy").unwrap();
                assert_eq!(s(r, "sourceIPAddress"), Some(by));
                assert_eq!(s(r, "userAgent"), Some(by));
                assert!(r.get("sharedEventID").is_some());
            }
            Some("Root") => assert_eq!(arn.unwrap(), format!("arn:aws:iam::{acct}:root")),
            Some("IdentityCenterUser") => assert!(s(r, "userIdentity.onBehalfOf.userId").is_some()),
            None => assert_eq!(s(r, "eventType"), Some("AwsServiceEvent")),
            Some(other) => panic!("unexpected identity type {other}"),
        }
        if let Some(id) = s(r, "requestID") {
            assert!(
                id.len() == 36
                    || (id.len() == 16 && s(r, "eventSource") == Some("s3.amazonaws.com")),
                "{id}"
            );
        }
        if r.get("vpcEndpointId").is_some() {
            assert!(s(r, "sourceIPAddress").unwrap().starts_with("10."));
        }
    }
}

/// Field paths of a record, as the reference list spells them (arrays as `[]`; empty objects
/// and nulls are leaves).
fn paths(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, x) in m {
                let p = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                paths(x, &p, out);
            }
        }
        Value::Array(a) if !a.is_empty() => {
            for x in a {
                paths(x, &format!("{prefix}[]"), out);
            }
        }
        _ => {
            out.insert(prefix.to_string());
        }
    }
}

#[test]
fn field_coverage_against_reference() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/reference/cloudtrail_fields.txt"
    ))
    .unwrap();
    let d = day("30 MB", ATTACKS, 13);
    let mut have = BTreeSet::new();
    for r in &d.records {
        paths(r, "", &mut have);
    }
    // Logstash artefacts of the OTRF set, not CloudTrail fields.
    let skip = ["@timestamp", "@version"];
    let mut missing = Vec::new();
    let (mut common, mut any_real, mut any_real_have) = (0, 0, 0);
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (path, real): (&str, u32) = (cols[0], cols[1].parse().unwrap());
        if real >= 2 {
            any_real += 1;
            any_real_have += have.contains(path) as u32;
        }
        if real >= 9 && !skip.contains(&path) {
            common += 1;
            if !have.contains(path) {
                missing.push(path);
            }
        }
    }
    assert!(missing.is_empty(), "common real paths missing: {missing:?}");
    println!("covered {common} common paths; {any_real_have}/{any_real} of paths seen ≥2 times in real data");
    assert!(common > 60);
}

#[test]
fn attacks_are_injected_labelled_and_match_rules() {
    let d = day("10 MB", ATTACKS, 17);
    let plan = &d.generator.plan;
    let org = &d.generator.org;
    let by_id: HashMap<&str, &Value> =
        d.records.iter().map(|r| (s(r, "eventID").unwrap(), r)).collect();
    let mut per_attack: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
    for l in &d.labels {
        assert_eq!(l.source, SourceKind::CloudTrail);
        let r = by_id
            .get(l.event_key.as_str())
            .unwrap_or_else(|| panic!("label {} points at a record", l.event_key));
        per_attack.entry(l.attack_id.as_str()).or_default().push(r);
    }
    let ct_instances: Vec<_> = plan
        .instances
        .iter()
        .filter(|i| i.kind.sources().contains(&SourceKind::CloudTrail))
        .collect();
    assert_eq!(ct_instances.len(), 8);
    assert!(d.labels.iter().all(|l| l.kind != AttackKind::BruteForceThenSuccess));
    for inst in ct_instances {
        let recs = &per_attack[inst.id.as_str()];
        let attacker = crate::fmt::ipv4_string(inst.attacker_ip);
        assert!(recs.iter().all(|r| s(r, "sourceIPAddress") == Some(attacker.as_str())));
        let user = &org.users[inst.user];
        let other = &org.users[inst.other_user];
        let hits: Vec<&&Value> = match inst.kind {
            // Sigma 77caf516 (AWS Successful Console Login Without MFA); Sigma compares
            // case-insensitively, so 'NO' matches CloudTrail's "No".
            AttackKind::ConsoleLoginNoMfaNewCountry => recs
                .iter()
                .filter(|r| {
                    s(r, "eventName") == Some("ConsoleLogin")
                        && s(r, "additionalEventData.MFAUsed")
                            .is_some_and(|m| m.eq_ignore_ascii_case("NO"))
                        && s(r, "responseElements.ConsoleLogin") == Some("Success")
                })
                .inspect(|r| {
                    let arn = s(r, "userIdentity.arn").unwrap();
                    assert!(
                        arn.ends_with(&format!("user/{}", user.sam))
                            || arn.ends_with(&format!("/{}", user.email)),
                        "{arn}"
                    );
                    assert_eq!(s(r, "eventType"), Some("AwsConsoleSignIn"));
                })
                .collect(),
            // Sigma 4db60cc0 (AWS CloudTrail Important Change).
            AttackKind::CloudtrailStopLogging => {
                let hits: Vec<_> = recs
                    .iter()
                    .filter(|r| {
                        s(r, "eventSource") == Some("cloudtrail.amazonaws.com")
                            && matches!(
                                s(r, "eventName"),
                                Some("StopLogging" | "UpdateTrail" | "DeleteTrail")
                            )
                    })
                    .collect();
                let names: Vec<_> = hits.iter().map(|r| s(r, "eventName").unwrap()).collect();
                assert_eq!(names, ["StopLogging", "DeleteTrail"]);
                assert_eq!(
                    s(hits[0], "requestParameters.name"),
                    s(hits[1], "requestParameters.name")
                );
                hits
            }
            // Sigma 0a5177f4 (AWS IAM Backdoor Users Keys): selection and not filter.
            AttackKind::CreateAccessKeyOtherUser => recs
                .iter()
                .filter(|r| {
                    s(r, "eventSource") == Some("iam.amazonaws.com")
                        && s(r, "eventName") == Some("CreateAccessKey")
                })
                .filter(|r| {
                    !s(r, "userIdentity.arn")
                        .unwrap()
                        .contains(s(r, "responseElements.accessKey.userName").unwrap())
                })
                .inspect(|r| {
                    assert_eq!(s(r, "requestParameters.userName"), Some(other.sam.as_str()));
                    let k = s(r, "responseElements.accessKey.accessKeyId").unwrap();
                    assert!(k.starts_with("AKIA") && k.len() == 20);
                })
                .collect(),
            // Panther AWS.IAM.AttachAdminUserPolicy.
            AttackKind::AttachAdminPolicy => recs
                .iter()
                .filter(|r| {
                    s(r, "eventSource") == Some("iam.amazonaws.com")
                        && s(r, "eventName") == Some("AttachUserPolicy")
                        && s(r, "requestParameters.policyArn")
                            == Some("arn:aws:iam::aws:policy/AdministratorAccess")
                })
                .inspect(|r| {
                    assert_eq!(s(r, "requestParameters.userName"), Some(other.sam.as_str()))
                })
                .collect(),
            _ => unreachable!(),
        };
        assert!(!hits.is_empty(), "{} matches its rule", inst.id);
    }
    // The attacker's address never shows up in the background.
    let labelled: HashSet<&str> = d.labels.iter().map(|l| l.event_key.as_str()).collect();
    let bad: HashSet<String> = org.bad_ip_strs.iter().cloned().collect();
    assert!(d
        .records
        .iter()
        .filter(|r| !labelled.contains(s(r, "eventID").unwrap()))
        .all(|r| !bad.contains(s(r, "sourceIPAddress").unwrap())));
    // Background never attaches AdministratorAccess to users.
    assert!(d.records.iter().filter(|r| !labelled.contains(s(r, "eventID").unwrap())).all(|r| s(
        r,
        "requestParameters.policyArn"
    )
        != Some("arn:aws:iam::aws:policy/AdministratorAccess")));
}

/// Release throughput of generate + write_raw:
/// `cargo test --release -p lakeproof-generators cloudtrail_throughput -- --ignored --nocapture`
#[test]
#[ignore]
fn cloudtrail_throughput() {
    let g = Generator::new(scenario("20 GB", ""), 1);
    let units = g.units(SourceKind::CloudTrail, Part::WHOLE, None);
    let units = &units[units.len() / 2..units.len() / 2 + 40];
    let t = std::time::Instant::now();
    let (mut rows, mut bytes) = (0, 0);
    for u in units {
        let b = g.generate(u, Want::default());
        rows += b.rows;
        bytes += b.raw_bytes;
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "{rows} rows, {:.1} MB raw in {s:.2}s: {:.0} rows/s, {:.0} MB/s per core",
        bytes as f64 / 1e6,
        rows as f64 / s,
        bytes as f64 / 1e6 / s
    );
    if let Ok(path) = std::env::var("CT_DUMP") {
        let b = g.generate(&units[0], Want { raw: true, arrow: false });
        std::fs::write(path, &b.raw_docs[0].bytes).unwrap();
    }
}
