//! `lakeproof generate --format raw`: the sources' native-format files, one folder per source,
//! for users who feed them to their own pipelines (Tenzir, Vector, a SIEM).
//!
//! Each file is written to a temporary name and renamed, so an interrupted run never leaves a
//! half-written file under a final name.

use crate::pipeline::{nominal_raw_bytes, run_ordered, schedule, VOLUME_OVERSHOOT};
use crate::progress::Progress;
use crate::results::manifest::{RunManifest, SourceStats};
use crate::util::fs::write_atomic;
use anyhow::Result;
use lakeproof_generators::{labels, Generator, Part, SourceKind, Want};
use std::collections::BTreeMap;
use std::path::PathBuf;

pub struct RawOptions {
    pub out: PathBuf,
    pub sources: Vec<SourceKind>,
    pub part: Part,
    pub window: Option<(i64, i64)>,
    pub threads: usize,
    pub progress: bool,
}

pub fn part_suffix(part: Part) -> String {
    format!("part-{:04}-of-{:04}", part.index + 1, part.count)
}

pub fn generate_raw(generator: &Generator, opts: &RawOptions) -> Result<RunManifest> {
    let raw = nominal_raw_bytes(generator, &opts.sources, opts.part, opts.window) as f64
        * VOLUME_OVERSHOOT;
    let what = format!("this part's {:.2} GB of raw logs", raw / 1e9);
    crate::util::disk::ensure_room(&opts.out, raw as u64 + (64 << 20), &what)?;
    let units = schedule(generator, &opts.sources, opts.part, opts.window);
    let mut planned = BTreeMap::new();
    for u in &units {
        *planned.entry(u.source).or_insert(0) += u.events as u64;
    }
    let progress = opts.progress.then(|| Progress::new(&planned));
    let mut stats = RunManifest::new(generator, opts.part);
    let mut labels = Vec::new();
    let out = &opts.out;
    run_ordered(
        &units,
        opts.threads,
        opts.threads * 4,
        |unit| -> Result<_> {
            let block = generator.generate(unit, Want { raw: true, arrow: false });
            let dir = out.join(unit.source.name());
            for doc in &block.raw_docs {
                write_atomic(&dir.join(&doc.name), &doc.bytes)?;
            }
            Ok((block.rows, block.raw_bytes, block.raw_docs.len(), block.labels))
        },
        |unit, result| -> Result<()> {
            let (rows, raw_bytes, files, unit_labels) = result?;
            let s: &mut SourceStats = stats.source(unit.source);
            s.rows += rows as u64;
            s.raw_bytes += raw_bytes;
            s.files += files as u64;
            s.disk_bytes += raw_bytes;
            if let Some(p) = &progress {
                p.update(unit.source, rows as u64, s.raw_bytes, None);
            }
            labels.extend(unit_labels);
            Ok(())
        },
    )?;
    if let Some(p) = &progress {
        p.finish();
    }
    let mut csv = Vec::new();
    labels::to_csv(&labels, &mut csv, true);
    write_atomic(&out.join("labels").join(format!("labels.{}.csv", part_suffix(opts.part))), &csv)?;
    stats.labels = labels.len() as u64;
    stats.finish();
    write_atomic(
        &out.join("_lakeproof").join(format!("raw-manifest.{}.json", part_suffix(opts.part))),
        &serde_json::to_vec_pretty(&stats)?,
    )?;
    Ok(stats)
}
