//! `lakeproof run`: every profile's queries on every engine, on the same Iceberg snapshot.
//!
//! Per engine × query: one cold run (the first after the engine opened the tables), `warmup`
//! discarded runs, then `iterations` timed hot runs (by `concurrency` clients at once, latencies
//! pooled). A failing or absent engine is recorded as failed and the run goes on. Answers are
//! compared across engines (row count + order-insensitive checksum of canonical values); a
//! difference sets `mismatch` on every answer to that query. Alerting queries are also run once
//! over the whole dataset and their `event_key` column checked against the labels table.

use super::ctas;
use super::profile::{sql_time, substitute, Overrides, Profile, TableModel, Workloads};
use crate::engines::{self, values, Answer, Attach, Engine, TableRef};
use crate::lake::catalog::{Lake, LakeConfig};
use crate::results::machine::{machine, now_iso};
use crate::results::run::*;
use crate::results::stats::percentile;
use crate::util::page_cache::{evict_tree, tree_read_bytes, Eviction};
use anyhow::{Context, Result};
use lakeproof_generators::fmt::{civil_string, Micros};
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

pub struct RunOptions {
    pub lake: LakeConfig,
    pub namespace: String,
    pub engines: Vec<String>,
    pub profiles: Vec<String>,
    pub workloads: Workloads,
    pub scenario_name: String,
    pub scenario_file: String,
    /// sha256 of the scenario file and the seed the lake was generated with: what makes two
    /// runs' data the same (recorded in the result).
    pub scenario_hash: String,
    pub seed: u64,
    pub start: Micros,
    pub end: Micros,
    pub postgres: Option<engines::Postgres>,
    /// Print one line per query as it completes.
    pub verbose: bool,
    /// Overrides of every profile's iterations, warm-up and clients (recorded in the result's
    /// profiles).
    pub overrides: Overrides,
    /// Make every cold run cold: evict this folder's files (the local warehouse) from the page
    /// cache and restart the engine before each query's cold run, and record what the engine's
    /// processes read from disk during it. None: the cold run is the first after the engine
    /// opened the tables, whatever the cache holds.
    pub evict: Option<std::path::PathBuf>,
    /// Re-run each detection over the whole dataset and count the labelled attacks it finds.
    /// A correctness check, not a timed run: on a lake larger than memory it takes longer than
    /// the timed runs, so a sweep checks it at its smallest volume only (the detections and
    /// the attacks are the same at every volume).
    pub recall: bool,
}

/// The tables a query names (whole words of its SQL), among the lake's.
fn tables_named<'t>(sql: &str, tables: impl Iterator<Item = &'t String>) -> Vec<&'t String> {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    tables
        .filter(|t| {
            sql.match_indices(t.as_str())
                .any(|(i, _)| !sql[..i].ends_with(word) && !sql[i + t.len()..].starts_with(word))
        })
        .collect()
}

/// What a query's window selects of the tables it names, from their manifests (cached per
/// table and window: every engine runs the same queries).
struct WindowIndex<'r> {
    rt: &'r tokio::runtime::Runtime,
    tables: BTreeMap<String, iceberg::table::Table>,
    cache: BTreeMap<(String, Option<(Micros, Micros)>), WindowBytes>,
}

impl WindowIndex<'_> {
    fn bytes(&mut self, sql: &str, window: Option<(Micros, Micros)>) -> Result<WindowBytes> {
        let mut total = WindowBytes::default();
        let named: Vec<String> =
            tables_named(sql, self.tables.keys()).into_iter().cloned().collect();
        for name in named {
            let key = (name.clone(), window);
            if let Some(b) = self.cache.get(&key) {
                total += *b;
                continue;
            }
            let table = &self.tables[&name];
            let (_, time) = crate::lake::metadata::time_column(table)?;
            let b = self.rt.block_on(crate::lake::metadata::window_scan(table, &time, window))?;
            self.cache.insert(key, b);
            total += b;
        }
        Ok(total)
    }
}

/// The OCSF class tables (namespace `ocsf`, written by `generate --model ocsf|both`), or none
/// when the lake has no such namespace.
fn ocsf_tables(lake: &Lake, rt: &tokio::runtime::Runtime) -> Result<Vec<iceberg::TableIdent>> {
    let ns = iceberg::NamespaceIdent::new(crate::ocsf::NAMESPACE.to_string());
    if lake.namespace == ns || !rt.block_on(lake.catalog.namespace_exists(&ns))? {
        return Ok(Vec::new());
    }
    Ok(rt.block_on(lake.catalog.list_tables(&ns))?)
}

/// The lake's tables as engines attach them, and what they hold. The OCSF class tables, when
/// the lake has them, are attached beside the native ones under their own names (for profiles
/// written on OCSF fields); the dataset describes the native tables only, which compression
/// and cost are computed from.
pub(crate) fn dataset(lake: &Lake, rt: &tokio::runtime::Runtime) -> Result<(Attach, Dataset)> {
    let mut attach = Attach::default();
    let mut ds = Dataset {
        warehouse: lake.location.clone(),
        namespace: lake.namespace.join("."),
        tables: BTreeMap::new(),
    };
    for ident in rt.block_on(lake.catalog.list_tables(&lake.namespace))? {
        let table = rt.block_on(lake.catalog.load_table(&ident))?;
        let meta = table.metadata();
        let Some(snapshot) = meta.current_snapshot() else { continue };
        let summary = &snapshot.summary().additional_properties;
        let num = |k: &str| summary.get(k).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
        let raw_bytes = crate::lake::table_raw_bytes(&table);
        let metadata_location =
            table.metadata_location().context("table without metadata location")?.to_string();
        attach.tables.insert(
            ident.name().to_string(),
            TableRef {
                metadata_location: metadata_location.clone(),
                location: meta.location().to_string(),
            },
        );
        ds.tables.insert(
            ident.name().to_string(),
            TableInfo {
                rows: num("total-records"),
                raw_bytes,
                data_bytes: num("total-files-size"),
                data_files: num("total-data-files"),
                snapshot_id: snapshot.snapshot_id(),
                metadata_location,
            },
        );
    }
    for ident in ocsf_tables(lake, rt)? {
        let table = rt.block_on(lake.catalog.load_table(&ident))?;
        if table.metadata().current_snapshot().is_none() {
            continue;
        }
        let name = ident.name().to_string();
        anyhow::ensure!(
            !attach.tables.contains_key(&name),
            "{}: table `{name}` is in namespace {} and in namespace {}: a query could not say which \
             it means",
            lake.location,
            ds.namespace,
            crate::ocsf::NAMESPACE
        );
        attach.tables.insert(
            name,
            TableRef {
                metadata_location: table
                    .metadata_location()
                    .context("table without metadata location")?
                    .to_string(),
                location: table.metadata().location().to_string(),
            },
        );
    }
    Ok((attach, ds))
}

/// Parameters from `parameters.toml` (name = SQL returning one value), evaluated on DataFusion.
fn parameters(
    reference: &mut dyn Engine,
    workloads: &Workloads,
    base: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>> {
    let mut out = base.clone();
    let Some(text) = workloads.read("parameters.toml")? else { return Ok(out) };
    let path = workloads.origin("parameters.toml");
    let table: BTreeMap<String, String> = crate::util::toml_file::parse(&text, &path)?;
    for (name, sql) in table {
        let sql = substitute(&sql, &out, &name)?;
        let a = reference
            .query(&sql, Duration::from_secs(120))
            .with_context(|| format!("{path}: parameter `{name}`"))?;
        let v = a
            .rows
            .first()
            .and_then(|r| r.first().cloned().flatten())
            .with_context(|| format!("{path}: parameter `{name}` returned no value"))?;
        out.insert(name, v);
    }
    Ok(out)
}

/// The attack labels, read once per run.
#[derive(Default)]
struct LabelIndex {
    /// Labelled event keys by attack kind, then by attack instance (recall).
    by_kind: BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
    /// Every labelled event key, of any attack (false alerts are the keys outside it).
    all: BTreeSet<String>,
}

fn labels(reference: &mut dyn Engine) -> Result<LabelIndex> {
    let a = reference
        .query("SELECT attack_kind, attack_id, event_key FROM labels", Duration::from_secs(120))?;
    let mut out = LabelIndex::default();
    for r in a.rows {
        if let (Some(k), Some(id), Some(e)) = (r[0].clone(), r[1].clone(), r[2].clone()) {
            out.all.insert(e.clone());
            out.by_kind.entry(k).or_default().entry(id).or_default().insert(e);
        }
    }
    Ok(out)
}

struct Timed {
    cold: Option<Answer>,
    /// What the engine's processes read from disk during the cold run (with a probe pid).
    cold_read: Option<u64>,
    hot: Vec<f64>,
    last: Option<Answer>,
    error: Option<anyhow::Error>,
}

fn run_query(
    clients: &mut [Box<dyn Engine>],
    sql: &str,
    warmup: u32,
    iterations: u32,
    timeout: Duration,
    probe: Option<u32>,
) -> Timed {
    let mut t = Timed { cold: None, cold_read: None, hot: Vec::new(), last: None, error: None };
    let before = probe.and_then(tree_read_bytes);
    let cold = clients[0].query(sql, timeout);
    t.cold_read = before.and_then(|b| Some(probe.and_then(tree_read_bytes)?.saturating_sub(b)));
    match cold {
        Ok(a) => t.cold = Some(a),
        Err(e) => {
            t.error = Some(e);
            return t;
        }
    }
    for _ in 0..warmup {
        if let Err(e) = clients[0].query(sql, timeout) {
            t.error = Some(e);
            return t;
        }
    }
    for _ in 0..iterations {
        let answers: Vec<Result<Answer>> = if clients.len() == 1 {
            vec![clients[0].query(sql, timeout)]
        } else {
            std::thread::scope(|s| {
                let handles: Vec<_> =
                    clients.iter_mut().map(|c| s.spawn(move || c.query(sql, timeout))).collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|_| Err(anyhow::anyhow!("client panicked"))))
                    .collect()
            })
        };
        for a in answers {
            match a {
                Ok(a) => {
                    t.hot.push(a.elapsed.as_secs_f64() * 1000.0);
                    t.last = Some(a);
                }
                Err(e) => {
                    t.error = Some(e);
                    return t;
                }
            }
        }
    }
    t
}

/// A run's status and error text, from how it ended: timeouts are known by their type
/// ([`engines::Timeout`]), whatever their message says.
fn outcome(error: Option<anyhow::Error>) -> (QueryStatus, Option<String>) {
    match error {
        None => (QueryStatus::Ok, None),
        Some(e) if engines::is_timeout(&e) => (QueryStatus::Timeout, Some(format!("{e:#}"))),
        Some(e) => (QueryStatus::Failed, Some(format!("{e:#}"))),
    }
}

/// Before a cold run: a fresh engine (its caches gone with its process) and the lake's files
/// out of the page cache.
fn cold_start(
    name: &str,
    attach: &Attach,
    client: &mut Box<dyn Engine>,
    lake_dir: &std::path::Path,
) -> Result<Eviction> {
    client.close();
    *client = open_engine(name, attach)?.0;
    evict_tree(lake_dir)
}

/// Start and open an engine; the error says why it is absent.
fn open_engine(name: &str, attach: &Attach) -> Result<(Box<dyn Engine>, String, String, f64)> {
    let t = Instant::now();
    let mut e = engines::start(name)?;
    let version = e.version()?;
    let access = e.open(attach)?;
    Ok((e, version, access, t.elapsed().as_secs_f64() * 1000.0))
}

pub fn run(opts: &RunOptions) -> Result<RunResult> {
    let started_at = now_iso();
    let rt = tokio::runtime::Runtime::new()?;
    let lake = rt.block_on(Lake::open(&opts.lake, &opts.namespace))?;
    let (attach, dataset) = dataset(&lake, &rt)?;
    anyhow::ensure!(
        !attach.tables.is_empty(),
        "no tables in {} (run `lakeproof generate` first)",
        lake.location
    );
    let mut windows = WindowIndex { rt: &rt, tables: BTreeMap::new(), cache: BTreeMap::new() };
    let native = rt.block_on(lake.catalog.list_tables(&lake.namespace))?;
    let ocsf = ocsf_tables(&lake, &rt)?;
    for ident in native.into_iter().chain(ocsf.iter().cloned()) {
        if attach.tables.contains_key(ident.name()) {
            let table = rt.block_on(lake.catalog.load_table(&ident))?;
            windows.tables.insert(ident.name().to_string(), table);
        }
    }
    let mut attach_fed = attach.clone();
    attach_fed.postgres = opts.postgres.clone();

    let mut profiles: Vec<Profile> =
        opts.profiles.iter().map(|p| opts.workloads.profile(p)).collect::<Result<_>>()?;
    // The lake's source tables, built-in and defined, for `{{each_source(…)}}`.
    let sources: Vec<(String, String)> = attach
        .tables
        .keys()
        .filter_map(|t| t.parse::<lakeproof_generators::SourceKind>().ok())
        .map(|s| {
            // A time column with capitals is quoted in each engine's way (`stageTimestamp`).
            let t = s.time_column();
            let quoted = if t.bytes().any(|b| b.is_ascii_uppercase()) {
                format!("{{{{ident({t})}}}}")
            } else {
                t.to_string()
            };
            (s.name().to_string(), quoted)
        })
        .collect();
    let mut skipped = BTreeMap::new();
    for p in &mut profiles {
        p.expand_sources(&sources)?;
        opts.overrides.apply(&mut p.spec);
        let missing = p.keep_runnable(|t| attach.tables.contains_key(t));
        for (q, t) in &missing {
            eprintln!("{}/{q}: skipped: this lake has no table `{t}`", p.spec.name);
        }
        skipped.insert(p.spec.name.clone(), missing.into_iter().map(|(q, _)| q).collect());
        anyhow::ensure!(
            p.spec.tables != TableModel::Ocsf || !ocsf.is_empty(),
            "profile {} queries the OCSF class tables (namespace {}), which {} does not have: \
             generate the lake with --model both (docs/ocsf.md)",
            p.spec.name,
            crate::ocsf::NAMESPACE,
            lake.location
        );
    }

    let mut reference = engines::datafusion::DataFusion::new()?;
    reference.open(&attach)?;
    let labels = labels(&mut reference)?;
    let base = BTreeMap::from([
        ("dataset_from".to_string(), sql_time(opts.start)),
        ("dataset_to".to_string(), sql_time(opts.end)),
    ]);
    let params = parameters(&mut reference, &opts.workloads, &base)?;

    let mut profile_infos = Vec::new();
    let mut profile_params = BTreeMap::new();
    let mut profile_windows = BTreeMap::new();
    for p in &profiles {
        let mut v = params.clone();
        let to = opts.end;
        let from = p
            .spec
            .window_minutes
            .map_or(opts.start, |w| (to - w as i64 * 60_000_000).max(opts.start));
        v.insert("from".into(), sql_time(from));
        v.insert("to".into(), sql_time(to));
        profile_windows.insert(p.spec.name.clone(), p.spec.window_minutes.map(|_| (from, to)));
        profile_infos.push(ProfileInfo {
            name: p.spec.name.clone(),
            description: p.spec.description.clone(),
            target_ms: p.spec.target_ms,
            target_stat: p.spec.target_stat,
            warmup: p.spec.warmup,
            iterations: p.spec.iterations,
            concurrency: p.spec.concurrency,
            timeout_secs: p.spec.timeout_secs,
            window_minutes: p.spec.window_minutes,
            parameters: v.clone(),
            skipped: skipped.remove(&p.spec.name).unwrap_or_default(),
        });
        profile_params.insert(p.spec.name.clone(), v);
    }

    let mut engine_infos = Vec::new();
    let mut results = Vec::new();
    for name in &opts.engines {
        let needs_pg = opts.profiles.iter().any(|p| p == "federation") && opts.postgres.is_some();
        let attach_for = if needs_pg { &attach_fed } else { &attach };
        let opened = open_engine(name, attach_for);
        let (engine, info) = match opened {
            Ok((e, version, access_path, open_ms)) => (
                Some(e),
                EngineInfo {
                    name: name.clone(),
                    version,
                    access_path,
                    status: EngineStatus::Ok,
                    error: None,
                    open_ms,
                },
            ),
            Err(e) => (
                None,
                EngineInfo {
                    name: name.clone(),
                    version: String::new(),
                    access_path: String::new(),
                    status: EngineStatus::Failed,
                    error: Some(format!("{e:#}")),
                    open_ms: 0.0,
                },
            ),
        };
        if opts.verbose {
            eprintln!(
                "{name}: {} {}",
                info.status,
                info.error.as_deref().unwrap_or(&info.access_path)
            );
        }
        engine_infos.push(info);
        let Some(engine) = engine else {
            for p in &profiles {
                for q in &p.queries {
                    let mut r = QueryResult::new(name, &p.spec.name, &q.name);
                    r.status = QueryStatus::Failed;
                    r.error = Some("engine unavailable".into());
                    results.push(r);
                }
            }
            continue;
        };
        let capabilities = engines::lookup(name)?.capabilities;
        let mut clients = vec![engine];
        for p in &profiles {
            // More clients for concurrent profiles, as many as the engine allows.
            let want = capabilities.clients_for(p.spec.concurrency);
            while clients.len() < want {
                match open_engine(name, attach_for) {
                    Ok((e, ..)) => clients.push(e),
                    Err(_) => break,
                }
            }
            let v = &profile_params[&p.spec.name];
            let timeout = Duration::from_secs(p.spec.timeout_secs);
            for q in &p.queries {
                let mut r = QueryResult::new(name, &p.spec.name, &q.name);
                // The engine's SQL with placeholders for the window (kept for the recall run over
                // the whole dataset), and filled for the profile's window.
                let filled = q.sql_for(name).and_then(|t| Ok((substitute(&t, v, &q.name)?, t)));
                let (sql, template) = match filled {
                    Ok(s) => s,
                    Err(e) => {
                        r.status = QueryStatus::Failed;
                        r.error = Some(format!("{e:#}"));
                        results.push(r);
                        continue;
                    }
                };
                if let Some(source) = &q.ctas_source {
                    let scratch = std::env::temp_dir()
                        .join(format!("lakeproof-ctas-{}", std::process::id()))
                        .join(format!("{name}-{}", q.name));
                    let t = ctas::run_ctas(
                        clients[0].as_mut(),
                        &sql,
                        &scratch,
                        p.spec.warmup,
                        p.spec.iterations,
                        timeout,
                    );
                    record_ctas(&mut r, t, source, &dataset);
                    if opts.verbose {
                        eprintln!(
                            "  {name} {}/{}: {} {}",
                            p.spec.name,
                            q.name,
                            r.status,
                            r.ctas.as_ref().map_or(String::new(), |c| format!(
                                "{} rows written, {:.0} rows/s",
                                c.rows_written, c.rows_per_sec
                            ))
                        );
                    }
                    results.push(r);
                    continue;
                }
                r.window = Some(windows.bytes(&sql, profile_windows[&p.spec.name])?);
                let eviction = match &opts.evict {
                    Some(dir) => match cold_start(name, attach_for, &mut clients[0], dir) {
                        Ok(e) => Some(e),
                        Err(e) => {
                            r.status = QueryStatus::Failed;
                            r.error = Some(format!("making the cold run cold: {e:#}"));
                            results.push(r);
                            continue;
                        }
                    },
                    None => None,
                };
                let n = want.min(clients.len());
                let clients_now = &mut clients[..n];
                let probe = eviction.as_ref().and(clients_now[0].pid());
                let t =
                    run_query(clients_now, &sql, p.spec.warmup, p.spec.iterations, timeout, probe);
                r.cold_io = eviction.map(|eviction| ColdIo { eviction, read_bytes: t.cold_read });
                r.cold_ms = t.cold.as_ref().map(|a| a.elapsed.as_secs_f64() * 1000.0);
                r.hot_ms = t.hot;
                if let Some(a) = t.last.as_ref().or(t.cold.as_ref()) {
                    r.rows = Some(a.row_count as u64);
                    r.checksum = Some(values::checksum(&a.rows));
                    r.truncated = a.truncated;
                }
                (r.status, r.error) = outcome(t.error);
                if r.status == QueryStatus::Ok && opts.recall && (q.attack.is_some() || q.detection)
                {
                    let w = whole_dataset(
                        clients_now[0].as_mut(),
                        &template,
                        v,
                        opts,
                        &q.name,
                        q.attack.as_deref(),
                        &labels,
                        timeout,
                    );
                    r.recall = w.recall;
                    r.false_alerts = w.false_alerts.filter(|_| q.detection);
                }
                if opts.verbose {
                    eprintln!(
                        "  {name} {}/{}: {} cold {:.1} ms, best hot {:.1} ms, {} rows{}",
                        p.spec.name,
                        q.name,
                        r.status,
                        r.cold_ms.unwrap_or(f64::NAN),
                        r.best_hot_ms().unwrap_or(f64::NAN),
                        r.rows.unwrap_or(0),
                        r.recall
                            .as_ref()
                            .map(|x| format!(", recall {}/{}", x.found, x.expected))
                            .unwrap_or_default()
                            + &r.false_alerts
                                .map(|n| format!(", {n} false alerts"))
                                .unwrap_or_default()
                    );
                }
                results.push(r);
            }
        }
        for mut c in clients {
            c.close();
        }
    }
    mark_mismatches(&mut results);
    Ok(RunResult {
        schema_version: SCHEMA_VERSION,
        kind: "lakeproof.run".into(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        run_id: format!(
            "{:016x}",
            lakeproof_generators::rng::hash_str(&format!("{started_at}{}", std::process::id()))
        ),
        started_at,
        finished_at: now_iso(),
        machine: machine(),
        scenario: ScenarioInfo {
            name: opts.scenario_name.clone(),
            file: opts.scenario_file.clone(),
            start: civil_string(opts.start),
            end: civil_string(opts.end),
            hash: Some(opts.scenario_hash.clone()),
            seed: Some(opts.seed),
        },
        dataset,
        profiles: profile_infos,
        engines: engine_infos,
        results,
    })
}

/// Fill a result from CTAS runs. Engines are cross-checked on the rows they wrote (the
/// checksum of the row count): the written tables are too large to compare value by value.
fn record_ctas(r: &mut QueryResult, t: ctas::CtasTimed, source: &str, dataset: &Dataset) {
    r.cold_ms = t.cold_ms;
    r.hot_ms = t.hot_ms;
    (r.status, r.error) = outcome(t.error);
    let Some(w) = t.written else { return };
    r.rows = Some(w.rows);
    r.checksum = Some(values::checksum(&[vec![Some(w.rows.to_string())]]));
    let secs = percentile(&r.hot_ms, 50.0).or(r.cold_ms).unwrap_or(f64::NAN) / 1000.0;
    let raw_per_row = dataset
        .tables
        .get(source)
        .filter(|t| t.rows > 0)
        .map_or(0.0, |t| t.raw_bytes as f64 / t.rows as f64);
    r.ctas = Some(CtasResult {
        source_table: source.to_string(),
        rows_written: w.rows,
        bytes_written: w.bytes,
        files_written: w.files,
        rows_per_sec: w.rows as f64 / secs,
        raw_bytes_per_sec: w.rows as f64 * raw_per_row / secs,
    });
}

/// What a detection finds over the whole dataset.
struct WholeDataset {
    /// The injected attacks of its kind it detects (when it names one).
    recall: Option<Recall>,
    /// Returned event keys that no attack's labels hold (None when the query failed).
    false_alerts: Option<u64>,
}

/// Run a detection over the whole dataset. An attack of its kind counts as detected when the
/// answer's `event_key` column holds at least one of the events labelled with its attack id;
/// every returned key that no label of any attack holds is a false alert. The whole dataset is
/// many windows long, so the query gets `RECALL_TIMEOUT_FACTOR` times the profile's timeout:
/// this is a correctness check, not a timed run.
#[allow(clippy::too_many_arguments)]
fn whole_dataset(
    engine: &mut dyn Engine,
    sql: &str,
    v: &BTreeMap<String, String>,
    opts: &RunOptions,
    query: &str,
    kind: Option<&str>,
    labels: &LabelIndex,
    timeout: Duration,
) -> WholeDataset {
    let expected = kind.and_then(|k| labels.by_kind.get(k)).cloned().unwrap_or_default();
    let mut whole = v.clone();
    whole.insert("from".into(), sql_time(opts.start));
    whole.insert("to".into(), sql_time(opts.end + 3_600_000_000));
    let limit = timeout * RECALL_TIMEOUT_FACTOR;
    let answer = substitute(sql, &whole, query).and_then(|s| Ok((engine.query(&s, limit)?, s)));
    let (found, false_alerts, error) = match answer {
        Ok((a, whole_sql)) => {
            let col = a.columns.iter().position(|c| c == "event_key");
            let keys: BTreeSet<String> = col
                .map(|i| a.rows.iter().filter_map(|r| r[i].clone()).collect())
                .unwrap_or_default();
            // A noisy rule's answer is cut at the row limit: the engine counts its alerts.
            let false_alerts = if a.truncated {
                count_false_alerts(engine, &whole_sql, &labels.all, limit).ok()
            } else {
                Some(keys.difference(&labels.all).count() as u64)
            };
            let found = expected.values().filter(|events| !events.is_disjoint(&keys)).count();
            (found as u64, false_alerts, None)
        }
        Err(e) => (0, None, Some(format!("{e:#}"))),
    };
    WholeDataset {
        recall: kind.map(|k| Recall {
            attack: k.to_string(),
            expected: expected.len() as u64,
            found,
            error,
        }),
        false_alerts,
    }
}

const RECALL_TIMEOUT_FACTOR: u32 = 10;

/// Distinct event keys a detection returns that no attack label holds, counted by the engine
/// (for answers too long to bring back).
fn count_false_alerts(
    engine: &mut dyn Engine,
    sql: &str,
    labelled: &BTreeSet<String>,
    limit: Duration,
) -> Result<u64> {
    let keys: Vec<String> =
        labelled.iter().map(|k| format!("'{}'", k.replace('\'', "''"))).collect();
    let filter = if keys.is_empty() {
        String::new()
    } else {
        format!(" WHERE event_key NOT IN ({})", keys.join(", "))
    };
    let count = format!(
        "SELECT COUNT(DISTINCT event_key) AS n FROM ({}) detection{filter}",
        sql.trim().trim_end_matches(';')
    );
    let a = engine.query(&count, limit)?;
    let n = a.rows.first().and_then(|r| r[0].clone()).context("no count returned")?;
    n.parse().with_context(|| format!("count `{n}`"))
}

/// Flag every answer to a query whose checksum differs from another engine's. Answers cut at
/// the row limit cannot be compared (engines return different first rows of unordered results,
/// and not all report the full count): such queries are left unflagged and marked `truncated`.
pub fn mark_mismatches(results: &mut [QueryResult]) {
    let key = |r: &QueryResult| (r.profile.clone(), r.query.clone());
    let truncated: BTreeSet<(String, String)> =
        results.iter().filter(|r| r.truncated).map(key).collect();
    let mut by_query: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for r in results.iter().filter(|r| r.status == QueryStatus::Ok && !truncated.contains(&key(r)))
    {
        if let Some(c) = &r.checksum {
            by_query.entry(key(r)).or_default().insert(c.clone());
        }
    }
    for r in results.iter_mut() {
        if r.status == QueryStatus::Ok
            && by_query.get(&(r.profile.clone(), r.query.clone())).is_some_and(|s| s.len() > 1)
        {
            r.mismatch = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(engine: &str, checksum: &str) -> QueryResult {
        let mut r = QueryResult::new(engine, "p", "q");
        r.cold_ms = Some(1.0);
        r.hot_ms = vec![1.0];
        r.rows = Some(1);
        r.checksum = Some(checksum.into());
        r
    }

    /// An engine whose every query fails with the given error.
    struct Failing(fn() -> anyhow::Error);

    impl Engine for Failing {
        fn name(&self) -> &str {
            "failing"
        }
        fn version(&mut self) -> Result<String> {
            Ok("0".into())
        }
        fn open(&mut self, _: &Attach) -> Result<String> {
            Ok(String::new())
        }
        fn query(&mut self, _: &str, _: Duration) -> Result<Answer> {
            Err((self.0)())
        }
        fn close(&mut self) {}
    }

    fn status_with(error: fn() -> anyhow::Error) -> (QueryStatus, Option<String>) {
        let mut clients: Vec<Box<dyn Engine>> = vec![Box::new(Failing(error))];
        outcome(run_query(&mut clients, "SELECT 1", 0, 1, Duration::from_secs(1), None).error)
    }

    #[test]
    fn timeouts_are_classified_by_type_not_by_text() {
        let (status, error) =
            status_with(|| engines::timeout("limit of 1 s reached").context("engine x"));
        assert_eq!(status, QueryStatus::Timeout);
        assert_eq!(error.as_deref(), Some("engine x: limit of 1 s reached"));
        let (status, error) = status_with(|| anyhow::anyhow!("column timeout_secs not found"));
        assert_eq!(status, QueryStatus::Failed, "a message that says timeout is no timeout");
        assert_eq!(error.as_deref(), Some("column timeout_secs not found"));
        assert_eq!(outcome(None), (QueryStatus::Ok, None));
    }

    #[test]
    fn truncated_answers_are_not_compared() {
        let mut rs = vec![result("a", "x"), result("b", "y")];
        rs[1].truncated = true;
        mark_mismatches(&mut rs);
        assert!(rs.iter().all(|r| !r.mismatch), "first rows of a cut answer may differ");
    }

    #[test]
    fn a_wrong_answer_is_flagged_on_every_engine() {
        let mut rs = vec![result("a", "x"), result("b", "x")];
        mark_mismatches(&mut rs);
        assert!(rs.iter().all(|r| !r.mismatch));
        let mut rs = vec![result("a", "x"), result("b", "y"), result("c", "x")];
        mark_mismatches(&mut rs);
        assert!(rs.iter().all(|r| r.mismatch));
    }
}
