//! The detections section: for every rule that was checked over the whole dataset (alerting
//! profiles, compiled Sigma rules), whether it found its attack on each engine and, for Sigma
//! detections, how many false alerts it raised a day: the noise an analyst would triage.

use super::{Section, Table};
use crate::results::run::RunResult;
use std::collections::BTreeMap;

pub fn section(run: &RunResult, note: &str) -> Option<Section> {
    let checked: Vec<_> =
        run.results.iter().filter(|q| q.recall.is_some() || q.false_alerts.is_some()).collect();
    if checked.is_empty() {
        return None;
    }
    let engines: Vec<&str> = run.engines.iter().map(|e| e.name.as_str()).collect();
    let days = run.scenario.days().unwrap_or(1.0).max(f64::MIN_POSITIVE);
    // (profile, query) in run order, each engine's result.
    let mut rules: Vec<(&str, &str)> = Vec::new();
    let mut by: BTreeMap<(&str, &str, &str), _> = BTreeMap::new();
    for q in &checked {
        let k = (q.profile.as_str(), q.query.as_str());
        if !rules.contains(&k) {
            rules.push(k);
        }
        by.insert((k.0, k.1, q.engine.as_str()), *q);
    }
    let mut headers = vec!["profile".to_string(), "rule".into(), "attack".into()];
    headers.extend(engines.iter().map(|e| format!("{e} recall")));
    headers.extend(["false alerts / day".into(), "engines agree".into()]);
    let mut rows = Vec::new();
    let (mut missed, mut noisy) = (0, 0);
    for (profile, query) in &rules {
        let per: Vec<_> = engines.iter().map(|e| by.get(&(*profile, *query, *e))).collect();
        let attack = per.iter().flatten().find_map(|q| q.recall.as_ref()).map(|r| r.attack.clone());
        let mut row = vec![profile.to_string(), query.to_string(), attack.unwrap_or("-".into())];
        for q in &per {
            row.push(match q.and_then(|q| q.recall.as_ref()) {
                Some(r) if r.error.is_some() => "failed".into(),
                Some(r) => {
                    if r.found < r.expected {
                        missed += 1;
                    }
                    format!("{}/{}", r.found, r.expected)
                }
                None => "-".into(),
            });
        }
        let counts: Vec<u64> = per.iter().flatten().filter_map(|q| q.false_alerts).collect();
        row.push(counts.first().map_or("-".into(), |&n| {
            if n > 0 {
                noisy += 1;
            }
            format!("{:.1}", n as f64 / days)
        }));
        row.push(if counts.windows(2).all(|w| w[0] == w[1]) { "yes" } else { "NO" }.into());
        rows.push(row);
    }
    Some(Section {
        id: "detections",
        title: "Detections: recall and false alerts".into(),
        text: vec![
            format!(
                "Each rule re-run over the whole dataset. Recall: of the injected attacks of the rule's kind, how many it returned at least one labelled event of. False alerts (compiled Sigma rules): distinct events it returned that no attack label explains, per day of data — what an analyst would triage at this volume, which grows with it. {} engine × rule recalls short of complete; {noisy} rules with false alerts. {note}.",
                missed
            ),
        ],
        tables: vec![Table { headers, rows }],
        plot: None,
    })
}
