//! `lakeproof source new` scaffolds pass `lakeproof source check`; the shipped definitions
//! check clean; a broken definition fails with its file, line and field.

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
    for def in ["linux_auth", "okta"] {
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
