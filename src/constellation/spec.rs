//! The constellation file: shells, catalogs to import and the satellite
//! model, as TOML (serde). See README's "Constellation files" for the keys.

use crate::links::spec::{GatewaySpec, LinksSpec};
use crate::model::{FleetModel, SatelliteModel};
use crate::safety::spec::SafetySpec;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A whole constellation file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConstellationSpec {
    /// Short name shown in the UI and reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where the numbers come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Epoch of the shells' elements unless a shell gives its own.
    #[serde(default = "default_epoch")]
    pub epoch: Instant,
    /// The satellite model behind the power and compute totals.
    #[serde(default)]
    pub satellite: SatelliteModel,
    /// Fleet-wide assumptions.
    #[serde(default)]
    pub fleet: FleetModel,
    /// Walker shells, in file order.
    #[serde(default, rename = "shell")]
    pub shells: Vec<ShellSpec>,
    /// Element files to import (TLE or OMM JSON).
    #[serde(default, rename = "catalog", skip_serializing_if = "Vec::is_empty")]
    pub catalogs: Vec<CatalogRef>,
    /// Laser links, ground links and their capacities (`links`).
    #[serde(default, skip_serializing_if = "LinksSpec::is_default")]
    pub links: LinksSpec,
    /// Gateways beside the built-in ones.
    #[serde(default, rename = "gateway", skip_serializing_if = "Vec::is_empty")]
    pub gateways: Vec<GatewaySpec>,
    /// Uncertainties, sizes and manoeuvre thresholds for close approaches (`conjunctions`).
    #[serde(default, skip_serializing_if = "SafetySpec::is_default")]
    pub safety: SafetySpec,
}

/// One Walker shell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShellSpec {
    /// Unique in the file.
    pub name: String,
    /// Mean altitude above R = 6378.135 km (WGS-72), km.
    pub altitude_km: f64,
    /// Inclination, degrees; or use `inclination = "sso"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inclination_deg: Option<f64>,
    /// `"sso"`: sun-synchronous, computed from the altitude.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inclination: Option<InclinationKeyword>,
    /// Orbit planes.
    pub planes: u32,
    /// Satellites in each plane.
    pub sats_per_plane: u32,
    /// Walker phasing factor F, 0..planes−1.
    #[serde(default = "default_phasing")]
    pub phasing: u32,
    /// Node of the first plane at epoch, degrees, TEME (default 0; or use `ltan_hours`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raan_deg: Option<f64>,
    /// Planes are spread evenly over this arc of node: plane j at raan + spread·j/planes.
    #[serde(default = "full_circle")]
    pub raan_spread_deg: f64,
    /// Local (mean solar) time of the first plane's ascending node at epoch, hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ltan_hours: Option<f64>,
    /// Eccentricity (argument of perigee 0).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub eccentricity: f64,
    /// Satellites of a plane are spread evenly over this arc of mean anomaly.
    #[serde(default = "full_circle", skip_serializing_if = "is_full_circle")]
    pub anomaly_spread_deg: f64,
    /// Epoch of this shell's elements (default: the file's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<Instant>,
}

/// Keyword values of a shell's `inclination` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InclinationKeyword {
    /// Sun-synchronous: the node precesses with the mean Sun.
    Sso,
}

/// A catalog of real satellites to import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogRef {
    /// Path to a TLE (two- or three-line) or OMM JSON file, relative to the constellation file.
    pub path: String,
}

/// An instant written as an RFC 3339 string (or a TOML date-time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Instant(pub DateTime<Utc>);

impl Serialize for Instant {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
    }
}

impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Instant;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an RFC 3339 time such as \"2026-01-01T00:00:00Z\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Instant, E> {
                chrono::DateTime::parse_from_rfc3339(v)
                    .map(|t| Instant(t.with_timezone(&Utc)))
                    .map_err(|_| {
                        E::custom(format!(
                            "`{v}` is not an RFC 3339 time such as \"2026-01-01T00:00:00Z\""
                        ))
                    })
            }
            // A bare TOML date-time reaches serde as a one-entry map.
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Instant, A::Error> {
                let Some((_, value)) = map.next_entry::<String, String>()? else {
                    return Err(serde::de::Error::custom("empty date-time"));
                };
                self.visit_str(&value)
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// 2026-01-01T00:00:00Z: the default epoch of a file's shells.
pub fn default_epoch() -> Instant {
    Instant(DateTime::<Utc>::from_naive_utc_and_offset(
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap_or_default(),
        Utc,
    ))
}

fn default_phasing() -> u32 {
    1
}

fn full_circle() -> f64 {
    360.0
}

fn is_full_circle(v: &f64) -> bool {
    *v == 360.0
}

fn is_zero(v: &f64) -> bool {
    *v == 0.0
}

impl ShellSpec {
    /// Satellites in the shell.
    pub fn satellite_count(&self) -> u64 {
        u64::from(self.planes) * u64::from(self.sats_per_plane)
    }
}

impl ConstellationSpec {
    /// Satellites in all shells (catalogs not counted).
    pub fn shell_satellite_count(&self) -> u64 {
        self.shells.iter().map(ShellSpec::satellite_count).sum()
    }

    /// The file as TOML text.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_else(|e| format!("# cannot write: {e}\n"))
    }
}
