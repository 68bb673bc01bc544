//! The metadata graph of a table: per snapshot its manifest list and manifests, per manifest its
//! live data files, each read once. `lake gc` and orphan removal (what no snapshot references),
//! expiry (what only expired snapshots reach) and maintenance's storage figures all walk it.

use crate::results::run::WindowBytes;
use anyhow::{Context, Result};
use iceberg::spec::Transform;
use iceberg::table::Table;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A data file a manifest lists as live (added or existing).
#[derive(Clone, Debug)]
pub(crate) struct LiveFile {
    pub path: String,
    pub bytes: u64,
    pub rows: u64,
}

pub(crate) struct ManifestInfo {
    pub bytes: u64,
    pub live: Vec<LiveFile>,
}

pub(crate) struct SnapshotInfo {
    pub manifest_list: String,
    pub manifests: Vec<String>,
}

pub(crate) struct MetadataGraph {
    pub snapshots: BTreeMap<i64, SnapshotInfo>,
    pub manifests: HashMap<String, ManifestInfo>,
}

impl MetadataGraph {
    /// Read every snapshot's manifest list and every distinct manifest once.
    pub async fn load(table: &Table) -> Result<MetadataGraph> {
        let ident = table.identifier();
        let mut snapshots = BTreeMap::new();
        let mut manifests = HashMap::new();
        for snapshot in table.metadata().snapshots() {
            let list = table.manifest_list_reader(snapshot).load().await.with_context(|| {
                format!("{ident}: reading manifest list {}", snapshot.manifest_list())
            })?;
            let mut paths = Vec::new();
            for file in list.entries() {
                paths.push(file.manifest_path.clone());
                if manifests.contains_key(&file.manifest_path) {
                    continue;
                }
                let manifest = file
                    .load_manifest(table.file_io())
                    .await
                    .with_context(|| format!("{ident}: reading manifest {}", file.manifest_path))?;
                let live = manifest
                    .entries()
                    .iter()
                    .filter(|e| e.is_alive())
                    .map(|e| LiveFile {
                        path: e.file_path().to_string(),
                        bytes: e.file_size_in_bytes(),
                        rows: e.record_count(),
                    })
                    .collect();
                manifests.insert(
                    file.manifest_path.clone(),
                    ManifestInfo { bytes: file.manifest_length as u64, live },
                );
            }
            snapshots.insert(
                snapshot.snapshot_id(),
                SnapshotInfo {
                    manifest_list: snapshot.manifest_list().to_string(),
                    manifests: paths,
                },
            );
        }
        Ok(MetadataGraph { snapshots, manifests })
    }

    /// The data files a snapshot reads.
    pub fn live_files(&self, snapshot_id: i64) -> impl Iterator<Item = &LiveFile> {
        self.snapshots
            .get(&snapshot_id)
            .into_iter()
            .flat_map(|s| s.manifests.iter())
            .flat_map(|m| self.manifests[m].live.iter())
    }

    /// Data files, manifests and manifest lists the given snapshots reach.
    pub fn reachable(&self, snapshot_ids: impl IntoIterator<Item = i64>) -> Reachable {
        let mut out = Reachable::default();
        for id in snapshot_ids {
            let Some(s) = self.snapshots.get(&id) else { continue };
            out.manifest_lists.insert(s.manifest_list.clone());
            for m in &s.manifests {
                if out.manifests.insert(m.clone()) {
                    out.data_files
                        .extend(self.manifests[m].live.iter().map(|f| (f.path.clone(), f.bytes)));
                }
            }
        }
        out
    }
}

#[derive(Default)]
pub(crate) struct Reachable {
    /// Path → size.
    pub data_files: HashMap<String, u64>,
    pub manifests: HashSet<String>,
    pub manifest_lists: HashSet<String>,
}

/// The event-time column: the source of the table's day partition.
pub fn time_column(table: &Table) -> Result<(i32, String)> {
    let meta = table.metadata();
    let field = meta
        .default_partition_spec()
        .fields()
        .iter()
        .find(|f| f.transform == Transform::Day)
        .with_context(|| format!("{} is not partitioned by day", table.identifier()))?;
    let name = meta.current_schema().field_by_id(field.source_id).with_context(|| {
        format!("{}: partition source field {} missing", table.identifier(), field.source_id)
    })?;
    Ok((field.source_id, name.name.clone()))
}

/// The files of `table`'s current snapshot a query over `[from, to)` (microseconds; None: the
/// whole table) must read — what Iceberg's file pruning leaves an engine — pruned on `time_column`'s lower and upper bounds. A file without
/// bounds for the column is counted (an engine cannot prune it either).
pub async fn window_scan(
    table: &Table,
    time_column: &str,
    window: Option<(i64, i64)>,
) -> Result<WindowBytes> {
    use iceberg::spec::PrimitiveLiteral;
    let meta = table.metadata();
    let field = meta
        .current_schema()
        .field_by_name(time_column)
        .with_context(|| format!("{}: no column `{time_column}`", table.identifier()))?
        .id;
    let mut scan = WindowBytes::default();
    let Some(snapshot) = meta.current_snapshot() else { return Ok(scan) };
    let list = table.manifest_list_reader(snapshot).load().await?;
    let micros = |d: Option<&iceberg::spec::Datum>| match d.map(|d| d.literal()) {
        Some(PrimitiveLiteral::Long(v)) => Some(*v),
        _ => None,
    };
    for file in list.entries() {
        let manifest = file.load_manifest(table.file_io()).await?;
        for e in manifest.entries().iter().filter(|e| e.is_alive()) {
            let f = e.data_file();
            let overlaps = match window {
                None => true,
                Some((from, to)) => {
                    let lo = micros(f.lower_bounds().get(&field));
                    let hi = micros(f.upper_bounds().get(&field));
                    lo.is_none_or(|lo| lo < to) && hi.is_none_or(|hi| hi >= from)
                }
            };
            if overlaps {
                scan +=
                    WindowBytes { files: 1, bytes: f.file_size_in_bytes(), rows: f.record_count() };
            }
        }
    }
    Ok(scan)
}
