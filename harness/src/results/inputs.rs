//! The one loader of result files: `report`, `compare` and `cost` take files and folders of
//! any result kind and get them sorted by kind, each with the file it came from.

use super::bench::BenchReport;
use super::maintenance::MaintainReport;
use super::ocsf::{Validation, VALIDATION_KIND};
use super::run::{from_value, merge, RunResult};
use super::stream::StreamResult;
use super::sweep::SweepResult;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// One side of a report or comparison: run results and `bench generate` outputs, each with the
/// file it came from (for error messages and for saying where a number was measured).
#[derive(Debug, Default)]
pub struct Inputs {
    pub runs: Vec<(PathBuf, RunResult)>,
    pub benches: Vec<(PathBuf, BenchReport)>,
    /// `lakeproof stream` results (the alert-delay criterion and the streaming section).
    pub streams: Vec<(PathBuf, StreamResult)>,
    /// `lakeproof lake maintain --out` files (the maintenance section).
    pub maintenance: Vec<(PathBuf, MaintainReport)>,
    /// `lakeproof sweep` results (the scaling section and projected verdicts).
    pub sweeps: Vec<(PathBuf, SweepResult)>,
    /// `lakeproof ocsf validate --out` files (the OCSF authentication-coverage criterion).
    pub ocsf: Vec<(PathBuf, Validation)>,
}

/// A result of a known kind, or an error naming the file and the command that writes it.
fn parse<T: serde::de::DeserializeOwned>(
    f: &Path,
    value: serde_json::Value,
    command: &str,
) -> Result<T> {
    serde_json::from_value(value)
        .with_context(|| format!("{}: not a valid `lakeproof {command}` result", f.display()))
}

impl Inputs {
    /// Load files and folders (every `*.json` directly inside, in name order). A file is a run
    /// result when its `kind` is "lakeproof.run" and a generation benchmark when it has a
    /// `generation` list; anything else is an error naming the file.
    pub fn load(paths: &[PathBuf]) -> Result<Inputs> {
        let mut files = Vec::new();
        for p in paths {
            if p.is_dir() {
                let mut inside: Vec<PathBuf> = std::fs::read_dir(p)
                    .with_context(|| format!("{}: cannot list", p.display()))?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|f| f.extension().is_some_and(|x| x == "json"))
                    .collect();
                inside.sort();
                if inside.is_empty() {
                    bail!("{}: no .json result files in this folder", p.display());
                }
                files.extend(inside);
            } else {
                files.push(p.clone());
            }
        }
        let mut inputs = Inputs::default();
        for f in files {
            let text = std::fs::read_to_string(&f)
                .with_context(|| format!("{}: cannot read", f.display()))?;
            let value: serde_json::Value = serde_json::from_str(&text)
                .with_context(|| format!("{}: not JSON", f.display()))?;
            match value.get("kind").and_then(|k| k.as_str()) {
                Some("lakeproof.maintenance") => {
                    inputs.maintenance.push((f.clone(), parse(&f, value, "lake maintain")?))
                }
                Some("lakeproof.stream") => inputs.streams.push((f.clone(), parse(&f, value, "stream")?)),
                Some("lakeproof.sweep") => inputs.sweeps.push((f.clone(), parse(&f, value, "sweep")?)),
                Some(VALIDATION_KIND) => inputs.ocsf.push((f.clone(), parse(&f, value, "ocsf validate")?)),
                Some(_) => inputs.runs.push((f.clone(), from_value(&f, value)?)),
                None if value.get("generation").is_some() => {
                    inputs.benches.push((f.clone(), parse(&f, value, "bench generate")?))
                }
                None => bail!("{}: neither a result (field `kind` = \"lakeproof.run\", \"lakeproof.stream\", \"lakeproof.sweep\", \"lakeproof.maintenance\" or \"lakeproof.ocsf-validation\") nor a `bench generate` output (field `generation`)", f.display()),
            }
        }
        Ok(inputs)
    }

    /// The run of the largest volume of the last sweep, read from its `run_file` (relative to
    /// the sweep file): what `report sweep.json` measures the scorecard on.
    pub fn sweep_run(&self) -> Result<Option<(PathBuf, RunResult)>> {
        let Some((path, sweep)) = self.sweeps.last() else { return Ok(None) };
        let Some(largest) = sweep.volumes.iter().max_by_key(|v| v.raw_bytes) else {
            return Ok(None);
        };
        let file = path.parent().unwrap_or(Path::new(".")).join(&largest.run_file);
        Ok(Some((file.clone(), super::run::load(&file)?)))
    }

    /// The run results merged into one (see [`merge`]); None when there are none.
    pub fn merged_run(&self) -> Result<Option<RunResult>> {
        if self.runs.is_empty() {
            return Ok(None);
        }
        merge(&self.runs).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_of_no_known_kind_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("x.json");
        std::fs::write(&f, r#"{"hello":1}"#).unwrap();
        let e = Inputs::load(&[f]).unwrap_err().to_string();
        assert!(e.contains("x.json") && e.contains("neither a result"), "{e}");
    }

    #[test]
    fn the_committed_results_load_by_kind() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../results");
        let inputs = Inputs::load(std::slice::from_ref(&root)).unwrap();
        assert!(!inputs.runs.is_empty() && !inputs.streams.is_empty());
        assert!(!inputs.maintenance.is_empty() && !inputs.benches.is_empty());
    }
}
