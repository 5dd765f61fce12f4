//! Earth's shadow: cylindrical and conical (umbra and penumbra) models, the
//! β angle of an orbit, and the closed-form eclipse fraction of a circular
//! orbit used to check the rest.

use crate::sun::SUN_RADIUS_KM;
use crate::vec3::{Vec3, dot, norm, sub};
use std::f64::consts::PI;

/// Earth's equatorial radius used for the shadow, km (WGS-84).
pub const EARTH_RADIUS_KM: f64 = 6378.137;

/// Whether a satellite sees the Sun, and how much of it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Illumination {
    /// The whole solar disc is visible.
    Lit,
    /// Part of the disc is hidden by the Earth; the field is the visible fraction, 0..1.
    Penumbra(f64),
    /// The Earth hides the whole disc.
    Umbra,
}

impl Illumination {
    /// The visible fraction of the solar disc: 1 lit, 0 in umbra.
    pub fn lit_fraction(self) -> f64 {
        match self {
            Illumination::Lit => 1.0,
            Illumination::Penumbra(f) => f,
            Illumination::Umbra => 0.0,
        }
    }
}

/// Cylindrical shadow (Montenbruck & Gill 3.4.1): in shadow when the satellite
/// is on the night side (r·ŝ < 0) and within one Earth radius of the Sun line.
pub fn in_cylindrical_shadow(pos_km: Vec3, sun_direction: Vec3) -> bool {
    let s = dot(pos_km, sun_direction);
    if s >= 0.0 {
        return false;
    }
    let perp2 = dot(pos_km, pos_km) - s * s;
    perp2 < EARTH_RADIUS_KM * EARTH_RADIUS_KM
}

/// Conical shadow (Montenbruck & Gill 3.4.2): the Earth's and the Sun's
/// apparent discs seen from the satellite, and how much they overlap.
pub fn conical_illumination(pos_km: Vec3, sun_pos_km: Vec3) -> Illumination {
    let r = norm(pos_km);
    let to_sun = sub(sun_pos_km, pos_km);
    let d_sun = norm(to_sun);
    // Cheap exit for the day side: there the Earth cannot touch the solar disc
    // unless the satellite is inside the Earth.
    if dot(pos_km, to_sun) >= 0.0 && r > EARTH_RADIUS_KM {
        return Illumination::Lit;
    }
    // a: apparent radius of the Sun; b: of the Earth; c: their separation.
    let a = (SUN_RADIUS_KM / d_sun).asin();
    let b = (EARTH_RADIUS_KM / r).min(1.0).asin();
    let c = (-dot(pos_km, to_sun) / (r * d_sun)).clamp(-1.0, 1.0).acos();
    if c >= a + b {
        Illumination::Lit
    } else if c <= b - a {
        Illumination::Umbra
    } else {
        // Area of the lens where the two discs overlap.
        let x = (c * c + a * a - b * b) / (2.0 * c);
        let y = (a * a - x * x).max(0.0).sqrt();
        let overlap = a * a * (x / a).clamp(-1.0, 1.0).acos()
            + b * b * ((c - x) / b).clamp(-1.0, 1.0).acos()
            - c * y;
        let visible = (1.0 - overlap / (PI * a * a)).clamp(0.0, 1.0);
        if visible >= 1.0 {
            Illumination::Lit
        } else if visible <= 0.0 {
            Illumination::Umbra
        } else {
            Illumination::Penumbra(visible)
        }
    }
}

/// β angle (radians): the Sun's elevation above an orbit plane,
/// sin β = ĥ·ŝ with ĥ the orbit normal of node Ω and inclination i.
pub fn beta_angle_rad(inclination_rad: f64, node_rad: f64, sun_direction: Vec3) -> f64 {
    let (si, ci) = inclination_rad.sin_cos();
    let (so, co) = node_rad.sin_cos();
    let normal = [si * so, -si * co, ci];
    dot(normal, sun_direction).clamp(-1.0, 1.0).asin()
}

/// The fraction of a circular orbit at altitude `altitude_km` spent in the
/// cylindrical shadow at β angle `beta_rad`:
/// f = (1/π)·acos(√(h² + 2Rh) / ((R + h)·cos β)) when |β| < asin(R/(R + h)), else 0.
pub fn eclipse_fraction(altitude_km: f64, beta_rad: f64) -> f64 {
    let r = EARTH_RADIUS_KM;
    let h = altitude_km;
    let beta_star = (r / (r + h)).asin();
    if beta_rad.abs() >= beta_star {
        return 0.0;
    }
    let arg = (h * h + 2.0 * r * h).sqrt() / ((r + h) * beta_rad.cos());
    arg.clamp(-1.0, 1.0).acos() / PI
}

/// Minutes since a satellite on a (near-)circular orbit entered the
/// cylindrical shadow, or `None` if it is not in it now.
///
/// The orbit is taken as the circle through the current position with the
/// current angular rate; the shadow is the arc centred opposite the Sun's
/// projection on the plane, of half-width δ with cos δ = √(1 − R²/r²) / cos β.
pub fn minutes_in_shadow(pos_km: Vec3, vel_km_s: Vec3, sun_direction: Vec3) -> Option<f64> {
    if !in_cylindrical_shadow(pos_km, sun_direction) {
        return None;
    }
    let r = norm(pos_km);
    let radial = crate::vec3::scale(pos_km, 1.0 / r);
    let along = sub(vel_km_s, crate::vec3::scale(radial, dot(vel_km_s, radial)));
    let speed_along = norm(along);
    if speed_along <= 0.0 {
        return Some(0.0);
    }
    let along = crate::vec3::scale(along, 1.0 / speed_along);
    let rate_rad_s = speed_along / r;
    let p = dot(sun_direction, radial);
    let q = dot(sun_direction, along);
    let cos_beta = p.hypot(q);
    let cos_half = (1.0 - (EARTH_RADIUS_KM / r).powi(2)).max(0.0).sqrt() / cos_beta;
    let half = cos_half.clamp(-1.0, 1.0).acos();
    // Angle of the current position from the shadow's centre, in (−π, π].
    let centre = q.atan2(p) + PI;
    let from_centre = (-centre + PI).rem_euclid(2.0 * PI) - PI;
    Some(((from_centre + half).max(0.0) / rate_rad_s) / 60.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sun::AU_KM;

    const SUN_X: Vec3 = [1.0, 0.0, 0.0];

    #[test]
    fn cylindrical_and_conical_agree_far_from_the_edge() {
        let sun = [AU_KM, 0.0, 0.0];
        let r = EARTH_RADIUS_KM + 550.0;
        // Noon side, dusk side, midnight.
        assert_eq!(conical_illumination([r, 0.0, 0.0], sun), Illumination::Lit);
        assert_eq!(conical_illumination([0.0, r, 0.0], sun), Illumination::Lit);
        assert_eq!(
            conical_illumination([-r, 0.0, 0.0], sun),
            Illumination::Umbra
        );
        assert!(in_cylindrical_shadow([-r, 0.0, 0.0], SUN_X));
        assert!(!in_cylindrical_shadow([0.0, r, 0.0], SUN_X));
    }

    #[test]
    fn penumbra_straddles_the_cylinder_edge() {
        // At the cylinder's edge the conical model sees about half the disc.
        let sun = [AU_KM, 0.0, 0.0];
        let x = -3000.0;
        let edge = [x, EARTH_RADIUS_KM, 0.0];
        match conical_illumination(edge, sun) {
            Illumination::Penumbra(f) => assert!((f - 0.5).abs() < 0.05, "{f}"),
            other => panic!("expected penumbra, got {other:?}"),
        }
        // Moving outward the lit fraction rises monotonically to 1.
        let mut last = 0.0;
        for dy in -40..=40 {
            let f =
                conical_illumination([x, EARTH_RADIUS_KM + f64::from(dy), 0.0], sun).lit_fraction();
            assert!(f >= last - 1e-12, "non-monotonic at {dy}: {f} < {last}");
            last = f;
        }
        assert_eq!(last, 1.0);
    }

    #[test]
    fn eclipse_fraction_known_values() {
        // β = 0 at 550 km: (1/π)·acos(√(h²+2Rh)/(R+h)) = 0.3723, 35.6 of 95.6 minutes.
        let f = eclipse_fraction(550.0, 0.0);
        assert!((f - 0.3723).abs() < 1e-4, "{f}");
        // Past β* there is no eclipse.
        let beta_star = (EARTH_RADIUS_KM / (EARTH_RADIUS_KM + 550.0)).asin();
        assert_eq!(eclipse_fraction(550.0, beta_star + 1e-6), 0.0);
        assert!(eclipse_fraction(550.0, beta_star - 1e-3) > 0.0);
    }

    #[test]
    fn minutes_in_shadow_counts_from_entry() {
        // Circular equatorial orbit, Sun along +x, motion counter-clockwise.
        let r = EARTH_RADIUS_KM + 550.0;
        let speed = (398_600.441_8_f64 / r).sqrt();
        // Moving counter-clockwise, the orbit enters the shadow where y = R on the night side.
        let entry_angle = PI - (EARTH_RADIUS_KM / r).asin();
        for &after_deg in &[0.5_f64, 10.0, 60.0] {
            let ang = entry_angle + after_deg.to_radians();
            let pos = [r * ang.cos(), r * ang.sin(), 0.0];
            let vel = [-speed * ang.sin(), speed * ang.cos(), 0.0];
            let minutes = minutes_in_shadow(pos, vel, SUN_X).expect("in shadow");
            let expected = after_deg.to_radians() / (speed / r) / 60.0;
            assert!((minutes - expected).abs() < 1e-9, "{minutes} vs {expected}");
        }
        let ang = entry_angle - 0.01;
        let pos = [r * ang.cos(), r * ang.sin(), 0.0];
        assert!(minutes_in_shadow(pos, [0.0, 1.0, 0.0], SUN_X).is_none());
    }
}
