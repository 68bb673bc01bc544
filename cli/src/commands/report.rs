//! `lakeproof report`: result files → report.md, PNG plots and a self-contained report.html.

use anyhow::Result;
use lakeproof_harness::cost::prices::Prices;
use lakeproof_harness::report::{self, roadmap::Roadmap};
use lakeproof_harness::results::Inputs;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Result files of any kind (run, stream, maintenance, bench); files or folders. Run
    /// results are merged by engine, profile and query (e.g. one file per engine).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output folder.
    #[arg(long)]
    out: PathBuf,
    /// Price table (default: the one built in, `scenarios/prices.toml`).
    #[arg(long)]
    prices: Option<PathBuf>,
    /// The roadmap's criteria and engine-fit table (default: the one built in,
    /// `scenarios/roadmap.toml`).
    #[arg(long)]
    roadmap: Option<PathBuf>,
}

impl Args {
    pub fn run(self) -> Result<()> {
        let inputs = Inputs::load(&self.inputs)?;
        let roadmap = Roadmap::load_or_shipped(self.roadmap.as_deref())?;
        let prices = Prices::load_or_shipped(self.prices.as_deref())?;
        let r = report::build(&inputs, &roadmap, &prices)?;
        let written = report::write(&r, &self.out)?;
        if let Some(score) = r.sections.iter().find(|s| s.id == "scorecard") {
            for t in &score.tables {
                print!("{}", report::markdown::table(t));
            }
        }
        println!(
            "report: {} and {} (plots: {})",
            written.markdown.display(),
            written.html.display(),
            written.pngs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        );
        Ok(())
    }
}
