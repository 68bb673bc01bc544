//! `lakeproof sigma compile`: the committed profile is what the compiler makes of the vendored
//! rules (reproducible, byte for byte), and a broken mapping fails naming its file and field
//! without touching the previous profile.

mod common;

use std::path::Path;
use std::process::Command;

fn lakeproof(args: &[&str], cwd: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lakeproof")).args(args).current_dir(cwd).output().unwrap()
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap())
        })
        .collect();
    v.sort();
    v
}

#[test]
fn the_committed_sigma_profile_is_what_the_rules_compile_to() {
    if !common::python_has_or_skip(
        "sigma.pipelines.windows",
        "sigma compile",
        "python3 -m pip install -r harness/sigma/requirements.txt",
    ) {
        return;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sigma");
    let o = lakeproof(&["sigma", "compile", "--out", out.to_str().unwrap()], repo);
    let printed = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{printed}{}", String::from_utf8_lossy(&o.stderr));
    assert!(printed.contains("31 of 37 rules converted"), "{printed}");
    let (made, committed) = (files(&out), files(&repo.join("scenarios/workloads/sigma")));
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&made), names(&committed));
    for ((name, a), (_, b)) in made.iter().zip(&committed) {
        assert!(a == b, "{name} differs from the committed copy: run `lakeproof sigma compile --out scenarios/workloads/sigma`");
    }
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("compile-report.json")).unwrap()).unwrap();
    let why = |file: &str| {
        report["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["file"].as_str().unwrap().ends_with(file))
            .unwrap()["reason"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    assert!(why("win_system_service_install_susp.yml").contains("log source not in the lake"));
    assert!(why("zeek_rdp_public_listener.yml").contains("log source not in the lake"));

    // A mapping with a misspelt type: the error names the file and the field, the profile stays.
    let bad = dir.path().join("bad.toml");
    let text = std::fs::read_to_string(repo.join("scenarios/sigma/lakeproof.toml")).unwrap();
    let line = 1 + text.lines().position(|l| l.starts_with("EventID = ")).unwrap();
    std::fs::write(&bad, text.replace("\"event_id:int\"", "\"event_id:integer\"")).unwrap();
    let o = lakeproof(
        &["sigma", "compile", "--mapping", bad.to_str().unwrap(), "--out", out.to_str().unwrap()],
        repo,
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        err.contains(&format!("bad.toml:{line}:"))
            && err.contains("EventID")
            && err.contains("windows_security"),
        "{err}"
    );
    assert!(err.contains("left as it was"), "{err}");
    assert_eq!(files(&out).len(), made.len());
    // An [attacks] entry naming a rule that is not there.
    std::fs::write(
        &bad,
        text.replace("[attacks]", "[attacks]\n00000000-0000-0000-0000-000000000000 = \"x\""),
    )
    .unwrap();
    let o = lakeproof(
        &["sigma", "compile", "--mapping", bad.to_str().unwrap(), "--out", out.to_str().unwrap()],
        repo,
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("names rules not in") && err.contains("00000000-0000"), "{err}");
}
