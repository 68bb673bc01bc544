//! The lake writer: a scenario's sources straight into Iceberg tables.
//!
//! Generation runs on worker threads (see [`crate::pipeline`]); each table has its own async
//! writer task fed through a bounded channel, so encoding overlaps generation and a slow table
//! back-pressures the generators. Each part commits each table once, atomically (fast append,
//! retried on concurrent commits and on failures whose outcome is unknown, see [`append`]), with
//! snapshot properties naming the part; a rerun of a part that already committed a table skips
//! that table, so parts can be retried safely.
//!
//! With an OCSF model (`--model ocsf|both`) each generated batch is also converted into OCSF
//! class batches on the generating worker (`ocsf::Model::convert`), and each class table in
//! namespace `ocsf` gets its own writer task like a source's: same layout rules, same part and
//! commit logic. Units reach the writers in the same order whatever the thread count, so the
//! OCSF tables are as deterministic as the native ones.

pub mod append;
pub mod catalog;
pub mod gc;
pub mod maintain;
pub mod metadata;
pub mod ocsf;
pub mod query;
pub mod tables;
pub mod writer;

use crate::pipeline::{nominal_raw_bytes, run_ordered, schedule, VOLUME_OVERSHOOT};
use crate::progress::Progress;
use crate::raw::part_suffix;
use crate::results::manifest::RunManifest;
use crate::util::disk::ensure_room;
use anyhow::{anyhow, Context, Result};
pub(crate) use append::commit;
use append::{has_snapshot_with, PART_KEY};
use arrow_array::RecordBatch;
use catalog::{Lake, LakeConfig};
use iceberg::table::Table;
use lakeproof_generators::rng::hash_str;
use lakeproof_generators::scenario::{RawFormats, VpcFlowFormat, WindowsFormat};
use lakeproof_generators::{labels, Generator, Part, SourceKind, Want};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use tables::{ensure_table, TableSpec};
use writer::{TableWriter, WriteSettings};

pub const LABELS_TABLE: &str = "labels";

pub struct LakeOptions {
    pub lake: LakeConfig,
    pub namespace: String,
    pub sources: Vec<SourceKind>,
    pub part: Part,
    pub window: Option<(i64, i64)>,
    pub threads: usize,
    pub settings: WriteSettings,
    pub progress: bool,
    /// Write the native tables (`--model native|both`).
    pub native: bool,
    /// Write the OCSF class tables too (`--model ocsf|both`).
    pub ocsf: Option<Arc<crate::ocsf::Model>>,
}

/// Identifies "this part of this run" in snapshot properties, for idempotent retries.
fn part_key(generator: &Generator, opts: &LakeOptions) -> String {
    let h = hash_str(&format!("{:?}|{}|{:?}", generator.scenario, generator.seed, opts.window));
    format!("{h:016x}:{}/{}", opts.part.index + 1, opts.part.count)
}

pub(crate) fn table_properties(settings: &WriteSettings) -> Vec<(String, String)> {
    vec![
        ("write.format.default".into(), "parquet".into()),
        ("write.parquet.compression-codec".into(), "zstd".into()),
        ("write.parquet.compression-level".into(), settings.zstd_level.to_string()),
        ("write.target-file-size-bytes".into(), settings.target_file_size.to_string()),
        ("write.metadata.delete-after-commit.enabled".into(), "true".into()),
        ("created-by".into(), format!("lakeproof {}", env!("CARGO_PKG_VERSION"))),
    ]
}

/// Table property holding the raw-equivalent bytes of snapshots that maintenance expired.
pub const EXPIRED_RAW_BYTES: &str = "lakeproof.expired-raw-bytes";

pub fn expired_raw_bytes(table: &Table) -> u64 {
    table.metadata().properties().get(EXPIRED_RAW_BYTES).and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// Raw-equivalent bytes the given snapshots added (`lakeproof.raw-bytes` in their summaries).
pub fn raw_bytes_of(table: &Table, snapshots: impl IntoIterator<Item = i64>) -> u64 {
    snapshots
        .into_iter()
        .filter_map(|id| table.metadata().snapshot_by_id(id))
        .filter_map(|s| {
            s.summary().additional_properties.get("lakeproof.raw-bytes")?.parse::<u64>().ok()
        })
        .sum()
}

/// Raw-equivalent bytes of everything the table holds: what its snapshots added, plus what
/// expired snapshots had added. (Compaction's replace snapshots add none: same events.)
pub fn table_raw_bytes(table: &Table) -> u64 {
    raw_bytes_of(table, table.metadata().snapshots().map(|s| s.snapshot_id()))
        + expired_raw_bytes(table)
}

/// The lowest compression ratio each source has shown in a measured run, rounded down: the
/// free-space check projects a lake's size from them. Measured (Parquet + ZSTD against the
/// native format, results/run-smoke-10g.json, results/scale-100g.md, the smoke scenario after
/// the value-realism work): Windows XML 38.8–53×, CloudTrail 10.1–10.2×, Zeek conn 3.39–3.4×,
/// Zeek DNS 7.1–7.3×, VPC flow v2 6.3–6.4×. Formats without a measured run take a lower floor
/// (Winlogbeat JSON is less verbose than the XML; VPC v5 carries more numbers).
fn least_ratio(source: SourceKind, formats: &RawFormats) -> f64 {
    match source {
        SourceKind::WindowsSecurity => match formats.windows {
            WindowsFormat::Xml => 35.0,
            WindowsFormat::Json => 15.0,
        },
        SourceKind::CloudTrail => 9.0,
        SourceKind::ZeekConn => 3.3,
        SourceKind::ZeekDns => 6.5,
        SourceKind::VpcFlow => match formats.vpc_flow {
            VpcFlowFormat::V2 => 5.5,
            VpcFlowFormat::V5 => 4.0,
        },
        // A defined source has no measured run behind it: the least any source has shown.
        SourceKind::Defined(_) => 2.0,
    }
}

/// The OCSF class tables' bytes per native byte, on the safe side: 1.64× measured on the smoke
/// lake (docs/ocsf.md: observables and unmapped repeat values the native tables hold once).
pub const OCSF_OVER_NATIVE: f64 = 2.0;

/// Bytes a part's lake is projected to take on disk, on the safe side: each source's nominal
/// raw volume times the generators' overshoot bound, at the least compression that source has
/// shown, plus room for metadata.
pub fn projected_lake_bytes(
    generator: &Generator,
    sources: &[SourceKind],
    part: Part,
    window: Option<(i64, i64)>,
) -> u64 {
    let formats = &generator.scenario.formats;
    let data: f64 = sources
        .iter()
        .map(|&s| {
            nominal_raw_bytes(generator, &[s], part, window) as f64 * VOLUME_OVERSHOOT
                / least_ratio(s, formats)
        })
        .sum();
    data as u64 + (64 << 20)
}

/// How [`projected_lake_bytes`] was reached, for the free-space error.
fn lake_size_note(
    generator: &Generator,
    sources: &[SourceKind],
    part: Part,
    window: Option<(i64, i64)>,
) -> String {
    let raw = nominal_raw_bytes(generator, sources, part, window) as f64 * VOLUME_OVERSHOOT;
    format!(
        "this part's {:.2} GB of raw logs, at the least compression each source has shown (Zeek conn 3.3×, Windows XML 35×),",
        raw / 1e9
    )
}

pub fn generate_lake(generator: &Generator, opts: &LakeOptions) -> Result<RunManifest> {
    crate::util::process::release_large_blocks();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(opts.threads.max(1))
        .enable_all()
        .build()?;
    let key = part_key(generator, opts);
    let run_id = format!(
        "{:016x}",
        hash_str(&format!("{key}|{}|{:?}", std::process::id(), std::time::SystemTime::now()))
    );
    let file_prefix = format!("{}-{}", part_suffix(opts.part), &run_id[..8]);
    if let LakeConfig::Embedded { dir } = &opts.lake {
        let native = projected_lake_bytes(generator, &opts.sources, opts.part, opts.window);
        let ocsf = if opts.ocsf.is_some() { native as f64 * OCSF_OVER_NATIVE } else { 0.0 };
        let needed = if opts.native { native } else { 0 } + ocsf as u64;
        ensure_room(
            dir,
            needed,
            &lake_size_note(generator, &opts.sources, opts.part, opts.window),
        )?;
    }
    let lake = rt.block_on(Lake::open(&opts.lake, &opts.namespace))?;

    // Tables first: a part that already committed a table skips it.
    let mut writers = BTreeMap::new();
    for &s in opts.sources.iter().filter(|_| opts.native) {
        let spec = TableSpec::for_source(s, table_properties(&opts.settings));
        let table = rt.block_on(ensure_table(&lake, &spec))?;
        if has_snapshot_with(&table, PART_KEY, &key) {
            eprintln!("{}: part {} already committed, skipped", s.name(), key);
            continue;
        }
        writers.insert(
            s,
            TableWriter::new(table, s.time_column(), &opts.settings, file_prefix.clone())?,
        );
    }
    let labels_spec = TableSpec {
        name: LABELS_TABLE.into(),
        schema: labels::schema(),
        time_column: "event_time".into(),
        properties: table_properties(&opts.settings),
    };
    let labels_table = rt.block_on(ensure_table(&lake, &labels_spec))?;
    let labels_done = has_snapshot_with(&labels_table, PART_KEY, &key);

    let ocsf_lake = match &opts.ocsf {
        Some(_) => Some(rt.block_on(Lake::open(&opts.lake, crate::ocsf::NAMESPACE))?),
        None => None,
    };
    let mut class_writers = BTreeMap::new();
    if let (Some(model), Some(ocsf_lake)) = (&opts.ocsf, &ocsf_lake) {
        for class in ocsf::classes_of(model, &opts.sources) {
            let spec = ocsf::table_spec(model, &class, table_properties(&opts.settings));
            let table = rt.block_on(ensure_table(ocsf_lake, &spec))?;
            if has_snapshot_with(&table, PART_KEY, &key) {
                eprintln!("ocsf.{class}: part {key} already committed, skipped");
                continue;
            }
            class_writers.insert(
                class,
                TableWriter::new(table, "time", &opts.settings, file_prefix.clone())?,
            );
        }
    }
    let convert: Vec<SourceKind> = match &opts.ocsf {
        Some(model) => opts
            .sources
            .iter()
            .copied()
            .filter(|s| model.classes_of(*s).iter().any(|c| class_writers.contains_key(*c)))
            .collect(),
        None => Vec::new(),
    };
    let sources: Vec<SourceKind> = opts
        .sources
        .iter()
        .copied()
        .filter(|s| writers.contains_key(s) || convert.contains(s))
        .collect();
    let units = schedule(generator, &sources, opts.part, opts.window);
    let mut planned = BTreeMap::new();
    for u in &units {
        *planned.entry(u.source).or_insert(0u64) += u.events as u64;
    }
    let progress = opts.progress.then(|| Progress::new(&planned));

    // One async writer task per table, fed through a bounded channel (back-pressure). The
    // channel holds one batch and at most two units per thread are in flight: deeper queues
    // bought no speed and cost ~140 MB of peak RSS on a 15 GB/day day (measured, README).
    let mut senders = HashMap::new();
    let mut tasks = Vec::new();
    let mut class_senders = HashMap::new();
    let mut class_tasks = Vec::new();
    for (class, mut w) in class_writers {
        let (tx, mut rx) = tokio::sync::mpsc::channel::<(RecordBatch, i64)>(1);
        class_senders.insert(class.clone(), tx);
        class_tasks.push((
            class,
            rt.spawn(async move {
                while let Some((batch, watermark)) = rx.recv().await {
                    w.push(batch, watermark).await?;
                }
                w.finish().await
            }),
        ));
    }
    for (s, mut w) in writers {
        let (tx, mut rx) = tokio::sync::mpsc::channel::<(RecordBatch, i64)>(1);
        senders.insert(s, tx);
        tasks.push((
            s,
            rt.spawn(async move {
                while let Some((batch, watermark)) = rx.recv().await {
                    w.push(batch, watermark).await?;
                }
                w.finish().await
            }),
        ));
    }

    let mut stats = RunManifest::new(generator, opts.part);
    let mut all_labels = Vec::new();
    let generated = run_ordered(
        &units,
        opts.threads,
        opts.threads * 2,
        |unit| {
            let block = generator.generate(unit, Want { raw: false, arrow: true });
            let converted = match (&opts.ocsf, convert.contains(&unit.source)) {
                (Some(model), true) => Some(
                    model
                        .convert(unit.source, block.batch.as_ref().expect("arrow batch requested")),
                ),
                _ => None,
            };
            (block, converted)
        },
        |unit, (block, converted)| -> Result<()> {
            let s = stats.source(unit.source);
            s.rows += block.rows as u64;
            s.raw_bytes += block.raw_bytes;
            if let Some(p) = &progress {
                p.update(unit.source, block.rows as u64, s.raw_bytes, None);
            }
            all_labels.extend(block.labels);
            if let Some(converted) = converted {
                let converted = converted?;
                stats
                    .ocsf_coverage
                    .entry(unit.source.name().to_string())
                    .or_default()
                    .add(&converted.coverage);
                for (class, batch) in converted.batches {
                    let Some(tx) = class_senders.get(&class) else { continue };
                    stats.ocsf.entry(class.clone()).or_default().rows += batch.num_rows() as u64;
                    tx.blocking_send((batch, unit.start))
                        .map_err(|_| anyhow!("ocsf.{class} writer stopped"))?;
                }
            }
            let batch = block.batch.expect("arrow batch requested");
            match senders.get(&unit.source) {
                Some(tx) => tx
                    .blocking_send((batch, unit.start))
                    .map_err(|_| anyhow!("{} writer stopped", unit.source)),
                None => Ok(()),
            }
        },
    );
    drop(senders);
    drop(class_senders);
    let mut class_written = Vec::new();
    for (class, task) in class_tasks {
        let r = rt.block_on(task).context("writer task panicked")?;
        class_written.push((class.clone(), r.with_context(|| format!("writing ocsf.{class}"))?));
    }
    let mut written = Vec::new();
    for (s, task) in tasks {
        let r = rt.block_on(task).context("writer task panicked")?;
        written.push((s, r.with_context(|| format!("writing {}", s.name()))?));
    }
    generated?;
    if let Some(p) = &progress {
        p.finish();
    }

    // Commit each table (one snapshot per table per part).
    let props = HashMap::from([
        (PART_KEY.to_string(), key.clone()),
        ("lakeproof.run-id".to_string(), run_id.clone()),
        ("lakeproof.scenario".to_string(), generator.scenario.name.clone()),
        ("lakeproof.seed".to_string(), generator.seed.to_string()),
    ]);
    for (s, (table, files)) in written {
        let st = stats.source(s);
        st.files = files.len() as u64;
        st.disk_bytes = files.iter().map(|f| f.file_size_in_bytes()).sum();
        // The compression accounting travels with the data: any Iceberg tool can read it.
        let mut props = props.clone();
        props.insert("lakeproof.raw-bytes".into(), st.raw_bytes.to_string());
        props.insert("lakeproof.rows".into(), st.rows.to_string());
        rt.block_on(commit(&lake, table, files, props))
            .with_context(|| format!("committing {}", s.name()))?;
    }
    if let Some(ocsf_lake) = &ocsf_lake {
        for (class, (table, files)) in class_written {
            let st = stats.ocsf.entry(class.clone()).or_default();
            st.files = files.len() as u64;
            st.disk_bytes = files.iter().map(|f| f.file_size_in_bytes()).sum();
            let mut props = props.clone();
            props.insert("lakeproof.rows".into(), st.rows.to_string());
            rt.block_on(commit(ocsf_lake, table, files, props))
                .with_context(|| format!("committing ocsf.{class}"))?;
        }
    }
    if !labels_done {
        let mut w = TableWriter::new(labels_table, "event_time", &opts.settings, file_prefix)?;
        let batch = labels::to_batch(&all_labels);
        let (table, files) = rt.block_on(async {
            w.push(batch, i64::MIN).await?;
            w.finish().await
        })?;
        rt.block_on(commit(&lake, table, files, props))?;
    }
    stats.labels = all_labels.len() as u64;
    stats.finish();
    let name = format!("runs/{}.{}.json", run_id, part_suffix(opts.part));
    let path = lake.write_manifest(&name, &serde_json::to_vec_pretty(&stats)?)?;
    eprintln!("run manifest: {}", path.display());
    Ok(stats)
}
