//! Compiles the shipped data folders into the library, so the installed binary runs from any
//! folder: the workload profiles (`scenarios/workloads/**`), the vendored OCSF schema
//! (`scenarios/ocsf/schema/**.json`) and the OCSF mappings (`scenarios/mappings/ocsf/*.toml`).
//! Each becomes `$OUT_DIR/shipped_<name>.rs`, a list of (path relative to its folder, file text)
//! pairs in path order.

use std::path::{Path, PathBuf};

fn walk(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, extensions, out);
        } else if p.extension().and_then(|x| x.to_str()).is_some_and(|x| extensions.contains(&x)) {
            out.push(p);
        }
    }
}

/// Write `$OUT_DIR/shipped_<name>.rs` listing the files under `folder` (relative to the
/// repository root) with one of `extensions`.
fn ship(name: &str, folder: &str, extensions: &[&str]) {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let root = manifest.join("..").join(folder).canonicalize().expect(folder);
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    walk(&root, extensions, &mut files);
    let mut code = String::from("&[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f.strip_prefix(&root).expect("under the root").to_str().expect("UTF-8 path");
        code.push_str(&format!("    ({rel:?}, include_str!({:?})),\n", f.display().to_string()));
    }
    code.push_str("]\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    std::fs::write(out.join(format!("shipped_{name}.rs")), code).expect("writing a shipped list");
}

fn main() {
    ship("workloads", "scenarios/workloads", &["sql", "toml", "md"]);
    ship("ocsf_schema", "scenarios/ocsf/schema", &["json"]);
    ship("ocsf_mappings", "scenarios/mappings/ocsf", &["toml"]);
}
