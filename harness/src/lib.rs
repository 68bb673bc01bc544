//! lakeproof-harness: everything that does I/O around the generators — the lake writer, raw
//! output, and (as they land) engines, workload runner, report and cost model.

pub mod bench;
pub mod compare;
pub mod cost;
pub mod engines;
pub mod inventory;
pub mod lake;
pub mod pipeline;
pub mod progress;
pub mod raw;
pub mod report;
pub mod stats;
pub mod stream;
pub mod workloads;
