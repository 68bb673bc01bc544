//! The installed binary works outside the repository: copied alone into a folder of its own and
//! run from an empty folder elsewhere, it generates the smoke scenario, runs the shipped profiles
//! on DataFusion, reports, prices and compares — all with the profiles, prices, roadmap and
//! thresholds compiled into it. A typo in `--engines` is refused before anything runs, and the
//! shipped profiles export for editing and run from the exported copy.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Installed {
    bin: PathBuf,
    cwd: PathBuf,
}

impl Installed {
    fn run(&self, args: &[&str]) -> Output {
        Command::new(&self.bin)
            .args(args)
            .current_dir(&self.cwd)
            .env_remove("LAKEPROOF_ENGINES")
            .output()
            .expect("run lakeproof")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "lakeproof {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

#[test]
fn the_installed_binary_works_from_an_empty_folder_outside_the_repository() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let smoke = repo.join("scenarios/smoke.toml");
    let smoke = smoke.to_str().unwrap();
    let home = tempfile::tempdir().unwrap();
    let bin_dir = home.path().join("bin");
    let cwd = home.path().join("work");
    std::fs::create_dir_all(&bin_dir).unwrap();
    std::fs::create_dir_all(&cwd).unwrap();
    let bin = bin_dir.join("lakeproof");
    std::fs::copy(env!("CARGO_BIN_EXE_lakeproof"), &bin).unwrap();
    let lp = Installed { bin, cwd: cwd.clone() };

    lp.ok(&["generate", "--scenario", smoke, "--warehouse", "./lake", "--quiet"]);
    assert!(cwd.join("lake/catalog.db").is_file());

    // A misspelt engine: refused at once, naming the known ones, and no result file.
    let out = lp.run(&[
        "run",
        "--scenario",
        smoke,
        "--warehouse",
        "./lake",
        "--engines",
        "datafusoin",
        "--out",
        "bad.json",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "an unknown engine must fail");
    assert!(
        err.contains("unknown engine `datafusoin`") && err.contains("datafusion, duckdb"),
        "{err}"
    );
    assert!(!cwd.join("bad.json").exists());

    let run = [
        "run",
        "--scenario",
        smoke,
        "--warehouse",
        "./lake",
        "--engines",
        "datafusion",
        "--profiles",
        "alerting,dashboard,adhoc,batch",
        "--iterations",
        "1",
        "--warmup",
        "0",
        "--out",
        "r.json",
    ];
    let printed = lp.ok(&run);
    assert!(printed.contains("recall"), "{printed}");
    let r: serde_json::Value =
        serde_json::from_slice(&std::fs::read(cwd.join("r.json")).unwrap()).unwrap();
    let results = r["results"].as_array().unwrap();
    assert!(results.len() > 30, "{} results", results.len());
    assert!(results.iter().all(|q| q["status"] == "ok"), "a shipped query failed: {r}");
    assert!(r["scenario"]["hash"].as_str().is_some_and(|h| h.len() == 64));
    assert_eq!(r["scenario"]["seed"], 42);

    let printed = lp.ok(&["report", "r.json", "--out", "rep"]);
    assert!(printed.contains("compression"), "{printed}");
    assert!(cwd.join("rep/report.md").is_file() && cwd.join("rep/report.html").is_file());
    let md = std::fs::read_to_string(cwd.join("rep/report.md")).unwrap();
    assert!(md.contains("built into lakeproof"), "the report names the prices it used");

    let bill = lp.ok(&["cost", "--daily", "500GB", "--ratio", "15"]);
    assert!(bill.contains("total per month") && bill.contains("scenarios/prices.toml"), "{bill}");

    let cmp = lp.ok(&["compare", "r.json", "--contender", "r.json"]);
    assert!(cmp.contains("alerting"), "{cmp}");

    // The shipped profiles, exported and edited, run from the copy.
    lp.ok(&["profiles", "export", "mine"]);
    let toml = cwd.join("mine/alerting/profile.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, text.replacen("name = \"alerting\"", "name = \"alerting-edited\"", 1))
        .unwrap();
    lp.ok(&[
        "run",
        "--scenario",
        smoke,
        "--warehouse",
        "./lake",
        "--engines",
        "datafusion",
        "--profiles",
        "alerting",
        "--workloads",
        "mine",
        "--iterations",
        "1",
        "--warmup",
        "0",
        "--out",
        "edited.json",
    ]);
    let edited: serde_json::Value =
        serde_json::from_slice(&std::fs::read(cwd.join("edited.json")).unwrap()).unwrap();
    assert_eq!(edited["profiles"][0]["name"], "alerting-edited");
    let again = lp.run(&["profiles", "export", "mine"]);
    assert!(!again.status.success(), "export must not overwrite edited files");
}
