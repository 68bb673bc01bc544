//! Analysts, not tight loops (Rally's security track models them the same way): each analyst
//! refreshes a dashboard — every panel query once, back to back — then thinks for an
//! exponentially distributed time (mean 4 s by default) and refreshes again. The think times are
//! drawn from a seeded generator so two runs of one scenario schedule the same refreshes.

use lakeproof_generators::rng::Rng;
use std::time::Duration;

/// Think times of one analyst: exponential with the given mean, from a seed.
pub struct ThinkTime {
    rng: Rng,
    mean_s: f64,
}

impl ThinkTime {
    pub fn new(seed: u64, analyst: u32, mean: Duration) -> ThinkTime {
        ThinkTime {
            rng: Rng::new(lakeproof_generators::rng::derive(seed, &[0x7417, analyst as u64])),
            mean_s: mean.as_secs_f64(),
        }
    }

    /// The next pause (inverse-CDF sampling: −mean·ln(1 − u), u uniform in [0, 1)).
    pub fn next_pause(&mut self) -> Duration {
        let u = self.rng.f64();
        Duration::from_secs_f64(-self.mean_s * (1.0 - u).ln())
    }
}

/// The most analysts whose p95 refresh latency stays within the target, from measured
/// (analysts, p95) pairs in increasing analyst order; 0 when even one analyst misses it.
/// Counts beyond the largest measured one are not guessed.
pub fn sustained(measured: &[(u32, f64)], target: f64) -> u32 {
    measured.iter().take_while(|(_, p95)| *p95 <= target).map(|(n, _)| *n).last().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn think_times_are_exponential_with_the_mean_and_repeat_for_a_seed() {
        let mean = Duration::from_secs(4);
        let mut t = ThinkTime::new(7, 0, mean);
        let pauses: Vec<f64> = (0..20_000).map(|_| t.next_pause().as_secs_f64()).collect();
        let avg = pauses.iter().sum::<f64>() / pauses.len() as f64;
        assert!((avg - 4.0).abs() < 0.15, "mean {avg}");
        // Exponential: P(X > mean) = e^-1 ≈ 0.368; the median is mean·ln 2 ≈ 2.77 s.
        let over = pauses.iter().filter(|p| **p > 4.0).count() as f64 / pauses.len() as f64;
        assert!((over - (-1f64).exp()).abs() < 0.02, "share over the mean {over}");
        let mut again = ThinkTime::new(7, 0, mean);
        assert_eq!(again.next_pause().as_secs_f64(), pauses[0]);
        let mut other = ThinkTime::new(7, 1, mean);
        assert_ne!(other.next_pause().as_secs_f64(), pauses[0]);
    }

    #[test]
    fn sustained_analysts_stop_at_the_first_miss() {
        let m = [(1, 800.0), (2, 1500.0), (4, 4900.0), (8, 9000.0), (16, 3000.0)];
        assert_eq!(sustained(&m, 5000.0), 4);
        assert_eq!(sustained(&m, 500.0), 0);
    }
}
