//! lakeproof-generators: realistic security logs from one synthetic organisation.
//!
//! The core yields events for a *unit* of work: one block of one five-minute slot of one
//! source. A unit is a pure function of (scenario, seed, source, slot, block), which gives
//! determinism whatever the thread count and lets `--part i/n` split the slot range across
//! processes or machines (the tpchgen-rs approach). For each unit the caller asks for the exact
//! raw native-format bytes, an Arrow `RecordBatch`, or both; the crate does no I/O.

pub mod attacks;
pub mod buffers;
pub mod entities;
pub mod fmt;
pub mod labels;
pub mod rng;
pub mod scenario;
pub mod sources;
pub mod time;
pub mod toml_location;

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use attacks::{AttackInstance, AttackPlan, Label};
use entities::Org;
use fmt::Micros;
use rng::{derive, Rng};
use scenario::{RawFormats, Scenario};
use std::str::FromStr;
use time::{Rate, BLOCK_EVENTS, SLOT_MICROS};

/// The log sources, each landing in its own table: the five built in (Rust, fast and exact)
/// and any defined as data (`scenarios/sources/*.toml`, see [`sources::defined`]). Every place
/// that lists, names, generates or reports sources goes through these methods, so a defined
/// source is listed, mixed, generated, partitioned and counted like a built-in one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceKind {
    WindowsSecurity,
    CloudTrail,
    ZeekConn,
    ZeekDns,
    VpcFlow,
    /// Index into the registry of compiled definitions.
    Defined(u16),
}

impl SourceKind {
    /// The built-in sources.
    pub const BUILTIN: [SourceKind; 5] = [
        SourceKind::WindowsSecurity,
        SourceKind::CloudTrail,
        SourceKind::ZeekConn,
        SourceKind::ZeekDns,
        SourceKind::VpcFlow,
    ];

    /// Key of the source in random streams and partition ids. Built-ins keep the numbers they
    /// always had (so their data does not change); a defined source's key is a hash of its
    /// name (not of the order definitions were loaded in).
    pub fn key(self) -> u64 {
        match self {
            SourceKind::WindowsSecurity => 1,
            SourceKind::CloudTrail => 2,
            SourceKind::ZeekConn => 3,
            SourceKind::ZeekDns => 4,
            SourceKind::VpcFlow => 5,
            SourceKind::Defined(i) => sources::defined::get(i).key,
        }
    }

    /// Table and folder name.
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::WindowsSecurity => "windows_security",
            SourceKind::CloudTrail => "cloudtrail",
            SourceKind::ZeekConn => "zeek_conn",
            SourceKind::ZeekDns => "zeek_dns",
            SourceKind::VpcFlow => "vpc_flow",
            SourceKind::Defined(i) => sources::defined::get(i).name,
        }
    }

    /// Columns of random identifiers (uids, UUIDs): unique per row and high-entropy, so a
    /// dictionary never pays off and a compressor finds no matches to search for.
    pub fn random_columns(self) -> &'static [&'static str] {
        match self {
            SourceKind::ZeekConn | SourceKind::ZeekDns => &["uid"],
            SourceKind::CloudTrail => &["event_id", "request_id", "shared_event_id"],
            SourceKind::WindowsSecurity | SourceKind::VpcFlow => &[],
            SourceKind::Defined(i) => sources::defined::get(i).random_columns,
        }
    }

    /// The column holding event time (the partition and sort column in the lake).
    pub fn time_column(self) -> &'static str {
        match self {
            SourceKind::WindowsSecurity => "time_created",
            SourceKind::CloudTrail => "event_time",
            SourceKind::ZeekConn | SourceKind::ZeekDns => "ts",
            SourceKind::VpcFlow => "start_time",
            SourceKind::Defined(i) => sources::defined::get(i).time_column,
        }
    }

    /// A defined source's definition (`None` for the built-ins).
    pub fn definition(self) -> Option<&'static sources::defined::Definition> {
        match self {
            SourceKind::Defined(i) => Some(sources::defined::get(i)),
            _ => None,
        }
    }
}

impl FromStr for SourceKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        SourceKind::BUILTIN
            .into_iter()
            .find(|k| k.name() == s)
            .or_else(|| sources::defined::find(s))
            .ok_or_else(|| {
                let mut known: Vec<&str> = SourceKind::BUILTIN.iter().map(|k| k.name()).collect();
                known.extend(sources::defined::names());
                format!("unknown source `{s}` (known: {})", known.join(", "))
            })
    }
}

impl std::fmt::Display for SourceKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Slice `index` of `count` (0-based index; the CLI takes `i/n` 1-based like tpchgen).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    pub index: u32,
    pub count: u32,
}

impl Part {
    pub const WHOLE: Part = Part { index: 0, count: 1 };
}

impl FromStr for Part {
    type Err = String;
    /// Parses `i/n` with 1 ≤ i ≤ n.
    fn from_str(s: &str) -> Result<Self, String> {
        let err = || format!("`{s}` is not a part like 3/8 (1-based index / count)");
        let (i, n) = s.split_once('/').ok_or_else(err)?;
        let i: u32 = i.trim().parse().map_err(|_| err())?;
        let n: u32 = n.trim().parse().map_err(|_| err())?;
        if n == 0 || i == 0 || i > n {
            return Err(err());
        }
        Ok(Part { index: i - 1, count: n })
    }
}

/// One unit of work: block `block` of `blocks` of a slot of a source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unit {
    pub source: SourceKind,
    /// Slot index from the scenario start.
    pub slot: u64,
    pub block: u32,
    pub blocks: u32,
    /// Background events in this block (attacks come on top, in block 0).
    pub events: u32,
    /// Time window of this block's background events.
    pub start: Micros,
    pub end: Micros,
}

impl Unit {
    /// A key unique across all units of a run, used to derive unique event ids.
    pub fn sequence_base(&self) -> u64 {
        (self.slot << 28) | ((self.block as u64) << 16)
    }
}

/// A raw native-format file produced by one unit (relative path inside the source's folder).
#[derive(Clone, Debug, Default)]
pub struct RawDoc {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What the caller wants from a unit.
#[derive(Clone, Copy, Debug, Default)]
pub struct Want {
    /// Keep the raw documents (otherwise only their exact size is counted).
    pub raw: bool,
    /// Build an Arrow batch.
    pub arrow: bool,
}

/// The output of one unit.
#[derive(Debug, Default)]
pub struct Block {
    pub rows: usize,
    /// Exact size of these events in the source's native raw format.
    pub raw_bytes: u64,
    pub raw_docs: Vec<RawDoc>,
    pub batch: Option<RecordBatch>,
    pub labels: Vec<Label>,
}

/// Everything a source needs to generate one unit.
pub struct BlockCtx<'a> {
    /// The run's generator, for sources that derive rows from another source's units (every
    /// Zeek dns.log transaction also has its conn.log row).
    pub generator: &'a Generator,
    pub org: &'a Org,
    pub scenario: &'a Scenario,
    pub formats: RawFormats,
    pub seed: u64,
    pub unit: Unit,
    /// Attacks this unit must inject (only block 0 of the slot holding their start).
    pub attacks: Vec<&'a AttackInstance>,
}

impl BlockCtx<'_> {
    /// The unit's own random stream.
    pub fn rng(&self) -> Rng {
        let u = &self.unit;
        Rng::from_keys(self.seed, &[u.source.key(), u.slot, u.block as u64])
    }

    /// Raw document name stem: `YYYYMMDDTHHMMZ_<block>`.
    pub fn doc_stem(&self) -> String {
        let mut v = Vec::with_capacity(24);
        fmt::push_compact_minute(&mut v, self.slot_start());
        v.push(b'_');
        fmt::push_padded(&mut v, self.unit.block as u64, 4);
        String::from_utf8(v).expect("ascii")
    }

    pub fn slot_start(&self) -> Micros {
        self.scenario.start + self.unit.slot as i64 * SLOT_MICROS
    }
}

/// A source: generates events for a unit, renders them raw and as Arrow.
pub trait Source {
    type Event<'a>;
    /// The table schema (Arrow; the lake writer derives the Iceberg schema from it).
    fn schema() -> SchemaRef;
    /// Background events plus the unit's attack events, roughly time-ordered.
    fn generate<'a>(ctx: &BlockCtx<'a>, out: &mut Vec<Self::Event<'a>>, labels: &mut Vec<Label>);
    /// Render events in the scenario's raw format as one or more complete files.
    fn write_raw(ctx: &BlockCtx<'_>, events: &[Self::Event<'_>], docs: &mut Vec<RawDoc>);
    /// The bytes `write_raw` would render, for the lake path, which keeps only that count. By
    /// default it renders and recycles the buffers; a source whose unit is one long document
    /// overrides it to render in pieces, so a unit never holds its whole raw document.
    fn raw_len(ctx: &BlockCtx<'_>, events: &[Self::Event<'_>]) -> u64 {
        let mut docs = Vec::new();
        Self::write_raw(ctx, events, &mut docs);
        docs.into_iter()
            .map(|d| {
                let n = d.bytes.len() as u64;
                buffers::give(d.bytes);
                n
            })
            .sum()
    }
    fn to_batch(ctx: &BlockCtx<'_>, events: &[Self::Event<'_>]) -> RecordBatch;
    /// Orders events like the table's time column. Raw logs keep their native order (Zeek
    /// writes conn.log at connection end, VPC flow logs group by interface); the Arrow batch is
    /// built in this order so the lake writer gets sorted rows without copying them again.
    fn time_key(e: &Self::Event<'_>) -> i64;
}

/// Sorts rows by a key, moving each row once (rows are large; a comparison sort on the rows
/// themselves moves them many times). Ties keep generation order, so output stays deterministic.
pub(crate) fn sort_rows<T>(rows: &mut Vec<T>, key: impl Fn(&T) -> i64) {
    let mut order: Vec<(i64, u32)> =
        rows.iter().enumerate().map(|(i, r)| (key(r), i as u32)).collect();
    order.sort_unstable();
    let mut old: Vec<Option<T>> = rows.drain(..).map(Some).collect();
    rows.extend(order.iter().map(|&(_, i)| old[i as usize].take().expect("each row once")));
}

fn run_unit<S: Source>(ctx: &BlockCtx<'_>, want: Want) -> Block {
    let mut events = Vec::with_capacity(ctx.unit.events as usize + 16);
    let mut labels = Vec::new();
    S::generate(ctx, &mut events, &mut labels);
    let (raw_bytes, raw_docs) = if want.raw {
        let mut docs = Vec::new();
        S::write_raw(ctx, &events, &mut docs);
        (docs.iter().map(|d| d.bytes.len() as u64).sum(), docs)
    } else {
        (S::raw_len(ctx, &events), Vec::new())
    };
    let rows = events.len();
    let batch = want.arrow.then(|| {
        if !events.windows(2).all(|w| S::time_key(&w[0]) <= S::time_key(&w[1])) {
            sort_rows(&mut events, S::time_key);
        }
        S::to_batch(ctx, &events)
    });
    Block { rows, raw_bytes, raw_docs, batch, labels }
}

pub fn schema(source: SourceKind) -> SchemaRef {
    use sources::*;
    match source {
        SourceKind::WindowsSecurity => windows::Windows::schema(),
        SourceKind::CloudTrail => cloudtrail::CloudTrail::schema(),
        SourceKind::ZeekConn => zeek::ZeekConn::schema(),
        SourceKind::ZeekDns => zeek::ZeekDns::schema(),
        SourceKind::VpcFlow => vpcflow::VpcFlow::schema(),
        SourceKind::Defined(i) => defined::get(i).schema(),
    }
}

/// A configured generator for one scenario and seed.
pub struct Generator {
    pub scenario: Scenario,
    pub seed: u64,
    pub org: Org,
    pub plan: AttackPlan,
    rates: Vec<(SourceKind, Rate)>,
    /// Windows events before each slot (see `windows::RecordIds`): per slot boundary, the sum
    /// of background events, of √(events per block) over blocks, and of blocks.
    windows_prefix: Vec<[f64; 3]>,
    /// Each host's expected share of the Windows events (`windows::host_shares`).
    windows_shares: Vec<f64>,
}

impl Generator {
    pub fn new(scenario: Scenario, seed: u64) -> Generator {
        let org = Org::build(&scenario.org, seed);
        let plan = AttackPlan::build(&scenario, &org, seed);
        let windows_shares = sources::windows::host_shares(&org);
        let mut g = Generator {
            scenario,
            seed,
            org,
            plan,
            rates: Vec::new(),
            windows_prefix: Vec::new(),
            windows_shares,
        };
        // DNS first: every DNS transaction also yields a conn.log row, so conn's own background
        // rate is what is left of its share after those.
        let mut dns_per_day = 0.0;
        let order = [
            SourceKind::ZeekDns,
            SourceKind::WindowsSecurity,
            SourceKind::CloudTrail,
            SourceKind::ZeekConn,
            SourceKind::VpcFlow,
        ];
        let defined = g.scenario.defined.clone();
        for s in order.into_iter().chain(defined) {
            let per_event = g.calibrate(s);
            let bytes_per_day = g.scenario.volume_per_day as f64 * g.scenario.mix.share(s);
            let mut events_per_day = bytes_per_day / per_event;
            match s {
                SourceKind::ZeekDns => dns_per_day = events_per_day,
                SourceKind::ZeekConn => {
                    events_per_day = (events_per_day - dns_per_day).max(0.1 * events_per_day)
                }
                _ => {}
            }
            let rate =
                Rate::new(s, events_per_day, g.scenario.utc_offset_hours, derive(seed, &[0x7a7e]));
            g.rates.push((s, rate));
        }
        let rate = &g.rates.iter().find(|r| r.0 == SourceKind::WindowsSecurity).expect("rate").1;
        let mut acc = [0.0f64; 3];
        g.windows_prefix.push(acc);
        for slot in 0..g.slot_count() {
            let n = rate.events(slot, g.scenario.start + slot as i64 * SLOT_MICROS);
            let blocks = n.div_ceil(BLOCK_EVENTS).max(1) as f64;
            acc[0] += n as f64;
            acc[1] += blocks * (n as f64 / blocks).sqrt();
            acc[2] += blocks;
            g.windows_prefix.push(acc);
        }
        g
    }

    /// Windows events before `slot` (see `windows_prefix`) and the slot's own events; zeros
    /// while the generator is being calibrated.
    /// Also each host's expected share of the events.
    pub fn windows_prefix(&self, slot: u64) -> ([f64; 3], f64, &[f64]) {
        let p = &self.windows_prefix;
        match (p.get(slot as usize), p.get(slot as usize + 1)) {
            (Some(a), Some(b)) => (*a, b[0] - a[0], &self.windows_shares),
            _ => ([0.0; 3], 0.0, &self.windows_shares),
        }
    }

    /// The units of one slot of a source (empty while that source is not yet calibrated).
    pub fn slot_units(&self, source: SourceKind, slot: u64) -> Vec<Unit> {
        if !self.rates.iter().any(|r| r.0 == source) {
            return Vec::new();
        }
        let start = self.scenario.start + slot as i64 * SLOT_MICROS;
        let window = Some((start, start + SLOT_MICROS));
        self.units(source, Part::WHOLE, window)
    }

    /// The context in which a unit is generated (its attacks included).
    pub fn context(&self, unit: &Unit) -> BlockCtx<'_> {
        let attacks = if unit.block == 0 {
            let s = self.scenario.start + unit.slot as i64 * SLOT_MICROS;
            self.plan.starting_in(s, s + SLOT_MICROS, unit.source).collect()
        } else {
            Vec::new()
        };
        BlockCtx {
            generator: self,
            org: &self.org,
            scenario: &self.scenario,
            formats: self.scenario.formats,
            seed: self.seed,
            unit: *unit,
            attacks,
        }
    }

    /// Mean raw bytes per event of a source, measured on a fixed calibration block so the
    /// requested daily volume turns into an event rate. Deterministic: same seed, same rate.
    fn calibrate(&self, source: SourceKind) -> f64 {
        let unit = Unit {
            source,
            slot: 0,
            block: 0,
            blocks: 1,
            events: 2000,
            start: self.scenario.start,
            end: self.scenario.start + SLOT_MICROS,
        };
        let ctx = BlockCtx {
            generator: self,
            org: &self.org,
            scenario: &self.scenario,
            formats: self.scenario.formats,
            seed: derive(self.seed, &[0xca1]),
            unit,
            attacks: Vec::new(),
        };
        let b = self.run(&ctx, Want::default());
        if b.rows == 0 {
            // A source that yields nothing gets no rate (rather than an infinite one).
            return f64::INFINITY;
        }
        (b.raw_bytes as f64 / b.rows as f64).max(1.0)
    }

    /// The scenario's sources: the built-ins, then its defined ones.
    pub fn sources(&self) -> Vec<SourceKind> {
        self.scenario.sources()
    }

    pub fn slot_count(&self) -> u64 {
        ((self.scenario.end - self.scenario.start) as u64).div_ceil(SLOT_MICROS as u64)
    }

    /// The slot range of a part, optionally clipped to `[from, to)`.
    pub fn slot_range(&self, part: Part, window: Option<(Micros, Micros)>) -> std::ops::Range<u64> {
        let n = self.slot_count();
        let lo = n * part.index as u64 / part.count as u64;
        let hi = n * (part.index as u64 + 1) / part.count as u64;
        let (lo, hi) = match window {
            Some((from, to)) => {
                let s = self.scenario.start;
                let f = ((from - s).max(0) / SLOT_MICROS) as u64;
                let t = ((to - s).max(0) as u64).div_ceil(SLOT_MICROS as u64);
                (lo.max(f), hi.min(t))
            }
            None => (lo, hi),
        };
        lo..hi.max(lo)
    }

    /// Events a source's units in a part will hold, counted from the rate model without
    /// building the units (a year at high volume is millions of them).
    pub fn planned_events(
        &self,
        source: SourceKind,
        part: Part,
        window: Option<(Micros, Micros)>,
    ) -> u64 {
        let rate = &self.rates.iter().find(|r| r.0 == source).expect("every source has a rate").1;
        self.slot_range(part, window)
            .map(|slot| rate.events(slot, self.scenario.start + slot as i64 * SLOT_MICROS))
            .sum()
    }

    /// The units of one source in a part, in time order.
    pub fn units(
        &self,
        source: SourceKind,
        part: Part,
        window: Option<(Micros, Micros)>,
    ) -> Vec<Unit> {
        let rate = &self.rates.iter().find(|r| r.0 == source).expect("every source has a rate").1;
        let mut units = Vec::new();
        for slot in self.slot_range(part, window) {
            let start = self.scenario.start + slot as i64 * SLOT_MICROS;
            let end = (start + SLOT_MICROS).min(self.scenario.end);
            let n = rate.events(slot, start);
            let blocks = n.div_ceil(BLOCK_EVENTS).max(1);
            let width = (end - start) / blocks as i64;
            for b in 0..blocks {
                let events = n * (b + 1) / blocks - n * b / blocks;
                let bs = start + width * b as i64;
                let be = if b + 1 == blocks { end } else { bs + width };
                units.push(Unit {
                    source,
                    slot,
                    block: b as u32,
                    blocks: blocks as u32,
                    events: events as u32,
                    start: bs,
                    end: be,
                });
            }
        }
        units
    }

    /// Generate one unit.
    pub fn generate(&self, unit: &Unit, want: Want) -> Block {
        self.run(&self.context(unit), want)
    }

    fn run(&self, ctx: &BlockCtx<'_>, want: Want) -> Block {
        use sources::*;
        match ctx.unit.source {
            SourceKind::WindowsSecurity => run_unit::<windows::Windows>(ctx, want),
            SourceKind::CloudTrail => run_unit::<cloudtrail::CloudTrail>(ctx, want),
            SourceKind::ZeekConn => run_unit::<zeek::ZeekConn>(ctx, want),
            SourceKind::ZeekDns => run_unit::<zeek::ZeekDns>(ctx, want),
            SourceKind::VpcFlow => run_unit::<vpcflow::VpcFlow>(ctx, want),
            SourceKind::Defined(i) => defined::run_unit(defined::get(i), ctx, want),
        }
    }
}
