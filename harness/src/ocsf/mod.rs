//! The OCSF model (roadmap phase 3): the vendored OCSF 1.8.0 schema (`schema`), the per-source
//! mappings that are data, not code (`mapping`), the conversion of native batches into class
//! tables with coverage counts (`convert`), and the validator of what was written (`validate`).
//! The lake writer (`lake::generate_lake`) feeds it the same batches the native tables get;
//! `lake::ocsf` reads the class tables back to validate them. docs/ocsf.md describes the model.

pub mod convert;
pub mod mapping;
pub mod schema;
pub mod validate;

pub use convert::{Converted, Model, AUTHENTICATION, BASE_EVENT};

/// Iceberg namespace of the OCSF class tables.
pub const NAMESPACE: &str = "ocsf";
