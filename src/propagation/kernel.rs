//! A batched SGP4 kernel for Walker shells: structure of arrays, lanes of
//! eight satellites, no branches and no libm calls in the inner loop, so that
//! the compiler vectorises it (AVX2 + FMA where the CPU has them, chosen at
//! run time; SSE2 otherwise). The totals' fused pass (`crate::totals::fused`)
//! runs the eclipse test on its blocks while they are in registers.
//!
//! Its trigonometry is its own: Cody–Waite reduction by π/2 and fdlibm's
//! minimax polynomials (under one ulp on [−π/4, π/4]). Where the scalar path
//! calls atan2 and three more sin/cos pairs, this one uses that
//! `(p₄₃, p₄₂)` is proportional to `(cos u, sin u)` and that the
//! short-period corrections to u, Ω and I are small (under 1e-2 rad), so
//! their sines and cosines follow from series. What is left per satellite is
//! Kepler's equation (3 to 5 Newton steps, as many as the shell's
//! eccentricity needs to reach 1e-12) and one sin/cos pair for the node.
//! Tests hold it to the sgp4 crate within 1e-6 km and 1e-9 km/s.

// The polynomial coefficients are fdlibm's, digit for digit as published.
#![allow(clippy::excessive_precision)]
// Lane loops index several arrays in lockstep, the shape the vectoriser wants.
#![allow(clippy::needless_range_loop)]

use super::short_period::{SHELL_GEOPOTENTIAL, ShellAtTime, TemeState};
use std::f64::consts::TAU;

/// Satellites handled together.
pub const LANES: usize = 8;

type Lane = [f64; LANES];

// fdlibm k_sin.c / k_cos.c coefficients.
const S1: f64 = -1.666_666_666_666_663_24e-1;
const S2: f64 = 8.333_333_333_322_489_46e-3;
const S3: f64 = -1.984_126_982_985_794_93e-4;
const S4: f64 = 2.755_731_370_707_006_77e-6;
const S5: f64 = -2.505_076_025_340_686_34e-8;
const S6: f64 = 1.589_690_995_211_550_10e-10;
const C1: f64 = 4.166_666_666_666_660_19e-2;
const C2: f64 = -1.388_888_888_887_410_96e-3;
const C3: f64 = 2.480_158_728_947_672_94e-5;
const C4: f64 = -2.755_731_435_139_066_33e-7;
const C5: f64 = 2.087_572_321_298_174_83e-9;
const C6: f64 = -1.135_964_755_778_819_48e-11;
// π/2 in three parts (fdlibm e_rem_pio2.c).
const PIO2_1: f64 = 1.570_796_326_734_125_61;
const PIO2_2: f64 = 6.077_100_506_303_965_98e-11;
const PIO2_3: f64 = 2.022_266_248_795_950_63e-21;

/// sin and cos of `x` (|x| up to about 1e6), branch-free.
#[inline(always)]
pub fn sincos(x: f64) -> (f64, f64) {
    let q = (x * (2.0 / std::f64::consts::PI)).round_ties_even();
    let r = ((x - q * PIO2_1) - q * PIO2_2) - q * PIO2_3;
    let z = r * r;
    let s = r + r * z * (S1 + z * (S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)))));
    let c = 1.0 - 0.5 * z + z * z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
    // Quadrant: q mod 4 picks (s, c), (c, −s), (−s, −c) or (−c, s).
    let q = q - 4.0 * (q * 0.25).floor();
    let odd = q - 2.0 * (q * 0.5).floor(); // 0 or 1
    let flip_sin = if q >= 2.0 { -1.0 } else { 1.0 };
    let flip_cos = if q == 1.0 || q == 2.0 { -1.0 } else { 1.0 };
    let sin = flip_sin * (odd * c + (1.0 - odd) * s);
    let cos = flip_cos * (odd * s + (1.0 - odd) * c);
    (sin, cos)
}

/// sin δ and cos δ of a small angle (|δ| < 0.02) by series, to 1e-16.
#[inline(always)]
fn small_sincos(d: f64) -> (f64, f64) {
    let d2 = d * d;
    (
        d * (1.0 - d2 / 6.0 * (1.0 - d2 / 20.0 * (1.0 - d2 / 42.0))),
        1.0 - d2 / 2.0 * (1.0 - d2 / 12.0 * (1.0 - d2 / 30.0 * (1.0 - d2 / 56.0))),
    )
}

/// Newton steps Kepler's equation needs for an eccentricity vector of
/// length `e` (from E₀ = M the error falls as eᵏ·2…; 1e-12 is enough).
pub fn kepler_steps(e: f64) -> usize {
    match e {
        e if e <= 1.5e-3 => 3,
        e if e <= 2.5e-2 => 4,
        e if e <= 0.12 => 5,
        e if e <= 0.3 => 7,
        _ => 12,
    }
}

/// Output of a block: positions (km) and, when asked, velocities (km/s), TEME.
#[derive(Debug, Clone, Copy, Default)]
pub struct Block {
    /// x, y, z positions.
    pub pos: [Lane; 3],
    /// x, y, z velocities (zero unless asked for).
    pub vel: [Lane; 3],
}

/// The mean (secular, long-period) state of `LANES` satellites: what
/// Kepler's equation and the short-period terms start from.
#[derive(Debug, Clone, Copy, Default)]
pub struct MeanLanes {
    /// p₃₈ = M + ω + p₃₇k₅aₓₙ, any multiple of 2π.
    pub p38: Lane,
    /// Ω before the short-period term.
    pub node: Lane,
    /// aₓₙ, aᵧₙ
    pub axn: Lane,
    /// aᵧₙ
    pub ayn: Lane,
    /// a, Earth radii
    pub a: Lane,
    /// β = (1 − aₓₙ² − aᵧₙ²)^½
    pub beta: Lane,
    /// pₗ
    pub pl: Lane,
    /// ½J₂/pₗ²
    pub p46: Lane,
    /// ½J₂/pₗ
    pub hj: Lane,
    /// k₃, k₄, k₆ (functions of I)
    pub k3: Lane,
    /// k₄
    pub k4: Lane,
    /// k₆
    pub k6: Lane,
    /// sin I, cos I
    pub sin_i: Lane,
    /// cos I
    pub cos_i: Lane,
    /// n = kₑ/a^{3/2}, rad/min
    pub n: Lane,
}

/// Sets lane `k` of `m` to the satellite with node `node0` and mean anomaly
/// `m0` at epoch in a shell whose terms at the instant are `at` (catalog
/// satellites come with their own `at` and zeros).
#[inline(always)]
fn set_lane(m: &mut MeanLanes, k: usize, at: &ShellAtTime, node0: f64, m0: f64) {
    m.p38[k] = m0 + at.mean_argument_drift_rad.rem_euclid(TAU) + at.long_period_rad;
    m.node[k] = node0 + at.node_drift_rad.rem_euclid(TAU);
    m.axn[k] = at.axn;
    m.ayn[k] = at.ayn;
    m.a[k] = at.a;
    m.beta[k] = at.beta;
    m.pl[k] = at.pl;
    m.p46[k] = at.p46;
    m.hj[k] = at.half_j2_over_pl;
    m.k3[k] = at.k3;
    m.k4[k] = at.k4;
    m.k6[k] = at.k6;
    m.sin_i[k] = at.sin_i;
    m.cos_i[k] = at.cos_i;
    m.n[k] = at.n;
}

/// Fills the mean state of one shell's satellites from its shared terms and
/// their nodes and mean anomalies at epoch.
#[inline(always)]
pub fn shell_lanes(at: &ShellAtTime, node0: &Lane, m0: &Lane, m: &mut MeanLanes) {
    for i in 0..LANES {
        set_lane(m, i, at, node0[i], m0[i]);
    }
}

/// Kepler's equation and the short-period terms for `LANES` satellites:
/// positions (km) and, with `VELOCITY`, velocities (km/s), TEME. Each loop
/// runs over the lanes with a straight-line body, so that it vectorises.
#[inline(always)]
pub fn short_period_block<const VELOCITY: bool>(m: &MeanLanes, steps: usize, out: &mut Block) {
    let g = SHELL_GEOPOTENTIAL;
    let vel_scale = g.ae * g.ke / 60.0;
    // p₃₈ reduced to [0, 2π) (any 2π-shift gives the same orbit point).
    let mut p38 = [0.0; LANES];
    for i in 0..LANES {
        p38[i] = m.p38[i] - TAU * (m.p38[i] * (1.0 / TAU)).floor();
    }
    // Kepler's equation for E + ω, from E + ω = p₃₈. The sine and cosine of
    // the last step's result follow from the step's own by rotating through
    // its (tiny) correction, which saves a full sin/cos pair.
    let mut ew = p38;
    let mut sin_ew = [0.0; LANES];
    let mut cos_ew = [1.0; LANES];
    for _ in 0..steps {
        for i in 0..LANES {
            let (s, c) = sincos(ew[i]);
            let delta = ((p38[i] - m.ayn[i] * c + m.axn[i] * s - ew[i])
                / (1.0 - c * m.axn[i] - s * m.ayn[i]))
                .clamp(-0.95, 0.95);
            ew[i] += delta;
            let (sd, cd) = small_sincos(delta.clamp(-0.02, 0.02));
            sin_ew[i] = s * cd + c * sd;
            cos_ew[i] = c * cd - s * sd;
        }
    }
    if steps == 0 {
        for i in 0..LANES {
            (sin_ew[i], cos_ew[i]) = sincos(ew[i]);
        }
    }
    for i in 0..LANES {
        let (axn, ayn, a, b) = (m.axn[i], m.ayn[i], m.a[i], m.beta[i]);
        let (sin_ew, cos_ew) = (sin_ew[i], cos_ew[i]);
        let p40 = axn * sin_ew - ayn * cos_ew;
        let r = a * (1.0 - (axn * cos_ew + ayn * sin_ew));
        let inv_r = 1.0 / r;
        let p41 = p40 / (1.0 + b);
        let p42 = a * inv_r * (sin_ew - ayn - axn * p41);
        let p43 = a * inv_r * (cos_ew - axn + ayn * p41);
        // (p₄₃, p₄₂) = |·|(cos u, sin u): no atan2 needed.
        let inv_len = 1.0 / (p42 * p42 + p43 * p43).sqrt();
        let (sin_u, cos_u) = (p42 * inv_len, p43 * inv_len);
        let p44 = 2.0 * p43 * p42;
        let p45 = 1.0 - 2.0 * p42 * p42;
        let p46 = m.p46[i];
        let (sin_i, cos_i) = (m.sin_i[i], m.cos_i[i]);
        let rk = r * (1.0 - 1.5 * p46 * b * m.k6[i]) + 0.5 * m.hj[i] * m.k3[i] * p45;
        // uₖ = u − ¼ p₄₆ k₄ p₄₄
        let (sd, cd) = small_sincos(-0.25 * p46 * m.k4[i] * p44);
        let sin_uk = sin_u * cd + cos_u * sd;
        let cos_uk = cos_u * cd - sin_u * sd;
        // Iₖ = I + ³/₂ p₄₆ cos I sin I p₄₅
        let (si, ci) = small_sincos(1.5 * p46 * cos_i * sin_i * p45);
        let sin_ik = sin_i * ci + cos_i * si;
        let cos_ik = cos_i * ci - sin_i * si;
        // Ωₖ = Ω + ³/₂ p₄₆ cos I p₄₄ (the one full sin/cos pair besides Kepler's).
        let (sin_n, cos_n) = sincos(m.node[i]);
        let (sdn, cdn) = small_sincos(1.5 * p46 * cos_i * p44);
        let sin_nk = sin_n * cdn + cos_n * sdn;
        let cos_nk = cos_n * cdn - sin_n * sdn;
        let u0 = -sin_nk * cos_ik * sin_uk + cos_nk * cos_uk;
        let u1 = cos_nk * cos_ik * sin_uk + sin_nk * cos_uk;
        let u2 = sin_ik * sin_uk;
        out.pos[0][i] = rk * u0 * g.ae;
        out.pos[1][i] = rk * u1 * g.ae;
        out.pos[2][i] = rk * u2 * g.ae;
        if VELOCITY {
            let r_dot = a.sqrt() * p40 * inv_r;
            let rk_dot = r_dot - m.n[i] * m.hj[i] * m.k3[i] * p44 / g.ke;
            let rfk_dot =
                m.pl[i].sqrt() * inv_r + m.n[i] * m.hj[i] * (m.k3[i] * p45 + 1.5 * m.k6[i]) / g.ke;
            let w0 = -sin_nk * cos_ik * cos_uk - cos_nk * sin_uk;
            let w1 = cos_nk * cos_ik * cos_uk - sin_nk * sin_uk;
            let w2 = sin_ik * cos_uk;
            out.vel[0][i] = (rk_dot * u0 + rfk_dot * w0) * vel_scale;
            out.vel[1][i] = (rk_dot * u1 + rfk_dot * w1) * vel_scale;
            out.vel[2][i] = (rk_dot * u2 + rfk_dot * w2) * vel_scale;
        }
    }
}

/// Propagates `LANES` satellites of one shell (node and mean anomaly at
/// epoch) to the time of `at`. `steps` from [`kepler_steps`].
#[inline(always)]
pub fn propagate_block<const VELOCITY: bool>(
    at: &ShellAtTime,
    steps: usize,
    node0: &Lane,
    m0: &Lane,
    out: &mut Block,
) {
    let mut m = MeanLanes::default();
    shell_lanes(at, node0, m0, &mut m);
    short_period_block::<VELOCITY>(&m, steps, out);
}

/// Propagates catalog-style satellites (each with its own elements and drag,
/// near-Earth) through the same Kepler and short-period code, `LANES` at a
/// time; `None` where SGP4 gives up. For tests against Vallado's cases.
pub fn propagate_general(
    orbits: &[&super::general::GeneralOrbit],
    t_min: f64,
) -> Vec<Option<TemeState>> {
    let mut out = Vec::with_capacity(orbits.len());
    for chunk in orbits.chunks(LANES) {
        let mut m = MeanLanes::default();
        let mut ok = [false; LANES];
        let mut steps = 3;
        for (k, o) in chunk.iter().enumerate() {
            let Some(at) = o.at(t_min) else { continue };
            ok[k] = true;
            steps = steps.max(kepler_steps(at.axn.hypot(at.ayn)));
            set_lane(&mut m, k, &at, 0.0, 0.0);
        }
        // Lanes without a satellite get a harmless circle.
        for k in 0..LANES {
            if !ok[k] {
                m.a[k] = 1.1;
                m.beta[k] = 1.0;
                m.pl[k] = 1.1;
            }
        }
        let mut block = Block::default();
        short_period_block::<true>(&m, steps, &mut block);
        for k in 0..chunk.len() {
            out.push(ok[k].then(|| TemeState {
                pos_in_teme_km: [block.pos[0][k], block.pos[1][k], block.pos[2][k]],
                vel_in_teme_km_s: [block.vel[0][k], block.vel[1][k], block.vel[2][k]],
            }));
        }
    }
    out
}

/// Propagates a run of one shell's satellites into `out` (positions and velocities).
pub fn propagate_shell_run(
    at: &ShellAtTime,
    nodes: &[f64],
    anomalies: &[f64],
    out: &mut Vec<TemeState>,
) {
    dispatch::propagate_run(at, nodes, anomalies, out);
}

/// The chunked loop over a run, shared by the CPU-specific builds below.
#[inline(always)]
fn run_blocks(at: &ShellAtTime, nodes: &[f64], anomalies: &[f64], out: &mut Vec<TemeState>) {
    let steps = kepler_steps(at.axn.hypot(at.ayn));
    let mut block = Block::default();
    let mut i = 0;
    while i < nodes.len() {
        let n = (nodes.len() - i).min(LANES);
        let mut node0 = [0.0; LANES];
        let mut m0 = [0.0; LANES];
        node0[..n].copy_from_slice(&nodes[i..i + n]);
        m0[..n].copy_from_slice(&anomalies[i..i + n]);
        propagate_block::<true>(at, steps, &node0, &m0, &mut block);
        for k in 0..n {
            out.push(TemeState {
                pos_in_teme_km: [block.pos[0][k], block.pos[1][k], block.pos[2][k]],
                vel_in_teme_km_s: [block.vel[0][k], block.vel[1][k], block.vel[2][k]],
            });
        }
        i += n;
    }
}

/// CPU-specific builds of the hot loops, picked once at run time: AVX-512,
/// AVX2 with FMA, or the baseline. [`simd_builds!`](dispatch::simd_builds)
/// is the one place that calls a build; the totals' fused pass uses it too.
pub(crate) mod dispatch {
    /// The instruction sets there are builds for.
    #[derive(Clone, Copy, PartialEq, Eq)]
    pub(crate) enum Level {
        Baseline,
        #[cfg(target_arch = "x86_64")]
        Avx2,
        #[cfg(target_arch = "x86_64")]
        Avx512,
    }

    /// The best level this CPU has, detected once.
    pub(crate) fn level() -> Level {
        static LEVEL: std::sync::OnceLock<Level> = std::sync::OnceLock::new();
        *LEVEL.get_or_init(|| {
            // MEGACONSTELLATION_SIMD=baseline|avx2 caps the choice (for comparisons).
            let cap = std::env::var("MEGACONSTELLATION_SIMD").unwrap_or_default();
            #[cfg(target_arch = "x86_64")]
            {
                if cap != "baseline"
                    && cap != "avx2"
                    && is_x86_feature_detected!("avx512f")
                    && is_x86_feature_detected!("avx512dq")
                {
                    return Level::Avx512;
                }
                if cap != "baseline"
                    && is_x86_feature_detected!("avx2")
                    && is_x86_feature_detected!("fma")
                {
                    return Level::Avx2;
                }
            }
            let _ = cap;
            Level::Baseline
        })
    }

    /// The instruction set the kernel runs with, for reports.
    pub fn name() -> &'static str {
        match level() {
            Level::Baseline => "baseline",
            #[cfg(target_arch = "x86_64")]
            Level::Avx2 => "AVX2+FMA",
            #[cfg(target_arch = "x86_64")]
            Level::Avx512 => "AVX-512",
        }
    }

    /// `simd_builds!(name, inner, (arg: Type, …))` defines `pub fn name(arg:
    /// Type, …)`, which runs the `#[inline(always)]` function `inner` built
    /// for the best instruction set [`level`] found.
    macro_rules! simd_builds {
        ($name:ident, $inner:path, ($($arg:ident: $ty:ty),*)) => {
            /// The loop, built for the best instruction set the CPU has.
            pub fn $name($($arg: $ty),*) {
                #[cfg(target_arch = "x86_64")]
                {
                    use $crate::propagation::kernel::dispatch::{Level, level};
                    #[target_feature(enable = "avx2,fma")]
                    fn avx2($($arg: $ty),*) {
                        $inner($($arg),*)
                    }
                    #[target_feature(enable = "avx512f,avx512dq,avx2,fma")]
                    fn avx512($($arg: $ty),*) {
                        $inner($($arg),*)
                    }
                    match level() {
                        // SAFETY: `level` checked that the CPU has these
                        // features, the only requirement of calling the builds.
                        #[allow(unsafe_code)]
                        Level::Avx512 => return unsafe { avx512($($arg),*) },
                        #[allow(unsafe_code)]
                        Level::Avx2 => return unsafe { avx2($($arg),*) },
                        Level::Baseline => {}
                    }
                }
                $inner($($arg),*)
            }
        };
    }
    pub(crate) use simd_builds;

    simd_builds!(propagate_run, super::run_blocks, (at: &super::ShellAtTime, nodes: &[f64], anomalies: &[f64], out: &mut Vec<super::TemeState>));
}

/// The instruction set the kernel runs with on this CPU.
pub fn instruction_set() -> &'static str {
    dispatch::name()
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::f64::consts::FRAC_PI_2;

    #[test]
    fn sincos_to_the_last_bits() {
        let mut worst: f64 = 0.0;
        for k in 0..200_001 {
            let x = -40.0 + 80.0 * f64::from(k) / 200_000.0;
            let (s, c) = sincos(x);
            worst = worst.max((s - x.sin()).abs()).max((c - x.cos()).abs());
        }
        assert!(worst < 4e-16, "{worst:e}");
        // Quadrant boundaries.
        for q in -8..=8 {
            let x = f64::from(q) * FRAC_PI_2;
            let (s, c) = sincos(x);
            assert!(
                (s - x.sin()).abs() < 1e-15 && (c - x.cos()).abs() < 1e-15,
                "{q}"
            );
        }
    }

    #[test]
    fn small_angle_series() {
        for d in [-0.02, -1e-3, 0.0, 3e-5, 0.019] {
            let (s, c) = small_sincos(d);
            assert!(
                (s - f64::sin(d)).abs() < 1e-17 && (c - f64::cos(d)).abs() < 1e-17,
                "{d}"
            );
        }
    }
}
