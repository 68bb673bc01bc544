//! `lakeproof lake maintain` end to end on a lake fed in many small hourly commits (what a
//! streaming ingest does): compaction keeps rows and content, leaves fewer files, expiry leaves
//! fewer snapshots, orphans go, pyiceberg and DuckDB read the result; a failure before the
//! commit leaves the previous snapshot; a dry run changes nothing.

use arrow_array::cast::AsArray;
use arrow_array::{Array, Int64Array, TimestampMicrosecondArray};
use lakeproof_harness::lake::catalog::Lake;
use lakeproof_harness::lake::maintain::{maintain, MaintainOptions};
use lakeproof_harness::lake::query::{datafusion_context, sql};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

mod common;

const TINY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tiny.toml");
const NS: &str = "security";
/// (table, time column, string key column)
const TABLES: [(&str, &str, &str); 2] =
    [("windows_security", "time_created", "computer"), ("zeek_conn", "ts", "uid")];

fn lakeproof(args: &[&str]) -> std::process::Output {
    let out =
        Command::new(env!("CARGO_BIN_EXE_lakeproof")).args(args).output().expect("run lakeproof");
    assert!(
        out.status.success(),
        "lakeproof {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// One commit per table per hour, like a streaming ingest: many small files and snapshots.
fn streamed_lake(wh: &Path, hours: u32) {
    for h in 0..hours {
        let (from, to) =
            (format!("2026-11-02T{h:02}:00:00Z"), format!("2026-11-02T{:02}:00:00Z", h + 1));
        let sources = TABLES.map(|t| t.0).join(",");
        lakeproof(&[
            "generate",
            "--scenario",
            TINY,
            "--warehouse",
            wh.to_str().unwrap(),
            "--quiet",
            "--sources",
            &sources,
            "--from",
            &from,
            "--to",
            &to,
        ]);
    }
}

/// Per table: rows, sum of key lengths (what interop.py computes), and an order-insensitive
/// checksum of (key, event time) over every row, all through DataFusion.
fn fingerprint(wh: &Path) -> BTreeMap<String, (i64, i64, u64)> {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let lake = Lake::open_local(wh, NS).await.unwrap();
        let ctx = datafusion_context(&lake).await.unwrap();
        let mut out = BTreeMap::new();
        for (t, time, key) in TABLES {
            let batches =
                sql(&ctx, &format!("SELECT {key}, CAST({time} AS BIGINT) FROM lakeproof.{NS}.{t}"))
                    .await
                    .unwrap();
            let (mut rows, mut lengths, mut checksum) = (0i64, 0i64, 0u64);
            for b in &batches {
                let times = b.column(1).as_any().downcast_ref::<Int64Array>().unwrap();
                let keys: Vec<Option<&str>> = match b.column(0).as_string_opt::<i32>() {
                    Some(a) => a.iter().collect(),
                    None => b.column(0).as_string_view().iter().collect(),
                };
                for (k, ts) in keys.iter().zip(times.iter()) {
                    rows += 1;
                    lengths += k.map_or(0, |k| k.chars().count() as i64);
                    checksum = checksum.wrapping_add(lakeproof_generators::rng::hash_str(
                        &format!("{k:?}|{ts:?}"),
                    ));
                }
            }
            out.insert(t.to_string(), (rows, lengths, checksum));
        }
        out
    })
}

/// Per table: (current metadata file, snapshots, data files of the current snapshot, raw-equivalent bytes held).
fn table_states(wh: &Path) -> BTreeMap<String, (String, usize, u64, u64)> {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let lake = Lake::open_local(wh, NS).await.unwrap();
        let mut out = BTreeMap::new();
        for (t, _, _) in TABLES {
            let table = lake
                .catalog
                .load_table(&iceberg::TableIdent::new(lake.namespace.clone(), t.to_string()))
                .await
                .unwrap();
            let meta = table.metadata();
            let files = meta.current_snapshot().unwrap().summary().additional_properties
                ["total-data-files"]
                .parse()
                .unwrap();
            out.insert(
                t.to_string(),
                (
                    table.metadata_location().unwrap().to_string(),
                    meta.snapshots().count(),
                    files,
                    lakeproof_harness::lake::table_raw_bytes(&table),
                ),
            );
        }
        out
    })
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn parquet_files(wh: &Path, table: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    files_under(&wh.join(NS).join(table).join("data"), &mut files);
    files.retain(|p| p.extension().is_some_and(|x| x == "parquet"));
    files
}

/// Every file of the warehouse with its size and modification time.
fn listing(wh: &Path) -> Vec<(PathBuf, u64, std::time::SystemTime)> {
    let mut files = Vec::new();
    files_under(wh, &mut files);
    let mut out: Vec<_> = files
        .into_iter()
        .map(|p| {
            let m = std::fs::metadata(&p).unwrap();
            (p, m.len(), m.modified().unwrap())
        })
        .collect();
    out.sort();
    out
}

fn options() -> MaintainOptions {
    MaintainOptions {
        expire_older_than: Duration::ZERO,
        orphan_min_age: Duration::ZERO,
        ..MaintainOptions::default()
    }
}

/// Run maintenance in process, stopping after compaction wrote its files.
fn maintain_failing_before_commit(wh: &Path) -> String {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let err = rt
        .block_on(async {
            let lake = Lake::open_local(wh, NS).await.unwrap();
            maintain(&lake, &MaintainOptions { fail_before_commit: true, ..options() }).await
        })
        .expect_err("the injected fault must fail the run");
    format!("{err:#}")
}

fn maintain_cli(wh: &Path, extra: &[&str]) -> serde_json::Value {
    let report = wh.with_extension("report.json");
    let mut args = vec![
        "lake",
        "maintain",
        "--warehouse",
        wh.to_str().unwrap(),
        "--expire-older-than",
        "0s",
        "--orphan-min-age",
        "0s",
        "--quiet",
        "--out",
        report.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    lakeproof(&args);
    serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap()
}

#[test]
fn a_failure_before_the_commit_leaves_the_previous_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let wh = dir.path().join("lake");
    streamed_lake(&wh, 3);
    let (before, states) = (fingerprint(&wh), table_states(&wh));
    let on_disk: Vec<usize> = TABLES.iter().map(|t| parquet_files(&wh, t.0).len()).collect();

    let err = maintain_failing_before_commit(&wh);
    assert!(err.contains("fault injection"), "unexpected error: {err}");
    assert_eq!(table_states(&wh), states, "no table may move to a new snapshot");
    assert_eq!(fingerprint(&wh), before, "rows and content must be those of the previous snapshot");
    // The compacted files were written, but only as orphans: `lake gc` sees them.
    let written: usize =
        TABLES.iter().zip(&on_disk).map(|(t, n)| parquet_files(&wh, t.0).len() - n).sum();
    assert!(written > 0, "the fault is injected after the new files are written");
    let gc = lakeproof(&["lake", "gc", "--warehouse", wh.to_str().unwrap(), "--min-age-secs", "0"]);
    assert!(
        String::from_utf8_lossy(&gc.stdout).contains(&format!("{written} unreferenced data files"))
    );
}

#[test]
fn a_dry_run_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let wh = dir.path().join("lake");
    streamed_lake(&wh, 3);
    maintain_failing_before_commit(&wh); // leaves orphans to report
    let files = listing(&wh);
    let states = table_states(&wh);
    let report = maintain_cli(&wh, &["--dry-run"]);
    assert_eq!(listing(&wh), files, "a dry run must not create, change or remove any file");
    assert_eq!(table_states(&wh), states);
    let tables = report["tables"].as_array().unwrap();
    for t in tables.iter().filter(|t| t["table"] != "labels") {
        assert!(t["after"].is_null());
        assert!(
            t["compaction"]["replaced_files"].as_u64().unwrap() >= 2,
            "planned compaction: {t}"
        );
        assert_eq!(t["compaction"]["added_files"], 0);
        assert!(t["expiry"]["expired_snapshots"].as_u64().unwrap() >= 2, "planned expiry: {t}");
    }
    assert!(orphans(&report) > 0, "the failed run's files are listed as orphans");
}

/// Orphan files a report lists over all tables (the injected fault stops the run at the
/// first table it compacts, so only that one has any).
fn orphans(report: &serde_json::Value) -> u64 {
    report["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["orphans"]["files"].as_u64().unwrap())
        .sum()
}

#[test]
fn maintain_compacts_small_files_expires_snapshots_and_removes_orphans() {
    let dir = tempfile::tempdir().unwrap();
    let wh = dir.path().join("lake");
    streamed_lake(&wh, 6);
    let (before, states) = (fingerprint(&wh), table_states(&wh));
    maintain_failing_before_commit(&wh); // orphans: data files, manifests, a manifest list

    let report = maintain_cli(&wh, &[]);
    assert_eq!(fingerprint(&wh), before, "rows and the checksum of every row must be unchanged");
    let after = table_states(&wh);
    for (t, time, _) in TABLES {
        let ((_, snapshots0, files0, raw0), (_, snapshots1, files1, raw1)) =
            (&states[t], &after[t]);
        assert_eq!(
            raw0, raw1,
            "{t}: the compression accounting (raw-equivalent bytes) survives expiry"
        );
        assert!(
            *snapshots0 >= 6 && *snapshots1 == 1,
            "{t}: {snapshots0} snapshots before, {snapshots1} after (retain 1)"
        );
        assert!(files1 < files0, "{t}: {files0} data files before, {files1} after");
        // Old files deleted by expiry, the failed run's files by orphan removal: what is on
        // disk is exactly what the one remaining snapshot reads, sorted by time, ZSTD.
        let on_disk = parquet_files(&wh, t);
        assert_eq!(on_disk.len() as u64, *files1, "{t}: unreferenced data files left: {on_disk:?}");
        for f in on_disk {
            let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(
                std::fs::File::open(&f).unwrap(),
            )
            .unwrap();
            let meta = reader.metadata().clone();
            assert!(
                matches!(
                    meta.row_group(0).column(0).compression(),
                    parquet::basic::Compression::ZSTD(_)
                ),
                "{}: not ZSTD",
                f.display()
            );
            let mut last = i64::MIN;
            for batch in reader.build().unwrap() {
                let batch = batch.unwrap();
                let ts = batch
                    .column_by_name(time)
                    .unwrap()
                    .as_any()
                    .downcast_ref::<TimestampMicrosecondArray>()
                    .unwrap();
                for v in ts.values().iter() {
                    assert!(*v >= last, "{}: not sorted by {time}", f.display());
                    last = *v;
                }
            }
        }
        let meta_dir = wh.join(NS).join(t).join("metadata");
        let mut meta_files = Vec::new();
        files_under(&meta_dir, &mut meta_files);
        let manifests =
            meta_files.iter().filter(|p| p.extension().is_some_and(|x| x == "avro")).count();
        assert_eq!(
            manifests, 3,
            "{t}: one manifest list and its two manifests remain: {meta_files:?}"
        );

        let r = report["tables"].as_array().unwrap().iter().find(|r| r["table"] == t).unwrap();
        assert!(r["compaction"]["added_files"].as_u64().unwrap() > 0);
        let (q0, q1) =
            (r["before"]["queries"].as_array().unwrap(), r["after"]["queries"].as_array().unwrap());
        assert_eq!(q0.len(), 3);
        for (a, b) in q0.iter().zip(q1) {
            assert_eq!(
                (&a["sql"], &a["result_rows"]),
                (&b["sql"], &b["result_rows"]),
                "{t}: same queries, same answers"
            );
        }
    }
    assert!(orphans(&report) > 0, "the failed run's files are removed as orphans");
    interop(&wh, &before);
}

/// pyiceberg and DuckDB read the maintained tables with the same counts and key lengths.
fn interop(wh: &Path, expected: &BTreeMap<String, (i64, i64, u64)>) {
    let keys: BTreeMap<_, _> = TABLES.iter().map(|(t, _, k)| (*t, *k)).collect();
    let expected =
        expected.iter().map(|(t, (rows, lengths, _))| (t.clone(), (*rows, *lengths))).collect();
    common::interop_agrees(wh, NS, &keys, &expected);
}
