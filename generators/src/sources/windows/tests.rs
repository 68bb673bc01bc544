//! Format validity, Arrow/raw consistency, sequence invariants, attacks against their Sigma
//! rules, and realism against the OTRF profile (shares embedded below; tolerances stated).

use super::gen::encoded_command;
use crate::attacks::{AttackKind, Label};
use crate::scenario::Scenario;
use crate::{Block, Generator, Part, SourceKind, Want};
use arrow_array::{
    Array, Int32Array, Int64Array, MapArray, RecordBatch, StringArray, StructArray,
    TimestampMicrosecondArray,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

const ATTACKS: &str = r#"
[[attack]]
kind = "brute_force_then_success"
count = 2
[[attack]]
kind = "new_local_admin"
count = 2
[[attack]]
kind = "audit_log_cleared"
count = 2
[[attack]]
kind = "encoded_powershell"
count = 2
[[attack]]
kind = "service_install"
count = 2
"#;

fn scenario(extra: &str, hours: u32, volume: &str) -> Scenario {
    let end = format!("2026-11-{:02}T{:02}:00:00Z", 2 + hours / 24, hours % 24);
    let toml = format!(
        "name = \"t\"\nstart = \"2026-11-02T00:00:00Z\"\nend = \"{end}\"\nvolume_per_day = \"{volume}\"\n{extra}\n[org]\nemployees = 150\nservers = 20\ndomain_controllers = 2\n{ATTACKS}"
    );
    Scenario::parse(&toml, Path::new("test.toml")).expect("test scenario parses")
}

struct Run {
    g: Generator,
    blocks: Vec<Block>,
}

impl Run {
    fn new(s: Scenario) -> Run {
        let g = Generator::new(s, 7);
        let blocks = g
            .units(SourceKind::WindowsSecurity, Part::WHOLE, None)
            .iter()
            .map(|u| g.generate(u, Want { raw: true, arrow: true }))
            .collect();
        Run { g, blocks }
    }

    fn rows(&self) -> impl Iterator<Item = R<'_>> {
        self.blocks.iter().flat_map(|b| {
            let batch = b.batch.as_ref().unwrap();
            (0..batch.num_rows()).map(move |i| R { b: batch, i })
        })
    }

    fn labels(&self) -> Vec<&Label> {
        self.blocks.iter().flat_map(|b| b.labels.iter()).collect()
    }
}

/// One Monday (a working day), ~300 MB/day in total: ~100k Windows events.
fn day() -> &'static Run {
    static R: OnceLock<Run> = OnceLock::new();
    R.get_or_init(|| Run::new(scenario("", 24, "300 MB")))
}

#[derive(Clone, Copy)]
struct R<'b> {
    b: &'b RecordBatch,
    i: usize,
}

impl<'b> R<'b> {
    fn s(&self, col: &str) -> Option<&'b str> {
        let a = self.b.column_by_name(col).unwrap_or_else(|| panic!("no column {col}"));
        let a =
            a.as_any().downcast_ref::<StringArray>().unwrap_or_else(|| panic!("{col} is not Utf8"));
        a.is_valid(self.i).then(|| a.value(self.i))
    }
    fn n(&self, col: &str) -> Option<i64> {
        let a = self.b.column_by_name(col).unwrap();
        if let Some(a) = a.as_any().downcast_ref::<Int32Array>() {
            return a.is_valid(self.i).then(|| a.value(self.i) as i64);
        }
        let a = a.as_any().downcast_ref::<Int64Array>().unwrap();
        a.is_valid(self.i).then(|| a.value(self.i))
    }
    fn id(&self) -> i64 {
        self.n("event_id").unwrap()
    }
    /// The label key: `computer:EventRecordID`.
    fn key(&self) -> String {
        format!("{}:{}", self.host(), self.n("event_record_id").unwrap())
    }
    fn time(&self) -> i64 {
        self.b
            .column_by_name("time_created")
            .unwrap()
            .as_any()
            .downcast_ref::<TimestampMicrosecondArray>()
            .unwrap()
            .value(self.i)
    }
    fn data(&self, key: &str) -> Option<String> {
        let m = self
            .b
            .column_by_name("event_data")
            .unwrap()
            .as_any()
            .downcast_ref::<MapArray>()
            .unwrap();
        let entries = m.value(self.i);
        let st = entries.as_any().downcast_ref::<StructArray>().unwrap();
        let k = st.column(0).as_any().downcast_ref::<StringArray>().unwrap();
        let v = st.column(1).as_any().downcast_ref::<StringArray>().unwrap();
        (0..k.len()).find(|&j| k.value(j) == key).map(|j| v.value(j).to_string())
    }
    fn host(&self) -> &'b str {
        self.s("computer").unwrap()
    }
}

// ------------------------------------------------------------------------- format

const SYSTEM_CHILDREN: &[&str] = &[
    "Provider",
    "EventID",
    "Version",
    "Level",
    "Task",
    "Opcode",
    "Keywords",
    "TimeCreated",
    "EventRecordID",
    "Correlation",
    "Execution",
    "Channel",
    "Computer",
    "Security",
];
const NS: &str = "http://schemas.microsoft.com/win/2004/08/events/event";

#[test]
fn xml_parses_one_event_per_line_with_the_wef_header() {
    let run = day();
    let mut n = 0;
    let mut rows = run.rows();
    for b in &run.blocks {
        assert_eq!(b.raw_docs.len(), 1);
        let doc = &b.raw_docs[0];
        assert!(doc.name.ends_with(".xml"), "{}", doc.name);
        assert_eq!(doc.bytes.len() as u64, b.raw_bytes);
        let text = std::str::from_utf8(&doc.bytes).unwrap();
        assert_eq!(text.lines().count(), b.rows, "one event per line, rows == raw rows");
        // roxmltree is unoptimised in test builds: parse every 8th line, and every 1102/4697.
        for (k, line) in text.lines().enumerate() {
            let r = rows.next().unwrap();
            if k % 8 != 0 && !matches!(r.id(), 1102 | 4697 | 4732) {
                continue;
            }
            let x = roxmltree::Document::parse(line).unwrap_or_else(|e| panic!("{e}: {line}"));
            let ev = x.root_element();
            assert_eq!(ev.tag_name().name(), "Event");
            assert_eq!(ev.tag_name().namespace(), Some(NS));
            let mut kids = ev.children().filter(|c| c.is_element());
            let sys = kids.next().unwrap();
            assert_eq!(sys.tag_name().name(), "System");
            let names: Vec<&str> =
                sys.children().filter(|c| c.is_element()).map(|c| c.tag_name().name()).collect();
            assert_eq!(names, SYSTEM_CHILDREN);
            let child = |name: &str| sys.children().find(|c| c.tag_name().name() == name).unwrap();
            let event_id: i64 = child("EventID").text().unwrap().parse().unwrap();
            let record: i64 = child("EventRecordID").text().unwrap().parse().unwrap();
            assert_eq!(child("Channel").text(), Some("Security"));
            let provider = child("Provider").attribute("Name").unwrap();
            let body = kids.next().unwrap().tag_name().name();
            if event_id == 1102 {
                assert_eq!(provider, "Microsoft-Windows-Eventlog");
                assert_eq!(body, "UserData");
            } else {
                assert_eq!(provider, "Microsoft-Windows-Security-Auditing");
                assert_eq!(
                    child("Provider").attribute("Guid"),
                    Some("{54849625-5478-4994-a5ba-3e3b0328c30d}")
                );
                assert_eq!(body, "EventData");
            }
            let st = child("TimeCreated").attribute("SystemTime").unwrap();
            assert_eq!(st.len(), 28, "{st}");
            assert_eq!(
                (r.id(), r.n("event_record_id").unwrap()),
                (event_id, record),
                "raw and Arrow rows agree"
            );
            assert_eq!(child("Computer").text(), Some(r.host()));
            n += 1;
        }
    }
    assert!(n > 10_000, "{n} events parsed");
}

#[test]
fn json_option_is_winlogbeat_lines() {
    let run = Run::new(scenario("[formats]\nwindows = \"json\"", 3, "300 MB"));
    let mut rows = run.rows();
    let mut n = 0;
    for b in &run.blocks {
        let doc = &b.raw_docs[0];
        assert!(doc.name.ends_with(".json"));
        for line in std::str::from_utf8(&doc.bytes).unwrap().lines() {
            let v: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
            let r = rows.next().unwrap();
            assert_eq!(v["event_id"].as_i64(), Some(r.id()));
            assert_eq!(
                v["record_number"].as_str().unwrap().parse::<i64>().unwrap(),
                r.n("event_record_id").unwrap()
            );
            assert_eq!(v["log_name"], "Security");
            assert_eq!(v["computer_name"].as_str(), Some(r.host()));
            assert!(v["@timestamp"].as_str().unwrap().ends_with('Z'));
            for k in ["keywords", "task", "provider_guid", "process_id", "thread_id", "source_name"]
            {
                assert!(!v[k].is_null(), "{k} in {line}");
            }
            let data = if r.id() == 1102 { &v["user_data"] } else { &v["event_data"] };
            assert!(data.as_object().is_some_and(|o| !o.is_empty()));
            if let Some(u) = r.s("subject_user_name") {
                assert_eq!(data["SubjectUserName"].as_str(), Some(u));
            }
            n += 1;
        }
    }
    assert!(rows.next().is_none());
    assert!(n > 1000);
}

#[test]
fn same_context_same_bytes_and_unique_record_ids() {
    let run = day();
    let units = run.g.units(SourceKind::WindowsSecurity, Part::WHOLE, None);
    let again = run.g.generate(&units[150], Want { raw: true, arrow: false });
    assert_eq!(again.raw_docs[0].bytes, run.blocks[150].raw_docs[0].bytes);
    let ids: HashSet<String> = run.rows().map(|r| r.key()).collect();
    assert_eq!(ids.len(), run.rows().count(), "(computer, EventRecordID) is unique");
}

/// The lake path counts raw bytes in pieces (`render::document_len`) instead of keeping the
/// unit's document: the count must be the document's exact size, in both formats, on units far
/// longer than one piece.
#[test]
fn counted_raw_bytes_equal_the_rendered_document() {
    for extra in ["", "[formats]\nwindows = \"json\""] {
        let s = scenario(extra, 1, "5 GB");
        let g = Generator::new(s, 7);
        let units = g.units(SourceKind::WindowsSecurity, Part::WHOLE, None);
        let mut long = 0;
        for u in &units {
            let kept = g.generate(u, Want { raw: true, arrow: false });
            let counted = g.generate(u, Want { raw: false, arrow: false });
            let size: u64 = kept.raw_docs.iter().map(|d| d.bytes.len() as u64).sum();
            assert_eq!(kept.raw_bytes, size);
            assert_eq!(counted.raw_bytes, size, "{extra:?} unit {u:?}");
            assert!(counted.raw_docs.is_empty());
            long += usize::from(kept.rows > 2_000);
        }
        assert!(long > 3, "{long} units over 2,000 events");
    }
}

/// EventRecordID counts per host: unique per host, dense (a block numbers a host's events
/// +1 apart; blocks leave small gaps), and growing with time.
#[test]
fn record_ids_count_per_host() {
    let run = day();
    let mut per_host: HashMap<&str, Vec<(i64, i64)>> = HashMap::new();
    for r in run.rows() {
        per_host.entry(r.host()).or_default().push((r.time(), r.n("event_record_id").unwrap()));
    }
    let (mut events, mut span, mut busiest) = (0i64, 0i64, (0usize, 0.0));
    for (h, v) in &mut per_host {
        let ids: HashSet<i64> = v.iter().map(|x| x.1).collect();
        assert_eq!(ids.len(), v.len(), "{h}: record ids repeat");
        v.sort();
        let (lo, hi) = (ids.iter().min().unwrap(), ids.iter().max().unwrap());
        events += v.len() as i64;
        span += hi - lo + 1;
        if v.len() > busiest.0 {
            busiest = (v.len(), v.len() as f64 / (hi - lo + 1) as f64);
        }
        // Counters grow with time: the first hour's ids are below the last hour's.
        if v.len() > 100 {
            assert!(v[10].1 < v[v.len() - 10].1, "{h}");
        }
    }
    // Density: a busy host's counter advances at most ~5× faster than its events; quiet
    // hosts skip more (the per-block margin dominates, see `ids::RecordIds`).
    let density = events as f64 / span as f64;
    assert!(busiest.1 > 0.2, "the busiest host's record ids use {:.2} of their range", busiest.1);
    assert!(density > 0.03, "record ids use {density:.2} of their range");
}

// ------------------------------------------------------------------------- sequences

#[test]
fn privileged_logons_have_4672_in_the_same_instant_and_4634_closes_sessions() {
    let run = day();
    let mut logons: HashMap<(&str, &str), (i64, i64)> = HashMap::new();
    let mut at: HashSet<(&str, i64, &str)> = HashSet::new();
    for r in run.rows().filter(|r| r.id() == 4624) {
        let lid = r.s("target_logon_id").unwrap();
        logons.insert((r.host(), lid), (r.time(), r.n("logon_type").unwrap()));
        at.insert((r.host(), r.time(), lid));
    }
    let mut n4672 = 0;
    for r in run.rows().filter(|r| r.id() == 4672) {
        let lid = r.s("subject_logon_id").unwrap();
        assert!(
            at.contains(&(r.host(), r.time(), lid)),
            "4672 without its 4624: {lid} on {}",
            r.host()
        );
        n4672 += 1;
    }
    let (mut matched, mut total, mut long_net) = (0, 0, 0);
    let mut closed: HashSet<(&str, &str)> = HashSet::new();
    for r in run.rows().filter(|r| r.id() == 4634) {
        total += 1;
        let key = (r.host(), r.s("target_logon_id").unwrap());
        if let Some(&(t, lt)) = logons.get(&key) {
            matched += 1;
            closed.insert(key);
            assert!(r.time() > t, "4634 after its 4624");
            assert_eq!(r.n("logon_type"), Some(lt));
            if lt == 3 && r.time() - t > 300_000_000 {
                long_net += 1;
            }
        }
    }
    let n4624 = logons.len();
    eprintln!(
        "4624 {n4624}, 4672 {n4672} ({:.0}%), 4624 closed by 4634 {:.0}%",
        100.0 * n4672 as f64 / n4624 as f64,
        100.0 * closed.len() as f64 / n4624 as f64
    );
    assert!(matched as f64 >= 0.97 * total as f64, "{matched}/{total} 4634 match a 4624");
    assert_eq!(long_net, 0, "network sessions last seconds to minutes");
    // Profile: 80% of 4624 have a 4672, 61% a 4634 (tolerance ±20 points).
    assert!((0.6..=0.95).contains(&(n4672 as f64 / n4624 as f64)));
    assert!((0.45..=0.9).contains(&(closed.len() as f64 / n4624 as f64)));
}

#[test]
fn process_exits_and_handle_uses_match_their_openers() {
    let run = day();
    let mut started: HashMap<(&str, &str), i64> = HashMap::new();
    let mut opened: HashMap<(&str, String, String), i64> = HashMap::new();
    let (mut exits, mut exit_ok, mut uses, mut use_ok) = (0, 0, 0, 0);
    for r in run.rows() {
        match r.id() {
            4688 => {
                let t =
                    started.entry((r.host(), r.s("new_process_id").unwrap())).or_insert(i64::MAX);
                *t = (*t).min(r.time());
            }
            4656 => {
                let t = opened
                    .entry((
                        r.host(),
                        r.s("handle_id").unwrap().into(),
                        r.s("process_id").unwrap().into(),
                    ))
                    .or_insert(i64::MAX);
                *t = (*t).min(r.time());
            }
            4690 => {
                let t = opened
                    .entry((
                        r.host(),
                        r.data("SourceHandleId").unwrap(),
                        r.data("SourceProcessId").unwrap(),
                    ))
                    .or_insert(i64::MAX);
                *t = (*t).min(r.time());
            }
            _ => {}
        }
    }
    for r in run.rows() {
        match r.id() {
            4689 => {
                exits += 1;
                let t = started.get(&(r.host(), r.s("process_id").unwrap()));
                exit_ok += t.is_some_and(|&t| t <= r.time()) as usize;
            }
            4663 | 4658 => {
                uses += 1;
                let t = opened.get(&(
                    r.host(),
                    r.s("handle_id").unwrap().into(),
                    r.s("process_id").unwrap().into(),
                ));
                use_ok += t.is_some_and(|&t| t <= r.time()) as usize;
            }
            _ => {}
        }
    }
    assert!(exit_ok as f64 >= 0.99 * exits as f64, "{exit_ok}/{exits} 4689 follow their 4688");
    assert!(
        use_ok as f64 >= 0.99 * uses as f64,
        "{use_ok}/{uses} 4663/4658 follow their 4656/4690"
    );
}

#[test]
fn logon_fields_come_in_real_combinations() {
    let run = day();
    let org = &run.g.org;
    let known_ips: HashSet<String> =
        org.hosts.iter().map(|h| h.ip_str.clone()).chain(org.bad_ip_strs.iter().cloned()).collect();
    let dcs: HashSet<&str> =
        org.hosts[org.domain_controllers.clone()].iter().map(|h| h.fqdn.as_str()).collect();
    let (mut kerb, mut aes) = (0, 0);
    for r in run.rows() {
        let lpn = r.s("logon_process_name");
        let auth = r.s("authentication_package_name");
        match (r.id(), r.n("logon_type")) {
            (4624, Some(3)) => {
                assert_eq!(r.s("subject_user_sid"), Some("S-1-0-0"));
                assert_eq!(r.s("process_name"), Some("-"));
                match (lpn, auth) {
                    (Some("Kerberos"), Some("Kerberos")) => {}
                    (Some("NtLmSsp "), Some("NTLM")) => {
                        assert_ne!(r.s("workstation_name"), Some("-"))
                    }
                    other => panic!("type 3 with {other:?}"),
                }
                let ip = r.s("ip_address").unwrap();
                assert!(
                    known_ips.contains(ip) || ip == "-" || ip == "::1" || ip.starts_with("fe80::"),
                    "{ip}"
                );
            }
            (4624, Some(5)) => {
                assert_eq!((lpn, auth), (Some("Advapi  "), Some("Negotiate")));
                assert_eq!(r.s("subject_user_sid"), Some("S-1-5-18"));
                assert_eq!(r.s("process_name"), Some("C:\\Windows\\System32\\services.exe"));
                assert_eq!(r.s("ip_address"), Some("-"));
            }
            (4624, Some(2 | 10 | 11)) => {
                assert!(matches!(lpn, Some("User32 " | "CredPro")), "{lpn:?}");
                assert_eq!(auth, Some("Negotiate"));
            }
            (4624, t) => panic!("unexpected logon type {t:?}"),
            (4625, _) => {
                let combo = (
                    r.s("status").unwrap(),
                    r.s("sub_status").unwrap(),
                    r.s("failure_reason").unwrap(),
                );
                assert!(
                    [
                        ("0xc000006d", "0xc000006a", "%%2313"),
                        ("0xc000006d", "0xc0000064", "%%2313"),
                        ("0xc0000234", "0x0", "%%2307"),
                        ("0xc000010b", "0x0", "%%2304"),
                        ("0xc000006e", "0xc0000072", "%%2310")
                    ]
                    .contains(&combo),
                    "{combo:?}"
                );
                assert_eq!(r.s("target_user_sid"), Some("S-1-0-0"));
            }
            (4768 | 4769 | 4771, _) => {
                assert!(dcs.contains(r.host()), "Kerberos on a DC");
                assert!(r.s("ip_address").unwrap().starts_with("::ffff:10."));
                kerb += 1;
                aes += (r.s("ticket_encryption_type") == Some("0x12")) as usize;
            }
            (4776, _) => {
                assert!(dcs.contains(r.host()));
                assert_eq!(auth, Some("MICROSOFT_AUTHENTICATION_PACKAGE_V1_0"));
            }
            _ => {}
        }
    }
    assert!(aes as f64 > 0.8 * kerb as f64, "AES256 (0x12) dominates Kerberos: {aes}/{kerb}");
}

#[test]
fn users_log_on_to_their_own_workstation() {
    let run = day();
    let org = &run.g.org;
    let mut n = 0;
    for r in run.rows().filter(|r| {
        r.id() == 4624
            && r.s("logon_process_name") == Some("User32 ")
            && r.n("logon_type") != Some(10)
    }) {
        let u = org.users.iter().find(|u| Some(u.sam.as_str()) == r.s("target_user_name")).unwrap();
        assert_eq!(org.hosts[u.workstation].fqdn, r.host());
        n += 1;
    }
    assert!(n > 100, "{n} interactive logons on a Monday");
}

// ------------------------------------------------------------------------- attacks

fn lower(r: &R, col: &str) -> String {
    r.s(col).unwrap_or("").to_ascii_lowercase()
}

/// proc_creation_win_powershell_base64_encoded_cmd (case-insensitive contains, as Sigma).
fn sigma_encoded_powershell(r: &R) -> bool {
    let img = lower(r, "new_process_name");
    let cmd = lower(r, "command_line");
    let content =
        [" jab", " suvyi", " sqbfafga", " aqblahga", " awv4i", " iaa", " iab", " uwb", " cwb"];
    r.id() == 4688
        && (img.ends_with("\\powershell.exe") || img.ends_with("\\pwsh.exe"))
        && ((cmd.contains(" -e") && content.iter().any(|c| cmd.contains(c)))
            || cmd.contains(".exe -encod ")
            || cmd.contains(" ba^j e-"))
        && !cmd.contains(" -executionpolicy remotesigned ")
}

/// win_security_service_installation_by_unusal_client.
fn sigma_service_unusual_client(r: &R) -> bool {
    r.id() == 4697
        && (r.data("ClientProcessId").as_deref() == Some("0")
            || r.data("ParentProcessId").as_deref() == Some("0"))
}

/// The ImagePath list of win_system_service_install_susp (7045), applied to ServiceFileName.
fn sigma_suspicious_image(path: &str) -> bool {
    let p = path.to_ascii_lowercase();
    [
        " -nop ",
        " -sta ",
        " -w hidden ",
        ":\\temp\\",
        ".downloadfile(",
        ".downloadstring(",
        "\\admin$\\",
        "\\perflogs\\",
        "&&",
    ]
    .iter()
    .any(|s| p.contains(s))
}

fn is_private(ip: &str) -> bool {
    let o: Vec<u32> = ip.split('.').filter_map(|x| x.parse().ok()).collect();
    o.len() != 4
        || o[0] == 10
        || o[0] == 127
        || (o[0] == 172 && (16..32).contains(&o[1]))
        || (o[0] == 192 && o[1] == 168)
        || (o[0] == 169 && o[1] == 254)
}

#[test]
fn attacks_are_labelled_and_satisfy_their_sigma_rules() {
    let run = day();
    let by_record: HashMap<String, R> = run.rows().map(|r| (r.key(), r)).collect();
    let labels = run.labels();
    let mut per_attack: BTreeMap<&str, Vec<R>> = BTreeMap::new();
    for l in &labels {
        assert_eq!(l.source, SourceKind::WindowsSecurity);
        let r = by_record[&l.event_key];
        assert_eq!(r.time(), l.time);
        per_attack.entry(&l.attack_id).or_default().push(r);
    }
    let planned: Vec<_> = run
        .g
        .plan
        .instances
        .iter()
        .filter(|i| i.kind.sources().contains(&SourceKind::WindowsSecurity))
        .collect();
    assert_eq!(planned.len(), 10);
    for inst in planned {
        let rows = per_attack
            .get(inst.id.as_str())
            .unwrap_or_else(|| panic!("{} has no labelled events", inst.id));
        let ids: Vec<i64> = rows.iter().map(|r| r.id()).collect();
        let host = &run.g.org.hosts[inst.host].fqdn;
        assert!(rows.iter().all(|r| r.time() >= inst.start));
        match inst.kind {
            AttackKind::BruteForceThenSuccess => {
                let fails: Vec<&R> = rows.iter().filter(|r| r.id() == 4625).collect();
                assert!(fails.len() >= 20);
                let user = fails[0].s("target_user_name").unwrap();
                let ip = run
                    .g
                    .org
                    .bad_ip_strs
                    .iter()
                    .find(|s| **s == fails[0].s("ip_address").unwrap())
                    .expect("attacker IP");
                for f in &fails {
                    assert_eq!(
                        (
                            f.host(),
                            f.s("target_user_name"),
                            f.n("logon_type"),
                            f.s("authentication_package_name")
                        ),
                        (host.as_str(), Some(user), Some(3), Some("NTLM"))
                    );
                    assert!(
                        !is_private(f.s("ip_address").unwrap()),
                        "win_security_susp_failed_logon_source"
                    );
                }
                // Sigma correlation: ≥ 10 failures for the user within 10 min, then a success.
                let first = fails.iter().map(|f| f.time()).min().unwrap();
                assert!(fails.iter().filter(|f| f.time() - first <= 600_000_000).count() >= 10);
                let ok = rows.iter().find(|r| r.id() == 4624).expect("success");
                assert_eq!(
                    (ok.s("target_user_name"), ok.s("ip_address")),
                    (Some(user), Some(ip.as_str()))
                );
                let last = fails.iter().map(|f| f.time()).max().unwrap();
                assert!(ok.time() > last && ok.time() - last < 600_000_000);
            }
            AttackKind::NewLocalAdmin => {
                assert!(ids.contains(&4720), "win_security_user_creation");
                let add = rows.iter().find(|r| r.id() == 4732).unwrap();
                assert!(
                    add.s("target_user_name").unwrap().starts_with("Administr")
                        || add.s("target_sid") == Some("S-1-5-32-544")
                );
                assert!(!add.s("subject_user_name").unwrap().ends_with('$'));
                let created = rows.iter().find(|r| r.id() == 4720).unwrap();
                assert_eq!(add.s("member_sid"), created.s("target_sid"));
                assert!(rows.iter().any(|r| {
                    let img = lower(r, "new_process_name");
                    let cmd = lower(r, "command_line");
                    r.id() == 4688
                        && (img.ends_with("\\net.exe") || img.ends_with("\\net1.exe"))
                        && cmd.contains("user")
                        && cmd.contains("add")
                }));
                assert!(rows.iter().all(|r| r.host() == host));
            }
            AttackKind::AuditLogCleared => {
                let c = rows.iter().find(|r| r.id() == 1102).expect("1102");
                assert_eq!(c.s("provider"), Some("Microsoft-Windows-Eventlog"));
                assert_eq!(c.host(), host);
            }
            AttackKind::EncodedPowershell => {
                assert!(rows.iter().any(sigma_encoded_powershell));
            }
            AttackKind::ServiceInstall => {
                let s = rows.iter().find(|r| r.id() == 4697).expect("4697");
                assert!(sigma_service_unusual_client(s));
                assert!(
                    sigma_suspicious_image(s.s("service_file_name").unwrap()),
                    "{:?}",
                    s.s("service_file_name")
                );
            }
            _ => unreachable!(),
        }
    }
    // No false positives from the background for the rules the attacks are tested against.
    let labelled: HashSet<&str> = labels.iter().map(|l| l.event_key.as_str()).collect();
    for r in run.rows().filter(|r| !labelled.contains(r.key().as_str())) {
        assert!(
            !sigma_encoded_powershell(&r)
                && !sigma_service_unusual_client(&r)
                && r.id() != 1102
                && r.id() != 4732
        );
    }
    assert!(encoded_command("$x").starts_with("JAB"));
}

// ------------------------------------------------------------------------- realism

/// OTRF whole-corpus counts (windows_security_profile.md) for the EventIDs this generator
/// emits; shares are compared after renormalising over this set. 1102 is left out: in OTRF it
/// is a lab artefact (every dataset starts with a cleared log).
const PROFILE_EVENT_IDS: &[(i64, u64)] = &[
    (4658, 19301),
    (4656, 10013),
    (4690, 9345),
    (5156, 8582),
    (5158, 8425),
    (4663, 7121),
    (5379, 4814),
    (5447, 4036),
    (4703, 3489),
    (4673, 2950),
    (5154, 2610),
    (4624, 1007),
    (4627, 930),
    (4688, 936),
    (4689, 862),
    (4672, 810),
    (4634, 736),
    (4799, 539),
    (5145, 520),
    (4670, 383),
    (5140, 128),
    (4769, 95),
    (4648, 39),
    (4776, 35),
    (4625, 27),
    (4768, 14),
];

/// OTRF 4624 LogonType shares.
const PROFILE_LOGON_TYPES: &[(i64, f64)] = &[(3, 0.790), (5, 0.168), (2, 0.032), (11, 0.010)];

#[test]
fn eventid_and_logon_type_mix_follow_the_profile() {
    let run = day();
    let mut counts: BTreeMap<i64, u64> = BTreeMap::new();
    let mut types: BTreeMap<i64, u64> = BTreeMap::new();
    for r in run.rows() {
        *counts.entry(r.id()).or_default() += 1;
        if r.id() == 4624 {
            *types.entry(r.n("logon_type").unwrap()).or_default() += 1;
        }
    }
    let total: u64 = counts.values().sum();
    let ref_total: u64 = PROFILE_EVENT_IDS.iter().map(|x| x.1).sum();
    for &(id, c) in PROFILE_EVENT_IDS {
        let want = c as f64 / ref_total as f64;
        let got = *counts.get(&id).unwrap_or(&0) as f64 / total as f64;
        eprintln!("{id}: generated {:.2}% profile {:.2}%", 100.0 * got, 100.0 * want);
        // Tolerance: ±30% relative for the noise floor (≥ 5%), ±60% relative for the rest,
        // and at least ±0.15 points (small counts in a one-day, 150-seat run).
        let tol = (want * if want >= 0.05 { 0.3 } else { 0.6 }).max(0.0015);
        assert!((got - want).abs() <= tol, "EventID {id}: {got:.4} vs {want:.4}");
    }
    let floor: u64 = [4656, 4658, 4663, 4690, 5156, 5158]
        .iter()
        .map(|i| counts.get(i).copied().unwrap_or(0))
        .sum();
    let floor = floor as f64 / total as f64;
    // Over the emitted set (which now includes 5379/5447/4703/4673/5154/4627/4799/4670) the
    // profile's floor is 71.5 %.
    assert!((0.64..0.80).contains(&floor), "object-access/WFP floor {floor:.3} (profile 0.715)");
    let logons: u64 = types.values().sum();
    for &(lt, want) in PROFILE_LOGON_TYPES {
        let got = *types.get(&lt).unwrap_or(&0) as f64 / logons as f64;
        eprintln!("LogonType {lt}: generated {:.1}% profile {:.1}%", 100.0 * got, 100.0 * want);
    }
    let share = |ts: &[i64]| {
        ts.iter().map(|t| types.get(t).copied().unwrap_or(0)).sum::<u64>() as f64 / logons as f64
    };
    // Network logons dominate (profile 79%, ±12 points); service logons 16.8% (±8 points);
    // interactive (2/10/11) 4.2% in the lab; here each of the 150 users also logs on once on
    // this working day, so up to 15% is accepted.
    assert!((share(&[3]) - 0.79).abs() <= 0.12, "type 3 {}", share(&[3]));
    assert!((share(&[5]) - 0.168).abs() <= 0.08, "type 5 {}", share(&[5]));
    assert!((0.01..=0.15).contains(&share(&[2, 10, 11])), "interactive {}", share(&[2, 10, 11]));
}

/// EventData names the reference corpus has under other names or not at all: the Kerberos
/// certificate fields are empty for password logons and the flattening collectors drop them.
const NOT_IN_REFERENCE: &[&str] = &["CertIssuerName", "CertSerialNumber", "CertThumbprint"];

#[test]
fn emitted_fields_exist_in_the_reference_field_list() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/windows_security_fields.txt");
    let text = std::fs::read_to_string(path).unwrap();
    let reference: HashMap<String, u64> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut it = l.split('\t');
            let name = it.next()?;
            let total: u64 = it.next()?.parse().ok()?;
            let bare = name.rsplit('.').next().unwrap().to_string();
            Some((bare, total))
        })
        .fold(HashMap::new(), |mut m, (k, v)| {
            *m.entry(k).or_default() += v;
            m
        });
    let run = day();
    let mut emitted: BTreeMap<String, u64> = BTreeMap::new();
    for b in run.blocks.iter().take(60) {
        for line in std::str::from_utf8(&b.raw_docs[0].bytes).unwrap().lines() {
            for part in line.split("<Data Name='").skip(1) {
                *emitted.entry(part[..part.find('\'').unwrap()].to_string()).or_default() += 1;
            }
        }
    }
    let unknown: Vec<&String> = emitted
        .keys()
        .filter(|k| !reference.contains_key(*k) && !NOT_IN_REFERENCE.contains(&k.as_str()))
        .collect();
    assert!(unknown.is_empty(), "EventData names absent from the reference: {unknown:?}");
    // Coverage the other way: the reference's frequent EventData names of the EventIDs we emit.
    let frequent = [
        "SubjectUserSid",
        "SubjectUserName",
        "SubjectDomainName",
        "SubjectLogonId",
        "ProcessId",
        "ProcessName",
        "ObjectServer",
        "HandleId",
        "ObjectType",
        "AccessMask",
        "TargetUserName",
        "TargetDomainName",
        "ObjectName",
        "PrivilegeList",
        "AccessList",
        "TargetUserSid",
        "TargetLogonId",
        "IpAddress",
        "IpPort",
        "ResourceAttributes",
        "TransactionId",
        "LayerName",
        "RestrictedSidCount",
        "Application",
        "LogonType",
        "FilterRTID",
        "LayerRTID",
        "Protocol",
        "SourceAddress",
        "SourcePort",
        "SourceHandleId",
        "SourceProcessId",
        "TargetHandleId",
        "TargetProcessId",
        "LogonGuid",
        "TransmittedServices",
        "DestAddress",
        "DestPort",
        "Direction",
        "LogonProcessName",
        "ShareName",
        "RemoteMachineID",
        "RemoteUserID",
        "AuthenticationPackageName",
        "LmPackageName",
        "WorkstationName",
        "KeyLength",
        "Status",
        "ElevatedToken",
        "ImpersonationLevel",
        "RestrictedAdminMode",
        "TargetLinkedLogonId",
        "TargetOutboundDomainName",
        "TargetOutboundUserName",
        "VirtualAccount",
        "ShareLocalPath",
        "CommandLine",
        "MandatoryLabel",
        "NewProcessId",
        "NewProcessName",
        "ParentProcessName",
        "TokenElevationType",
        "RelativeTargetName",
        "ProcessID",
        "ServiceName",
        "ServiceSid",
        "TicketEncryptionType",
        "TicketOptions",
        "AccessReason",
    ];
    let missing: Vec<&&str> = frequent.iter().filter(|f| !emitted.contains_key(**f)).collect();
    assert!(missing.is_empty(), "frequent reference fields never emitted: {missing:?}");
}

/// Release throughput: `cargo test --release -p lakeproof-generators windows_throughput -- --ignored --nocapture`.
#[test]
#[ignore]
fn windows_throughput() {
    let g = Generator::new(scenario("", 24, "20 GB"), 3);
    let units = g.units(SourceKind::WindowsSecurity, Part::WHOLE, None);
    let units = &units[units.len() / 2..units.len() / 2 + 40];
    let t = std::time::Instant::now();
    let (mut rows, mut bytes) = (0, 0);
    for u in units {
        let b = g.generate(u, Want::default());
        rows += b.rows;
        bytes += b.raw_bytes;
    }
    let s = t.elapsed().as_secs_f64();
    eprintln!(
        "generate+write_raw: {rows} rows, {:.0} rows/s, {:.0} MB/s raw, {:.0} B/event",
        rows as f64 / s,
        bytes as f64 / s / 1e6,
        bytes as f64 / rows as f64
    );
    let t = std::time::Instant::now();
    for u in units {
        g.generate(u, Want { raw: false, arrow: true });
    }
    eprintln!("with Arrow: {:.0} rows/s", rows as f64 / t.elapsed().as_secs_f64());
}

/// Calibration of `ids::ROLE_SHARE`: actual vs expected share of the events per host, worst
/// underestimates first (`-- --ignored --nocapture`).
/// Value-level breadth and repetition (issue 14) over the test day (150 employees, 20 servers,
/// 2 DCs, ~140 k events). Real logs repeat identifiers from per-host/per-process pools and
/// carry long-tailed vocabularies; the bounds below are what the generator must keep (the
/// before-issue-14 values in brackets show what they guard against).
#[test]
fn identifiers_repeat_and_vocabularies_are_long_tailed() {
    let run = day();
    let mut threads: HashMap<&str, HashSet<i64>> = HashMap::new();
    let mut filters: HashMap<&str, HashSet<String>> = HashMap::new();
    let mut handles: HashMap<(&str, &str, i64), HashSet<&str>> = HashMap::new();
    let mut distinct: BTreeMap<&str, HashSet<&str>> = BTreeMap::new();
    let mut starts = 0usize;
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for r in run.rows() {
        let h = r.host();
        threads.entry(h).or_default().insert(r.n("execution_thread_id").unwrap());
        if r.id() == 5156 {
            filters.entry(h).or_default().insert(r.data("FilterRTID").unwrap());
        }
        if let (Some(pid), Some(hd)) = (r.s("process_id"), r.s("handle_id")) {
            handles.entry((h, pid, r.time() / 3_600_000_000)).or_default().insert(hd);
        }
        for c in ["process_name", "access_mask", "object_type", "object_name"] {
            if let Some(v) = r.s(c) {
                distinct.entry(c).or_default().insert(v);
            }
        }
        if r.id() == 4688 {
            starts += 1;
            let cmd = r.s("command_line").unwrap();
            distinct.entry("command_line").or_default().insert(cmd);
            *counts.entry(cmd).or_default() += 1;
        }
        if r.id() == 5156 {
            distinct.entry("application").or_default().insert(r.s("application").unwrap());
        }
    }
    let max_threads = threads.values().map(|s| s.len()).max().unwrap();
    // Pools of 7-12 per host, members living 2 h-1 day: up to ~90 over a day [2,500].
    assert!(max_threads <= 100, "threads per host up to {max_threads}");
    // 4-8 filters per host and boot (this day may span two boots of a host).
    let max_filters = filters.values().map(|s| s.len()).max().unwrap();
    assert!(max_filters <= 16, "FilterRTIDs per host up to {max_filters}");
    // 2-8 recycled handle values per process and hour, plus the kernel's duplicates [~unique].
    let max_handles = handles.values().map(|s| s.len()).max().unwrap();
    assert!(max_handles <= 12, "handles per (host, process, hour) up to {max_handles}");
    let n = |c: &str| distinct.get(c).map_or(0, |s| s.len());
    eprintln!(
        "distinct: process_name {}, command_line {} in {starts} starts, access_mask {}, object_type {}, object_name {}, application {}",
        n("process_name"), n("command_line"), n("access_mask"), n("object_type"), n("object_name"), n("application")
    );
    assert!(n("process_name") >= 100, "process names {} [31]", n("process_name"));
    assert!(n("access_mask") >= 15, "access masks {} [6]", n("access_mask"));
    assert!(n("object_type") >= 4, "object types {} [2]", n("object_type"));
    assert!(n("application") >= 60, "5156 applications {} [9]", n("application"));
    // Command lines: at least 150 distinct per 1,000 process starts [30 in 289], and the five
    // most frequent still a large share (svchost/conhost/WmiPrvSE dominate real 4688s).
    let per_1000 = n("command_line") as f64 * 1000.0 / starts as f64;
    assert!(per_1000 >= 150.0, "{per_1000:.0} distinct command lines per 1,000 starts");
    let mut c: Vec<usize> = counts.into_values().collect();
    c.sort_unstable_by(|a, b| b.cmp(a));
    let top5 = c.iter().take(5).sum::<usize>() as f64 / starts as f64;
    assert!((0.15..0.7).contains(&top5), "top-5 command lines share {top5:.2}");
}

/// The value models behind the network and object-access noise (issue 14): ephemeral ports
/// climb per host, a host-hour's connections and object accesses come from a few repeating
/// programs and objects while the organisation keeps a long tail, DCs forward DNS and every
/// host forwards its events to the collector. Real figures in brackets (the OTRF Winlogbeat
/// stream: one DC, two workstations, 4.5 minutes).
#[test]
fn connections_and_object_accesses_repeat_within_a_host_hour() {
    let run = day();
    // (host) -> outbound 5156 (time, source port) on the host's own address.
    let mut ports: HashMap<&str, Vec<(i64, i64)>> = HashMap::new();
    // (host, hour) -> (connections, destinations, applications).
    type Seen<'r> = (usize, HashSet<&'r str>, HashSet<&'r str>);
    let mut conn: HashMap<(&str, i64), Seen> = HashMap::new();
    // (host, hour) -> (4656s, objects).
    let mut objects: HashMap<(&str, i64), (usize, HashSet<&str>)> = HashMap::new();
    let (mut external, mut forwarded, mut collector_hosts) =
        (HashSet::new(), 0usize, HashSet::new());
    let mut hosts = HashSet::new();
    for r in run.rows() {
        let (h, hour) = (r.host(), r.time() / 3_600_000_000);
        hosts.insert(h);
        if r.id() == 5156 && r.s("direction") == Some("%%14593") {
            let (dst, app) = (r.s("dest_address").unwrap(), r.s("application").unwrap());
            let sport = r.n("source_port").unwrap();
            if !dst.contains(':') && r.s("source_address").is_some_and(|s| !s.contains(':')) {
                ports.entry(h).or_default().push((r.time(), sport));
            }
            let c = conn.entry((h, hour)).or_default();
            c.0 += 1;
            c.1.insert(dst);
            c.2.insert(app);
            if !is_private(dst) {
                external.insert(dst);
            }
            match r.n("dest_port") {
                Some(53) if app.ends_with("dns.exe") => forwarded += 1,
                Some(5985) if app.ends_with("svchost.exe") => {
                    collector_hosts.insert(h);
                }
                _ => {}
            }
        }
        if r.id() == 4656 {
            let o = objects.entry((h, hour)).or_default();
            o.0 += 1;
            o.1.insert(r.s("object_name").unwrap_or(""));
        }
    }
    // Ports climb: most steps between a host's consecutive connections are small and forward
    // [real: 62900 → 62935 over four minutes on the DC]; random ports step ±8,000 on average.
    let (mut small, mut steps) = (0usize, 0usize);
    for v in ports.values_mut() {
        v.sort_unstable();
        for w in v.windows(2) {
            steps += 1;
            small += ((w[1].1 - w[0].1).rem_euclid(16_384) < 2_000) as usize;
        }
    }
    let climb = small as f64 / steps as f64;
    // Busy host-hours (≥ 40 connections or 4656s): distinct destinations, applications and
    // objects per 100 events [real: 7-8 addresses, 3-4 applications per ~40 natural 5156s; 2-3
    // objects per 9-58 4656s].
    let per100 = |n: usize, d: usize| d as f64 * 100.0 / n as f64;
    let busy: Vec<_> = conn.values().filter(|c| c.0 >= 40).collect();
    let dst = busy.iter().map(|c| per100(c.0, c.1.len())).sum::<f64>() / busy.len() as f64;
    let apps = busy.iter().map(|c| per100(c.0, c.2.len())).sum::<f64>() / busy.len() as f64;
    let busy_o: Vec<_> = objects.values().filter(|o| o.0 >= 40).collect();
    let objs = busy_o.iter().map(|o| per100(o.0, o.1.len())).sum::<f64>() / busy_o.len() as f64;
    eprintln!(
        "ports climbing {climb:.2}; per 100 events of a busy host-hour: {dst:.0} destinations, \
         {apps:.0} applications ({} host-hours), {objs:.0} objects ({} host-hours); {} external \
         destinations; {forwarded} DNS forwards; {} of {} hosts forward to the collector",
        busy.len(),
        busy_o.len(),
        external.len(),
        collector_hosts.len(),
        hosts.len()
    );
    assert!(climb > 0.8, "only {climb:.2} of port steps are small and forward");
    assert!(!busy.is_empty() && !busy_o.is_empty(), "no busy host-hour");
    assert!((5.0..=60.0).contains(&dst), "{dst:.0} destinations per 100 connections");
    assert!((2.0..=30.0).contains(&apps), "{apps:.0} applications per 100 connections");
    assert!((2.0..=40.0).contains(&objs), "{objs:.0} objects per 100 accesses");
    // The organisation keeps its tail: the day still reaches hundreds of external addresses.
    assert!(external.len() >= 300, "{} external destinations in a day", external.len());
    assert!(forwarded > 0, "the DCs never forward a DNS query");
    assert!(
        collector_hosts.len() * 3 >= hosts.len(),
        "{} of {} hosts forward events to the collector",
        collector_hosts.len(),
        hosts.len()
    );
}
