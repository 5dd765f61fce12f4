//! Reading and checking constellation files: TOML errors and every shell
//! problem reported with the file, the line and what was expected.

use super::spec::{ConstellationSpec, InclinationKeyword, ShellSpec};
use crate::error::{LoadError, Origin, parse_toml, toml_key_position};
use crate::propagation::shell::{
    SHELL_GEOPOTENTIAL, ShellOrbit, ShellOrbitError, SunSynchronousError,
    sun_synchronous_inclination_rad,
};
use chrono::{DateTime, Utc};
use std::collections::HashSet;
use std::f64::consts::TAU;

/// Lowest shell altitude accepted, km: below it an orbit decays in days.
pub const MIN_ALTITUDE_KM: f64 = 150.0;
/// Most satellites accepted in one constellation.
pub const MAX_SATELLITES: u64 = 10_000_000;

/// A shell with everything derived that propagation needs.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedShell {
    /// The shell as written.
    pub spec: ShellSpec,
    /// Epoch of the elements.
    pub epoch: DateTime<Utc>,
    /// Inclination actually used, radians (computed for `"sso"`).
    pub inclination_rad: f64,
    /// Node of the first plane at epoch, radians, TEME.
    pub first_node_rad: f64,
    /// The shared SGP4 terms.
    pub orbit: ShellOrbit,
}

impl ResolvedShell {
    /// Node (radians) and mean anomaly (radians) at epoch of satellite `slot`
    /// of plane `plane`: Walker delta T/P/F, Ω_j = Ω₀ + spread·j/P,
    /// M_jk = spread_M·k/S + 2π·F·j/T.
    pub fn phase(&self, plane: u32, slot: u32) -> (f64, f64) {
        let s = &self.spec;
        let p = f64::from(s.planes);
        let per_plane = f64::from(s.sats_per_plane);
        let total = p * per_plane;
        let node = self.first_node_rad + s.raan_spread_deg.to_radians() * f64::from(plane) / p;
        let anomaly = s.anomaly_spread_deg.to_radians() * f64::from(slot) / per_plane
            + TAU * f64::from(s.phasing) * f64::from(plane) / total;
        (node.rem_euclid(TAU), anomaly.rem_euclid(TAU))
    }
}

/// Why a shell cannot be used. [`ShellError::field`] names the key at fault.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ShellError {
    /// `name` is blank.
    #[error("the shell's `name` is empty; give it a name")]
    EmptyName,
    /// `altitude_km` below [`MIN_ALTITUDE_KM`] (or not a number).
    #[error(
        "`altitude_km` is {0}; expected at least {MIN_ALTITUDE_KM} km (lower orbits decay within days)"
    )]
    AltitudeTooLow(f64),
    /// `planes` is 0.
    #[error("`planes` is 0; expected at least 1")]
    NoPlanes,
    /// `sats_per_plane` is 0.
    #[error("`sats_per_plane` is 0; expected at least 1")]
    NoSatellitesPerPlane,
    /// The Walker phasing factor is not below the number of planes.
    #[error(
        "`phasing` is {phasing}; the Walker phasing factor F must be from 0 to planes − 1 = {max}"
    )]
    Phasing {
        /// F as given.
        phasing: u32,
        /// planes − 1.
        max: u32,
    },
    /// `raan_spread_deg` or `anomaly_spread_deg` outside (0, 360].
    #[error("`{key}` is {value}; expected an arc above 0 and at most 360 degrees")]
    Spread {
        /// Which spread.
        key: &'static str,
        /// The arc given, degrees.
        value: f64,
    },
    /// `eccentricity` outside [0, 1).
    #[error("`eccentricity` is {0}; expected a value in [0, 1)")]
    Eccentricity(f64),
    /// The eccentricity takes the perigee under [`MIN_ALTITUDE_KM`].
    #[error(
        "`eccentricity` {eccentricity} puts the perigee at {perigee_km:.0} km; expected at least {MIN_ALTITUDE_KM} km"
    )]
    PerigeeTooLow {
        /// The eccentricity given.
        eccentricity: f64,
        /// The perigee's altitude, km.
        perigee_km: f64,
    },
    /// The altitude gives an orbit the shell path cannot propagate (deep space).
    #[error("`altitude_km` {altitude_km}: {error}")]
    Altitude {
        /// The altitude given, km.
        altitude_km: f64,
        /// Why the orbit is refused.
        error: ShellOrbitError,
    },
    /// Both `inclination_deg` and `inclination`.
    #[error("give `inclination_deg` or `inclination = \"sso\"`, not both")]
    InclinationTwice,
    /// Neither `inclination_deg` nor `inclination`.
    #[error(
        "shell `{name}` has no inclination; expected `inclination_deg = <degrees>` or `inclination = \"sso\"`"
    )]
    NoInclination {
        /// The shell's name.
        name: String,
    },
    /// `inclination_deg` outside [0, 180].
    #[error("`inclination_deg` is {0}; expected 0 to 180 degrees")]
    InclinationDeg(f64),
    /// `inclination = "sso"` at an altitude where no orbit is sun-synchronous.
    #[error(transparent)]
    SunSynchronous(SunSynchronousError),
    /// Both `raan_deg` and `ltan_hours`.
    #[error("give `raan_deg` or `ltan_hours`, not both")]
    NodeTwice,
    /// `raan_deg` is not a number.
    #[error("`raan_deg` is {0}; expected degrees")]
    RaanDeg(f64),
    /// `ltan_hours` outside [0, 24).
    #[error("`ltan_hours` is {0}; expected 0 to 24 hours")]
    LtanHours(f64),
    /// The orbit with its inclination is refused.
    #[error(transparent)]
    Orbit(ShellOrbitError),
}

impl ShellError {
    /// The key of the `[[shell]]` table at fault (`name` when the fault is a
    /// key that is missing).
    pub fn field(&self) -> &'static str {
        match self {
            ShellError::EmptyName | ShellError::NoInclination { .. } => "name",
            ShellError::AltitudeTooLow(_) | ShellError::Altitude { .. } | ShellError::Orbit(_) => {
                "altitude_km"
            }
            ShellError::NoPlanes => "planes",
            ShellError::NoSatellitesPerPlane => "sats_per_plane",
            ShellError::Phasing { .. } => "phasing",
            ShellError::Spread { key, .. } => key,
            ShellError::Eccentricity(_) | ShellError::PerigeeTooLow { .. } => "eccentricity",
            ShellError::InclinationTwice | ShellError::SunSynchronous(_) => "inclination",
            ShellError::InclinationDeg(_) => "inclination_deg",
            ShellError::NodeTwice | ShellError::LtanHours(_) => "ltan_hours",
            ShellError::RaanDeg(_) => "raan_deg",
        }
    }
}

/// Checks one shell and derives its orbit; the error names the offending key.
pub fn resolve_shell(
    spec: &ShellSpec,
    file_epoch: DateTime<Utc>,
) -> Result<ResolvedShell, ShellError> {
    let s = spec;
    if s.name.trim().is_empty() {
        return Err(ShellError::EmptyName);
    }
    if !s.altitude_km.is_finite() || s.altitude_km < MIN_ALTITUDE_KM {
        return Err(ShellError::AltitudeTooLow(s.altitude_km));
    }
    if s.planes == 0 {
        return Err(ShellError::NoPlanes);
    }
    if s.sats_per_plane == 0 {
        return Err(ShellError::NoSatellitesPerPlane);
    }
    if s.phasing >= s.planes {
        return Err(ShellError::Phasing {
            phasing: s.phasing,
            max: s.planes - 1,
        });
    }
    for (key, value) in [
        ("raan_spread_deg", s.raan_spread_deg),
        ("anomaly_spread_deg", s.anomaly_spread_deg),
    ] {
        if !(value.is_finite() && value > 0.0 && value <= 360.0) {
            return Err(ShellError::Spread { key, value });
        }
    }
    if !(0.0..1.0).contains(&s.eccentricity) {
        return Err(ShellError::Eccentricity(s.eccentricity));
    }
    let perigee_km =
        (SHELL_GEOPOTENTIAL.ae + s.altitude_km) * (1.0 - s.eccentricity) - SHELL_GEOPOTENTIAL.ae;
    if perigee_km < MIN_ALTITUDE_KM {
        return Err(ShellError::PerigeeTooLow {
            eccentricity: s.eccentricity,
            perigee_km,
        });
    }
    let epoch = s.epoch.map_or(file_epoch, |e| e.0);
    // A check of the period before anything else needs the orbit.
    ShellOrbit::new(s.altitude_km, 0.0, s.eccentricity, epoch).map_err(|error| {
        ShellError::Altitude {
            altitude_km: s.altitude_km,
            error,
        }
    })?;
    let inclination_rad = match (s.inclination_deg, s.inclination) {
        (Some(_), Some(_)) => return Err(ShellError::InclinationTwice),
        (None, None) => {
            return Err(ShellError::NoInclination {
                name: s.name.clone(),
            });
        }
        (Some(deg), None) => {
            if !(deg.is_finite() && (0.0..=180.0).contains(&deg)) {
                return Err(ShellError::InclinationDeg(deg));
            }
            deg.to_radians()
        }
        (None, Some(InclinationKeyword::Sso)) => {
            sun_synchronous_inclination_rad(s.altitude_km, s.eccentricity, epoch)
                .map_err(ShellError::SunSynchronous)?
        }
    };
    let first_node_rad = match (s.raan_deg, s.ltan_hours) {
        (Some(_), Some(_)) => return Err(ShellError::NodeTwice),
        (Some(deg), None) => {
            if !deg.is_finite() {
                return Err(ShellError::RaanDeg(deg));
            }
            deg.to_radians()
        }
        (None, Some(hours)) => {
            if !(hours.is_finite() && (0.0..24.0).contains(&hours)) {
                return Err(ShellError::LtanHours(hours));
            }
            // The node is as far east of the mean Sun as the local time is past noon.
            crate::time::mean_sun_right_ascension_rad(epoch) + (hours - 12.0) / 24.0 * TAU
        }
        (None, None) => 0.0,
    };
    let orbit = ShellOrbit::new(s.altitude_km, inclination_rad, s.eccentricity, epoch)
        .map_err(ShellError::Orbit)?;
    Ok(ResolvedShell {
        spec: s.clone(),
        epoch,
        inclination_rad,
        first_node_rad: first_node_rad.rem_euclid(TAU),
        orbit,
    })
}

/// Parses and checks a constellation file's text.
pub fn parse_constellation(text: &str, origin: &Origin) -> Result<ConstellationSpec, LoadError> {
    let spec: ConstellationSpec = parse_toml(text, origin)?;
    check_constellation(&spec, text, origin)?;
    Ok(spec)
}

/// Checks a parsed file: shells, names, counts, the satellite model. `text`
/// is the file's text, used only to find the line of an offending key (an
/// empty text puts every error on line 1).
pub fn check_constellation(
    spec: &ConstellationSpec,
    text: &str,
    origin: &Origin,
) -> Result<(), LoadError> {
    // The line only: these messages read `file:line: …`, as documented.
    let at = |table: &str, index: usize, key: &str, message: String| LoadError::At {
        origin: origin.clone(),
        line: toml_key_position(text, table, index, key).0,
        column: None,
        message,
    };
    if spec.shells.is_empty() && spec.catalogs.is_empty() {
        return Err(LoadError::File {
            origin: origin.clone(),
            message:
                "no satellites: expected at least one [[shell]] table or one [[catalog]] to import"
                    .into(),
        });
    }
    let mut names = HashSet::new();
    for (index, shell) in spec.shells.iter().enumerate() {
        if !names.insert(shell.name.as_str()) {
            return Err(at(
                "shell",
                index,
                "name",
                format!(
                    "a second shell is named `{}`; shell names must be unique",
                    shell.name
                ),
            ));
        }
        resolve_shell(shell, spec.epoch.0).map_err(|e| {
            at(
                "shell",
                index,
                e.field(),
                format!("shell `{}`: {e}", shell.name),
            )
        })?;
    }
    let total = spec.shell_satellite_count();
    if total > MAX_SATELLITES {
        return Err(LoadError::File {
            origin: origin.clone(),
            message: format!(
                "the shells hold {total} satellites; at most {MAX_SATELLITES} are supported"
            ),
        });
    }
    spec.satellite
        .check()
        .map_err(|e| at("satellite", 0, e.key, e.to_string()))?;
    spec.fleet
        .check()
        .map_err(|e| at("fleet", 0, e.key, e.to_string()))?;
    spec.safety
        .check()
        .map_err(|e| at("safety", 0, e.key, e.to_string()))?;
    let shells: Vec<&str> = spec.shells.iter().map(|s| s.name.as_str()).collect();
    spec.links.check(&shells, &spec.gateways).map_err(|e| {
        // `[[links.between]]` sits inside `[links]`: point at its `between`.
        let (table, index, key) = match e.table {
            "links.between" => ("links", 0, "between"),
            other => (other, e.index, e.key),
        };
        at(table, index, key, e.message.clone())
    })?;
    Ok(())
}
