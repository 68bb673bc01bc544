//! The roadmap's promises as data (`scenarios/roadmap.toml`): success criteria with their targets
//! and the engine-fit table. Kept out of code so the report quotes the roadmap, not a copy of it.

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roadmap {
    #[serde(rename = "criterion")]
    pub criteria: Vec<Criterion>,
    pub fit: Vec<Fit>,
    /// lakeproof engine name → the roadmap's name for it.
    pub engine_names: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: String,
    pub phase: u32,
    pub text: String,
    pub target: f64,
    #[serde(default)]
    pub band_top: Option<f64>,
    #[serde(default)]
    pub daily_volume: Option<String>,
    #[serde(default)]
    pub retention_days: Option<f64>,
    #[serde(default)]
    pub storage_class: Option<String>,
    #[serde(default)]
    pub seconds: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fit {
    pub profile: String,
    pub workload: String,
    pub engines: Vec<String>,
}

/// Criterion ids the scorecard can measure (or knows it cannot yet).
pub const KNOWN_CRITERIA: [&str; 9] = [
    "compression",
    "storage_cost",
    "query_latency",
    "dashboard_latency",
    "alert_delay",
    "realtime_alerts",
    "ocsf_authentication",
    "ocsf_detections",
    "share_under",
];

impl Roadmap {
    /// The roadmap shipped in the binary (`scenarios/roadmap.toml`).
    pub fn shipped() -> Result<Roadmap> {
        Roadmap::parse(crate::shipped::ROADMAP, &crate::shipped::origin("scenarios/roadmap.toml"))
    }

    /// `--roadmap FILE` when given, the shipped roadmap otherwise.
    pub fn load_or_shipped(path: Option<&Path>) -> Result<Roadmap> {
        match path {
            Some(p) => Roadmap::load(p),
            None => Roadmap::shipped(),
        }
    }

    pub fn load(path: &Path) -> Result<Roadmap> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read", path.display()))?;
        Roadmap::parse(&text, &path.display().to_string())
    }

    fn parse(text: &str, origin: &str) -> Result<Roadmap> {
        let r: Roadmap = crate::util::toml_file::parse(text, origin)?;
        for c in &r.criteria {
            if !KNOWN_CRITERIA.contains(&c.id.as_str()) {
                bail!(
                    "{}: criterion id `{}` is not one the report measures ({})",
                    origin,
                    c.id,
                    KNOWN_CRITERIA.join(", ")
                );
            }
        }
        Ok(r)
    }

    /// The roadmap's name for an engine (the engine's own name when it has none).
    pub fn engine_name<'a>(&'a self, engine: &'a str) -> &'a str {
        self.engine_names.get(engine).map_or(engine, String::as_str)
    }
}
