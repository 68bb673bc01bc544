//! `lakeproof source new` scaffolds pass `lakeproof source check`; the shipped definitions
//! check clean; a broken definition fails with its file, line and field; the tutorial in
//! docs/sources.md goes from nothing to a detection's recall in the report.

use std::process::Command;

fn lakeproof(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lakeproof")).args(args).output().expect("run lakeproof")
}

#[test]
fn scaffolds_and_shipped_definitions_pass_the_check() {
    let dir = tempfile::tempdir().unwrap();
    for like in ["json", "syslog", "csv"] {
        let name = format!("demo_{like}");
        let path = dir.path().join(format!("{name}.toml"));
        let p = path.to_str().unwrap();
        let out = lakeproof(&["source", "new", &name, "--like", like, "--out", p]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        // Never overwrites.
        assert!(!lakeproof(&["source", "new", &name, "--like", like, "--out", p]).status.success());
        let out = lakeproof(&["source", "check", p]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{like}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(text.contains("raw records parse as"), "{text}");
    }
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../scenarios/sources");
    for def in ["linux_auth", "okta", "k8s_audit"] {
        let p = format!("{root}/{def}.toml");
        let out = lakeproof(&["source", "check", &p, "--show", "2", "--rows", "1"]);
        assert!(out.status.success(), "{def}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn a_broken_definition_names_its_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.toml");
    let p = path.to_str().unwrap();
    assert!(lakeproof(&["source", "new", "broken", "--like", "syslog", "--out", p])
        .status
        .success());
    let text = std::fs::read_to_string(&path).unwrap();
    let line = text.lines().position(|l| l.contains("session opened for {user}")).unwrap() + 1;
    std::fs::write(&path, text.replace("session opened for {user}", "session opened for {usr}"))
        .unwrap();
    let out = lakeproof(&["source", "check", p]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("broken.toml:{line}: field `message`: unknown name `usr`")),
        "{err}"
    );
}

/// The files the tutorial in docs/sources.md writes: fenced blocks whose first line is
/// `# tutorial: PATH` or `-- tutorial: PATH`, with `(append)` when they extend a file.
fn tutorial_files() -> Vec<(String, bool, String)> {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/sources.md"))
        .unwrap();
    let mut out = Vec::new();
    let mut lines = doc.lines();
    while let Some(l) = lines.next() {
        if !l.starts_with("```") {
            continue;
        }
        let body: Vec<&str> = lines.by_ref().take_while(|l| !l.starts_with("```")).collect();
        let Some(head) = body.first().and_then(|h| {
            h.strip_prefix("# tutorial: ").or_else(|| h.strip_prefix("-- tutorial: "))
        }) else {
            continue;
        };
        let (path, append) = match head.strip_suffix(" (append)") {
            Some(p) => (p, true),
            None => (head, false),
        };
        out.push((path.to_string(), append, body[1..].join("\n") + "\n"));
    }
    out
}

#[test]
fn the_tutorial_goes_from_nothing_to_a_detection_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_lakeproof"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("run lakeproof");
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let files = tutorial_files();
    assert_eq!(
        files.len(),
        4,
        "the tutorial's files: {:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    let write = |files: &[(String, bool, String)], under: &str| {
        for (path, append, text) in files.iter().filter(|f| f.0.starts_with(under)) {
            let p = dir.path().join(path);
            let mut body =
                if *append { std::fs::read_to_string(&p).unwrap() } else { String::new() };
            body.push_str(text);
            std::fs::write(&p, body).unwrap();
        }
    };
    run(&["source", "new", "github_audit", "--like", "json"]);
    write(&files, "scenarios/");
    let check = run(&["source", "check", "scenarios/sources/github_audit.toml"]);
    assert!(check.contains("attack github_password_spray (T1110.003)"), "{check}");
    run(&["generate", "--scenario", "scenarios/tutorial.toml", "--warehouse", "lake", "--quiet"]);
    run(&["profiles", "export", "workloads"]);
    write(&files, "workloads/");
    run(&[
        "run",
        "--scenario",
        "scenarios/tutorial.toml",
        "--warehouse",
        "lake",
        "--workloads",
        "workloads",
        "--profiles",
        "alerting",
        "--engines",
        "datafusion",
        "--iterations",
        "1",
        "--warmup",
        "0",
        "--out",
        "results/tutorial.json",
    ]);
    let result: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("results/tutorial.json")).unwrap(),
    )
    .unwrap();
    let rule = result["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["query"] == "github_password_spray")
        .expect("the tutorial's rule ran");
    assert_eq!(rule["status"], "ok", "{rule}");
    assert_eq!((&rule["recall"]["found"], &rule["recall"]["expected"]), (&2.into(), &2.into()));
    run(&["report", "results", "--out", "report"]);
    let report = std::fs::read_to_string(dir.path().join("report/report.md")).unwrap();
    assert!(
        report.contains("| alerting | github_password_spray | github_password_spray | 2/2 |"),
        "the report's recall table lacks the tutorial's rule"
    );
}
