// The Earth: day map lit by the Sun, city lights on the night side, a soft
// terminator, ocean glint from the water mask, and a blue rim. The mesh is
// the WGS-84 ellipsoid in Earth-fixed km; GMST turns it into TEME.

@group(1) @binding(0) var day_texture: texture_2d<f32>;
// r: city lights, g: water (1) or land (0).
@group(1) @binding(1) var aux_texture: texture_2d<f32>;
@group(1) @binding(2) var map_sampler: sampler;

struct VertexOut {
    @builtin(position) clip: vec4<f32>,
    @location(0) world: vec3<f32>,
    @location(1) normal: vec3<f32>,
    @location(2) uv: vec2<f32>,
}

// TEME from Earth-fixed: rotate by +GMST about z.
fn teme_from_ecef(v: vec3<f32>) -> vec3<f32> {
    let c = frame.earth.x;
    let s = frame.earth.y;
    return vec3<f32>(c * v.x - s * v.y, s * v.x + c * v.y, v.z);
}

@vertex
fn vertex(
    @location(0) position_ecef: vec3<f32>,
    @location(1) normal_ecef: vec3<f32>,
    @location(2) uv: vec2<f32>,
) -> VertexOut {
    var out: VertexOut;
    out.world = world_from_teme(teme_from_ecef(position_ecef));
    out.normal = world_from_teme(teme_from_ecef(normal_ecef));
    out.uv = uv;
    out.clip = frame.clip_from_world * vec4<f32>(out.world, 1.0);
    return out;
}

@fragment
fn fragment(in: VertexOut) -> @location(0) vec4<f32> {
    let n = normalize(in.normal);
    let l = frame.sun.xyz;
    let v = normalize(frame.camera.xyz - in.world);
    let ndl = dot(n, l);
    let day = textureSample(day_texture, map_sampler, in.uv).rgb;
    let aux = textureSample(aux_texture, map_sampler, in.uv);
    // Daylight fades over the terminator (civil twilight is ~6° of Sun depression).
    let daylight = smoothstep(-0.1, 0.12, ndl);
    var colour = day * (0.1 + 1.1 * max(ndl, 0.0)) * daylight;
    // City lights where the Sun is down.
    let night = 1.0 - smoothstep(-0.18, 0.02, ndl);
    colour = colour + vec3<f32>(1.0, 0.78, 0.45) * pow(aux.r, 1.6) * night * 0.9;
    // Sun glint on water.
    let h = normalize(l + v);
    let glint = pow(max(dot(n, h), 0.0), 400.0) * aux.g * daylight;
    colour = colour + vec3<f32>(1.0, 0.92, 0.8) * glint * 0.45;
    // Atmosphere seen edge-on at the limb, on the day side (unless Bevy's
    // atmosphere scatters light over the Earth itself).
    let rim = pow(1.0 - max(dot(n, v), 0.0), 3.0) * (1.0 - frame.catalog.z);
    colour = colour + vec3<f32>(0.25, 0.5, 1.0) * rim * smoothstep(-0.25, 0.35, ndl) * 0.7;
    return vec4<f32>(colour * frame.earth.w, 1.0);
}
