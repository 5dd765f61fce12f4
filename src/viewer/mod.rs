//! The Bevy app: a window (or an off-screen image) with the Earth, the Sun,
//! the stars and the fleet, a clock, a camera and keys.
//!
//! One plugin per feature: [`clock::SimClockPlugin`], [`render::SceneRenderPlugin`],
//! and the systems wired in [`ViewerPlugin`].

pub mod assets;
pub mod bench;
pub mod camera;
pub mod captions;
pub mod catalog;
pub mod clock;
pub mod controls;
pub mod offscreen;
pub mod picking;
#[cfg(not(target_arch = "wasm32"))]
pub mod record;
pub mod render;
pub mod scene;
pub mod script;
#[cfg(feature = "atmosphere")]
pub mod sky;
pub mod totals;
pub mod ui;

use bevy::app::ScheduleRunnerPlugin;
use bevy::camera::RenderTarget;
use bevy::platform::time::Instant;
use bevy::prelude::*;
use bevy::render::render_resource::{TextureFormat, TextureUsages};
use bevy::window::{ExitCondition, PresentMode, WindowResolution};
use bevy::winit::WinitPlugin;
use clock::{SimClock, SimClockPlugin};
use scene::{SatelliteStyle, SceneFleet, SceneFrame};
use std::time::Duration;

/// Where the scene goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Output {
    /// A window of this size (logical pixels).
    Window {
        /// Width.
        width: u32,
        /// Height.
        height: u32,
    },
    /// An off-screen image of this size; no window, no display needed.
    Image {
        /// Width.
        width: u32,
        /// Height.
        height: u32,
    },
}

/// Everything the viewer starts from.
#[derive(Clone)]
pub struct ViewerConfig {
    /// The constellation and what to draw of it.
    pub scene: SceneFleet,
    /// The clock at start.
    pub clock: SimClock,
    /// Window or image.
    pub output: Output,
    /// `--bench SECONDS`.
    pub bench_seconds: Option<f64>,
    /// When the process started (for `first_frame_s`).
    pub process_start: Instant,
    /// `--limit`: at most this many satellites drawn (kept when the constellation changes).
    pub limit: Option<usize>,
    /// Bevy's atmosphere where the GPU can draw it (feature `atmosphere`);
    /// false (`--no-atmosphere`): the cheaper rim glow.
    pub atmosphere: bool,
}

/// The handle of the off-screen image in [`Output::Image`] mode.
#[derive(Resource, Clone)]
pub struct OffscreenTarget(pub Handle<Image>);

/// Builds the app. In image mode call `app.finish(); app.cleanup();` and
/// then `app.update()` per frame.
pub fn build_app(config: ViewerConfig) -> App {
    let mut app = App::new();
    let title = format!(
        "megaconstellation — {}",
        config.scene.constellation.display_name()
    );
    match config.output {
        Output::Window { width, height } => {
            app.add_plugins(DefaultPlugins.set(WindowPlugin {
                primary_window: Some(Window {
                    title,
                    resolution: WindowResolution::new(width, height),
                    // In the browser: the page's canvas, filling its parent.
                    canvas: Some("#megaconstellation".into()),
                    fit_canvas_to_parent: true,
                    prevent_default_event_handling: true,
                    present_mode: if config.bench_seconds.is_some() {
                        PresentMode::AutoNoVsync
                    } else {
                        PresentMode::AutoVsync
                    },
                    ..default()
                }),
                ..default()
            }));
        }
        Output::Image { .. } => {
            app.add_plugins(
                DefaultPlugins
                    .set(WindowPlugin {
                        primary_window: None,
                        exit_condition: ExitCondition::DontExit,
                        ..default()
                    })
                    // Every pipeline is ready in the frame that first needs
                    // it, so that frame n is the same picture in every run.
                    .set(bevy::render::RenderPlugin {
                        synchronous_pipeline_compilation: true,
                        ..default()
                    })
                    .disable::<WinitPlugin>(),
            )
            .add_plugins(ScheduleRunnerPlugin::run_loop(Duration::ZERO));
        }
    }
    app.add_plugins(bevy_egui::EguiPlugin::default())
        .add_plugins(bevy_panorbit_camera::PanOrbitCameraPlugin)
        .add_plugins(ViewerPlugin {
            config: config.clone(),
        });
    #[cfg(feature = "atmosphere")]
    if config.atmosphere {
        app.add_plugins(sky::SkyPlugin);
    }
    if let Some(seconds) = config.bench_seconds {
        app.add_plugins(bench::BenchPlugin {
            seconds,
            process_start: config.process_start,
        });
    }
    app
}

/// The scene, the clock, the camera and the keys.
pub struct ViewerPlugin {
    /// Where to start.
    pub config: ViewerConfig,
}

impl Plugin for ViewerPlugin {
    fn build(&self, app: &mut App) {
        let config = self.config.clone();
        app.add_plugins(SimClockPlugin {
            start: config.clock.clone(),
        })
        .insert_resource(config.scene.clone())
        .insert_resource(totals::Assumptions {
            satellite: config.scene.constellation.spec.satellite.clone(),
            fleet: config.scene.constellation.spec.fleet.clone(),
            generation: 0,
        })
        .init_resource::<totals::TotalsState>()
        .init_resource::<bench::TotalsTiming>()
        .init_resource::<picking::Selection>()
        .insert_resource(ui::DrawLimit(config.limit))
        .insert_resource(match config.output {
            Output::Window { .. } => ui::LayoutFile::user_default(),
            Output::Image { .. } => ui::LayoutFile(None),
        })
        .add_plugins(ui::PanelsPlugin)
        .init_resource::<SatelliteStyle>()
        .init_resource::<SceneFrame>()
        .init_resource::<catalog::CatalogGpu>()
        .init_resource::<controls::Overlays>()
        .init_resource::<captions::Captions>()
        .add_plugins(render::SceneRenderPlugin)
        .add_systems(
            Startup,
            move |mut commands: Commands,
                  mut images: ResMut<Assets<Image>>,
                  clock: Res<SimClock>| {
                setup_scene(&mut commands, &mut images, &clock, config.output);
            },
        )
        .add_systems(
            Update,
            (
                scene::update_scene_frame,
                catalog::update_catalog_gpu,
                controls::handle_keys,
                controls::gate_camera_input,
                picking::pick_on_click,
                picking::follow_and_mark,
                totals::refresh_totals,
            )
                .chain(),
        )
        .add_systems(
            bevy_egui::EguiPrimaryContextPass,
            (controls::overlay_ui, captions::captions_ui),
        );
    }
}

fn setup_scene(
    commands: &mut Commands,
    images: &mut Assets<Image>,
    clock: &SimClock,
    output: Output,
) {
    let sun = crate::sun::sun_position(crate::time::julian_date(clock.now()));
    let sun_dir = scene::world_from_teme(sun.direction_in_teme).normalize();
    let camera = camera::spawn_camera(commands, sun_dir);
    if let Output::Image { width, height } = output {
        let mut image =
            Image::new_target_texture(width, height, TextureFormat::Rgba8UnormSrgb, None);
        image.texture_descriptor.usage |= TextureUsages::COPY_SRC;
        let handle = images.add(image);
        commands
            .entity(camera)
            .insert(RenderTarget::Image(handle.clone().into()));
        commands.insert_resource(OffscreenTarget(handle));
    }
}

/// Runs the viewer from the command line's options.
#[cfg(not(target_arch = "wasm32"))]
pub fn run(args: &crate::cli::ViewArgs, process_start: Instant) -> anyhow::Result<()> {
    use anyhow::Context;
    let constellation = args.source.load()?;
    let start = match &args.at {
        Some(t) => crate::time::parse_instant(t)
            .map_err(anyhow::Error::msg)
            .context("--at")?,
        None => chrono::Utc::now(),
    };
    if let Some(w) = args.warp {
        clock::check_warp(w).map_err(|e| anyhow::anyhow!("--warp {w}: {e}"))?;
    }
    if let Some(b) = args.bench
        && !(b.is_finite() && b > 0.0 && b <= 3600.0)
    {
        anyhow::bail!("--bench {b}: expected seconds, more than 0 and at most 3600");
    }
    let scene = SceneFleet::new(constellation, args.limit)?;
    let config = ViewerConfig {
        scene,
        clock: SimClock::new(start, args.warp.unwrap_or(1.0), args.paused),
        output: Output::Window {
            width: 1280,
            height: 720,
        },
        bench_seconds: args.bench,
        process_start,
        limit: args.limit,
        atmosphere: !args.no_atmosphere,
    };
    let exit = build_app(config).run();
    match exit {
        AppExit::Success => Ok(()),
        AppExit::Error(code) => anyhow::bail!("the viewer stopped with code {code}"),
    }
}
