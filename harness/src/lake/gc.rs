//! `lakeproof lake gc`: find and remove data files no snapshot references.
//!
//! A run killed before its commit leaves its Parquet files in the table folder, invisible to
//! readers (Iceberg only reads what a snapshot lists) but still taking space. This lists them
//! and, with `delete`, removes those older than a grace period (so files of a run still in
//! progress are left alone).

use super::catalog::Lake;
use super::metadata::MetadataGraph;
use anyhow::Result;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

pub struct Orphan {
    pub table: String,
    pub path: PathBuf,
    pub bytes: u64,
}

pub(crate) fn strip_scheme(p: &str) -> &str {
    p.strip_prefix("file://").unwrap_or(p)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let p = entry?.path();
        if p.is_dir() {
            walk(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "parquet") {
            out.push(p);
        }
    }
    Ok(())
}

/// Data files under each table's `data/` folder that no snapshot references and that are
/// older than `min_age`.
pub async fn find_orphans(lake: &Lake, min_age: Duration) -> Result<Vec<Orphan>> {
    anyhow::ensure!(
        lake.root.is_some(),
        "lake gc lists local warehouses; on object storage use the engine's remove_orphan_files (Spark) or the store's lifecycle rules"
    );
    let mut orphans = Vec::new();
    let now = SystemTime::now();
    for ident in lake.catalog.list_tables(&lake.namespace).await? {
        let table = lake.catalog.load_table(&ident).await?;
        let graph = MetadataGraph::load(&table).await?;
        let everything = graph.reachable(graph.snapshots.keys().copied());
        let referenced: HashSet<&str> =
            everything.data_files.keys().map(|p| strip_scheme(p)).collect();
        let data_dir = PathBuf::from(strip_scheme(table.metadata().location())).join("data");
        let mut files = Vec::new();
        walk(&data_dir, &mut files)?;
        for path in files {
            let md = std::fs::metadata(&path)?;
            let age =
                md.modified().ok().and_then(|m| now.duration_since(m).ok()).unwrap_or_default();
            if age >= min_age && !referenced.contains(path.to_string_lossy().as_ref()) {
                orphans.push(Orphan { table: ident.name().to_string(), path, bytes: md.len() });
            }
        }
    }
    Ok(orphans)
}
