//! `lakeproof lake maintain`: the upkeep a continuously fed lake needs, or its storage balloons
//! and its queries slow down (every streaming commit adds a snapshot, a manifest and small files).
//!
//! Per table, in this order:
//! 1. **compact** small data files per day partition into target-size files, committed as one
//!    `replace` snapshot ([`compact`]; iceberg-rust 0.10.1 has no rewrite action);
//! 2. **expire** snapshots older than the retention, keeping the newest `retain_last`, and delete
//!    the files only they reached ([`expire`]). Compacting first lets expiry free the files the
//!    compaction replaced in the same run, once their snapshots are out of the retention;
//! 3. **remove orphan files** no snapshot references, older than a grace period ([`orphans`]).
//!
//! Before and after, each table's storage figures and the latency of a fixed small query set
//! (DataFusion in process) are measured ([`report`]).

mod commit;
mod compact;
mod expire;
mod merge;
mod orphans;
pub mod report;

use super::catalog::Lake;
use super::query::datafusion_context;
use crate::results::maintenance::{MaintainReport, TableReport};
use anyhow::{bail, Context, Result};
use iceberg::table::Table;
use iceberg::TableIdent;
use std::time::{Duration, Instant};

/// What to maintain and how.
#[derive(Clone, Debug)]
pub struct MaintainOptions {
    /// Tables to maintain (empty: every table of the namespace).
    pub tables: Vec<String>,
    /// Snapshots older than this are expired (the newest `retain_last` are always kept).
    pub expire_older_than: Duration,
    pub retain_last: usize,
    /// Size of the files compaction writes; files under 3/4 of it count as small.
    pub target_file_size: u64,
    /// A partition is compacted only when it has at least this many small files.
    pub min_input_files: usize,
    /// Orphan files younger than this are left alone (they may belong to a commit in progress).
    pub orphan_min_age: Duration,
    /// Plan and report, change nothing.
    pub dry_run: bool,
    pub progress: bool,
    /// Fault injection for tests: fail after compaction wrote its files, before the commit.
    pub fail_before_commit: bool,
}

impl Default for MaintainOptions {
    fn default() -> Self {
        MaintainOptions {
            tables: Vec::new(),
            expire_older_than: Duration::from_secs(7 * 86_400),
            retain_last: 1,
            target_file_size: 256 << 20,
            min_input_files: 2,
            orphan_min_age: Duration::from_secs(3600),
            dry_run: false,
            progress: false,
            fail_before_commit: false,
        }
    }
}

async fn selected_tables(lake: &Lake, names: &[String]) -> Result<Vec<TableIdent>> {
    let all = lake.catalog.list_tables(&lake.namespace).await?;
    if names.is_empty() {
        return Ok(all);
    }
    names
        .iter()
        .map(|n| {
            all.iter()
                .find(|i| i.name() == n)
                .cloned()
                .with_context(|| format!("no table {n} in namespace {}", lake.namespace.join(".")))
        })
        .collect()
}

/// Maintain the selected tables; see the module docs for what happens in which order.
pub async fn maintain(lake: &Lake, opts: &MaintainOptions) -> Result<MaintainReport> {
    if opts.retain_last == 0 {
        bail!("--retain-last must be at least 1 (the current snapshot is always kept)");
    }
    let started = Instant::now();
    let idents = selected_tables(lake, &opts.tables).await?;
    let ctx = datafusion_context(lake).await?;
    let mut tables = Vec::new();
    for ident in &idents {
        let table = lake.catalog.load_table(ident).await?;
        let before = report::measure(&table, &ctx, None)
            .await
            .with_context(|| format!("measuring {ident}"))?;
        tables.push(TableReport::new(ident.name(), before));
    }
    for (ident, entry) in idents.iter().zip(&mut tables) {
        maintain_table(lake, ident, opts, entry)
            .await
            .with_context(|| format!("maintaining {ident}"))?;
    }
    let found = orphans::find(lake, &idents, opts.orphan_min_age).await?;
    for entry in &mut tables {
        entry.orphans = orphans::remove(&found, &entry.table, opts.dry_run)?;
    }
    if !opts.dry_run {
        let ctx = datafusion_context(lake).await?;
        for (ident, entry) in idents.iter().zip(&mut tables) {
            let table = lake.catalog.load_table(ident).await?;
            let after = report::measure(&table, &ctx, Some(&entry.before))
                .await
                .with_context(|| format!("measuring {ident}"))?;
            entry.after = Some(after);
        }
    }
    Ok(MaintainReport::new(lake, opts, tables, started.elapsed().as_secs_f64()))
}

async fn maintain_table(
    lake: &Lake,
    ident: &TableIdent,
    opts: &MaintainOptions,
    entry: &mut TableReport,
) -> Result<()> {
    let table: Table = lake.catalog.load_table(ident).await?;
    let plan = compact::plan(&table, opts.target_file_size, opts.min_input_files).await?;
    if lake.root.is_none() && !plan.is_empty() {
        // The replace commit goes through the embedded catalog (see `commit`): plan only.
        eprintln!("{ident}: compaction needs the embedded catalog at iceberg-rust 0.10.1; reporting the plan only (compact with Spark's rewrite_data_files)");
    }
    let table = if opts.dry_run || plan.is_empty() || lake.root.is_none() {
        entry.compaction = plan.outcome();
        table
    } else {
        let (table, outcome) = compact::run(lake, table, &plan, opts).await?;
        entry.compaction = outcome;
        table
    };
    entry.expiry = expire::run(lake, &table, opts).await?;
    Ok(())
}
