// Stars (Hipparcos, placed by right ascension and declination) and the Sun,
// drawn at infinity as point sprites.

struct VertexOut {
    @builtin(position) clip: vec4<f32>,
    @location(0) colour: vec3<f32>,
    @location(1) corner: vec2<f32>,
    @location(2) sharpness: f32,
}

@vertex
fn star_vertex(
    @builtin(vertex_index) vertex_index: u32,
    @location(0) direction: vec3<f32>,
    // rgb colour × brightness, size in px
    @location(1) style: vec4<f32>,
) -> VertexOut {
    var out: VertexOut;
    let clip = frame.clip_from_world * vec4<f32>(direction, 0.0);
    let corner = sprite_corner(vertex_index);
    out.corner = corner;
    out.colour = style.rgb;
    out.sharpness = 0.0;
    // At infinity: w comes from the direction alone; depth 0 is the far plane.
    out.clip = offset_clip(vec4<f32>(clip.xy, 0.0, clip.w), corner, style.w * 0.5);
    return out;
}

@vertex
fn sun_vertex(@builtin(vertex_index) vertex_index: u32) -> VertexOut {
    var out: VertexOut;
    let clip = frame.clip_from_world * vec4<f32>(frame.sun.xyz, 0.0);
    let corner = sprite_corner(vertex_index);
    // The Sun's disc is 0.53° across; the sprite also holds its glare.
    let px_per_rad = frame.viewport.y / frame.camera.w;
    let disc_px = max(0.00465 * px_per_rad, 3.0);
    let sprite_px = disc_px * 12.0;
    out.corner = corner * 12.0;
    out.colour = vec3<f32>(1.0, 0.96, 0.88);
    out.sharpness = 1.0;
    out.clip = offset_clip(vec4<f32>(clip.xy, 0.0, clip.w), corner, sprite_px);
    return out;
}

@fragment
fn fragment(in: VertexOut) -> @location(0) vec4<f32> {
    let r = length(in.corner);
    var intensity: f32;
    if (in.sharpness > 0.5) {
        // Sun: a solid disc of radius 1 and a glare that falls off outside it.
        intensity = select(0.6 / (r * r * r), 4.0, r <= 1.0);
    } else {
        intensity = 1.0 - smoothstep(0.4, 1.0, r);
    }
    if (intensity <= 0.002) {
        discard;
    }
    return vec4<f32>(in.colour * intensity, 0.0);
}
