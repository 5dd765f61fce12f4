//! Reading and checking constellation files: TOML errors and every shell
//! problem reported with the file, the line and what was expected.

use super::spec::{ConstellationSpec, InclinationKeyword, ShellSpec};
use crate::error::{LoadError, Origin, parse_toml};
use crate::propagation::shell::{ShellOrbit, sun_synchronous_inclination_rad};
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

/// Checks one shell and derives its orbit; the error names the offending key.
pub fn resolve_shell(
    spec: &ShellSpec,
    file_epoch: DateTime<Utc>,
) -> Result<ResolvedShell, (&'static str, String)> {
    let s = spec;
    if s.name.trim().is_empty() {
        return Err(("name", "the shell's `name` is empty; give it a name".into()));
    }
    if !s.altitude_km.is_finite() || s.altitude_km < MIN_ALTITUDE_KM {
        return Err((
            "altitude_km",
            format!(
                "`altitude_km` is {}; expected at least {MIN_ALTITUDE_KM} km (lower orbits decay within days)",
                s.altitude_km
            ),
        ));
    }
    if s.planes == 0 {
        return Err(("planes", "`planes` is 0; expected at least 1".into()));
    }
    if s.sats_per_plane == 0 {
        return Err((
            "sats_per_plane",
            "`sats_per_plane` is 0; expected at least 1".into(),
        ));
    }
    if s.phasing >= s.planes {
        return Err((
            "phasing",
            format!(
                "`phasing` is {}; the Walker phasing factor F must be from 0 to planes − 1 = {}",
                s.phasing,
                s.planes - 1
            ),
        ));
    }
    for (key, v) in [
        ("raan_spread_deg", s.raan_spread_deg),
        ("anomaly_spread_deg", s.anomaly_spread_deg),
    ] {
        if !(v.is_finite() && v > 0.0 && v <= 360.0) {
            return Err((
                key,
                format!("`{key}` is {v}; expected an arc above 0 and at most 360 degrees"),
            ));
        }
    }
    if !(0.0..1.0).contains(&s.eccentricity) {
        return Err((
            "eccentricity",
            format!(
                "`eccentricity` is {}; expected a value in [0, 1)",
                s.eccentricity
            ),
        ));
    }
    let perigee_km = (crate::propagation::shell::SHELL_GEOPOTENTIAL.ae + s.altitude_km)
        * (1.0 - s.eccentricity)
        - crate::propagation::shell::SHELL_GEOPOTENTIAL.ae;
    if perigee_km < MIN_ALTITUDE_KM {
        return Err((
            "eccentricity",
            format!(
                "`eccentricity` {} puts the perigee at {perigee_km:.0} km; expected at least {MIN_ALTITUDE_KM} km",
                s.eccentricity
            ),
        ));
    }
    let epoch = s.epoch.map_or(file_epoch, |e| e.0);
    // A check of the period before anything else needs the orbit.
    ShellOrbit::new(s.altitude_km, 0.0, s.eccentricity, epoch).map_err(|e| {
        (
            "altitude_km",
            format!("`altitude_km` {}: {e}", s.altitude_km),
        )
    })?;
    let inclination_rad = match (s.inclination_deg, s.inclination) {
        (Some(_), Some(_)) => {
            return Err((
                "inclination",
                "give `inclination_deg` or `inclination = \"sso\"`, not both".into(),
            ));
        }
        (None, None) => {
            return Err((
                "name",
                format!(
                    "shell `{}` has no inclination; expected `inclination_deg = <degrees>` or `inclination = \"sso\"`",
                    s.name
                ),
            ));
        }
        (Some(deg), None) => {
            if !(deg.is_finite() && (0.0..=180.0).contains(&deg)) {
                return Err((
                    "inclination_deg",
                    format!("`inclination_deg` is {deg}; expected 0 to 180 degrees"),
                ));
            }
            deg.to_radians()
        }
        (None, Some(InclinationKeyword::Sso)) => {
            sun_synchronous_inclination_rad(s.altitude_km, s.eccentricity, epoch)
                .map_err(|e| ("inclination", e))?
        }
    };
    let first_node_rad = match (s.raan_deg, s.ltan_hours) {
        (Some(_), Some(_)) => {
            return Err((
                "ltan_hours",
                "give `raan_deg` or `ltan_hours`, not both".into(),
            ));
        }
        (Some(deg), None) => {
            if !deg.is_finite() {
                return Err(("raan_deg", format!("`raan_deg` is {deg}; expected degrees")));
            }
            deg.to_radians()
        }
        (None, Some(hours)) => {
            if !(hours.is_finite() && (0.0..24.0).contains(&hours)) {
                return Err((
                    "ltan_hours",
                    format!("`ltan_hours` is {hours}; expected 0 to 24 hours"),
                ));
            }
            // The node is as far east of the mean Sun as the local time is past noon.
            crate::time::mean_sun_right_ascension_rad(epoch) + (hours - 12.0) / 24.0 * TAU
        }
        (None, None) => 0.0,
    };
    let orbit = ShellOrbit::new(s.altitude_km, inclination_rad, s.eccentricity, epoch)
        .map_err(|e| ("altitude_km", e.to_string()))?;
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
/// is the file's text, used only to find the line of an offending key.
pub fn check_constellation(
    spec: &ConstellationSpec,
    text: &str,
    origin: &Origin,
) -> Result<(), LoadError> {
    let at = |line: usize, message: String| LoadError::At {
        origin: origin.clone(),
        line,
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
                key_line(text, "shell", index, "name"),
                format!(
                    "a second shell is named `{}`; shell names must be unique",
                    shell.name
                ),
            ));
        }
        resolve_shell(shell, spec.epoch.0).map_err(|(key, message)| {
            at(
                key_line(text, "shell", index, key),
                format!("shell `{}`: {message}", shell.name),
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
        .map_err(|(key, message)| at(key_line(text, "satellite", 0, key), message))?;
    spec.fleet
        .check()
        .map_err(|(key, message)| at(key_line(text, "fleet", 0, key), message))?;
    Ok(())
}

/// The 1-based line of `key` in the `index`-th `[table]` or `[[table]]` of
/// `text`; the table's header line if the key is not written there, and 1 if
/// the table is not found (e.g. a preset's text, or an inline table).
pub fn key_line(text: &str, table: &str, index: usize, key: &str) -> usize {
    let mut seen = 0usize;
    let mut header: Option<usize> = None;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.starts_with('[') {
            if header.is_some() {
                break;
            }
            let inner = line
                .trim_start_matches('[')
                .split(']')
                .next()
                .unwrap_or("")
                .trim();
            if inner == table {
                if seen == index {
                    header = Some(n + 1);
                }
                seen += 1;
            }
            continue;
        }
        if header.is_some()
            && let Some((k, _)) = line.split_once('=')
            && k.trim() == key
        {
            return n + 1;
        }
    }
    header.unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_line_finds_keys_per_table() {
        let text = "epoch = \"2026-01-01T00:00:00Z\"\n[[shell]]\nname = \"a\"\nplanes = 1\n\n[[shell]]\nname = \"b\"\nplanes = 0\n[satellite]\nmass_kg = 5\n";
        assert_eq!(key_line(text, "shell", 0, "planes"), 4);
        assert_eq!(key_line(text, "shell", 1, "planes"), 8);
        assert_eq!(key_line(text, "shell", 1, "altitude_km"), 6);
        assert_eq!(key_line(text, "satellite", 0, "mass_kg"), 10);
        assert_eq!(key_line(text, "fleet", 0, "x"), 1);
    }
}
