//! `lakeproof stream`: a scenario's sources fed into the Iceberg tables on a (possibly
//! accelerated) clock, committed every commit interval, while the alerting profile's rules run
//! on a schedule against one engine. Measures what a static dataset cannot: detection latency
//! against the roadmap's 2-minute target, and how snapshots, files and metadata grow under
//! small commits (pitfall 4; `lakeproof lake maintain` is the cure).
//!
//! Commits are Iceberg fast appends, each atomic: a run stopped at any moment (Ctrl-C, kill -9)
//! leaves every table at its last commit.

pub mod alerts;
pub mod feed;

use crate::engines::{Attach, Engine, TableRef};
use crate::lake::catalog::{Lake, LakeConfig};
use crate::lake::tables::{ensure_table, TableSpec};
use crate::lake::writer::{TableWriter, WriteSettings};
use crate::lake::{commit, table_properties, LABELS_TABLE};
use crate::results::machine::{machine, now_iso};
use crate::results::stream::*;
use crate::workloads::profile::sql_time;
use alerts::AlertLoop;
use anyhow::{Context, Result};
use feed::{Feed, Ready};
use iceberg::table::Table;
use indicatif::{ProgressBar, ProgressStyle};
use lakeproof_generators::attacks::Label;
use lakeproof_generators::fmt::Micros;
use lakeproof_generators::rng::hash_str;
use lakeproof_generators::{labels, Generator, SourceKind};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub struct StreamOptions {
    pub lake: LakeConfig,
    pub namespace: String,
    pub sources: Vec<SourceKind>,
    /// Scenario seconds per wall second; 0 runs as fast as the machine allows.
    pub speed: f64,
    pub commit_interval: Micros,
    pub alert_interval: Micros,
    /// The engine the alert rules run on (None: ingest only).
    pub alerts: Option<String>,
    pub workloads: crate::workloads::profile::Workloads,
    pub settings: WriteSettings,
    pub progress: bool,
    /// Set to stop after the step in progress (Ctrl-C).
    pub stop: Arc<AtomicBool>,
}

/// A step on the scenario clock; at equal times the commit goes first so the round sees it.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Step {
    Commit(Micros),
    Round(Micros),
}

impl Step {
    fn at(self) -> Micros {
        match self {
            Step::Commit(t) | Step::Round(t) => t,
        }
    }
}

/// Commits every `commit` and rounds every `round` from `start`, both ending exactly at `end`.
fn timeline(start: Micros, end: Micros, commit: Micros, round: Option<Micros>) -> Vec<Step> {
    let ticks = |every: Micros| {
        let mut v: Vec<Micros> =
            (1..).map(|k| start + k * every).take_while(|&t| t < end).collect();
        v.push(end);
        v
    };
    let mut steps: Vec<Step> = ticks(commit).into_iter().map(Step::Commit).collect();
    if let Some(r) = round {
        steps.extend(ticks(r).into_iter().map(Step::Round));
    }
    steps.sort_by_key(|s| (s.at(), matches!(s, Step::Round(_))));
    steps
}

/// The tables being fed, with what has been committed to them.
struct Tables {
    lake: Lake,
    tables: BTreeMap<String, Table>,
    data_files: u64,
    data_bytes: u64,
}

impl Tables {
    fn attach(&self) -> Result<Attach> {
        let mut a = Attach::default();
        for (name, t) in &self.tables {
            let meta =
                t.metadata_location().context("table without metadata location")?.to_string();
            a.tables.insert(
                name.clone(),
                TableRef { metadata_location: meta, location: t.metadata().location().to_string() },
            );
        }
        Ok(a)
    }

    fn metadata_bytes(&self) -> u64 {
        let dir_bytes = |loc: &str| -> u64 {
            let Some(path) = loc.strip_prefix("file://") else { return 0 };
            std::fs::read_dir(PathBuf::from(path).join("metadata"))
                .map_or(0, |d| d.flatten().filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum())
        };
        self.tables.values().map(|t| dir_bytes(t.metadata().location())).sum()
    }

    fn snapshots(&self) -> u64 {
        self.tables.values().map(|t| t.metadata().snapshots().count() as u64).sum()
    }
}

pub fn run_stream(generator: &Generator, opts: &StreamOptions) -> Result<StreamResult> {
    let started_at = now_iso();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let lake = rt.block_on(Lake::open(&opts.lake, &opts.namespace))?;
    let warehouse = lake.location.clone();
    let mut tables = Tables { lake, tables: BTreeMap::new(), data_files: 0, data_bytes: 0 };
    let props = table_properties(&opts.settings);
    for &s in &opts.sources {
        let spec = TableSpec::for_source(s, props.clone());
        tables.tables.insert(s.name().into(), rt.block_on(ensure_table(&tables.lake, &spec))?);
    }
    let labels_spec = TableSpec {
        name: LABELS_TABLE.into(),
        schema: labels::schema(),
        time_column: "event_time".into(),
        properties: props,
    };
    tables
        .tables
        .insert(LABELS_TABLE.into(), rt.block_on(ensure_table(&tables.lake, &labels_spec))?);
    // Growth counts what the tables already hold (a backfilled history) plus what is streamed.
    for t in tables.tables.values() {
        let total = |k: &str| {
            t.metadata()
                .current_snapshot()
                .and_then(|s| s.summary().additional_properties.get(k)?.parse::<u64>().ok())
                .unwrap_or(0)
        };
        tables.data_files += total("total-data-files");
        tables.data_bytes += total("total-files-size");
    }

    let mut alert_loop = match &opts.alerts {
        Some(name) => {
            let engine = crate::engines::start(name)?;
            Some(AlertLoop::new(engine, &opts.workloads, |t| tables.tables.contains_key(t))?)
        }
        None => None,
    };
    if let Some(a) = alert_loop.as_mut() {
        a.know_history(history_labels(&tables)?);
    }
    let engine_version = alert_loop.as_mut().map(|a| a.engine_version());
    let (start, end) = (generator.scenario.start, generator.scenario.end);
    let steps = timeline(
        start,
        end,
        opts.commit_interval,
        alert_loop.as_ref().map(|_| opts.alert_interval),
    );
    let run_id = format!("{:016x}", hash_str(&format!("{started_at}|{}", std::process::id())));

    let bar = opts.progress.then(|| {
        let b = ProgressBar::new(((end - start) / 1_000_000) as u64);
        b.set_style(
            ProgressStyle::with_template("stream [{bar:30}] {pos}/{len} scenario s  {msg}")
                .expect("valid template")
                .progress_chars("=> "),
        );
        b
    });

    let mut feed = Feed::new(generator, &opts.sources);
    let mut commits = Vec::new();
    let mut rounds = Vec::new();
    let (mut rows, mut raw_bytes) = (0u64, 0f64);
    let mut max_lag_ms = 0f64;
    let mut interrupted = false;
    let wall0 = Instant::now();
    for (k, step) in steps.iter().enumerate() {
        if opts.stop.load(Ordering::SeqCst) {
            interrupted = true;
            break;
        }
        max_lag_ms = max_lag_ms.max(wait_for(step.at() - start, opts.speed, wall0, &opts.stop));
        match *step {
            Step::Commit(t) => {
                let t0 = Instant::now();
                let (ready, labels) = feed.release(t)?;
                let (r, raw, files) = rt.block_on(commit_step(
                    &mut tables,
                    ready,
                    &labels,
                    t,
                    &opts.settings,
                    &format!("stream-{}-{k:06}", &run_id[..8]),
                    generator,
                ))?;
                rows += r;
                raw_bytes += raw;
                if let Some(a) = alert_loop.as_mut() {
                    a.learn(&labels, t);
                }
                commits.push(CommitRecord {
                    at: sql_time(t),
                    wall_ms: t0.elapsed().as_secs_f64() * 1000.0,
                    rows: r,
                    files_added: files,
                    snapshots: tables.snapshots(),
                    data_files: tables.data_files,
                    data_bytes: tables.data_bytes,
                    avg_file_bytes: if tables.data_files == 0 {
                        0.0
                    } else {
                        tables.data_bytes as f64 / tables.data_files as f64
                    },
                    metadata_bytes: tables.metadata_bytes(),
                });
            }
            Step::Round(t) => {
                let a = alert_loop.as_mut().expect("rounds only with an alert engine");
                rounds.push(a.round(t, &tables.attach()?)?);
            }
        }
        if let Some(b) = &bar {
            b.set_position(((step.at() - start) / 1_000_000) as u64);
            let detected = alert_loop.as_ref().map_or(String::new(), |a| {
                format!(", {}/{} attacks detected", a.detections.len(), a.attacks.len())
            });
            b.set_message(format!(
                "{} commits, {rows} rows{detected}, lag {:.1} s",
                commits.len(),
                max_lag_ms / 1000.0
            ));
        }
    }
    if let Some(b) = &bar {
        b.finish();
    }

    let (detections, rules, overall) = match &alert_loop {
        Some(a) => summarize(a),
        None => (Vec::new(), Vec::new(), summarize_nothing()),
    };
    let settings = StreamSettings {
        speed: opts.speed,
        start: sql_time(start),
        duration_s: (end - start) as f64 / 1e6,
        commit_interval_s: opts.commit_interval as f64 / 1e6,
        alert_interval_s: opts.alert_interval as f64 / 1e6,
        alert_window_minutes: alert_loop.as_ref().map_or(0.0, |a| a.window as f64 / 60e6),
        engine: alert_loop.as_ref().map(|a| a.engine_name()),
        engine_version,
        volume_per_day: generator.scenario.volume_per_day,
        events_per_scenario_second: rows as f64 / ((end - start) as f64 / 1e6),
    };
    if let Some(a) = alert_loop {
        a.close();
    }
    Ok(StreamResult {
        schema_version: STREAM_SCHEMA_VERSION,
        kind: "lakeproof.stream".into(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        started_at,
        finished_at: now_iso(),
        machine: machine(),
        scenario: generator.scenario.name.clone(),
        seed: generator.seed,
        warehouse,
        settings,
        interrupted,
        max_lag_ms,
        rows,
        raw_bytes: raw_bytes.round() as u64,
        rows_held_back: feed.held_back(),
        commits,
        rounds,
        detections,
        rules,
        overall,
    })
}

/// Event keys in the labels table before the stream starts (read with DataFusion in process).
fn history_labels(tables: &Tables) -> Result<Vec<String>> {
    let attach = tables.attach()?;
    let has_rows =
        tables.tables.get(LABELS_TABLE).is_some_and(|t| t.metadata().current_snapshot().is_some());
    if !has_rows {
        return Ok(Vec::new());
    }
    let mut df = crate::engines::datafusion::DataFusion::new()?;
    df.open(&attach)?;
    let a = df.query(
        &format!("SELECT DISTINCT event_key FROM {LABELS_TABLE}"),
        Duration::from_secs(300),
    )?;
    Ok(a.rows.into_iter().filter_map(|r| r.into_iter().next().flatten()).collect())
}

/// Sleep until the wall clock reaches scenario offset `offset` at `speed` (checking `stop`);
/// returns how late we already were, in ms.
fn wait_for(offset: Micros, speed: f64, wall0: Instant, stop: &AtomicBool) -> f64 {
    if speed <= 0.0 {
        return 0.0;
    }
    let due = wall0 + Duration::from_secs_f64(offset as f64 / 1e6 / speed);
    let now = Instant::now();
    if now >= due {
        return (now - due).as_secs_f64() * 1000.0;
    }
    while Instant::now() < due && !stop.load(Ordering::SeqCst) {
        std::thread::sleep((due - Instant::now()).min(Duration::from_millis(200)));
    }
    0.0
}

/// Write and commit what is due, one fast append per table that has rows. Returns rows,
/// raw-equivalent bytes and files added.
async fn commit_step(
    tables: &mut Tables,
    ready: BTreeMap<SourceKind, Ready>,
    labels: &[Label],
    at: Micros,
    settings: &WriteSettings,
    prefix: &str,
    generator: &Generator,
) -> Result<(u64, f64, u64)> {
    let base = HashMap::from([
        ("lakeproof.stream-time".to_string(), sql_time(at)),
        ("lakeproof.scenario".to_string(), generator.scenario.name.clone()),
        ("lakeproof.seed".to_string(), generator.seed.to_string()),
    ]);
    let (mut rows, mut raw, mut files_added) = (0, 0.0, 0);
    let mut batches: Vec<(String, &'static str, Vec<arrow_array::RecordBatch>, u64, f64)> = ready
        .into_iter()
        .map(|(s, r)| (s.name().to_string(), s.time_column(), r.batches, r.rows, r.raw_bytes))
        .collect();
    if !labels.is_empty() {
        batches.push((
            LABELS_TABLE.to_string(),
            "event_time",
            vec![labels::to_batch(labels)],
            0,
            0.0,
        ));
    }
    for (name, time_column, parts, n, raw_bytes) in batches {
        let table = tables.tables[&name].clone();
        let mut w = TableWriter::new(table, time_column, settings, prefix.to_string())?;
        for b in parts {
            w.push(b, i64::MIN).await?;
        }
        let (table, files) = w.finish().await?;
        files_added += files.len() as u64;
        tables.data_files += files.len() as u64;
        tables.data_bytes += files.iter().map(|f| f.file_size_in_bytes()).sum::<u64>();
        let mut props = base.clone();
        if name != LABELS_TABLE {
            props.insert("lakeproof.raw-bytes".into(), (raw_bytes.round() as u64).to_string());
            props.insert("lakeproof.rows".into(), n.to_string());
        }
        let table = commit(&tables.lake, table, files, props)
            .await
            .with_context(|| format!("committing {name} at {}", sql_time(at)))?;
        tables.tables.insert(name, table);
        rows += n;
        raw += raw_bytes;
    }
    Ok((rows, raw, files_added))
}

fn summarize(a: &AlertLoop) -> (Vec<Detection>, Vec<RuleSummary>, Overall) {
    let detections: Vec<Detection> = a.detections.values().cloned().collect();
    let mut rules = Vec::new();
    for r in &a.rules {
        let expected = a.attacks.values().filter(|k| **k == r.attack).count() as u64;
        let mine: Vec<&Detection> = detections.iter().filter(|d| d.attack == r.attack).collect();
        rules.push(RuleSummary {
            rule: r.name.clone(),
            attack: r.attack.clone(),
            expected,
            detected: mine.len() as u64,
            latency_s: Stats::of(&mine.iter().map(|d| d.latency_s).collect::<Vec<_>>()),
            query_ms: Stats::of(a.query_ms.get(&r.name).map_or(&[][..], |v| v.as_slice())),
            false_alert_events: a.false_keys.get(&r.name).map_or(0, |k| k.len() as u64),
            error: a.errors.get(&r.name).cloned(),
        });
    }
    let expected = rules.iter().map(|r| r.expected).sum::<u64>();
    let detected = rules.iter().map(|r| r.detected).sum::<u64>();
    let latencies: Vec<f64> = detections.iter().map(|d| d.latency_s).collect();
    let queries: Vec<f64> = a.query_ms.values().flatten().copied().collect();
    let latency = Stats::of(&latencies);
    let query = Stats::of(&queries);
    let overall = Overall {
        expected,
        detected,
        recall: (expected > 0).then(|| detected as f64 / expected as f64),
        latency_pass: detected == expected
            && expected > 0
            && latency.max.is_some_and(|m| m <= ALERT_LATENCY_TARGET_S),
        latency_s: latency,
        latency_target_s: ALERT_LATENCY_TARGET_S,
        query_pass: query.p95.is_some_and(|p| p < ALERT_QUERY_TARGET_MS),
        query_ms: query,
        query_target_ms: ALERT_QUERY_TARGET_MS,
        false_alert_events: rules.iter().map(|r| r.false_alert_events).sum(),
    };
    (detections, rules, overall)
}

fn summarize_nothing() -> Overall {
    Overall {
        expected: 0,
        detected: 0,
        recall: None,
        latency_s: Stats::default(),
        latency_target_s: ALERT_LATENCY_TARGET_S,
        latency_pass: false,
        query_ms: Stats::default(),
        query_target_ms: ALERT_QUERY_TARGET_MS,
        query_pass: false,
        false_alert_events: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timeline_commits_before_rounds_at_equal_times_and_ends_at_the_end() {
        let steps = timeline(0, 250, 100, Some(50));
        let kinds: Vec<String> = steps.iter().map(|s| format!("{s:?}")).collect();
        assert_eq!(
            kinds,
            [
                "Round(50)",
                "Commit(100)",
                "Round(100)",
                "Round(150)",
                "Commit(200)",
                "Round(200)",
                "Commit(250)",
                "Round(250)"
            ]
        );
        assert!(timeline(0, 250, 100, None).iter().all(|s| matches!(s, Step::Commit(_))));
    }
}
