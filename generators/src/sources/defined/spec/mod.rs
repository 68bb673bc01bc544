//! The TOML form of a source definition and its compilation into a [`Definition`].
//!
//! Every error names the file, the line and the field (`okta.toml:41: field `weight`: …`), the
//! same way scenario errors do. See `docs/sources.md` for the format.

use super::value::{Gen, Piece, ENTITIES};
use super::{
    AttackDef, AttackStep, ColType, Column, Definition, EventType, Format, Hosts, SyslogHeader,
    Then, TimeFormat,
};
use crate::toml_location::{line_at, locate};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use toml::Spanned;
use values::{shape, template_only, value_gen, Names};

mod values;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSpec {
    source: SourceSpec,
    #[serde(default)]
    syslog: Option<SyslogSpec>,
    #[serde(default)]
    json: Option<JsonSpec>,
    #[serde(default)]
    csv: Option<CsvSpec>,
    #[serde(rename = "column")]
    columns: Vec<ColumnSpec>,
    #[serde(rename = "event")]
    events: Vec<EventSpec>,
    #[serde(default, rename = "attack")]
    attacks: Vec<AttackSpec>,
}

/// An attack the source contributes: steps of its own events, labelled when injected.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AttackSpec {
    name: Spanned<String>,
    technique: Spanned<String>,
    #[serde(default)]
    title: String,
    #[serde(rename = "step")]
    steps: Vec<StepSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepSpec {
    event: Spanned<String>,
    /// How many times the event repeats (a number or a generator); 1 when absent.
    #[serde(default)]
    count: Option<Spanned<toml::Value>>,
    /// Seconds between repeats; 0 when absent.
    #[serde(default)]
    every: Option<Spanned<toml::Value>>,
    /// Seconds after the previous step's last event (after the attack's start for the first).
    #[serde(default)]
    after: Option<Spanned<toml::Value>>,
    /// Slots copied from the previous step's event (a session id the whole attack shares).
    #[serde(default)]
    carry: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceSpec {
    name: Spanned<String>,
    #[serde(default)]
    title: String,
    format: Spanned<String>,
    #[serde(default)]
    hosts: Option<Spanned<String>>,
    #[serde(default)]
    shape: Option<Spanned<toml::Value>>,
    time_column: Spanned<String>,
    #[serde(default)]
    time_format: Option<Spanned<String>>,
    #[serde(default)]
    random_columns: Vec<Spanned<String>>,
    /// The column identifying an event (the attack labels' `event_key`).
    #[serde(default)]
    key: Option<Spanned<String>>,
    /// The source's OCSF mapping (the format of `scenarios/mappings/ocsf/*.toml`), relative to
    /// this file.
    #[serde(default)]
    ocsf: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SyslogSpec {
    host: Spanned<String>,
    app: Spanned<String>,
    #[serde(default)]
    pid: Option<Spanned<String>>,
    message: Spanned<String>,
    #[serde(default)]
    facility: Option<Spanned<toml::Value>>,
    #[serde(default)]
    severity: Option<Spanned<toml::Value>>,
    #[serde(default)]
    timestamp: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonSpec {
    /// `omit` (absent keys, Kubernetes' omitempty) or `null` (Okta writes every key).
    nulls: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CsvSpec {
    header: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnSpec {
    name: Spanned<String>,
    #[serde(rename = "type")]
    ty: Spanned<String>,
    #[serde(default)]
    value: Option<Spanned<toml::Value>>,
    /// `omit` or `null`: this column's nulls in JSON records, overriding `[json] nulls`.
    #[serde(default)]
    nulls: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventSpec {
    name: Spanned<String>,
    weight: Spanned<f64>,
    #[serde(default)]
    set: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    #[serde(default)]
    then: Vec<ThenSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThenSpec {
    event: Spanned<String>,
    /// Seconds after the first event: a number or a generator (`{ lognormal = [30, 1.0] }`).
    after: Spanned<toml::Value>,
    #[serde(default = "one")]
    chance: f64,
    #[serde(default)]
    carry: Vec<Spanned<String>>,
}

fn one() -> f64 {
    1.0
}

/// Slots a follow-up or an attack step copies from the event before it: columns, names the
/// events set, and the user's and host's entities.
fn carried(
    cx: &Ctx,
    names: &[Spanned<String>],
    slot_of: &Names,
    entity_base: usize,
) -> Result<Vec<usize>, String> {
    let mut carry = Vec::new();
    for c in names {
        match slot_of.map.get(c.get_ref().as_str()) {
            Some(&i)
                if i < entity_base
                    || ENTITIES[i - entity_base].starts_with("user.")
                    || ENTITIES[i - entity_base].starts_with("host.") =>
            {
                carry.push(i)
            }
            _ => {
                return cx.err(
                    c.span(),
                    "carry",
                    format!(
                        "`{}` is not a column, a name the events set, or a user./host. entity",
                        c.get_ref()
                    ),
                )
            }
        }
    }
    Ok(carry)
}

/// Errors located in one definition file.
struct Ctx<'t> {
    file: String,
    text: &'t str,
}

impl Ctx<'_> {
    fn err<T>(
        &self,
        span: std::ops::Range<usize>,
        field: &str,
        msg: impl std::fmt::Display,
    ) -> Result<T, String> {
        Err(format!("{}:{}: field `{field}`: {msg}", self.file, line_at(self.text, span.start)))
    }
}

/// Parses and compiles a definition. `path` is only used in error messages and kept in the
/// definition.
pub fn compile(text: &str, path: &Path) -> Result<Definition, String> {
    let file = path.display().to_string();
    let spec: FileSpec = toml::from_str(text).map_err(|e| {
        let (line, key) = locate(text, &e);
        let at = line.map_or(String::new(), |l| format!(":{l}"));
        let field = key.map_or(String::new(), |k| format!(" field `{k}`:"));
        format!("{file}{at}:{field} {}", e.message())
    })?;
    let cx = Ctx { file, text };
    let s = &spec.source;

    let name = s.name.get_ref().clone();
    if name.is_empty()
        || !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        || name.starts_with(|c: char| c.is_ascii_digit())
    {
        return cx.err(s.name.span(), "name", format!("`{name}` is not a table name (lower-case letters, digits and _, not starting with a digit)"));
    }
    let format = match s.format.get_ref().as_str() {
        "json" => Format::Json,
        "syslog3164" => Format::Syslog3164,
        "syslog5424" => Format::Syslog5424,
        "csv" => Format::Csv,
        "tsv" => Format::Tsv,
        "kv" => Format::Kv,
        other => {
            return cx.err(
                s.format.span(),
                "format",
                format!("unknown format `{other}` (json, syslog3164, syslog5424, csv, tsv, kv)"),
            )
        }
    };
    let hosts = match s.hosts.as_ref().map(|h| (h.get_ref().as_str(), h.span())) {
        None | Some(("none", _)) => Hosts::None,
        Some(("workstations", _)) => Hosts::Workstations,
        Some(("servers", _)) => Hosts::Servers,
        Some(("dcs", _)) => Hosts::Dcs,
        Some(("all", _)) => Hosts::All,
        Some((other, span)) => {
            return cx.err(
                span,
                "hosts",
                format!("unknown host set `{other}` (none, workstations, servers, dcs, all)"),
            )
        }
    };
    let shape = shape(&cx, s.shape.as_ref())?;
    let ocsf = match &s.ocsf {
        None => None,
        Some(o) => {
            let p = path.parent().unwrap_or(Path::new(".")).join(o.get_ref());
            if !p.is_file() {
                return cx.err(o.span(), "ocsf", format!("no mapping file {}", p.display()));
            }
            Some(p)
        }
    };
    let time_format = match s.time_format.as_ref().map(|t| (t.get_ref().as_str(), t.span())) {
        None => TimeFormat::Rfc3339Millis,
        Some((f, span)) => TimeFormat::parse(f).ok_or(()).or_else(|_| {
            cx.err(
                span,
                "time_format",
                format!("unknown time format `{f}` ({})", TimeFormat::NAMES.join(", ")),
            )
        })?,
    };

    // Slots: columns first (their order is the table's), then helper names the events set,
    // then the entities.
    let mut names: Vec<String> = Vec::new();
    let mut columns = Vec::new();
    for c in &spec.columns {
        let n = c.name.get_ref();
        if names.contains(n) {
            return cx.err(c.name.span(), "name", format!("column `{n}` is declared twice"));
        }
        if n.is_empty()
            || n.split('.')
                .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        {
            return cx.err(
                c.name.span(),
                "name",
                format!("`{n}` is not a column name (letters, digits, _, dots for nesting)"),
            );
        }
        if n.matches('.').count() >= 16 {
            return cx.err(c.name.span(), "name", format!("`{n}` nests deeper than 16 levels"));
        }
        let ty = ColType::parse(c.ty.get_ref()).ok_or(()).or_else(|_| {
            cx.err(
                c.ty.span(),
                "type",
                format!("unknown type `{}` ({})", c.ty.get_ref(), ColType::NAMES.join(", ")),
            )
        })?;
        let omit_null = match c.nulls.as_ref().map(|x| (x.get_ref().as_str(), x.span())) {
            None => None,
            Some(("omit", _)) => Some(true),
            Some(("null", _)) => Some(false),
            Some((o, span)) => return cx.err(span, "nulls", format!("`{o}`: null or omit")),
        };
        names.push(n.clone());
        columns.push(Column { name: n.clone(), ty, default: None, omit_null });
    }
    if columns.is_empty() {
        return Err(format!("{}: a definition needs at least one [[column]]", cx.file));
    }
    // Nested columns must be contiguous per parent so the raw and Arrow forms nest them once.
    for (i, c) in columns.iter().enumerate() {
        let parents: Vec<&str> = c.name.match_indices('.').map(|(k, _)| &c.name[..k]).collect();
        for p in parents {
            let last = columns
                .iter()
                .rposition(|d| {
                    d.name.starts_with(p) && d.name.as_bytes().get(p.len()) == Some(&b'.')
                })
                .unwrap_or(i);
            let first = columns
                .iter()
                .position(|d| {
                    d.name.starts_with(p) && d.name.as_bytes().get(p.len()) == Some(&b'.')
                })
                .unwrap_or(i);
            if columns[first..=last]
                .iter()
                .any(|d| !(d.name.starts_with(p) && d.name.as_bytes().get(p.len()) == Some(&b'.')))
            {
                return cx.err(
                    spec.columns[i].name.span(),
                    "name",
                    format!("the columns under `{p}` must be declared next to each other"),
                );
            }
            if names.iter().any(|n| n == p) {
                return cx.err(
                    spec.columns[i].name.span(),
                    "name",
                    format!("`{p}` is both a column and a parent of `{}`", c.name),
                );
            }
        }
    }
    for e in &spec.events {
        for k in e.set.keys() {
            if !names.contains(k.get_ref()) {
                names.push(k.get_ref().clone());
            }
        }
    }
    let entity_base = names.len();
    for e in ENTITIES {
        names.push((*e).to_string());
    }
    // A column may carry an entity's name (ECS-style `user.name`, `host.name`): references to
    // that name mean the column, except in the column's own value, where they mean the entity.
    let mut map: HashMap<&str, usize> = HashMap::new();
    for (i, n) in names.iter().enumerate().skip(entity_base) {
        map.insert(n.as_str(), i);
    }
    for (i, n) in names.iter().enumerate().take(entity_base) {
        map.insert(n.as_str(), i);
    }
    let slot_of = Names { map, entity_base };
    let time_slot =
        columns.iter().position(|c| &c.name == s.time_column.get_ref()).ok_or(()).or_else(
            |_| {
                cx.err(
                    s.time_column.span(),
                    "time_column",
                    format!("`{}` is not a declared column", s.time_column.get_ref()),
                )
            },
        )?;
    if columns[time_slot].ty != ColType::Timestamp {
        return cx.err(
            s.time_column.span(),
            "time_column",
            format!("`{}` must have type timestamp", columns[time_slot].name),
        );
    }
    let mut random_columns = Vec::new();
    for r in &s.random_columns {
        match columns.iter().find(|c| &c.name == r.get_ref()) {
            Some(c) => random_columns.push(c.name.clone()),
            None => {
                return cx.err(
                    r.span(),
                    "random_columns",
                    format!("`{}` is not a declared column", r.get_ref()),
                )
            }
        }
    }

    let value = |v: &Spanned<toml::Value>, field: &str| -> Result<Gen, String> {
        value_gen(&cx, v, field, &slot_of, hosts)
    };
    for (c, cs) in columns.iter_mut().zip(&spec.columns) {
        c.default = cs.value.as_ref().map(|v| value(v, &c.name)).transpose()?;
    }
    // The time column always holds the event's time.
    columns[time_slot].default = Some(Gen::Entity(0));

    // Events: weights, sets, follow-ups.
    if spec.events.is_empty() {
        return Err(format!("{}: a definition needs at least one [[event]]", cx.file));
    }
    let event_index: HashMap<&str, usize> =
        spec.events.iter().enumerate().map(|(i, e)| (e.name.get_ref().as_str(), i)).collect();
    let mut events = Vec::new();
    let mut cum = Vec::new();
    let mut total = 0u64;
    for e in &spec.events {
        let w = *e.weight.get_ref();
        if !(w >= 0.0 && w.is_finite()) {
            return cx.err(
                e.weight.span(),
                "weight",
                format!("{w} is not a weight (a number ≥ 0)"),
            );
        }
        total += (w * 1000.0).round() as u64;
        cum.push(total);
        let mut gens: Vec<Option<Gen>> = names.iter().map(|_| None).collect();
        for (i, c) in columns.iter().enumerate() {
            gens[i] = c.default.clone();
        }
        for (k, v) in &e.set {
            let slot =
                names.iter().position(|n| n == k.get_ref()).expect("every set name is a slot");
            if slot == time_slot {
                return cx.err(
                    k.span(),
                    k.get_ref(),
                    "the time column holds the event's time; it cannot be set",
                );
            }
            gens[slot] = Some(value(v, k.get_ref())?);
        }
        let mut then = Vec::new();
        for t in &e.then {
            let target = *event_index.get(t.event.get_ref().as_str()).ok_or(()).or_else(|_| {
                cx.err(
                    t.event.span(),
                    "event",
                    format!("no event named `{}` in this definition", t.event.get_ref()),
                )
            })?;
            let after = value(&t.after, "after")?;
            let carry = carried(&cx, &t.carry, &slot_of, entity_base)?;
            if !(0.0..=1.0).contains(&t.chance) {
                return cx.err(
                    t.event.span(),
                    "chance",
                    format!("{} is not a probability", t.chance),
                );
            }
            then.push(Then { event: target, after, chance: t.chance, carry, plan: 0 });
        }
        events.push(EventType { name: e.name.get_ref().clone(), gens, then, plans: Vec::new() });
    }
    if total == 0 {
        return Err(format!("{}: every event has weight 0", cx.file));
    }
    // Evaluation plans: per event, the slots it needs in dependency order; for follow-ups, the
    // same with the carried slots given.
    let n_cols = columns.len();
    for (e, es) in events.iter_mut().zip(&spec.events) {
        let p = plan(&cx, es, &e.gens, n_cols, &[], &names)?;
        e.plans.push(p);
    }
    for i in 0..events.len() {
        for j in 0..events[i].then.len() {
            let (target, carry) = (events[i].then[j].event, events[i].then[j].carry.clone());
            let p = plan(&cx, &spec.events[target], &events[target].gens, n_cols, &carry, &names)?;
            events[i].then[j].plan = events[target].plans.len();
            events[target].plans.push(p);
        }
    }

    // The key column and the attacks.
    let key_slot = match &s.key {
        None => None,
        Some(k) => match columns.iter().position(|c| &c.name == k.get_ref()) {
            Some(i) if matches!(columns[i].ty, ColType::String | ColType::Int) => Some(i),
            Some(_) => return cx.err(k.span(), "key", "the key column must be a string or an int"),
            None => {
                return cx.err(
                    k.span(),
                    "key",
                    format!("`{}` is not a declared column", k.get_ref()),
                )
            }
        },
    };
    let mut attacks = Vec::new();
    for a in &spec.attacks {
        let n = a.name.get_ref();
        if n.is_empty()
            || !n.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return cx.err(
                a.name.span(),
                "name",
                format!("`{n}` is not an attack name (lower-case letters, digits and _)"),
            );
        }
        if attacks.iter().any(|x: &AttackDef| x.name == n) {
            return cx.err(a.name.span(), "name", format!("attack `{n}` is declared twice"));
        }
        let t = a.technique.get_ref();
        let b = t.as_bytes();
        let technique_ok = (b.len() == 5 || b.len() == 9 && b[5] == b'.')
            && b[0] == b'T'
            && t[1..].bytes().filter(|&c| c != b'.').all(|c| c.is_ascii_digit());
        if !technique_ok {
            return cx.err(
                a.technique.span(),
                "technique",
                format!("`{t}` is not a MITRE ATT&CK technique id (T1110 or T1110.001)"),
            );
        }
        if key_slot.is_none() {
            return cx.err(a.name.span(), "key", "a source with attacks needs `key` in [source]: the column that identifies an event in the attack labels");
        }
        if a.steps.is_empty() {
            return cx.err(a.name.span(), "step", "an attack needs at least one [[attack.step]]");
        }
        let mut steps = Vec::new();
        for (k, st) in a.steps.iter().enumerate() {
            let event = *event_index.get(st.event.get_ref().as_str()).ok_or(()).or_else(|_| {
                cx.err(
                    st.event.span(),
                    "event",
                    format!("no event named `{}` in this definition", st.event.get_ref()),
                )
            })?;
            let num = |v: &Option<Spanned<toml::Value>>, f: &str, dflt: i64| match v {
                None => Ok(Gen::Int(dflt)),
                Some(v) => value(v, f),
            };
            let carry = carried(&cx, &st.carry, &slot_of, entity_base)?;
            if k == 0 && !carry.is_empty() {
                return cx.err(
                    st.carry[0].span(),
                    "carry",
                    "the first step has no step before it to carry from",
                );
            }
            let p = plan(&cx, &spec.events[event], &events[event].gens, n_cols, &carry, &names)?;
            events[event].plans.push(p);
            steps.push(AttackStep {
                event,
                plan: events[event].plans.len() - 1,
                carry,
                count: num(&st.count, "count", 1)?,
                every: num(&st.every, "every", 0)?,
                after: num(&st.after, "after", 0)?,
            });
        }
        attacks.push(AttackDef {
            name: Box::leak(n.clone().into_boxed_str()),
            technique: Box::leak(t.clone().into_boxed_str()),
            title: a.title.clone(),
            steps,
            sources: &[],
        });
    }

    let syslog = match (format, &spec.syslog) {
        (Format::Syslog3164 | Format::Syslog5424, None) => {
            return Err(format!(
                "{}: format `{}` needs a [syslog] table (host, app, message)",
                cx.file,
                s.format.get_ref()
            ))
        }
        (Format::Syslog3164 | Format::Syslog5424, Some(y)) => {
            let tpl = |v: &Spanned<String>, f: &str| template_only(&cx, v, f, &slot_of);
            let num = |v: &Option<Spanned<toml::Value>>,
                       f: &str,
                       dflt: i64|
             -> Result<Vec<Piece>, String> {
                match v {
                    None => Ok(vec![Piece::Lit(dflt.to_string())]),
                    Some(v) => match v.get_ref() {
                        toml::Value::Integer(i) => Ok(vec![Piece::Lit(i.to_string())]),
                        toml::Value::String(s) => {
                            template_only(&cx, &Spanned::new(v.span(), s.clone()), f, &slot_of)
                        }
                        _ => cx.err(v.span(), f, "a number or a template"),
                    },
                }
            };
            let bsd = match y.timestamp.as_ref().map(|t| (t.get_ref().as_str(), t.span())) {
                None => format == Format::Syslog3164,
                Some(("bsd", _)) => true,
                Some(("rfc3339", _)) => false,
                Some((o, span)) => {
                    return cx.err(span, "timestamp", format!("`{o}`: bsd or rfc3339"))
                }
            };
            Some(SyslogHeader {
                host: tpl(&y.host, "host")?,
                app: tpl(&y.app, "app")?,
                pid: y.pid.as_ref().map(|p| tpl(p, "pid")).transpose()?,
                message: tpl(&y.message, "message")?,
                facility: num(&y.facility, "facility", 1)?,
                severity: num(&y.severity, "severity", 6)?,
                bsd,
            })
        }
        (_, Some(_)) => {
            return Err(format!(
                "{}: a [syslog] table only goes with format syslog3164 or syslog5424",
                cx.file
            ))
        }
        (_, None) => None,
    };
    let json_nulls = match (&spec.json, format) {
        (None, _) => false,
        (Some(j), Format::Json) => match j.nulls.get_ref().as_str() {
            "null" => true,
            "omit" => false,
            o => return cx.err(j.nulls.span(), "nulls", format!("`{o}`: null or omit")),
        },
        (Some(_), _) => {
            return Err(format!("{}: a [json] table only goes with format json", cx.file))
        }
    };
    let csv_header = match (&spec.csv, format) {
        (None, _) => true,
        (Some(c), Format::Csv | Format::Tsv) => c.header,
        (Some(_), _) => {
            return Err(format!("{}: a [csv] table only goes with format csv or tsv", cx.file))
        }
    };
    Ok(Definition::new(
        name,
        s.title.clone(),
        path.to_path_buf(),
        format,
        hosts,
        shape,
        time_slot,
        time_format,
        random_columns,
        columns,
        names,
        events,
        cum,
        syslog,
        json_nulls,
        csv_header,
        key_slot,
        attacks,
        ocsf,
    ))
}

/// The slots an event evaluates, in dependency order: its columns and whatever they reference.
/// Slots in `given` are already filled (carried from the event this one follows).
fn plan(
    cx: &Ctx,
    e: &EventSpec,
    gens: &[Option<Gen>],
    n_cols: usize,
    given: &[usize],
    names: &[String],
) -> Result<Vec<usize>, String> {
    let entity_base = names.len() - ENTITIES.len();
    let mut order = Vec::new();
    // 0 unvisited, 1 in progress, 2 done.
    let mut state = vec![0u8; gens.len()];
    for &g in given {
        state[g] = 2;
    }
    fn visit(
        s: usize,
        gens: &[Option<Gen>],
        state: &mut [u8],
        order: &mut Vec<usize>,
        entity_base: usize,
        path: &mut Vec<usize>,
    ) -> Result<(), Vec<usize>> {
        match state[s] {
            2 => return Ok(()),
            1 => {
                path.push(s);
                return Err(path.clone());
            }
            _ => {}
        }
        state[s] = 1;
        path.push(s);
        let mut refs = Vec::new();
        if let Some(g) = &gens[s] {
            g.refs(&mut refs);
        }
        for r in refs {
            visit(r, gens, state, order, entity_base, path)?;
        }
        path.pop();
        state[s] = 2;
        if gens[s].is_some() || s >= entity_base {
            order.push(s);
        }
        Ok(())
    }
    let mut gens = gens.to_vec();
    for (i, g) in gens.iter_mut().enumerate().skip(entity_base) {
        *g = Some(Gen::Entity(i - entity_base));
    }
    for s in 0..n_cols {
        let mut path = Vec::new();
        if let Err(cycle) = visit(s, &gens, &mut state, &mut order, entity_base, &mut path) {
            let names: Vec<&str> = cycle.iter().map(|&i| names[i].as_str()).collect();
            return cx.err(
                e.name.span(),
                "set",
                format!(
                    "event `{}`: the values refer to each other in a circle: {}",
                    e.name.get_ref(),
                    names.join(" → ")
                ),
            );
        }
    }
    // Names the event sets that no column uses are still evaluated (syslog headers read them).
    for (s, g) in gens.iter().enumerate().take(entity_base).skip(n_cols) {
        if g.is_some() && state[s] == 0 {
            let mut path = Vec::new();
            if let Err(cycle) = visit(s, &gens, &mut state, &mut order, entity_base, &mut path) {
                let names: Vec<&str> = cycle.iter().map(|&i| names[i].as_str()).collect();
                return cx.err(
                    e.name.span(),
                    "set",
                    format!("event `{}`: circular values: {}", e.name.get_ref(), names.join(" → ")),
                );
            }
        }
    }
    Ok(order)
}
