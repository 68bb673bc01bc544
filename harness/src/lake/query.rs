//! DataFusion over the lake through iceberg-datafusion (the embedded default engine): the
//! catalog is registered under its own name, so tables are `lakeproof.<namespace>.<table>`.

use super::catalog::{Lake, CATALOG_NAME};
use anyhow::Result;
use arrow_array::RecordBatch;
use datafusion::prelude::SessionContext;
use iceberg_datafusion::IcebergCatalogProvider;
use std::sync::Arc;

pub async fn datafusion_context(lake: &Lake) -> Result<SessionContext> {
    let ctx = SessionContext::new();
    let provider = IcebergCatalogProvider::try_new(lake.catalog.clone()).await?;
    ctx.register_catalog(CATALOG_NAME, Arc::new(provider));
    Ok(ctx)
}

pub async fn sql(ctx: &SessionContext, query: &str) -> Result<Vec<RecordBatch>> {
    Ok(ctx.sql(query).await?.collect().await?)
}
