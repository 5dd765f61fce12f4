//! Picking a satellite with the mouse: the cursor's ray against the drawn
//! satellites' positions (computed on the CPU when the user clicks, not per
//! frame), nearest in angle within a few pixels, not behind the Earth.

use super::clock::SimClock;
use super::messages::{Action, SceneReplaced};
use super::scene::fleet::SceneFleet;
use super::scene::frame::{SceneFrame, world_from_teme};
use super::systems::ViewerSystems;
use crate::frames::{EcefFromTeme, geodetic_from_ecef};
use crate::propagation::{Fix, Group};
use crate::shadow::{Illumination, conical_illumination};
use crate::sun::sun_position;
use crate::time::{gmst_rad, julian_date};
use bevy::prelude::*;
use chrono::{DateTime, Utc};

/// Picking with the mouse, the selection, the camera following it, and
/// its orbit and marker for the renderer.
pub struct PickingPlugin;

impl Plugin for PickingPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Selection>()
            .add_message::<Action>()
            .add_message::<SceneReplaced>()
            .add_systems(
                Update,
                (apply_picking_actions, pick_on_click)
                    .chain()
                    .in_set(ViewerSystems::Input),
            )
            .add_systems(Update, follow_and_mark.in_set(ViewerSystems::Follow));
    }
}

/// Follow and Clear in the inspector; a new constellation drops the selection.
fn apply_picking_actions(
    mut actions: MessageReader<Action>,
    mut replaced: MessageReader<SceneReplaced>,
    mut selection: ResMut<Selection>,
) {
    if replaced.read().count() > 0 {
        *selection = Selection::default();
    }
    for action in actions.read() {
        match action {
            Action::Follow(follow) => selection.follow = *follow && selection.index.is_some(),
            Action::Deselect => *selection = Selection::default(),
            _ => {}
        }
    }
}

/// The selected satellite.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq)]
pub struct Selection {
    /// Its fleet index.
    pub index: Option<usize>,
    /// The camera follows it.
    pub follow: bool,
}

/// The drawn satellite nearest the ray (origin, unit direction; world km)
/// within `max_angle_rad` of it, and in front of the Earth.
pub fn pick(
    scene: &SceneFleet,
    at: DateTime<Utc>,
    origin: Vec3,
    direction: Vec3,
    max_angle_rad: f32,
) -> Option<usize> {
    let fixes = scene.fleet.propagate(at);
    let cos_max = max_angle_rad.cos();
    let earth_hit = ray_sphere(origin, direction, crate::shadow::EARTH_RADIUS_KM as f32);
    let candidates = scene
        .gpu
        .fleet_index
        .iter()
        .map(|&i| i as usize)
        .chain(scene.fleet.shell_satellites()..scene.fleet.len());
    let mut best: Option<(f32, usize)> = None;
    for i in candidates {
        let Some(Fix::Ok(state)) = fixes.get(i) else {
            continue;
        };
        let to = world_from_teme(state.pos_in_teme_km) - origin;
        let distance = to.length();
        let cos = to.dot(direction) / distance;
        if cos < cos_max || earth_hit.is_some_and(|hit| hit < distance) {
            continue;
        }
        if best.is_none_or(|(c, _)| cos > c) {
            best = Some((cos, i));
        }
    }
    best.map(|(_, i)| i)
}

/// Distance along a ray to where it first meets a sphere at the origin.
fn ray_sphere(origin: Vec3, direction: Vec3, radius: f32) -> Option<f32> {
    let b = origin.dot(direction);
    let c = origin.length_squared() - radius * radius;
    let disc = b * b - c;
    if disc < 0.0 {
        return None;
    }
    let t = -b - disc.sqrt();
    (t > 0.0).then_some(t)
}

/// What the inspector shows of one satellite.
#[derive(Debug, Clone, PartialEq)]
pub struct SatelliteDetails {
    /// Fleet index.
    pub index: usize,
    /// Shell or catalog name.
    pub group: String,
    /// Plane and slot in a shell, or the NORAD number of a catalog satellite.
    pub place: String,
    /// Geodetic height, km.
    pub altitude_km: f64,
    /// Geodetic latitude, degrees.
    pub latitude_deg: f64,
    /// Longitude, degrees.
    pub longitude_deg: f64,
    /// Speed (inertial), km/s.
    pub speed_km_s: f64,
    /// Sunlight.
    pub illumination: Illumination,
    /// Power collected now, W.
    pub power_w: f64,
    /// Position, world km.
    pub world: Vec3,
}

/// Details of satellite `index` at `at` (None if it has no position now).
pub fn details(
    scene: &SceneFleet,
    satellite: &crate::model::SatelliteModel,
    fleet_model: &crate::model::FleetModel,
    index: usize,
    at: DateTime<Utc>,
) -> Option<SatelliteDetails> {
    let fleet = &scene.fleet;
    let Some(Fix::Ok(state)) = fleet.propagate_one(index, at) else {
        return None;
    };
    let jd = julian_date(at);
    let ecef = EcefFromTeme::new(gmst_rad(jd)).position(state.pos_in_teme_km);
    let g = geodetic_from_ecef(ecef);
    let sun = sun_position(jd);
    let light = conical_illumination(state.pos_in_teme_km, sun.position_in_teme_km());
    let conditions = crate::totals::Conditions::new(at, satellite, fleet_model);
    let (group, place) = match fleet.group_of(index)? {
        Group::Shell(s) => {
            let shell = &fleet.shells[s];
            let local = index - shell.range.start;
            let per_plane = shell.shell.spec.sats_per_plane as usize;
            (
                shell.shell.spec.name.clone(),
                format!(
                    "plane {} of {}, slot {} of {}",
                    local / per_plane + 1,
                    shell.shell.spec.planes,
                    local % per_plane + 1,
                    per_plane
                ),
            )
        }
        Group::Catalog(c) => {
            let sat = fleet.catalog_satellite(index)?;
            (
                fleet.catalogs[c].name.clone(),
                format!("{} (NORAD {})", sat.name, sat.norad_id),
            )
        }
    };
    Some(SatelliteDetails {
        index,
        group,
        place,
        altitude_km: g.height_km,
        latitude_deg: g.latitude_rad.to_degrees(),
        longitude_deg: g.longitude_rad.to_degrees(),
        speed_km_s: crate::vec3::norm(state.vel_in_teme_km_s),
        illumination: light,
        power_w: light.lit_fraction() * conditions.array_power_w,
        world: world_from_teme(state.pos_in_teme_km),
    })
}

/// Points along the selected satellite's orbit over one period, world km.
pub fn orbit_path(scene: &SceneFleet, index: usize, at: DateTime<Utc>, points: usize) -> Vec<Vec3> {
    let period_min = match scene.fleet.group_of(index) {
        Some(Group::Shell(s)) => scene.fleet.shells[s].shell.orbit.period_min(),
        Some(Group::Catalog(_)) => scene
            .fleet
            .catalog_satellite(index)
            .map_or(95.0, |s| 1440.0 / s.elements.mean_motion.max(0.01)),
        None => return Vec::new(),
    };
    (0..=points)
        .filter_map(|k| {
            let dt = period_min * k as f64 / points as f64;
            let t = at + chrono::TimeDelta::milliseconds((dt * 60_000.0) as i64);
            match scene.fleet.propagate_one(index, t)? {
                Fix::Ok(s) => Some(world_from_teme(s.pos_in_teme_km)),
                _ => None,
            }
        })
        .collect()
}

/// Picks on a left click that did not drag (the camera uses drags).
#[allow(clippy::too_many_arguments)]
pub fn pick_on_click(
    mouse: Res<ButtonInput<MouseButton>>,
    windows: Query<&Window, With<bevy::window::PrimaryWindow>>,
    cameras: Query<(&Camera, &GlobalTransform), With<super::render::SceneCamera>>,
    egui_input: Option<Res<bevy_egui::input::EguiWantsInput>>,
    scene: Res<SceneFleet>,
    clock: Res<SimClock>,
    observer: (
        Res<crate::viewer::observer::settings::ObserverSettings>,
        Res<crate::viewer::observer::frame::ObserverFrame>,
    ),
    mut selection: ResMut<Selection>,
    mut press: Local<Option<Vec2>>,
) {
    let Ok(window) = windows.single() else { return };
    let cursor = window.cursor_position();
    if mouse.just_pressed(MouseButton::Left) {
        *press = cursor;
    }
    if !mouse.just_released(MouseButton::Left)
        || egui_input.is_some_and(|e| e.wants_any_pointer_input())
    {
        return;
    }
    let (Some(down), Some(up)) = (press.take(), cursor) else {
        return;
    };
    if down.distance(up) > 4.0 {
        return;
    }
    if let Some((origin, direction, max_angle)) = observer_ray(&observer, window, up) {
        selection.index = pick(&scene, clock.now(), origin, direction, max_angle);
        if selection.index.is_none() {
            selection.follow = false;
        }
        return;
    }
    let Ok((camera, transform)) = cameras.single() else {
        return;
    };
    let Ok(ray) = camera.viewport_to_world(transform, up) else {
        return;
    };
    // Six pixels of tolerance at the window's vertical field of view.
    let fov = match camera.clip_from_view().col(1).y {
        f if f > 0.0 => 2.0 * (1.0 / f).atan(),
        _ => 0.7,
    };
    let max_angle = 6.0 * fov / window.height().max(1.0);
    selection.index = pick(&scene, clock.now(), ray.origin, *ray.direction, max_angle);
    if selection.index.is_none() {
        selection.follow = false;
    }
}

/// In the observer's view: the ray from the site through the cursor, and six
/// pixels of tolerance in angle.
fn observer_ray(
    (settings, frame): &(
        Res<crate::viewer::observer::settings::ObserverSettings>,
        Res<crate::viewer::observer::frame::ObserverFrame>,
    ),
    window: &Window,
    cursor: Vec2,
) -> Option<(Vec3, Vec3, f32)> {
    if !settings.active {
        return None;
    }
    let (w, h) = (f64::from(window.width()), f64::from(window.height()));
    let projection = settings.projection();
    let (az, el) = projection.direction_at_pixel(f64::from(cursor.x), f64::from(cursor.y), w, h)?;
    let enu = crate::sky::view::enu_from_az_el(az, el);
    let [e, n, u] = frame.enu_world;
    let direction = (e * enu[0] as f32 + n * enu[1] as f32 + u * enu[2] as f32).normalize();
    let rad_per_px = if settings.all_sky {
        std::f64::consts::PI / w.min(h)
    } else {
        settings.fov_deg.to_radians() / h
    };
    Some((frame.site_world_km, direction, (6.0 * rad_per_px) as f32))
}

/// Keeps the camera on the selected satellite while following, and feeds the
/// renderer the orbit and the marker.
pub fn follow_and_mark(
    selection: Res<Selection>,
    scene: Res<SceneFleet>,
    clock: Res<SimClock>,
    mut frame: ResMut<SceneFrame>,
    mut cameras: Query<&mut bevy_panorbit_camera::PanOrbitCamera>,
) {
    frame.selected = None;
    frame.orbit.clear();
    let Some(index) = selection.index else { return };
    let at = clock.now();
    let Some(Fix::Ok(state)) = scene.fleet.propagate_one(index, at) else {
        return;
    };
    let world = world_from_teme(state.pos_in_teme_km);
    frame.selected = Some(world);
    frame.orbit = orbit_path(&scene, index, at, 256);
    if selection.follow {
        for mut camera in &mut cameras {
            camera.target_focus = world;
            camera.focus = world;
            camera.force_update = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rays_hit_spheres_in_front() {
        let d = ray_sphere(Vec3::new(0.0, 0.0, 10_000.0), Vec3::NEG_Z, 6378.0).expect("hit");
        assert!((d - 3622.0).abs() < 1e-2);
        assert!(ray_sphere(Vec3::new(0.0, 7000.0, 10_000.0), Vec3::NEG_Z, 6378.0).is_none());
        assert!(ray_sphere(Vec3::new(0.0, 0.0, 10_000.0), Vec3::Z, 6378.0).is_none());
    }
}
