//! The `lakeproof` command line: generate → lake → workloads → engines → results → report.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use lakeproof_generators::fmt::{parse_iso, Micros};
use lakeproof_generators::scenario::{parse_bytes, Scenario};
use lakeproof_generators::{Generator, Part, SourceKind};
use lakeproof_harness::lake::catalog::{Lake, LakeConfig, DEFAULT_NAMESPACE};
use lakeproof_harness::lake::writer::WriteSettings;
use lakeproof_harness::lake::{gc, generate_lake, LakeOptions};
use lakeproof_harness::raw::{generate_raw, RawOptions};
use lakeproof_harness::stats::RunStats;
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "lakeproof", version, about = "Prove a security data lake before go-live")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a scenario's sources: raw native-format files, or Iceberg tables.
    Generate(GenerateArgs),
    /// Run workload profiles against engines on the lake's current snapshot; write result JSON.
    Run(RunArgs),
    /// Feed a scenario into the lake on a (possibly accelerated) clock, committing every
    /// commit interval, while the alerting rules run on a schedule: detection latency, recall,
    /// and snapshot/file growth under small commits.
    Stream(StreamArgs),
    /// Measure speed and memory: generation alone per source, and end to end into Iceberg.
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
    },
    /// Lake upkeep.
    Lake {
        #[command(subcommand)]
        command: LakeCommand,
    },
    /// Roadmap scorecard, compression, latency, engine fit, cost and plots from result files:
    /// writes report.md (+ PNG plots) and a self-contained report.html into --out.
    Report(ReportArgs),
    /// Monthly cost of a lake: storage from a compression ratio, daily volume and retention,
    /// object requests from file sizes, compute from measured query times.
    Cost(CostArgs),
    /// Compare a baseline with a contender (files or folders of result files); exits 1 when a
    /// query regresses beyond its threshold and outside the noise band, or newly fails.
    Compare(CompareArgs),
    /// Result file upkeep.
    Results {
        #[command(subcommand)]
        command: ResultsCommand,
    },
}

#[derive(Parser)]
struct ReportArgs {
    /// Run results (`lakeproof run --out`) and `bench generate` outputs; files or folders. Run
    /// results are merged by engine, profile and query (e.g. one file per engine).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output folder.
    #[arg(long)]
    out: PathBuf,
    #[arg(long, default_value = lakeproof_harness::cost::prices::DEFAULT_PRICES)]
    prices: PathBuf,
    /// The roadmap's criteria and engine-fit table.
    #[arg(long, default_value = lakeproof_harness::report::roadmap::DEFAULT_ROADMAP)]
    roadmap: PathBuf,
}

#[derive(Parser)]
struct CostArgs {
    /// Raw native-format volume per day, e.g. 500GB (decimal units: 1 GB = 10^9 bytes).
    #[arg(long)]
    daily: String,
    /// Retention, e.g. 365d, 52w, 1y.
    #[arg(long, default_value = "365d")]
    retention: String,
    /// Compression ratio (raw bytes per on-disk byte).
    #[arg(long, conflicts_with = "ratio_from", required_unless_present = "ratio_from")]
    ratio: Option<f64>,
    /// Take the ratio, the mean data file size and query times from these run results.
    #[arg(long, num_args = 1.., value_delimiter = ',')]
    ratio_from: Vec<PathBuf>,
    /// Storage class id from the price table where data lands.
    #[arg(long, default_value = "s3_standard")]
    storage: String,
    /// Move data to --tier-class after this many days (default: no tiering).
    #[arg(long)]
    tier_after: Option<String>,
    /// Storage class id data moves to with --tier-after (default: the price table's [tiering]).
    #[arg(long)]
    tier_class: Option<String>,
    /// Mean data file size for request costs, e.g. "128 MB" (default: measured with
    /// --ratio-from; without either, requests are not priced).
    #[arg(long)]
    file_size: Option<String>,
    /// Price compute on this engine (default: per profile, the engine that answered most of
    /// its queries fastest).
    #[arg(long)]
    engine: Option<String>,
    #[arg(long, default_value = lakeproof_harness::cost::prices::DEFAULT_PRICES)]
    prices: PathBuf,
}

#[derive(Parser)]
struct CompareArgs {
    /// Baseline: result files or folders (comma-separated); repeated runs are pooled.
    #[arg(value_delimiter = ',', required = true)]
    baseline: Vec<PathBuf>,
    /// Contender: result files or folders (comma-separated).
    #[arg(long, short, value_delimiter = ',', required = true)]
    contender: Vec<PathBuf>,
    /// Thresholds per profile and the noise floor.
    #[arg(long, default_value = "ci/thresholds.toml")]
    thresholds: PathBuf,
}

#[derive(Subcommand)]
enum ResultsCommand {
    /// Split a run result into one file per engine, `<engine>.<machine kind>.json` (the
    /// layout of results/baselines/<scenario>/).
    Split {
        run: PathBuf,
        #[arg(long)]
        out_dir: PathBuf,
    },
}

#[derive(Parser)]
struct RunArgs {
    /// Scenario the lake was generated from (its time range anchors the query windows).
    #[arg(long)]
    scenario: PathBuf,
    #[command(flatten)]
    lake: LakeArgs,
    /// Comma-separated engines: datafusion, duckdb, chdb, spark.
    #[arg(long, value_delimiter = ',', default_value = "datafusion")]
    engines: Vec<String>,
    /// Comma-separated profiles (folders under --workloads).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "alerting,dashboard,adhoc,batch,federation"
    )]
    profiles: Vec<String>,
    #[arg(long, default_value = "scenarios/workloads")]
    workloads: PathBuf,
    /// Result JSON (written atomically).
    #[arg(long)]
    out: PathBuf,
    /// PostgreSQL for the federation profile's inventory (loaded from the scenario's entity
    /// model), e.g. postgres://lakeproof:lakeproof@127.0.0.1:5432/lakeproof (see ci/postgres.sh).
    #[arg(long)]
    postgres: Option<String>,
    /// Seed the lake was generated with (default: the scenario's), for the inventory.
    #[arg(long)]
    seed: Option<u64>,
    /// Override every profile's timed iterations (e.g. a quick pass); recorded in the result.
    #[arg(long)]
    iterations: Option<u32>,
    /// Override every profile's warm-up runs; recorded in the result.
    #[arg(long)]
    warmup: Option<u32>,
}

#[derive(Parser)]
struct StreamArgs {
    /// Scenario TOML file (its sources, volume, organisation and attacks; its time range is
    /// replaced by --start and --duration, and its attacks are placed inside that range,
    /// including those pinned with `at` to times outside it).
    #[arg(long)]
    scenario: PathBuf,
    #[command(flatten)]
    lake: LakeArgs,
    /// Scenario seconds per wall second (60 = an hour per minute); 0 = as fast as possible.
    #[arg(long, default_value_t = 1.0)]
    speed: f64,
    /// Scenario time to stream, e.g. 180s, 90m, 2h.
    #[arg(long)]
    duration: String,
    /// First event time (default: the scenario's start).
    #[arg(long)]
    start: Option<String>,
    /// Scenario time between commits.
    #[arg(long, default_value = "60s")]
    commit_interval: String,
    /// Scenario time between alert rounds.
    #[arg(long, default_value = "30s")]
    alert_interval: String,
    /// Engine the alerting rules run on (datafusion, duckdb, chdb, spark); none: ingest only.
    #[arg(long)]
    alerts: Option<String>,
    #[arg(long, default_value = "scenarios/workloads")]
    workloads: PathBuf,
    /// Override the scenario's raw bytes per day (sets the event rate), e.g. "500 GB".
    #[arg(long)]
    volume: Option<String>,
    #[arg(long)]
    seed: Option<u64>,
    /// Comma-separated sources (default: all).
    #[arg(long, value_delimiter = ',')]
    sources: Vec<SourceKind>,
    /// Result JSON (written atomically).
    #[arg(long)]
    out: PathBuf,
    #[arg(long)]
    quiet: bool,
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Rows/s and raw MB/s per core per source (no Parquet), then the whole pipeline into a
    /// scratch warehouse: raw MB/s per core and peak RSS.
    Generate {
        #[arg(long)]
        scenario: PathBuf,
        #[arg(long)]
        seed: Option<u64>,
        /// Override the scenario's raw bytes per day (sets the end-to-end volume).
        #[arg(long)]
        volume: Option<String>,
        /// Seconds to time each source's generation.
        #[arg(long, default_value_t = 3.0)]
        seconds: f64,
        /// Threads for the end-to-end run (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Scratch warehouse for the end-to-end run (removed first); skip it when absent.
        #[arg(long)]
        lake: Option<PathBuf>,
        #[arg(long, default_value_t = WriteSettings::default().zstd_level)]
        zstd_level: i32,
        /// Write the measurements as JSON here.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum LakeCommand {
    /// List (and with --delete remove) data files no snapshot references, e.g. left by a
    /// killed run.
    Gc {
        #[arg(long, default_value = "./lake")]
        warehouse: PathBuf,
        #[arg(long, default_value = DEFAULT_NAMESPACE)]
        namespace: String,
        /// Only files older than this many seconds (files of a run in progress are younger).
        #[arg(long, default_value_t = 3600)]
        min_age_secs: u64,
        /// Remove them (default: only list).
        #[arg(long)]
        delete: bool,
    },
    /// Expire old snapshots, compact small data files per day partition, remove orphan files;
    /// report storage and query latency before and after.
    Maintain(MaintainArgs),
}

/// With a REST catalog only expiry runs: compaction and orphan removal need the embedded catalog
/// and a local warehouse.
#[derive(Parser)]
struct MaintainArgs {
    #[command(flatten)]
    lake: LakeArgs,
    /// Comma-separated tables (default: all tables of the namespace).
    #[arg(long, value_delimiter = ',')]
    tables: Vec<String>,
    /// Expire snapshots older than this, e.g. 7d, 12h, 0s.
    #[arg(long, default_value = "7d")]
    expire_older_than: String,
    /// Always keep this many of the newest snapshots (at least 1: the current one).
    #[arg(long, default_value_t = 1)]
    retain_last: usize,
    /// Size of compacted files; files under 3/4 of it are compacted.
    #[arg(long, default_value = "256 MiB")]
    target_file_size: String,
    /// Compact a partition only when it has at least this many small files.
    #[arg(long, default_value_t = 2)]
    min_input_files: usize,
    /// Remove orphan files only when older than this (younger ones may be a commit in progress).
    #[arg(long, default_value = "1h")]
    orphan_min_age: String,
    /// Plan and report only; change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Write the report as JSON here (atomically).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Hide the progress bar.
    #[arg(long)]
    quiet: bool,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// Iceberg tables in a warehouse (Parquet + ZSTD), the default.
    Iceberg,
    /// The sources' native raw formats, one folder per source.
    Raw,
}

/// Where the tables live: the same three options for every command that opens the lake.
#[derive(clap::Args)]
struct LakeArgs {
    /// Warehouse: a local folder (SQLite catalog at <warehouse>/catalog.db), or with
    /// --catalog-uri the REST catalog's warehouse (e.g. s3://bucket/lake).
    #[arg(long, default_value = "./lake")]
    warehouse: String,
    /// Iceberg REST catalog URI (S3 credentials/endpoint from AWS_* environment variables).
    #[arg(long)]
    catalog_uri: Option<String>,
    /// Iceberg namespace of the tables.
    #[arg(long, default_value = DEFAULT_NAMESPACE)]
    namespace: String,
}

impl LakeArgs {
    fn config(&self) -> LakeConfig {
        LakeConfig::from_args(&self.warehouse, self.catalog_uri.as_deref())
    }
}

#[derive(Parser)]
struct GenerateArgs {
    /// Scenario TOML file.
    #[arg(long)]
    scenario: PathBuf,
    #[arg(long, value_enum, default_value = "iceberg")]
    format: Format,
    /// Output folder for `--format raw`.
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(flatten)]
    lake: LakeArgs,
    /// ZSTD level of the Parquet files (random-identifier columns such as Zeek `uid` are
    /// always written at level 1: no level finds matches in random text).
    #[arg(long, default_value_t = WriteSettings::default().zstd_level)]
    zstd_level: i32,
    /// Target data file size, e.g. "256 MB".
    #[arg(long, default_value = "256 MiB")]
    target_file_size: String,
    /// Rows per Parquet row group.
    #[arg(long, default_value_t = WriteSettings::default().row_group_rows)]
    row_group_size: usize,
    /// Seed (default: the scenario's).
    #[arg(long)]
    seed: Option<u64>,
    /// Worker threads (default: all cores). Output does not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    /// Generate only slice i of n (1-based), e.g. 3/8; slices are disjoint and cover the run.
    #[arg(long, default_value = "1/1")]
    part: Part,
    /// Override the scenario's raw bytes per day, e.g. "500 GB".
    #[arg(long)]
    volume: Option<String>,
    /// Only generate events from this UTC time on (within the scenario).
    #[arg(long)]
    from: Option<String>,
    /// Only generate events before this UTC time.
    #[arg(long)]
    to: Option<String>,
    /// Comma-separated sources (default: all).
    #[arg(long, value_delimiter = ',')]
    sources: Vec<SourceKind>,
    /// Leave the scenario's attacks out: background only (e.g. a history for `lakeproof stream`
    /// to run on top of, whose attacks are then the only ones in the lake).
    #[arg(long)]
    no_attacks: bool,
    /// Hide progress bars.
    #[arg(long)]
    quiet: bool,
}

fn time_arg(name: &str, v: &Option<String>) -> Result<Option<Micros>> {
    v.as_deref()
        .map(|s| {
            parse_iso(s).with_context(|| {
                format!("--{name}: `{s}` is not a UTC time like 2026-11-02T00:00:00Z")
            })
        })
        .transpose()
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate(args) => generate(args),
        Command::Run(args) => run(args),
        Command::Stream(args) => stream(args),
        Command::Bench {
            command:
                BenchCommand::Generate {
                    scenario,
                    seed,
                    volume,
                    seconds,
                    threads,
                    lake,
                    zstd_level,
                    out,
                },
        } => bench_generate(scenario, seed, volume, seconds, threads, lake, zstd_level, out),
        Command::Lake {
            command: LakeCommand::Gc { warehouse, namespace, min_age_secs, delete },
        } => lake_gc(warehouse, &namespace, min_age_secs, delete),
        Command::Report(args) => report(args),
        Command::Cost(args) => cost(args),
        Command::Compare(args) => compare(args),
        Command::Results { command: ResultsCommand::Split { run, out_dir } } => {
            results_split(&run, &out_dir)
        }
        Command::Lake { command: LakeCommand::Maintain(args) } => lake_maintain(args),
    }
}

fn report(args: ReportArgs) -> Result<()> {
    use lakeproof_harness::report;
    let inputs = lakeproof_harness::workloads::results::Inputs::load(&args.inputs)?;
    let roadmap = report::roadmap::Roadmap::load(&args.roadmap)?;
    let prices = lakeproof_harness::cost::prices::Prices::load(&args.prices)?;
    let r = report::build(&inputs, &roadmap, &prices)?;
    let written = report::write(&r, &args.out)?;
    if let Some(score) = r.sections.iter().find(|s| s.id == "scorecard") {
        for t in &score.tables {
            print!("{}", report::markdown::table(t));
        }
    }
    println!(
        "report: {} and {} (plots: {})",
        written.markdown.display(),
        written.html.display(),
        written.pngs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    );
    Ok(())
}

fn cost(args: CostArgs) -> Result<()> {
    use lakeproof_harness::cost::{measured, monthly, parse_days, prices::Prices, Plan};
    let prices = Prices::load(&args.prices)?;
    let daily = parse_bytes(&args.daily)
        .with_context(|| format!("--daily: `{}` is not a size like 500GB", args.daily))?
        as f64;
    let retention = parse_days(&args.retention).with_context(|| {
        format!("--retention: `{}` is not a duration like 365d", args.retention)
    })?;
    let file_size = args
        .file_size
        .as_deref()
        .map(|s| {
            parse_bytes(s)
                .with_context(|| format!("--file-size: `{s}` is not a size"))
                .map(|b| b as f64)
        })
        .transpose()?;
    let (ratio, file_bytes, compute, source) = match args.ratio {
        Some(r) => {
            if !(r > 0.0) {
                bail!("--ratio must be positive");
            }
            (r, file_size, None, format!("ratio {r}× given"))
        }
        None => {
            let inputs = lakeproof_harness::workloads::results::Inputs::load(&args.ratio_from)?;
            let run =
                inputs.merged_run()?.context("--ratio-from: no run result among the files")?;
            let name = args
                .ratio_from
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ");
            let (r, f) = measured::ratio_and_file_size(&run, &name)?;
            let compute =
                measured::compute(&run, &prices, args.engine.as_deref(), daily, retention)?;
            (
                r,
                Some(file_size.unwrap_or(f)),
                Some(compute),
                format!(
                    "ratio {r:.2}× measured in {name} ({:.2} GB raw → {:.3} GB on disk)",
                    run.dataset.raw_bytes() as f64 / 1e9,
                    run.dataset.data_bytes() as f64 / 1e9
                ),
            )
        }
    };
    let tiering = match &args.tier_after {
        Some(d) => {
            let days = parse_days(d)
                .with_context(|| format!("--tier-after: `{d}` is not a duration like 30d"))?;
            Some((
                days,
                prices.storage(args.tier_class.as_deref().unwrap_or(&prices.tiering.class))?,
            ))
        }
        None => None,
    };
    let plan = Plan {
        daily_raw_bytes: daily,
        retention_days: retention,
        ratio,
        file_bytes,
        hot: prices.storage(&args.storage)?,
        tiering,
        reads: Some(&prices.reads),
        compute,
    };
    let bill = monthly(&plan);
    println!(
        "{} raw/day, {retention:.0} days retained, {source}; prices: {}",
        args.daily,
        prices.file.display()
    );
    for l in &bill.lines {
        println!("  {:>10}  {:<48} {}", format!("${:.2}", l.dollars), l.item, l.detail);
    }
    println!("  {:>10}  total per month (a month = 365/12 days)", format!("${:.2}", bill.total));
    Ok(())
}

fn compare(args: CompareArgs) -> Result<()> {
    use lakeproof_harness::compare::{compare, Thresholds};
    use lakeproof_harness::workloads::results::Inputs;
    let thresholds = Thresholds::load(&args.thresholds)?;
    let baseline = Inputs::load(&args.baseline)?;
    let contender = Inputs::load(&args.contender)?;
    let data =
        |i: &Inputs| i.runs.first().map(|(_, r)| (r.scenario.name.clone(), r.dataset.raw_bytes()));
    if let (Some(b), Some(c)) = (data(&baseline), data(&contender)) {
        if b != c {
            eprintln!("warning: the sides measured different data (baseline: scenario {} with {:.2} GB raw; contender: scenario {} with {:.2} GB raw): latencies are not comparable", b.0, b.1 as f64 / 1e9, c.0, c.1 as f64 / 1e9);
        }
    }
    let c = compare(&baseline, &contender, &thresholds);
    print!("{}", c.render());
    let gating = c.gating();
    if !gating.is_empty() {
        eprintln!(
            "{} regression(s): {}",
            gating.len(),
            gating
                .iter()
                .map(|r| format!("{} on {} ({})", r.name, r.engine, r.verdict.label()))
                .collect::<Vec<_>>()
                .join(", ")
        );
        std::process::exit(1);
    }
    Ok(())
}

fn results_split(run: &std::path::Path, out_dir: &std::path::Path) -> Result<()> {
    use lakeproof_harness::workloads::results::{load, split};
    let r = load(run)?;
    for (name, part) in split(&r) {
        let path = out_dir.join(name);
        lakeproof_harness::raw::write_atomic(&path, &serde_json::to_vec_pretty(&part)?)?;
        println!("{}: {} results", path.display(), part.results.len());
    }
    Ok(())
}

fn load_scenario(path: &std::path::Path, volume: &Option<String>) -> Result<Scenario> {
    let mut scenario = Scenario::load(path)?;
    if let Some(v) = volume {
        scenario.volume_per_day = parse_bytes(v)
            .with_context(|| format!("--volume: `{v}` is not a size like \"500 GB\""))?;
    }
    Ok(scenario)
}

fn all_cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn generate(args: GenerateArgs) -> Result<()> {
    let mut scenario = load_scenario(&args.scenario, &args.volume)?;
    if args.no_attacks {
        scenario.attacks.clear();
    }
    let from = time_arg("from", &args.from)?;
    let to = time_arg("to", &args.to)?;
    let window = match (from, to) {
        (None, None) => None,
        (f, t) => Some((f.unwrap_or(scenario.start), t.unwrap_or(scenario.end))),
    };
    if let Some((f, t)) = window {
        if t <= f {
            bail!("--to must be after --from");
        }
    }
    let seed = args.seed.unwrap_or(scenario.seed);
    let threads = args.threads.unwrap_or_else(all_cores);
    let sources =
        if args.sources.is_empty() { SourceKind::ALL.to_vec() } else { args.sources.clone() };
    let generator = Generator::new(scenario, seed);
    let stats = match args.format {
        Format::Raw => {
            let out = args.out.context("--format raw needs --out DIR")?;
            generate_raw(
                &generator,
                &RawOptions {
                    out,
                    sources,
                    part: args.part,
                    window,
                    threads,
                    progress: !args.quiet,
                },
            )?
        }
        Format::Iceberg => {
            let target_file_size = parse_bytes(&args.target_file_size).with_context(|| {
                format!("--target-file-size: `{}` is not a size", args.target_file_size)
            })? as usize;
            let settings = WriteSettings {
                zstd_level: args.zstd_level,
                target_file_size,
                row_group_rows: args.row_group_size,
                ..WriteSettings::default()
            };
            generate_lake(
                &generator,
                &LakeOptions {
                    lake: args.lake.config(),
                    namespace: args.lake.namespace,
                    sources,
                    part: args.part,
                    window,
                    threads,
                    settings,
                    progress: !args.quiet,
                },
            )?
        }
    };
    print_summary(&stats);
    Ok(())
}

fn print_summary(stats: &RunStats) {
    let gb = |b: u64| b as f64 / 1e9;
    for (name, s) in &stats.sources {
        println!(
            "{name:>16}: {:>12} rows, {:8.3} GB raw → {:8.3} GB on disk ({:.1}×), {} files",
            s.rows,
            gb(s.raw_bytes),
            gb(s.disk_bytes),
            s.ratio(),
            s.files
        );
    }
    let t = stats.total();
    let mbs = t.raw_bytes as f64 / 1e6 / stats.seconds.max(1e-9);
    println!(
        "{:>16}: {:>12} rows, {:8.3} GB raw in {:.1} s ({mbs:.0} raw-MB/s), {} labels",
        "total",
        t.rows,
        gb(t.raw_bytes),
        stats.seconds,
        stats.labels
    );
}

fn lake_gc(warehouse: PathBuf, namespace: &str, min_age_secs: u64, delete: bool) -> Result<()> {
    let rt = tokio::runtime::Runtime::new()?;
    let orphans = rt.block_on(async {
        let lake = Lake::open_local(&warehouse, namespace).await?;
        gc::find_orphans(&lake, std::time::Duration::from_secs(min_age_secs)).await
    })?;
    let bytes: u64 = orphans.iter().map(|o| o.bytes).sum();
    for o in &orphans {
        println!("{}\t{}\t{}", o.table, o.bytes, o.path.display());
        if delete {
            std::fs::remove_file(&o.path)
                .with_context(|| format!("removing {}", o.path.display()))?;
        }
    }
    println!(
        "{} unreferenced data files, {} bytes{}",
        orphans.len(),
        bytes,
        if delete { ", removed" } else { " (use --delete to remove)" }
    );
    Ok(())
}

fn lake_maintain(args: MaintainArgs) -> Result<()> {
    use lakeproof_harness::lake::maintain::{maintain, parse_duration, report, MaintainOptions};
    let duration = |name: &str, v: &str| {
        parse_duration(v)
            .with_context(|| format!("--{name}: `{v}` is not a duration like 7d, 12h, 30m, 0s"))
    };
    let opts = MaintainOptions {
        tables: args.tables,
        expire_older_than: duration("expire-older-than", &args.expire_older_than)?,
        retain_last: args.retain_last,
        target_file_size: parse_bytes(&args.target_file_size).with_context(|| {
            format!("--target-file-size: `{}` is not a size", args.target_file_size)
        })?,
        min_input_files: args.min_input_files,
        orphan_min_age: duration("orphan-min-age", &args.orphan_min_age)?,
        dry_run: args.dry_run,
        progress: !args.quiet,
        fail_before_commit: false,
    };
    let rt = tokio::runtime::Runtime::new()?;
    let result = rt.block_on(async {
        let lake = Lake::open(&args.lake.config(), &args.lake.namespace).await?;
        maintain(&lake, &opts).await
    })?;
    print!("{}", report::render(&result));
    if let Some(out) = &args.out {
        lakeproof_harness::raw::write_atomic(out, &serde_json::to_vec_pretty(&result)?)?;
        println!("report: {}", out.display());
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn bench_generate(
    scenario: PathBuf,
    seed: Option<u64>,
    volume: Option<String>,
    seconds: f64,
    threads: Option<usize>,
    lake: Option<PathBuf>,
    zstd_level: i32,
    out: Option<PathBuf>,
) -> Result<()> {
    use lakeproof_harness::bench::{encoding_speed, generation_speed, lake_speed};
    let scenario = load_scenario(&scenario, &volume)?;
    let seed = seed.unwrap_or(scenario.seed);
    let generator = Generator::new(scenario, seed);
    let settings = WriteSettings { zstd_level, ..WriteSettings::default() };
    let print = |speeds: &[lakeproof_harness::bench::SourceSpeed]| {
        for s in speeds {
            println!(
                "  {:>16} {:>9}: {:>10.0} rows/s {:>8.0} raw-MB/s",
                s.source, s.mode, s.rows_per_sec, s.raw_mb_per_sec
            );
        }
    };
    println!("generation alone, one thread ({seconds} s per source):");
    let mut speeds = generation_speed(&generator, &SourceKind::ALL, false, seconds);
    speeds.extend(generation_speed(&generator, &SourceKind::ALL, true, seconds));
    print(&speeds);
    let mut report = serde_json::json!({});
    if let Some(dir) = lake {
        if dir.exists() {
            std::fs::remove_dir_all(&dir).with_context(|| format!("clearing {}", dir.display()))?;
        }
        let threads = threads.unwrap_or_else(all_cores);
        let opts = LakeOptions {
            lake: LakeConfig::Embedded { dir },
            namespace: DEFAULT_NAMESPACE.into(),
            sources: SourceKind::ALL.to_vec(),
            part: Part::WHOLE,
            window: None,
            threads,
            settings: settings.clone(),
            progress: true,
        };
        let l = lake_speed(&generator, &opts)?;
        print_summary(&l.stats);
        println!(
            "end to end into Iceberg: {:.0} raw-MB/s on {} threads = {:.0} raw-MB/s per thread, {:.0} raw-MB per CPU-second; peak RSS {:.0} MB",
            l.raw_mb_per_sec, l.threads, l.raw_mb_per_sec_per_thread, l.raw_mb_per_cpu_sec, l.peak_rss_bytes as f64 / 1e6
        );
        report["lake"] = serde_json::to_value(&l)?;
    }
    // After the lake run: the batches it holds would otherwise count in the lake's peak RSS.
    println!("Parquet encoding alone (batches generated beforehand), one thread ({seconds} s per source):");
    let encoding = encoding_speed(&generator, &SourceKind::ALL, &settings, 1 << 19, seconds)?;
    print(&encoding);
    speeds.extend(encoding);
    report["generation"] = serde_json::to_value(&speeds)?;
    if let Some(out) = out {
        lakeproof_harness::raw::write_atomic(&out, &serde_json::to_vec_pretty(&report)?)?;
    }
    Ok(())
}

fn stream(args: StreamArgs) -> Result<()> {
    use lakeproof_harness::stream::{parse_duration, run_stream, StreamOptions};
    let duration_arg = |name: &str, v: &str| {
        parse_duration(v)
            .with_context(|| format!("--{name}: `{v}` is not a duration like 90s, 15m or 2h"))
    };
    let mut scenario = load_scenario(&args.scenario, &args.volume)?;
    if let Some(start) = time_arg("start", &args.start)? {
        scenario.start = start;
    }
    scenario.end = scenario.start + duration_arg("duration", &args.duration)?;
    // Attacks pinned to times outside the streamed range are placed inside it instead (same
    // number of instances, seed-chosen times), so every kind the scenario names is streamed.
    let (start, end) = (scenario.start, scenario.end);
    for a in &mut scenario.attacks {
        if a.at.iter().any(|&t| t < start || t >= end) {
            a.count = a.at.len() as u32;
            a.at.clear();
        }
    }
    let seed = args.seed.unwrap_or(scenario.seed);
    let sources =
        if args.sources.is_empty() { SourceKind::ALL.to_vec() } else { args.sources.clone() };
    let generator = Generator::new(scenario, seed);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = stop.clone();
    // Ctrl-C stops after the step in progress: every commit made is intact, the result is written.
    std::thread::spawn(move || {
        if let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() {
            if rt.block_on(tokio::signal::ctrl_c()).is_ok() {
                eprintln!("stopping after the current step (Ctrl-C)");
                flag.store(true, std::sync::atomic::Ordering::SeqCst);
            }
        }
    });
    let opts = StreamOptions {
        lake: args.lake.config(),
        namespace: args.lake.namespace,
        sources,
        speed: args.speed,
        commit_interval: duration_arg("commit-interval", &args.commit_interval)?,
        alert_interval: duration_arg("alert-interval", &args.alert_interval)?,
        alerts: args.alerts,
        workloads_dir: args.workloads,
        root: std::env::current_dir()?,
        settings: WriteSettings::default(),
        progress: !args.quiet,
        stop,
    };
    let result = run_stream(&generator, &opts)?;
    lakeproof_harness::raw::write_atomic(&args.out, &serde_json::to_vec_pretty(&result)?)?;
    print_stream_summary(&result);
    println!("results: {}", args.out.display());
    Ok(())
}

fn print_stream_summary(r: &lakeproof_harness::stream::result::StreamResult) {
    let last = r.commits.last();
    println!(
        "streamed {} rows ({:.1} MB raw) in {} commits{}; after it: {} snapshots, {} data files, avg {:.1} KB, metadata {:.1} KB; max lag {:.1} s",
        r.rows,
        r.raw_bytes as f64 / 1e6,
        r.commits.len(),
        if r.interrupted { " (interrupted)" } else { "" },
        last.map_or(0, |c| c.snapshots),
        last.map_or(0, |c| c.data_files),
        last.map_or(0.0, |c| c.avg_file_bytes / 1e3),
        last.map_or(0, |c| c.metadata_bytes) as f64 / 1e3,
        r.max_lag_ms / 1000.0
    );
    let Some(engine) = &r.settings.engine else { return };
    let s = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.1}"));
    println!(
        "{:<34} {:>9} {:>12} {:>12} {:>12} {:>12} {:>7}",
        "rule", "detected", "latency p50", "latency max", "query p95 ms", "query max ms", "false"
    );
    for rule in &r.rules {
        println!(
            "{:<34} {:>5}/{:<3} {:>12} {:>12} {:>12} {:>12} {:>7}{}",
            rule.rule,
            rule.detected,
            rule.expected,
            s(rule.latency_s.p50),
            s(rule.latency_s.max),
            s(rule.query_ms.p95),
            s(rule.query_ms.max),
            rule.false_alert_events,
            rule.error.as_ref().map_or(String::new(), |e| format!(
                "  error: {}",
                e.chars().take(120).collect::<String>()
            ))
        );
    }
    println!("{engine}: {}", r.overall.verdict());
}

fn run(args: RunArgs) -> Result<()> {
    use lakeproof_harness::workloads::runner::{run, RunOptions};
    let scenario = Scenario::load(&args.scenario)?;
    let root = std::env::current_dir()?;
    let postgres = match &args.postgres {
        Some(url) => {
            let pg = lakeproof_harness::inventory::parse_url(url)?;
            let org = lakeproof_generators::entities::Org::build(
                &scenario.org,
                args.seed.unwrap_or(scenario.seed),
            );
            lakeproof_harness::inventory::load(&org, &pg)?;
            Some(pg)
        }
        None => None,
    };
    let opts = RunOptions {
        lake: args.lake.config(),
        namespace: args.lake.namespace,
        engines: args.engines,
        profiles: args.profiles,
        workloads_dir: args.workloads,
        root,
        scenario_name: scenario.name.clone(),
        scenario_file: args.scenario.display().to_string(),
        start: scenario.start,
        end: scenario.end,
        postgres,
        verbose: true,
        iterations: args.iterations,
        warmup: args.warmup,
    };
    let mut result = run(&opts)?;
    // What makes two runs comparable: the same scenario bytes and seed.
    result.scenario.hash =
        Some(lakeproof_harness::workloads::results::file_sha256(&args.scenario)?);
    result.scenario.seed = Some(args.seed.unwrap_or(scenario.seed));
    lakeproof_harness::raw::write_atomic(&args.out, &serde_json::to_vec_pretty(&result)?)?;
    print_run_summary(&result);
    println!("results: {}", args.out.display());
    Ok(())
}

fn print_run_summary(r: &lakeproof_harness::workloads::results::RunResult) {
    use lakeproof_harness::workloads::results::percentile;
    println!(
        "{:<10} {:<10} {:<36} {:>9} {:>10} {:>10} {:>8} {}",
        "engine", "profile", "query", "status", "cold ms", "best ms", "rows", "check"
    );
    for q in &r.results {
        let check = match (&q.recall, q.mismatch) {
            (_, true) => "MISMATCH".to_string(),
            (Some(rc), _) => format!("recall {}/{}", rc.found, rc.expected),
            _ => String::new(),
        };
        println!(
            "{:<10} {:<10} {:<36} {:>9} {:>10.1} {:>10.1} {:>8} {}",
            q.engine,
            q.profile,
            q.query,
            q.status,
            q.cold_ms.unwrap_or(f64::NAN),
            q.best_hot_ms().unwrap_or(f64::NAN),
            q.rows.unwrap_or(0),
            check
        );
    }
    for p in &r.profiles {
        for e in &r.engines {
            let hot: Vec<f64> = r
                .results
                .iter()
                .filter(|q| q.profile == p.name && q.engine == e.name)
                .flat_map(|q| q.hot_ms.clone())
                .collect();
            if let Some(p95) = percentile(&hot, 95.0) {
                println!(
                    "{:<10} {:<10} p95 {:.1} ms over {} runs (target {} ms)",
                    e.name,
                    p.name,
                    p95,
                    hot.len(),
                    p.target_ms
                );
            }
        }
    }
}
