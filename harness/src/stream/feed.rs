//! The stream's data feed: units are generated a slot ahead of the clock and held back until
//! the scenario clock passes each row's event time, so a commit at time T holds exactly the
//! events with time < T that were not committed before — as a log shipper would deliver them.

use anyhow::Result;
use arrow_array::cast::AsArray;
use arrow_array::types::TimestampMicrosecondType;
use arrow_array::{BooleanArray, RecordBatch};
use lakeproof_generators::attacks::Label;
use lakeproof_generators::fmt::Micros;
use lakeproof_generators::{Generator, Part, SourceKind, Unit, Want};
use std::collections::BTreeMap;

/// Rows of one source that were generated but whose time has not come yet.
struct Pending {
    batch: RecordBatch,
    time_index: usize,
    /// Raw-equivalent bytes per row of the block it came from (blocks are released in pieces).
    raw_per_row: f64,
}

/// What one release hands to the writer for one source.
#[derive(Default)]
pub struct Ready {
    pub batches: Vec<RecordBatch>,
    pub rows: u64,
    pub raw_bytes: f64,
}

pub struct Feed<'g> {
    generator: &'g Generator,
    /// Every source's units, by start time.
    units: Vec<Unit>,
    next: usize,
    pending: BTreeMap<SourceKind, Vec<Pending>>,
    labels: Vec<Label>,
}

impl<'g> Feed<'g> {
    pub fn new(generator: &'g Generator, sources: &[SourceKind]) -> Feed<'g> {
        let mut units: Vec<Unit> =
            sources.iter().flat_map(|&s| generator.units(s, Part::WHOLE, None)).collect();
        units.sort_by_key(|u| (u.start, u.source));
        Feed { generator, units, next: 0, pending: BTreeMap::new(), labels: Vec::new() }
    }

    /// Generate every unit that starts before `t` (a unit holds up to five minutes of events,
    /// and an attack's whole sequence: they wait in `pending` until their time).
    fn generate_until(&mut self, t: Micros) -> Result<()> {
        while let Some(unit) = self.units.get(self.next).filter(|u| u.start < t) {
            let block = self.generator.generate(unit, Want { raw: false, arrow: true });
            self.next += 1;
            self.labels.extend(block.labels);
            let batch = block.batch.expect("arrow batch requested");
            if batch.num_rows() == 0 {
                continue;
            }
            let time_index = batch.schema().index_of(unit.source.time_column())?;
            let raw_per_row = block.raw_bytes as f64 / batch.num_rows() as f64;
            self.pending.entry(unit.source).or_default().push(Pending {
                batch,
                time_index,
                raw_per_row,
            });
        }
        Ok(())
    }

    /// Everything with event time < `t`, per source, and the labels of those events.
    pub fn release(&mut self, t: Micros) -> Result<(BTreeMap<SourceKind, Ready>, Vec<Label>)> {
        self.generate_until(t)?;
        let mut out: BTreeMap<SourceKind, Ready> = BTreeMap::new();
        for (source, pending) in &mut self.pending {
            let mut kept = Vec::new();
            for p in pending.drain(..) {
                let times = p.batch.column(p.time_index).as_primitive::<TimestampMicrosecondType>();
                let due: BooleanArray =
                    times.iter().map(|v| Some(v.is_some_and(|v| v < t))).collect();
                let n_due = due.true_count();
                if n_due > 0 {
                    let ready = out.entry(*source).or_default();
                    ready.rows += n_due as u64;
                    ready.raw_bytes += n_due as f64 * p.raw_per_row;
                    ready.batches.push(arrow_select::filter::filter_record_batch(&p.batch, &due)?);
                }
                if n_due < p.batch.num_rows() {
                    let later: BooleanArray = due.iter().map(|v| v.map(|b| !b)).collect();
                    let batch = arrow_select::filter::filter_record_batch(&p.batch, &later)?;
                    kept.push(Pending { batch, ..p });
                }
            }
            *pending = kept;
        }
        let (due, later): (Vec<Label>, Vec<Label>) =
            self.labels.drain(..).partition(|l| l.time < t);
        self.labels = later;
        Ok((out, due))
    }

    /// Rows generated but never released (their time is at or after the last release).
    pub fn held_back(&self) -> u64 {
        self.pending.values().flatten().map(|p| p.batch.num_rows() as u64).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lakeproof_generators::scenario::Scenario;
    use std::path::Path;

    #[test]
    fn releases_partition_the_generated_rows_by_time() {
        let toml = "name = \"t\"\nstart = \"2026-11-02T00:00:00Z\"\nend = \"2026-11-02T00:30:00Z\"\nvolume_per_day = \"40 MB\"\n[org]\nemployees = 50\nservers = 5\n";
        let g = Generator::new(Scenario::parse(toml, Path::new("t.toml")).unwrap(), 1);
        let sources = [SourceKind::WindowsSecurity, SourceKind::ZeekConn];
        let total: u64 = sources
            .iter()
            .flat_map(|&s| g.units(s, Part::WHOLE, None))
            .map(|u| g.generate(&u, Want { raw: false, arrow: true }).rows as u64)
            .sum();
        let mut feed = Feed::new(&g, &sources);
        let mut released = 0;
        let mut last = i64::MIN;
        for k in 1..=6 {
            let t = g.scenario.start + k * 5 * 60_000_000;
            let (ready, _) = feed.release(t).unwrap();
            for (s, r) in ready {
                for b in &r.batches {
                    let times = b
                        .column(b.schema().index_of(s.time_column()).unwrap())
                        .as_primitive::<TimestampMicrosecondType>()
                        .clone();
                    assert!(
                        times.values().iter().all(|&v| v < t && v >= last),
                        "rows released at {t} belong to (previous, t)"
                    );
                }
                released += r.rows;
            }
            last = t;
        }
        let (ready, _) = feed.release(i64::MAX).unwrap();
        released += ready.values().map(|r| r.rows).sum::<u64>();
        assert_eq!(released, total, "every generated row is released exactly once");
        assert_eq!(feed.held_back(), 0);
    }
}
