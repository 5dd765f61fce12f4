//! SGP4's last steps, shared by the shell path and the catalog path:
//! Kepler's equation and the short-period corrections, from the per-time
//! terms of an orbit ([`ShellAtTime`]) to a position and velocity in TEME.
//!
//! A shell's terms come from [`super::shell::ShellOrbit::at`], a catalog
//! satellite's from [`super::general::GeneralOrbit::at`]; both end here, so
//! the two paths cannot drift apart. The batched kernel
//! ([`super::kernel`]) runs the same formulas eight satellites at a time.

use sgp4::Geopotential;
use std::f64::consts::TAU;

/// Gravity model of the shells and of SGP4's last steps: WGS-72, as TLEs,
/// python-sgp4 and satellite.js use.
pub const SHELL_GEOPOTENTIAL: Geopotential = sgp4::WGS72;

/// Position and velocity in TEME.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TemeState {
    /// Position, km, TEME.
    pub pos_in_teme_km: [f64; 3],
    /// Velocity, km/s, TEME.
    pub vel_in_teme_km_s: [f64; 3],
}

/// The per-time terms of a shell: everything that does not depend on which
/// satellite of the shell is asked for (for a catalog satellite, its own
/// terms with the node and mean anomaly folded in).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShellAtTime {
    /// Minutes since the shell's epoch.
    pub t_min: f64,
    /// Ω̇·t, rad (added to each satellite's node).
    pub node_drift_rad: f64,
    /// Ṁ·t + ω, rad (added to each satellite's mean anomaly to give M + ω).
    pub mean_argument_drift_rad: f64,
    /// aₓₙ = e cos ω
    pub axn: f64,
    /// aᵧₙ = e sin ω + p₃₇ k₂
    pub ayn: f64,
    /// p₃₇ k₅ aₓₙ, the long-period correction to the mean argument.
    pub long_period_rad: f64,
    /// a, Earth radii.
    pub a: f64,
    /// pₗ = a (1 − aₓₙ² − aᵧₙ²)
    pub pl: f64,
    /// β = (1 − aₓₙ² − aᵧₙ²)^½
    pub beta: f64,
    /// p₄₆ = ½ J₂ / pₗ²
    pub p46: f64,
    /// ½ J₂ / pₗ
    pub half_j2_over_pl: f64,
    /// k₃ = 1 − cos² I
    pub k3: f64,
    /// k₄ = 7 cos² I − 1
    pub k4: f64,
    /// k₆ = 3 cos² I − 1
    pub k6: f64,
    /// I, radians
    pub inclination_rad: f64,
    /// sin I
    pub sin_i: f64,
    /// cos I
    pub cos_i: f64,
    /// n = kₑ / a^{3/2}, rad/min
    pub n: f64,
}

impl ShellAtTime {
    /// Propagates one satellite of the shell, given its node and mean anomaly at epoch.
    #[inline]
    pub fn propagate(&self, node_rad: f64, mean_anomaly_rad: f64) -> TemeState {
        let g = SHELL_GEOPOTENTIAL;
        let (axn, ayn) = (self.axn, self.ayn);
        // p₃₈ = M + ω + p₃₇ k₅ aₓₙ rem 2π (the crate's `%`, which keeps the sign)
        let p38 = (mean_anomaly_rad + self.mean_argument_drift_rad + self.long_period_rad) % TAU;
        // Kepler's equation for E + ω, by Newton with the step clamped to ±0.95.
        let mut ew = p38;
        for _ in 0..10 {
            let (s, c) = ew.sin_cos();
            let delta = (p38 - ayn * c + axn * s - ew) / (1.0 - c * axn - s * ayn);
            if delta.abs() < 1.0e-12 {
                break;
            }
            ew += delta.clamp(-0.95, 0.95);
        }
        let (sin_ew, cos_ew) = ew.sin_cos();
        let a = self.a;
        let pl = self.pl;
        // p₄₀ = aₓₙ sin(E + ω) − aᵧₙ cos(E + ω)
        let p40 = axn * sin_ew - ayn * cos_ew;
        // r = a (1 − (aₓₙ cos(E + ω) + aᵧₙ sin(E + ω)))
        let r = a * (1.0 - (axn * cos_ew + ayn * sin_ew));
        // ṙ = a^½ p₄₀ / r
        let r_dot = a.sqrt() * p40 / r;
        let b = self.beta;
        // p₄₁ = p₄₀ / (1 + β)
        let p41 = p40 / (1.0 + b);
        // p₄₂ = a / r (sin(E + ω) − aᵧₙ − aₓₙ p₄₁)
        let p42 = a / r * (sin_ew - ayn - axn * p41);
        // p₄₃ = a / r (cos(E + ω) − aₓₙ + aᵧₙ p₄₁)
        let p43 = a / r * (cos_ew - axn + ayn * p41);
        // u = atan2(p₄₂, p₄₃)
        let u = p42.atan2(p43);
        // p₄₄ = 2 p₄₃ p₄₂ (= sin 2u), p₄₅ = 1 − 2 p₄₂² (= cos 2u)
        let p44 = 2.0 * p43 * p42;
        let p45 = 1.0 - 2.0 * p42.powi(2);
        let p46 = self.p46;
        let hj = self.half_j2_over_pl;
        // rₖ = r (1 − ³/₂ p₄₆ β k₆) + ½ (½ J₂ / pₗ) k₃ p₄₅
        let rk = r * (1.0 - 1.5 * p46 * b * self.k6) + 0.5 * hj * self.k3 * p45;
        // uₖ = u − ¼ p₄₆ k₄ p₄₄
        let uk = u - 0.25 * p46 * self.k4 * p44;
        // Iₖ = I + ³/₂ p₄₆ cos I sin I p₄₅
        let ik = self.inclination_rad + 1.5 * p46 * self.cos_i * self.sin_i * p45;
        // Ωₖ = Ω + ³/₂ p₄₆ cos I p₄₄
        let node = node_rad + self.node_drift_rad;
        let node_k = node + 1.5 * p46 * self.cos_i * p44;
        // ṙₖ = ṙ − n (½ J₂ / pₗ) k₃ p₄₄ / kₑ
        let rk_dot = r_dot - self.n * hj * self.k3 * p44 / g.ke;
        // rḟₖ = pₗ^½ / r + n (½ J₂ / pₗ) (k₃ p₄₅ + ³/₂ k₆) / kₑ
        let rfk_dot = pl.sqrt() / r + self.n * hj * (self.k3 * p45 + 1.5 * self.k6) / g.ke;

        let (sin_uk, cos_uk) = uk.sin_cos();
        let (sin_nk, cos_nk) = node_k.sin_cos();
        let (sin_ik, cos_ik) = ik.sin_cos();
        // u₀, u₁, u₂: the unit vector to the satellite.
        let u0 = -sin_nk * cos_ik * sin_uk + cos_nk * cos_uk;
        let u1 = cos_nk * cos_ik * sin_uk + sin_nk * cos_uk;
        let u2 = sin_ik * sin_uk;
        // The unit vector along the motion.
        let w0 = -sin_nk * cos_ik * cos_uk - cos_nk * sin_uk;
        let w1 = cos_nk * cos_ik * cos_uk - sin_nk * sin_uk;
        let w2 = sin_ik * cos_uk;
        let vel_scale = g.ae * g.ke / 60.0;
        TemeState {
            pos_in_teme_km: [rk * u0 * g.ae, rk * u1 * g.ae, rk * u2 * g.ae],
            vel_in_teme_km_s: [
                (rk_dot * u0 + rfk_dot * w0) * vel_scale,
                (rk_dot * u1 + rfk_dot * w1) * vel_scale,
                (rk_dot * u2 + rfk_dot * w2) * vel_scale,
            ],
        }
    }
}
