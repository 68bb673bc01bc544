//! `lakeproof generate`: a scenario's sources into Iceberg tables (default) or raw files.

use crate::common::{
    all_cores, load_scenario, size_arg, sources_or_all, time_arg, LakeArgs, OcsfArgs,
};
use anyhow::{bail, Context, Result};
use clap::ValueEnum;
use lakeproof_generators::{Generator, Part};
use lakeproof_harness::lake::writer::WriteSettings;
use lakeproof_harness::lake::{generate_lake, LakeOptions};
use lakeproof_harness::raw::{generate_raw, RawOptions};
use lakeproof_harness::results::manifest::RunManifest;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Iceberg tables in a warehouse (Parquet + ZSTD), the default.
    Iceberg,
    /// The sources' native raw formats, one folder per source.
    Raw,
}

/// Which tables `generate` writes into the lake.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Model {
    /// The sources' native tables (namespace from --namespace), the default.
    Native,
    /// OCSF class tables (namespace `ocsf`) and the labels, no native tables.
    Ocsf,
    /// Both, from the same events.
    Both,
}

#[derive(clap::Args)]
pub struct Args {
    /// Scenario TOML file.
    #[arg(long)]
    scenario: PathBuf,
    #[arg(long, value_enum, default_value = "iceberg")]
    format: Format,
    /// Output folder for `--format raw`.
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(flatten)]
    lake: LakeArgs,
    /// Tables to write: native, ocsf (class tables in namespace `ocsf`, mapped by
    /// scenarios/mappings/ocsf) or both.
    #[arg(long, value_enum, default_value = "native")]
    model: Model,
    #[command(flatten)]
    ocsf: OcsfArgs,
    /// ZSTD level of the Parquet files (random-identifier columns such as Zeek `uid` are
    /// always written at level 1: no level finds matches in random text).
    #[arg(long, default_value_t = WriteSettings::default().zstd_level)]
    zstd_level: i32,
    /// Target data file size, e.g. "256 MB".
    #[arg(long, default_value = "256 MiB")]
    target_file_size: String,
    /// Rows per Parquet row group.
    #[arg(long, default_value_t = WriteSettings::default().row_group_rows)]
    row_group_size: usize,
    /// Seed (default: the scenario's).
    #[arg(long)]
    seed: Option<u64>,
    /// Worker threads (default: all cores). Output does not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    /// Generate only slice i of n (1-based), e.g. 3/8; slices are disjoint and cover the run.
    #[arg(long, default_value = "1/1")]
    part: Part,
    /// Override the scenario's raw bytes per day, e.g. "500 GB".
    #[arg(long)]
    volume: Option<String>,
    /// Only generate events from this UTC time on (within the scenario).
    #[arg(long)]
    from: Option<String>,
    /// Only generate events before this UTC time.
    #[arg(long)]
    to: Option<String>,
    /// Comma-separated sources (default: all of the scenario's, defined ones included).
    #[arg(long, value_delimiter = ',')]
    sources: Vec<String>,
    /// Leave the scenario's attacks out: background only (e.g. a history for `lakeproof stream`
    /// to run on top of, whose attacks are then the only ones in the lake).
    #[arg(long)]
    no_attacks: bool,
    /// Hide progress bars.
    #[arg(long)]
    quiet: bool,
}

impl Args {
    pub fn run(self) -> Result<()> {
        let mut scenario = load_scenario(&self.scenario, &self.volume)?;
        if self.no_attacks {
            scenario.attacks.clear();
        }
        let from = time_arg("from", &self.from)?;
        let to = time_arg("to", &self.to)?;
        let window = match (from, to) {
            (None, None) => None,
            (f, t) => Some((f.unwrap_or(scenario.start), t.unwrap_or(scenario.end))),
        };
        if let Some((f, t)) = window {
            if t <= f {
                bail!("--to must be after --from");
            }
        }
        let seed = self.seed.unwrap_or(scenario.seed);
        let threads = self.threads.unwrap_or_else(all_cores);
        let sources = sources_or_all(&scenario, &self.sources)?;
        let generator = Generator::new(scenario, seed);
        let manifest = match self.format {
            Format::Raw => {
                if self.model != Model::Native {
                    bail!("--model ocsf|both writes Iceberg tables; it does not apply to --format raw");
                }
                let out = self.out.context("--format raw needs --out DIR")?;
                let opts = RawOptions {
                    out,
                    sources,
                    part: self.part,
                    window,
                    threads,
                    progress: !self.quiet,
                };
                generate_raw(&generator, &opts)?
            }
            Format::Iceberg => {
                let settings = WriteSettings {
                    zstd_level: self.zstd_level,
                    target_file_size: size_arg("target-file-size", &self.target_file_size)?
                        as usize,
                    row_group_rows: self.row_group_size,
                    ..WriteSettings::default()
                };
                let opts = LakeOptions {
                    lake: self.lake.config(),
                    namespace: self.lake.namespace,
                    sources,
                    part: self.part,
                    window,
                    threads,
                    settings,
                    progress: !self.quiet,
                    native: self.model != Model::Ocsf,
                    ocsf: match self.model {
                        Model::Native => None,
                        Model::Ocsf | Model::Both => {
                            Some(Arc::new(self.ocsf.load(&generator.scenario.defined)?))
                        }
                    },
                };
                generate_lake(&generator, &opts)?
            }
        };
        print_manifest(&manifest);
        Ok(())
    }
}

/// Per source: rows, raw and on-disk bytes, ratio, files; then the total and the speed.
pub fn print_manifest(m: &RunManifest) {
    let gb = |b: u64| b as f64 / 1e9;
    for (name, s) in &m.sources {
        println!(
            "{name:>16}: {:>12} rows, {:8.3} GB raw → {:8.3} GB on disk ({:.1}×), {} files",
            s.rows,
            gb(s.raw_bytes),
            gb(s.disk_bytes),
            s.ratio(),
            s.files
        );
    }
    for (class, s) in &m.ocsf {
        println!(
            "{:>16}: {:>12} rows, {:8.3} GB on disk, {} files",
            format!("ocsf.{class}"),
            s.rows,
            gb(s.disk_bytes),
            s.files
        );
    }
    if !m.ocsf.is_empty() {
        let ocsf: u64 = m.ocsf.values().map(|s| s.disk_bytes).sum();
        let native = m.total().disk_bytes;
        if native > 0 {
            println!(
                "{:>16}: {:8.3} GB on disk, {:.2}× the native tables' {:.3} GB",
                "ocsf total",
                gb(ocsf),
                ocsf as f64 / native as f64,
                gb(native)
            );
        }
    }
    let t = m.total();
    let mbs = t.raw_bytes as f64 / 1e6 / m.seconds.max(1e-9);
    println!(
        "{:>16}: {:>12} rows, {:8.3} GB raw in {:.1} s ({mbs:.0} raw-MB/s), {} labels",
        "total",
        t.rows,
        gb(t.raw_bytes),
        m.seconds,
        m.labels
    );
}
