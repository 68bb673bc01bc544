//! Table definitions: schema from the generator, day partitioning on event time, sort order on
//! event time, and the write properties other engines honour when they rewrite the table.

use anyhow::{bail, Context, Result};
use arrow_schema::SchemaRef as ArrowSchemaRef;
use iceberg::arrow::arrow_schema_to_schema_auto_assign_ids;
use iceberg::spec::{
    NullOrder, SortDirection, SortField, SortOrder, Transform, UnboundPartitionSpec,
};
use iceberg::table::Table;
use iceberg::{TableCreation, TableIdent};

use super::catalog::{creation_race, Lake};
use super::writer::RANDOM_COLUMNS;
use lakeproof_generators::SourceKind;

/// What a lake table holds and how it is laid out.
pub struct TableSpec {
    pub name: String,
    pub schema: ArrowSchemaRef,
    pub time_column: String,
    pub properties: Vec<(String, String)>,
}

impl TableSpec {
    /// A source's table: the generator's schema and time column, the given properties plus the
    /// source's random-identifier columns (`RANDOM_COLUMNS`, read back by every writer).
    pub fn for_source(source: SourceKind, mut properties: Vec<(String, String)>) -> TableSpec {
        properties.push((RANDOM_COLUMNS.into(), source.random_columns().join(",")));
        TableSpec {
            name: source.name().into(),
            schema: lakeproof_generators::schema(source),
            time_column: source.time_column().into(),
            properties,
        }
    }
}

/// Load the table, creating it if it does not exist; refuse a table whose columns differ.
pub async fn ensure_table(lake: &Lake, spec: &TableSpec) -> Result<Table> {
    let ident = TableIdent::new(lake.namespace.clone(), spec.name.clone());
    let schema = arrow_schema_to_schema_auto_assign_ids(&spec.schema)
        .with_context(|| format!("schema of {}", spec.name))?;
    let time = schema
        .field_by_name(&spec.time_column)
        .with_context(|| format!("{} has no column {}", spec.name, spec.time_column))?;
    let partition = UnboundPartitionSpec::builder()
        .add_partition_field(time.id, format!("{}_day", spec.time_column), Transform::Day)?
        .build();
    let sort = SortOrder::builder()
        .with_order_id(1)
        .with_sort_field(SortField {
            source_id: time.id,
            transform: Transform::Identity,
            direction: SortDirection::Ascending,
            null_order: NullOrder::First,
        })
        .build(&schema)?;
    let creation = || {
        TableCreation::builder()
            .name(spec.name.clone())
            .schema(schema.clone())
            .partition_spec(partition.clone())
            .sort_order(sort.clone())
            .properties(spec.properties.clone())
            .build()
    };
    let table = creation_race(&format!("creating table {}", spec.name), || async {
        if !lake.catalog.table_exists(&ident).await? {
            match lake.catalog.create_table(&lake.namespace, creation()).await {
                Ok(t) => return Ok(t),
                // A concurrent part created it first: use theirs.
                Err(_) if lake.catalog.table_exists(&ident).await? => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(lake.catalog.load_table(&ident).await?)
    })
    .await?;
    let existing = table.metadata().current_schema();
    let want: Vec<_> = schema
        .as_struct()
        .fields()
        .iter()
        .map(|f| (f.name.clone(), f.field_type.to_string()))
        .collect();
    let have: Vec<_> = existing
        .as_struct()
        .fields()
        .iter()
        .map(|f| (f.name.clone(), f.field_type.to_string()))
        .collect();
    if want != have {
        bail!(
            "table {} exists with a different schema (written by another lakeproof version?); use a new warehouse or namespace",
            ident
        );
    }
    Ok(table)
}
