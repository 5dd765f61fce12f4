//! The counts and sums of a totals pass, what one instant fixes for every
//! satellite (the Sun, the Earth's rotation, the array's output), and the
//! scalar rule that adds one propagated satellite to a tally.

use crate::frames::EcefFromTeme;
use crate::model::{FleetModel, SatelliteModel};
use crate::propagation::{Fix, TemeState};
use crate::shadow::{Illumination, conical_illumination, minutes_in_shadow};
use crate::sun::{SunPosition, sun_position};
use crate::time::{gmst_rad, julian_date};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// Counts and sums over some satellites.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Tally {
    /// Fully lit.
    pub sunlit: u64,
    /// Partly lit.
    pub penumbra: u64,
    /// In the full shadow.
    pub umbra: u64,
    /// Below the surface.
    pub decayed: u64,
    /// Refused by SGP4.
    pub errors: u64,
    /// Σ visible fraction of the Sun's disc.
    pub lit_sum: f64,
    /// Σ power collected by the arrays, W.
    pub power_collected_w: f64,
    /// Σ power given to compute, W.
    pub compute_power_w: f64,
}

impl Tally {
    /// Satellites with a position (lit, penumbra or umbra).
    pub fn propagated(&self) -> u64 {
        self.sunlit + self.penumbra + self.umbra
    }

    /// Mean visible fraction of the Sun over the propagated satellites (0 if none).
    pub fn sunlit_fraction(&self) -> f64 {
        match self.propagated() {
            0 => 0.0,
            n => self.lit_sum / n as f64,
        }
    }

    /// Adds another tally's counts and sums.
    pub(super) fn add(&mut self, o: &Tally) {
        self.sunlit += o.sunlit;
        self.penumbra += o.penumbra;
        self.umbra += o.umbra;
        self.decayed += o.decayed;
        self.errors += o.errors;
        self.lit_sum += o.lit_sum;
        self.power_collected_w += o.power_collected_w;
        self.compute_power_w += o.compute_power_w;
    }
}

/// What is fixed for one instant and one model: the Sun, Earth rotation, the
/// array's output at the Sun's distance.
#[derive(Debug, Clone, Copy)]
pub struct Conditions {
    /// The instant.
    pub at: DateTime<Utc>,
    /// The Sun.
    pub sun: SunPosition,
    /// Greenwich mean sidereal time, radians.
    pub gmst_rad: f64,
    /// Output of one fully lit array at this Sun distance, W.
    pub array_power_w: f64,
}

impl Conditions {
    /// The conditions at `at` for `model`.
    pub fn new(at: DateTime<Utc>, satellite: &SatelliteModel, fleet: &FleetModel) -> Self {
        let jd = julian_date(at);
        let sun = sun_position(jd);
        let flux = fleet.solar_constant_w_m2 / sun.distance_au().powi(2);
        Self {
            at,
            sun,
            gmst_rad: gmst_rad(jd),
            array_power_w: satellite.array_power_w(flux, fleet.satellite_life_years),
        }
    }

    /// TEME → Earth-fixed at this instant.
    pub fn ecef_from_teme(&self) -> EcefFromTeme {
        EcefFromTeme::new(self.gmst_rad)
    }

    /// Illumination of a satellite at `state`.
    #[inline]
    pub fn illumination(&self, state: &TemeState) -> Illumination {
        conical_illumination(state.pos_in_teme_km, self.sun.position_in_teme_km())
    }

    /// Adds one propagated satellite to a tally.
    #[inline]
    pub fn tally(&self, satellite: &SatelliteModel, fix: &Fix, into: &mut Tally) {
        let state = match fix {
            Fix::Ok(s) => s,
            Fix::Decayed => {
                into.decayed += 1;
                return;
            }
            Fix::Error => {
                into.errors += 1;
                return;
            }
        };
        let light = self.illumination(state);
        let lit = light.lit_fraction();
        match light {
            Illumination::Lit => into.sunlit += 1,
            Illumination::Penumbra(_) => into.penumbra += 1,
            Illumination::Umbra => into.umbra += 1,
        }
        into.lit_sum += lit;
        into.power_collected_w += lit * self.array_power_w;
        let shadow_minutes = if lit < 1.0 {
            minutes_in_shadow(
                state.pos_in_teme_km,
                state.vel_in_teme_km_s,
                self.sun.direction_in_teme,
            )
        } else {
            None
        };
        into.compute_power_w +=
            satellite.compute_power_now_w(self.array_power_w, lit, shadow_minutes);
    }
}
