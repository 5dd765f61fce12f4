//! The observer's view at the clock's time, as the shaders take it: the
//! site and its axes in world space, the look, the sky's light for the
//! Sun's altitude, and the stars' precession to the date. O(1) a frame.

use super::settings::{INSTRUMENTS, ObserverSettings};
use crate::sky::Observer;
use crate::sky::view::{look_axes, naked_eye_limit, precession_from_j2000, sky_brightness};
use crate::sun::sun_position;
use crate::time::{gmst_rad, julian_date};
use crate::viewer::scene::frame::world_from_teme;
use bevy::prelude::*;
use bevy::render::extract_resource::ExtractResource;
use chrono::{DateTime, Utc};

/// How the picture is made this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ViewMode {
    /// The Earth and its shells from space.
    #[default]
    Space,
    /// The observer's all-sky picture.
    AllSky,
    /// The observer's perspective look.
    Perspective,
}

/// The observer's view at this frame's instant (also filled in the space
/// view, where only the stars' precession is used).
#[derive(Resource, Debug, Clone, ExtractResource)]
pub struct ObserverFrame {
    /// Which picture.
    pub mode: ViewMode,
    /// The site, world km.
    pub site_world_km: Vec3,
    /// East, north and up at the site, world unit vectors.
    pub enu_world: [Vec3; 3],
    /// The perspective look's forward, right and up, world.
    pub look_world: [Vec3; 3],
    /// tan(fov_y / 2) of the perspective look.
    pub tan_half_fov: f32,
    /// Nothing fainter is drawn: the user's limit, brightened by the twilight.
    pub limiting_magnitude: f32,
    /// The satellites' standard magnitude.
    pub standard_magnitude: f32,
    /// Extinction, magnitudes per airmass.
    pub extinction: f32,
    /// Trails over this many seconds (0: points).
    pub exposure_s: f32,
    /// Satellites in their own tint (the settings' `tint_satellites`).
    pub tint_satellites: bool,
    /// The Sun's altitude at the site, radians.
    pub sun_altitude_rad: f32,
    /// The zenith sky's brightness relative to daylight.
    pub sky_brightness: f32,
    /// The alt-az grid.
    pub grid: bool,
    /// The instrument's field: centre (world unit vector) and the cosine of its radius.
    pub field: Option<(Vec3, f32)>,
    /// World from J2000 directions, precessed to the date (columns).
    pub stars_from_j2000: Mat3,
    /// The impact map's legend top, when the map is drawn (space view only).
    pub impact_top: Option<f32>,
}

impl Default for ObserverFrame {
    fn default() -> Self {
        Self {
            mode: ViewMode::Space,
            site_world_km: Vec3::ZERO,
            enu_world: [Vec3::X, Vec3::NEG_Z, Vec3::Y],
            look_world: [Vec3::NEG_Z, Vec3::X, Vec3::Y],
            tan_half_fov: 1.0,
            limiting_magnitude: 6.0,
            standard_magnitude: 6.4,
            extinction: 0.2,
            exposure_s: 0.0,
            tint_satellites: true,
            sun_altitude_rad: 0.0,
            sky_brightness: 0.0,
            grid: false,
            field: None,
            stars_from_j2000: Mat3::IDENTITY,
            impact_top: None,
        }
    }
}

impl ObserverFrame {
    /// The view of `settings` at `at`, for satellites of standard magnitude
    /// `standard_magnitude`.
    pub fn new(settings: &ObserverSettings, standard_magnitude: f64, at: DateTime<Utc>) -> Self {
        let jd = julian_date(at);
        let observer = Observer::new(&settings.site, gmst_rad(jd));
        let enu_world = [
            world_from_teme(observer.east_in_teme),
            world_from_teme(observer.north_in_teme),
            world_from_teme(observer.up_in_teme),
        ];
        let from_enu = |v: [f64; 3]| {
            (enu_world[0] * v[0] as f32 + enu_world[1] * v[1] as f32 + enu_world[2] * v[2] as f32)
                .normalize()
        };
        let [f, r, u] = look_axes(
            settings.azimuth_deg.to_radians(),
            settings.elevation_deg.to_radians(),
        );
        let sun_altitude_rad = observer
            .topocentric(sun_position(jd).position_in_teme_km())
            .elevation_rad;
        let sun_altitude_deg = sun_altitude_rad.to_degrees();
        let field = settings.field().map(|field| {
            let centre = crate::sky::view::enu_from_az_el(
                field.azimuth_deg.to_radians(),
                field.elevation_deg.to_radians(),
            );
            (
                from_enu(centre),
                (field.diameter_deg.to_radians() / 2.0).cos() as f32,
            )
        });
        debug_assert!(settings.instrument.is_none_or(|i| i < INSTRUMENTS.len()));
        Self {
            mode: match (settings.active, settings.all_sky) {
                (false, _) => ViewMode::Space,
                (true, true) => ViewMode::AllSky,
                (true, false) => ViewMode::Perspective,
            },
            site_world_km: world_from_teme(observer.pos_in_teme_km),
            enu_world,
            look_world: [from_enu(f), from_enu(r), from_enu(u)],
            tan_half_fov: (settings.fov_deg.to_radians() / 2.0).tan() as f32,
            limiting_magnitude: limiting_magnitude(settings.limiting_magnitude, sun_altitude_deg)
                as f32,
            standard_magnitude: standard_magnitude as f32,
            extinction: settings.extinction as f32,
            exposure_s: settings.exposure_s as f32,
            tint_satellites: settings.tint_satellites,
            sun_altitude_rad: sun_altitude_rad as f32,
            sky_brightness: sky_brightness(sun_altitude_deg) as f32,
            grid: settings.grid,
            field,
            stars_from_j2000: stars_from_j2000(jd),
            impact_top: None,
        }
    }
}

/// The faintest magnitude drawn: the user's limit (for a dark sky) less what
/// the twilight sky takes from the naked eye's limit (nothing at night, ten
/// magnitudes at noon).
pub fn limiting_magnitude(user_limit: f64, sun_altitude_deg: f64) -> f64 {
    user_limit - (naked_eye_limit(-90.0) - naked_eye_limit(sun_altitude_deg))
}

/// Precession from J2000 to the date in the world's axes: W·P·Wᵀ, with W
/// the TEME → world turn (x, y, z) → (x, z, −y) and P the equatorial
/// precession (the catalogue's directions are J2000 put through W).
pub fn stars_from_j2000(jd: f64) -> Mat3 {
    let p = precession_from_j2000(jd);
    let column = |world_axis: Vec3| {
        // Wᵀ: world (X, Y, Z) → equatorial (X, −Z, Y).
        let e = [
            f64::from(world_axis.x),
            -f64::from(world_axis.z),
            f64::from(world_axis.y),
        ];
        let q: Vec<f64> = p
            .iter()
            .map(|row| row[0] * e[0] + row[1] * e[1] + row[2] * e[2])
            .collect();
        world_from_teme([q[0], q[1], q[2]])
    };
    Mat3::from_cols(column(Vec3::X), column(Vec3::Y), column(Vec3::Z))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stars_turn_as_the_equatorial_precession() {
        // The precessed world direction of a J2000 equatorial vector is the
        // world direction of the precessed vector.
        let jd = 2_461_041.5;
        let p = precession_from_j2000(jd);
        let v = [0.3_f64, -0.5, 0.81];
        let pv: Vec<f64> = p
            .iter()
            .map(|r| r[0] * v[0] + r[1] * v[1] + r[2] * v[2])
            .collect();
        let expected = world_from_teme([pv[0], pv[1], pv[2]]);
        let got = stars_from_j2000(jd) * world_from_teme(v);
        assert!((got - expected).length() < 1e-6, "{got} vs {expected}");
    }

    #[test]
    fn up_is_the_site_direction_and_the_look_is_level_at_elevation_zero() {
        let settings = ObserverSettings {
            active: true,
            all_sky: false,
            elevation_deg: 0.0,
            azimuth_deg: 90.0,
            ..Default::default()
        };
        let at = crate::time::parse_instant("2026-03-20T03:00:00Z").expect("time");
        let f = ObserverFrame::new(&settings, 6.4, at);
        assert_eq!(f.mode, ViewMode::Perspective);
        let [e, _, u] = f.enu_world;
        // Geodetic up is within 0.2° of the geocentric direction at −24.6°.
        assert!(u.angle_between(f.site_world_km).to_degrees() < 0.2);
        assert!((f.look_world[0] - e).length() < 1e-5, "looking east");
        assert!(f.look_world[2].dot(u) > 0.99999);
    }
}
