//! The noise model's own seedable random number generator (PCG32,
//! XSH-RR variant, seeded through SplitMix64): small, fast, deterministic on
//! every platform, and independent of the generator the evaluation set uses.

/// PCG's 64-bit LCG multiplier.
const MULTIPLIER: u64 = 6_364_136_223_846_793_005;

/// A deterministic pseudo-random number generator (PCG32).
///
/// The same seed gives the same sequence on every platform and build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoiseRng {
    /// The LCG state.
    state: u64,
    /// The LCG increment (always odd): selects the stream.
    increment: u64,
}

/// One step of SplitMix64: spreads a seed over all bits.
fn splitmix64(x: &mut u64) -> u64 {
    *x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl NoiseRng {
    /// A generator seeded with `seed`.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        let mut s = seed;
        let state = splitmix64(&mut s);
        let increment = splitmix64(&mut s) | 1;
        let mut rng = Self {
            state: 0,
            increment,
        };
        rng.next_u32();
        rng.state = rng.state.wrapping_add(state);
        rng.next_u32();
        rng
    }

    /// An independent generator derived from this one's next output (for
    /// one episode, one worker …).
    #[must_use]
    pub fn fork(&mut self) -> Self {
        Self::new(self.next_u64())
    }

    /// The next 32 random bits.
    pub fn next_u32(&mut self) -> u32 {
        let old = self.state;
        self.state = old.wrapping_mul(MULTIPLIER).wrapping_add(self.increment);
        // Truncations are the algorithm: the top bits of the xorshift, and
        // the rotation count from the top five bits.
        let xorshifted = (((old >> 18) ^ old) >> 27) as u32;
        let rot = (old >> 59) as u32;
        xorshifted.rotate_right(rot)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let hi = u64::from(self.next_u32());
        let lo = u64::from(self.next_u32());
        (hi << 32) | lo
    }

    /// A uniform integer in `0..n`; `0` when `n` is `0`.
    pub fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            // Still draw, so that the sequence does not depend on `n`.
            self.next_u64();
            return 0;
        }
        // Multiply-shift (Lemire) without rejection: the bias is below
        // n / 2^64, far under anything a training run can see.
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A uniform integer in `lo..=hi` (`lo` when `hi < lo`).
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo).saturating_add(1))
    }

    /// A uniform float in `[0, 1)` with 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// `true` with probability `p` (`p` ≤ 0 or NaN: never; `p` ≥ 1: always).
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A uniformly chosen element; `None` for an empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            return None;
        }
        items.get(self.below(items.len()))
    }

    /// An index chosen with probability proportional to `weights`
    /// (negative and NaN weights count as 0; all zero: uniform).
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let clean = |w: f64| if w.is_finite() && w > 0.0 { w } else { 0.0 };
        let total: f64 = weights.iter().copied().map(clean).sum();
        if total <= 0.0 {
            return self.below(weights.len());
        }
        let mut x = self.unit() * total;
        for (i, &w) in weights.iter().enumerate() {
            let w = clean(w);
            if x < w {
                return i;
            }
            x -= w;
        }
        // Rounding left x just above the last positive weight.
        weights.iter().rposition(|&w| clean(w) > 0.0).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::NoiseRng;

    #[test]
    fn same_seed_same_sequence() {
        let mut a = NoiseRng::new(7);
        let mut b = NoiseRng::new(7);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        let mut c = NoiseRng::new(8);
        let mut a = NoiseRng::new(7);
        assert!((0..10).any(|_| a.next_u64() != c.next_u64()));
    }

    #[test]
    fn below_and_unit_stay_in_range() {
        let mut r = NoiseRng::new(1);
        let mut seen = [0usize; 5];
        for _ in 0..10_000 {
            let i = r.below(5);
            seen[i] += 1;
            let u = r.unit();
            assert!((0.0..1.0).contains(&u));
        }
        assert!(seen.iter().all(|&n| n > 1_700), "{seen:?}");
        assert_eq!(r.below(0), 0);
        assert_eq!(r.below(1), 0);
        assert!(!r.chance(0.0));
        assert!(r.chance(1.0));
        assert!(!r.chance(f64::NAN));
        assert_eq!(r.pick::<u8>(&[]), None);
        assert_eq!(r.weighted(&[0.0, 0.0, 3.0]), 2);
        assert_eq!(r.range(3, 3), 3);
    }
}
