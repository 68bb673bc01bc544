//! `lakeproof sweep`: the same scenario at several daily volumes, the same profiles on the same
//! engines at each, then fits and projections to the target volume (see `crate::scale`).

pub mod assemble;

#[cfg(test)]
use crate::results::run::{load, RunResult, WindowBytes};

#[cfg(test)]
/// For tests: a committed run result rescaled to look like a lake of `scale` times the bytes, with
/// latencies following `ms(bytes)`.
pub(crate) fn test_volume(scale: f64, ms: impl Fn(f64) -> f64) -> RunResult {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../results/run-smoke-10g.json");
    let mut run = load(&path).unwrap();
    run.results.retain(|q| {
        q.engine == "duckdb" && q.ok() && (q.profile == "alerting" || q.profile == "adhoc")
    });
    for q in &mut run.results {
        let bytes = (1e8 * scale) as u64;
        q.window = Some(WindowBytes { files: 1, bytes, rows: bytes / 40 });
        q.hot_ms = vec![ms(bytes as f64)];
        q.cold_ms = Some(2.0 * ms(bytes as f64));
        q.cold_io = None; // no eviction recorded: cold points must be left out
    }
    run
}
