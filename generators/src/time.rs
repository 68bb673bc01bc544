//! The time model: when events happen.
//!
//! Each source has a weekly shape in the organisation's local time (working hours, lunch dip,
//! quiet weekends, a night batch window) plus occasional bursts. Time is cut into fixed
//! five-minute slots; the number of events in a slot is a pure function of (seed, source,
//! slot), so any slot can be generated alone and `--part i/n` is a split of the slot range.

use crate::fmt::{Micros, MICROS_PER_SEC};
use crate::rng::{derive, Rng};
use crate::SourceKind;

/// Slot length. Five minutes is also CloudTrail's delivery interval, so one slot's records for
/// one account and region form one realistic CloudTrail file.
pub const SLOT_MICROS: Micros = 300 * MICROS_PER_SEC;

/// Cap on events per generated block, which bounds memory per unit of work whatever the volume.
pub const BLOCK_EVENTS: u64 = 16_384;

/// Weekly activity shape of one source.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    /// Activity at night relative to a working-hours peak of 1.
    pub night: f64,
    /// Weekend activity relative to a weekday at the same hour.
    pub weekend: f64,
    /// Extra activity in the 01:00–03:00 local batch window (backups, scans, ETL).
    pub batch: f64,
    /// Probability that a 30-minute window bursts, and the burst multiplier range.
    pub burst_p: f64,
    pub burst_max: f64,
}

pub fn shape(source: SourceKind) -> Shape {
    match source {
        // Logons, process starts, file access: people-driven, servers keep a floor.
        SourceKind::WindowsSecurity => {
            Shape { night: 0.22, weekend: 0.3, batch: 0.25, burst_p: 0.02, burst_max: 3.0 }
        }
        // API calls: much of it is automation, so a high floor.
        SourceKind::CloudTrail => {
            Shape { night: 0.45, weekend: 0.6, batch: 0.3, burst_p: 0.02, burst_max: 4.0 }
        }
        SourceKind::ZeekConn | SourceKind::ZeekDns => {
            Shape { night: 0.18, weekend: 0.25, batch: 0.6, burst_p: 0.03, burst_max: 3.0 }
        }
        SourceKind::VpcFlow => {
            Shape { night: 0.5, weekend: 0.7, batch: 0.4, burst_p: 0.02, burst_max: 2.5 }
        }
        SourceKind::Defined(i) => crate::sources::defined::get(i).shape,
    }
}

/// Unnormalised activity at a local time (seconds since the epoch, shifted to local time).
fn raw_weight(s: &Shape, local_secs: i64) -> f64 {
    let day = local_secs.div_euclid(86_400);
    let weekday = (day + 3).rem_euclid(7); // 1970-01-01 was a Thursday; 0 = Monday
    let h = local_secs.rem_euclid(86_400) as f64 / 3600.0;
    // Working hours: ramp 07–09, plateau to 17 with a lunch dip, ramp down to 19.
    let work = if !(7.0..19.0).contains(&h) {
        0.0
    } else if h < 9.0 {
        smooth((h - 7.0) / 2.0)
    } else if h < 17.0 {
        if (12.0..13.0).contains(&h) {
            0.85
        } else {
            1.0
        }
    } else {
        1.0 - smooth((h - 17.0) / 2.0)
    };
    // At weekends the machine-driven floor stays and the people-driven part shrinks.
    let work = if weekday >= 5 { work * s.weekend } else { work };
    let people = s.night + (1.0 - s.night) * work;
    let batch = if (1.0..3.0).contains(&h) { s.batch } else { 0.0 };
    people + batch
}

fn smooth(x: f64) -> f64 {
    let x = x.clamp(0.0, 1.0);
    x * x * (3.0 - 2.0 * x)
}

/// Events-per-slot model of one source.
#[derive(Clone, Debug)]
pub struct Rate {
    source: SourceKind,
    shape: Shape,
    offset_secs: i64,
    /// Mean events per slot over a week.
    mean_per_slot: f64,
    /// Mean of `raw_weight` over a week (so the shape redistributes, not inflates, volume).
    norm: f64,
    seed: u64,
}

impl Rate {
    pub fn new(source: SourceKind, events_per_day: f64, utc_offset_hours: i32, seed: u64) -> Rate {
        let shape = shape(source);
        let week_minutes = 7 * 24 * 60;
        let norm = (0..week_minutes).map(|m| raw_weight(&shape, m as i64 * 60 + 30)).sum::<f64>()
            / week_minutes as f64;
        let slots_per_day = 86_400.0 * MICROS_PER_SEC as f64 / SLOT_MICROS as f64;
        Rate {
            source,
            shape,
            offset_secs: utc_offset_hours as i64 * 3600,
            mean_per_slot: events_per_day / slots_per_day,
            norm,
            seed,
        }
    }

    /// Burst multiplier for the 30-minute window that holds `t`.
    fn burst(&self, t: Micros) -> f64 {
        let window = t.div_euclid(1800 * MICROS_PER_SEC) as u64;
        let mut r = Rng::new(derive(self.seed, &[0xb0257, self.source.key(), window]));
        if r.chance(self.shape.burst_p) {
            1.0 + r.f64() * (self.shape.burst_max - 1.0)
        } else {
            1.0
        }
    }

    /// Expected events in the slot starting at `slot_start`.
    pub fn expected(&self, slot_start: Micros) -> f64 {
        let mid = slot_start + SLOT_MICROS / 2;
        let local = mid.div_euclid(MICROS_PER_SEC) + self.offset_secs;
        self.mean_per_slot * raw_weight(&self.shape, local) / self.norm * self.burst(mid)
    }

    /// Events in the slot (stochastic rounding of the expectation, seeded by the slot).
    pub fn events(&self, slot_index: u64, slot_start: Micros) -> u64 {
        let x = self.expected(slot_start);
        let mut r = Rng::new(derive(self.seed, &[0x5107, self.source.key(), slot_index]));
        x.floor() as u64 + u64::from(r.f64() < x.fract())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fmt::parse_iso;

    #[test]
    fn weekly_mean_is_preserved_and_shape_is_diurnal() {
        let r = Rate::new(SourceKind::WindowsSecurity, 288_000.0, 0, 1);
        let monday = parse_iso("2026-11-02T00:00:00Z").unwrap();
        let slots = 7 * 288;
        let total: u64 = (0..slots).map(|i| r.events(i, monday + i as i64 * SLOT_MICROS)).sum();
        let per_day = total as f64 / 7.0;
        assert!((per_day / 288_000.0 - 1.0).abs() < 0.08, "per day {per_day}");
        let noon = r.expected(parse_iso("2026-11-03T14:00:00Z").unwrap());
        let night = r.expected(parse_iso("2026-11-03T04:00:00Z").unwrap());
        let sunday_noon = r.expected(parse_iso("2026-11-08T14:00:00Z").unwrap());
        assert!(noon > 2.5 * night, "noon {noon} night {night}");
        assert!(noon > 1.8 * sunday_noon, "weekday {noon} sunday {sunday_noon}");
    }
}
