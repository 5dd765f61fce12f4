//! The per-frame uniform as the shaders read it. Its layout is checked
//! against `frame.wgsl` by naga in `tests/shaders.rs` (names and offsets),
//! and its size here at compile time.

use bytemuck::{Pod, Zeroable};

/// `Frame` in frame.wgsl: 160 bytes.
#[repr(C)]
#[derive(Debug, Clone, Copy, Pod, Zeroable)]
pub struct GpuFrame {
    /// Clip from world.
    pub clip_from_world: [[f32; 4]; 4],
    /// Camera position, world km; w: vertical field of view, radians.
    pub camera: [f32; 4],
    /// Unit vector to the Sun, world; w: Earth–Sun distance, km.
    pub sun: [f32; 4],
    /// Viewport width and height (px), point size (px), satellite gain.
    pub viewport: [f32; 4],
    /// cos GMST, sin GMST, colour by shell (0/1), brightness of the Earth
    /// and its rim glow (1).
    pub earth: [f32; 4],
    /// Minutes from the catalog's reference times to now: near-Earth τ,
    /// deep-space τ; z: 1 where Bevy's atmosphere draws the air (the Earth
    /// then has no rim term); w unused.
    pub catalog: [f32; 4],
    /// The selected satellite, world km; w: 1 if there is one.
    pub selected: [f32; 4],
}

const _: () = assert!(size_of::<GpuFrame>() == 160);
