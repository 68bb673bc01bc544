//! Workload profiles are data: `scenarios/workloads/<profile>/profile.toml` plus one `.sql`
//! file per query, shared by every engine: expressions that differ between SQL dialects are
//! written as `{{function(…)}}` placeholders (see [`crate::engines::dialect`]). A
//! `<query>.<engine>.sql` file, for any engine of the registry, replaces the shared one for that
//! engine only, for a query that cannot be shared.

use crate::results::run::TargetStat;
use anyhow::{Context, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileFile {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "one")]
    pub warmup: u32,
    #[serde(default = "three")]
    pub iterations: u32,
    #[serde(default = "one")]
    pub concurrency: u32,
    #[serde(default = "sixty")]
    pub timeout_secs: u64,
    pub target_ms: f64,
    #[serde(default = "max")]
    pub target_stat: TargetStat,
    /// Width of the `{{from}}`..`{{to}}` window; absent = the whole dataset.
    #[serde(default)]
    pub window_minutes: Option<u64>,
    /// The tables the queries name: the native source tables, or the OCSF class tables.
    #[serde(default)]
    pub tables: TableModel,
    #[serde(rename = "query")]
    pub queries: Vec<QueryFile>,
}

/// Which of the lake's tables a profile's queries are written on. The `labels` table is there
/// for both, so rules on either model are recall-checked against the same labels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TableModel {
    /// The source tables of namespace `security` (`windows_security`, `cloudtrail`, …).
    #[default]
    Native,
    /// The OCSF class tables of namespace `ocsf` (`authentication`, `network_activity`, …),
    /// written by `generate --model ocsf|both`.
    Ocsf,
}

fn one() -> u32 {
    1
}
fn three() -> u32 {
    3
}
fn sixty() -> u64 {
    60
}
fn max() -> TargetStat {
    TargetStat::Max
}

/// Command-line overrides of every profile's repetitions, recorded in the result's profiles: a
/// quick pass (`--iterations 1 --warmup 0`), or one client where a sweep fits single-query
/// latency and models concurrent users separately (`--concurrency 1`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Overrides {
    pub iterations: Option<u32>,
    pub warmup: Option<u32>,
    pub concurrency: Option<u32>,
}

impl Overrides {
    pub fn apply(&self, spec: &mut ProfileFile) {
        spec.iterations = self.iterations.unwrap_or(spec.iterations);
        spec.warmup = self.warmup.unwrap_or(spec.warmup);
        spec.concurrency = self.concurrency.unwrap_or(spec.concurrency).max(1);
    }

    /// The same overrides as `lakeproof run` flags, for a child run.
    pub fn args(&self) -> Vec<String> {
        [
            ("--iterations", self.iterations),
            ("--warmup", self.warmup),
            ("--concurrency", self.concurrency),
        ]
        .into_iter()
        .filter_map(|(flag, v)| Some([flag.to_string(), v?.to_string()]))
        .flatten()
        .collect()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryFile {
    pub name: String,
    pub file: String,
    /// Alerting: the attack kind whose labelled event keys the answer must contain.
    #[serde(default)]
    pub attack: Option<String>,
    /// Batch: run as CREATE TABLE AS (the whole result written as Parquet by the engine) and
    /// measured as throughput; names the table whose rows the query normalises.
    #[serde(default)]
    pub ctas_source: Option<String>,
    /// A detection (Sigma): re-run over the whole dataset, and the events it returns that no
    /// attack label explains counted as false alerts. Alerting rules return context rows beside
    /// the alert, so they leave this off and are judged on recall alone.
    #[serde(default)]
    pub detection: bool,
    /// Tables the query reads beyond the built-in sources' (a source defined as data): on a
    /// lake without them the query is skipped, not failed, and the run says so.
    #[serde(default)]
    pub tables: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Query {
    pub name: String,
    pub sql: String,
    /// Whole-query replacements by engine name (`<query>.<engine>.sql`).
    pub variants: BTreeMap<String, String>,
    pub attack: Option<String>,
    pub ctas_source: Option<String>,
    pub detection: bool,
    pub tables: Vec<String>,
}

impl Query {
    /// The query as `engine` runs it: its variant file if it has one, else the shared text, with
    /// the dialect placeholders rendered in the engine's declared dialect (value placeholders
    /// such as `{{from}}` are left for [`substitute`]).
    pub fn sql_for(&self, engine: &str) -> Result<String> {
        let dialect = crate::engines::lookup(engine)?.capabilities.dialect;
        dialect.render(self.variants.get(engine).unwrap_or(&self.sql), &self.name)
    }
}

#[derive(Debug, Clone)]
pub struct Profile {
    /// Where it was read from (a folder, or the shipped copy), for messages.
    pub origin: String,
    pub spec: ProfileFile,
    pub queries: Vec<Query>,
}

/// Where profiles come from: the ones shipped in the binary (the default, so `lakeproof run`
/// works from any folder) or a folder of them (`--workloads DIR`, e.g. an exported and edited
/// copy). Both hold `<profile>/profile.toml`, its `.sql` files, and `parameters.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Workloads {
    #[default]
    Shipped,
    Dir(PathBuf),
}

impl Workloads {
    /// `--workloads`: a folder when given, the shipped profiles otherwise.
    pub fn from_arg(dir: Option<PathBuf>) -> Workloads {
        dir.map_or(Workloads::Shipped, Workloads::Dir)
    }

    /// How messages name a file of these workloads.
    pub fn origin(&self, rel: &str) -> String {
        match self {
            Workloads::Shipped => crate::shipped::origin(&format!("scenarios/workloads/{rel}")),
            Workloads::Dir(d) => d.join(rel).display().to_string(),
        }
    }

    /// A file's text, None when it does not exist.
    pub fn read(&self, rel: &str) -> Result<Option<String>> {
        match self {
            Workloads::Shipped => Ok(crate::shipped::workload_file(rel).map(str::to_string)),
            Workloads::Dir(d) => {
                let path = d.join(rel);
                if !path.exists() {
                    return Ok(None);
                }
                std::fs::read_to_string(&path)
                    .map(Some)
                    .with_context(|| format!("{}: cannot read", path.display()))
            }
        }
    }

    /// The profile named `name` (its folder's name).
    pub fn profile(&self, name: &str) -> Result<Profile> {
        let toml_rel = format!("{name}/profile.toml");
        let path = self.origin(&toml_rel);
        let Some(text) = self.read(&toml_rel)? else {
            let known = match self {
                Workloads::Shipped => crate::shipped::profile_names().join(", "),
                Workloads::Dir(_) => "folders holding a profile.toml".into(),
            };
            anyhow::bail!("{path}: no such profile `{name}` (known: {known})");
        };
        let spec: ProfileFile = crate::util::toml_file::parse(&text, &path)?;
        let mut queries = Vec::new();
        for q in &spec.queries {
            let rel = format!("{name}/{}", q.file);
            let sql = self.read(&rel)?.with_context(|| {
                format!(
                    "{path}: query `{}` names {}, which does not exist",
                    q.name,
                    self.origin(&rel)
                )
            })?;
            let stem = q.file.trim_end_matches(".sql");
            let mut variants = BTreeMap::new();
            for engine in crate::engines::known_engines() {
                if let Some(v) = self.read(&format!("{name}/{stem}.{engine}.sql"))? {
                    variants.insert(engine.to_string(), v);
                }
            }
            let query = Query {
                name: q.name.clone(),
                sql,
                variants,
                attack: q.attack.clone(),
                ctas_source: q.ctas_source.clone(),
                detection: q.detection,
                tables: q.tables.clone(),
            };
            // A misspelt dialect placeholder is reported now, before any engine starts.
            for engine in crate::engines::known_engines() {
                query.sql_for(engine).with_context(|| format!("{path}: query `{}`", q.name))?;
            }
            queries.push(query);
        }
        Ok(Profile { origin: path, spec, queries })
    }
}

impl Profile {
    /// Expands every `{{each_source(…)}}` of the queries over `sources` (table name, time
    /// column): the lake's source tables, built-in and defined.
    pub fn expand_sources(&mut self, sources: &[(String, String)]) -> Result<()> {
        for q in &mut self.queries {
            q.sql = expand_sources(&q.sql, sources, &q.name)?;
            for v in q.variants.values_mut() {
                *v = expand_sources(v, sources, &q.name)?;
            }
        }
        Ok(())
    }

    /// Drops the queries that need a table `has` does not have; returns their names with the
    /// first missing table of each.
    pub fn keep_runnable(&mut self, has: impl Fn(&str) -> bool) -> Vec<(String, String)> {
        let mut skipped = Vec::new();
        self.queries.retain(|q| match q.tables.iter().find(|t| !has(t)) {
            Some(t) => {
                skipped.push((q.name.clone(), t.clone()));
                false
            }
            None => true,
        });
        skipped
    }
}

/// `{{each_source(BODY)}}` becomes BODY once per source table, `$source` and `$time` replaced
/// by the table and its time column, joined by `UNION ALL`: a per-source query (events per
/// hour per source) covers a defined source's table without being edited.
pub fn expand_sources(sql: &str, sources: &[(String, String)], query: &str) -> Result<String> {
    const OPEN: &str = "{{each_source(";
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(i) = rest.find(OPEN) {
        out.push_str(&rest[..i]);
        let end = crate::engines::dialect::closing(&rest[i + 2..])
            .with_context(|| format!("query {query}: unclosed {{{{each_source(…)}}}}"))?
            + i
            + 2;
        let body = rest[i + OPEN.len()..end].trim_end().strip_suffix(')').with_context(|| {
            format!("query {query}: {{{{each_source(…)}}}} does not end with `)`")
        })?;
        anyhow::ensure!(!sources.is_empty(), "query {query}: the lake has no source tables");
        let parts: Vec<String> = sources
            .iter()
            .map(|(table, time)| body.replace("$source", table).replace("$time", time))
            .collect();
        out.push_str(&parts.join("\n  UNION ALL\n  "));
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Fill `{{name}}` placeholders; an unknown placeholder is an error naming the query.
pub fn substitute(sql: &str, values: &BTreeMap<String, String>, query: &str) -> Result<String> {
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        let end =
            rest[i..].find("}}").with_context(|| format!("query {query}: unclosed {{{{"))? + i;
        let key = rest[i + 2..end].trim();
        let v = values
            .get(key)
            .with_context(|| format!("query {query}: unknown placeholder {{{{{key}}}}}"))?;
        out.push_str(v);
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A time as a SQL timestamp literal's text (`2026-11-02 15:04:05.000000`, UTC), as the
/// `{{from}}`/`{{to}}` placeholders and the stream's alert windows use it.
pub fn sql_time(t: lakeproof_generators::fmt::Micros) -> String {
    lakeproof_generators::fmt::civil_string(t).trim_end_matches('Z').replace('T', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_unknown_ones_rejected() {
        let v = BTreeMap::from([("from".to_string(), "2026-11-02 00:00:00".to_string())]);
        assert_eq!(
            substitute("ts >= TIMESTAMP '{{from}}'", &v, "q").unwrap(),
            "ts >= TIMESTAMP '2026-11-02 00:00:00'"
        );
        assert!(substitute("{{nope}}", &v, "q")
            .unwrap_err()
            .to_string()
            .contains("unknown placeholder {{nope}}"));
    }

    #[test]
    fn profile_errors_name_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("x")).unwrap();
        std::fs::write(
            dir.path().join("x/profile.toml"),
            "name = \"x\"\ntarget_ms = \"fast\"\n[[query]]\nname=\"a\"\nfile=\"a.sql\"\n",
        )
        .unwrap();
        let workloads = Workloads::Dir(dir.path().to_path_buf());
        let e = workloads.profile("x").unwrap_err().to_string();
        assert!(e.contains("profile.toml:2: field `target_ms`"), "{e}");
        let e = workloads.profile("y").unwrap_err().to_string();
        assert!(e.contains("no such profile `y`"), "{e}");
        let e = Workloads::Shipped.profile("dashbord").unwrap_err().to_string();
        assert!(
            e.contains(
                "known: adhoc, alerting, alerting-ocsf, batch, dashboard, federation, sigma"
            ),
            "{e}"
        );
    }

    #[test]
    fn variants_replace_the_shared_query_and_placeholders_are_rendered_per_engine() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("x")).unwrap();
        let toml = "name = \"x\"\ntarget_ms = 1\n[[query]]\nname=\"a\"\nfile=\"a.sql\"\n";
        std::fs::write(dir.path().join("x/profile.toml"), toml).unwrap();
        std::fs::write(dir.path().join("x/a.sql"), "SELECT {{epoch_seconds(ts)}} FROM t").unwrap();
        std::fs::write(dir.path().join("x/a.trino.sql"), "SELECT {{plain(1)}}").unwrap();
        let workloads = Workloads::Dir(dir.path().to_path_buf());
        let a = &workloads.profile("x").unwrap().queries[0];
        assert_eq!(a.sql_for("chdb").unwrap(), "SELECT toUnixTimestamp(ts) FROM t");
        assert_eq!(a.sql_for("spark").unwrap(), "SELECT unix_timestamp(ts) FROM t");
        assert_eq!(a.sql_for("trino").unwrap(), "SELECT 1", "a remote engine's variant");
        assert!(a.sql_for("nope").is_err());
        std::fs::write(dir.path().join("x/a.sql"), "SELECT {{epoch(ts)}} FROM t").unwrap();
        let e = format!("{:#}", workloads.profile("x").unwrap_err());
        assert!(e.contains("query `a`") && e.contains("unknown function {{epoch(…)}}"), "{e}");
    }

    #[test]
    fn shipped_profiles_load_with_their_queries_and_variants() {
        let alerting = Workloads::Shipped.profile("alerting").unwrap();
        assert!(alerting.origin.contains("built into lakeproof"), "{}", alerting.origin);
        assert!(alerting.queries.len() >= 10);
        for name in crate::shipped::profile_names() {
            Workloads::Shipped.profile(name).unwrap();
        }
    }

    #[test]
    fn per_source_bodies_cover_every_source_table_and_queries_on_missing_tables_are_skipped() {
        let sources = vec![
            ("cloudtrail".to_string(), "event_time".to_string()),
            ("okta".to_string(), "published".to_string()),
        ];
        let sql = "SELECT * FROM ({{each_source(SELECT '$source' AS s, count(*) FROM $source WHERE $time < TIMESTAMP '{{to}}')}}) t";
        // The dialect renders inside and keeps the wrapper; the runner expands it.
        let rendered = crate::engines::dialect::Dialect::Spark.render(sql, "q").unwrap();
        assert_eq!(rendered, sql);
        assert_eq!(
            expand_sources(&rendered, &sources, "q").unwrap(),
            "SELECT * FROM (SELECT 'cloudtrail' AS s, count(*) FROM cloudtrail WHERE event_time < TIMESTAMP '{{to}}'\n  UNION ALL\n  SELECT 'okta' AS s, count(*) FROM okta WHERE published < TIMESTAMP '{{to}}') t"
        );
        assert!(expand_sources("{{each_source(x", &sources, "q").is_err());

        let mut alerting = Workloads::Shipped.profile("alerting").unwrap();
        let n = alerting.queries.len();
        let skipped = alerting.keep_runnable(|t| t != "okta");
        assert_eq!(skipped, vec![("okta_mfa_fatigue".to_string(), "okta".to_string())]);
        assert_eq!(alerting.queries.len(), n - 1);
        assert!(alerting.queries.iter().any(|q| q.name == "ssh_brute_force_then_sudo"));
    }
}
