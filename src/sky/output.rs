//! The `sky` command's output: one JSON object per instant (the keys are
//! documented in README), a few lines of text for one instant, and a small
//! table for a night.

use super::query::SkyQuery;
use super::site::Site;
use super::tally::SkyAt;
use crate::units::grouped;
use serde::Serialize;
use std::fmt::Write as _;

/// The site as written in the JSON.
#[derive(Debug, Clone, Serialize)]
pub struct SiteJson {
    /// The list's name or the coordinates as typed.
    pub name: String,
    /// Geodetic latitude, degrees.
    pub lat_deg: f64,
    /// Longitude, degrees east.
    pub lon_deg: f64,
    /// Height above the ellipsoid, metres.
    pub height_m: f64,
}

impl From<&Site> for SiteJson {
    fn from(s: &Site) -> Self {
        Self {
            name: s.name.clone(),
            lat_deg: s.latitude_deg,
            lon_deg: s.longitude_deg,
            height_m: s.height_m,
        }
    }
}

/// One shell's or catalog's figures.
#[derive(Debug, Clone, Serialize)]
pub struct GroupSkyJson {
    /// Shell or catalog name.
    pub name: String,
    /// Above the horizon.
    pub above_horizon: u64,
    /// Sunlit above 30°.
    pub sunlit_above_30deg: u64,
    /// Sunlit above the horizon and brighter than magnitude 6.
    pub brighter_than_mag6: u64,
}

/// The JSON object for one instant.
#[derive(Debug, Clone, Serialize)]
pub struct SkyJson {
    /// RFC 3339 UTC.
    pub at: String,
    /// Where from.
    pub site: SiteJson,
    /// The Sun's geometric altitude, degrees.
    pub sun_altitude_deg: f64,
    /// Above the horizon.
    pub above_horizon: u64,
    /// Above 30°.
    pub above_30deg: u64,
    /// Sunlit above the horizon.
    pub sunlit_above_horizon: u64,
    /// Sunlit above 30°.
    pub sunlit_above_30deg: u64,
    /// Sunlit above the horizon, brighter than magnitude 6.
    pub brighter_than_mag6: u64,
    /// Sunlit above the horizon, brighter than magnitude 7.
    pub brighter_than_mag7: u64,
    /// The brightest magnitude, `null` when none is sunlit above the horizon.
    pub brightest_magnitude: Option<f64>,
    /// Trails in the field during the exposure, `null` without `--field`.
    pub trails_in_field: Option<u64>,
    /// Per shell, then per catalog.
    pub shells: Vec<GroupSkyJson>,
}

impl SkyJson {
    /// The object for `sky` of `query`.
    pub fn new(query: &SkyQuery, sky: &SkyAt) -> Self {
        let t = &sky.tally;
        Self {
            at: instant_text(sky.at),
            site: SiteJson::from(&query.site),
            sun_altitude_deg: sky.sun_altitude_deg,
            above_horizon: t.above_horizon,
            above_30deg: t.above_30deg,
            sunlit_above_horizon: t.sunlit_above_horizon,
            sunlit_above_30deg: t.sunlit_above_30deg,
            brighter_than_mag6: t.brighter_than_mag6,
            brighter_than_mag7: t.brighter_than_mag7,
            brightest_magnitude: t.brightest(),
            trails_in_field: query.field.map(|_| t.trails),
            shells: sky
                .groups
                .iter()
                .map(|g| GroupSkyJson {
                    name: g.name.clone(),
                    above_horizon: g.tally.above_horizon,
                    sunlit_above_30deg: g.tally.sunlit_above_30deg,
                    brighter_than_mag6: g.tally.brighter_than_mag6,
                })
                .collect(),
        }
    }
}

/// An instant as RFC 3339 UTC (fractions of a second only when there are some).
pub fn instant_text(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// The site as `Cerro Paranal (24.6272° S, 70.4042° W, 2,635 m)`.
pub fn site_text(s: &Site) -> String {
    format!(
        "{} ({:.4}° {}, {:.4}° {}, {} m)",
        s.name,
        s.latitude_deg.abs(),
        if s.latitude_deg < 0.0 { 'S' } else { 'N' },
        s.longitude_deg.abs(),
        if s.longitude_deg < 0.0 { 'W' } else { 'E' },
        grouped(s.height_m.round() as u64)
    )
}

/// A magnitude, or a dash for none.
fn magnitude_text(m: Option<f64>) -> String {
    m.map_or_else(|| "—".to_owned(), |m| format!("{m:.2}"))
}

/// One instant as a few lines and a per-shell table.
pub fn text(name: &str, satellites: u64, query: &SkyQuery, sky: &SkyAt) -> String {
    let t = &sky.tally;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "The sky over {} at {}",
        site_text(&query.site),
        instant_text(sky.at)
    );
    let _ = writeln!(
        s,
        "{name}: {} satellites; the Sun at {:.1}°; magnitudes through {:.2} mag per airmass, standard magnitude {:.2}",
        grouped(satellites),
        sky.sun_altitude_deg,
        query.extinction,
        query.standard_magnitude
    );
    let _ = writeln!(
        s,
        "Above the horizon {} ({} sunlit); above 30° {} ({} sunlit)",
        grouped(t.above_horizon),
        grouped(t.sunlit_above_horizon),
        grouped(t.above_30deg),
        grouped(t.sunlit_above_30deg)
    );
    let _ = writeln!(
        s,
        "Brighter than magnitude 6: {}; than 7: {}; the brightest {}",
        grouped(t.brighter_than_mag6),
        grouped(t.brighter_than_mag7),
        magnitude_text(t.brightest())
    );
    if let Some(f) = &query.field {
        let _ = writeln!(
            s,
            "Trails in the {}° field at azimuth {}°, elevation {}° during {} s: {}",
            f.diameter_deg,
            f.azimuth_deg,
            f.elevation_deg,
            f.exposure_s,
            grouped(t.trails)
        );
    }
    let width = sky
        .groups
        .iter()
        .map(|g| g.name.len())
        .max()
        .unwrap_or(5)
        .max(5);
    let _ = writeln!(
        s,
        "\n{:<width$} {:>13} {:>12} {:>9}",
        "shell", "above horizon", "sunlit >30°", "< mag 6"
    );
    for g in &sky.groups {
        let _ = writeln!(
            s,
            "{:<width$} {:>13} {:>12} {:>9}",
            g.name,
            grouped(g.tally.above_horizon),
            grouped(g.tally.sunlit_above_30deg),
            grouped(g.tally.brighter_than_mag6)
        );
    }
    s
}

/// Rows at most in the night's table (the instants are thinned to fit).
pub const NIGHT_TABLE_ROWS: usize = 25;

/// A night as a header, a table of at most [`NIGHT_TABLE_ROWS`] instants
/// and the night's extremes.
pub fn night_text(
    name: &str,
    satellites: u64,
    query: &SkyQuery,
    heading: &str,
    skies: &[SkyAt],
) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "The sky over {}", site_text(&query.site));
    let _ = writeln!(s, "{heading}");
    let _ = writeln!(
        s,
        "{name}: {} satellites; {} instants; magnitudes through {:.2} mag per airmass, standard magnitude {:.2}",
        grouped(satellites),
        skies.len(),
        query.extinction,
        query.standard_magnitude
    );
    if skies.is_empty() {
        return s;
    }
    let field = query.field.is_some();
    let _ = writeln!(
        s,
        "\n{:<20} {:>7} {:>10} {:>9} {:>10} {:>10} {:>7} {:>7} {:>9}{}",
        "time (UTC)",
        "Sun °",
        "above hor.",
        "above 30°",
        "sunlit hor",
        "sunlit 30°",
        "< mag 6",
        "< mag 7",
        "brightest",
        if field { "    trails" } else { "" }
    );
    let every = skies.len().div_ceil(NIGHT_TABLE_ROWS).max(1);
    let rows = skies
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0 || *i + 1 == skies.len());
    for (_, sky) in rows {
        let t = &sky.tally;
        let _ = writeln!(
            s,
            "{:<20} {:>7.1} {:>10} {:>9} {:>10} {:>10} {:>7} {:>7} {:>9}{}",
            sky.at.format("%Y-%m-%d %H:%M:%S"),
            sky.sun_altitude_deg,
            grouped(t.above_horizon),
            grouped(t.above_30deg),
            grouped(t.sunlit_above_horizon),
            grouped(t.sunlit_above_30deg),
            grouped(t.brighter_than_mag6),
            grouped(t.brighter_than_mag7),
            magnitude_text(t.brightest()),
            if field {
                format!(" {:>9}", grouped(t.trails))
            } else {
                String::new()
            }
        );
    }
    let peak = skies
        .iter()
        .max_by_key(|k| k.tally.sunlit_above_30deg)
        .map(|k| (k.tally.sunlit_above_30deg, k.at));
    if let Some((n, at)) = peak {
        let _ = writeln!(
            s,
            "\nMost sunlit above 30°: {} at {}",
            grouped(n),
            instant_text(at)
        );
    }
    let dark = skies
        .iter()
        .filter(|k| k.tally.sunlit_above_horizon == 0)
        .count();
    let _ = writeln!(
        s,
        "Instants with no sunlit satellite above the horizon: {dark} of {}",
        skies.len()
    );
    if field {
        let trails: u64 = skies.iter().map(|k| k.tally.trails).sum();
        let _ = writeln!(s, "Trails over the night's exposures: {}", grouped(trails));
    }
    s
}
