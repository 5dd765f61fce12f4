//! Render-world preparation: the GPU resources made once, the fleet uploaded
//! when it changes, and per frame the frame uniform, the shells' terms and
//! the selected orbit.

use super::data;
use super::gpu::GpuFrame;
use super::pipelines::{
    IMPACT_FORMAT, SHELL_RATES_UNIFORM_BYTES, SHELLS_UNIFORM_BYTES, ScenePipelines,
};
use super::resources::{
    BevyAtmosphereInUse, LineBuffer, ORBIT_NEAR_KM, ORBIT_POINTS, SatelliteBuffers, SceneCamera,
    SceneGpu, ViewSceneUniform, bevy_atmosphere,
};
use crate::sky::impact::IMPACT_MAP_SIZE;
use crate::viewer::ground::GroundLines;
use crate::viewer::links::lines::{GpuLink, LinkLines};
use crate::viewer::observer::frame::{ObserverFrame, ViewMode};
use crate::viewer::observer::impact::ImpactTexture;
use crate::viewer::safety::marks::SafetyMarks;
use crate::viewer::scene::catalog::CatalogGpu;
use crate::viewer::scene::colour::ColourBy;
use crate::viewer::scene::density::DensityColours;
use crate::viewer::scene::fleet::{GpuFleet, GpuSatellite, SHELLS_PER_BATCH, SceneFleet};
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
    let (w, h) = (IMPACT_MAP_SIZE.width as u32, IMPACT_MAP_SIZE.height as u32);
    let impact_texture = device.create_texture(&TextureDescriptor {
        label: Some("impact_map"),
        size: Extent3d {
            width: w,
            height: h,
            depth_or_array_layers: 1,
        },
        mip_level_count: 1,
        sample_count: 1,
        dimension: TextureDimension::D2,
        format: IMPACT_FORMAT,
        usage: TextureUsages::TEXTURE_BINDING | TextureUsages::COPY_DST,
        view_formats: &[],
    });
    let impact_view = impact_texture.create_view(&TextureViewDescriptor::default());
    let earth_maps = device.create_bind_group(
        "earth_maps",
        &pipelines.earth_layout,
        &BindGroupEntries::sequential((&day, &aux, &sampler, &impact_view)),
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
        links: None,
        markers: None,
        ground: None,
        orbit: device.create_buffer(&BufferDescriptor {
            label: Some("orbit"),
            size: 2 * ORBIT_POINTS * size_of::<[f32; 3]>() as u64,
            usage: BufferUsages::VERTEX | BufferUsages::COPY_DST,
            mapped_at_creation: false,
        }),
        orbit_strips: Vec::new(),
        impact: (impact_texture, None),
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
    link_lines: Option<Res<LinkLines>>,
    marks: Option<Res<SafetyMarks>>,
    observer: Option<Res<ObserverFrame>>,
    impact: Option<Res<ImpactTexture>>,
    ground: Option<Res<GroundLines>>,
    density: Option<Res<DensityColours>>,
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
    // The links' lines: uploaded when they change.
    let links = link_lines.as_deref().filter(|l| !l.lines.is_empty());
    let mut uploaded = gpu.links.take().map(|(lines, _)| lines);
    upload_lines(
        &device,
        "link_lines",
        &mut uploaded,
        links.map(|l| &l.lines),
    );
    gpu.links = uploaded.zip(links.map(|l| l.batch));
    // The impact map: its counts, written when a new map is made.
    if let Some(texels) = impact.as_ref().and_then(|i| i.texels.clone())
        && gpu
            .impact
            .1
            .as_ref()
            .is_none_or(|t| !Arc::ptr_eq(t, &texels))
    {
        let (w, h) = (IMPACT_MAP_SIZE.width as u32, IMPACT_MAP_SIZE.height as u32);
        queue.write_texture(
            TexelCopyTextureInfo {
                texture: &gpu.impact.0,
                mip_level: 0,
                origin: Origin3d::ZERO,
                aspect: TextureAspect::All,
            },
            bytemuck::cast_slice(&texels),
            TexelCopyBufferLayout {
                offset: 0,
                bytes_per_row: Some(w * 2),
                rows_per_image: Some(h),
            },
            Extent3d {
                width: w,
                height: h,
                depth_or_array_layers: 1,
            },
        );
        gpu.impact.1 = Some(texels);
    }
    // The close approaches' markers, and each satellite's own colour (by
    // its close approaches or its neighbours), uploaded when they change.
    let own = match frame.colour_by {
        ColourBy::CloseApproaches => marks.as_deref().map(|m| (&m.colours, &m.for_fleet)),
        ColourBy::Density => density.as_deref().map(|d| (&d.colours, &d.for_fleet)),
        _ => None,
    };
    upload_marks(&device, &mut gpu, marks.as_deref(), own);
    // The selection's ground track and footprints, uploaded when they change.
    upload_lines(
        &device,
        "ground_track",
        &mut gpu.ground,
        ground.as_deref().map(|g| &g.lines),
    );
    // The selected satellite's orbit and its partner's: a few hundred
    // points each, at 0 and at ORBIT_POINTS.
    let orbits: [Vec<[f32; 3]>; 2] = [&frame.orbit, &frame.partner_orbit].map(|o| {
        o.iter()
            .take(ORBIT_POINTS as usize)
            .map(|p| p.to_array())
            .collect()
    });
    for (k, points) in orbits.iter().enumerate() {
        if !points.is_empty() {
            let offset = k as u64 * ORBIT_POINTS * size_of::<[f32; 3]>() as u64;
            queue.write_buffer(&gpu.orbit, offset, bytemuck::cast_slice(points));
        }
    }
    // Drawn as strips of the points in front of the camera: a line through
    // the camera's plane is left out there (lavapipe drew one that passed
    // close behind the camera as a filled wedge).
    let eye = views
        .iter()
        .next()
        .map(|(_, v, ..)| (v.world_from_view.translation(), v.world_from_view.forward()));
    gpu.orbit_strips.clear();
    for (k, points) in orbits.iter().enumerate() {
        let first = k as u32 * ORBIT_POINTS as u32;
        let in_front = |p: &[f32; 3]| {
            eye.is_none_or(|(at, forward)| {
                (Vec3::from_array(*p) - at).dot(*forward) > ORBIT_NEAR_KM
            })
        };
        let mut start: Option<u32> = None;
        for (i, p) in points.iter().enumerate() {
            let i = first + i as u32;
            match (in_front(p), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    gpu.orbit_strips.push(s..i);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            gpu.orbit_strips.push(s..first + points.len() as u32);
        }
    }
    gpu.orbit_strips.retain(|r| r.len() > 1);
    let has_own_colours = gpu
        .satellites
        .as_ref()
        .is_some_and(|s| s.colours_from.is_some());
    let colour_mode = match frame.colour_by {
        ColourBy::CloseApproaches | ColourBy::Density if !has_own_colours => ColourBy::Sunlight,
        mode => mode,
    }
    .shader_mode();
    let tint = if observer.as_ref().is_none_or(|o| o.tint_satellites) {
        1.0
    } else {
        0.0
    };
    let colour_scale = frame
        .colour_scale
        .map_or([0.0, 1.0, tint, 0.0], |s| [s.low, s.high, tint, 0.0]);
    // The shells' terms: 80 bytes a shell, every frame.
    if let Some(sats) = &gpu.satellites {
        for (batch, (buffer, _)) in sats.fleet.batches.iter().zip(&sats.batches) {
            let terms = frame.shells.get(batch.shells.clone()).unwrap_or_default();
            if !terms.is_empty() {
                queue.write_buffer(buffer, 0, bytemuck::cast_slice(terms));
            }
        }
    }
    let observer = observer.map(|o| o.clone()).unwrap_or_default();
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
            earth: [cos_g, sin_g, colour_mode, 1.0],
            catalog: [
                tau_min[0],
                tau_min[1],
                if bevy_atmosphere { 1.0 } else { 0.0 },
                0.0,
            ],
            selected: frame.selected.map_or([0.0; 4], |p| [p.x, p.y, p.z, 1.0]),
            colour_scale,
            show_only: frame.filter.0,
            show_only_inclination: frame.filter.1,
            ..observer_uniform(&observer)
        };
        let observer_on = observer.mode != ViewMode::Space;
        let trails = observer_on && observer.exposure_s > 0.0;
        match uniform {
            Some(mut u) => {
                queue.write_buffer(&u.buffer, 0, bytemuck::bytes_of(&uniform_data));
                u.bevy_atmosphere = bevy_atmosphere;
                u.observer = observer_on;
                u.trails = trails;
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
                    observer: observer_on,
                    trails,
                });
            }
        }
    }
}

/// The observer's part of the frame uniform (the rest of [`GpuFrame`] zeroed).
fn observer_uniform(o: &ObserverFrame) -> GpuFrame {
    let v = |a: Vec3, w: f32| [a.x, a.y, a.z, w];
    let [east, north, up] = o.enu_world;
    let [forward, right, look_up] = o.look_world;
    let mode = match o.mode {
        ViewMode::Space => 0.0,
        ViewMode::AllSky => 1.0,
        ViewMode::Perspective => 2.0,
    };
    let (field_centre, field_cos) = o.field.unwrap_or((Vec3::Y, 2.0));
    let stars = o.stars_from_j2000;
    GpuFrame {
        site: v(o.site_world_km, mode),
        east: v(east, o.tan_half_fov),
        north: v(north, o.limiting_magnitude),
        up: v(up, o.standard_magnitude),
        look: v(forward, o.extinction),
        look_right: v(right, o.exposure_s),
        look_up: v(look_up, o.sun_altitude_rad),
        sky: [
            o.sky_brightness,
            if o.grid { 1.0 } else { 0.0 },
            if o.impact_top.is_some() { 1.0 } else { 0.0 },
            o.impact_top.unwrap_or(1.0),
        ],
        field: v(field_centre, field_cos),
        stars_x: v(stars.x_axis, 0.0),
        stars_y: v(stars.y_axis, 0.0),
        stars_z: v(stars.z_axis, 0.0),
        ..GpuFrame::zeroed()
    }
}

/// Lines to draw (none, or none left: nothing uploaded), uploaded into
/// `slot` when they are not those it holds.
fn upload_lines(
    device: &RenderDevice,
    label: &'static str,
    slot: &mut Option<LineBuffer>,
    lines: Option<&Arc<Vec<GpuLink>>>,
) {
    let Some(lines) = lines.filter(|l| !l.is_empty()) else {
        *slot = None;
        return;
    };
    if slot.as_ref().is_some_and(|(a, ..)| Arc::ptr_eq(a, lines)) {
        return;
    }
    let buffer = device.create_buffer_with_data(&BufferInitDescriptor {
        label: Some(label),
        contents: bytemuck::cast_slice(lines),
        usage: BufferUsages::VERTEX,
    });
    *slot = Some((lines.clone(), buffer, lines.len() as u32));
}

/// Each satellite's own colours: what they are, and the drawn fleet they are for.
type OwnColours<'a> = (&'a Arc<Vec<[u8; 4]>>, &'a Option<Arc<GpuFleet>>);

/// The close approaches' markers (when they change) and the satellites'
/// own colours `own` (when they change, or the fleet was uploaded again).
fn upload_marks(
    device: &RenderDevice,
    gpu: &mut SceneGpu,
    marks: Option<&SafetyMarks>,
    own: Option<OwnColours>,
) {
    upload_lines(
        device,
        "conjunction_markers",
        &mut gpu.markers,
        marks.map(|m| &m.lines),
    );
    let Some(sats) = gpu.satellites.as_mut() else {
        return;
    };
    // Colours for exactly the instances uploaded, or none.
    let wanted = own.filter(|(colours, for_fleet)| {
        !colours.is_empty()
            && for_fleet
                .as_ref()
                .is_some_and(|f| Arc::ptr_eq(f, &sats.fleet))
    });
    match wanted {
        Some((colours, _)) => {
            if sats
                .colours_from
                .as_ref()
                .is_none_or(|c| !Arc::ptr_eq(c, colours))
            {
                sats.colours = device.create_buffer_with_data(&BufferInitDescriptor {
                    label: Some("satellite_colours"),
                    contents: bytemuck::cast_slice(colours),
                    usage: BufferUsages::VERTEX,
                });
                sats.colours_from = Some(colours.clone());
            }
        }
        None => {
            if sats.colours_from.is_some() {
                sats.colours = zero_colours(device, sats.fleet.instances.len());
                sats.colours_from = None;
            }
        }
    }
}

/// A colour buffer of zeros for `n` instances (at least one).
fn zero_colours(device: &RenderDevice, n: usize) -> Buffer {
    device.create_buffer(&BufferDescriptor {
        label: Some("satellite_colours"),
        size: (n.max(1) * 4) as u64,
        usage: BufferUsages::VERTEX,
        mapped_at_creation: false,
    })
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
        .map(|batch| {
            let buffer = device.create_buffer(&BufferDescriptor {
                label: Some("shell_terms"),
                size: SHELLS_UNIFORM_BYTES,
                usage: BufferUsages::UNIFORM | BufferUsages::COPY_DST,
                mapped_at_creation: false,
            });
            // Secular rates, rad/s: Ω̇ and Ṁ + ω̇ (trails step back along
            // them); the mean semi-major axis, km (the speed colour mode).
            let mut rates = vec![[0f32; 4]; SHELL_RATES_UNIFORM_BYTES as usize / 16];
            for (slot, shell) in rates.iter_mut().zip(
                fleet
                    .fleet
                    .shells
                    .get(batch.shells.clone())
                    .unwrap_or_default(),
            ) {
                let o = &shell.shell.orbit;
                *slot = [
                    (o.node_dot_rad_min / 60.0) as f32,
                    ((o.mean_anomaly_dot_rad_min + o.perigee_dot_rad_min) / 60.0) as f32,
                    o.semi_major_axis_km() as f32,
                    0.0,
                ];
            }
            let rates = device.create_buffer_with_data(&BufferInitDescriptor {
                label: Some("shell_rates"),
                contents: bytemuck::cast_slice(&rates),
                usage: BufferUsages::UNIFORM,
            });
            let bind_group = device.create_bind_group(
                "shell_terms",
                &pipelines.shells_layout,
                &BindGroupEntries::sequential((
                    buffer.as_entire_binding(),
                    rates.as_entire_binding(),
                )),
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
        colours: zero_colours(device, gpu_fleet.instances.len()),
        colours_from: None,
        fleet: gpu_fleet,
        instances,
        batches,
    }
}
