//! Bind group layouts, shader modules and pipelines of the scene, created
//! directly on the render device (synchronously, once per target format and
//! sample count).

use super::data::{EarthVertex, GpuStar};
use super::gpu::GpuFrame;
use super::shaders;
use crate::viewer::links::lines::GpuLink;
use crate::viewer::scene::catalog::GpuCatalogSatellite;
use crate::viewer::scene::fleet::{GpuSatellite, GpuShellTerms, SHELLS_PER_BATCH};
use bevy::core_pipeline::core_3d::CORE_3D_DEPTH_FORMAT;
use bevy::platform::collections::HashMap;
use bevy::prelude::*;
use bevy::render::render_resource::binding_types::{sampler, texture_2d, uniform_buffer_sized};
use bevy::render::render_resource::*;
use bevy::render::renderer::RenderDevice;
use std::num::NonZeroU64;

/// Size of the per-frame uniform (`Frame` in frame.wgsl), bytes.
pub const FRAME_UNIFORM_BYTES: u64 = size_of::<GpuFrame>() as u64;
/// Size of one shell batch's uniform (192 `ShellTerms`), bytes.
pub const SHELLS_UNIFORM_BYTES: u64 = (SHELLS_PER_BATCH * size_of::<GpuShellTerms>()) as u64;
/// Size of one shell batch's secular rates (192 `vec4<f32>`), bytes.
pub const SHELL_RATES_UNIFORM_BYTES: u64 = (SHELLS_PER_BATCH * size_of::<[f32; 4]>()) as u64;
/// Vertices of one satellite's trail: two per segment (`TRAIL_SEGMENTS` in satellites.wgsl).
pub const TRAIL_VERTICES: u32 = 32;

/// The pipelines for one render target (format, samples).
pub struct PipelineSet {
    /// The Earth (writes depth).
    pub earth: RenderPipeline,
    /// The atmosphere glow.
    pub atmosphere: RenderPipeline,
    /// The stars.
    pub stars: RenderPipeline,
    /// The Sun.
    pub sun: RenderPipeline,
    /// The shell satellites.
    pub satellites: RenderPipeline,
    /// The catalog satellites.
    pub catalog: RenderPipeline,
    /// The selected satellite's orbit (a line strip).
    pub orbit: RenderPipeline,
    /// The ring around the selected satellite.
    pub marker: RenderPipeline,
    /// The observer's sky and ground behind everything.
    pub dome: RenderPipeline,
    /// The observer's ground again, over Bevy's atmosphere.
    pub ground: RenderPipeline,
    /// The shell satellites' trails over an exposure (line lists).
    pub trails: RenderPipeline,
    /// Laser links, a route and the gateways (line lists).
    pub links: RenderPipeline,
}

/// The impact map's texture: equirectangular, one 16-bit float a place
/// (filterable everywhere, WebGL2 included), written from the CPU.
pub const IMPACT_FORMAT: TextureFormat = TextureFormat::R16Float;

/// Layouts and modules, and the pipelines made from them so far.
#[derive(Resource)]
pub struct ScenePipelines {
    /// Group 0 everywhere: the frame uniform.
    pub frame_layout: BindGroupLayout,
    /// Group 1 of the satellites: a shell batch.
    pub shells_layout: BindGroupLayout,
    /// Group 1 of the Earth: its maps.
    pub earth_layout: BindGroupLayout,
    modules: Modules,
    layouts: Layouts,
    sets: HashMap<(TextureFormat, u32), PipelineSet>,
}

/// A shell satellite's instance attributes: phase (node, mean anomaly) and shell index.
fn satellite_instance_attributes() -> [VertexAttribute; 2] {
    [
        VertexAttribute {
            format: VertexFormat::Float32x2,
            offset: 0,
            shader_location: 0,
        },
        VertexAttribute {
            format: VertexFormat::Uint32,
            offset: 8,
            shader_location: 1,
        },
    ]
}

struct Modules {
    satellites: ShaderModule,
    earth: ShaderModule,
    atmosphere: ShaderModule,
    sky: ShaderModule,
    overlay: ShaderModule,
}

struct Layouts {
    frame_only: PipelineLayout,
    with_shells: PipelineLayout,
    with_maps: PipelineLayout,
}

fn module(device: &RenderDevice, label: &str, source: String) -> ShaderModule {
    device.create_and_validate_shader_module(ShaderModuleDescriptor {
        label: Some(label),
        source: ShaderSource::Wgsl(source.into()),
    })
}

impl ScenePipelines {
    /// Compiles the shaders and makes the layouts.
    pub fn new(device: &RenderDevice) -> Self {
        let frame_layout = device.create_bind_group_layout(
            "scene_frame_layout",
            &BindGroupLayoutEntries::single(
                ShaderStages::VERTEX_FRAGMENT,
                uniform_buffer_sized(false, NonZeroU64::new(FRAME_UNIFORM_BYTES)),
            ),
        );
        let shells_layout = device.create_bind_group_layout(
            "scene_shells_layout",
            &BindGroupLayoutEntries::sequential(
                ShaderStages::VERTEX,
                (
                    uniform_buffer_sized(false, NonZeroU64::new(SHELLS_UNIFORM_BYTES)),
                    uniform_buffer_sized(false, NonZeroU64::new(SHELL_RATES_UNIFORM_BYTES)),
                ),
            ),
        );
        let earth_layout = device.create_bind_group_layout(
            "scene_earth_layout",
            &BindGroupLayoutEntries::sequential(
                ShaderStages::FRAGMENT,
                (
                    texture_2d(TextureSampleType::Float { filterable: true }),
                    texture_2d(TextureSampleType::Float { filterable: true }),
                    sampler(SamplerBindingType::Filtering),
                    texture_2d(TextureSampleType::Float { filterable: true }),
                ),
            ),
        );
        let pipeline_layout = |label: &str, groups: &[&BindGroupLayout]| {
            let groups: Vec<_> = groups.iter().map(|g| Some(&***g)).collect();
            device.create_pipeline_layout(&PipelineLayoutDescriptor {
                label: Some(label),
                bind_group_layouts: &groups,
                immediate_size: 0,
            })
        };
        let layouts = Layouts {
            frame_only: pipeline_layout("scene_frame_only", &[&frame_layout]),
            with_shells: pipeline_layout("scene_with_shells", &[&frame_layout, &shells_layout]),
            with_maps: pipeline_layout("scene_with_maps", &[&frame_layout, &earth_layout]),
        };
        let modules = Modules {
            satellites: module(device, "satellites.wgsl", shaders::satellites()),
            earth: module(device, "earth.wgsl", shaders::earth()),
            atmosphere: module(device, "atmosphere.wgsl", shaders::atmosphere()),
            sky: module(device, "sky.wgsl", shaders::sky()),
            overlay: module(device, "overlay.wgsl", shaders::overlay()),
        };
        Self {
            frame_layout,
            shells_layout,
            earth_layout,
            modules,
            layouts,
            sets: HashMap::default(),
        }
    }

    /// The pipelines for a target, made on first use.
    pub fn ensure(&mut self, device: &RenderDevice, format: TextureFormat, samples: u32) {
        if !self.sets.contains_key(&(format, samples)) {
            let set = self.make_set(device, format, samples);
            self.sets.insert((format, samples), set);
        }
    }

    /// The pipelines for a target, if made.
    pub fn get(&self, format: TextureFormat, samples: u32) -> Option<&PipelineSet> {
        self.sets.get(&(format, samples))
    }

    fn make_set(&self, device: &RenderDevice, format: TextureFormat, samples: u32) -> PipelineSet {
        let additive = BlendState {
            color: BlendComponent {
                src_factor: BlendFactor::One,
                dst_factor: BlendFactor::One,
                operation: BlendOperation::Add,
            },
            alpha: BlendComponent {
                src_factor: BlendFactor::Zero,
                dst_factor: BlendFactor::One,
                operation: BlendOperation::Add,
            },
        };
        let depth = |write: bool, compare: CompareFunction| DepthStencilState {
            format: CORE_3D_DEPTH_FORMAT,
            depth_write_enabled: Some(write),
            depth_compare: Some(compare),
            stencil: StencilState::default(),
            bias: DepthBiasState::default(),
        };
        let earth_vertex = [
            VertexAttribute {
                format: VertexFormat::Float32x3,
                offset: 0,
                shader_location: 0,
            },
            VertexAttribute {
                format: VertexFormat::Float32x3,
                offset: 12,
                shader_location: 1,
            },
            VertexAttribute {
                format: VertexFormat::Float32x2,
                offset: 24,
                shader_location: 2,
            },
        ];
        let earth_buffers = [RawVertexBufferLayout {
            array_stride: size_of::<EarthVertex>() as u64,
            step_mode: VertexStepMode::Vertex,
            attributes: &earth_vertex,
        }];
        let satellite_instance = satellite_instance_attributes();
        let satellite_buffers = [RawVertexBufferLayout {
            array_stride: size_of::<GpuSatellite>() as u64,
            step_mode: VertexStepMode::Instance,
            attributes: &satellite_instance,
        }];
        // The points also read one RGBA8 colour a satellite (the Safety
        // section's colour mode) from a second buffer.
        let colour_instance = [VertexAttribute {
            format: VertexFormat::Unorm8x4,
            offset: 0,
            shader_location: 2,
        }];
        let coloured_satellite_buffers = [
            satellite_buffers[0].clone(),
            RawVertexBufferLayout {
                array_stride: 4,
                step_mode: VertexStepMode::Instance,
                attributes: &colour_instance,
            },
        ];
        let star_instance = [
            VertexAttribute {
                format: VertexFormat::Float32x3,
                offset: 0,
                shader_location: 0,
            },
            VertexAttribute {
                format: VertexFormat::Float32x4,
                offset: 12,
                shader_location: 1,
            },
            VertexAttribute {
                format: VertexFormat::Float32,
                offset: 28,
                shader_location: 2,
            },
        ];
        let star_buffers = [RawVertexBufferLayout {
            array_stride: size_of::<GpuStar>() as u64,
            step_mode: VertexStepMode::Instance,
            attributes: &star_instance,
        }];
        let catalog_instance: Vec<VertexAttribute> = (0..7)
            .map(|k| VertexAttribute {
                format: VertexFormat::Float32x4,
                offset: 16 * k as u64,
                shader_location: k,
            })
            .collect();
        let catalog_buffers = [RawVertexBufferLayout {
            array_stride: size_of::<GpuCatalogSatellite>() as u64,
            step_mode: VertexStepMode::Instance,
            attributes: &catalog_instance,
        }];
        let link_instance: Vec<VertexAttribute> = (0..4)
            .map(|k| VertexAttribute {
                format: VertexFormat::Float32x4,
                offset: 16 * k as u64,
                shader_location: k,
            })
            .collect();
        let link_buffers = [RawVertexBufferLayout {
            array_stride: size_of::<GpuLink>() as u64,
            step_mode: VertexStepMode::Instance,
            attributes: &link_instance,
        }];
        let orbit_vertex = [VertexAttribute {
            format: VertexFormat::Float32x3,
            offset: 0,
            shader_location: 0,
        }];
        let orbit_buffers = [RawVertexBufferLayout {
            array_stride: size_of::<[f32; 3]>() as u64,
            step_mode: VertexStepMode::Vertex,
            attributes: &orbit_vertex,
        }];
        let make_with = |label: &str,
                         layout: &PipelineLayout,
                         module: &ShaderModule,
                         (vertex_entry, fragment_entry): (&str, &str),
                         topology: PrimitiveTopology,
                         buffers: &[RawVertexBufferLayout],
                         blend: Option<BlendState>,
                         cull: Option<Face>,
                         depth_stencil: DepthStencilState| {
            device.create_render_pipeline(&RawRenderPipelineDescriptor {
                label: Some(label),
                layout: Some(layout),
                vertex: RawVertexState {
                    module,
                    entry_point: Some(vertex_entry),
                    compilation_options: PipelineCompilationOptions::default(),
                    buffers,
                },
                fragment: Some(RawFragmentState {
                    module,
                    entry_point: Some(fragment_entry),
                    compilation_options: PipelineCompilationOptions::default(),
                    targets: &[Some(ColorTargetState {
                        format,
                        blend,
                        write_mask: ColorWrites::COLOR,
                    })],
                }),
                primitive: PrimitiveState {
                    topology,
                    front_face: FrontFace::Ccw,
                    cull_mode: cull,
                    ..default()
                },
                depth_stencil: Some(depth_stencil),
                multisample: MultisampleState {
                    count: samples,
                    ..default()
                },
                multiview_mask: None,
                cache: None,
            })
        };
        let make = |label: &str,
                    layout: &PipelineLayout,
                    module: &ShaderModule,
                    vertex_entry: &str,
                    buffers: &[RawVertexBufferLayout],
                    blend: Option<BlendState>,
                    cull: Option<Face>,
                    depth_stencil: DepthStencilState| {
            make_with(
                label,
                layout,
                module,
                (vertex_entry, "fragment"),
                PrimitiveTopology::TriangleList,
                buffers,
                blend,
                cull,
                depth_stencil,
            )
        };
        let l = &self.layouts;
        let m = &self.modules;
        PipelineSet {
            orbit: make_with(
                "orbit",
                &l.frame_only,
                &m.overlay,
                ("orbit_vertex", "orbit_fragment"),
                PrimitiveTopology::LineStrip,
                &orbit_buffers,
                Some(additive),
                None,
                depth(false, CompareFunction::Greater),
            ),
            marker: make_with(
                "marker",
                &l.frame_only,
                &m.overlay,
                ("marker_vertex", "marker_fragment"),
                PrimitiveTopology::TriangleList,
                &[],
                Some(additive),
                None,
                depth(false, CompareFunction::Always),
            ),
            earth: make(
                "earth",
                &l.with_maps,
                &m.earth,
                "vertex",
                &earth_buffers,
                None,
                Some(Face::Back),
                depth(true, CompareFunction::Greater),
            ),
            atmosphere: make(
                "atmosphere",
                &l.frame_only,
                &m.atmosphere,
                "vertex",
                &earth_buffers,
                Some(additive),
                Some(Face::Back),
                depth(false, CompareFunction::Greater),
            ),
            stars: make(
                "stars",
                &l.frame_only,
                &m.sky,
                "star_vertex",
                &star_buffers,
                Some(additive),
                None,
                depth(false, CompareFunction::GreaterEqual),
            ),
            sun: make(
                "sun",
                &l.frame_only,
                &m.sky,
                "sun_vertex",
                &[],
                Some(additive),
                None,
                depth(false, CompareFunction::GreaterEqual),
            ),
            satellites: make(
                "satellites",
                &l.with_shells,
                &m.satellites,
                "vertex",
                &coloured_satellite_buffers,
                Some(additive),
                None,
                depth(false, CompareFunction::Greater),
            ),
            dome: make_with(
                "dome",
                &l.frame_only,
                &m.sky,
                ("dome_vertex", "dome_fragment"),
                PrimitiveTopology::TriangleList,
                &[],
                None,
                None,
                depth(false, CompareFunction::Always),
            ),
            ground: make_with(
                "ground",
                &l.frame_only,
                &m.sky,
                ("dome_vertex", "ground_fragment"),
                PrimitiveTopology::TriangleList,
                &[],
                None,
                None,
                depth(false, CompareFunction::Always),
            ),
            trails: make_with(
                "trails",
                &l.with_shells,
                &m.satellites,
                ("trail_vertex", "trail_fragment"),
                PrimitiveTopology::LineList,
                &satellite_buffers,
                Some(additive),
                None,
                depth(false, CompareFunction::Greater),
            ),
            links: make_with(
                "links",
                &l.with_shells,
                &m.satellites,
                ("link_vertex", "link_fragment"),
                PrimitiveTopology::LineList,
                &link_buffers,
                Some(BlendState::ALPHA_BLENDING),
                None,
                depth(false, CompareFunction::Greater),
            ),
            // The catalog entry point does not use the shells' group.
            catalog: make(
                "catalog",
                &l.frame_only,
                &m.satellites,
                "catalog_vertex",
                &catalog_buffers,
                Some(additive),
                None,
                depth(false, CompareFunction::Greater),
            ),
        }
    }
}
