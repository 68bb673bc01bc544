//! One progress bar per source: rows, raw-equivalent bytes, bytes on disk, rate, ETA.
//! Bars draw only when stderr is a terminal, so CI logs stay clean.

use indicatif::{HumanBytes, MultiProgress, ProgressBar, ProgressStyle};
use lakeproof_generators::SourceKind;
use std::collections::BTreeMap;

pub struct Progress {
    _multi: MultiProgress,
    bars: BTreeMap<SourceKind, ProgressBar>,
}

impl Progress {
    /// `planned` holds the expected rows per source.
    pub fn new(planned: &BTreeMap<SourceKind, u64>) -> Progress {
        let multi = MultiProgress::new();
        let style = ProgressStyle::with_template("{prefix:>16} [{bar:28}] {human_pos:>11}/{human_len:11} rows {per_sec:>14} ETA {eta:>4} {msg}")
            .expect("valid template")
            .progress_chars("=> ");
        let bars = planned
            .iter()
            .map(|(s, n)| {
                let bar =
                    multi.add(ProgressBar::new(*n).with_style(style.clone()).with_prefix(s.name()));
                (*s, bar)
            })
            .collect();
        Progress { _multi: multi, bars }
    }

    pub fn update(&self, source: SourceKind, rows: u64, raw_bytes: u64, disk_bytes: Option<u64>) {
        if let Some(bar) = self.bars.get(&source) {
            bar.inc(rows);
            let disk =
                disk_bytes.map(|d| format!(" → {} on disk", HumanBytes(d))).unwrap_or_default();
            bar.set_message(format!("{} raw{disk}", HumanBytes(raw_bytes)));
        }
    }

    pub fn finish(&self) {
        for bar in self.bars.values() {
            bar.finish();
        }
    }
}
