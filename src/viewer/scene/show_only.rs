//! What the filters keep (the settings, shared by the scene, the panels
//! and the count): an altitude range, an inclination range, sunlit,
//! penumbra or umbra, the constellation or the catalogues.

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

/// What the filters keep.
#[derive(Resource, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FilterSettings {
    /// Altitude above SGP4's equatorial radius, km: least and most.
    pub altitude_km: Option<(f64, f64)>,
    /// Inclination, degrees: least and most.
    pub inclination_deg: Option<(f64, f64)>,
    /// Satellites in full sunlight.
    pub sunlit: bool,
    /// In the penumbra.
    pub penumbra: bool,
    /// In the umbra.
    pub umbra: bool,
    /// The constellation's own satellites.
    pub constellation: bool,
    /// The catalogues' objects.
    pub catalogue: bool,
}

impl Default for FilterSettings {
    fn default() -> Self {
        Self {
            altitude_km: None,
            inclination_deg: None,
            sunlit: true,
            penumbra: true,
            umbra: true,
            constellation: true,
            catalogue: true,
        }
    }
}

/// Where a satellite stands in the Earth's shadow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Light {
    /// The whole Sun is seen.
    Sunlit,
    /// Part of it.
    Penumbra,
    /// None of it.
    Umbra,
}

impl Light {
    /// The light of a share of the Sun's disc seen.
    pub fn of(lit_fraction: f64) -> Self {
        if lit_fraction >= 1.0 {
            Light::Sunlit
        } else if lit_fraction <= 0.0 {
            Light::Umbra
        } else {
            Light::Penumbra
        }
    }
}

impl FilterSettings {
    /// Whether any filter hides anything.
    pub fn active(&self) -> bool {
        *self != Self::default()
    }

    /// Whether a group's satellites pass the per-group filters (kind and
    /// inclination).
    pub fn keeps_group(&self, own: bool, inclination_deg: f64) -> bool {
        (if own {
            self.constellation
        } else {
            self.catalogue
        }) && self
            .inclination_deg
            .is_none_or(|(lo, hi)| (lo..=hi).contains(&inclination_deg))
    }

    /// Whether a satellite at this altitude and light passes the rest.
    pub fn keeps_state(&self, altitude_km: f64, light: Light) -> bool {
        self.altitude_km
            .is_none_or(|(lo, hi)| (lo..=hi).contains(&altitude_km))
            && match light {
                Light::Sunlit => self.sunlit,
                Light::Penumbra => self.penumbra,
                Light::Umbra => self.umbra,
            }
    }

    /// The shader's `frame.show_only` (altitude least and most, km; the lights
    /// kept, 1 sunlit + 2 penumbra + 4 umbra; 1 if catalogue objects are
    /// shown) and `frame.show_only_inclination` (least and most, degrees: for
    /// catalogue objects; a shell's satellites are hidden with their shell).
    pub fn gpu(&self) -> ([f32; 4], [f32; 4]) {
        let (lo, hi) = self.altitude_km.unwrap_or((-1e9, 1e9));
        let lights = f32::from(u8::from(self.sunlit))
            + 2.0 * f32::from(u8::from(self.penumbra))
            + 4.0 * f32::from(u8::from(self.umbra));
        let (ilo, ihi) = self.inclination_deg.unwrap_or((-1e9, 1e9));
        (
            [
                lo as f32,
                hi as f32,
                lights,
                f32::from(u8::from(self.catalogue)),
            ],
            [ilo as f32, ihi as f32, 0.0, 0.0],
        )
    }
}
