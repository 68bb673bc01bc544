//! `lakeproof compare`: baseline vs contender; the process exits 1 on a regression.

use anyhow::Result;
use lakeproof_harness::compare::{compare, Thresholds};
use lakeproof_harness::results::Inputs;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Baseline: result files or folders (comma-separated); repeated runs are pooled.
    #[arg(value_delimiter = ',', required = true)]
    baseline: Vec<PathBuf>,
    /// Contender: result files or folders (comma-separated).
    #[arg(long, short, value_delimiter = ',', required = true)]
    contender: Vec<PathBuf>,
    /// Thresholds per profile and the noise floor (default: the ones built in,
    /// `ci/thresholds.toml`).
    #[arg(long)]
    thresholds: Option<PathBuf>,
}

impl Args {
    pub fn run(self) -> Result<()> {
        let thresholds = Thresholds::load_or_shipped(self.thresholds.as_deref())?;
        let baseline = Inputs::load(&self.baseline)?;
        let contender = Inputs::load(&self.contender)?;
        let data = |i: &Inputs| {
            i.runs.first().map(|(_, r)| (r.scenario.name.clone(), r.dataset.raw_bytes()))
        };
        if let (Some(b), Some(c)) = (data(&baseline), data(&contender)) {
            if b != c {
                eprintln!("warning: the sides measured different data (baseline: scenario {} with {:.2} GB raw; contender: scenario {} with {:.2} GB raw): latencies are not comparable", b.0, b.1 as f64 / 1e9, c.0, c.1 as f64 / 1e9);
            }
        }
        let c = compare(&baseline, &contender, &thresholds);
        print!("{}", c.render());
        let gating = c.gating();
        if !gating.is_empty() {
            eprintln!(
                "{} regression(s): {}",
                gating.len(),
                gating
                    .iter()
                    .map(|r| format!("{} on {} ({})", r.name, r.engine, r.verdict.label()))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            std::process::exit(1);
        }
        Ok(())
    }
}
