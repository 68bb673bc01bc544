//! Output is a pure function of (scenario, seed, source, slice): parts are disjoint and cover
//! the run, any unit can be generated alone in any order, and time windows select exactly the
//! whole run's units. The same holds for sources defined as data (`linux_auth`, `okta`, `k8s_audit`) and the
//! attacks they contribute.

use lakeproof_generators::scenario::Scenario;
use lakeproof_generators::{Generator, Part, SourceKind, Want};
use std::path::Path;

const SCENARIO: &str = r#"
name = "determinism"
start = "2026-11-02T00:00:00Z"
end = "2026-11-03T00:00:00Z"
volume_per_day = "40 MB"
[org]
employees = 200
servers = 20
domain_controllers = 2
aws_accounts = 2
known_bad_ips = 4
[mix]
linux_auth = 0.05
okta = 0.05
k8s_audit = 0.04
[sources]
linux_auth = "sources/linux_auth.toml"
okta = "sources/okta.toml"
k8s_audit = "sources/k8s_audit.toml"
[[attack]]
kind = "ssh_brute_force_then_sudo"
count = 2
[[attack]]
kind = "okta_mfa_fatigue"
[[attack]]
kind = "k8s_privileged_exec"
[[attack]]
kind = "brute_force_then_success"
[[attack]]
kind = "audit_log_cleared"
[[attack]]
kind = "cloudtrail_stop_logging"
[[attack]]
kind = "exfiltration"
at = ["2026-11-02T10:02:00Z"]
"#;

fn generator(seed: u64) -> Generator {
    // Parsed as if it sat in scenarios/, beside the definitions it names.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios/determinism.toml");
    Generator::new(Scenario::parse(SCENARIO, &path).unwrap(), seed)
}

/// Raw bytes of a list of units, in the given order, plus their labels' keys.
fn render(g: &Generator, source: SourceKind, part: Part) -> (Vec<u8>, Vec<String>, usize) {
    let mut bytes = Vec::new();
    let mut labels = Vec::new();
    let mut rows = 0;
    for u in g.units(source, part, None) {
        let b = g.generate(&u, Want { raw: true, arrow: false });
        rows += b.rows;
        for d in b.raw_docs {
            bytes.extend_from_slice(d.name.as_bytes());
            bytes.extend_from_slice(&d.bytes);
        }
        labels.extend(b.labels.into_iter().map(|l| l.event_key));
    }
    (bytes, labels, rows)
}

#[test]
fn parts_are_disjoint_and_their_union_is_the_whole() {
    let g = generator(7);
    for source in g.sources() {
        let (whole, whole_labels, rows) = render(&g, source, Part::WHOLE);
        assert!(rows > 100, "{source}: only {rows} rows");
        let mut joined = Vec::new();
        let mut joined_labels = Vec::new();
        for i in 0..3 {
            let (b, l, _) = render(&g, source, Part { index: i, count: 3 });
            joined.extend(b);
            joined_labels.extend(l);
        }
        assert!(joined == whole, "{source}: parts 1..3/3 differ from the whole");
        assert_eq!(joined_labels, whole_labels, "{source}: labels differ");
    }
}

#[test]
fn same_seed_same_bytes_any_order_and_other_seed_differs() {
    let a = generator(11);
    let b = generator(11);
    let c = generator(12);
    for source in a.sources() {
        let units = a.units(source, Part::WHOLE, None);
        assert_eq!(units, b.units(source, Part::WHOLE, None));
        // Generate b's units backwards: no hidden state may leak between units.
        let fwd: Vec<_> = units
            .iter()
            .map(|u| a.generate(u, Want { raw: true, arrow: false }).raw_docs)
            .collect();
        let mut back: Vec<_> = units
            .iter()
            .rev()
            .map(|u| b.generate(u, Want { raw: true, arrow: false }).raw_docs)
            .collect();
        back.reverse();
        for (x, y) in fwd.iter().zip(&back) {
            assert_eq!(x.len(), y.len());
            for (dx, dy) in x.iter().zip(y) {
                assert!(
                    dx.name == dy.name && dx.bytes == dy.bytes,
                    "{source}: unit differs when generated in another order"
                );
            }
        }
        let (other, _, _) = render(&c, source, Part::WHOLE);
        let (same, _, _) = render(&a, source, Part::WHOLE);
        assert!(other != same, "{source}: seed 12 gave the same bytes as seed 11");
    }
}

#[test]
fn a_time_window_selects_the_same_units() {
    let g = generator(3);
    let from = lakeproof_generators::fmt::parse_iso("2026-11-02T09:00:00Z").unwrap();
    let to = lakeproof_generators::fmt::parse_iso("2026-11-02T11:00:00Z").unwrap();
    for source in g.sources() {
        let all = g.units(source, Part::WHOLE, None);
        let win = g.units(source, Part::WHOLE, Some((from, to)));
        let expected: Vec<_> =
            all.iter().filter(|u| u.start >= from && u.start < to).copied().collect();
        assert_eq!(win, expected, "{source}");
        assert_eq!(win.iter().map(|u| u.slot).collect::<std::collections::BTreeSet<_>>().len(), 24);
    }
}

#[test]
fn arrow_rows_match_raw_rows_and_every_attack_is_labelled_in_its_sources() {
    let g = generator(5);
    let mut seen = std::collections::BTreeSet::new();
    for source in g.sources() {
        for u in g.units(source, Part::WHOLE, None) {
            let b = g.generate(&u, Want { raw: false, arrow: true });
            let batch = b.batch.unwrap();
            assert_eq!(batch.num_rows(), b.rows, "{source}");
            assert_eq!(
                batch.schema(),
                lakeproof_generators::schema(source),
                "{source}: batch schema differs from the table schema"
            );
            for l in b.labels {
                assert_eq!(l.source, source);
                seen.insert((l.attack_id, source));
            }
        }
    }
    for inst in &g.plan.instances {
        for s in inst.kind.sources() {
            assert!(
                seen.contains(&(inst.id.clone(), *s)),
                "{} left no labelled event in {s}",
                inst.id
            );
        }
    }
}
