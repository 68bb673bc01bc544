//! The engine-fit matrix: per workload profile, engines ranked by measured latency beside the
//! roadmap's recommendation. Ranking follows ClickBench: per query, each engine's time over the
//! best engine's time (both + 10 ms, so sub-millisecond differences do not dominate), combined
//! by geometric mean. A failed query counts as the profile's timeout, so an engine cannot rank
//! well by failing its hard queries.

use super::roadmap::Roadmap;
use crate::results::run::{QueryStatus, RunResult};
use crate::results::sweep::{SweepResult, Temperature};

/// Added to both times of a ratio, as ClickBench does.
const RATIO_OFFSET_MS: f64 = 10.0;

#[derive(Debug, Clone)]
pub struct Ranked {
    pub engine: String,
    /// Geometric mean of per-query ratios to the best; 1.0 = best on every query.
    pub score: f64,
    pub ok: usize,
    pub failed: usize,
}

#[derive(Debug, Clone)]
pub struct FitRow {
    pub profile: String,
    pub workload: String,
    pub claimed: Vec<String>,
    /// Best first.
    pub ranking: Vec<Ranked>,
    /// Queries ranked (those at least one engine answered).
    pub queries: usize,
    pub sentence: String,
}

/// The run with each query's hot time replaced by its projection at the sweep's target volume
/// (queries without a projection count as failed), so the same ranking speaks at that volume.
pub fn projected_run(run: &RunResult, sweep: &SweepResult) -> RunResult {
    let mut out = run.clone();
    out.results
        .retain(|q| sweep.scaling.iter().any(|s| s.engine == q.engine && s.profile == q.profile));
    for q in &mut out.results {
        let p = sweep
            .scaling
            .iter()
            .find(|s| {
                s.temperature == Temperature::Hot
                    && s.engine == q.engine
                    && s.profile == q.profile
                    && s.query == q.query
            })
            .and_then(|s| s.projection.as_ref());
        match p {
            Some(p) => {
                q.hot_ms = vec![p.value];
                q.status = QueryStatus::Ok;
            }
            None => {
                q.hot_ms.clear();
                q.status = QueryStatus::Failed;
            }
        }
    }
    out
}

pub fn build(run: &RunResult, roadmap: &Roadmap) -> Vec<FitRow> {
    run.profiles
        .iter()
        .map(|p| {
            let claim = roadmap.fit.iter().find(|f| f.profile == p.name);
            let penalty = p.timeout_secs as f64 * 1000.0;
            let engines: Vec<&str> = run
                .engines
                .iter()
                .map(|e| e.name.as_str())
                .filter(|e| run.results.iter().any(|q| q.engine == *e && q.profile == p.name))
                .collect();
            let mut queries: Vec<&str> = run
                .results
                .iter()
                .filter(|q| q.profile == p.name)
                .map(|q| q.query.as_str())
                .collect();
            queries.sort();
            queries.dedup();
            let time = |e: &str, query: &str| {
                run.results
                    .iter()
                    .find(|r| r.engine == e && r.profile == p.name && r.query == query)
                    .and_then(|r| if r.ok() { r.median_ms() } else { None })
            };
            // Only queries some engine answered can be ranked.
            let ranked_queries: Vec<(&str, f64)> = queries
                .iter()
                .filter_map(|q| {
                    engines
                        .iter()
                        .filter_map(|e| time(e, q))
                        .reduce(f64::min)
                        .map(|best| (*q, best))
                })
                .collect();
            let mut ranking: Vec<Ranked> = engines
                .iter()
                .map(|e| {
                    let mut log_sum = 0.0;
                    let (mut ok, mut failed) = (0, 0);
                    for (q, best) in &ranked_queries {
                        let t = match time(e, q) {
                            Some(t) => {
                                ok += 1;
                                t
                            }
                            None => {
                                failed += 1;
                                penalty
                            }
                        };
                        log_sum += ((t + RATIO_OFFSET_MS) / (best + RATIO_OFFSET_MS)).ln();
                    }
                    let score = if ranked_queries.is_empty() {
                        f64::INFINITY
                    } else {
                        (log_sum / ranked_queries.len() as f64).exp()
                    };
                    Ranked { engine: e.to_string(), score, ok, failed }
                })
                .collect();
            ranking.sort_by(|a, b| a.score.total_cmp(&b.score).then(a.engine.cmp(&b.engine)));
            let claimed = claim.map(|c| c.engines.clone()).unwrap_or_default();
            let sentence = sentence(&ranking, &claimed, roadmap);
            FitRow {
                profile: p.name.clone(),
                workload: claim.map_or_else(|| p.description.clone(), |c| c.workload.clone()),
                claimed,
                ranking,
                queries: ranked_queries.len(),
                sentence,
            }
        })
        .collect()
}

fn ordinal(n: usize) -> String {
    match n {
        1 => "1st".into(),
        2 => "2nd".into(),
        3 => "3rd".into(),
        n => format!("{n}th"),
    }
}

/// Whether the measurement agrees with the roadmap's fit, in one sentence.
fn sentence(ranking: &[Ranked], claimed: &[String], roadmap: &Roadmap) -> String {
    let Some(best) = ranking.first() else { return "no engine ran this profile".into() };
    let name = |e: &str| {
        let n = roadmap.engine_name(e);
        if n.eq_ignore_ascii_case(e) {
            e.to_string()
        } else {
            format!("{e} ({n})")
        }
    };
    if claimed.is_empty() {
        return format!("the roadmap recommends no engine here; {} ranks 1st", name(&best.engine));
    }
    let is_claimed =
        |e: &str| claimed.iter().any(|c| c.eq_ignore_ascii_case(roadmap.engine_name(e)));
    let measured_claimed: Vec<(usize, &Ranked)> =
        ranking.iter().enumerate().filter(|(_, r)| is_claimed(&r.engine)).collect();
    let claim = claimed.join(" or ");
    if is_claimed(&best.engine) {
        return format!("agrees: {} ranks 1st of {}", name(&best.engine), ranking.len());
    }
    if measured_claimed.is_empty() {
        return format!(
            "not testable here: {claim} was not measured; {} ranks 1st of the {} engines measured",
            name(&best.engine),
            ranking.len()
        );
    }
    let places: Vec<String> = measured_claimed
        .iter()
        .map(|(i, r)| {
            let failed = if r.failed > 0 {
                format!(", {} of {} queries failed", r.failed, r.ok + r.failed)
            } else {
                String::new()
            };
            format!(
                "{} ranks {} of {} ({:.1}× the best{failed})",
                name(&r.engine),
                ordinal(i + 1),
                ranking.len(),
                r.score
            )
        })
        .collect();
    format!(
        "disagrees: the roadmap fits {claim}, but {}; {} ranks 1st",
        places.join("; "),
        name(&best.engine)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn ranks_the_real_run_and_counts_failures() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let run = crate::results::run::load(&root.join("results/run-smoke-10g.json")).unwrap();
        let roadmap = Roadmap::shipped().unwrap();
        let rows = build(&run, &roadmap);
        let alerting = rows.iter().find(|r| r.profile == "alerting").unwrap();
        // DuckDB answers the alerting rules fastest, chDB second: the sentence says the roadmap's
        // ClickHouse pick is contradicted by this measurement; Spark (JVM per query) is last.
        let last = alerting.ranking.last().unwrap();
        assert_eq!((last.engine.as_str(), last.ok, last.failed), ("spark", 10, 0));
        assert_eq!(alerting.ranking[0].engine, "duckdb");
        assert!(
            alerting.sentence.starts_with("disagrees")
                && alerting.sentence.contains("chdb (ClickHouse)"),
            "{}",
            alerting.sentence
        );
        // DataFusion failed every federation query (no PostgreSQL connector): counted, ranked last.
        let federation = rows.iter().find(|r| r.profile == "federation").unwrap();
        let last = federation.ranking.last().unwrap();
        assert_eq!((last.engine.as_str(), last.ok, last.failed), ("datafusion", 0, 6));
        assert!(
            alerting.ranking.windows(2).all(|w| w[0].score <= w[1].score)
                && alerting.ranking[0].score >= 1.0
        );
        let adhoc = rows.iter().find(|r| r.profile == "adhoc").unwrap();
        assert!(adhoc.sentence.starts_with("not testable"), "{}", adhoc.sentence);
    }
}
