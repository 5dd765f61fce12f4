//! The command line: `report`, `sky`, `links`, `conjunctions`, `presets`, `bench`, and (with the `viewer` feature)
//! the viewer's flags. Parsing and the headless commands live here so that
//! tests can drive them without a window.

mod conjunctions;
mod lifetime;
mod source;
pub use conjunctions::{ConjunctionsArgs, run_conjunctions};
pub use lifetime::{LifetimeArgs, lifetimes, run_lifetime};
pub use source::SourceArgs;

use crate::constellation::{Constellation, DEFAULT_PRESET, PRESETS, preset};
use crate::propagation::Fleet;
use crate::report::{ReportJson, csv_header, csv_row, text};
use crate::sky::output::{SkyJson, night_text, site_text, text as sky_text};
use crate::sky::{
    Night, SkyQuery, check_extinction, night_of, parse_field, parse_night_date, parse_site, sky_at,
};
use crate::time::{parse_duration, parse_instant};
use crate::totals::fleet_totals;
use anyhow::{Context, Result, bail};
use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;

/// A million-satellite orbital data centre: SGP4, the real Sun, the fleet's power and compute.
#[derive(Debug, Parser)]
#[command(
    name = "megaconstellation",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// What to do; without a command the viewer opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The viewer's options.
    #[command(flatten)]
    pub view: ViewArgs,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the fleet's totals at one time, or a time series, without a window.
    Report(ReportArgs),
    /// List the built-in constellations, or write one out as a file to edit.
    Presets(PresetsArgs),
    /// Time the batched SGP4 kernel against the sgp4 crate on this machine.
    Bench(BenchArgs),
    /// Count the satellites in the night sky of a site: above the horizon and 30°, sunlit, bright, in a field.
    Sky(SkyArgs),
    /// The laser mesh, the gateways and the ground capacity at one time or a series; routes and their latency.
    Links(LinksArgs),
    /// Close approaches over a span: every pair under a distance, its collision probability, manoeuvres a year.
    Conjunctions(ConjunctionsArgs),
    /// How long a dead satellite of each shell stays up under drag (NRLMSISE-00), and a table against altitude.
    Lifetime(LifetimeArgs),
    /// Render a video off-screen, frame by frame (PNG frames or MP4 through ffmpeg).
    #[cfg(feature = "viewer")]
    Record(RecordArgs),
}

/// `record`'s flags.
#[cfg(feature = "viewer")]
#[derive(Debug, Args)]
pub struct RecordArgs {
    /// The constellation.
    #[command(flatten)]
    pub source: SourceArgs,
    /// A folder for PNG frames, or a file ending in .mp4 (needs ffmpeg on PATH).
    #[arg(long, value_name = "DIR|FILE.mp4")]
    pub out: PathBuf,
    /// A shot script (TOML): camera, warp, panels and captions over time [default: a still view].
    #[arg(long, value_name = "FILE")]
    pub script: Option<PathBuf>,
    /// Simulated time of the first frame (RFC 3339) [default: the script's start, else now].
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Simulated seconds per video second when there is no script [default: 60].
    #[arg(long, value_name = "FACTOR", allow_negative_numbers = true)]
    pub warp: Option<f64>,
    /// Frame width, px (at most 3840).
    #[arg(long, default_value_t = 1920)]
    pub width: u32,
    /// Frame height, px (at most 2160).
    #[arg(long, default_value_t = 1080)]
    pub height: u32,
    /// Frames per second.
    #[arg(long, default_value_t = 30.0)]
    pub fps: f64,
    /// Length of the video: seconds, or a duration such as 10s or 2min [default: to the script's last keyframe plus 2 s, else 10 s].
    #[arg(long, value_name = "DURATION")]
    pub duration: Option<String>,
    /// Record the panels too (where the script shows them; always without a script).
    #[arg(long)]
    pub ui: bool,
    /// Draw at most N satellites.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Replace an existing MP4, or the frames already in the folder (without it, they are refused and left as they are).
    #[arg(long)]
    pub overwrite: bool,
}

/// Runs `record`.
#[cfg(feature = "viewer")]
pub fn run_record(args: &RecordArgs, out: &mut dyn Write) -> Result<()> {
    use crate::viewer::record::command::{RecordOptions, run_record};
    run_record(
        RecordOptions {
            constellation: args.source.load()?,
            out: args.out.clone(),
            script: args.script.clone(),
            at: args.at.clone(),
            warp: args.warp,
            width: args.width,
            height: args.height,
            fps: args.fps,
            duration: args.duration.clone(),
            ui: args.ui,
            limit: args.limit,
            overwrite: args.overwrite,
        },
        out,
    )
}

/// Opens the viewer with the command line's options: every flag and file
/// is checked before a window opens.
#[cfg(feature = "viewer")]
pub fn run_viewer(args: &ViewArgs, process_start: bevy::platform::time::Instant) -> Result<()> {
    use crate::viewer::clock::{SimClock, check_warp};
    use crate::viewer::config::{Output, ViewerConfig};
    let constellation = args.source.load()?;
    let start = match &args.at {
        Some(t) => parse_instant(t).context("--at")?,
        None => Utc::now(),
    };
    if let Some(w) = args.warp {
        check_warp(w).map_err(|e| anyhow::anyhow!("--warp {w}: {e}"))?;
    }
    if let Some(b) = args.bench
        && !(b.is_finite() && b > 0.0 && b <= 3600.0)
    {
        bail!("--bench {b}: expected seconds, more than 0 and at most 3600");
    }
    let mut observer = crate::viewer::observer::settings::ObserverSettings {
        active: args.sky || args.site.is_some() || args.look.is_some(),
        ..Default::default()
    };
    if let Some(site) = &args.site {
        observer.site = parse_site(site).context("--site")?;
    }
    if let Some(look) = &args.look {
        let (az, el, fov) = parse_look(look).with_context(|| format!("--look {look}"))?;
        observer.all_sky = false;
        observer.azimuth_deg = az;
        observer.elevation_deg = el;
        observer.fov_deg = fov.unwrap_or(observer.fov_deg);
    }
    let links = viewer_links(args, &constellation)?;
    let colour_by = match &args.colour_by {
        Some(name) => Some(
            crate::viewer::scene::colour::ColourBy::from_name(name).with_context(|| {
                let names: Vec<&str> = crate::viewer::scene::colour::ColourBy::ALL
                    .iter()
                    .map(|m| m.name())
                    .collect();
                format!("--colour-by {name}: expected one of {}", names.join(", "))
            })?,
        ),
        None => None,
    };
    let scene = crate::viewer::scene::fleet::SceneFleet::new(constellation, args.limit)?;
    let mut app = crate::viewer::build_app(ViewerConfig {
        scene,
        clock: SimClock::new(start, args.warp.unwrap_or(1.0), args.paused),
        output: Output::Window {
            width: 1280,
            height: 720,
        },
        bench_seconds: args.bench,
        process_start,
        limit: args.limit,
        atmosphere: !args.no_atmosphere,
        observer,
        links,
    });
    if args.screen {
        app.insert_resource(crate::viewer::safety::ScreenAtStart);
    }
    app.world_mut()
        .resource_mut::<crate::viewer::observer::impact::ImpactMap>()
        .shown = args.impact_map;
    if let Some(mode) = colour_by {
        app.world_mut()
            .resource_mut::<crate::viewer::scene::frame::SatelliteStyle>()
            .colour_by = mode;
    }
    crate::viewer::run(app)?;
    Ok(())
}

/// The viewer's `--route` and `--mesh`, checked against the constellation.
#[cfg(feature = "viewer")]
fn viewer_links(
    args: &ViewArgs,
    constellation: &Constellation,
) -> Result<crate::viewer::links::settings::LinksSettings> {
    let model = crate::links::LinksModel::new(&constellation.spec);
    let route = match args.route.as_deref() {
        Some([from, to]) => {
            for p in [from, to] {
                crate::links::parse_place(p, &model)
                    .with_context(|| format!("--route {from} {to}"))?;
            }
            Some((from.clone(), to.clone()))
        }
        _ => None,
    };
    let shells: Vec<&str> = constellation
        .spec
        .shells
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    let mesh_shell = match &args.mesh {
        Some(name) => Some(shells.iter().position(|s| s == name).with_context(|| {
            format!(
                "--mesh {name}: there is no such shell; the shells are {}",
                shells.join(", ")
            )
        })?),
        None => None,
    };
    Ok(crate::viewer::links::settings::LinksSettings {
        gateways: route.is_some(),
        route,
        mesh_shell,
        live: false,
    })
}

/// `--look AZ,EL[,FOV]`: azimuth (any), elevation (−90 to 90) and a field
/// of view (1 to 120), degrees.
pub fn parse_look(text: &str) -> Result<(f64, f64, Option<f64>)> {
    let numbers: Vec<f64> = text
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| anyhow::anyhow!("expected AZ,EL or AZ,EL,FOV in degrees, e.g. 180,30,60"))?;
    let (az, el, fov) = match numbers[..] {
        [az, el] => (az, el, None),
        [az, el, fov] => (az, el, Some(fov)),
        _ => bail!("expected AZ,EL or AZ,EL,FOV in degrees, e.g. 180,30,60"),
    };
    if !az.is_finite() || !(-90.0..=90.0).contains(&el) {
        bail!("expected an azimuth and an elevation from -90 to 90 degrees");
    }
    if let Some(f) = fov
        && !(crate::sky::view::MIN_FOV_DEG..=crate::sky::view::MAX_FOV_DEG).contains(&f)
    {
        bail!("the field of view {f}° is not 1 to 120 degrees");
    }
    Ok((az.rem_euclid(360.0), el, fov))
}

/// `bench`'s flags.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// A built-in constellation [default: odc-1m].
    #[arg(long, value_name = "NAME", default_value = crate::constellation::DEFAULT_PRESET)]
    pub preset: String,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Timed passes of each kind (the best is kept).
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub runs: usize,
    /// Also time the close-approach screening: a day of the preset thinned
    /// to about 1% and 10% and whole, and with a made-up catalogue (minutes).
    #[arg(long)]
    pub conjunctions: bool,
    /// Objects in the made-up catalogue of `--conjunctions`.
    #[arg(long, value_name = "N", default_value_t = 30_000)]
    pub catalog_objects: usize,
}

/// Runs `bench`.
pub fn run_bench(args: &BenchArgs, out: &mut dyn Write) -> Result<()> {
    let constellation = Constellation::from_preset(&args.preset)?;
    let at =
        constellation.spec.epoch.0 + chrono::TimeDelta::days(11) + chrono::TimeDelta::minutes(17);
    if !args.json {
        writeln!(
            out,
            "timing {} ({} passes of each)…",
            args.preset,
            args.runs.max(1)
        )?;
    }
    let mut result = crate::bench::run(&constellation, at, args.runs.max(1))?;
    if args.conjunctions {
        result.conjunctions = Some(crate::bench::conjunctions(
            &constellation,
            at,
            args.catalog_objects,
        )?);
    }
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&result)?)?;
    } else {
        write!(out, "{}", crate::bench::text(&result))?;
        if let Some(c) = &result.conjunctions {
            write!(out, "{}", crate::bench::conjunctions_text(c))?;
        }
    }
    Ok(())
}

/// `report`'s flags.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The constellation.
    #[command(flatten)]
    pub source: SourceArgs,
    /// The time (RFC 3339, e.g. 2026-03-20T14:46:00Z) [default: now].
    #[arg(long, value_name = "TIME", conflicts_with_all = ["from", "to", "step"])]
    pub at: Option<String>,
    /// JSON instead of text (one time) or CSV (a series).
    #[arg(long)]
    pub json: bool,
    /// Start of a time series (RFC 3339); needs --to and --step.
    #[arg(long, value_name = "TIME", requires_all = ["to", "step"])]
    pub from: Option<String>,
    /// End of the time series, included.
    #[arg(long, value_name = "TIME", requires_all = ["from", "step"])]
    pub to: Option<String>,
    /// Step of the time series: 30s, 1min, 1h, 1d …
    #[arg(long, value_name = "DURATION", requires_all = ["from", "to"])]
    pub step: Option<String>,
}

/// `presets`' flags.
#[derive(Debug, Args)]
pub struct PresetsArgs {
    /// Write this preset as a constellation file to start editing from.
    #[arg(long, value_name = "NAME")]
    pub dump: Option<String>,
    /// Where to write it [default: NAME.toml; `-` for standard output]. An existing file is never overwritten.
    #[arg(long, value_name = "FILE", requires = "dump")]
    pub out: Option<PathBuf>,
}

/// The viewer's flags (used when no command is given).
#[derive(Debug, Clone, Default, Args)]
pub struct ViewArgs {
    /// The constellation.
    #[command(flatten)]
    pub source: SourceArgs,
    /// Start time (RFC 3339) [default: now].
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Simulated seconds per real second, -10000 to 10000 [default: 1].
    #[arg(long, value_name = "FACTOR", allow_negative_numbers = true)]
    pub warp: Option<f64>,
    /// Start with the clock stopped.
    #[arg(long)]
    pub paused: bool,
    /// Draw at most N satellites (spread evenly over the shells); totals still count all.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Run this many seconds after the first frame, print timings as JSON, and exit.
    #[arg(long, value_name = "SECONDS")]
    pub bench: Option<f64>,
    /// Draw the air as a simple rim glow instead of Bevy's scattering
    /// atmosphere (cheaper on weak GPUs).
    #[arg(long)]
    pub no_atmosphere: bool,
    /// Start in the observer's view from this site (a name from `sky --site list`, or LAT,LON[,HEIGHT_M]).
    #[arg(long, value_name = "NAME|LAT,LON[,H]")]
    pub site: Option<String>,
    /// Start in the observer's all-sky view (from --site, or Cerro Paranal).
    #[arg(long)]
    pub sky: bool,
    /// Start in the observer's perspective look: azimuth and elevation, and optionally the field of view, degrees.
    #[arg(long, value_name = "AZ,EL[,FOV]", allow_hyphen_values = true)]
    pub look: Option<String>,
    /// Start with a route drawn on the globe (gateway or site names, or LAT,LON), as `links --route`.
    #[arg(long, num_args = 2, value_names = ["FROM", "TO"], allow_hyphen_values = true)]
    pub route: Option<Vec<String>>,
    /// Start with this shell's laser mesh drawn on the globe.
    #[arg(long, value_name = "SHELL")]
    pub mesh: Option<String>,
    /// Start screening a day for close approaches at once (the Safety section's Screen a day).
    #[arg(long)]
    pub screen: bool,
    /// Colour the satellites by: sunlight, shell, altitude, power, speed,
    /// brightness (from the Sky section's site), density (neighbours within
    /// 100 km) or close-approaches (once screened).
    #[arg(long, value_name = "MODE")]
    pub colour_by: Option<String>,
    /// Start with the impact map on the globe (`M`): sunlit satellites above 30° over each place.
    #[arg(long)]
    pub impact_map: bool,
}

/// Most instants in one time series.
pub const MAX_SERIES_STEPS: i64 = 2_000_000;

/// Runs `report`.
pub fn run_report(args: &ReportArgs, out: &mut dyn Write) -> Result<()> {
    let constellation = args.source.load()?;
    let fleet = Fleet::new(&constellation)?;
    let name = constellation.display_name();
    let sat = &constellation.spec.satellite;
    let model = &constellation.spec.fleet;
    if let (Some(from), Some(to), Some(step)) = (&args.from, &args.to, &args.step) {
        let from = parse_instant(from).context("--from")?;
        let to = parse_instant(to).context("--to")?;
        let step = parse_duration(step).context("--step")?;
        if to < from {
            bail!("--to ({}) is before --from ({})", to, from);
        }
        let steps =
            (to - from).num_nanoseconds().unwrap_or(i64::MAX) / step.num_nanoseconds().unwrap_or(1);
        if steps >= MAX_SERIES_STEPS {
            bail!(
                "--from/--to/--step make {steps} instants; at most {MAX_SERIES_STEPS} are allowed (use a longer --step)"
            );
        }
        let instants: Vec<DateTime<Utc>> = (0..=steps).map(|i| from + step * i as i32).collect();
        let progress = progress_bar(instants.len() as u64);
        let mut out = std::io::BufWriter::new(out);
        if args.json {
            writeln!(out, "[")?;
        } else {
            writeln!(out, "{}", csv_header(&fleet))?;
        }
        for (i, at) in instants.iter().enumerate() {
            let totals = fleet_totals(&fleet, sat, model, *at);
            let report = ReportJson::new(&name, &fleet, &totals);
            if args.json {
                let sep = if i + 1 < instants.len() { "," } else { "" };
                writeln!(out, "{}{sep}", serde_json::to_string(&report)?)?;
            } else {
                writeln!(out, "{}", csv_row(&report))?;
            }
            progress.inc(1);
        }
        if args.json {
            writeln!(out, "]")?;
        }
        progress.finish_and_clear();
        out.flush()?;
        return Ok(());
    }
    let at = match &args.at {
        Some(t) => parse_instant(t).context("--at")?,
        None => Utc::now(),
    };
    let totals = fleet_totals(&fleet, sat, model, at);
    let report = ReportJson::new(&name, &fleet, &totals);
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        write!(out, "{}", text(&report))?;
    }
    Ok(())
}

/// A progress bar on standard error (hidden when it is not a terminal).
fn progress_bar(len: u64) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} instants, {per_sec}, {eta} left",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// Runs `presets`.
pub fn run_presets(args: &PresetsArgs, out: &mut dyn Write) -> Result<()> {
    let Some(name) = &args.dump else {
        for p in PRESETS {
            let c = Constellation::from_preset(p.name)?;
            let description = c.spec.description.clone().unwrap_or_default();
            let first_sentence = description
                .split(". ")
                .next()
                .unwrap_or("")
                .trim_end_matches('.');
            writeln!(
                out,
                "{:<14} {:>9} satellites  {}{}",
                p.name,
                crate::units::grouped(c.spec.shell_satellite_count()),
                first_sentence,
                if p.name == DEFAULT_PRESET {
                    " (default)"
                } else {
                    ""
                }
            )?;
        }
        return Ok(());
    };
    let p = preset(name)?;
    let path = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}.toml", p.name)));
    if path.as_os_str() == "-" {
        out.write_all(p.toml.as_bytes())?;
        return Ok(());
    }
    crate::files::create_atomically(&path, p.toml.as_bytes()).with_context(|| {
        format!(
            "{}: cannot create it (an existing file is never overwritten)",
            path.display()
        )
    })?;
    writeln!(out, "wrote {} ({} to edit)", path.display(), p.name)?;
    Ok(())
}

/// `sky`'s flags.
#[derive(Debug, Args)]
pub struct SkyArgs {
    /// The constellation.
    #[command(flatten)]
    pub source: SourceArgs,
    /// Where from: a name (`megaconstellation sky --site list`) or LAT,LON[,HEIGHT_M] (degrees, metres).
    #[arg(
        long,
        value_name = "NAME|LAT,LON[,HEIGHT_M]",
        allow_hyphen_values = true
    )]
    pub site: String,
    /// The time (RFC 3339) [default: now].
    #[arg(long, value_name = "TIME", conflicts_with_all = ["from", "to", "night"])]
    pub at: Option<String>,
    /// Start of a time series (RFC 3339); needs --to and --step.
    #[arg(long, value_name = "TIME", requires_all = ["to", "step"], conflicts_with = "night")]
    pub from: Option<String>,
    /// End of the time series, included.
    #[arg(long, value_name = "TIME", requires_all = ["from", "step"], conflicts_with = "night")]
    pub to: Option<String>,
    /// Step of a time series or of --night: 30s, 1min, 10min … [default with --night: 1min].
    #[arg(long, value_name = "DURATION")]
    pub step: Option<String>,
    /// The night that begins on this local date at the site (YYYY-MM-DD), sunset to sunrise.
    #[arg(long, value_name = "DATE")]
    pub night: Option<String>,
    /// Atmospheric extinction, magnitudes per airmass.
    #[arg(long, value_name = "K", default_value_t = crate::sky::DEFAULT_EXTINCTION, allow_negative_numbers = true)]
    pub extinction: f64,
    /// A telescope field: azimuth and elevation of its centre and its diameter, degrees.
    #[arg(
        long,
        value_name = "AZ,EL,DIAMETER_DEG",
        allow_hyphen_values = true,
        requires = "exposure"
    )]
    pub field: Option<String>,
    /// The exposure in the field, seconds from each instant on.
    #[arg(
        long,
        value_name = "SECONDS",
        allow_negative_numbers = true,
        requires = "field"
    )]
    pub exposure: Option<f64>,
    /// JSON: an object for one instant, an array of one object per line for a series.
    #[arg(long)]
    pub json: bool,
}

/// `links`' flags.
#[derive(Debug, Args)]
pub struct LinksArgs {
    /// The constellation.
    #[command(flatten)]
    pub source: SourceArgs,
    /// The time (RFC 3339) [default: now].
    #[arg(long, value_name = "TIME", conflicts_with_all = ["from", "to", "step"])]
    pub at: Option<String>,
    /// Start of a time series (RFC 3339); needs --to and --step.
    #[arg(long, value_name = "TIME", requires_all = ["to", "step"])]
    pub from: Option<String>,
    /// End of the time series, included.
    #[arg(long, value_name = "TIME", requires_all = ["from", "step"])]
    pub to: Option<String>,
    /// Step of the time series: 30s, 1min, 1h …
    #[arg(long, value_name = "DURATION", requires_all = ["from", "to"])]
    pub step: Option<String>,
    /// A route between two places (gateway or site names, or LAT,LON); repeat for more.
    #[arg(long, num_args = 2, value_names = ["FROM", "TO"], action = clap::ArgAction::Append, allow_hyphen_values = true)]
    pub route: Vec<String>,
    /// List the gateways in use and stop.
    #[arg(long)]
    pub gateways: bool,
    /// JSON: an object for one instant, an array of one object per line for a series.
    #[arg(long)]
    pub json: bool,
}

/// Runs `links`.
pub fn run_links(args: &LinksArgs, out: &mut dyn Write) -> Result<()> {
    use crate::links::output::{LinksJson, text as links_text};
    use crate::links::{LinksModel, links_at, parse_place, route};
    // The times are checked before the constellation is loaded.
    let instants = match (&args.from, &args.to, &args.step) {
        (Some(from), Some(to), Some(step)) => {
            let from = parse_instant(from).context("--from")?;
            let to = parse_instant(to).context("--to")?;
            let step = parse_duration(step).context("--step")?;
            if to < from {
                bail!("--to ({}) is before --from ({})", to, from);
            }
            Some(series(from, to, step)?)
        }
        _ => None,
    };
    let at = match &args.at {
        Some(t) => parse_instant(t).context("--at")?,
        None => Utc::now(),
    };
    let constellation = args.source.load()?;
    let model = LinksModel::new(&constellation.spec);
    if args.gateways {
        for g in &model.gateways {
            writeln!(
                out,
                "{:<24} {:>9.4} {:>10.4} {:>4} antennas",
                g.site.name, g.site.latitude_deg, g.site.longitude_deg, g.antennas
            )?;
        }
        return Ok(());
    }
    let places = args
        .route
        .chunks(2)
        .map(|pair| {
            let place = |text: &String| {
                parse_place(text, &model)
                    .with_context(|| format!("--route {} {}", pair[0], pair[1]))
            };
            Ok((place(&pair[0])?, place(&pair[1])?))
        })
        .collect::<Result<Vec<_>>>()?;
    let fleet = Fleet::new(&constellation)?;
    let name = constellation.display_name();
    let spec = &constellation.spec;
    let one = |at: DateTime<Utc>| {
        let links = links_at(&fleet, &model, at);
        let routes: Vec<_> = places
            .iter()
            .map(|(a, b)| route(&links, &model, a, b))
            .collect();
        let compute =
            fleet_totals(&fleet, &spec.satellite, &spec.fleet, at).compute_delivered_flops;
        (links, routes, compute)
    };
    let Some(instants) = instants else {
        let (links, routes, compute) = one(at);
        if args.json {
            let json =
                serde_json::to_string_pretty(&LinksJson::new(&links, &model, compute, &routes))?;
            writeln!(out, "{json}")?;
        } else {
            write!(
                out,
                "{}",
                links_text(&name, &links, &model, compute, &routes)
            )?;
        }
        return Ok(());
    };
    let progress = progress_bar(instants.len() as u64);
    let mut out = std::io::BufWriter::new(out);
    if args.json {
        writeln!(out, "[")?;
    }
    for (i, at) in instants.iter().enumerate() {
        let (links, routes, compute) = one(*at);
        if args.json {
            let sep = if i + 1 < instants.len() { "," } else { "" };
            let json = serde_json::to_string(&LinksJson::new(&links, &model, compute, &routes))?;
            writeln!(out, "{json}{sep}")?;
        } else {
            if i > 0 {
                writeln!(out)?;
            }
            write!(
                out,
                "{}",
                links_text(&name, &links, &model, compute, &routes)
            )?;
        }
        progress.inc(1);
    }
    progress.finish_and_clear();
    if args.json {
        writeln!(out, "]")?;
    }
    out.flush()?;
    Ok(())
}

/// Runs `sky`.
pub fn run_sky(args: &SkyArgs, out: &mut dyn Write) -> Result<()> {
    if args.site.trim().eq_ignore_ascii_case("list") {
        for s in crate::sky::SITES {
            writeln!(
                out,
                "{:<24} {:>9.4} {:>10.4} {:>6.0} m  {}",
                s.name, s.latitude_deg, s.longitude_deg, s.height_m, s.source
            )?;
        }
        return Ok(());
    }
    // Every flag is checked before the constellation is loaded.
    let site = parse_site(&args.site).context("--site")?;
    let extinction = check_extinction(args.extinction).context("--extinction")?;
    let field = match (&args.field, args.exposure) {
        (Some(f), Some(e)) => Some(parse_field(f, e).context("--field/--exposure")?),
        _ => None,
    };
    if args.step.is_some() && args.from.is_none() && args.night.is_none() {
        bail!("--step needs --from and --to, or --night");
    }
    let night_date = match &args.night {
        Some(d) => Some(parse_night_date(d).context("--night")?),
        None => None,
    };
    let constellation = args.source.load()?;
    let fleet = Fleet::new(&constellation)?;
    let name = constellation.display_name();
    let satellites = (fleet.len() + fleet.rejected()) as u64;
    let query = SkyQuery {
        site,
        extinction,
        standard_magnitude: constellation.spec.satellite.standard_magnitude,
        field,
    };
    let (instants, heading) = if let Some(date) = night_date {
        night_instants(args, &query, date)?
    } else if let (Some(from), Some(to), Some(step)) = (&args.from, &args.to, &args.step) {
        let from = parse_instant(from).context("--from")?;
        let to = parse_instant(to).context("--to")?;
        let step = parse_duration(step).context("--step")?;
        if to < from {
            bail!("--to ({}) is before --from ({})", to, from);
        }
        let instants = series(from, to, step)?;
        let heading = format!(
            "From {} to {}, every {}",
            crate::sky::output::instant_text(from),
            crate::sky::output::instant_text(to),
            step_text(step)
        );
        (instants, heading)
    } else {
        let at = match &args.at {
            Some(t) => parse_instant(t).context("--at")?,
            None => Utc::now(),
        };
        let sky = sky_at(&fleet, &query, at);
        if args.json {
            let json = serde_json::to_string_pretty(&SkyJson::new(&query, &sky))?;
            writeln!(out, "{json}")?;
        } else {
            write!(out, "{}", sky_text(&name, satellites, &query, &sky))?;
        }
        return Ok(());
    };
    if instants.is_empty() && args.json {
        // The JSON array is empty: say why beside it.
        eprintln!("{heading}");
    }
    let progress = progress_bar(instants.len() as u64);
    let mut out = std::io::BufWriter::new(out);
    let mut skies = Vec::new();
    if args.json {
        writeln!(out, "[")?;
    }
    for (i, at) in instants.iter().enumerate() {
        let sky = sky_at(&fleet, &query, *at);
        if args.json {
            let sep = if i + 1 < instants.len() { "," } else { "" };
            let json = serde_json::to_string(&SkyJson::new(&query, &sky))?;
            writeln!(out, "{json}{sep}")?;
        } else {
            skies.push(sky);
        }
        progress.inc(1);
    }
    progress.finish_and_clear();
    if args.json {
        writeln!(out, "]")?;
    } else {
        let table = night_text(&name, satellites, &query, &heading, &skies);
        write!(out, "{table}")?;
    }
    out.flush()?;
    Ok(())
}

/// The instants of `--night DATE` (sunset to sunrise every `--step`, none
/// in polar day) and the line that says which night it is.
fn night_instants(
    args: &SkyArgs,
    query: &SkyQuery,
    date: chrono::NaiveDate,
) -> Result<(Vec<DateTime<Utc>>, String)> {
    let step = match &args.step {
        Some(s) => parse_duration(s).context("--step")?,
        None => chrono::TimeDelta::minutes(1),
    };
    let night = night_of(&query.site, date);
    let secs = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let heading = match night {
        Night::Dark { sunset, sunrise } => format!(
            "The night of {date}: sunset {}, sunrise {} (the Sun's centre at 0°, no refraction), every {}",
            secs(sunset),
            secs(sunrise),
            step_text(step)
        ),
        Night::PolarDay { .. } => format!(
            "Polar day: the Sun does not set at {} between local noon on {date} and the next local noon",
            site_text(&query.site)
        ),
        Night::PolarNight {
            from,
            to,
            sunset,
            sunrise,
        } => format!(
            "Polar night: the Sun is down from {} ({}) to {} ({}), every {}",
            secs(from),
            if sunset.is_some() {
                "sunset"
            } else {
                "local noon"
            },
            secs(to),
            if sunrise.is_some() {
                "sunrise"
            } else {
                "the next local noon"
            },
            step_text(step)
        ),
    };
    let instants = match night.span() {
        // Whole seconds from the sunset (rounded up) to the sunrise.
        Some((from, to)) => series(ceil_to_second(from), to, step)?,
        None => Vec::new(),
    };
    Ok((instants, heading))
}

/// The instants from `from` to `to` (included) every `step`, checked for size.
fn series(
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    step: chrono::TimeDelta,
) -> Result<Vec<DateTime<Utc>>> {
    let steps =
        (to - from).num_nanoseconds().unwrap_or(i64::MAX) / step.num_nanoseconds().unwrap_or(1);
    if steps >= MAX_SERIES_STEPS {
        bail!(
            "the series has {steps} instants; at most {MAX_SERIES_STEPS} are allowed (use a longer --step)"
        );
    }
    if steps < 0 {
        return Ok(Vec::new());
    }
    Ok((0..=steps).map(|i| from + step * i as i32).collect())
}

/// The next whole second at or after `t`.
fn ceil_to_second(t: DateTime<Utc>) -> DateTime<Utc> {
    let whole = DateTime::<Utc>::from_timestamp(t.timestamp(), 0).unwrap_or(t);
    if whole < t {
        whole + chrono::TimeDelta::seconds(1)
    } else {
        whole
    }
}

/// A step as `1 min`, `30 s`, `2 h`.
fn step_text(step: chrono::TimeDelta) -> String {
    let s = step.num_milliseconds() as f64 / 1000.0;
    if s >= 3600.0 && s % 3600.0 == 0.0 {
        format!("{} h", s / 3600.0)
    } else if s >= 60.0 && s % 60.0 == 0.0 {
        format!("{} min", s / 60.0)
    } else {
        format!("{s} s")
    }
}

#[cfg(test)]
mod tests {
    use super::parse_look;

    #[test]
    fn looks_are_read_and_absurd_ones_refused() {
        assert_eq!(parse_look("180,30").expect("valid"), (180.0, 30.0, None));
        assert_eq!(
            parse_look("-90, 45, 20").expect("valid"),
            (270.0, 45.0, Some(20.0))
        );
        for (bad, said) in [
            ("180", "expected AZ,EL"),
            ("a,b", "expected AZ,EL"),
            ("0,95", "from -90 to 90"),
            ("0,10,500", "not 1 to 120"),
            ("NaN,10", "azimuth"),
        ] {
            let e = parse_look(bad).expect_err(bad).to_string();
            assert!(e.contains(said), "{bad}: {e}");
        }
    }
}
