//! The `report` command's output: one instant as text or JSON, or a time
//! series as CSV or JSON. The JSON schema is documented in README.

use crate::propagation::{Fleet, Group};
use crate::totals::FleetTotals;
use crate::units::{grouped, si};
use serde::Serialize;
use std::fmt::Write as _;

/// The JSON object for one instant.
#[derive(Debug, Clone, Serialize)]
pub struct ReportJson {
    /// RFC 3339 UTC.
    pub at: String,
    /// Constellation name.
    pub constellation: String,
    /// Satellites in the constellation (refused catalog entries included).
    pub satellites: u64,
    /// Fully lit.
    pub sunlit: u64,
    /// Partly lit.
    pub penumbra: u64,
    /// Fully shadowed.
    pub umbra: u64,
    /// Below the surface.
    pub decayed: u64,
    /// Refused by SGP4.
    pub errors: u64,
    /// Mean visible fraction of the Sun's disc over the satellites with a position.
    pub sunlit_fraction: f64,
    /// Power collected by all arrays, W.
    pub power_collected_w: f64,
    /// Power given to compute, W.
    pub compute_power_w: f64,
    /// FLOP/s delivered.
    pub compute_delivered_flops: f64,
    /// FLOP/s installed.
    pub compute_installed_flops: f64,
    /// Unit vector to the Sun, TEME.
    pub sun_direction_teme: [f64; 3],
    /// Earth–Sun distance, AU.
    pub sun_distance_au: f64,
    /// Greenwich mean sidereal time, radians.
    pub gmst_rad: f64,
    /// Fleet mass, kg.
    pub mass_kg: f64,
    /// Radiator area, m².
    pub radiator_area_m2: f64,
    /// Satellites replaced per year.
    pub replacements_per_year: f64,
    /// Launches per year to replace them.
    pub launches_per_year: f64,
    /// The world's data-centre power, W.
    pub world_datacenter_power_w: f64,
    /// compute_power_w / world_datacenter_power_w.
    pub share_of_world_datacenter_power: f64,
    /// One object per shell.
    pub shells: Vec<ShellJson>,
    /// One object per imported catalog.
    pub catalogs: Vec<CatalogJson>,
}

/// Per-shell figures.
#[derive(Debug, Clone, Serialize)]
pub struct ShellJson {
    /// Shell name.
    pub name: String,
    /// Satellites in it.
    pub satellites: u64,
    /// Mean altitude, km.
    pub altitude_km: f64,
    /// Inclination used, degrees.
    pub inclination_deg: f64,
    /// Fully lit.
    pub sunlit: u64,
    /// Partly lit.
    pub penumbra: u64,
    /// Fully shadowed.
    pub umbra: u64,
    /// Mean visible fraction of the Sun.
    pub sunlit_fraction: f64,
    /// Power collected, W.
    pub power_collected_w: f64,
}

/// Per-catalog figures.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogJson {
    /// Catalog name (file stem).
    pub name: String,
    /// Entries in it.
    pub satellites: u64,
    /// Fully lit.
    pub sunlit: u64,
    /// Partly lit.
    pub penumbra: u64,
    /// Fully shadowed.
    pub umbra: u64,
    /// Below the surface.
    pub decayed: u64,
    /// Refused by SGP4.
    pub errors: u64,
    /// Mean visible fraction of the Sun.
    pub sunlit_fraction: f64,
}

impl ReportJson {
    /// The report object for `totals` of `fleet`.
    pub fn new(name: &str, fleet: &Fleet, totals: &FleetTotals) -> Self {
        let t = &totals.tally;
        let mut shells = Vec::new();
        let mut catalogs = Vec::new();
        for g in &totals.groups {
            let gt = &g.tally;
            match g.group {
                Group::Shell(i) => {
                    let shell = &fleet.shells[i].shell;
                    shells.push(ShellJson {
                        name: g.name.clone(),
                        satellites: g.satellites,
                        altitude_km: shell.spec.altitude_km,
                        inclination_deg: shell.inclination_rad.to_degrees(),
                        sunlit: gt.sunlit,
                        penumbra: gt.penumbra,
                        umbra: gt.umbra,
                        sunlit_fraction: gt.sunlit_fraction(),
                        power_collected_w: gt.power_collected_w,
                    });
                }
                Group::Catalog(_) => catalogs.push(CatalogJson {
                    name: g.name.clone(),
                    satellites: g.satellites,
                    sunlit: gt.sunlit,
                    penumbra: gt.penumbra,
                    umbra: gt.umbra,
                    decayed: gt.decayed,
                    errors: gt.errors,
                    sunlit_fraction: gt.sunlit_fraction(),
                }),
            }
        }
        Self {
            at: rfc3339(totals.at),
            constellation: name.to_owned(),
            satellites: totals.satellites,
            sunlit: t.sunlit,
            penumbra: t.penumbra,
            umbra: t.umbra,
            decayed: t.decayed,
            errors: t.errors,
            sunlit_fraction: t.sunlit_fraction(),
            power_collected_w: t.power_collected_w,
            compute_power_w: t.compute_power_w,
            compute_delivered_flops: totals.compute_delivered_flops,
            compute_installed_flops: totals.compute_installed_flops,
            sun_direction_teme: totals.sun_direction_in_teme,
            sun_distance_au: totals.sun_distance_au,
            gmst_rad: totals.gmst_rad,
            mass_kg: totals.mass_kg,
            radiator_area_m2: totals.radiator_area_m2,
            replacements_per_year: totals.replacements_per_year,
            launches_per_year: totals.launches_per_year,
            world_datacenter_power_w: totals.world_datacenter_power_w,
            share_of_world_datacenter_power: totals.share_of_world_datacenter_power(),
            shells,
            catalogs,
        }
    }
}

/// An instant as RFC 3339 with a `Z` and the seconds' fraction only when there is one.
pub fn rfc3339(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// The header of the CSV time series; one row per instant follows from [`csv_row`].
pub fn csv_header(fleet: &Fleet) -> String {
    let mut h = String::from(
        "at,satellites,sunlit,penumbra,umbra,decayed,errors,sunlit_fraction,power_collected_w,compute_power_w,compute_delivered_flops,compute_installed_flops,sun_x,sun_y,sun_z,gmst_rad",
    );
    for s in &fleet.shells {
        let _ = write!(h, ",sunlit_fraction:{}", csv_field(&s.shell.spec.name));
    }
    h
}

/// One CSV row.
pub fn csv_row(r: &ReportJson) -> String {
    let mut row = format!(
        "{},{},{},{},{},{},{},{:.6},{:.6e},{:.6e},{:.6e},{:.6e},{:.9},{:.9},{:.9},{:.9}",
        r.at,
        r.satellites,
        r.sunlit,
        r.penumbra,
        r.umbra,
        r.decayed,
        r.errors,
        r.sunlit_fraction,
        r.power_collected_w,
        r.compute_power_w,
        r.compute_delivered_flops,
        r.compute_installed_flops,
        r.sun_direction_teme[0],
        r.sun_direction_teme[1],
        r.sun_direction_teme[2],
        r.gmst_rad,
    );
    for s in &r.shells {
        let _ = write!(row, ",{:.6}", s.sunlit_fraction);
    }
    row
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The report of one instant for a terminal.
pub fn text(r: &ReportJson) -> String {
    let mut o = String::new();
    let pct = |n: u64| 100.0 * n as f64 / (r.sunlit + r.penumbra + r.umbra).max(1) as f64;
    let _ = writeln!(
        o,
        "{} — {} satellites at {}",
        r.constellation,
        grouped(r.satellites),
        r.at
    );
    let [x, y, z] = r.sun_direction_teme;
    let _ = writeln!(
        o,
        "Sun: right ascension {:.2}°, declination {:.2}°, {:.4} AU; GMST {:.3}°",
        y.atan2(x).to_degrees().rem_euclid(360.0),
        z.asin().to_degrees(),
        r.sun_distance_au,
        r.gmst_rad.to_degrees()
    );
    let _ = writeln!(
        o,
        "Sunlit {} ({:.1}%), penumbra {} ({:.2}%), umbra {} ({:.1}%); decayed {}, errors {}",
        grouped(r.sunlit),
        pct(r.sunlit),
        grouped(r.penumbra),
        pct(r.penumbra),
        grouped(r.umbra),
        pct(r.umbra),
        grouped(r.decayed),
        grouped(r.errors)
    );
    let _ = writeln!(o, "Mean sunlit fraction {:.2}%", 100.0 * r.sunlit_fraction);
    let _ = writeln!(
        o,
        "Power collected {}; to compute {} ({:.0}% of the world's data centres, {})",
        si(r.power_collected_w, "W"),
        si(r.compute_power_w, "W"),
        100.0 * r.share_of_world_datacenter_power,
        si(r.world_datacenter_power_w, "W")
    );
    let _ = writeln!(
        o,
        "Compute delivered {} of {} installed ({:.1}%)",
        si(r.compute_delivered_flops, "FLOP/s"),
        si(r.compute_installed_flops, "FLOP/s"),
        100.0 * r.compute_delivered_flops / r.compute_installed_flops.max(f64::MIN_POSITIVE)
    );
    let _ = writeln!(
        o,
        "Mass {} t; radiators {} km²; {} replacements and {:.0} launches a year",
        grouped((r.mass_kg / 1000.0).round() as u64),
        format_args!("{:.1}", r.radiator_area_m2 / 1e6),
        grouped(r.replacements_per_year.round() as u64),
        r.launches_per_year
    );
    if !r.shells.is_empty() {
        let _ = writeln!(
            o,
            "\n{:<18} {:>10} {:>8} {:>7} {:>8}",
            "shell", "satellites", "alt km", "incl °", "sunlit %"
        );
        for s in &r.shells {
            let _ = writeln!(
                o,
                "{:<18} {:>10} {:>8.0} {:>7.2} {:>8.2}",
                s.name,
                grouped(s.satellites),
                s.altitude_km,
                s.inclination_deg,
                100.0 * s.sunlit_fraction
            );
        }
    }
    if !r.catalogs.is_empty() {
        let _ = writeln!(
            o,
            "\n{:<18} {:>10} {:>8} {:>7} {:>8}",
            "catalog", "satellites", "decayed", "errors", "sunlit %"
        );
        for c in &r.catalogs {
            let _ = writeln!(
                o,
                "{:<18} {:>10} {:>8} {:>7} {:>8.2}",
                c.name,
                grouped(c.satellites),
                c.decayed,
                c.errors,
                100.0 * c.sunlit_fraction
            );
        }
    }
    o
}
