//! `lakeproof sweep`: one scenario at several daily volumes, fitted and projected to the target.

use crate::common::{duration_arg, size_arg, OverrideArgs};
use anyhow::{Context, Result};
use lakeproof_generators::scenario::Scenario;
use lakeproof_harness::engines;
use lakeproof_harness::results::sweep::{SweepResult, Target};
use lakeproof_harness::sweep::analysts::AnalystOptions;
use lakeproof_harness::sweep::{run_sweep, SweepEngine, SweepOptions};
use lakeproof_harness::util::fs::{file_sha256, write_json};
use lakeproof_harness::util::units::{human_bytes, parse_days};
use lakeproof_harness::workloads::profile::{TableModel, Workloads};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Scenario TOML file; its days stay fixed, so last-hours windows really grow with volume.
    #[arg(long)]
    scenario: PathBuf,
    /// Raw bytes per day of each lake, comma-separated, e.g. 2GB,8GB,32GB,128GB.
    #[arg(long, value_delimiter = ',', required = true)]
    volumes: Vec<String>,
    /// Comma-separated engines (as for `lakeproof run`); `spark@15GB` runs an engine only at
    /// volumes up to 15 GB/day (a slow engine at the small volumes only).
    #[arg(long, value_delimiter = ',', default_value = "datafusion")]
    engines: Vec<String>,
    /// Comma-separated profiles.
    #[arg(long, value_delimiter = ',', default_value = "alerting,dashboard,adhoc")]
    profiles: Vec<String>,
    /// Folder of workload profiles (default: the profiles built into lakeproof).
    #[arg(long)]
    workloads: Option<PathBuf>,
    /// Where the lakes go (`lake-<volume>`); lakes already there from the same scenario, seed
    /// and volume are reused.
    #[arg(long)]
    work_dir: PathBuf,
    /// The daily raw volume verdicts are projected to.
    #[arg(long, default_value = "500 GB")]
    target_daily: String,
    /// Retention for whole-range queries' projections, e.g. 365d.
    #[arg(long, default_value = "365d")]
    retention: String,
    #[arg(long)]
    seed: Option<u64>,
    /// The volume also run on one core and on every core, for each query's parallel fraction
    /// and the cores it needs at the target (default: the middle volume; `none` to skip).
    #[arg(long)]
    cores_at: Option<String>,
    /// Analysts per level for the analysts run, e.g. 1,2,4,8 (`none` to skip).
    #[arg(long, default_value = "1,2,4,8")]
    analysts: String,
    /// The volume the analysts run on (default: the middle volume).
    #[arg(long)]
    analysts_at: Option<String>,
    /// The profile the analysts refresh (it must be among --profiles).
    #[arg(long, default_value = "dashboard")]
    analysts_profile: String,
    /// Mean think time between refreshes (exponentially distributed).
    #[arg(long, default_value = "4s")]
    think_time: String,
    /// How long each number of analysts runs.
    #[arg(long, default_value = "60s")]
    analyst_time: String,
    #[command(flatten)]
    repeat: OverrideArgs,
    /// Keep the run results already beside --out from an earlier sweep of the same lakes
    /// (same scenario, seed and volume): only engines and profiles missing from them run.
    #[arg(long)]
    resume: bool,
    /// Sweep result JSON (written atomically), with each volume's run result beside it;
    /// `lakeproof report` renders it.
    #[arg(long)]
    out: PathBuf,
}

impl Args {
    pub fn run(self) -> Result<()> {
        let engines = self
            .engines
            .iter()
            .map(|e| match e.split_once('@') {
                Some((name, up_to)) => Ok(SweepEngine {
                    name: name.trim().to_string(),
                    up_to: Some(size_arg("engines", up_to)?),
                }),
                None => Ok(SweepEngine { name: e.trim().to_string(), up_to: None }),
            })
            .collect::<Result<Vec<_>>>()?;
        engines::check_names(&engines.iter().map(|e| e.name.clone()).collect::<Vec<_>>())?;
        let workloads = Workloads::from_arg(self.workloads);
        let mut ocsf_tables = false;
        for p in &self.profiles {
            ocsf_tables |= workloads.profile(p)?.spec.tables == TableModel::Ocsf;
        }
        let mut volumes =
            self.volumes.iter().map(|v| size_arg("volumes", v)).collect::<Result<Vec<u64>>>()?;
        volumes.sort_unstable();
        volumes.dedup();
        let cores_at = match self.cores_at.as_deref() {
            Some("none") => None,
            Some(v) => {
                let v = size_arg("cores-at", v)?;
                anyhow::ensure!(volumes.contains(&v), "--cores-at: not one of --volumes");
                Some(v)
            }
            None => Some(volumes[volumes.len() / 2]),
        };
        let analysts = if self.analysts == "none" {
            None
        } else {
            let mut levels = self
                .analysts
                .split(',')
                .map(|n| n.trim().parse::<u32>().ok().filter(|n| *n > 0))
                .collect::<Option<Vec<u32>>>()
                .with_context(|| {
                    format!("--analysts: `{}` is not a list like 1,2,4,8", self.analysts)
                })?;
            levels.sort_unstable();
            levels.dedup();
            let at = match self.analysts_at.as_deref() {
                Some(v) => size_arg("analysts-at", v)?,
                None => volumes[volumes.len() / 2],
            };
            anyhow::ensure!(volumes.contains(&at), "--analysts-at: not one of --volumes");
            anyhow::ensure!(
                self.profiles.contains(&self.analysts_profile),
                "--analysts-profile {}: must be among --profiles (its parameters come from that run)",
                self.analysts_profile
            );
            Some((
                at,
                AnalystOptions {
                    profile: self.analysts_profile.clone(),
                    levels,
                    think_time: duration_arg("think-time", &self.think_time)?,
                    seconds_per_level: duration_arg("analyst-time", &self.analyst_time)?
                        .as_secs_f64(),
                    seed: 0,
                },
            ))
        };
        let scenario = Scenario::load(&self.scenario)?;
        let seed = self.seed.unwrap_or(scenario.seed);
        let target = Target {
            daily_raw_bytes: size_arg("target-daily", &self.target_daily)?,
            retention_days: parse_days(&self.retention).with_context(|| {
                format!("--retention: `{}` is not a duration like 365d", self.retention)
            })?,
        };
        let opts = SweepOptions {
            scenario_hash: file_sha256(&self.scenario)?,
            scenario_file: self.scenario.canonicalize()?,
            scenario,
            seed,
            volumes,
            engines,
            profiles: self.profiles,
            workloads,
            work_dir: self.work_dir,
            results_dir: match self.out.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            },
            target,
            overrides: self.repeat.overrides(),
            exe: std::env::current_exe()?,
            cores_at,
            analysts: analysts.map(|(at, a)| (at, AnalystOptions { seed, ..a })),
            resume: self.resume,
            ocsf_tables,
            verbose: true,
        };
        let result = run_sweep(&opts)?;
        write_json(&self.out, &result)?;
        print_summary(&result);
        println!("sweep: {}", self.out.display());
        Ok(())
    }
}

fn print_summary(s: &SweepResult) {
    for v in &s.volumes {
        println!(
            "{:>10}/day nominal: {}/day raw measured, {} of data files ({:.3}× memory){}",
            human_bytes(v.nominal_daily_bytes as f64),
            human_bytes(v.raw_bytes_per_day),
            human_bytes(v.data_bytes as f64),
            v.data_vs_memory,
            if v.generation.reused { ", reused" } else { "" }
        );
    }
    let pass = s.scaling.iter().filter(|q| q.projected_verdict == "pass").count();
    println!(
        "projected to {}/day × {:.0} days: {pass} of {} engine × query × run pass; median held-out error {}",
        human_bytes(s.target.daily_raw_bytes as f64),
        s.target.retention_days,
        s.scaling.len(),
        s.summary.median_holdout_error.map_or("-".into(), |e| format!("{:.0} %", e * 100.0))
    );
}
