//! Engines: one module each, the same small set of verbs (ClickBench style): `version`,
//! `open` (attach the lake's tables under their plain names, reading Iceberg through its
//! metadata), `query`, `close`. In-process engines implement [`Engine`] directly; engines that
//! live in Python (DuckDB, chDB, Spark) are driven through a JSON-lines protocol
//! (`harness/engines/<name>/driver.py`). Engines that cannot run here (Trino, StarRocks,
//! Dremio, a ClickHouse server) are reached through clients of their own protocols, configured
//! in `engines.toml` (see `REMOTE.md`).

pub mod clickhouse_http;
pub mod datafusion;
pub mod dremio;
pub mod postgres_copy;
pub mod python;
pub mod remote;
pub mod starrocks;
pub mod trino;
pub mod values;

use anyhow::Result;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// Where a table's current snapshot lives, as the engines need it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct TableRef {
    /// Current metadata file (`file:///…/metadata/000NN-….metadata.json` or `s3://…`).
    pub metadata_location: String,
    /// Table root location.
    pub location: String,
}

/// The PostgreSQL inventory that federation queries join against.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Postgres {
    pub host: String,
    pub port: u16,
    pub user: String,
    pub password: String,
    pub dbname: String,
    pub schema: String,
    pub tables: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Attach {
    pub tables: BTreeMap<String, TableRef>,
    pub postgres: Option<Postgres>,
}

/// One query's answer, with values already in canonical string form (see [`values`]).
#[derive(Clone, Debug, Default)]
pub struct Answer {
    pub elapsed: Duration,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Option<String>>>,
    pub row_count: usize,
    pub truncated: bool,
}

pub trait Engine: Send {
    fn name(&self) -> &str;
    fn version(&mut self) -> Result<String>;
    /// Attach the tables; returns how the engine reads them (the access path, recorded).
    fn open(&mut self, attach: &Attach) -> Result<String>;
    fn query(&mut self, sql: &str, timeout: Duration) -> Result<Answer>;
    /// CREATE TABLE AS on files: write the query's whole result as ZSTD Parquet into the empty
    /// directory `out_dir`; returns the engine's time for it. The batch profile's normalisation
    /// jobs run this way, so their cost includes writing, not just reading.
    fn ctas(&mut self, sql: &str, out_dir: &Path, timeout: Duration) -> Result<Duration> {
        let _ = (sql, out_dir, timeout);
        anyhow::bail!("{}: lakeproof has no CREATE TABLE AS path for this engine", self.name())
    }
    fn close(&mut self);
}

/// Engines that run here, by name.
pub const LOCAL_ENGINES: [&str; 4] = ["datafusion", "duckdb", "chdb", "spark"];

/// Engines reached over their own protocols on servers configured in `engines.toml`
/// (`$LAKEPROOF_ENGINES`); see `REMOTE.md`.
pub const REMOTE_ENGINES: [&str; 4] = ["trino", "starrocks", "dremio", "clickhouse"];

/// Every engine name `start` takes.
pub fn known_engines() -> impl Iterator<Item = &'static str> {
    LOCAL_ENGINES.into_iter().chain(REMOTE_ENGINES)
}

/// Refuse unknown engine names before anything runs, listing the known ones.
pub fn check_names(names: &[String]) -> Result<()> {
    let unknown: Vec<&str> =
        names.iter().map(String::as_str).filter(|n| !known_engines().any(|k| k == *n)).collect();
    if unknown.is_empty() {
        return Ok(());
    }
    anyhow::bail!(
        "unknown engine{} {} (engines that run here: {}; remote engines: {})",
        if unknown.len() > 1 { "s" } else { "" },
        unknown.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "),
        LOCAL_ENGINES.join(", "),
        REMOTE_ENGINES.join(", ")
    )
}

/// Start an engine by name. `root` is the repository root (for the Python drivers).
pub fn start(name: &str, root: &std::path::Path) -> Result<Box<dyn Engine>> {
    match name {
        "datafusion" => Ok(Box::new(datafusion::DataFusion::new()?)),
        "duckdb" | "chdb" | "spark" => Ok(Box::new(python::PythonEngine::start(name, root)?)),
        "trino" => Ok(Box::new(trino::Trino::start()?)),
        "starrocks" => Ok(Box::new(starrocks::StarRocks::start()?)),
        "dremio" => Ok(Box::new(dremio::Dremio::start()?)),
        "clickhouse" => Ok(Box::new(clickhouse_http::ClickHouse::start()?)),
        other => anyhow::bail!(
            "unknown engine `{other}` (engines that run here: {}; remote engines: {})",
            LOCAL_ENGINES.join(", "),
            REMOTE_ENGINES.join(", ")
        ),
    }
}
