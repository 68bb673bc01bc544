//! `lakeproof results`: result file upkeep.

use anyhow::Result;
use clap::Subcommand;
use lakeproof_harness::results::run::{load, split};
use lakeproof_harness::util::fs::write_json;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Split a run result into one file per engine, `<engine>.<machine kind>.json` (the
    /// layout of results/baselines/<scenario>/).
    Split {
        run: PathBuf,
        #[arg(long)]
        out_dir: PathBuf,
    },
}

impl Args {
    pub fn run(self) -> Result<()> {
        match self.command {
            Command::Split { run, out_dir } => {
                for (name, part) in split(&load(&run)?) {
                    let path = out_dir.join(name);
                    write_json(&path, &part)?;
                    println!("{}: {} results", path.display(), part.results.len());
                }
                Ok(())
            }
        }
    }
}
