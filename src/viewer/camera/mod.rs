//! The camera and the controls: the camera orbiting the Earth
//! (bevy_panorbit_camera, km), its preset views, the keys, and the status
//! line and help drawn over the scene.

pub mod area;
pub mod keys;
pub mod overlay;
pub mod views;

use super::config::{OffscreenTarget, Output};
use super::systems::ViewerSystems;
use bevy::camera::RenderTarget;
use bevy::prelude::*;
use bevy::render::render_resource::{TextureFormat, TextureUsages};
use bevy_panorbit_camera::PanOrbitCamera;

pub use overlay::Overlays;
pub use views::View;

/// The camera, the keys and the overlays.
pub struct CameraPlugin {
    /// A window, or an off-screen image the camera renders into.
    pub output: Output,
}

impl Plugin for CameraPlugin {
    fn build(&self, app: &mut App) {
        let output = self.output;
        // The docks get a camera of their own over the whole target, so
        // that the scene camera's viewport (the space they leave) does not
        // squeeze them.
        if let Some(mut egui) = app
            .world_mut()
            .get_resource_mut::<bevy_egui::EguiGlobalSettings>()
        {
            egui.auto_create_primary_context = false;
        }
        app.add_plugins(bevy_panorbit_camera::PanOrbitCameraPlugin)
            .init_resource::<Overlays>()
            .init_resource::<area::FreeArea>()
            .add_message::<super::messages::Action>()
            .add_systems(
                Startup,
                move |mut commands: Commands,
                      mut images: ResMut<Assets<Image>>,
                      clock: Res<super::clock::SimClock>| {
                    let sun = super::scene::frame::sun_dir_world_at(clock.now());
                    let camera = views::spawn_camera(&mut commands, sun);
                    let docks = spawn_docks_camera(&mut commands);
                    if let Output::Image { width, height } = output {
                        render_to_image(&mut commands, &mut images, [camera, docks], width, height);
                    }
                },
            )
            .add_systems(
                Update,
                (keys::handle_keys, gate_camera_input)
                    .chain()
                    .in_set(ViewerSystems::Input),
            )
            .add_systems(
                bevy_egui::EguiPrimaryContextPass,
                (overlay::overlay_ui, area::fit_camera_to_free_area)
                    .in_set(ViewerSystems::Overlays),
            );
    }
}

/// The camera egui draws the docks, the status line and the captions
/// with: after the scene's, over the whole target, blended over it, nothing
/// of the scene in it.
fn spawn_docks_camera(commands: &mut Commands) -> Entity {
    commands
        .spawn((
            bevy_egui::PrimaryEguiContext,
            Camera2d,
            bevy::camera::visibility::RenderLayers::none(),
            Camera {
                order: 1,
                output_mode: bevy::camera::CameraOutputMode::Write {
                    blend_state: Some(bevy::render::render_resource::BlendState::ALPHA_BLENDING),
                    clear_color: ClearColorConfig::None,
                },
                clear_color: ClearColorConfig::Custom(Color::NONE),
                ..default()
            },
            Msaa::Off,
            // No tonemapping lookup tables are built in.
            bevy::core_pipeline::tonemapping::Tonemapping::None,
        ))
        .id()
}

/// Points `cameras` at a new off-screen image and publishes its handle.
fn render_to_image(
    commands: &mut Commands,
    images: &mut Assets<Image>,
    cameras: [Entity; 2],
    width: u32,
    height: u32,
) {
    let mut image = Image::new_target_texture(width, height, TextureFormat::Rgba8UnormSrgb, None);
    image.texture_descriptor.usage |= TextureUsages::COPY_SRC;
    let handle = images.add(image);
    for camera in cameras {
        commands
            .entity(camera)
            .insert(RenderTarget::Image(handle.clone().into()));
    }
    commands.insert_resource(OffscreenTarget(handle));
}

/// Stops the camera from reacting to the mouse while it is over a panel,
/// or while the observer's view is shown (a drag there turns the look).
pub fn gate_camera_input(
    egui_input: Option<Res<bevy_egui::input::EguiWantsInput>>,
    observer: Option<Res<super::observer::settings::ObserverSettings>>,
    mut cameras: Query<&mut PanOrbitCamera>,
) {
    let blocked = egui_input.is_some_and(|e| e.wants_any_pointer_input())
        || observer.is_some_and(|o| o.active);
    for mut camera in &mut cameras {
        if camera.enabled == blocked {
            camera.enabled = !blocked;
        }
    }
}
