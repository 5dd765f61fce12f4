//! Close approaches: the screening against an independent brute force,
//! planted conjunctions, Foster's Pc against closed forms and a numerical
//! integral, best phasing against a sweep, and the command as typed.

use chrono::{DateTime, TimeDelta, Utc};
use megaconstellation::catalog::Catalog;
use megaconstellation::constellation::Constellation;
use megaconstellation::error::Origin;
use megaconstellation::propagation::Fleet;
use megaconstellation::safety::pc::{
    EncounterPlane, RtnSigma, foster_principal, isotropic_zero_miss,
};
use megaconstellation::safety::track::ShellTrack;
use megaconstellation::safety::walker::{best_phasing, min_separation_km};
use megaconstellation::safety::{Event, PcModel, ScreenOptions, Screening, screen};
use std::collections::BTreeMap;
use std::process::Command;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("an RFC 3339 instant")
}

fn pc_model() -> PcModel {
    let s = RtnSigma {
        radial_km: 0.05,
        in_track_km: 0.2,
        cross_track_km: 0.05,
    };
    PcModel {
        own_sigma: s,
        catalog_sigma: s,
        own_radius_km: 0.01,
        catalog_radius_km: 0.01,
    }
}

fn run_screen(fleet: &Fleet, from: DateTime<Utc>, span_s: f64, distance_km: f64) -> Screening {
    screen(
        fleet,
        from,
        span_s,
        ScreenOptions {
            distance_km,
            ..ScreenOptions::default()
        },
        pc_model(),
        &|_| true,
    )
    .expect("not cancelled")
}

fn all_events(s: &Screening) -> Vec<Event> {
    let mut v = Vec::new();
    s.for_each_event(|e| v.push(*e));
    v.sort_by(|a, b| {
        (a.a, a.b)
            .cmp(&(b.a, b.b))
            .then(a.tca_s.total_cmp(&b.tca_s))
    });
    v
}

/// Every object's SGP4 through the sgp4 crate itself: shells through
/// `ShellOrbit::crate_constants`, catalogues through their own constants.
struct CrateFleet {
    constants: Vec<(sgp4::Constants, f64)>,
}

impl CrateFleet {
    fn new(fleet: &Fleet, from: DateTime<Utc>) -> Self {
        let mut constants = Vec::new();
        for s in &fleet.shells {
            let offset = (from - s.shell.epoch).num_milliseconds() as f64 / 60_000.0;
            for i in s.range.clone() {
                let (node, anomaly) = fleet.shell_phase(i);
                constants.push((s.shell.orbit.crate_constants(node, anomaly), offset));
            }
        }
        for sat in &fleet.catalog_satellites {
            let offset = (from - sat.epoch).num_milliseconds() as f64 / 60_000.0;
            constants.push((sat.constants.clone(), offset));
        }
        Self { constants }
    }

    fn state(&self, i: usize, t_s: f64) -> ([f64; 3], [f64; 3]) {
        let (c, offset) = &self.constants[i];
        let p = c
            .propagate(sgp4::MinutesSinceEpoch(offset + t_s / 60.0))
            .expect("propagates");
        (p.position, p.velocity)
    }

    fn distance(&self, a: usize, b: usize, t: f64) -> f64 {
        let (ra, _) = self.state(a, t);
        let (rb, _) = self.state(b, t);
        ((ra[0] - rb[0]).powi(2) + (ra[1] - rb[1]).powi(2) + (ra[2] - rb[2]).powi(2)).sqrt()
    }

    /// The minimum of the distance in [lo, hi] by golden section.
    fn minimum(&self, a: usize, b: usize, mut lo: f64, mut hi: f64) -> (f64, f64) {
        let g = 0.5 * (5f64.sqrt() - 1.0);
        let mut x1 = hi - g * (hi - lo);
        let mut x2 = lo + g * (hi - lo);
        let (mut f1, mut f2) = (self.distance(a, b, x1), self.distance(a, b, x2));
        while hi - lo > 1e-4 {
            if f1 < f2 {
                hi = x2;
                x2 = x1;
                f2 = f1;
                x1 = hi - g * (hi - lo);
                f1 = self.distance(a, b, x1);
            } else {
                lo = x1;
                x1 = x2;
                f1 = f2;
                x2 = lo + g * (hi - lo);
                f2 = self.distance(a, b, x2);
            }
        }
        let t = 0.5 * (lo + hi);
        (t, self.distance(a, b, t))
    }

    /// Every local minimum under `distance_km` of every pair over
    /// [0, span): all positions every `step` s, each pair's sampled
    /// minima refined by golden section on the crate's positions.
    fn brute_force(
        &self,
        span_s: f64,
        step: f64,
        distance_km: f64,
    ) -> Vec<(usize, usize, f64, f64)> {
        let n = self.constants.len();
        let steps = (span_s / step).round() as usize;
        let positions: Vec<Vec<[f64; 3]>> = (0..=steps)
            .map(|k| (0..n).map(|i| self.state(i, k as f64 * step).0).collect())
            .collect();
        let mut found = Vec::new();
        for a in 0..n {
            for b in a + 1..n {
                let d = |k: usize| {
                    let (p, q) = (positions[k][a], positions[k][b]);
                    ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)).sqrt()
                };
                // Sampled minima (with the span's ends as candidates too),
                // within reach of the threshold at 15 km/s between samples.
                for k in 0..=steps {
                    let here = d(k);
                    if here > distance_km + 8.0 * step {
                        continue;
                    }
                    let left = if k > 0 { d(k - 1) } else { f64::INFINITY };
                    let right = if k < steps { d(k + 1) } else { f64::INFINITY };
                    if here <= left && here < right {
                        let lo = (k as f64 - 1.0).max(0.0) * step;
                        let hi = ((k + 1) as f64 * step).min(span_s);
                        let (t, miss) = self.minimum(a, b, lo, hi);
                        // An interior minimum under the threshold.
                        if miss <= distance_km && t > 1e-3 && t < span_s - 1e-3 {
                            found.push((a, b, t, miss));
                        }
                    }
                }
            }
        }
        found
    }
}

const CROSSING: &str = r#"
name = "crossing shells"
epoch = "2026-05-13T00:00:00Z"

[[shell]]
name = "a-550-53"
altitude_km = 550
inclination_deg = 53
planes = 8
sats_per_plane = 10
phasing = 1

[[shell]]
name = "b-552-70"
altitude_km = 552
inclination_deg = 70
planes = 6
sats_per_plane = 8
raan_deg = 10

[[shell]]
name = "c-eccentric-97"
altitude_km = 700
inclination_deg = 97
planes = 4
sats_per_plane = 6
eccentricity = 0.02
"#;

fn crossing_fleet(tles: usize) -> Fleet {
    let mut c = Constellation::from_text(CROSSING, Origin("crossing.toml".into()), None)
        .expect("a valid file");
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/starlink-2026-05-13.tle"
    ))
    .expect("the Starlink TLEs");
    let lines: Vec<&str> = text.lines().take(3 * tles).collect();
    c.catalogs.push(
        Catalog::parse(
            &lines.join("\n"),
            Origin("starlink.tle".into()),
            "starlink".into(),
        )
        .expect("valid TLEs"),
    );
    Fleet::new(&c).expect("a fleet")
}

#[test]
fn screening_finds_what_a_brute_force_finds() {
    let fleet = crossing_fleet(120);
    let from = at("2026-05-13T06:00:00Z");
    let span_s = 3.0 * 3600.0;
    let d = 25.0;
    let ours = all_events(&run_screen(&fleet, from, span_s, d));
    let reference = CrateFleet::new(&fleet, from).brute_force(span_s, 2.0, d);
    assert!(
        reference.len() > 20,
        "too few events to compare: {}",
        reference.len()
    );
    let kinds: std::collections::BTreeSet<_> = reference
        .iter()
        .map(|(a, b, ..)| {
            let g = |i| fleet.group_of(i);
            (format!("{:?}", g(*a)), format!("{:?}", g(*b)))
        })
        .collect();
    assert!(
        kinds.len() >= 4,
        "the brute force's events cover few kinds of pair: {kinds:?}"
    );
    let mut unmatched = Vec::new();
    for (a, b, t, miss) in &reference {
        let hit = ours
            .iter()
            .find(|e| e.a == *a && e.b == *b && (e.tca_s - t).abs() < 0.1);
        match hit {
            Some(e) => assert!(
                (e.encounter.miss_km - miss).abs() < 0.010,
                "{a}-{b} at {t}: miss {} against {miss}",
                e.encounter.miss_km
            ),
            None => unmatched.push((a, b, t, miss)),
        }
    }
    assert!(unmatched.is_empty(), "missed: {unmatched:?}");
    // Nothing found that the brute force does not have.
    for e in &ours {
        assert!(
            reference
                .iter()
                .any(|(a, b, t, _)| e.a == *a && e.b == *b && (e.tca_s - t).abs() < 0.1),
            "extra event {e:?}"
        );
    }
    assert_eq!(ours.len(), reference.len());

    // At the threshold's edge: an event's own miss, a metre either side.
    let edge = reference[reference.len() / 2];
    for (distance, present) in [(edge.3 + 0.001, true), (edge.3 - 0.001, false)] {
        let events = all_events(&run_screen(&fleet, from, span_s, distance));
        let has = events
            .iter()
            .any(|e| e.a == edge.0 && e.b == edge.1 && (e.tca_s - edge.2).abs() < 0.1);
        assert_eq!(has, present, "threshold {distance} around {edge:?}");
    }
}

/// Elements (e, ω fixed) whose SGP4 position at `t` is `target`: Newton on
/// the mean anomaly, the mean motion and the node (or, with
/// `free_inclination`, the inclination: at an orbit's highest latitude a
/// turn of the node moves it along its track, as the mean anomaly does).
#[allow(clippy::too_many_arguments)]
fn planted(
    target: [f64; 3],
    epoch: DateTime<Utc>,
    t_min: f64,
    inclination_deg: f64,
    eccentricity: f64,
    perigee_deg: f64,
    guess: (f64, f64, f64),
    id: u64,
    free_inclination: bool,
) -> sgp4::Elements {
    // The first guess of the mean anomaly: the target's argument of latitude
    // in the guessed plane, less the argument of perigee.
    let (so, co) = guess.1.to_radians().sin_cos();
    let (si, ci) = inclination_deg.to_radians().sin_cos();
    let x_axis = [co, so, 0.0];
    let y_axis = [-so * ci, co * ci, si];
    let dot = |a: [f64; 3], b: [f64; 3]| a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    let u = dot(target, y_axis).atan2(dot(target, x_axis)).to_degrees();
    let perigee_deg = if eccentricity > 0.0 { u } else { perigee_deg };
    // Back from `t_min` to the epoch at the mean motion.
    let travelled = guess.2 * 360.0 / 1440.0 * t_min;
    let node_deg = guess.1;
    let make = |p: [f64; 3], perigee_deg: f64| sgp4::Elements {
        object_name: Some(format!("PLANTED {id}")),
        international_designator: None,
        norad_id: id,
        classification: sgp4::Classification::Unclassified,
        datetime: epoch.naive_utc(),
        mean_motion_dot: 0.0,
        mean_motion_ddot: 0.0,
        drag_term: 0.0,
        element_set_number: 1,
        inclination: if free_inclination {
            p[1]
        } else {
            inclination_deg
        },
        right_ascension: if free_inclination { node_deg } else { p[1] }.rem_euclid(360.0),
        eccentricity,
        argument_of_perigee: perigee_deg,
        mean_anomaly: p[0].rem_euclid(360.0),
        mean_motion: p[2],
        revolution_number: 0,
        ephemeris_type: 0,
    };
    let pos = |p: [f64; 3]| {
        let c = sgp4::Constants::from_elements_afspc_compatibility_mode(&make(p, perigee_deg))
            .expect("valid");
        c.propagate(sgp4::MinutesSinceEpoch(t_min))
            .expect("propagates")
            .position
    };
    let second = if free_inclination {
        inclination_deg
    } else {
        guess.1
    };
    let mut p = [u - perigee_deg - travelled + guess.0, second, guess.2];
    for _ in 0..80 {
        let r = pos(p);
        let err = [target[0] - r[0], target[1] - r[1], target[2] - r[2]];
        if err.iter().map(|x| x * x).sum::<f64>().sqrt() < 1e-7 {
            break;
        }
        let steps = [1e-4, 1e-4, 1e-7];
        let mut jac = [[0.0; 3]; 3];
        for k in 0..3 {
            let mut q = p;
            q[k] += steps[k];
            let rq = pos(q);
            for row in 0..3 {
                jac[row][k] = (rq[row] - r[row]) / steps[k];
            }
        }
        let dx = solve3(jac, err);
        // Damped: at most 5° of angle and 0.05 rev/day a step.
        let limits = [5.0, 5.0, 0.05];
        for k in 0..3 {
            p[k] += dx[k].clamp(-limits[k], limits[k]);
        }
    }
    make(p, perigee_deg)
}

fn solve3(m: [[f64; 3]; 3], b: [f64; 3]) -> [f64; 3] {
    let det = |m: [[f64; 3]; 3]| {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    };
    let d = det(m);
    let mut x = [0.0; 3];
    for k in 0..3 {
        let mut mk = m;
        for row in 0..3 {
            mk[row][k] = b[row];
        }
        x[k] = det(mk) / d;
    }
    x
}

fn n_rev_day(radius_km: f64) -> f64 {
    0.074_366_916_1 / (radius_km / 6378.135).powf(1.5) * 1440.0 / std::f64::consts::TAU
}

#[test]
fn planted_conjunctions_are_found_where_they_were_put() {
    let epoch = at("2026-05-13T00:00:00Z");
    let text = r#"
epoch = "2026-05-13T00:00:00Z"
[[shell]]
name = "polar-800"
altitude_km = 800
inclination_deg = 89.8
planes = 3
sats_per_plane = 5
[[shell]]
name = "i53-600"
altitude_km = 600
inclination_deg = 53
planes = 4
sats_per_plane = 5
raan_deg = 20
"#;
    let c = Constellation::from_text(text, Origin("planted.toml".into()), None).expect("valid");
    let base = Fleet::new(&c).expect("fleet");
    let from = epoch + TimeDelta::hours(1);
    // Meetings at chosen times and distances.
    let plans = [
        // (fleet index of the shell satellite, TCA s after `from`, miss km, kind)
        (0usize, 1_234.5, 0.35, "head-on"),
        (0usize, 0.0, 0.0, "polar"),
        (15usize, 2_100.0, 0.25, "eccentric"),
    ];
    let mut elements = Vec::new();
    let mut expected = Vec::new();
    for (n, (sat, tca, miss, kind)) in plans.into_iter().enumerate() {
        let shell = &base.shells[if sat < 15 { 0 } else { 1 }];
        let (node, anomaly) = base.shell_phase(sat);
        let consts = shell.shell.orbit.crate_constants(node, anomaly);
        // The polar meeting: when the shell satellite is nearest the north pole.
        let tca = if kind == "polar" {
            let mut best = (0.0, f64::NEG_INFINITY);
            for k in 0..6_000 {
                let t = k as f64;
                let z = consts
                    .propagate(sgp4::MinutesSinceEpoch(60.0 + t / 60.0))
                    .expect("ok")
                    .position[2];
                if z > best.1 {
                    best = (t, z);
                }
            }
            best.0 + 0.125
        } else {
            tca
        };
        let t_min = 60.0 + tca / 60.0;
        let s = consts
            .propagate(sgp4::MinutesSinceEpoch(t_min))
            .expect("ok");
        let r = s.position;
        let rn = (r[0] * r[0] + r[1] * r[1] + r[2] * r[2]).sqrt();
        let miss = if kind == "polar" { 0.6 } else { miss };
        let target = [
            r[0] * (1.0 + miss / rn),
            r[1] * (1.0 + miss / rn),
            r[2] * (1.0 + miss / rn),
        ];
        let node_deg = node.to_degrees();
        let e = match kind {
            // The same plane flown the other way: i' = 180° − i, Ω' = Ω + 180°.
            "head-on" => planted(
                target,
                epoch,
                t_min,
                180.0 - 89.8,
                0.0,
                0.0,
                (0.0, node_deg + 180.0, n_rev_day(rn + miss)),
                100 + n as u64,
                false,
            ),
            // Nearly the same plane (0.3° of inclination), meeting over the pole.
            "polar" => planted(
                target,
                epoch,
                t_min,
                90.1,
                0.0,
                0.0,
                (0.0, node_deg, n_rev_day(rn + miss)),
                100 + n as u64,
                true,
            ),
            // Perigee at the shell, apogee at 2,000 km: it crosses every
            // shell between. Its plane (63.4°) is put through the meeting
            // point, perigee there, so that Newton starts close.
            _ => {
                let rp = rn + miss;
                let ra = 6378.135 + 2_000.0;
                let a = 0.5 * (rp + ra);
                let i = 63.4f64.to_radians();
                let lat = (target[2] / rp).asin();
                let ra_deg = target[1].atan2(target[0]);
                let u = (lat.sin() / i.sin()).asin();
                let node = ra_deg - (i.cos() * u.sin()).atan2(u.cos());
                planted(
                    target,
                    epoch,
                    t_min,
                    63.4,
                    (ra - rp) / (ra + rp),
                    0.0,
                    (0.0, node.to_degrees(), n_rev_day(a)),
                    100 + n as u64,
                    false,
                )
            }
        };
        elements.push(e);
        expected.push((sat, tca, miss, kind));
    }
    let mut c = c;
    c.catalogs.push(Catalog {
        origin: Origin("planted".into()),
        name: "planted".into(),
        elements,
    });
    let fleet = Fleet::new(&c).expect("fleet");
    assert_eq!(
        fleet.catalog_satellites.len(),
        3,
        "every planted object initialises"
    );
    let events = all_events(&run_screen(&fleet, from, 4_000.0, 5.0));
    let crate_fleet = CrateFleet::new(&fleet, from);
    for (n, (sat, tca, miss, kind)) in expected.into_iter().enumerate() {
        let other = fleet.shell_satellites() + n;
        let e = events
            .iter()
            .find(|e| e.a == sat && e.b == other && (e.tca_s - tca).abs() < 5.0)
            .unwrap_or_else(|| panic!("{kind}: no event near {tca} s; found {events:?}"));
        // Where it was put: the distance then is the planted miss, and
        // the event is the minimum the crate's own positions give there.
        assert!(
            (crate_fleet.distance(sat, other, tca) - miss).abs() < 1e-3,
            "{kind}: planted wrong"
        );
        let (t, m) = crate_fleet.minimum(sat, other, tca - 5.0, tca + 5.0);
        assert!(
            (e.tca_s - t).abs() < 0.1,
            "{kind}: TCA {} against {t}",
            e.tca_s
        );
        assert!(
            (e.encounter.miss_km - m).abs() < 0.01,
            "{kind}: miss {} against {m}",
            e.encounter.miss_km
        );
        assert!(m <= miss + 1e-6, "{kind}");
        let speed = e.encounter.relative_speed_km_s;
        match kind {
            "head-on" => assert!(speed > 14.0, "{kind}: {speed} km/s"),
            "polar" => assert!(speed < 0.2, "{kind}: {speed} km/s"),
            _ => assert!(speed > 1.0, "{kind}: {speed} km/s"),
        }
    }
}

#[test]
fn pc_equals_the_closed_form_for_isotropic_zero_miss() {
    for (sigma, radius) in [(0.1, 0.02), (0.05, 0.05), (1.0, 0.01), (0.02, 0.1)] {
        let ours = foster_principal(0.0, 0.0, sigma, sigma, radius);
        let exact = isotropic_zero_miss(sigma, radius);
        assert!(
            ((ours - exact) / exact).abs() < 1e-9,
            "{sigma} {radius}: {ours} vs {exact}"
        );
    }
}

#[test]
fn pc_equals_a_numerical_integral_for_an_anisotropic_case() {
    // Two objects meeting at right angles, with different uncertainties.
    let a = ([7000.0, 0.0, 0.0], [0.0, 7.5, 0.0]);
    let b = ([7000.0, 0.0, 0.12], [0.0, 0.0, 7.5]);
    let sa = RtnSigma {
        radial_km: 0.05,
        in_track_km: 0.4,
        cross_track_km: 0.08,
    };
    let sb = RtnSigma {
        radial_km: 0.1,
        in_track_km: 0.25,
        cross_track_km: 0.06,
    };
    let plane = EncounterPlane::new((a.0, a.1, &sa), (b.0, b.1, &sb));
    let radius = 0.03;
    let ours = plane.probability(radius);
    // The 2-D integral over the disc on a fine grid, straight from the
    // encounter plane's covariance (no principal axes).
    let [[c11, c12], [_, c22]] = plane.covariance_km2;
    let det = c11 * c22 - c12 * c12;
    let n = 800;
    let h = 2.0 * radius / n as f64;
    let mut sum = 0.0;
    for i in 0..n {
        for j in 0..n {
            let x = -radius + (i as f64 + 0.5) * h;
            let z = -radius + (j as f64 + 0.5) * h;
            if x * x + z * z > radius * radius {
                continue;
            }
            let (dx, dz) = (x - plane.miss_km, z);
            let q = (c22 * dx * dx - 2.0 * c12 * dx * dz + c11 * dz * dz) / det;
            sum += (-0.5 * q).exp() * h * h;
        }
    }
    let numeric = sum / (std::f64::consts::TAU * det.sqrt());
    assert!(
        numeric > 1e-4,
        "a case with something to integrate: {numeric}"
    );
    assert!(
        ((ours - numeric) / numeric).abs() < 0.01,
        "{ours} vs {numeric}"
    );
}

#[test]
fn best_phasing_equals_a_sweep_over_every_f() {
    // A small Walker shell; for each F, every pair's distance on Keplerian
    // circles every second of one revolution.
    let planes = 7u32;
    let per_plane = 4u32;
    let mut swept = Vec::new();
    let mut ours = Vec::new();
    for f in 0..planes {
        let text = format!(
            "[[shell]]\nname = \"s\"\naltitude_km = 1000\ninclination_deg = 60\nplanes = {planes}\nsats_per_plane = {per_plane}\nphasing = {f}\n"
        );
        let c = Constellation::from_text(&text, Origin("s.toml".into()), None).expect("valid");
        let fleet = Fleet::new(&c).expect("fleet");
        let track = ShellTrack::new(0, &fleet.shells[0], c.spec.epoch.0).expect("circular");
        ours.push(min_separation_km(&track, None));
        if f == 0 {
            let (best_f, best_d) = best_phasing(&track);
            ours.push(f64::from(best_f));
            ours.push(best_d);
        }
        let r = track.mean_radius_km;
        let inc = 60f64.to_radians();
        let sats: Vec<(f64, f64)> = (0..fleet.shell_satellites())
            .map(|i| fleet.shell_phase(i))
            .collect();
        let mut min = f64::INFINITY;
        for step in 0..7_000 {
            let u = std::f64::consts::TAU * step as f64 / 7_000.0;
            let pos: Vec<[f64; 3]> = sats
                .iter()
                .map(|(node, m)| {
                    let (su, cu) = (m + u).sin_cos();
                    let (so, co) = node.sin_cos();
                    let (si, ci) = inc.sin_cos();
                    [
                        r * (co * cu - so * ci * su),
                        r * (so * cu + co * ci * su),
                        r * si * su,
                    ]
                })
                .collect();
            for a in 0..pos.len() {
                for b in a + 1..pos.len() {
                    let d = ((pos[a][0] - pos[b][0]).powi(2)
                        + (pos[a][1] - pos[b][1]).powi(2)
                        + (pos[a][2] - pos[b][2]).powi(2))
                    .sqrt();
                    min = min.min(d);
                }
            }
        }
        swept.push(min);
    }
    // Each F's minimum separation within a kilometre of the sweep (its
    // one-second steps sample a 7 km/s passage).
    let per_f: Vec<f64> = ours
        .iter()
        .copied()
        .enumerate()
        .filter(|(i, _)| *i != 1 && *i != 2)
        .map(|(_, d)| d)
        .collect();
    for (f, (mine, theirs)) in per_f.iter().zip(&swept).enumerate() {
        assert!(
            (mine - theirs).abs() < 1.0,
            "F = {f}: {mine} against {theirs}"
        );
    }
    let sweep_best = swept
        .iter()
        .enumerate()
        .fold((0, f64::NEG_INFINITY), |b, (f, d)| {
            if *d > b.1 + 1e-6 { (f, *d) } else { b }
        });
    assert_eq!(ours[1] as usize, sweep_best.0, "{swept:?}");
    assert!((ours[2] - sweep_best.1).abs() < 1.0);
    assert!(
        sweep_best.1 > swept.iter().copied().fold(f64::INFINITY, f64::min) + 10.0,
        "F matters here: {swept:?}"
    );
}

fn command(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_megaconstellation"))
        .args(args)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_command_as_typed_gives_the_documented_json() {
    let (code, stdout, stderr) = command(&[
        "conjunctions",
        "--preset",
        "starlink-gen1",
        "--at",
        "2026-06-01T00:00:00Z",
        "--span",
        "2h",
        "--top",
        "3",
        "--best-phasing",
        "--json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    for key in [
        "from",
        "to",
        "objects",
        "distance_km",
        "events",
        "events_under_1km",
        "shells",
        "pairs",
        "closest",
    ] {
        assert!(v.get(key).is_some(), "no `{key}` in {v}");
    }
    assert_eq!(v["objects"], 4408);
    assert_eq!(v["to"], "2026-06-01T02:00:00.000Z");
    let shell = &v["shells"][0];
    for key in [
        "name",
        "events_per_day",
        "under_1km_per_day",
        "closest_km",
        "closest_at",
        "min_separation_km",
        "best_phasing",
        "best_min_separation_km",
        "manoeuvres_per_satellite_year",
    ] {
        assert!(shell.get(key).is_some(), "no `{key}` in {shell}");
    }
    let m = &shell["manoeuvres_per_satellite_year"];
    for key in ["1e-4", "1e-5", "3e-7"] {
        assert!(m.get(key).is_some_and(|x| x.is_number()), "{m}");
    }
    assert!(shell["best_min_separation_km"].as_f64() >= shell["min_separation_km"].as_f64());
    let closest = v["closest"].as_array().expect("an array");
    assert_eq!(closest.len(), 3);
    for key in [
        "a",
        "b",
        "tca",
        "miss_km",
        "radial_km",
        "in_track_km",
        "cross_track_km",
        "relative_speed_km_s",
        "pc",
    ] {
        assert!(
            closest[0].get(key).is_some(),
            "no `{key}` in {}",
            closest[0]
        );
    }
    assert!(
        closest[0]["a"]
            .as_str()
            .is_some_and(|s| s.contains("plane") && s.contains("slot"))
    );
    let misses: Vec<f64> = closest
        .iter()
        .filter_map(|c| c["miss_km"].as_f64())
        .collect();
    assert!(misses.windows(2).all(|w| w[0] <= w[1]), "{misses:?}");
    // The miss is its parts.
    let c = &closest[0];
    let parts = ["radial_km", "in_track_km", "cross_track_km"]
        .iter()
        .map(|k| c[*k].as_f64().unwrap_or(f64::NAN).powi(2))
        .sum::<f64>()
        .sqrt();
    assert!((parts - c["miss_km"].as_f64().unwrap_or(0.0)).abs() < 1e-6);
    let pairs = v["pairs"].as_array().expect("pairs");
    let per_day: f64 = pairs
        .iter()
        .filter_map(|p| p["events_per_day"].as_f64())
        .sum();
    assert!(
        (per_day / 12.0 - v["events"].as_f64().unwrap_or(0.0)).abs() < 1e-6,
        "pairs add up to the events"
    );
}

#[test]
fn bad_input_exits_2_naming_the_flag() {
    for (args, words) in [
        (vec!["--distance", "0"], "--distance"),
        (vec!["--distance", "-3"], "--distance"),
        (vec!["--distance", "101"], "--distance"),
        (vec!["--span", "0s"], "--span"),
        (vec!["--span", "31d"], "--span"),
        (vec!["--span", "soon"], "--span"),
    ] {
        let mut all = vec!["conjunctions", "--preset", "suncatcher"];
        all.extend(args.iter());
        let (code, _, stderr) = command(&all);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains(words), "{args:?}: {stderr}");
    }
    let dir = std::env::temp_dir().join(format!("mc-safety-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let file = dir.join("bad-safety.toml");
    std::fs::write(
        &file,
        "[[shell]]\nname = \"s\"\naltitude_km = 550\ninclination_deg = 53\nplanes = 2\nsats_per_plane = 2\n\n[safety]\nown_sigma_m = [20.0, -5.0, 20.0]\n",
    )
    .expect("written");
    let path = file.display().to_string();
    let (code, _, stderr) = command(&["conjunctions", "--constellation", &path]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(&format!("{path}:9")) && stderr.contains("own_sigma_m"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn walker_families_repeat_what_each_pair_does() {
    // Every event of a circular shell's families, checked against the
    // crate: the distance at the TCA is the miss, and the TCA is a minimum.
    let c = Constellation::from_text(
        "[[shell]]\nname = \"dense\"\naltitude_km = 600\ninclination_deg = 60\nplanes = 12\nsats_per_plane = 30\nphasing = 0\n",
        Origin("dense.toml".into()),
        None,
    )
    .expect("valid");
    let fleet = Fleet::new(&c).expect("fleet");
    let from = c.spec.epoch.0 + TimeDelta::hours(5);
    let screening = run_screen(&fleet, from, 6.0 * 3600.0, 20.0);
    assert!(!screening.families.is_empty());
    let crate_fleet = CrateFleet::new(&fleet, from);
    let events = all_events(&screening);
    assert!(events.len() > 100, "{}", events.len());
    let mut per_pair: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for e in events.iter().step_by(7) {
        let d = crate_fleet.distance(e.a, e.b, e.tca_s);
        assert!((d - e.encounter.miss_km).abs() < 0.01, "{e:?}: {d}");
        let (t, m) = crate_fleet.minimum(e.a, e.b, e.tca_s - 5.0, e.tca_s + 5.0);
        assert!(
            (t - e.tca_s).abs() < 0.1 && (m - d).abs() < 0.01,
            "{e:?}: {t} {m}"
        );
        *per_pair.entry((e.a, e.b)).or_insert(0) += 1;
    }
}
