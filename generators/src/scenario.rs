//! Scenarios are data: a TOML file declares the organisation, the time range, the daily raw
//! volume, the source mix, the raw formats and the attacks to inject.
//!
//! Bad input must produce an error that names the file, the line and the field, so parsing goes
//! through typed deserialisers (which report toml's line/column) and semantic checks look up the
//! line of the offending key.

use crate::attacks::AttackKind;
use crate::fmt::{parse_iso, Micros, MICROS_PER_DAY};
use crate::SourceKind;
use serde::{Deserialize, Deserializer};
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Default seed; `--seed` overrides it.
    #[serde(default = "default_seed")]
    pub seed: u64,
    #[serde(deserialize_with = "de_time")]
    pub start: Micros,
    #[serde(deserialize_with = "de_time")]
    pub end: Micros,
    /// Raw native-format bytes per day, all sources together (e.g. "500 GB").
    #[serde(deserialize_with = "de_bytes")]
    pub volume_per_day: u64,
    /// The organisation's local time offset, which drives the working-day shape.
    #[serde(default = "default_utc_offset")]
    pub utc_offset_hours: i32,
    #[serde(default)]
    pub org: OrgConfig,
    #[serde(default)]
    pub mix: SourceMix,
    /// Sources defined as data: table name → definition file (relative to the scenario).
    #[serde(default)]
    pub sources: std::collections::BTreeMap<String, PathBuf>,
    /// The defined sources, compiled and registered when the scenario is parsed.
    #[serde(skip)]
    pub defined: Vec<SourceKind>,
    #[serde(default)]
    pub formats: RawFormats,
    #[serde(default, rename = "attack")]
    pub attacks: Vec<AttackSpec>,
}

fn default_seed() -> u64 {
    1
}
fn default_utc_offset() -> i32 {
    -5
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OrgConfig {
    pub employees: u32,
    pub servers: u32,
    pub domain_controllers: u32,
    pub aws_accounts: u32,
    pub known_bad_ips: u32,
    /// How many distinct programs the organisation runs, relative to a typical 800-person
    /// company (1.0 ≈ 380 executables on Windows hosts, with a Zipf-like long tail). Higher
    /// values widen the tail of process names, command lines, filtering-platform applications
    /// and the files and keys they touch.
    pub software_diversity: f64,
}

impl Default for OrgConfig {
    fn default() -> Self {
        OrgConfig {
            employees: 5000,
            servers: 400,
            domain_controllers: 4,
            aws_accounts: 6,
            known_bad_ips: 25,
            software_diversity: 1.0,
        }
    }
}

/// Share of the daily raw volume per source (normalised, so any positive numbers work). The
/// built-ins have defaults; a defined source is given its share under its own name.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct SourceMix {
    pub windows_security: f64,
    pub cloudtrail: f64,
    pub zeek_conn: f64,
    pub zeek_dns: f64,
    pub vpc_flow: f64,
    /// Shares of defined sources (and, until validation, any misspelt key).
    #[serde(flatten)]
    pub defined: std::collections::BTreeMap<String, f64>,
}

impl Default for SourceMix {
    fn default() -> Self {
        SourceMix {
            windows_security: 0.45,
            cloudtrail: 0.2,
            zeek_conn: 0.17,
            zeek_dns: 0.08,
            vpc_flow: 0.1,
            defined: Default::default(),
        }
    }
}

impl SourceMix {
    pub fn share(&self, s: SourceKind) -> f64 {
        let total = self.windows_security
            + self.cloudtrail
            + self.zeek_conn
            + self.zeek_dns
            + self.vpc_flow
            + self.defined.values().sum::<f64>();
        let v = match s {
            SourceKind::WindowsSecurity => self.windows_security,
            SourceKind::CloudTrail => self.cloudtrail,
            SourceKind::ZeekConn => self.zeek_conn,
            SourceKind::ZeekDns => self.zeek_dns,
            SourceKind::VpcFlow => self.vpc_flow,
            SourceKind::Defined(_) => self.defined.get(s.name()).copied().unwrap_or(0.0),
        };
        if total > 0.0 {
            v / total
        } else {
            0.0
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum WindowsFormat {
    /// The XML rendering Windows Event Forwarding delivers (one `<Event>` per line).
    #[default]
    Xml,
    /// Winlogbeat-style JSON lines.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ZeekFormat {
    #[default]
    Tsv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum VpcFlowFormat {
    #[default]
    V2,
    V5,
}

#[derive(Debug, Clone, Copy, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct RawFormats {
    pub windows: WindowsFormat,
    pub zeek: ZeekFormat,
    pub vpc_flow: VpcFlowFormat,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttackSpec {
    pub kind: AttackKind,
    #[serde(default = "one")]
    pub count: u32,
    /// Explicit start times; when absent the instances are spread over the scenario at
    /// seed-determined times.
    #[serde(default, deserialize_with = "de_times")]
    pub at: Vec<Micros>,
}

fn one() -> u32 {
    1
}

fn de_time<'de, D: Deserializer<'de>>(d: D) -> Result<Micros, D::Error> {
    let s = String::deserialize(d)?;
    parse_iso(&s).ok_or_else(|| {
        serde::de::Error::custom(format!("`{s}` is not a UTC time like 2026-11-02T00:00:00Z"))
    })
}

fn de_times<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Micros>, D::Error> {
    let v = Vec::<String>::deserialize(d)?;
    v.iter()
        .map(|s| {
            parse_iso(s).ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "`{s}` is not a UTC time like 2026-11-02T14:00:00Z"
                ))
            })
        })
        .collect()
}

fn de_bytes<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        N(u64),
        S(String),
    }
    match Raw::deserialize(d)? {
        Raw::N(n) => Ok(n),
        Raw::S(s) => parse_bytes(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("`{s}` is not a size like \"500 GB\" or \"2 GiB\""))
        }),
    }
}

/// Parse "500 GB", "1.5TB", "2 GiB", "300MB", "12345" (decimal units are powers of 1000).
pub fn parse_bytes(s: &str) -> Option<u64> {
    let s = s.trim();
    let split = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num.parse().ok()?;
    let mult: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "kb" | "k" => 1e3,
        "mb" | "m" => 1e6,
        "gb" | "g" => 1e9,
        "tb" | "t" => 1e12,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0f64.powi(3),
        "tib" => 1024.0f64.powi(4),
        _ => return None,
    };
    Some((n * mult) as u64)
}

/// A scenario file that could not be used: says which file, which line and which field.
#[derive(Debug)]
pub struct ScenarioError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ScenarioError {}

impl Scenario {
    pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        let text = std::fs::read_to_string(path).map_err(|e| ScenarioError {
            file: path.to_path_buf(),
            line: None,
            field: None,
            message: format!("cannot read: {e}"),
        })?;
        Scenario::parse(&text, path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Scenario, ScenarioError> {
        // Defined sources first: compile each file once and register it (the definition's own
        // errors name its file, line and field), so the attacks they contribute resolve when
        // the `[[attack]]` tables are read.
        #[derive(Deserialize)]
        struct SourcesOnly {
            #[serde(default)]
            sources: std::collections::BTreeMap<String, PathBuf>,
        }
        let mut defined = Vec::new();
        if let Ok(only) = toml::from_str::<SourcesOnly>(text) {
            let dir = path.parent().unwrap_or(Path::new("."));
            for (name, file) in &only.sources {
                let at = |message: String| ScenarioError {
                    file: path.to_path_buf(),
                    line: crate::toml_location::line_of_key(text, name),
                    field: Some(format!("sources.{name}")),
                    message,
                };
                let def = crate::sources::defined::Definition::load(&dir.join(file)).map_err(at)?;
                if def.name != name {
                    return Err(at(format!(
                        "the definition in {} is named `{}`; name it `{name}` in [sources] too",
                        file.display(),
                        def.name
                    )));
                }
                defined.push(crate::sources::defined::register(def).map_err(at)?);
            }
        }
        let mut scenario: Scenario = toml::from_str(text).map_err(|e| {
            let (line, field) = crate::toml_location::locate(text, &e);
            ScenarioError {
                file: path.to_path_buf(),
                line,
                field,
                message: e.message().to_string(),
            }
        })?;
        scenario.defined = defined;
        scenario.validate().map_err(|(field, message)| ScenarioError {
            file: path.to_path_buf(),
            line: crate::toml_location::line_of_key(text, field),
            field: Some(field.to_string()),
            message,
        })?;
        // A defined attack needs its source in this scenario (the registry is per process).
        for a in &scenario.attacks {
            if let Some(&source) = a.kind.sources().first() {
                if matches!(source, SourceKind::Defined(_)) && !scenario.defined.contains(&source) {
                    return Err(ScenarioError {
                        file: path.to_path_buf(),
                        line: text
                            .find(&format!("\"{}\"", a.kind.name()))
                            .map(|o| crate::toml_location::line_at(text, o)),
                        field: Some("kind".into()),
                        message: format!(
                            "attack `{}` comes from source `{}`, which this scenario does not list in [sources]",
                            a.kind.name(),
                            source.name()
                        ),
                    });
                }
            }
        }
        for (k, v) in &scenario.mix.defined {
            if !scenario.sources.contains_key(k) {
                let mut known: Vec<&str> = SourceKind::BUILTIN.iter().map(|s| s.name()).collect();
                known.extend(scenario.sources.keys().map(|k| k.as_str()));
                return Err(ScenarioError {
                    file: path.to_path_buf(),
                    line: crate::toml_location::line_of_key(text, k),
                    field: Some(format!("mix.{k}")),
                    message: format!(
                        "no source named `{k}` (known: {}; a defined source needs a line in [sources])",
                        known.join(", ")
                    ),
                });
            }
            if !(*v >= 0.0 && v.is_finite()) {
                return Err(ScenarioError {
                    file: path.to_path_buf(),
                    line: crate::toml_location::line_of_key(text, k),
                    field: Some(format!("mix.{k}")),
                    message: "must be a non-negative number".into(),
                });
            }
        }
        Ok(scenario)
    }

    /// The scenario's sources: the built-ins, then the defined ones in [sources] order.
    pub fn sources(&self) -> Vec<SourceKind> {
        SourceKind::BUILTIN.iter().copied().chain(self.defined.iter().copied()).collect()
    }

    fn validate(&self) -> Result<(), (&'static str, String)> {
        if self.end <= self.start {
            return Err(("end", "must be after `start`".into()));
        }
        if self.volume_per_day == 0 {
            return Err(("volume_per_day", "must be positive".into()));
        }
        let m = &self.mix;
        for (name, v) in [
            ("windows_security", m.windows_security),
            ("cloudtrail", m.cloudtrail),
            ("zeek_conn", m.zeek_conn),
            ("zeek_dns", m.zeek_dns),
            ("vpc_flow", m.vpc_flow),
        ] {
            if !(v >= 0.0 && v.is_finite()) {
                return Err((leak(format!("mix.{name}")), "must be a non-negative number".into()));
            }
        }
        if self.org.employees < 10 {
            return Err(("employees", "must be at least 10".into()));
        }
        if self.org.domain_controllers == 0
            || self.org.aws_accounts == 0
            || self.org.known_bad_ips == 0
        {
            return Err((
                "org",
                "domain_controllers, aws_accounts and known_bad_ips must be at least 1".into(),
            ));
        }
        if !(self.org.software_diversity > 0.0 && self.org.software_diversity <= 20.0) {
            return Err(("software_diversity", "must be in (0, 20]".into()));
        }
        if !(-12..=14).contains(&self.utc_offset_hours) {
            return Err(("utc_offset_hours", "must be between -12 and 14".into()));
        }
        for a in &self.attacks {
            if let Some(t) = a.at.iter().find(|t| **t < self.start || **t >= self.end) {
                return Err((
                    "at",
                    format!("attack time {} is outside [start, end)", crate::fmt::civil_string(*t)),
                ));
            }
            if !a.at.is_empty() && a.at.len() != a.count as usize && a.count != 1 {
                return Err((
                    "count",
                    "when `at` is given, `count` must equal its length (or be omitted)".into(),
                ));
            }
        }
        Ok(())
    }

    pub fn days(&self) -> f64 {
        (self.end - self.start) as f64 / MICROS_PER_DAY as f64
    }
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = r#"
name = "t"
start = "2026-11-02T00:00:00Z"
end = "2026-11-03T00:00:00Z"
volume_per_day = "1 GB"
"#;

    #[test]
    fn parses_sizes() {
        assert_eq!(parse_bytes("500 GB"), Some(500_000_000_000));
        assert_eq!(parse_bytes("2GiB"), Some(2 << 30));
        assert_eq!(parse_bytes("1.5 TB"), Some(1_500_000_000_000));
        assert_eq!(parse_bytes("12 parsecs"), None);
    }

    #[test]
    fn minimal_scenario_gets_defaults() {
        let s = Scenario::parse(OK, Path::new("t.toml")).unwrap();
        assert_eq!(s.org.employees, 5000);
        assert_eq!(s.volume_per_day, 1_000_000_000);
        assert!((s.days() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn errors_name_file_line_and_field() {
        let bad = OK.replace("\"1 GB\"", "\"1 XB\"");
        let e = Scenario::parse(&bad, Path::new("s/bad.toml")).unwrap_err().to_string();
        assert!(e.starts_with("s/bad.toml:5: field `volume_per_day`"), "{e}");

        let bad = OK.replace("end = \"2026-11-03", "end = \"2026-11-01");
        let e = Scenario::parse(&bad, Path::new("x.toml")).unwrap_err().to_string();
        assert!(e.starts_with("x.toml:4: field `end`: must be after"), "{e}");

        let bad = format!("{OK}\n[org]\nemployes = 3\n");
        let e = Scenario::parse(&bad, Path::new("y.toml")).unwrap_err().to_string();
        assert!(e.contains("y.toml:8") && e.contains("employes"), "{e}");

        let bad = format!("{OK}\n[[attack]]\nkind = \"alien_invasion\"\n");
        let e = Scenario::parse(&bad, Path::new("z.toml")).unwrap_err().to_string();
        assert!(e.contains("z.toml:8: field `kind`"), "{e}");
    }
}
