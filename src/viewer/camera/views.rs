//! The camera: orbit, zoom and pan around the Earth (bevy_panorbit_camera),
//! with preset views, in km.

use crate::viewer::render::SceneCamera;
use crate::viewer::scene::frame::sun_yaw;
use bevy::camera::{PerspectiveProjection, Projection};
use bevy::prelude::*;
use bevy_panorbit_camera::PanOrbitCamera;

/// Preset views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The whole Earth and its shells.
    WholeEarth,
    /// Looking along the terminator, where the shadow edge cuts the shells.
    Terminator,
    /// Over the north pole.
    Pole,
    /// Close to the lowest shells.
    CloseToShell,
}

impl View {
    /// Yaw, pitch (radians) and distance (km) for this view, given the
    /// direction to the Sun in world space.
    pub fn orbit(self, sun_dir_world: Vec3) -> (f32, f32, f32) {
        // panorbit: yaw about +y from +z, pitch up from the xz plane.
        let sun_yaw = sun_yaw(sun_dir_world);
        match self {
            View::WholeEarth => (sun_yaw + 0.6, 0.35, 38_000.0),
            View::Terminator => (sun_yaw + std::f32::consts::FRAC_PI_2, 0.15, 22_000.0),
            View::Pole => (sun_yaw + 0.4, 1.45, 30_000.0),
            View::CloseToShell => (sun_yaw + 1.2, 0.25, 9_500.0),
        }
    }
}

/// The scene camera's vertical field of view in space, degrees.
pub const FOV_DEG: f32 = 40.0;

/// Spawns the scene camera at the whole-Earth view.
pub fn spawn_camera(commands: &mut Commands, sun_dir_world: Vec3) -> Entity {
    let (yaw, pitch, radius) = View::WholeEarth.orbit(sun_dir_world);
    commands
        .spawn((
            Camera3d::default(),
            Camera {
                clear_color: ClearColorConfig::Custom(Color::BLACK),
                ..default()
            },
            Projection::Perspective(PerspectiveProjection {
                fov: FOV_DEG.to_radians(),
                near: 1.0,
                far: 1.0e7,
                ..default()
            }),
            Msaa::Off,
            // The scene writes display colours itself (and the tonemapping
            // lookup tables are not built in).
            bevy::core_pipeline::tonemapping::Tonemapping::None,
            Transform::from_xyz(0.0, 0.0, radius),
            PanOrbitCamera {
                focus: Vec3::ZERO,
                yaw: Some(yaw),
                pitch: Some(pitch),
                radius: Some(radius),
                zoom_lower_limit: crate::viewer::picking::EARTH_VIEW_MIN_KM,
                zoom_upper_limit: Some(400_000.0),
                zoom_sensitivity: 0.6,
                pan_sensitivity: 0.5,
                ..default()
            },
            SceneCamera,
        ))
        .id()
}

/// Moves the camera to a preset view (smoothly).
pub fn go_to_view(camera: &mut PanOrbitCamera, view: View, sun_dir_world: Vec3) {
    let (yaw, pitch, radius) = view.orbit(sun_dir_world);
    camera.target_focus = Vec3::ZERO;
    camera.target_yaw = yaw;
    camera.target_pitch = pitch;
    camera.target_radius = radius;
    camera.force_update = true;
}
