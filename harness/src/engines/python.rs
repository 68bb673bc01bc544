//! Engines hosted in Python (DuckDB, chDB, Spark), driven through the JSON-lines protocol of
//! `harness/engines/protocol.py`: one request per line on the driver's stdin, one reply per line
//! on its stdout. Values arrive as JSON and are put in the same canonical form as in-process
//! answers, so answers can be compared across engines.
//!
//! The driver files are compiled into lakeproof and written out to a cache folder of this
//! version when an engine starts, so the Python engines run from any folder, not only from a
//! checkout of the repository.

use super::values;
use super::{Answer, Attach, Engine};
use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

/// The driver files, by path relative to `harness/engines/`. They keep that layout when written
/// out: each `driver.py` imports `../protocol.py`, and Spark's reads `log4j2.properties` beside
/// it.
pub const DRIVER_FILES: [(&str, &str); 5] = [
    ("protocol.py", include_str!("../../engines/protocol.py")),
    ("duckdb/driver.py", include_str!("../../engines/duckdb/driver.py")),
    ("chdb/driver.py", include_str!("../../engines/chdb/driver.py")),
    ("spark/driver.py", include_str!("../../engines/spark/driver.py")),
    ("spark/log4j2.properties", include_str!("../../engines/spark/log4j2.properties")),
];

/// Where this lakeproof writes its drivers: `$XDG_CACHE_HOME/lakeproof/<version>/engines`, else
/// `~/.cache/lakeproof/<version>/engines`, else the same under the temporary folder. One folder
/// per version, so two installed versions never run each other's drivers.
pub fn drivers_dir() -> PathBuf {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").filter(|h| !h.is_empty()).map(|h| Path::new(&h).join(".cache"))
        })
        .unwrap_or_else(std::env::temp_dir);
    base.join("lakeproof").join(env!("CARGO_PKG_VERSION")).join("engines")
}

/// Write the driver files under `dir`, each atomically. A file already there is rewritten when
/// its bytes differ: a development build keeps its version number while the drivers change, and
/// an edited or half-copied cache must not be run.
pub fn materialise(dir: &Path) -> Result<()> {
    for (rel, text) in DRIVER_FILES {
        let path = dir.join(rel);
        if std::fs::read(&path).ok().as_deref() != Some(text.as_bytes()) {
            crate::util::fs::write_atomic(&path, text.as_bytes())
                .with_context(|| format!("writing the {rel} engine driver"))?;
        }
    }
    Ok(())
}

pub struct PythonEngine {
    name: String,
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl PythonEngine {
    pub fn start(name: &str) -> Result<PythonEngine> {
        let rel = format!("{name}/driver.py");
        anyhow::ensure!(
            DRIVER_FILES.iter().any(|(f, _)| *f == rel),
            "lakeproof has no Python driver for `{name}`"
        );
        let dir = drivers_dir();
        materialise(&dir)?;
        let driver = dir.join(rel);
        let mut child = Command::new("python3")
            .arg(&driver)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| format!("starting {}", driver.display()))?;
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        Ok(PythonEngine { name: name.to_string(), child, stdin, stdout })
    }

    fn call(&mut self, request: Value) -> Result<Value> {
        writeln!(self.stdin, "{request}")?;
        self.stdin.flush()?;
        let mut line = String::new();
        if self.stdout.read_line(&mut line)? == 0 {
            bail!("{} driver exited (see its stderr above)", self.name);
        }
        let reply: Value = serde_json::from_str(&line)
            .with_context(|| format!("{} driver sent a malformed reply: {line}", self.name))?;
        if reply["ok"].as_bool() != Some(true) {
            let msg = reply["error"].as_str().unwrap_or("engine error without message");
            if reply["timeout"].as_bool() == Some(true) {
                return Err(super::timeout(msg));
            }
            bail!("{msg}");
        }
        Ok(reply)
    }
}

pub(crate) fn canonical(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(if let Some(i) = n.as_i64() {
            i.to_string()
        } else if let Some(u) = n.as_u64() {
            u.to_string()
        } else {
            values::float(n.as_f64().unwrap_or(f64::NAN))
        }),
        Value::String(s) if values::looks_like_timestamp(s) => Some(values::timestamp(s)),
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

impl Engine for PythonEngine {
    fn pid(&self) -> Option<u32> {
        Some(self.child.id())
    }

    fn name(&self) -> &str {
        &self.name
    }

    fn version(&mut self) -> Result<String> {
        let r = self.call(json!({"op": "version"}))?;
        Ok(r["version"].as_str().unwrap_or("unknown").to_string())
    }

    fn open(&mut self, attach: &Attach) -> Result<String> {
        let r =
            self.call(json!({"op": "open", "tables": attach.tables, "postgres": attach.postgres}))?;
        Ok(r["access_path"].as_str().unwrap_or("unknown").to_string())
    }

    fn query(&mut self, sql: &str, timeout: Duration) -> Result<Answer> {
        let start = Instant::now();
        let r = self.call(json!({"op": "query", "sql": sql, "timeout_secs": timeout.as_secs_f64(), "max_rows": 100_000}))?;
        let wall = start.elapsed();
        let rows: Vec<Vec<Option<String>>> = r["rows"]
            .as_array()
            .map(|rows| {
                rows.iter()
                    .map(|row| {
                        row.as_array()
                            .map(|c| c.iter().map(canonical).collect())
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .unwrap_or_default();
        // The engine's own timing excludes the JSON transfer; fall back to wall time.
        let elapsed =
            r["elapsed_ms"].as_f64().map(|ms| Duration::from_secs_f64(ms / 1000.0)).unwrap_or(wall);
        Ok(Answer {
            elapsed,
            columns: r["columns"]
                .as_array()
                .map(|c| c.iter().map(|v| v.as_str().unwrap_or("").to_string()).collect())
                .unwrap_or_default(),
            row_count: r["row_count"].as_u64().map_or(rows.len(), |n| n as usize),
            truncated: r["truncated"].as_bool().unwrap_or(false),
            rows,
        })
    }

    fn ctas(&mut self, sql: &str, out_dir: &Path, timeout: Duration) -> Result<Duration> {
        let start = Instant::now();
        let r = self.call(json!({"op": "ctas", "sql": sql, "out_dir": out_dir, "timeout_secs": timeout.as_secs_f64()}))?;
        Ok(r["elapsed_ms"]
            .as_f64()
            .map(|ms| Duration::from_secs_f64(ms / 1000.0))
            .unwrap_or(start.elapsed()))
    }

    fn close(&mut self) {
        let _ = self.call(json!({"op": "close"}));
        let _ = self.child.wait();
    }
}

impl Drop for PythonEngine {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_driver_files_materialise_as_the_repository_has_them() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("engines");
        let dir = tempfile::tempdir().unwrap();
        materialise(dir.path()).unwrap();
        for (rel, _) in DRIVER_FILES {
            assert_eq!(
                std::fs::read(dir.path().join(rel)).unwrap(),
                std::fs::read(repo.join(rel)).unwrap(),
                "{rel}"
            );
        }
        // A stale or edited copy is replaced; nothing else is left in the folder.
        std::fs::write(dir.path().join("duckdb/driver.py"), "print('old')").unwrap();
        materialise(dir.path()).unwrap();
        assert_eq!(
            std::fs::read(dir.path().join("duckdb/driver.py")).unwrap(),
            std::fs::read(repo.join("duckdb/driver.py")).unwrap()
        );
        let mut written: Vec<String> = walk(dir.path(), dir.path());
        written.sort();
        let mut expected: Vec<String> = DRIVER_FILES.iter().map(|(r, _)| r.to_string()).collect();
        expected.sort();
        assert_eq!(written, expected);
    }

    #[test]
    fn every_driver_in_the_repository_is_compiled_in() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("engines");
        for engine in std::fs::read_dir(&repo).unwrap() {
            let engine = engine.unwrap().path();
            if engine.join("driver.py").exists() {
                let rel = format!("{}/driver.py", engine.file_name().unwrap().to_str().unwrap());
                assert!(DRIVER_FILES.iter().any(|(f, _)| *f == rel), "{rel} is not compiled in");
            }
        }
        assert!(PythonEngine::start("datafusion").is_err());
    }

    fn walk(root: &Path, dir: &Path) -> Vec<String> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(walk(root, &p));
            } else {
                out.push(p.strip_prefix(root).unwrap().to_str().unwrap().to_string());
            }
        }
        out
    }
}
