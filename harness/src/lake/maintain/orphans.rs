//! Orphan files: files in a table's folder that no snapshot references and no reader can see.
//! Data files of a killed run or of a compaction that stopped before its commit are found by
//! [`crate::lake::gc`]; metadata a failed commit leaves behind is found here: manifests and
//! manifest lists no snapshot lists, and metadata files that are neither current nor in the
//! metadata log. Files younger than the grace period may belong to a commit in progress and
//! are left alone.

use crate::lake::catalog::Lake;
use crate::lake::gc::{find_orphans, strip_scheme, Orphan};
use crate::lake::metadata::MetadataGraph;
use crate::results::maintenance::OrphanOutcome;
use anyhow::{Context, Result};
use iceberg::TableIdent;
use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

/// Orphan data and metadata files of the given tables (local warehouses only).
pub(super) async fn find(
    lake: &Lake,
    tables: &[TableIdent],
    min_age: Duration,
) -> Result<Vec<Orphan>> {
    if lake.root.is_none() {
        eprintln!("orphan files: only listed on local warehouses; on object storage use Spark's remove_orphan_files or lifecycle rules");
        return Ok(Vec::new());
    }
    let names: HashSet<&str> = tables.iter().map(|t| t.name()).collect();
    let mut orphans: Vec<Orphan> = find_orphans(lake, min_age)
        .await?
        .into_iter()
        .filter(|o| names.contains(o.table.as_str()))
        .collect();
    let now = SystemTime::now();
    for ident in tables {
        let table = lake.catalog.load_table(ident).await?;
        let meta = table.metadata();
        let graph = MetadataGraph::load(&table).await?;
        let mut referenced: HashSet<String> =
            graph.manifests.keys().map(|p| strip_scheme(p).to_string()).collect();
        referenced
            .extend(graph.snapshots.values().map(|s| strip_scheme(&s.manifest_list).to_string()));
        referenced
            .extend(meta.metadata_log().iter().map(|l| strip_scheme(&l.metadata_file).to_string()));
        referenced.extend(table.metadata_location().map(|l| strip_scheme(l).to_string()));
        let dir = PathBuf::from(strip_scheme(meta.location())).join("metadata");
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries {
            let path = entry.with_context(|| format!("listing {}", dir.display()))?.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if !(name.ends_with(".avro") || name.ends_with(".metadata.json"))
                || referenced.contains(path.to_string_lossy().as_ref())
            {
                continue;
            }
            let md =
                std::fs::metadata(&path).with_context(|| format!("reading {}", path.display()))?;
            let age =
                md.modified().ok().and_then(|m| now.duration_since(m).ok()).unwrap_or_default();
            if age >= min_age {
                orphans.push(Orphan { table: ident.name().to_string(), path, bytes: md.len() });
            }
        }
    }
    Ok(orphans)
}

/// Remove (unless `dry_run`) the orphans of one table; returns what was (or would be) removed.
pub(super) fn remove(orphans: &[Orphan], table: &str, dry_run: bool) -> Result<OrphanOutcome> {
    let mut outcome = OrphanOutcome::default();
    for o in orphans.iter().filter(|o| o.table == table) {
        if !dry_run {
            std::fs::remove_file(&o.path)
                .with_context(|| format!("{table}: removing orphan {}", o.path.display()))?;
        }
        outcome.files += 1;
        outcome.bytes += o.bytes;
    }
    Ok(outcome)
}
