//! K-way merge of time-sorted Parquet files into one time-ordered stream of batches.
//!
//! lakeproof's writer sorts every file by event time, so compacting a partition's files needs
//! no full sort: a heap over one cursor per file yields rows in time order while holding only
//! one decoded batch per input file. A file found out of order stops the merge with its name
//! (compaction then commits nothing).

use crate::lake::writer::conform;
use anyhow::{bail, ensure, Context, Result};
use arrow_array::{Array, RecordBatch, TimestampMicrosecondArray};
use arrow_schema::SchemaRef;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::file::reader::ChunkReader;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Decoded rows held at once across all inputs (bounds memory for groups of many files).
const ROWS_IN_FLIGHT: usize = 1 << 19;
/// Rows per merged output batch.
const OUTPUT_ROWS: usize = 8192;

struct Cursor {
    path: String,
    reader: ParquetRecordBatchReader,
    batch: RecordBatch,
    times: TimestampMicrosecondArray,
    row: usize,
}

impl Cursor {
    /// Load the next non-empty batch; false at the end of the file.
    fn advance(&mut self, schema: &SchemaRef, time_column: &str) -> Result<bool> {
        for batch in self.reader.by_ref() {
            let batch = conform(&batch.with_context(|| format!("reading {}", self.path))?, schema)
                .with_context(|| format!("{} does not match the table schema", self.path))?;
            if batch.num_rows() == 0 {
                continue;
            }
            let col = batch
                .column_by_name(time_column)
                .with_context(|| format!("{} has no column {time_column}", self.path))?;
            let Some(times) = col.as_any().downcast_ref::<TimestampMicrosecondArray>() else {
                bail!("{}: {time_column} is not a microsecond timestamp", self.path);
            };
            ensure!(
                times.null_count() == 0,
                "{}: null {time_column} values cannot be merged by time",
                self.path
            );
            self.times = times.clone();
            self.batch = batch;
            self.row = 0;
            return Ok(true);
        }
        Ok(false)
    }
}

pub(super) struct SortedMerge {
    schema: SchemaRef,
    time_column: String,
    cursors: Vec<Cursor>,
    /// (time of the cursor's current row, cursor index): ties go to the earlier file.
    heap: BinaryHeap<Reverse<(i64, usize)>>,
}

impl SortedMerge {
    /// `files` are (path, whole Parquet file); `schema` is the table's Arrow schema.
    pub fn new<R: ChunkReader + 'static>(
        files: Vec<(String, R)>,
        schema: SchemaRef,
        time_column: &str,
    ) -> Result<SortedMerge> {
        let batch_rows = (ROWS_IN_FLIGHT / files.len().max(1)).clamp(128, OUTPUT_ROWS);
        let mut merge = SortedMerge {
            schema: schema.clone(),
            time_column: time_column.to_string(),
            cursors: Vec::new(),
            heap: BinaryHeap::new(),
        };
        for (path, data) in files {
            let reader = ParquetRecordBatchReaderBuilder::try_new(data)
                .and_then(|b| b.with_batch_size(batch_rows).build())
                .with_context(|| format!("opening {path}"))?;
            let mut cursor = Cursor {
                path,
                reader,
                batch: RecordBatch::new_empty(schema.clone()),
                times: TimestampMicrosecondArray::from(Vec::<i64>::new()),
                row: 0,
            };
            if cursor.advance(&schema, time_column)? {
                merge.heap.push(Reverse((cursor.times.value(0), merge.cursors.len())));
                merge.cursors.push(cursor);
            }
        }
        Ok(merge)
    }

    /// The next batch in time order with its last (greatest) time, or `None` at the end.
    pub fn next_batch(&mut self) -> Result<Option<(RecordBatch, i64)>> {
        // Output rows are (slot, row) pairs into `batches`; a cursor's current batch gets a slot
        // the first time one of its rows is taken.
        let mut batches: Vec<RecordBatch> = Vec::new();
        let mut slot: Vec<Option<usize>> = vec![None; self.cursors.len()];
        let mut picks: Vec<(usize, usize)> = Vec::with_capacity(OUTPUT_ROWS);
        let mut last = i64::MIN;
        while picks.len() < OUTPUT_ROWS {
            let Some(Reverse((time, i))) = self.heap.pop() else { break };
            let cursor = &mut self.cursors[i];
            let s = *slot[i].get_or_insert_with(|| {
                batches.push(cursor.batch.clone());
                batches.len() - 1
            });
            picks.push((s, cursor.row));
            last = time;
            cursor.row += 1;
            if cursor.row == cursor.batch.num_rows() {
                slot[i] = None;
                if !cursor.advance(&self.schema, &self.time_column)? {
                    continue;
                }
            }
            let next = cursor.times.value(cursor.row);
            ensure!(
                next >= time,
                "{} is not sorted by {}: compaction merges time-sorted files",
                cursor.path,
                self.time_column
            );
            self.heap.push(Reverse((next, i)));
        }
        if picks.is_empty() {
            return Ok(None);
        }
        let refs: Vec<&RecordBatch> = batches.iter().collect();
        Ok(Some((arrow_select::interleave::interleave_record_batch(&refs, &picks)?, last)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::Int64Array;
    use arrow_schema::{DataType, Field, Schema, TimeUnit};
    use parquet::arrow::ArrowWriter;
    use std::fs::File;
    use std::path::Path;
    use std::sync::Arc;

    fn schema() -> SchemaRef {
        Arc::new(Schema::new(vec![
            Field::new("ts", DataType::Timestamp(TimeUnit::Microsecond, None), false),
            Field::new("id", DataType::Int64, false),
        ]))
    }

    fn parquet(dir: &Path, name: &str, times: Vec<i64>) -> (String, File) {
        let ids = Int64Array::from(times.clone());
        let batch = RecordBatch::try_new(
            schema(),
            vec![Arc::new(TimestampMicrosecondArray::from(times)), Arc::new(ids)],
        )
        .unwrap();
        let path = dir.join(name);
        let mut w = ArrowWriter::try_new(File::create(&path).unwrap(), schema(), None).unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();
        (name.to_string(), File::open(&path).unwrap())
    }

    fn drain(merge: &mut SortedMerge) -> Result<Vec<i64>> {
        let mut out = Vec::new();
        while let Some((batch, last)) = merge.next_batch()? {
            let ts = batch.column(0).as_any().downcast_ref::<TimestampMicrosecondArray>().unwrap();
            assert_eq!(ts.value(ts.len() - 1), last);
            out.extend(ts.values().iter());
        }
        Ok(out)
    }

    #[test]
    fn merges_sorted_files_across_batch_boundaries_in_time_order() {
        let dir = tempfile::tempdir().unwrap();
        let files = vec![
            parquet(dir.path(), "even.parquet", (0..40_000).filter(|t| t % 2 == 0).collect()),
            parquet(dir.path(), "odd.parquet", (0..40_000).filter(|t| t % 2 == 1).collect()),
            parquet(dir.path(), "empty.parquet", Vec::new()),
        ];
        let mut merge = SortedMerge::new(files, schema(), "ts").unwrap();
        assert_eq!(drain(&mut merge).unwrap(), (0..40_000).collect::<Vec<_>>());
    }

    #[test]
    fn a_file_out_of_time_order_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let files = vec![
            parquet(dir.path(), "ok.parquet", vec![1, 2, 3]),
            parquet(dir.path(), "unsorted.parquet", vec![5, 1]),
        ];
        let mut merge = SortedMerge::new(files, schema(), "ts").unwrap();
        let err = drain(&mut merge).unwrap_err().to_string();
        assert!(err.contains("unsorted.parquet is not sorted by ts"), "{err}");
    }
}
