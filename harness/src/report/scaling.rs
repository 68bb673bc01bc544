//! The scaling section: what a sweep measured at each volume, and each query's latency
//! projected to the target daily volume and retention — with the model, how far it reaches past
//! the data, the error the same method made on the largest measured volume, and the cores.

use super::plots::{Plot, ScalingPanel, ScalingSeries};
use super::{strings, Section, Table};
use crate::cost::prices::Prices;
use crate::results::sweep::{QueryScaling, SweepResult, Temperature};
use crate::scale::cores::CoresNeeded;
use std::collections::BTreeMap;
use std::path::PathBuf;

const GB: f64 = 1e9;

fn pct(v: f64) -> String {
    format!("{:.0} %", v * 100.0)
}

fn ms(v: f64) -> String {
    if v >= 10_000.0 {
        format!("{:.1} s", v / 1000.0)
    } else {
        format!("{v:.0} ms")
    }
}

fn cores(c: &Option<CoresNeeded>) -> String {
    match c {
        Some(CoresNeeded::Cores(n)) => n.to_string(),
        Some(CoresNeeded::Unreachable) => "no core count (serial part over target)".into(),
        None => "-".into(),
    }
}

/// The fitted curve from the smallest measured x to the projection, on a log grid.
fn curve(q: &QueryScaling) -> Vec<(f64, f64)> {
    let (Some(p), Some(lo)) = (&q.projection, q.points.iter().map(|p| p.x).reduce(f64::min)) else {
        return Vec::new();
    };
    let hi = p.x.max(lo);
    (0..=24)
        .map(|i| lo * (hi / lo).powf(i as f64 / 24.0))
        .map(|x| (x / GB, p.fit.predict(x)))
        .filter(|(_, y)| *y > 0.0)
        .collect()
}

fn panels(s: &SweepResult) -> Vec<ScalingPanel> {
    let mut by_profile: BTreeMap<&str, Vec<&QueryScaling>> = BTreeMap::new();
    for q in s.scaling.iter().filter(|q| q.temperature == Temperature::Hot) {
        by_profile.entry(&q.profile).or_default().push(q);
    }
    by_profile
        .into_iter()
        .map(|(profile, qs)| {
            let mut engines: BTreeMap<&str, ScalingSeries> = BTreeMap::new();
            for q in &qs {
                let e = engines.entry(&q.engine).or_insert_with(|| ScalingSeries {
                    engine: q.engine.clone(),
                    measured: vec![],
                    fitted: vec![],
                    projected: vec![],
                });
                e.measured.extend(q.points.iter().map(|p| (p.x / GB, p.y)));
                e.fitted.push(curve(q));
                e.projected.extend(q.projection.as_ref().map(|p| (p.x / GB, p.value)));
            }
            ScalingPanel {
                caption: format!(
                    "{profile}: hot latency vs GB touched; circles measured, rings projected to {:.0} GB/day",
                    s.target.daily_raw_bytes as f64 / GB
                ),
                target_ms: qs.first().map_or(0.0, |q| q.target_ms),
                series: engines.into_values().collect(),
            }
        })
        .collect()
}

/// Hours in the cost model's month (365/12 days).
const HOURS_PER_MONTH: f64 = 365.0 / 12.0 * 24.0;

/// Per engine and profile, the cores the profile's slowest-scaling query needs at the target
/// (hot runs), and what keeping them running costs a month.
fn compute_table(s: &SweepResult, prices: &Prices) -> Option<Table> {
    s.cores.as_ref()?;
    let mut by: BTreeMap<(&str, &str), Vec<&QueryScaling>> = BTreeMap::new();
    for q in s.scaling.iter().filter(|q| q.temperature == Temperature::Hot) {
        by.entry((&q.engine, &q.profile)).or_default().push(q);
    }
    let price = prices.compute.per_core_hour();
    let rows = by
        .into_iter()
        .map(|((engine, profile), qs)| {
            let needs: Vec<CoresNeeded> = qs.iter().filter_map(|q| q.cores_needed).collect();
            let (cores_text, dollars) = if needs.is_empty() {
                ("not measured".to_string(), "-".to_string())
            } else if needs.contains(&CoresNeeded::Unreachable) {
                let n = needs.iter().filter(|n| **n == CoresNeeded::Unreachable).count();
                (
                    format!("no core count suffices for {n} of {} queries: scale out", qs.len()),
                    "-".to_string(),
                )
            } else {
                let most = needs
                    .iter()
                    .map(|n| match n {
                        CoresNeeded::Cores(c) => *c,
                        CoresNeeded::Unreachable => 0,
                    })
                    .max()
                    .unwrap_or(0);
                (most.to_string(), format!("${:.0}", most as f64 * price * HOURS_PER_MONTH))
            };
            vec![engine.to_string(), profile.to_string(), cores_text, dollars]
        })
        .collect();
    Some(Table {
        headers: strings([
            "engine",
            "profile",
            "cores to meet the target (slowest query)",
            "always-on compute per month",
        ]),
        rows,
    })
}

pub fn section(sweeps: &[(PathBuf, SweepResult)], prices: &Prices) -> Option<Section> {
    let (path, s) = sweeps.last()?;
    let gb_day = |b: f64| format!("{:.1} GB/day", b / GB);
    let mut text = vec![
        format!("Roadmap pitfall 3: queries that run in seconds on sample data take minutes on production data. {} (`lakeproof sweep`, {}) generated scenario `{}` (seed {}, sha256 {}) over {:.1} days at {} daily volumes on one {}-core machine with {:.0} GB of memory, ran the same profiles on the same engines at each, and fitted each query's latency against the bytes its time window selects (Iceberg manifest statistics).",
            path.display(), s.finished_at, s.scenario, s.seed, &s.scenario_hash[..s.scenario_hash.len().min(12)], s.scenario_days, s.volumes.len(), s.machine.cpus, s.machine.memory_bytes as f64 / GB),
        format!("Everything at {} kept {:.0} days is a **projection**, not a measurement: the model (a line a + b·x or a power law a·x^b, whichever predicts left-out points better) is fitted on every measured volume and extrapolated; the error column is what the same method got wrong on the largest measured volume when fitted without it. Median held-out error: {} over {} queries (goal ≤ {}).",
            gb_day(s.target.daily_raw_bytes as f64), s.target.retention_days,
            s.summary.median_holdout_error.map_or("not measured (fewer than three volumes)".into(), pct),
            s.summary.queries_with_holdout, pct(s.summary.holdout_goal)),
    ];
    if s.summary.largest_data_vs_memory < 1.0 {
        text.push(format!("The largest lake's data files are {:.0} % of this machine's memory: cold runs evicted them from the page cache first, but hot runs read from memory, which a lake of the target size cannot.", s.summary.largest_data_vs_memory * 100.0));
    }
    let volumes = Table {
        headers: strings([
            "--volumes",
            "measured raw",
            "data files",
            "data vs memory",
            "generated in",
            "peak RSS",
            "run result",
        ]),
        rows: s
            .volumes
            .iter()
            .map(|v| {
                vec![
                    gb_day(v.nominal_daily_bytes as f64),
                    format!("{} ({:.1} GB)", gb_day(v.raw_bytes_per_day), v.raw_bytes as f64 / GB),
                    format!("{:.2} GB in {} files", v.data_bytes as f64 / GB, v.data_files),
                    format!("{:.2}×", v.data_vs_memory),
                    if v.generation.reused {
                        "reused".into()
                    } else {
                        format!("{:.0} s", v.generation.seconds)
                    },
                    if v.generation.reused {
                        "-".into()
                    } else {
                        format!("{:.2} GB", v.generation.peak_rss_bytes as f64 / GB)
                    },
                    v.run_file.clone(),
                ]
            })
            .collect(),
    };
    let rows = s
        .scaling
        .iter()
        .map(|q| {
            let measured = format!(
                "{} points, up to {:.3} GB",
                q.points.len(),
                q.points.iter().map(|p| p.x).fold(0.0, f64::max) / GB
            );
            let (model, at, err) = match &q.projection {
                Some(p) => (
                    p.fit.formula(),
                    format!(
                        "{} at {:.2} GB (×{:.0} past the data)",
                        ms(p.value),
                        p.x / GB,
                        p.extrapolation
                    ),
                    p.holdout.as_ref().map_or("-".into(), |h| pct(h.relative_error)),
                ),
                None => ("no fit".into(), "-".into(), "-".into()),
            };
            vec![
                q.engine.clone(),
                q.profile.clone(),
                q.query.clone(),
                format!("{:?}", q.temperature).to_lowercase(),
                measured,
                model,
                at,
                err,
                ms(q.target_ms),
                q.projected_verdict.to_uppercase(),
                cores(&q.cores_needed),
            ]
        })
        .collect();
    let scaling = Table {
        headers: strings([
            "engine",
            "profile",
            "query",
            "run",
            "measured",
            "model",
            "projected at target",
            "held-out error",
            "target",
            "projected verdict",
            "cores needed",
        ]),
        rows,
    };
    let mut tables = vec![volumes, scaling];
    if let Some(a) = &s.analysts {
        text.push(format!("Analysts (`{}` profile at {}): each refreshes the dashboard (every panel query back to back), thinks for an exponentially distributed {:.0} s on average, and refreshes again, for {:.0} s per level; p95 of the refresh latency against {}.", a.profile, gb_day(a.nominal_daily_bytes as f64), a.think_time_mean_s, a.seconds_per_level, ms(a.target_ms)));
        tables.push(Table {
            headers: strings(["engine", "analysts", "refreshes", "p50", "p95"]),
            rows: a
                .levels
                .iter()
                .map(|l| {
                    vec![
                        l.engine.clone(),
                        l.analysts.to_string(),
                        l.refreshes.to_string(),
                        ms(l.p50_ms),
                        ms(l.p95_ms),
                    ]
                })
                .collect(),
        });
    }
    if let Some(c) = &s.cores {
        text.push(format!("Cores: at {} each query ran on one core and on {} ({}). Its parallel fraction p (Amdahl: t(n) = t1·((1 − p) + p/n)) and its projected one-core time give the cores it needs within the target; capacity is priced at ${:.4} per core-hour ({} at ${}/hour over {} vCPUs, price of {} from {}), kept running all month.",
            gb_day(c.nominal_daily_bytes as f64), c.queries.first().map_or(0, |q| q.cores), c.method,
            prices.compute.per_core_hour(), prices.compute.node, prices.compute.per_hour, prices.compute.vcpus, prices.compute.as_of, prices.compute.source));
    }
    tables.extend(compute_table(s, prices));
    let panels = panels(s);
    Some(Section {
        id: "scaling",
        title: "Scaling to the target volume".into(),
        text,
        tables,
        plot: (!panels.is_empty()).then(|| {
            (
                "scaling",
                "Latency against the bytes a query touches, measured and projected, per profile"
                    .to_string(),
                Plot::Scaling(panels),
            )
        }),
    })
}

#[cfg(test)]
mod tests {
    use crate::cost::prices::Prices;
    use crate::report::{build, roadmap::Roadmap, write};
    use crate::results::machine::machine;
    use crate::results::sweep::*;
    use crate::results::Inputs;
    use crate::sweep::assemble::{scaling, summary, Measured};
    use crate::sweep::test_volume;
    use crate::util::fs::write_json;

    #[test]
    fn report_of_a_sweep_alone_shows_projections_with_their_error_and_a_plot() {
        let dir = tempfile::tempdir().unwrap();
        let scales = [1.0, 3.0, 9.0, 27.0];
        let runs: Vec<_> = scales.iter().map(|&s| test_volume(s, |b| 80.0 + b / 2e6)).collect();
        let mut volumes = Vec::new();
        for (run, s) in runs.iter().zip(scales) {
            let file = format!("run-{s}.json");
            write_json(&dir.path().join(&file), run).unwrap();
            volumes.push(Volume {
                nominal_daily_bytes: (1e9 * s) as u64,
                warehouse: "w".into(),
                raw_bytes: (2e9 * s) as u64,
                raw_bytes_per_day: 1e9 * s,
                data_bytes: (2e8 * s) as u64,
                data_files: 10,
                data_vs_memory: 0.01 * s,
                generation: Generation::default(),
                run_file: file,
            });
        }
        let measured: Vec<Measured> = runs
            .iter()
            .zip(scales)
            .map(|(run, s)| Measured { run, raw_bytes: 2e9 * s, raw_bytes_per_day: 1e9 * s })
            .collect();
        let target = Target { daily_raw_bytes: 500_000_000_000, retention_days: 365.0 };
        let q = scaling(&measured, &target, None);
        let sweep = SweepResult {
            schema_version: SWEEP_SCHEMA_VERSION,
            kind: "lakeproof.sweep".into(),
            tool_version: "test".into(),
            started_at: "2026-12-04T00:00:00Z".into(),
            finished_at: "2026-12-04T01:00:00Z".into(),
            machine: machine(),
            scenario: "smoke".into(),
            scenario_hash: "ab".repeat(32),
            seed: 42,
            scenario_days: 2.0,
            target,
            volumes,
            summary: summary(&q, 0.27),
            scaling: q,
            cores: None,
            analysts: None,
        };
        let file = dir.path().join("sweep.json");
        write_json(&file, &sweep).unwrap();
        let inputs = Inputs::load(&[file]).unwrap();
        let report =
            build(&inputs, &Roadmap::shipped().unwrap(), &Prices::shipped().unwrap()).unwrap();
        let s = report.sections.iter().find(|s| s.id == "scaling").expect("a scaling section");
        let text = s.text.join(" ");
        assert!(
            text.contains("**projection**") && text.contains("Median held-out error: 0 %"),
            "{text}"
        );
        assert!(text.contains("27 % of this machine's memory"), "{text}");
        assert_eq!(s.tables[0].rows.len(), 4);
        assert!(s.tables[1].rows.iter().any(|r| r[6].contains("past the data") && r[9] == "FAIL"));
        // The scorecard: measured at 5.7 GB/day, about 1 % of 500 GB/day, so the latency rows are
        // decided by the projection and say so.
        let score = &report.sections.iter().find(|s| s.id == "scorecard").unwrap().tables[0];
        let row = score.rows.iter().find(|r| r[1].contains("under 30 seconds")).unwrap();
        assert!(row[3].contains("duckdb at 500 GB/day (projected)"), "{}", row[3]);
        assert!(!row[3].contains("duckdb slowest"), "measured cells give way: {}", row[3]);
        assert!(row[5].contains("the verdict is the projected one"), "{}", row[5]);
        assert!(row[3].contains("held-out error up to 0 %"), "{}", row[3]);
        let fit = report.sections.iter().find(|s| s.id == "fit").unwrap();
        assert_eq!(fit.tables.len(), 2, "measured and projected rankings");
        assert_eq!(fit.tables[1].headers[3], "ranking at the projected volume");
        let out = dir.path().join("report");
        let written = write(&report, &out).unwrap();
        assert!(written.pngs.iter().any(|p| p.ends_with("scaling.png")), "{:?}", written.pngs);
    }
}
