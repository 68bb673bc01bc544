//! PLACEHOLDER: being written.
use crate::{attacks::Label, BlockCtx, RawDoc, Source};
use arrow_array::RecordBatch;
use arrow_schema::{Schema, SchemaRef};
use std::sync::Arc;

pub struct ZeekConn;
pub struct ZeekDns;

impl Source for ZeekConn {
    type Event<'a> = ();
    fn schema() -> SchemaRef {
        Arc::new(Schema::empty())
    }
    fn generate<'a>(_ctx: &BlockCtx<'a>, _out: &mut Vec<()>, _labels: &mut Vec<Label>) {}
    fn write_raw(_ctx: &BlockCtx<'_>, _events: &[()], _docs: &mut Vec<RawDoc>) {}
    fn to_batch(_ctx: &BlockCtx<'_>, _events: &[()]) -> RecordBatch {
        RecordBatch::new_empty(Self::schema())
    }
}
impl Source for ZeekDns {
    type Event<'a> = ();
    fn schema() -> SchemaRef {
        Arc::new(Schema::empty())
    }
    fn generate<'a>(_ctx: &BlockCtx<'a>, _out: &mut Vec<()>, _labels: &mut Vec<Label>) {}
    fn write_raw(_ctx: &BlockCtx<'_>, _events: &[()], _docs: &mut Vec<RawDoc>) {}
    fn to_batch(_ctx: &BlockCtx<'_>, _events: &[()]) -> RecordBatch {
        RecordBatch::new_empty(Self::schema())
    }
}
