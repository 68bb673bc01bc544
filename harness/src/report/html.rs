//! `report.html`: one self-contained page — inline CSS, plots as inline SVG, no scripts and no
//! network fetches — so it can be uploaded as a CI artifact and opened anywhere.

use super::{Report, Table};
use std::fmt::Write;

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const STYLE: &str = "body{font-family:'DejaVu Sans',sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}\
table{border-collapse:collapse;margin:1em 0;font-size:14px}th,td{border:1px solid #bbb;padding:4px 8px;text-align:left;vertical-align:top}\
th{background:#eef}td.PASS{background:#d8f0d8}td.FAIL{background:#f6d5d5}td.not-measured{background:#eee}\
figure{margin:1em 0}figcaption{font-size:13px;color:#555}svg{max-width:100%;height:auto}";

/// CSS class of a verdict cell, so PASS/FAIL are coloured.
fn class_of(text: &str) -> &'static str {
    if text.starts_with("PASS") {
        "PASS"
    } else if text.starts_with("FAIL") {
        "FAIL"
    } else if text.starts_with("not measured") {
        "not-measured"
    } else {
        ""
    }
}

fn table(id: &str, t: &Table) -> String {
    let mut out = format!("<table id=\"{id}\"><thead><tr>");
    for h in &t.headers {
        let _ = write!(out, "<th>{}</th>", escape(h));
    }
    out.push_str("</tr></thead><tbody>");
    for r in &t.rows {
        out.push_str("<tr>");
        for c in r {
            let _ = write!(out, "<td class=\"{}\">{}</td>", class_of(c), escape(c));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>\n");
    out
}

/// `svgs`: (plot name, SVG document) for the sections' plots.
pub fn render(report: &Report, svgs: &[(&str, String)]) -> String {
    let mut out = format!("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>\n<h1>{}</h1>\n", escape(&report.title), escape(&report.title));
    out.push_str("<nav>");
    for s in &report.sections {
        let _ = write!(out, "<a href=\"#{}\">{}</a> · ", s.id, escape(&s.title));
    }
    out.push_str("</nav>\n");
    for s in &report.sections {
        let _ = writeln!(out, "<section id=\"{}\"><h2>{}</h2>", s.id, escape(&s.title));
        for p in &s.text {
            let _ = writeln!(out, "<p>{}</p>", escape(p));
        }
        for (i, t) in s.tables.iter().enumerate() {
            let id = if i == 0 {
                format!("{}-table", s.id)
            } else {
                format!("{}-table-{}", s.id, i + 1)
            };
            out.push_str(&table(&id, t));
        }
        if let Some((name, alt, _)) = &s.plot {
            if let Some((_, svg)) = svgs.iter().find(|(n, _)| n == name) {
                let _ = writeln!(
                    out,
                    "<figure id=\"plot-{name}\">{}<figcaption>{}</figcaption></figure>",
                    svg.trim_start_matches(|c| c != '<'),
                    escape(alt)
                );
            }
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body></html>\n");
    out
}
