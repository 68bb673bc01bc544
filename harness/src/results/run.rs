//! The result file of `lakeproof run` (kind "lakeproof.run"): versioned, self-describing JSON, one file per run,
//! written atomically (temp + rename) so an interrupted run never leaves a corrupt file.
//! The report and `compare` read this schema; bump `SCHEMA_VERSION` when the meaning of a field
//! changes (optional fields added with `serde(default)` keep older files readable).

use super::machine::Machine;
use super::stats::median;
use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunResult {
    pub schema_version: u32,
    /// Always "lakeproof.run".
    pub kind: String,
    pub tool_version: String,
    pub run_id: String,
    pub started_at: String,
    pub finished_at: String,
    pub machine: Machine,
    pub scenario: ScenarioInfo,
    pub dataset: Dataset,
    pub profiles: Vec<ProfileInfo>,
    pub engines: Vec<EngineInfo>,
    pub results: Vec<QueryResult>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScenarioInfo {
    pub name: String,
    pub file: String,
    pub start: String,
    pub end: String,
    /// sha256 (hex) of the scenario file's bytes: two runs with the same hash and seed measured
    /// the same data. Absent in files written before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    /// Seed the lake was generated with (absent in older files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

impl ScenarioInfo {
    /// Days the scenario spans (its data's time range), from `start` and `end`.
    pub fn days(&self) -> Option<f64> {
        let start = lakeproof_generators::fmt::parse_iso(&self.start)?;
        let end = lakeproof_generators::fmt::parse_iso(&self.end)?;
        (end > start).then(|| (end - start) as f64 / 86_400e6)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TableInfo {
    pub rows: u64,
    /// Raw native-format bytes of the same events (from the lake writer's snapshot summaries).
    pub raw_bytes: u64,
    pub data_bytes: u64,
    pub data_files: u64,
    pub snapshot_id: i64,
    pub metadata_location: String,
}

impl TableInfo {
    /// Raw-equivalent bytes per on-disk byte (0 for tables without raw bytes, e.g. labels).
    pub fn ratio(&self) -> f64 {
        if self.data_bytes == 0 {
            0.0
        } else {
            self.raw_bytes as f64 / self.data_bytes as f64
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Dataset {
    pub warehouse: String,
    pub namespace: String,
    pub tables: BTreeMap<String, TableInfo>,
}

impl Dataset {
    /// The log sources: tables with raw-equivalent bytes (the labels table has none, so it is
    /// not part of any compression figure).
    pub fn sources(&self) -> impl Iterator<Item = (&String, &TableInfo)> {
        self.tables.iter().filter(|(_, t)| t.raw_bytes > 0)
    }
    pub fn raw_bytes(&self) -> u64 {
        self.sources().map(|(_, t)| t.raw_bytes).sum()
    }
    pub fn data_bytes(&self) -> u64 {
        self.sources().map(|(_, t)| t.data_bytes).sum()
    }
    pub fn data_files(&self) -> u64 {
        self.sources().map(|(_, t)| t.data_files).sum()
    }
    /// Total raw-equivalent bytes over total on-disk bytes of the sources.
    pub fn ratio(&self) -> Option<f64> {
        let d = self.data_bytes();
        (d > 0).then(|| self.raw_bytes() as f64 / d as f64)
    }
}

/// The statistic of a profile's hot runs compared with its target.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetStat {
    Max,
    P95,
    Median,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProfileInfo {
    pub name: String,
    pub description: String,
    pub target_ms: f64,
    pub target_stat: TargetStat,
    pub warmup: u32,
    pub iterations: u32,
    pub concurrency: u32,
    pub timeout_secs: u64,
    pub window_minutes: Option<u64>,
    /// Placeholder values the queries ran with.
    pub parameters: BTreeMap<String, String>,
    /// Queries not run: they read a table this lake does not have (a defined source's).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
}

/// How a query ended, written as "ok", "failed" or "timeout" (the strings result files have
/// always held).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QueryStatus {
    Ok,
    Failed,
    /// The query outlived its time limit (on lakeproof's clock or the engine's own).
    Timeout,
}

impl QueryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            QueryStatus::Ok => "ok",
            QueryStatus::Failed => "failed",
            QueryStatus::Timeout => "timeout",
        }
    }
}

impl std::fmt::Display for QueryStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// Whether an engine started and attached the tables, written as "ok" or "failed".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EngineStatus {
    Ok,
    Failed,
}

impl std::fmt::Display for EngineStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(match self {
            EngineStatus::Ok => "ok",
            EngineStatus::Failed => "failed",
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EngineInfo {
    pub name: String,
    pub version: String,
    /// How the engine read the tables (e.g. through Iceberg metadata, or a resolved file list).
    pub access_path: String,
    pub status: EngineStatus,
    pub error: Option<String>,
    pub open_ms: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Recall {
    pub attack: String,
    /// Injected attacks of that kind in the dataset (distinct attack ids in the labels).
    pub expected: u64,
    /// Of those, how many the query detected over the whole dataset (returned at least one of
    /// the attack's labelled event keys in its `event_key` column).
    pub found: u64,
    /// Why the whole-dataset query failed, when it did (then `found` is 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QueryResult {
    pub engine: String,
    pub profile: String,
    pub query: String,
    pub status: QueryStatus,
    pub error: Option<String>,
    /// First run after the engine opened the tables.
    pub cold_ms: Option<f64>,
    /// Timed runs after warm-up (all clients pooled when concurrency > 1).
    pub hot_ms: Vec<f64>,
    pub rows: Option<u64>,
    /// Order-insensitive sha256 of the canonical answer.
    pub checksum: Option<String>,
    /// The answer had more rows than engines return (100,000): only `rows` is compared then.
    #[serde(default)]
    pub truncated: bool,
    /// True when this answer differs from another engine's answer to the same query.
    pub mismatch: bool,
    pub recall: Option<Recall>,
    /// Detections: events the query returned over the whole dataset that no attack label
    /// explains (distinct event keys), the false alerts of that many days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub false_alerts: Option<u64>,
    /// Batch queries run as CREATE TABLE AS: what the timed runs wrote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ctas: Option<CtasResult>,
    /// The data files of the query's tables that its time window selects (manifest
    /// statistics): what Iceberg's pruning leaves the engine to read, the x-axis of scaling
    /// fits. Absent in files written before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<WindowBytes>,
    /// How the cold run was made cold and what the engine process read from disk during it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cold_io: Option<ColdIo>,
}

/// Files, bytes and rows a query's window selects.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct WindowBytes {
    pub files: u64,
    pub bytes: u64,
    pub rows: u64,
}

impl std::ops::AddAssign for WindowBytes {
    fn add_assign(&mut self, o: WindowBytes) {
        self.files += o.files;
        self.bytes += o.bytes;
        self.rows += o.rows;
    }
}

/// A cold run's cache state: the lake's files evicted before it, and the bytes the engine
/// process read from storage during it (`/proc/<pid>/io` `read_bytes`; page-cache hits are not
/// counted). A run that read nothing from disk was not cold, and says so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColdIo {
    pub eviction: crate::util::page_cache::Eviction,
    pub read_bytes: Option<u64>,
}

impl ColdIo {
    /// The run read from disk: its time is a cold time.
    pub fn was_cold(&self) -> bool {
        self.read_bytes.is_some_and(|b| b > 0)
    }
}

/// A CREATE TABLE AS run's output, counted by lakeproof from the Parquet files the engine wrote
/// (footers' row counts, file sizes), the same way for every engine.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CtasResult {
    /// Table the query normalises (its raw bytes per row give the raw-equivalent input).
    pub source_table: String,
    pub rows_written: u64,
    pub bytes_written: u64,
    pub files_written: u64,
    /// rows_written / median hot seconds.
    pub rows_per_sec: f64,
    /// Raw-equivalent input (rows_written × the source table's raw bytes per row) / median hot
    /// seconds: the normalisation is one output row per input row.
    pub raw_bytes_per_sec: f64,
}

impl QueryResult {
    /// A result not yet run: status "ok", nothing measured.
    pub fn new(engine: &str, profile: &str, query: &str) -> QueryResult {
        QueryResult {
            engine: engine.into(),
            profile: profile.into(),
            query: query.into(),
            status: QueryStatus::Ok,
            error: None,
            cold_ms: None,
            hot_ms: vec![],
            rows: None,
            checksum: None,
            truncated: false,
            mismatch: false,
            recall: None,
            false_alerts: None,
            ctas: None,
            window: None,
            cold_io: None,
        }
    }

    pub fn best_hot_ms(&self) -> Option<f64> {
        self.hot_ms.iter().copied().fold(None, |a, x| Some(a.map_or(x, |a: f64| a.min(x))))
    }

    pub fn ok(&self) -> bool {
        self.status == QueryStatus::Ok
    }

    /// The median of the hot runs (the statistic `report` and `compare` rank and gate on: robust
    /// to one slow run on a noisy machine); the cold run when there were no hot runs.
    pub fn median_ms(&self) -> Option<f64> {
        if self.hot_ms.is_empty() {
            return self.cold_ms;
        }
        median(&self.hot_ms)
    }
}

/// Read a result file, checking `kind` and `schema_version` first so a wrong or newer file is
/// refused with a message naming the file and the field rather than a serde error.
pub fn load(path: &Path) -> Result<RunResult> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{}: not JSON", path.display()))?;
    from_value(path, value)
}

pub(super) fn from_value(path: &Path, value: serde_json::Value) -> Result<RunResult> {
    match value.get("kind").and_then(|k| k.as_str()) {
        Some("lakeproof.run") => {}
        other => {
            bail!("{}: field `kind` is {:?}, expected \"lakeproof.run\"", path.display(), other)
        }
    }
    match value.get("schema_version").and_then(|v| v.as_u64()) {
        Some(v) if v == SCHEMA_VERSION as u64 => {}
        other => bail!(
            "{}: field `schema_version` is {:?}; this lakeproof reads version {SCHEMA_VERSION}",
            path.display(),
            other
        ),
    }
    serde_json::from_value(value)
        .with_context(|| format!("{}: not a valid run result", path.display()))
}

/// Merge result files of one lake (e.g. one file per engine) into one run, keyed by
/// (engine, profile, query). They must describe the same scenario and dataset — otherwise
/// their latencies are not comparable — and no key may appear twice.
pub fn merge(runs: &[(PathBuf, RunResult)]) -> Result<RunResult> {
    let (first_path, first) = runs.first().context("no run results to merge")?;
    let mut merged = first.clone();
    let mut seen: BTreeMap<(String, String, String), &Path> = BTreeMap::new();
    for q in &first.results {
        seen.insert((q.engine.clone(), q.profile.clone(), q.query.clone()), first_path);
    }
    for (path, run) in &runs[1..] {
        if run.scenario.name != first.scenario.name {
            bail!("{}: field `scenario.name` is {:?} but {} has {:?}: results of different scenarios cannot be merged", path.display(), run.scenario.name, first_path.display(), first.scenario.name);
        }
        let sizes = |d: &Dataset| {
            d.tables.iter().map(|(n, t)| (n.clone(), t.raw_bytes, t.data_bytes)).collect::<Vec<_>>()
        };
        if sizes(&run.dataset) != sizes(&first.dataset) {
            bail!(
                "{}: field `dataset.tables` differs from {}: the files measured different lakes",
                path.display(),
                first_path.display()
            );
        }
        for q in &run.results {
            let key = (q.engine.clone(), q.profile.clone(), q.query.clone());
            if let Some(other) = seen.insert(key, path) {
                bail!(
                    "{}: {} / {} / {} is also in {}",
                    path.display(),
                    q.engine,
                    q.profile,
                    q.query,
                    other.display()
                );
            }
            merged.results.push(q.clone());
        }
        for e in &run.engines {
            if !merged.engines.iter().any(|m| m.name == e.name) {
                merged.engines.push(e.clone());
            }
        }
        for p in &run.profiles {
            if !merged.profiles.iter().any(|m| m.name == p.name) {
                merged.profiles.push(p.clone());
            }
        }
        merged.started_at = merged.started_at.min(run.started_at.clone());
        merged.finished_at = merged.finished_at.max(run.finished_at.clone());
    }
    Ok(merged)
}

/// Split a run into one result per engine, named `<engine>.<machine kind>.json` — the layout of
/// `results/baselines/<scenario>/` (ClickBench-style: one file per engine per machine kind).
pub fn split(run: &RunResult) -> Vec<(String, RunResult)> {
    run.engines
        .iter()
        .map(|e| {
            let mut part = run.clone();
            part.engines = vec![e.clone()];
            part.results.retain(|q| q.engine == e.name);
            (format!("{}.{}.json", e.name, run.machine.kind()), part)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_then_merge_gives_back_the_run() {
        let run =
            load(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../results/run-smoke-10g.json")))
                .unwrap();
        let parts = split(&run);
        assert_eq!(parts.len(), run.engines.len());
        assert!(
            parts.iter().all(|(name, _)| name.ends_with(".2cpu-24gb.json")),
            "{:?}",
            parts.iter().map(|p| &p.0).collect::<Vec<_>>()
        );
        let files: Vec<(PathBuf, RunResult)> =
            parts.into_iter().map(|(n, r)| (PathBuf::from(n), r)).collect();
        let merged = merge(&files).unwrap();
        assert_eq!(merged.results.len(), run.results.len());
        assert_eq!(merged.engines.len(), run.engines.len());
        // The same file twice: every key is duplicated, and the error names both files.
        let twice = vec![files[0].clone(), (PathBuf::from("again.json"), files[0].1.clone())];
        let e = merge(&twice).unwrap_err().to_string();
        assert!(e.contains("again.json") && e.contains("is also in"), "{e}");
    }

    #[test]
    fn statuses_are_written_and_read_as_the_legacy_strings() {
        for (status, text) in [
            (QueryStatus::Ok, "ok"),
            (QueryStatus::Failed, "failed"),
            (QueryStatus::Timeout, "timeout"),
        ] {
            assert_eq!(serde_json::to_value(status).unwrap(), serde_json::json!(text));
            assert_eq!(serde_json::from_value::<QueryStatus>(text.into()).unwrap(), status);
            assert_eq!(format!("{status:>8}"), format!("{text:>8}"), "padded like the string");
        }
        for (status, text) in [(EngineStatus::Ok, "ok"), (EngineStatus::Failed, "failed")] {
            assert_eq!(serde_json::to_value(status).unwrap(), serde_json::json!(text));
            assert_eq!(serde_json::from_value::<EngineStatus>(text.into()).unwrap(), status);
        }
        assert!(serde_json::from_value::<EngineStatus>("timeout".into()).is_err());
        // A whole result round-trips to the same JSON.
        let run =
            load(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../results/run-smoke-10g.json")))
                .unwrap();
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../results/run-smoke-10g.json"
        ))
        .unwrap();
        let original: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(serde_json::to_value(&run).unwrap()["results"], original["results"]);
        assert_eq!(serde_json::to_value(&run).unwrap()["engines"], original["engines"]);
    }

    #[test]
    fn wrong_kind_or_version_names_the_file_and_field() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("x.json");
        std::fs::write(&f, r#"{"kind":"lakeproof.run","schema_version":99}"#).unwrap();
        let e = load(&f).unwrap_err().to_string();
        assert!(e.contains("x.json") && e.contains("schema_version"), "{e}");
    }
}
