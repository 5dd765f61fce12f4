//! The Sun as a Bevy directional light, aimed from the Sun ephemeris every
//! frame, and Bevy's physically based atmosphere (Hillaire 2020: Rayleigh,
//! Mie and ozone, ray-marched from the camera so that it holds from orbit)
//! around the Earth.
//!
//! Bevy's atmosphere needs compute shaders and storage textures; where the
//! GPU lacks them Bevy leaves it out and the scene's own rim glow
//! (`atmosphere.wgsl`) is drawn instead. The browser builds are made
//! without this module (feature `atmosphere`): they always use the glow.

use super::frame::SceneFrame;
use crate::viewer::render::SceneCamera;
use crate::viewer::systems::ViewerSystems;
use bevy::camera::Exposure;
use bevy::light::atmosphere::ScatteringMedium;
use bevy::light::{Atmosphere, SunDisk};
use bevy::pbr::{AtmosphereMode, AtmosphereSettings};
use bevy::prelude::*;

/// The world is in km, Bevy's atmosphere in metres: the atmosphere entity's
/// scale maps one onto the other.
const WORLD_UNITS_PER_METRE: f32 = 1.0e-3;

/// Radius of the atmosphere's ground, m: the Earth's mean radius (IUGG,
/// 6,371.0 km). The drawn Earth is the WGS-84 ellipsoid (6,378.1 km at the
/// equator, 6,356.8 km at the poles); the sphere sits between the two.
const GROUND_RADIUS_M: f32 = 6_371_000.0;

/// Top of the atmosphere, m above the ground (Bevy's Earth preset).
const ATMOSPHERE_THICKNESS_M: f32 = 100_000.0;

/// The Sun's illuminance at the top of the atmosphere, lux (Bevy's
/// `lux::RAW_SUNLIGHT`, about 1,361 W/m² × 93 lm/W).
const SUN_ILLUMINANCE_LUX: f32 = 130_000.0;

/// Exposure (EV100) of the light that the atmosphere scatters, beside the
/// scene's own colours (written as display values, with no tone mapping):
/// chosen by eye on renders of the whole Earth, where 14.5 washes the day
/// side out in haze and 16.5 leaves a light haze over it, a blue limb and a
/// reddened terminator, as in photographs taken from orbit.
const EXPOSURE_EV100: f32 = 16.5;

/// Marks the directional light that stands for the Sun.
#[derive(Component)]
pub struct SunLight;

/// Adds the Sun light and the atmosphere.
pub struct AtmospherePlugin;

impl Plugin for AtmospherePlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(Startup, spawn_sun_and_atmosphere)
            .add_systems(
                Update,
                (aim_sun_light, add_atmosphere_to_cameras).in_set(ViewerSystems::Follow),
            );
    }
}

fn spawn_sun_and_atmosphere(mut commands: Commands, mut media: ResMut<Assets<ScatteringMedium>>) {
    commands.spawn((
        DirectionalLight {
            illuminance: SUN_ILLUMINANCE_LUX,
            shadow_maps_enabled: false,
            ..default()
        },
        // The scene draws its own Sun (on every target); Bevy's disk would be a second one.
        SunDisk::OFF,
        Transform::default(),
        SunLight,
    ));
    let medium = media.add(ScatteringMedium::earth(256, 256));
    let atmosphere = Atmosphere {
        inner_radius: GROUND_RADIUS_M,
        outer_radius: GROUND_RADIUS_M + ATMOSPHERE_THICKNESS_M,
        ..Atmosphere::earth(medium)
    };
    // Centred on the Earth, scaled from metres to km. The global transform
    // is given too, so that Bevy does not move a new atmosphere below the origin.
    let placement = Transform::from_scale(Vec3::splat(WORLD_UNITS_PER_METRE));
    commands.spawn((atmosphere, placement, GlobalTransform::from(placement)));
}

/// The light shines from the Sun towards the Earth.
fn aim_sun_light(frame: Res<SceneFrame>, mut lights: Query<&mut Transform, With<SunLight>>) {
    let to_sun = frame.sun_dir_world;
    if to_sun == Vec3::ZERO {
        return;
    }
    let up = if to_sun.y.abs() > 0.99 {
        Vec3::X
    } else {
        Vec3::Y
    };
    for mut transform in &mut lights {
        *transform = Transform::IDENTITY.looking_to(-to_sun, up);
    }
}

/// Every scene camera renders the atmosphere, ray-marched (the look-up
/// texture mode is made for cameras inside the atmosphere), except in the
/// observer's view, which draws its own sky from the ground (its
/// projections are not the camera's).
fn add_atmosphere_to_cameras(
    mut commands: Commands,
    observer: Option<Res<crate::viewer::observer::settings::ObserverSettings>>,
    cameras: Query<Entity, (With<SceneCamera>, Without<AtmosphereSettings>)>,
    with_atmosphere: Query<Entity, (With<SceneCamera>, With<AtmosphereSettings>)>,
) {
    if observer.is_some_and(|o| o.active) {
        for camera in &with_atmosphere {
            commands
                .entity(camera)
                .remove::<(AtmosphereSettings, Exposure)>();
        }
        return;
    }
    for camera in &cameras {
        commands.entity(camera).insert((
            AtmosphereSettings {
                rendering_method: AtmosphereMode::Raymarched,
                ..default()
            },
            Exposure {
                ev100: EXPOSURE_EV100,
            },
        ));
    }
}
