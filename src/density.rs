//! Spatial density: how many other satellites stand within a radius of
//! each one at an instant. The positions go into a hash grid of cubes one
//! radius wide; a satellite's neighbours are in its own cube and the 26
//! around it, each tested by distance. At a million satellites that is a
//! few hundred milliseconds of work, made off the frame.

use crate::propagation::{Fix, Fleet};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// The neighbours' radius the viewer colours by, km.
pub const DENSITY_RADIUS_KM: f32 = 100.0;

/// Positions in a hash grid of cubes `cell_km` wide.
#[derive(Debug, Clone)]
pub struct NeighbourGrid {
    cell_km: f32,
    cells: HashMap<(i32, i32, i32), Vec<u32>>,
}

/// The cube a position falls in.
fn cell_of(p: [f32; 3], cell_km: f32) -> (i32, i32, i32) {
    (
        (p[0] / cell_km).floor() as i32,
        (p[1] / cell_km).floor() as i32,
        (p[2] / cell_km).floor() as i32,
    )
}

/// Squared distance, km², in f32 as the grid measures it.
#[inline]
pub fn distance2(a: [f32; 3], b: [f32; 3]) -> f32 {
    let d = [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
    d[0] * d[0] + d[1] * d[1] + d[2] * d[2]
}

impl NeighbourGrid {
    /// The grid of `positions` (km; non-finite ones are left out) for
    /// neighbours within `radius_km`.
    pub fn new(positions: &[[f32; 3]], radius_km: f32) -> Self {
        let cell_km = radius_km.max(1e-3);
        let mut cells: HashMap<(i32, i32, i32), Vec<u32>> =
            HashMap::with_capacity(positions.len() / 2 + 1);
        for (i, p) in positions.iter().enumerate() {
            if p.iter().all(|v| v.is_finite()) {
                cells
                    .entry(cell_of(*p, cell_km))
                    .or_default()
                    .push(i as u32);
            }
        }
        Self { cell_km, cells }
    }

    /// How many of the grid's positions other than `index` lie within
    /// `radius_km` (at most the grid's radius) of `p`.
    pub fn count_near(
        &self,
        positions: &[[f32; 3]],
        index: usize,
        p: [f32; 3],
        radius_km: f32,
    ) -> u32 {
        if !p.iter().all(|v| v.is_finite()) {
            return 0;
        }
        let r2 = radius_km * radius_km;
        let (cx, cy, cz) = cell_of(p, self.cell_km);
        let mut n = 0;
        for dx in -1..=1 {
            for dy in -1..=1 {
                for dz in -1..=1 {
                    let Some(members) = self.cells.get(&(cx + dx, cy + dy, cz + dz)) else {
                        continue;
                    };
                    for &j in members {
                        if j as usize != index && distance2(positions[j as usize], p) <= r2 {
                            n += 1;
                        }
                    }
                }
            }
        }
        n
    }
}

/// Every satellite's position at `at`, TEME km (NaN for those SGP4 lost).
pub fn positions(fleet: &Fleet, at: DateTime<Utc>) -> Vec<[f32; 3]> {
    fleet
        .propagate(at)
        .iter()
        .map(|fix| match fix {
            Fix::Ok(s) => s.pos_in_teme_km.map(|v| v as f32),
            _ => [f32::NAN; 3],
        })
        .collect()
}

/// The neighbours within `radius_km` of each satellite of `of` (fleet
/// indices), among the whole fleet at `at` (in parallel on native).
pub fn neighbour_counts(fleet: &Fleet, at: DateTime<Utc>, radius_km: f32, of: &[u32]) -> Vec<u32> {
    let positions = positions(fleet, at);
    let grid = NeighbourGrid::new(&positions, radius_km);
    let chunks: Vec<&[u32]> = of.chunks(16_384).collect();
    crate::parallel::map_collect(&chunks, |chunk| {
        chunk
            .iter()
            .map(|&i| grid.count_near(&positions, i as usize, positions[i as usize], radius_km))
            .collect::<Vec<u32>>()
    })
    .concat()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    #[test]
    fn the_grid_counts_what_comparing_every_pair_counts() {
        let mut rng = rand::rngs::SmallRng::seed_from_u64(3);
        // Clustered: a few hundred km across, so that counts run from 0 to dozens.
        let mut positions: Vec<[f32; 3]> = (0..3_000)
            .map(|k| {
                let spread = if k % 3 == 0 { 300.0 } else { 2_000.0 };
                [0, 1, 2].map(|_| rng.random_range(-spread..spread) + 7_000.0)
            })
            .collect();
        positions[17] = [f32::NAN; 3];
        let radius = 100.0;
        let grid = NeighbourGrid::new(&positions, radius);
        let mut most = 0;
        for (i, p) in positions.iter().enumerate() {
            let brute = if p[0].is_nan() {
                0
            } else {
                positions
                    .iter()
                    .enumerate()
                    .filter(|(j, q)| *j != i && distance2(**q, *p) <= radius * radius)
                    .count() as u32
            };
            assert_eq!(
                grid.count_near(&positions, i, *p, radius),
                brute,
                "satellite {i}"
            );
            most = most.max(brute);
        }
        assert!(most >= 10, "the densest has {most} neighbours");
    }

    #[test]
    fn a_shells_counts_from_the_fleet_are_every_pairs() {
        // 24 planes of 24 at 550 km, through propagation, within 1,000 km.
        let c = crate::constellation::Constellation::from_text(
            "name = \"t\"\nepoch = \"2026-01-01T00:00:00Z\"\n[[shell]]\nname = \"s\"\naltitude_km = 550.0\ninclination_deg = 53.0\nplanes = 24\nsats_per_plane = 24\nphasing = 1\n",
            crate::error::Origin("t".into()),
            None,
        )
        .expect("toml");
        let fleet = Fleet::new(&c).expect("fleet");
        let at = crate::time::parse_instant("2026-01-01T00:00:00Z").expect("time");
        let all: Vec<u32> = (0..fleet.len() as u32).collect();
        let counts = neighbour_counts(&fleet, at, 1_000.0, &all);
        let positions = positions(&fleet, at);
        for (i, &n) in counts.iter().enumerate().step_by(37) {
            let brute = (0..positions.len())
                .filter(|&j| j != i && distance2(positions[j], positions[i]) <= 1.0e6)
                .count() as u32;
            assert_eq!(n, brute, "satellite {i}");
        }
        // The planes close in towards the shell's highest latitudes.
        assert!(counts.iter().any(|&n| n > 0));
    }
}
