//! Snapshot expiry, and deletion of the files only the expired snapshots reached.
//!
//! iceberg-rust 0.10.1's `expire_snapshots` action removes snapshots from the metadata but
//! deletes no files. Which snapshots go is decided here, so that a dry run reports exactly what
//! a real run does, and handed to that action by id. After its commit, the data files,
//! manifests and manifest lists that no kept snapshot reaches are deleted. A failure while
//! deleting leaves the table consistent; the files left behind are orphans for the next run.

use super::MaintainOptions;
use crate::lake::catalog::Lake;
use crate::lake::metadata::MetadataGraph;
use crate::results::maintenance::ExpiryOutcome;
use anyhow::{Context, Result};
use iceberg::spec::TableMetadata;
use iceberg::table::Table;
use iceberg::transaction::{ApplyTransactionAction, Transaction};
use std::collections::BTreeSet;

/// Snapshots to expire: those older than `cutoff_ms` that are neither the head of a branch or
/// tag (the current snapshot included) nor among the newest `retain_last` of a head's ancestry.
fn select(meta: &TableMetadata, cutoff_ms: i64, retain_last: usize) -> Result<BTreeSet<i64>> {
    let mut heads = ref_heads(meta)?;
    heads.extend(meta.current_snapshot_id());
    let mut keep = heads.clone();
    for &head in &heads {
        let mut next = Some(head);
        for _ in 0..retain_last {
            let Some(id) = next else { break };
            keep.insert(id);
            next = meta.snapshot_by_id(id).and_then(|s| s.parent_snapshot_id());
        }
    }
    Ok(meta
        .snapshots()
        .filter(|s| s.timestamp_ms() < cutoff_ms && !keep.contains(&s.snapshot_id()))
        .map(|s| s.snapshot_id())
        .collect())
}

/// Snapshots named by a branch or tag. iceberg-rust 0.10.1 only looks refs up by name, so they
/// are read from the metadata's serialized form (its `refs` map).
fn ref_heads(meta: &TableMetadata) -> Result<BTreeSet<i64>> {
    let json = serde_json::to_value(meta)?;
    let refs = json.get("refs").and_then(|r| r.as_object()).into_iter().flat_map(|m| m.values());
    Ok(refs.filter_map(|r| r.get("snapshot-id").and_then(|v| v.as_i64())).collect())
}

pub(super) async fn run(
    lake: &Lake,
    table: &Table,
    opts: &MaintainOptions,
) -> Result<ExpiryOutcome> {
    let ident = table.identifier();
    let now_ms =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_millis() as i64;
    let cutoff_ms = now_ms.saturating_sub(opts.expire_older_than.as_millis() as i64);
    let expired = select(table.metadata(), cutoff_ms, opts.retain_last)?;
    if expired.is_empty() {
        return Ok(ExpiryOutcome::default());
    }
    let graph = MetadataGraph::load(table).await?;
    let kept = graph.snapshots.keys().copied().filter(|id| !expired.contains(id));
    let (gone, keep) = (graph.reachable(expired.iter().copied()), graph.reachable(kept));
    let data: Vec<(&String, u64)> = gone
        .data_files
        .iter()
        .filter(|(p, _)| !keep.data_files.contains_key(*p))
        .map(|(p, b)| (p, *b))
        .collect();
    let manifests: Vec<&String> =
        gone.manifests.iter().filter(|m| !keep.manifests.contains(*m)).collect();
    let lists: Vec<&String> =
        gone.manifest_lists.iter().filter(|l| !keep.manifest_lists.contains(*l)).collect();

    let mut outcome = ExpiryOutcome {
        expired_snapshots: expired.len(),
        deleted_data_files: data.len() as u64,
        deleted_data_bytes: data.iter().map(|(_, b)| b).sum(),
        deleted_metadata_files: (manifests.len() + lists.len()) as u64,
        deleted_metadata_bytes: manifests.iter().map(|m| graph.manifests[*m].bytes).sum(),
    };
    for list in &lists {
        // A manifest list already gone (an earlier run stopped while deleting) has no size.
        if let Ok(m) = table.file_io().new_input(list.as_str())?.metadata().await {
            outcome.deleted_metadata_bytes += m.size;
        }
    }
    if opts.dry_run {
        return Ok(outcome);
    }

    // Expire by id alone: the age cutoff of the action is pinned to the epoch.
    // The expired snapshots' raw-equivalent bytes move to a table property in the same commit,
    // so the lake's compression accounting survives the expiry.
    let raw = crate::lake::raw_bytes_of(table, expired.iter().copied());
    let tx = Transaction::new(table);
    let tx = tx
        .expire_snapshots()
        .expire_snapshot_ids(expired.iter().copied())
        .expire_older_than_ms(0)
        .apply(tx)?;
    let tx = tx
        .update_table_properties()
        .set(
            crate::lake::EXPIRED_RAW_BYTES.into(),
            (crate::lake::expired_raw_bytes(table) + raw).to_string(),
        )
        .apply(tx)?;
    tx.commit(lake.catalog.as_ref()).await.with_context(|| {
        format!("{ident}: committing the expiry of {} snapshots", expired.len())
    })?;

    let paths = lists.into_iter().chain(manifests).chain(data.into_iter().map(|(p, _)| p));
    for path in paths {
        table
            .file_io()
            .delete(path)
            .await
            .with_context(|| format!("{ident}: deleting {path} (expired; it is an orphan now)"))?;
    }
    Ok(outcome)
}
