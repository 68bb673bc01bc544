//! The roadmap scorecard: each success criterion with the measured value, the target, a verdict
//! and how it was measured. Latency criteria are judged per engine (the roadmap picks an engine
//! per workload, so a criterion passes when at least one measured engine meets it); a criterion
//! that needs an input this run does not have says which, instead of passing or failing.

use super::roadmap::{Criterion, Roadmap};
use crate::cost::prices::Prices;
use crate::cost::{monthly, Plan};
use crate::results::run::RunResult;
use crate::results::stats::percentile;
use crate::results::sweep::{QueryScaling, SweepResult, Temperature};
use crate::scale::cores::CoresNeeded;
use crate::util::units::human_bytes;
use anyhow::{Context, Result};
use lakeproof_generators::scenario::parse_bytes;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pass,
    Fail,
    NotMeasured,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Fail => "FAIL",
            Status::NotMeasured => "not measured",
        }
    }
}

/// One measured value: for one engine, or for the lake as a whole (`engine` None).
#[derive(Debug, Clone)]
pub struct Cell {
    pub engine: Option<String>,
    pub value: String,
    pub status: Status,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub id: String,
    pub phase: u32,
    pub criterion: String,
    pub target: String,
    pub cells: Vec<Cell>,
    pub status: Status,
    pub how: String,
}

impl Row {
    /// "duckdb 2.1 s (PASS); spark 31.0 s (FAIL)" or the single value.
    pub fn measured(&self) -> String {
        self.cells
            .iter()
            .map(|c| match &c.engine {
                Some(e) => format!("{e} {} ({})", c.value, c.status.label()),
                None => c.value.clone(),
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
    /// The overall verdict with the engines that pass, e.g. "PASS (duckdb, spark)".
    pub fn verdict(&self) -> String {
        let passing: Vec<&str> = self
            .cells
            .iter()
            .filter(|c| c.status == Status::Pass)
            .filter_map(|c| c.engine.as_deref())
            .collect();
        if self.status == Status::Pass && !passing.is_empty() {
            format!("PASS ({})", passing.join(", "))
        } else {
            self.status.label().to_string()
        }
    }
}

/// Everything the scorecard reads. Later inputs (a streaming run for the alert delay) become
/// fields here; a criterion whose input is absent is reported as not measured.
pub struct Inputs<'a> {
    pub run: &'a RunResult,
    pub prices: &'a Prices,
    /// How the data was produced, appended to every "how measured".
    pub volume_note: String,
    /// Streaming runs: the alert delay is measured there.
    pub streams: &'a [(std::path::PathBuf, crate::results::stream::StreamResult)],
    /// The roadmap's target daily volume (the storage criterion's), to flag a measurement far
    /// below it when no sweep projects it.
    pub target_daily: Option<f64>,
    /// A volume sweep: latency criteria are also projected to its target volume, and decided
    /// by the projection when the measured volume is under a tenth of the target.
    pub sweep: Option<(&'a std::path::Path, &'a SweepResult)>,
    /// `lakeproof ocsf validate --out`: the OCSF authentication-coverage criterion.
    pub ocsf: Option<(&'a std::path::Path, &'a crate::results::ocsf::Validation)>,
}

/// The profile of the detections written on OCSF fields (scenarios/workloads/alerting-ocsf).
const OCSF_ALERTING: &str = "alerting-ocsf";

/// Below this share of the target daily volume a measurement says little about go-live: the
/// verdict is the projected one when a sweep gives it.
const SMALL_VOLUME: f64 = 0.10;

const LATENCY_CRITERIA: [&str; 4] =
    ["query_latency", "dashboard_latency", "realtime_alerts", "share_under"];

/// Per engine, the hot projections of the queries of `profile` (all when None): (projected
/// ms, held-out error, cores needed) per query.
fn projected<'s>(
    sweep: &'s SweepResult,
    profile: Option<&str>,
) -> BTreeMap<&'s str, Vec<&'s QueryScaling>> {
    let mut out: BTreeMap<&str, Vec<&QueryScaling>> = BTreeMap::new();
    for q in sweep.scaling.iter().filter(|q| q.temperature == Temperature::Hot) {
        if profile.is_none_or(|p| q.profile == p) {
            out.entry(&q.engine).or_default().push(q);
        }
    }
    out
}

/// "±23 % held out" from the worst query's held-out error, or a warning when there was none.
fn error_note(qs: &[&QueryScaling]) -> String {
    let worst = qs
        .iter()
        .filter_map(|q| q.projection.as_ref()?.holdout.as_ref().map(|h| h.relative_error))
        .fold(None, |a: Option<f64>, e| Some(a.map_or(e, |a| a.max(e))));
    match worst {
        Some(e) => format!("held-out error up to {:.0} %", e * 100.0),
        None => "no held-out check".into(),
    }
}

fn cores_note(q: &QueryScaling) -> String {
    match q.cores_needed {
        Some(CoresNeeded::Cores(n)) => format!(", {n} cores"),
        Some(CoresNeeded::Unreachable) => ", no core count suffices".into(),
        None => String::new(),
    }
}

/// The projected cells of a latency criterion (one per engine), with a note on the method.
fn projected_cells(c: &Criterion, sweep: &SweepResult) -> Vec<Cell> {
    let at = format!("{:.0} GB/day", sweep.target.daily_raw_bytes as f64 / 1e9);
    let profile = match c.id.as_str() {
        "dashboard_latency" => Some("dashboard"),
        "realtime_alerts" => Some("alerting"),
        _ => None,
    };
    let limit_ms = match c.id.as_str() {
        "share_under" => c.seconds.unwrap_or(c.target) * 1000.0,
        _ => c.target * 1000.0,
    };
    let mut cells = Vec::new();
    for (engine, qs) in projected(sweep, profile) {
        let values: Vec<(f64, &QueryScaling)> =
            qs.iter().filter_map(|q| Some((q.projection.as_ref()?.value, *q))).collect();
        let unknown = qs.len() - values.len();
        let label = Some(format!("{engine} at {at} (projected)"));
        if values.is_empty() {
            cells.push(Cell { engine: label, value: "no fit".into(), status: Status::NotMeasured });
            continue;
        }
        let (value, status) = if c.id == "share_under" {
            let under = values.iter().filter(|(v, _)| *v < limit_ms).count();
            let share = under as f64 / (values.len() + unknown) as f64;
            (
                format!("{:.0}% ({under}/{})", share * 100.0, values.len() + unknown),
                pass(share >= c.target),
            )
        } else {
            let (worst, q) =
                values
                    .iter()
                    .copied()
                    .fold((f64::MIN, values[0].1), |a, b| if b.0 > a.0 { b } else { a });
            let what = if profile == Some("dashboard") { "slowest query" } else { "slowest" };
            (
                format!("{what} {} ({}{})", secs(worst), q.query, cores_note(q)),
                pass(unknown == 0 && worst < limit_ms),
            )
        };
        cells.push(Cell { engine: label, value: format!("{value}, {}", error_note(&qs)), status });
    }
    cells
}

pub fn build(roadmap: &Roadmap, inputs: &Inputs) -> Result<Vec<Row>> {
    roadmap.criteria.iter().map(|c| criterion(c, inputs)).collect()
}

fn overall(cells: &[Cell]) -> Status {
    if cells.iter().any(|c| c.status == Status::Pass) {
        Status::Pass
    } else if cells.iter().any(|c| c.status == Status::Fail) {
        Status::Fail
    } else {
        Status::NotMeasured
    }
}

fn pass(ok: bool) -> Status {
    if ok {
        Status::Pass
    } else {
        Status::Fail
    }
}

fn secs(ms: f64) -> String {
    if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}

/// Per engine: (median hot ms of each successful query, number of failed queries), over the
/// queries of `profiles` (all profiles when None).
fn per_engine<'r>(
    run: &'r RunResult,
    profile: Option<&str>,
) -> Vec<(&'r str, Vec<f64>, usize, Vec<f64>)> {
    run.engines
        .iter()
        .map(|e| {
            let qs: Vec<_> = run
                .results
                .iter()
                .filter(|q| q.engine == e.name && profile.is_none_or(|p| q.profile == p))
                .collect();
            let medians: Vec<f64> =
                qs.iter().filter(|q| q.ok()).filter_map(|q| q.median_ms()).collect();
            let hot: Vec<f64> =
                qs.iter().filter(|q| q.ok()).flat_map(|q| q.hot_ms.iter().copied()).collect();
            let failed = qs.iter().filter(|q| !q.ok()).count();
            (e.name.as_str(), medians, failed, hot)
        })
        .filter(|(_, m, f, _)| !m.is_empty() || *f > 0)
        .collect()
}

/// "slowest 2.1 s, 3 failed", or "all 10 failed" when nothing ran.
fn worst_note(label: &str, value: Option<f64>, failed: usize) -> String {
    match value {
        Some(v) => format!("{label} {}{}", secs(v), failed_note(failed)),
        None => format!("all {failed} failed"),
    }
}

fn failed_note(failed: usize) -> String {
    if failed > 0 {
        format!(", {failed} failed")
    } else {
        String::new()
    }
}

fn criterion(c: &Criterion, inp: &Inputs) -> Result<Row> {
    let run = inp.run;
    let mut row = Row {
        id: c.id.clone(),
        phase: c.phase,
        criterion: c.text.clone(),
        target: String::new(),
        cells: Vec::new(),
        status: Status::NotMeasured,
        how: String::new(),
    };
    let vol = &inp.volume_note;
    match c.id.as_str() {
        "compression" => {
            row.target = match c.band_top {
                Some(top) => format!("≥ {}× (band {}–{top}×)", c.target, c.target),
                None => format!("≥ {}×", c.target),
            };
            if let Some(ratio) = run.dataset.ratio() {
                let band = match c.band_top {
                    Some(top) if ratio > top => " (above the band)",
                    _ => "",
                };
                row.cells.push(Cell {
                    engine: None,
                    value: format!("{ratio:.1}×{band}"),
                    status: pass(ratio >= c.target),
                });
            }
            let names: Vec<&str> = run.dataset.sources().map(|(n, _)| n.as_str()).collect();
            row.how = format!(
                "raw-equivalent bytes ÷ on-disk data-file bytes over the {} source tables ({}; labels excluded: no raw form): {:.2} GB raw → {:.3} GB in {} files; {vol}",
                names.len(),
                names.join(", "),
                run.dataset.raw_bytes() as f64 / 1e9,
                run.dataset.data_bytes() as f64 / 1e9,
                run.dataset.data_files()
            );
        }
        "storage_cost" => {
            let volume = c
                .daily_volume
                .as_deref()
                .context("roadmap criterion storage_cost: field `daily_volume` is missing")?;
            let daily = parse_bytes(volume).with_context(|| format!("roadmap criterion storage_cost: field `daily_volume` = {volume:?} is not a size"))? as f64;
            let retention = c
                .retention_days
                .context("roadmap criterion storage_cost: field `retention_days` is missing")?;
            let class =
                inp.prices.storage(c.storage_class.as_deref().context(
                    "roadmap criterion storage_cost: field `storage_class` is missing",
                )?)?;
            row.target = format!("< ${:.0}/month", c.target);
            if let Some(ratio) = run.dataset.ratio() {
                let bill = monthly(&Plan::storage_only(daily, retention, ratio, class));
                let dollars = bill.storage_total();
                row.cells.push(Cell {
                    engine: None,
                    value: format!("${dollars:.0}/month"),
                    status: pass(dollars < c.target),
                });
                row.how = format!(
                    "cost model, storage only: {volume}/day raw × {retention:.0} days ÷ the measured {ratio:.1}× = {:.1} TB on {} at ${}/GB-month (GB = {} bytes, price of {} from {}); requests and compute are in the cost section",
                    daily * retention / ratio / 1e12,
                    class.name,
                    class.per_gb_month,
                    class.bytes_per_gb,
                    class.as_of,
                    class.source
                );
            }
        }
        "query_latency" => {
            row.target = format!("every query < {} s", c.target);
            for (e, medians, failed, _) in per_engine(run, None) {
                let worst = medians.iter().copied().reduce(f64::max);
                row.cells.push(Cell {
                    engine: Some(e.into()),
                    value: worst_note("slowest", worst, failed),
                    status: pass(failed == 0 && worst.is_some_and(|w| w < c.target * 1000.0)),
                });
            }
            row.how = format!("slowest median hot run over every query of every profile ({} profiles), per engine; a failed query fails the engine; {vol}", run.profiles.len());
        }
        "dashboard_latency" => {
            row.target = format!("p95 < {} s", c.target);
            let concurrency =
                run.profiles.iter().find(|p| p.name == "dashboard").map(|p| p.concurrency);
            for (e, _, failed, hot) in per_engine(run, Some("dashboard")) {
                let p95 = percentile(&hot, 95.0);
                row.cells.push(Cell {
                    engine: Some(e.into()),
                    value: worst_note("p95", p95, failed),
                    status: pass(failed == 0 && p95.is_some_and(|p| p < c.target * 1000.0)),
                });
            }
            row.how = match concurrency {
                Some(n) => format!("p95 of every hot run of the dashboard profile's queries, {n} clients at once, per engine; {vol}"),
                None => "needs the dashboard profile, which this run did not include".into(),
            };
        }
        "alert_delay" => {
            row.target = format!("≤ {:.0} s event → alert", c.target);
            if inp.streams.is_empty() {
                row.cells.push(Cell {
                    engine: None,
                    value: "not measured (needs `lakeproof stream`)".into(),
                    status: Status::NotMeasured,
                });
                row.how = "needs a streaming run that ingests events continuously and times each injected attack to its alert; batch runs on a static snapshot cannot measure it".into();
            } else {
                let mut how = Vec::new();
                for (path, s) in inp.streams {
                    let o = &s.overall;
                    let engine = s.settings.engine.clone().unwrap_or_else(|| "no engine".into());
                    let worst = o.latency_s.max.map_or("-".into(), |m| format!("{m:.0} s"));
                    let ok = o.expected > 0
                        && o.detected == o.expected
                        && o.latency_s.max.is_some_and(|m| m <= c.target);
                    row.cells.push(Cell {
                        engine: Some(engine.clone()),
                        value: format!(
                            "slowest {worst}, {}/{} attacks detected",
                            o.detected, o.expected
                        ),
                        status: pass(ok),
                    });
                    how.push(format!(
                        "{engine}: `lakeproof stream` ({}): {:.0} scenario minutes at {}× speed, a commit every {:.0} s, alert rounds every {:.0} s over the last {:.0} minutes; latency = alert round − the newest labelled event of the attack in the first answer that held it + the query's own time",
                        path.display(),
                        s.settings.duration_s / 60.0,
                        s.settings.speed,
                        s.settings.commit_interval_s,
                        s.settings.alert_interval_s,
                        s.settings.alert_window_minutes
                    ));
                }
                row.how = how.join("; ");
            }
        }
        "realtime_alerts" => {
            row.target = format!("every alert query < {} s", c.target);
            for (e, _, failed, hot) in per_engine(run, Some("alerting")) {
                let worst = hot.iter().copied().reduce(f64::max);
                row.cells.push(Cell {
                    engine: Some(e.into()),
                    value: worst_note("slowest", worst, failed),
                    status: pass(failed == 0 && worst.is_some_and(|w| w < c.target * 1000.0)),
                });
            }
            let window =
                run.profiles.iter().find(|p| p.name == "alerting").and_then(|p| p.window_minutes);
            row.how = match window {
                Some(w) => format!("slowest hot run of the alerting profile's detection queries over the last {w} minutes, per engine; {vol}"),
                None => "needs the alerting profile, which this run did not include".into(),
            };
        }
        "ocsf_authentication" => {
            row.target = format!(
                "{:.0} % of authentication events in Authentication (3002)",
                c.target * 100.0
            );
            match inp.ocsf {
                Some((file, v)) => {
                    let (landed, all) = v.authentication();
                    let share = if all > 0 { landed as f64 / all as f64 } else { 0.0 };
                    let violations = v.total_violations();
                    let rows: u64 = v.classes.iter().map(|c| c.rows).sum();
                    row.cells.push(Cell {
                        engine: None,
                        value: format!("{landed} of {all} ({:.2} %); {violations} schema violations in {rows} OCSF rows", share * 100.0),
                        status: pass(all > 0 && share >= c.target && violations == 0),
                    });
                    row.how = format!(
                        "`lakeproof ocsf validate` ({}): authentication events are those each source mapping's [coverage] predicate names (Windows 4624, 4625, 4634, 4647, 4648, 4768, 4769, 4771, 4776; CloudTrail ConsoleLogin, AssumeRole*, GetSessionToken, …), counted where the OCSF writer put them; every row of the {} class tables read back and checked against OCSF {} (a violation fails the criterion)",
                        file.display(),
                        v.classes.len(),
                        v.ocsf_version
                    );
                }
                None => {
                    row.cells.push(Cell {
                        engine: None,
                        value: "not measured (needs `lakeproof ocsf validate --out FILE`)".into(),
                        status: Status::NotMeasured,
                    });
                    row.how = "needs the result of `lakeproof ocsf validate --out FILE` on a lake generated with `--model both` (docs/ocsf.md)".into();
                }
            }
        }
        "ocsf_detections" => {
            row.target = format!(
                "every attack found by the rules on OCSF fields ({:.0} % recall), on every engine",
                c.target * 100.0
            );
            for e in &run.engines {
                let qs: Vec<_> = run
                    .results
                    .iter()
                    .filter(|q| q.engine == e.name && q.profile == OCSF_ALERTING)
                    .collect();
                if qs.is_empty() {
                    continue;
                }
                let failed = qs.iter().filter(|q| !q.ok()).count();
                let recalls: Vec<_> = qs.iter().filter_map(|q| q.recall.as_ref()).collect();
                let found: u64 = recalls.iter().map(|r| r.found).sum();
                let expected: u64 = recalls.iter().map(|r| r.expected).sum();
                let share = if expected > 0 { found as f64 / expected as f64 } else { 0.0 };
                row.cells.push(Cell {
                    engine: Some(e.name.clone()),
                    value: format!(
                        "recall {found}/{expected} over {} rules{}",
                        qs.len(),
                        failed_note(failed)
                    ),
                    status: pass(failed == 0 && expected > 0 && share >= c.target),
                });
            }
            row.how = if row.cells.is_empty() {
                format!("needs the {OCSF_ALERTING} profile (the alerting rules written on the OCSF class tables only) on a lake generated with `--model both`")
            } else {
                format!("the {OCSF_ALERTING} profile: the alerting profile's detections written on the OCSF class tables only (no native table or column), each re-run over the whole dataset and its `metadata.uid` keys checked against the attack labels, per engine; {vol}")
            };
        }
        "share_under" => {
            let limit =
                c.seconds.context("roadmap criterion share_under: field `seconds` is missing")?;
            row.target = format!("≥ {:.0}% of queries < {limit} s", c.target * 100.0);
            for (e, medians, failed, _) in per_engine(run, None) {
                let total = medians.len() + failed;
                let under = medians.iter().filter(|m| **m < limit * 1000.0).count();
                let share = under as f64 / total as f64;
                row.cells.push(Cell {
                    engine: Some(e.into()),
                    value: format!("{:.0}% ({under}/{total})", share * 100.0),
                    status: pass(share >= c.target),
                });
            }
            row.how = format!("share of queries (every profile) whose median hot run is under {limit} s, failed queries counted as over, per engine; {vol}");
        }
        other => unreachable!("criterion ids are checked when the roadmap loads: {other}"),
    }
    row.status = overall(&row.cells);
    if LATENCY_CRITERIA.contains(&c.id.as_str()) {
        project_row(&mut row, c, inp);
    }
    Ok(row)
}

/// Add the projected cells of a latency criterion; decide by them when the measured volume is
/// under a tenth of the target, and say which volume decided.
fn project_row(row: &mut Row, c: &Criterion, inp: &Inputs) {
    let measured_daily = match inp.run.scenario.days() {
        Some(d) if d > 0.0 => inp.run.dataset.raw_bytes() as f64 / d,
        _ => return,
    };
    let Some((path, sweep)) = inp.sweep else {
        if let Some(target) = inp.target_daily {
            if measured_daily < SMALL_VOLUME * target {
                row.how += &format!(" — measured at {:.1} % of the target's {:.0} GB/day and not projected: `lakeproof sweep` projects it", 100.0 * measured_daily / target, target / 1e9);
            }
        }
        return;
    };
    let target = sweep.target.daily_raw_bytes as f64;
    let cells = projected_cells(c, sweep);
    if cells.is_empty() {
        return;
    }
    let small = measured_daily < SMALL_VOLUME * target;
    let projected_status = overall(&cells);
    row.how += &format!(
        " — projected: {} (`lakeproof sweep`, {} volumes up to {}/day) fitted each query's hot latency against the bytes its window selects and extrapolated to {:.0} GB/day kept {:.0} days; {}",
        path.display(),
        sweep.volumes.len(),
        human_bytes(sweep.volumes.iter().map(|v| v.raw_bytes_per_day).fold(0.0, f64::max)),
        target / 1e9,
        sweep.target.retention_days,
        if small {
            format!("the measured volume ({:.1} % of the target) is under a tenth of it, so the verdict is the projected one", 100.0 * measured_daily / target)
        } else {
            "the verdict stays the measured one".into()
        }
    );
    if sweep.machine.cpus <= 2 {
        row.how += &format!("; measured on one {}-core machine, where the roadmap's engines are sized for scale-out", sweep.machine.cpus);
    }
    row.cells.extend(cells);
    if small {
        row.status = projected_status;
        row.cells.retain(|c| c.engine.as_deref().is_none_or(|e| e.ends_with("(projected)")));
    }
}
