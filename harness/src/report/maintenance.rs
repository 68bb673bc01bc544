//! The maintenance section: what `lakeproof lake maintain` changed, table by table (snapshots,
//! data files, bytes, metadata, and the latency of its fixed query set before and after).

use super::{strings, Section, Table};
use serde::Deserialize;
use std::path::PathBuf;

/// The part of a `lake maintain --out` file the report shows.
#[derive(Debug, Clone, Deserialize)]
pub struct MaintenanceFile {
    pub warehouse: String,
    pub latency_method: String,
    pub seconds: f64,
    pub settings: serde_json::Value,
    pub tables: Vec<TableChange>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TableChange {
    pub table: String,
    pub before: State,
    pub after: Option<State>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct State {
    pub snapshots: u64,
    pub data_files: u64,
    pub data_bytes: u64,
    pub metadata_bytes: u64,
    pub queries: Vec<Timing>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Timing {
    pub name: String,
    pub best_ms: f64,
}

fn change(before: u64, after: Option<u64>) -> String {
    after.map_or(format!("{before} → (dry run)"), |a| format!("{before} → {a}"))
}

pub fn section(files: &[(PathBuf, MaintenanceFile)]) -> Option<Section> {
    if files.is_empty() {
        return None;
    }
    let mut text = vec!["Roadmap pitfall 4: snapshots never expired and small files piling up. Each row is one table before → after `lakeproof lake maintain` (compaction of small files per day partition into one replace snapshot, expiry of old snapshots and the files only they reached, orphan removal).".to_string()];
    let mut tables = Vec::new();
    for (path, m) in files {
        text.push(format!(
            "{}: warehouse {}, settings {}, {:.1} s. Query latency: {}.",
            path.display(),
            m.warehouse,
            m.settings,
            m.seconds,
            m.latency_method
        ));
        let rows = m
            .tables
            .iter()
            .map(|t| {
                let a = t.after.as_ref();
                let queries = t
                    .before
                    .queries
                    .iter()
                    .map(|q| {
                        let after = a
                            .and_then(|a| a.queries.iter().find(|x| x.name == q.name))
                            .map_or("-".into(), |x| format!("{:.0}", x.best_ms));
                        format!("{} {:.0} → {} ms", q.name, q.best_ms, after)
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                vec![
                    t.table.clone(),
                    change(t.before.snapshots, a.map(|a| a.snapshots)),
                    change(t.before.data_files, a.map(|a| a.data_files)),
                    change(t.before.data_bytes, a.map(|a| a.data_bytes)),
                    change(t.before.metadata_bytes, a.map(|a| a.metadata_bytes)),
                    queries,
                ]
            })
            .collect();
        tables.push(Table {
            headers: strings([
                "table",
                "snapshots",
                "data files",
                "data bytes",
                "metadata bytes",
                "query latency (best of 3)",
            ]),
            rows,
        });
    }
    Some(Section {
        id: "maintenance",
        title: "Maintenance: small files and snapshots".into(),
        text,
        tables,
        plot: None,
    })
}
