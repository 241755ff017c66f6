//! A small, fast hasher for the detectors' own in-memory tables (keys come from our data
//! and the text's characters, never from an attacker-chosen key set large enough to matter).

use std::collections::HashMap;
#[cfg(feature = "statistical")]
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a over byte keys; one multiply-xorshift round for `u64` keys (packed characters,
/// already well spread).
#[derive(Default, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
    fn write_u64(&mut self, n: u64) {
        let h = (n ^ self.0).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = h ^ (h >> 29);
    }
}

/// A `HashMap` with [`Fnv`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
/// A `HashSet` with [`Fnv`].
#[cfg(feature = "statistical")]
pub(crate) type FastSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;
