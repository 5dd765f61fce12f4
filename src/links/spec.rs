//! The `[links]` table and `[[gateway]]` tables of a constellation file,
//! with every default and its source, and their checks.

use crate::sky::site::{Site, SiteError};
use serde::{Deserialize, Serialize};

/// A constellation file's `[links]` table; every key has a default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LinksSpec {
    /// Longest laser link, km.
    pub max_isl_km: f64,
    /// Lowest elevation at which a satellite serves a gateway, degrees.
    pub min_elevation_deg: f64,
    /// Capacity of one laser link, bit/s.
    pub laser_link_bps: f64,
    /// Capacity of one satellite–gateway link, bit/s.
    pub ground_link_bps: f64,
    /// Antennas at each gateway (the links it can hold at once).
    pub antennas_per_gateway: u32,
    /// How far a place may be from a gateway (terrestrial fibre), km.
    pub access_km: f64,
    /// Whether the built-in gateways are used beside the file's.
    pub builtin_gateways: bool,
    /// Pairs of shells linked to each other.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub between: Vec<ShellPair>,
}

/// `[[links.between]]`: two shells whose satellites link to each other.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShellPair {
    /// The two shells' names: each satellite of the first links to the nearest of the second.
    pub shells: [String; 2],
}

/// A `[[gateway]]` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GatewaySpec {
    /// Unique name (a built-in gateway of the same name is replaced).
    pub name: String,
    /// Geodetic latitude, degrees north.
    pub latitude_deg: f64,
    /// Longitude, degrees east.
    pub longitude_deg: f64,
    /// Height above the ellipsoid, metres.
    #[serde(default)]
    pub height_m: f64,
    /// Antennas here, if not `antennas_per_gateway`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub antennas: Option<u32>,
}

/// Longest laser link by default, km: a round figure at the line-of-sight
/// limit of a 550 km shell over 80 km of air, 2·√((R+550)² − (R+80)²) =
/// 5,017 km (Hypatia's geometry; Kassing et al., IMC 2020, give 5,014 km).
/// Higher shells could see farther; the terminals' range is the limit then.
pub const DEFAULT_MAX_ISL_KM: f64 = 5_000.0;
/// Default minimum elevation, degrees: the 25° the FCC authorised for
/// Starlink's earth stations (FCC 21-48, April 2021, lowered from the 40°
/// of FCC 18-38); Hypatia's Starlink runs use 25° too.
pub const DEFAULT_MIN_ELEVATION_DEG: f64 = 25.0;
/// Default laser-link capacity, bit/s: 100 Gbit/s, the rate SpaceX has
/// stated for Starlink's optical inter-satellite links (an assumption to
/// change in `[links]`).
pub const DEFAULT_LASER_LINK_BPS: f64 = 100e9;
/// Default satellite–gateway capacity, bit/s: 20 Gbit/s, the order of one
/// Ka-band gateway beam in Del Portillo, Cameron and Crawley's Starlink
/// model (Acta Astronautica 159, 2019). An estimate.
pub const DEFAULT_GROUND_LINK_BPS: f64 = 20e9;
/// Default antennas per gateway: eight, as SpaceX's gateway earth-station
/// applications to the FCC typically license (eight 1.47 m Ka-band dishes).
pub const DEFAULT_ANTENNAS_PER_GATEWAY: u32 = 8;
/// Default access radius, km: our choice, a regional backhaul (about 5 ms
/// of fibre); a place farther than this from every gateway has no route.
pub const DEFAULT_ACCESS_KM: f64 = 1_000.0;

impl Default for LinksSpec {
    fn default() -> Self {
        Self {
            max_isl_km: DEFAULT_MAX_ISL_KM,
            min_elevation_deg: DEFAULT_MIN_ELEVATION_DEG,
            laser_link_bps: DEFAULT_LASER_LINK_BPS,
            ground_link_bps: DEFAULT_GROUND_LINK_BPS,
            antennas_per_gateway: DEFAULT_ANTENNAS_PER_GATEWAY,
            access_km: DEFAULT_ACCESS_KM,
            builtin_gateways: true,
            between: Vec::new(),
        }
    }
}

/// A `[links]` or `[[gateway]]` value that cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct LinksError {
    /// The table: `links`, `links.between` or `gateway`.
    pub table: &'static str,
    /// Which of them (0 for `[links]`).
    pub index: usize,
    /// The offending key.
    pub key: &'static str,
    /// What is wrong and what was expected.
    pub message: String,
}

impl LinksSpec {
    /// True when every key has its default (the table is not written out).
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }

    /// Checks the values against `shells` (the file's shell names) and `gateways`.
    pub fn check(&self, shells: &[&str], gateways: &[GatewaySpec]) -> Result<(), LinksError> {
        let bad = |key: &'static str, message: String| LinksError {
            table: "links",
            index: 0,
            key,
            message: format!("[links] {key}: {message}"),
        };
        let range = |key: &'static str, v: f64, lo: f64, hi: f64, what: &str| {
            if v.is_finite() && v >= lo && v <= hi {
                Ok(())
            } else {
                Err(bad(key, format!("{v} is not {what}")))
            }
        };
        range(
            "max_isl_km",
            self.max_isl_km,
            1.0,
            100_000.0,
            "a length of 1 to 100,000 km",
        )?;
        range(
            "min_elevation_deg",
            self.min_elevation_deg,
            0.0,
            89.0,
            "an elevation of 0 to 89°",
        )?;
        range(
            "laser_link_bps",
            self.laser_link_bps,
            0.0,
            1e15,
            "a capacity of 0 to 1e15 bit/s",
        )?;
        range(
            "ground_link_bps",
            self.ground_link_bps,
            0.0,
            1e15,
            "a capacity of 0 to 1e15 bit/s",
        )?;
        range(
            "access_km",
            self.access_km,
            0.0,
            20_000.0,
            "a distance of 0 to 20,000 km",
        )?;
        if !(1..=100_000).contains(&self.antennas_per_gateway) {
            return Err(bad(
                "antennas_per_gateway",
                format!("{} is not 1 to 100,000 antennas", self.antennas_per_gateway),
            ));
        }
        for (index, pair) in self.between.iter().enumerate() {
            let err = |message: String| LinksError {
                table: "links.between",
                index,
                key: "shells",
                message: format!("[[links.between]] shells: {message}"),
            };
            for name in &pair.shells {
                if !shells.contains(&name.as_str()) {
                    return Err(err(format!(
                        "there is no shell `{name}`; the shells are {}",
                        shells.join(", ")
                    )));
                }
            }
            if pair.shells[0] == pair.shells[1] {
                return Err(err(format!(
                    "a shell (`{}`) is not linked to itself here; its own links are +Grid",
                    pair.shells[0]
                )));
            }
        }
        let mut names = std::collections::HashSet::new();
        for (index, g) in gateways.iter().enumerate() {
            let err = |key: &'static str, message: String| LinksError {
                table: "gateway",
                index,
                key,
                message: format!("[[gateway]] `{}` {key}: {message}", g.name),
            };
            if g.name.trim().is_empty() {
                return Err(err("name", "expected a name".into()));
            }
            if !names.insert(g.name.trim().to_lowercase()) {
                return Err(err(
                    "name",
                    "a second gateway has this name; names must be unique".into(),
                ));
            }
            if let Err(e) = Site::new(g.name.clone(), g.latitude_deg, g.longitude_deg, g.height_m) {
                let key = match e {
                    SiteError::Latitude(_) => "latitude_deg",
                    SiteError::Longitude(_) => "longitude_deg",
                    _ => "height_m",
                };
                return Err(err(key, e.to_string()));
            }
            if g.antennas.is_some_and(|a| !(1..=100_000).contains(&a)) {
                return Err(err("antennas", "expected 1 to 100,000 antennas".into()));
            }
        }
        Ok(())
    }
}
