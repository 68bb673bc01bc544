//! Workload profiles are data: `scenarios/workloads/<profile>/profile.toml` plus one `.sql`
//! file per query (and `<query>.<engine>.sql` where an engine needs its own dialect).

use anyhow::{Context, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetStat {
    Max,
    P95,
    Median,
}

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
    #[serde(rename = "query")]
    pub queries: Vec<QueryFile>,
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
}

#[derive(Debug, Clone)]
pub struct Query {
    pub name: String,
    pub sql: String,
    /// Dialect variants by engine name.
    pub variants: BTreeMap<String, String>,
    pub attack: Option<String>,
    pub ctas_source: Option<String>,
}

impl Query {
    pub fn sql_for(&self, engine: &str) -> &str {
        self.variants.get(engine).unwrap_or(&self.sql)
    }
}

#[derive(Debug, Clone)]
pub struct Profile {
    pub dir: PathBuf,
    pub spec: ProfileFile,
    pub queries: Vec<Query>,
}

impl Profile {
    pub fn load(dir: &Path) -> Result<Profile> {
        let path = dir.join("profile.toml");
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("{}: cannot read", path.display()))?;
        let spec: ProfileFile = toml::from_str(&text).map_err(|e| {
            let line = e.span().map(|s| text[..s.start].matches('\n').count() + 1).unwrap_or(0);
            anyhow::anyhow!("{}:{line}: {}", path.display(), e.message())
        })?;
        let mut queries = Vec::new();
        for q in &spec.queries {
            let file = dir.join(&q.file);
            let sql = std::fs::read_to_string(&file).with_context(|| {
                format!(
                    "{}: query `{}` names {}, which cannot be read",
                    path.display(),
                    q.name,
                    file.display()
                )
            })?;
            let stem = q.file.trim_end_matches(".sql");
            let mut variants = BTreeMap::new();
            for engine in crate::engines::LOCAL_ENGINES {
                let v = dir.join(format!("{stem}.{engine}.sql"));
                if v.exists() {
                    variants.insert(engine.to_string(), std::fs::read_to_string(&v)?);
                }
            }
            queries.push(Query {
                name: q.name.clone(),
                sql,
                variants,
                attack: q.attack.clone(),
                ctas_source: q.ctas_source.clone(),
            });
        }
        Ok(Profile { dir: dir.to_path_buf(), spec, queries })
    }
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
        std::fs::write(
            dir.path().join("profile.toml"),
            "name = \"x\"\ntarget_ms = \"fast\"\n[[query]]\nname=\"a\"\nfile=\"a.sql\"\n",
        )
        .unwrap();
        let e = Profile::load(dir.path()).unwrap_err().to_string();
        assert!(e.contains("profile.toml:2"), "{e}");
    }
}
