//! The per-frame uniform as the shaders read it. Its layout is checked
//! against `frame.wgsl` by naga in `tests/shaders.rs` (names and offsets),
//! and its size here at compile time.

use bytemuck::{Pod, Zeroable};

/// `Frame` in frame.wgsl: 352 bytes.
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
    /// cos GMST, sin GMST, colour mode (0 sunlight, 1 shell, 2
    /// each satellite's own colour), brightness of the Earth
    /// and its rim glow (1).
    pub earth: [f32; 4],
    /// Minutes from the catalog's reference times to now: near-Earth τ,
    /// deep-space τ; z: 1 where Bevy's atmosphere draws the air (the Earth
    /// then has no rim term); w: unused.
    pub catalog: [f32; 4],
    /// The selected satellite, world km; w: 1 if there is one.
    pub selected: [f32; 4],
    /// The observer's site, world km; w: 0 the space view, 1 all-sky, 2 perspective.
    pub site: [f32; 4],
    /// The site's east, world; w: tan(fov_y / 2) of the perspective look.
    pub east: [f32; 4],
    /// The site's north, world; w: the limiting magnitude.
    pub north: [f32; 4],
    /// The site's up (the ellipsoid's normal), world; w: the satellites'
    /// standard magnitude.
    pub up: [f32; 4],
    /// The look's forward, world; w: extinction, magnitudes per airmass.
    pub look: [f32; 4],
    /// The look's right, world; w: exposure, s (0: points).
    pub look_right: [f32; 4],
    /// The look's up, world; w: the Sun's altitude at the site, radians.
    pub look_up: [f32; 4],
    /// x: the zenith sky's brightness relative to daylight; y: alt-az grid
    /// (0/1); z: the impact map (0/1); w: the count at its legend's top.
    pub sky: [f32; 4],
    /// An instrument's field: centre, world unit vector; w: cos of its radius (2: none).
    pub field: [f32; 4],
    /// World from J2000, precessed to the date: first column.
    pub stars_x: [f32; 4],
    /// Second column.
    pub stars_y: [f32; 4],
    /// Third column.
    pub stars_z: [f32; 4],
    /// The colour mode's ramp: the quantity at its low and high ends (altitude km,
    /// speed km/s, power kW, magnitude); z: 1 to tint satellites in the
    /// observer's view; w unused.
    pub colour_scale: [f32; 4],
    /// The filters: altitude least and most (km), the lights kept (1 sunlit + 2
    /// penumbra + 4 umbra), 1 if catalogue objects are shown.
    pub show_only: [f32; 4],
    /// Inclination least and most, degrees (catalogue objects); z, w unused.
    pub show_only_inclination: [f32; 4],
}

const _: () = assert!(size_of::<GpuFrame>() == 400);
