//! `lakeproof source check FILE`: compile a source definition, generate an hour of it for an
//! 800-person organisation, check every raw record parses in the declared format, and print a
//! sample of raw events and the Arrow rows the lake would hold. `lakeproof source new NAME
//! --like json|syslog|csv` writes a starting definition that already passes `check`.

use anyhow::{anyhow, bail, Result};
use lakeproof_generators::scenario::Scenario;
use lakeproof_generators::sources::defined::{self, Definition, Format};
use lakeproof_generators::{Generator, Part, Want};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Validate a definition (errors name the file, line and field), generate a sample and
    /// check that every raw record parses in the declared format; print raw events and rows.
    Check {
        /// The definition (TOML).
        file: PathBuf,
        /// Raw events to print.
        #[arg(long, default_value_t = 8)]
        show: usize,
        /// Arrow rows to print.
        #[arg(long, default_value_t = 2)]
        rows: usize,
    },
    /// Write a starting definition for a new source (refuses to overwrite a file).
    New {
        /// The source (table) name: lower-case letters, digits and _.
        name: String,
        /// The raw format to start from.
        #[arg(long, value_enum, default_value_t = Like::Json)]
        like: Like,
        /// Where to write it (default: scenarios/sources/NAME.toml).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Like {
    Json,
    Syslog,
    Csv,
}

impl Args {
    pub fn run(self) -> Result<()> {
        match self.command {
            Command::Check { file, show, rows } => check(&file, show, rows),
            Command::New { name, like, out } => new(&name, like, out),
        }
    }
}

fn check(file: &Path, show: usize, rows: usize) -> Result<()> {
    let def = Definition::load(file).map_err(|e| anyhow!(e))?;
    let name = def.name;
    println!(
        "{}: source `{name}` ({}), {} columns, {} event types, format {}, hosts {:?}",
        file.display(),
        def.title,
        def.columns.len(),
        def.events.len(),
        def.format.name(),
        def.hosts
    );
    let format = def.format;
    let abs = std::fs::canonicalize(file)?;
    let attacks: Vec<&str> = def.attacks.iter().map(|a| a.name).collect();
    let key_column = def.key_slot.map(|k| def.columns[k].name.clone());
    let text = defined::solo_scenario(name, &abs, &attacks);
    let scenario = Scenario::parse(&text, Path::new("source-check.toml"))?;
    let kind = defined::find(name).ok_or_else(|| anyhow!("`{name}` did not register"))?;
    let g = Generator::new(scenario, 42);
    let (mut raw, mut n, mut bytes) = (Vec::new(), 0usize, 0u64);
    let (mut batches, mut labels) = (Vec::new(), Vec::new());
    for u in g.units(kind, Part::WHOLE, None) {
        let b = g.generate(&u, Want { raw: true, arrow: true });
        n += b.rows;
        bytes += b.raw_bytes;
        for d in b.raw_docs {
            raw.extend(d.bytes);
        }
        batches.extend(b.batch);
        labels.extend(b.labels);
    }
    let batch = batches.first().cloned();
    let text = String::from_utf8(raw).map_err(|_| anyhow!("raw output is not UTF-8"))?;
    let records = defined::parse_check(format, &text).map_err(|e| anyhow!("raw output: {e}"))?;
    println!(
        "one working hour: {n} events, {records} raw records parse as {}, {:.0} raw bytes per event",
        format.name(),
        bytes as f64 / n.max(1) as f64
    );
    println!("\nraw, first {show}:");
    let skip = usize::from(matches!(format, Format::Csv | Format::Tsv));
    for l in text.lines().take(show + skip) {
        println!("  {l}");
    }
    let batch = batch.ok_or_else(|| anyhow!("no rows"))?;
    println!("\nrows, first {rows} of the first block ({} columns):", batch.num_columns());
    for r in 0..rows.min(batch.num_rows()) {
        for (k, v) in defined::row_text(&batch, r) {
            println!("  {k:<24} {v}");
        }
        println!();
    }
    if n == 0 {
        bail!("the definition generated no events");
    }
    // Each attack, injected once at 14:10: its labelled events, and the first of them as rows.
    for a in &attacks {
        let mine: Vec<_> = labels.iter().filter(|l| l.kind.name() == *a).collect();
        let (Some(first), Some(last)) = (mine.first(), mine.iter().map(|l| l.time).max()) else {
            bail!("attack `{a}` injected no events (are its steps' counts 0?)");
        };
        println!(
            "attack {a} ({}): {} labelled events over {:.0} s; first {}:",
            first.kind.technique(),
            mine.len(),
            (last - mine.iter().map(|l| l.time).min().unwrap_or(last)) as f64 / 1e6,
            rows.min(mine.len())
        );
        let key_column = key_column.as_deref().unwrap_or_default();
        for l in mine.iter().take(rows) {
            let row = batches.iter().find_map(|b| {
                (0..b.num_rows()).find_map(|r| {
                    let cells = defined::row_text(b, r);
                    cells.iter().any(|(k, v)| k == key_column && *v == l.event_key).then_some(cells)
                })
            });
            for (k, v) in row.into_iter().flatten().filter(|(_, v)| v != "NULL") {
                println!("  {k:<24} {v}");
            }
            println!();
        }
    }
    Ok(())
}

/// The scaffolds: one event type with a follow-up, entity links and a choice, in each format.
const JSON: &str = include_str!("source_templates/json.toml");
const SYSLOG: &str = include_str!("source_templates/syslog.toml");
const CSV: &str = include_str!("source_templates/csv.toml");

fn new(name: &str, like: Like, out: Option<PathBuf>) -> Result<()> {
    let ok = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    if !ok {
        bail!("`{name}` is not a source name (lower-case letters, digits and _, not starting with a digit)");
    }
    let path = out.unwrap_or_else(|| PathBuf::from(format!("scenarios/sources/{name}.toml")));
    if path.exists() {
        bail!("{} exists; not overwriting it", path.display());
    }
    let template = match like {
        Like::Json => JSON,
        Like::Syslog => SYSLOG,
        Like::Csv => CSV,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    lakeproof_harness::util::fs::write_atomic(&path, template.replace("NAME", name).as_bytes())?;
    // `[sources]` paths are relative to the scenario file: name it as a scenario in the folder
    // above `sources/` would (scenarios/byo.toml names sources/okta.toml).
    let (entry, relative_to) = match (path.parent().and_then(|p| p.file_name()), path.file_name()) {
        (Some(dir), Some(file)) if dir == "sources" => {
            (format!("sources/{}", file.to_string_lossy()), "a scenario beside sources/")
        }
        _ => (path.display().to_string(), "the scenario file"),
    };
    println!(
        "wrote {}: edit its columns and events, then `lakeproof source check {}`; add it to a scenario with\n  [sources]\n  {name} = \"{entry}\"   # relative to {relative_to}\n  [mix]\n  {name} = 0.02",
        path.display(),
        path.display(),
    );
    Ok(())
}
