//! The model behind the links: physical constants, the gateways in use and
//! the geometry shared by the mesh and the routes.

use super::gateways;
use super::spec::{GatewaySpec, LinksSpec};
use crate::propagation::fleet::Fleet;
use crate::sky::site::Site;
use crate::vec3::Vec3;
use chrono::{DateTime, Utc};

/// The speed of light in vacuum, km/s.
pub const SPEED_OF_LIGHT_KM_S: f64 = 299_792.458;
/// Light in optical fibre travels at about 2/3 c (refractive index ≈ 1.47).
pub const FIBRE_SPEED_FRACTION: f64 = 2.0 / 3.0;
/// The air a laser link must clear above the Earth's surface, km (Hypatia's 80 km).
pub const ATMOSPHERE_CLEARANCE_KM: f64 = 80.0;
/// The Earth's radius for lines of sight (WGS-84 equatorial), km.
pub const EARTH_RADIUS_KM: f64 = crate::frames::WGS84_A_KM;
/// The mean Earth radius for great circles (IUGG), km.
pub const MEAN_EARTH_RADIUS_KM: f64 = 6371.0088;

/// A gateway in use: its place and its antennas.
#[derive(Debug, Clone, PartialEq)]
pub struct Gateway {
    /// Its place (name and coordinates).
    pub site: Site,
    /// Other names it answers to.
    pub aliases: Vec<String>,
    /// Antennas, the links it can hold at once.
    pub antennas: u32,
}

/// Everything [`links_at`] needs besides the fleet: the parameters and the gateways.
#[derive(Debug, Clone, PartialEq)]
pub struct LinksModel {
    /// The `[links]` values.
    pub spec: LinksSpec,
    /// Built-in gateways (unless switched off), then the file's.
    pub gateways: Vec<Gateway>,
    /// The fleet's shell pairs to link, as shell indices.
    pub between: Vec<(usize, usize)>,
}

impl LinksModel {
    /// The model of a checked constellation file.
    pub fn new(spec: &crate::constellation::spec::ConstellationSpec) -> Self {
        let names: Vec<&str> = spec.shells.iter().map(|s| s.name.as_str()).collect();
        let between = spec
            .links
            .between
            .iter()
            .filter_map(|p| {
                let a = names.iter().position(|n| *n == p.shells[0])?;
                let b = names.iter().position(|n| *n == p.shells[1])?;
                Some((a, b))
            })
            .collect();
        Self::with_gateways(spec.links.clone(), &spec.gateways, between)
    }

    /// The model of `links` with the file's `gateways` (checked) and linked shell pairs.
    pub fn with_gateways(
        links: LinksSpec,
        gateways: &[GatewaySpec],
        between: Vec<(usize, usize)>,
    ) -> Self {
        let mut list: Vec<Gateway> = Vec::new();
        let replaced = |name: &str| {
            gateways
                .iter()
                .any(|g| g.name.trim().eq_ignore_ascii_case(name))
        };
        if links.builtin_gateways {
            for g in gateways::GATEWAYS.iter().filter(|g| !replaced(g.name)) {
                if let Ok(site) = Site::new(g.name, g.latitude_deg, g.longitude_deg, 0.0) {
                    list.push(Gateway {
                        site,
                        aliases: g.aliases.iter().map(|a| a.to_string()).collect(),
                        antennas: links.antennas_per_gateway,
                    });
                }
            }
        }
        for g in gateways {
            if let Ok(site) = Site::new(g.name.trim(), g.latitude_deg, g.longitude_deg, g.height_m)
            {
                list.push(Gateway {
                    site,
                    aliases: Vec::new(),
                    antennas: g.antennas.unwrap_or(links.antennas_per_gateway),
                });
            }
        }
        Self {
            spec: links,
            gateways: list,
            between,
        }
    }
}

/// The fleet's positions at one instant, TEME, km (`None`: decayed or refused).
pub fn positions_at(fleet: &Fleet, at: DateTime<Utc>) -> Vec<Option<Vec3>> {
    fleet
        .propagate(at)
        .iter()
        .map(|f| f.state().map(|s| s.pos_in_teme_km))
        .collect()
}

/// The Greenwich sidereal angle at `at`, radians.
pub fn gmst_at(at: DateTime<Utc>) -> f64 {
    crate::time::gmst_rad(crate::time::julian_date(at))
}

/// A place's position in TEME at the sidereal angle `gmst_rad`, km.
pub fn site_in_teme(site: &Site, gmst_rad: f64) -> Vec3 {
    crate::sky::observer::Observer::new(site, gmst_rad).pos_in_teme_km
}

/// Great-circle distance between two places on a sphere of the mean Earth radius, km.
pub fn great_circle_km(a: &Site, b: &Site) -> f64 {
    let (la1, lo1) = (a.latitude_deg.to_radians(), a.longitude_deg.to_radians());
    let (la2, lo2) = (b.latitude_deg.to_radians(), b.longitude_deg.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * MEAN_EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}
