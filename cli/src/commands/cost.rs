//! `lakeproof cost`: the monthly bill of a lake, from a given or measured compression ratio.

use crate::common::size_arg;
use anyhow::{bail, Context, Result};
use lakeproof_harness::cost::{measured, monthly, prices::Prices, Plan};
use lakeproof_harness::results::Inputs;
use lakeproof_harness::util::units::parse_days;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Raw native-format volume per day, e.g. 500GB (decimal units: 1 GB = 10^9 bytes).
    #[arg(long)]
    daily: String,
    /// Retention, e.g. 365d, 52w, 1y.
    #[arg(long, default_value = "365d")]
    retention: String,
    /// Compression ratio (raw bytes per on-disk byte).
    #[arg(long, conflicts_with = "ratio_from", required_unless_present = "ratio_from")]
    ratio: Option<f64>,
    /// Take the ratio, the mean data file size and query times from these run results.
    #[arg(long, num_args = 1.., value_delimiter = ',')]
    ratio_from: Vec<PathBuf>,
    /// Storage class id from the price table where data lands.
    #[arg(long, default_value = "s3_standard")]
    storage: String,
    /// Move data to --tier-class after this many days (default: no tiering).
    #[arg(long)]
    tier_after: Option<String>,
    /// Storage class id data moves to with --tier-after (default: the price table's [tiering]).
    #[arg(long)]
    tier_class: Option<String>,
    /// Mean data file size for request costs, e.g. "128 MB" (default: measured with
    /// --ratio-from; without either, requests are not priced).
    #[arg(long)]
    file_size: Option<String>,
    /// Price compute on this engine (default: per profile, the engine that answered most of
    /// its queries fastest).
    #[arg(long)]
    engine: Option<String>,
    /// Price table (default: the one built in, `scenarios/prices.toml`).
    #[arg(long)]
    prices: Option<PathBuf>,
}

fn days_arg(name: &str, v: &str) -> Result<f64> {
    parse_days(v).with_context(|| format!("--{name}: `{v}` is not a duration like 365d or 1y"))
}

impl Args {
    pub fn run(self) -> Result<()> {
        let prices = Prices::load_or_shipped(self.prices.as_deref())?;
        let daily = size_arg("daily", &self.daily)? as f64;
        let retention = days_arg("retention", &self.retention)?;
        let file_size = self.file_size.as_deref().map(|s| size_arg("file-size", s)).transpose()?;
        let file_size = file_size.map(|b| b as f64);
        let (ratio, file_bytes, compute, source) = match self.ratio {
            Some(r) => {
                if r.is_nan() || r <= 0.0 {
                    bail!("--ratio must be positive");
                }
                (r, file_size, None, format!("ratio {r}× given"))
            }
            None => {
                let inputs = Inputs::load(&self.ratio_from)?;
                let run =
                    inputs.merged_run()?.context("--ratio-from: no run result among the files")?;
                let name = self
                    .ratio_from
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                let (r, f) = measured::ratio_and_file_size(&run, &name)?;
                let compute =
                    measured::compute(&run, &prices, self.engine.as_deref(), daily, retention)?;
                let source = format!(
                    "ratio {r:.2}× measured in {name} ({:.2} GB raw → {:.3} GB on disk)",
                    run.dataset.raw_bytes() as f64 / 1e9,
                    run.dataset.data_bytes() as f64 / 1e9
                );
                (r, Some(file_size.unwrap_or(f)), Some(compute), source)
            }
        };
        let tiering = match &self.tier_after {
            Some(d) => Some((
                days_arg("tier-after", d)?,
                prices.storage(self.tier_class.as_deref().unwrap_or(&prices.tiering.class))?,
            )),
            None => None,
        };
        let plan = Plan {
            daily_raw_bytes: daily,
            retention_days: retention,
            ratio,
            file_bytes,
            hot: prices.storage(&self.storage)?,
            tiering,
            reads: Some(&prices.reads),
            compute,
        };
        let bill = monthly(&plan);
        println!(
            "{} raw/day, {retention:.0} days retained, {source}; prices: {}",
            self.daily, prices.file
        );
        for l in &bill.lines {
            println!("  {:>10}  {:<48} {}", format!("${:.2}", l.dollars), l.item, l.detail);
        }
        println!(
            "  {:>10}  total per month (a month = 365/12 days)",
            format!("${:.2}", bill.total)
        );
        Ok(())
    }
}
