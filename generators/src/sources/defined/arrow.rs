//! The Arrow layer of a defined source: a unit's slot values, in time order, as the record
//! batch the lake writes (dotted column names nested into structs). Generation and the raw
//! renderers never see Arrow.

use super::value::{Eval, Val};
use super::{ColType, Column, Definition, Rows};
use crate::labels::UTC;
use arrow_array::builder::{
    BooleanBuilder, Float64Builder, Int64Builder, TimestampMicrosecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch, StructArray};
use arrow_schema::{DataType, Fields};
use std::sync::Arc;

/// The Arrow batch of a unit, rows in time order.
pub(super) fn to_batch(def: &Definition, rows: &Rows, order: &[u32], ev: &Eval<'_>) -> RecordBatch {
    let n = order.len();
    let leaves: Vec<ArrayRef> = def
        .columns
        .iter()
        .enumerate()
        .map(|(c, col)| {
            let val = |i: u32| rows.vals[i as usize * rows.width + c];
            let a: ArrayRef = match col.ty {
                ColType::String | ColType::Json => string_array(order.iter().map(|&i| val(i)), ev),
                ColType::Int => {
                    let mut b = Int64Builder::with_capacity(n);
                    for &i in order {
                        match val(i) {
                            Val::Int(x) => b.append_value(x),
                            Val::Float(x) => b.append_value(x as i64),
                            v @ Val::Str(..) => b.append_option(ev.str(v).parse().ok()),
                            _ => b.append_null(),
                        }
                    }
                    Arc::new(b.finish())
                }
                ColType::Double => {
                    let mut b = Float64Builder::with_capacity(n);
                    for &i in order {
                        match val(i) {
                            Val::Int(x) => b.append_value(x as f64),
                            Val::Float(x) => b.append_value(x),
                            v @ Val::Str(..) => b.append_option(ev.str(v).parse().ok()),
                            _ => b.append_null(),
                        }
                    }
                    Arc::new(b.finish())
                }
                ColType::Bool => {
                    let mut b = BooleanBuilder::with_capacity(n);
                    for &i in order {
                        match val(i) {
                            Val::Bool(x) => b.append_value(x),
                            v @ Val::Str(..) => b.append_option(ev.str(v).parse().ok()),
                            _ => b.append_null(),
                        }
                    }
                    Arc::new(b.finish())
                }
                ColType::Timestamp => {
                    let mut b = TimestampMicrosecondBuilder::with_capacity(n).with_timezone(UTC);
                    for &i in order {
                        match val(i) {
                            Val::Time(t) => b.append_value(t),
                            Val::Int(x) => b.append_value(x),
                            _ => b.append_null(),
                        }
                    }
                    Arc::new(b.finish())
                }
            };
            a
        })
        .collect();
    let arrays = nest_arrays(&def.columns, &leaves, "", &def.schema.fields);
    RecordBatch::try_new(def.schema(), arrays).expect("batch matches the definition's schema")
}

/// A string column from the rows' values. The arena's bytes are copied into one values buffer
/// and validated as UTF-8 once per column, not once per value as a `StringBuilder` would:
/// that validation was a tenth of a syslog source's time.
fn string_array(vals: impl ExactSizeIterator<Item = Val>, ev: &Eval<'_>) -> ArrayRef {
    let n = vals.len();
    let mut values: Vec<u8> = Vec::with_capacity(n * 24);
    let mut offsets: Vec<i32> = Vec::with_capacity(n + 1);
    let mut valid = arrow_buffer::BooleanBufferBuilder::new(n);
    offsets.push(0);
    for v in vals {
        match v {
            Val::Null => {}
            Val::Str(..) => values.extend_from_slice(ev.bytes(v)),
            Val::Int(x) => crate::fmt::push_i64(&mut values, x),
            Val::Float(x) => values.extend_from_slice(x.to_string().as_bytes()),
            Val::Bool(x) => values.extend_from_slice(if x { b"true" } else { b"false" }),
            Val::Time(t) => crate::fmt::push_iso_seconds(&mut values, t),
        }
        valid.append(!matches!(v, Val::Null));
        offsets.push(i32::try_from(values.len()).expect("a unit's column holds under 2 GiB"));
    }
    let nulls = arrow_buffer::NullBuffer::new(valid.finish());
    Arc::new(
        arrow_array::StringArray::try_new(
            arrow_buffer::OffsetBuffer::new(offsets.into()),
            values.into(),
            (nulls.null_count() > 0).then_some(nulls),
        )
        .expect("the arena holds whole UTF-8 strings"),
    )
}

fn nest_arrays(
    columns: &[Column],
    leaves: &[ArrayRef],
    prefix: &str,
    fields: &Fields,
) -> Vec<ArrayRef> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut f = 0;
    while i < columns.len() {
        let rest = &columns[i].name[prefix.len()..];
        match rest.split_once('.') {
            None => {
                out.push(leaves[i].clone());
                i += 1;
            }
            Some((head, _)) => {
                let p = format!("{prefix}{head}.");
                let n = columns[i..].iter().take_while(|c| c.name.starts_with(&p)).count();
                let DataType::Struct(children) = fields[f].data_type() else {
                    unreachable!("nested columns have a struct field")
                };
                let arrays = nest_arrays(&columns[i..i + n], &leaves[i..i + n], &p, children);
                out.push(Arc::new(StructArray::new(children.clone(), arrays, None)));
                i += n;
            }
        }
        f += 1;
    }
    out
}
