// The per-frame uniform every scene shader reads (src/viewer/render/gpu.rs, `GpuFrame`).
struct Frame {
    clip_from_world: mat4x4<f32>,
    // Camera position, world km; w: vertical field of view, radians.
    camera: vec4<f32>,
    // Unit vector to the Sun, world; w: Earth–Sun distance, km.
    sun: vec4<f32>,
    // Viewport width and height (px), point size (px), satellite gain.
    viewport: vec4<f32>,
    // cos GMST, sin GMST, colour by shell (0/1), brightness of the Earth and its rim glow (1).
    earth: vec4<f32>,
    // Minutes from the catalog's reference times to now: near-Earth τ, deep-space τ;
    // z: 1 where Bevy's atmosphere draws the air (the Earth then has no rim term); w unused.
    catalog: vec4<f32>,
    // The selected satellite, world km; w: 1 if there is one.
    selected: vec4<f32>,
}

@group(0) @binding(0) var<uniform> frame: Frame;

// Bevy world (y up) from TEME (z up): (x, y, z) → (x, z, −y).
fn world_from_teme(v: vec3<f32>) -> vec3<f32> {
    return vec3<f32>(v.x, v.z, -v.y);
}

// The corners of a triangle around a unit circle (inradius 1), for point sprites.
fn sprite_corner(vertex: u32) -> vec2<f32> {
    let k = f32(vertex % 3u);
    let angle = 1.5707963 + k * 2.0943951;
    return 2.0 * vec2<f32>(cos(angle), sin(angle));
}

// Offsets a clip-space point by `px` pixels along `corner`.
fn offset_clip(clip: vec4<f32>, corner: vec2<f32>, px: f32) -> vec4<f32> {
    let ndc_per_px = vec2<f32>(2.0 / frame.viewport.x, 2.0 / frame.viewport.y);
    return vec4<f32>(clip.xy + corner * px * ndc_per_px * clip.w, clip.z, clip.w);
}
