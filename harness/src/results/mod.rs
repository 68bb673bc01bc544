//! Every result file lakeproof writes and reads, one schema type per kind, and the one loader
//! for all of them. The kinds (`kind` field, documented in `docs/results-schema.md`):
//!
//! | kind | type | written by |
//! |---|---|---|
//! | `lakeproof.run` | [`run::RunResult`] | `lakeproof run` |
//! | `lakeproof.stream` | [`stream::StreamResult`] | `lakeproof stream` |
//! | `lakeproof.maintenance` | [`maintenance::MaintainReport`] | `lakeproof lake maintain --out` |
//! | `lakeproof.sweep` | [`sweep::SweepResult`] | `lakeproof sweep --out` |
//! | `lakeproof.ocsf-validation` | [`ocsf::Validation`] | `lakeproof ocsf validate --out` |
//! | (has `generation`) | [`bench::BenchReport`] | `lakeproof bench generate --out` |
//! | run manifest | [`manifest::RunManifest`] | `lakeproof generate` (beside the tables) |
//!
//! This module sits low: the runner, the stream, bench and maintenance write these types, and
//! report, cost and compare read them; it imports none of them.

pub mod bench;
mod inputs;
pub mod machine;
pub mod maintenance;
pub mod manifest;
pub mod ocsf;
pub mod run;
pub mod stats;
pub mod stream;
pub mod sweep;

pub use inputs::Inputs;
