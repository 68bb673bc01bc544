//! Opening the catalog a warehouse is registered in.
//!
//! The embedded default is a local warehouse folder with a persistent SQL catalog on SQLite
//! (`<warehouse>/catalog.db`), so `lakeproof generate` works on a fresh machine with no server,
//! and pyiceberg's `SqlCatalog` or DuckDB can open the same tables afterwards. A REST catalog
//! (Polaris, Lakekeeper, Nessie, Gravitino, SeaweedFS, …) with object storage is configuration:
//! `--catalog-uri` plus an `s3://` warehouse, credentials from the usual AWS variables.

use anyhow::{Context, Result};
use iceberg::io::{LocalFsStorageFactory, StorageFactory};
use iceberg::{Catalog, CatalogBuilder, NamespaceIdent};
use iceberg_catalog_rest::RestCatalogBuilder;
use iceberg_catalog_sql::{SqlBindStyle, SqlCatalogBuilder};
use iceberg_storage_opendal::OpenDalResolvingStorageFactory;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Name the catalog is registered under (pyiceberg must use the same name to see the tables).
pub const CATALOG_NAME: &str = "lakeproof";
/// Default namespace of the generated tables.
pub const DEFAULT_NAMESPACE: &str = "security";

/// Where the tables live.
#[derive(Clone, Debug)]
pub enum LakeConfig {
    /// Local folder, SQLite catalog inside it.
    Embedded { dir: PathBuf },
    /// An Iceberg REST catalog; `warehouse` is its warehouse name or location (e.g.
    /// `s3://bucket/lake`), `props` the storage settings (s3.endpoint, s3.region, keys, ...).
    Rest { uri: String, warehouse: String, props: HashMap<String, String> },
}

impl LakeConfig {
    /// From the CLI's `--warehouse` and optional `--catalog-uri`; S3 settings come from the
    /// standard AWS environment variables (and `AWS_ENDPOINT_URL` for S3-compatible stores),
    /// catalog auth from `LAKEPROOF_CATALOG_CREDENTIAL` (`id:secret`) or `LAKEPROOF_CATALOG_TOKEN`.
    pub fn from_args(warehouse: &str, catalog_uri: Option<&str>) -> LakeConfig {
        match catalog_uri {
            None => LakeConfig::Embedded { dir: PathBuf::from(warehouse) },
            Some(uri) => {
                let mut props = HashMap::new();
                let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
                if let Some(v) = env("AWS_ACCESS_KEY_ID") {
                    props.insert("s3.access-key-id".into(), v);
                }
                if let Some(v) = env("AWS_SECRET_ACCESS_KEY") {
                    props.insert("s3.secret-access-key".into(), v);
                }
                if let Some(v) = env("AWS_SESSION_TOKEN") {
                    props.insert("s3.session-token".into(), v);
                }
                props.insert(
                    "s3.region".into(),
                    env("AWS_REGION")
                        .or_else(|| env("AWS_DEFAULT_REGION"))
                        .unwrap_or_else(|| "us-east-1".into()),
                );
                // Catalog auth: OAuth2 client credentials ("id:secret") or a bearer token.
                if let Some(v) = env("LAKEPROOF_CATALOG_CREDENTIAL") {
                    props.insert("credential".into(), v);
                }
                if let Some(v) = env("LAKEPROOF_CATALOG_TOKEN") {
                    props.insert("token".into(), v);
                }
                if let Some(v) = env("AWS_ENDPOINT_URL_S3").or_else(|| env("AWS_ENDPOINT_URL")) {
                    props.insert("s3.endpoint".into(), v);
                    props.insert("s3.path-style-access".into(), "true".into());
                }
                LakeConfig::Rest { uri: uri.into(), warehouse: warehouse.into(), props }
            }
        }
    }
}

pub struct Lake {
    pub catalog: Arc<dyn Catalog>,
    pub namespace: NamespaceIdent,
    /// Absolute local path of an embedded warehouse (None for a REST catalog).
    pub root: Option<PathBuf>,
    /// Location of the warehouse as a URI (`file:///…` or `s3://…`).
    pub location: String,
}

impl Lake {
    pub async fn open(config: &LakeConfig, namespace: &str) -> Result<Lake> {
        match config {
            LakeConfig::Embedded { dir } => Lake::open_local(dir, namespace).await,
            LakeConfig::Rest { uri, warehouse, props } => {
                let factory: Arc<dyn StorageFactory> =
                    Arc::new(OpenDalResolvingStorageFactory::new());
                let mut load = props.clone();
                load.insert("uri".into(), uri.clone());
                load.insert("warehouse".into(), warehouse.clone());
                let catalog = RestCatalogBuilder::default()
                    .with_storage_factory(factory.clone())
                    .load(CATALOG_NAME, load)
                    .await
                    .with_context(|| format!("opening REST catalog {uri}"))?;
                Lake::finish(
                    Arc::new(catalog),
                    namespace,
                    None,
                    warehouse.trim_end_matches('/').to_string(),
                )
                .await
            }
        }
    }

    /// Open (creating if needed) the embedded warehouse at `dir`.
    pub async fn open_local(dir: &Path, namespace: &str) -> Result<Lake> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating warehouse {}", dir.display()))?;
        let root = dir.canonicalize().with_context(|| format!("resolving {}", dir.display()))?;
        let db = root.join("catalog.db");
        let location = format!("file://{}", root.display());
        let catalog = SqlCatalogBuilder::default()
            .uri(format!("sqlite:{}?mode=rwc", db.display()))
            .warehouse_location(location.clone())
            .sql_bind_style(SqlBindStyle::QMark)
            .with_storage_factory(Arc::new(LocalFsStorageFactory))
            .load(CATALOG_NAME, HashMap::new())
            .await
            .with_context(|| format!("opening SQLite catalog {}", db.display()))?;
        Lake::finish(Arc::new(catalog), namespace, Some(root), location).await
    }

    async fn finish(
        catalog: Arc<dyn Catalog>,
        namespace: &str,
        root: Option<PathBuf>,
        location: String,
    ) -> Result<Lake> {
        let namespace = NamespaceIdent::from_strs(namespace.split('.'))?;
        let lake = Lake { catalog, namespace, root, location };
        lake.ensure_namespace().await?;
        Ok(lake)
    }

    async fn ensure_namespace(&self) -> Result<()> {
        creation_race("creating namespace", || async {
            if !self.catalog.namespace_exists(&self.namespace).await? {
                if let Err(e) = self.catalog.create_namespace(&self.namespace, HashMap::new()).await
                {
                    // Another part may have created it between the check and the create.
                    if !self.catalog.namespace_exists(&self.namespace).await? {
                        return Err(e.into());
                    }
                }
            }
            Ok(())
        })
        .await
    }

    /// Write a run manifest. On a local warehouse it goes to `<warehouse>/<namespace>/_lakeproof/`;
    /// object stores behind a catalog (S3 Tables, SeaweedFS) refuse objects outside a table's
    /// data and metadata, so there it goes to `./lakeproof-runs/` (the same figures are in each
    /// table's snapshot summary). Written atomically (temp + rename).
    pub fn write_manifest(&self, relative: &str, bytes: &[u8]) -> Result<PathBuf> {
        let base = match &self.root {
            Some(root) => root.join(self.namespace.join(".")).join("_lakeproof"),
            None => PathBuf::from("lakeproof-runs"),
        };
        let path = base.join(relative);
        crate::util::fs::write_atomic(&path, bytes)?;
        Ok(path)
    }
}

/// Run an idempotent "create if missing" step until it succeeds. `--part` processes start
/// together and race to create the namespace and tables; a catalog can answer the losing create,
/// or the existence check next to it, with a transient error (SeaweedFS's REST catalog answers
/// 500), so the whole step (check included) is retried with backoff before giving up.
pub(crate) async fn creation_race<T, F, Fut>(what: &str, mut step: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T>>,
{
    const ATTEMPTS: u64 = 9;
    let mut attempt = 1;
    loop {
        match step().await {
            Ok(v) => return Ok(v),
            Err(e) if attempt >= ATTEMPTS => {
                return Err(e).context(format!("{what} (after {ATTEMPTS} attempts)"))
            }
            Err(_) => {
                pause(attempt).await;
                attempt += 1;
            }
        }
    }
}

/// The back-off before retry number `attempt` (1-based) of a catalog request: 300 ms, 600 ms, …
pub(crate) async fn pause(attempt: u64) {
    tokio::time::sleep(std::time::Duration::from_millis(300 * attempt)).await;
}
