//! Cores from two measurements: a query's time on one core (t1) and on n (tn) gives its
//! parallel fraction p by Amdahl's law, t(n) = t1·((1 − p) + p/n). From p and
//! a projected one-core time, the cores needed to meet a target follow — or the statement that
//! no number of cores will, when the serial part alone exceeds it.

use serde::{Deserialize, Serialize};

/// Parallel fraction from the times on one core and on `n`: tn/t1 = (1 − p) + p/n, so
/// p = (1 − tn/t1) · n/(n − 1), clamped to [0, 1].
pub fn parallel_fraction_at(t1: f64, tn: f64, n: f64) -> f64 {
    if t1 <= 0.0 || n <= 1.0 {
        return 0.0;
    }
    ((1.0 - tn / t1) * n / (n - 1.0)).clamp(0.0, 1.0)
}

/// Time on `n` cores from the one-core time and the parallel fraction.
pub fn time_on(t1: f64, p: f64, n: f64) -> f64 {
    t1 * ((1.0 - p) + p / n)
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "verdict", content = "cores")]
pub enum CoresNeeded {
    /// This many cores (rounded up) meet the target.
    Cores(u32),
    /// The serial part alone exceeds the target: more cores cannot meet it.
    Unreachable,
}

/// Cores needed for a query of one-core time `t1` (projected) and parallel fraction `p` to
/// finish within `target` (same unit as t1), at most `max` (beyond which scale-out, not cores,
/// is the answer: reported as unreachable).
pub fn cores_needed(t1: f64, p: f64, target: f64, max: u32) -> CoresNeeded {
    if t1 <= target {
        return CoresNeeded::Cores(1);
    }
    let serial = t1 * (1.0 - p);
    if serial >= target || p <= 0.0 {
        return CoresNeeded::Unreachable;
    }
    let n = (t1 * p / (target - serial)).ceil();
    if n > max as f64 {
        CoresNeeded::Unreachable
    } else {
        CoresNeeded::Cores(n as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amdahl_round_trip() {
        // 80 % parallel: 10 s on one core, 6 s on two.
        let p = parallel_fraction_at(10.0, 6.0, 2.0);
        assert!((p - 0.8).abs() < 1e-12);
        assert!((time_on(10.0, p, 4.0) - 4.0).abs() < 1e-12);
        assert!((parallel_fraction_at(10.0, time_on(10.0, 0.7, 8.0), 8.0) - 0.7).abs() < 1e-12);
        // 40 s on one core, 80 % parallel, target 5 s: 8 s serial > 5 s → unreachable.
        assert_eq!(cores_needed(40.0, 0.8, 5.0, 1024), CoresNeeded::Unreachable);
        // Target 10 s: 8 s serial + 32 s / n ≤ 10 → n ≥ 16.
        assert_eq!(cores_needed(40.0, 0.8, 10.0, 1024), CoresNeeded::Cores(16));
        assert_eq!(cores_needed(40.0, 0.8, 10.0, 8), CoresNeeded::Unreachable);
        assert_eq!(cores_needed(3.0, 0.0, 5.0, 64), CoresNeeded::Cores(1));
    }

    #[test]
    fn noise_is_clamped() {
        assert_eq!(parallel_fraction_at(10.0, 11.0, 2.0), 0.0);
        assert_eq!(parallel_fraction_at(10.0, 4.0, 2.0), 1.0);
    }
}
