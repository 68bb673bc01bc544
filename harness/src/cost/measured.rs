//! Cost-model inputs taken from a measured run: compression ratio, mean data file size, and
//! query time per profile on the engine that served it best.

use super::{Compute, ProfileCompute};
use crate::cost::prices::Prices;
use crate::results::run::RunResult;
use anyhow::{Context, Result};

/// The measured total ratio (sources only) and mean data file size of a run's dataset.
pub fn ratio_and_file_size(run: &RunResult, file: &str) -> Result<(f64, f64)> {
    let ratio = run.dataset.ratio().with_context(|| {
        format!("{file}: field `dataset.tables` has no source table with data bytes")
    })?;
    let files = run.dataset.data_files().max(1);
    Ok((ratio, run.dataset.data_bytes() as f64 / files as f64))
}

/// Query compute at a target volume. Each profile is priced on `engine` when given, else on
/// the engine that answered most of its queries, fastest (sum of median hot times). Windowed
/// profiles (last hour, last day) scan a day's worth of data at most, so their time scales with
/// the daily volume; whole-dataset profiles scale with the retained volume. Scan time is assumed
/// linear in bytes — an extrapolation the report states next to the number.
pub fn compute(
    run: &RunResult,
    prices: &Prices,
    engine: Option<&str>,
    daily_raw_bytes: f64,
    retention_days: f64,
) -> Result<Compute> {
    let days = run.scenario.days().with_context(|| {
        format!(
            "run {}: fields `scenario.start`/`scenario.end` do not give a time range",
            run.run_id
        )
    })?;
    let measured_total = run.dataset.raw_bytes() as f64;
    let measured_daily = measured_total / days;
    let mut profiles = Vec::new();
    for p in &run.profiles {
        let Some(&runs_per_day) = prices.schedule.get(&p.name) else { continue };
        let scale = if p.window_minutes.is_some() {
            daily_raw_bytes / measured_daily
        } else {
            daily_raw_bytes * retention_days / measured_total
        };
        let candidates: Vec<&str> = match engine {
            Some(e) => vec![e],
            None => run.engines.iter().map(|e| e.name.as_str()).collect(),
        };
        let best = candidates
            .into_iter()
            .map(|e| {
                let qs: Vec<_> =
                    run.results.iter().filter(|q| q.engine == e && q.profile == p.name).collect();
                let ok: Vec<f64> =
                    qs.iter().filter(|q| q.ok()).filter_map(|q| q.median_ms()).collect();
                (e, ok.len(), qs.len() - ok.len(), ok.iter().sum::<f64>() / 1000.0)
            })
            .filter(|(_, ok, _, _)| *ok > 0)
            .min_by(|a, b| b.1.cmp(&a.1).then(a.3.total_cmp(&b.3)));
        if let Some((e, ok, failed, seconds)) = best {
            profiles.push(ProfileCompute {
                profile: p.name.clone(),
                engine: e.to_string(),
                runs_per_day,
                measured_seconds: seconds,
                scale,
                queries_ok: ok,
                queries_failed: failed,
            });
        }
    }
    Ok(Compute { node: prices.compute.node.clone(), per_hour: prices.compute.per_hour, profiles })
}
