//! End to end: `lakeproof generate` into an embedded warehouse, read back by DataFusion,
//! pyiceberg and DuckDB; determinism across thread counts; parts; kill -9 mid-run.

use arrow_array::{Array, Int64Array, TimestampMicrosecondArray};
use lakeproof_harness::lake::catalog::Lake;
use lakeproof_harness::lake::query::{datafusion_context, sql};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

const TINY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tiny.toml");
const NS: &str = "security";
const TABLES: [(&str, &str, &str); 6] = [
    // (table, time column, a string key column for checksums)
    ("windows_security", "time_created", "computer"),
    ("cloudtrail", "event_time", "event_id"),
    ("zeek_conn", "ts", "uid"),
    ("zeek_dns", "ts", "uid"),
    ("vpc_flow", "start_time", "interface_id"),
    ("labels", "event_time", "event_key"),
];

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

fn generate(warehouse: &Path, extra: &[&str]) {
    let w = warehouse.to_str().unwrap();
    let mut args = vec!["generate", "--scenario", TINY, "--warehouse", w, "--quiet"];
    args.extend_from_slice(extra);
    lakeproof(&args);
}

/// Per table (of those that exist): (rows, sum of key lengths) through DataFusion.
fn datafusion_counts(
    warehouse: &Path,
    tables: &[(&str, &str, &str)],
) -> BTreeMap<String, (i64, i64)> {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let lake = Lake::open_local(warehouse, NS).await.unwrap();
        let ctx = datafusion_context(&lake).await.unwrap();
        let mut out = BTreeMap::new();
        for &(t, _, key) in tables {
            let ident = iceberg::TableIdent::new(lake.namespace.clone(), t.to_string());
            if !lake.catalog.table_exists(&ident).await.unwrap() {
                continue;
            }
            let b = sql(
                &ctx,
                &format!(
                    "SELECT count(*), coalesce(sum(length(\"{key}\")), 0) FROM lakeproof.{NS}.{t}"
                ),
            )
            .await
            .unwrap();
            let n = b[0].column(0).as_any().downcast_ref::<Int64Array>().unwrap().value(0);
            let s = arrow_array::cast::AsArray::as_primitive::<arrow_array::types::Int64Type>(
                &arrow_cast_i64(b[0].column(1)),
            )
            .value(0);
            out.insert(t.to_string(), (n, s));
        }
        out
    })
}

fn arrow_cast_i64(a: &arrow_array::ArrayRef) -> arrow_array::ArrayRef {
    // sum(length(..)) is Int64 in DataFusion, but be tolerant of Int32/UInt64.
    if let Some(x) = a.as_any().downcast_ref::<Int64Array>() {
        return std::sync::Arc::new(x.clone());
    }
    if let Some(x) = a.as_any().downcast_ref::<arrow_array::UInt64Array>() {
        return std::sync::Arc::new(Int64Array::from_iter(x.iter().map(|v| v.map(|v| v as i64))));
    }
    panic!("unexpected checksum type {:?}", a.data_type());
}

fn run_manifests(warehouse: &Path) -> Vec<serde_json::Value> {
    let dir = warehouse.join(NS).join("_lakeproof").join("runs");
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| serde_json::from_slice(&std::fs::read(e.unwrap().path()).unwrap()).unwrap())
        .collect()
}

fn data_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            data_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "parquet") {
            out.push(p);
        }
    }
}

#[test]
fn generate_into_the_lake_and_read_back_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let wh = dir.path().join("lake");
    generate(&wh, &["--threads", "2"]);
    check_tables(&wh, &TABLES);
}

/// A source defined as data (`scenarios/sources/linux_auth.toml`) lands like a built-in one:
/// counted in the run manifest, day-partitioned, sorted by its time column, ZSTD, and read
/// back identically by DataFusion, pyiceberg and DuckDB.
#[test]
fn a_defined_source_lands_like_a_built_in_one() {
    let dir = tempfile::tempdir().unwrap();
    let wh = dir.path().join("lake");
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/byo-tiny.toml");
    let w = wh.to_str().unwrap();
    lakeproof(&["generate", "--scenario", scenario, "--warehouse", w, "--quiet"]);
    check_tables(
        &wh,
        &[
            ("linux_auth", "time", "message"),
            ("okta", "published", "uuid"),
            ("k8s_audit", "stageTimestamp", "auditID"),
            ("windows_security", "time_created", "computer"),
        ],
    );
}

/// Per table: rows as the run manifest counts them, a plausible compression ratio, day
/// partitions, ZSTD, rows sorted by time in every file; then the other readers agree.
fn check_tables(wh: &Path, tables: &[(&str, &str, &str)]) {
    let manifests = run_manifests(wh);
    assert_eq!(manifests.len(), 1);
    let m = &manifests[0];
    let counts = datafusion_counts(wh, tables);
    for &(t, time_col, _) in tables {
        let expected = if t == "labels" {
            m["labels"].as_i64().unwrap()
        } else {
            m["sources"][t]["rows"].as_i64().unwrap()
        };
        assert!(expected > 0, "{t} is empty");
        assert_eq!(counts[t].0, expected, "{t}: DataFusion count vs run manifest");
        if t != "labels" {
            let s = &m["sources"][t];
            let ratio = s["raw_bytes"].as_f64().unwrap() / s["disk_bytes"].as_f64().unwrap();
            // A floor on tiny data (the realistic ratios are measured at scale, see results/).
            assert!(ratio > 2.0, "{t}: compression ratio {ratio:.1} is implausibly low");
        }
        // Day partitions, and rows sorted by time inside every file.
        let mut files = Vec::new();
        data_files(&wh.join(NS).join(t).join("data"), &mut files);
        assert!(!files.is_empty(), "{t} has no data files");
        for f in files {
            let part = f.parent().unwrap().file_name().unwrap().to_str().unwrap().to_string();
            assert!(
                part.starts_with(&format!("{time_col}_day=2026-11-0")),
                "{t}: partition folder {part}"
            );
            let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(
                std::fs::File::open(&f).unwrap(),
            )
            .unwrap();
            let meta = reader.metadata().clone();
            let col = meta
                .file_metadata()
                .schema_descr()
                .columns()
                .iter()
                .position(|c| c.name() == time_col)
                .unwrap();
            assert!(
                matches!(
                    meta.row_group(0).column(col).compression(),
                    parquet::basic::Compression::ZSTD(_)
                ),
                "{t}: not ZSTD"
            );
            let mut last = i64::MIN;
            for batch in reader.build().unwrap() {
                let batch = batch.unwrap();
                let ts = batch
                    .column_by_name(time_col)
                    .unwrap()
                    .as_any()
                    .downcast_ref::<TimestampMicrosecondArray>()
                    .unwrap();
                for v in ts.values().iter() {
                    assert!(*v >= last, "{t}: {} not sorted by {time_col}", f.display());
                    last = *v;
                }
                assert_eq!(ts.null_count(), 0);
            }
        }
    }
    interop(wh, tables, &counts);
}

/// pyiceberg and DuckDB must agree with DataFusion on counts and checksums.
fn interop(wh: &Path, tables: &[(&str, &str, &str)], counts: &BTreeMap<String, (i64, i64)>) {
    let keys: BTreeMap<_, _> = tables.iter().map(|(t, _, k)| (*t, *k)).collect();
    common::interop_agrees(wh, NS, &keys, counts);
}

fn file_hashes(wh: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    data_files(&wh.join(NS), &mut files);
    let mut out: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|f| {
            let rel = f.strip_prefix(wh).unwrap().parent().unwrap().to_string_lossy().to_string();
            (rel, std::fs::read(f).unwrap())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn data_files_are_byte_identical_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    generate(&a, &["--threads", "1", "--sources", "windows_security,zeek_conn"]);
    generate(&b, &["--threads", "3", "--sources", "windows_security,zeek_conn"]);
    let (ha, hb) = (file_hashes(&a), file_hashes(&b));
    assert!(!ha.is_empty());
    assert!(ha == hb, "data files differ between --threads 1 and --threads 3");
}

#[test]
fn parts_add_up_to_the_whole_and_a_rerun_part_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole");
    let parts = dir.path().join("parts");
    generate(&whole, &["--sources", "cloudtrail,vpc_flow"]);
    generate(&parts, &["--sources", "cloudtrail,vpc_flow", "--part", "1/2"]);
    generate(&parts, &["--sources", "cloudtrail,vpc_flow", "--part", "2/2"]);
    let out = Command::new(env!("CARGO_BIN_EXE_lakeproof"))
        .args([
            "generate",
            "--scenario",
            TINY,
            "--warehouse",
            parts.to_str().unwrap(),
            "--quiet",
            "--sources",
            "cloudtrail,vpc_flow",
            "--part",
            "2/2",
        ])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("already committed"),
        "a rerun part must be skipped"
    );
    let (w, p) = (datafusion_counts(&whole, &TABLES), datafusion_counts(&parts, &TABLES));
    for t in ["cloudtrail", "vpc_flow", "labels"] {
        assert_eq!(w[t], p[t], "{t}: parts 1/2 + 2/2 differ from the whole");
    }
}

#[test]
fn kill_minus_nine_leaves_readable_tables_and_gc_finds_the_leftovers() {
    let dir = tempfile::tempdir().unwrap();
    let wh = dir.path().join("lake");
    // Commit a first part, then kill the second mid-write.
    generate(&wh, &["--sources", "zeek_conn", "--part", "1/2"]);
    let before = datafusion_counts(&wh, &TABLES)["zeek_conn"];
    let mut committed = Vec::new();
    data_files(&wh.join(NS).join("zeek_conn").join("data"), &mut committed);
    let mut child = Command::new(env!("CARGO_BIN_EXE_lakeproof"))
        .args([
            "generate",
            "--scenario",
            TINY,
            "--warehouse",
            wh.to_str().unwrap(),
            "--quiet",
            "--sources",
            "zeek_conn",
            "--part",
            "2/2",
            "--volume",
            "400 MB",
            "--threads",
            "1",
        ])
        .spawn()
        .unwrap();
    // Wait until it has written a data file, then kill -9.
    let data = wh.join(NS).join("zeek_conn").join("data");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    loop {
        let mut files = Vec::new();
        data_files(&data, &mut files);
        if files.len() > committed.len() || std::time::Instant::now() > deadline {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        datafusion_counts(&wh, &TABLES)["zeek_conn"],
        before,
        "the killed part must not be visible"
    );
    let gc = lakeproof(&[
        "lake",
        "gc",
        "--warehouse",
        wh.to_str().unwrap(),
        "--min-age-secs",
        "0",
        "--delete",
    ]);
    let text = String::from_utf8_lossy(&gc.stdout);
    assert!(!text.starts_with("0 unreferenced"), "gc found no leftovers: {text}");
    assert_eq!(
        datafusion_counts(&wh, &TABLES)["zeek_conn"],
        before,
        "gc must not touch committed files"
    );
    let again =
        lakeproof(&["lake", "gc", "--warehouse", wh.to_str().unwrap(), "--min-age-secs", "0"]);
    assert!(String::from_utf8_lossy(&again.stdout).starts_with("0 unreferenced"));
}

/// A small tmpfs, unmounted when dropped.
struct SmallDisk(PathBuf);

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_lake_too_large_for_the_disk_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=16m", "tmpfs", mnt.to_str().unwrap()])
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        // Mounting needs root (CI runs as root); elsewhere the unit test of the check remains.
        assert!(std::env::var("CI").is_err(), "cannot mount a tmpfs for the free-space test");
        eprintln!("SKIPPED free-space refusal: cannot mount a tmpfs (not root)");
        return;
    }
    let _disk = SmallDisk(mnt.clone());
    // The tiny scenario: 12 MB/day of raw logs, about 5 MB projected for the lake (more than
    // the 16 MB disk can hold once the 64 MB of headroom is added).
    let wh = mnt.join("lake");
    let out = Command::new(env!("CARGO_BIN_EXE_lakeproof"))
        .args(["generate", "--scenario", TINY, "--warehouse", wh.to_str().unwrap(), "--quiet"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "a lake larger than the disk must be refused");
    assert!(err.contains("not enough free disk space") && err.contains("GB free"), "{err}");
    assert!(!wh.exists(), "nothing may be written before the refusal");
    let raw = mnt.join("raw");
    let out = Command::new(env!("CARGO_BIN_EXE_lakeproof"))
        .args(["generate", "--scenario", TINY, "--format", "raw", "--out", raw.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success(), "raw output larger than the disk must be refused");
    assert!(String::from_utf8_lossy(&out.stderr).contains("not enough free disk space"));
    assert!(!raw.exists());
}

#[test]
fn window_scans_count_the_files_a_time_window_selects() {
    use lakeproof_harness::lake::metadata::window_scan;
    use lakeproof_harness::results::run::WindowBytes as WindowScan;
    let dir = tempfile::tempdir().unwrap();
    let wh = dir.path().join("lake");
    generate(&wh, &[]);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let lake = Lake::open_local(&wh, NS).await.unwrap();
        let ident = iceberg::TableIdent::from_strs([NS, "zeek_conn"]).unwrap();
        let table = iceberg::Catalog::load_table(lake.catalog.as_ref(), &ident).await.unwrap();
        let all = window_scan(&table, "ts", None).await.unwrap();
        let files: u64 =
            table.metadata().current_snapshot().unwrap().summary().additional_properties
                ["total-data-files"]
                .parse()
                .unwrap();
        assert_eq!(all.files, files);
        assert!(all.bytes > 0 && all.rows > 0);
        let hour = |h: i64| {
            lakeproof_generators::fmt::parse_iso("2026-11-02T00:00:00Z").unwrap()
                + h * 3_600_000_000
        };
        let morning = window_scan(&table, "ts", Some((hour(9), hour(10)))).await.unwrap();
        assert!(morning.files >= 1 && morning.bytes <= all.bytes, "{morning:?} of {all:?}");
        let after = window_scan(&table, "ts", Some((hour(24 * 5), hour(24 * 6)))).await.unwrap();
        assert_eq!(after, WindowScan::default(), "a window after the data selects nothing");
        let before = window_scan(&table, "ts", Some((hour(-48), hour(-24)))).await.unwrap();
        assert_eq!(before, WindowScan::default(), "a window before the data selects nothing");
    });
}
