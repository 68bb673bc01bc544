//! What several commands share: where the lake is, the scenario with its overrides, and
//! flag values parsed with errors that name the flag.

use anyhow::{Context, Result};
use lakeproof_generators::fmt::{parse_iso, Micros};
use lakeproof_generators::scenario::Scenario;
use lakeproof_generators::SourceKind;
use lakeproof_harness::lake::catalog::{LakeConfig, DEFAULT_NAMESPACE};
use lakeproof_harness::util::units::{parse_bytes, parse_duration};
use lakeproof_harness::workloads::profile::Overrides;
use std::path::Path;
use std::time::Duration;

/// Where the tables live: the same three options for every command that opens the lake.
#[derive(clap::Args)]
pub struct LakeArgs {
    /// Warehouse: a local folder (SQLite catalog at <warehouse>/catalog.db), or with
    /// --catalog-uri the REST catalog's warehouse (e.g. s3://bucket/lake).
    #[arg(long, default_value = "./lake")]
    pub warehouse: String,
    /// Iceberg REST catalog URI (S3 credentials/endpoint from AWS_* environment variables).
    #[arg(long)]
    pub catalog_uri: Option<String>,
    /// Iceberg namespace of the tables.
    #[arg(long, default_value = DEFAULT_NAMESPACE)]
    pub namespace: String,
}

impl LakeArgs {
    pub fn config(&self) -> LakeConfig {
        LakeConfig::from_args(&self.warehouse, self.catalog_uri.as_deref())
    }
}

/// Where the OCSF schema and mappings come from: built in, or edited copies.
#[derive(clap::Args)]
pub struct OcsfArgs {
    /// Read the OCSF schema from this folder (the layout of github.com/ocsf/ocsf-schema)
    /// instead of the built-in OCSF 1.8.0 subset.
    #[arg(long)]
    pub ocsf_schema: Option<std::path::PathBuf>,
    /// Read the OCSF mappings (`<source>.toml`) from this folder instead of the built-in ones.
    #[arg(long)]
    pub mappings: Option<std::path::PathBuf>,
}

impl OcsfArgs {
    /// The model, with the OCSF mappings the given defined sources name.
    pub fn load(
        &self,
        defined: &[lakeproof_generators::SourceKind],
    ) -> Result<lakeproof_harness::ocsf::Model> {
        lakeproof_harness::ocsf::Model::load(
            self.ocsf_schema.as_deref(),
            self.mappings.as_deref(),
            defined,
        )
    }
}

/// Overrides of every profile's repetitions, for `run` and `sweep`; recorded in the result.
#[derive(clap::Args)]
pub struct OverrideArgs {
    /// Override every profile's timed iterations (e.g. a quick pass).
    #[arg(long)]
    pub iterations: Option<u32>,
    /// Override every profile's warm-up runs.
    #[arg(long)]
    pub warmup: Option<u32>,
    /// Override every profile's clients running at once (e.g. 1 to time single queries).
    #[arg(long)]
    pub concurrency: Option<u32>,
}

impl OverrideArgs {
    pub fn overrides(&self) -> Overrides {
        Overrides {
            iterations: self.iterations,
            warmup: self.warmup,
            concurrency: self.concurrency,
        }
    }
}

/// A UTC time flag, e.g. `--from 2026-11-02T00:00:00Z`.
pub fn time_arg(name: &str, v: &Option<String>) -> Result<Option<Micros>> {
    v.as_deref()
        .map(|s| {
            parse_iso(s).with_context(|| {
                format!("--{name}: `{s}` is not a UTC time like 2026-11-02T00:00:00Z")
            })
        })
        .transpose()
}

/// A size flag, e.g. `--target-file-size "256 MiB"`.
pub fn size_arg(name: &str, v: &str) -> Result<u64> {
    parse_bytes(v).with_context(|| format!("--{name}: `{v}` is not a size like \"500 GB\""))
}

/// A duration flag, e.g. `--expire-older-than 7d`.
pub fn duration_arg(name: &str, v: &str) -> Result<Duration> {
    parse_duration(v)
        .with_context(|| format!("--{name}: `{v}` is not a duration like 7d, 2h, 15m or 90s"))
}

/// The scenario file, with `--volume` replacing its raw bytes per day.
pub fn load_scenario(path: &Path, volume: &Option<String>) -> Result<Scenario> {
    let mut scenario = Scenario::load(path)?;
    if let Some(v) = volume {
        scenario.volume_per_day = size_arg("volume", v)?;
    }
    Ok(scenario)
}

/// `--sources`, all of the scenario's (built-in and defined) when empty.
pub fn sources_or_all(scenario: &Scenario, sources: &[String]) -> Result<Vec<SourceKind>> {
    if sources.is_empty() {
        return Ok(scenario.sources());
    }
    sources
        .iter()
        .map(|s| s.parse::<SourceKind>().map_err(|e| anyhow::anyhow!("--sources: {e}")))
        .collect()
}

pub fn all_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
