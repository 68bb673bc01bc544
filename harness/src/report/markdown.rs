//! `report.md`: the report's sections as GitHub Markdown, plots as PNGs beside it.

use super::{Report, Table};
use std::fmt::Write;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub fn table(t: &Table) -> String {
    let mut out = String::new();
    let _ =
        writeln!(out, "| {} |", t.headers.iter().map(|h| cell(h)).collect::<Vec<_>>().join(" | "));
    let _ = writeln!(out, "|{}|", t.headers.iter().map(|_| "---").collect::<Vec<_>>().join("|"));
    for r in &t.rows {
        let _ = writeln!(out, "| {} |", r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | "));
    }
    out
}

pub fn render(report: &Report) -> String {
    let mut out = format!("# {}\n\n", report.title);
    for s in &report.sections {
        let _ = writeln!(out, "## {}\n", s.title);
        for p in &s.text {
            let _ = writeln!(out, "{p}\n");
        }
        for t in &s.tables {
            let _ = writeln!(out, "{}", table(t));
        }
        if let Some((name, alt, _)) = &s.plot {
            let _ = writeln!(out, "![{alt}]({name}.png)\n");
        }
    }
    out
}
