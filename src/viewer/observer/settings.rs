//! What the user chose of the observer's view: the site, the projection and
//! the look, the limiting magnitude, the exposure, the grid and an
//! instrument's field. Plain data: the Sky panel edits a copy and sends it
//! back as an [`Action`](crate::viewer::messages::Action).

use crate::sky::trails::Field;
use crate::sky::view::{MAX_FOV_DEG, MIN_FOV_DEG, SkyProjection};
use crate::sky::{DEFAULT_EXTINCTION, Site};
use bevy::prelude::Resource;

/// An instrument whose field the view can outline and count trails in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Instrument {
    /// Its name in the panel.
    pub name: &'static str,
    /// The field's diameter, degrees.
    pub diameter_deg: f64,
}

/// The instruments the Sky panel offers.
pub const INSTRUMENTS: [Instrument; 3] = [
    // LSST Camera: 9.6 deg² in a circle of about 3.5° (Ivezić et al. 2019).
    Instrument {
        name: "Rubin LSSTCam (3.5°)",
        diameter_deg: 3.5,
    },
    // A 50 mm lens on a 36 × 24 mm sensor: 39.6° across the long side.
    Instrument {
        name: "50 mm lens (39.6°)",
        diameter_deg: 39.6,
    },
    Instrument {
        name: "all-sky cut (20°)",
        diameter_deg: 20.0,
    },
];

/// Naked-eye limiting magnitude at a dark site.
pub const DARK_SITE_LIMIT: f64 = 6.0;
/// Naked-eye limiting magnitude in a city.
pub const CITY_LIMIT: f64 = 3.0;
/// Exposure the `E` key and the panel's tick start from, s.
pub const DEFAULT_EXPOSURE_S: f64 = 30.0;
/// Longest exposure the view draws as trails, s (a quarter of the lowest
/// orbit: a trail is drawn with 16 segments).
pub const MAX_VIEW_EXPOSURE_S: f64 = 1200.0;

/// The Sky panel's **Pick on the globe** is armed: the next click on the
/// Earth in the space view sets the site (picking.rs).
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq)]
pub struct SitePicking(pub bool);

/// The observer's view as the user set it.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct ObserverSettings {
    /// The observer's view is shown (else the space view).
    pub active: bool,
    /// Where from.
    pub site: Site,
    /// All-sky (else perspective).
    pub all_sky: bool,
    /// Perspective look: azimuth, degrees from north through east.
    pub azimuth_deg: f64,
    /// Perspective look: elevation, degrees.
    pub elevation_deg: f64,
    /// Perspective look: vertical field of view, degrees (1 to 120).
    pub fov_deg: f64,
    /// Nothing fainter than this is drawn in a dark sky (twilight and day
    /// brighten it as they do the naked eye's limit).
    pub limiting_magnitude: f64,
    /// Satellites drawn as trails over this many seconds up to now (0: points).
    pub exposure_s: f64,
    /// The altitude-azimuth grid.
    pub grid: bool,
    /// An instrument's field, outlined at the view's centre (the zenith in all-sky).
    pub instrument: Option<usize>,
    /// Extinction, magnitudes per airmass.
    pub extinction: f64,
    /// Satellites drawn in a tint of their own (green), so that they stand
    /// apart from the stars; off: in sunlight's colour, as the eye sees them.
    pub tint_satellites: bool,
}

impl Default for ObserverSettings {
    fn default() -> Self {
        Self {
            active: false,
            site: default_site(),
            all_sky: true,
            azimuth_deg: 180.0,
            elevation_deg: 30.0,
            fov_deg: 60.0,
            limiting_magnitude: DARK_SITE_LIMIT,
            exposure_s: 0.0,
            grid: false,
            instrument: None,
            extinction: DEFAULT_EXTINCTION,
            tint_satellites: true,
        }
    }
}

/// Cerro Paranal, from the `sky` command's list.
fn default_site() -> Site {
    crate::sky::parse_site("Cerro Paranal").unwrap_or(Site {
        name: "Cerro Paranal".into(),
        latitude_deg: -24.6272,
        longitude_deg: -70.4042,
        height_m: 2635.0,
    })
}

impl ObserverSettings {
    /// The projection in force.
    pub fn projection(&self) -> SkyProjection {
        if self.all_sky {
            SkyProjection::AllSky
        } else {
            SkyProjection::Perspective {
                azimuth_rad: self.azimuth_deg.to_radians(),
                elevation_rad: self.elevation_deg.to_radians(),
                fov_y_rad: self.fov_deg.to_radians(),
            }
        }
    }

    /// The instrument's field at the view's centre (the zenith in all-sky),
    /// over the exposure that ends now, if one is chosen.
    pub fn field(&self) -> Option<Field> {
        let instrument = INSTRUMENTS.get(self.instrument?)?;
        let (azimuth_deg, elevation_deg) = if self.all_sky {
            (0.0, 90.0)
        } else {
            (self.azimuth_deg, self.elevation_deg)
        };
        Some(Field {
            azimuth_deg: azimuth_deg.rem_euclid(360.0),
            elevation_deg,
            diameter_deg: instrument.diameter_deg,
            exposure_s: self.exposure_s,
        })
    }

    /// The same settings with every number brought into its range (a
    /// typed or dragged value never leaves the view unusable).
    pub fn clamped(mut self) -> Self {
        let finite = |v: f64, d: f64| if v.is_finite() { v } else { d };
        self.azimuth_deg = finite(self.azimuth_deg, 180.0).rem_euclid(360.0);
        self.elevation_deg = finite(self.elevation_deg, 30.0).clamp(-90.0, 90.0);
        self.fov_deg = finite(self.fov_deg, 60.0).clamp(MIN_FOV_DEG, MAX_FOV_DEG);
        self.limiting_magnitude =
            finite(self.limiting_magnitude, DARK_SITE_LIMIT).clamp(-5.0, 12.0);
        self.exposure_s = finite(self.exposure_s, 0.0).clamp(0.0, MAX_VIEW_EXPOSURE_S);
        self.extinction = finite(self.extinction, DEFAULT_EXTINCTION).clamp(0.0, 2.0);
        if self.instrument.is_some_and(|i| i >= INSTRUMENTS.len()) {
            self.instrument = None;
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absurd_numbers_are_brought_into_range() {
        let s = ObserverSettings {
            fov_deg: 500.0,
            elevation_deg: f64::NAN,
            exposure_s: -3.0,
            azimuth_deg: -90.0,
            instrument: Some(99),
            ..Default::default()
        }
        .clamped();
        assert_eq!(s.fov_deg, MAX_FOV_DEG);
        assert_eq!(s.elevation_deg, 30.0);
        assert_eq!(s.exposure_s, 0.0);
        assert_eq!(s.azimuth_deg, 270.0);
        assert_eq!(s.instrument, None);
        assert_eq!(ObserverSettings::default().site.name, "Cerro Paranal");
    }

    #[test]
    fn the_field_sits_at_the_view_centre() {
        let mut s = ObserverSettings {
            instrument: Some(0),
            exposure_s: 30.0,
            ..Default::default()
        };
        let f = s.field().expect("field");
        assert_eq!(
            (f.elevation_deg, f.diameter_deg, f.exposure_s),
            (90.0, 3.5, 30.0)
        );
        s.all_sky = false;
        let f = s.field().expect("field");
        assert_eq!((f.azimuth_deg, f.elevation_deg), (180.0, 30.0));
    }
}
