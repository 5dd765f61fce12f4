//! The observer's local frame: elevation and azimuth of a satellite from a
//! site, against the WGS-84 ellipsoid's normal, azimuth from north through
//! east, no refraction.
//!
//! Satellites come out of SGP4 in TEME and the site is fixed to the Earth, so
//! for one instant the site and its east-north-up axes are turned into TEME
//! once (the inverse of the same GMST rotation the rest of the crate uses
//! for TEME → Earth-fixed), and every satellite is measured there without
//! being rotated itself.

use super::site::Site;
use crate::frames::EcefFromTeme;
use crate::vec3::{Vec3, dot, norm, sub};

/// Elevation, azimuth and range of something seen from a site.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Topocentric {
    /// Elevation above the horizon plane (normal to the ellipsoid), radians.
    pub elevation_rad: f64,
    /// Azimuth from north through east, radians in [0, 2π).
    pub azimuth_rad: f64,
    /// Distance, km.
    pub range_km: f64,
}

/// A site at one instant: its position and local axes in TEME.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observer {
    /// Position, km, TEME.
    pub pos_in_teme_km: Vec3,
    /// Unit vector east, TEME.
    pub east_in_teme: Vec3,
    /// Unit vector north, TEME.
    pub north_in_teme: Vec3,
    /// Unit vector up (the ellipsoid's normal), TEME.
    pub up_in_teme: Vec3,
}

/// r_teme = R3(−θ)·r_ecef, the inverse of [`EcefFromTeme::position`].
fn teme_from_ecef(gmst_rad: f64, v: Vec3) -> Vec3 {
    let (s, c) = gmst_rad.sin_cos();
    [c * v[0] - s * v[1], s * v[0] + c * v[1], v[2]]
}

impl Observer {
    /// The site `site` when Greenwich's sidereal angle is `gmst_rad`.
    pub fn new(site: &Site, gmst_rad: f64) -> Self {
        let [e, n, u] = site.enu_in_ecef();
        Self {
            pos_in_teme_km: teme_from_ecef(gmst_rad, site.pos_in_ecef_km()),
            east_in_teme: teme_from_ecef(gmst_rad, e),
            north_in_teme: teme_from_ecef(gmst_rad, n),
            up_in_teme: teme_from_ecef(gmst_rad, u),
        }
    }

    /// Elevation, azimuth and range of a TEME position.
    pub fn topocentric(&self, pos_in_teme_km: Vec3) -> Topocentric {
        let d = sub(pos_in_teme_km, self.pos_in_teme_km);
        let range_km = norm(d);
        let up = dot(d, self.up_in_teme);
        let east = dot(d, self.east_in_teme);
        let north = dot(d, self.north_in_teme);
        Topocentric {
            elevation_rad: (up / range_km).clamp(-1.0, 1.0).asin(),
            azimuth_rad: east.atan2(north).rem_euclid(std::f64::consts::TAU),
            range_km,
        }
    }

    /// The unit vector, TEME, of the direction at azimuth `azimuth_rad` and elevation `elevation_rad`.
    pub fn direction_in_teme(&self, azimuth_rad: f64, elevation_rad: f64) -> Vec3 {
        let (sa, ca) = azimuth_rad.sin_cos();
        let (se, ce) = elevation_rad.sin_cos();
        let mut v = [0.0; 3];
        for (k, out) in v.iter_mut().enumerate() {
            *out = ce * (sa * self.east_in_teme[k] + ca * self.north_in_teme[k])
                + se * self.up_in_teme[k];
        }
        v
    }
}

/// Elevation, azimuth and range of an Earth-fixed position seen from `site`,
/// computed in the Earth-fixed frame (the reference the TEME shortcut is
/// tested against).
pub fn topocentric_from_ecef(site: &Site, pos_in_ecef_km: Vec3) -> Topocentric {
    let [e, n, u] = site.enu_in_ecef();
    let d = sub(pos_in_ecef_km, site.pos_in_ecef_km());
    let range_km = norm(d);
    Topocentric {
        elevation_rad: (dot(d, u) / range_km).clamp(-1.0, 1.0).asin(),
        azimuth_rad: dot(d, e).atan2(dot(d, n)).rem_euclid(std::f64::consts::TAU),
        range_km,
    }
}

/// The same as [`Observer::topocentric`] for a TEME position, through the
/// Earth-fixed frame.
pub fn topocentric_from_teme(site: &Site, gmst_rad: f64, pos_in_teme_km: Vec3) -> Topocentric {
    topocentric_from_ecef(site, EcefFromTeme::new(gmst_rad).position(pos_in_teme_km))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teme_shortcut_equals_the_earth_fixed_path() {
        let site = Site::new("x", -24.6272, -70.4042, 2635.0).expect("site");
        for (k, gmst) in [0.0_f64, 1.0, 2.5, 4.0, 6.2].into_iter().enumerate() {
            let observer = Observer::new(&site, gmst);
            let p = [
                3000.0 + 500.0 * k as f64,
                -5000.0,
                -2500.0 - 300.0 * k as f64,
            ];
            let a = observer.topocentric(p);
            let b = topocentric_from_teme(&site, gmst, p);
            assert!((a.elevation_rad - b.elevation_rad).abs() < 1e-12);
            assert!((a.azimuth_rad - b.azimuth_rad).abs() < 1e-12);
            assert!((a.range_km - b.range_km).abs() < 1e-9);
        }
    }

    #[test]
    fn a_point_above_the_site_is_at_the_zenith() {
        let site = Site::new("x", 40.0, -3.0, 650.0).expect("site");
        let [_, n, u] = site.enu_in_ecef();
        let above = crate::vec3::scale(u, 550.0);
        let p = [
            site.pos_in_ecef_km()[0] + above[0],
            site.pos_in_ecef_km()[1] + above[1],
            site.pos_in_ecef_km()[2] + above[2],
        ];
        let t = topocentric_from_ecef(&site, p);
        assert!((t.elevation_rad.to_degrees() - 90.0).abs() < 1e-9);
        assert!((t.range_km - 550.0).abs() < 1e-9);
        // Due north on the horizon plane.
        let q = [
            site.pos_in_ecef_km()[0] + 100.0 * n[0],
            site.pos_in_ecef_km()[1] + 100.0 * n[1],
            site.pos_in_ecef_km()[2] + 100.0 * n[2],
        ];
        let t = topocentric_from_ecef(&site, q);
        let azimuth = t.azimuth_rad.min(std::f64::consts::TAU - t.azimuth_rad);
        assert!(t.elevation_rad.abs() < 1e-12 && azimuth < 1e-12, "{t:?}");
    }
}
