//! `lakeproof stream` end to end on the tiny scenario: every labelled attack detected by the
//! alert loop, latency figures that follow from the recorded timestamps, growth recorded per
//! commit, and a kill -9 mid-stream leaving readable tables at their last commit.

use arrow_array::Int64Array;
use lakeproof_generators::fmt::parse_iso;
use lakeproof_harness::lake::catalog::Lake;
use lakeproof_harness::lake::query::{datafusion_context, sql};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const TINY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tiny.toml");
const SOURCES: [&str; 5] = ["windows_security", "cloudtrail", "zeek_conn", "zeek_dns", "vpc_flow"];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn stream_cmd(warehouse: &Path, out: &Path, extra: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lakeproof"));
    c.args([
        "stream",
        "--scenario",
        TINY,
        "--warehouse",
        warehouse.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ])
    .args(extra)
    .current_dir(repo());
    c
}

/// Rows per source table read through DataFusion, and the rows the current snapshots claim.
fn counts(warehouse: &Path) -> Vec<(String, i64, i64)> {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let lake = Lake::open_local(warehouse, "security").await.unwrap();
        let ctx = datafusion_context(&lake).await.unwrap();
        let mut out = Vec::new();
        for t in SOURCES {
            let table = lake
                .catalog
                .load_table(&iceberg::TableIdent::new(lake.namespace.clone(), t.to_string()))
                .await
                .unwrap();
            let claimed = table
                .metadata()
                .current_snapshot()
                .map_or(0, |s| s.summary().additional_properties["total-records"].parse().unwrap());
            let b =
                sql(&ctx, &format!("SELECT count(*) FROM lakeproof.security.{t}")).await.unwrap();
            let read = b[0].column(0).as_any().downcast_ref::<Int64Array>().unwrap().value(0);
            out.push((t.to_string(), read, claimed));
        }
        out
    })
}

fn micros(v: &serde_json::Value) -> i64 {
    parse_iso(&format!("{}Z", v.as_str().unwrap().replace(' ', "T"))).unwrap()
}

#[test]
fn a_stream_detects_every_labelled_attack_with_latencies_from_its_timestamps() {
    let dir = tempfile::tempdir().unwrap();
    let (wh, out) = (dir.path().join("lake"), dir.path().join("stream.json"));
    // A day of history first, as a real lake has (some rules compare with earlier activity),
    // then two hours streamed on top of it.
    // The history has no attacks: a repeated attack from the same address would rightly not
    // be "a never-seen address" any more.
    let g = Command::new(env!("CARGO_BIN_EXE_lakeproof"))
        .args([
            "generate",
            "--scenario",
            TINY,
            "--warehouse",
            wh.to_str().unwrap(),
            "--no-attacks",
            "--quiet",
        ])
        .output()
        .unwrap();
    assert!(g.status.success(), "{}", String::from_utf8_lossy(&g.stderr));
    let history: i64 = counts(&wh).iter().map(|c| c.1).sum();
    let o = stream_cmd(
        &wh,
        &out,
        &[
            "--start",
            "2026-11-03T00:00:00Z",
            "--speed",
            "0",
            "--duration",
            "2h",
            "--commit-interval",
            "10m",
            "--alert-interval",
            "15m",
            "--alerts",
            "datafusion",
        ],
    )
    .output()
    .unwrap();
    assert!(o.status.success(), "stream failed:\n{}", String::from_utf8_lossy(&o.stderr));
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();

    assert_eq!(r["kind"], "lakeproof.stream");
    assert_eq!(r["overall"]["expected"], 10, "the tiny scenario injects one attack of each kind");
    assert_eq!(
        r["overall"]["detected"],
        10,
        "every labelled attack is detected: {}",
        serde_json::to_string_pretty(&r["rules"]).unwrap()
    );
    for d in r["detections"].as_array().unwrap() {
        let (event, visible, alert) =
            (micros(&d["event_time"]), micros(&d["visible_at"]), micros(&d["alert_at"]));
        assert!(event < visible && visible <= alert, "event → commit → alert in order: {d}");
        let expect = (alert - event) as f64 / 1e6 + d["query_ms"].as_f64().unwrap() / 1000.0;
        // The result renders times to the second; latency_s is computed from the microseconds.
        assert!(
            (d["latency_s"].as_f64().unwrap() - expect).abs() < 1.0,
            "latency is alert − event + query time: {d}"
        );
    }

    let commits = r["commits"].as_array().unwrap();
    assert_eq!(commits.len(), 12, "2 h at one commit per 10 min");
    assert_eq!(
        r["overall"]["false_alert_events"],
        0,
        "no rule fires on background: {}",
        serde_json::to_string_pretty(&r["rules"]).unwrap()
    );
    let files: Vec<u64> = commits.iter().map(|c| c["data_files"].as_u64().unwrap()).collect();
    assert!(files.windows(2).all(|w| w[0] < w[1]), "every commit adds files: {files:?}");
    assert_eq!(r["rounds"].as_array().unwrap().len(), 8);

    let total: i64 = counts(&wh)
        .iter()
        .map(|(_, read, claimed)| {
            assert_eq!(read, claimed);
            *read
        })
        .sum();
    assert_eq!(
        (total - history) as u64,
        r["rows"].as_u64().unwrap(),
        "the lake holds the history plus exactly the rows the stream committed"
    );
}

#[test]
fn kill_minus_nine_mid_stream_leaves_tables_at_their_last_commit() {
    let dir = tempfile::tempdir().unwrap();
    let (wh, out) = (dir.path().join("lake"), dir.path().join("stream.json"));
    // 2 h of scenario time at 240×: a commit every 1.25 s of wall time for 30 s.
    let mut child =
        stream_cmd(&wh, &out, &["--speed", "240", "--duration", "2h", "--commit-interval", "5m"])
            .spawn()
            .unwrap();
    let meta = wh.join("security").join("zeek_conn").join("metadata");
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        let commits = std::fs::read_dir(&meta).map_or(0, |d| {
            d.flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".metadata.json"))
                .count()
        });
        if commits >= 4 {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!out.exists(), "a killed stream writes no result file");
    let c = counts(&wh);
    for (t, read, claimed) in &c {
        assert_eq!(read, claimed, "{t}: readable, and exactly its last commit");
    }
    assert!(c.iter().any(|(_, read, _)| *read > 0), "some commits landed before the kill");
}
