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
