//! The impact map: how many sunlit satellites stand above 30° of elevation
//! over each place of an equirectangular map of the Earth, at one instant.
//!
//! Each texel is a place on the WGS-84 ellipsoid (its centre's longitude
//! and geodetic latitude); a satellite counts there when it sees some of the
//! Sun's disc and `d · up ≥ sin 30° · |d|`, with `d` from the place to the
//! satellite and `up` the ellipsoid's normal (as `sky` decides "above 30°").
//!
//! Along one row of the map (one latitude) both sides of that test depend
//! on the longitude only through `c = cos(λ − λ_sat)`: the left grows with
//! `c`, the right shrinks. So the places of a row that see the satellite are
//! one interval of longitude around the satellite's, `|λ − λ_sat| ≤ acos c*`,
//! with `c*` the root of a quadratic. A satellite costs one square root and
//! one arc cosine per row its cap spans (about 25 at 550 km on a 512×256
//! map) and two writes into a difference array; each row's prefix sum then
//! gives the counts. That is exact at the texel centres, as testing every
//! texel would be, at about a fortieth of the work.

use crate::frames::{EcefFromTeme, WGS84_A_KM, WGS84_F};
use crate::propagation::{Fix, Fleet, Group};
use crate::shadow::conical_illumination;
use crate::sun::sun_position;
use crate::time::{gmst_rad, julian_date};
use crate::vec3::Vec3;
use chrono::{DateTime, Utc};
use std::ops::Range;

/// sin 30°: the elevation a satellite must stand above.
const MIN_ELEVATION_SIN: f64 = 0.5;
/// The Earth's polar radius, km: the smallest, so that a cap's latitude
/// bound is generous.
const POLAR_RADIUS_KM: f64 = WGS84_A_KM * (1.0 - WGS84_F);

/// The viewer's map: 512×256 texels, 0.7° each.
pub const IMPACT_MAP_SIZE: MapSize = MapSize {
    width: 512,
    height: 256,
};

/// The map's size: columns (longitude −180° at the left edge) and rows
/// (geodetic latitude +90° at the top).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapSize {
    /// Columns, 360° of longitude.
    pub width: usize,
    /// Rows, 180° of latitude.
    pub height: usize,
}

impl MapSize {
    /// The geodetic latitude of row `i`'s centre, radians.
    pub fn latitude_rad(self, i: usize) -> f64 {
        (90.0 - (i as f64 + 0.5) * 180.0 / self.height as f64).to_radians()
    }

    /// The longitude of column `j`'s centre, radians.
    pub fn longitude_rad(self, j: usize) -> f64 {
        (-180.0 + (j as f64 + 0.5) * 360.0 / self.width as f64).to_radians()
    }
}

/// Whether the place at geodetic latitude `lat` and longitude `lon`
/// (radians) on the ellipsoid sees `p` (Earth-fixed, km) above 30°: the
/// test made texel by texel.
pub fn sees_above_30deg(p: Vec3, lat: f64, lon: f64) -> bool {
    use crate::vec3::{dot, norm, sub};
    let place = crate::frames::ecef_from_geodetic(crate::frames::Geodetic {
        latitude_rad: lat,
        longitude_rad: lon,
        height_km: 0.0,
    });
    let (s, c) = lat.sin_cos();
    let up = [c * lon.cos(), c * lon.sin(), s];
    let d = sub(p, place);
    dot(d, up) >= MIN_ELEVATION_SIN * norm(d)
}

/// The half-width in longitude (radians) of the places at geodetic
/// latitude `lat` that see `p` above 30°: `None` when none does, π when
/// the whole row does.
pub fn row_half_width(p: Vec3, lat: f64) -> Option<f64> {
    let e2 = WGS84_F * (2.0 - WGS84_F);
    let (s, c) = lat.sin_cos();
    let n = WGS84_A_KM / (1.0 - e2 * s * s).sqrt();
    let rho = p[0].hypot(p[1]);
    let r2 = p[0] * p[0] + p[1] * p[1] + p[2] * p[2];
    // d·up = a + b·x and |d|² = cc − dd·x, with x = cos(λ − λ_sat).
    let a = p[2] * s - n * (1.0 - e2 * s * s);
    let b = rho * c;
    let place2 = n * n * (c * c + (1.0 - e2) * (1.0 - e2) * s * s);
    let cc = r2 + place2 - 2.0 * n * (1.0 - e2) * s * p[2];
    let dd = 2.0 * n * c * rho;
    let k2 = MIN_ELEVATION_SIN * MIN_ELEVATION_SIN;
    let visible_at = |x: f64| a + b * x >= MIN_ELEVATION_SIN * (cc - dd * x).max(0.0).sqrt();
    if !visible_at(1.0) {
        return None;
    }
    if visible_at(-1.0) {
        return Some(std::f64::consts::PI);
    }
    // The test's sides cross once in (−1, 1]: the larger root of
    // (a + b·x)² = k²·(cc − dd·x), where a + b·x ≥ 0.
    let qa = b * b;
    let qb = 2.0 * a * b + k2 * dd;
    let qc = a * a - k2 * cc;
    let disc = (qb * qb - 4.0 * qa * qc).max(0.0).sqrt();
    // The stable pair of roots.
    let q = -0.5 * (qb + qb.signum() * disc);
    let x = if qa > 0.0 && q != 0.0 {
        (q / qa).max(qc / q)
    } else {
        -qc / qb
    };
    Some(x.clamp(-1.0, 1.0).acos())
}

/// The rows a satellite at `p` may reach: its geocentric latitude ± the
/// Earth-central angle out to where a sphere of the polar radius sees it
/// at 30°, plus a degree for the geodetic normal's tilt.
fn rows_reached(size: MapSize, p: Vec3) -> Range<usize> {
    let r = crate::vec3::norm(p);
    let lat = (p[2] / r).asin().to_degrees();
    let cap = (POLAR_RADIUS_KM * 0.866_025_403_784_438_6 / r)
        .clamp(-1.0, 1.0)
        .acos()
        .to_degrees()
        - 30.0
        + 1.0;
    if cap <= 1.0 {
        // Below 30° of elevation from everywhere (inside the Earth).
        return 0..0;
    }
    let row = |deg: f64| (90.0 - deg) * size.height as f64 / 180.0;
    let first = row(lat + cap).floor().max(0.0) as usize;
    let last = (row(lat - cap).ceil().max(0.0) as usize).min(size.height);
    first..last
}

/// Counts being made: one difference array a row (`width + 1` entries).
#[derive(Debug, Clone)]
pub struct ImpactAccumulator {
    size: MapSize,
    /// The first row this one holds.
    rows: Range<usize>,
    diff: Vec<f32>,
}

impl ImpactAccumulator {
    /// Zero counts over rows `rows` of a map of `size`.
    pub fn new(size: MapSize, rows: Range<usize>) -> Self {
        Self {
            size,
            diff: vec![0.0; rows.len() * (size.width + 1)],
            rows,
        }
    }

    /// Adds one sunlit satellite at `p` (Earth-fixed, km) to the rows held.
    pub fn add(&mut self, p: Vec3) {
        let size = self.size;
        let reached = rows_reached(size, p);
        let rows = reached.start.max(self.rows.start)..reached.end.min(self.rows.end);
        if rows.is_empty() {
            return;
        }
        let w = size.width;
        let lon = p[1].atan2(p[0]);
        let per_col = std::f64::consts::TAU / w as f64;
        // The column whose centre is at longitude x sits at (x + π)/per_col − ½.
        let col = |x: f64| (x + std::f64::consts::PI) / per_col - 0.5;
        for i in rows {
            let Some(half) = row_half_width(p, size.latitude_rad(i)) else {
                continue;
            };
            let line = &mut self.diff[(i - self.rows.start) * (w + 1)..][..w + 1];
            if half >= std::f64::consts::PI {
                line[0] += 1.0;
                line[w] -= 1.0;
                continue;
            }
            // Columns j with |centre_j − lon| ≤ half, unwrapped.
            let first = col(lon - half).ceil() as i64;
            let last = col(lon + half).floor() as i64;
            if last < first {
                continue;
            }
            let (first, last) = if last - first + 1 >= w as i64 {
                (0, w as i64 - 1)
            } else {
                (first, last)
            };
            let wi = w as i64;
            let (a, b) = (first.rem_euclid(wi), last.rem_euclid(wi));
            if a <= b {
                line[a as usize] += 1.0;
                line[b as usize + 1] -= 1.0;
            } else {
                // Across the date line: a..w and 0..=b.
                line[a as usize] += 1.0;
                line[w] -= 1.0;
                line[0] += 1.0;
                line[b as usize + 1] -= 1.0;
            }
        }
    }

    /// The counts of the rows held, row after row (`width` a row).
    pub fn counts(&self) -> Vec<f32> {
        let w = self.size.width;
        let mut out = Vec::with_capacity(self.rows.len() * w);
        for line in self.diff.chunks_exact(w + 1) {
            let mut run = 0.0f32;
            for d in &line[..w] {
                run += d;
                out.push(run);
            }
        }
        out
    }
}

/// The Earth-fixed positions (km) of the sunlit satellites of fleet indices
/// `range` (within `group`) at `at`.
pub fn sunlit_positions(
    fleet: &Fleet,
    group: Group,
    range: Range<usize>,
    at: DateTime<Utc>,
) -> Vec<[f32; 3]> {
    let jd = julian_date(at);
    let sun = sun_position(jd).position_in_teme_km();
    let rotation = EcefFromTeme::new(gmst_rad(jd));
    fleet
        .propagate_range(group, range, at)
        .iter()
        .filter_map(|fix| match fix {
            Fix::Ok(s) if conical_illumination(s.pos_in_teme_km, sun).lit_fraction() > 0.0 => {
                Some(rotation.position(s.pos_in_teme_km).map(|v| v as f32))
            }
            _ => None,
        })
        .collect()
}

/// The counts of a map of `size` (row after row, north first) for the
/// sunlit satellites at `positions`: rows in bands, in parallel on native.
pub fn counts_of(size: MapSize, positions: &[[f32; 3]]) -> Vec<f32> {
    let bands: Vec<Range<usize>> = (0..size.height)
        .step_by(size.height.div_ceil(16).max(1))
        .map(|start| start..(start + size.height.div_ceil(16).max(1)).min(size.height))
        .collect();
    crate::parallel::map_collect(&bands, |rows| {
        let mut acc = ImpactAccumulator::new(size, rows.clone());
        for p in positions {
            acc.add(p.map(f64::from));
        }
        acc.counts()
    })
    .concat()
}

/// The impact map of the whole fleet at `at`.
pub fn impact_map(fleet: &Fleet, size: MapSize, at: DateTime<Utc>) -> Vec<f32> {
    let parts = crate::parallel::map_collect(&fleet.work_items(), |(group, range)| {
        sunlit_positions(fleet, *group, range.clone(), at)
    });
    counts_of(size, &parts.concat())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    const SIZE: MapSize = MapSize {
        width: 180,
        height: 90,
    };

    /// Every texel tested on its own.
    fn brute_force(size: MapSize, positions: &[Vec3]) -> Vec<f32> {
        let mut out = vec![0.0; size.width * size.height];
        for i in 0..size.height {
            for j in 0..size.width {
                let (lat, lon) = (size.latitude_rad(i), size.longitude_rad(j));
                out[i * size.width + j] = positions
                    .iter()
                    .filter(|p| sees_above_30deg(**p, lat, lon))
                    .count() as f32;
            }
        }
        out
    }

    #[test]
    fn the_rows_intervals_count_what_testing_every_texel_counts() {
        let mut rng = rand::rngs::SmallRng::seed_from_u64(7);
        let mut positions = Vec::new();
        for k in 0..400 {
            // Altitudes from 300 to 36,000 km, near the poles and the date line too.
            let r = WGS84_A_KM
                + rng.random_range(300.0..2_500.0) * if k % 10 == 0 { 14.0 } else { 1.0 };
            let lat: f64 = match k % 7 {
                0 => rng.random_range(80.0..90.0),
                1 => rng.random_range(-90.0..-80.0),
                _ => rng.random_range(-80.0..80.0),
            };
            let lon: f64 = if k % 5 == 0 {
                180.0 - rng.random_range(0.0..3.0)
            } else {
                rng.random_range(-180.0..180.0)
            };
            let (lat, lon) = (lat.to_radians(), lon.to_radians());
            positions.push([
                r * lat.cos() * lon.cos(),
                r * lat.cos() * lon.sin(),
                r * lat.sin(),
            ]);
        }
        let expected = brute_force(SIZE, &positions);
        let f32s: Vec<[f32; 3]> = positions.iter().map(|p| p.map(|v| v as f32)).collect();
        let exact: Vec<Vec3> = f32s.iter().map(|p| p.map(f64::from)).collect();
        let expected_f32 = brute_force(SIZE, &exact);
        let got = counts_of(SIZE, &f32s);
        assert_eq!(got.len(), expected.len());
        let total: f32 = expected_f32.iter().sum();
        assert!(total > 40_000.0, "the caps cover {total} texel-satellites");
        let wrong: Vec<usize> = (0..got.len())
            .filter(|&k| got[k] != expected_f32[k])
            .collect();
        assert!(
            wrong.is_empty(),
            "{} texels differ, first at row {}, column {}: {} against {}",
            wrong.len(),
            wrong[0] / SIZE.width,
            wrong[0] % SIZE.width,
            got[wrong[0]],
            expected_f32[wrong[0]]
        );
        // The map sees what the positions before rounding see, to a texel or two.
        let near = (0..got.len()).filter(|&k| got[k] != expected[k]).count();
        assert!(near <= 5, "{near} texels moved with f32 positions");
    }

    #[test]
    fn a_row_sees_a_satellite_over_it_and_not_one_beyond_the_horizon() {
        let over = [WGS84_A_KM + 550.0, 0.0, 0.0];
        let half = row_half_width(over, 0.0).expect("seen from the equator");
        // Along the equator the ellipsoid is a circle of radius a: the cap's
        // Earth-central angle is acos(a·cos 30° / r) − 30° (7.13° at 550 km).
        let closed = (WGS84_A_KM * 30f64.to_radians().cos() / over[0]).acos() - 30f64.to_radians();
        assert!(
            (half - closed).abs() < 1e-9,
            "{}° against {}°",
            half.to_degrees(),
            closed.to_degrees()
        );
        assert!(sees_above_30deg(over, 0.0, half - 1e-6));
        assert!(!sees_above_30deg(over, 0.0, half + 1e-6));
        assert_eq!(row_half_width(over, 30f64.to_radians()), None);
        // Over the pole, the whole row around it.
        let pole = [0.0, 0.0, WGS84_A_KM + 2_000.0];
        assert_eq!(
            row_half_width(pole, 89.5f64.to_radians()),
            Some(std::f64::consts::PI)
        );
    }

    #[test]
    fn the_map_counts_what_sky_counts_at_each_texels_place() {
        use crate::sky::{Site, SkyQuery, sky_at};
        let constellation =
            crate::constellation::Constellation::from_preset("starlink-gen1").expect("preset");
        let fleet = Fleet::new(&constellation).expect("fleet");
        let at = crate::time::parse_instant("2026-06-21T12:00:00Z").expect("time");
        let size = MapSize {
            width: 72,
            height: 36,
        };
        let map = impact_map(&fleet, size, at);
        let mut compared = 0;
        let mut differ = 0;
        let mut most = 0.0f32;
        for i in (1..size.height - 1).step_by(3) {
            for j in (0..size.width).step_by(5) {
                let site = Site::new(
                    "texel",
                    size.latitude_rad(i).to_degrees(),
                    size.longitude_rad(j).to_degrees(),
                    0.0,
                )
                .expect("site");
                let query = SkyQuery {
                    site,
                    extinction: 0.2,
                    standard_magnitude: 6.4,
                    field: None,
                };
                let expected = sky_at(&fleet, &query, at).tally.sunlit_above_30deg as f32;
                let got = map[i * size.width + j];
                most = most.max(expected);
                compared += 1;
                // f32 positions may move a satellite across a cap's edge.
                assert!(
                    (got - expected).abs() <= 1.0,
                    "row {i}, column {j}: {got} against {expected}"
                );
                if got != expected {
                    differ += 1;
                }
            }
        }
        assert!(most >= 10.0, "somewhere sees {most}");
        assert!(
            differ * 20 <= compared,
            "{differ} of {compared} places differ by one"
        );
    }
}
