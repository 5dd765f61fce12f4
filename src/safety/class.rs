//! A class of pairs of one Walker shell: the pairs whose plane and slot
//! offsets are the same, which go through the same distances in turn.

/// A class of pairs of one shell: plane offset dj ≥ 0 and slot offset dk
/// (taken modulo the plane's slots when they fill the circle).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Class {
    /// Planes P.
    pub planes: u32,
    /// Slots per plane S.
    pub per_plane: u32,
    /// Whether slots wrap (spread over 360°).
    pub wraps: bool,
    /// Plane offset.
    pub dj: u32,
    /// Slot offset (0..S when slots wrap, −S < dk < S otherwise).
    pub dk: i64,
}

impl Class {
    /// Calls `f(j, k, j2, k2)` for every pair of the class, each unordered pair once.
    pub fn for_each_member(&self, mut f: impl FnMut(u32, u32, u32, u32)) {
        let s = i64::from(self.per_plane);
        for j in 0..self.planes - self.dj {
            let j2 = j + self.dj;
            if self.wraps {
                let last = if self.dj == 0 && 2 * self.dk == s {
                    s / 2
                } else {
                    s
                };
                for k in 0..last {
                    f(j, k as u32, j2, (k + self.dk).rem_euclid(s) as u32);
                }
            } else {
                for k in (-self.dk).max(0)..(s - self.dk).min(s) {
                    f(j, k as u32, j2, (k + self.dk) as u32);
                }
            }
        }
    }

    /// Pairs in the class.
    pub fn members(&self) -> u64 {
        let s = i64::from(self.per_plane);
        let per_plane = if self.wraps {
            if self.dj == 0 && 2 * self.dk == s {
                s / 2
            } else {
                s
            }
        } else {
            ((s - self.dk).min(s) - (-self.dk).max(0)).max(0)
        };
        u64::from(self.planes - self.dj) * per_plane as u64
    }

    /// The first pair: (j, k, j2, k2).
    pub fn reference(&self) -> (u32, u32, u32, u32) {
        // k = max(0, −dk) in plane 0.
        let s = i64::from(self.per_plane);
        let k = if self.wraps { 0 } else { (-self.dk).max(0) };
        let k2 = if self.wraps {
            (k + self.dk).rem_euclid(s)
        } else {
            k + self.dk
        };
        (0, k as u32, self.dj, k2 as u32)
    }
}
