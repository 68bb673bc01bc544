//! lakeproof-harness: everything that does I/O around the generators: the lake writer and raw
//! output, the engines, the workload runner and the stream, the result files, and the report,
//! cost model and comparison built from them. ARCHITECTURE.md draws the floors.

pub mod bench;
pub mod compare;
pub mod cost;
pub mod engines;
pub mod inventory;
pub mod lake;
pub mod ocsf;
pub mod pipeline;
pub mod progress;
pub mod raw;
pub mod report;
pub mod results;
pub mod scale;
pub mod shipped;
pub mod stream;
pub mod sweep;
pub mod util;
pub mod workloads;
