//! The `lakeproof` command line: generate → lake → workloads → engines → results → report.
//! One module per command under `commands/`, each holding its arguments and a `run()`; the
//! harness does the work, this crate parses flags, prints, and owns the process's exit code.

mod commands;
mod common;

use anyhow::Result;
use clap::{Parser, Subcommand};
use commands::*;

#[derive(Parser)]
#[command(name = "lakeproof", version, about = "Prove a security data lake before go-live")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a scenario's sources: raw native-format files, or Iceberg tables.
    Generate(generate::Args),
    /// Run workload profiles against engines on the lake's current snapshot; write result JSON.
    Run(run::Args),
    /// Feed a scenario into the lake on a (possibly accelerated) clock, committing every
    /// commit interval, while the alerting rules run on a schedule: detection latency, recall,
    /// and snapshot/file growth under small commits.
    Stream(stream::Args),
    /// One scenario at several daily volumes: the same profiles on the same engines at each,
    /// latency fitted against the bytes each query touches and projected to a target volume.
    Sweep(sweep::Args),
    /// Measure speed and memory: generation alone per source, and end to end into Iceberg.
    Bench(bench::Args),
    /// Lake upkeep: orphan files, compaction, snapshot expiry.
    Lake(lake::Args),
    /// Roadmap scorecard, compression, latency, engine fit, cost and plots from result files:
    /// writes report.md (+ PNG plots) and a self-contained report.html into --out.
    Report(report::Args),
    /// Monthly cost of a lake: storage from a compression ratio, daily volume and retention,
    /// object requests from file sizes, compute from measured query times.
    Cost(cost::Args),
    /// Compare a baseline with a contender (files or folders of result files); exits 1 when a
    /// query regresses beyond its threshold and outside the noise band, or newly fails.
    Compare(compare::Args),
    /// The OCSF model: validate the class tables of a lake against the schema, with coverage.
    Ocsf(ocsf::Args),
    /// Sigma rules: compile SigmaHQ rules with pySigma into a workload profile.
    Sigma(sigma::Args),
    /// Sources defined as data: check a definition file (sample raw events and rows).
    Source(source::Args),
    /// Result file upkeep.
    Results(results::Args),
    /// The workload profiles shipped in the binary: list them, or export them for editing.
    Profiles(profiles::Args),
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Command::Generate(a) => a.run(),
        Command::Run(a) => a.run(),
        Command::Stream(a) => a.run(),
        Command::Sweep(a) => a.run(),
        Command::Bench(a) => a.run(),
        Command::Lake(a) => a.run(),
        Command::Report(a) => a.run(),
        Command::Cost(a) => a.run(),
        Command::Compare(a) => a.run(),
        Command::Ocsf(a) => a.run(),
        Command::Sigma(a) => a.run(),
        Command::Source(a) => a.run(),
        Command::Results(a) => a.run(),
        Command::Profiles(a) => a.run(),
    }
}
