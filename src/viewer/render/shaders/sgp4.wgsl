// SGP4 for one satellite of a Walker shell, in f32 on the GPU.
//
// The CPU (src/propagation/shell.rs, `ShellAtTime`) computes everything a
// shell's satellites share at the frame's time in f64 and reduces the large
// angles modulo 2π; this function does the per-satellite rest: Kepler's
// equation, the short-period corrections and the rotation to TEME. Symbols
// follow the sgp4 crate. Tests run it in a compute shader against the crate.

struct ShellTerms {
    // node_drift (Ω̇t mod 2π), mean_argument_drift (Ṁt + ω mod 2π), aₓₙ, aᵧₙ
    v0: vec4<f32>,
    // long-period correction p₃₇k₅aₓₙ, a (Earth radii), pₗ, β
    v1: vec4<f32>,
    // p₄₆, ½J₂/pₗ, k₃, k₄
    v2: vec4<f32>,
    // k₆, I, sin I, cos I
    v3: vec4<f32>,
    // n (rad/min), colour r, g, b (used by the renderer only)
    v4: vec4<f32>,
}

const TWO_PI: f32 = 6.283185307179586;
// WGS-72 equatorial radius, km.
const EARTH_RADIUS_KM: f32 = 6378.135;

// TEME position (km) of the satellite with node `node0` and mean anomaly
// `m0` at epoch (radians, in [0, 2π)).
fn sgp4_shell_position(s: ShellTerms, node0: f32, m0: f32) -> vec3<f32> {
    let axn = s.v0.z;
    let ayn = s.v0.w;
    // p₃₈ = M + ω + p₃₇k₅aₓₙ, folded into [0, 2π)
    var p38 = m0 + s.v0.y + s.v1.x;
    p38 = p38 - TWO_PI * floor(p38 / TWO_PI);
    // Kepler's equation for E + ω; near-circular shells converge in 3-4 steps.
    var ew = p38;
    for (var i = 0; i < 6; i = i + 1) {
        let sc = vec2<f32>(sin(ew), cos(ew));
        let delta = (p38 - ayn * sc.y + axn * sc.x - ew) / (1.0 - sc.y * axn - sc.x * ayn);
        ew = ew + clamp(delta, -0.95, 0.95);
    }
    let sin_ew = sin(ew);
    let cos_ew = cos(ew);
    let a = s.v1.y;
    let b = s.v1.w;
    // p₄₀ = aₓₙ sin(E + ω) − aᵧₙ cos(E + ω); r = a (1 − aₓₙ cos − aᵧₙ sin)
    let p40 = axn * sin_ew - ayn * cos_ew;
    let r = a * (1.0 - (axn * cos_ew + ayn * sin_ew));
    let p41 = p40 / (1.0 + b);
    let p42 = a / r * (sin_ew - ayn - axn * p41);
    let p43 = a / r * (cos_ew - axn + ayn * p41);
    let u = atan2(p42, p43);
    let p44 = 2.0 * p43 * p42;
    let p45 = 1.0 - 2.0 * p42 * p42;
    let p46 = s.v2.x;
    // rₖ = r (1 − ³/₂ p₄₆ β k₆) + ½ (½J₂/pₗ) k₃ p₄₅
    let rk = r * (1.0 - 1.5 * p46 * b * s.v3.x) + 0.5 * s.v2.y * s.v2.z * p45;
    // uₖ = u − ¼ p₄₆ k₄ p₄₄
    let uk = u - 0.25 * p46 * s.v2.w * p44;
    // Iₖ = I + ³/₂ p₄₆ cos I sin I p₄₅; Ωₖ = Ω + ³/₂ p₄₆ cos I p₄₄
    let ik = s.v3.y + 1.5 * p46 * s.v3.w * s.v3.z * p45;
    let node_k = node0 + s.v0.x + 1.5 * p46 * s.v3.w * p44;
    let sin_uk = sin(uk);
    let cos_uk = cos(uk);
    let sin_nk = sin(node_k);
    let cos_nk = cos(node_k);
    let sin_ik = sin(ik);
    let cos_ik = cos(ik);
    let unit = vec3<f32>(
        -sin_nk * cos_ik * sin_uk + cos_nk * cos_uk,
        cos_nk * cos_ik * sin_uk + sin_nk * cos_uk,
        sin_ik * sin_uk,
    );
    return rk * EARTH_RADIUS_KM * unit;
}
