//! Compaction: rewrite each day partition's small data files into target-size files.
//!
//! In the current snapshot, files under 3/4 of the target size are packed per partition, in
//! time order, into groups of about one target size; each group of at least `min_input_files`
//! files is merged by event time ([`super::merge`]) and written by the lake's own writer with
//! the table's settings (ZSTD level from its properties, row groups, statistics, page index;
//! see [`crate::lake::writer`]), so the new files are sorted by time like the old ones. Rows
//! are counted on both sides, then all groups of a table are committed as one `replace`
//! snapshot ([`super::commit`]): readers see either all old files or all new ones.

use super::commit;
use super::MaintainOptions;
use crate::lake::catalog::Lake;
use crate::lake::writer::{TableWriter, WriteSettings};
use crate::results::maintenance::CompactionOutcome;
use anyhow::{bail, ensure, Context, Result};
use iceberg::arrow::schema_to_arrow_schema;
use iceberg::spec::{DataFile, ManifestContentType, ManifestEntryRef, PrimitiveLiteral};
use iceberg::table::Table;
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use super::merge::SortedMerge;

/// Files under this share of the target size are "small".
const SMALL_NUMERATOR: u64 = 3;
const SMALL_DENOMINATOR: u64 = 4;

/// Inputs per group at most (each holds one decoded batch during the merge).
const MAX_GROUP_FILES: usize = 1000;

struct Group {
    partition: String,
    /// Indices into [`CompactionPlan::live`].
    files: Vec<usize>,
}

/// What compaction would rewrite in the current snapshot.
pub(super) struct CompactionPlan {
    time_column: String,
    /// Every live data file of the current snapshot (the replace snapshot lists them all).
    live: Vec<ManifestEntryRef>,
    groups: Vec<Group>,
}

pub(super) async fn plan(
    table: &Table,
    target_file_size: u64,
    min_input_files: usize,
) -> Result<CompactionPlan> {
    let ident = table.identifier();
    let meta = table.metadata();
    let (time_id, time_column) = crate::lake::metadata::time_column(table)?;
    let mut plan = CompactionPlan { time_column, live: Vec::new(), groups: Vec::new() };
    let Some(snapshot) = meta.current_snapshot() else { return Ok(plan) };
    let list = table
        .manifest_list_reader(snapshot)
        .load()
        .await
        .with_context(|| format!("{ident}: reading {}", snapshot.manifest_list()))?;
    for file in list.entries() {
        if file.content != ManifestContentType::Data {
            bail!(
                "{ident} has delete files ({}); compaction only rewrites tables without deletes",
                file.manifest_path
            );
        }
        let manifest = file
            .load_manifest(table.file_io())
            .await
            .with_context(|| format!("{ident}: reading {}", file.manifest_path))?;
        plan.live.extend(manifest.entries().iter().filter(|e| e.is_alive()).cloned());
    }

    // The replace snapshot writes every live file under the current spec.
    ensure!(
        meta.partition_specs_iter().count() == 1,
        "{ident} has evolved its partitioning; compaction handles a single partition spec"
    );
    let (schema, spec) = (meta.current_schema(), meta.default_partition_spec());
    let small = target_file_size * SMALL_NUMERATOR / SMALL_DENOMINATOR;
    let mut by_partition: BTreeMap<String, Vec<(i64, usize)>> = BTreeMap::new();
    for (i, e) in plan.live.iter().enumerate() {
        let f = e.data_file();
        if f.file_size_in_bytes() >= small {
            continue;
        }
        let start = match f.lower_bounds().get(&time_id).map(|d| d.literal()) {
            Some(PrimitiveLiteral::Long(v)) => *v,
            _ => i64::MIN,
        };
        by_partition
            .entry(spec.partition_to_path(f.partition(), schema.clone()))
            .or_default()
            .push((start, i));
    }
    for (partition, mut files) in by_partition {
        files.sort_by(|a, b| {
            a.0.cmp(&b.0).then_with(|| plan.live[a.1].file_path().cmp(plan.live[b.1].file_path()))
        });
        // Greedy packing in time order: close a group when the next file would overflow it.
        let mut groups: Vec<Vec<usize>> = vec![Vec::new()];
        let mut bytes = 0;
        for (_, i) in files {
            let size = plan.live[i].file_size_in_bytes();
            let current = groups.last().expect("one group at least");
            if !current.is_empty()
                && (bytes + size > target_file_size || current.len() >= MAX_GROUP_FILES)
            {
                groups.push(Vec::new());
                bytes = 0;
            }
            bytes += size;
            groups.last_mut().expect("one group at least").push(i);
        }
        plan.groups.extend(
            groups
                .into_iter()
                .filter(|g| g.len() >= min_input_files.max(2))
                .map(|files| Group { partition: partition.clone(), files }),
        );
    }
    Ok(plan)
}

impl CompactionPlan {
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The plan's figures (what a dry run reports).
    pub fn outcome(&self) -> CompactionOutcome {
        let files = || self.groups.iter().flat_map(|g| g.files.iter().map(|&i| &self.live[i]));
        CompactionOutcome {
            partitions: self.groups.iter().map(|g| &g.partition).collect::<HashSet<_>>().len(),
            groups: self.groups.len(),
            replaced_files: files().count() as u64,
            replaced_bytes: files().map(|e| e.file_size_in_bytes()).sum(),
            rows: files().map(|e| e.record_count()).sum(),
            ..CompactionOutcome::default()
        }
    }
}

/// Writer settings for the new files: the table's ZSTD level, the requested target size.
fn write_settings(table: &Table, target_file_size: u64) -> Result<WriteSettings> {
    let mut settings =
        WriteSettings { target_file_size: target_file_size as usize, ..WriteSettings::default() };
    if let Some(level) = table.metadata().properties().get("write.parquet.compression-level") {
        settings.zstd_level = level.parse().with_context(|| {
            format!("{}: write.parquet.compression-level `{level}`", table.identifier())
        })?;
    }
    Ok(settings)
}

fn progress_bar(table: &str, rows: u64, visible: bool) -> ProgressBar {
    if !visible {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template("{prefix:>16} [{bar:28}] {human_pos:>11}/{human_len:11} rows {per_sec:>14} ETA {eta:>4} {msg}")
        .expect("valid template")
        .progress_chars("=> ");
    ProgressBar::new(rows).with_style(style).with_prefix(table.to_string())
}

/// Merge and write every group, then commit one replace snapshot.
pub(super) async fn run(
    lake: &Lake,
    table: Table,
    plan: &CompactionPlan,
    opts: &MaintainOptions,
) -> Result<(Table, CompactionOutcome)> {
    let ident = table.identifier().clone();
    let mut outcome = plan.outcome();
    let settings = write_settings(&table, opts.target_file_size)?;
    let schema = Arc::new(schema_to_arrow_schema(table.metadata().current_schema())?);
    let run_id = format!(
        "{:016x}",
        lakeproof_generators::rng::hash_str(&format!(
            "{ident}|{}|{:?}",
            std::process::id(),
            std::time::SystemTime::now()
        ))
    );
    let bar = progress_bar(ident.name(), outcome.rows, opts.progress);
    let mut added: Vec<DataFile> = Vec::new();
    let mut removed = HashSet::new();
    for (g, group) in plan.groups.iter().enumerate() {
        bar.set_message(format!("{} ({} files)", group.partition, group.files.len()));
        let mut inputs = Vec::with_capacity(group.files.len());
        let mut rows_in = 0;
        for &i in &group.files {
            let path = plan.live[i].file_path();
            let data = table
                .file_io()
                .new_input(path)?
                .read()
                .await
                .with_context(|| format!("{ident}: reading {path}"))?;
            inputs.push((path.to_string(), data));
            rows_in += plan.live[i].record_count();
            removed.insert(path.to_string());
        }
        let mut merge = SortedMerge::new(inputs, schema.clone(), &plan.time_column)
            .with_context(|| format!("{ident}: {}", group.partition))?;
        let mut writer = TableWriter::new(
            table.clone(),
            &plan.time_column,
            &settings,
            format!("compact-{}-{g:04}", &run_id[..8]),
        )?;
        while let Some((batch, last)) =
            merge.next_batch().with_context(|| format!("{ident}: merging {}", group.partition))?
        {
            bar.inc(batch.num_rows() as u64);
            writer
                .push(batch, last)
                .await
                .with_context(|| format!("{ident}: writing {}", group.partition))?;
        }
        let (_, files) = writer
            .finish()
            .await
            .with_context(|| format!("{ident}: writing {}", group.partition))?;
        let rows_out: u64 = files.iter().map(|f| f.record_count()).sum();
        ensure!(
            rows_in == rows_out,
            "{ident}: {} read {rows_in} rows but wrote {rows_out}; nothing committed",
            group.partition
        );
        added.extend(files);
    }
    bar.finish();
    outcome.added_files = added.len() as u64;
    outcome.added_bytes = added.iter().map(|f| f.file_size_in_bytes()).sum();
    let properties = HashMap::from([
        ("lakeproof.maintain".to_string(), "compact".to_string()),
        ("lakeproof.compaction.replaced-files".to_string(), outcome.replaced_files.to_string()),
        ("lakeproof.compaction.replaced-bytes".to_string(), outcome.replaced_bytes.to_string()),
        ("lakeproof.compaction.added-files".to_string(), outcome.added_files.to_string()),
        ("lakeproof.compaction.added-bytes".to_string(), outcome.added_bytes.to_string()),
        ("lakeproof.compaction.target-file-size".to_string(), opts.target_file_size.to_string()),
    ]);
    let table = commit::replace(
        lake,
        &table,
        &plan.live,
        &removed,
        added,
        properties,
        opts.fail_before_commit,
    )
    .await?;
    outcome.snapshot_id = table.metadata().current_snapshot_id();
    Ok((table, outcome))
}
