//! The batched kernel against the sgp4 crate, and its fused totals against
//! the scalar path.

use megaconstellation::constellation::Constellation;
use megaconstellation::model::SatelliteModel;
use megaconstellation::propagation::kernel::propagate_shell_run;
use megaconstellation::propagation::{Fleet, ShellOrbit};
use megaconstellation::time::parse_instant;
use megaconstellation::totals::{fleet_totals, fleet_totals_scalar};
use rand::{Rng, SeedableRng, rngs::SmallRng};
use rayon::prelude::*;

#[test]
fn a_million_random_shell_satellites_equal_the_crate() {
    let epoch = parse_instant("2026-01-01T00:00:00Z").expect("time");
    // 10,000 random shells, each at a random time within 30 days, 100 random satellites each.
    let worst = (0..10_000u64)
        .into_par_iter()
        .map(|seed| {
            let mut rng = SmallRng::seed_from_u64(seed);
            let altitude = rng.random_range(150.0..5000.0);
            let inclination = rng.random_range(0.0..180.0_f64).to_radians();
            let eccentricity = match seed % 4 {
                0 => 0.0,
                1 => rng.random_range(0.0..0.001),
                2 => rng.random_range(0.0..0.02),
                _ => rng.random_range(0.0..0.1),
            };
            let Ok(orbit) = ShellOrbit::new(altitude, inclination, eccentricity, epoch) else {
                return (0.0, 0.0);
            };
            // Perigee above 150 km, as a shell file requires.
            if (6378.135 + altitude) * (1.0 - eccentricity) < 6378.135 + 150.0 {
                return (0.0, 0.0);
            }
            let t = rng.random_range(0.0..30.0 * 1440.0);
            let at = orbit.at(t);
            let nodes: Vec<f64> = (0..100)
                .map(|_| rng.random_range(0.0..std::f64::consts::TAU))
                .collect();
            let anomalies: Vec<f64> = (0..100)
                .map(|_| rng.random_range(0.0..std::f64::consts::TAU))
                .collect();
            let mut states = Vec::new();
            propagate_shell_run(&at, &nodes, &anomalies, &mut states);
            let mut worst: (f64, f64) = (0.0, 0.0);
            for ((node, m), s) in nodes.iter().zip(&anomalies).zip(&states) {
                let p = orbit
                    .crate_constants(*node, *m)
                    .propagate(sgp4::MinutesSinceEpoch(t))
                    .expect("propagates");
                for k in 0..3 {
                    worst.0 = worst.0.max((s.pos_in_teme_km[k] - p.position[k]).abs());
                    worst.1 = worst.1.max((s.vel_in_teme_km_s[k] - p.velocity[k]).abs());
                }
            }
            worst
        })
        .reduce(|| (0.0, 0.0), |a, b| (a.0.max(b.0), a.1.max(b.1)));
    println!(
        "kernel vs crate on 1M random shell satellites: {:e} km, {:e} km/s",
        worst.0, worst.1
    );
    assert!(worst.0 < 1e-6, "position differs by {:e} km", worst.0);
    assert!(worst.1 < 1e-9, "velocity differs by {:e} km/s", worst.1);
}

#[test]
fn fused_totals_equal_the_scalar_totals() {
    for (preset, battery) in [
        ("starlink-gen2", 0.0),
        ("starlink-gen1", 12.0),
        ("suncatcher", 0.0),
    ] {
        let c = Constellation::from_preset(preset).expect("preset");
        let fleet = Fleet::new(&c).expect("fleet");
        // The data-centre satellite on every layout (the Starlink presets'
        // own satellites carry no compute, which would leave the power
        // policy's branches untested).
        let satellite = SatelliteModel {
            battery_minutes: battery,
            ..SatelliteModel::default()
        };
        for when in [
            "2026-01-15T03:00:00Z",
            "2026-06-21T08:24:00Z",
            "2026-09-30T17:45:00Z",
        ] {
            let at = parse_instant(when).expect("time");
            let fast = fleet_totals(&fleet, &satellite, &c.spec.fleet, at);
            let slow = fleet_totals_scalar(&fleet, &satellite, &c.spec.fleet, at);
            let (f, s) = (&fast.tally, &slow.tally);
            assert_eq!(
                (f.sunlit, f.penumbra, f.umbra),
                (s.sunlit, s.penumbra, s.umbra),
                "{preset} {when}"
            );
            assert!((f.lit_sum - s.lit_sum).abs() < 1e-6, "{preset} {when}");
            // The kernel's positions differ from the scalar path's by ~1e-8 km,
            // which moves a penumbra satellite's share by ~1e-9.
            assert!(
                (f.power_collected_w - s.power_collected_w).abs()
                    <= 1e-9 * s.power_collected_w.max(1.0),
                "{preset} {when}: {} vs {}, lit {} vs {}",
                f.power_collected_w,
                s.power_collected_w,
                f.lit_sum,
                s.lit_sum
            );
            let rel = (f.compute_power_w - s.compute_power_w).abs() / s.compute_power_w.max(1.0);
            assert!(
                rel < 1e-9,
                "{preset} {when}: compute {} vs {}",
                f.compute_power_w,
                s.compute_power_w
            );
            if battery > 0.0 {
                // The battery carries some of the shadowed satellites' compute.
                let no_battery =
                    fleet_totals(&fleet, &SatelliteModel::default(), &c.spec.fleet, at);
                assert!(
                    f.compute_power_w > no_battery.tally.compute_power_w,
                    "{preset} {when}"
                );
            }
        }
    }
}
