//! A made-up catalogue with a realistic spread of orbits, for timing the
//! screening against a catalogue of a given size (`bench`).
//!
//! The mix follows the shape of the tracked LEO population in ESA's Space
//! Environment Report 2025 and the catalogue's perigee histogram: most
//! objects between 450 and 900 km, a second band of old debris clouds near
//! 750-1,000 km, fewer to 1,500 km, and a tenth on eccentric orbits (rocket
//! bodies and fragments, GTO-like included). Inclinations cluster where
//! launches go (53°, 65°, 70°, 74°, 82°, 87°, 98°). It is not a real catalogue.

use chrono::{DateTime, Utc};
use rand::{Rng, SeedableRng, rngs::SmallRng};
use std::f64::consts::TAU;

/// WGS-72 kₑ and radius, as SGP4.
const KE_PER_MIN: f64 = 0.074_366_916_1;
const EARTH_RADIUS_KM: f64 = 6378.135;

/// `count` element sets with epoch `epoch`, from `seed`.
pub fn catalog(count: usize, epoch: DateTime<Utc>, seed: u64) -> Vec<sgp4::Elements> {
    let mut rng = SmallRng::seed_from_u64(seed);
    let normal = |rng: &mut SmallRng, mean: f64, sd: f64| {
        // Box–Muller.
        let u1: f64 = rng.random_range(1e-12..1.0);
        let u2: f64 = rng.random_range(0.0..1.0);
        mean + sd * (-2.0 * u1.ln()).sqrt() * (TAU * u2).cos()
    };
    let inclinations = [53.0, 65.0, 70.0, 74.0, 82.0, 87.0, 97.8, 98.6, 28.5, 51.6];
    (0..count)
        .map(|n| {
            let kind: f64 = rng.random_range(0.0..1.0);
            let (perigee, apogee) = if kind < 0.45 {
                let h = normal(&mut rng, 560.0, 60.0).clamp(300.0, 900.0);
                (h, h + rng.random_range(0.0..15.0))
            } else if kind < 0.75 {
                let h = normal(&mut rng, 830.0, 90.0).clamp(600.0, 1_100.0);
                (h, h + rng.random_range(0.0..60.0))
            } else if kind < 0.90 {
                let h = rng.random_range(900.0..1_500.0);
                (h, h + rng.random_range(0.0..40.0))
            } else {
                let p = rng.random_range(250.0..800.0);
                let a = if rng.random_range(0.0..1.0) < 0.3 {
                    rng.random_range(20_000.0..36_000.0)
                } else {
                    rng.random_range(p + 100.0..6_000.0)
                };
                (p, a)
            };
            let rp = EARTH_RADIUS_KM + perigee;
            let ra = EARTH_RADIUS_KM + apogee;
            let a_er = 0.5 * (rp + ra) / EARTH_RADIUS_KM;
            let e = (ra - rp) / (ra + rp);
            // n = kₑ a^{-3/2} rad/min → rev/day.
            let n_rev_day = KE_PER_MIN / a_er.powf(1.5) * 1_440.0 / TAU;
            let inclination =
                inclinations[rng.random_range(0..inclinations.len())] + normal(&mut rng, 0.0, 0.5);
            sgp4::Elements {
                object_name: Some(format!("SYNTH {}", n + 1)),
                international_designator: None,
                norad_id: 900_000 + n as u64,
                classification: sgp4::Classification::Unclassified,
                datetime: epoch.naive_utc(),
                mean_motion_dot: 0.0,
                mean_motion_ddot: 0.0,
                drag_term: 0.0,
                element_set_number: 1,
                inclination: inclination.clamp(0.1, 179.9),
                right_ascension: rng.random_range(0.0..360.0),
                eccentricity: e,
                argument_of_perigee: rng.random_range(0.0..360.0),
                mean_anomaly: rng.random_range(0.0..360.0),
                mean_motion: n_rev_day,
                revolution_number: 0,
                ephemeris_type: 0,
            }
        })
        .collect()
}
