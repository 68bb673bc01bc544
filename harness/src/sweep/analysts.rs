//! Analysts on a dashboard, the way Rally's security track models them: each analyst has an
//! engine session of their own, refreshes the dashboard (every panel query, back to back),
//! thinks for an exponentially distributed time and refreshes again, for a fixed time per level;
//! levels add analysts. Reported per engine and level: panel-query latency p50/p95, refresh
//! p95, and the most analysts whose panel p95 stays within the profile's target.

use crate::engines::{self, Attach, Engine};
use crate::lake::catalog::{Lake, LakeConfig, DEFAULT_NAMESPACE};
use crate::results::run::RunResult;
use crate::results::stats::percentile;
use crate::results::sweep::{AnalystLevel, AnalystsRun};
use crate::scale::analysts::{sustained, ThinkTime};
use crate::workloads::profile::{substitute, Workloads};
use anyhow::{bail, Context, Result};
use std::path::Path;
use std::time::{Duration, Instant};

pub struct AnalystOptions {
    pub profile: String,
    /// Analysts per level, increasing.
    pub levels: Vec<u32>,
    pub think_time: Duration,
    pub seconds_per_level: f64,
    pub seed: u64,
}

/// One analyst's session: refreshes until the deadline; (panel query ms, refresh ms).
fn analyst(
    mut engine: Box<dyn Engine>,
    queries: &[(String, String)],
    mut think: ThinkTime,
    deadline: Instant,
    timeout: Duration,
) -> Result<(Vec<f64>, Vec<f64>)> {
    let (mut panels, mut refreshes) = (Vec::new(), Vec::new());
    while Instant::now() < deadline {
        let t = Instant::now();
        for (name, sql) in queries {
            let a = engine.query(sql, timeout).with_context(|| format!("panel {name}"))?;
            panels.push(a.elapsed.as_secs_f64() * 1000.0);
        }
        refreshes.push(t.elapsed().as_secs_f64() * 1000.0);
        let pause = think.next_pause();
        let left = deadline.saturating_duration_since(Instant::now());
        std::thread::sleep(pause.min(left));
    }
    engine.close();
    Ok((panels, refreshes))
}

/// Run the levels on every engine against one lake; the panel queries are filled with the
/// parameters that volume's run used.
pub fn run_analysts(
    lake_dir: &Path,
    engines_list: &[String],
    workloads: &Workloads,
    run: &RunResult,
    nominal_daily_bytes: u64,
    opts: &AnalystOptions,
) -> Result<AnalystsRun> {
    let profile = workloads.profile(&opts.profile)?;
    let Some(info) = run.profiles.iter().find(|p| p.name == opts.profile) else {
        bail!("--analysts: the `{}` profile must be among the sweep's profiles", opts.profile);
    };
    let rt = tokio::runtime::Runtime::new()?;
    let lake = rt.block_on(Lake::open(
        &LakeConfig::Embedded { dir: lake_dir.to_path_buf() },
        DEFAULT_NAMESPACE,
    ))?;
    let (attach, _) = crate::workloads::runner::dataset(&lake, &rt)?;
    let timeout = Duration::from_secs(profile.spec.timeout_secs);
    let mut levels = Vec::new();
    let mut held = Vec::new();
    for engine in engines_list {
        let queries: Vec<(String, String)> = profile
            .queries
            .iter()
            .map(|q| {
                Ok((q.name.clone(), substitute(&q.sql_for(engine)?, &info.parameters, &q.name)?))
            })
            .collect::<Result<_>>()?;
        let max = engines::lookup(engine)?.capabilities.max_clients;
        let mut mine = Vec::new();
        for &n in &opts.levels {
            if max.is_some_and(|m| n > m) {
                continue; // more sessions than the engine can hold here (Spark: one JVM)
            }
            let level = level(engine, n, &attach, &queries, opts, timeout)?;
            mine.push((n, level.p95_ms));
            levels.push(level);
        }
        held.push((engine.clone(), sustained(&mine, profile.spec.target_ms)));
    }
    Ok(AnalystsRun {
        nominal_daily_bytes,
        profile: opts.profile.clone(),
        think_time_mean_s: opts.think_time.as_secs_f64(),
        seconds_per_level: opts.seconds_per_level,
        target_ms: profile.spec.target_ms,
        levels,
        sustained: held,
    })
}

fn level(
    engine: &str,
    n: u32,
    attach: &Attach,
    queries: &[(String, String)],
    opts: &AnalystOptions,
    timeout: Duration,
) -> Result<AnalystLevel> {
    let mut sessions = Vec::new();
    for _ in 0..n {
        let mut e = engines::start(engine)?;
        e.open(attach)?;
        sessions.push(e);
    }
    let deadline = Instant::now() + Duration::from_secs_f64(opts.seconds_per_level);
    let outcomes: Vec<Result<(Vec<f64>, Vec<f64>)>> = std::thread::scope(|s| {
        let handles: Vec<_> = sessions
            .into_iter()
            .enumerate()
            .map(|(i, e)| {
                let think = ThinkTime::new(opts.seed, i as u32, opts.think_time);
                s.spawn(move || analyst(e, queries, think, deadline, timeout))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(anyhow::anyhow!("analyst thread panicked"))))
            .collect()
    });
    let (mut panels, mut refreshes) = (Vec::new(), Vec::new());
    for o in outcomes {
        let (p, r) = o.with_context(|| format!("{engine}, {n} analysts"))?;
        panels.extend(p);
        refreshes.extend(r);
    }
    Ok(AnalystLevel {
        engine: engine.to_string(),
        analysts: n,
        refreshes: refreshes.len() as u64,
        p50_ms: percentile(&panels, 50.0).unwrap_or(f64::NAN),
        p95_ms: percentile(&panels, 95.0).unwrap_or(f64::NAN),
        refresh_p95_ms: percentile(&refreshes, 95.0).unwrap_or(f64::NAN),
    })
}
