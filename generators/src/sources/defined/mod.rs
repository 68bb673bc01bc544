//! Sources defined as data: a TOML file names a source's columns, event types, value
//! generators, raw format and time shape (`docs/sources.md`), and this module generates it the
//! way the built-in sources are generated — per unit, deterministic, raw bytes rendered exactly,
//! Arrow rows for the lake — from the same organisation, so a defined source's users,
//! workstations and addresses join with Windows, Zeek and CloudTrail.
//!
//! A definition is compiled once ([`spec::compile`]): names become slot indices, values become
//! [`value::Gen`]s, and each event type gets an evaluation order. Generating an event is then a
//! walk over that order writing [`value::Val`]s into a flat row buffer; strings go to one arena
//! per unit. Compiled definitions live in a process-wide registry and are named by
//! `SourceKind::Defined(index)`. The raw renderers are in `render`, the Arrow batch in `arrow`,
//! and what `lakeproof source check` needs (a one-source scenario, format parsing) in `check`.

mod arrow;
mod check;
mod render;
pub mod spec;
pub mod value;

pub use check::{parse_check, row_text, solo_scenario};

use crate::attacks::{AttackKind, Label, MAX_ATTACK_SPAN};
use crate::fmt::{Micros, MICROS_PER_SEC};
use crate::labels::UTC;
use crate::rng::{hash_str, Rng};
use crate::time::Shape;
use crate::{Block, BlockCtx, RawDoc, SourceKind, Want};
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef, TimeUnit};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, RwLock};
use value::{Actors, Eval, Gen, Val, ENTITIES};

/// Raw native formats a definition can declare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per line (Okta System Log, Kubernetes audit, most SaaS exports).
    Json,
    /// `Mmm dd HH:MM:SS host tag[pid]: msg` (rsyslog's traditional file format).
    Syslog3164,
    /// `<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG`.
    Syslog5424,
    Csv,
    Tsv,
    /// `key=value` pairs separated by spaces (firewalls, appliances).
    Kv,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Syslog3164 => "syslog3164",
            Format::Syslog5424 => "syslog5424",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Kv => "kv",
        }
    }
    fn extension(self) -> &'static str {
        match self {
            Format::Json => "jsonl",
            Format::Syslog3164 | Format::Syslog5424 | Format::Kv => "log",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
        }
    }
}

/// Which hosts of the organisation write the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hosts {
    /// A cloud service: no host of the organisation (`host.*` is refused).
    None,
    /// The acting user's workstation.
    Workstations,
    Servers,
    Dcs,
    All,
}

/// Column types (Arrow / Iceberg).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColType {
    String,
    Int,
    Double,
    Bool,
    Timestamp,
    /// A JSON fragment (array or object) rendered from a template: stored as text in the lake,
    /// written unquoted in a JSON record (Okta's `target` list, `request.ipChain`).
    Json,
}

impl ColType {
    pub const NAMES: &'static [&'static str] =
        &["string", "int", "double", "bool", "timestamp", "json"];
    fn parse(s: &str) -> Option<ColType> {
        Some(match s {
            "string" => ColType::String,
            "int" | "long" => ColType::Int,
            "double" | "float" => ColType::Double,
            "bool" | "boolean" => ColType::Bool,
            "timestamp" => ColType::Timestamp,
            "json" => ColType::Json,
            _ => return None,
        })
    }
    fn data_type(self) -> DataType {
        match self {
            ColType::String | ColType::Json => DataType::Utf8,
            ColType::Int => DataType::Int64,
            ColType::Double => DataType::Float64,
            ColType::Bool => DataType::Boolean,
            ColType::Timestamp => DataType::Timestamp(TimeUnit::Microsecond, Some(UTC.into())),
        }
    }
}

/// How time columns are written in the raw record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeFormat {
    /// `2026-11-02T15:04:05Z`
    Rfc3339,
    /// `2026-11-02T15:04:05.123Z`
    Rfc3339Millis,
    /// `2026-11-02T15:04:05.123456Z`
    Rfc3339Micros,
    /// `1793718245`
    Epoch,
    /// `1793718245.123456`
    EpochMicros,
    /// `2026/11/02 15:04:05` (Palo Alto and other appliances)
    Slash,
}

impl TimeFormat {
    pub const NAMES: &'static [&'static str] =
        &["rfc3339", "rfc3339_millis", "rfc3339_micros", "epoch", "epoch_micros", "slash"];
    fn parse(s: &str) -> Option<TimeFormat> {
        Some(match s {
            "rfc3339" => TimeFormat::Rfc3339,
            "rfc3339_millis" => TimeFormat::Rfc3339Millis,
            "rfc3339_micros" => TimeFormat::Rfc3339Micros,
            "epoch" => TimeFormat::Epoch,
            "epoch_micros" => TimeFormat::EpochMicros,
            "slash" => TimeFormat::Slash,
            _ => return None,
        })
    }
}

/// A column of the source's table.
#[derive(Clone, Debug)]
pub struct Column {
    /// Dotted names nest (`actor.id` is field `id` of struct `actor`).
    pub name: String,
    pub ty: ColType,
    /// The value every event gets unless it sets its own.
    pub default: Option<Gen>,
    /// In JSON records: leave the key out when the value is null (`Some(true)`), write `null`
    /// (`Some(false)`), or follow the source's `[json] nulls` (`None`).
    pub omit_null: Option<bool>,
}

/// A follow-up event (a session's end after its start, a response after its request).
#[derive(Clone, Debug)]
pub struct Then {
    pub event: usize,
    /// Seconds after the first event.
    pub after: Gen,
    pub chance: f64,
    /// Slots copied from the first event.
    pub carry: Vec<usize>,
    /// Index into the target event's `plans` (its order with the carried slots given).
    pub plan: usize,
}

#[derive(Clone, Debug)]
pub struct EventType {
    pub name: String,
    /// Per slot, the generator this event uses (column default or its own `set`).
    pub gens: Vec<Option<Gen>>,
    pub then: Vec<Then>,
    /// Evaluation orders: `plans[0]` standalone, later ones for follow-ups.
    pub plans: Vec<Vec<usize>>,
}

/// The compiled syslog header: templates over the event's slots.
#[derive(Clone, Debug)]
pub struct SyslogHeader {
    pub host: Vec<value::Piece>,
    pub app: Vec<value::Piece>,
    pub pid: Option<Vec<value::Piece>>,
    pub message: Vec<value::Piece>,
    pub facility: Vec<value::Piece>,
    pub severity: Vec<value::Piece>,
    /// `Nov  2 15:04:05` (else RFC 3339 with microseconds and offset).
    pub bsd: bool,
}

/// An attack a definition contributes: a scenario injects it by `name` like a built-in kind.
#[derive(Debug)]
pub struct AttackDef {
    pub name: &'static str,
    /// MITRE ATT&CK technique id.
    pub technique: &'static str,
    pub title: String,
    pub steps: Vec<AttackStep>,
    /// The source it leaves events in (set when the definition is registered).
    pub sources: &'static [SourceKind],
}

/// One step of a defined attack: an event of the definition, repeated.
#[derive(Debug)]
pub struct AttackStep {
    pub event: usize,
    /// Index into the event's `plans` (its order with the carried slots given).
    pub plan: usize,
    /// Slots copied from the previous step's event.
    pub carry: Vec<usize>,
    pub count: Gen,
    /// Seconds between repeats.
    pub every: Gen,
    /// Seconds after the previous step's last event (the attack's start for the first step).
    pub after: Gen,
}

/// A compiled source definition.
#[derive(Debug)]
pub struct Definition {
    pub name: &'static str,
    pub title: String,
    pub path: PathBuf,
    pub format: Format,
    pub hosts: Hosts,
    pub shape: Shape,
    pub time_slot: usize,
    pub time_column: &'static str,
    pub time_format: TimeFormat,
    pub random_columns: &'static [&'static str],
    pub columns: Vec<Column>,
    /// Slot names: columns, helper names, entities.
    pub slots: Vec<String>,
    pub events: Vec<EventType>,
    cum: Vec<u64>,
    pub syslog: Option<SyslogHeader>,
    pub json_nulls: bool,
    pub csv_header: bool,
    /// The column whose value is an event's key in the attack labels.
    pub key_slot: Option<usize>,
    pub attacks: Vec<AttackDef>,
    /// The OCSF mapping file, when the definition names one.
    pub ocsf: Option<PathBuf>,
    schema: SchemaRef,
    /// Per column, how it nests in a JSON record.
    json_layout: Vec<JsonLayout>,
    /// Key of the source in every random stream: a hash of its name, so a definition's data
    /// does not depend on the order definitions were loaded in.
    pub key: u64,
}

impl Definition {
    #[allow(clippy::too_many_arguments)]
    fn new(
        name: String,
        title: String,
        path: PathBuf,
        format: Format,
        hosts: Hosts,
        shape: Shape,
        time_slot: usize,
        time_format: TimeFormat,
        random_columns: Vec<String>,
        columns: Vec<Column>,
        slots: Vec<String>,
        events: Vec<EventType>,
        cum: Vec<u64>,
        syslog: Option<SyslogHeader>,
        json_nulls: bool,
        csv_header: bool,
        key_slot: Option<usize>,
        attacks: Vec<AttackDef>,
        ocsf: Option<PathBuf>,
    ) -> Definition {
        let schema = Arc::new(Schema::new(nest_fields(&columns, "")));
        let json_layout = json_layout(&columns);
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        let time_column = leak(columns[time_slot].name.replace('.', "_"));
        let random: Vec<&'static str> = random_columns.into_iter().map(leak).collect();
        Definition {
            key: 0x5000_0000 ^ hash_str(&name),
            name: leak(name),
            title,
            path,
            format,
            hosts,
            shape,
            time_slot,
            time_column,
            time_format,
            random_columns: Box::leak(random.into_boxed_slice()),
            columns,
            slots,
            events,
            cum,
            syslog,
            json_nulls,
            csv_header,
            key_slot,
            attacks,
            ocsf,
            schema,
            json_layout,
        }
    }

    /// Reads and compiles a definition file.
    pub fn load(path: &Path) -> Result<Definition, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read the source definition: {e}", path.display()))?;
        spec::compile(&text, path)
    }

    pub fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    /// The host an event of this source is written on.
    pub(crate) fn host(&self, org: &crate::entities::Org, user: usize, rng: &mut Rng) -> usize {
        match self.hosts {
            Hosts::None | Hosts::Workstations => org.users[user].workstation,
            Hosts::Servers => org.random_server(rng),
            Hosts::Dcs => org.random_dc(rng),
            Hosts::All => rng.below(org.hosts.len() as u64) as usize,
        }
    }
}

/// Where a column sits in a JSON record: the ids of its parent objects (outermost first; an id
/// per distinct parent path) and the `"key":` bytes of each parent and of itself.
#[derive(Debug)]
pub(crate) struct JsonLayout {
    pub parents: Vec<u32>,
    pub keys: Vec<Vec<u8>>,
}

fn json_layout(columns: &[Column]) -> Vec<JsonLayout> {
    let mut ids: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    columns
        .iter()
        .map(|c| {
            let parts: Vec<&str> = c.name.split('.').collect();
            let mut parents = Vec::new();
            let mut end = 0;
            for p in &parts[..parts.len() - 1] {
                end += p.len() + usize::from(end > 0);
                let n = ids.len() as u32;
                parents.push(*ids.entry(&c.name[..end]).or_insert(n));
            }
            let keys = parts
                .iter()
                .map(|p| {
                    let mut k = vec![b'"'];
                    crate::fmt::push_json_escaped(&mut k, p);
                    k.extend_from_slice(b"\":");
                    k
                })
                .collect();
            JsonLayout { parents, keys }
        })
        .collect()
}

/// Arrow fields of the columns, dotted names grouped into structs (they are contiguous, see
/// `spec::compile`).
fn nest_fields(columns: &[Column], prefix: &str) -> Vec<Field> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < columns.len() {
        let rest = &columns[i].name[prefix.len()..];
        match rest.split_once('.') {
            None => {
                out.push(Field::new(rest, columns[i].ty.data_type(), true));
                i += 1;
            }
            Some((head, _)) => {
                let p = format!("{prefix}{head}.");
                let n = columns[i..].iter().take_while(|c| c.name.starts_with(&p)).count();
                let children = nest_fields(&columns[i..i + n], &p);
                out.push(Field::new(head, DataType::Struct(Fields::from(children)), true));
                i += n;
            }
        }
    }
    out
}

// ------------------------------------------------------------------------------ registry

fn registry() -> &'static RwLock<Vec<&'static Definition>> {
    static R: OnceLock<RwLock<Vec<&'static Definition>>> = OnceLock::new();
    R.get_or_init(|| RwLock::new(Vec::new()))
}

/// Registers a compiled definition and returns its source kind. Registering the same name
/// again returns the first registration when the file compiles to the same definition, and is
/// an error otherwise (one process, one meaning per source name).
pub fn register(mut def: Definition) -> Result<SourceKind, String> {
    if SourceKind::BUILTIN.iter().any(|k| k.name() == def.name) {
        return Err(format!(
            "{}: `{}` is the name of a built-in source",
            def.path.display(),
            def.name
        ));
    }
    let mut r = registry().write().expect("registry lock");
    if let Some(i) = r.iter().position(|d| d.name == def.name) {
        let old = r[i];
        let steps = |d: &Definition| -> Vec<String> {
            d.attacks.iter().map(|a| format!("{} {} {:?}", a.name, a.technique, a.steps)).collect()
        };
        if format!("{:?}", old.columns) == format!("{:?}", def.columns)
            && format!("{:?}", old.events) == format!("{:?}", def.events)
            && steps(old) == steps(&def)
        {
            return Ok(SourceKind::Defined(i as u16));
        }
        return Err(format!(
            "{}: a different definition of `{}` is already loaded from {}",
            def.path.display(),
            def.name,
            old.path.display()
        ));
    }
    for a in &def.attacks {
        let builtin = crate::attacks::AttackKind::ALL.iter().any(|k| k.name() == a.name);
        if let Some(other) = r.iter().find(|d| d.attacks.iter().any(|b| b.name == a.name)) {
            return Err(format!(
                "{}: attack `{}` is already contributed by source `{}` ({})",
                def.path.display(),
                a.name,
                other.name,
                other.path.display()
            ));
        }
        if builtin {
            return Err(format!(
                "{}: `{}` is the name of a built-in attack",
                def.path.display(),
                a.name
            ));
        }
    }
    let kind = SourceKind::Defined(r.len() as u16);
    let sources: &'static [SourceKind] = Box::leak(Box::new([kind]));
    def.attacks.iter_mut().for_each(|a| a.sources = sources);
    r.push(Box::leak(Box::new(def)));
    Ok(kind)
}

/// The attack kind a registered definition contributes under `name`.
pub fn find_attack(name: &str) -> Option<crate::attacks::AttackKind> {
    let r = registry().read().expect("registry lock");
    r.iter().enumerate().find_map(|(s, d)| {
        let a = d.attacks.iter().position(|a| a.name == name)?;
        Some(crate::attacks::AttackKind::Defined { source: s as u16, attack: a as u16 })
    })
}

/// Names of the attacks the registered definitions contribute.
pub fn attack_names() -> Vec<&'static str> {
    let r = registry().read().expect("registry lock");
    r.iter().flat_map(|d| d.attacks.iter().map(|a| a.name)).collect()
}

/// The definition behind `SourceKind::Defined(i)`.
pub fn get(i: u16) -> &'static Definition {
    registry().read().expect("registry lock")[i as usize]
}

/// Names of the registered definitions.
pub fn names() -> Vec<&'static str> {
    registry().read().expect("registry lock").iter().map(|d| d.name).collect()
}

/// A registered source by name.
pub fn find(name: &str) -> Option<SourceKind> {
    let r = registry().read().expect("registry lock");
    r.iter().position(|d| d.name == name).map(|i| SourceKind::Defined(i as u16))
}

// ---------------------------------------------------------------------------- generation

thread_local! {
    /// The last unit's row values, reused by the next unit on this thread.
    static VALS: std::cell::RefCell<Vec<Val>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The events of one unit: times, event types and the slot values, row-major.
struct Rows {
    width: usize,
    times: Vec<Micros>,
    vals: Vec<Val>,
}

/// Generates one unit of a defined source.
pub fn run_unit(def: &Definition, ctx: &BlockCtx<'_>, want: Want) -> Block {
    let mut rng = ctx.rng();
    let width = def.slots.len();
    let n = ctx.unit.events as usize;
    // The row values and the string arena come from per-thread pools: a unit's buffers are
    // megabytes, and fresh ones per unit cost more in page faults than the unit's work.
    let mut vals = VALS.with(|v| std::mem::take(&mut *v.borrow_mut()));
    vals.clear();
    vals.reserve((n + 8) * width);
    let mut rows = Rows { width, times: Vec::with_capacity(n + 8), vals };
    let mut ev = Eval { org: ctx.org, seed: ctx.seed, arena: crate::buffers::take(n * 64) };
    let (start, end) = (ctx.unit.start, ctx.unit.end);
    let entity_base = width - ENTITIES.len();
    let mut slots = vec![Val::Null; width];
    while rows.times.len() < n {
        let t = start + rng.below((end - start).max(1) as u64) as i64;
        let x = rng.below(*def.cum.last().expect("events"));
        let e = def.cum.partition_point(|&c| c <= x);
        let user = ctx.org.active_user(&mut rng);
        let actors = Actors { user, host: def.host(ctx.org, user, &mut rng), attacker: None };
        slots.iter_mut().for_each(|v| *v = Val::Null);
        fill(def, e, 0, &mut slots, &actors, t, &mut ev, &mut rng, entity_base);
        rows.times.push(t);
        rows.vals.extend_from_slice(&slots);
        // Follow-ups: same actors, carried values, later time.
        let mut later: Vec<(Micros, Vec<Val>)> = Vec::new();
        let end = ctx.scenario.end;
        follow(def, e, t, end, &slots, &mut later, &mut ev, &actors, &mut rng, entity_base);
        for (tf, vals) in later {
            rows.times.push(tf);
            rows.vals.extend_from_slice(&vals);
        }
    }
    let labels = inject(def, ctx, &mut rows, &mut slots, &mut ev, entity_base);
    let rows_n = rows.times.len();
    let mut order: Vec<u32> = (0..rows_n as u32).collect();
    order.sort_by_key(|&i| rows.times[i as usize]);
    let mut docs = Vec::new();
    let raw = render::document(def, &rows, &order, &ev);
    let raw_bytes = raw.len() as u64;
    if want.raw {
        docs.push(RawDoc {
            name: format!("{}.{}", ctx.doc_stem(), def.format.extension()),
            bytes: raw,
        });
    } else {
        crate::buffers::give(raw);
    }
    let batch = want.arrow.then(|| arrow::to_batch(def, &rows, &order, &ev));
    crate::buffers::give(ev.arena);
    VALS.with(|v| *v.borrow_mut() = rows.vals);
    Block { rows: rows_n, raw_bytes, raw_docs: docs, batch, labels }
}

/// Appends the events of the unit's attacks (the definition's `[[attack]]` steps, with their
/// follow-ups) to `rows` and returns their labels, keyed by the definition's key column. An
/// attack's events stay within [`MAX_ATTACK_SPAN`] of its start and before the scenario's end.
fn inject(
    def: &Definition,
    ctx: &BlockCtx<'_>,
    rows: &mut Rows,
    slots: &mut [Val],
    ev: &mut Eval<'_>,
    entity_base: usize,
) -> Vec<Label> {
    let mut labels = Vec::new();
    for a in &ctx.attacks {
        let AttackKind::Defined { attack, .. } = a.kind else { continue };
        let ad = &def.attacks[attack as usize];
        let key = def.key_slot.expect("a definition with attacks has a key column");
        let mut rng = a.rng();
        let attacker = ctx.org.bad_ips.iter().position(|&b| b == a.attacker_ip);
        let actors = Actors { user: a.user, host: a.host, attacker };
        let limit = (a.start + MAX_ATTACK_SPAN).min(ctx.scenario.end);
        let seconds = |v: Val| match v {
            Val::Int(i) => i as f64,
            Val::Float(f) => f,
            _ => 0.0,
        };
        let first = rows.times.len();
        let mut t = a.start;
        let mut prev: Vec<Val> = Vec::new();
        for step in &ad.steps {
            let after = ev.eval(&step.after, slots, &actors, t, false, &mut rng);
            t += (seconds(after).max(0.0) * MICROS_PER_SEC as f64) as i64;
            let count = ev.eval(&step.count, slots, &actors, t, true, &mut rng);
            for k in 0..seconds(count).max(0.0) as u64 {
                if k > 0 {
                    let every = ev.eval(&step.every, slots, &actors, t, false, &mut rng);
                    t += (seconds(every).max(0.0) * MICROS_PER_SEC as f64) as i64;
                }
                if t >= limit {
                    break;
                }
                slots.iter_mut().for_each(|v| *v = Val::Null);
                for &c in &step.carry {
                    slots[c] = prev[c];
                }
                fill(def, step.event, step.plan, slots, &actors, t, ev, &mut rng, entity_base);
                rows.times.push(t);
                rows.vals.extend_from_slice(slots);
                prev.clear();
                prev.extend_from_slice(slots);
                let mut later = Vec::new();
                follow(
                    def,
                    step.event,
                    t,
                    limit,
                    slots,
                    &mut later,
                    ev,
                    &actors,
                    &mut rng,
                    entity_base,
                );
                for (tf, vals) in later {
                    rows.times.push(tf);
                    rows.vals.extend_from_slice(&vals);
                }
            }
        }
        for i in first..rows.times.len() {
            let v = rows.vals[i * rows.width + key];
            let event_key = match v {
                Val::Int(x) => x.to_string(),
                _ => ev.str(v).to_string(),
            };
            labels.push(Label {
                attack_id: a.id.clone(),
                kind: a.kind,
                source: ctx.unit.source,
                event_key,
                time: rows.times[i],
            });
        }
    }
    labels
}

/// Evaluates event type `e` with plan `plan` into `slots` (already holding carried values).
#[allow(clippy::too_many_arguments)]
fn fill(
    def: &Definition,
    e: usize,
    plan: usize,
    slots: &mut [Val],
    actors: &Actors,
    t: Micros,
    ev: &mut Eval<'_>,
    rng: &mut Rng,
    entity_base: usize,
) {
    let et = &def.events[e];
    for &s in &et.plans[plan] {
        let v = if s >= entity_base {
            ev.eval(&Gen::Entity(s - entity_base), slots, actors, t, false, rng)
        } else {
            let g = et.gens[s].as_ref().expect("planned slots have a generator");
            let int = s < def.columns.len() && def.columns[s].ty == ColType::Int;
            ev.eval(g, slots, actors, t, int, rng)
        };
        slots[s] = v;
    }
}

/// Queues the follow-ups of an event (depth-first: a follow-up's own follow-ups come too).
/// Follow-ups at or after the scenario's `end` are not written (the capture has ended).
#[allow(clippy::too_many_arguments)]
fn follow(
    def: &Definition,
    e: usize,
    t: Micros,
    end: Micros,
    slots: &[Val],
    out: &mut Vec<(Micros, Vec<Val>)>,
    ev: &mut Eval<'_>,
    actors: &Actors,
    rng: &mut Rng,
    entity_base: usize,
) {
    for th in &def.events[e].then {
        if !rng.chance(th.chance) {
            continue;
        }
        let after = match ev.eval(&th.after, slots, actors, t, false, rng) {
            Val::Int(i) => i as f64,
            Val::Float(f) => f,
            _ => 0.0,
        };
        let tf = t + (after.max(0.0) * MICROS_PER_SEC as f64) as i64;
        if tf >= end {
            continue;
        }
        let mut next = vec![Val::Null; slots.len()];
        for &c in &th.carry {
            next[c] = slots[c];
        }
        fill(def, th.event, th.plan, &mut next, actors, tf, ev, rng, entity_base);
        // A chain of follow-ups stops at depth 8 (a definition may loop on purpose).
        if out.len() < 8 {
            follow(def, th.event, tf, end, &next, out, ev, actors, rng, entity_base);
        }
        out.push((tf, next));
    }
}
