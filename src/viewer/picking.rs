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
use crate::viewer::observer::frame::ObserverFrame;
use crate::viewer::observer::settings::{ObserverSettings, SitePicking};
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

/// How far from a satellite found in the Find section the camera flies, km.
pub const FOUND_VIEW_KM: f32 = 3_000.0;

/// Follow and Clear in the inspector, a satellite found in the Find
/// section; a new constellation drops the selection.
fn apply_picking_actions(
    mut actions: MessageReader<Action>,
    mut replaced: MessageReader<SceneReplaced>,
    scene: Res<SceneFleet>,
    mut selection: ResMut<Selection>,
    mut cameras: Query<&mut bevy_panorbit_camera::PanOrbitCamera>,
) {
    if replaced.read().count() > 0 {
        *selection = Selection::default();
    }
    for action in actions.read() {
        match action {
            Action::Follow(follow) => selection.follow = *follow && selection.index.is_some(),
            Action::Deselect => *selection = Selection::default(),
            Action::SelectSatellite(i) if *i < scene.fleet.len() => {
                *selection = Selection {
                    index: Some(*i),
                    partner: None,
                    follow: true,
                };
                // Following puts the focus on it (and lifts the Earth
                // view's zoom floor, in `follow_and_mark`); the distance
                // comes down.
                for mut camera in &mut cameras {
                    camera.target_radius = camera.target_radius.min(FOUND_VIEW_KM);
                    camera.force_update = true;
                }
            }
            _ => {}
        }
    }
}

/// The selected satellite.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq)]
pub struct Selection {
    /// Its fleet index.
    pub index: Option<usize>,
    /// The other satellite of a close approach chosen in the Safety
    /// section: its orbit is drawn too, and the section names it.
    pub partner: Option<usize>,
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
    let (group, place) = fleet.describe(index)?;
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

/// Points along a satellite's orbit over one period, half a period either
/// side of `at` (world km): dense near the satellite (the first step is a
/// period × 2/points², about a kilometre in LEO), so that close up the line
/// passes through it rather than along a chord, and sparse on the far side.
/// The satellite itself is the middle point.
pub fn orbit_path(scene: &SceneFleet, index: usize, at: DateTime<Utc>, points: usize) -> Vec<Vec3> {
    let period_min = match scene.fleet.group_of(index) {
        Some(Group::Shell(s)) => scene.fleet.shells[s].shell.orbit.period_min(),
        Some(Group::Catalog(_)) => scene
            .fleet
            .catalog_satellite(index)
            .map_or(95.0, |s| 1440.0 / s.elements.mean_motion.max(0.01)),
        None => return Vec::new(),
    };
    let points = points.max(2);
    (0..=points)
        .filter_map(|k| {
            // x in [−½, ½]; time 2x|x| periods from now.
            let x = k as f64 / points as f64 - 0.5;
            let dt = period_min * 2.0 * x * x.abs();
            let t = at + chrono::TimeDelta::microseconds((dt * 60e6).round() as i64);
            match scene.fleet.propagate_one(index, t)? {
                Fix::Ok(s) => Some(world_from_teme(s.pos_in_teme_km)),
                _ => None,
            }
        })
        .collect()
}

/// The observer's settings, its frame and the site pick, as the click sees them.
type ObserverParams<'w> = (
    ResMut<'w, ObserverSettings>,
    Res<'w, ObserverFrame>,
    ResMut<'w, SitePicking>,
);

/// Picks on a left click that did not drag (the camera uses drags): a
/// satellite, or with the Sky panel's Pick on the globe armed, the site
/// under the cursor on the Earth.
#[allow(clippy::too_many_arguments)]
pub fn pick_on_click(
    mouse: Res<ButtonInput<MouseButton>>,
    windows: Query<&Window, With<bevy::window::PrimaryWindow>>,
    cameras: Query<(&GlobalTransform, &Projection), With<super::render::resources::SceneCamera>>,
    egui_input: Option<Res<bevy_egui::input::EguiWantsInput>>,
    scene: Res<SceneFleet>,
    clock: Res<SimClock>,
    observer: ObserverParams,
    mut selection: ResMut<Selection>,
    area: Option<Res<super::camera::area::FreeArea>>,
    mut press: Local<Option<Vec2>>,
) {
    let (mut settings, frame, mut site_picking) = observer;
    let Ok(window) = windows.single() else { return };
    let area = area.map(|a| *a).unwrap_or_default();
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
    // The scene is drawn between the docks: the cursor from that rect's corner.
    let (up, size) = area.cursor_in_scene(up, Vec2::new(window.width(), window.height()));
    if up.x < 0.0 || up.y < 0.0 || up.x > size.x || up.y > size.y {
        return;
    }
    if let Some((origin, direction, max_angle)) = observer_ray(&settings, &frame, size, up) {
        selection.partner = None;
        selection.index = pick(&scene, clock.now(), origin, direction, max_angle);
        if selection.index.is_none() {
            selection.follow = false;
        }
        return;
    }
    let Ok((transform, projection)) = cameras.single() else {
        return;
    };
    let Projection::Perspective(perspective) = projection else {
        return;
    };
    let (origin, direction) = cursor_ray(transform, perspective.fov, size, up);
    if site_picking.0 {
        // A click off the globe leaves the pick armed.
        if let Some(site) = site_on_globe(origin, direction, clock.now()) {
            settings.site = site;
            site_picking.0 = false;
        }
        return;
    }
    // Six pixels of tolerance at the window's vertical field of view.
    let max_angle = 6.0 * perspective.fov / size.y.max(1.0);
    selection.partner = None;
    selection.index = pick(&scene, clock.now(), origin, direction, max_angle);
    if selection.index.is_none() {
        selection.follow = false;
    }
}

/// The ray (origin, unit direction; world km) from a perspective camera
/// through a cursor position (logical px from the top left of a picture of
/// `size`), for a vertical field of view `fov_y_rad` over the whole picture.
pub fn cursor_ray(
    transform: &GlobalTransform,
    fov_y_rad: f32,
    size: Vec2,
    cursor: Vec2,
) -> (Vec3, Vec3) {
    let size = size.max(Vec2::ONE);
    let half = (fov_y_rad / 2.0).tan();
    let ndc = Vec2::new(2.0 * cursor.x / size.x - 1.0, 1.0 - 2.0 * cursor.y / size.y);
    let in_view = Vec3::new(ndc.x * half * size.x / size.y, ndc.y * half, -1.0);
    (
        transform.translation(),
        transform.affine().transform_vector3(in_view).normalize(),
    )
}

/// The place where a ray (world km) first meets the drawn Earth (the
/// WGS-84 ellipsoid, turned to `at`), as a site on the ground named by
/// its coordinates (`LAT,LON`, which `sky --site` and `site=` read back).
pub fn site_on_globe(origin: Vec3, direction: Vec3, at: DateTime<Utc>) -> Option<crate::sky::Site> {
    use crate::frames::{WGS84_A_KM, WGS84_F};
    // World y is TEME z, the polar axis: stretched by a/b the ellipsoid is
    // the sphere of radius a.
    let stretch = Vec3::new(1.0, 1.0 / (1.0 - WGS84_F as f32), 1.0);
    let (o, d) = (origin * stretch, (direction * stretch).normalize());
    let t = ray_sphere(o, d, WGS84_A_KM as f32)?;
    let hit = (o + d * t) / stretch;
    // world (x, y, z) = TEME (x, z, −y)
    let teme = [f64::from(hit.x), -f64::from(hit.z), f64::from(hit.y)];
    let ecef = EcefFromTeme::new(gmst_rad(julian_date(at))).position(teme);
    let g = geodetic_from_ecef(ecef);
    let (lat, lon) = (g.latitude_rad.to_degrees(), g.longitude_rad.to_degrees());
    crate::sky::Site::new(format!("{lat:.4},{lon:.4}"), lat, lon, 0.0).ok()
}

/// In the observer's view: the ray from the site through the cursor, and six
/// pixels of tolerance in angle.
fn observer_ray(
    settings: &ObserverSettings,
    frame: &ObserverFrame,
    size: Vec2,
    cursor: Vec2,
) -> Option<(Vec3, Vec3, f32)> {
    if !settings.active {
        return None;
    }
    let (w, h) = (f64::from(size.x), f64::from(size.y));
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

/// The camera's least distance from the Earth's centre, km.
pub const EARTH_VIEW_MIN_KM: f32 = 6_600.0;

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
    frame.partner_orbit.clear();
    if !selection.follow {
        for mut camera in &mut cameras {
            // Back on the Earth's centre: no closer than the Earth view allows.
            if camera.target_focus == Vec3::ZERO && camera.zoom_lower_limit < EARTH_VIEW_MIN_KM {
                camera.zoom_lower_limit = EARTH_VIEW_MIN_KM;
            }
        }
    }
    let Some(index) = selection.index else { return };
    let at = clock.now();
    if let Some(partner) = selection.partner {
        frame.partner_orbit = orbit_path(&scene, partner, at, 256);
    }
    let Some(Fix::Ok(state)) = scene.fleet.propagate_one(index, at) else {
        return;
    };
    let world = world_from_teme(state.pos_in_teme_km);
    frame.selected = Some(world);
    frame.orbit = orbit_path(&scene, index, at, 256);
    if selection.follow {
        for mut camera in &mut cameras {
            // Close to a satellite, closer than to the Earth's centre.
            camera.zoom_lower_limit = camera.zoom_lower_limit.min(1.0);
            camera.target_focus = world;
            camera.focus = world;
            camera.force_update = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// World km of a place on the ground at `at`.
    fn world_of(lat_deg: f64, lon_deg: f64, at: DateTime<Utc>) -> Vec3 {
        let ecef = crate::frames::ecef_from_geodetic(crate::frames::Geodetic {
            latitude_rad: lat_deg.to_radians(),
            longitude_rad: lon_deg.to_radians(),
            height_km: 0.0,
        });
        // TEME from Earth-fixed: R3(−θ).
        let teme = EcefFromTeme::new(-gmst_rad(julian_date(at))).position(ecef);
        world_from_teme(teme)
    }

    #[test]
    fn a_click_on_the_globe_names_the_place_under_it() {
        let at = crate::time::parse_instant("2026-03-20T21:00:00Z").expect("time");
        let size = Vec2::new(800.0, 600.0);
        for (lat, lon) in [
            (48.8566, 2.3522),
            (-24.6272, -70.4042),
            (89.0, 120.0),
            (0.0, 179.9),
        ] {
            let place = world_of(lat, lon, at);
            let camera = GlobalTransform::from(
                Transform::from_translation(place * 3.0).looking_at(Vec3::ZERO, Vec3::Y),
            );
            let (origin, direction) = cursor_ray(&camera, 0.7, size, size / 2.0);
            let site = site_on_globe(origin, direction, at).expect("on the globe");
            assert!(
                (site.latitude_deg - lat).abs() < 0.01,
                "{lat}: {}",
                site.latitude_deg
            );
            let dlon = (site.longitude_deg - lon + 540.0).rem_euclid(360.0) - 180.0;
            assert!(dlon.abs() < 0.01, "{lon}: {}", site.longitude_deg);
            // The name reads back as the same place.
            let back = crate::sky::parse_site(&site.name).expect("coordinates");
            assert!((back.latitude_deg - site.latitude_deg).abs() < 1e-4);
        }
        // Off the limb, and behind the camera: none.
        let camera = GlobalTransform::from(
            Transform::from_xyz(0.0, 0.0, 20_000.0).looking_at(Vec3::ZERO, Vec3::Y),
        );
        let (o, d) = cursor_ray(&camera, 0.7, size, Vec2::new(0.0, 0.0));
        assert!(site_on_globe(o, d, at).is_none());
        assert!(site_on_globe(o, -d, at).is_none());
    }

    #[test]
    fn the_cursor_ray_spans_the_field_of_view() {
        let camera = GlobalTransform::from(
            Transform::from_xyz(0.0, 0.0, 10.0).looking_at(Vec3::ZERO, Vec3::Y),
        );
        let size = Vec2::new(800.0, 600.0);
        let (o, centre) = cursor_ray(&camera, 0.8, size, size / 2.0);
        assert_eq!(o, Vec3::new(0.0, 0.0, 10.0));
        assert!(centre.distance(Vec3::NEG_Z) < 1e-6);
        // The top edge is half the field above the axis; the right edge,
        // half the field widened by the aspect.
        let (_, top) = cursor_ray(&camera, 0.8, size, Vec2::new(400.0, 0.0));
        assert!((top.angle_between(centre) - 0.4).abs() < 1e-5 && top.y > 0.0);
        let (_, right) = cursor_ray(&camera, 0.8, size, Vec2::new(800.0, 300.0));
        let expect = (0.4f32.tan() * 800.0 / 600.0).atan();
        assert!((right.angle_between(centre) - expect).abs() < 1e-5 && right.x > 0.0);
    }

    #[test]
    fn rays_hit_spheres_in_front() {
        let d = ray_sphere(Vec3::new(0.0, 0.0, 10_000.0), Vec3::NEG_Z, 6378.0).expect("hit");
        assert!((d - 3622.0).abs() < 1e-2);
        assert!(ray_sphere(Vec3::new(0.0, 7000.0, 10_000.0), Vec3::NEG_Z, 6378.0).is_none());
        assert!(ray_sphere(Vec3::new(0.0, 0.0, 10_000.0), Vec3::Z, 6378.0).is_none());
    }
}
