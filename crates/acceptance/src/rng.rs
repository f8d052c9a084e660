//! The draw's pseudo-random numbers: SplitMix64, written out here so that anyone can reproduce
//! a draw in any language (no dependency whose algorithm may change between versions).
//!
//! * State: one `u64`, initially the seed.
//! * Next number: `state += 0x9E3779B97F4A7C15` (wrapping); `z = state`;
//!   `z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9`; `z = (z ^ (z >> 27)) * 0x94D049BB133111EB`;
//!   the number is `z ^ (z >> 31)` (all arithmetic modulo 2⁶⁴).
//! * A uniform integer below `n`: take the next number `x`; while `x < 2⁶⁴ mod n`, take another;
//!   the result is `x mod n` (rejection keeps it exactly uniform).
//! * A shuffle (Fisher–Yates, Durstenfeld's order): for `i` from `len − 1` down to `1`, swap
//!   item `i` with item `below(i + 1)`.

/// SplitMix64 (Steele, Lea and Flood, 2014).
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator whose state starts at `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    /// The next 64-bit number.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `0..n` (`0` when `n` is `0`).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let reject = n.wrapping_neg() % n; // 2^64 mod n
        loop {
            let x = self.next_u64();
            if x >= reject {
                return x % n;
            }
        }
    }

    /// Shuffles `items` in place (Fisher–Yates, from the last item down).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        let mut i = items.len();
        while i > 1 {
            i -= 1;
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_reference_values() {
        // Published test vector of SplitMix64 with seed 1234567.
        let mut r = SplitMix64::new(1234567);
        let got: Vec<u64> = (0..5).map(|_| r.next_u64()).collect();
        assert_eq!(
            got,
            [
                6457827717110365317,
                3203168211198807973,
                9817491932198370423,
                4593380528125082431,
                16408922859458223821
            ]
        );
    }

    #[test]
    fn below_stays_below_and_covers() {
        let mut r = SplitMix64::new(7);
        let mut seen = [false; 6];
        for _ in 0..1000 {
            let x = r.below(6);
            assert!(x < 6);
            seen[x as usize] = true;
        }
        assert!(seen.iter().all(|s| *s));
        assert_eq!(r.below(0), 0);
        assert_eq!(r.below(1), 0);
    }

    #[test]
    fn shuffle_is_a_permutation() {
        let mut r = SplitMix64::new(3);
        let mut v: Vec<u32> = (0..50).collect();
        r.shuffle(&mut v);
        let mut sorted = v.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..50).collect::<Vec<_>>());
        assert_ne!(v, sorted, "50 items left in order by a shuffle");
    }
}
