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
    // colour r, g, b; w: 1 if the shell is shown, 0 if hidden (renderer only)
    v4: vec4<f32>,
}

const TWO_PI: f32 = 6.283185307179586;
// WGS-72 equatorial radius, km.
const EARTH_RADIUS_KM: f32 = 6378.135;

// A satellite's mean state at an instant: what Kepler's equation and the
// short-period terms start from (both SGP4 paths below end in it).
struct MeanState {
    // p₃₈ = M + ω + p₃₇k₅aₓₙ (any multiple of 2π), Ω
    p38: f32,
    node: f32,
    axn: f32,
    ayn: f32,
    // a (Earth radii), β = (1 − aₓₙ² − aᵧₙ²)^½
    a: f32,
    beta: f32,
    // p₄₆ = ½J₂/pₗ², ½J₂/pₗ
    p46: f32,
    hj: f32,
    k3: f32,
    k4: f32,
    k6: f32,
    incl: f32,
    sin_i: f32,
    cos_i: f32,
}

// Kepler's equation (`steps` Newton steps) and the short-period terms:
// TEME position, km.
fn sgp4_short_period(m: MeanState, steps: i32) -> vec3<f32> {
    let axn = m.axn;
    let ayn = m.ayn;
    let p38 = m.p38 - TWO_PI * floor(m.p38 / TWO_PI);
    var ew = p38;
    for (var i = 0; i < steps; i = i + 1) {
        let sc = vec2<f32>(sin(ew), cos(ew));
        let delta = (p38 - ayn * sc.y + axn * sc.x - ew) / (1.0 - sc.y * axn - sc.x * ayn);
        ew = ew + clamp(delta, -0.95, 0.95);
    }
    let sin_ew = sin(ew);
    let cos_ew = cos(ew);
    let a = m.a;
    let b = m.beta;
    // p₄₀ = aₓₙ sin(E + ω) − aᵧₙ cos(E + ω); r = a (1 − aₓₙ cos − aᵧₙ sin)
    let p40 = axn * sin_ew - ayn * cos_ew;
    let r = a * (1.0 - (axn * cos_ew + ayn * sin_ew));
    let p41 = p40 / (1.0 + b);
    let p42 = a / r * (sin_ew - ayn - axn * p41);
    let p43 = a / r * (cos_ew - axn + ayn * p41);
    let u = atan2(p42, p43);
    let p44 = 2.0 * p43 * p42;
    let p45 = 1.0 - 2.0 * p42 * p42;
    let p46 = m.p46;
    // rₖ = r (1 − ³/₂ p₄₆ β k₆) + ½ (½J₂/pₗ) k₃ p₄₅
    let rk = r * (1.0 - 1.5 * p46 * b * m.k6) + 0.5 * m.hj * m.k3 * p45;
    // uₖ = u − ¼ p₄₆ k₄ p₄₄
    let uk = u - 0.25 * p46 * m.k4 * p44;
    // Iₖ = I + ³/₂ p₄₆ cos I sin I p₄₅; Ωₖ = Ω + ³/₂ p₄₆ cos I p₄₄
    let ik = m.incl + 1.5 * p46 * m.cos_i * m.sin_i * p45;
    let node_k = m.node + 1.5 * p46 * m.cos_i * p44;
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

// TEME position (km) of the satellite with node `node0` and mean anomaly
// `m0` at epoch (radians, in [0, 2π)). Near-circular shells converge in 3-4 steps.
fn sgp4_shell_position(s: ShellTerms, node0: f32, m0: f32) -> vec3<f32> {
    return sgp4_short_period(MeanState(
        m0 + s.v0.y + s.v1.x, node0 + s.v0.x, s.v0.z, s.v0.w,
        s.v1.y, s.v1.w, s.v2.x, s.v2.y, s.v2.z, s.v2.w, s.v3.x, s.v3.y, s.v3.z, s.v3.w,
    ), 6);
}

// ---------------------------------------------------------------------------
// SGP4 near-Earth branch for a satellite with its own elements and drag
// (catalog satellites). The CPU (src/viewer/catalog.rs) folds the big
// secular angles forward to a reference time near the frame's; `tau` is the
// frame's minutes past that reference. Mirrors src/propagation/general.rs.

struct CatalogTerms {
    // Ω, ω, M at the reference time (rad, mod 2π); d: minutes from epoch to the reference
    v0: vec4<f32>,
    // Ω̇, ω̇, Ṁ (rad/min), n₀"
    v1: vec4<f32>,
    // e₀, I₀, a₀" (Earth radii), C₁
    v2: vec4<f32>,
    // C₄, k₀, C₅, high altitude (0/1)
    v3: vec4<f32>,
    // D₂, D₃, D₄, η
    v4: vec4<f32>,
    // k₇, k₈, k₉, k₁₀
    v5: vec4<f32>,
    // k₁₁, k₁₂, k₁₃, two-body mode (1: deep space, see kepler_position)
    v6: vec4<f32>,
}

const J2: f32 = 0.001082616;
// WGS-72: J₂ = 0.001082616, J₃ = −0.00000253881.
const J3_OVER_J2: f32 = -0.0023450697;

// Deep-space satellites: two-body motion on the osculating ellipse of the
// CPU's SDP4 state at the reference time (v6.w = 1).
fn kepler_position(c: CatalogTerms, tau: f32) -> vec4<f32> {
    let node = c.v0.x;
    let argp = c.v0.y;
    let e = c.v2.x;
    let i = c.v2.y;
    let a = c.v2.z;
    var m = c.v0.z + c.v1.w * tau;
    m = m - TWO_PI * floor(m / TWO_PI);
    // Kepler's equation by Newton from E = M + e sin M, steps clamped so
    // that high eccentricities cannot overshoot.
    var big_e = m + e * sin(m);
    for (var k = 0; k < 16; k = k + 1) {
        let step = (big_e - e * sin(big_e) - m) / (1.0 - e * cos(big_e));
        big_e = big_e - clamp(step, -0.5, 0.5);
    }
    // Perifocal coordinates from E (no true anomaly, no atan2).
    let x_pf = a * (cos(big_e) - e);
    let y_pf = a * sqrt(1.0 - e * e) * sin(big_e);
    let node_hat = vec3<f32>(cos(node), sin(node), 0.0);
    let h_hat = vec3<f32>(sin(i) * sin(node), -sin(i) * cos(node), cos(i));
    let in_plane = cross(h_hat, node_hat);
    // P towards perigee, Q 90° ahead of it in the direction of motion.
    let p_hat = cos(argp) * node_hat + sin(argp) * in_plane;
    let q_hat = -sin(argp) * node_hat + cos(argp) * in_plane;
    return vec4<f32>(EARTH_RADIUS_KM * (x_pf * p_hat + y_pf * q_hat), 1.0);
}

// TEME position (km) in xyz; w is 1, or 0 where SGP4 gives up (the
// eccentricity leaves its range, the orbit decays).
fn sgp4_general_position(c: CatalogTerms, tau: f32) -> vec4<f32> {
    if (c.v6.w > 0.5) {
        return kepler_position(c, tau);
    }
    let t = c.v0.w + tau;
    let t2 = t * t;
    let n0 = c.v1.w;
    let e0 = c.v2.x;
    let i0 = c.v2.y;
    let a0 = c.v2.z;
    let c1 = c.v2.w;
    let k1 = 1.5 * c1;
    let node = c.v0.x + c.v1.x * tau + c.v3.y * t2;
    let p23 = c.v0.y + c.v1.y * tau;
    let p24 = c.v0.z + c.v1.z * tau;
    var argp: f32;
    var m: f32;
    var a: f32;
    var e: f32;
    if (c.v3.w > 0.5) {
        let eta = c.v4.w;
        let q = 1.0 + eta * cos(p24);
        let p25 = c.v6.z * (q * q * q - c.v6.x) + c.v6.y * t;
        argp = p23 - p25;
        let p26 = p24 + p25;
        m = p26 + n0 * (k1 * t2 + c.v5.y * t2 * t + t2 * t2 * (c.v5.z + t * c.v5.w));
        let shrink = 1.0 - c1 * t - c.v4.x * t2 - c.v4.y * t2 * t - c.v4.z * t2 * t2;
        a = a0 * shrink * shrink;
        e = e0 - (c.v3.x * t + c.v3.z * (sin(p26) - c.v5.x));
    } else {
        argp = p23;
        m = p24 + n0 * k1 * t2;
        let shrink = 1.0 - c1 * t;
        a = a0 * shrink * shrink;
        e = e0 - c.v3.x * t;
    }
    if (e < -0.001 || e >= 1.0 || a <= 0.0) {
        return vec4<f32>(0.0);
    }
    e = max(e, 1.0e-6);
    let sin_i = sin(i0);
    let cos_i = cos(i0);
    let k2 = -0.5 * J3_OVER_J2 * sin_i;
    let k5 = -0.25 * J3_OVER_J2 * sin_i * (3.0 + 5.0 * cos_i) / max(1.0 + cos_i, 1.5e-12);
    let p37 = 1.0 / (a * (1.0 - e * e));
    let axn = e * cos(argp);
    let ayn = e * sin(argp) + p37 * k2;
    let p39 = axn * axn + ayn * ayn;
    let pl = a * (1.0 - p39);
    if (pl <= 0.0) {
        return vec4<f32>(0.0);
    }
    let hj = 0.5 * J2 / pl;
    let position = sgp4_short_period(MeanState(
        m + argp + p37 * k5 * axn, node, axn, ayn, a, sqrt(1.0 - p39), hj / pl, hj,
        1.0 - cos_i * cos_i, 7.0 * cos_i * cos_i - 1.0, 3.0 * cos_i * cos_i - 1.0, i0, sin_i, cos_i,
    ), 10);
    // Below the surface: decayed.
    if (length(position) < EARTH_RADIUS_KM) {
        return vec4<f32>(0.0);
    }
    return vec4<f32>(position, 1.0);
}
