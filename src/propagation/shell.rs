//! SGP4 for a Walker shell, sharing what its satellites share.
//!
//! Every satellite of a shell has the same mean motion, eccentricity,
//! inclination and drag term (B* = 0: the shells are station-kept), and the
//! argument of perigee is 0 for all of them, with the phase carried in the
//! mean anomaly. So SGP4's initialisation — the sgp4 crate's `Constants`,
//! 488 bytes — is the same for the whole shell, and so is everything in the
//! propagation that depends only on time: the perigee, eccentricity vector,
//! semi-latus rectum and short-period factors. What is left per satellite is
//! its node and mean anomaly at epoch (16 bytes), Kepler's equation and the
//! rotation to TEME, which are SGP4's last steps ([`super::short_period`]).
//!
//! The formulas are those of the sgp4 crate (Vallado's "Revisiting Spacetrack
//! Report #3"), with B* = 0 folded in; symbols follow the crate so that the
//! two can be read side by side. Tests hold this path to the crate within
//! 1e-6 km and 1e-9 km/s.

use super::general::DEEP_SPACE_PERIOD_MIN;
use super::short_period::ShellAtTime;
use chrono::{DateTime, Utc};
use std::f64::consts::TAU;

pub use super::short_period::SHELL_GEOPOTENTIAL;

/// SGP4's eccentricity floor: it propagates e = 0 as 1e-6.
const MIN_ECCENTRICITY: f64 = 1.0e-6;

/// Why a shell's orbit cannot be propagated by the shell path.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ShellOrbitError {
    /// Period of [`DEEP_SPACE_PERIOD_MIN`] or more: SGP4 would switch to its
    /// deep-space (SDP4) branch.
    #[error(
        "the period is {period_min:.1} minutes; shells must stay below SGP4's deep-space limit of {DEEP_SPACE_PERIOD_MIN} minutes (altitude under about 5,870 km)"
    )]
    DeepSpace {
        /// Orbital period, minutes.
        period_min: f64,
    },
    /// Eccentricity outside [0, 1).
    #[error("eccentricity {0} is outside [0, 1)")]
    Eccentricity(f64),
}

/// The SGP4 terms shared by every satellite of one shell.
#[derive(Debug, Clone, PartialEq)]
pub struct ShellOrbit {
    /// Epoch of the shell's elements.
    pub epoch: DateTime<Utc>,
    /// Inclination, radians.
    pub inclination_rad: f64,
    /// Eccentricity at epoch.
    pub eccentricity: f64,
    /// Brouwer mean motion n₀", rad/min.
    pub mean_motion_rad_min: f64,
    /// Brouwer semi-major axis a₀", Earth radii.
    a0: f64,
    /// Ω̇, rad/min.
    pub node_dot_rad_min: f64,
    /// ω̇, rad/min.
    pub perigee_dot_rad_min: f64,
    /// Ṁ, rad/min.
    pub mean_anomaly_dot_rad_min: f64,
    k2: f64,
    k3: f64,
    k4: f64,
    k5: f64,
    k6: f64,
    sin_i: f64,
    cos_i: f64,
}

impl ShellOrbit {
    /// A shell at `altitude_km` above the WGS-72 equatorial radius (mean
    /// semi-major axis a = R + h), inclination and eccentricity, with elements
    /// at `epoch`.
    pub fn new(
        altitude_km: f64,
        inclination_rad: f64,
        eccentricity: f64,
        epoch: DateTime<Utc>,
    ) -> Result<Self, ShellOrbitError> {
        if !(0.0..1.0).contains(&eccentricity) {
            return Err(ShellOrbitError::Eccentricity(eccentricity));
        }
        let g = SHELL_GEOPOTENTIAL;
        let a0 = (g.ae + altitude_km) / g.ae;
        // n₀" = kₑ / a₀"^{3/2}: the Brouwer mean motion of that semi-major axis.
        let n0 = g.ke / a0.powf(1.5);
        if n0 <= TAU / DEEP_SPACE_PERIOD_MIN {
            return Err(ShellOrbitError::DeepSpace {
                period_min: TAU / n0,
            });
        }
        // SGP4's initialisation with B* = 0, ω₀ = 0 (the secular rates do not
        // depend on the node or the mean anomaly): the same code as a catalog
        // satellite's, so the two paths cannot drift apart.
        let epoch_orbit = sgp4::Orbit {
            inclination: inclination_rad,
            right_ascension: 0.0,
            eccentricity,
            argument_of_perigee: 0.0,
            mean_anomaly: 0.0,
            mean_motion: n0,
        };
        let secular = super::general::GeneralOrbit::new(&epoch_orbit, 0.0);
        let (sin_i0, p1) = inclination_rad.sin_cos();
        let (k2, k5) = super::general::WGS72_TERMS.k2_k5(sin_i0, p1);
        Ok(Self {
            epoch,
            inclination_rad,
            eccentricity,
            mean_motion_rad_min: n0,
            a0: secular.a0,
            node_dot_rad_min: secular.node_dot,
            perigee_dot_rad_min: secular.argp_dot,
            mean_anomaly_dot_rad_min: secular.mean_anomaly_dot,
            k2,
            k3: 1.0 - p1.powi(2),
            k4: 7.0 * p1.powi(2) - 1.0,
            k5,
            k6: 3.0 * p1.powi(2) - 1.0,
            sin_i: sin_i0,
            cos_i: p1,
        })
    }

    /// Orbital period, minutes (2π / n₀").
    pub fn period_min(&self) -> f64 {
        TAU / self.mean_motion_rad_min
    }

    /// Mean semi-major axis, km.
    pub fn semi_major_axis_km(&self) -> f64 {
        self.a0 * SHELL_GEOPOTENTIAL.ae
    }

    /// The terms shared by all satellites at `t_min` minutes after epoch.
    pub fn at(&self, t_min: f64) -> ShellAtTime {
        let g = SHELL_GEOPOTENTIAL;
        // With B* = 0 the drag terms vanish: a = a₀", e = e₀, M = M₀ + Ṁt, ω = ω̇t.
        let perigee = self.perigee_dot_rad_min * t_min;
        let e = self.eccentricity.max(MIN_ECCENTRICITY);
        let a = self.a0;
        // n = kₑ / a^{3/2}
        let n = g.ke / a.powf(1.5);
        // p₃₇ = 1 / (a (1 − e²))
        let p37 = 1.0 / (a * (1.0 - e.powi(2)));
        let (sin_w, cos_w) = perigee.sin_cos();
        let axn = e * cos_w;
        let ayn = e * sin_w + p37 * self.k2;
        // p₃₉ = aₓₙ² + aᵧₙ²
        let p39 = axn.powi(2) + ayn.powi(2);
        let pl = a * (1.0 - p39);
        ShellAtTime {
            t_min,
            node_drift_rad: self.node_dot_rad_min * t_min,
            mean_argument_drift_rad: self.mean_anomaly_dot_rad_min * t_min + perigee,
            axn,
            ayn,
            long_period_rad: p37 * self.k5 * axn,
            a,
            pl,
            beta: (1.0 - p39).sqrt(),
            p46: 0.5 * g.j2 / pl / pl,
            half_j2_over_pl: 0.5 * g.j2 / pl,
            k3: self.k3,
            k4: self.k4,
            k6: self.k6,
            inclination_rad: self.inclination_rad,
            sin_i: self.sin_i,
            cos_i: self.cos_i,
            n,
        }
    }

    /// The sgp4 crate's `Constants` for one satellite of this shell: the
    /// reference the shell path is tested against, and the path for anyone
    /// who wants the crate's answer.
    pub fn crate_constants(&self, node_rad: f64, mean_anomaly_rad: f64) -> sgp4::Constants {
        let epoch_years = sgp4::julian_years_since_j2000(&self.epoch.naive_utc());
        sgp4::Constants::new(
            SHELL_GEOPOTENTIAL,
            sgp4::afspc_epoch_to_sidereal_time,
            epoch_years,
            0.0,
            sgp4::Orbit {
                inclination: self.inclination_rad,
                right_ascension: node_rad,
                eccentricity: self.eccentricity,
                argument_of_perigee: 0.0,
                mean_anomaly: mean_anomaly_rad,
                mean_motion: self.mean_motion_rad_min,
            },
        )
        .expect("eccentricity was checked in ShellOrbit::new")
    }
}

/// Why no sun-synchronous inclination was found.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SunSynchronousError {
    /// J₂ cannot turn the node as fast as the mean Sun moves at this altitude.
    #[error(
        "no sun-synchronous orbit exists at {altitude_km} km (J₂ cannot turn the node fast enough above about 5,970 km)"
    )]
    TooHigh {
        /// The shell's altitude, km.
        altitude_km: f64,
    },
    /// The shell's orbit itself is refused.
    #[error(transparent)]
    Orbit(#[from] ShellOrbitError),
}

/// The mean Sun's motion along the equator, rad/min: 360° per tropical year
/// (365.242190 days).
pub const MEAN_SUN_RATE_RAD_MIN: f64 = TAU / (365.242_190 * 1440.0);

/// The inclination (radians) at which the shell's SGP4 nodal rate equals the
/// mean Sun's, so that its local time of ascending node stays fixed.
///
/// Starts from the J2 formula cos i = −2·Ω̇☉·a^{7/2}·(1 − e²)² / (3·J₂·kₑ)
/// (a in Earth radii, kₑ = √μ) and refines it with Newton's method on the
/// secular rate SGP4 itself uses (J₂² and J₄ terms included), which moves it
/// by a few hundredths of a degree.
pub fn sun_synchronous_inclination_rad(
    altitude_km: f64,
    eccentricity: f64,
    epoch: DateTime<Utc>,
) -> Result<f64, SunSynchronousError> {
    let g = SHELL_GEOPOTENTIAL;
    let a = (g.ae + altitude_km) / g.ae;
    let cos_i = -2.0 * MEAN_SUN_RATE_RAD_MIN * a.powf(3.5) * (1.0 - eccentricity.powi(2)).powi(2)
        / (3.0 * g.j2 * g.ke);
    if !(-1.0..=1.0).contains(&cos_i) {
        return Err(SunSynchronousError::TooHigh { altitude_km });
    }
    let rate = |i: f64| -> Result<f64, ShellOrbitError> {
        ShellOrbit::new(altitude_km, i, eccentricity, epoch)
            .map(|o| o.node_dot_rad_min - MEAN_SUN_RATE_RAD_MIN)
    };
    let mut i = cos_i.acos();
    for _ in 0..8 {
        let h = 1e-7;
        let f = rate(i)?;
        let slope = (rate(i + h)? - rate(i - h)?) / (2.0 * h);
        let step = f / slope;
        i -= step;
        if step.abs() < 1e-13 {
            break;
        }
    }
    Ok(i)
}
