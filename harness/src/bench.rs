//! `lakeproof bench generate`: how fast the generators and the lake writer are on this
//! machine, measured, with the resources used (CPU seconds from getrusage, peak RSS from
//! /proc/self/status). Speed targets live here, not in tests.

use crate::lake::writer::WriteSettings;
use crate::lake::{generate_lake, LakeOptions};
use crate::results::bench::{LakeSpeed, SourceSpeed};
use crate::util::process::{cpu_seconds, peak_rss_bytes};
use anyhow::Result;
use arrow_array::RecordBatch;
use lakeproof_generators::{Generator, Part, SourceKind, Want};
use std::time::Instant;

impl SourceSpeed {
    fn measured(
        source: SourceKind,
        mode: &str,
        rows: u64,
        raw_bytes: u64,
        seconds: f64,
    ) -> SourceSpeed {
        let per_sec = |v: f64| if seconds > 0.0 { v / seconds } else { 0.0 };
        SourceSpeed {
            source: source.name().into(),
            mode: mode.into(),
            rows,
            raw_bytes,
            seconds,
            rows_per_sec: per_sec(rows as f64),
            raw_mb_per_sec: per_sec(raw_bytes as f64 / 1e6),
        }
    }
}

/// Time generation of each source on one thread, for at least `min_seconds` each.
pub fn generation_speed(
    generator: &Generator,
    sources: &[SourceKind],
    arrow: bool,
    min_seconds: f64,
) -> Vec<SourceSpeed> {
    sources
        .iter()
        .map(|&s| {
            let units = generator.units(s, Part::WHOLE, None);
            let (mut rows, mut raw) = (0u64, 0u64);
            let t = Instant::now();
            'outer: loop {
                for u in &units {
                    let b = generator.generate(u, Want { raw: false, arrow });
                    rows += b.rows as u64;
                    raw += b.raw_bytes;
                    if t.elapsed().as_secs_f64() >= min_seconds {
                        break 'outer;
                    }
                }
                if units.is_empty() {
                    break;
                }
            }
            SourceSpeed::measured(
                s,
                if arrow { "raw+arrow" } else { "raw" },
                rows,
                raw,
                t.elapsed().as_secs_f64(),
            )
        })
        .collect()
}

/// Parquet encoding alone, one thread: a source's Arrow batches, generated beforehand and held in
/// memory (up to `max_rows`), written again and again with the lake's writer properties into a
/// Parquet writer that discards its output, for at least `min_seconds`. With `generation_speed`
/// this splits the end-to-end cost into generating and encoding, and bounds what a faster
/// generator alone could reach.
pub fn encoding_speed(
    generator: &Generator,
    sources: &[SourceKind],
    settings: &WriteSettings,
    max_rows: usize,
    min_seconds: f64,
) -> Result<Vec<SourceSpeed>> {
    sources
        .iter()
        .map(|&s| {
            let (mut units, mut rows, mut raw) = (Vec::new(), 0u64, 0u64);
            for u in generator.units(s, Part::WHOLE, None) {
                let b = generator.generate(&u, Want { raw: false, arrow: true });
                (rows, raw) = (rows + b.rows as u64, raw + b.raw_bytes);
                units.push(b.batch.expect("arrow was asked for"));
                if rows >= max_rows as u64 {
                    break;
                }
            }
            let batches = concat_in_runs(&units, settings.flush_rows)?;
            drop(units);
            let Some(schema) = batches.first().map(|b| b.schema()) else {
                return Ok(SourceSpeed::measured(s, "parquet", 0, 0, 0.0));
            };
            let props = settings.writer_properties(&schema, s.random_columns())?;
            let (mut passes, t) = (0u64, Instant::now());
            while passes == 0 || t.elapsed().as_secs_f64() < min_seconds {
                let mut w = parquet::arrow::ArrowWriter::try_new(
                    std::io::sink(),
                    schema.clone(),
                    Some(props.clone()),
                )?;
                for b in &batches {
                    w.write(b)?;
                }
                w.close()?;
                passes += 1;
            }
            Ok(SourceSpeed::measured(
                s,
                "parquet",
                rows * passes,
                raw * passes,
                t.elapsed().as_secs_f64(),
            ))
        })
        .collect()
}

/// The lake writer encodes its buffered units concatenated, `flush_rows` at a time: so does
/// the encoding benchmark.
fn concat_in_runs(batches: &[RecordBatch], rows_per_run: usize) -> Result<Vec<RecordBatch>> {
    let mut runs = Vec::new();
    let mut start = 0;
    while start < batches.len() {
        let mut end = start;
        let mut rows = 0;
        while end < batches.len() && (end == start || rows < rows_per_run) {
            rows += batches[end].num_rows();
            end += 1;
        }
        runs.push(arrow_select::concat::concat_batches(
            &batches[start].schema(),
            &batches[start..end],
        )?);
        start = end;
    }
    Ok(runs)
}

pub fn lake_speed(generator: &Generator, opts: &LakeOptions) -> Result<LakeSpeed> {
    let cpu0 = cpu_seconds();
    let t = Instant::now();
    let stats = generate_lake(generator, opts)?;
    let wall = t.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu0;
    let total = stats.total();
    Ok(LakeSpeed {
        threads: opts.threads,
        wall_seconds: wall,
        cpu_seconds: cpu,
        raw_bytes: total.raw_bytes,
        disk_bytes: total.disk_bytes,
        raw_mb_per_sec: total.raw_bytes as f64 / 1e6 / wall,
        raw_mb_per_cpu_sec: total.raw_bytes as f64 / 1e6 / cpu.max(1e-9),
        raw_mb_per_sec_per_thread: total.raw_bytes as f64 / 1e6 / wall / opts.threads as f64,
        peak_rss_bytes: peak_rss_bytes(),
        stats,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use lakeproof_generators::scenario::Scenario;
    use std::path::Path;

    #[test]
    fn encoding_speed_encodes_the_generated_rows_once_per_pass() {
        let toml = "name = \"t\"\nstart = \"2026-11-02T00:00:00Z\"\nend = \"2026-11-02T00:30:00Z\"\nvolume_per_day = \"40 MB\"\n[org]\nemployees = 50\nservers = 5\n";
        let g = Generator::new(Scenario::parse(toml, Path::new("t.toml")).unwrap(), 1);
        let sources = [SourceKind::ZeekConn, SourceKind::CloudTrail];
        // min_seconds 0: exactly one pass over every unit of the (small) scenario.
        let speeds =
            encoding_speed(&g, &sources, &WriteSettings::default(), usize::MAX, 0.0).unwrap();
        for (s, speed) in sources.iter().zip(&speeds) {
            let blocks: Vec<_> = g
                .units(*s, Part::WHOLE, None)
                .iter()
                .map(|u| g.generate(u, Want { raw: false, arrow: false }))
                .collect();
            assert_eq!(speed.source, s.name());
            assert_eq!(speed.mode, "parquet");
            assert_eq!(speed.rows, blocks.iter().map(|b| b.rows as u64).sum::<u64>());
            assert_eq!(speed.raw_bytes, blocks.iter().map(|b| b.raw_bytes).sum::<u64>());
            assert!(speed.rows > 0 && speed.seconds > 0.0);
        }
    }
}
