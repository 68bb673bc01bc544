//! The result of `lakeproof ocsf validate --out` (kind "lakeproof.ocsf-validation"): per OCSF
//! class table the rows and the violations found reading every row back, and per source where
//! its events went (the roadmap's authentication-coverage criterion). The validator that fills
//! it is `ocsf::validate`; `lakeproof report` reads it.

use super::manifest::OcsfCoverage;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One class table's validation.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct ClassReport {
    pub class: String,
    pub class_uid: i32,
    pub rows: u64,
    /// Kind → rows (or columns, for structural kinds) in violation.
    pub violations: BTreeMap<String, u64>,
    /// Kind → the first violation of that kind, described.
    pub examples: BTreeMap<String, String>,
    /// The class's recommended top-level attributes that hold a value in some row.
    pub recommended_filled: BTreeSet<String>,
    /// The class's recommended top-level attributes, all of them.
    pub recommended: BTreeSet<String>,
}

impl ClassReport {
    pub fn total_violations(&self) -> u64 {
        self.violations.values().sum()
    }
}

/// What `lakeproof ocsf validate` reports; with `--out`, a result file `lakeproof report` reads
/// (the scorecard's authentication-coverage criterion).
#[derive(Debug, Serialize, Deserialize)]
pub struct Validation {
    /// Version of this file's layout (docs/results-schema.md).
    pub schema_version: u32,
    /// Always "lakeproof.ocsf-validation".
    pub kind: String,
    /// The OCSF schema version validated against.
    pub ocsf_version: String,
    pub classes: Vec<ClassReport>,
    /// Per source, summed over the lake's run manifests.
    pub coverage: BTreeMap<String, OcsfCoverage>,
    /// Class → rows the run manifests say were written (compared with the table's rows).
    pub manifest_rows: BTreeMap<String, u64>,
}

/// The `kind` of a validation result file.
pub const VALIDATION_KIND: &str = "lakeproof.ocsf-validation";
/// The layout version of a validation result file.
pub const VALIDATION_SCHEMA_VERSION: u32 = 1;

impl Validation {
    /// Authentication-like events in Authentication, and all of them (the roadmap criterion).
    pub fn authentication(&self) -> (u64, u64) {
        self.coverage.values().fold((0, 0), |(a, b), c| {
            (a + c.authentication_like_in_authentication, b + c.authentication_like)
        })
    }

    pub fn total_violations(&self) -> u64 {
        self.classes.iter().map(ClassReport::total_violations).sum()
    }

    /// Classes whose table rows differ from what the manifests recorded.
    pub fn row_mismatches(&self) -> Vec<String> {
        self.classes
            .iter()
            .filter(|c| self.manifest_rows.get(&c.class).is_some_and(|m| *m != c.rows))
            .map(|c| {
                format!(
                    "{}: {} rows in the table, {} in the run manifests",
                    c.class, c.rows, self.manifest_rows[&c.class]
                )
            })
            .collect()
    }
}
