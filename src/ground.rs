//! One satellite seen from the ground: its ground track (the points under
//! it, past and future), its footprint (the places that see it above an
//! elevation) and its passes over a site (rise, culmination, set, with the
//! peak's elevation and magnitude).
//!
//! Geometry as `sky` has it: SGP4 in TEME, the Earth-fixed frame by GMST,
//! places on the WGS-84 ellipsoid, elevation against the ellipsoid's
//! normal, no refraction.

use crate::frames::{
    EcefFromTeme, Geodetic, WGS84_A_KM, WGS84_F, ecef_from_geodetic, geodetic_from_ecef,
};
use crate::propagation::{Fix, Fleet};
use crate::shadow::conical_illumination;
use crate::sky::Site;
use crate::sky::observer::topocentric_from_teme;
use crate::sky::photometry::apparent_magnitude;
use crate::sun::sun_position;
use crate::time::{at_offset, gmst_rad, julian_date};
use crate::vec3::{Vec3, dot, norm, sub};
use chrono::{DateTime, Utc};

/// The satellite `index`'s position at `at`, TEME km (None once it decayed
/// or SGP4 refused).
fn teme(fleet: &Fleet, index: usize, at: DateTime<Utc>) -> Option<Vec3> {
    match fleet.propagate_one(index, at)? {
        Fix::Ok(s) => Some(s.pos_in_teme_km),
        _ => None,
    }
}

/// The satellite `index`'s position at `at`, Earth-fixed km.
pub fn position_ecef(fleet: &Fleet, index: usize, at: DateTime<Utc>) -> Option<Vec3> {
    let p = teme(fleet, index, at)?;
    Some(EcefFromTeme::new(gmst_rad(julian_date(at))).position(p))
}

/// The point under the satellite at `at`: its geodetic latitude and
/// longitude, and its height above the ellipsoid.
pub fn sub_satellite_point(fleet: &Fleet, index: usize, at: DateTime<Utc>) -> Option<Geodetic> {
    position_ecef(fleet, index, at).map(geodetic_from_ecef)
}

/// The ground track from `at − before_s` to `at + after_s`, a point every
/// `step_s` seconds (and one at each end): (instant, point under it).
pub fn ground_track(
    fleet: &Fleet,
    index: usize,
    at: DateTime<Utc>,
    before_s: f64,
    after_s: f64,
    step_s: f64,
) -> Vec<(DateTime<Utc>, Geodetic)> {
    let step_s = step_s.max(1.0);
    let n = ((before_s + after_s) / step_s).ceil().max(1.0) as usize;
    (0..=n)
        .filter_map(|k| {
            let s = (-before_s + k as f64 * step_s).min(after_s);
            let t = at_offset(at, s);
            sub_satellite_point(fleet, index, t).map(|g| (t, g))
        })
        .collect()
}

/// The elevation (radians) of `p` (Earth-fixed km) from the place on the
/// ground (height 0) at geodetic `latitude`, `longitude` (radians).
pub fn elevation_from_ground(p: Vec3, latitude_rad: f64, longitude_rad: f64) -> f64 {
    let place = ecef_from_geodetic(Geodetic {
        latitude_rad,
        longitude_rad,
        height_km: 0.0,
    });
    let (s, c) = latitude_rad.sin_cos();
    let up = [c * longitude_rad.cos(), c * longitude_rad.sin(), s];
    let d = sub(p, place);
    (dot(d, up) / norm(d)).clamp(-1.0, 1.0).asin()
}

/// The place `distance_rad` of great-circle angle from (`lat`, `lon`)
/// along the initial bearing `bearing_rad` (clockwise from north), on a
/// sphere in geodetic coordinates (radians).
fn destination(lat: f64, lon: f64, bearing_rad: f64, distance_rad: f64) -> (f64, f64) {
    let (sl, cl) = lat.sin_cos();
    let (sd, cd) = distance_rad.sin_cos();
    let lat2 = (sl * cd + cl * sd * bearing_rad.cos())
        .clamp(-1.0, 1.0)
        .asin();
    let lon2 = lon + (bearing_rad.sin() * sd * cl).atan2(cd - sl * lat2.sin());
    let lon2 =
        (lon2 + std::f64::consts::PI).rem_euclid(std::f64::consts::TAU) - std::f64::consts::PI;
    (lat2, lon2)
}

/// The footprint of a satellite at `p` (Earth-fixed km) for the elevation
/// `min_elevation_rad`: `points` places on the ground, going round the point
/// under it, each where the satellite stands at exactly that elevation
/// (found along each bearing by bisection to well under a metre). Empty when
/// no place sees it that high (inside the Earth).
pub fn footprint(p: Vec3, min_elevation_rad: f64, points: usize) -> Vec<Geodetic> {
    let under = geodetic_from_ecef(p);
    let r = norm(p);
    let polar = WGS84_A_KM * (1.0 - WGS84_F);
    if r <= polar {
        return Vec::new();
    }
    // Beyond the horizon of a sphere of the polar radius, plus a margin for
    // the ellipsoid's normal: the elevation there is below any asked for.
    let far = ((polar / r).acos() + 0.05).min(std::f64::consts::PI * 0.95);
    let elevation = |lat: f64, lon: f64| elevation_from_ground(p, lat, lon);
    if elevation(under.latitude_rad, under.longitude_rad) < min_elevation_rad {
        return Vec::new();
    }
    (0..points)
        .map(|k| {
            let bearing = std::f64::consts::TAU * k as f64 / points as f64;
            let at = |d: f64| destination(under.latitude_rad, under.longitude_rad, bearing, d);
            let (mut lo, mut hi) = (0.0f64, far);
            for _ in 0..60 {
                let mid = 0.5 * (lo + hi);
                let (lat, lon) = at(mid);
                if elevation(lat, lon) >= min_elevation_rad {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let (latitude_rad, longitude_rad) = at(0.5 * (lo + hi));
            Geodetic {
                latitude_rad,
                longitude_rad,
                height_km: 0.0,
            }
        })
        .collect()
}

/// One pass over a site: above its horizon from rise to set.
#[derive(Debug, Clone, PartialEq)]
pub struct Pass {
    /// Rise: the elevation crosses 0 upwards.
    pub rise: DateTime<Utc>,
    /// The highest point.
    pub culmination: DateTime<Utc>,
    /// Set: the elevation crosses 0 downwards.
    pub set: DateTime<Utc>,
    /// Elevation at culmination, degrees.
    pub peak_elevation_deg: f64,
    /// Azimuth at culmination, degrees from north through east.
    pub peak_azimuth_deg: f64,
    /// Apparent magnitude at culmination (with extinction), if the Sun
    /// lights it then.
    pub peak_magnitude: Option<f64>,
}

/// How passes are looked for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PassSearch {
    /// Seconds between the elevations sampled: a pass shorter than this
    /// (a graze of a fraction of a degree in LEO) can be missed.
    pub step_s: f64,
    /// The satellites' standard magnitude (at 1,000 km, phase 90°).
    pub standard_magnitude: f64,
    /// Extinction, magnitudes per airmass.
    pub extinction: f64,
}

impl Default for PassSearch {
    fn default() -> Self {
        Self {
            step_s: 20.0,
            standard_magnitude: 6.4,
            extinction: crate::sky::DEFAULT_EXTINCTION,
        }
    }
}

/// The passes of satellite `index` over `site` that are above the horizon
/// at some time in `from..to` (one in progress at `from` included, with its
/// rise before `from`), at most `max` of them.
pub fn passes(
    fleet: &Fleet,
    index: usize,
    site: &Site,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    search: PassSearch,
    max: usize,
) -> Vec<Pass> {
    let elevation = |t: DateTime<Utc>| -> Option<f64> {
        let p = teme(fleet, index, t)?;
        Some(topocentric_from_teme(site, gmst_rad(julian_date(t)), p).elevation_rad)
    };
    let step = search.step_s.max(1.0);
    // A pass in progress at `from` rose before it: look back for its rise
    // (up to a day; above the horizon all day long, there is none to give).
    let mut out = Vec::new();
    let Some(mut e) = elevation(from) else {
        return out;
    };
    let mut rise = None;
    if e >= 0.0 {
        let mut back = from;
        loop {
            if (from - back).as_seconds_f64() > DAY_S {
                return out;
            }
            let prev = at_offset(back, -step);
            match elevation(prev) {
                Some(ep) if ep < 0.0 => {
                    rise = Some(crossing(&elevation, prev, back));
                    break;
                }
                Some(_) => back = prev,
                None => return out,
            }
        }
    }
    let mut t = from;
    while out.len() < max {
        let next = at_offset(t, step);
        let Some(en) = elevation(next) else {
            break;
        };
        if e < 0.0 && en >= 0.0 {
            let r = crossing(&elevation, t, next);
            if r >= to {
                break;
            }
            rise = Some(r);
        } else if e >= 0.0
            && en < 0.0
            && let Some(r) = rise.take()
        {
            let set = crossing(&elevation, t, next);
            out.push(pass_of(
                fleet, index, site, r, set, step, search, &elevation,
            ));
        }
        // Past `to` outside a pass, or a pass that does not end within a day.
        if (next >= to && rise.is_none()) || (next - to).as_seconds_f64() > DAY_S {
            break;
        }
        t = next;
        e = en;
    }
    out
}

/// A day, seconds: how far a pass's rise and set are looked for.
const DAY_S: f64 = 86_400.0;

/// Where the elevation crosses 0 between `a` and `b` (opposite signs), to
/// a millisecond.
fn crossing(
    elevation: &impl Fn(DateTime<Utc>) -> Option<f64>,
    a: DateTime<Utc>,
    b: DateTime<Utc>,
) -> DateTime<Utc> {
    let ea = elevation(a).unwrap_or(0.0);
    let (mut lo, mut hi) = (a, b);
    while (hi - lo).num_microseconds().unwrap_or(i64::MAX) > 1_000 {
        let mid = lo + (hi - lo) / 2;
        let em = elevation(mid).unwrap_or(0.0);
        if (em >= 0.0) == (ea >= 0.0) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo + (hi - lo) / 2
}

/// The pass from `rise` to `set`: its culmination (the best sample, then a
/// golden-section search around it to 10 ms) and what is seen then.
#[allow(clippy::too_many_arguments)]
fn pass_of(
    fleet: &Fleet,
    index: usize,
    site: &Site,
    rise: DateTime<Utc>,
    set: DateTime<Utc>,
    step_s: f64,
    search: PassSearch,
    elevation: &impl Fn(DateTime<Utc>) -> Option<f64>,
) -> Pass {
    let span = (set - rise).as_seconds_f64();
    let samples = (span / step_s).ceil().max(2.0) as usize;
    let el = |s: f64| elevation(at_offset(rise, s)).unwrap_or(f64::NEG_INFINITY);
    let mut best = (0.0, f64::NEG_INFINITY);
    for k in 0..=samples {
        let s = span * k as f64 / samples as f64;
        let e = el(s);
        if e > best.1 {
            best = (s, e);
        }
    }
    let h = span / samples as f64;
    let (mut a, mut b) = ((best.0 - h).max(0.0), (best.0 + h).min(span));
    let g = 0.5 * (5f64.sqrt() - 1.0);
    let (mut c, mut d) = (b - g * (b - a), a + g * (b - a));
    let (mut ec, mut ed) = (el(c), el(d));
    while b - a > 0.01 {
        if ec >= ed {
            b = d;
            d = c;
            ed = ec;
            c = b - g * (b - a);
            ec = el(c);
        } else {
            a = c;
            c = d;
            ec = ed;
            d = a + g * (b - a);
            ed = el(d);
        }
    }
    let culmination = at_offset(rise, 0.5 * (a + b));
    let jd = julian_date(culmination);
    let gmst = gmst_rad(jd);
    let p = teme(fleet, index, culmination).unwrap_or([0.0; 3]);
    let topo = topocentric_from_teme(site, gmst, p);
    let sun = sun_position(jd).position_in_teme_km();
    let lit = conical_illumination(p, sun).lit_fraction();
    let peak_magnitude = (lit > 0.0).then(|| {
        let site_teme = crate::sky::Observer::new(site, gmst).pos_in_teme_km;
        let (to_sun, to_site) = (sub(sun, p), sub(site_teme, p));
        let cos_phase = dot(to_sun, to_site) / (norm(to_sun) * norm(to_site));
        apparent_magnitude(
            search.standard_magnitude,
            topo.range_km,
            cos_phase.clamp(-1.0, 1.0).acos(),
            lit,
            search.extinction,
            90.0 - topo.elevation_rad.to_degrees(),
        )
    });
    Pass {
        rise,
        culmination,
        set,
        peak_elevation_deg: topo.elevation_rad.to_degrees(),
        peak_azimuth_deg: topo.azimuth_rad.to_degrees().rem_euclid(360.0),
        peak_magnitude,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constellation::Constellation;
    use crate::sky::parse_site;
    use chrono::TimeDelta;

    fn fleet() -> Fleet {
        Fleet::new(&Constellation::from_preset("starlink-gen1").expect("preset")).expect("fleet")
    }

    #[test]
    fn passes_rise_culminate_and_set_where_a_one_second_search_finds_them() {
        let fleet = fleet();
        let site = parse_site("Cerro Paranal").expect("site");
        let from = crate::time::parse_instant("2026-03-20T00:00:00Z").expect("time");
        let to = from + TimeDelta::hours(12);
        for index in [0, 2_000, 3_500, 4_300] {
            let found = passes(&fleet, index, &site, from, to, PassSearch::default(), 50);
            // Every second of the half day, and a little around it.
            let start = from - TimeDelta::minutes(30);
            let seconds = 13 * 3600;
            let el: Vec<f64> = (0..=seconds)
                .map(|s| {
                    let t = start + TimeDelta::seconds(s);
                    let p = teme(&fleet, index, t).expect("state");
                    topocentric_from_teme(&site, gmst_rad(julian_date(t)), p).elevation_rad
                })
                .collect();
            let mut brute = Vec::new();
            let mut rise = None;
            for s in 1..el.len() {
                if el[s - 1] < 0.0 && el[s] >= 0.0 {
                    rise = Some(s);
                }
                if el[s - 1] >= 0.0
                    && el[s] < 0.0
                    && let Some(r) = rise.take()
                {
                    let peak = (r..s).max_by(|a, b| el[*a].total_cmp(&el[*b])).unwrap_or(r);
                    brute.push((r, peak, s));
                }
            }
            // The passes above the horizon during from..to (not those
            // that only rise after `to` or set before `from`).
            let at = |s: usize| start + TimeDelta::seconds(s as i64);
            let brute: Vec<_> = brute
                .into_iter()
                .filter(|(r, _, s)| at(*s) > from && at(*r) < to)
                .collect();
            assert!(
                !brute.is_empty(),
                "satellite {index} passes over Paranal in 12 h"
            );
            assert_eq!(found.len(), brute.len(), "satellite {index}: {found:?}");
            for (p, (r, c, s)) in found.iter().zip(&brute) {
                let off = |t: DateTime<Utc>, s: usize| (t - at(s)).as_seconds_f64();
                // The brute force's rise is the first whole second above: ours is before it, within 1 s.
                assert!(
                    (-1.0..=0.0).contains(&off(p.rise, *r)),
                    "rise {} against {}",
                    p.rise,
                    at(*r)
                );
                assert!(
                    (-1.0..=0.0).contains(&off(p.set, *s)),
                    "set {} against {}",
                    p.set,
                    at(*s)
                );
                assert!(
                    off(p.culmination, *c).abs() <= 1.0,
                    "culmination {} against {}",
                    p.culmination,
                    at(*c)
                );
                assert!(p.peak_elevation_deg >= el[*c].to_degrees() - 1e-6);
                assert!(p.peak_elevation_deg > 0.0 && p.peak_elevation_deg <= 90.0);
            }
        }
    }

    #[test]
    fn the_footprint_edge_sees_the_satellite_at_the_chosen_elevation() {
        let fleet = fleet();
        let at = crate::time::parse_instant("2026-03-20T12:00:00Z").expect("time");
        for index in [0, 4_000] {
            let p = position_ecef(&fleet, index, at).expect("state");
            for elevation_deg in [25.0f64, 30.0] {
                let ring = footprint(p, elevation_deg.to_radians(), 72);
                assert_eq!(ring.len(), 72);
                for g in &ring {
                    // Through the sky module's own topocentric geometry.
                    let site = Site::new(
                        "edge",
                        g.latitude_rad.to_degrees(),
                        g.longitude_rad.to_degrees(),
                        0.0,
                    )
                    .expect("site");
                    let e = crate::sky::observer::topocentric_from_ecef(&site, p)
                        .elevation_rad
                        .to_degrees();
                    assert!((e - elevation_deg).abs() < 1e-6, "{e}° at {g:?}");
                }
                // At 550 km the 30° ring is about 7° of arc from the point under it.
                let under = geodetic_from_ecef(p);
                let arc = |g: &Geodetic| {
                    let (a, b) = (under.latitude_rad, g.latitude_rad);
                    (a.sin() * b.sin()
                        + a.cos() * b.cos() * (g.longitude_rad - under.longitude_rad).cos())
                    .clamp(-1.0, 1.0)
                    .acos()
                    .to_degrees()
                };
                let mean = ring.iter().map(arc).sum::<f64>() / ring.len() as f64;
                assert!((4.0..12.0).contains(&mean), "{mean}° at {elevation_deg}°");
            }
        }
        assert!(footprint([100.0, 0.0, 0.0], 0.5, 8).is_empty());
    }

    #[test]
    fn the_ground_track_is_the_point_under_the_satellite_each_step() {
        let fleet = fleet();
        let at = crate::time::parse_instant("2026-03-20T12:00:00Z").expect("time");
        let track = ground_track(&fleet, 7, at, 600.0, 600.0, 30.0);
        assert_eq!(track.len(), 41);
        assert_eq!(track[0].0, at - TimeDelta::minutes(10));
        assert_eq!(track[40].0, at + TimeDelta::minutes(10));
        for (t, g) in &track {
            let ecef = position_ecef(&fleet, 7, *t).expect("state");
            let back = ecef_from_geodetic(*g);
            let d = ((back[0] - ecef[0]).powi(2)
                + (back[1] - ecef[1]).powi(2)
                + (back[2] - ecef[2]).powi(2))
            .sqrt();
            assert!(d < 1e-6, "{d} km");
            assert!((500.0..600.0).contains(&g.height_km));
        }
    }
}
