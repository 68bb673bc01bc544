//! Before/after figures of a maintenance run: per table its snapshots, data files and bytes,
//! metadata files and bytes (metadata.json files still logged, manifest lists, manifests), and
//! the latency of a fixed small query set run with DataFusion in process (best of 3), so the
//! effect of small files and piled-up snapshots on storage and on query planning is visible.

use super::MaintainOptions;
use crate::lake::catalog::Lake;
use crate::lake::metadata::MetadataGraph;
use crate::lake::query::sql;
use crate::results::maintenance::{MaintainReport, QueryTiming, Settings, TableReport, TableState};
use anyhow::{Context, Result};
use arrow_array::{Array, StringArray};
use datafusion::prelude::SessionContext;
use iceberg::table::Table;
use std::time::Instant;

pub const LATENCY_METHOD: &str = "DataFusion in process (iceberg-datafusion over the catalog), best of 3 runs per query, planning included";
const RUNS: usize = 3;

impl TableReport {
    pub(super) fn new(table: &str, before: TableState) -> TableReport {
        TableReport {
            table: table.to_string(),
            before,
            after: None,
            compaction: Default::default(),
            expiry: Default::default(),
            orphans: Default::default(),
        }
    }
}

impl MaintainReport {
    pub(super) fn new(
        lake: &Lake,
        opts: &MaintainOptions,
        tables: Vec<TableReport>,
        seconds: f64,
    ) -> MaintainReport {
        MaintainReport {
            kind: "lakeproof.maintenance".into(),
            lakeproof_version: env!("CARGO_PKG_VERSION").to_string(),
            warehouse: lake.location.clone(),
            namespace: lake.namespace.join("."),
            dry_run: opts.dry_run,
            settings: Settings {
                expire_older_than_secs: opts.expire_older_than.as_secs(),
                retain_last: opts.retain_last,
                target_file_size: opts.target_file_size,
                min_input_files: opts.min_input_files,
                orphan_min_age_secs: opts.orphan_min_age.as_secs(),
            },
            latency_method: LATENCY_METHOD.to_string(),
            seconds,
            tables,
        }
    }
}

/// The fixed query set of a table: a count, an hourly histogram over the event time, and a
/// count over the last hour of data (bounds taken before maintenance and reused after).
async fn query_set(ctx: &SessionContext, name: &str, time: &str) -> Result<Vec<(String, String)>> {
    let b =
        sql(ctx, &format!("SELECT CAST(date_trunc('hour', max({time})) AS VARCHAR) FROM {name}"))
            .await?;
    // VARCHAR may come back as Utf8 or Utf8View depending on DataFusion's settings.
    let text = match b.first() {
        Some(b) => Some(arrow_cast::cast(b.column(0), &arrow_schema::DataType::Utf8)?),
        None => None,
    };
    let last_hour = text
        .as_ref()
        .and_then(|a| a.as_any().downcast_ref::<StringArray>())
        .filter(|a| a.len() == 1 && a.is_valid(0))
        .map(|a| a.value(0).to_string());
    let mut queries = vec![
        ("count".to_string(), format!("SELECT count(*) FROM {name}")),
        ("hourly".to_string(), format!("SELECT date_trunc('hour', {time}) AS hour, count(*) AS events FROM {name} GROUP BY 1 ORDER BY 1")),
    ];
    if let Some(h) = last_hour {
        queries.push((
            "last_hour".to_string(),
            format!("SELECT count(*) FROM {name} WHERE {time} >= TIMESTAMP '{h}'"),
        ));
    }
    Ok(queries)
}

async fn time_queries(
    ctx: &SessionContext,
    queries: Vec<(String, String)>,
) -> Result<Vec<QueryTiming>> {
    let mut out = Vec::new();
    for (name, text) in queries {
        let mut best = f64::INFINITY;
        let mut rows = 0;
        for _ in 0..RUNS {
            let t = Instant::now();
            let batches = sql(ctx, &text).await.with_context(|| format!("query {name}: {text}"))?;
            best = best.min(t.elapsed().as_secs_f64() * 1e3);
            rows = batches.iter().map(|b| b.num_rows()).sum();
        }
        out.push(QueryTiming { name, sql: text, best_ms: best, result_rows: rows });
    }
    Ok(out)
}

/// Storage figures of a table and (with a DataFusion context) its query timings; `previous`
/// supplies the query set measured before, so before and after run the same SQL.
pub(super) async fn measure(
    table: &Table,
    ctx: &SessionContext,
    previous: Option<&TableState>,
) -> Result<TableState> {
    let meta = table.metadata();
    let graph = MetadataGraph::load(table).await?;
    let (mut data_files, mut data_bytes, mut rows) = (0, 0, 0);
    if let Some(id) = meta.current_snapshot_id() {
        for f in graph.live_files(id) {
            (data_files, data_bytes, rows) = (data_files + 1, data_bytes + f.bytes, rows + f.rows);
        }
    }
    let mut metadata_files = graph.manifests.len() as u64;
    let mut metadata_bytes: u64 = graph.manifests.values().map(|m| m.bytes).sum();
    let files = table.metadata_location().into_iter().map(str::to_string);
    let files = files.chain(meta.metadata_log().iter().map(|l| l.metadata_file.clone()));
    let files = files.chain(graph.snapshots.values().map(|s| s.manifest_list.clone()));
    for path in files {
        // Logged metadata files may be gone (removed by another tool): count what exists.
        if let Ok(m) = table.file_io().new_input(&path)?.metadata().await {
            metadata_files += 1;
            metadata_bytes += m.size;
        }
    }
    let queries = match (previous, meta.current_snapshot_id()) {
        (_, None) => Vec::new(),
        (Some(p), _) => {
            time_queries(ctx, p.queries.iter().map(|q| (q.name.clone(), q.sql.clone())).collect())
                .await?
        }
        (None, _) => {
            let ident = table.identifier();
            let name = format!(
                "{}.{}.{}",
                crate::lake::catalog::CATALOG_NAME,
                ident.namespace().join("."),
                ident.name()
            );
            let (_, time) = crate::lake::metadata::time_column(table)?;
            time_queries(ctx, query_set(ctx, &name, &time).await?).await?
        }
    };
    Ok(TableState {
        snapshots: meta.snapshots().count(),
        rows,
        data_files,
        data_bytes,
        avg_file_bytes: data_bytes.checked_div(data_files).unwrap_or(0),
        metadata_files,
        metadata_bytes,
        queries,
    })
}

/// The report as a text table: one line per table and state, then what each step did.
pub fn render(report: &MaintainReport) -> String {
    let mb = |b: u64| b as f64 / 1e6;
    let mut out = format!(
        "{:<16} {:<6} {:>9} {:>12} {:>10} {:>11} {:>11} {:>9} {:>12}  query best-of-3 ms ({})\n",
        "table",
        "",
        "snapshots",
        "rows",
        "data files",
        "data MB",
        "avg file MB",
        "meta files",
        "metadata MB",
        "DataFusion in process"
    );
    for t in &report.tables {
        for (label, s) in [("before", Some(&t.before)), ("after", t.after.as_ref())] {
            let Some(s) = s else { continue };
            let queries: Vec<String> =
                s.queries.iter().map(|q| format!("{} {:.1}", q.name, q.best_ms)).collect();
            out += &format!(
                "{:<16} {:<6} {:>9} {:>12} {:>10} {:>11.3} {:>11.3} {:>9} {:>12.3}  {}\n",
                t.table,
                label,
                s.snapshots,
                s.rows,
                s.data_files,
                mb(s.data_bytes),
                mb(s.avg_file_bytes),
                s.metadata_files,
                mb(s.metadata_bytes),
                queries.join(", ")
            );
        }
    }
    let verb = if report.dry_run { "would be" } else { "were" };
    for t in &report.tables {
        let (c, e, o) = (&t.compaction, &t.expiry, &t.orphans);
        let into = if report.dry_run {
            String::new()
        } else {
            format!(" into {} files ({:.3} MB)", c.added_files, mb(c.added_bytes))
        };
        out += &format!(
            "{}: {} files ({:.3} MB) in {} partitions {verb} compacted{into}; {} snapshots {verb} expired, freeing {} data files ({:.3} MB) and {} metadata files ({:.3} MB); {} orphan files ({:.3} MB) {verb} removed\n",
            t.table,
            c.replaced_files,
            mb(c.replaced_bytes),
            c.partitions,
            e.expired_snapshots,
            e.deleted_data_files,
            mb(e.deleted_data_bytes),
            e.deleted_metadata_files,
            mb(e.deleted_metadata_bytes),
            o.files,
            mb(o.bytes)
        );
    }
    out
}
