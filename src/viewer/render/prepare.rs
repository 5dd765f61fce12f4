//! Render-world preparation: the GPU resources made once, the fleet uploaded
//! when it changes, and per frame the frame uniform, the shells' terms and
//! the selected orbit.

use super::data;
use super::gpu::GpuFrame;
use super::pipelines::{SHELLS_UNIFORM_BYTES, ScenePipelines};
use super::resources::{
    BevyAtmosphereInUse, ORBIT_POINTS, SatelliteBuffers, SceneCamera, SceneGpu, ViewSceneUniform,
    bevy_atmosphere,
};
use crate::viewer::scene::catalog::CatalogGpu;
use crate::viewer::scene::fleet::{GpuSatellite, SHELLS_PER_BATCH, SceneFleet};
use crate::viewer::scene::frame::SceneFrame;
use bevy::prelude::*;
use bevy::render::render_resource::*;
use bevy::render::renderer::{RenderDevice, RenderQueue};
use bevy::render::view::ExtractedView;
use bytemuck::Zeroable;
use std::sync::Arc;
use std::sync::atomic::Ordering;

pub(super) fn init_scene_gpu(
    mut commands: Commands,
    device: Res<RenderDevice>,
    queue: Res<RenderQueue>,
) {
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
            size: ORBIT_POINTS * size_of::<[f32; 3]>() as u64,
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
pub(super) fn prepare_scene(
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
    let zero = [GpuSatellite::zeroed()];
    let contents: &[GpuSatellite] = if gpu_fleet.instances.is_empty() {
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
