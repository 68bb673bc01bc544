//! Sources defined as data: a definition's mistakes are reported with file, line and field; its
//! raw output parses in the declared format; JSON nests dotted columns and writes or omits
//! nulls as declared; follow-up events keep what they carry; rows link to the organisation.

use lakeproof_generators::scenario::Scenario;
use lakeproof_generators::sources::defined::{self, Definition, Format};
use lakeproof_generators::{Generator, Part, SourceKind, Want};
use std::path::{Path, PathBuf};

/// Writes `text` to a fresh file named `name` and returns its path.
fn file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lakeproof-defined-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn compile_err(name: &str, text: &str) -> String {
    let p = file(name, text);
    Definition::load(&p).expect_err("the definition should be refused")
}

const MINIMAL: &str = r#"[source]
name = "mini"
format = "json"
time_column = "ts"

[[column]]
name = "ts"
type = "timestamp"

[[column]]
name = "actor.name"
type = "string"
value = "{user.sam}"

[[column]]
name = "actor.ip"
type = "string"

[[column]]
name = "outcome"
type = "string"

[[event]]
name = "login"
weight = 1
[event.set]
outcome = { choice = ["SUCCESS", "FAILURE"], weights = [9, 1] }
"#;

#[test]
fn mistakes_name_the_file_line_and_field() {
    // An unknown name in a template.
    let e = compile_err("a.toml", &MINIMAL.replace("\"{user.sam}\"", "\"{user.samm}\""));
    assert!(e.contains("a.toml:13: field `actor.name`: unknown name `user.samm`"), "{e}");
    // An unknown type.
    let e = compile_err(
        "b.toml",
        &MINIMAL.replace("type = \"string\"\nvalue", "type = \"strng\"\nvalue"),
    );
    assert!(e.contains("b.toml:12: field `type`: unknown type `strng`"), "{e}");
    // A misspelt key (toml's own error, located).
    let e = compile_err("c.toml", &MINIMAL.replace("weight = 1", "wieght = 1"));
    assert!(e.contains("c.toml:") && e.contains("wieght"), "{e}");
    // A generator with a bad option.
    let e = compile_err("d.toml", &MINIMAL.replace("weights = [9, 1]", "weights = [9]"));
    assert!(
        e.contains("d.toml:") && e.contains("outcome.weights") && e.contains("2 numbers"),
        "{e}"
    );
    // Values that refer to each other in a circle.
    let circular = format!("{MINIMAL}a = \"{{b}}\"\nb = \"{{a}}\"\nactor.ip = \"{{a}}\"\n")
        .replace("actor.ip = \"{a}\"\n", "");
    let circular = circular.replace("[event.set]\n", "[event.set]\n\"actor.ip\" = \"{a}\"\n");
    let e = compile_err("e.toml", &circular);
    assert!(e.contains("e.toml:") && e.contains("circle"), "{e}");
    // The time column must be declared and be a timestamp.
    let e =
        compile_err("f.toml", &MINIMAL.replace("time_column = \"ts\"", "time_column = \"when\""));
    assert!(e.contains("f.toml:4: field `time_column`"), "{e}");
    // A follow-up to an event that does not exist.
    let e =
        compile_err("g.toml", &format!("{MINIMAL}[[event.then]]\nevent = \"logout\"\nafter = 5\n"));
    assert!(e.contains("g.toml:") && e.contains("no event named `logout`"), "{e}");
    // host.* without hosts.
    let e = compile_err("h.toml", &MINIMAL.replace("{user.sam}", "{host.name}"));
    assert!(e.contains("h.toml:13") && e.contains("needs `hosts`"), "{e}");
}

/// A scenario of one hour holding only `name` (definition at `def`).
fn generator(name: &str, def: &Path) -> (Generator, SourceKind) {
    generator_with(name, def, &[])
}

/// The same, with each of `attacks` injected once at 14:10.
fn generator_with(name: &str, def: &Path, attacks: &[&str]) -> (Generator, SourceKind) {
    let text = defined::solo_scenario(name, def, attacks);
    let s = Scenario::parse(&text, Path::new("t.toml")).unwrap();
    let g = Generator::new(s, 9);
    let k = defined::find(name).unwrap();
    (g, k)
}

fn raw_of(g: &Generator, k: SourceKind) -> (String, usize) {
    let mut text = String::new();
    let mut rows = 0;
    for u in g.units(k, Part::WHOLE, None) {
        let b = g.generate(&u, Want { raw: true, arrow: true });
        rows += b.rows;
        assert_eq!(b.batch.as_ref().unwrap().num_rows(), b.rows);
        for d in b.raw_docs {
            text.push_str(std::str::from_utf8(&d.bytes).unwrap());
        }
    }
    (text, rows)
}

#[test]
fn json_nests_dotted_columns_and_omits_or_writes_nulls() {
    for (name, nulls) in [("mini_omit", "omit"), ("mini_null", "null")] {
        let text = MINIMAL.replace("name = \"mini\"", &format!("name = \"{name}\""))
            + &format!("\n[json]\nnulls = \"{nulls}\"\n");
        let p = file(&format!("{name}.toml"), &text);
        let (g, k) = generator(name, &p);
        let (raw, rows) = raw_of(&g, k);
        assert!(rows > 100, "{rows} rows");
        assert_eq!(defined::parse_check(Format::Json, &raw).unwrap(), rows);
        let mut failures = 0;
        for line in raw.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let actor = v["actor"].as_object().expect("actor nests");
            assert!(actor["name"].is_string());
            // actor.ip is never set: absent, or null when the source writes every key.
            match nulls {
                "omit" => assert!(!actor.contains_key("ip"), "{line}"),
                _ => assert!(actor["ip"].is_null() && actor.contains_key("ip"), "{line}"),
            }
            failures += (v["outcome"] == "FAILURE") as usize;
            assert!(v["ts"].as_str().unwrap().ends_with('Z'));
        }
        let share = failures as f64 / rows as f64;
        assert!((0.05..0.16).contains(&share), "FAILURE share {share:.3} (weights 9:1)");
    }
}

#[test]
fn linux_auth_lines_are_syslog_and_sessions_close_what_they_open() {
    let def = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios/sources/linux_auth.toml");
    let (g, k) = generator("linux_auth", &def);
    let (raw, rows) = raw_of(&g, k);
    assert!(rows > 300, "{rows} rows");
    assert_eq!(defined::parse_check(Format::Syslog3164, &raw).unwrap(), rows);
    let org = &g.org;
    let (mut opened, mut closed, mut sudo) = (0, 0, 0);
    for line in raw.lines() {
        // `Nov  2 14:03:07 host tag[pid]: message`
        assert!(line.starts_with("Nov  2 1"), "{line}");
        let host = line[16..].split(' ').next().unwrap();
        assert!(org.hosts.iter().any(|h| h.name == host), "unknown host {host}");
        let msg = line.split_once(": ").unwrap().1;
        if let Some(rest) = msg.strip_prefix("Accepted publickey for ") {
            // The user logs in from their own workstation's address.
            let user = rest.split(' ').next().unwrap();
            let ip = rest.split(" from ").nth(1).unwrap().split(' ').next().unwrap();
            let u = org.users.iter().find(|u| u.sam == user).expect("a user of the org");
            assert_eq!(org.hosts[u.workstation].ip_str, ip);
        }
        opened += msg.starts_with("pam_unix(sshd:session): session opened") as usize;
        closed += msg.starts_with("pam_unix(sshd:session): session closed") as usize;
        if line.contains(" sudo: ") {
            sudo += 1;
            assert!(!line.contains("sudo["), "classic sudo lines carry no pid: {line}");
        }
    }
    assert!(opened > 0 && sudo > 0);
    // Sessions that open in the hour close in it unless they outlive it (median 15 min).
    assert!(closed <= opened && closed * 3 >= opened, "opened {opened}, closed {closed}");
}

#[test]
fn okta_records_are_json_with_every_key_and_sign_ins_share_their_session() {
    let def = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios/sources/okta.toml");
    let (g, k) = generator("okta", &def);
    let (raw, rows) = raw_of(&g, k);
    assert!(rows > 200, "{rows} rows");
    // Top-level keys in the order Okta returns them (the Elastic fixtures' real records).
    let order = [
        "actor",
        "authenticationContext",
        "client",
        "debugContext",
        "displayMessage",
        "eventType",
        "legacyEventType",
        "outcome",
        "published",
        "request",
        "securityContext",
        "severity",
        "target",
        "transaction",
        "uuid",
        "version",
    ];
    let mut sessions: std::collections::HashMap<String, Vec<String>> = Default::default();
    for line in raw.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, order, "every key, JSON null where empty: {line}");
        // serde_json's map is sorted, so check the raw order directly (`version` also appears
        // inside request.ipChain: the top-level one is the last).
        let at = |k: &str| {
            let key = format!("\"{k}\":");
            if k == "version" { line.rfind(&key) } else { line.find(&key) }.unwrap()
        };
        let pos: Vec<usize> = order.iter().map(|k| at(k)).collect();
        assert!(pos.windows(2).all(|w| w[0] < w[1]), "key order: {line}");
        assert_eq!(v["version"], "0");
        assert_eq!(v["client"]["zone"], "null");
        let uuid = v["uuid"].as_str().unwrap();
        assert_eq!(&uuid[14..15], "1", "time-based UUID: {uuid}");
        assert!(v["actor"]["id"].as_str().unwrap().starts_with("00u"));
        assert_eq!(v["actor"]["id"].as_str().unwrap().len(), 20);
        // debugData keys that do not apply are absent, not null.
        assert!(v["debugContext"]["debugData"].as_object().unwrap().values().all(|x| !x.is_null()));
        let sid = v["authenticationContext"]["externalSessionId"].as_str().unwrap().to_string();
        sessions.entry(sid).or_default().push(v["eventType"].as_str().unwrap().to_string());
    }
    // A sign-in's steps share the session id: policy, session start, push, MFA, first SSO.
    let flows = sessions
        .values()
        .filter(|e| e.first().is_some_and(|f| f == "policy.evaluate_sign_on"))
        .filter(|e| e.iter().any(|x| x == "user.session.start"))
        .count();
    assert!(flows > 10, "{flows} sign-in flows");
}

const ATTACK: &str = r#"
[[attack]]
name = "burst"
technique = "T1110.001"
[[attack.step]]
event = "fail"
count = 12
every = 2
[[attack.step]]
event = "login"
after = 30
carry = ["actor.ip"]

[[event]]
name = "fail"
weight = 0
[event.set]
outcome = "FAILURE"
"actor.ip" = "{bad_ip}"
"#;

#[test]
fn attack_mistakes_name_the_file_line_and_field() {
    let keyed = MINIMAL.replace("time_column = \"ts\"", "time_column = \"ts\"\nkey = \"ts\"");
    // No key column to label events with.
    let e = compile_err("k1.toml", &format!("{MINIMAL}{ATTACK}"));
    assert!(
        e.contains("k1.toml:") && e.contains("field `key`") && e.contains("needs `key`"),
        "{e}"
    );
    // A key that is not a string or int column.
    let e = compile_err("k2.toml", &format!("{keyed}{ATTACK}"));
    assert!(e.contains("k2.toml:5: field `key`") && e.contains("string or an int"), "{e}");
    let keyed = keyed.replace("key = \"ts\"", "key = \"actor.name\"");
    // A step naming no event, a bad technique id, a carry on the first step.
    let e = compile_err(
        "k3.toml",
        &format!("{keyed}{}", ATTACK.replace("event = \"fail\"", "event = \"fial\"")),
    );
    assert!(e.contains("k3.toml:") && e.contains("no event named `fial`"), "{e}");
    let e = compile_err("k4.toml", &format!("{keyed}{}", ATTACK.replace("T1110.001", "T111")));
    assert!(e.contains("k4.toml:") && e.contains("field `technique`"), "{e}");
    let e = compile_err(
        "k5.toml",
        &format!("{keyed}{}", ATTACK.replace("count = 12", "count = 12\ncarry = [\"outcome\"]")),
    );
    assert!(e.contains("k5.toml:") && e.contains("first step"), "{e}");
    // A scenario naming an attack no registered source contributes, or one whose source it
    // does not list.
    let def = file(
        "mini_attack.toml",
        &format!("{}{ATTACK}", keyed.replace("name = \"mini\"", "name = \"mini_attack\"")),
    );
    Definition::load(&def).expect("the keyed definition compiles");
    let text = defined::solo_scenario("mini_attack", &def, &["brust"]);
    let e = Scenario::parse(&text, Path::new("s.toml")).unwrap_err().to_string();
    assert!(e.contains("s.toml:") && e.contains("unknown attack kind `brust`"), "{e}");
    Scenario::parse(&defined::solo_scenario("mini_attack", &def, &["burst"]), Path::new("s.toml"))
        .expect("the attack resolves once its source is listed");
    let other = defined::solo_scenario(
        "linux_auth",
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios/sources/linux_auth.toml"),
        &["burst"],
    );
    let e = Scenario::parse(&other, Path::new("o.toml")).unwrap_err().to_string();
    assert!(
        e.contains("o.toml:")
            && e.contains("source `mini_attack`, which this scenario does not list"),
        "{e}"
    );
}

/// Labelled events, as (event key, row cells) of the rows they label.
fn attack_rows(g: &Generator, k: SourceKind, key: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut labels = Vec::new();
    let mut rows = Vec::new();
    for u in g.units(k, Part::WHOLE, None) {
        let b = g.generate(&u, Want { raw: false, arrow: true });
        labels.extend(b.labels);
        let batch = b.batch.unwrap();
        for r in 0..batch.num_rows() {
            rows.push(defined::row_text(&batch, r));
        }
    }
    assert!(!labels.is_empty(), "no labelled events");
    labels
        .iter()
        .map(|l| {
            let hits: Vec<_> = rows
                .iter()
                .filter(|r| r.iter().any(|(c, v)| c == key && *v == l.event_key))
                .collect();
            assert_eq!(hits.len(), 1, "label key {} is not one row's {key}", l.event_key);
            (l.event_key.clone(), hits[0].clone())
        })
        .collect()
}

fn cell<'a>(row: &'a [(String, String)], col: &str) -> &'a str {
    &row.iter().find(|(c, _)| c == col).unwrap().1
}

#[test]
fn linux_auth_brute_force_fails_fast_from_one_address_then_logs_in_and_sudoes() {
    let def = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios/sources/linux_auth.toml");
    let (g, k) = generator_with("linux_auth", &def, &["ssh_brute_force_then_sudo"]);
    let rows = attack_rows(&g, k, "event_id");
    let fails: Vec<_> = rows.iter().filter(|(_, r)| cell(r, "outcome") == "failure").collect();
    assert!(fails.len() >= 30, "{} failures", fails.len());
    let ip = cell(&fails[0].1, "src_ip");
    let (user, host) = (cell(&fails[0].1, "user"), cell(&fails[0].1, "host"));
    assert!(fails.iter().all(|(_, r)| cell(r, "src_ip") == ip
        && cell(r, "user") == user
        && cell(r, "host") == host));
    // Elastic's rule: ≥ 25 failures within 15 s.
    let t = |r: &[(String, String)]| cell(r, "time").to_string();
    assert!(
        t(&fails[24].1) <= t(&fails[0].1).replace("14:10:00", "14:10:15"),
        "{} .. {}",
        t(&fails[0].1),
        t(&fails[24].1)
    );
    let accepted = rows
        .iter()
        .find(|(_, r)| cell(r, "message").starts_with("Accepted password"))
        .expect("a success");
    assert_eq!((cell(&accepted.1, "src_ip"), cell(&accepted.1, "user")), (ip, user));
    let sudo =
        rows.iter().find(|(_, r)| cell(r, "command") == "/bin/bash").expect("sudo to a shell");
    assert_eq!((cell(&sudo.1, "user"), cell(&sudo.1, "host")), (user, host));
    assert!(t(&sudo.1) > t(&accepted.1));
}

#[test]
fn okta_mfa_fatigue_denies_pushes_under_one_session_then_approves() {
    let def = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios/sources/okta.toml");
    let (g, k) = generator_with("okta", &def, &["okta_mfa_fatigue"]);
    let rows = attack_rows(&g, k, "uuid");
    let of = |ty: &str| -> Vec<&Vec<(String, String)>> {
        rows.iter().map(|(_, r)| r).filter(|r| cell(r, "eventType") == ty).collect()
    };
    let pushes = of("system.push.send_factor_verify_push");
    assert!(pushes.len() >= 6, "{} pushes", pushes.len());
    let session = cell(pushes[0], "authenticationContext.externalSessionId");
    let actor = cell(pushes[0], "actor.id");
    assert!(rows.iter().all(|(_, r)| cell(r, "actor.id") == actor));
    assert!(pushes.iter().all(|r| cell(r, "authenticationContext.externalSessionId") == session));
    let mfa = of("user.authentication.auth_via_mfa");
    let denied = mfa
        .iter()
        .filter(|r| cell(r, "debugContext.debugData.pushOnlyResponseType") == "OV_RESPONSE_DENY")
        .count();
    assert!(denied >= 3, "{denied} denies");
    assert_eq!(mfa.iter().filter(|r| cell(r, "outcome.result") == "SUCCESS").count(), 1);
    assert_eq!(of("user.session.start").len(), 1);
}

#[test]
fn k8s_privileged_exec_binds_cluster_admin_then_execs_from_one_address() {
    let def = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios/sources/k8s_audit.toml");
    let (g, k) = generator_with("k8s_audit", &def, &["k8s_privileged_exec"]);
    let mut rows: Vec<Vec<(String, String)>> =
        attack_rows(&g, k, "auditID").into_iter().map(|(_, r)| r).collect();
    rows.sort_by(|a, b| cell(a, "stageTimestamp").cmp(cell(b, "stageTimestamp")));
    // One user, one address, one kubectl throughout; every step allowed.
    let (user, ip) = (cell(&rows[0], "user.username"), cell(&rows[0], "sourceIPs"));
    assert!(rows.iter().all(|r| cell(r, "user.username") == user && cell(r, "sourceIPs") == ip));
    assert!(rows
        .iter()
        .all(|r| cell(r, "annotations").contains(r#""authorization.k8s.io/decision":"allow""#)));
    let binding = rows
        .iter()
        .position(|r| cell(r, "objectRef.resource") == "clusterrolebindings")
        .expect("a cluster role binding");
    assert_eq!(cell(&rows[binding], "requestObject.roleRef.name"), "cluster-admin");
    assert_eq!(cell(&rows[binding], "verb"), "create");
    let exec = rows
        .iter()
        .position(|r| cell(r, "objectRef.subresource") == "exec")
        .expect("an exec into a pod");
    assert!(exec > binding, "the exec follows the binding");
    assert_eq!(cell(&rows[exec], "responseStatus.code"), "101");
}

// ------------------------------------------------------------------ coverage of real samples

fn reference(rel: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/sources").join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Leaf key paths of a JSON record (an empty object or a null counts as a leaf).
fn json_paths(v: &serde_json::Value, prefix: &str, out: &mut std::collections::BTreeSet<String>) {
    match v.as_object() {
        Some(o) if !o.is_empty() => {
            for (k, c) in o {
                let p = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                json_paths(c, &p, out);
            }
        }
        _ => {
            out.insert(prefix.to_string());
        }
    }
}

/// The generated records hold at least 60 % of the real samples' key paths (a real leaf that
/// is null or `{}` counts as held when the generator writes anything under it), and every
/// generated key is in the samples or named in the source's profile (`<source>_profile.md`;
/// prefixed keys such as `authentication.kubernetes.io/node-uid` by what follows the prefix).
fn assert_covers(
    source: &str,
    real: &std::collections::BTreeSet<String>,
    generated: &std::collections::BTreeSet<String>,
) {
    let held = |p: &String| {
        generated.contains(p) || generated.iter().any(|g| g.starts_with(&format!("{p}.")))
    };
    let missing: Vec<&String> = real.iter().filter(|p| !held(p)).collect();
    let share = 1.0 - missing.len() as f64 / real.len() as f64;
    println!(
        "{source}: {} of {} real key paths generated ({:.0} %); not generated: {missing:?}",
        real.len() - missing.len(),
        real.len(),
        share * 100.0
    );
    assert!(
        share >= 0.6,
        "{source} covers {:.0} % of the real key paths; missing {missing:?}",
        share * 100.0
    );
    let profile = reference(&format!("{source}_profile.md"));
    for g in generated {
        let leaf = g.rsplit(['.', '/']).next().unwrap();
        assert!(
            real.contains(g) || profile.contains(leaf),
            "{source} writes `{g}`, which neither the samples nor the profile have"
        );
    }
}

/// Generated key paths of a JSON source, one working hour with its attacks.
fn generated_paths(name: &str, attacks: &[&str]) -> std::collections::BTreeSet<String> {
    let def =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../scenarios/sources/{name}.toml"));
    let (g, k) = generator_with(name, &def, attacks);
    let (raw, _) = raw_of(&g, k);
    let mut out = std::collections::BTreeSet::new();
    for line in raw.lines() {
        json_paths(&serde_json::from_str(line).unwrap(), "", &mut out);
    }
    out
}

/// Okta: the key paths of Okta's own LogEvent examples (OpenAPI spec) and Panther's rule-test
/// records (their `p_*` enrichment and keys outside the LogEvent object left out), against
/// what the definition writes. Every generated key must be in the samples or named in the
/// profile (okta_profile.md, which records the schema and Okta's documentation).
#[test]
fn okta_covers_the_keys_of_real_samples() {
    let mut real = std::collections::BTreeSet::new();
    let spec: Vec<serde_json::Value> =
        serde_json::from_str(&reference("samples/okta/okta_openapi_spec_examples.json")).unwrap();
    let events: Vec<&serde_json::Value> =
        spec.iter().filter(|e| e.get("actor").is_some()).collect();
    let top: std::collections::BTreeSet<&str> = events
        .iter()
        .flat_map(|e| e.as_object().unwrap().keys().map(|k| k.as_str()))
        .filter(|k| *k != "_example")
        .collect();
    for e in &events {
        json_paths(e, "", &mut real);
    }
    let panther: Vec<serde_json::Value> =
        serde_json::from_str(&reference("samples/okta/panther_okta_rule_tests.json")).unwrap();
    for t in &panther {
        let mut p = std::collections::BTreeSet::new();
        json_paths(&t["log"], "", &mut p);
        real.extend(p.into_iter().filter(|k| top.contains(k.split('.').next().unwrap())));
    }
    real.remove("_example");
    assert_covers("okta", &real, &generated_paths("okta", &["okta_mfa_fatigue"]));
}

/// Linux auth: the real line shapes recorded in linux_auth_profile.md (the Elastic fixtures are
/// not carried; the profile keeps their shapes) as patterns. Every generated message must have
/// a real shape, and the common real shapes must all be generated.
#[test]
fn linux_auth_messages_have_real_shapes() {
    let shapes: &[(&str, &str)] = &[
        ("sshd", "Accepted publickey for {u} from {ip} port {n} ssh2: ED25519 SHA256:"),
        ("sshd", "Accepted password for {u} from {ip} port {n} ssh2"),
        ("sshd", "pam_unix(sshd:session): session opened for user {u}(uid={n}) by (uid=0)"),
        ("sshd", "pam_unix(sshd:session): session closed for user {u}"),
        ("sshd", "Received disconnect from {ip} port {n}:11: disconnected by user"),
        ("sshd", "Failed password for invalid user {u} from {ip} port {n} ssh2"),
        ("sshd", "Failed password for {u} from {ip} port {n} ssh2"),
        ("sshd", "Connection closed by authenticating user {u} {ip} port {n} [preauth]"),
        ("sudo", " {u} : TTY=pts/{n} ; PWD=/home/{u} ; USER=root ; COMMAND=/"),
        ("sudo", " {u} : 1 incorrect password attempt ; TTY=pts/{n} ; PWD=/home/{u} ; USER=root ; COMMAND=/"),
        ("sudo", "pam_unix(sudo:session): session opened for user root(uid=0) by {u}(uid={n})"),
        ("sudo", "pam_unix(sudo:session): session closed for user root"),
        ("CRON", "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)"),
        ("CRON", "pam_unix(cron:session): session closed for user root"),
    ];
    let profile = reference("linux_auth_profile.md");
    // Each shape's literal text is in the profile (the facts it was taken from).
    for (_, s) in shapes {
        // Literal text between the variables, in pieces (old and new forms differ in between).
        let pieces = s.split(['{', '}']).step_by(2).flat_map(|l| l.split([';', '(']));
        for lit in pieces.map(|l| l.trim_matches(|c| c == ' ' || c == ':')).filter(|l| l.len() > 6)
        {
            assert!(profile.contains(lit), "shape text `{lit}` is not in the profile");
        }
    }
    let matches = |shape: &str, msg: &str| -> bool {
        // {u}: a user name, {ip}: an address, {n}: digits; the rest literal.
        let mut rest = msg;
        let parts: Vec<&str> = shape.split('{').collect();
        if !rest.starts_with(parts[0]) {
            return false;
        }
        rest = &rest[parts[0].len()..];
        for p in &parts[1..] {
            let (var, lit) = p.split_once('}').unwrap();
            let ok = |c: char| match var {
                "n" => c.is_ascii_digit(),
                "ip" => c.is_ascii_digit() || c == '.',
                _ => c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.',
            };
            let end = rest.find(|c: char| !ok(c)).unwrap_or(rest.len());
            if end == 0 || !rest[end..].starts_with(lit) {
                return false;
            }
            rest = &rest[end + lit.len()..];
        }
        shape.ends_with('/') || shape.ends_with(':') || rest.is_empty()
    };
    let def = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios/sources/linux_auth.toml");
    let (g, k) = generator_with("linux_auth", &def, &["ssh_brute_force_then_sudo"]);
    let mut used = vec![0usize; shapes.len()];
    for u in g.units(k, Part::WHOLE, None) {
        let b = g.generate(&u, Want { raw: false, arrow: true });
        let batch = b.batch.unwrap();
        for r in 0..batch.num_rows() {
            let row = defined::row_text(&batch, r);
            let (program, msg) = (cell(&row, "program"), cell(&row, "message"));
            let i = shapes.iter().position(|(p, s)| *p == program && matches(s, msg));
            let i = i.unwrap_or_else(|| panic!("`{program}: {msg}` has no real shape"));
            used[i] += 1;
        }
    }
    let unused: Vec<&str> =
        shapes.iter().zip(&used).filter(|(_, n)| **n == 0).map(|(s, _)| s.1).collect();
    println!(
        "linux_auth: {} of {} real shapes generated; per shape {used:?}",
        shapes.len() - unused.len(),
        shapes.len()
    );
    assert!(unused.is_empty(), "real shapes never generated: {unused:?}");
}

/// Kubernetes audit: the key paths of Falco's recorded API-server events (minikube, 2018; the
/// legacy v1beta1 `timestamp` and `metadata` that audit.k8s.io/v1 dropped left out, and the
/// request/response objects counted as one key each: they are the API object's own JSON)
/// against what the definition writes. Every generated key must be in the samples or named in
/// the profile (k8s_audit_profile.md, from the v1 Event type's JSON tags).
#[test]
fn k8s_audit_covers_the_keys_of_real_samples() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/reference/sources/samples/k8s_audit/falco_trace_files");
    let mut real = std::collections::BTreeSet::new();
    let mut events = 0;
    for f in std::fs::read_dir(&dir).unwrap() {
        let p = f.unwrap().path();
        if p.extension() != Some("json".as_ref()) {
            continue;
        }
        // One event per line, or an EventList; the 11-byte placeholder is not JSON.
        let text = std::fs::read_to_string(&p).unwrap();
        let mut items = Vec::new();
        for v in serde_json::Deserializer::from_str(&text).into_iter::<serde_json::Value>() {
            let Ok(v) = v else { break };
            match v.get("items").and_then(|i| i.as_array()) {
                Some(list) => items.extend(list.iter().cloned()),
                None => items.push(v),
            }
        }
        for mut e in items {
            let o = e.as_object_mut().unwrap();
            o.remove("timestamp");
            o.remove("metadata");
            for k in ["requestObject", "responseObject"] {
                if o.contains_key(k) {
                    o.insert(k.into(), serde_json::Value::Null);
                }
            }
            json_paths(&e, "", &mut real);
            events += 1;
        }
    }
    assert!(events >= 50, "{events} sample events read from {}", dir.display());
    let generated: std::collections::BTreeSet<String> =
        generated_paths("k8s_audit", &["k8s_privileged_exec"])
            .into_iter()
            .map(|p| match p.split_once('.') {
                Some((top @ ("requestObject" | "responseObject"), _)) => top.to_string(),
                _ => p,
            })
            .collect();
    assert_covers("k8s_audit", &real, &generated);
}
