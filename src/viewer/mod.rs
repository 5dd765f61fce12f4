//! The Bevy app: a window (or an off-screen image) with the Earth, the Sun,
//! the stars and the fleet, a clock, a camera, keys and panels.
//!
//! One plugin per feature, each in its own folder or file: [`clock`],
//! [`scene`] and [`render`], [`camera`] (and the keys), [`picking`],
//! [`totals`], [`ui`] (the panels), [`record`], [`observer`] (the sky from
//! a site), [`links`] (laser links, gateways, routes), [`safety`] (close
//! approaches), [`web`] (browser). Features
//! order their systems through [`systems::ViewerSystems`] and talk through
//! [`messages`]; [`ViewerPlugin`] only adds them.

pub mod bench;
pub mod camera;
pub mod clock;
pub mod config;
pub mod ground;
pub mod links;
pub mod messages;
pub mod observer;
pub mod offscreen;
pub mod picking;
pub mod record;
pub mod render;
pub mod safety;
pub mod scene;
pub mod systems;
pub mod totals;
pub mod ui;
pub mod web;

use bevy::app::ScheduleRunnerPlugin;
use bevy::prelude::*;
use bevy::window::{ExitCondition, PresentMode, WindowResolution};
use bevy::winit::WinitPlugin;
use config::{Output, ViewerConfig};
use std::time::Duration;

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
        // Glyphs that egui draws into its font atlas this frame reach the
        // GPU this frame: the atlas's change is announced to the render
        // world after egui wrote it, not in the next frame (which left new
        // text with holes for one frame).
        .configure_sets(
            PostUpdate,
            bevy_egui::EguiPostUpdateSet::PostProcessOutput.before(bevy::asset::AssetEventSystems),
        )
        .add_plugins(ViewerPlugin {
            config: config.clone(),
        });
    if let Some(seconds) = config.bench_seconds {
        app.add_plugins(bench::BenchPlugin {
            seconds,
            process_start: config.process_start,
        });
    }
    app
}

/// Every feature of the viewer.
pub struct ViewerPlugin {
    /// Where to start.
    pub config: ViewerConfig,
}

impl Plugin for ViewerPlugin {
    fn build(&self, app: &mut App) {
        let config = &self.config;
        systems::configure_viewer_systems(app);
        messages::add_viewer_messages(app);
        let spec = &config.scene.constellation.spec;
        app.add_plugins(clock::ClockPlugin {
            start: config.clock.clone(),
        })
        .add_plugins(scene::ScenePlugin {
            scene: config.scene.clone(),
            limit: config.limit,
            atmosphere: config.atmosphere,
        })
        .add_plugins(render::SceneRenderPlugin)
        .add_plugins(camera::CameraPlugin {
            output: config.output,
        })
        .add_plugins(picking::PickingPlugin)
        .add_plugins(ground::GroundPlugin)
        .add_plugins(totals::TotalsPlugin {
            assumptions: totals::Assumptions {
                satellite: spec.satellite.clone(),
                fleet: spec.fleet.clone(),
                generation: 0,
            },
        })
        .add_plugins(ui::PanelsPlugin {
            layout_file: match config.output {
                Output::Window { .. } => ui::layout::LayoutFile::user_default(),
                Output::Image { .. } => ui::layout::LayoutFile(None),
            },
        })
        .add_plugins(record::RecordPlugin)
        .add_plugins(observer::ObserverPlugin {
            start: config.observer.clone(),
        })
        .add_plugins(links::LinksPlugin {
            start: config.links.clone(),
        })
        .add_plugins(safety::SafetyPlugin);
        #[cfg(target_arch = "wasm32")]
        app.add_plugins(web::page::WebPlugin);
    }
}

/// Why the viewer stopped with an error.
#[derive(Debug, thiserror::Error)]
#[error("the viewer stopped with code {0}")]
pub struct ViewerError(pub u8);

/// Runs an app made by [`build_app`] (and whatever the caller added) until
/// its window is closed.
pub fn run(mut app: App) -> Result<(), ViewerError> {
    match app.run() {
        AppExit::Success => Ok(()),
        AppExit::Error(code) => Err(ViewerError(code.get())),
    }
}
