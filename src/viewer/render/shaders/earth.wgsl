// The Earth: day map lit by the Sun, city lights on the night side, a soft
// terminator, ocean glint from the water mask, and a blue rim. The mesh is
// the WGS-84 ellipsoid in Earth-fixed km; GMST turns it into TEME.

@group(1) @binding(0) var day_texture: texture_2d<f32>;
// r: city lights, g: water (1) or land (0).
@group(1) @binding(1) var aux_texture: texture_2d<f32>;
@group(1) @binding(2) var map_sampler: sampler;
// The impact map: sunlit satellites above 30° over each place (satellites.wgsl).
@group(1) @binding(3) var impact_texture: texture_2d<f32>;

struct VertexOut {
    @builtin(position) clip: vec4<f32>,
    @location(0) world: vec3<f32>,
    @location(1) normal: vec3<f32>,
    @location(2) uv: vec2<f32>,
    @location(3) normal_ecef: vec3<f32>,
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
    out.normal_ecef = normal_ecef;
    out.clip = frame.clip_from_world * vec4<f32>(out.world, 1.0);
    return out;
}

// The impact map's colours, dark to bright (a fit of matplotlib's
// "inferno"; luminance rises all the way). Mirrored by the legend
// (src/viewer/observer/impact.rs).
fn impact_colour(t: f32) -> vec3<f32> {
    let c0 = vec3<f32>(0.0002, 0.0016, -0.0194);
    let c1 = vec3<f32>(0.1065, 0.5639, 3.9327);
    let c2 = vec3<f32>(11.6024, -3.9728, -15.9423);
    let c3 = vec3<f32>(-41.7039, 17.4363, 44.3541);
    let c4 = vec3<f32>(77.1629, -33.4023, -81.8073);
    let c5 = vec3<f32>(-71.3194, 32.6261, 73.2095);
    let c6 = vec3<f32>(25.1311, -12.2426, -23.0703);
    let x = clamp(t, 0.0, 1.0);
    return clamp(c0 + x * (c1 + x * (c2 + x * (c3 + x * (c4 + x * (c5 + x * c6))))), vec3<f32>(0.0), vec3<f32>(1.0));
}

@fragment
fn fragment(in: VertexOut) -> @location(0) vec4<f32> {
    if (frame.sky.z > 0.5) {
        // The impact map instead of the day and night: log of the count
        // against the legend's top (frame.sky.w), with the land faintly kept.
        let ne = normalize(in.normal_ecef);
        let uv = vec2<f32>(atan2(ne.y, ne.x) / 6.2831853 + 0.5, 0.5 - asin(clamp(ne.z, -1.0, 1.0)) / 3.1415927);
        let count = textureSample(impact_texture, map_sampler, uv).r;
        let t = log2(1.0 + count) / log2(1.0 + frame.sky.w);
        let land = textureSample(day_texture, map_sampler, in.uv).rgb;
        let colour = mix(impact_colour(t), land * 0.25, 0.12);
        return vec4<f32>(colour * frame.earth.w, 1.0);
    }
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
