//! Fast-append commits that survive a failure whose outcome is unknown.
//!
//! A commit can fail without saying whether it landed: a REST catalog answering 5xx (the Iceberg
//! REST spec calls it "commit state unknown"), a dropped connection after the request went out.
//! Retrying blindly could add the same files twice; giving up could leave a part unfinished that
//! in fact committed. So every snapshot carries a commit id derived from its data files and
//! summary, and after a failure the table is reloaded: if a snapshot with that id is there the
//! commit is done, otherwise it is tried again. (Conflicts with concurrent commits are retried
//! inside iceberg-rust's transaction, on the refreshed table.)

use super::catalog::{pause, Lake};
use anyhow::Result;
use iceberg::spec::DataFile;
use iceberg::table::Table;
use iceberg::transaction::{ApplyTransactionAction, Transaction};
use lakeproof_generators::rng::hash_str;
use std::collections::HashMap;

/// Snapshot property naming the part of a run that wrote the snapshot (see `part_key`).
pub const PART_KEY: &str = "lakeproof.part-key";
/// Snapshot property identifying one commit by the data files it adds and its other properties.
pub const COMMIT_ID: &str = "lakeproof.commit-id";

const ATTEMPTS: u64 = 5;

/// Whether a snapshot of `table` has `property` set to `value`.
pub fn has_snapshot_with(table: &Table, property: &str, value: &str) -> bool {
    table
        .metadata()
        .snapshots()
        .any(|s| s.summary().additional_properties.get(property).map(String::as_str) == Some(value))
}

/// Add `files` to `table` in one snapshot with the given summary properties; returns the table
/// as committed.
pub(crate) async fn commit(
    lake: &Lake,
    mut table: Table,
    files: Vec<DataFile>,
    mut props: HashMap<String, String>,
) -> Result<Table> {
    // The files' paths are unique to their run; the sorted properties tell apart commits that
    // add no file (a part whose time window has no rows for a table).
    let mut identity: Vec<String> = props.iter().map(|(k, v)| format!("{k}={v}")).collect();
    identity.sort();
    identity.extend(files.iter().map(|f| f.file_path().to_string()));
    let id = format!("{:016x}", hash_str(&identity.join("\n")));
    props.insert(COMMIT_ID.into(), id.clone());
    let mut attempt = 1;
    loop {
        let tx = Transaction::new(&table);
        let tx = tx
            .fast_append()
            .add_data_files(files.clone())
            .set_snapshot_properties(props.clone())
            .apply(tx)?;
        let error = match tx.commit(lake.catalog.as_ref()).await {
            Ok(committed) => return Ok(committed),
            Err(e) => e,
        };
        match lake.catalog.load_table(table.identifier()).await {
            Ok(current) if has_snapshot_with(&current, COMMIT_ID, &id) => return Ok(current),
            Ok(current) if attempt < ATTEMPTS => table = current,
            _ if attempt < ATTEMPTS => {}
            _ => {
                return Err(anyhow::Error::new(error)
                    .context(format!("commit failed {ATTEMPTS} times and did not land")))
            }
        }
        pause(attempt).await;
        attempt += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lake::catalog::LakeConfig;
    use crate::lake::tables::{ensure_table, TableSpec};
    use crate::lake::writer::{TableWriter, WriteSettings};
    use arrow_array::{RecordBatch, StringArray, TimestampMicrosecondArray};
    use arrow_schema::{DataType, Field, Schema, TimeUnit};
    use async_trait::async_trait;
    use iceberg::{
        Catalog, Error, ErrorKind, Namespace, NamespaceIdent, TableCommit, TableCreation,
        TableIdent,
    };
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};

    /// When a commit fails: before it reaches the catalog, or after the catalog applied it.
    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Fault {
        Before,
        After,
    }

    /// A catalog that fails the next `n` table updates the given way, like a REST server
    /// answering 500.
    #[derive(Debug)]
    struct Flaky {
        inner: Arc<dyn Catalog>,
        fault: Mutex<Option<(Fault, usize)>>,
        updates: AtomicUsize,
    }

    impl Flaky {
        fn take_fault(&self) -> Option<Fault> {
            let mut f = self.fault.lock().unwrap();
            match *f {
                Some((fault, n)) if n > 0 => {
                    *f = Some((fault, n - 1));
                    Some(fault)
                }
                _ => None,
            }
        }
    }

    fn server_error() -> Error {
        Error::new(ErrorKind::Unexpected, "status: 500 Internal Server Error")
    }

    #[async_trait]
    impl Catalog for Flaky {
        async fn list_namespaces(
            &self,
            parent: Option<&NamespaceIdent>,
        ) -> iceberg::Result<Vec<NamespaceIdent>> {
            self.inner.list_namespaces(parent).await
        }
        async fn create_namespace(
            &self,
            ns: &NamespaceIdent,
            props: HashMap<String, String>,
        ) -> iceberg::Result<Namespace> {
            self.inner.create_namespace(ns, props).await
        }
        async fn get_namespace(&self, ns: &NamespaceIdent) -> iceberg::Result<Namespace> {
            self.inner.get_namespace(ns).await
        }
        async fn namespace_exists(&self, ns: &NamespaceIdent) -> iceberg::Result<bool> {
            self.inner.namespace_exists(ns).await
        }
        async fn update_namespace(
            &self,
            ns: &NamespaceIdent,
            props: HashMap<String, String>,
        ) -> iceberg::Result<()> {
            self.inner.update_namespace(ns, props).await
        }
        async fn drop_namespace(&self, ns: &NamespaceIdent) -> iceberg::Result<()> {
            self.inner.drop_namespace(ns).await
        }
        async fn list_tables(&self, ns: &NamespaceIdent) -> iceberg::Result<Vec<TableIdent>> {
            self.inner.list_tables(ns).await
        }
        async fn create_table(
            &self,
            ns: &NamespaceIdent,
            creation: TableCreation,
        ) -> iceberg::Result<Table> {
            self.inner.create_table(ns, creation).await
        }
        async fn load_table(&self, t: &TableIdent) -> iceberg::Result<Table> {
            self.inner.load_table(t).await
        }
        async fn drop_table(&self, t: &TableIdent) -> iceberg::Result<()> {
            self.inner.drop_table(t).await
        }
        async fn purge_table(&self, t: &TableIdent) -> iceberg::Result<()> {
            self.inner.purge_table(t).await
        }
        async fn table_exists(&self, t: &TableIdent) -> iceberg::Result<bool> {
            self.inner.table_exists(t).await
        }
        async fn rename_table(&self, src: &TableIdent, dest: &TableIdent) -> iceberg::Result<()> {
            self.inner.rename_table(src, dest).await
        }
        async fn register_table(&self, t: &TableIdent, location: String) -> iceberg::Result<Table> {
            self.inner.register_table(t, location).await
        }
        async fn update_table(&self, commit: TableCommit) -> iceberg::Result<Table> {
            self.updates.fetch_add(1, Ordering::SeqCst);
            match self.take_fault() {
                Some(Fault::Before) => Err(server_error()),
                Some(Fault::After) => {
                    self.inner.update_table(commit).await.and(Err(server_error()))
                }
                None => self.inner.update_table(commit).await,
            }
        }
    }

    /// Write one small file into a fresh table behind a catalog failing `failures` commits
    /// `fault`-wise, commit it, and return the table as reloaded, the commit's result and the
    /// number of update requests the catalog saw.
    async fn commit_through(fault: Fault, failures: usize) -> (Table, Result<Table>, usize) {
        let dir = tempfile::tempdir().unwrap();
        let lake = Lake::open(&LakeConfig::Embedded { dir: dir.path().to_path_buf() }, "security")
            .await
            .unwrap();
        let flaky = Arc::new(Flaky {
            inner: lake.catalog.clone(),
            fault: Mutex::new(Some((fault, failures))),
            updates: AtomicUsize::new(0),
        });
        let lake = Lake { catalog: flaky.clone(), ..lake };
        let schema = Arc::new(Schema::new(vec![
            Field::new(
                "t",
                DataType::Timestamp(TimeUnit::Microsecond, Some("+00:00".into())),
                false,
            ),
            Field::new("v", DataType::Utf8, false),
        ]));
        let spec = TableSpec {
            name: "events".into(),
            schema: schema.clone(),
            time_column: "t".into(),
            properties: vec![],
        };
        let table = ensure_table(&lake, &spec).await.unwrap();
        let batch = RecordBatch::try_new(
            schema,
            vec![
                Arc::new(TimestampMicrosecondArray::from(vec![1, 2, 3]).with_timezone("+00:00")),
                Arc::new(StringArray::from(vec!["a", "b", "c"])),
            ],
        )
        .unwrap();
        let mut w = TableWriter::new(table, "t", &WriteSettings::default(), "test".into()).unwrap();
        w.push(batch, i64::MIN).await.unwrap();
        let (table, files) = w.finish().await.unwrap();
        let result = commit(
            &lake,
            table.clone(),
            files,
            HashMap::from([(PART_KEY.to_string(), "k".to_string())]),
        )
        .await;
        let reloaded = lake.catalog.load_table(table.identifier()).await.unwrap();
        (reloaded, result, flaky.updates.load(Ordering::SeqCst))
    }

    #[tokio::test]
    async fn a_commit_that_landed_but_reported_an_error_is_not_repeated() {
        let (table, result, updates) = commit_through(Fault::After, 1).await;
        assert!(result.is_ok(), "{:?}", result.err());
        assert_eq!(updates, 1, "the reload found the snapshot: no second request");
        assert_eq!(table.metadata().snapshots().count(), 1, "one snapshot, not two");
        assert!(has_snapshot_with(&table, PART_KEY, "k"));
    }

    #[tokio::test]
    async fn a_commit_that_did_not_land_is_tried_again_once_it_goes_through() {
        let (table, result, updates) = commit_through(Fault::Before, 2).await;
        assert!(result.is_ok(), "{:?}", result.err());
        assert_eq!(updates, 3);
        assert_eq!(table.metadata().snapshots().count(), 1);
    }

    #[tokio::test]
    async fn a_catalog_that_keeps_failing_gets_a_clear_error_and_no_snapshot() {
        let (table, result, updates) = commit_through(Fault::Before, usize::MAX).await;
        let message = format!("{:#}", result.expect_err("every attempt failed"));
        assert!(message.contains("did not land") && message.contains("500"), "{message}");
        assert_eq!(updates, ATTEMPTS as usize);
        assert_eq!(table.metadata().snapshots().count(), 0);
    }
}
