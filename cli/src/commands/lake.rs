//! `lakeproof lake`: upkeep of a warehouse (orphan files; compaction, expiry, orphan removal).

use crate::common::{duration_arg, size_arg, LakeArgs};
use anyhow::{Context, Result};
use clap::Subcommand;
use lakeproof_harness::lake::catalog::{Lake, DEFAULT_NAMESPACE};
use lakeproof_harness::lake::gc;
use lakeproof_harness::lake::maintain::{maintain, report, MaintainOptions};
use lakeproof_harness::util::fs::write_json;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List (and with --delete remove) data files no snapshot references, e.g. left by a
    /// killed run.
    Gc(GcArgs),
    /// Expire old snapshots, compact small data files per day partition, remove orphan files;
    /// report storage and query latency before and after.
    Maintain(MaintainArgs),
}

#[derive(clap::Args)]
struct GcArgs {
    #[arg(long, default_value = "./lake")]
    warehouse: PathBuf,
    #[arg(long, default_value = DEFAULT_NAMESPACE)]
    namespace: String,
    /// Only files older than this many seconds (files of a run in progress are younger).
    #[arg(long, default_value_t = 3600)]
    min_age_secs: u64,
    /// Remove them (default: only list).
    #[arg(long)]
    delete: bool,
}

/// With a REST catalog only expiry runs: compaction and orphan removal need the embedded catalog
/// and a local warehouse.
#[derive(clap::Args)]
struct MaintainArgs {
    #[command(flatten)]
    lake: LakeArgs,
    /// Comma-separated tables (default: all tables of the namespace).
    #[arg(long, value_delimiter = ',')]
    tables: Vec<String>,
    /// Expire snapshots older than this, e.g. 7d, 12h, 0s.
    #[arg(long, default_value = "7d")]
    expire_older_than: String,
    /// Always keep this many of the newest snapshots (at least 1: the current one).
    #[arg(long, default_value_t = 1)]
    retain_last: usize,
    /// Size of compacted files; files under 3/4 of it are compacted.
    #[arg(long, default_value = "256 MiB")]
    target_file_size: String,
    /// Compact a partition only when it has at least this many small files.
    #[arg(long, default_value_t = 2)]
    min_input_files: usize,
    /// Remove orphan files only when older than this (younger ones may be a commit in progress).
    #[arg(long, default_value = "1h")]
    orphan_min_age: String,
    /// Plan and report only; change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Write the report as JSON here (atomically).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Hide the progress bar.
    #[arg(long)]
    quiet: bool,
}

impl Args {
    pub fn run(self) -> Result<()> {
        match self.command {
            Command::Gc(a) => a.run(),
            Command::Maintain(a) => a.run(),
        }
    }
}

impl GcArgs {
    fn run(self) -> Result<()> {
        let rt = tokio::runtime::Runtime::new()?;
        let orphans = rt.block_on(async {
            let lake = Lake::open_local(&self.warehouse, &self.namespace).await?;
            gc::find_orphans(&lake, std::time::Duration::from_secs(self.min_age_secs)).await
        })?;
        let bytes: u64 = orphans.iter().map(|o| o.bytes).sum();
        for o in &orphans {
            println!("{}\t{}\t{}", o.table, o.bytes, o.path.display());
            if self.delete {
                std::fs::remove_file(&o.path)
                    .with_context(|| format!("removing {}", o.path.display()))?;
            }
        }
        println!(
            "{} unreferenced data files, {} bytes{}",
            orphans.len(),
            bytes,
            if self.delete { ", removed" } else { " (use --delete to remove)" }
        );
        Ok(())
    }
}

impl MaintainArgs {
    fn run(self) -> Result<()> {
        let opts = MaintainOptions {
            tables: self.tables,
            expire_older_than: duration_arg("expire-older-than", &self.expire_older_than)?,
            retain_last: self.retain_last,
            target_file_size: size_arg("target-file-size", &self.target_file_size)?,
            min_input_files: self.min_input_files,
            orphan_min_age: duration_arg("orphan-min-age", &self.orphan_min_age)?,
            dry_run: self.dry_run,
            progress: !self.quiet,
            fail_before_commit: false,
        };
        let rt = tokio::runtime::Runtime::new()?;
        let result = rt.block_on(async {
            let lake = Lake::open(&self.lake.config(), &self.lake.namespace).await?;
            maintain(&lake, &opts).await
        })?;
        print!("{}", report::render(&result));
        if let Some(out) = &self.out {
            write_json(out, &result)?;
            println!("report: {}", out.display());
        }
        Ok(())
    }
}
