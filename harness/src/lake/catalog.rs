//! Opening the catalog a warehouse is registered in.
//!
//! The embedded default is a local warehouse folder with a persistent SQL catalog on SQLite
//! (`<warehouse>/catalog.db`), so `lakeproof generate` works on a fresh machine with no server,
//! and pyiceberg's `SqlCatalog` or DuckDB can open the same tables afterwards.

use anyhow::{Context, Result};
use iceberg::io::LocalFsStorageFactory;
use iceberg::{Catalog, CatalogBuilder, NamespaceIdent};
use iceberg_catalog_sql::{SqlBindStyle, SqlCatalogBuilder};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Name the catalog is registered under (pyiceberg must use the same name to see the tables).
pub const CATALOG_NAME: &str = "lakeproof";
/// Default namespace of the generated tables.
pub const DEFAULT_NAMESPACE: &str = "security";

pub struct Lake {
    pub catalog: Arc<dyn Catalog>,
    pub namespace: NamespaceIdent,
    /// Absolute local path of the warehouse.
    pub root: PathBuf,
}

impl Lake {
    /// Open (creating if needed) the embedded warehouse at `dir`.
    pub async fn open_local(dir: &Path, namespace: &str) -> Result<Lake> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating warehouse {}", dir.display()))?;
        let root = dir.canonicalize().with_context(|| format!("resolving {}", dir.display()))?;
        let db = root.join("catalog.db");
        let catalog = SqlCatalogBuilder::default()
            .uri(format!("sqlite:{}?mode=rwc", db.display()))
            .warehouse_location(format!("file://{}", root.display()))
            .sql_bind_style(SqlBindStyle::QMark)
            .with_storage_factory(Arc::new(LocalFsStorageFactory))
            .load(CATALOG_NAME, HashMap::new())
            .await
            .with_context(|| format!("opening SQLite catalog {}", db.display()))?;
        let namespace = NamespaceIdent::from_strs(namespace.split('.'))?;
        let lake = Lake { catalog: Arc::new(catalog), namespace, root };
        lake.ensure_namespace().await?;
        Ok(lake)
    }

    async fn ensure_namespace(&self) -> Result<()> {
        if !self.catalog.namespace_exists(&self.namespace).await? {
            // Another process may create it between the check and the create: both are fine.
            if let Err(e) = self.catalog.create_namespace(&self.namespace, HashMap::new()).await {
                if !self.catalog.namespace_exists(&self.namespace).await? {
                    return Err(e).context("creating namespace");
                }
            }
        }
        Ok(())
    }

    /// Folder for lakeproof's own files in the warehouse (run manifests).
    pub fn meta_dir(&self) -> PathBuf {
        self.root.join(self.namespace.join(".")).join("_lakeproof")
    }
}
