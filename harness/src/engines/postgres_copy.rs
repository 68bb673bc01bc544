//! DataFusion's way to the PostgreSQL inventory: DataFusion ships no PostgreSQL connector, so
//! at attach time each inventory table is read with `psql` (`COPY (SELECT …) TO STDOUT` as
//! CSV) into an in-memory table with the column types PostgreSQL declares. Queries then join
//! against that copy: the federation answer is the same, but unlike DuckDB's postgres_scanner or
//! chDB's postgresql() nothing is pushed down and the read happens once per attach (recorded in
//! the access path).

use super::Postgres;
use anyhow::{bail, Context, Result};
use arrow_array::RecordBatch;
use arrow_schema::{DataType, Field, Schema};
use std::process::Command;
use std::sync::Arc;

/// Run one statement with psql and return its unaligned, tuples-only output.
fn psql(pg: &Postgres, sql: &str) -> Result<Vec<u8>> {
    let out = Command::new("psql")
        .args([
            "-q",
            "-X",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            &pg.host,
            "-p",
            &pg.port.to_string(),
            "-U",
            &pg.user,
            "-d",
            &pg.dbname,
            "-c",
            sql,
        ])
        .env("PGPASSWORD", &pg.password)
        .output()
        .context("starting psql (install postgresql-client)")?;
    if !out.status.success() {
        bail!("psql: {}", String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(out.stdout)
}

fn quote_ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn quote_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// PostgreSQL's declared type → the Arrow type the CSV is parsed as, and the SELECT expression
/// that renders it so (booleans as true/false text, which arrow-csv reads).
fn column(name: &str, pg_type: &str) -> (DataType, String) {
    let q = quote_ident(name);
    match pg_type {
        "smallint" | "integer" | "bigint" => (DataType::Int64, q),
        "real" | "double precision" | "numeric" => (DataType::Float64, q),
        "boolean" => (DataType::Boolean, format!("{q}::text")),
        _ => (DataType::Utf8, q),
    }
}

/// Read one table whole: its schema from information_schema, its rows through COPY.
pub fn read_table(pg: &Postgres, table: &str) -> Result<(Arc<Schema>, Vec<RecordBatch>)> {
    let cols = psql(
        pg,
        &format!(
            "SELECT column_name || '|' || data_type FROM information_schema.columns WHERE table_schema = {} AND table_name = {} ORDER BY ordinal_position",
            quote_literal(&pg.schema),
            quote_literal(table)
        ),
    )?;
    let cols = String::from_utf8(cols)?;
    let (fields, exprs): (Vec<Field>, Vec<String>) = cols
        .lines()
        .filter_map(|l| l.split_once('|'))
        .map(|(name, ty)| {
            let (dt, expr) = column(name, ty);
            (Field::new(name, dt, true), expr)
        })
        .unzip();
    if fields.is_empty() {
        bail!("PostgreSQL table {}.{table} not found (or has no columns)", pg.schema);
    }
    let schema = Arc::new(Schema::new(fields));
    let csv = psql(
        pg,
        &format!(
            "COPY (SELECT {} FROM {}.{}) TO STDOUT WITH (FORMAT csv)",
            exprs.join(", "),
            quote_ident(&pg.schema),
            quote_ident(table)
        ),
    )?;
    let reader = arrow_csv::ReaderBuilder::new(schema.clone())
        .with_header(false)
        .build(std::io::Cursor::new(csv))?;
    let batches = reader
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("parsing {}.{table} from psql", pg.schema))?;
    Ok((schema, batches))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_types_map_to_arrow_and_booleans_are_rendered_as_text() {
        assert_eq!(column("n", "integer"), (DataType::Int64, "\"n\"".into()));
        assert_eq!(column("admin", "boolean"), (DataType::Boolean, "\"admin\"::text".into()));
        assert_eq!(column("name", "text").0, DataType::Utf8);
        assert_eq!(column("x", "character varying").0, DataType::Utf8);
    }
}
