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
        if let Some(render_app) = app.get_sub_app_mut(bevy::render::RenderApp) {
            render_app.add_systems(bevy::render::ExtractSchedule, drop_atmosphere_from_views);
        }
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

/// Scene cameras without Bevy's atmosphere, as the render world sees them.
type CamerasWithoutAtmosphere<'w, 's> = bevy::render::Extract<
    'w,
    's,
    Query<
        'static,
        'static,
        &'static bevy::render::sync_world::RenderEntity,
        (With<Camera3d>, Without<AtmosphereSettings>),
    >,
>;

/// A camera that lost its `AtmosphereSettings` (the observer's all-sky
/// picture) loses Bevy's atmosphere in the render world too: Bevy's own
/// extraction only adds it to the views of cameras that have them, and the
/// render world keeps a view's components, so the sky pass would go on
/// drawing (it needs the transforms' offset, which is then made again only
/// for views with the atmosphere).
fn drop_atmosphere_from_views(mut commands: Commands, cameras: CamerasWithoutAtmosphere) {
    for render_entity in &cameras {
        commands.entity(render_entity.id()).try_remove::<(
            bevy::pbr::ExtractedAtmosphere,
            bevy::pbr::GpuAtmosphereSettings,
            bevy::pbr::resources::AtmosphereTransformsOffset,
        )>();
    }
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

/// Exposure (EV100) of the sky seen from the ground in the observer's
/// perspective look, chosen by eye on renders at Paranal: a noon sky pale
/// near the horizon and deep blue overhead, the twilight's glow low towards
/// the Sun.
const GROUND_EXPOSURE_EV100: f32 = 13.0;

/// How a scene camera renders Bevy's atmosphere: from space ray-marched; in
/// the observer's perspective look from the ground, with the look-up
/// textures (the mode made for cameras inside the air; the camera then
/// stands at the site, `observer::place_camera_at_site`); not at all in the
/// all-sky picture, whose projection is no camera's (the scene's own sky
/// stands in).
fn add_atmosphere_to_cameras(
    mut commands: Commands,
    observer: Option<Res<crate::viewer::observer::settings::ObserverSettings>>,
    cameras: Query<(Entity, Option<&AtmosphereSettings>), With<SceneCamera>>,
) {
    let wanted = match observer.as_deref() {
        Some(o) if o.active && o.all_sky => None,
        Some(o) if o.active => Some((AtmosphereMode::LookupTexture, GROUND_EXPOSURE_EV100)),
        _ => Some((AtmosphereMode::Raymarched, EXPOSURE_EV100)),
    };
    for (camera, settings) in &cameras {
        let have = settings.map(|s| s.rendering_method as u32);
        match wanted {
            None if have.is_some() => {
                commands
                    .entity(camera)
                    .remove::<(AtmosphereSettings, Exposure)>();
            }
            Some((mode, ev100)) if have != Some(mode as u32) => {
                commands.entity(camera).insert((
                    AtmosphereSettings {
                        rendering_method: mode,
                        ..default()
                    },
                    Exposure { ev100 },
                ));
            }
            _ => {}
        }
    }
}
