//! `lakeproof profiles`: the workload profiles built into the binary.

use anyhow::Result;
use clap::Subcommand;
use lakeproof_harness::shipped;
use lakeproof_harness::workloads::profile::Workloads;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the shipped profiles with their target and queries.
    List,
    /// Write the shipped profiles (and parameters.toml) into DIR for editing; run them with
    /// `lakeproof run --workloads DIR`. Never overwrites a file.
    Export { dir: PathBuf },
}

impl Args {
    pub fn run(self) -> Result<()> {
        match self.command {
            Command::List => {
                for name in shipped::profile_names() {
                    let p = Workloads::Shipped.profile(name)?;
                    println!(
                        "{name:<11} {:>3} queries, target {} ms ({}), {}",
                        p.queries.len(),
                        p.spec.target_ms,
                        format!("{:?}", p.spec.target_stat).to_lowercase(),
                        p.spec.description
                    );
                }
            }
            Command::Export { dir } => {
                let written = shipped::export_workloads(&dir)?;
                println!(
                    "{} files written under {}; run them with `lakeproof run --workloads {}`",
                    written.len(),
                    dir.display(),
                    dir.display()
                );
            }
        }
        Ok(())
    }
}
