// A cheap atmosphere: a glow around the limb, bright on the day side,
// drawn on a shell just above the Earth with additive blending.

const EARTH_EQUATORIAL_KM: f32 = 6378.137;
const ATMOSPHERE_SCALE_KM: f32 = 45.0;
const ATMOSPHERE_TOP_KM: f32 = 160.0;

struct VertexOut {
    @builtin(position) clip: vec4<f32>,
    @location(0) world: vec3<f32>,
}

@vertex
fn vertex(@location(0) position_ecef: vec3<f32>, @location(1) normal_ecef: vec3<f32>, @location(2) uv: vec2<f32>) -> VertexOut {
    var out: VertexOut;
    // The shell is a sphere; its rotation does not matter.
    let p = normalize(position_ecef) * (EARTH_EQUATORIAL_KM + ATMOSPHERE_TOP_KM);
    out.world = world_from_teme(p);
    out.clip = frame.clip_from_world * vec4<f32>(out.world, 1.0);
    return out;
}

@fragment
fn fragment(in: VertexOut) -> @location(0) vec4<f32> {
    let camera = frame.camera.xyz;
    let dir = normalize(in.world - camera);
    // The ray's closest approach to the Earth's centre.
    let along = -dot(camera, dir);
    let closest = camera + dir * along;
    let height = length(closest) - EARTH_EQUATORIAL_KM;
    let glow = exp(-abs(height) / ATMOSPHERE_SCALE_KM);
    let sunward = dot(normalize(closest), frame.sun.xyz);
    let lit = smoothstep(-0.3, 0.25, sunward);
    let colour = vec3<f32>(0.3, 0.55, 1.0) * glow * lit * 0.9;
    return vec4<f32>(colour * frame.earth.w, 0.0);
}
