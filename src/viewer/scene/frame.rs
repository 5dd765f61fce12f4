//! The per-frame state of the scene at the clock's time (Sun, Earth's
//! rotation, each shell's SGP4 terms), how satellites are coloured, and the
//! TEME → Bevy axes. Nothing here is per satellite per frame.

use super::colour::{self, ColourBy, ColourScale};
use super::fleet::{GpuShellTerms, SceneFleet};
use super::show_only::FilterSettings;
use crate::sun::sun_position;
use crate::time::{gmst_rad, julian_date, minutes_between};
use crate::viewer::clock::SimClock;
use bevy::prelude::*;
use bevy::render::extract_resource::ExtractResource;

/// A Bevy world-space vector from a TEME one: Bevy is y-up, TEME z-up
/// (x, y, z)_TEME → (x, z, −y), a proper rotation.
pub fn world_from_teme(v: [f64; 3]) -> Vec3 {
    Vec3::new(v[0] as f32, v[2] as f32, -v[1] as f32)
}

/// The Sun's azimuth about the world's +y axis from +z, radians: the yaw
/// (bevy_panorbit_camera's convention) of a camera looking from the Sun.
/// Views and shot scripts give the camera's yaw from this.
pub fn sun_yaw(sun_dir_world: Vec3) -> f32 {
    sun_dir_world.x.atan2(sun_dir_world.z)
}

/// The world direction to the Sun at an instant.
pub fn sun_dir_world_at(at: chrono::DateTime<chrono::Utc>) -> Vec3 {
    let sun = sun_position(julian_date(at));
    world_from_teme(sun.direction_in_teme).normalize()
}

/// How satellites are coloured.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct SatelliteStyle {
    /// The colour mode (close approaches falls back to sunlight until a
    /// screened day's colours exist).
    pub colour_by: ColourBy,
    /// Per-shell visibility (missing entries are visible).
    pub hidden_shells: Vec<bool>,
    /// Point size in pixels.
    pub point_size_px: f32,
    /// Overall brightness.
    pub gain: f32,
}

impl Default for SatelliteStyle {
    fn default() -> Self {
        Self {
            colour_by: ColourBy::Sunlight,
            hidden_shells: Vec::new(),
            point_size_px: 2.5,
            gain: 1.0,
        }
    }
}

/// A distinct colour for shell `i` (golden-angle hues).
pub fn shell_colour(i: usize) -> [f32; 3] {
    let hue = (i as f32 * 137.508) % 360.0;
    let c = Color::hsl(hue, 0.75, 0.6).to_linear();
    [c.red, c.green, c.blue]
}

/// The per-frame state of the scene at the clock's time.
#[derive(Resource, Debug, Clone, Default, ExtractResource)]
pub struct SceneFrame {
    /// Greenwich mean sidereal time, radians.
    pub gmst_rad: f64,
    /// Unit vector to the Sun, Bevy world space.
    pub sun_dir_world: Vec3,
    /// Earth–Sun distance, km.
    pub sun_distance_km: f32,
    /// Every shell's terms at this instant.
    pub shells: Vec<GpuShellTerms>,
    /// The colour mode.
    pub colour_by: ColourBy,
    /// What its ramp spans now (quantitative modes).
    pub colour_scale: Option<ColourScale>,
    /// The filters as the shader takes them ([`FilterSettings::gpu`]).
    pub filter: ([f32; 4], [f32; 4]),
    /// Point size, px.
    pub point_size_px: f32,
    /// Brightness factor for the fleet's size.
    pub gain: f32,
    /// Satellites drawn.
    pub drawn: u32,
    /// The selected satellite, world km.
    pub selected: Option<Vec3>,
    /// Its orbit over one period, world km.
    pub orbit: Vec<Vec3>,
    /// The orbit of the other satellite of a chosen close approach, world km.
    pub partner_orbit: Vec<Vec3>,
}

/// Computes [`SceneFrame`] from the clock: O(shells), not O(satellites).
pub fn update_scene_frame(
    clock: Res<SimClock>,
    scene: Res<SceneFleet>,
    style: Res<SatelliteStyle>,
    filters: Option<Res<FilterSettings>>,
    mut frame: ResMut<SceneFrame>,
) {
    let filters = filters.map(|f| f.clone()).unwrap_or_default();
    let at = clock.now();
    let jd = julian_date(at);
    let sun = sun_position(jd);
    frame.gmst_rad = gmst_rad(jd);
    frame.sun_dir_world = world_from_teme(sun.direction_in_teme).normalize();
    frame.sun_distance_km = sun.distance_km as f32;
    frame.shells.clear();
    for (i, s) in scene.fleet.shells.iter().enumerate() {
        let t = s.shell.orbit.at(minutes_between(s.shell.epoch, at));
        let visible = !style.hidden_shells.get(i).copied().unwrap_or(false)
            && filters.keeps_group(true, s.shell.inclination_rad.to_degrees());
        frame
            .shells
            .push(GpuShellTerms::new(&t, shell_colour(i), visible));
    }
    frame.colour_by = style.colour_by;
    frame.filter = filters.gpu();
    // The power mode's shader needs no scale (it colours by the lit share);
    // its legend's kW come from the totals' assumptions (ui::sync).
    frame.colour_scale = colour::scale(style.colour_by, &scene.fleet, 0.0);
    frame.point_size_px = style.point_size_px;
    frame.drawn = scene.gpu.instances.len() as u32;
    // Crowding: the more satellites, the dimmer each, so that density reads as light.
    frame.gain = style.gain
        * (1.0e3 / (frame.drawn.max(1) as f32))
            .sqrt()
            .clamp(0.02, 1.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn world_axes() {
        // TEME +z (north) is Bevy +y; TEME +y is Bevy −z.
        assert_eq!(world_from_teme([0.0, 0.0, 1.0]), Vec3::Y);
        assert_eq!(world_from_teme([0.0, 1.0, 0.0]), Vec3::NEG_Z);
        assert_eq!(world_from_teme([1.0, 0.0, 0.0]), Vec3::X);
    }

    #[test]
    fn sun_yaw_is_zero_along_z_and_quarter_turn_along_x() {
        assert_eq!(sun_yaw(Vec3::Z), 0.0);
        assert!((sun_yaw(Vec3::X) - std::f32::consts::FRAC_PI_2).abs() < 1e-6);
    }
}
