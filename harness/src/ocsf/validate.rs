//! Validation of OCSF class batches against the schema, as they are read back from the tables:
//! every column is an attribute of its class or object with the schema's type, required
//! attributes are present and non-null wherever their parent object is set, enumerated `*_id`
//! values are in their enumerations, `class_uid`/`category_uid` are the class's and `type_uid`
//! is `class_uid × 100 + activity_id`, and objects meet their `at_least_one` constraints.
//! Violations are counted by kind (rows for values, columns for structure); the target is zero.

use super::schema::{Class, Definition, Requirement, Schema};
pub use crate::results::ocsf::ClassReport;
use arrow_array::cast::AsArray;
use arrow_array::types::{Int32Type, Int64Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Fields};

impl ClassReport {
    pub fn new(class: &Class) -> ClassReport {
        let recommended = class
            .def
            .attributes
            .iter()
            .filter(|(_, a)| a.effective_requirement() == Requirement::Recommended)
            .map(|(n, _)| n.clone())
            .collect();
        ClassReport {
            class: class.def.name.clone(),
            class_uid: class.class_uid,
            recommended,
            ..ClassReport::default()
        }
    }

    fn violation(&mut self, kind: &str, count: u64, example: impl FnOnce() -> String) {
        if count == 0 {
            return;
        }
        *self.violations.entry(kind.to_string()).or_default() += count;
        self.examples.entry(kind.to_string()).or_insert_with(example);
    }
}

/// Validate one batch of a class table into `report`.
pub fn validate_batch(
    schema: &Schema,
    class: &Class,
    batch: &RecordBatch,
    report: &mut ClassReport,
) {
    let n = batch.num_rows();
    report.rows += n as u64;
    let valid = vec![true; n];
    let fields = batch.schema().fields().clone();
    check_object(schema, &class.def, "", &fields, batch.columns(), &valid, report);
    for f in batch.schema().fields() {
        if report.recommended.contains(f.name()) {
            let col = batch.column_by_name(f.name()).expect("a column of the batch");
            if col.null_count() < col.len() {
                report.recommended_filled.insert(f.name().clone());
            }
        }
    }
    let int32 =
        |name: &str| batch.column_by_name(name).filter(|c| c.data_type() == &DataType::Int32);
    for (name, want) in [("class_uid", class.class_uid), ("category_uid", class.category_uid)] {
        if let Some(c) = int32(name) {
            let c = c.as_primitive::<Int32Type>();
            let bad = c.iter().filter(|v| *v != Some(want)).count() as u64;
            report.violation(name, bad, || format!("{name} is not {want}"));
        }
    }
    let type_uid = batch.column_by_name("type_uid").filter(|c| c.data_type() == &DataType::Int64);
    if let (Some(t), Some(a)) = (type_uid, int32("activity_id")) {
        let (t, a) = (t.as_primitive::<Int64Type>(), a.as_primitive::<Int32Type>());
        let bad = t
            .iter()
            .zip(a.iter())
            .filter(|(t, a)| match (t, a) {
                (Some(t), Some(a)) => *t != class.class_uid as i64 * 100 + *a as i64,
                _ => true,
            })
            .count() as u64;
        report.violation("type_uid", bad, || "type_uid ≠ class_uid × 100 + activity_id".into());
    }
}

/// The Arrow type the schema gives an attribute, as far as it can be told without its children.
fn type_matches(schema: &Schema, ty: &str, is_array: bool, actual: &DataType) -> bool {
    if is_array {
        return match actual {
            DataType::List(item) => type_matches(schema, ty, false, item.data_type()),
            _ => false,
        };
    }
    match schema.scalar_arrow_type(ty) {
        Some(DataType::Map(..)) => matches!(actual, DataType::Map(..)),
        Some(want) => &want == actual,
        None => matches!(actual, DataType::Struct(_)),
    }
}

/// Check the columns of an object (or of the class itself, at the top) on the rows where it is
/// set (`valid`).
fn check_object(
    schema: &Schema,
    def: &Definition,
    prefix: &str,
    fields: &Fields,
    columns: &[ArrayRef],
    valid: &[bool],
    report: &mut ClassReport,
) {
    let set_rows = valid.iter().filter(|v| **v).count() as u64;
    for (name, a) in &def.attributes {
        if a.effective_requirement() == Requirement::Required && fields.find(name).is_none() {
            let path = format!("{prefix}{name}");
            report.violation("required attribute missing", set_rows, || {
                format!("`{path}` is required by {} and has no column", def.name)
            });
        }
    }
    for (field, col) in fields.iter().zip(columns) {
        let path = format!("{prefix}{}", field.name());
        let Some(a) = def.attributes.get(field.name()) else {
            report.violation("unknown attribute", 1, || {
                format!("`{path}` is not an attribute of {}", def.name)
            });
            continue;
        };
        if !type_matches(schema, &a.ty, a.is_array, field.data_type()) {
            report.violation("type", 1, || {
                format!(
                    "`{path}` is {} but OCSF says {}{}",
                    field.data_type(),
                    a.ty,
                    if a.is_array { "[]" } else { "" }
                )
            });
            continue;
        }
        let set: Vec<bool> = (0..col.len()).map(|i| valid[i] && col.is_valid(i)).collect();
        if a.effective_requirement() == Requirement::Required {
            let nulls = (0..col.len()).filter(|i| valid[*i] && !set[*i]).count() as u64;
            report.violation("required attribute null", nulls, || format!("`{path}` is null"));
        }
        if let (Some(e), DataType::Int32) = (&a.enumeration, field.data_type()) {
            if !matches!(field.name().as_str(), "class_uid" | "category_uid") {
                let c = col.as_primitive::<Int32Type>();
                let mut first = None;
                let bad = (0..c.len())
                    .filter(|i| set[*i] && !e.contains_key(&(c.value(*i) as i64)))
                    .inspect(|i| {
                        first.get_or_insert(c.value(*i));
                    })
                    .count() as u64;
                report.violation("enum value", bad, || {
                    format!("`{path}` = {} is not in its enumeration", first.unwrap_or_default())
                });
            }
        }
        let Some(object) = schema.object(&a.ty) else { continue };
        match field.data_type() {
            DataType::Struct(children) => {
                let s = col.as_struct();
                check_constraints(object, &path, children, s.columns(), &set, report);
                check_object(
                    schema,
                    object,
                    &format!("{path}."),
                    children,
                    s.columns(),
                    &set,
                    report,
                );
            }
            DataType::List(item) => {
                let DataType::Struct(children) = item.data_type() else { continue };
                let list = col.as_list::<i32>();
                let entries = list.values().as_struct();
                let mut entry_set = vec![false; entries.len()];
                for (i, is_set) in set.iter().enumerate() {
                    if *is_set {
                        let (from, to) = (list.value_offsets()[i], list.value_offsets()[i + 1]);
                        let range = from as usize..to as usize;
                        for (j, e) in entry_set[range.clone()].iter_mut().zip(range) {
                            *j = entries.is_valid(e);
                        }
                    }
                }
                check_constraints(object, &path, children, entries.columns(), &entry_set, report);
                check_object(
                    schema,
                    object,
                    &format!("{path}."),
                    children,
                    entries.columns(),
                    &entry_set,
                    report,
                );
            }
            _ => {}
        }
    }
}

/// `at_least_one` / `just_one`: on each set row, count the listed attributes that hold a value.
fn check_constraints(
    def: &Definition,
    path: &str,
    fields: &Fields,
    columns: &[ArrayRef],
    valid: &[bool],
    report: &mut ClassReport,
) {
    for (list, kind, ok) in [
        (&def.at_least_one, "constraint at_least_one", (|k| k >= 1) as fn(usize) -> bool),
        (&def.just_one, "constraint just_one", |k| k == 1),
    ] {
        if list.is_empty() {
            continue;
        }
        let cols: Vec<&ArrayRef> =
            list.iter().filter_map(|name| fields.find(name).map(|(i, _)| &columns[i])).collect();
        let bad = (0..valid.len())
            .filter(|i| valid[*i] && !ok(cols.iter().filter(|c| c.is_valid(*i)).count()))
            .count() as u64;
        report.violation(kind, bad, || {
            format!("`{path}` sets none or several of {}", list.join(", "))
        });
    }
}
