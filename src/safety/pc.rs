//! Collision probability in the encounter plane: Foster & Estes (1992).
//!
//! At the time of closest approach the relative motion is taken as a
//! straight line, so the probability that the two hard bodies touch is the
//! integral of the combined position density over a disc of the combined
//! hard-body radius R, in the plane perpendicular to the relative velocity:
//!
//! Pc = 1/(2π σₓ σ_z) ∬_{x²+z²≤R²} exp(−½[(x−xₘ)²/σₓ² + (z−z_m)²/σ_z²]) dx dz
//!
//! with (xₘ, z_m) the miss vector and σₓ, σ_z the combined covariance's
//! principal axes in that plane. The inner integral over z is an error
//! function; the outer one runs over x = R sin φ by Gauss–Legendre, which
//! takes away the square root's kink at the disc's edge (NASA CARA's
//! Pc2D_Foster does the same reduction).

use crate::vec3::{Vec3, cross, dot, norm, normalize, scale, sub};
use std::f64::consts::{FRAC_1_SQRT_2, PI};
use std::sync::OnceLock;

/// 1-σ position uncertainties in an object's own radial, in-track and
/// cross-track directions, km.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RtnSigma {
    /// Radial, km.
    pub radial_km: f64,
    /// In-track (along the velocity, in the orbit plane), km.
    pub in_track_km: f64,
    /// Cross-track (along the orbit normal), km.
    pub cross_track_km: f64,
}

/// An object's radial, in-track and cross-track unit vectors from its
/// position and velocity: R̂ = r/|r|, Ĉ = (r × v)/|r × v|, Î = Ĉ × R̂.
pub fn rtn_axes(pos_km: Vec3, vel_km_s: Vec3) -> [Vec3; 3] {
    let r = normalize(pos_km);
    let c = normalize(cross(pos_km, vel_km_s));
    let i = cross(c, r);
    [r, i, c]
}

/// A 3×3 symmetric matrix, row-major.
type Mat3 = [[f64; 3]; 3];

/// The covariance (km²) of an object's position in the inertial frame:
/// C = Σ σₖ² eₖ eₖᵀ over its R, I and C axes.
pub fn inertial_covariance(pos_km: Vec3, vel_km_s: Vec3, sigma: &RtnSigma) -> Mat3 {
    let axes = rtn_axes(pos_km, vel_km_s);
    let s = [sigma.radial_km, sigma.in_track_km, sigma.cross_track_km];
    let mut c = [[0.0; 3]; 3];
    for (e, sk) in axes.iter().zip(s) {
        for row in 0..3 {
            for col in 0..3 {
                c[row][col] += sk * sk * e[row] * e[col];
            }
        }
    }
    c
}

fn quad(c: &Mat3, a: Vec3, b: Vec3) -> f64 {
    let mut s = 0.0;
    for row in 0..3 {
        for col in 0..3 {
            s += a[row] * c[row][col] * b[col];
        }
    }
    s
}

/// The encounter of two objects at their closest approach, reduced to the
/// encounter plane: the miss distance and the combined covariance there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EncounterPlane {
    /// Miss distance, km (along the plane's first axis).
    pub miss_km: f64,
    /// Combined covariance in the plane: [[c₁₁, c₁₂], [c₁₂, c₂₂]], km².
    pub covariance_km2: [[f64; 2]; 2],
}

impl EncounterPlane {
    /// From the two objects' states at TCA and their uncertainties. The
    /// plane's first axis is the miss direction, the second completes it
    /// perpendicular to the relative velocity.
    pub fn new(
        (pos_a, vel_a, sigma_a): (Vec3, Vec3, &RtnSigma),
        (pos_b, vel_b, sigma_b): (Vec3, Vec3, &RtnSigma),
    ) -> Self {
        let ca = inertial_covariance(pos_a, vel_a, sigma_a);
        let cb = inertial_covariance(pos_b, vel_b, sigma_b);
        let mut c = ca;
        for row in 0..3 {
            for col in 0..3 {
                c[row][col] += cb[row][col];
            }
        }
        let dr = sub(pos_b, pos_a);
        let dv = sub(vel_b, vel_a);
        let w = if norm(dv) > 0.0 {
            normalize(dv)
        } else {
            [0.0, 0.0, 1.0]
        };
        // The miss vector without its component along the relative velocity
        // (zero at an exact TCA, small after a refinement to 1e-6 s).
        let perp = sub(dr, scale(w, dot(dr, w)));
        let e1 = if norm(perp) > 1e-12 {
            normalize(perp)
        } else {
            // Any axis perpendicular to w.
            let trial = if w[0].abs() < 0.9 {
                [1.0, 0.0, 0.0]
            } else {
                [0.0, 1.0, 0.0]
            };
            normalize(cross(w, trial))
        };
        let e2 = cross(w, e1);
        Self {
            miss_km: norm(perp),
            covariance_km2: [
                [quad(&c, e1, e1), quad(&c, e1, e2)],
                [quad(&c, e1, e2), quad(&c, e2, e2)],
            ],
        }
    }

    /// Foster's Pc for a combined hard-body radius `radius_km`.
    pub fn probability(&self, radius_km: f64) -> f64 {
        let [[a, b], [_, d]] = self.covariance_km2;
        // Principal axes of the 2×2 covariance: λ = (a+d)/2 ± √(((a−d)/2)² + b²).
        let mean = 0.5 * (a + d);
        let half_diff = 0.5 * (a - d);
        let root = half_diff.hypot(b);
        let (l1, l2) = (mean + root, (mean - root).max(0.0));
        // Angle of the first principal axis from the miss direction.
        let angle = 0.5 * (2.0 * b).atan2(a - d);
        let (s, c) = angle.sin_cos();
        // The miss (miss, 0) in the principal axes.
        let (xm, zm) = (self.miss_km * c, -self.miss_km * s);
        foster_principal(xm, zm, l1.sqrt(), l2.sqrt(), radius_km)
    }
}

/// Foster's integral with the covariance diagonal: miss (xₘ, z_m), σₓ, σ_z
/// (km), hard-body radius R (km).
pub fn foster_principal(xm: f64, zm: f64, sx: f64, sz: f64, radius_km: f64) -> f64 {
    let r = radius_km;
    if r.is_nan() || r <= 0.0 {
        return 0.0;
    }
    // A degenerate covariance: the object is where it is said to be.
    if !(sx > 0.0 && sz > 0.0) {
        return if xm.hypot(zm) <= r { 1.0 } else { 0.0 };
    }
    // Past 12 σ of the larger axis the density is below 1e-31 everywhere on the disc.
    if xm.hypot(zm) - r > 12.0 * sx.max(sz) {
        return 0.0;
    }
    // x = R sin φ over the part of [−R, R] where x's Gaussian is not negligible.
    let lo = ((xm - 10.0 * sx) / r).clamp(-1.0, 1.0).asin();
    let hi = ((xm + 10.0 * sx) / r).clamp(-1.0, 1.0).asin();
    if hi <= lo {
        return 0.0;
    }
    let (nodes, weights) = gauss_legendre();
    // Panels narrow enough that a narrow Gaussian in x is resolved.
    let panels = ((hi - lo) * r / sx).ceil().clamp(4.0, 256.0) as usize;
    let width = (hi - lo) / panels as f64;
    let mut total = 0.0;
    for p in 0..panels {
        let mid = lo + (p as f64 + 0.5) * width;
        for (node, weight) in nodes.iter().zip(weights) {
            let phi = mid + 0.5 * width * node;
            let (sin_phi, cos_phi) = phi.sin_cos();
            let x = r * sin_phi;
            let half_chord = r * cos_phi;
            // ∫ N(z; z_m, σ_z) dz over [−√(R²−x²), √(R²−x²)]
            let inner = normal_interval((-half_chord - zm) / sz, (half_chord - zm) / sz);
            // N(x; xₘ, σₓ) dx, dx = R cos φ dφ
            let gx = (-0.5 * ((x - xm) / sx).powi(2)).exp() / ((2.0 * PI).sqrt() * sx);
            total += 0.5 * width * weight * gx * inner * half_chord;
        }
    }
    total.clamp(0.0, 1.0)
}

/// P(lo ≤ Z ≤ hi) for a standard normal Z, without cancellation in the tails.
pub fn normal_interval(lo: f64, hi: f64) -> f64 {
    if hi <= lo {
        return 0.0;
    }
    if lo >= 0.0 {
        0.5 * (libm::erfc(lo * FRAC_1_SQRT_2) - libm::erfc(hi * FRAC_1_SQRT_2))
    } else if hi <= 0.0 {
        0.5 * (libm::erfc(-hi * FRAC_1_SQRT_2) - libm::erfc(-lo * FRAC_1_SQRT_2))
    } else {
        1.0 - 0.5 * (libm::erfc(-lo * FRAC_1_SQRT_2) + libm::erfc(hi * FRAC_1_SQRT_2))
    }
}

/// Nodes and weights of 16-point Gauss–Legendre on [−1, 1], found once by
/// Newton's method on P₁₆ (Golub–Welsch would do as well).
fn gauss_legendre() -> &'static (Vec<f64>, Vec<f64>) {
    static RULE: OnceLock<(Vec<f64>, Vec<f64>)> = OnceLock::new();
    RULE.get_or_init(|| {
        const N: usize = 16;
        let mut nodes = Vec::with_capacity(N);
        let mut weights = Vec::with_capacity(N);
        for i in 0..N {
            // Tricomi's first guess, then Newton.
            let mut x = (PI * (i as f64 + 0.75) / (N as f64 + 0.5)).cos();
            let mut dp = 1.0;
            for _ in 0..100 {
                // P_n and P_n' by the three-term recurrence.
                let (mut p0, mut p1) = (1.0, x);
                for k in 2..=N {
                    let k = k as f64;
                    let p2 = ((2.0 * k - 1.0) * x * p1 - (k - 1.0) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                dp = N as f64 * (x * p1 - p0) / (x * x - 1.0);
                let step = p1 / dp;
                x -= step;
                if step.abs() < 1e-16 {
                    break;
                }
            }
            nodes.push(x);
            weights.push(2.0 / ((1.0 - x * x) * dp * dp));
        }
        (nodes, weights)
    })
}

/// Pc for an isotropic σ and a zero miss, in closed form: 1 − exp(−R²/2σ²).
pub fn isotropic_zero_miss(sigma_km: f64, radius_km: f64) -> f64 {
    -(-(radius_km * radius_km) / (2.0 * sigma_km * sigma_km)).exp_m1()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gauss_legendre_integrates_polynomials() {
        let (x, w) = gauss_legendre();
        let sum: f64 = w.iter().sum();
        assert!((sum - 2.0).abs() < 1e-13, "{sum}");
        // ∫ x³⁰ dx over [−1, 1] = 2/31: exact for a 16-point rule (degree ≤ 31).
        let i: f64 = x.iter().zip(w).map(|(x, w)| w * x.powi(30)).sum();
        assert!((i - 2.0 / 31.0).abs() < 1e-13, "{i}");
    }

    #[test]
    fn normal_interval_tails() {
        assert!((normal_interval(-1.0, 1.0) - 0.682_689_492_137_086).abs() < 1e-14);
        // Far in the tail, where erf(hi) − erf(lo) would cancel to zero.
        let p = normal_interval(10.0, 11.0);
        assert!(p > 7.6e-24 && p < 7.7e-24, "{p:e}");
    }
}
