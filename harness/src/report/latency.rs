//! Latency figures for the report: per query per engine (hot p50/p95, cold) and per workload
//! profile per engine (the profile's own target statistic over all its hot runs).

use crate::results::run::{RunResult, TargetStat};
use crate::results::stats::percentile;

pub struct QueryRow<'a> {
    pub profile: &'a str,
    pub query: &'a str,
    pub engine: &'a str,
    pub status: &'a str,
    pub p50: Option<f64>,
    pub p95: Option<f64>,
    pub cold: Option<f64>,
    pub runs: usize,
}

pub fn queries(run: &RunResult) -> Vec<QueryRow<'_>> {
    run.results
        .iter()
        .map(|q| QueryRow {
            profile: &q.profile,
            query: &q.query,
            engine: &q.engine,
            status: q.status.as_str(),
            p50: q.ok().then(|| q.median_ms()).flatten(),
            p95: q.ok().then(|| percentile(&q.hot_ms, 95.0)).flatten(),
            cold: q.ok().then_some(q.cold_ms).flatten(),
            runs: q.hot_ms.len(),
        })
        .collect()
}

pub struct ProfileRow<'a> {
    pub profile: &'a str,
    pub engine: &'a str,
    pub stat: TargetStat,
    /// The statistic over every hot run of the profile's successful queries.
    pub value: Option<f64>,
    pub target_ms: f64,
    pub ok: usize,
    pub failed: usize,
    /// Geometric mean of the successful queries' medians (what the latency plot shows).
    pub geomean: Option<f64>,
}

impl ProfileRow<'_> {
    /// Meets the profile's target with no failed query.
    pub fn meets_target(&self) -> bool {
        self.failed == 0 && self.value.is_some_and(|v| v <= self.target_ms)
    }
}

pub fn stat_name(s: TargetStat) -> &'static str {
    match s {
        TargetStat::Max => "max",
        TargetStat::P95 => "p95",
        TargetStat::Median => "median",
    }
}

pub fn profiles(run: &RunResult) -> Vec<ProfileRow<'_>> {
    let mut rows = Vec::new();
    for p in &run.profiles {
        for e in &run.engines {
            let qs: Vec<_> =
                run.results.iter().filter(|q| q.profile == p.name && q.engine == e.name).collect();
            if qs.is_empty() {
                continue;
            }
            let ok: Vec<_> = qs.iter().filter(|q| q.ok()).collect();
            let hot: Vec<f64> = ok.iter().flat_map(|q| q.hot_ms.iter().copied()).collect();
            let value = match p.target_stat {
                TargetStat::Max => hot.iter().copied().reduce(f64::max),
                TargetStat::P95 => percentile(&hot, 95.0),
                TargetStat::Median => percentile(&hot, 50.0),
            };
            let medians: Vec<f64> =
                ok.iter().filter_map(|q| q.median_ms()).filter(|m| *m > 0.0).collect();
            let geomean = (!medians.is_empty()).then(|| {
                (medians.iter().map(|m| m.ln()).sum::<f64>() / medians.len() as f64).exp()
            });
            rows.push(ProfileRow {
                profile: &p.name,
                engine: &e.name,
                stat: p.target_stat,
                value,
                target_ms: p.target_ms,
                ok: ok.len(),
                failed: qs.len() - ok.len(),
                geomean,
            });
        }
    }
    rows
}
