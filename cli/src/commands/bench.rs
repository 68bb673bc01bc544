//! `lakeproof bench generate`: generation and Parquet encoding speed per source on one thread,
//! then the whole pipeline into a scratch warehouse with CPU time and peak RSS.

use super::generate::print_manifest;
use crate::common::{all_cores, load_scenario};
use anyhow::{Context, Result};
use clap::Subcommand;
use lakeproof_generators::{Generator, Part};
use lakeproof_harness::bench::{encoding_speed, generation_speed, lake_speed};
use lakeproof_harness::lake::catalog::{LakeConfig, DEFAULT_NAMESPACE};
use lakeproof_harness::lake::writer::WriteSettings;
use lakeproof_harness::lake::LakeOptions;
use lakeproof_harness::results::bench::{BenchReport, SourceSpeed};
use lakeproof_harness::util::fs::write_json;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Rows/s and raw MB/s per core per source (no Parquet), then the whole pipeline into a
    /// scratch warehouse: raw MB/s per core and peak RSS.
    Generate(GenerateArgs),
}

#[derive(clap::Args)]
struct GenerateArgs {
    #[arg(long)]
    scenario: PathBuf,
    #[arg(long)]
    seed: Option<u64>,
    /// Override the scenario's raw bytes per day (sets the end-to-end volume).
    #[arg(long)]
    volume: Option<String>,
    /// Seconds to time each source's generation.
    #[arg(long, default_value_t = 3.0)]
    seconds: f64,
    /// Threads for the end-to-end run (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Scratch warehouse for the end-to-end run (removed first); skip it when absent.
    #[arg(long)]
    lake: Option<PathBuf>,
    #[arg(long, default_value_t = WriteSettings::default().zstd_level)]
    zstd_level: i32,
    /// Write the measurements as JSON here.
    #[arg(long)]
    out: Option<PathBuf>,
}

impl Args {
    pub fn run(self) -> Result<()> {
        match self.command {
            Command::Generate(a) => a.run(),
        }
    }
}

fn print_speeds(speeds: &[SourceSpeed]) {
    for s in speeds {
        println!(
            "  {:>16} {:>9}: {:>10.0} rows/s {:>8.0} raw-MB/s",
            s.source, s.mode, s.rows_per_sec, s.raw_mb_per_sec
        );
    }
}

impl GenerateArgs {
    fn run(self) -> Result<()> {
        let scenario = load_scenario(&self.scenario, &self.volume)?;
        let seed = self.seed.unwrap_or(scenario.seed);
        let generator = Generator::new(scenario, seed);
        let settings = WriteSettings { zstd_level: self.zstd_level, ..WriteSettings::default() };
        let seconds = self.seconds;
        println!("generation alone, one thread ({seconds} s per source):");
        let sources = generator.sources();
        let mut speeds = generation_speed(&generator, &sources, false, seconds);
        speeds.extend(generation_speed(&generator, &sources, true, seconds));
        print_speeds(&speeds);
        let mut lake = None;
        if let Some(dir) = self.lake {
            if dir.exists() {
                std::fs::remove_dir_all(&dir)
                    .with_context(|| format!("clearing {}", dir.display()))?;
            }
            let threads = self.threads.unwrap_or_else(all_cores);
            let opts = LakeOptions {
                lake: LakeConfig::Embedded { dir },
                namespace: DEFAULT_NAMESPACE.into(),
                sources: sources.clone(),
                part: Part::WHOLE,
                window: None,
                threads,
                settings: settings.clone(),
                progress: true,
                native: true,
                ocsf: None,
            };
            let l = lake_speed(&generator, &opts)?;
            print_manifest(&l.stats);
            println!(
                "end to end into Iceberg: {:.0} raw-MB/s on {} threads = {:.0} raw-MB/s per thread, {:.0} raw-MB per CPU-second; peak RSS {:.0} MB",
                l.raw_mb_per_sec, l.threads, l.raw_mb_per_sec_per_thread, l.raw_mb_per_cpu_sec, l.peak_rss_bytes as f64 / 1e6
            );
            lake = Some(l);
        }
        // After the lake run: the batches it holds would otherwise count in the lake's peak RSS.
        println!("Parquet encoding alone (batches generated beforehand), one thread ({seconds} s per source):");
        let encoding = encoding_speed(&generator, &sources, &settings, 1 << 19, seconds)?;
        print_speeds(&encoding);
        speeds.extend(encoding);
        if let Some(out) = self.out {
            write_json(&out, &BenchReport { generation: speeds, lake })?;
        }
        Ok(())
    }
}
