//! From the run results of a sweep's volumes to scaling verdicts: per engine × query and per
//! temperature the (window bytes, latency) points, the fitted model, the projection to the
//! bytes the same window selects at the target daily volume (and retention, for whole-range
//! queries), its held-out error, the projected verdict and, given parallel fractions, the cores.

use crate::results::run::{QueryResult, RunResult};
use crate::results::stats::median;
use crate::results::sweep::{CoresRun, QueryScaling, Summary, Target, Temperature, HOLDOUT_GOAL};
use crate::scale::cores::{cores_needed, time_on};
use crate::scale::model::{project, Point};
use std::collections::BTreeMap;

/// One measured volume: its run result and the lake's measured raw bytes.
pub struct Measured<'a> {
    pub run: &'a RunResult,
    pub raw_bytes: f64,
    pub raw_bytes_per_day: f64,
}

/// Cores above which a verdict is "scale out", not "add cores".
const MAX_CORES: u32 = 256;

type Key = (String, String, String);

pub fn scaling<'a>(
    measured: &[Measured<'a>],
    target: &Target,
    cores: Option<&CoresRun>,
) -> Vec<QueryScaling> {
    let Some(largest) = measured.iter().max_by(|a, b| a.raw_bytes.total_cmp(&b.raw_bytes)) else {
        return Vec::new();
    };
    let mut keys: BTreeMap<Key, (f64, bool)> = BTreeMap::new();
    for m in measured {
        for q in &m.run.results {
            let p = m.run.profiles.iter().find(|p| p.name == q.profile);
            let target_ms = p.map_or(f64::NAN, |p| p.target_ms);
            let windowed = p.is_some_and(|p| p.window_minutes.is_some());
            keys.insert(
                (q.engine.clone(), q.profile.clone(), q.query.clone()),
                (target_ms, windowed),
            );
        }
    }
    let parallel: BTreeMap<Key, f64> = cores
        .map(|c| {
            c.queries
                .iter()
                .map(|q| {
                    ((q.engine.clone(), q.profile.clone(), q.query.clone()), q.parallel_fraction)
                })
                .collect()
        })
        .unwrap_or_default();
    let mut out = Vec::new();
    for ((engine, profile, query), (target_ms, windowed)) in keys {
        let find = |m: &Measured<'a>| -> Option<&'a QueryResult> {
            m.run
                .results
                .iter()
                .find(|q| q.engine == engine && q.profile == profile && q.query == query)
        };
        // Bytes the window selects at the target: a last-N-minutes window grows with the daily
        // volume; a whole-range query with the whole retained lake.
        let Some(largest_window) = find(largest).and_then(|q| q.window) else { continue };
        let factor = if windowed {
            target.daily_raw_bytes as f64 / largest.raw_bytes_per_day
        } else {
            target.daily_raw_bytes as f64 * target.retention_days / largest.raw_bytes
        };
        let target_bytes = largest_window.bytes as f64 * factor;
        for temperature in [Temperature::Cold, Temperature::Hot] {
            let points: Vec<Point> = measured
                .iter()
                .filter_map(find)
                .filter(|q| q.ok())
                .filter_map(|q| {
                    let x = q.window?.bytes as f64;
                    let y = match temperature {
                        // A cold time counts only when the run really read from disk.
                        Temperature::Cold => q
                            .cold_ms
                            .filter(|_| q.cold_io.as_ref().is_some_and(|c| c.was_cold()))?,
                        Temperature::Hot => median(&q.hot_ms)?,
                    };
                    (x > 0.0).then_some(Point { x, y })
                })
                .collect();
            let projection = project(&points, target_bytes);
            let projected_verdict = match &projection {
                Some(p) if p.value <= target_ms => "pass",
                Some(_) => "fail",
                None => "unknown",
            }
            .to_string();
            // The projection is at this machine's cores (all of them); from the parallel
            // fraction measured at one and two cores, the one-core time and the cores needed.
            let key = (engine.clone(), profile.clone(), query.clone());
            let cores_needed = match (&projection, parallel.get(&key)) {
                (Some(p), Some(&f)) => {
                    let t1 = p.value / time_on(1.0, f, measured_cores(largest.run));
                    Some(cores_needed(t1, f, target_ms, MAX_CORES))
                }
                _ => None,
            };
            out.push(QueryScaling {
                engine: engine.clone(),
                profile: profile.clone(),
                query: query.clone(),
                temperature,
                target_ms,
                windowed,
                points,
                target_bytes,
                projection,
                projected_verdict,
                cores_needed,
            });
        }
    }
    out
}

fn measured_cores(run: &RunResult) -> f64 {
    run.machine.cpus.max(1) as f64
}

/// The median held-out error over every query with a held-out validation.
pub fn summary(scaling: &[QueryScaling], largest_data_vs_memory: f64) -> Summary {
    let errors: Vec<f64> = scaling
        .iter()
        .filter_map(|q| q.projection.as_ref()?.holdout.as_ref().map(|h| h.relative_error))
        .collect();
    Summary {
        median_holdout_error: median(&errors),
        holdout_goal: HOLDOUT_GOAL,
        queries_with_holdout: errors.len(),
        largest_data_vs_memory,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::sweep::ParallelFraction;
    use crate::scale::cores::CoresNeeded;
    use crate::sweep::test_volume as volume;

    #[test]
    fn a_linear_engine_projects_to_the_target_and_validates_on_the_held_out_volume() {
        let ms = |b: f64| 50.0 + b / 1e6; // 1 ms per MB touched
        let runs: Vec<RunResult> = [1.0, 4.0, 16.0, 64.0].iter().map(|&s| volume(s, ms)).collect();
        let measured: Vec<Measured> = runs
            .iter()
            .zip([1.0, 4.0, 16.0, 64.0])
            .map(|(run, s)| Measured { run, raw_bytes: 2e9 * s, raw_bytes_per_day: 1e9 * s })
            .collect();
        let target = Target { daily_raw_bytes: 500_000_000_000, retention_days: 365.0 };
        let out = scaling(&measured, &target, None);
        assert!(!out.is_empty());
        let hot: Vec<&QueryScaling> =
            out.iter().filter(|q| q.temperature == Temperature::Hot).collect();
        for q in &hot {
            assert_eq!(q.points.len(), 4, "{}", q.query);
            let p = q.projection.as_ref().unwrap();
            // Windowed queries: 64× → 500 GB/day is 500/64 more bytes; whole-range: 500 GB/day ×
            // 365 days over the largest lake's 128 GB.
            let factor = if q.windowed { 500.0 / 64.0 } else { 500.0 * 365.0 / 128.0 };
            assert!((q.target_bytes / (64e8 * factor) - 1.0).abs() < 1e-9, "{}", q.query);
            assert!((p.value / ms(q.target_bytes) - 1.0).abs() < 1e-6, "{}: {p:?}", q.query);
            assert!(p.holdout.as_ref().unwrap().relative_error < 1e-6);
        }
        // No eviction was recorded, so no cold point is trusted.
        assert!(out
            .iter()
            .filter(|q| q.temperature == Temperature::Cold)
            .all(|q| q.points.is_empty() && q.projected_verdict == "unknown"));
        let s = summary(&out, 1.3);
        assert!(s.median_holdout_error.unwrap() < 1e-6 && s.queries_with_holdout == hot.len());
    }

    #[test]
    fn cores_follow_from_the_parallel_fraction() {
        let ms = |b: f64| b / 1e6;
        let runs: Vec<RunResult> = [1.0, 2.0, 4.0].iter().map(|&s| volume(s, ms)).collect();
        let measured: Vec<Measured> = runs
            .iter()
            .zip([1.0, 2.0, 4.0])
            .map(|(run, s)| Measured { run, raw_bytes: 2e9 * s, raw_bytes_per_day: 1e9 * s })
            .collect();
        let first = &runs[0].results[0];
        let cores = CoresRun {
            nominal_daily_bytes: 1_000_000_000,
            method: "test".into(),
            queries: vec![ParallelFraction {
                engine: first.engine.clone(),
                profile: first.profile.clone(),
                query: first.query.clone(),
                one_core_ms: 10.0,
                many_core_ms: 5.5,
                cores: 2,
                parallel_fraction: 0.9,
            }],
        };
        let target = Target { daily_raw_bytes: 4_000_000_000, retention_days: 2.0 };
        let out = scaling(&measured, &target, Some(&cores));
        let q = out
            .iter()
            .find(|q| q.query == first.query && q.temperature == Temperature::Hot)
            .unwrap();
        let p = q.projection.as_ref().unwrap().value;
        let t1 = p / (0.1 + 0.9 / runs[0].machine.cpus as f64);
        let want = cores_needed(t1, 0.9, q.target_ms, MAX_CORES);
        assert_eq!(q.cores_needed, Some(want));
        assert!(matches!(want, CoresNeeded::Cores(_) | CoresNeeded::Unreachable));
        assert!(out.iter().filter(|o| o.query != first.query).all(|o| o.cores_needed.is_none()));
    }
}
