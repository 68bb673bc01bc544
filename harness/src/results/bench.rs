//! The result file of `lakeproof bench generate --out`: generation speed per source and mode
//! on one thread, and (with `--lake`) the whole pipeline into Iceberg with CPU and peak RSS.

use super::manifest::RunManifest;
use serde::{Deserialize, Serialize};

/// A `bench generate` result file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BenchReport {
    /// Generation alone ("raw", "raw+arrow") and Parquet encoding alone ("parquet"), per source.
    pub generation: Vec<SourceSpeed>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lake: Option<LakeSpeed>,
}

/// Generation of one source on one thread.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SourceSpeed {
    pub source: String,
    /// What was timed: "raw" (events + exact raw rendering), "raw+arrow", or "parquet" (encoding
    /// of already generated Arrow batches, see `encoding_speed`).
    pub mode: String,
    pub rows: u64,
    pub raw_bytes: u64,
    pub seconds: f64,
    pub rows_per_sec: f64,
    pub raw_mb_per_sec: f64,
}

/// End-to-end into Iceberg.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LakeSpeed {
    pub threads: usize,
    pub wall_seconds: f64,
    pub cpu_seconds: f64,
    pub raw_bytes: u64,
    pub disk_bytes: u64,
    pub raw_mb_per_sec: f64,
    /// Raw MB per CPU-second: the per-core figure, independent of how many cores were busy.
    pub raw_mb_per_cpu_sec: f64,
    pub raw_mb_per_sec_per_thread: f64,
    pub peak_rss_bytes: u64,
    pub stats: RunManifest,
}
