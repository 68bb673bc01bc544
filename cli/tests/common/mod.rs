//! Helpers shared by the end-to-end tests.
// Each test binary compiles this module and uses part of it.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// Whether `python3` imports `modules` (comma-separated, as in an `import` line). When it does
/// not, the check that needs them is skipped loudly, or fails when `LAKEPROOF_REQUIRE_INTEROP`
/// is set (as CI sets it, after installing them): `what` names the check, `install` the fix.
pub fn python_has_or_skip(modules: &str, what: &str, install: &str) -> bool {
    let ok = Command::new("python3")
        .args(["-c", &format!("import {modules}")])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var("LAKEPROOF_REQUIRE_INTEROP").is_err(),
            "{what}: python3 cannot import {modules}: {install}"
        );
        eprintln!("SKIPPED {what}: python3 cannot import {modules} ({install})");
    }
    ok
}

/// Other Iceberg readers must see what lakeproof wrote: `tests/interop.py` opens the warehouse
/// with pyiceberg's SqlCatalog and with DuckDB's iceberg extension and reports, per table, the
/// row count and the summed length of a string key column (`keys`: table → column). Both must
/// equal `expected` (table → (rows, key lengths)). Without the readers the check is skipped
/// loudly, or fails when `LAKEPROOF_REQUIRE_INTEROP` is set (as CI sets it).
pub fn interop_agrees(
    wh: &Path,
    namespace: &str,
    keys: &BTreeMap<&str, &str>,
    expected: &BTreeMap<String, (i64, i64)>,
) {
    if !python_has_or_skip(
        "pyiceberg, duckdb, duckdb_extension_iceberg",
        "interop check",
        "pip install -r ci/requirements-test.txt",
    ) {
        return;
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/interop.py");
    let out = Command::new("python3")
        .args([script, wh.to_str().unwrap(), namespace, &serde_json::to_string(keys).unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "interop.py failed:\n{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for reader in ["pyiceberg", "duckdb"] {
        for (t, (rows, lengths)) in expected {
            assert_eq!(v[reader][t][0].as_i64().unwrap(), *rows, "{reader} row count of {t}");
            assert_eq!(v[reader][t][1].as_i64().unwrap(), *lengths, "{reader} key lengths of {t}");
        }
    }
}
