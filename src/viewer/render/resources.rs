//! The scene's render-world resources: the camera marker, the counters
//! read by tests and `--bench`, the GPU buffers made once or on change, and
//! each view's frame uniform.

use super::pipelines::ScenePipelines;
use crate::viewer::links::lines::GpuLink;
use crate::viewer::scene::catalog::GpuCatalogSatellite;
use crate::viewer::scene::fleet::GpuFleet;
use bevy::prelude::*;
use bevy::render::extract_component::ExtractComponent;
use bevy::render::render_resource::{BindGroup, Buffer, Texture};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Marks the camera that shows the scene.
#[derive(Component, Clone, Copy, Default, ExtractComponent)]
pub struct SceneCamera;

/// Counts frames in which the satellites were drawn (read by `--bench` and tests).
#[derive(Resource, Clone, Default)]
pub struct DrawCounter(pub Arc<AtomicU64>);

impl DrawCounter {
    /// Frames drawn so far.
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Whether Bevy's atmosphere drew the air in the last frame (otherwise the
/// scene's rim glow did): read by tests and `--bench`.
#[derive(Resource, Clone, Default)]
pub struct BevyAtmosphereInUse(pub Arc<AtomicBool>);

impl BevyAtmosphereInUse {
    /// As of the last frame prepared.
    pub fn get(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Bevy's atmosphere: the resource exists only where it loaded (the GPU has
/// compute shaders), the component on the views it renders.
#[cfg(feature = "atmosphere")]
pub(super) mod bevy_atmosphere {
    pub type Loaded = bevy::pbr::resources::AtmosphereSampler;
    pub type OnView = bevy::pbr::ExtractedAtmosphere;
}
/// Without the `atmosphere` feature: types that are never inserted.
#[cfg(not(feature = "atmosphere"))]
pub(super) mod bevy_atmosphere {
    use bevy::prelude::{Component, Resource};
    #[derive(Resource)]
    pub struct Loaded;
    #[derive(Component)]
    pub struct OnView;
}

/// GPU resources that do not depend on the view.
#[derive(Resource)]
pub(super) struct SceneGpu {
    pub(super) pipelines: ScenePipelines,
    pub(super) earth_vertices: Buffer,
    pub(super) earth_indices: Buffer,
    pub(super) earth_index_count: u32,
    pub(super) earth_maps: BindGroup,
    pub(super) stars: Buffer,
    pub(super) star_count: u32,
    pub(super) satellites: Option<SatelliteBuffers>,
    pub(super) catalog: Option<(Arc<Vec<GpuCatalogSatellite>>, Buffer)>,
    /// The selected satellite's orbit: up to `ORBIT_POINTS` points, and how many are valid.
    pub(super) orbit: Buffer,
    /// The runs of points drawn as line strips (those in front of the camera).
    pub(super) orbit_strips: Vec<std::ops::Range<u32>>,
    /// The impact map's texture, and the counts last written to it.
    pub(super) impact: (Texture, Option<Arc<Vec<u16>>>),
    /// The link lines as uploaded, and the batch whose shells they read.
    pub(super) links: Option<(LineBuffer, usize)>,
    /// The close approaches' markers as uploaded.
    pub(super) markers: Option<LineBuffer>,
    /// The selection's ground track and footprints as uploaded.
    pub(super) ground: Option<LineBuffer>,
}

/// Lines as uploaded: what they were made from, the buffer, and how many.
pub(super) type LineBuffer = (Arc<Vec<GpuLink>>, Buffer, u32);

/// Points of the selected satellite's orbit line (the buffer holds two:
/// the selection's and its partner's, from `ORBIT_POINTS` on).
pub(super) const ORBIT_POINTS: u64 = 257;

/// Orbit points nearer the camera's plane than this are not drawn, km.
pub(super) const ORBIT_NEAR_KM: f32 = 2.0;

pub(super) struct SatelliteBuffers {
    pub(super) generation: u64,
    pub(super) fleet: Arc<GpuFleet>,
    pub(super) instances: Buffer,
    /// One RGBA8 colour a satellite (the Safety section's colour mode),
    /// what it was made from (none: zeros, made with the instances).
    pub(super) colours: Buffer,
    pub(super) colours_from: Option<Arc<Vec<[u8; 4]>>>,
    /// Per batch: the shells' terms (written every frame) and the bind
    /// group of them and their secular rates (written once).
    pub(super) batches: Vec<(Buffer, BindGroup)>,
}

/// The frame uniform of one view.
#[derive(Component)]
pub(super) struct ViewSceneUniform {
    pub(super) buffer: Buffer,
    pub(super) bind_group: BindGroup,
    /// Bevy's atmosphere draws this view's sky: no rim glow of our own.
    pub(super) bevy_atmosphere: bool,
    /// The observer's view: the sky dome instead of the Earth, no orbit line.
    pub(super) observer: bool,
    /// Trails over an exposure are drawn.
    pub(super) trails: bool,
}
