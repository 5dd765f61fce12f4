//! The shell path (shared SGP4 terms, 16 bytes per satellite) against the
//! sgp4 crate's own per-satellite propagation.

use chrono::TimeDelta;
use megaconstellation::constellation::Constellation;
use megaconstellation::propagation::{Fix, Fleet, ShellOrbit};
use megaconstellation::time::parse_instant;
use rand::{Rng, SeedableRng, rngs::SmallRng};

fn compare(orbit: &ShellOrbit, node: f64, anomaly: f64, t: f64) -> (f64, f64) {
    let ours = orbit.at(t).propagate(node, anomaly);
    let reference = orbit
        .crate_constants(node, anomaly)
        .propagate(sgp4::MinutesSinceEpoch(t))
        .expect("near-Earth shell orbits propagate");
    let mut dr: f64 = 0.0;
    let mut dv: f64 = 0.0;
    for k in 0..3 {
        dr = dr.max((ours.pos_in_teme_km[k] - reference.position[k]).abs());
        dv = dv.max((ours.vel_in_teme_km_s[k] - reference.velocity[k]).abs());
    }
    (dr, dv)
}

#[test]
fn random_shell_satellites_equal_the_crate() {
    let mut rng = SmallRng::seed_from_u64(20260130);
    let epoch = parse_instant("2026-01-01T00:00:00Z").expect("valid");
    let mut worst = (0.0_f64, 0.0_f64);
    // 100 random shells × 1,000 random satellites at random times within 30 days.
    for _ in 0..100 {
        let altitude = rng.random_range(150.0..5000.0);
        let inclination = rng.random_range(0.0..180.0_f64).to_radians();
        let eccentricity = if rng.random_bool(0.5) {
            0.0
        } else {
            rng.random_range(0.0..0.02)
        };
        let orbit =
            ShellOrbit::new(altitude, inclination, eccentricity, epoch).expect("valid shell");
        for _ in 0..1000 {
            let node = rng.random_range(0.0..std::f64::consts::TAU);
            let anomaly = rng.random_range(0.0..std::f64::consts::TAU);
            let t = rng.random_range(0.0..30.0 * 1440.0);
            let (dr, dv) = compare(&orbit, node, anomaly, t);
            worst = (worst.0.max(dr), worst.1.max(dv));
        }
    }
    assert!(worst.0 < 1e-6, "position differs by {:e} km", worst.0);
    assert!(worst.1 < 1e-9, "velocity differs by {:e} km/s", worst.1);
}

#[test]
fn odc_1m_fleet_equals_the_crate_on_a_sample() {
    let constellation = Constellation::from_preset("odc-1m").expect("preset loads");
    let fleet = Fleet::new(&constellation).expect("fleet builds");
    assert_eq!(fleet.len(), 999_900);
    let mut rng = SmallRng::seed_from_u64(7);
    let epoch = parse_instant("2026-01-01T00:00:00Z").expect("valid");
    for _ in 0..20_000 {
        let index = rng.random_range(0..fleet.len());
        let minutes = rng.random_range(0.0..30.0 * 1440.0);
        let at = epoch + TimeDelta::milliseconds((minutes * 60_000.0) as i64);
        let shell = fleet
            .shells
            .iter()
            .find(|s| s.range.contains(&index))
            .expect("index is in a shell");
        let (node, anomaly) = fleet.shell_phase(index);
        let t = megaconstellation::time::minutes_between(shell.shell.epoch, at);
        let reference = shell
            .shell
            .orbit
            .crate_constants(node, anomaly)
            .propagate(sgp4::MinutesSinceEpoch(t))
            .expect("propagates");
        let Some(Fix::Ok(ours)) = fleet.propagate_one(index, at) else {
            panic!("satellite {index} did not propagate");
        };
        for k in 0..3 {
            assert!((ours.pos_in_teme_km[k] - reference.position[k]).abs() < 1e-6);
        }
    }
}

#[test]
fn whole_fleet_propagation_matches_one_by_one() {
    let constellation = Constellation::from_preset("starlink-gen1").expect("preset loads");
    let fleet = Fleet::new(&constellation).expect("fleet builds");
    let at = parse_instant("2026-02-03T04:05:06Z").expect("valid");
    let all = fleet.propagate(at);
    assert_eq!(all.len(), 4408);
    for (i, fix) in all.iter().enumerate().step_by(37) {
        assert_eq!(Some(*fix), fleet.propagate_one(i, at));
    }
}
