//! `lakeproof sweep` end to end at tiny volumes: three lakes generated (then reused), the
//! profiles run with cold runs made cold, window bytes growing with the volume, fits with a
//! held-out check, a one-core and an all-core run for the parallel fractions, and the report.

use std::path::Path;
use std::process::Command;

const TINY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tiny.toml");

fn lakeproof(args: &[&str], cwd: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_lakeproof"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run lakeproof");
    assert!(
        out.status.success(),
        "lakeproof {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

#[test]
fn a_sweep_measures_fits_projects_and_reports() {
    // On a real disk (the target folder), not a tmpfs: cold runs must read from disk.
    let base = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let dir = tempfile::tempdir_in(base).unwrap();
    let sweep = [
        "sweep",
        "--scenario",
        TINY,
        "--volumes",
        "6MB,12MB,24MB",
        "--engines",
        "datafusion",
        "--profiles",
        "alerting,adhoc",
        "--iterations",
        "2",
        "--warmup",
        "0",
        "--work-dir",
        "work",
        "--target-daily",
        "50 GB",
        "--analysts",
        "1,2",
        "--analysts-profile",
        "adhoc",
        "--think-time",
        "0.2s",
        "--analyst-time",
        "3s",
        "--out",
        "sweep.json",
    ];
    let printed = lakeproof(&sweep, dir.path());
    assert!(printed.contains("generating"), "{printed}");
    // Every lake is generated before the first run starts.
    let last_generation = printed.rfind("generating").unwrap();
    assert!(printed.find(" alerting/").unwrap() > last_generation, "{printed}");
    let s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("sweep.json")).unwrap()).unwrap();
    assert_eq!(s["kind"], "lakeproof.sweep");
    let volumes = s["volumes"].as_array().unwrap();
    assert_eq!(volumes.len(), 3);
    let raw: Vec<f64> = volumes.iter().map(|v| v["raw_bytes"].as_f64().unwrap()).collect();
    assert!(raw[0] < raw[1] && raw[1] < raw[2], "{raw:?}");
    // The generating process's own peak (from its run manifest), not the sweep's.
    assert!(volumes.iter().all(|v| {
        let peak = v["generation"]["peak_rss_bytes"].as_u64().unwrap();
        peak > 16 << 20 && peak < 3 << 30
    }));
    // Cold runs were made cold: the engine read from disk.
    let run: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join(volumes[2]["run_file"].as_str().unwrap())).unwrap(),
    )
    .unwrap();
    let results = run["results"].as_array().unwrap();
    assert!(results.iter().all(|q| q["window"]["bytes"].as_u64().unwrap() > 0));
    let cold_reads =
        results.iter().filter(|q| q["cold_io"]["read_bytes"].as_u64().unwrap_or(0) > 0).count();
    assert!(
        cold_reads * 2 > results.len(),
        "{cold_reads} of {} cold runs read from disk",
        results.len()
    );
    // Recall (each detection re-run over the whole lake) is checked at the smallest volume
    // only: the detections and attacks are the same at every volume.
    let recalls = |file: &str| -> usize {
        let run: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.path().join(file)).unwrap()).unwrap();
        run["results"].as_array().unwrap().iter().filter(|q| q["recall"].is_object()).count()
    };
    assert!(recalls(volumes[0]["run_file"].as_str().unwrap()) > 0);
    assert_eq!(recalls(volumes[2]["run_file"].as_str().unwrap()), 0);
    // Fits: every hot series has three points and a held-out check.
    let scaling = s["scaling"].as_array().unwrap();
    let hot: Vec<&serde_json::Value> =
        scaling.iter().filter(|q| q["temperature"] == "hot").collect();
    assert!(!hot.is_empty());
    for q in &hot {
        assert_eq!(q["points"].as_array().unwrap().len(), 3, "{}", q["query"]);
        assert!(q["projection"]["holdout"]["relative_error"].as_f64().is_some(), "{}", q["query"]);
        assert!(["pass", "fail"].contains(&q["projected_verdict"].as_str().unwrap()));
    }
    assert!(s["summary"]["median_holdout_error"].as_f64().is_some());
    // Cores at the middle volume: fractions in [0, 1] for the queries that ran both times.
    let fractions = s["cores"]["queries"].as_array().unwrap();
    assert!(!fractions.is_empty());
    assert!(fractions
        .iter()
        .all(|f| (0.0..=1.0).contains(&f["parallel_fraction"].as_f64().unwrap())));
    assert!(hot.iter().any(|q| q.get("cores_needed").is_some()));
    // Analysts: two levels, each refreshing for 3 s with 0.2 s of thinking on average.
    let levels = s["analysts"]["levels"].as_array().unwrap();
    assert_eq!(levels.len(), 2);
    for l in levels {
        let n = l["analysts"].as_u64().unwrap();
        assert!(l["refreshes"].as_u64().unwrap() >= n, "{l}");
        assert!(l["p95_ms"].as_f64().unwrap() >= l["p50_ms"].as_f64().unwrap());
        assert!(l["refresh_p95_ms"].as_f64().unwrap() >= l["p95_ms"].as_f64().unwrap());
    }
    assert_eq!(s["analysts"]["sustained"][0][0], "datafusion");
    // The report renders the sweep alone, projected scorecard included.
    let printed = lakeproof(&["report", "sweep.json", "--out", "rep"], dir.path());
    assert!(printed.contains("(projected)"), "{printed}");
    let md = std::fs::read_to_string(dir.path().join("rep/report.md")).unwrap();
    assert!(md.contains("Scaling to the target volume") && md.contains("held-out error"));
    assert!(dir.path().join("rep/scaling.png").is_file());
    // A second sweep reuses the lakes and, with --resume, the first sweep's runs: only DuckDB,
    // added at the smallest volume only (`duckdb@6MB`), runs (one profile, no cores or
    // analysts).
    let mut quick: Vec<&str> = sweep.to_vec();
    let at = quick.iter().position(|a| *a == "alerting,adhoc").unwrap();
    quick[at] = "adhoc";
    let at = quick.iter().position(|a| *a == "datafusion").unwrap();
    quick[at] = "datafusion,duckdb@6MB";
    quick.push("--resume");
    for flag in ["--out", "--analysts"] {
        let i = quick.iter().position(|a| *a == flag).unwrap();
        quick.drain(i..i + 2);
    }
    quick.extend(["--cores-at", "none", "--analysts", "none", "--out", "again.json"]);
    let again = lakeproof(&quick, dir.path());
    assert_eq!(again.matches("reusing the lake").count(), 3, "{again}");
    assert_eq!(again.matches("keeping").count(), 2, "{again}");
    let engines = |file: &str| -> Vec<String> {
        let run: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.path().join(file)).unwrap()).unwrap();
        let mut e: Vec<String> = run["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["engine"].as_str().unwrap().to_string())
            .collect();
        e.dedup();
        e.sort();
        e.dedup();
        e
    };
    assert_eq!(engines("run-lake-0.006GB.json"), ["datafusion", "duckdb"]);
    assert_eq!(engines("run-lake-0.024GB.json"), ["datafusion"]);
    // A profile on the OCSF class tables: the native-only lakes are not reused but generated
    // again with both models, and its detections find what the native ones find (at 6 MB/day
    // both miss the console sign-in: its victim has no earlier event in so small a lake, and
    // the rule wants a known principal).
    let ocsf = [
        "sweep",
        "--scenario",
        TINY,
        "--volumes",
        "6MB,12MB",
        "--engines",
        "datafusion",
        "--profiles",
        "alerting,alerting-ocsf",
        "--iterations",
        "1",
        "--warmup",
        "0",
        "--work-dir",
        "work",
        "--cores-at",
        "none",
        "--analysts",
        "none",
        "--out",
        "ocsf.json",
    ];
    let printed = lakeproof(&ocsf, dir.path());
    assert_eq!(printed.matches("removed").count(), 2, "{printed}");
    assert!(dir.path().join("work/lake-0.006GB/ocsf").is_dir(), "{printed}");
    let run: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("run-lake-0.006GB.json")).unwrap())
            .unwrap();
    let found = |profile: &str| -> std::collections::BTreeMap<String, u64> {
        run["results"]
            .as_array()
            .unwrap()
            .iter()
            // Rules whose attack this scenario injects (the OCSF rules for the defined
            // sources' attacks run too, with nothing to find here).
            .filter(|q| q["profile"] == profile && q["recall"]["expected"].as_u64() > Some(0))
            .map(|q| (q["query"].to_string(), q["recall"]["found"].as_u64().unwrap()))
            .collect()
    };
    assert_eq!(found("alerting-ocsf").len(), 10, "{printed}");
    assert_eq!(found("alerting-ocsf"), found("alerting"), "{run}");
    assert!(found("alerting-ocsf").values().sum::<u64>() >= 9, "{run}");
    // The same sweep again reuses the lakes that now hold both models.
    let again = lakeproof(&ocsf, dir.path());
    assert_eq!(again.matches("reusing the lake").count(), 2, "{again}");
}
