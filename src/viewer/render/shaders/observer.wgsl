// The observer's view: directions from the site laid on the screen (all-sky
// or perspective) and how bright a point of a given magnitude is drawn.
// Mirrors src/sky/view.rs (projections).

const OBS_HALF_PI: f32 = 1.5707963267948966;
const OBS_PI: f32 = 3.141592653589793;
// The Earth's rotation rate, rad/s.
const EARTH_ROTATION_RAD_S: f32 = 7.2921158e-5;

// True when the picture is the observer's, not the space view.
fn observer_on() -> bool {
    return frame.site.w > 0.5;
}

// Clip position of a unit world direction seen from the site: the all-sky
// camera's azimuthal equidistant picture (zenith at the centre, north up,
// east left) or the perspective look. Depth ½ of the way: there is no Earth
// in front to test against.
fn observer_clip(d: vec3<f32>) -> vec4<f32> {
    if (frame.site.w < 1.5) {
        let e = dot(d, frame.east.xyz);
        let n = dot(d, frame.north.xyz);
        let u = clamp(dot(d, frame.up.xyz), -1.0, 1.0);
        // r = zenith distance / 90°
        let r = (OBS_HALF_PI - asin(u)) / OBS_HALF_PI;
        let h = length(vec2<f32>(e, n));
        var s = vec2<f32>(0.0, 1.0);
        if (h > 1.0e-7) {
            s = vec2<f32>(e, n) / h;
        }
        let short = min(frame.viewport.x, frame.viewport.y);
        return vec4<f32>(-r * s.x * short / frame.viewport.x, r * s.y * short / frame.viewport.y, 0.5, 1.0);
    }
    let z = dot(d, frame.look.xyz);
    let t = frame.east.w;
    let aspect = frame.viewport.x / frame.viewport.y;
    return vec4<f32>(dot(d, frame.look_right.xyz) / (t * aspect), dot(d, frame.look_up.xyz) / t, 0.5 * z, z);
}

// The unit world direction seen at a point of the picture (NDC), w = 1; w = 0
// outside the all-sky picture's horizon circle.
fn observer_direction(ndc: vec2<f32>) -> vec4<f32> {
    if (frame.site.w < 1.5) {
        let short = min(frame.viewport.x, frame.viewport.y);
        let p = ndc * frame.viewport.xy / short;
        let r = length(p);
        if (r > 1.0) {
            return vec4<f32>(0.0);
        }
        let el = OBS_HALF_PI * (1.0 - r);
        var s = vec2<f32>(0.0, 1.0);
        if (r > 1.0e-7) {
            s = vec2<f32>(-p.x, p.y) / r;
        }
        let d = cos(el) * (s.x * frame.east.xyz + s.y * frame.north.xyz) + sin(el) * frame.up.xyz;
        return vec4<f32>(d, 1.0);
    }
    let t = frame.east.w;
    let aspect = frame.viewport.x / frame.viewport.y;
    let d = frame.look.xyz + ndc.x * t * aspect * frame.look_right.xyz + ndc.y * t * frame.look_up.xyz;
    return vec4<f32>(normalize(d), 1.0);
}

// Pixels per radian near the centre of the picture.
fn observer_px_per_rad() -> f32 {
    if (frame.site.w < 1.5) {
        return 0.5 * min(frame.viewport.x, frame.viewport.y) / OBS_HALF_PI;
    }
    return 0.5 * frame.viewport.y / frame.east.w;
}

// How bright a point of magnitude `m` is drawn: 0.04 at the limiting
// magnitude (barely there, as the eye sees it), ten times that five
// magnitudes brighter (the square root of the flux, so that the sky's range
// of brightness fits the screen's).
fn point_brightness(m: f32) -> f32 {
    let limit = frame.north.w;
    if (m > limit) {
        return 0.0;
    }
    return min(0.04 * pow(10.0, 0.2 * (limit - m)), 2.5);
}
