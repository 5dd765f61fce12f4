//! The Sun's position: the Astronomical Almanac's low-precision formula
//! (Vallado, *Fundamentals of Astrodynamics*, alg. 29), good to 0.01° from
//! 1950 to 2050. It gives the Sun in the mean equator and equinox of date,
//! which this crate uses directly as TEME (they differ by about 0.005°).

use crate::time::julian_centuries_since_j2000;
use crate::vec3::Vec3;

/// One astronomical unit, km (IAU 2012).
pub const AU_KM: f64 = 149_597_870.7;
/// The Sun's radius, km (Montenbruck & Gill, *Satellite Orbits*, 3.4).
pub const SUN_RADIUS_KM: f64 = 696_000.0;

/// Where the Sun is at one instant, in TEME.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SunPosition {
    /// Unit vector from the Earth's centre to the Sun, TEME.
    pub direction_in_teme: Vec3,
    /// Earth–Sun distance, km.
    pub distance_km: f64,
}

impl SunPosition {
    /// The Sun's position vector, km, TEME.
    pub fn position_in_teme_km(&self) -> Vec3 {
        crate::vec3::scale(self.direction_in_teme, self.distance_km)
    }

    /// The Earth–Sun distance in astronomical units.
    pub fn distance_au(&self) -> f64 {
        self.distance_km / AU_KM
    }

    /// Right ascension (radians, [0, 2π)) and declination (radians).
    pub fn right_ascension_declination_rad(&self) -> (f64, f64) {
        let [x, y, z] = self.direction_in_teme;
        (
            y.atan2(x).rem_euclid(std::f64::consts::TAU),
            z.clamp(-1.0, 1.0).asin(),
        )
    }
}

/// The Sun at a Julian date (UT1; the formula's TDB–UT1 difference of about
/// a minute moves the Sun by 0.0007°, far inside its own accuracy).
pub fn sun_position(jd: f64) -> SunPosition {
    let t = julian_centuries_since_j2000(jd);
    // λ_M = 280.4606184° + 36000.77005361·T (mean longitude)
    let mean_longitude_deg = 280.460_618_4 + 36_000.770_053_61 * t;
    // M = 357.5277233° + 35999.05034·T (mean anomaly)
    let mean_anomaly = (357.527_723_3 + 35_999.050_34 * t).to_radians();
    // λ = λ_M + 1.914666471°·sin M + 0.019994643°·sin 2M (ecliptic longitude)
    let longitude = (mean_longitude_deg
        + 1.914_666_471 * mean_anomaly.sin()
        + 0.019_994_643 * (2.0 * mean_anomaly).sin())
    .to_radians();
    // ε = 23.439291° − 0.0130042·T (obliquity of the ecliptic)
    let obliquity = (23.439_291 - 0.013_004_2 * t).to_radians();
    // r = 1.000140612 − 0.016708617·cos M − 0.000139589·cos 2M (AU)
    let distance_au = 1.000_140_612
        - 0.016_708_617 * mean_anomaly.cos()
        - 0.000_139_589 * (2.0 * mean_anomaly).cos();
    let (sin_l, cos_l) = longitude.sin_cos();
    let (sin_e, cos_e) = obliquity.sin_cos();
    SunPosition {
        direction_in_teme: [cos_l, cos_e * sin_l, sin_e * sin_l],
        distance_km: distance_au * AU_KM,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vallado_example_5_1() {
        // Vallado example 5-1: 2006-04-02 00:00 UTC → r☉ = (146186178, 28789122, 12481328) km
        // in the mean equator of date (his MOD vector, to 0.01°).
        let jd = crate::time::julian_date(
            crate::time::parse_instant("2006-04-02T00:00:00Z").expect("valid"),
        );
        let sun = sun_position(jd);
        let expected = [146_186_178.0, 28_789_122.0, 12_481_328.0];
        let expected_dir = crate::vec3::normalize(expected);
        let angle = crate::vec3::dot(sun.direction_in_teme, expected_dir)
            .clamp(-1.0, 1.0)
            .acos()
            .to_degrees();
        assert!(angle < 0.01, "{angle}°");
        assert!((sun.distance_km / crate::vec3::norm(expected) - 1.0).abs() < 1e-4);
    }

    #[test]
    fn solstice_declination() {
        // 2026-06-21 08:24 UTC is the June solstice: declination = obliquity.
        let jd = crate::time::julian_date(
            crate::time::parse_instant("2026-06-21T08:24:00Z").expect("valid"),
        );
        let (_, dec) = sun_position(jd).right_ascension_declination_rad();
        assert!(
            (dec.to_degrees() - 23.436).abs() < 0.01,
            "{}",
            dec.to_degrees()
        );
    }
}
