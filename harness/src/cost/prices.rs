//! The price table (`scenarios/prices.toml`): storage classes, a compute node and the usage
//! assumptions the cost model needs. Prices are data so users can update them without a build;
//! every price carries its source page and the date it was read, and the report prints both.

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prices {
    /// Where the table was read from (a path, or the shipped copy), quoted by the bill.
    #[serde(skip)]
    pub file: String,
    pub storage: Vec<StorageClass>,
    pub compute: ComputePrice,
    /// Runs per day of each workload profile in production.
    pub schedule: BTreeMap<String, f64>,
    pub reads: Reads,
    /// The report's tiered example.
    pub tiering: Tiering,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tiering {
    pub after_days: f64,
    /// Storage class id data moves to.
    pub class: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorageClass {
    pub id: String,
    pub name: String,
    pub region: String,
    pub per_gb_month: f64,
    /// What the provider's "GB" means on its bill (2^30 or 10^9 bytes).
    pub bytes_per_gb: f64,
    pub put_per_1000: f64,
    pub get_per_1000: f64,
    /// Lifecycle transition of one object into this class, per 1,000 objects.
    pub transition_per_1000: f64,
    /// Smaller objects are billed as this size (the small-files pitfall on IA classes).
    pub min_object_bytes: f64,
    /// Objects deleted or moved earlier are billed for this many days.
    pub min_storage_days: f64,
    /// Requests are billed per chunk of this size (ADLS: 4 MiB); 0 = one request per object.
    pub request_chunk_bytes: f64,
    pub as_of: String,
    pub source: String,
}

impl StorageClass {
    /// Billed requests for one read or write of a whole object of `bytes`.
    pub fn requests_per_object(&self, bytes: f64) -> f64 {
        if self.request_chunk_bytes > 0.0 {
            (bytes / self.request_chunk_bytes).ceil().max(1.0)
        } else {
            1.0
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComputePrice {
    pub node: String,
    pub per_hour: f64,
    /// The node's vCPUs, to price cores a projection says a workload needs.
    pub vcpus: f64,
    pub as_of: String,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reads {
    pub day_scans_per_day: f64,
    pub gets_per_file: f64,
}

impl ComputePrice {
    /// Dollars per core-hour: the node's hourly price over its vCPUs.
    pub fn per_core_hour(&self) -> f64 {
        self.per_hour / self.vcpus
    }
}

impl Prices {
    /// Load and check a price table; errors name the file, and the line or the field.
    pub fn load(path: &Path) -> Result<Prices> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read the price table", path.display()))?;
        Prices::parse(&text, &path.display().to_string())
    }

    /// The price table shipped in the binary (`scenarios/prices.toml`).
    pub fn shipped() -> Result<Prices> {
        Prices::parse(crate::shipped::PRICES, &crate::shipped::origin("scenarios/prices.toml"))
    }

    /// `--prices FILE` when given, the shipped table otherwise.
    pub fn load_or_shipped(path: Option<&Path>) -> Result<Prices> {
        match path {
            Some(p) => Prices::load(p),
            None => Prices::shipped(),
        }
    }

    fn parse(text: &str, origin: &str) -> Result<Prices> {
        let mut prices: Prices = crate::util::toml_file::parse(text, origin)?;
        prices.file = origin.to_string();
        prices.check()?;
        Ok(prices)
    }

    fn check(&self) -> Result<()> {
        let f = &self.file;
        let mut ids = std::collections::BTreeSet::new();
        for s in &self.storage {
            if !ids.insert(&s.id) {
                bail!("{f}: storage id `{}` appears twice", s.id);
            }
            if s.bytes_per_gb <= 0.0 {
                bail!("{f}: storage `{}`: field `bytes_per_gb` must be positive", s.id);
            }
            let prices = [
                ("per_gb_month", s.per_gb_month),
                ("put_per_1000", s.put_per_1000),
                ("get_per_1000", s.get_per_1000),
                ("transition_per_1000", s.transition_per_1000),
                ("min_object_bytes", s.min_object_bytes),
                ("min_storage_days", s.min_storage_days),
                ("request_chunk_bytes", s.request_chunk_bytes),
            ];
            if let Some((field, _)) = prices.iter().find(|(_, v)| !non_negative(*v)) {
                bail!("{f}: storage `{}`: field `{field}` must be a number ≥ 0", s.id);
            }
        }
        if self.compute.vcpus.is_nan() || self.compute.vcpus < 1.0 {
            bail!("{f}: field `compute.vcpus` must be at least 1");
        }
        if !non_negative(self.compute.per_hour) {
            bail!("{f}: field `compute.per_hour` must be a number ≥ 0");
        }
        if let Some((p, _)) = self.schedule.iter().find(|(_, v)| !non_negative(**v)) {
            bail!("{f}: field `schedule.{p}` must be a number ≥ 0");
        }
        self.storage(&self.tiering.class).with_context(|| format!("{f}: field `tiering.class`"))?;
        Ok(())
    }

    pub fn storage(&self, id: &str) -> Result<&StorageClass> {
        self.storage.iter().find(|s| s.id == id).with_context(|| {
            let known: Vec<&str> = self.storage.iter().map(|s| s.id.as_str()).collect();
            format!("{}: no storage class `{id}` (known: {})", self.file, known.join(", "))
        })
    }
}

/// A price or rate that may be zero but not negative or NaN.
fn non_negative(v: f64) -> bool {
    v >= 0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_table_loads_and_names_its_sources() {
        let p = Prices::shipped().unwrap();
        for id in ["s3_standard", "s3_ia", "s3_glacier_ir", "gcs_standard", "adls_hot"] {
            let s = p.storage(id).unwrap();
            assert!(s.source.starts_with("https://") && !s.as_of.is_empty(), "{id}");
        }
        assert!(p.storage("nope").unwrap_err().to_string().contains("known: s3_standard"));
    }

    #[test]
    fn bad_fields_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("p.toml");
        let shipped = crate::shipped::PRICES;
        std::fs::write(&f, shipped.replacen("per_gb_month = 0.023", "per_gb_month = -1.0", 1))
            .unwrap();
        let e = Prices::load(&f).unwrap_err().to_string();
        assert!(
            e.contains("p.toml") && e.contains("s3_standard") && e.contains("per_gb_month"),
            "{e}"
        );
        std::fs::write(&f, shipped.replacen("per_gb_month = 0.023", "per_gb_month = \"cheap\"", 1))
            .unwrap();
        let e = Prices::load(&f).unwrap_err().to_string();
        assert!(e.contains("p.toml:"), "{e}");
    }
}
