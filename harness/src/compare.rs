//! `lakeproof compare`: a baseline against a contender, Rally-style — per query and engine the
//! two medians, the change and a verdict — plus compression ratios and generator throughput.
//! A regression needs both a change beyond the threshold and a change beyond the noise band
//! measured from the runs themselves, so a noisy CI runner does not flap.

use crate::results::stats::median;
use crate::results::Inputs;
use anyhow::Result;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// Relative slow-down that counts as a regression, for profiles not in `profile`.
    pub default: f64,
    /// Smallest noise band, whatever the runs' spread.
    pub noise_floor: f64,
    #[serde(default)]
    pub profile: BTreeMap<String, f64>,
    pub other: OtherThresholds,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OtherThresholds {
    pub compression: f64,
    pub generation: f64,
}

impl Default for Thresholds {
    /// The shipped `ci/thresholds.toml` (tested to parse).
    fn default() -> Self {
        Thresholds::shipped().expect("the shipped thresholds parse")
    }
}

impl Thresholds {
    pub fn load(path: &Path) -> Result<Thresholds> {
        crate::util::toml_file::read(path)
    }

    /// The thresholds shipped in the binary (`ci/thresholds.toml`).
    pub fn shipped() -> Result<Thresholds> {
        crate::util::toml_file::parse(
            crate::shipped::THRESHOLDS,
            &crate::shipped::origin("ci/thresholds.toml"),
        )
    }

    /// `--thresholds FILE` when given, the shipped thresholds otherwise.
    pub fn load_or_shipped(path: Option<&Path>) -> Result<Thresholds> {
        path.map_or_else(Thresholds::shipped, Thresholds::load)
    }
    fn for_profile(&self, profile: &str) -> f64 {
        self.profile.get(profile).copied().unwrap_or(self.default)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Improvement,
    Regression,
    WithinNoise,
    /// Worse beyond the noise band but not beyond the threshold.
    WorseUnderThreshold,
    /// In the baseline only.
    Missing,
    /// In the contender only.
    New,
    /// Ran in the baseline, failed in the contender: gates like a regression.
    Failed,
    StillFailing,
    Fixed,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Improvement => "improvement",
            Verdict::Regression => "REGRESSION",
            Verdict::WithinNoise => "within noise",
            Verdict::WorseUnderThreshold => "worse, under threshold",
            Verdict::Missing => "missing in contender",
            Verdict::New => "new",
            Verdict::Failed => "FAILED",
            Verdict::StillFailing => "still failing",
            Verdict::Fixed => "fixed",
        }
    }
    /// Verdicts that make `compare` exit non-zero.
    pub fn gates(self) -> bool {
        matches!(self, Verdict::Regression | Verdict::Failed)
    }
}

#[derive(Debug, Clone)]
pub struct Row {
    /// "query", "compression" or "generation".
    pub kind: &'static str,
    pub name: String,
    pub engine: String,
    pub unit: &'static str,
    pub baseline: Option<f64>,
    pub contender: Option<f64>,
    /// contender / baseline − 1.
    pub change: Option<f64>,
    pub noise: f64,
    pub threshold: f64,
    pub verdict: Verdict,
}

#[derive(Debug, Clone)]
pub struct Comparison {
    pub rows: Vec<Row>,
}

impl Comparison {
    pub fn gating(&self) -> Vec<&Row> {
        self.rows.iter().filter(|r| r.verdict.gates()).collect()
    }

    /// The table `compare` prints, then a one-line summary.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let fmt =
            |v: Option<f64>, unit: &str| v.map_or("-".to_string(), |v| format!("{v:.1} {unit}"));
        let _ = writeln!(
            out,
            "{:<12} {:<44} {:<11} {:>12} {:>12} {:>9} {:>7}  verdict",
            "metric", "name", "engine", "baseline", "contender", "change", "noise"
        );
        for r in &self.rows {
            let change = r.change.map_or("-".to_string(), |c| format!("{:+.1}%", c * 100.0));
            let _ = writeln!(
                out,
                "{:<12} {:<44} {:<11} {:>12} {:>12} {:>9} {:>6.1}%  {}",
                r.kind,
                r.name,
                r.engine,
                fmt(r.baseline, r.unit),
                fmt(r.contender, r.unit),
                change,
                r.noise * 100.0,
                r.verdict.label()
            );
        }
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for r in &self.rows {
            *counts.entry(r.verdict.label()).or_default() += 1;
        }
        let summary: Vec<String> = counts.iter().map(|(k, n)| format!("{n} {k}")).collect();
        let _ = writeln!(out, "{} compared: {}", self.rows.len(), summary.join(", "));
        out
    }
}

/// One side's measurements of one key, pooled over its files.
#[derive(Default)]
struct Side {
    samples: Vec<f64>,
    failed: bool,
}

/// Relative median absolute deviation: the run-to-run spread of one side, robust to one outlier.
fn relative_mad(samples: &[f64]) -> f64 {
    let Some(m) = median(samples) else { return 0.0 };
    if m <= 0.0 {
        return 0.0;
    }
    let dev: Vec<f64> = samples.iter().map(|x| (x - m).abs()).collect();
    median(&dev).unwrap_or(0.0) / m
}

/// Verdict for two measured sides. `higher_is_better` flips the direction (ratios, throughput).
fn judge(
    base: &[f64],
    cont: &[f64],
    threshold: f64,
    floor: f64,
    higher_is_better: bool,
) -> (f64, f64, Verdict) {
    let (b, c) = (median(base).unwrap_or(0.0), median(cont).unwrap_or(0.0));
    let change = if b > 0.0 { c / b - 1.0 } else { 0.0 };
    let noise = floor.max(relative_mad(base) + relative_mad(cont));
    let worse = if higher_is_better { -change } else { change };
    let verdict = if worse.abs() <= noise {
        Verdict::WithinNoise
    } else if worse > threshold.max(noise) {
        Verdict::Regression
    } else if worse > 0.0 {
        Verdict::WorseUnderThreshold
    } else {
        Verdict::Improvement
    };
    (change, noise, verdict)
}

#[allow(clippy::too_many_arguments)]
fn row(
    kind: &'static str,
    name: String,
    engine: String,
    unit: &'static str,
    base: Option<&Side>,
    cont: Option<&Side>,
    threshold: f64,
    floor: f64,
    higher_is_better: bool,
) -> Row {
    let value = |s: Option<&Side>| s.and_then(|s| median(&s.samples));
    let mut r = Row {
        kind,
        name,
        engine,
        unit,
        baseline: value(base),
        contender: value(cont),
        change: None,
        noise: floor,
        threshold,
        verdict: Verdict::WithinNoise,
    };
    r.verdict = match (base, cont) {
        (Some(_), None) => Verdict::Missing,
        (None, _) => Verdict::New,
        (Some(b), Some(c)) if c.failed && b.failed => Verdict::StillFailing,
        (Some(_), Some(c)) if c.failed => Verdict::Failed,
        (Some(b), Some(_)) if b.failed => Verdict::Fixed,
        (Some(b), Some(c)) => {
            let (change, noise, v) =
                judge(&b.samples, &c.samples, threshold, floor, higher_is_better);
            r.change = Some(change);
            r.noise = noise;
            v
        }
    };
    r
}

type Key = (String, String, String);

fn query_sides(inputs: &Inputs) -> BTreeMap<Key, Side> {
    let mut sides: BTreeMap<Key, Side> = BTreeMap::new();
    for (_, run) in &inputs.runs {
        for q in &run.results {
            let s =
                sides.entry((q.profile.clone(), q.query.clone(), q.engine.clone())).or_default();
            match (q.ok(), q.median_ms()) {
                (true, Some(_)) if !q.hot_ms.is_empty() => s.samples.extend(&q.hot_ms),
                (true, Some(m)) => s.samples.push(m),
                _ => {}
            }
        }
    }
    // A key is failed when no file on this side measured it successfully.
    for s in sides.values_mut() {
        s.failed = s.samples.is_empty();
    }
    sides
}

fn compression_sides(inputs: &Inputs) -> BTreeMap<Key, Side> {
    let mut sides: BTreeMap<Key, Side> = BTreeMap::new();
    for (_, run) in &inputs.runs {
        for (table, t) in run.dataset.sources() {
            sides
                .entry(("compression".into(), table.clone(), String::new()))
                .or_default()
                .samples
                .push(t.ratio());
        }
    }
    sides
}

fn generation_sides(inputs: &Inputs) -> BTreeMap<Key, Side> {
    let mut sides: BTreeMap<Key, Side> = BTreeMap::new();
    for (_, b) in &inputs.benches {
        for g in &b.generation {
            sides
                .entry(("generation".into(), format!("{} ({})", g.source, g.mode), String::new()))
                .or_default()
                .samples
                .push(g.raw_mb_per_sec);
        }
        if let Some(l) = &b.lake {
            sides
                .entry(("generation".into(), "end to end into Iceberg".into(), String::new()))
                .or_default()
                .samples
                .push(l.raw_mb_per_sec);
        }
    }
    sides
}

fn pair(
    kind: &'static str,
    unit: &'static str,
    base: &BTreeMap<Key, Side>,
    cont: &BTreeMap<Key, Side>,
    threshold: impl Fn(&Key) -> f64,
    floor: f64,
    higher_is_better: bool,
) -> Vec<Row> {
    let mut keys: Vec<&Key> = base.keys().chain(cont.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .map(|k| {
            let name = if kind == "query" { format!("{}/{}", k.0, k.1) } else { k.1.clone() };
            row(
                kind,
                name,
                k.2.clone(),
                unit,
                base.get(k),
                cont.get(k),
                threshold(k),
                floor,
                higher_is_better,
            )
        })
        .collect()
}

/// Compare two sides (each: any number of run results and `bench generate` outputs).
pub fn compare(baseline: &Inputs, contender: &Inputs, t: &Thresholds) -> Comparison {
    let mut rows = pair(
        "query",
        "ms",
        &query_sides(baseline),
        &query_sides(contender),
        |k| t.for_profile(&k.0),
        t.noise_floor,
        false,
    );
    // Compression of deterministic data has no run-to-run noise: no floor.
    rows.extend(pair(
        "compression",
        "×",
        &compression_sides(baseline),
        &compression_sides(contender),
        |_| t.other.compression,
        0.0,
        true,
    ));
    rows.extend(pair(
        "generation",
        "MB/s",
        &generation_sides(baseline),
        &generation_sides(contender),
        |_| t.other.generation,
        t.noise_floor,
        true,
    ));
    Comparison { rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::bench::{BenchReport, LakeSpeed, SourceSpeed};
    use crate::results::run::{load, QueryResult, QueryStatus, RunResult};
    use std::path::PathBuf;

    fn base_run() -> RunResult {
        let mut r =
            load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../results/run-smoke-10g.json"))
                .unwrap();
        r.results.clear();
        r
    }

    fn q(engine: &str, query: &str, status: QueryStatus, hot: &[f64]) -> QueryResult {
        let mut r = QueryResult::new(engine, "adhoc", query);
        r.status = status;
        r.error = (status != QueryStatus::Ok).then(|| "boom".into());
        r.cold_ms = hot.first().copied();
        r.hot_ms = hot.to_vec();
        r.rows = Some(1);
        r
    }

    fn side(results: Vec<QueryResult>) -> Inputs {
        let mut r = base_run();
        r.results = results;
        Inputs { runs: vec![(PathBuf::from("x.json"), r)], ..Inputs::default() }
    }

    fn verdict(c: &Comparison, name: &str) -> Verdict {
        c.rows
            .iter()
            .find(|r| r.name == format!("adhoc/{name}"))
            .unwrap_or_else(|| panic!("{name}"))
            .verdict
    }

    #[test]
    fn improvement_regression_noise_missing_and_failed() {
        let base = side(vec![
            q("duckdb", "faster", QueryStatus::Ok, &[100.0, 101.0, 99.0]),
            q("duckdb", "slower", QueryStatus::Ok, &[100.0, 101.0, 99.0]),
            q("duckdb", "noisy", QueryStatus::Ok, &[100.0, 101.0, 99.0]),
            q("duckdb", "gone", QueryStatus::Ok, &[100.0]),
            q("duckdb", "breaks", QueryStatus::Ok, &[100.0]),
            q("duckdb", "broken", QueryStatus::Failed, &[]),
        ]);
        let cont = side(vec![
            q("duckdb", "faster", QueryStatus::Ok, &[50.0, 51.0, 49.0]),
            q("duckdb", "slower", QueryStatus::Ok, &[130.0, 131.0, 129.0]),
            q("duckdb", "noisy", QueryStatus::Ok, &[104.0, 103.0, 105.0]),
            q("duckdb", "breaks", QueryStatus::Failed, &[]),
            q("duckdb", "broken", QueryStatus::Failed, &[]),
            q("duckdb", "added", QueryStatus::Ok, &[10.0]),
        ]);
        let c = compare(&base, &cont, &Thresholds::default());
        assert_eq!(verdict(&c, "faster"), Verdict::Improvement);
        assert_eq!(verdict(&c, "slower"), Verdict::Regression);
        assert_eq!(verdict(&c, "noisy"), Verdict::WithinNoise);
        assert_eq!(verdict(&c, "gone"), Verdict::Missing);
        assert_eq!(verdict(&c, "breaks"), Verdict::Failed);
        assert_eq!(verdict(&c, "broken"), Verdict::StillFailing);
        assert_eq!(verdict(&c, "added"), Verdict::New);
        let gating: Vec<&str> = c.gating().iter().map(|r| r.name.as_str()).collect();
        assert_eq!(gating, ["adhoc/breaks", "adhoc/slower"]);
        let slower = c.rows.iter().find(|r| r.name == "adhoc/slower").unwrap();
        assert!((slower.change.unwrap() - 0.30).abs() < 1e-9);
        let table = c.render();
        assert!(table.contains("REGRESSION") && table.contains("+30.0%"), "{table}");
    }

    #[test]
    fn a_spread_out_side_widens_the_noise_band() {
        // Baseline median 100 with MAD 30 (30 %): a 25 % slow-down is beyond the 10 % threshold
        // but inside the runs' own spread, so it is noise, not a regression.
        let base = side(vec![q("duckdb", "q", QueryStatus::Ok, &[70.0, 100.0, 130.0])]);
        let cont = side(vec![q("duckdb", "q", QueryStatus::Ok, &[125.0, 125.0, 125.0])]);
        let c = compare(&base, &cont, &Thresholds::default());
        assert_eq!(verdict(&c, "q"), Verdict::WithinNoise);
        // Slower beyond noise (5 % floor) but under the threshold.
        let cont = side(vec![q("duckdb", "q", QueryStatus::Ok, &[108.0])]);
        let base = side(vec![q("duckdb", "q", QueryStatus::Ok, &[100.0])]);
        assert_eq!(
            verdict(&compare(&base, &cont, &Thresholds::default()), "q"),
            Verdict::WorseUnderThreshold
        );
    }

    #[test]
    fn per_profile_thresholds_and_repeated_files_are_pooled() {
        let mut t = Thresholds::default();
        t.profile.insert("adhoc".into(), 0.5);
        let base = side(vec![q("duckdb", "q", QueryStatus::Ok, &[100.0])]);
        let mut cont = side(vec![q("duckdb", "q", QueryStatus::Ok, &[130.0])]);
        assert_eq!(verdict(&compare(&base, &cont, &t), "q"), Verdict::WorseUnderThreshold);
        // A second contender file: the median of the pooled runs (130, 300, 310) decides.
        let mut second = base_run();
        second.results = vec![q("duckdb", "q", QueryStatus::Ok, &[300.0, 310.0])];
        cont.runs.push((PathBuf::from("y.json"), second));
        let c = compare(&base, &cont, &t);
        assert_eq!(c.rows.iter().find(|r| r.name == "adhoc/q").unwrap().contender, Some(300.0));
    }

    #[test]
    fn compression_and_generation_throughput_are_compared() {
        let base = side(vec![]);
        let mut cont = side(vec![]);
        let t = cont.runs[0].1.dataset.tables.get_mut("cloudtrail").unwrap();
        t.data_bytes = t.data_bytes * 11 / 10; // ratio drops by 1/1.1 − 1 = −9.1 %
        let bench = |mbs: f64| BenchReport {
            generation: vec![SourceSpeed {
                source: "vpc_flow".into(),
                mode: "raw".into(),
                raw_mb_per_sec: mbs,
                ..SourceSpeed::default()
            }],
            lake: Some(LakeSpeed { raw_mb_per_sec: 150.0, ..LakeSpeed::default() }),
        };
        let mut base = base;
        base.benches.push((PathBuf::from("b.json"), bench(300.0)));
        cont.benches.push((PathBuf::from("c.json"), bench(200.0)));
        let c = compare(&base, &cont, &Thresholds::default());
        let v = |name: &str| c.rows.iter().find(|r| r.name == name).unwrap().verdict;
        assert_eq!(v("cloudtrail"), Verdict::Regression);
        assert_eq!(v("vpc_flow"), Verdict::WithinNoise);
        assert_eq!(v("vpc_flow (raw)"), Verdict::Regression);
        assert_eq!(v("end to end into Iceberg"), Verdict::WithinNoise);
    }

    #[test]
    fn the_shipped_thresholds_load() {
        let t =
            Thresholds::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../ci/thresholds.toml"))
                .unwrap();
        assert_eq!(t, Thresholds::shipped().unwrap());
        assert_eq!(t.for_profile("dashboard"), 0.15);
        assert_eq!(t.for_profile("unknown"), t.default);
    }
}
