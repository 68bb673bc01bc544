//! End to end: `lakeproof generate --model both` on a two-hour window of the smoke scenario
//! writes the native tables unchanged and OCSF class tables that validate with zero violations
//! (`lakeproof ocsf validate`), cover every authentication event, are the same whatever the
//! thread count, and read back in pyiceberg and DuckDB against the JSON Schema that the published
//! `ocsf-json-schema` package generates (harness/ocsf/validate_jsonschema.py).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const SMOKE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../scenarios/smoke.toml");
/// Work hours of the first day, with the new-local-admin attack at 15:12.
const WINDOW: [&str; 4] = ["--from", "2026-11-02T14:00:00Z", "--to", "2026-11-02T16:00:00Z"];

fn lakeproof(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lakeproof")).args(args).output().expect("run lakeproof")
}

fn generate(warehouse: &Path, extra: &[&str]) {
    let w = warehouse.to_str().unwrap();
    let mut args = vec!["generate", "--scenario", SMOKE, "--warehouse", w, "--quiet"];
    args.extend_from_slice(&WINDOW);
    args.extend_from_slice(extra);
    let out = lakeproof(&args);
    assert!(out.status.success(), "generate failed:\n{}", String::from_utf8_lossy(&out.stderr));
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// A namespace's data files by path relative to it, the run id in their names blanked
/// (`part-0001-of-0001-<run id>-00000.parquet`), with their bytes.
fn data_files(warehouse: &Path, namespace: &str) -> BTreeMap<String, Vec<u8>> {
    let root = warehouse.join(namespace);
    let mut all = Vec::new();
    files(&root, &mut all);
    all.into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "parquet"))
        .map(|p| {
            let rel = p.strip_prefix(&root).unwrap().to_str().unwrap().to_string();
            let (head, counter) = rel.rsplit_once('-').unwrap();
            let (head, _run) = head.rsplit_once('-').unwrap();
            (format!("{head}-RUN-{counter}"), std::fs::read(&p).unwrap())
        })
        .collect()
}

#[test]
fn ocsf_tables_validate_cover_authentication_and_leave_the_native_tables_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let (native, both, ocsf1) =
        (dir.path().join("native"), dir.path().join("both"), dir.path().join("ocsf1"));
    generate(&native, &[]);
    generate(&both, &["--model", "both", "--threads", "2"]);
    generate(&ocsf1, &["--model", "ocsf", "--threads", "1"]);

    // --model native is today's output: the native tables of a `both` run are byte-identical.
    let (a, b) = (data_files(&native, "security"), data_files(&both, "security"));
    assert!(a.len() >= 5, "{:?}", a.keys());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(b[k] == *v, "{k} differs between --model native and --model both");
    }
    assert!(!native.join("ocsf").exists(), "--model native writes no OCSF table");
    assert!(
        !ocsf1.join("security/windows_security").exists(),
        "--model ocsf writes no native table"
    );
    // Deterministic whatever the thread count.
    let (x, y) = (data_files(&both, "ocsf"), data_files(&ocsf1, "ocsf"));
    assert_eq!(x.keys().collect::<Vec<_>>(), y.keys().collect::<Vec<_>>());
    for (k, v) in &x {
        assert!(y[k] == *v, "{k} differs between 2 threads and 1");
    }

    let report = dir.path().join("validation.json");
    let out = lakeproof(&[
        "ocsf",
        "validate",
        "--warehouse",
        both.to_str().unwrap(),
        "--out",
        report.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let classes: BTreeMap<String, u64> = v["classes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            assert_eq!(c["violations"], serde_json::json!({}), "{c}");
            (c["class"].as_str().unwrap().to_string(), c["rows"].as_u64().unwrap())
        })
        .collect();
    for class in [
        "authentication",
        "account_change",
        "group_management",
        "process_activity",
        "api_activity",
        "network_activity",
        "dns_activity",
        "base_event",
    ] {
        assert!(classes.get(class).is_some_and(|r| *r > 0), "{class} has rows: {classes:?}");
    }
    // Coverage: every event is somewhere (a class or Base Event), every authentication event
    // of Windows and CloudTrail is in Authentication.
    let mut auth = (0, 0);
    for (source, c) in v["coverage"].as_object().unwrap() {
        let placed: u64 =
            c["by_class"].as_object().unwrap().values().map(|n| n.as_u64().unwrap()).sum();
        assert_eq!(
            placed + c["unmapped"].as_u64().unwrap(),
            c["rows"].as_u64().unwrap(),
            "{source}"
        );
        assert_eq!(c["unmapped"], 0, "{source}: {c}");
        auth.0 += c["authentication_like_in_authentication"].as_u64().unwrap();
        auth.1 += c["authentication_like"].as_u64().unwrap();
    }
    assert!(auth.1 > 100 && auth.0 == auth.1, "{auth:?}");
    assert!(stdout.contains(&format!(
        "authentication events in OCSF Authentication: {} of {}",
        auth.0, auth.1
    )));
    let windows_base = &v["coverage"]["windows_security"]["base_event_types"];
    assert!(windows_base["4672"].as_u64().is_some_and(|n| n > 0), "{windows_base}");

    json_schema_check(&both, &classes);
}

/// pyiceberg and DuckDB read every class table with the rows lakeproof counted, and a sample
/// of events validates against ocsf-json-schema's OCSF 1.8.0 JSON Schema.
fn json_schema_check(wh: &Path, classes: &BTreeMap<String, u64>) {
    if !common::python_has_or_skip(
        "pyiceberg, duckdb, duckdb_extension_iceberg, ocsf_json_schema, jsonschema",
        "OCSF JSON Schema check",
        "pip install -r ci/requirements-test.txt",
    ) {
        return;
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../harness/ocsf/validate_jsonschema.py");
    let out = Command::new("python3")
        .args([script, wh.to_str().unwrap(), "--sample", "300"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for (class, rows) in classes {
        let t = &v["tables"][class];
        assert_eq!(t["pyiceberg_rows"].as_u64(), Some(*rows), "{class}");
        assert_eq!(t["duckdb_rows"].as_u64(), Some(*rows), "{class}");
        assert!(t["checked"].as_u64().unwrap() > 0 && t["invalid"] == 0, "{class}: {t}");
    }
}
