//! OCSF mappings as data: one TOML file per source (`scenarios/mappings/ocsf/<source>.toml`, the
//! format is in docs/ocsf.md) saying which native events go to which class and activity and how
//! each OCSF attribute is computed, as DataFusion SQL expressions over the native columns.
//!
//! A file is checked completely when it is loaded, so a typo fails before any data is written:
//! the class, the activity caption, every attribute path (against the schema) and every
//! expression (parsed and planned against the native table's Arrow schema, with a cast to the
//! attribute's type). Errors name `file:line: field`. Planning happens once per mapping; the
//! planned physical expressions are then evaluated on every native batch (`convert`).

use super::schema::{Requirement, Schema};
use anyhow::{anyhow, bail, Result};
use arrow_schema::{DataType, SchemaRef};
use datafusion::common::tree_node::{TreeNode, TreeNodeRecursion};
use datafusion::common::DFSchema;
use datafusion::logical_expr::simplify::SimplifyContext;
use datafusion::logical_expr::{cast, Expr};
use datafusion::optimizer::simplify_expressions::ExprSimplifier;
use datafusion::physical_expr::PhysicalExpr;
use datafusion::prelude::SessionContext;
use lakeproof_generators::SourceKind;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Attributes lakeproof computes itself: a mapping that sets one is refused.
const COMPUTED: &[&str] = &[
    "class_uid",
    "category_uid",
    "type_uid",
    "activity_id",
    "metadata.version",
    "metadata.profiles",
    "observables",
];

/// One mapping file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    source: String,
    /// OCSF profiles the events apply (written to `metadata.profiles`), e.g. `cloud` for the
    /// `cloud` and `api` attributes.
    #[serde(default)]
    profiles: Vec<String>,
    /// Attribute → expression for every `[[map]]` that does not set the attribute itself.
    #[serde(default)]
    defaults: BTreeMap<String, String>,
    coverage: CoverageFile,
    #[serde(rename = "map")]
    maps: Vec<MapFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CoverageFile {
    /// Names an event's type in the coverage report (e.g. the Windows EventID).
    event: String,
    /// The events the roadmap counts as authentication, written independently of the maps:
    /// the coverage check counts how many of them landed in Authentication.
    authentication: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MapFile {
    class: String,
    activity: Option<String>,
    activity_id: Option<String>,
    when: String,
    #[serde(default)]
    fields: BTreeMap<String, String>,
}

/// An attribute filled by a mapping: its path and the expression computing it, already cast to
/// the attribute's Arrow type.
pub struct Field {
    pub path: String,
    pub ty: DataType,
    pub expr: Arc<dyn PhysicalExpr>,
    /// Observable type id when OCSF makes the attribute's values observables.
    pub observable: Option<i32>,
}

/// How a map computes `activity_id`.
pub enum Activity {
    Fixed(i32),
    Expr(Arc<dyn PhysicalExpr>),
}

/// The native fields no expression of a map reads: they go to `unmapped`.
pub struct Unmapped {
    /// (key in `unmapped`, top-level column, path of child indices into its nested structs).
    pub columns: Vec<(String, usize, Vec<usize>)>,
    /// A string map column (Windows `event_data`) and the keys the map reads from it.
    pub map_column: Option<(usize, BTreeSet<String>)>,
}

/// One `[[map]]`, planned.
pub struct Map {
    pub class: String,
    pub class_uid: i32,
    pub category_uid: i32,
    pub when: Arc<dyn PhysicalExpr>,
    pub activity: Activity,
    pub fields: Vec<Field>,
    pub unmapped: Unmapped,
}

/// A source's mapping, planned against its native Arrow schema.
pub struct Mapping {
    pub source: SourceKind,
    pub profiles: Vec<String>,
    pub origin: String,
    pub maps: Vec<Map>,
    pub coverage_event: Arc<dyn PhysicalExpr>,
    pub authentication: Arc<dyn PhysicalExpr>,
}

/// Where a key is assigned in the text: the first line assigning `key` (bare or quoted) under
/// the table `header` ("" for the top level); for `[[map]]` and `[map.fields]`, under the
/// `section`-th map (0-based). Errors found after parsing use it.
fn line_of(text: &str, header: &str, section: usize, key: &str) -> Option<usize> {
    let mut current = "";
    let mut map: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.starts_with('[') {
            current = l.split('#').next().unwrap_or(l).trim();
            if current == "[[map]]" {
                map = Some(map.map_or(0, |m| m + 1));
            }
            continue;
        }
        let in_map = header == "[[map]]" || header == "[map.fields]";
        if current != header || (in_map && map != Some(section)) {
            continue;
        }
        let quoted = format!("\"{key}\"");
        let rest = l.strip_prefix(quoted.as_str()).or_else(|| l.strip_prefix(key));
        if rest.is_some_and(|r| r.trim_start().starts_with('=')) {
            return Some(i + 1);
        }
    }
    None
}

/// Formats a load error as `origin:line: field `key`: message`.
struct Locate<'a> {
    text: &'a str,
    origin: &'a str,
}

impl Locate<'_> {
    fn err(
        &self,
        header: &str,
        section: usize,
        key: &str,
        msg: impl std::fmt::Display,
    ) -> anyhow::Error {
        let line =
            line_of(self.text, header, section, key).map_or(String::new(), |l| format!(":{l}"));
        anyhow!("{}{line}: field `{key}`: {msg}", self.origin)
    }
}

/// The Arrow type an attribute path has, or why the path is not an OCSF attribute of `class`.
pub fn attribute_type(schema: &Schema, class: &str, path: &str) -> Result<(DataType, String)> {
    let def = &schema.class(class).ok_or_else(|| anyhow!("unknown class `{class}`"))?.def;
    let mut def = def;
    let parts: Vec<&str> = path.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        let Some(a) = def.attributes.get(*part) else {
            bail!(
                "`{part}` is not an attribute of OCSF {} `{}`",
                if i == 0 { "class" } else { "object" },
                def.name
            );
        };
        if a.is_array {
            bail!(
                "`{part}` is an array ({}[]); lakeproof maps scalar and object attributes only",
                a.ty
            );
        }
        let last = i + 1 == parts.len();
        match (schema.scalar_arrow_type(&a.ty), last) {
            (Some(t), true) => return Ok((t, a.ty.clone())),
            (Some(_), false) => bail!("`{part}` is a {} value, not an object", a.ty),
            (None, true) => {
                bail!("`{part}` is an object ({}): map its attributes, e.g. `{path}.name`", a.ty)
            }
            (None, false) => {
                def = schema
                    .object(&a.ty)
                    .ok_or_else(|| anyhow!("object `{}` is not in the schema", a.ty))?;
            }
        }
    }
    unreachable!("a path has at least one part")
}

impl Mapping {
    /// Load and plan a mapping file's text; `origin` names it in errors.
    pub fn load(schema: &Schema, text: &str, origin: &str) -> Result<Mapping> {
        let file: MappingFile = crate::util::toml_file::parse(text, origin)?;
        let at = Locate { text, origin };
        let source: SourceKind =
            file.source.parse().map_err(|e: String| at.err("", 0, "source", e))?;
        let native: SchemaRef = lakeproof_generators::schema(source);
        let df = DFSchema::try_from(native.as_ref().clone())?;
        let ctx = SessionContext::new();
        let simplifier =
            ExprSimplifier::new(SimplifyContext::default().with_schema(Arc::new(df.clone())));
        let plan = |sql: &str, ty: Option<&DataType>| -> Result<(Expr, Arc<dyn PhysicalExpr>)> {
            let logical = ctx.parse_sql_expr(sql, &df)?;
            let typed = match ty {
                Some(t) => cast(logical.clone(), t.clone()),
                None => logical.clone(),
            };
            // Simplified before planning: some functions (coalesce, …) exist only as rewrites.
            let simplified = simplifier.simplify(simplifier.coerce(typed, &df)?)?;
            Ok((logical, ctx.create_physical_expr(simplified, &df)?))
        };
        let (_, coverage_event) = plan(&file.coverage.event, Some(&DataType::Utf8))
            .map_err(|e| at.err("[coverage]", 0, "event", e))?;
        let (_, authentication) = plan(&file.coverage.authentication, Some(&DataType::Boolean))
            .map_err(|e| at.err("[coverage]", 0, "authentication", e))?;
        let time_column = source.time_column();
        for p in &file.profiles {
            let known = schema.class_names().iter().filter_map(|c| schema.class(c)).any(|c| {
                c.def.attributes.values().any(|a| a.profile.as_deref() == Some(p.as_str()))
            });
            if !known {
                return Err(at.err("", 0, "profiles", format!("`{p}` is not an OCSF profile")));
            }
        }

        let mut maps = Vec::new();
        for (m, spec) in file.maps.iter().enumerate() {
            let err = |key: &str, msg: String| at.err("[[map]]", m, key, msg);
            let class = schema.class(&spec.class).ok_or_else(|| {
                err(
                    "class",
                    format!(
                        "unknown OCSF class `{}` (known: {})",
                        spec.class,
                        schema.class_names().join(", ")
                    ),
                )
            })?;
            let (_, when) = plan(&spec.when, Some(&DataType::Boolean))
                .map_err(|e| err("when", e.to_string()))?;
            let mut logical = Vec::new();
            let activity = match (&spec.activity, &spec.activity_id) {
                (Some(caption), None) => {
                    Activity::Fixed(class.activity(caption).ok_or_else(|| {
                        err(
                            "activity",
                            format!(
                                "`{caption}` is not an activity of {} (known: {})",
                                spec.class,
                                class.activity_captions().join(", ")
                            ),
                        )
                    })? as i32)
                }
                (None, Some(sql)) => {
                    let (l, p) = plan(sql, Some(&DataType::Int32))
                        .map_err(|e| err("activity_id", e.to_string()))?;
                    logical.push(l);
                    Activity::Expr(p)
                }
                _ => return Err(err(
                    "class",
                    "set exactly one of `activity` (a caption) and `activity_id` (an expression)"
                        .into(),
                )),
            };
            // The map's own fields win over the file's defaults.
            let mut assigned: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
            for (k, v) in &file.defaults {
                assigned.insert(k, (v, "defaults"));
            }
            for (k, v) in &spec.fields {
                assigned.insert(k, (v, "map"));
            }
            let mut fields = Vec::new();
            for (path, (sql, from)) in &assigned {
                let err = |msg: String| match *from {
                    "defaults" => at.err("[defaults]", 0, path, msg),
                    _ => at.err("[map.fields]", m, path, msg),
                };
                if COMPUTED.contains(path)
                    || path.starts_with("observables.")
                    || path.starts_with("unmapped")
                {
                    return Err(err(
                        "computed by lakeproof from the schema and the other fields; remove it"
                            .into(),
                    ));
                }
                if *path == "time" && sql.trim().trim_matches('"') != time_column {
                    return Err(err(format!("`time` must be the native time column `{time_column}` (tables are partitioned and written in its order)")));
                }
                let (ty, ocsf_type) =
                    attribute_type(schema, &spec.class, path).map_err(|e| err(e.to_string()))?;
                let (l, expr) = plan(sql, Some(&ty)).map_err(|e| err(e.to_string()))?;
                logical.push(l);
                fields.push(Field {
                    path: path.to_string(),
                    ty,
                    expr,
                    observable: schema.observable_type(&ocsf_type),
                });
            }
            if !assigned.contains_key("time") {
                // Quoted: a defined source's time column may have capitals (`stageTimestamp`).
                let (l, expr) = plan(&format!("\"{time_column}\""), None)?;
                logical.push(l);
                let ty = native.field_with_name(time_column)?.data_type().clone();
                fields.push(Field { path: "time".into(), ty, expr, observable: None });
            }
            for required in ["metadata.uid", "severity_id"] {
                if !assigned.contains_key(required) {
                    return Err(err("class", format!("`{required}` is not set (in the map or in [defaults]); lakeproof requires it")));
                }
            }
            // Every required attribute of the class (beyond the computed ones) must be filled.
            for (name, a) in &class.def.attributes {
                let filled = assigned
                    .keys()
                    .any(|p| *p == name.as_str() || p.starts_with(&format!("{name}.")));
                let computed =
                    COMPUTED.contains(&name.as_str()) || name == "metadata" || name == "time";
                if a.effective_requirement() == Requirement::Required && !filled && !computed {
                    return Err(err(
                        "class",
                        format!("OCSF requires `{name}` in {}; map it", spec.class),
                    ));
                }
            }
            maps.push(Map {
                class: spec.class.clone(),
                class_uid: class.class_uid,
                category_uid: class.category_uid,
                when,
                activity,
                fields,
                unmapped: unmapped(&native, &logical),
            });
        }
        Ok(Mapping {
            source,
            profiles: file.profiles,
            origin: origin.to_string(),
            maps,
            coverage_event,
            authentication,
        })
    }

    /// The classes this mapping writes, in order of first appearance.
    pub fn classes(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for m in &self.maps {
            if !out.contains(&m.class.as_str()) {
                out.push(&m.class);
            }
        }
        out
    }
}

/// The native fields the expressions do not read. A struct column's children and a map
/// column's keys count one by one when read through `col.child` / `col['key']`.
fn unmapped(native: &SchemaRef, exprs: &[Expr]) -> Unmapped {
    let mut whole = BTreeSet::new();
    let mut parts: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for e in exprs {
        e.apply(|e| {
            if let Expr::ScalarFunction(f) = e {
                if f.name() == "get_field" && f.args.len() == 2 {
                    if let (Expr::Column(c), Expr::Literal(k, _)) = (&f.args[0], &f.args[1]) {
                        if let Some(Some(k)) = k.try_as_str() {
                            parts.entry(c.name.clone()).or_default().insert(k.to_string());
                            return Ok(TreeNodeRecursion::Jump);
                        }
                    }
                }
            }
            if let Expr::Column(c) = e {
                whole.insert(c.name.clone());
            }
            Ok(TreeNodeRecursion::Continue)
        })
        .expect("the visitor does not fail");
    }
    let mut columns = Vec::new();
    let mut map_column = None;
    for (i, f) in native.fields().iter().enumerate() {
        if whole.contains(f.name()) {
            continue;
        }
        let read = parts.remove(f.name()).unwrap_or_default();
        match f.data_type() {
            DataType::Struct(children) => {
                for (c, child) in children.iter().enumerate() {
                    if !read.contains(child.name()) {
                        leaves(
                            &format!("{}.{}", f.name(), child.name()),
                            child,
                            i,
                            vec![c],
                            &mut columns,
                        );
                    }
                }
            }
            DataType::Map(..) => map_column = Some((i, read)),
            _ => columns.push((f.name().clone(), i, Vec::new())),
        }
    }
    Unmapped { columns, map_column }
}

/// The leaves under a field, structs nested in structs flattened to dotted keys (a defined
/// source's JSON nests several levels: Okta's `client.geographicalContext.geolocation.lat`).
fn leaves(
    key: &str,
    field: &arrow_schema::Field,
    column: usize,
    path: Vec<usize>,
    out: &mut Vec<(String, usize, Vec<usize>)>,
) {
    match field.data_type() {
        DataType::Struct(children) => {
            for (c, child) in children.iter().enumerate() {
                let mut p = path.clone();
                p.push(c);
                leaves(&format!("{key}.{}", child.name()), child, column, p, out);
            }
        }
        _ => out.push((key.to_string(), column, path)),
    }
}

/// Every mapping: the shipped ones, or the `*.toml` files of `dir`.
pub fn load_all(schema: &Schema, dir: Option<&std::path::Path>) -> Result<Vec<Mapping>> {
    let files: Vec<(String, String)> = match dir {
        None => crate::shipped::OCSF_MAPPINGS
            .iter()
            .map(|(p, t)| {
                (crate::shipped::origin(&format!("scenarios/mappings/ocsf/{p}")), t.to_string())
            })
            .collect(),
        Some(dir) => {
            let mut paths: Vec<_> = std::fs::read_dir(dir)
                .map_err(|e| anyhow!("{}: {e}", dir.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            paths.sort();
            paths
                .into_iter()
                .map(|p| Ok((p.display().to_string(), std::fs::read_to_string(&p)?)))
                .collect::<Result<_>>()?
        }
    };
    let mappings: Vec<Mapping> = files
        .iter()
        .map(|(origin, text)| Mapping::load(schema, text, origin))
        .collect::<Result<_>>()?;
    for (i, m) in mappings.iter().enumerate() {
        if mappings[..i].iter().any(|o| o.source == m.source) {
            bail!(
                "{}: a second mapping for {} (first: {})",
                m.origin,
                m.source,
                mappings.iter().find(|o| o.source == m.source).expect("found above").origin
            );
        }
    }
    Ok(mappings)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WINDOWS: &str = include_str!("../../../scenarios/mappings/ocsf/windows_security.toml");

    fn schema() -> Schema {
        let files: Vec<(String, String)> = crate::shipped::OCSF_SCHEMA
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        Schema::from_files(&files).unwrap()
    }

    /// The error of loading the Windows mapping with `from` replaced by `to`.
    fn broken(schema: &Schema, from: &str, to: &str) -> String {
        assert!(WINDOWS.contains(from), "{from}");
        let text = WINDOWS.replacen(from, to, 1);
        let e = Mapping::load(schema, &text, "win.toml").err().expect("the edit breaks the file");
        format!("{e:#}")
    }

    #[test]
    fn every_shipped_mapping_loads_and_plans() {
        let s = schema();
        let all = load_all(&s, None).unwrap();
        let mut sources: Vec<&str> = all.iter().map(|m| m.source.name()).collect();
        sources.sort();
        assert_eq!(
            sources,
            ["cloudtrail", "vpc_flow", "windows_security", "zeek_conn", "zeek_dns"]
        );
        let win = all.iter().find(|m| m.source == SourceKind::WindowsSecurity).unwrap();
        assert_eq!(win.maps[0].class, "authentication");
        assert_eq!(win.maps[0].class_uid, 3002);
        let auth = &win.maps[0].unmapped;
        let (_, used) = auth.map_column.as_ref().expect("event_data is a map");
        assert!(!used.contains("TargetUserName"), "a typed column, not read from the map");
        assert!(auth.columns.iter().any(|(k, _, _)| k == "execution_thread_id"));
        assert!(!auth.columns.iter().any(|(k, _, _)| k == "target_user_name"), "mapped");
    }

    #[test]
    fn an_unknown_attribute_class_activity_or_column_fails_naming_file_line_and_field() {
        let s = schema();
        let line = |needle: &str| WINDOWS.lines().position(|l| l.contains(needle)).unwrap() + 1;
        let e = broken(
            &s,
            "\"user.name\" = \"target_user_name\"",
            "\"user.nmae\" = \"target_user_name\"",
        );
        let want = format!(
            "win.toml:{}: field `user.nmae`:",
            line("\"user.name\" = \"target_user_name\"")
        );
        assert!(e.contains(&want) && e.contains("not an attribute of OCSF object `user`"), "{e}");

        let e = broken(&s, "class = \"process_activity\"", "class = \"process_activty\"");
        let want = format!("win.toml:{}: field `class`:", line("class = \"process_activity\""));
        assert!(e.contains(&want) && e.contains("unknown OCSF class `process_activty`"), "{e}");

        let e = broken(&s, "activity = \"Open\"", "activity = \"Opened\"");
        assert!(
            e.contains(&format!("win.toml:{}: field `activity`:", line("activity = \"Open\""))),
            "{e}"
        );

        let e = broken(
            &s,
            "\"process.cmd_line\" = \"command_line\"",
            "\"process.cmd_line\" = \"commandline\"",
        );
        let want = format!("win.toml:{}: field `process.cmd_line`:", line("\"process.cmd_line\""));
        assert!(e.contains(&want) && e.contains("commandline"), "{e}");

        let e = broken(
            &s,
            "source = \"windows_security\"\n",
            "source = \"windows_security\"\nsorce = 1\n",
        );
        assert!(e.contains("win.toml:6: field `sorce`:") && e.contains("unknown field"), "{e}");
    }

    #[test]
    fn computed_attributes_and_a_time_other_than_the_native_one_are_refused() {
        let s = schema();
        let e = broken(&s, "severity_id = \"1\"", "type_uid = \"300201\"\nseverity_id = \"1\"");
        assert!(e.contains("field `type_uid`:") && e.contains("computed by lakeproof"), "{e}");
        let e = broken(
            &s,
            "[map.fields]\n\"user.name\"",
            "[map.fields]\ntime = \"now()\"\n\"user.name\"",
        );
        assert!(e.contains("field `time`:") && e.contains("time_created"), "{e}");
    }

    #[test]
    fn keys_are_found_in_their_section() {
        let text = "source = \"x\"\n[defaults]\nseverity_id = \"1\"\n[[map]]\nclass = \"a\"\n[map.fields]\n\"user.name\" = \"x\"\n[[map]]\nclass = \"b\"\n[map.fields]\n\"user.name\" = \"y\"\n";
        assert_eq!(line_of(text, "[[map]]", 0, "class"), Some(5));
        assert_eq!(line_of(text, "[[map]]", 1, "class"), Some(9));
        assert_eq!(line_of(text, "[map.fields]", 1, "user.name"), Some(11));
        assert_eq!(line_of(text, "[defaults]", 0, "severity_id"), Some(3));
        assert_eq!(line_of(text, "", 0, "source"), Some(1));
    }
}
