//! `lakeproof run`: workload profiles on engines over the lake's current snapshot.

use crate::common::{LakeArgs, OverrideArgs};
use anyhow::Result;
use lakeproof_generators::entities::Org;
use lakeproof_generators::scenario::Scenario;
use lakeproof_harness::lake::catalog::LakeConfig;
use lakeproof_harness::results::run::RunResult;
use lakeproof_harness::results::stats::percentile;
use lakeproof_harness::util::cpus;
use lakeproof_harness::util::fs::{file_sha256, write_json};
use lakeproof_harness::workloads::profile::Workloads;
use lakeproof_harness::workloads::runner::{run, RunOptions};
use lakeproof_harness::{engines, inventory};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Scenario the lake was generated from (its time range anchors the query windows).
    #[arg(long)]
    scenario: PathBuf,
    #[command(flatten)]
    lake: LakeArgs,
    /// Comma-separated engines: datafusion, duckdb, chdb, spark run here; trino, starrocks,
    /// dremio, clickhouse are remote servers configured in engines.toml.
    #[arg(long, value_delimiter = ',', default_value = "datafusion")]
    engines: Vec<String>,
    /// Comma-separated profiles (`lakeproof profiles list`).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "alerting,dashboard,adhoc,batch,federation"
    )]
    profiles: Vec<String>,
    /// Folder of workload profiles (default: the profiles built into lakeproof; see
    /// `lakeproof profiles export`).
    #[arg(long)]
    workloads: Option<PathBuf>,
    /// Result JSON (written atomically).
    #[arg(long)]
    out: PathBuf,
    /// PostgreSQL for the federation profile's inventory (loaded from the scenario's entity
    /// model), e.g. postgres://lakeproof:lakeproof@127.0.0.1:5432/lakeproof (see ci/postgres.sh).
    #[arg(long)]
    postgres: Option<String>,
    /// Seed the lake was generated with (default: the scenario's), for the inventory.
    #[arg(long)]
    seed: Option<u64>,
    #[command(flatten)]
    repeat: OverrideArgs,
    /// Make every cold run cold: before each query's cold run, evict the warehouse's files
    /// from the page cache and restart the engine; the result records what the engine read
    /// from disk (local warehouses).
    #[arg(long)]
    evict_cache: bool,
    /// Run on this many CPUs: the run and its engines are pinned to the first N and told to
    /// use N threads (how a query scales with cores).
    #[arg(long)]
    cpus: Option<usize>,
    /// Skip the recall check (each detection re-run over the whole dataset against the attack
    /// labels): the timed runs only, for a large lake whose recall was checked at a smaller
    /// volume of the same scenario.
    #[arg(long)]
    no_recall: bool,
}

impl Args {
    pub fn run(self) -> Result<()> {
        // First, before any thread exists: threads and engines inherit the CPU affinity.
        if let Some(n) = self.cpus {
            eprintln!("{}", cpus::limit_to(n)?);
        }
        // Before anything runs: a typo must not cost a whole profile of failed queries.
        engines::check_names(&self.engines)?;
        let workloads = Workloads::from_arg(self.workloads);
        for p in &self.profiles {
            workloads.profile(p)?;
        }
        let scenario = Scenario::load(&self.scenario)?;
        let seed = self.seed.unwrap_or(scenario.seed);
        let postgres = match &self.postgres {
            Some(url) => {
                let pg = inventory::parse_url(url)?;
                inventory::load(&Org::build(&scenario.org, seed), &pg)?;
                Some(pg)
            }
            None => None,
        };
        let lake = self.lake.config();
        let evict = match (&lake, self.evict_cache) {
            (LakeConfig::Embedded { dir }, true) => Some(dir.clone()),
            (_, true) => anyhow::bail!("--evict-cache needs a local warehouse (its files are evicted from this machine's page cache)"),
            (_, false) => None,
        };
        let opts = RunOptions {
            lake,
            namespace: self.lake.namespace,
            engines: self.engines,
            profiles: self.profiles,
            workloads,
            scenario_name: scenario.name.clone(),
            scenario_file: self.scenario.display().to_string(),
            scenario_hash: file_sha256(&self.scenario)?,
            seed,
            start: scenario.start,
            end: scenario.end,
            postgres,
            verbose: true,
            overrides: self.repeat.overrides(),
            evict,
            recall: !self.no_recall,
        };
        let result = run(&opts)?;
        write_json(&self.out, &result)?;
        print_summary(&result);
        println!("results: {}", self.out.display());
        Ok(())
    }
}

fn print_summary(r: &RunResult) {
    println!(
        "{:<10} {:<10} {:<36} {:>9} {:>10} {:>10} {:>8} check",
        "engine", "profile", "query", "status", "cold ms", "best ms", "rows"
    );
    for q in &r.results {
        let check = match (&q.recall, q.mismatch) {
            (_, true) => "MISMATCH".to_string(),
            (Some(rc), _) => format!("recall {}/{}", rc.found, rc.expected),
            _ => String::new(),
        };
        println!(
            "{:<10} {:<10} {:<36} {:>9} {:>10.1} {:>10.1} {:>8} {}",
            q.engine,
            q.profile,
            q.query,
            q.status,
            q.cold_ms.unwrap_or(f64::NAN),
            q.best_hot_ms().unwrap_or(f64::NAN),
            q.rows.unwrap_or(0),
            check
        );
    }
    for p in &r.profiles {
        for e in &r.engines {
            let hot: Vec<f64> = r
                .results
                .iter()
                .filter(|q| q.profile == p.name && q.engine == e.name)
                .flat_map(|q| q.hot_ms.clone())
                .collect();
            if let Some(p95) = percentile(&hot, 95.0) {
                println!(
                    "{:<10} {:<10} p95 {:.1} ms over {} runs (target {} ms)",
                    e.name,
                    p.name,
                    p95,
                    hot.len(),
                    p.target_ms
                );
            }
        }
    }
}
