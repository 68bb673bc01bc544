//! The result file of `lakeproof lake maintain --out` (kind "lakeproof.maintenance"): per
//! table its state before and after (snapshots, files, bytes, metadata, query timings) and what
//! compaction, expiry and orphan removal did. Written by `lake::maintain`, read by the report.

use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct QueryTiming {
    pub name: String,
    pub sql: String,
    pub best_ms: f64,
    pub result_rows: usize,
}

#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct TableState {
    pub snapshots: usize,
    pub rows: u64,
    pub data_files: u64,
    pub data_bytes: u64,
    pub avg_file_bytes: u64,
    pub metadata_files: u64,
    pub metadata_bytes: u64,
    pub queries: Vec<QueryTiming>,
}

#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct TableReport {
    pub table: String,
    pub before: TableState,
    /// None in a dry run.
    pub after: Option<TableState>,
    /// In a dry run: what would be rewritten.
    pub compaction: CompactionOutcome,
    pub expiry: ExpiryOutcome,
    pub orphans: OrphanOutcome,
}

#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Settings {
    pub expire_older_than_secs: u64,
    pub retain_last: usize,
    pub target_file_size: u64,
    pub min_input_files: usize,
    pub orphan_min_age_secs: u64,
}

#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct MaintainReport {
    /// Always "lakeproof.maintenance" (how `lakeproof report` recognises the file).
    pub kind: String,
    pub lakeproof_version: String,
    pub warehouse: String,
    pub namespace: String,
    pub dry_run: bool,
    pub settings: Settings,
    pub latency_method: String,
    pub seconds: f64,
    pub tables: Vec<TableReport>,
}

#[derive(Serialize, Deserialize, Default, Clone, Debug)]
pub struct CompactionOutcome {
    pub partitions: usize,
    pub groups: usize,
    pub replaced_files: u64,
    pub replaced_bytes: u64,
    pub rows: u64,
    /// Zero in a dry run (nothing written).
    pub added_files: u64,
    pub added_bytes: u64,
    /// The replace snapshot (None when nothing was committed).
    pub snapshot_id: Option<i64>,
}

#[derive(Serialize, Deserialize, Default, Clone, Debug)]
pub struct ExpiryOutcome {
    pub expired_snapshots: usize,
    pub deleted_data_files: u64,
    pub deleted_data_bytes: u64,
    /// Manifests and manifest lists.
    pub deleted_metadata_files: u64,
    pub deleted_metadata_bytes: u64,
}

#[derive(Serialize, Deserialize, Default, Clone, Debug)]
pub struct OrphanOutcome {
    pub files: u64,
    pub bytes: u64,
}
