//! `lakeproof report`: turns run results into the roadmap scorecard, compression, latency,
//! engine fit, a monthly bill and plots, written as `report.md` (+ PNGs) and a self-contained
//! `report.html`. Every number comes from the input files; each section says how it was measured.
//!
//! The report is assembled once as [`Section`]s (text, tables, plots), and the Markdown and HTML
//! writers only render them, so the two formats cannot disagree.

mod detections;
pub mod fit;
pub mod html;
pub mod latency;
pub mod maintenance;
pub mod markdown;
pub mod plots;
pub mod roadmap;
pub mod scaling;
pub mod scorecard;

use crate::cost::measured;
use crate::cost::prices::Prices;
use crate::cost::{monthly, Bill, Plan};
use crate::results::run::RunResult;
use crate::results::stream::StreamResult;
use crate::results::Inputs;
use anyhow::{Context, Result};
use lakeproof_generators::scenario::parse_bytes;
use plots::{CompressionBar, CostLine, CostPlot, GrowthPlot, LatencyBar, Plot};
use roadmap::Roadmap;
use std::path::{Path, PathBuf};

pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

pub struct Section {
    /// Anchor and element id prefix (`<id>-table`, `plot-<plot name>`).
    pub id: &'static str,
    pub title: String,
    /// Paragraphs before the tables.
    pub text: Vec<String>,
    pub tables: Vec<Table>,
    /// Plot file stem (`<name>.png`, `plot-<name>`), its alt text, and the plot.
    pub plot: Option<(&'static str, String, Plot)>,
}

pub struct Report {
    pub title: String,
    pub sections: Vec<Section>,
}

/// What the report read, for its header and every "how measured".
fn volume_note(run: &RunResult, files: usize) -> String {
    let days = run.scenario.days().unwrap_or(0.0);
    let raw = run.dataset.raw_bytes() as f64 / 1e9;
    let mut id = format!("scenario `{}`", run.scenario.name);
    if let Some(seed) = run.scenario.seed {
        id += &format!(" seed {seed}");
    }
    if let Some(h) = &run.scenario.hash {
        id += &format!(" (sha256 {})", &h[..h.len().min(12)]);
    }
    format!(
        "{id}: {raw:.2} GB raw over {days:.1} days ({:.2} GB/day) on a {} machine, {} result file{}",
        if days > 0.0 { raw / days } else { raw },
        run.machine.kind(),
        files,
        if files == 1 { "" } else { "s" }
    )
}

fn ms(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| {
        if v >= 1000.0 {
            format!("{:.2} s", v / 1000.0)
        } else {
            format!("{v:.1} ms")
        }
    })
}

fn gb(b: u64) -> String {
    format!("{:.3}", b as f64 / 1e9)
}

fn strings<const N: usize>(v: [&str; N]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// Build the report from loaded inputs (at least one run result, or a sweep whose largest
/// volume's run is used), a roadmap and a price table.
pub fn build(inputs: &Inputs, roadmap: &Roadmap, prices: &Prices) -> Result<Report> {
    let sweep_run = if inputs.runs.is_empty() { inputs.sweep_run()? } else { None };
    let run = match &sweep_run {
        Some((_, run)) => run.clone(),
        None => inputs.merged_run()?.context(
            "report needs at least one run result (`lakeproof run --out FILE`) or a sweep (`lakeproof sweep --out FILE`)",
        )?,
    };
    let files: Vec<&Path> = match &sweep_run {
        Some((p, _)) => vec![p.as_path()],
        None => inputs.runs.iter().map(|(p, _)| p.as_path()).collect(),
    };
    let note = volume_note(&run, files.len());
    let mut sections = Vec::new();

    // Scorecard.
    let rows = scorecard::build(
        roadmap,
        &scorecard::Inputs {
            run: &run,
            prices,
            volume_note: note.clone(),
            streams: &inputs.streams,
            target_daily: roadmap
                .criteria
                .iter()
                .find_map(|c| c.daily_volume.as_deref().and_then(parse_bytes))
                .map(|b| b as f64),
            sweep: inputs.sweeps.last().map(|(p, s)| (p.as_path(), s)),
            ocsf: inputs.ocsf.last().map(|(p, v)| (p.as_path(), v)),
        },
    )?;
    sections.push(Section {
        id: "scorecard",
        title: "Roadmap scorecard".into(),
        text: vec![
            format!("Measured on {note}. Latencies are median hot runs unless a criterion says otherwise; a latency criterion passes when at least one engine meets it."),
        ],
        tables: vec![Table {
            headers: strings(["phase", "criterion", "target", "measured", "verdict", "how measured"]),
            rows: rows.iter().map(|r| vec![r.phase.to_string(), r.criterion.clone(), r.target.clone(), r.measured(), r.verdict(), r.how.clone()]).collect(),
        }],
        plot: None,
    });

    // Compression.
    let band = roadmap
        .criteria
        .iter()
        .find(|c| c.id == "compression")
        .map_or((10.0, 20.0), |c| (c.target, c.band_top.unwrap_or(c.target)));
    let mut comp_rows: Vec<Vec<String>> = run
        .dataset
        .sources()
        .map(|(name, t)| {
            let per_event = |b: u64| {
                if t.rows > 0 {
                    format!("{:.0}", b as f64 / t.rows as f64)
                } else {
                    "-".into()
                }
            };
            vec![
                name.clone(),
                t.rows.to_string(),
                gb(t.raw_bytes),
                gb(t.data_bytes),
                format!("{:.1}×", t.ratio()),
                per_event(t.raw_bytes),
                per_event(t.data_bytes),
                t.data_files.to_string(),
            ]
        })
        .collect();
    comp_rows.push(vec![
        "total".into(),
        run.dataset.sources().map(|(_, t)| t.rows).sum::<u64>().to_string(),
        gb(run.dataset.raw_bytes()),
        gb(run.dataset.data_bytes()),
        run.dataset.ratio().map_or("-".into(), |r| format!("{r:.1}×")),
        String::new(),
        String::new(),
        run.dataset.data_files().to_string(),
    ]);
    sections.push(Section {
        id: "compression",
        title: "Compression per source".into(),
        text: vec![format!(
            "Raw-equivalent bytes are the exact native-format size of the same events (counted by the lake writer as it generates them); on-disk bytes are the committed Parquet data files of the snapshot every engine read. The labels table has no raw form and is left out. {note}."
        )],
        tables: vec![Table { headers: strings(["source", "rows", "raw GB", "on-disk GB", "ratio", "raw B/event", "on-disk B/event", "files"]), rows: comp_rows }],
        plot: Some((
            "compression",
            "Compression ratio per source".into(),
            Plot::Compression { bars: run.dataset.sources().map(|(n, t)| CompressionBar { source: n.clone(), ratio: t.ratio() }).collect(), band, caption: format!("Compression per source ({:.1} GB raw, scenario {})", run.dataset.raw_bytes() as f64 / 1e9, run.scenario.name) },
        )),
    });

    // Latency per profile.
    let prof = latency::profiles(&run);
    sections.push(Section {
        id: "profiles",
        title: "Latency per workload profile".into(),
        text: vec![format!(
            "Each profile's own target statistic over every hot run of its successful queries (with concurrency, all clients' runs pooled). The plot shows the geometric mean of the queries' median hot runs; failed queries are left out of both and counted in the last column. {note}."
        )],
        tables: vec![Table {
            headers: strings(["profile", "engine", "statistic", "measured", "target", "meets target", "queries ok / failed", "geometric mean of medians"]),
            rows: prof
                .iter()
                .map(|r| vec![r.profile.into(), r.engine.into(), latency::stat_name(r.stat).into(), ms(r.value), ms(Some(r.target_ms)), if r.meets_target() { "yes".into() } else { "no".into() }, format!("{} / {}", r.ok, r.failed), ms(r.geomean)])
                .collect(),
        }],
        plot: Some((
            "latency",
            "Latency by engine and profile".into(),
            Plot::Latency {
                bars: prof.iter().filter_map(|r| r.geomean.map(|g| LatencyBar { profile: r.profile.into(), engine: r.engine.into(), ms: g })).collect(),
                caption: "Geometric mean of median hot latency, by profile and engine".into(),
            },
        )),
    });

    // Engine fit.
    let fit_table = |run: &RunResult, label: &str| Table {
        headers: strings(["profile", "workload", "roadmap's fit", label, "verdict"]),
        rows: fit::build(run, roadmap)
            .iter()
            .map(|f| {
                let ranking = f
                    .ranking
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        let failed = if r.failed > 0 {
                            format!(", {} failed", r.failed)
                        } else {
                            String::new()
                        };
                        format!("{}. {} {:.2}×{failed}", i + 1, r.engine, r.score)
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                vec![
                    f.profile.clone(),
                    f.workload.clone(),
                    f.claimed.join(", "),
                    format!("{ranking} ({} queries)", f.queries),
                    f.sentence.clone(),
                ]
            })
            .collect(),
    };
    let mut fit_text = vec![
        "Per profile, engines ranked by the geometric mean over its queries of (engine time + 10 ms) ÷ (best engine's time + 10 ms), median hot runs, as ClickBench ranks; a failed query counts as the profile's timeout. Only queries at least one engine answered are ranked. The roadmap's recommendation (pitfall 5's table; phase 2 for dashboards) stands beside it.".into(),
        format!("Measured on {note}, on one {}-core machine: the roadmap's recommendations are about engines running as clusters at production volume, so where this ranking disagrees it says how the engines compare on this machine and data, not that the roadmap is wrong at scale.", run.machine.cpus),
    ];
    let mut fit_tables = vec![fit_table(&run, "measured ranking")];
    if let Some((path, sweep)) = inputs.sweeps.last() {
        fit_text.push(format!("The second table ranks the same way on each query's hot latency projected to {:.0} GB/day ({}; a query without a projection counts as failed), still on {} cores: a projection of this machine, not a cluster.", sweep.target.daily_raw_bytes as f64 / 1e9, path.display(), sweep.machine.cpus));
        fit_tables
            .push(fit_table(&fit::projected_run(&run, sweep), "ranking at the projected volume"));
    }
    sections.push(Section {
        id: "fit",
        title: "Engine fit".into(),
        text: fit_text,
        tables: fit_tables,
        plot: None,
    });

    sections.push(cost_section(&run, roadmap, prices, &files)?);
    if let Some(section) = stream_section(&inputs.streams) {
        sections.push(section);
    }
    if let Some(section) = maintenance::section(&inputs.maintenance) {
        sections.push(section);
    }
    if let Some(section) = scaling::section(&inputs.sweeps, prices) {
        sections.push(section);
    }

    if let Some(section) = detections::section(&run, &note) {
        sections.push(section);
    }

    // Per query.
    sections.push(Section {
        id: "queries",
        title: "Latency per query".into(),
        text: vec![format!("Hot runs are the timed runs after warm-up; cold is the first run after the engine opened the tables. {note}.")],
        tables: vec![Table {
            headers: strings(["profile", "query", "engine", "status", "hot p50", "hot p95", "cold", "hot runs"]),
            rows: latency::queries(&run).iter().map(|q| vec![q.profile.into(), q.query.into(), q.engine.into(), q.status.into(), ms(q.p50), ms(q.p95), ms(q.cold), q.runs.to_string()]).collect(),
        }],
        plot: None,
    });

    if !inputs.benches.is_empty() {
        let mut rows = Vec::new();
        for (path, b) in &inputs.benches {
            for g in &b.generation {
                rows.push(vec![
                    path.display().to_string(),
                    format!("{} ({})", g.source, g.mode),
                    format!("{:.0}", g.raw_mb_per_sec),
                ]);
            }
            if let Some(l) = &b.lake {
                rows.push(vec![
                    path.display().to_string(),
                    "end to end into Iceberg".into(),
                    format!("{:.0}", l.raw_mb_per_sec),
                ]);
            }
        }
        sections.push(Section {
            id: "generation",
            title: "Generator throughput".into(),
            text: vec!["From `lakeproof bench generate` outputs: generation alone on one thread per source, and the whole pipeline into Iceberg (wall clock, all threads).".into()],
            tables: vec![Table { headers: strings(["file", "measurement", "raw MB/s"]), rows }],
            plot: None,
        });
    }

    let mut inputs_rows = vec![
        vec![
            "result files".into(),
            files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", "),
        ],
        vec!["lakeproof version".into(), run.tool_version.clone()],
        vec![
            "machine".into(),
            format!(
                "{} ({} CPUs, {:.1} GB memory, {})",
                run.machine.kind(),
                run.machine.cpus,
                run.machine.memory_bytes as f64 / 1e9,
                run.machine.os
            ),
        ],
        vec![
            "scenario".into(),
            format!(
                "{} ({}, {} → {})",
                run.scenario.name, run.scenario.file, run.scenario.start, run.scenario.end
            ),
        ],
        vec!["run".into(), format!("{} → {}", run.started_at, run.finished_at)],
    ];
    for e in &run.engines {
        inputs_rows
            .push(vec![format!("engine {}", e.name), format!("{} — {}", e.version, e.access_path)]);
    }
    sections.push(Section {
        id: "inputs",
        title: "Inputs".into(),
        text: vec![],
        tables: vec![Table { headers: strings(["what", "value"]), rows: inputs_rows }],
        plot: None,
    });

    Ok(Report { title: format!("lakeproof report — scenario {}", run.scenario.name), sections })
}

/// Streaming runs: detection latency and recall per rule against the 2-minute target, and how
/// snapshots and files grew under small commits (the plot is the first run's).
fn stream_section(streams: &[(PathBuf, StreamResult)]) -> Option<Section> {
    let (_, first) = streams.first()?;
    let secs = |v: Option<f64>| v.map_or("-".into(), |v| format!("{v:.1} s"));
    let mut text = vec!["Each run fed the scenario into the lake on an accelerated clock, committing at every commit interval, while the alerting profile's rules ran every alert interval over a sliding window on one engine re-attached to the newest snapshots. Detection latency = the alert round's scenario time − the newest labelled event of the attack in the first answer that held it, plus the query's own (unaccelerated) time. False alerts are distinct background events (no label) a rule returned.".to_string()];
    let mut tables = Vec::new();
    for (path, s) in streams {
        let o = &s.overall;
        let last = s.commits.last();
        text.push(format!(
            "{}: {} on {} {}, {:.0} scenario minutes at {}× ({:.1} MB/day raw, {:.0} events per scenario second), a commit every {:.0} s, rounds every {:.0} s over {:.0} minutes; {}; after {} commits: {} snapshots, {} data files averaging {:.1} KB, {:.1} KB of metadata; the machine fell behind the clock by at most {:.1} s{}.",
            path.display(),
            s.scenario,
            s.settings.engine.as_deref().unwrap_or("no engine"),
            s.settings.engine_version.as_deref().unwrap_or(""),
            s.settings.duration_s / 60.0,
            s.settings.speed,
            s.settings.volume_per_day as f64 / 1e6,
            s.settings.events_per_scenario_second,
            s.settings.commit_interval_s,
            s.settings.alert_interval_s,
            s.settings.alert_window_minutes,
            o.verdict(),
            s.commits.len(),
            last.map_or(0, |c| c.snapshots),
            last.map_or(0, |c| c.data_files),
            last.map_or(0.0, |c| c.avg_file_bytes / 1e3),
            last.map_or(0, |c| c.metadata_bytes) as f64 / 1e3,
            s.max_lag_ms / 1000.0,
            if s.interrupted { " (interrupted)" } else { "" }
        ));
        tables.push(Table {
            headers: strings([
                "rule",
                "detected",
                "latency p50",
                "latency p95",
                "latency max",
                "query p95",
                "false alerts",
                "error",
            ]),
            rows: s
                .rules
                .iter()
                .map(|r| {
                    vec![
                        r.rule.clone(),
                        format!("{}/{}", r.detected, r.expected),
                        secs(r.latency_s.p50),
                        secs(r.latency_s.p95),
                        secs(r.latency_s.max),
                        ms(r.query_ms.p95),
                        r.false_alert_events.to_string(),
                        r.error.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
        });
    }
    let t0 = lakeproof_generators::fmt::parse_iso(&format!(
        "{}Z",
        first.settings.start.replace(' ', "T")
    ))?;
    let minutes = |at: &str| {
        lakeproof_generators::fmt::parse_iso(&format!("{}Z", at.replace(' ', "T")))
            .map_or(0.0, |t| (t - t0) as f64 / 60e6)
    };
    let plot = GrowthPlot {
        files: first.commits.iter().map(|c| (minutes(&c.at), c.data_files as f64)).collect(),
        query_ms: first
            .rounds
            .iter()
            .map(|r| (minutes(&r.at), r.query_ms.values().sum()))
            .collect(),
        caption: format!(
            "Files and alert query time as the stream commits every {:.0} s",
            first.settings.commit_interval_s
        ),
    };
    Some(Section {
        id: "stream",
        title: "Streaming: alert latency and small-file growth".into(),
        text,
        tables,
        plot: Some((
            "stream",
            "Data files and alert query time during the stream".into(),
            Plot::Growth(plot),
        )),
    })
}

fn bill_table(bill: &Bill) -> Table {
    let mut rows: Vec<Vec<String>> = bill
        .lines
        .iter()
        .map(|l| vec![l.item.clone(), l.detail.clone(), format!("${:.2}", l.dollars)])
        .collect();
    rows.push(vec!["total".into(), String::new(), format!("${:.2}", bill.total)]);
    Table { headers: strings(["item", "how", "$/month"]), rows }
}

fn cost_section(
    run: &RunResult,
    roadmap: &Roadmap,
    prices: &Prices,
    files: &[&Path],
) -> Result<Section> {
    let c = roadmap
        .criteria
        .iter()
        .find(|c| c.id == "storage_cost")
        .context("roadmap has no storage_cost criterion: the cost section prices its plan")?;
    let volume = c.daily_volume.clone().unwrap_or_else(|| "500 GB".into());
    let daily = parse_bytes(&volume)
        .with_context(|| format!("roadmap: `daily_volume` = {volume:?} is not a size"))?
        as f64;
    let retention = c.retention_days.unwrap_or(365.0);
    let hot = prices.storage(c.storage_class.as_deref().unwrap_or("s3_standard"))?;
    let first = files.first().map_or(String::new(), |f| f.display().to_string());
    let (ratio, file_bytes) = measured::ratio_and_file_size(run, &first)?;
    let compute = measured::compute(run, prices, None, daily, retention)?;
    let plan = Plan {
        daily_raw_bytes: daily,
        retention_days: retention,
        ratio,
        file_bytes: Some(file_bytes),
        hot,
        tiering: None,
        reads: Some(&prices.reads),
        compute: Some(compute),
    };
    let bill = monthly(&plan);
    let mut tables = vec![bill_table(&bill)];
    let mut text = vec![format!(
        "At {volume}/day raw, {retention:.0} days retained, the measured {ratio:.1}× ratio and the measured mean data file of {:.1} MB, on {}. A month is 365/12 days; storage is billed in the provider's GB ({} bytes). Compute is the sum of each profile's median query times on the engine that answered most of its queries fastest, scaled linearly from the measured volume (windowed profiles by daily volume, whole-dataset ones by retained volume) — an extrapolation, not a measurement at that volume — times runs per day from the price table's `[schedule]`. Prices: {} (each class's `as_of` date and source are in the table below).",
        file_bytes / 1e6,
        hot.name,
        hot.bytes_per_gb,
        prices.file
    )];
    let cold = prices.storage(&prices.tiering.class)?;
    let tiered = monthly(&Plan {
        tiering: Some((prices.tiering.after_days, cold)),
        compute: None,
        ..plan.clone()
    });
    text.push(format!("The second table tiers the same lake: {:.0} days on {} then {} (storage and requests; the price table's `[tiering]`).", prices.tiering.after_days, hot.name, cold.name));
    tables.push(bill_table(&tiered));
    let storage_only =
        |class, d: f64| monthly(&Plan::storage_only(d, retention, ratio, class)).storage_total();
    tables.push(Table {
        headers: strings([
            "storage class",
            "region",
            "$/GB-month",
            "storage $/month at this plan",
            "price as of",
            "source",
        ]),
        rows: prices
            .storage
            .iter()
            .map(|s| {
                vec![
                    s.name.clone(),
                    s.region.clone(),
                    s.per_gb_month.to_string(),
                    format!("${:.0}", storage_only(s, daily)),
                    s.as_of.clone(),
                    s.source.clone(),
                ]
            })
            .collect(),
    });
    let x_max = (daily / 1e9 * 2.0).max(100.0);
    let steps = 20;
    let lines = prices
        .storage
        .iter()
        .map(|s| CostLine {
            name: s.name.clone(),
            points: (0..=steps)
                .map(|i| x_max * i as f64 / steps as f64)
                .map(|g| (g, storage_only(s, g * 1e9)))
                .collect(),
        })
        .collect();
    Ok(Section {
        id: "cost",
        title: "Monthly cost".into(),
        text,
        tables,
        plot: Some((
            "cost",
            "Monthly storage cost against daily volume".into(),
            Plot::Cost(CostPlot { lines, budget: c.target, target_daily_gb: daily / 1e9, caption: format!("Monthly storage cost at the measured {ratio:.1}× and {retention:.0}-day retention") }),
        )),
    })
}

/// Files written by [`write`].
pub struct Written {
    pub markdown: PathBuf,
    pub html: PathBuf,
    pub pngs: Vec<PathBuf>,
}

/// Draw the plots (PNG beside the Markdown, SVG inline in the HTML) and write both documents
/// atomically into `dir`.
pub fn write(report: &Report, dir: &Path) -> Result<Written> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut svgs = Vec::new();
    let mut pngs = Vec::new();
    for s in &report.sections {
        if let Some((name, _, plot)) = &s.plot {
            let png = dir.join(format!("{name}.png"));
            svgs.push((*name, plot.render(&png)?));
            pngs.push(png);
        }
    }
    let markdown = dir.join("report.md");
    crate::util::fs::write_atomic(&markdown, markdown::render(report).as_bytes())?;
    let html = dir.join("report.html");
    crate::util::fs::write_atomic(&html, html::render(report, &svgs).as_bytes())?;
    Ok(Written { markdown, html, pngs })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::Inputs;

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    fn inputs() -> Inputs {
        Inputs::load(&[
            root().join("results/run-smoke-10g.json"),
            root().join("results/bench-generate-smoke-2gb.json"),
        ])
        .unwrap()
    }

    fn report(inputs: &Inputs) -> Report {
        let roadmap = Roadmap::shipped().unwrap();
        let prices = Prices::shipped().unwrap();
        build(inputs, &roadmap, &prices).unwrap()
    }

    fn scorecard(r: &Report) -> &Table {
        &r.sections.iter().find(|s| s.id == "scorecard").unwrap().tables[0]
    }

    #[test]
    fn the_real_run_gives_every_section_and_criterion() {
        let r = report(&inputs());
        let ids: Vec<&str> = r.sections.iter().map(|s| s.id).collect();
        assert_eq!(
            ids,
            [
                "scorecard",
                "compression",
                "profiles",
                "fit",
                "cost",
                "detections",
                "queries",
                "generation",
                "inputs"
            ]
        );
        let card = scorecard(&r);
        assert_eq!(card.rows.len(), 9);
        // Phase 3 needs the OCSF inputs this run does not have, and says which.
        for id in ["authentication class", "OCSF fields"] {
            let row = card.rows.iter().find(|r| r[1].contains(id)).unwrap();
            assert_eq!((row[0].as_str(), row[4].as_str()), ("3", "not measured"), "{row:?}");
            assert!(row[5].contains("--model both"), "{row:?}");
        }
        // Compression over the sources: 11,481,251,511 raw ÷ 1,179,298,522 on disk = 9.7×.
        let compression = &card.rows[0];
        assert_eq!((compression[3].as_str(), compression[4].as_str()), ("9.7×", "FAIL"));
        let alert_delay = card.rows.iter().find(|r| r[1].contains("2 minutes")).unwrap();
        assert_eq!(alert_delay[4], "not measured");
        assert!(alert_delay[3].contains("lakeproof stream"));
        // Every latency verdict names its engines and how it was measured.
        assert!(card.rows.iter().all(|r| !r[5].is_empty()));
        let md = markdown::render(&r);
        for png in ["latency.png", "compression.png", "cost.png"] {
            assert!(md.contains(&format!("({png})")), "{png}");
        }
    }

    #[test]
    fn ocsf_validation_and_the_ocsf_rules_fill_the_phase_3_rows() {
        let mut inputs = Inputs::load(&[
            root().join("results/ocsf-smoke/run-alerting.json"),
            root().join("results/ocsf-smoke/validation.json"),
        ])
        .unwrap();
        let row = |r: &Report, text: &str| {
            scorecard(r).rows.iter().find(|r| r[1].contains(text)).unwrap().clone()
        };
        let r = report(&inputs);
        let auth = row(&r, "authentication class");
        assert_eq!(auth[4], "PASS", "{auth:?}");
        assert!(auth[3].starts_with("14403 of 14403 (100.00 %); 0 schema violations"), "{auth:?}");
        assert!(auth[5].contains("validation.json"), "{auth:?}");
        let rules = row(&r, "OCSF fields");
        assert!(rules[4].starts_with("PASS ("), "{rules:?}");
        for engine in ["datafusion", "duckdb", "chdb", "spark"] {
            assert!(
                rules[3].contains(&format!("{engine} recall 12/12 over 10 rules (PASS)")),
                "{rules:?}"
            );
        }
        // One authentication event elsewhere, one violation, one missed attack: each fails.
        fn windows(i: &mut Inputs) -> &mut u64 {
            let cov = i.ocsf[0].1.coverage.get_mut("windows_security").unwrap();
            &mut cov.authentication_like_in_authentication
        }
        *windows(&mut inputs) -= 1;
        assert_eq!(row(&report(&inputs), "authentication class")[4], "FAIL");
        *windows(&mut inputs) += 1;
        inputs.ocsf[0].1.classes[0].violations.insert("type".into(), 1);
        assert_eq!(row(&report(&inputs), "authentication class")[4], "FAIL");
        for q in inputs.runs[0].1.results.iter_mut().filter(|q| q.profile == "alerting-ocsf") {
            if let Some(rc) = q.recall.as_mut() {
                rc.found = rc.expected - 1;
            }
        }
        assert_eq!(row(&report(&inputs), "OCSF fields")[4], "FAIL");
    }

    #[test]
    fn sigma_rules_get_recall_and_false_alerts_per_day_and_disagreement_shows() {
        let mut inputs = Inputs::load(&[root().join("results/run-sigma-5g.json")]).unwrap();
        let table = |i: &Inputs| {
            let r = report(i);
            let s = r.sections.iter().find(|s| s.id == "detections").expect("detections section");
            s.tables[0].rows.clone()
        };
        let rows = table(&inputs);
        assert_eq!(rows.len(), 31, "one row per compiled rule");
        let row =
            |rows: &[Vec<String>], rule: &str| rows.iter().find(|r| r[1] == rule).unwrap().clone();
        // Four engines, each finding the two encoded PowerShell attacks; no false alert there.
        let ps = row(&rows, "proc_creation_win_powershell_base64_encoded_cmd");
        assert_eq!(ps[3..8], ["2/2", "2/2", "2/2", "2/2", "0.0"], "{ps:?}");
        // The noisy hunting rule: its count per day of data, the same on every engine.
        let noisy = row(&rows, "aws_sts_assumerole_misuse");
        assert!(noisy[7].parse::<f64>().unwrap() > 1000.0 && noisy[8] == "yes", "{noisy:?}");
        // One engine counting differently is shown, not averaged away.
        let q = inputs.runs[0]
            .1
            .results
            .iter_mut()
            .find(|q| q.query == "aws_sts_assumerole_misuse" && q.engine == "chdb")
            .unwrap();
        q.false_alerts = q.false_alerts.map(|n| n + 1);
        assert_eq!(row(&table(&inputs), "aws_sts_assumerole_misuse")[8], "NO");
    }

    #[test]
    fn a_stream_fills_the_alert_delay_row_and_maintenance_gets_its_section() {
        let mut inputs = Inputs::load(&[
            root().join("results/run-smoke-10g.json"),
            root().join("results/stream-smoke-60s.json"),
            root().join("results/maintenance-smoke.json"),
        ])
        .unwrap();
        let r = report(&inputs);
        let ids: Vec<&str> = r.sections.iter().map(|s| s.id).collect();
        assert!(ids.contains(&"stream") && ids.contains(&"maintenance"), "{ids:?}");
        let row = |r: &Report| {
            scorecard(r).rows.iter().find(|r| r[1].contains("2 minutes")).unwrap().clone()
        };
        assert!(row(&r)[4].starts_with("PASS"), "{:?}", row(&r));
        assert!(row(&r)[5].contains("stream-smoke-60s.json"));
        // The same stream with one attack missed fails the criterion.
        inputs.streams[0].1.overall.detected -= 1;
        assert_eq!(row(&report(&inputs))[4], "FAIL");
    }

    #[test]
    fn verdicts_follow_the_inputs_not_the_code() {
        // Halve every data file: the ratio doubles to 19.5× and compression passes.
        let mut inputs = inputs();
        for t in inputs.runs[0].1.dataset.tables.values_mut() {
            t.data_bytes /= 2;
        }
        let r = report(&inputs);
        let compression = &scorecard(&r).rows[0];
        assert_eq!((compression[3].as_str(), compression[4].as_str()), ("19.5×", "PASS"));
    }

    #[test]
    fn split_files_report_like_the_whole_run() {
        let whole = report(&inputs());
        let run = &inputs().runs[0].1.clone();
        let parts = crate::results::run::split(run)
            .into_iter()
            .map(|(n, r)| (PathBuf::from(n), r))
            .collect();
        let split = report(&Inputs { runs: parts, ..Inputs::default() });
        assert_eq!(
            scorecard(&whole).rows,
            scorecard(&split)
                .rows
                .iter()
                .map(|r| r
                    .iter()
                    .map(|c| c.replace("4 result files", "1 result file"))
                    .collect::<Vec<_>>())
                .collect::<Vec<_>>()
        );
    }
}
