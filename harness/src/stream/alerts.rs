//! The alert loop: the alerting profile's detection queries, run on a schedule over a sliding
//! window against one engine that re-attaches the tables' newest snapshots each round, with
//! every answer matched to the ground-truth labels released so far.
//!
//! Latency of a detection = (alert round's scenario time − the newest labelled event of that
//! attack in the first answer that contained it) + the query's own wall time. On an
//! accelerated clock, commits and rounds are scheduled in scenario time while the engine runs
//! at 1×, so the figure is what a real-time deployment with the same commit and alert
//! intervals would see (provided the machine keeps up: the run records how far it fell behind).

use crate::engines::{Attach, Engine};
use crate::results::stream::{Detection, RoundRecord};
use crate::workloads::profile::sql_time;
use crate::workloads::profile::{substitute, Workloads};
use anyhow::{Context, Result};
use lakeproof_generators::attacks::Label;
use lakeproof_generators::fmt::Micros;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::time::{Duration, Instant};

/// One detection rule: an alerting query and the attack kind it is meant to catch.
pub struct Rule {
    pub name: String,
    pub attack: String,
    pub sql: String,
}

/// A labelled attack event, as known once its label was released.
struct Truth {
    attack_id: String,
    kind: String,
    time: Micros,
}

pub struct AlertLoop {
    engine: Box<dyn Engine>,
    pub rules: Vec<Rule>,
    pub window: Micros,
    timeout: Duration,
    truth: HashMap<String, Vec<Truth>>,
    /// Scenario time of the commit that made each labelled event visible.
    visible: HashMap<String, Micros>,
    /// Labelled events already in the lake before the stream (a backfilled history): an
    /// answer returning them is neither a detection of this run nor a false alert.
    history: HashSet<String>,
    /// Attack id → kind, for every attack whose events were released.
    pub attacks: BTreeMap<String, String>,
    pub detections: BTreeMap<String, Detection>,
    pub false_keys: BTreeMap<String, BTreeSet<String>>,
    pub query_ms: BTreeMap<String, Vec<f64>>,
    pub errors: BTreeMap<String, String>,
}

impl AlertLoop {
    /// The rules are the alerting profile's queries that name an attack, as the engine runs
    /// them (its variant file where one exists, placeholders rendered in its dialect).
    /// Rules on tables the stream does not write (`has` says which it does) are left out.
    pub fn new(
        engine: Box<dyn Engine>,
        workloads: &Workloads,
        has: impl Fn(&str) -> bool,
    ) -> Result<AlertLoop> {
        let mut profile = workloads.profile("alerting")?;
        profile.keep_runnable(has);
        let mut rules = Vec::new();
        for q in &profile.queries {
            if let Some(attack) = &q.attack {
                let sql = q.sql_for(engine.name())?;
                rules.push(Rule { name: q.name.clone(), attack: attack.clone(), sql });
            }
        }
        let window = profile.spec.window_minutes.unwrap_or(60) as i64 * 60_000_000;
        Ok(AlertLoop {
            engine,
            rules,
            window,
            timeout: Duration::from_secs(profile.spec.timeout_secs),
            truth: HashMap::new(),
            visible: HashMap::new(),
            history: HashSet::new(),
            attacks: BTreeMap::new(),
            detections: BTreeMap::new(),
            false_keys: BTreeMap::new(),
            query_ms: BTreeMap::new(),
            errors: BTreeMap::new(),
        })
    }

    pub fn engine_name(&self) -> String {
        self.engine.name().to_string()
    }

    pub fn engine_version(&mut self) -> String {
        self.engine.version().unwrap_or_default()
    }

    /// The labels table's event keys as the stream found it.
    pub fn know_history(&mut self, keys: impl IntoIterator<Item = String>) {
        self.history.extend(keys);
    }

    /// Labels of events a commit at `committed_at` made visible.
    pub fn learn(&mut self, labels: &[Label], committed_at: Micros) {
        for l in labels {
            let kind = l.kind.name().to_string();
            self.attacks.insert(l.attack_id.clone(), kind.clone());
            self.visible.entry(l.event_key.clone()).or_insert(committed_at);
            self.truth.entry(l.event_key.clone()).or_default().push(Truth {
                attack_id: l.attack_id.clone(),
                kind,
                time: l.time,
            });
        }
    }

    /// Run every rule over the window ending at `at` on the tables as `attach` has them.
    pub fn round(&mut self, at: Micros, attach: &Attach) -> Result<RoundRecord> {
        self.engine.open(attach).context("re-attaching the tables' newest snapshots")?;
        let values = BTreeMap::from([
            ("from".to_string(), sql_time(at - self.window)),
            ("to".to_string(), sql_time(at)),
        ]);
        let mut record =
            RoundRecord { at: sql_time(at), query_ms: BTreeMap::new(), rows: BTreeMap::new() };
        for i in 0..self.rules.len() {
            let (name, attack) = (self.rules[i].name.clone(), self.rules[i].attack.clone());
            let sql = substitute(&self.rules[i].sql, &values, &name)?;
            let start = Instant::now();
            let answer = self.engine.query(&sql, self.timeout);
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            let answer = match answer {
                Ok(a) => a,
                Err(e) => {
                    self.errors.entry(name).or_insert_with(|| format!("{e:#}"));
                    continue;
                }
            };
            self.query_ms.entry(name.clone()).or_default().push(ms);
            record.query_ms.insert(name.clone(), ms);
            record.rows.insert(name.clone(), answer.row_count as u64);
            let Some(col) = answer.columns.iter().position(|c| c == "event_key") else {
                if answer.row_count > 0 {
                    self.errors
                        .entry(name)
                        .or_insert_with(|| "answer has no event_key column".into());
                }
                continue;
            };
            let keys: BTreeSet<String> =
                answer.rows.iter().filter_map(|r| r[col].clone()).collect();
            self.match_keys(&name, &attack, &keys, at, ms);
        }
        Ok(record)
    }

    /// Credit the attacks of the rule's kind whose labelled events the answer holds; keys that
    /// are no attack's events are false alerts on background.
    fn match_keys(
        &mut self,
        rule: &str,
        attack_kind: &str,
        keys: &BTreeSet<String>,
        at: Micros,
        query_ms: f64,
    ) {
        let mut evidence: BTreeMap<&str, (Micros, Micros)> = BTreeMap::new();
        for key in keys {
            let Some(truths) = self.truth.get(key) else {
                if self.history.contains(key) {
                    continue;
                }
                self.false_keys.entry(rule.to_string()).or_default().insert(key.clone());
                continue;
            };
            for t in truths.iter().filter(|t| t.kind == attack_kind) {
                let visible = self.visible.get(key).copied().unwrap_or(at);
                let e = evidence.entry(&t.attack_id).or_insert((t.time, visible));
                if t.time > e.0 {
                    *e = (t.time, visible);
                }
            }
        }
        for (attack_id, (event_time, visible_at)) in evidence {
            if self.detections.contains_key(attack_id) {
                continue;
            }
            let latency_s = (at - event_time) as f64 / 1e6 + query_ms / 1000.0;
            self.detections.insert(
                attack_id.to_string(),
                Detection {
                    attack_id: attack_id.to_string(),
                    attack: attack_kind.to_string(),
                    rule: rule.to_string(),
                    event_time: sql_time(event_time),
                    visible_at: sql_time(visible_at),
                    alert_at: sql_time(at),
                    query_ms,
                    latency_s,
                },
            );
        }
    }

    pub fn close(mut self) {
        self.engine.close();
    }
}
