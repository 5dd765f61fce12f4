//! Drawing the scene: Earth, atmosphere, stars, Sun and satellites, in two
//! render passes of our own inside Bevy's 3D main pass: the Earth, stars and
//! Sun before Bevy's atmosphere (which scatters light over them), the
//! satellites and the selection after it.
//!
//! The satellite instance buffer (12 bytes a satellite) is uploaded when the
//! fleet changes; per frame only the frame uniform (352 bytes) and the shell
//! terms (80 bytes a shell) are written.

pub mod assets;
pub mod data;
pub mod gpu;
mod passes;
pub mod pipelines;
mod prepare;
pub mod resources;
pub mod shaders;

use crate::viewer::links::lines::LinkLines;
use crate::viewer::safety::marks::SafetyMarks;
use crate::viewer::scene::catalog::CatalogGpu;
use crate::viewer::scene::fleet::SceneFleet;
use crate::viewer::scene::frame::SceneFrame;
use bevy::core_pipeline::core_3d::{main_opaque_pass_3d, main_transparent_pass_3d};
use bevy::core_pipeline::{Core3d, Core3dSystems};
use bevy::prelude::*;
use bevy::render::extract_component::ExtractComponentPlugin;
use bevy::render::extract_resource::ExtractResourcePlugin;
use bevy::render::{Render, RenderApp, RenderStartup, RenderSystems};
pub use resources::{BevyAtmosphereInUse, DrawCounter, SceneCamera};

/// Draws the scene for every [`SceneCamera`].
pub struct SceneRenderPlugin;

impl Plugin for SceneRenderPlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins((
            ExtractComponentPlugin::<SceneCamera>::default(),
            ExtractResourcePlugin::<SceneFleet>::default(),
            ExtractResourcePlugin::<SceneFrame>::default(),
            ExtractResourcePlugin::<CatalogGpu>::default(),
            ExtractResourcePlugin::<LinkLines>::default(),
            ExtractResourcePlugin::<SafetyMarks>::default(),
            ExtractResourcePlugin::<crate::viewer::scene::density::DensityColours>::default(),
        ));
        let counter = app
            .world_mut()
            .get_resource_or_init::<DrawCounter>()
            .clone();
        let atmosphere_in_use = app
            .world_mut()
            .get_resource_or_init::<BevyAtmosphereInUse>()
            .clone();
        let Some(render_app) = app.get_sub_app_mut(RenderApp) else {
            return;
        };
        render_app
            .insert_resource(counter)
            .insert_resource(atmosphere_in_use)
            .add_systems(RenderStartup, prepare::init_scene_gpu)
            .add_systems(
                Render,
                prepare::prepare_scene.in_set(RenderSystems::Prepare),
            )
            .add_systems(
                Core3d,
                // Earth, stars and Sun before Bevy's opaque pass (which
                // draws nothing here), so that Bevy's atmosphere, which
                // follows it, lays its scattering over them; the satellites
                // and the selection after it all.
                (
                    passes::draw_scene.before(main_opaque_pass_3d),
                    passes::draw_fleet.after(main_transparent_pass_3d),
                )
                    .in_set(Core3dSystems::MainPass),
            );
    }
}
