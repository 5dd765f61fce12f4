//! SGP4's near-Earth branch for one satellite with its own elements and
//! drag, with every epoch constant exposed, so that the GPU can run the same
//! formulas (catalog satellites in the viewer). The formulas and symbols are
//! the sgp4 crate's (Vallado's "Revisiting Spacetrack Report #3"); tests
//! hold this to the crate within 1e-6 km for Vallado's near-Earth cases.
//!
//! Deep-space elements (period of [`DEEP_SPACE_PERIOD_MIN`] or more) get
//! the same near-Earth secular and drag terms here, without SDP4's
//! lunar-solar and resonance terms: good for drawing them, not for totals,
//! which always use the crate.

use super::short_period::{ShellAtTime, TemeState};
use sgp4::Geopotential;
use std::f64::consts::PI;

/// Gravity model: WGS-72, as catalog elements are made with.
const G: Geopotential = sgp4::WGS72;

/// SGP4's deep-space limit, minutes: an orbit with a period this long or
/// longer goes through SDP4's lunar-solar and resonance terms instead of the
/// near-Earth branch (Hoots & Roehrich 1980, Spacetrack Report #3: 225
/// minutes, 6.4 revolutions a day).
pub const DEEP_SPACE_PERIOD_MIN: f64 = 225.0;

/// J₃/J₂ terms of the near-Earth propagation that depend only on the inclination.
pub struct InclinationTerms;

/// The WGS-72 instance.
pub const WGS72_TERMS: InclinationTerms = InclinationTerms;

impl InclinationTerms {
    /// k₂ = −½ (J₃/J₂) sin I and k₅ = −¼ (J₃/J₂) sin I (3 + 5 cos I) / (1 + cos I), guarded at I = 180°.
    pub fn k2_k5(&self, sin_i: f64, cos_i: f64) -> (f64, f64) {
        let k2 = -0.5 * (G.j3 / G.j2) * sin_i;
        let k5 = -0.25 * (G.j3 / G.j2) * sin_i * (3.0 + 5.0 * cos_i)
            / if (1.0 + cos_i).abs() > 1.5e-12 {
                1.0 + cos_i
            } else {
                1.5e-12
            };
        (k2, k5)
    }
}

/// The epoch constants of one satellite.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneralOrbit {
    /// Inclination, radians.
    pub i0: f64,
    /// Node at epoch, radians.
    pub node0: f64,
    /// Eccentricity at epoch.
    pub e0: f64,
    /// Argument of perigee at epoch, radians.
    pub argp0: f64,
    /// Mean anomaly at epoch, radians.
    pub m0: f64,
    /// Brouwer mean motion, rad/min.
    pub n0: f64,
    /// Brouwer semi-major axis, Earth radii.
    pub a0: f64,
    /// Ω̇, ω̇, Ṁ, rad/min.
    pub node_dot: f64,
    /// ω̇, rad/min.
    pub argp_dot: f64,
    /// Ṁ, rad/min.
    pub mean_anomaly_dot: f64,
    /// Drag terms C₁, C₄, and the node's t² coefficient k₀.
    pub c1: f64,
    /// C₄
    pub c4: f64,
    /// k₀ (Ω t² coefficient)
    pub k0: f64,
    /// k₁ = ³/₂ C₁
    pub k1: f64,
    /// Higher-order drag terms (zero for perigees under 220 km): C₅, D₂, D₃, D₄, η, k₇, k₈, k₉, k₁₀.
    pub c5: f64,
    /// D₂
    pub d2: f64,
    /// D₃
    pub d3: f64,
    /// D₄
    pub d4: f64,
    /// η
    pub eta: f64,
    /// k₇ = sin M₀
    pub k7: f64,
    /// k₈
    pub k8: f64,
    /// k₉
    pub k9: f64,
    /// k₁₀
    pub k10: f64,
    /// Elliptic drag terms (zero when e₀ ≤ 1e-4): k₁₁, k₁₂, k₁₃.
    pub k11: f64,
    /// k₁₂
    pub k12: f64,
    /// k₁₃
    pub k13: f64,
    /// True if the perigee is above 220 km (the higher-order drag terms apply).
    pub high_altitude: bool,
}

impl GeneralOrbit {
    /// The constants of TLE/OMM elements (Kozai mean motion), as the crate's
    /// `Constants::from_elements_afspc_compatibility_mode` computes them.
    pub fn from_elements(e: &sgp4::Elements) -> Result<Self, sgp4::ElementsError> {
        let deg = PI / 180.0;
        let orbit = sgp4::Orbit::from_kozai_elements(
            &G,
            e.inclination * deg,
            e.right_ascension * deg,
            e.eccentricity,
            e.argument_of_perigee * deg,
            e.mean_anomaly * deg,
            e.mean_motion * (PI / 720.0),
        )?;
        if !(0.0..1.0).contains(&orbit.eccentricity) {
            return Err(sgp4::ElementsError::OutOfRangeEpochEccentricity(
                sgp4::OutOfRangeEpochEccentricity(orbit.eccentricity),
            ));
        }
        Ok(Self::new(&orbit, e.drag_term))
    }

    /// The constants of Brouwer elements and a drag term B*.
    #[allow(clippy::many_single_char_names)]
    pub fn new(o: &sgp4::Orbit, drag_term: f64) -> Self {
        let (i0, e0, n0) = (o.inclination, o.eccentricity, o.mean_motion);
        // p₁ = cos I₀, p₂ = 1 − e₀², k₆ = 3p₁² − 1, a₀" = (kₑ/n₀")^⅔, p₃ = a₀"(1 − e₀)
        let p1 = i0.cos();
        let p2 = 1.0 - e0.powi(2);
        let k6 = 3.0 * p1.powi(2) - 1.0;
        let a0 = (G.ke / n0).powf(2.0 / 3.0);
        let p3 = a0 * (1.0 - e0);
        // s and p₆ from the perigee height p₄ = aₑ(p₃ − 1).
        let p4 = G.ae * (p3 - 1.0);
        let p5 = if p4 < 98.0 {
            20.0
        } else if p4 < 156.0 {
            p4 - 78.0
        } else {
            78.0
        };
        let s = p5 / G.ae + 1.0;
        let p6 = ((120.0 - p5) / G.ae).powi(4);
        let xi = 1.0 / (a0 - s);
        let p7 = p6 * xi.powi(4);
        let eta = a0 * e0 * xi;
        let p8 = (1.0 - eta.powi(2)).abs();
        let p9 = p7 / p8.powf(3.5);
        let c1 = drag_term
            * (p9
                * n0
                * (a0 * (1.0 + 1.5 * eta.powi(2) + e0 * eta * (4.0 + eta.powi(2)))
                    + 0.375 * G.j2 * xi / p8
                        * k6
                        * (8.0 + 3.0 * eta.powi(2) * (8.0 + eta.powi(2)))));
        let p10 = 1.0 / (a0 * p2).powi(2);
        let b0 = p2.sqrt();
        let p11 = 1.5 * G.j2 * p10 * n0;
        let p12 = 0.5 * p11 * G.j2 * p10;
        let p13 = -0.46875 * G.j4 * p10.powi(2) * n0;
        let p14 = -p11 * p1
            + (0.5 * p12 * (4.0 - 19.0 * p1.powi(2)) + 2.0 * p13 * (3.0 - 7.0 * p1.powi(2))) * p1;
        let k14 = -0.5 * p11 * (1.0 - 5.0 * p1.powi(2))
            + 0.0625 * p12 * (7.0 - 114.0 * p1.powi(2) + 395.0 * p1.powi(4))
            + p13 * (3.0 - 36.0 * p1.powi(2) + 49.0 * p1.powi(4));
        let p15 = n0
            + 0.5 * p11 * b0 * k6
            + 0.0625 * p12 * b0 * (13.0 - 78.0 * p1.powi(2) + 137.0 * p1.powi(4));
        let c4 = drag_term
            * (2.0
                * n0
                * p9
                * a0
                * p2
                * (eta * (2.0 + 0.5 * eta.powi(2)) + e0 * (0.5 + 2.0 * eta.powi(2))
                    - G.j2 * xi / (a0 * p8)
                        * (-3.0
                            * k6
                            * (1.0 - 2.0 * e0 * eta + eta.powi(2) * (1.5 - 0.5 * e0 * eta))
                            + 0.75
                                * (1.0 - p1.powi(2))
                                * (2.0 * eta.powi(2) - e0 * eta * (1.0 + eta.powi(2)))
                                * (2.0 * o.argument_of_perigee).cos())));
        let k0 = 3.5 * p2 * (-p11 * p1) * c1;
        let k1 = 1.5 * c1;
        let high_altitude = p3 >= 220.0 / G.ae + 1.0;
        let mut out = Self {
            i0,
            node0: o.right_ascension,
            e0,
            argp0: o.argument_of_perigee,
            m0: o.mean_anomaly,
            n0,
            a0,
            node_dot: p14,
            argp_dot: k14,
            mean_anomaly_dot: p15,
            c1,
            c4,
            k0,
            k1,
            c5: 0.0,
            d2: 0.0,
            d3: 0.0,
            d4: 0.0,
            eta,
            k7: 0.0,
            k8: 0.0,
            k9: 0.0,
            k10: 0.0,
            k11: 0.0,
            k12: 0.0,
            k13: 0.0,
            high_altitude,
        };
        if high_altitude {
            let d2 = 4.0 * a0 * xi * c1.powi(2);
            let p16 = d2 * xi * c1 / 3.0;
            let d3 = (17.0 * a0 + s) * p16;
            let d4 = 0.5 * p16 * a0 * xi * (221.0 * a0 + 31.0 * s) * c1;
            out.c5 = drag_term
                * (2.0
                    * p9
                    * a0
                    * p2
                    * (1.0 + 2.75 * (eta.powi(2) + eta * e0) + eta * e0 * eta.powi(2)));
            out.d2 = d2;
            out.d3 = d3;
            out.d4 = d4;
            out.k7 = o.mean_anomaly.sin();
            out.k8 = d2 + 2.0 * c1.powi(2);
            out.k9 = 0.25 * (3.0 * d3 + c1 * (12.0 * d2 + 10.0 * c1.powi(2)));
            out.k10 = 0.2
                * (3.0 * d4
                    + 12.0 * c1 * d3
                    + 6.0 * d2.powi(2)
                    + 15.0 * c1.powi(2) * (2.0 * d2 + c1.powi(2)));
            if e0 > 1.0e-4 {
                out.k11 = (1.0 + eta * o.mean_anomaly.cos()).powi(3);
                out.k12 = drag_term
                    * (-2.0 * p7 * xi * (G.j3 / G.j2) * n0 * i0.sin() / e0)
                    * o.argument_of_perigee.cos();
                out.k13 = -2.0 / 3.0 * p7 * drag_term / (e0 * eta);
            }
        }
        out
    }

    /// The secular and drag-perturbed mean elements at `t` minutes after
    /// epoch: (Ω, ω, M, a, e), or `None` where SGP4 gives up (e out of range).
    pub fn mean_elements(&self, t: f64) -> Option<(f64, f64, f64, f64, f64)> {
        let node = self.node0 + self.node_dot * t + self.k0 * t * t;
        let p23 = self.argp0 + self.argp_dot * t;
        let p24 = self.m0 + self.mean_anomaly_dot * t;
        let (argp, m, a, e) = if self.high_altitude {
            let p25 = self.k13 * ((1.0 + self.eta * p24.cos()).powi(3) - self.k11) + self.k12 * t;
            let (argp, p26) = (p23 - p25, p24 + p25);
            let t2 = t * t;
            let m = p26
                + self.n0 * (self.k1 * t2 + self.k8 * t2 * t + t2 * t2 * (self.k9 + t * self.k10));
            let a = self.a0
                * (1.0 - self.c1 * t - self.d2 * t2 - self.d3 * t2 * t - self.d4 * t2 * t2).powi(2);
            let e = self.e0 - (self.c4 * t + self.c5 * (p26.sin() - self.k7));
            (argp, m, a, e)
        } else {
            (
                p23,
                p24 + self.n0 * self.k1 * t * t,
                self.a0 * (1.0 - self.c1 * t).powi(2),
                self.e0 - self.c4 * t,
            )
        };
        if !(-0.001..1.0).contains(&e) {
            return None;
        }
        Some((node, argp, m, a, e.max(1.0e-6)))
    }

    /// Everything the last steps of SGP4 (Kepler's equation, the
    /// short-period terms) need at `t` minutes after epoch, in the form the
    /// shell path uses with node and mean anomaly folded in; `None` where
    /// SGP4 gives up.
    pub fn at(&self, t: f64) -> Option<ShellAtTime> {
        let (node, argp, m, a, e) = self.mean_elements(t)?;
        let (sin_i, cos_i) = self.i0.sin_cos();
        let (k2, k5) = WGS72_TERMS.k2_k5(sin_i, cos_i);
        // p₃₇ = 1 / (a (1 − e²)), aₓₙ = e cos ω, aᵧₙ = e sin ω + p₃₇ k₂
        let p37 = 1.0 / (a * (1.0 - e.powi(2)));
        let axn = e * argp.cos();
        let ayn = e * argp.sin() + p37 * k2;
        let p39 = axn.powi(2) + ayn.powi(2);
        let pl = a * (1.0 - p39);
        if pl < 0.0 {
            return None;
        }
        Some(ShellAtTime {
            t_min: t,
            node_drift_rad: node,
            mean_argument_drift_rad: m + argp,
            axn,
            ayn,
            long_period_rad: p37 * k5 * axn,
            a,
            pl,
            beta: (1.0 - p39).sqrt(),
            p46: 0.5 * G.j2 / pl / pl,
            half_j2_over_pl: 0.5 * G.j2 / pl,
            k3: 1.0 - cos_i.powi(2),
            k4: 7.0 * cos_i.powi(2) - 1.0,
            k6: 3.0 * cos_i.powi(2) - 1.0,
            inclination_rad: self.i0,
            sin_i,
            cos_i,
            n: G.ke / a.powf(1.5),
        })
    }

    /// Position and velocity in TEME at `t` minutes after epoch, or `None`
    /// where SGP4 gives up. The last steps are the shell path's own.
    pub fn propagate(&self, t: f64) -> Option<TemeState> {
        self.at(t).map(|s| s.propagate(0.0, 0.0))
    }
}
