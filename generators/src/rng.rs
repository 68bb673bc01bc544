//! A small, fast, portable PRNG and hash mixer.
//!
//! Determinism is a product requirement (same seed and scenario → byte-identical data on any
//! machine, thread count or shard split), so the generator owns its random numbers instead of
//! depending on a crate whose stream may change between versions. Every unit of work seeds its
//! own `Rng` from a hash of (seed, source, slot, block), which is what lets any slice be
//! generated without generating the ones before it.

/// SplitMix64 finaliser: a strong 64-bit mixer used to derive independent seeds.
#[inline]
pub fn mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Combine a seed with a sequence of keys into one well-mixed seed.
pub fn derive(seed: u64, keys: &[u64]) -> u64 {
    keys.iter().fold(mix64(seed), |acc, k| mix64(acc ^ mix64(*k)))
}

/// Stable hash of a string, for deriving seeds from names.
pub fn hash_str(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x1000_0000_01b3))
}

/// wyrand: one multiply per draw, passes BigCrush, trivially reproducible.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(mix64(seed))
    }

    pub fn from_keys(seed: u64, keys: &[u64]) -> Self {
        Rng(derive(seed, keys))
    }

    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0xa076_1d64_78bd_642f);
        let t = (self.0 as u128).wrapping_mul((self.0 ^ 0xe703_7ed1_a0b4_28db) as u128);
        ((t >> 64) ^ t) as u64
    }

    #[inline]
    pub fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }

    /// Uniform in `0..n` (Lemire's multiply-shift; the tiny bias is irrelevant here).
    #[inline]
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    #[inline]
    pub fn below_usize(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    #[inline]
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform in [0, 1).
    #[inline]
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    #[inline]
    pub fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    #[inline]
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below_usize(items.len())]
    }

    /// Index skewed towards 0: a few entities are very active, most are quiet (heavy tail).
    #[inline]
    pub fn skewed(&mut self, n: usize, power: f64) -> usize {
        let u = self.f64();
        ((u.powf(power) * n as f64) as usize).min(n - 1)
    }

    /// Log-normal draw with the given median and shape (sigma of the underlying normal).
    pub fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        median * (sigma * self.normal()).exp()
    }

    /// Pareto draw: minimum `xm`, tail index `alpha` (smaller = heavier tail).
    pub fn pareto(&mut self, xm: f64, alpha: f64) -> f64 {
        xm / (1.0 - self.f64()).powf(1.0 / alpha)
    }

    /// Standard normal (Box–Muller, one value per call).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.f64();
        let u2 = self.f64();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Exponential with the given mean.
    pub fn exp(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.f64()).ln()
    }
}

/// A categorical distribution over values with integer weights (weights from the reference
/// profiles are counts, so integers keep them exact and readable).
#[derive(Clone, Debug)]
pub struct Weighted<T> {
    items: Vec<T>,
    cumulative: Vec<u64>,
}

impl<T: Clone> Weighted<T> {
    pub fn new(pairs: &[(T, u64)]) -> Self {
        let mut total = 0;
        let mut items = Vec::with_capacity(pairs.len());
        let mut cumulative = Vec::with_capacity(pairs.len());
        for (item, w) in pairs {
            if *w == 0 {
                continue;
            }
            total += w;
            items.push(item.clone());
            cumulative.push(total);
        }
        assert!(total > 0, "a weighted distribution needs a positive weight");
        Weighted { items, cumulative }
    }

    #[inline]
    pub fn sample(&self, rng: &mut Rng) -> &T {
        let total = *self.cumulative.last().unwrap();
        let x = rng.below(total);
        let i = self.cumulative.partition_point(|&c| c <= x);
        &self.items[i]
    }

    pub fn items(&self) -> &[T] {
        &self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_keys_separate_streams() {
        let a: Vec<u64> = (0..4)
            .map({
                let mut r = Rng::new(7);
                move |_| r.next_u64()
            })
            .collect();
        let b: Vec<u64> = (0..4)
            .map({
                let mut r = Rng::new(7);
                move |_| r.next_u64()
            })
            .collect();
        assert_eq!(a, b);
        assert_ne!(derive(1, &[2, 3]), derive(1, &[3, 2]));
    }

    #[test]
    fn weighted_follows_weights() {
        let w = Weighted::new(&[("a", 90), ("b", 10), ("c", 0)]);
        let mut r = Rng::new(1);
        let n = 100_000;
        let a = (0..n).filter(|_| *w.sample(&mut r) == "a").count() as f64 / n as f64;
        assert!((a - 0.9).abs() < 0.01, "share of a = {a}");
        assert!(w.items().iter().all(|i| *i != "c"));
    }

    #[test]
    fn below_stays_in_range() {
        let mut r = Rng::new(3);
        assert!((0..10_000).all(|_| r.below(7) < 7));
        assert!((0..10_000).all(|_| (5..=9).contains(&r.range(5, 9))));
    }
}
