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
    // The whole fleet goes through the batched kernel, one satellite through
    // the scalar path: the two agree to the crate's own 1e-8 km.
    for (i, fix) in all.iter().enumerate().step_by(37) {
        let (Fix::Ok(a), Some(Fix::Ok(b))) = (fix, fleet.propagate_one(i, at)) else {
            panic!("{i}")
        };
        for k in 0..3 {
            assert!(
                (a.pos_in_teme_km[k] - b.pos_in_teme_km[k]).abs() < 1e-7,
                "{i}"
            );
            assert!(
                (a.vel_in_teme_km_s[k] - b.vel_in_teme_km_s[k]).abs() < 1e-10,
                "{i}"
            );
        }
    }
}

#[test]
fn odc_1m_keeps_at_most_32_bytes_per_satellite() {
    let fleet = Fleet::new(&Constellation::from_preset("odc-1m").expect("preset")).expect("fleet");
    let per_satellite = fleet.shell_state_bytes() as f64 / fleet.shell_satellites() as f64;
    assert!(per_satellite <= 32.0, "{per_satellite} bytes per satellite");
    assert!(per_satellite < std::mem::size_of::<sgp4::Constants>() as f64 / 10.0);
}

#[test]
fn earth_fixed_states_sit_at_the_shell_altitude_and_turn_with_the_earth() {
    use megaconstellation::frames::geodetic_from_ecef;
    let c = Constellation::from_preset("starlink-gen1").expect("preset");
    let fleet = Fleet::new(&c).expect("fleet");
    let at = parse_instant("2026-05-05T05:05:05Z").expect("valid");
    let teme = fleet.propagate(at);
    let ecef = fleet.propagate_ecef(at);
    for shell in &fleet.shells {
        for i in shell.range.clone().step_by(11) {
            let (Fix::Ok(t), Some(e)) = (teme[i], ecef[i]) else {
                panic!("{i} did not propagate")
            };
            let r = |v: [f64; 3]| (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt();
            // A rotation keeps the radius and the z axis.
            assert!((r(t.pos_in_teme_km) - r(e.pos_in_ecef_km)).abs() < 1e-9);
            assert!((t.pos_in_teme_km[2] - e.pos_in_ecef_km[2]).abs() < 1e-12);
            // Geodetic height: the shell's altitude, plus up to 21 km at the
            // poles where the ellipsoid is flatter, ± SGP4's short-period
            // J₂ terms (about 10 km).
            let g = geodetic_from_ecef(e.pos_in_ecef_km);
            let flattening_km = 21.4 * g.latitude_rad.sin().powi(2);
            let excess = g.height_km - shell.shell.spec.altitude_km - flattening_km;
            assert!(
                excess.abs() < 15.0,
                "{} km at {} rad",
                g.height_km,
                g.latitude_rad
            );
            // Latitude never exceeds the inclination (or its supplement).
            let max_lat = shell
                .shell
                .inclination_rad
                .min(std::f64::consts::PI - shell.shell.inclination_rad);
            assert!(g.latitude_rad.abs() <= max_lat + 0.01);
        }
    }
    // The Earth-fixed velocity is the rate of change of the Earth-fixed position
    // (within 1e-4 km/s: SGP4's velocity is not the exact derivative of its
    // short-period terms; a missing ω × r would be off by 0.5 km/s).
    let before = fleet.propagate_ecef(at - TimeDelta::milliseconds(500));
    let after = fleet.propagate_ecef(at + TimeDelta::milliseconds(500));
    for i in (0..fleet.len()).step_by(97) {
        let (Some(b), Some(a), Some(now)) = (before[i], after[i], ecef[i]) else {
            panic!("{i}")
        };
        for k in 0..3 {
            let rate = a.pos_in_ecef_km[k] - b.pos_in_ecef_km[k];
            assert!(
                (rate - now.vel_in_ecef_km_s[k]).abs() < 1e-4,
                "{i}: {rate} vs {}",
                now.vel_in_ecef_km_s[k]
            );
        }
    }
}
