//! The harness is built in floors (ARCHITECTURE.md draws them): a module may use modules on
//! floors below its own, never one on its own floor or above. That rules out import loops
//! between the top-level modules (the results hub once imported the stream and the report,
//! which imported it back). This test reads every source file, collects its `crate::<module>`
//! paths, and checks each against the table below; a new top-level module must be placed in it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// (module, floor): lower floors know nothing of higher ones.
const FLOORS: &[(&str, u32)] = &[
    ("util", 0),
    ("progress", 0),
    ("pipeline", 0),
    ("scale", 0),
    ("shipped", 1),
    ("results", 1),
    ("raw", 2),
    ("engines", 2),
    ("ocsf", 2),
    ("lake", 3),
    ("inventory", 3),
    ("workloads", 4),
    ("bench", 4),
    ("stream", 5),
    ("cost", 5),
    ("compare", 5),
    ("sweep", 5),
    ("report", 6),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn identifier(s: &str) -> &str {
    let end = s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(s.len());
    &s[..end]
}

/// The top-level modules a source text names through `crate::`, including the
/// `crate::{a::x, b}` form.
fn crate_paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("crate::") {
        // `lakeproof_harness::crate::` cannot occur; skip identifiers that merely end in "crate".
        if text[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &text[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut start = 0;
            for (j, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        out.push(identifier(group[start..].trim_start()).to_string());
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(identifier(group[start..].trim_start()).to_string());
                        start = j + 1;
                    }
                    _ => {}
                }
            }
        } else {
            out.push(identifier(rest).to_string());
        }
    }
    out.retain(|m| !m.is_empty());
    out
}

#[test]
fn every_module_uses_only_floors_below_its_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let floors: BTreeMap<&str, u32> = FLOORS.iter().copied().collect();
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    for line in lib.lines() {
        if let Some(m) = line.strip_prefix("pub mod ").and_then(|l| l.strip_suffix(';')) {
            assert!(
                floors.contains_key(m),
                "module `{m}` has no floor in FLOORS (and ARCHITECTURE.md)"
            );
        }
    }
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut violations = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap();
        let top = rel.components().next().unwrap().as_os_str().to_str().unwrap();
        let top = top.trim_end_matches(".rs");
        if top == "lib" {
            continue;
        }
        let own = floors[top];
        // Comments may name modules above (a doc link is not an import).
        let code: String = std::fs::read_to_string(f)
            .unwrap()
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for used in crate_paths(&code) {
            if used == top {
                continue;
            }
            let Some(&floor) = floors.get(used.as_str()) else {
                panic!("{}: `crate::{used}` is not a module in FLOORS", rel.display());
            };
            if floor >= own {
                violations.push(format!(
                    "{} (`{top}`, floor {own}) uses `crate::{used}` (floor {floor})",
                    rel.display()
                ));
            }
        }
    }
    assert!(violations.is_empty(), "imports up or across a floor:\n{}", violations.join("\n"));
}

#[test]
fn the_scanner_sees_grouped_and_nested_paths() {
    let text = "use crate::{lake::writer::{A, B}, util};\nlet x = crate::results::run::load(p);\nmycrate::no";
    assert_eq!(crate_paths(text), ["lake", "util", "results"]);
}
