//! The OCSF class tables in the lake (namespace `ocsf`): their table definitions for the writer,
//! and reading them back to validate every row against the schema, with the coverage the run
//! manifests recorded (`lakeproof ocsf validate`).

use super::catalog::{Lake, LakeConfig};
use super::tables::TableSpec;
use crate::ocsf::validate::{validate_batch, ClassReport};
use crate::ocsf::{Model, NAMESPACE};
use crate::results::manifest::{OcsfCoverage, RunManifest};
pub use crate::results::ocsf::Validation;
use crate::results::ocsf::{VALIDATION_KIND, VALIDATION_SCHEMA_VERSION};
use anyhow::{Context, Result};
use futures::TryStreamExt;
use iceberg::TableIdent;
use lakeproof_generators::SourceKind;
use std::collections::{BTreeMap, BTreeSet};

/// The class tables the given sources' mappings write, by name.
pub fn classes_of(model: &Model, sources: &[SourceKind]) -> BTreeSet<String> {
    sources.iter().flat_map(|s| model.classes_of(*s)).map(str::to_string).collect()
}

/// A class table: partitioned by day and sorted on `time`, like the native tables.
pub fn table_spec(model: &Model, class: &str, properties: Vec<(String, String)>) -> TableSpec {
    TableSpec {
        name: class.to_string(),
        schema: model.tables[class].clone(),
        time_column: "time".into(),
        properties,
    }
}

/// Validate every class table of the lake's `ocsf` namespace, row by row.
/// `native_namespace` holds the run manifests with the coverage counts.
pub async fn validate(
    config: &LakeConfig,
    native_namespace: &str,
    model: &Model,
) -> Result<Validation> {
    let lake = Lake::open(config, NAMESPACE).await?;
    let mut classes = Vec::new();
    for ident in lake.catalog.list_tables(&lake.namespace).await? {
        let name = ident.name().to_string();
        let class = model
            .schema
            .class(&name)
            .with_context(|| format!("ocsf.{name} is not an OCSF class of the schema"))?;
        let table =
            lake.catalog.load_table(&TableIdent::new(lake.namespace.clone(), name.clone())).await?;
        let mut report = ClassReport::new(class);
        if table.metadata().current_snapshot().is_some() {
            let mut batches = table.scan().select_all().build()?.to_arrow().await?;
            while let Some(batch) = batches.try_next().await? {
                validate_batch(&model.schema, class, &batch, &mut report);
            }
        }
        classes.push(report);
    }
    classes.sort_by(|a, b| a.class.cmp(&b.class));
    let mut coverage: BTreeMap<String, OcsfCoverage> = BTreeMap::new();
    let mut manifest_rows: BTreeMap<String, u64> = BTreeMap::new();
    for m in run_manifests(config, native_namespace)? {
        for (source, c) in &m.ocsf_coverage {
            coverage.entry(source.clone()).or_default().add(c);
        }
        for (class, s) in &m.ocsf {
            *manifest_rows.entry(class.clone()).or_default() += s.rows;
        }
    }
    Ok(Validation {
        schema_version: VALIDATION_SCHEMA_VERSION,
        kind: VALIDATION_KIND.into(),
        ocsf_version: model.schema.version.clone(),
        classes,
        coverage,
        manifest_rows,
    })
}

/// The run manifests in an embedded warehouse's native namespace (OCSF coverage is recorded
/// beside the native run's figures). None for a REST catalog.
fn run_manifests(config: &LakeConfig, namespace: &str) -> Result<Vec<RunManifest>> {
    let LakeConfig::Embedded { dir } = config else { return Ok(Vec::new()) };
    let runs = dir.join(namespace).join("_lakeproof/runs");
    let Ok(entries) = std::fs::read_dir(&runs) else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for e in entries {
        let p = e?.path();
        if p.extension().is_some_and(|x| x == "json") {
            let text = std::fs::read_to_string(&p)?;
            out.push(serde_json::from_str(&text).with_context(|| format!("{}", p.display()))?);
        }
    }
    Ok(out)
}
