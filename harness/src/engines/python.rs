//! Engines hosted in Python (DuckDB, chDB, Spark), driven through the JSON-lines protocol of
//! `harness/engines/protocol.py`: one request per line on the driver's stdin, one reply per line
//! on its stdout. Values arrive as JSON and are put in the same canonical form as in-process
//! answers, so answers can be compared across engines.

use super::values;
use super::{Answer, Attach, Engine};
use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

pub struct PythonEngine {
    name: String,
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl PythonEngine {
    pub fn start(name: &str, root: &Path) -> Result<PythonEngine> {
        let driver = root.join("harness").join("engines").join(name).join("driver.py");
        anyhow::ensure!(driver.exists(), "no driver at {}", driver.display());
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
