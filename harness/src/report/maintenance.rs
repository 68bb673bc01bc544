//! The maintenance section: what `lakeproof lake maintain` changed, table by table (snapshots,
//! data files, bytes, metadata, and the latency of its fixed query set before and after).

use super::{strings, Section, Table};
use crate::results::maintenance::MaintainReport;
use std::path::PathBuf;

fn change(before: u64, after: Option<u64>) -> String {
    after.map_or(format!("{before} → (dry run)"), |a| format!("{before} → {a}"))
}

pub fn section(files: &[(PathBuf, MaintainReport)]) -> Option<Section> {
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
            serde_json::to_string(&m.settings).unwrap_or_default(),
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
                    change(t.before.snapshots as u64, a.map(|a| a.snapshots as u64)),
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
