//! The `replace` snapshot of a compaction, and its atomic commit to the embedded catalog.
//!
//! iceberg-rust 0.10.1 has no rewrite action, and only its `Transaction` may build the
//! `TableCommit` a catalog accepts (whose actions can add but never remove data files). So the
//! snapshot is built here from its public spec types, as Iceberg's Java `RewriteFiles` does:
//! one manifest listing every live file of the base snapshot, the replaced ones as DELETED and
//! the others as EXISTING (with their snapshot ids and sequence numbers), one manifest of the new
//! files as ADDED, a manifest list, and a summary with operation `replace`. It is committed the
//! way the SQL catalog commits: new metadata file, then one compare-and-swap of the table's
//! metadata pointer in the SQLite catalog. Every file is written before that swap; if anything
//! fails, the table stays at its base snapshot and the files written are orphans.

use crate::lake::catalog::{Lake, CATALOG_NAME};
use anyhow::{bail, ensure, Context, Result};
use iceberg::spec::{
    DataFile, FormatVersion, ManifestEntryRef, ManifestListWriter, ManifestWriterBuilder,
    Operation, Snapshot, SnapshotReference, SnapshotRetention, SnapshotSummaryCollector, Summary,
    MAIN_BRANCH,
};
use iceberg::table::Table;
use iceberg::{MetadataLocation, TableIdent, TableRequirement, TableUpdate};
use sqlx::Connection;
use std::collections::{HashMap, HashSet};
use std::str::FromStr;

/// A snapshot id no snapshot of the table has (positive, as Iceberg's are).
fn new_snapshot_id(table: &Table, seed: &str) -> i64 {
    let mut n = 0u64;
    loop {
        let id = (lakeproof_generators::rng::hash_str(&format!("{seed}|{n}")) >> 1) as i64;
        if id != 0 && table.metadata().snapshot_by_id(id).is_none() {
            return id;
        }
        n += 1;
    }
}

/// Commit a snapshot that replaces the `removed` files of the current snapshot (whose live
/// entries are `live`) by `added`, with `properties` in its summary.
pub(super) async fn replace(
    lake: &Lake,
    table: &Table,
    live: &[ManifestEntryRef],
    removed: &HashSet<String>,
    added: Vec<DataFile>,
    properties: HashMap<String, String>,
    fail_before_commit: bool,
) -> Result<Table> {
    let ident = table.identifier();
    let meta = table.metadata();
    ensure!(
        meta.format_version() == FormatVersion::V2,
        "{ident}: compaction writes format v2 metadata, the table is {:?}",
        meta.format_version()
    );
    let base =
        meta.current_snapshot().with_context(|| format!("{ident} has no snapshot to compact"))?;
    let commit_id = format!(
        "{:016x}",
        lakeproof_generators::rng::hash_str(&format!(
            "{ident}|{}|{:?}",
            std::process::id(),
            std::time::SystemTime::now()
        ))
    );
    let snapshot_id = new_snapshot_id(table, &commit_id);
    let sequence_number = meta.next_sequence_number();
    let (schema, spec) = (meta.current_schema().clone(), meta.default_partition_spec().clone());
    let metadata_dir = format!("{}/metadata", meta.location());
    let io = table.file_io();

    // Every live file of the base: replaced ones DELETED, the others EXISTING.
    let path = format!("{metadata_dir}/{commit_id}-m0.avro");
    let mut rewritten = ManifestWriterBuilder::new(
        io.new_output(&path)?,
        Some(snapshot_id),
        schema.clone(),
        spec.as_ref().clone(),
    )
    .build_v2_data();
    let mut summary = SnapshotSummaryCollector::default();
    let (mut total_files, mut total_rows, mut total_bytes) = (0u64, 0u64, 0u64);
    for e in live {
        let seq = e
            .sequence_number()
            .with_context(|| format!("{ident}: {} has no sequence number", e.file_path()))?;
        let f = e.data_file().clone();
        if removed.contains(e.file_path()) {
            summary.remove_file(&f, schema.clone(), spec.clone());
            rewritten.add_delete_file(f, seq, e.file_sequence_number)?;
        } else {
            (total_files, total_rows, total_bytes) = (
                total_files + 1,
                total_rows + f.record_count(),
                total_bytes + f.file_size_in_bytes(),
            );
            let added_by = e
                .snapshot_id()
                .with_context(|| format!("{ident}: {} has no snapshot id", e.file_path()))?;
            rewritten.add_existing_file(f, added_by, seq, e.file_sequence_number)?;
        }
    }
    let mut manifests = vec![rewritten
        .write_manifest_file()
        .await
        .with_context(|| format!("{ident}: writing {path}"))?];

    // The new files keep the base's data sequence number (Java's default for rewrites), so
    // deletes written after the base would still apply to them.
    if !added.is_empty() {
        let path = format!("{metadata_dir}/{commit_id}-m1.avro");
        let mut new_files = ManifestWriterBuilder::new(
            io.new_output(&path)?,
            Some(snapshot_id),
            schema.clone(),
            spec.as_ref().clone(),
        )
        .build_v2_data();
        for f in added {
            summary.add_file(&f, schema.clone(), spec.clone());
            (total_files, total_rows, total_bytes) = (
                total_files + 1,
                total_rows + f.record_count(),
                total_bytes + f.file_size_in_bytes(),
            );
            new_files.add_file(f, base.sequence_number())?;
        }
        manifests.push(
            new_files
                .write_manifest_file()
                .await
                .with_context(|| format!("{ident}: writing {path}"))?,
        );
    }

    let list_path = format!("{metadata_dir}/snap-{snapshot_id}-1-{commit_id}.avro");
    let mut list = ManifestListWriter::v2(
        io.new_output(&list_path)?.writer().await?,
        snapshot_id,
        Some(base.snapshot_id()),
        sequence_number,
    );
    list.add_manifests(manifests.into_iter())?;
    list.close().await.with_context(|| format!("{ident}: writing {list_path}"))?;

    let mut additional = properties;
    additional.extend(summary.build());
    for (key, value) in [
        ("total-data-files", total_files),
        ("total-records", total_rows),
        ("total-files-size", total_bytes),
    ] {
        additional.insert(key.into(), value.to_string());
    }
    for key in ["total-delete-files", "total-position-deletes", "total-equality-deletes"] {
        additional.insert(key.into(), "0".into());
    }
    let snapshot = Snapshot::builder()
        .with_snapshot_id(snapshot_id)
        .with_parent_snapshot_id(Some(base.snapshot_id()))
        .with_sequence_number(sequence_number)
        .with_timestamp_ms(now_ms())
        .with_manifest_list(list_path)
        .with_summary(Summary { operation: Operation::Replace, additional_properties: additional })
        .with_schema_id(meta.current_schema_id())
        .build();
    if fail_before_commit {
        bail!(
            "{ident}: stopped before the commit (fault injection); the files written are orphans"
        );
    }
    let updates = vec![
        TableUpdate::AddSnapshot { snapshot },
        TableUpdate::SetSnapshotRef {
            ref_name: MAIN_BRANCH.to_string(),
            reference: SnapshotReference::new(
                snapshot_id,
                SnapshotRetention::branch(None, None, None),
            ),
        },
    ];
    let requirements = vec![
        TableRequirement::UuidMatch { uuid: meta.uuid() },
        TableRequirement::RefSnapshotIdMatch {
            r#ref: MAIN_BRANCH.to_string(),
            snapshot_id: Some(base.snapshot_id()),
        },
    ];
    commit_embedded(lake, ident, updates, requirements).await
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Apply `updates` to the table's current metadata and swap the catalog's pointer to the new
/// metadata file only if nobody committed since it was read (the SQL catalog's own protocol).
async fn commit_embedded(
    lake: &Lake,
    ident: &TableIdent,
    updates: Vec<TableUpdate>,
    requirements: Vec<TableRequirement>,
) -> Result<Table> {
    let root = lake.root.as_ref().with_context(|| {
        format!("{ident}: compaction commits through the embedded SQLite catalog; with a REST catalog at iceberg-rust 0.10.1, compact with Spark's rewrite_data_files")
    })?;
    let current = lake.catalog.load_table(ident).await?;
    let location = current
        .metadata_location()
        .with_context(|| format!("{ident} has no metadata location"))?
        .to_string();
    for requirement in &requirements {
        requirement.check(Some(current.metadata())).with_context(|| {
            format!("{ident} changed while it was being compacted; nothing committed")
        })?;
    }
    let mut builder = current.metadata().clone().into_builder(Some(location.clone()));
    for update in updates {
        builder = update.apply(builder)?;
    }
    let metadata = builder.build()?.metadata;
    let new_location =
        MetadataLocation::from_str(&location)?.with_next_version().with_new_metadata(&metadata);
    metadata
        .write_to(current.file_io(), &new_location)
        .await
        .with_context(|| format!("{ident}: writing {new_location}"))?;

    let db = root.join("catalog.db");
    let mut conn = sqlx::sqlite::SqliteConnection::connect(&format!("sqlite:{}", db.display()))
        .await
        .with_context(|| format!("opening {}", db.display()))?;
    let swapped = sqlx::query(
        "UPDATE iceberg_tables SET metadata_location = ?, previous_metadata_location = ? \
         WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? \
         AND (iceberg_type = 'TABLE' OR iceberg_type IS NULL) AND metadata_location = ?",
    )
    .bind(new_location.to_string())
    .bind(&location)
    .bind(CATALOG_NAME)
    .bind(ident.namespace().join("."))
    .bind(ident.name())
    .bind(&location)
    .execute(&mut conn)
    .await
    .with_context(|| format!("{ident}: updating the catalog"))?;
    conn.close().await?;
    if swapped.rows_affected() != 1 {
        bail!("{ident}: a concurrent commit won; nothing committed ({new_location} is an orphan)");
    }
    Ok(lake.catalog.load_table(ident).await?)
}
