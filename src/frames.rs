//! Reference frames: TEME (SGP4's output) → pseudo-Earth-fixed, and geodetic
//! latitude, longitude and height.
//!
//! The Earth-fixed frame here rotates TEME by GMST about the z axis and
//! ignores polar motion (under 15 m), as Vallado's `teme2ecef` does without
//! EOP data.

use crate::vec3::Vec3;

/// Earth's rotation rate, rad/s (Vallado, 7.29211514670698e-5 incl. precession of the equinox).
pub const EARTH_ROTATION_RAD_S: f64 = 7.292_115_146_706_98e-5;

/// WGS-84 equatorial radius, km.
pub const WGS84_A_KM: f64 = 6378.137;
/// WGS-84 flattening.
pub const WGS84_F: f64 = 1.0 / 298.257_223_563;

/// The rotation from TEME to Earth-fixed for one Greenwich sidereal angle.
#[derive(Debug, Clone, Copy)]
pub struct EcefFromTeme {
    cos_theta: f64,
    sin_theta: f64,
}

impl EcefFromTeme {
    /// The rotation R3(θ) for a Greenwich sidereal angle θ (radians).
    pub fn new(gmst_rad: f64) -> Self {
        let (sin_theta, cos_theta) = gmst_rad.sin_cos();
        Self {
            cos_theta,
            sin_theta,
        }
    }

    /// Position: r_ecef = R3(θ) · r_teme.
    #[inline]
    pub fn position(&self, pos_in_teme: Vec3) -> Vec3 {
        let [x, y, z] = pos_in_teme;
        [
            self.cos_theta * x + self.sin_theta * y,
            -self.sin_theta * x + self.cos_theta * y,
            z,
        ]
    }

    /// Velocity: v_ecef = R3(θ) · v_teme − ω × r_ecef.
    #[inline]
    pub fn velocity(&self, pos_in_teme: Vec3, vel_in_teme: Vec3) -> Vec3 {
        let r = self.position(pos_in_teme);
        let v = self.position(vel_in_teme);
        [
            v[0] + EARTH_ROTATION_RAD_S * r[1],
            v[1] - EARTH_ROTATION_RAD_S * r[0],
            v[2],
        ]
    }

    /// Position and velocity together.
    #[inline]
    pub fn state(&self, pos_in_teme: Vec3, vel_in_teme: Vec3) -> EcefState {
        EcefState {
            pos_in_ecef_km: self.position(pos_in_teme),
            vel_in_ecef_km_s: self.velocity(pos_in_teme, vel_in_teme),
        }
    }
}

/// Position and velocity in the Earth-fixed frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EcefState {
    /// Position, km.
    pub pos_in_ecef_km: Vec3,
    /// Velocity relative to the rotating Earth, km/s.
    pub vel_in_ecef_km_s: Vec3,
}

/// Geodetic coordinates on the WGS-84 ellipsoid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geodetic {
    /// Geodetic latitude, radians, north positive.
    pub latitude_rad: f64,
    /// Longitude, radians in (−π, π], east positive.
    pub longitude_rad: f64,
    /// Height above the ellipsoid, km.
    pub height_km: f64,
}

/// Geodetic latitude, longitude and height of an Earth-fixed position (km),
/// by Bowring's method iterated to convergence (Vallado alg. 12 in spirit).
pub fn geodetic_from_ecef(pos_in_ecef: Vec3) -> Geodetic {
    let [x, y, z] = pos_in_ecef;
    let a = WGS84_A_KM;
    let e2 = WGS84_F * (2.0 - WGS84_F);
    let p = x.hypot(y);
    let longitude_rad = y.atan2(x);
    if p < 1e-9 {
        // On the polar axis.
        let b = a * (1.0 - WGS84_F);
        return Geodetic {
            latitude_rad: std::f64::consts::FRAC_PI_2.copysign(z),
            longitude_rad,
            height_km: z.abs() - b,
        };
    }
    let mut lat = z.atan2(p * (1.0 - e2));
    for _ in 0..8 {
        let (s, c) = lat.sin_cos();
        let n = a / (1.0 - e2 * s * s).sqrt();
        let height = p / c - n;
        let next = z.atan2(p * (1.0 - e2 * n / (n + height)));
        let done = (next - lat).abs() < 1e-14;
        lat = next;
        if done {
            break;
        }
    }
    let (s, c) = lat.sin_cos();
    let n = a / (1.0 - e2 * s * s).sqrt();
    // The height, with the form that is stable at this latitude.
    let height = if c.abs() > 0.1 {
        p / c - n
    } else {
        z / s - n * (1.0 - e2)
    };
    Geodetic {
        latitude_rad: lat,
        longitude_rad,
        height_km: height,
    }
}

/// Earth-fixed position (km) of geodetic coordinates; the inverse of [`geodetic_from_ecef`].
pub fn ecef_from_geodetic(g: Geodetic) -> Vec3 {
    let e2 = WGS84_F * (2.0 - WGS84_F);
    let (s, c) = g.latitude_rad.sin_cos();
    let n = WGS84_A_KM / (1.0 - e2 * s * s).sqrt();
    let (sl, cl) = g.longitude_rad.sin_cos();
    [
        (n + g.height_km) * c * cl,
        (n + g.height_km) * c * sl,
        (n * (1.0 - e2) + g.height_km) * s,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geodetic_round_trips() {
        for &(lat, lon, h) in &[
            (0.0, 0.0, 0.0),
            (45.0, 10.0, 550.0),
            (-89.9, -170.0, 1200.0),
            (89.99999, 33.0, 2000.0),
            (-33.3, 151.2, -0.5),
        ] {
            let g = Geodetic {
                latitude_rad: f64::to_radians(lat),
                longitude_rad: f64::to_radians(lon),
                height_km: h,
            };
            let back = geodetic_from_ecef(ecef_from_geodetic(g));
            assert!((back.latitude_rad - g.latitude_rad).abs() < 1e-12, "{lat}");
            assert!(
                (back.longitude_rad - g.longitude_rad).abs() < 1e-12,
                "{lon}"
            );
            assert!(
                (back.height_km - h).abs() < 1e-8,
                "{h} vs {}",
                back.height_km
            );
        }
    }

    #[test]
    fn vallado_example_3_3() {
        // Vallado example 3-3: r_ecef = (6524.834, 6862.875, 6448.296) km →
        // φ_gd = 34.352496°, λ = 46.4464°, h = 5085.22 km.
        let g = geodetic_from_ecef([6524.834, 6862.875, 6448.296]);
        assert!((g.latitude_rad.to_degrees() - 34.352_496).abs() < 1e-5);
        assert!((g.longitude_rad.to_degrees() - 46.446_4).abs() < 1e-4);
        assert!((g.height_km - 5085.22).abs() < 0.01);
    }

    #[test]
    fn ecef_velocity_removes_earth_rotation() {
        // A point fixed on the equator, moving with the Earth in TEME, is at rest in ECEF.
        let theta = 1.234_f64;
        let rot = EcefFromTeme::new(theta);
        let r_teme = [6378.137 * theta.cos(), 6378.137 * theta.sin(), 0.0];
        let v_teme = [
            -EARTH_ROTATION_RAD_S * r_teme[1],
            EARTH_ROTATION_RAD_S * r_teme[0],
            0.0,
        ];
        let r = rot.position(r_teme);
        let v = rot.velocity(r_teme, v_teme);
        assert!((r[0] - 6378.137).abs() < 1e-9 && r[1].abs() < 1e-9);
        assert!(crate::vec3::norm(v) < 1e-12, "{v:?}");
    }
}
