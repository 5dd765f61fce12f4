// The per-frame uniform every scene shader reads (src/viewer/render/gpu.rs, `GpuFrame`).
struct Frame {
    clip_from_world: mat4x4<f32>,
    // Camera position, world km; w: vertical field of view, radians.
    camera: vec4<f32>,
    // Unit vector to the Sun, world; w: Earth–Sun distance, km.
    sun: vec4<f32>,
    // Viewport width and height (px), point size (px), satellite gain.
    viewport: vec4<f32>,
    // cos GMST, sin GMST, colour mode (0 sunlight, 1 shell, 2 each satellite's own, 3 altitude, 4 power, 5 speed, 6 brightness; src/viewer/scene/colour.rs), brightness of the Earth and its rim glow (1).
    earth: vec4<f32>,
    // Minutes from the catalog's reference times to now: near-Earth τ, deep-space τ;
    // z: 1 where Bevy's atmosphere draws the air (the Earth then has no rim term);
    // w: unused.
    catalog: vec4<f32>,
    // The selected satellite, world km; w: 1 if there is one.
    selected: vec4<f32>,
    // The observer's view (src/viewer/observer; the CPU twin is src/sky/view.rs).
    // The site, world km; w: 0 the space view, 1 all-sky, 2 perspective.
    site: vec4<f32>,
    // The site's east, north and up (the ellipsoid's normal), world unit vectors;
    // east.w: tan(fov_y / 2) of the perspective look; north.w: the limiting
    // magnitude of stars and satellites; up.w: the satellites' standard magnitude.
    east: vec4<f32>,
    north: vec4<f32>,
    up: vec4<f32>,
    // The perspective look's forward, right and up, world; look.w: extinction
    // (magnitudes per airmass); look_right.w: exposure, s (0: points);
    // look_up.w: the Sun's altitude at the site, radians.
    look: vec4<f32>,
    look_right: vec4<f32>,
    look_up: vec4<f32>,
    // x: the sky's brightness at the zenith relative to daylight; y: the
    // alt-az grid (0/1); z: the impact map on the globe (0/1); w: the count
    // at its legend's top.
    sky: vec4<f32>,
    // An instrument's field: centre, world unit vector; w: cos of its radius (2: none).
    field: vec4<f32>,
    // World from J2000 directions, precessed to the date: the columns.
    stars_x: vec4<f32>,
    stars_y: vec4<f32>,
    stars_z: vec4<f32>,
    // The colour mode's ramp: the quantity at its low and high ends (altitude
    // km, speed km/s, power kW, magnitude); z: 1 to tint satellites in the
    // observer's view (OBSERVER_TINT); w unused.
    colour_scale: vec4<f32>,
    // The filters (src/viewer/scene/filter.rs): altitude least and most, km;
    // the lights kept (1 sunlit + 2 penumbra + 4 umbra); 1 if catalogue
    // objects are shown.
    show_only: vec4<f32>,
    // Inclination least and most, degrees (catalogue objects; a shell's
    // satellites are hidden with their shell); z, w unused.
    show_only_inclination: vec4<f32>,
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
