//! Batch queries run as CREATE TABLE AS: the engine writes the whole result as Parquet into a
//! scratch directory, and lakeproof counts what was written from the files themselves (footer
//! row counts, file sizes), the same way for every engine. A nightly normalisation job is
//! judged by its throughput, and its cost includes writing, not only reading.

use crate::engines::Engine;
use anyhow::{Context, Result};
use parquet::file::reader::{FileReader, SerializedFileReader};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What one CTAS run left in its directory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    pub rows: u64,
    pub bytes: u64,
    pub files: u64,
}

/// Cold run, warm-up and timed runs of one CTAS query, each into a fresh directory that is
/// removed once counted.
#[derive(Debug, Default)]
pub struct CtasTimed {
    pub cold_ms: Option<f64>,
    pub hot_ms: Vec<f64>,
    pub written: Option<Written>,
    /// Why a run failed (a [`crate::engines::Timeout`] when it ran out of time).
    pub error: Option<anyhow::Error>,
}

pub fn run_ctas(
    engine: &mut dyn Engine,
    sql: &str,
    scratch: &Path,
    warmup: u32,
    iterations: u32,
    timeout: Duration,
) -> CtasTimed {
    let mut t = CtasTimed::default();
    for run in 0..1 + warmup + iterations {
        match once(engine, sql, &scratch.join(format!("run-{run}")), timeout) {
            Ok((elapsed, written)) => {
                let ms = elapsed.as_secs_f64() * 1000.0;
                if run == 0 {
                    t.cold_ms = Some(ms);
                } else if run > warmup {
                    t.hot_ms.push(ms);
                }
                t.written = Some(written);
            }
            Err(e) => {
                t.error = Some(e);
                break;
            }
        }
    }
    t
}

fn once(
    engine: &mut dyn Engine,
    sql: &str,
    dir: &Path,
    timeout: Duration,
) -> Result<(Duration, Written)> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("clearing {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let result =
        engine.ctas(sql, dir, timeout).and_then(|elapsed| Ok((elapsed, count_written(dir)?)));
    let _ = std::fs::remove_dir_all(dir);
    result
}

/// Rows, bytes and files of the Parquet files under `dir` (engines' hidden side files such as
/// Spark's `.crc` and `_SUCCESS` are not data).
pub fn count_written(dir: &Path) -> Result<Written> {
    let mut w = Written::default();
    for path in parquet_files(dir)? {
        let file =
            std::fs::File::open(&path).with_context(|| format!("opening {}", path.display()))?;
        let bytes = file.metadata()?.len();
        let reader = SerializedFileReader::new(file)
            .with_context(|| format!("reading the footer of {}", path.display()))?;
        w.rows += reader.metadata().file_metadata().num_rows() as u64;
        w.bytes += bytes;
        w.files += 1;
    }
    Ok(w)
}

fn parquet_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name.starts_with('_') {
            continue;
        }
        if path.is_dir() {
            out.extend(parquet_files(&path)?);
        } else if name.ends_with(".parquet") {
            out.push(path);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engines::datafusion::DataFusion;

    #[test]
    fn datafusion_ctas_writes_every_row_and_counts_them_from_the_files() {
        let scratch = tempfile::tempdir().unwrap();
        let mut df = DataFusion::new().unwrap();
        let sql = "SELECT v, v * 2 AS w FROM (SELECT unnest(range(0, 12345)) AS v)";
        let t = run_ctas(&mut df, sql, scratch.path(), 1, 2, Duration::from_secs(60));
        assert!(t.error.is_none(), "{:?}", t.error);
        assert!(t.cold_ms.is_some());
        assert_eq!(t.hot_ms.len(), 2);
        let w = t.written.unwrap();
        assert_eq!(w.rows, 12345);
        assert!(w.files >= 1 && w.bytes > 0);
        assert!(
            std::fs::read_dir(scratch.path()).unwrap().next().is_none(),
            "run directories are removed"
        );
    }

    #[test]
    fn a_failing_ctas_reports_the_error_and_stops() {
        let scratch = tempfile::tempdir().unwrap();
        let mut df = DataFusion::new().unwrap();
        let t = run_ctas(
            &mut df,
            "SELECT * FROM no_such_table",
            scratch.path(),
            0,
            3,
            Duration::from_secs(60),
        );
        assert!(format!("{:#}", t.error.unwrap()).contains("no_such_table"));
        assert!(t.hot_ms.is_empty() && t.written.is_none());
    }

    #[test]
    fn side_files_are_not_counted() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("_SUCCESS"), b"").unwrap();
        std::fs::write(dir.path().join(".part-0.parquet.crc"), b"xx").unwrap();
        assert_eq!(count_written(dir.path()).unwrap(), Written::default());
    }
}
