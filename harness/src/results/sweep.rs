//! The result file of `lakeproof sweep` (kind "lakeproof.sweep"): one scenario generated at
//! several daily volumes, the same profiles run on the same engines at each, and per engine ×
//! query the latency points against the bytes the query touches, the fitted model, the
//! projection at the target daily volume and retention, and how wrong the method was on the
//! largest measured volume when fitted without it.

use super::machine::Machine;
use crate::scale::cores::CoresNeeded;
use crate::scale::model::{Point, Projection};
use serde::{Deserialize, Serialize};

pub const SWEEP_SCHEMA_VERSION: u32 = 1;
/// The goal for the median held-out projection error.
pub const HOLDOUT_GOAL: f64 = 0.30;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SweepResult {
    pub schema_version: u32,
    /// Always "lakeproof.sweep".
    pub kind: String,
    pub tool_version: String,
    pub started_at: String,
    pub finished_at: String,
    pub machine: Machine,
    pub scenario: String,
    pub scenario_hash: String,
    pub seed: u64,
    /// Days the scenario spans (fixed across volumes, so last-hours windows really grow).
    pub scenario_days: f64,
    pub target: Target,
    pub volumes: Vec<Volume>,
    /// Per engine × query × temperature: points, fit, projection.
    pub scaling: Vec<QueryScaling>,
    pub summary: Summary,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cores: Option<CoresRun>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analysts: Option<AnalystsRun>,
}

/// What the verdicts are projected to.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Target {
    pub daily_raw_bytes: u64,
    pub retention_days: f64,
}

/// One lake of the sweep.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Volume {
    /// The `--volumes` value (the scenario's nominal raw bytes per day).
    pub nominal_daily_bytes: u64,
    pub warehouse: String,
    /// Measured over the lake's source tables.
    pub raw_bytes: u64,
    pub raw_bytes_per_day: f64,
    pub data_bytes: u64,
    pub data_files: u64,
    /// Data bytes ÷ the machine's memory: above 1 the lake cannot sit in the page cache.
    pub data_vs_memory: f64,
    pub generation: Generation,
    /// The run result of this volume (all profiles, all engines), beside the sweep file.
    pub run_file: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Generation {
    /// The lake was already there from an earlier sweep (same scenario hash, seed and volume).
    pub reused: bool,
    pub seconds: f64,
    pub cpu_seconds: f64,
    /// Peak RSS of the `lakeproof generate` process (its rusage, 0 when reused).
    pub peak_rss_bytes: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Temperature {
    /// First run after the lake's files left the page cache, on a fresh engine process.
    Cold,
    /// Median of the hot runs.
    Hot,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QueryScaling {
    pub engine: String,
    pub profile: String,
    pub query: String,
    pub temperature: Temperature,
    /// The profile's target for one query (ms) and whether the window grows with the daily
    /// volume (a last-N-minutes window) or with the retention (the whole range).
    pub target_ms: f64,
    pub windowed: bool,
    /// x = bytes the query's time window selects (manifest statistics), y = ms.
    pub points: Vec<Point>,
    /// Bytes the window selects at the target daily volume (and retention, for whole-range
    /// queries), scaled from the largest measured volume.
    pub target_bytes: f64,
    pub projection: Option<Projection>,
    /// The projected latency against the target: "pass", "fail", or "unknown" (no fit).
    pub projected_verdict: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cores_needed: Option<CoresNeeded>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Summary {
    /// Median over queries of |predicted − measured| / measured at the held-out largest volume.
    pub median_holdout_error: Option<f64>,
    pub holdout_goal: f64,
    pub queries_with_holdout: usize,
    /// Largest measured lake's data bytes ÷ memory.
    pub largest_data_vs_memory: f64,
}

/// Runs at one volume on one core and on every core: each query's parallel fraction.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CoresRun {
    pub nominal_daily_bytes: u64,
    /// How the core count was set (CPU affinity of the engine process and the engine's own
    /// thread setting).
    pub method: String,
    pub queries: Vec<ParallelFraction>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ParallelFraction {
    pub engine: String,
    pub profile: String,
    pub query: String,
    /// Hot median on one core.
    pub one_core_ms: f64,
    /// Hot median on `cores` cores (all of the machine's).
    pub many_core_ms: f64,
    pub cores: u32,
    pub parallel_fraction: f64,
}

/// Analysts refreshing a dashboard with think time, by number of analysts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AnalystsRun {
    pub nominal_daily_bytes: u64,
    pub profile: String,
    pub think_time_mean_s: f64,
    pub seconds_per_level: f64,
    pub target_ms: f64,
    pub levels: Vec<AnalystLevel>,
    /// Per engine: the most analysts whose p95 refresh stayed within the target.
    pub sustained: Vec<(String, u32)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AnalystLevel {
    pub engine: String,
    pub analysts: u32,
    pub refreshes: u64,
    /// Latency of the panel queries (what the dashboard target is stated for).
    pub p50_ms: f64,
    pub p95_ms: f64,
    /// Latency of one refresh: every panel query of the dashboard, back to back.
    pub refresh_p95_ms: f64,
}
