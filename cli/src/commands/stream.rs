//! `lakeproof stream`: ingestion on an accelerated clock with the alert loop running.

use crate::common::{duration_arg, load_scenario, sources_or_all, time_arg, LakeArgs};
use anyhow::{Context, Result};
use lakeproof_generators::fmt::Micros;
use lakeproof_generators::Generator;
use lakeproof_harness::lake::writer::WriteSettings;
use lakeproof_harness::results::stream::StreamResult;
use lakeproof_harness::stream::{run_stream, StreamOptions};
use lakeproof_harness::util::fs::write_json;
use lakeproof_harness::workloads::profile::Workloads;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Scenario TOML file (its sources, volume, organisation and attacks; its time range is
    /// replaced by --start and --duration, and its attacks are placed inside that range,
    /// including those pinned with `at` to times outside it).
    #[arg(long)]
    scenario: PathBuf,
    #[command(flatten)]
    lake: LakeArgs,
    /// Scenario seconds per wall second (60 = an hour per minute); 0 = as fast as possible.
    #[arg(long, default_value_t = 1.0)]
    speed: f64,
    /// Scenario time to stream, e.g. 180s, 90m, 2h.
    #[arg(long)]
    duration: String,
    /// First event time (default: the scenario's start).
    #[arg(long)]
    start: Option<String>,
    /// Scenario time between commits.
    #[arg(long, default_value = "60s")]
    commit_interval: String,
    /// Scenario time between alert rounds.
    #[arg(long, default_value = "30s")]
    alert_interval: String,
    /// Engine the alerting rules run on (any engine `lakeproof run --engines` takes); none:
    /// ingest only.
    #[arg(long)]
    alerts: Option<String>,
    /// Folder of workload profiles whose `alerting` profile holds the rules (default: the
    /// profiles built into lakeproof; see `lakeproof profiles export`).
    #[arg(long)]
    workloads: Option<PathBuf>,
    /// Override the scenario's raw bytes per day (sets the event rate), e.g. "500 GB".
    #[arg(long)]
    volume: Option<String>,
    #[arg(long)]
    seed: Option<u64>,
    /// Comma-separated sources (default: all of the scenario's, defined ones included).
    #[arg(long, value_delimiter = ',')]
    sources: Vec<String>,
    /// Result JSON (written atomically).
    #[arg(long)]
    out: PathBuf,
    #[arg(long)]
    quiet: bool,
}

/// A positive duration flag in microseconds of scenario time.
fn interval_arg(name: &str, v: &str) -> Result<Micros> {
    let d = duration_arg(name, v)?;
    anyhow::ensure!(!d.is_zero(), "--{name}: must be longer than 0");
    Ok(d.as_micros() as Micros)
}

impl Args {
    pub fn run(self) -> Result<()> {
        if let Some(engine) = &self.alerts {
            lakeproof_harness::engines::check_names(std::slice::from_ref(engine))
                .context("--alerts")?;
        }
        let mut scenario = load_scenario(&self.scenario, &self.volume)?;
        if let Some(start) = time_arg("start", &self.start)? {
            scenario.start = start;
        }
        scenario.end = scenario.start + interval_arg("duration", &self.duration)?;
        // Attacks pinned to times outside the streamed range are placed inside it instead
        // (same number of instances, seed-chosen times), so every kind the scenario names is
        // streamed.
        let (start, end) = (scenario.start, scenario.end);
        for a in &mut scenario.attacks {
            if a.at.iter().any(|&t| t < start || t >= end) {
                a.count = a.at.len() as u32;
                a.at.clear();
            }
        }
        let seed = self.seed.unwrap_or(scenario.seed);
        let sources = sources_or_all(&scenario, &self.sources)?;
        let generator = Generator::new(scenario, seed);
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = stop.clone();
        // Ctrl-C stops after the step in progress: every commit made is intact, the result is
        // written.
        std::thread::spawn(move || {
            if let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() {
                if rt.block_on(tokio::signal::ctrl_c()).is_ok() {
                    eprintln!("stopping after the current step (Ctrl-C)");
                    flag.store(true, std::sync::atomic::Ordering::SeqCst);
                }
            }
        });
        let opts = StreamOptions {
            lake: self.lake.config(),
            namespace: self.lake.namespace,
            sources,
            speed: self.speed,
            commit_interval: interval_arg("commit-interval", &self.commit_interval)?,
            alert_interval: interval_arg("alert-interval", &self.alert_interval)?,
            alerts: self.alerts,
            workloads: Workloads::from_arg(self.workloads),
            settings: WriteSettings::default(),
            progress: !self.quiet,
            stop,
        };
        let result = run_stream(&generator, &opts)?;
        write_json(&self.out, &result)?;
        print_summary(&result);
        println!("results: {}", self.out.display());
        Ok(())
    }
}

fn print_summary(r: &StreamResult) {
    let last = r.commits.last();
    println!(
        "streamed {} rows ({:.1} MB raw) in {} commits{}; after it: {} snapshots, {} data files, avg {:.1} KB, metadata {:.1} KB; max lag {:.1} s",
        r.rows,
        r.raw_bytes as f64 / 1e6,
        r.commits.len(),
        if r.interrupted { " (interrupted)" } else { "" },
        last.map_or(0, |c| c.snapshots),
        last.map_or(0, |c| c.data_files),
        last.map_or(0.0, |c| c.avg_file_bytes / 1e3),
        last.map_or(0, |c| c.metadata_bytes) as f64 / 1e3,
        r.max_lag_ms / 1000.0
    );
    let Some(engine) = &r.settings.engine else { return };
    let s = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.1}"));
    println!(
        "{:<34} {:>9} {:>12} {:>12} {:>12} {:>12} {:>7}",
        "rule", "detected", "latency p50", "latency max", "query p95 ms", "query max ms", "false"
    );
    for rule in &r.rules {
        println!(
            "{:<34} {:>5}/{:<3} {:>12} {:>12} {:>12} {:>12} {:>7}{}",
            rule.rule,
            rule.detected,
            rule.expected,
            s(rule.latency_s.p50),
            s(rule.latency_s.max),
            s(rule.query_ms.p95),
            s(rule.query_ms.max),
            rule.false_alert_events,
            rule.error.as_ref().map_or(String::new(), |e| format!(
                "  error: {}",
                e.chars().take(120).collect::<String>()
            ))
        );
    }
    println!("{engine}: {}", r.overall.verdict());
}
