//! The result file of `lakeproof run`: versioned, self-describing JSON, one file per run,
//! written atomically (temp + rename) so an interrupted run never leaves a corrupt file.
//! The report and `compare` read this schema; bump `SCHEMA_VERSION` when it changes.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
pub struct Machine {
    pub hostname: String,
    pub cpus: usize,
    pub memory_bytes: u64,
    pub os: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScenarioInfo {
    pub name: String,
    pub file: String,
    pub start: String,
    pub end: String,
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

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Dataset {
    pub warehouse: String,
    pub namespace: String,
    pub tables: BTreeMap<String, TableInfo>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProfileInfo {
    pub name: String,
    pub description: String,
    pub target_ms: f64,
    pub target_stat: super::profile::TargetStat,
    pub warmup: u32,
    pub iterations: u32,
    pub concurrency: u32,
    pub timeout_secs: u64,
    pub window_minutes: Option<u64>,
    /// Placeholder values the queries ran with.
    pub parameters: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EngineInfo {
    pub name: String,
    pub version: String,
    /// How the engine read the tables (e.g. through Iceberg metadata, or a resolved file list).
    pub access_path: String,
    /// "ok" or "failed".
    pub status: String,
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
    /// "ok", "failed" or "timeout".
    pub status: String,
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
    /// Batch queries run as CREATE TABLE AS: what the timed runs wrote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ctas: Option<CtasResult>,
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
            status: "ok".into(),
            error: None,
            cold_ms: None,
            hot_ms: vec![],
            rows: None,
            checksum: None,
            truncated: false,
            mismatch: false,
            recall: None,
            ctas: None,
        }
    }

    pub fn best_hot_ms(&self) -> Option<f64> {
        self.hot_ms.iter().copied().fold(None, |a, x| Some(a.map_or(x, |a: f64| a.min(x))))
    }
}

/// Percentile (nearest rank) of a sample.
pub fn percentile(values: &[f64], p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let rank = ((p / 100.0) * v.len() as f64).ceil().max(1.0) as usize;
    Some(v[rank.min(v.len()) - 1])
}

#[cfg(test)]
mod tests {
    #[test]
    fn percentiles_by_nearest_rank() {
        let v = [5.0, 1.0, 3.0, 2.0, 4.0];
        assert_eq!(super::percentile(&v, 50.0), Some(3.0));
        assert_eq!(super::percentile(&v, 95.0), Some(5.0));
        assert_eq!(super::percentile(&[], 95.0), None);
    }
}
