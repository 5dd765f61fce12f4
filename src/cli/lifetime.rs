//! `lifetime`: how long a dead satellite of each shell stays up, and a
//! table against altitude, at low, mean and high solar activity.

use super::source::SourceArgs;
use crate::lifetime::{
    DensityProfile, REENTRY_ALTITUDE_KM, SolarActivity, ballistic_coefficient, lifetime_years,
};
use anyhow::{Context, Result, bail};
use clap::Args;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

/// The altitudes of the table, km.
pub const TABLE_ALTITUDES_KM: [f64; 15] = [
    300.0, 400.0, 500.0, 550.0, 600.0, 700.0, 800.0, 900.0, 1_000.0, 1_100.0, 1_200.0, 1_400.0,
    1_600.0, 1_800.0, 2_000.0,
];
/// Lifetimes past this are given as "more than", years.
pub const MAX_YEARS: f64 = 1.0e6;

/// `lifetime`'s flags.
#[derive(Debug, Args)]
pub struct LifetimeArgs {
    /// The constellation.
    #[command(flatten)]
    pub source: SourceArgs,
    /// One level of solar activity: low (F10.7 70, Ap 4), mean (140, 15) or high (250, 45) [default: all three].
    #[arg(long, value_name = "LEVEL")]
    pub activity: Option<String>,
    /// Print JSON instead of tables.
    #[arg(long)]
    pub json: bool,
}

/// Lifetimes by activity level, years (null: more than [`MAX_YEARS`]).
type ByActivity = BTreeMap<&'static str, Option<f64>>;

/// One shell's lifetime.
#[derive(Debug, Serialize)]
pub struct ShellLifetime {
    /// The shell's name.
    pub name: String,
    /// Its altitude, km.
    pub altitude_km: f64,
    /// The ballistic coefficient of its satellites, kg/m².
    pub ballistic_coefficient_kg_m2: f64,
    /// Years to re-entry, by activity.
    pub lifetime_years: ByActivity,
}

/// One altitude's lifetime.
#[derive(Debug, Serialize)]
pub struct AltitudeLifetime {
    /// The altitude, km.
    pub altitude_km: f64,
    /// Years to re-entry, by activity.
    pub lifetime_years: ByActivity,
}

/// What `lifetime --json` prints.
#[derive(Debug, Serialize)]
pub struct LifetimeReport {
    /// The constellation's name.
    pub constellation: String,
    /// Where a satellite counts as re-entered, km.
    pub reentry_altitude_km: f64,
    /// The activity levels: name → [F10.7, Ap].
    pub activity: BTreeMap<&'static str, [f64; 2]>,
    /// Each shell.
    pub shells: Vec<ShellLifetime>,
    /// The table against altitude, for the satellite model and the shells'
    /// mean inclination.
    pub altitudes: Vec<AltitudeLifetime>,
}

/// The lifetimes of `constellation`'s shells and the altitude table.
pub fn lifetimes(
    constellation: &crate::constellation::Constellation,
    levels: &[SolarActivity],
) -> LifetimeReport {
    let spec = &constellation.spec;
    let ballistic = ballistic_coefficient(&spec.satellite);
    // Each shell's name, altitude and inclination (sun-synchronous ones resolved).
    let shells: Vec<(String, f64, f64)> = match crate::propagation::Fleet::new(constellation) {
        Ok(fleet) => fleet
            .shells
            .iter()
            .map(|s| {
                (
                    s.shell.spec.name.clone(),
                    s.shell.spec.altitude_km,
                    s.shell.inclination_rad.to_degrees(),
                )
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    // Profiles by activity and inclination (to 5°), made in parallel.
    let round = |deg: f64| (deg / 5.0).round() * 5.0;
    let mean_inclination = if shells.is_empty() {
        53.0
    } else {
        shells.iter().map(|s| s.2).sum::<f64>() / shells.len() as f64
    };
    let mut keys: Vec<(SolarActivity, i64)> = Vec::new();
    for &a in levels {
        for inc in shells.iter().map(|s| s.2).chain([mean_inclination]) {
            let k = (a, round(inc) as i64);
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    let profiles =
        crate::parallel::map_collect(&keys, |(a, inc)| DensityProfile::new(*a, *inc as f64));
    let profile = |a: SolarActivity, inc: f64| {
        let k = keys
            .iter()
            .position(|&(ka, ki)| ka == a && ki == round(inc) as i64)
            .unwrap_or(0);
        &profiles[k]
    };
    let by_activity = |altitude_km: f64, inc: f64| -> ByActivity {
        levels
            .iter()
            .map(|&a| {
                (
                    a.name(),
                    lifetime_years(profile(a, inc), ballistic, altitude_km, MAX_YEARS).0,
                )
            })
            .collect()
    };
    LifetimeReport {
        constellation: constellation.display_name(),
        reentry_altitude_km: REENTRY_ALTITUDE_KM,
        activity: levels
            .iter()
            .map(|a| {
                let (f, ap) = a.indices();
                (a.name(), [f, ap])
            })
            .collect(),
        shells: shells
            .iter()
            .map(|(name, altitude_km, inclination_deg)| ShellLifetime {
                name: name.clone(),
                altitude_km: *altitude_km,
                ballistic_coefficient_kg_m2: ballistic,
                lifetime_years: by_activity(*altitude_km, *inclination_deg),
            })
            .collect(),
        altitudes: TABLE_ALTITUDES_KM
            .iter()
            .map(|&h| AltitudeLifetime {
                altitude_km: h,
                lifetime_years: by_activity(h, mean_inclination),
            })
            .collect(),
    }
}

/// Years as a table shows them.
fn years_text(y: Option<f64>) -> String {
    match y {
        None => format!("> {}", crate::units::grouped(MAX_YEARS as u64)),
        Some(y) if y * 365.25 < 1.0 => "< 1 day".to_owned(),
        Some(y) if y < 1.0 => format!("{:.0} days", y * 365.25),
        Some(y) if y < 10.0 => format!("{y:.1} yr"),
        Some(y) => format!("{} yr", crate::units::grouped(y.round() as u64)),
    }
}

/// Runs `lifetime`.
pub fn run_lifetime(args: &LifetimeArgs, out: &mut dyn Write) -> Result<()> {
    let levels: Vec<SolarActivity> = match &args.activity {
        Some(name) => match SolarActivity::from_name(name) {
            Some(a) => vec![a],
            None => bail!("--activity {name}: expected low, mean or high"),
        },
        None => SolarActivity::ALL.to_vec(),
    };
    let constellation = args.source.load()?;
    if constellation.spec.shells.is_empty() {
        bail!(
            "{}: no shells; lifetime needs the constellation's satellite model and shells",
            constellation.display_name()
        );
    }
    let report = lifetimes(&constellation, &levels);
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &report).context("writing JSON")?;
        writeln!(out)?;
        return Ok(());
    }
    let sat = &constellation.spec.satellite;
    let b = report
        .shells
        .first()
        .map_or(0.0, |s| s.ballistic_coefficient_kg_m2);
    writeln!(
        out,
        "Orbital lifetime of a dead satellite of {}: NRLMSISE-00, circular orbits, re-entry at {REENTRY_ALTITUDE_KM:.0} km",
        report.constellation
    )?;
    writeln!(
        out,
        "ballistic coefficient {b:.1} kg/m² ({:.0} kg, C_D {}, tumbling: half the one-sided area of array and radiators)",
        sat.mass_kg,
        crate::lifetime::DRAG_COEFFICIENT
    )?;
    let header: Vec<String> = levels
        .iter()
        .map(|a| {
            let (f, ap) = a.indices();
            format!("{} (F10.7 {f:.0}, Ap {ap:.0})", a.name())
        })
        .collect();
    writeln!(out, "activity: {}", header.join("; "))?;
    writeln!(out)?;
    let names: Vec<&str> = levels.iter().map(|a| a.name()).collect();
    write!(out, "{:<16} {:>8} ", "shell", "km")?;
    for n in &names {
        write!(out, "{n:>16}")?;
    }
    writeln!(out)?;
    for s in &report.shells {
        write!(out, "{:<16} {:>8.0} ", s.name, s.altitude_km)?;
        for n in &names {
            write!(out, "{:>16}", years_text(s.lifetime_years[n]))?;
        }
        writeln!(out)?;
    }
    writeln!(out)?;
    write!(out, "{:<16} {:>8} ", "altitude", "km")?;
    for n in &names {
        write!(out, "{n:>16}")?;
    }
    writeln!(out)?;
    for a in &report.altitudes {
        write!(out, "{:<16} {:>8.0} ", "", a.altitude_km)?;
        for n in &names {
            write!(out, "{:>16}", years_text(a.lifetime_years[n]))?;
        }
        writeln!(out)?;
    }
    Ok(())
}
