//! The run manifest: what a generation run (`generate`, raw or into the lake) produced, per
//! source; written beside the tables (`<warehouse>/<namespace>/_lakeproof/runs/`) and inside
//! `bench generate` results.

use crate::util::process::peak_rss_bytes;
use lakeproof_generators::{Generator, Part, SourceKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::time::Instant;

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct SourceStats {
    pub rows: u64,
    /// Exact size of the same events in the source's native raw format.
    pub raw_bytes: u64,
    /// Bytes written to storage (data files for the lake, raw files for raw output).
    pub disk_bytes: u64,
    pub files: u64,
}

impl SourceStats {
    /// Compression ratio raw → on disk.
    pub fn ratio(&self) -> f64 {
        if self.disk_bytes == 0 {
            0.0
        } else {
            self.raw_bytes as f64 / self.disk_bytes as f64
        }
    }
}

/// Where one source's events went in the OCSF model (see `ocsf::convert`).
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcsfCoverage {
    pub rows: u64,
    /// Rows per OCSF class.
    pub by_class: BTreeMap<String, u64>,
    /// Rows no map took (not written to any OCSF table).
    pub unmapped: u64,
    /// Event types (the mapping's `coverage.event`) that fell to Base Event, with their rows.
    pub base_event_types: BTreeMap<String, u64>,
    /// Event types no map took, with their rows.
    pub unmapped_types: BTreeMap<String, u64>,
    /// Rows the mapping's `coverage.authentication` predicate calls authentication events.
    pub authentication_like: u64,
    /// Of those, the rows that landed in the Authentication class.
    pub authentication_like_in_authentication: u64,
    /// Event types of authentication events that landed elsewhere (target: none).
    pub authentication_elsewhere: BTreeMap<String, u64>,
}

impl OcsfCoverage {
    pub fn add(&mut self, o: &OcsfCoverage) {
        let sum = |a: &mut BTreeMap<String, u64>, b: &BTreeMap<String, u64>| {
            for (k, v) in b {
                *a.entry(k.clone()).or_default() += v;
            }
        };
        self.rows += o.rows;
        sum(&mut self.by_class, &o.by_class);
        self.unmapped += o.unmapped;
        sum(&mut self.base_event_types, &o.base_event_types);
        sum(&mut self.unmapped_types, &o.unmapped_types);
        self.authentication_like += o.authentication_like;
        self.authentication_like_in_authentication += o.authentication_like_in_authentication;
        sum(&mut self.authentication_elsewhere, &o.authentication_elsewhere);
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RunManifest {
    pub scenario: String,
    pub seed: u64,
    pub part: String,
    pub sources: BTreeMap<String, SourceStats>,
    pub labels: u64,
    pub seconds: f64,
    /// Peak resident memory of the process that wrote this part (VmHWM), taken when it
    /// finished; 0 in manifests written before it was recorded.
    #[serde(default)]
    pub peak_rss_bytes: u64,
    /// OCSF class tables written beside the native ones (`--model ocsf|both`): rows, data
    /// bytes and files per class (`raw_bytes` stays 0: a class mixes sources). Absent for a
    /// native-only run, so its manifest is unchanged.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ocsf: BTreeMap<String, SourceStats>,
    /// Per source: which OCSF class its events went to.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ocsf_coverage: BTreeMap<String, OcsfCoverage>,
    #[serde(skip)]
    started: Option<Instant>,
}

impl RunManifest {
    pub fn new(generator: &Generator, part: Part) -> RunManifest {
        RunManifest {
            scenario: generator.scenario.name.clone(),
            seed: generator.seed,
            part: format!("{}/{}", part.index + 1, part.count),
            sources: BTreeMap::new(),
            labels: 0,
            seconds: 0.0,
            peak_rss_bytes: 0,
            ocsf: BTreeMap::new(),
            ocsf_coverage: BTreeMap::new(),
            started: Some(Instant::now()),
        }
    }

    pub fn source(&mut self, s: SourceKind) -> &mut SourceStats {
        self.sources.entry(s.name().to_string()).or_default()
    }

    pub fn finish(&mut self) {
        if let Some(t) = self.started {
            self.seconds = t.elapsed().as_secs_f64();
        }
        self.peak_rss_bytes = peak_rss_bytes();
    }

    pub fn total(&self) -> SourceStats {
        self.sources.values().fold(SourceStats::default(), |mut a, s| {
            a.rows += s.rows;
            a.raw_bytes += s.raw_bytes;
            a.disk_bytes += s.disk_bytes;
            a.files += s.files;
            a
        })
    }
}
