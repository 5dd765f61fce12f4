//! Orbital lifetime under drag: the years a dead satellite (no
//! station-keeping, no deorbit burn) takes to come down from a circular
//! orbit to [`REENTRY_ALTITUDE_KM`].
//!
//! - **The air**: NRLMSISE-00 (Picone et al. 2002) through the `nrlmsise00`
//!   crate, its `gtd7d` total mass density (anomalous oxygen included, what
//!   drag wants). The crate is pure Rust, takes F10.7, F10.7a and Ap as given
//!   (no space-weather download) and returns the reference C's bits. The
//!   model is evaluated as it stands above its nominal 1,000 km ceiling (its
//!   diffusive profiles continue; there is no other NRLMSISE-00 above it).
//! - **The Sun**: three constant activity levels, [`SolarActivity`]: a
//!   lifetime of centuries spans many cycles, so one level is a bracket, not
//!   a forecast.
//! - **Orbit average**: the density averaged around a circular orbit of the
//!   shell's inclination (12 arguments of latitude) and over the local solar
//!   time (8 hours of the day), at the March equinox, on a 5 km grid of
//!   altitude, interpolated in log density.
//! - **Decay**: for a circular orbit, da/dt = −ρ·√(μa)/B with the ballistic
//!   coefficient B = m / (C_D·A) (C_D = 2.2; A the mean area a tumbling
//!   satellite shows: half the one-sided area of its array and radiators, as
//!   for flat plates turning at random). Integrated with steps chosen so that
//!   each lowers the orbit by at most a tenth of the local density scale
//!   height (and 5 km), fourth-order Runge–Kutta.

use crate::model::SatelliteModel;
use nrlmsise00::{Input, MagneticActivity, Model};

/// Where a satellite counts as re-entered, km (below it, days remain).
pub const REENTRY_ALTITUDE_KM: f64 = 120.0;
/// The drag coefficient of a satellite in free molecular flow.
pub const DRAG_COEFFICIENT: f64 = 2.2;
/// μ, m³/s².
const MU_M3_S2: f64 = 3.986_004_418e14;
/// The equatorial radius, m (altitudes count from it).
const EARTH_RADIUS_M: f64 = 6_378_137.0;
/// The altitude grid of the density profiles, km.
const GRID_LOW_KM: f64 = 100.0;
const GRID_HIGH_KM: f64 = 2_500.0;
const GRID_STEP_KM: f64 = 5.0;
/// Seconds in a Julian year.
pub const YEAR_S: f64 = 365.25 * 86_400.0;

/// A level of solar and geomagnetic activity, held for the whole decay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SolarActivity {
    /// Solar minimum: F10.7 = 70, Ap = 4.
    Low,
    /// A cycle's mean: F10.7 = 140, Ap = 15.
    Mean,
    /// Solar maximum: F10.7 = 250, Ap = 45.
    High,
}

impl SolarActivity {
    /// Every level, low to high.
    pub const ALL: [SolarActivity; 3] =
        [SolarActivity::Low, SolarActivity::Mean, SolarActivity::High];

    /// The 10.7 cm flux (daily and 81-day mean alike), sfu, and the daily Ap.
    pub fn indices(self) -> (f64, f64) {
        match self {
            SolarActivity::Low => (70.0, 4.0),
            SolarActivity::Mean => (140.0, 15.0),
            SolarActivity::High => (250.0, 45.0),
        }
    }

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            SolarActivity::Low => "low",
            SolarActivity::Mean => "mean",
            SolarActivity::High => "high",
        }
    }

    /// The level of a name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|a| a.name() == name.trim().to_lowercase())
    }
}

/// NRLMSISE-00's total mass density (kg/m³, gtd7d) at one place and time,
/// for given indices: F10.7 (daily and 81-day mean alike) and the daily Ap.
pub fn density_with(
    model: &Model,
    (f107, ap): (f64, f64),
    day_of_year: i32,
    seconds_of_day: f64,
    altitude_km: f64,
    latitude_deg: f64,
    longitude_deg: f64,
) -> f64 {
    model
        .gtd7d::<f64>(&Input::consistent(
            day_of_year,
            seconds_of_day,
            altitude_km,
            latitude_deg,
            longitude_deg,
            f107,
            f107,
            MagneticActivity::Daily { ap },
        ))
        .total_mass
}

/// The orbit-averaged density against altitude, for one activity level and
/// inclination.
#[derive(Debug, Clone)]
pub struct DensityProfile {
    /// ln ρ at GRID_LOW_KM + k·GRID_STEP_KM.
    ln_rho: Vec<f64>,
}

impl DensityProfile {
    /// The profile for `activity` around orbits of `inclination_deg`.
    pub fn new(activity: SolarActivity, inclination_deg: f64) -> Self {
        let model = Model::new();
        let n = ((GRID_HIGH_KM - GRID_LOW_KM) / GRID_STEP_KM).round() as usize + 1;
        let sin_i = inclination_deg.to_radians().sin();
        let ln_rho = (0..n)
            .map(|k| {
                let h = GRID_LOW_KM + k as f64 * GRID_STEP_KM;
                let mut sum = 0.0;
                let mut count = 0.0;
                for u in 0..12 {
                    let arg = std::f64::consts::TAU * (u as f64 + 0.5) / 12.0;
                    let lat = (sin_i * arg.sin()).asin().to_degrees();
                    for hour in 0..8 {
                        // Local solar time through the longitude at 0 UT.
                        let lon = (hour as f64 * 3.0 + 1.5) * 15.0;
                        sum += density_with(&model, activity.indices(), 80, 0.0, h, lat, lon);
                        count += 1.0;
                    }
                }
                (sum / count).max(1e-30).ln()
            })
            .collect();
        Self { ln_rho }
    }

    /// The orbit-averaged density at `altitude_km`, kg/m³ (log-linear
    /// between the grid's points; the ends held beyond it).
    pub fn density(&self, altitude_km: f64) -> f64 {
        let x =
            ((altitude_km - GRID_LOW_KM) / GRID_STEP_KM).clamp(0.0, (self.ln_rho.len() - 1) as f64);
        let i = (x.floor() as usize).min(self.ln_rho.len() - 2);
        let f = x - i as f64;
        (self.ln_rho[i] + (self.ln_rho[i + 1] - self.ln_rho[i]) * f).exp()
    }

    /// The density's scale height at `altitude_km`, km.
    pub fn scale_height_km(&self, altitude_km: f64) -> f64 {
        let x =
            ((altitude_km - GRID_LOW_KM) / GRID_STEP_KM).clamp(0.0, (self.ln_rho.len() - 1) as f64);
        let i = (x.floor() as usize).min(self.ln_rho.len() - 2);
        let slope = (self.ln_rho[i + 1] - self.ln_rho[i]) / GRID_STEP_KM;
        if slope < 0.0 { -1.0 / slope } else { 1e6 }
    }
}

/// The ballistic coefficient m / (C_D·A), kg/m², of a satellite tumbling
/// dead: A is half the one-sided area of its array and radiators.
pub fn ballistic_coefficient(satellite: &SatelliteModel) -> f64 {
    let area = 0.5 * (satellite.array_area_m2 + satellite.radiator_area_m2());
    satellite.mass_kg / (DRAG_COEFFICIENT * area.max(1e-6))
}

/// da/dt of a circular orbit of semi-major axis `a_m`, m/s.
fn decay_rate(profile: &DensityProfile, ballistic: f64, a_m: f64) -> f64 {
    let h_km = (a_m - EARTH_RADIUS_M) / 1e3;
    -profile.density(h_km) * (MU_M3_S2 * a_m).sqrt() / ballistic
}

/// Years from a circular orbit at `altitude_km` down to
/// [`REENTRY_ALTITUDE_KM`], and the steps taken (None past `max_years`).
pub fn lifetime_years(
    profile: &DensityProfile,
    ballistic_kg_m2: f64,
    altitude_km: f64,
    max_years: f64,
) -> (Option<f64>, usize) {
    let mut a = EARTH_RADIUS_M + altitude_km * 1e3;
    let floor = EARTH_RADIUS_M + REENTRY_ALTITUDE_KM * 1e3;
    let mut t = 0.0;
    let mut steps = 0;
    while a > floor {
        let h_km = (a - EARTH_RADIUS_M) / 1e3;
        // At most a tenth of the scale height (and 5 km) lower per step.
        let drop_m = (0.1 * profile.scale_height_km(h_km)).min(5.0) * 1e3;
        let rate = decay_rate(profile, ballistic_kg_m2, a);
        if rate >= 0.0 {
            return (None, steps);
        }
        let mut dt = drop_m / -rate;
        if t + dt > max_years * YEAR_S {
            return (None, steps);
        }
        // The last step lands on the floor (linearly in the rate).
        if a + rate * dt < floor {
            dt = (a - floor) / -rate;
        }
        let k1 = rate;
        let k2 = decay_rate(profile, ballistic_kg_m2, a + 0.5 * dt * k1);
        let k3 = decay_rate(profile, ballistic_kg_m2, a + 0.5 * dt * k2);
        let k4 = decay_rate(profile, ballistic_kg_m2, a + dt * k3);
        a += dt * (k1 + 2.0 * k2 + 2.0 * k3 + k4) / 6.0;
        t += dt;
        steps += 1;
    }
    (Some(t / YEAR_S), steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Starlink-like: 300 kg, 25 m² of array (and its radiators).
    fn ballistic() -> f64 {
        let c = crate::constellation::Constellation::from_preset("starlink-gen1").expect("preset");
        ballistic_coefficient(&c.spec.satellite)
    }

    #[test]
    fn nrlmsise_densities_match_pymsis() {
        // tests/data/lifetime/pymsis_density.py: NRL's Fortran through pymsis,
        // single precision, printed to 7 digits.
        let model = Model::new();
        let csv = include_str!("../tests/data/lifetime/pymsis-nrlmsise00.csv");
        let mut rows = 0;
        let mut worst = 0.0f64;
        for line in csv.lines().skip(1) {
            let v: Vec<f64> = line
                .split(',')
                .map(|x| x.parse().expect("a number"))
                .collect();
            let ours = density_with(&model, (v[5], v[6]), v[0] as i32, v[1], v[2], v[3], v[4]);
            let rel = (ours - v[7]).abs() / v[7];
            worst = worst.max(rel);
            assert!(rel < 1e-3, "{line}: {ours:e} against pymsis' {:e}", v[7]);
            rows += 1;
        }
        assert!(rows > 800, "{rows} rows");
        assert!(worst < 1e-3);
    }

    #[test]
    fn the_decay_matches_a_fixed_step_integration_within_5_percent() {
        let b = ballistic();
        for (activity, h) in [
            (SolarActivity::Mean, 450.0),
            (SolarActivity::High, 550.0),
            (SolarActivity::Low, 400.0),
        ] {
            let profile = DensityProfile::new(activity, 53.0);
            let (years, steps) = lifetime_years(&profile, b, h, 1e4);
            let years = years.expect("comes down");
            // Euler, one hour a step, on the same air and coefficient.
            let (mut a, mut t) = (EARTH_RADIUS_M + h * 1e3, 0.0);
            let floor = EARTH_RADIUS_M + REENTRY_ALTITUDE_KM * 1e3;
            while a > floor {
                let rho = profile.density((a - EARTH_RADIUS_M) / 1e3);
                a -= 3_600.0 * rho * (MU_M3_S2 * a).sqrt() / b;
                t += 3_600.0;
            }
            let euler = t / YEAR_S;
            assert!(
                (years - euler).abs() < 0.05 * euler,
                "{activity:?} at {h} km: {years:.3} against {euler:.3} years"
            );
            assert!(steps < 2_000, "{steps} steps");
        }
    }

    #[test]
    fn a_satellite_left_at_1200_km_stays_a_thousand_years_or_more() {
        // A OneWeb-like satellite: 150 kg, about 1.4 m² tumbling: B ≈ 50 kg/m².
        // NASA ODPO: above 1,000 km, a thousand years or more.
        let profile = DensityProfile::new(SolarActivity::Mean, 87.9);
        let years = lifetime_years(&profile, 50.0, 1_200.0, 1e6)
            .0
            .expect("comes down");
        assert!(years > 1_000.0, "{years} years");
        // And the FCC's 5 years is met from 550 km only by light satellites
        // or an active Sun: a dense one stays longer.
        let at_550 = lifetime_years(&profile, 50.0, 550.0, 1e6)
            .0
            .expect("comes down");
        assert!(at_550 > 2.0, "{at_550} years");
    }

    #[test]
    fn lifetimes_grow_with_altitude_and_shrink_with_the_sun() {
        let b = ballistic();
        let mut last_by_activity = [0.0f64; 3];
        for (k, activity) in SolarActivity::ALL.into_iter().enumerate() {
            let profile = DensityProfile::new(activity, 53.0);
            let mut last = 0.0;
            for h in [300.0, 400.0, 500.0, 550.0, 600.0, 700.0] {
                let years = lifetime_years(&profile, b, h, 1e5).0.expect("comes down");
                assert!(years > last, "{activity:?}: {years} at {h} km after {last}");
                last = years;
            }
            last_by_activity[k] = last;
        }
        assert!(
            last_by_activity[0] > last_by_activity[1] && last_by_activity[1] > last_by_activity[2]
        );
    }
}
