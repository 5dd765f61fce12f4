// Satellites of Walker shells: SGP4 in the vertex shader, one triangle per
// satellite, blended additively so that density reads as light.

@group(1) @binding(0) var<uniform> shells: array<ShellTerms, 192>;

struct VertexOut {
    @builtin(position) clip: vec4<f32>,
    @location(0) colour: vec3<f32>,
    @location(1) corner: vec2<f32>,
}

// A point sprite for a satellite at `world`, lit by the Sun or coloured by `tint`.
fn satellite_sprite(world: vec3<f32>, vertex_index: u32, tint: vec3<f32>) -> VertexOut {
    var out: VertexOut;
    let lit = sun_visible_fraction(world, frame.sun.xyz, frame.sun.w);
    let distance = length(frame.camera.xyz - world);
    // Brightness falls with distance (and, through the gain, with crowding):
    // from afar the shells are a veil, up close single satellites are crisp.
    let near = clamp(3000.0 / distance, 0.0, 1.0);
    let intensity = frame.viewport.w * mix(0.35, 1.0, near);
    let size = frame.viewport.z * mix(1.0, 1.8, near);
    let sunlit = vec3<f32>(1.0, 0.86, 0.62);
    let shadowed = vec3<f32>(0.05, 0.09, 0.2);
    var colour = mix(shadowed, sunlit, lit);
    if (frame.earth.z > 0.5) {
        colour = tint * mix(0.25, 1.0, lit);
    }
    out.colour = colour * intensity;
    let corner = sprite_corner(vertex_index);
    out.corner = corner;
    out.clip = offset_clip(frame.clip_from_world * vec4<f32>(world, 1.0), corner, size * 0.5);
    return out;
}

// Outside the view: a triangle that draws nothing.
fn hidden() -> VertexOut {
    var out: VertexOut;
    out.clip = vec4<f32>(2.0, 2.0, 2.0, 1.0);
    return out;
}

@vertex
fn vertex(
    @builtin(vertex_index) vertex_index: u32,
    @location(0) phase: vec2<f32>,
    @location(1) shell_index: u32,
) -> VertexOut {
    let s = shells[shell_index];
    if (s.v4.w < 0.5) {
        return hidden();
    }
    let world = world_from_teme(sgp4_shell_position(s, phase.x, phase.y));
    return satellite_sprite(world, vertex_index, s.v4.rgb);
}

@vertex
fn catalog_vertex(
    @builtin(vertex_index) vertex_index: u32,
    @location(0) v0: vec4<f32>,
    @location(1) v1: vec4<f32>,
    @location(2) v2: vec4<f32>,
    @location(3) v3: vec4<f32>,
    @location(4) v4: vec4<f32>,
    @location(5) v5: vec4<f32>,
    @location(6) v6: vec4<f32>,
) -> VertexOut {
    // Deep-space satellites (v6.w = 1) have their own, more frequent reference.
    let tau = select(frame.catalog.x, frame.catalog.y, v6.w > 0.5);
    let p = sgp4_general_position(CatalogTerms(v0, v1, v2, v3, v4, v5, v6), tau);
    if (p.w < 0.5) {
        return hidden();
    }
    return satellite_sprite(world_from_teme(p.xyz), vertex_index, vec3<f32>(0.7, 0.95, 1.0));
}

@fragment
fn fragment(in: VertexOut) -> @location(0) vec4<f32> {
    // A soft round point inside the triangle.
    let r = length(in.corner);
    let coverage = 1.0 - smoothstep(0.55, 1.0, r);
    if (coverage <= 0.0) {
        discard;
    }
    return vec4<f32>(in.colour * coverage, 0.0);
}
