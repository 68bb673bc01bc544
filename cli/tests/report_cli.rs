//! The report-side commands end to end on the committed four-engine run: `results split`, then
//! `compare` (exit 0 on the same data, 1 on a regression), `cost` (the hand-computed case) and
//! `report` over the split files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn lakeproof(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lakeproof"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("run lakeproof")
}

fn ok(args: &[&str]) -> String {
    let out = lakeproof(args);
    assert!(
        out.status.success(),
        "lakeproof {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn split_compare_cost_and_report() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("baseline");
    let split = ok(&[
        "results",
        "split",
        "results/run-smoke-10g.json",
        "--out-dir",
        base.to_str().unwrap(),
    ]);
    assert!(split.contains("duckdb.2cpu-24gb.json"), "{split}");

    // The same data on both sides: nothing regresses.
    let same =
        ok(&["compare", base.to_str().unwrap(), "--contender", "results/run-smoke-10g.json"]);
    assert!(same.contains("within noise") && !same.contains("REGRESSION"), "{same}");

    // One DuckDB query three times slower: a regression, and a non-zero exit.
    let mut run: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("results/run-smoke-10g.json")).unwrap(),
    )
    .unwrap();
    for q in run["results"].as_array_mut().unwrap() {
        if q["engine"] == "duckdb" && q["query"] == "pivot_user" {
            let slow: Vec<f64> =
                q["hot_ms"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap() * 3.0).collect();
            q["hot_ms"] = serde_json::json!(slow);
        }
    }
    let slower = dir.path().join("slower.json");
    std::fs::write(&slower, serde_json::to_vec(&run).unwrap()).unwrap();
    let out =
        lakeproof(&["compare", base.to_str().unwrap(), "--contender", slower.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.lines().any(|l| l.contains("adhoc/pivot_user")
            && l.contains("duckdb")
            && l.contains("+200.0%")
            && l.contains("REGRESSION")),
        "{table}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 regression"));

    // 500 GB/day × 365 days at 15× on S3 Standard: $260.62 (see harness/src/cost/mod.rs).
    let bill = ok(&["cost", "--daily", "500GB", "--retention", "365d", "--ratio", "15"]);
    assert!(bill.contains("$260.62") && bill.contains("total per month"), "{bill}");
    let measured = ok(&[
        "cost",
        "--daily",
        "500GB",
        "--retention",
        "365d",
        "--ratio-from",
        "results/run-smoke-10g.json",
    ]);
    assert!(
        measured.contains("measured in results/run-smoke-10g.json")
            && measured.contains("compute: alerting")
            && measured.contains("GET requests"),
        "{measured}"
    );

    let out_dir = dir.path().join("report");
    ok(&["report", base.to_str().unwrap(), "--out", out_dir.to_str().unwrap()]);
    for f in ["report.md", "report.html", "latency.png", "compression.png", "cost.png"] {
        assert!(out_dir.join(f).metadata().is_ok_and(|m| m.len() > 1000), "{f} missing or empty");
    }
    let md = std::fs::read_to_string(out_dir.join("report.md")).unwrap();
    assert!(md.contains("4 result files") && md.contains("## Roadmap scorecard"), "{md:.500}");
}
