//! Engines: one module each, the same small set of verbs (ClickBench style): `version`,
//! `open` (attach the lake's tables under their plain names, reading Iceberg through its
//! metadata), `query`, `close`. Every engine is declared once in [`ENGINES`], with its
//! [`Capabilities`]. In-process engines implement [`Engine`] directly; engines that live in
//! Python (DuckDB, chDB, Spark) are driven through a JSON-lines protocol
//! (`harness/engines/<name>/driver.py`, compiled into lakeproof). Engines that cannot run here (Trino, StarRocks,
//! Dremio, a ClickHouse server) are reached through clients of their own protocols, configured
//! in `engines.toml` (see `REMOTE.md`).

pub mod clickhouse_http;
pub mod datafusion;
pub mod dialect;
pub mod dremio;
pub mod postgres_copy;
pub mod python;
pub mod remote;
pub mod starrocks;
pub mod trino;
pub mod values;

use anyhow::{Context, Result};
pub use dialect::Dialect;
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

/// A query (or CTAS) that outlived its time limit, on lakeproof's clock or the engine's own.
/// Every engine returns this (inside `anyhow::Error`) when a limit fires, so the runner records
/// a timeout by the error's type rather than by its wording. The text is the whole message.
#[derive(Debug)]
pub struct Timeout(pub String);

impl std::fmt::Display for Timeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Timeout {}

/// A [`Timeout`] error with this message.
pub fn timeout(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Timeout(message.into()))
}

/// Is this error a [`Timeout`], or does it wrap one (under any context)?
pub fn is_timeout(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.is::<Timeout>())
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
    /// The process that does the engine's I/O, whose reads from disk (with its children's, e.g.
    /// Spark's JVM) tell whether a cold run was cold: this process for in-process engines.
    /// None for remote servers, whose disks lakeproof cannot see.
    fn pid(&self) -> Option<u32> {
        Some(std::process::id())
    }
}

/// What an engine can do, declared once in [`ENGINES`] so that the runner, the profile loader
/// and the CLI ask the engine's declaration instead of testing its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Capabilities {
    /// Most clients lakeproof opens at once for a concurrent profile (None: as many as the
    /// profile asks for). Spark: 1, since every client is a JVM of its own (`local[2]`, 4 GB
    /// driver) and two do not fit the machines lakeproof is measured on.
    pub max_clients: Option<u32>,
    /// How the engine spells the expressions of `{{function(…)}}` placeholders.
    pub dialect: Dialect,
    /// Reached over its own protocol on a server configured in `engines.toml` (see `REMOTE.md`)
    /// rather than run on this machine.
    pub remote: bool,
}

impl Capabilities {
    /// Clients to open for a profile that asks for `concurrency`: at least one, at most
    /// `max_clients`.
    pub fn clients_for(&self, concurrency: u32) -> usize {
        concurrency.max(1).min(self.max_clients.unwrap_or(u32::MAX)) as usize
    }
}

/// One engine lakeproof knows: its name as `--engines` takes it, what it can do, and how to
/// start it.
pub struct Descriptor {
    pub name: &'static str,
    pub capabilities: Capabilities,
    start: fn(&'static str) -> Result<Box<dyn Engine>>,
}

const fn local(max_clients: Option<u32>, dialect: Dialect) -> Capabilities {
    Capabilities { max_clients, dialect, remote: false }
}

const fn remote(dialect: Dialect) -> Capabilities {
    Capabilities { max_clients: None, dialect, remote: true }
}

/// Every engine, in the order help texts and errors list them: those that run here first.
pub static ENGINES: [Descriptor; 8] = [
    Descriptor {
        name: "datafusion",
        capabilities: local(None, Dialect::DataFusion),
        start: |_| Ok(Box::new(datafusion::DataFusion::new()?)),
    },
    Descriptor {
        name: "duckdb",
        capabilities: local(None, Dialect::Standard),
        start: |name| Ok(Box::new(python::PythonEngine::start(name)?)),
    },
    Descriptor {
        name: "chdb",
        capabilities: local(None, Dialect::ClickHouse),
        start: |name| Ok(Box::new(python::PythonEngine::start(name)?)),
    },
    Descriptor {
        name: "spark",
        capabilities: local(Some(1), Dialect::Spark),
        start: |name| Ok(Box::new(python::PythonEngine::start(name)?)),
    },
    Descriptor {
        name: "trino",
        capabilities: remote(Dialect::Trino),
        start: |_| Ok(Box::new(trino::Trino::start()?)),
    },
    Descriptor {
        name: "starrocks",
        capabilities: remote(Dialect::MySql),
        start: |_| Ok(Box::new(starrocks::StarRocks::start()?)),
    },
    Descriptor {
        name: "dremio",
        capabilities: remote(Dialect::Standard),
        start: |_| Ok(Box::new(dremio::Dremio::start()?)),
    },
    Descriptor {
        name: "clickhouse",
        capabilities: remote(Dialect::ClickHouse),
        start: |_| Ok(Box::new(clickhouse_http::ClickHouse::start()?)),
    },
];

/// The engine called `name`, if lakeproof knows it.
pub fn descriptor(name: &str) -> Option<&'static Descriptor> {
    ENGINES.iter().find(|d| d.name == name)
}

/// Every engine name `start` takes.
pub fn known_engines() -> impl Iterator<Item = &'static str> {
    ENGINES.iter().map(|d| d.name)
}

/// "engines that run here: …; remote engines: …", for errors about names.
fn known_list() -> String {
    let names = |remote: bool| {
        ENGINES
            .iter()
            .filter(|d| d.capabilities.remote == remote)
            .map(|d| d.name)
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!("engines that run here: {}; remote engines: {}", names(false), names(true))
}

/// Refuse unknown engine names before anything runs, listing the known ones.
pub fn check_names(names: &[String]) -> Result<()> {
    let unknown: Vec<&str> =
        names.iter().map(String::as_str).filter(|n| descriptor(n).is_none()).collect();
    if unknown.is_empty() {
        return Ok(());
    }
    anyhow::bail!(
        "unknown engine{} {} ({})",
        if unknown.len() > 1 { "s" } else { "" },
        unknown.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "),
        known_list()
    )
}

/// The engine called `name`, or an error listing the known ones.
pub fn lookup(name: &str) -> Result<&'static Descriptor> {
    descriptor(name).with_context(|| format!("unknown engine `{name}` ({})", known_list()))
}

/// Start an engine by name.
pub fn start(name: &str) -> Result<Box<dyn Engine>> {
    let d = lookup(name)?;
    (d.start)(d.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_against_the_registry() {
        assert_eq!(
            known_engines().collect::<Vec<_>>(),
            ["datafusion", "duckdb", "chdb", "spark", "trino", "starrocks", "dremio", "clickhouse"]
        );
        check_names(&["duckdb".into(), "clickhouse".into()]).unwrap();
        let e = check_names(&["duckdb".into(), "postgres".into(), "mysql".into()]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown engines `postgres`, `mysql` (engines that run here: datafusion, duckdb, \
             chdb, spark; remote engines: trino, starrocks, dremio, clickhouse)"
        );
        assert!(start("nope").err().unwrap().to_string().starts_with("unknown engine `nope`"));
    }

    #[test]
    fn timeouts_are_known_by_type_under_any_context() {
        let e = timeout("timeout after 1 s").context("query q").context("engine x");
        assert!(is_timeout(&e));
        assert_eq!(format!("{e:#}"), "engine x: query q: timeout after 1 s");
        assert!(!is_timeout(&anyhow::anyhow!("timeout: the text alone is no timeout")));
    }

    #[test]
    fn clients_are_capped_by_the_declared_maximum() {
        let spark = lookup("spark").unwrap().capabilities;
        assert_eq!(spark.clients_for(8), 1, "a profile asking for 8 gets Spark's one client");
        let duckdb = lookup("duckdb").unwrap().capabilities;
        assert_eq!(duckdb.clients_for(8), 8);
        assert_eq!(duckdb.clients_for(0), 1, "at least one client");
        let two = Capabilities { max_clients: Some(2), ..duckdb };
        assert_eq!((two.clients_for(1), two.clients_for(8)), (1, 2));
    }
}
