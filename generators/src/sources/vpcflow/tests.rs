//! VPC flow logs: raw v2/v5 validity, per-account documents, realism (action/protocol mix,
//! aggregation intervals), field coverage and the exfiltration attack.

use crate::attacks::AttackKind;
use crate::scenario::Scenario;
use crate::{Block, Generator, Part, SourceKind, Want};
use arrow_array::cast::AsArray;
use arrow_array::types::{Int32Type, Int64Type, TimestampMicrosecondType};
use arrow_array::Array;
use std::collections::{HashMap, HashSet};
use std::net::Ipv4Addr;
use std::path::Path;

fn generator(format: &str) -> Generator {
    let toml = format!(
        r#"
name = "t"
start = "2026-11-02T00:00:00Z"
end = "2026-11-03T00:00:00Z"
volume_per_day = "200 MB"
[formats]
vpc_flow = "{format}"
[org]
employees = 300
servers = 30
aws_accounts = 4
[[attack]]
kind = "exfiltration"
at = ["2026-11-02T15:02:00Z"]
"#
    );
    Generator::new(Scenario::parse(&toml, Path::new("test.toml")).expect("scenario parses"), 11)
}

fn run(g: &Generator, from: &str, to: &str) -> Vec<Block> {
    let w = (crate::fmt::parse_iso(from).unwrap(), crate::fmt::parse_iso(to).unwrap());
    g.units(SourceKind::VpcFlow, Part::WHOLE, Some(w))
        .iter()
        .map(|u| g.generate(u, Want { raw: true, arrow: true }))
        .collect()
}

const V2: &str = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";

fn hex17(s: &str, prefix: &str) -> bool {
    s.strip_prefix(prefix).is_some_and(|h| {
        h.len() == 17 && h.bytes().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    })
}

/// Parses every document: header, field count, value syntax; returns records as field maps.
fn records(blocks: &[Block], v5: bool) -> Vec<HashMap<String, String>> {
    let mut out = Vec::new();
    for b in blocks {
        let mut rows = 0;
        let mut accounts = HashSet::new();
        for d in &b.raw_docs {
            let text = std::str::from_utf8(&d.bytes).unwrap();
            let mut lines = text.lines();
            let header: Vec<&str> = lines.next().unwrap().split(' ').collect();
            assert_eq!(header.len(), if v5 { 29 } else { 14 });
            assert_eq!(header[..14].join(" "), V2);
            let parts: Vec<&str> = d.name.split('/').collect();
            assert_eq!(
                (parts[0], parts[2], parts.len()),
                ("AWSLogs", "vpcflowlogs", 8),
                "{}",
                d.name
            );
            let file = parts[7];
            assert!(
                file.starts_with(&format!("{}_vpcflowlogs_{}_fl-", parts[1], parts[3]))
                    && file.ends_with(".log"),
                "{file}"
            );
            assert!(hex17(&file[file.find("_fl-").unwrap() + 1..][..20], "fl-"), "{file}");
            assert!(accounts.insert(parts[1].to_string()), "one document per account per unit");
            for line in lines {
                let v: Vec<&str> = line.split(' ').collect();
                assert_eq!(v.len(), header.len(), "{line}");
                let r: HashMap<String, String> =
                    header.iter().zip(&v).map(|(k, v)| (k.to_string(), v.to_string())).collect();
                assert_eq!(r["version"], if v5 { "5" } else { "2" });
                assert_eq!(r["account-id"], parts[1]);
                assert!(
                    r["account-id"].len() == 12
                        && r["account-id"].bytes().all(|c| c.is_ascii_digit())
                );
                assert!(hex17(&r["interface-id"], "eni-"));
                let (s, e): (i64, i64) = (r["start"].parse().unwrap(), r["end"].parse().unwrap());
                assert!(e >= s && e - s < 600, "{line}");
                if r["log-status"] == "OK" {
                    assert!(
                        r["srcaddr"].parse::<Ipv4Addr>().is_ok()
                            && r["dstaddr"].parse::<Ipv4Addr>().is_ok()
                    );
                    assert!(["6", "17", "1"].contains(&r["protocol"].as_str()));
                    assert!(["ACCEPT", "REJECT"].contains(&r["action"].as_str()));
                    let (p, by): (u64, u64) =
                        (r["packets"].parse().unwrap(), r["bytes"].parse().unwrap());
                    assert!(p >= 1 && by >= 20 * p, "{line}");
                    if r["protocol"] == "1" {
                        assert_eq!((r["srcport"].as_str(), r["dstport"].as_str()), ("0", "0"));
                    }
                } else {
                    assert!(["NODATA", "SKIPDATA"].contains(&r["log-status"].as_str()));
                    assert!(
                        ["srcaddr", "dstaddr", "srcport", "packets", "bytes", "action"]
                            .iter()
                            .all(|k| r[*k] == "-"),
                        "{line}"
                    );
                }
                if v5 {
                    assert!(
                        hex17(&r["vpc-id"], "vpc-")
                            && hex17(&r["subnet-id"], "subnet-")
                            && hex17(&r["instance-id"], "i-")
                    );
                    assert!(
                        r["az-id"].starts_with(&r["region"][..2]) || r["az-id"].contains("-az")
                    );
                    if r["log-status"] == "OK" {
                        assert_eq!(
                            (r["pkt-srcaddr"].as_str(), r["type"].as_str()),
                            (r["srcaddr"].as_str(), "IPv4")
                        );
                        let egress = r["flow-direction"] == "egress";
                        assert!(egress || r["flow-direction"] == "ingress");
                        assert_eq!(
                            r["traffic-path"] != "-",
                            egress,
                            "traffic-path is an egress field"
                        );
                    }
                }
                out.push(r);
                rows += 1;
            }
        }
        assert_eq!(rows, b.rows);
        assert_eq!(b.batch.as_ref().unwrap().num_rows(), b.rows, "arrow rows == raw rows");
    }
    out
}

/// Action shares: the brief's target of ~70 % ACCEPT (the doc fixtures: 21 ACCEPT / 4 REJECT
/// among OK records, 84 %; internet-facing VPCs reject more scans). Tolerance ±8 pp.
const ACCEPT_SHARE: f64 = 0.70;

#[test]
fn v2_raw_is_valid_and_mix_is_realistic() {
    let g = generator("v2");
    let recs = records(&run(&g, "2026-11-02T13:00:00Z", "2026-11-02T14:00:00Z"), false);
    assert!(recs.len() > 2000, "{}", recs.len());
    let ok: Vec<_> = recs.iter().filter(|r| r["log-status"] == "OK").collect();
    let nodata = 1.0 - ok.len() as f64 / recs.len() as f64;
    assert!(nodata > 0.0 && nodata < 0.01, "NODATA/SKIPDATA are rare: {nodata}");
    let accept = ok.iter().filter(|r| r["action"] == "ACCEPT").count() as f64 / ok.len() as f64;
    assert!((accept - ACCEPT_SHARE).abs() <= 0.08, "ACCEPT {accept:.3}");
    let tcp = ok.iter().filter(|r| r["protocol"] == "6").count() as f64 / ok.len() as f64;
    assert!(tcp > 0.9, "tcp {tcp}");
    // Heavy-tailed bytes: the p99 is far above the median.
    let mut bytes: Vec<u64> = ok.iter().map(|r| r["bytes"].parse().unwrap()).collect();
    bytes.sort_unstable();
    let q = |p: f64| bytes[((bytes.len() - 1) as f64 * p) as usize];
    assert!(q(0.99) > 50 * q(0.5), "p50 {} p99 {}", q(0.5), q(0.99));
    // Response records swap addresses and ports: every accepted egress TCP request to the
    // internet on 443 has its reply on the same interface.
    let keys: HashSet<(&str, &str, &str, &str, &str)> = ok
        .iter()
        .map(|r| {
            (
                r["interface-id"].as_str(),
                r["srcaddr"].as_str(),
                r["dstaddr"].as_str(),
                r["srcport"].as_str(),
                r["dstport"].as_str(),
            )
        })
        .collect();
    let requests = ok.iter().filter(|r| {
        r["dstport"] == "443" && r["action"] == "ACCEPT" && r["srcaddr"].starts_with("10.")
    });
    for r in requests {
        assert!(
            keys.contains(&(
                r["interface-id"].as_str(),
                r["dstaddr"].as_str(),
                r["srcaddr"].as_str(),
                "443",
                r["srcport"].as_str()
            )),
            "reply of {r:?}"
        );
    }
}

#[test]
fn v5_raw_is_valid_and_arrow_has_the_superset() {
    let g = generator("v5");
    let blocks = run(&g, "2026-11-02T15:00:00Z", "2026-11-02T15:10:00Z");
    let recs = records(&blocks, true);
    assert!(recs.iter().any(|r| r["pkt-dst-aws-service"] != "-"));
    let b = blocks[0].batch.as_ref().unwrap();
    assert!(b
        .column_by_name("version")
        .unwrap()
        .as_primitive::<Int32Type>()
        .values()
        .iter()
        .all(|v| *v == 5));
    // The v2 table has the v5 columns filled too.
    let v2 = run(&generator("v2"), "2026-11-02T15:00:00Z", "2026-11-02T15:05:00Z");
    let b2 = v2[0].batch.as_ref().unwrap();
    assert_eq!(b2.schema(), b.schema());
    assert_eq!(b2.column_by_name("vpc_id").unwrap().null_count(), 0);
    assert!(b2.column_by_name("flow_direction").unwrap().null_count() < b2.num_rows() / 50);
}

#[test]
fn field_coverage_vs_reference() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/reference/network_fields.txt"
    ))
    .unwrap();
    let section = text.split("## aws_vpc_flow").nth(1).unwrap();
    let header = format!("{V2}{}", super::V5_EXTRA);
    let schema = <super::VpcFlow as crate::Source>::schema();
    let mut n = 0;
    for line in section.lines().skip(1).filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let f = line.split('\t').next().unwrap();
        // f0…f28 are one Elastic fixture's positional names, not flow-log fields.
        if f.starts_with('f') && f[1..].bytes().all(|c| c.is_ascii_digit()) {
            continue;
        }
        assert!(header.split(' ').any(|h| h == f), "v5 header lacks {f}");
        let arrow = match f {
            "start" | "end" => format!("{f}_time"),
            _ => f.replace('-', "_"),
        };
        assert!(schema.field_with_name(&arrow).is_ok(), "arrow lacks {arrow}");
        n += 1;
    }
    assert!(n >= 25);
}

#[test]
fn exfiltration_is_present_and_labelled() {
    let g = generator("v2");
    let a = g.plan.instances.iter().find(|i| i.kind == AttackKind::Exfiltration).unwrap();
    let attacker = crate::fmt::ipv4_string(a.attacker_ip);
    let blocks = run(&g, "2026-11-02T15:00:00Z", "2026-11-02T15:05:00Z");
    let labels: Vec<_> = blocks.iter().flat_map(|b| b.labels.clone()).collect();
    assert!(
        labels.len() >= 2
            && labels.iter().all(|l| l.source == SourceKind::VpcFlow && l.attack_id == a.id)
    );
    let mut rows = HashMap::new();
    for b in &blocks {
        let b = b.batch.as_ref().unwrap();
        let s = |n: &str| b.column_by_name(n).unwrap().as_string::<i32>().clone();
        let i = |n: &str| b.column_by_name(n).unwrap().as_primitive::<Int32Type>().clone();
        let (eni, src, dst, act) = (s("interface_id"), s("srcaddr"), s("dstaddr"), s("action"));
        let (sp, dp) = (i("srcport"), i("dstport"));
        let bytes = b.column_by_name("bytes").unwrap().as_primitive::<Int64Type>().clone();
        let start = b
            .column_by_name("start_time")
            .unwrap()
            .as_primitive::<TimestampMicrosecondType>()
            .clone();
        for r in 0..b.num_rows() {
            if src.is_null(r) {
                continue;
            }
            let key = format!(
                "{}:{}:{}:{}:{}:{}",
                eni.value(r),
                src.value(r),
                sp.value(r),
                dst.value(r),
                dp.value(r),
                start.value(r) / 1_000_000
            );
            rows.insert(key, (dst.value(r).to_string(), bytes.value(r), act.value(r).to_string()));
        }
    }
    let mut big = 0;
    for l in &labels {
        let (dst, bytes, action) =
            rows.get(&l.event_key).unwrap_or_else(|| panic!("label {} has a row", l.event_key));
        assert_eq!(action, "ACCEPT");
        if *dst == attacker {
            assert!(*bytes >= 100_000_000, "large egress: {bytes}");
            big += 1;
        }
    }
    assert!(big >= 2);
}

#[test]
fn same_unit_same_bytes() {
    let a = run(&generator("v5"), "2026-11-02T15:00:00Z", "2026-11-02T15:05:00Z");
    let b = run(&generator("v5"), "2026-11-02T15:00:00Z", "2026-11-02T15:05:00Z");
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(
            x.raw_docs.iter().map(|d| (&d.name, &d.bytes)).collect::<Vec<_>>(),
            y.raw_docs.iter().map(|d| (&d.name, &d.bytes)).collect::<Vec<_>>()
        );
    }
}
