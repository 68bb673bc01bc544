//! `lakeproof ocsf validate`: every row of a lake's OCSF class tables checked against the
//! schema, the coverage of each source, and the roadmap's authentication criterion.

use crate::common::{LakeArgs, OcsfArgs};
use anyhow::{bail, Result};
use lakeproof_harness::lake::ocsf::{validate, Validation};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Validate the lake's OCSF tables (namespace `ocsf`) row by row: required attributes,
    /// types, enumerations, type_uid/category_uid, object constraints; print per class and per
    /// source, write the report as JSON with --out; exit 1 on any violation.
    Validate {
        #[command(flatten)]
        lake: LakeArgs,
        #[command(flatten)]
        ocsf: OcsfArgs,
        /// Also write the report as JSON here.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

impl Args {
    pub fn run(self) -> Result<()> {
        match self.command {
            Command::Validate { lake, ocsf, out } => {
                let model = ocsf.load(&[])?;
                let rt = tokio::runtime::Runtime::new()?;
                let v = rt.block_on(validate(&lake.config(), &lake.namespace, &model))?;
                print(&v);
                if let Some(out) = out {
                    lakeproof_harness::util::fs::write_atomic(
                        &out,
                        &serde_json::to_vec_pretty(&v)?,
                    )?;
                }
                let mismatches = v.row_mismatches();
                if v.total_violations() > 0 || !mismatches.is_empty() {
                    bail!(
                        "{} violations; {}",
                        v.total_violations(),
                        if mismatches.is_empty() {
                            "row counts agree".into()
                        } else {
                            mismatches.join("; ")
                        }
                    );
                }
                Ok(())
            }
        }
    }
}

fn print(v: &Validation) {
    println!("OCSF {} validation", v.ocsf_version);
    for c in &v.classes {
        println!(
            "{:>18} ({}): {:>9} rows, {} violations, recommended attributes filled {} of {}",
            c.class,
            c.class_uid,
            c.rows,
            c.total_violations(),
            c.recommended_filled.len(),
            c.recommended.len()
        );
        for (kind, n) in &c.violations {
            println!("{:>22} {kind}: {n} (e.g. {})", "", c.examples[kind]);
        }
    }
    for (source, c) in &v.coverage {
        let mapped = c.rows - c.unmapped;
        let base = c.by_class.get(lakeproof_harness::ocsf::BASE_EVENT).copied().unwrap_or(0);
        println!(
            "{source:>18}: {} events, {:.2} % in a class ({:.2} % in Base Event), {} unmapped",
            c.rows,
            100.0 * (mapped - base) as f64 / c.rows.max(1) as f64,
            100.0 * base as f64 / c.rows.max(1) as f64,
            c.unmapped
        );
        if !c.base_event_types.is_empty() {
            let list: Vec<String> =
                c.base_event_types.iter().map(|(e, n)| format!("{e} ({n})")).collect();
            println!("{:>22} in Base Event: {}", "", list.join(", "));
        }
        if !c.authentication_elsewhere.is_empty() {
            let list: Vec<String> =
                c.authentication_elsewhere.iter().map(|(e, n)| format!("{e} ({n})")).collect();
            println!("{:>22} authentication events elsewhere: {}", "", list.join(", "));
        }
    }
    let (n, m) = v.authentication();
    println!("authentication events in OCSF Authentication: {n} of {m}");
}
