//! Native batches into OCSF class batches: route each row to the first map whose `when` holds,
//! evaluate the map's planned expressions on the routed rows, and assemble the nested OCSF
//! structs, the computed identifiers (`class_uid`, `category_uid`, `type_uid`, `metadata.version`),
//! `observables` and `unmapped`. Also counts coverage (which rows landed in which class).

use super::mapping::{Activity, Map, Mapping};
use super::schema::{string_map_type, Schema};
use crate::results::manifest::OcsfCoverage;
use anyhow::{anyhow, Context, Result};
use arrow_array::builder::{Int32Builder, MapBuilder, MapFieldNames, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::{
    new_null_array, Array, ArrayRef, BooleanArray, Int32Array, Int64Array, ListArray, RecordBatch,
    StringArray, StructArray,
};
use arrow_schema::{DataType, Field, Fields, Schema as ArrowSchema, SchemaRef};
use datafusion::arrow::buffer::{NullBuffer, OffsetBuffer, ScalarBuffer};
use datafusion::physical_expr::PhysicalExpr;
use lakeproof_generators::SourceKind;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

/// The class every event without a more specific home falls to.
pub const BASE_EVENT: &str = "base_event";
/// The class the roadmap's criterion is about.
pub const AUTHENTICATION: &str = "authentication";

/// Top-level columns every class table starts with, in this order; the rest follow by name.
const LEADING: &[&str] =
    &["time", "class_uid", "category_uid", "activity_id", "type_uid", "severity_id", "status_id"];

/// The schema, the mappings and the Arrow schema of each class table.
pub struct Model {
    pub schema: Schema,
    pub mappings: Vec<Mapping>,
    pub tables: BTreeMap<String, SchemaRef>,
}

/// One native batch converted.
pub struct Converted {
    pub batches: Vec<(String, RecordBatch)>,
    pub coverage: OcsfCoverage,
}

/// `observables`: (attribute path, observable type id, value as text) per entry.
pub fn observables_type() -> DataType {
    let entry = Fields::from(vec![
        Field::new("name", DataType::Utf8, true),
        Field::new("type_id", DataType::Int32, true),
        Field::new("value", DataType::Utf8, true),
    ]);
    DataType::List(Arc::new(Field::new("element", DataType::Struct(entry), true)))
}

/// `metadata.profiles`: a list of strings.
fn string_list_type() -> DataType {
    DataType::List(Arc::new(Field::new("element", DataType::Utf8, true)))
}

/// The same list of strings on every row (null when empty).
fn constant_list(items: &[String], n: usize) -> Result<ArrayRef> {
    if items.is_empty() {
        return Ok(new_null_array(&string_list_type(), n));
    }
    let values: Vec<&str> = (0..n).flat_map(|_| items.iter().map(String::as_str)).collect();
    let offsets: Vec<i32> = (0..=n).map(|i| (i * items.len()) as i32).collect();
    let DataType::List(item) = string_list_type() else { unreachable!("a list") };
    Ok(Arc::new(ListArray::try_new(
        item,
        OffsetBuffer::new(ScalarBuffer::from(offsets)),
        Arc::new(StringArray::from(values)),
        None,
    )?))
}

impl Model {
    /// The shipped schema and mappings, or the given folders, plus the mappings the given
    /// defined sources name in their definitions (a folder's mapping of the same source wins).
    pub fn load(
        schema_dir: Option<&Path>,
        mappings_dir: Option<&Path>,
        defined: &[SourceKind],
    ) -> Result<Model> {
        let files: Vec<(String, String)> = match schema_dir {
            None => crate::shipped::OCSF_SCHEMA
                .iter()
                .map(|(p, t)| (p.to_string(), t.to_string()))
                .collect(),
            Some(dir) => json_files(dir, dir)?,
        };
        let schema = Schema::from_files(&files)?;
        let mut mappings = super::mapping::load_all(&schema, mappings_dir)?;
        for &source in defined {
            let Some(path) = source.definition().and_then(|d| d.ocsf.as_ref()) else { continue };
            if mappings.iter().any(|m| m.source == source) {
                continue;
            }
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("{}: cannot read", path.display()))?;
            let m = super::mapping::Mapping::load(&schema, &text, &path.display().to_string())?;
            anyhow::ensure!(
                m.source == source,
                "{}: maps source `{}`, but the definition of `{source}` names it",
                path.display(),
                m.source
            );
            mappings.push(m);
        }
        let tables = class_tables(&schema, &mappings)?;
        Ok(Model { schema, mappings, tables })
    }

    pub fn mapping(&self, source: SourceKind) -> Option<&Mapping> {
        self.mappings.iter().find(|m| m.source == source)
    }

    /// The class tables a source's rows can land in.
    pub fn classes_of(&self, source: SourceKind) -> Vec<&str> {
        self.mapping(source).map_or(Vec::new(), |m| m.classes())
    }

    /// Convert one native batch of `source` (in the generator's schema).
    pub fn convert(&self, source: SourceKind, batch: &RecordBatch) -> Result<Converted> {
        let mapping =
            self.mapping(source).ok_or_else(|| anyhow!("no OCSF mapping for {source}"))?;
        let n = batch.num_rows();
        let mut coverage = OcsfCoverage { rows: n as u64, ..OcsfCoverage::default() };
        let event = eval(&mapping.coverage_event, batch)?;
        let event = event.as_string::<i32>();
        let auth = eval(&mapping.authentication, batch)?;
        let auth = auth.as_boolean();
        let mut landed: Vec<Option<usize>> = vec![None; n];
        let mut batches = Vec::new();
        for (k, map) in mapping.maps.iter().enumerate() {
            let when = eval(&map.when, batch)?;
            let when = when.as_boolean();
            let mask: Vec<bool> =
                (0..n).map(|i| landed[i].is_none() && when.is_valid(i) && when.value(i)).collect();
            let rows = mask.iter().filter(|m| **m).count();
            if rows == 0 {
                continue;
            }
            for (i, _) in mask.iter().enumerate().filter(|(_, m)| **m) {
                landed[i] = Some(k);
                if map.class == BASE_EVENT {
                    *coverage.base_event_types.entry(label(event, i)).or_default() += 1;
                }
            }
            *coverage.by_class.entry(map.class.clone()).or_default() += rows as u64;
            let routed =
                arrow_select::filter::filter_record_batch(batch, &BooleanArray::from(mask))?;
            let table = &self.tables[&map.class];
            let out = build(map, &mapping.profiles, &routed, table, &self.schema.version)
                .with_context(|| format!("{}: mapping to {}", mapping.origin, map.class))?;
            batches.push((map.class.clone(), out));
        }
        for (i, home) in landed.iter().enumerate() {
            if home.is_none() {
                coverage.unmapped += 1;
                *coverage.unmapped_types.entry(label(event, i)).or_default() += 1;
            }
            if auth.is_valid(i) && auth.value(i) {
                coverage.authentication_like += 1;
                if home.is_some_and(|k| mapping.maps[k].class == AUTHENTICATION) {
                    coverage.authentication_like_in_authentication += 1;
                } else {
                    *coverage.authentication_elsewhere.entry(label(event, i)).or_default() += 1;
                }
            }
        }
        Ok(Converted { batches, coverage })
    }
}

fn label(event: &StringArray, i: usize) -> String {
    if event.is_valid(i) {
        event.value(i).to_string()
    } else {
        "(null)".into()
    }
}

/// The `.json` files under `dir`, as (path relative to `root`, text).
fn json_files(root: &Path, dir: &Path) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot read", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            out.extend(json_files(root, &p)?);
        } else if p.extension().is_some_and(|x| x == "json") {
            let rel = p.strip_prefix(root)?.to_string_lossy().replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&p)?));
        }
    }
    Ok(out)
}

fn eval(expr: &Arc<dyn PhysicalExpr>, batch: &RecordBatch) -> Result<ArrayRef> {
    Ok(expr.evaluate(batch)?.into_array(batch.num_rows())?)
}

/// A nested set of attribute paths with their leaf types.
#[derive(Default)]
struct Tree {
    leaf: Option<DataType>,
    children: BTreeMap<String, Tree>,
}

impl Tree {
    fn insert(&mut self, path: &str, ty: DataType) {
        let mut node = self;
        for part in path.split('.') {
            node = node.children.entry(part.to_string()).or_default();
        }
        node.leaf = Some(ty);
    }

    /// The Arrow field of this node; every attribute is nullable (OCSF's requirements are
    /// checked by the validator, not by the table) except the top-level `time`, which the
    /// tables are partitioned and sorted on.
    fn field(&self, name: &str, top: bool) -> Field {
        match &self.leaf {
            Some(t) => Field::new(name, t.clone(), !(top && name == "time")),
            None => Field::new(
                name,
                DataType::Struct(self.children.iter().map(|(n, c)| c.field(n, false)).collect()),
                true,
            ),
        }
    }
}

/// Each class's table schema: the union of the attributes every mapping fills for it, plus the
/// columns every OCSF table has.
fn class_tables(schema: &Schema, mappings: &[Mapping]) -> Result<BTreeMap<String, SchemaRef>> {
    let mut trees: BTreeMap<String, Tree> = BTreeMap::new();
    for map in mappings.iter().flat_map(|m| &m.maps) {
        let tree = trees.entry(map.class.clone()).or_default();
        for f in &map.fields {
            tree.insert(&f.path, f.ty.clone());
        }
    }
    let mut out = BTreeMap::new();
    for (class, mut tree) in trees {
        for (path, ty) in [
            ("class_uid", DataType::Int32),
            ("category_uid", DataType::Int32),
            ("activity_id", DataType::Int32),
            ("type_uid", DataType::Int64),
            ("severity_id", DataType::Int32),
            ("status_id", DataType::Int32),
            ("metadata.version", DataType::Utf8),
            ("metadata.profiles", string_list_type()),
            ("observables", observables_type()),
            ("unmapped", string_map_type()),
        ] {
            tree.insert(path, ty);
        }
        let mut names: Vec<&String> = tree.children.keys().collect();
        names.sort_by_key(|n| {
            (LEADING.iter().position(|l| *l == n.as_str()).unwrap_or(LEADING.len()), *n)
        });
        let fields: Vec<Field> = names.iter().map(|n| tree.children[*n].field(n, true)).collect();
        if schema.class(&class).is_none() {
            return Err(anyhow!("unknown class {class}"));
        }
        out.insert(class, Arc::new(ArrowSchema::new(fields)));
    }
    Ok(out)
}

/// The class batch of the rows routed to `map`.
fn build(
    map: &Map,
    profiles: &[String],
    routed: &RecordBatch,
    table: &SchemaRef,
    version: &str,
) -> Result<RecordBatch> {
    let n = routed.num_rows();
    let mut values: HashMap<String, ArrayRef> = HashMap::new();
    for f in &map.fields {
        values.insert(f.path.clone(), eval(&f.expr, routed)?);
    }
    let activity: Int32Array = match &map.activity {
        Activity::Fixed(a) => Int32Array::from(vec![*a; n]),
        Activity::Expr(e) => {
            eval(e, routed)?.as_primitive::<arrow_array::types::Int32Type>().clone()
        }
    };
    let type_uid: Int64Array =
        activity.iter().map(|a| a.map(|a| map.class_uid as i64 * 100 + a as i64)).collect();
    values.insert("class_uid".into(), Arc::new(Int32Array::from(vec![map.class_uid; n])));
    values.insert("category_uid".into(), Arc::new(Int32Array::from(vec![map.category_uid; n])));
    values.insert("activity_id".into(), Arc::new(activity));
    values.insert("type_uid".into(), Arc::new(type_uid));
    values.insert("metadata.version".into(), Arc::new(StringArray::from(vec![version; n])));
    values.insert("metadata.profiles".into(), constant_list(profiles, n)?);
    values.insert("observables".into(), observables(map, &values, n)?);
    values.insert("unmapped".into(), unmapped(map, routed)?);
    let columns: Vec<ArrayRef> =
        table.fields().iter().map(|f| assemble(f, "", &values, n)).collect::<Result<_>>()?;
    Ok(RecordBatch::try_new(table.clone(), columns)?)
}

/// The column for `field` at `prefix`: a computed value, a struct of its children (null where
/// every child is null), or nulls where no map fills it.
fn assemble(
    field: &Field,
    prefix: &str,
    values: &HashMap<String, ArrayRef>,
    n: usize,
) -> Result<ArrayRef> {
    let path = format!("{prefix}{}", field.name());
    if let Some(v) = values.get(&path) {
        return Ok(v.clone());
    }
    let DataType::Struct(children) = field.data_type() else {
        return Ok(new_null_array(field.data_type(), n));
    };
    let inner = format!("{path}.");
    if !values.keys().any(|k| k.starts_with(&inner)) {
        return Ok(new_null_array(field.data_type(), n));
    }
    let arrays: Vec<ArrayRef> =
        children.iter().map(|c| assemble(c, &inner, values, n)).collect::<Result<_>>()?;
    let valid: Vec<bool> = (0..n).map(|i| arrays.iter().any(|a| a.is_valid(i))).collect();
    Ok(Arc::new(StructArray::try_new(children.clone(), arrays, Some(NullBuffer::from(valid)))?))
}

/// One entry per filled attribute whose OCSF type is observable (IPs, host and user names, …).
fn observables(map: &Map, values: &HashMap<String, ArrayRef>, n: usize) -> Result<ArrayRef> {
    let mut sources = Vec::new();
    for f in map.fields.iter() {
        if let Some(type_id) = f.observable {
            sources.push((
                f.path.as_str(),
                type_id,
                arrow_cast::cast(&values[&f.path], &DataType::Utf8)?,
            ));
        }
    }
    let (mut names, mut ids, mut vals) =
        (StringBuilder::new(), Int32Builder::new(), StringBuilder::new());
    let mut offsets = vec![0i32];
    let mut valid = Vec::with_capacity(n);
    for row in 0..n {
        let start = *offsets.last().expect("starts with 0");
        let mut len = 0;
        for (path, type_id, text) in &sources {
            let text = text.as_string::<i32>();
            if text.is_valid(row) {
                names.append_value(path);
                ids.append_value(*type_id);
                vals.append_value(text.value(row));
                len += 1;
            }
        }
        offsets.push(start + len);
        valid.push(len > 0);
    }
    let DataType::List(item) = observables_type() else { unreachable!("a list") };
    let DataType::Struct(entry) = item.data_type().clone() else { unreachable!("a struct") };
    let entries = StructArray::try_new(
        entry,
        vec![Arc::new(names.finish()), Arc::new(ids.finish()), Arc::new(vals.finish())],
        None,
    )?;
    Ok(Arc::new(ListArray::try_new(
        item,
        OffsetBuffer::new(ScalarBuffer::from(offsets)),
        Arc::new(entries),
        Some(NullBuffer::from(valid)),
    )?))
}

/// The native fields no expression of the map read, as text (`unmapped`).
fn unmapped(map: &Map, routed: &RecordBatch) -> Result<ArrayRef> {
    let n = routed.num_rows();
    // Each leaf as text, with the structs above it (a value counts only where they are set).
    let mut columns: Vec<(&str, Vec<ArrayRef>, ArrayRef)> = Vec::new();
    for (key, i, path) in &map.unmapped.columns {
        let mut value = routed.column(*i).clone();
        let mut parents = Vec::new();
        for &c in path {
            let child = value.as_struct().column(c).clone();
            parents.push(std::mem::replace(&mut value, child));
        }
        columns.push((key, parents, arrow_cast::cast(&value, &DataType::Utf8)?));
    }
    let names =
        MapFieldNames { entry: "key_value".into(), key: "key".into(), value: "value".into() };
    let mut b = MapBuilder::new(Some(names), StringBuilder::new(), StringBuilder::new());
    let map_column =
        map.unmapped.map_column.as_ref().map(|(i, used)| (routed.column(*i).as_map(), used));
    for row in 0..n {
        for (key, parent, text) in &columns {
            let text = text.as_string::<i32>();
            if text.is_valid(row) && parent.iter().all(|p| p.is_valid(row)) {
                b.keys().append_value(key);
                b.values().append_value(text.value(row));
            }
        }
        if let Some((m, used)) = &map_column {
            if m.is_valid(row) {
                let offsets = m.value_offsets();
                let keys = m.keys().as_string::<i32>();
                let vals = m.values().as_string::<i32>();
                for j in offsets[row] as usize..offsets[row + 1] as usize {
                    if !used.contains(keys.value(j)) {
                        b.keys().append_value(keys.value(j));
                        if vals.is_valid(j) {
                            b.values().append_value(vals.value(j));
                        } else {
                            b.values().append_null();
                        }
                    }
                }
            }
        }
        b.append(true)?;
    }
    Ok(Arc::new(b.finish()))
}
