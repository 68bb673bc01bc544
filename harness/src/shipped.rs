//! The data files lakeproof ships, compiled into the binary so it works from any folder: the
//! workload profiles, the price table, the roadmap's criteria, the comparison thresholds, the
//! vendored OCSF schema and the OCSF mappings. Each has a flag to use an edited copy instead
//! (`--workloads`, `--prices`, `--roadmap`, `--thresholds`, `--ocsf-schema`, `--mappings`);
//! `lakeproof profiles export DIR` writes the profiles out for editing.

use anyhow::{Context, Result};
use std::path::Path;

/// `scenarios/workloads/**` as (path relative to that folder, text), in path order (the list
/// is made by `build.rs`, so a new profile or query file needs no code).
pub static WORKLOADS: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/shipped_workloads.rs"));

/// `scenarios/ocsf/schema/**.json` (OCSF 1.8.0, see its README) as (path relative to that
/// folder, text), in path order.
pub static OCSF_SCHEMA: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/shipped_ocsf_schema.rs"));

/// `scenarios/mappings/ocsf/*.toml`, one OCSF mapping per source, as (file name, text).
pub static OCSF_MAPPINGS: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/shipped_ocsf_mappings.rs"));

/// `scenarios/prices.toml`.
pub const PRICES: &str = include_str!("../../scenarios/prices.toml");
/// `scenarios/roadmap.toml`.
pub const ROADMAP: &str = include_str!("../../scenarios/roadmap.toml");
/// `ci/thresholds.toml`.
pub const THRESHOLDS: &str = include_str!("../../ci/thresholds.toml");

/// How errors and reports name a shipped file: its path in the repository it was built from.
pub fn origin(repo_path: &str) -> String {
    format!("{repo_path} (built into lakeproof {})", env!("CARGO_PKG_VERSION"))
}

/// A shipped workload file's text by its path relative to the workloads folder.
pub fn workload_file(rel: &str) -> Option<&'static str> {
    WORKLOADS.iter().find(|(p, _)| *p == rel).map(|(_, t)| *t)
}

/// The shipped profiles' names (folders holding a `profile.toml`).
pub fn profile_names() -> Vec<&'static str> {
    WORKLOADS.iter().filter_map(|(p, _)| p.strip_suffix("/profile.toml")).collect()
}

/// Write every shipped workload file under `dir` (created if missing); refuses to overwrite an
/// existing file, so an edited copy is never lost. Returns the files written.
pub fn export_workloads(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let clashes: Vec<_> =
        WORKLOADS.iter().map(|(rel, _)| dir.join(rel)).filter(|p| p.exists()).collect();
    if let Some(first) = clashes.first() {
        anyhow::bail!(
            "{}: already exists ({} of the {} shipped files are there); export into an empty folder",
            first.display(),
            clashes.len(),
            WORKLOADS.len()
        );
    }
    let mut written = Vec::new();
    for (rel, text) in WORKLOADS {
        let path = dir.join(rel);
        crate::util::fs::write_atomic(&path, text.as_bytes())
            .with_context(|| format!("exporting {rel}"))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_profile_in_the_repository_is_shipped_byte_for_byte() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios/workloads");
        let mut names = profile_names();
        names.sort();
        assert_eq!(
            names,
            ["adhoc", "alerting", "alerting-ocsf", "batch", "dashboard", "federation", "sigma"]
        );
        for (rel, text) in WORKLOADS {
            assert_eq!(std::fs::read_to_string(root.join(rel)).unwrap(), *text, "{rel}");
        }
    }

    #[test]
    fn export_writes_every_file_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let written = export_workloads(dir.path()).unwrap();
        assert_eq!(written.len(), WORKLOADS.len());
        assert!(dir.path().join("alerting/profile.toml").is_file());
        let e = export_workloads(dir.path()).unwrap_err().to_string();
        assert!(e.contains("already exists"), "{e}");
    }
}
