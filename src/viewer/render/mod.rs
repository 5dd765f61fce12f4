//! Drawing the scene: Earth, atmosphere, stars, Sun and satellites, in two
//! render passes of our own inside Bevy's 3D main pass: the Earth, stars and
//! Sun before Bevy's atmosphere (which scatters light over them), the
//! satellites and the selection after it.
//!
//! The satellite instance buffer (12 bytes a satellite) is uploaded when the
//! fleet changes; per frame only the frame uniform (128 bytes) and the shell
//! terms (80 bytes a shell) are written.

pub mod data;
pub mod pipelines;
pub mod shaders;

use super::catalog::{CatalogGpu, GpuCatalogSatellite};
use super::scene::{GpuFleet, SHELLS_PER_BATCH, SceneFleet, SceneFrame};
use bevy::core_pipeline::core_3d::{main_opaque_pass_3d, main_transparent_pass_3d};
use bevy::core_pipeline::{Core3d, Core3dSystems};
use bevy::prelude::*;
use bevy::render::extract_component::{ExtractComponent, ExtractComponentPlugin};
use bevy::render::extract_resource::ExtractResourcePlugin;
use bevy::render::render_phase::TrackedRenderPass;
use bevy::render::render_resource::*;
use bevy::render::renderer::{RenderContext, RenderDevice, RenderQueue, ViewQuery};
use bevy::render::view::{ExtractedView, ViewDepthTexture, ViewTarget};
use bevy::render::{Render, RenderApp, RenderStartup, RenderSystems};
use bytemuck::{Pod, Zeroable};
use pipelines::{FRAME_UNIFORM_BYTES, SHELLS_UNIFORM_BYTES, ScenePipelines};
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

/// Draws the scene for every [`SceneCamera`].
pub struct SceneRenderPlugin;

impl Plugin for SceneRenderPlugin {
    fn build(&self, app: &mut App) {
        app.add_plugins((
            ExtractComponentPlugin::<SceneCamera>::default(),
            ExtractResourcePlugin::<SceneFleet>::default(),
            ExtractResourcePlugin::<SceneFrame>::default(),
            ExtractResourcePlugin::<CatalogGpu>::default(),
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
            .add_systems(RenderStartup, init_scene_gpu)
            .add_systems(Render, prepare_scene.in_set(RenderSystems::Prepare))
            .add_systems(
                Core3d,
                // Earth, stars and Sun before Bevy's opaque pass (which
                // draws nothing here), so that Bevy's atmosphere, which
                // follows it, lays its scattering over them; the satellites
                // and the selection after it all.
                (
                    draw_scene.before(main_opaque_pass_3d),
                    draw_fleet.after(main_transparent_pass_3d),
                )
                    .in_set(Core3dSystems::MainPass),
            );
    }
}

/// Bevy's atmosphere: the resource exists only where it loaded (the GPU has
/// compute shaders), the component on the views it renders.
#[cfg(feature = "atmosphere")]
mod bevy_atmosphere {
    pub type Loaded = bevy::pbr::resources::AtmosphereSampler;
    pub type OnView = bevy::pbr::ExtractedAtmosphere;
}
/// Without the `atmosphere` feature: types that are never inserted.
#[cfg(not(feature = "atmosphere"))]
mod bevy_atmosphere {
    use bevy::prelude::{Component, Resource};
    #[derive(Resource)]
    pub struct Loaded;
    #[derive(Component)]
    pub struct OnView;
}

/// The frame uniform (`Frame` in frame.wgsl).
#[repr(C)]
#[derive(Debug, Clone, Copy, Pod, Zeroable)]
struct GpuFrame {
    clip_from_world: [[f32; 4]; 4],
    camera: [f32; 4],
    sun: [f32; 4],
    viewport: [f32; 4],
    earth: [f32; 4],
    catalog: [f32; 4],
    selected: [f32; 4],
}

const _: () = assert!(std::mem::size_of::<GpuFrame>() as u64 == FRAME_UNIFORM_BYTES);

/// GPU resources that do not depend on the view.
#[derive(Resource)]
struct SceneGpu {
    pipelines: ScenePipelines,
    earth_vertices: Buffer,
    earth_indices: Buffer,
    earth_index_count: u32,
    earth_maps: BindGroup,
    stars: Buffer,
    star_count: u32,
    satellites: Option<SatelliteBuffers>,
    catalog: Option<(Arc<Vec<GpuCatalogSatellite>>, Buffer)>,
    /// The selected satellite's orbit: up to `ORBIT_POINTS` points, and how many are valid.
    orbit: Buffer,
    orbit_points: u32,
}

/// Points of the selected satellite's orbit line.
const ORBIT_POINTS: u64 = 257;

struct SatelliteBuffers {
    generation: u64,
    fleet: Arc<GpuFleet>,
    instances: Buffer,
    batches: Vec<(Buffer, BindGroup)>,
}

/// The frame uniform of one view.
#[derive(Component)]
struct ViewSceneUniform {
    buffer: Buffer,
    bind_group: BindGroup,
    /// Bevy's atmosphere draws this view's sky: no rim glow of our own.
    bevy_atmosphere: bool,
}

fn init_scene_gpu(mut commands: Commands, device: Res<RenderDevice>, queue: Res<RenderQueue>) {
    let pipelines = ScenePipelines::new(&device);
    let (vertices, indices) = data::earth_mesh(256, 128);
    let earth_vertices = device.create_buffer_with_data(&BufferInitDescriptor {
        label: Some("earth_vertices"),
        contents: bytemuck::cast_slice(&vertices),
        usage: BufferUsages::VERTEX,
    });
    let earth_indices = device.create_buffer_with_data(&BufferInitDescriptor {
        label: Some("earth_indices"),
        contents: bytemuck::cast_slice(&indices),
        usage: BufferUsages::INDEX,
    });
    let maps = super::assets::earth_maps();
    let day = upload_map(
        &device,
        &queue,
        "earth_day",
        &maps.day,
        TextureFormat::Rgba8UnormSrgb,
    );
    let aux = upload_map(
        &device,
        &queue,
        "earth_aux",
        &maps.aux,
        TextureFormat::Rgba8Unorm,
    );
    let sampler = device.create_sampler(&SamplerDescriptor {
        label: Some("earth_sampler"),
        address_mode_u: AddressMode::Repeat,
        address_mode_v: AddressMode::ClampToEdge,
        mag_filter: FilterMode::Linear,
        min_filter: FilterMode::Linear,
        mipmap_filter: MipmapFilterMode::Linear,
        anisotropy_clamp: 4,
        ..default()
    });
    let earth_maps = device.create_bind_group(
        "earth_maps",
        &pipelines.earth_layout,
        &BindGroupEntries::sequential((&day, &aux, &sampler)),
    );
    let stars = data::stars(super::assets::STARS_CSV);
    let star_buffer = device.create_buffer_with_data(&BufferInitDescriptor {
        label: Some("stars"),
        contents: bytemuck::cast_slice(&stars),
        usage: BufferUsages::VERTEX,
    });
    commands.insert_resource(SceneGpu {
        pipelines,
        earth_vertices,
        earth_indices,
        earth_index_count: indices.len() as u32,
        earth_maps,
        stars: star_buffer,
        star_count: stars.len() as u32,
        satellites: None,
        catalog: None,
        orbit: device.create_buffer(&BufferDescriptor {
            label: Some("orbit"),
            size: ORBIT_POINTS * 12,
            usage: BufferUsages::VERTEX | BufferUsages::COPY_DST,
            mapped_at_creation: false,
        }),
        orbit_points: 0,
    });
}

fn upload_map(
    device: &RenderDevice,
    queue: &RenderQueue,
    label: &str,
    map: &data::MipChain,
    format: TextureFormat,
) -> TextureView {
    let texture = device.create_texture_with_data(
        queue,
        &TextureDescriptor {
            label: Some(label),
            size: Extent3d {
                width: map.width,
                height: map.height,
                depth_or_array_layers: 1,
            },
            mip_level_count: map.levels.len() as u32,
            sample_count: 1,
            dimension: TextureDimension::D2,
            format,
            usage: TextureUsages::TEXTURE_BINDING,
            view_formats: &[],
        },
        TextureDataOrder::LayerMajor,
        &map.levels.concat(),
    );
    texture.create_view(&TextureViewDescriptor::default())
}

/// What `prepare_scene` reads of a scene view.
type SceneViewItems = (
    Entity,
    &'static ExtractedView,
    &'static Msaa,
    Option<&'static mut ViewSceneUniform>,
    Has<bevy_atmosphere::OnView>,
);

#[allow(clippy::too_many_arguments)]
fn prepare_scene(
    mut commands: Commands,
    device: Res<RenderDevice>,
    queue: Res<RenderQueue>,
    gpu: Option<ResMut<SceneGpu>>,
    fleet: Option<Res<SceneFleet>>,
    frame: Option<Res<SceneFrame>>,
    catalog: Option<Res<CatalogGpu>>,
    atmosphere_loaded: Option<Res<bevy_atmosphere::Loaded>>,
    atmosphere_in_use: Res<BevyAtmosphereInUse>,
    mut views: Query<SceneViewItems, With<SceneCamera>>,
) {
    let (Some(mut gpu), Some(fleet), Some(frame)) = (gpu, fleet, frame) else {
        return;
    };
    // The fleet: uploaded when it changes, not per frame.
    let stale = gpu
        .satellites
        .as_ref()
        .is_none_or(|s| s.generation != fleet.generation || !Arc::ptr_eq(&s.fleet, &fleet.gpu));
    if stale {
        gpu.satellites = Some(upload_fleet(&device, &gpu.pipelines, &fleet));
    }
    // The catalog: uploaded when it is re-based.
    let tau_min = catalog.as_ref().map_or([0.0; 2], |c| c.tau_min);
    if let Some(catalog) = &catalog {
        let stale = gpu
            .catalog
            .as_ref()
            .is_none_or(|(a, _)| !Arc::ptr_eq(a, &catalog.instances));
        if stale {
            gpu.catalog = (!catalog.instances.is_empty()).then(|| {
                let buffer = device.create_buffer_with_data(&BufferInitDescriptor {
                    label: Some("catalog_instances"),
                    contents: bytemuck::cast_slice(&catalog.instances),
                    usage: BufferUsages::VERTEX,
                });
                (catalog.instances.clone(), buffer)
            });
        }
    }
    // The selected satellite's orbit: a few hundred points.
    let points: Vec<[f32; 3]> = frame
        .orbit
        .iter()
        .take(ORBIT_POINTS as usize)
        .map(|p| p.to_array())
        .collect();
    if !points.is_empty() {
        queue.write_buffer(&gpu.orbit, 0, bytemuck::cast_slice(&points));
    }
    gpu.orbit_points = points.len() as u32;
    // The shells' terms: 80 bytes a shell, every frame.
    if let Some(sats) = &gpu.satellites {
        for (batch, (buffer, _)) in sats.fleet.batches.iter().zip(&sats.batches) {
            let terms = frame.shells.get(batch.shells.clone()).unwrap_or_default();
            if !terms.is_empty() {
                queue.write_buffer(buffer, 0, bytemuck::cast_slice(terms));
            }
        }
    }
    for (entity, view, msaa, uniform, atmosphere_on_view) in &mut views {
        let bevy_atmosphere = atmosphere_loaded.is_some() && atmosphere_on_view;
        atmosphere_in_use
            .0
            .store(bevy_atmosphere, Ordering::Relaxed);
        gpu.pipelines
            .ensure(&device, view.target_format, msaa.samples());
        let world_from_view = view.world_from_view.to_matrix();
        let clip_from_world = view
            .clip_from_world
            .unwrap_or_else(|| view.clip_from_view * world_from_view.inverse());
        // f = 1 / tan(fov_y / 2) for a perspective projection.
        let fov_y = 2.0 * (1.0 / view.clip_from_view.col(1).y).atan();
        let camera = view.world_from_view.translation();
        let sun = frame.sun_dir_world;
        let (sin_g, cos_g) = (frame.gmst_rad.sin() as f32, frame.gmst_rad.cos() as f32);
        let uniform_data = GpuFrame {
            clip_from_world: clip_from_world.to_cols_array_2d(),
            camera: [camera.x, camera.y, camera.z, fov_y],
            sun: [sun.x, sun.y, sun.z, frame.sun_distance_km],
            viewport: [
                view.viewport.z as f32,
                view.viewport.w as f32,
                frame.point_size_px,
                frame.gain,
            ],
            earth: [cos_g, sin_g, if frame.by_shell { 1.0 } else { 0.0 }, 1.0],
            catalog: [
                tau_min[0],
                tau_min[1],
                if bevy_atmosphere { 1.0 } else { 0.0 },
                0.0,
            ],
            selected: frame.selected.map_or([0.0; 4], |p| [p.x, p.y, p.z, 1.0]),
        };
        match uniform {
            Some(mut u) => {
                queue.write_buffer(&u.buffer, 0, bytemuck::bytes_of(&uniform_data));
                u.bevy_atmosphere = bevy_atmosphere;
            }
            None => {
                let buffer = device.create_buffer_with_data(&BufferInitDescriptor {
                    label: Some("scene_frame"),
                    contents: bytemuck::bytes_of(&uniform_data),
                    usage: BufferUsages::UNIFORM | BufferUsages::COPY_DST,
                });
                let bind_group = device.create_bind_group(
                    "scene_frame",
                    &gpu.pipelines.frame_layout,
                    &BindGroupEntries::single(buffer.as_entire_binding()),
                );
                commands.entity(entity).insert(ViewSceneUniform {
                    buffer,
                    bind_group,
                    bevy_atmosphere,
                });
            }
        }
    }
}

fn upload_fleet(
    device: &RenderDevice,
    pipelines: &ScenePipelines,
    fleet: &SceneFleet,
) -> SatelliteBuffers {
    let gpu_fleet = fleet.gpu.clone();
    // wgpu refuses empty buffers: keep one zeroed instance when there are none.
    let zero = [super::scene::GpuSatellite::zeroed()];
    let contents: &[super::scene::GpuSatellite] = if gpu_fleet.instances.is_empty() {
        &zero
    } else {
        &gpu_fleet.instances
    };
    let instances = device.create_buffer_with_data(&BufferInitDescriptor {
        label: Some("satellite_instances"),
        contents: bytemuck::cast_slice(contents),
        usage: BufferUsages::VERTEX,
    });
    let batches = gpu_fleet
        .batches
        .iter()
        .map(|_| {
            let buffer = device.create_buffer(&BufferDescriptor {
                label: Some("shell_terms"),
                size: SHELLS_UNIFORM_BYTES,
                usage: BufferUsages::UNIFORM | BufferUsages::COPY_DST,
                mapped_at_creation: false,
            });
            let bind_group = device.create_bind_group(
                "shell_terms",
                &pipelines.shells_layout,
                &BindGroupEntries::single(buffer.as_entire_binding()),
            );
            (buffer, bind_group)
        })
        .collect();
    debug_assert!(
        gpu_fleet
            .batches
            .iter()
            .all(|b| b.shells.len() <= SHELLS_PER_BATCH)
    );
    SatelliteBuffers {
        generation: fleet.generation,
        fleet: gpu_fleet,
        instances,
        batches,
    }
}

/// What the scene's passes read of the view.
type SceneView<'w, 's> = ViewQuery<
    'w,
    's,
    (
        &'static ExtractedView,
        &'static ViewTarget,
        &'static ViewDepthTexture,
        &'static Msaa,
        &'static ViewSceneUniform,
    ),
    With<SceneCamera>,
>;

/// A pass onto the view's colour and depth, with the frame uniform bound.
fn begin_pass<'a>(
    ctx: &'a mut RenderContext,
    label: &'static str,
    target: &ViewTarget,
    depth: &ViewDepthTexture,
    uniform: &'a ViewSceneUniform,
) -> TrackedRenderPass<'a> {
    let mut pass = ctx.begin_tracked_render_pass(RenderPassDescriptor {
        label: Some(label),
        color_attachments: &[Some(target.get_color_attachment())],
        depth_stencil_attachment: Some(depth.get_attachment(StoreOp::Store)),
        timestamp_writes: None,
        occlusion_query_set: None,
        multiview_mask: None,
    });
    pass.set_bind_group(0, &uniform.bind_group, &[]);
    pass
}

/// The Earth (with the rim glow where Bevy's atmosphere is not drawn), the
/// stars and the Sun.
fn draw_scene(view: SceneView, gpu: Option<Res<SceneGpu>>, mut ctx: RenderContext) {
    let Some(gpu) = gpu else {
        return;
    };
    let (extracted, target, depth, msaa, uniform) = view.into_inner();
    let Some(pipes) = gpu.pipelines.get(extracted.target_format, msaa.samples()) else {
        return;
    };
    let mut pass = begin_pass(&mut ctx, "megaconstellation_scene", target, depth, uniform);

    pass.set_render_pipeline(&pipes.earth);
    pass.set_bind_group(1, &gpu.earth_maps, &[]);
    pass.set_vertex_buffer(0, gpu.earth_vertices.slice(..));
    pass.set_index_buffer(gpu.earth_indices.slice(..), IndexFormat::Uint32);
    pass.draw_indexed(0..gpu.earth_index_count, 0, 0..1);

    if !uniform.bevy_atmosphere {
        pass.set_render_pipeline(&pipes.atmosphere);
        pass.draw_indexed(0..gpu.earth_index_count, 0, 0..1);
    }

    pass.set_render_pipeline(&pipes.stars);
    pass.set_vertex_buffer(0, gpu.stars.slice(..));
    pass.draw(0..3, 0..gpu.star_count);

    pass.set_render_pipeline(&pipes.sun);
    pass.draw(0..3, 0..1);
}

/// The satellites, the catalog and the selected satellite's orbit and
/// marker, drawn after Bevy's atmosphere: they are above the air, so it
/// neither dims nor tints them, and the selection stays crisp.
fn draw_fleet(
    view: SceneView,
    gpu: Option<Res<SceneGpu>>,
    counter: Res<DrawCounter>,
    mut ctx: RenderContext,
) {
    let Some(gpu) = gpu else {
        return;
    };
    let (extracted, target, depth, msaa, uniform) = view.into_inner();
    let Some(pipes) = gpu.pipelines.get(extracted.target_format, msaa.samples()) else {
        return;
    };
    let mut pass = begin_pass(&mut ctx, "megaconstellation_fleet", target, depth, uniform);
    if let Some(sats) = &gpu.satellites {
        pass.set_render_pipeline(&pipes.satellites);
        pass.set_vertex_buffer(0, sats.instances.slice(..));
        for (batch, (_, bind_group)) in sats.fleet.batches.iter().zip(&sats.batches) {
            if batch.instances.is_empty() {
                continue;
            }
            pass.set_bind_group(1, bind_group, &[]);
            pass.draw(0..3, batch.instances.clone());
        }
        counter.0.fetch_add(1, Ordering::Relaxed);
    }
    if let Some((instances, buffer)) = &gpu.catalog {
        pass.set_render_pipeline(&pipes.catalog);
        pass.set_vertex_buffer(0, buffer.slice(..));
        pass.draw(0..3, 0..instances.len() as u32);
    }
    if gpu.orbit_points > 1 {
        pass.set_render_pipeline(&pipes.orbit);
        pass.set_vertex_buffer(0, gpu.orbit.slice(..));
        pass.draw(0..gpu.orbit_points, 0..1);
        pass.set_render_pipeline(&pipes.marker);
        pass.draw(0..3, 0..1);
    }
}
