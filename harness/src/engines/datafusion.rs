//! DataFusion, in process: the embedded default engine. Tables are read through
//! iceberg-datafusion's static provider on the current snapshot's metadata file (access path
//! `iceberg-datafusion static provider (metadata.json)`): Iceberg's own planning, file pruning on
//! partition and column statistics.

use super::values;
use super::{Answer, Attach, Engine};
use anyhow::{Context, Result};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::DataType;
use datafusion::config::TableParquetOptions;
use datafusion::dataframe::DataFrameWriteOptions;
use datafusion::datasource::MemTable;
use datafusion::prelude::{SessionConfig, SessionContext};
use iceberg::io::FileIOBuilder;
use iceberg::table::StaticTable;
use iceberg::TableIdent;
use iceberg_datafusion::IcebergStaticTableProvider;
use iceberg_storage_opendal::OpenDalResolvingStorageFactory;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub struct DataFusion {
    rt: tokio::runtime::Runtime,
    ctx: SessionContext,
}

impl DataFusion {
    pub fn new() -> Result<DataFusion> {
        let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
        let config = SessionConfig::new().set_str("datafusion.execution.time_zone", "+00:00");
        Ok(DataFusion { rt, ctx: SessionContext::new_with_config(config) })
    }
}

impl Engine for DataFusion {
    fn name(&self) -> &str {
        "datafusion"
    }

    fn version(&mut self) -> Result<String> {
        Ok(datafusion::DATAFUSION_VERSION.to_string())
    }

    fn open(&mut self, attach: &Attach) -> Result<String> {
        let file_io = FileIOBuilder::new(Arc::new(OpenDalResolvingStorageFactory::new())).build();
        for (name, t) in &attach.tables {
            let ident = TableIdent::from_strs(["lake", name.as_str()])?;
            let table = self
                .rt
                .block_on(StaticTable::from_metadata_file(
                    &t.metadata_location,
                    ident,
                    file_io.clone(),
                ))
                .with_context(|| format!("loading {}", t.metadata_location))?
                .into_table();
            let provider =
                self.rt.block_on(IcebergStaticTableProvider::try_new_from_table(table))?;
            // Re-opening (a stream's newest snapshot) replaces the previous registration.
            self.ctx.deregister_table(name.as_str())?;
            self.ctx.register_table(name.as_str(), Arc::new(provider))?;
        }
        let mut access = "iceberg-datafusion static provider (metadata.json)".to_string();
        if let Some(pg) = &attach.postgres {
            for t in &pg.tables {
                let (schema, batches) = super::postgres_copy::read_table(pg, t)?;
                self.ctx.deregister_table(t.as_str())?;
                self.ctx.register_table(
                    t.as_str(),
                    Arc::new(MemTable::try_new(schema, vec![batches])?),
                )?;
            }
            access += " + PostgreSQL tables read whole via psql COPY at attach (no pushdown)";
        }
        Ok(access)
    }

    fn query(&mut self, sql: &str, timeout: Duration) -> Result<Answer> {
        let start = Instant::now();
        let ctx = self.ctx.clone();
        let sql = sql.to_string();
        let batches = self.rt.block_on(async move {
            tokio::time::timeout(timeout, async move { ctx.sql(&sql).await?.collect().await })
                .await
                .map_err(|_| super::timeout(format!("timeout after {} s", timeout.as_secs())))?
                .map_err(anyhow::Error::from)
        })?;
        let elapsed = start.elapsed();
        let mut answer = to_answer(&batches)?;
        answer.elapsed = elapsed;
        Ok(answer)
    }

    fn ctas(&mut self, sql: &str, out_dir: &Path, timeout: Duration) -> Result<Duration> {
        let start = Instant::now();
        let ctx = self.ctx.clone();
        let sql = sql.to_string();
        // A trailing slash makes DataFusion treat the path as a directory of part files.
        let dir = format!("{}/", out_dir.display());
        let mut parquet = TableParquetOptions::default();
        parquet.global.compression = Some("zstd(3)".into());
        self.rt.block_on(async move {
            let write = async move {
                ctx.sql(&sql)
                    .await?
                    .write_parquet(&dir, DataFrameWriteOptions::new(), Some(parquet))
                    .await
            };
            tokio::time::timeout(timeout, write)
                .await
                .map_err(|_| super::timeout(format!("timeout after {} s", timeout.as_secs())))?
                .map_err(anyhow::Error::from)
        })?;
        Ok(start.elapsed())
    }

    fn close(&mut self) {}
}

/// Rows kept per answer, as the Python drivers do (`max_rows`); the full count is kept.
const MAX_ROWS: usize = 100_000;

/// Canonical rows from Arrow batches.
pub fn to_answer(batches: &[RecordBatch]) -> Result<Answer> {
    let mut answer = Answer::default();
    if let Some(b) = batches.first() {
        answer.columns = b.schema().fields().iter().map(|f| f.name().clone()).collect();
    }
    for b in batches {
        answer.row_count += b.num_rows();
        let keep = b.num_rows().min(MAX_ROWS - answer.rows.len().min(MAX_ROWS));
        if keep == 0 {
            continue;
        }
        let b = b.slice(0, keep);
        let cols: Vec<Vec<Option<String>>> =
            b.columns().iter().map(canonical_column).collect::<Result<_>>()?;
        for i in 0..b.num_rows() {
            answer.rows.push(cols.iter().map(|c| c[i].clone()).collect());
        }
    }
    answer.truncated = answer.row_count > answer.rows.len();
    Ok(answer)
}

fn canonical_column(a: &ArrayRef) -> Result<Vec<Option<String>>> {
    let fmt = arrow_cast::display::ArrayFormatter::try_new(
        a.as_ref(),
        &arrow_cast::display::FormatOptions::default(),
    )?;
    let float = |i: usize| -> f64 {
        match a.data_type() {
            DataType::Float32 => a
                .as_any()
                .downcast_ref::<arrow_array::Float32Array>()
                .map_or(0.0, |x| x.value(i) as f64),
            _ => a.as_any().downcast_ref::<arrow_array::Float64Array>().map_or(0.0, |x| x.value(i)),
        }
    };
    Ok((0..a.len())
        .map(|i| {
            if a.is_null(i) {
                return None;
            }
            Some(match a.data_type() {
                DataType::Float32 | DataType::Float64 => values::float(float(i)),
                DataType::Timestamp(_, _) | DataType::Date32 | DataType::Date64 => {
                    values::timestamp(&fmt.value(i).to_string())
                }
                _ => {
                    let s = fmt.value(i).to_string();
                    if values::looks_like_timestamp(&s) {
                        values::timestamp(&s)
                    } else {
                        s
                    }
                }
            })
        })
        .collect())
}
