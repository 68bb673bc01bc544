//! The OCSF schema in its source form (the layout of github.com/ocsf/ocsf-schema), resolved
//! into what the mappings and the validator need: per event class and object, every attribute
//! with its type, requirement and enumeration, after `extends` and `$include` (profiles).
//!
//! The source form is read rather than a compiled export because it is what the OCSF project
//! publishes under version control, so the vendored copy can be diffed against a tag. Resolution
//! follows the OCSF compiler's rules as far as lakeproof uses them: a class or object inherits
//! its parent's attributes, an included profile adds its attributes (marked with the profile),
//! the class's own definitions override field by field, and enumerations merge (a class's
//! `activity_id` values join the base event's 0 Unknown and 99 Other).

use anyhow::{anyhow, bail, Context, Result};
use arrow_schema::{DataType, TimeUnit};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// How strongly OCSF asks for an attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Requirement {
    Required,
    Recommended,
    Optional,
}

/// One attribute of a class or object, resolved.
#[derive(Clone, Debug)]
pub struct Attribute {
    /// A data type (`string_t`, `port_t`, …), an object name (`user`), or `object` (free-form).
    pub ty: String,
    pub is_array: bool,
    pub requirement: Requirement,
    /// The enumeration of an `*_id` attribute: value → caption.
    pub enumeration: Option<BTreeMap<i64, String>>,
    /// The profile that brought the attribute in; profile attributes bind only when the profile
    /// is applied, and lakeproof applies none, so they count as optional.
    pub profile: Option<String>,
}

impl Attribute {
    /// The requirement that applies to an event with no profile applied.
    pub fn effective_requirement(&self) -> Requirement {
        if self.profile.is_some() {
            Requirement::Optional
        } else {
            self.requirement
        }
    }
}

/// An event class or an object: its attributes and constraints.
#[derive(Clone, Debug)]
pub struct Definition {
    pub name: String,
    pub caption: String,
    pub attributes: BTreeMap<String, Attribute>,
    /// `constraints.at_least_one`: at least one of these attributes must be set.
    pub at_least_one: Vec<String>,
    /// `constraints.just_one`: exactly one of these attributes must be set.
    pub just_one: Vec<String>,
}

/// An event class with its identifiers.
#[derive(Clone, Debug)]
pub struct Class {
    pub def: Definition,
    pub category_uid: i32,
    /// category_uid × 1000 + the class's uid within its category.
    pub class_uid: i32,
}

impl Class {
    /// The `activity_id` value whose caption is `caption` (case-insensitive).
    pub fn activity(&self, caption: &str) -> Option<i64> {
        let e = self.def.attributes.get("activity_id")?.enumeration.as_ref()?;
        e.iter().find(|(_, c)| c.eq_ignore_ascii_case(caption)).map(|(v, _)| *v)
    }

    pub fn activity_captions(&self) -> Vec<String> {
        self.def
            .attributes
            .get("activity_id")
            .and_then(|a| a.enumeration.as_ref())
            .map_or(Vec::new(), |e| e.values().cloned().collect())
    }
}

/// The resolved schema.
#[derive(Debug)]
pub struct Schema {
    pub version: String,
    classes: BTreeMap<String, Class>,
    objects: BTreeMap<String, Definition>,
    /// Data type → the type it refines (`ip_t` → `string_t`), None for the base types.
    types: BTreeMap<String, Option<String>>,
    /// Data type → observable type id (`ip_t` → 2).
    observable_types: BTreeMap<String, i32>,
}

/// The raw files by path relative to the schema folder (`dictionary.json`, `objects/user.json`).
struct Files<'a> {
    by_path: BTreeMap<&'a str, Value>,
}

impl<'a> Files<'a> {
    fn get(&self, path: &str) -> Result<&Value> {
        self.by_path.get(path).ok_or_else(|| anyhow!("the schema has no file {path}"))
    }

    /// The file under `folder` whose `name` is `name`.
    fn named(&self, folder: &str, name: &str) -> Result<(&'a str, &Value)> {
        self.by_path
            .iter()
            .find(|(p, v)| p.starts_with(folder) && v["name"].as_str() == Some(name))
            .map(|(p, v)| (*p, v))
            .ok_or_else(|| anyhow!("the schema has no {folder} definition named `{name}`"))
    }
}

/// Merge attribute definition `over` into `base`: fields replace, enumerations join.
fn merge_attribute(base: &mut Map<String, Value>, over: &Map<String, Value>) {
    for (k, v) in over {
        match (k.as_str(), base.get_mut(k), v) {
            ("enum", Some(Value::Object(b)), Value::Object(o)) => {
                b.extend(o.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            _ => {
                base.insert(k.clone(), v.clone());
            }
        }
    }
}

type RawAttributes = BTreeMap<String, Map<String, Value>>;

impl Schema {
    /// Resolve the schema from its files, given as (path relative to the schema folder, text).
    pub fn from_files(files: &[(String, String)]) -> Result<Schema> {
        let mut by_path = BTreeMap::new();
        for (path, text) in files {
            if path.ends_with(".json") {
                let v: Value = serde_json::from_str(text)
                    .with_context(|| format!("OCSF schema file {path}: not JSON"))?;
                by_path.insert(path.as_str(), v);
            }
        }
        let files = Files { by_path };
        let version = files.get("version.json")?["version"]
            .as_str()
            .context("version.json has no version")?
            .to_string();
        let dictionary = files.get("dictionary.json")?;
        let mut types = BTreeMap::new();
        let mut observable_types = BTreeMap::new();
        for (name, t) in
            dictionary["types"]["attributes"].as_object().context("dictionary types")?
        {
            types.insert(name.clone(), t["type"].as_str().map(str::to_string));
            if let Some(id) = t["observable"].as_i64() {
                observable_types.insert(name.clone(), id as i32);
            }
        }
        let dict = dictionary["attributes"].as_object().context("dictionary attributes")?;
        let categories = files.get("categories.json")?["attributes"].clone();

        let mut schema = Schema {
            version,
            classes: BTreeMap::new(),
            objects: BTreeMap::new(),
            types,
            observable_types,
        };
        let object_paths: Vec<&str> =
            files.by_path.keys().copied().filter(|p| p.starts_with("objects/")).collect();
        for path in object_paths {
            let name = files.get(path)?["name"].as_str().context("object without a name")?;
            let raw = resolve(&files, "objects/", path)?;
            let def = definition(&files, path, name, raw, dict, "objects/")?;
            schema.objects.insert(name.to_string(), def);
        }
        // The observable type ids are not listed in observable.json: like the OCSF compiler,
        // derive them from the types, objects and dictionary attributes that declare one.
        let mut observable_ids: BTreeMap<i64, String> =
            schema.observable_types.iter().map(|(t, id)| (*id as i64, t.clone())).collect();
        for (path, v) in &files.by_path {
            if let (true, Some(id)) = (path.starts_with("objects/"), v["observable"].as_i64()) {
                observable_ids.insert(id, v["caption"].as_str().unwrap_or(path).to_string());
            }
        }
        for (name, a) in dict {
            if let Some(id) = a["observable"].as_i64() {
                observable_ids.insert(id, name.clone());
            }
        }
        if let Some(e) = schema
            .objects
            .get_mut("observable")
            .and_then(|o| o.attributes.get_mut("type_id"))
            .and_then(|a| a.enumeration.as_mut())
        {
            e.extend(observable_ids);
        }
        let event_paths: Vec<&str> =
            files.by_path.keys().copied().filter(|p| p.starts_with("events/")).collect();
        for path in event_paths {
            let doc = files.get(path)?;
            let name = doc["name"].as_str().context("class without a name")?;
            let raw = resolve(&files, "events/", path)?;
            let def = definition(&files, path, name, raw, dict, "events/")?;
            let category = inherited(&files, path, "category")?;
            let category_uid = categories
                .get(category.as_deref().unwrap_or(""))
                .and_then(|c| c["uid"].as_i64())
                .unwrap_or(0) as i32;
            let uid = inherited_uid(&files, path)?;
            schema.classes.insert(
                name.to_string(),
                Class { def, category_uid, class_uid: category_uid * 1000 + uid },
            );
        }
        Ok(schema)
    }

    pub fn class(&self, name: &str) -> Option<&Class> {
        self.classes.get(name)
    }

    pub fn class_names(&self) -> Vec<&str> {
        self.classes.keys().map(String::as_str).collect()
    }

    pub fn object(&self, name: &str) -> Option<&Definition> {
        self.objects.get(name)
    }

    /// The base type a data type refines to (`port_t` → `integer_t`); None for an object.
    pub fn base_type<'s>(&'s self, mut ty: &'s str) -> Option<&'s str> {
        loop {
            match self.types.get(ty)? {
                Some(parent) => ty = parent,
                None => return Some(ty),
            }
        }
    }

    /// Observable type id of a data type, if OCSF makes values of it observables.
    pub fn observable_type(&self, ty: &str) -> Option<i32> {
        self.observable_types.get(ty).copied()
    }

    /// Arrow type of a scalar attribute type: strings → Utf8, integer → Int32, long → Int64,
    /// float → Float64, boolean → Boolean, timestamps → the µs UTC timestamp the native tables
    /// use (OCSF's `timestamp_t` is epoch milliseconds; a lake keeps its native timestamp type so
    /// engines can prune and compare), `object` (free-form, e.g. `unmapped`) → a string map.
    /// None for a named object (a struct, built from the attributes a mapping fills).
    pub fn scalar_arrow_type(&self, ty: &str) -> Option<DataType> {
        if ty == "timestamp_t" {
            return Some(DataType::Timestamp(TimeUnit::Microsecond, Some("+00:00".into())));
        }
        if ty == "object" {
            return Some(string_map_type());
        }
        Some(match self.base_type(ty)? {
            "string_t" | "json_t" => DataType::Utf8,
            "integer_t" => DataType::Int32,
            "long_t" => DataType::Int64,
            "float_t" => DataType::Float64,
            "boolean_t" => DataType::Boolean,
            _ => return None,
        })
    }
}

/// The Arrow type of OCSF's free-form objects (`unmapped`): string keys to string values, with
/// the field names Iceberg uses for maps.
pub fn string_map_type() -> DataType {
    use arrow_array::builder::{MapBuilder, MapFieldNames, StringBuilder};
    use arrow_array::Array;
    let names =
        MapFieldNames { entry: "key_value".into(), key: "key".into(), value: "value".into() };
    let mut b = MapBuilder::new(Some(names), StringBuilder::new(), StringBuilder::new());
    b.finish().data_type().clone()
}

/// A definition's raw attributes after its parent's, its included profiles' and its own.
fn resolve(files: &Files<'_>, folder: &str, path: &str) -> Result<RawAttributes> {
    let doc = files.get(path)?;
    let mut out = match doc["extends"].as_str() {
        Some(parent) => {
            let (parent_path, _) = files.named(folder, parent)?;
            resolve(files, folder, parent_path)?
        }
        None => RawAttributes::new(),
    };
    let own = doc["attributes"].as_object().cloned().unwrap_or_default();
    for inc in own.get("$include").and_then(Value::as_array).into_iter().flatten() {
        let inc = inc.as_str().context("$include entry is not a path")?;
        let profile = files.get(inc)?;
        let profile_name = profile["name"].as_str().unwrap_or(inc).to_string();
        for (name, a) in profile["attributes"].as_object().into_iter().flatten() {
            let mut a = a.as_object().cloned().unwrap_or_default();
            a.entry("profile").or_insert(Value::String(profile_name.clone()));
            merge_attribute(out.entry(name.clone()).or_default(), &a);
        }
    }
    for (name, a) in own.iter().filter(|(n, _)| *n != "$include") {
        let a = a.as_object().with_context(|| format!("{path}: attribute {name}"))?;
        merge_attribute(out.entry(name.clone()).or_default(), a);
    }
    Ok(out)
}

/// A field of a definition or of its nearest ancestor that sets it (`category`, `constraints`).
fn inherited(files: &Files<'_>, path: &str, field: &str) -> Result<Option<String>> {
    let doc = files.get(path)?;
    if let Some(v) = doc[field].as_str() {
        return Ok(Some(v.to_string()));
    }
    match doc["extends"].as_str() {
        Some(parent) => inherited(files, files.named("events/", parent)?.0, field),
        None => Ok(None),
    }
}

fn inherited_uid(files: &Files<'_>, path: &str) -> Result<i32> {
    let doc = files.get(path)?;
    if let Some(v) = doc["uid"].as_i64() {
        return Ok(v as i32);
    }
    match doc["extends"].as_str() {
        Some(parent) => inherited_uid(files, files.named("events/", parent)?.0),
        None => Ok(0),
    }
}

/// The constraint lists of a definition or of its nearest ancestor that has constraints.
fn constraints(files: &Files<'_>, folder: &str, path: &str) -> Result<(Vec<String>, Vec<String>)> {
    let doc = files.get(path)?;
    if let Some(c) = doc["constraints"].as_object() {
        let list = |k: &str| -> Vec<String> {
            c.get(k)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        };
        return Ok((list("at_least_one"), list("just_one")));
    }
    match doc["extends"].as_str() {
        Some(parent) => constraints(files, folder, files.named(folder, parent)?.0),
        None => Ok((Vec::new(), Vec::new())),
    }
}

fn definition(
    files: &Files<'_>,
    path: &str,
    name: &str,
    raw: RawAttributes,
    dict: &Map<String, Value>,
    folder: &str,
) -> Result<Definition> {
    let doc = files.get(path)?;
    let mut attributes = BTreeMap::new();
    for (attr, own) in raw {
        let mut a = dict.get(&attr).and_then(Value::as_object).cloned().unwrap_or_default();
        merge_attribute(&mut a, &own);
        let Some(ty) = a.get("type").and_then(Value::as_str) else {
            bail!("{path}: attribute `{attr}` has no type (not in the dictionary)");
        };
        let requirement = match a.get("requirement").and_then(Value::as_str) {
            Some("required") => Requirement::Required,
            Some("recommended") => Requirement::Recommended,
            _ => Requirement::Optional,
        };
        let enumeration = a.get("enum").and_then(Value::as_object).map(|e| {
            e.iter()
                .filter_map(|(k, v)| {
                    Some((k.parse::<i64>().ok()?, v["caption"].as_str().unwrap_or("").to_string()))
                })
                .collect()
        });
        attributes.insert(
            attr,
            Attribute {
                ty: ty.to_string(),
                is_array: a.get("is_array").and_then(Value::as_bool).unwrap_or(false),
                requirement,
                enumeration,
                profile: a.get("profile").and_then(Value::as_str).map(str::to_string),
            },
        );
    }
    let (at_least_one, just_one) = constraints(files, folder, path)?;
    Ok(Definition {
        name: name.to_string(),
        caption: doc["caption"].as_str().unwrap_or(name).to_string(),
        attributes,
        at_least_one,
        just_one,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> Schema {
        let files: Vec<(String, String)> = crate::shipped::OCSF_SCHEMA
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        Schema::from_files(&files).unwrap()
    }

    #[test]
    fn classes_resolve_with_their_uids_inherited_attributes_and_merged_activities() {
        let s = shipped();
        assert_eq!(s.version, "1.8.0");
        let uids: Vec<(&str, i32, i32)> = [
            "authentication",
            "account_change",
            "group_management",
            "process_activity",
            "api_activity",
            "network_activity",
            "dns_activity",
            "base_event",
        ]
        .iter()
        .map(|n| {
            let c = s.class(n).unwrap_or_else(|| panic!("{n}"));
            (*n, c.class_uid, c.category_uid)
        })
        .collect();
        assert_eq!(
            uids,
            [
                ("authentication", 3002, 3),
                ("account_change", 3001, 3),
                ("group_management", 3006, 3),
                ("process_activity", 1007, 1),
                ("api_activity", 6003, 6),
                ("network_activity", 4001, 4),
                ("dns_activity", 4003, 4),
                ("base_event", 0, 0),
            ]
        );
        let auth = s.class("authentication").unwrap();
        assert_eq!(auth.activity("logon"), Some(1));
        assert_eq!(auth.activity("Other"), Some(99), "the base event's values join the class's");
        let a = &auth.def.attributes;
        assert_eq!(a["user"].requirement, Requirement::Required);
        assert_eq!(a["user"].ty, "user");
        assert_eq!(a["src_endpoint"].ty, "network_endpoint", "inherited from iam");
        assert_eq!(a["time"].ty, "timestamp_t", "inherited from base_event");
        assert_eq!(a["cloud"].effective_requirement(), Requirement::Optional, "profile: cloud");
        assert!(a["observables"].is_array);
        let user = s.object("user").unwrap();
        assert_eq!(user.attributes["name"].ty, "username_t");
        assert_eq!(user.attributes["uid"].ty, "string_t", "from _entity");
        assert_eq!(user.at_least_one, ["account", "name", "uid"]);
        assert_eq!(s.base_type("port_t"), Some("integer_t"));
        assert_eq!(s.scalar_arrow_type("ip_t"), Some(DataType::Utf8));
        assert_eq!(s.scalar_arrow_type("user"), None);
        assert_eq!(s.observable_type("ip_t"), Some(2));
    }
}
