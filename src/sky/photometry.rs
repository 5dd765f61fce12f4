//! How bright a sunlit satellite looks: a Lambertian sphere scaled by the
//! satellite's standard magnitude, the inverse square of the range, the
//! share of the Sun's disc it sees, and the air it is seen through.
//!
//! m = M + 5·log10(ρ / 1000 km) − 2.5·log10(F(φ)) − 2.5·log10(f) + k·X
//!
//! with M the standard magnitude (V at 1,000 km and 90° phase), ρ the range,
//! φ the phase angle at the satellite between the Sun and the observer,
//! F(φ) = (π − φ)·cos φ + sin φ the diffuse sphere's phase law normalised to
//! 1 at 90° (its integral over the sphere's lit crescent seen at φ), f the
//! visible fraction of the Sun's disc, k the extinction per airmass and X the
//! airmass of Kasten & Young (1989).

use std::f64::consts::PI;

/// Range at which the standard magnitude is defined, km.
pub const STANDARD_RANGE_KM: f64 = 1000.0;

/// Relative optical air mass at zenith distance `zenith_distance_deg`
/// (Kasten & Young 1989, Applied Optics 28, 4735):
///
/// X = 1 / (cos z + 0.50572·(96.07995° − z)^−1.6364)
///
/// 0.9997 at the zenith, 37.9 at the horizon; defined for z < 96.07995°.
pub fn airmass(zenith_distance_deg: f64) -> f64 {
    let z = zenith_distance_deg;
    1.0 / (z.to_radians().cos() + 0.505_72 * (96.079_95 - z).powf(-1.636_4))
}

/// The diffuse (Lambertian) sphere's phase law normalised to 1 at 90°:
/// F(φ) = (π − φ)·cos φ + sin φ; π at full phase (φ = 0), 0 at φ = π.
pub fn lambert_phase(phase_rad: f64) -> f64 {
    let (s, c) = phase_rad.sin_cos();
    ((PI - phase_rad) * c + s).max(0.0)
}

/// Apparent V magnitude of a satellite of standard magnitude
/// `standard_magnitude` at range `range_km`, phase angle `phase_rad`, seeing
/// `lit_fraction` of the Sun's disc, at zenith distance
/// `zenith_distance_deg` through `extinction` magnitudes per airmass.
/// Infinite when it reflects nothing towards the observer (f = 0 or φ = π).
pub fn apparent_magnitude(
    standard_magnitude: f64,
    range_km: f64,
    phase_rad: f64,
    lit_fraction: f64,
    extinction: f64,
    zenith_distance_deg: f64,
) -> f64 {
    let flux = lambert_phase(phase_rad) * lit_fraction;
    if flux <= 0.0 {
        return f64::INFINITY;
    }
    standard_magnitude + 5.0 * (range_km / STANDARD_RANGE_KM).log10() - 2.5 * flux.log10()
        + extinction * airmass(zenith_distance_deg)
}

/// [`apparent_magnitude`] from the cosines the geometry gives directly
/// (cos φ and cos z), with one logarithm: the per-satellite form of the sky
/// counts. m = M − 2.5·log10(F(φ)·f·(1000 km / ρ)²) + k·X.
#[inline]
pub fn apparent_magnitude_from_cosines(
    standard_magnitude: f64,
    range_km: f64,
    cos_phase: f64,
    lit_fraction: f64,
    extinction: f64,
    cos_zenith: f64,
) -> f64 {
    let cos_phase = cos_phase.clamp(-1.0, 1.0);
    let phase = cos_phase.acos();
    let sin_phase = (1.0 - cos_phase * cos_phase).sqrt();
    let scale = STANDARD_RANGE_KM / range_km;
    let flux = ((PI - phase) * cos_phase + sin_phase).max(0.0) * lit_fraction * scale * scale;
    if flux <= 0.0 {
        return f64::INFINITY;
    }
    let cos_zenith = cos_zenith.clamp(-1.0, 1.0);
    let z = cos_zenith.acos().to_degrees();
    let airmass = 1.0 / (cos_zenith + 0.505_72 * (96.079_95 - z).powf(-1.636_4));
    standard_magnitude - 2.5 * flux.log10() + extinction * airmass
}

/// The standard magnitude of a satellite like one of standard magnitude
/// `reference_magnitude` but with `area_m2` of reflecting area instead of
/// `reference_area_m2`: ΔM = −2.5·log10(A / A_ref).
pub fn scaled_standard_magnitude(
    reference_magnitude: f64,
    reference_area_m2: f64,
    area_m2: f64,
) -> f64 {
    reference_magnitude - 2.5 * (area_m2 / reference_area_m2).log10()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn airmass_at_the_zenith_and_the_horizon() {
        assert!((airmass(0.0) - 1.0).abs() < 5e-4, "{}", airmass(0.0));
        assert!((airmass(90.0) - 37.92).abs() < 0.01, "{}", airmass(90.0));
        // Plane-parallel sec z holds well away from the horizon.
        assert!((airmass(60.0) - 2.0).abs() < 0.01, "{}", airmass(60.0));
    }

    #[test]
    fn phase_law_values() {
        assert!((lambert_phase(PI / 2.0) - 1.0).abs() < 1e-15);
        assert!((lambert_phase(0.0) - PI).abs() < 1e-15);
        assert!(lambert_phase(PI) < 1e-15);
    }

    #[test]
    fn both_forms_agree() {
        for &(range, phase_deg, f, z) in &[
            (550.0, 72.0, 1.0, 0.0),
            (2500.0, 30.0, 0.4, 80.0),
            (1000.0, 90.0, 1.0, 45.0),
            (4000.0, 170.0, 1.0, 89.9),
        ] {
            let phase = f64::to_radians(phase_deg);
            let a = apparent_magnitude(6.4, range, phase, f, 0.2, z);
            let b = apparent_magnitude_from_cosines(
                6.4,
                range,
                phase.cos(),
                f,
                0.2,
                f64::to_radians(z).cos(),
            );
            assert!((a - b).abs() < 1e-9, "{a} vs {b}");
        }
    }

    #[test]
    fn the_default_model_from_the_v2_mini() {
        // 7.87 for 116 m² scaled to 320 m² of array and ≈146 m² of radiator.
        let m = scaled_standard_magnitude(7.87, 116.0, 320.0 + 145.9);
        assert!((m - 6.36).abs() < 0.01, "{m}");
        let model = crate::model::SatelliteModel::default();
        let area = model.array_area_m2 + model.radiator_area_m2();
        let m = scaled_standard_magnitude(7.87, 116.0, area);
        assert!((m - model.standard_magnitude).abs() < 0.05, "{m}");
    }
}
