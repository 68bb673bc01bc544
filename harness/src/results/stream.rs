//! The result file of `lakeproof stream` (kind "lakeproof.stream"): the run's settings, every
//! commit with the tables' growth after it, every alert round, every detection, and the
//! per-rule and overall figures against the roadmap's targets.

use super::machine::Machine;
pub use super::stats::Stats;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const STREAM_SCHEMA_VERSION: u32 = 1;
/// Roadmap: alerts trigger within 2 minutes of the event.
pub const ALERT_LATENCY_TARGET_S: f64 = 120.0;
/// Roadmap: real-time alert queries under 1 second.
pub const ALERT_QUERY_TARGET_MS: f64 = 1000.0;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StreamResult {
    pub schema_version: u32,
    /// Always "lakeproof.stream".
    pub kind: String,
    pub tool_version: String,
    pub started_at: String,
    pub finished_at: String,
    pub machine: Machine,
    pub scenario: String,
    pub seed: u64,
    pub warehouse: String,
    pub settings: StreamSettings,
    /// Stopped early (Ctrl-C): every commit listed is intact, the rest never happened.
    pub interrupted: bool,
    /// How far the work fell behind the accelerated clock at worst (0 when it kept up).
    pub max_lag_ms: f64,
    pub rows: u64,
    pub raw_bytes: u64,
    /// Rows generated with event times past the last commit (never committed).
    pub rows_held_back: u64,
    pub commits: Vec<CommitRecord>,
    pub rounds: Vec<RoundRecord>,
    pub detections: Vec<Detection>,
    pub rules: Vec<RuleSummary>,
    pub overall: Overall,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StreamSettings {
    pub speed: f64,
    pub start: String,
    pub duration_s: f64,
    pub commit_interval_s: f64,
    pub alert_interval_s: f64,
    pub alert_window_minutes: f64,
    pub engine: Option<String>,
    pub engine_version: Option<String>,
    /// The scenario's raw-equivalent bytes per day (sets the event rate).
    pub volume_per_day: u64,
    /// Rows committed per second of scenario time (measured).
    pub events_per_scenario_second: f64,
}

/// One commit (all tables at one scenario time) and the tables' state after it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CommitRecord {
    pub at: String,
    pub wall_ms: f64,
    pub rows: u64,
    pub files_added: u64,
    /// Summed over the tables.
    pub snapshots: u64,
    pub data_files: u64,
    pub data_bytes: u64,
    pub avg_file_bytes: f64,
    /// metadata.json files, manifests and manifest lists under the tables' metadata folders
    /// (local warehouses; 0 on object storage).
    pub metadata_bytes: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RoundRecord {
    pub at: String,
    pub query_ms: BTreeMap<String, f64>,
    pub rows: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Detection {
    pub attack_id: String,
    pub attack: String,
    pub rule: String,
    /// The newest labelled event of the attack in the first answer that contained it.
    pub event_time: String,
    /// When the commit holding that event made it visible (scenario time).
    pub visible_at: String,
    /// The alert round that first returned the attack (scenario time).
    pub alert_at: String,
    pub query_ms: f64,
    /// (alert_at − event_time) + query_ms.
    pub latency_s: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RuleSummary {
    pub rule: String,
    pub attack: String,
    /// Attacks of this kind whose events were committed during the run.
    pub expected: u64,
    pub detected: u64,
    pub latency_s: Stats,
    pub query_ms: Stats,
    /// Distinct background events (no attack's label) the rule returned over the run.
    pub false_alert_events: u64,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Overall {
    pub expected: u64,
    pub detected: u64,
    pub recall: Option<f64>,
    pub latency_s: Stats,
    pub latency_target_s: f64,
    /// Every detection within the target, and every expected attack detected.
    pub latency_pass: bool,
    pub query_ms: Stats,
    pub query_target_ms: f64,
    /// p95 of all alert query runs under the target.
    pub query_pass: bool,
    pub false_alert_events: u64,
}

impl Overall {
    /// The run's verdict in one line, as the CLI prints it and the report quotes it:
    /// `10/10 attacks detected, latency p50 34.0 s / p95 57.0 s / max 57.0 s (target 120 s: PASS),
    /// alert queries p95 445.0 ms (target 1000 ms: PASS)`.
    pub fn verdict(&self) -> String {
        let secs = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.1} s"));
        let ms = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.1} ms"));
        let pass = |ok: bool| if ok { "PASS" } else { "FAIL" };
        format!(
            "{}/{} attacks detected, latency p50 {} / p95 {} / max {} (target {:.0} s: {}), alert queries p95 {} (target {:.0} ms: {})",
            self.detected,
            self.expected,
            secs(self.latency_s.p50),
            secs(self.latency_s.p95),
            secs(self.latency_s.max),
            self.latency_target_s,
            pass(self.latency_pass),
            ms(self.query_ms.p95),
            self.query_target_ms,
            pass(self.query_pass)
        )
    }
}
