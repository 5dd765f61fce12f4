//! The `[safety]` table of a constellation file: position uncertainties,
//! hard-body radii and manoeuvre thresholds, each default with its source.

use super::pc::RtnSigma;
use crate::model::SatelliteModel;
use serde::{Deserialize, Serialize};

/// A constellation file's `[safety]` table; every key has a default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SafetySpec {
    /// 1-σ radial, in-track and cross-track position uncertainty of the
    /// constellation's own satellites (the operator's GNSS ephemerides), m.
    pub own_sigma_m: [f64; 3],
    /// 1-σ radial, in-track and cross-track position uncertainty of
    /// catalogue objects (TLE accuracy), m.
    pub catalog_sigma_m: [f64; 3],
    /// Hard-body radius of one of our satellites, m [default: from the
    /// satellite model's array and radiator areas].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hard_body_radius_m: Option<f64>,
    /// Hard-body radius of a catalogue object, m.
    pub catalog_hard_body_radius_m: f64,
    /// Collision probabilities at which a satellite manoeuvres, one count each.
    pub manoeuvre_thresholds: Vec<f64>,
}

/// Own satellites' default 1-σ (R, I, C), m: our assumption for a
/// GNSS-based operator ephemeris predicted about a day ahead. GNSS orbit
/// determination of a LEO satellite is good to metres; a day of prediction
/// grows that mostly in-track, through drag and manoeuvre uncertainty. No
/// operator publishes its figure: change it in `[safety]`.
pub const DEFAULT_OWN_SIGMA_M: [f64; 3] = [20.0, 100.0, 20.0];
/// Catalogue objects' default 1-σ (R, I, C), m: TLE errors of near-circular
/// LEO objects at epoch from Flohrer, Krag & Klinkrad (2008, "Assessment
/// and categorization of TLE orbit errors for the US SSN catalogue"):
/// about 0.1-0.2 km radial, 0.5-1 km in-track, 0.1-0.3 km cross-track.
pub const DEFAULT_CATALOG_SIGMA_M: [f64; 3] = [200.0, 1_000.0, 300.0];
/// A catalogue object's default hard-body radius, m: a 2 m object (an
/// intact small satellite or a large fragment); our assumption.
pub const DEFAULT_CATALOG_HARD_BODY_RADIUS_M: f64 = 1.0;
/// Default thresholds: NASA CARA's 1e-4 (the manoeuvre threshold of the
/// NASA Spacecraft Conjunction Assessment and Collision Avoidance Best
/// Practices Handbook, 2023), and SpaceX's 1e-5 (Starlink, 2023) and
/// 3e-7 (Starlink, from 2025; the semi-annual reports to the FCC).
pub const DEFAULT_MANOEUVRE_THRESHOLDS: [f64; 3] = [1e-4, 1e-5, 3e-7];

impl Default for SafetySpec {
    fn default() -> Self {
        Self {
            own_sigma_m: DEFAULT_OWN_SIGMA_M,
            catalog_sigma_m: DEFAULT_CATALOG_SIGMA_M,
            hard_body_radius_m: None,
            catalog_hard_body_radius_m: DEFAULT_CATALOG_HARD_BODY_RADIUS_M,
            manoeuvre_thresholds: DEFAULT_MANOEUVRE_THRESHOLDS.to_vec(),
        }
    }
}

/// A `[safety]` value out of range: the key and what was expected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("[safety] {key}: {message}")]
pub struct SafetyError {
    /// The key at fault.
    pub key: &'static str,
    /// What is wrong and what was expected.
    pub message: String,
}

impl SafetySpec {
    /// True when nothing differs from the defaults (the table is then not written out).
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }

    /// Checks every value.
    pub fn check(&self) -> Result<(), SafetyError> {
        for (key, sigma) in [
            ("own_sigma_m", self.own_sigma_m),
            ("catalog_sigma_m", self.catalog_sigma_m),
        ] {
            if let Some(bad) = sigma
                .iter()
                .find(|s| !(s.is_finite() && **s > 0.0 && **s <= 1e6))
            {
                return Err(SafetyError {
                    key,
                    message: format!(
                        "{bad} is not a 1-σ uncertainty of more than 0 and at most 1,000,000 m \
                         (expected [radial, in-track, cross-track] in metres)"
                    ),
                });
            }
        }
        for (key, radius) in [
            ("hard_body_radius_m", self.hard_body_radius_m),
            (
                "catalog_hard_body_radius_m",
                Some(self.catalog_hard_body_radius_m),
            ),
        ] {
            if let Some(r) = radius
                && !(r.is_finite() && r > 0.0 && r <= 10_000.0)
            {
                return Err(SafetyError {
                    key,
                    message: format!("{r} is not a radius of more than 0 and at most 10,000 m"),
                });
            }
        }
        if self.manoeuvre_thresholds.is_empty() || self.manoeuvre_thresholds.len() > 8 {
            return Err(SafetyError {
                key: "manoeuvre_thresholds",
                message: format!(
                    "{} thresholds given; expected 1 to 8 probabilities",
                    self.manoeuvre_thresholds.len()
                ),
            });
        }
        if let Some(bad) = self
            .manoeuvre_thresholds
            .iter()
            .find(|p| !(p.is_finite() && **p > 0.0 && **p < 1.0))
        {
            return Err(SafetyError {
                key: "manoeuvre_thresholds",
                message: format!("{bad} is not a probability between 0 and 1 (exclusive)"),
            });
        }
        Ok(())
    }

    /// Own satellites' uncertainty, km.
    pub fn own_sigma(&self) -> RtnSigma {
        sigma_km(self.own_sigma_m)
    }

    /// Catalogue objects' uncertainty, km.
    pub fn catalog_sigma(&self) -> RtnSigma {
        sigma_km(self.catalog_sigma_m)
    }

    /// Our satellites' hard-body radius, km: the file's, or the radius of a
    /// disc with the array's and the radiators' area (both flat panels
    /// that can turn any way, so the disc bounds what they sweep).
    pub fn own_hard_body_radius_km(&self, satellite: &SatelliteModel) -> f64 {
        self.hard_body_radius_m
            .unwrap_or_else(|| derived_hard_body_radius_m(satellite))
            / 1e3
    }

    /// A catalogue object's hard-body radius, km.
    pub fn catalog_hard_body_radius_km(&self) -> f64 {
        self.catalog_hard_body_radius_m / 1e3
    }
}

/// √((A_array + A_radiator)/π), m.
pub fn derived_hard_body_radius_m(satellite: &SatelliteModel) -> f64 {
    let area = satellite.array_area_m2 + satellite.radiator_area_m2();
    (area.max(0.0) / std::f64::consts::PI).sqrt()
}

fn sigma_km(m: [f64; 3]) -> RtnSigma {
    RtnSigma {
        radial_km: m[0] / 1e3,
        in_track_km: m[1] / 1e3,
        cross_track_km: m[2] / 1e3,
    }
}
