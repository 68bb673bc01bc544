//! The `labels` table: ground truth for every injected attack event.

use crate::attacks::Label;
use arrow_array::{ArrayRef, RecordBatch, StringArray, TimestampMicrosecondArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use std::sync::Arc;

/// Time zone string for every timestamp column (what Iceberg's `timestamptz` maps to in Arrow).
pub const UTC: &str = "+00:00";

pub fn ts_type() -> DataType {
    DataType::Timestamp(TimeUnit::Microsecond, Some(UTC.into()))
}

pub fn schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("attack_id", DataType::Utf8, false),
        Field::new("attack_kind", DataType::Utf8, false),
        Field::new("technique", DataType::Utf8, false),
        Field::new("source", DataType::Utf8, false),
        Field::new("event_key", DataType::Utf8, false),
        Field::new("event_time", ts_type(), false),
    ]))
}

pub fn to_batch(labels: &[Label]) -> RecordBatch {
    let col = |f: &dyn Fn(&Label) -> &str| -> ArrayRef {
        Arc::new(labels.iter().map(|l| Some(f(l))).collect::<StringArray>())
    };
    RecordBatch::try_new(
        schema(),
        vec![
            col(&|l| &l.attack_id),
            col(&|l| l.kind.name()),
            col(&|l| l.kind.technique()),
            col(&|l| l.source.name()),
            col(&|l| &l.event_key),
            Arc::new(
                TimestampMicrosecondArray::from_iter_values(labels.iter().map(|l| l.time))
                    .with_timezone(UTC),
            ),
        ],
    )
    .expect("labels batch matches its schema")
}

/// Labels as CSV (the raw form of the labels output).
pub fn to_csv(labels: &[Label], out: &mut Vec<u8>, header: bool) {
    if header {
        out.extend_from_slice(b"attack_id,attack_kind,technique,source,event_key,event_time\n");
    }
    for l in labels {
        for s in
            [l.attack_id.as_str(), l.kind.name(), l.kind.technique(), l.source.name(), &l.event_key]
        {
            out.extend_from_slice(s.as_bytes());
            out.push(b',');
        }
        crate::fmt::push_iso_7(out, l.time);
        out.push(b'\n');
    }
}
