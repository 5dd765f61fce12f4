//! Trails in a telescope's field: does a satellite's apparent path during an
//! exposure pass inside a circular field fixed on the sky of the site
//! (azimuth, elevation, diameter) while the Sun lights it?
//!
//! The field is a cone from the site, fixed to the Earth. Whether a
//! satellite can enter it before some time follows from a bound: the
//! satellite's distance to the cone (the distance to a convex cone, which
//! changes no faster than the satellite moves) against its speed relative
//! to the ground and a bound on its acceleration in the rotating frame. So
//! each satellite is sampled only as often as it could possibly reach the
//! field: far away in long leaps, and near the cone every second, where the
//! path between two samples (a straight line in space, a great circle on
//! the sky) is tested against the field's edge, so that no crossing of even
//! a very small field is missed.

use super::observer::Observer;
use super::site::Site;
use crate::frames::{EARTH_ROTATION_RAD_S, EcefFromTeme};
use crate::propagation::fleet::checked;
use crate::propagation::{CatalogSatellite, Fix, ShellOrbit, TemeState};
use crate::shadow::conical_illumination;
use crate::vec3::{Vec3, cross, dot, norm, scale, sub};

/// A circular field on the sky of the site, and an exposure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    /// Azimuth of the field's centre, degrees from north through east.
    pub azimuth_deg: f64,
    /// Elevation of the field's centre, degrees.
    pub elevation_deg: f64,
    /// Diameter, degrees (more than 0, at most 180).
    pub diameter_deg: f64,
    /// Exposure from the instant on, seconds (0: the instant alone).
    pub exposure_s: f64,
}

/// Longest exposure accepted, seconds (a day).
pub const MAX_EXPOSURE_S: f64 = 86_400.0;

/// A `--field` or `--exposure` that cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FieldError {
    /// Not three numbers.
    #[error("`{0}` is not AZ,EL,DIAMETER_DEG (three numbers in degrees, e.g. 180,60,3.5)")]
    NotAField(String),
    /// Elevation beyond ±90°.
    #[error("the field's elevation {0}° is beyond ±90°")]
    Elevation(f64),
    /// Diameter not in (0, 180].
    #[error("the field's diameter {0}° must be more than 0° and at most 180°")]
    Diameter(f64),
    /// Exposure negative, not a number or over a day.
    #[error("exposure {0} s must be from 0 to {MAX_EXPOSURE_S} seconds")]
    Exposure(f64),
}

/// Parses `--field AZ,EL,DIAMETER_DEG` with `--exposure SECONDS`.
pub fn parse_field(text: &str, exposure_s: f64) -> Result<Field, FieldError> {
    let numbers: Vec<f64> = text
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| FieldError::NotAField(text.trim().to_owned()))?;
    let [azimuth_deg, elevation_deg, diameter_deg] = numbers[..] else {
        return Err(FieldError::NotAField(text.trim().to_owned()));
    };
    if !azimuth_deg.is_finite() {
        return Err(FieldError::NotAField(text.trim().to_owned()));
    }
    if !(-90.0..=90.0).contains(&elevation_deg) {
        return Err(FieldError::Elevation(elevation_deg));
    }
    if !(diameter_deg > 0.0 && diameter_deg <= 180.0) {
        return Err(FieldError::Diameter(diameter_deg));
    }
    if !(0.0..=MAX_EXPOSURE_S).contains(&exposure_s) {
        return Err(FieldError::Exposure(exposure_s));
    }
    Ok(Field {
        azimuth_deg: azimuth_deg.rem_euclid(360.0),
        elevation_deg,
        diameter_deg,
        exposure_s,
    })
}

/// Samples closer than this (s) near the field; between two of them the
/// path is a great-circle arc to about 1e-4° (an orbit bends ~1 m in 1 s).
pub const DENSE_STEP_S: f64 = 1.0;

/// Bound on a satellite's acceleration in the Earth-fixed frame, km/s²:
/// gravity (≤ 9.82 m/s² above the surface), Coriolis (2ω·v ≤ 1.8 m/s² at
/// 12 km/s) and the centrifugal term (≤ 0.1 m/s² below 20,000 km).
pub const ACCELERATION_BOUND_KM_S2: f64 = 0.012;

/// A field at one instant: what every satellite's test shares.
#[derive(Debug, Clone, Copy)]
pub struct FieldAt {
    /// The field as asked.
    pub field: Field,
    /// Half the diameter, radians.
    pub half_angle_rad: f64,
    /// Unit vector of the field's centre at the instant, TEME.
    pub axis_in_teme: Vec3,
    /// Unit vector of the field's centre, Earth-fixed.
    axis_in_ecef: Vec3,
    /// The site, Earth-fixed, km.
    site_in_ecef_km: Vec3,
    /// Up at the site, Earth-fixed.
    up_in_ecef: Vec3,
    /// Julian date of the instant.
    jd: f64,
    /// The Sun, km, TEME (its motion over an exposure, 0.04° an hour, is ignored).
    sun_in_teme_km: Vec3,
}

impl FieldAt {
    /// The field `field` from `site` at Julian date `jd`, with the observer
    /// at that instant and the Sun's position (km, TEME).
    pub fn new(
        field: Field,
        site: &Site,
        observer: &Observer,
        jd: f64,
        sun_in_teme_km: Vec3,
    ) -> Self {
        let [e, n, u] = site.enu_in_ecef();
        let (sa, ca) = field.azimuth_deg.to_radians().sin_cos();
        let (se, ce) = field.elevation_deg.to_radians().sin_cos();
        let axis_in_ecef = std::array::from_fn(|k| ce * (sa * e[k] + ca * n[k]) + se * u[k]);
        Self {
            field,
            half_angle_rad: 0.5 * field.diameter_deg.to_radians(),
            axis_in_teme: observer.direction_in_teme(
                field.azimuth_deg.to_radians(),
                field.elevation_deg.to_radians(),
            ),
            axis_in_ecef,
            site_in_ecef_km: site.pos_in_ecef_km(),
            up_in_ecef: u,
            jd,
            sun_in_teme_km,
        }
    }

    /// Whether a satellite at `pos_in_teme_km` (relative to the observer:
    /// `from_site_km`), moving at `vel_in_teme_km_s`, could reach the field
    /// during the exposure at all (the cheap test every satellite takes).
    #[inline]
    pub fn reachable(
        &self,
        from_site_km: Vec3,
        pos_in_teme_km: Vec3,
        vel_in_teme_km_s: Vec3,
    ) -> bool {
        let distance = cone_distance(from_site_km, self.axis_in_teme, self.half_angle_rad);
        let speed = ground_relative_speed(pos_in_teme_km, vel_in_teme_km_s);
        let t = self.field.exposure_s;
        distance <= speed * t + 0.5 * ACCELERATION_BOUND_KM_S2 * t * t + 1e-6
    }

    /// Whether `satellite` leaves a trail: inside the field, above the
    /// horizon and sunlit (f > 0) at some moment of the exposure.
    pub fn crosses(&self, satellite: &Mover) -> bool {
        let exposure = self.field.exposure_s;
        let cos_half = self.half_angle_rad.cos();
        let mut tau = 0.0_f64;
        // The previous sample's direction and time when it was close enough
        // for the path to it to be tested as an arc.
        let mut arc_from: Option<(Vec3, f64)> = None;
        loop {
            let Some(sample) = self.sample(satellite, tau) else {
                return false;
            };
            let direction = scale(sample.from_site_km, 1.0 / norm(sample.from_site_km));
            if dot(direction, self.axis_in_ecef) >= cos_half && self.counts(&sample) {
                return true;
            }
            if let Some((from, tau_from)) = arc_from
                && let Some(s) = arc_entry(from, direction, self.axis_in_ecef, self.half_angle_rad)
            {
                let tau_x = tau_from + s * (tau - tau_from);
                if let Some(x) = self.sample(satellite, tau_x)
                    && self.counts(&x)
                {
                    return true;
                }
            }
            if tau >= exposure {
                return false;
            }
            let distance =
                cone_distance(sample.from_site_km, self.axis_in_ecef, self.half_angle_rad);
            let wait = time_to_cover(distance, norm(sample.vel_in_ecef_km_s));
            if wait < DENSE_STEP_S {
                arc_from = Some((direction, tau));
                tau = (tau + DENSE_STEP_S).min(exposure);
            } else {
                // It cannot reach the cone before `wait`: nothing to test in between.
                arc_from = None;
                tau = (tau + wait).min(exposure);
            }
        }
    }

    /// The satellite `tau_s` seconds into the exposure, Earth-fixed.
    fn sample(&self, satellite: &Mover, tau_s: f64) -> Option<Sample> {
        let state = satellite.state(tau_s)?;
        let rotation = EcefFromTeme::new(crate::time::gmst_rad(
            self.jd + tau_s / crate::time::SECONDS_PER_DAY,
        ));
        let pos = rotation.position(state.pos_in_teme_km);
        Some(Sample {
            pos_in_teme_km: state.pos_in_teme_km,
            from_site_km: sub(pos, self.site_in_ecef_km),
            vel_in_ecef_km_s: rotation.velocity(state.pos_in_teme_km, state.vel_in_teme_km_s),
        })
    }

    /// Above the horizon and sunlit: a trail the camera records.
    fn counts(&self, sample: &Sample) -> bool {
        dot(sample.from_site_km, self.up_in_ecef) > 0.0
            && conical_illumination(sample.pos_in_teme_km, self.sun_in_teme_km).lit_fraction() > 0.0
    }
}

/// One satellite at one moment, as the field test needs it.
struct Sample {
    pos_in_teme_km: Vec3,
    from_site_km: Vec3,
    vel_in_ecef_km_s: Vec3,
}

/// A satellite that can be propagated to any moment of the exposure.
#[derive(Debug, Clone, Copy)]
pub enum Mover<'a> {
    /// A shell satellite: its shell's orbit and its node and mean anomaly at epoch.
    Shell {
        /// The shell's orbit.
        orbit: &'a ShellOrbit,
        /// Minutes from the shell's epoch to the instant.
        t0_min: f64,
        /// Node at epoch, radians.
        node_rad: f64,
        /// Mean anomaly at epoch, radians.
        anomaly_rad: f64,
    },
    /// A catalog satellite.
    Catalog {
        /// The satellite.
        satellite: &'a CatalogSatellite,
        /// Minutes from its epoch to the instant.
        t0_min: f64,
    },
}

impl Mover<'_> {
    /// The state `tau_s` seconds after the instant (`None` if decayed or refused).
    pub fn state(&self, tau_s: f64) -> Option<TemeState> {
        let fix = match *self {
            Mover::Shell {
                orbit,
                t0_min,
                node_rad,
                anomaly_rad,
            } => checked(
                orbit
                    .at(t0_min + tau_s / 60.0)
                    .propagate(node_rad, anomaly_rad),
            ),
            Mover::Catalog { satellite, t0_min } => {
                match satellite
                    .constants
                    .propagate(sgp4::MinutesSinceEpoch(t0_min + tau_s / 60.0))
                {
                    Ok(p) => checked(TemeState {
                        pos_in_teme_km: p.position,
                        vel_in_teme_km_s: p.velocity,
                    }),
                    Err(_) => Fix::Error,
                }
            }
        };
        fix.state().copied()
    }
}

/// |v − ω×r|: speed relative to the rotating Earth of a TEME state, km/s.
#[inline]
pub fn ground_relative_speed(pos_in_teme_km: Vec3, vel_in_teme_km_s: Vec3) -> f64 {
    let w = EARTH_ROTATION_RAD_S;
    let [x, y, _] = pos_in_teme_km;
    let [vx, vy, vz] = vel_in_teme_km_s;
    ((vx + w * y).powi(2) + (vy - w * x).powi(2) + vz * vz).sqrt()
}

/// Euclidean distance (km) from a point `p` (relative to the apex) to the
/// solid cone of unit axis `axis` and half-angle `half_angle_rad` (≤ 90°):
/// 0 inside; |p|·sin(θ − α) beside it; |p| past its apex.
#[inline]
pub fn cone_distance(p: Vec3, axis: Vec3, half_angle_rad: f64) -> f64 {
    let r = norm(p);
    if r == 0.0 {
        return 0.0;
    }
    let theta = (dot(p, axis) / r).clamp(-1.0, 1.0).acos();
    let beyond = theta - half_angle_rad;
    if beyond <= 0.0 {
        0.0
    } else if beyond >= std::f64::consts::FRAC_PI_2 {
        r
    } else {
        r * beyond.sin()
    }
}

/// The time (s) before which something at `distance_km` moving at
/// `speed_km_s`, accelerating at most [`ACCELERATION_BOUND_KM_S2`], cannot
/// have covered that distance: v·t + ½·a·t² = d.
#[inline]
pub fn time_to_cover(distance_km: f64, speed_km_s: f64) -> f64 {
    let a = ACCELERATION_BOUND_KM_S2;
    (-speed_km_s + (speed_km_s * speed_km_s + 2.0 * a * distance_km).sqrt()) / a
}

/// Where the great-circle arc from unit vector `a` to unit vector `b` comes
/// within `half_angle_rad` of unit vector `c`: the fraction (0..1) of the
/// way along the arc of the point nearest `c`, or `None` if the whole arc
/// stays outside.
pub fn arc_entry(a: Vec3, b: Vec3, c: Vec3, half_angle_rad: f64) -> Option<f64> {
    let angle = |u: Vec3, v: Vec3| norm(cross(u, v)).atan2(dot(u, v));
    let ab = angle(a, b);
    let n = cross(a, b);
    let n_len = norm(n);
    let mut best = (angle(a, c), 0.0);
    let at_b = angle(b, c);
    if at_b < best.0 {
        best = (at_b, 1.0);
    }
    if n_len > 1e-15 && ab > 0.0 {
        let n = scale(n, 1.0 / n_len);
        // c projected onto the great circle of a and b.
        let p = sub(c, scale(n, dot(c, n)));
        let p_len = norm(p);
        if p_len > 1e-15 {
            let p = scale(p, 1.0 / p_len);
            if dot(cross(a, p), n) >= 0.0 && dot(cross(p, b), n) >= 0.0 {
                let off = angle(p, c);
                if off < best.0 {
                    best = (off, (angle(a, p) / ab).clamp(0.0, 1.0));
                }
            }
        }
    }
    (best.0 <= half_angle_rad).then_some(best.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_parse_and_are_checked() {
        let f = parse_field("180, 60, 3.5", 30.0).expect("field");
        assert_eq!(
            (f.azimuth_deg, f.elevation_deg, f.diameter_deg, f.exposure_s),
            (180.0, 60.0, 3.5, 30.0)
        );
        assert_eq!(
            parse_field("-90,10,1", 0.0).map(|f| f.azimuth_deg),
            Ok(270.0)
        );
        assert_eq!(parse_field("0,30,0", 1.0), Err(FieldError::Diameter(0.0)));
        assert_eq!(
            parse_field("0,30,181", 1.0),
            Err(FieldError::Diameter(181.0))
        );
        assert_eq!(parse_field("0,30,1", -1.0), Err(FieldError::Exposure(-1.0)));
        assert_eq!(parse_field("0,95,1", 1.0), Err(FieldError::Elevation(95.0)));
        assert!(matches!(
            parse_field("0,30", 1.0),
            Err(FieldError::NotAField(_))
        ));
    }

    #[test]
    fn cone_distance_is_exact() {
        let axis = [0.0, 0.0, 1.0];
        let alpha = 10.0_f64.to_radians();
        // Inside, beside, behind.
        assert_eq!(cone_distance([0.0, 0.1, 1.0], axis, alpha), 0.0);
        let theta = 40.0_f64.to_radians();
        let p = [0.0, 500.0 * theta.sin(), 500.0 * theta.cos()];
        let d = cone_distance(p, axis, alpha);
        assert!(
            (d - 500.0 * 30.0_f64.to_radians().sin()).abs() < 1e-9,
            "{d}"
        );
        assert!((cone_distance([0.0, 0.0, -7.0], axis, alpha) - 7.0).abs() < 1e-12);
    }

    #[test]
    fn arcs_through_a_small_field_are_caught() {
        let dir = |az: f64, el: f64| {
            let (sa, ca) = az.to_radians().sin_cos();
            let (se, ce) = el.to_radians().sin_cos();
            [ce * sa, ce * ca, se]
        };
        let c = dir(0.0, 45.0);
        // A vertical arc through a 0.01° field, a degree and a half long.
        let s = arc_entry(dir(0.0, 44.3), dir(0.0, 45.7), c, 0.005_f64.to_radians());
        assert!(s.is_some_and(|s| (s - 0.5).abs() < 1e-3), "{s:?}");
        // One 0.02° of azimuth aside passes 0.0141° from the centre.
        let (a, b) = (dir(0.02, 44.3), dir(0.02, 45.7));
        assert!(arc_entry(a, b, c, 0.0135_f64.to_radians()).is_none());
        assert!(arc_entry(a, b, c, 0.0147_f64.to_radians()).is_some());
        // An arc that stops 0.1° short misses.
        assert!(arc_entry(dir(0.0, 43.0), dir(0.0, 44.9), c, 0.05_f64.to_radians()).is_none());
    }

    #[test]
    fn time_bound() {
        // Standing still, ½·a·t² = d.
        assert!((time_to_cover(0.006, 0.0) - 1.0).abs() < 1e-12);
        // Fast: about d / v.
        assert!((time_to_cover(75.0, 7.5) - 10.0).abs() < 0.1);
    }
}
