//! The `record` command's runner: loads the shot script, works out the
//! start and the length, shows a progress bar, and records. The command
//! line (`cli`) parses the flags into [`RecordOptions`].

use super::job::{RecordJob, Sink, record};
use super::script::ShotScript;
use crate::constellation::Constellation;
use crate::error::Origin;
use crate::time::{parse_duration, parse_instant};
use crate::viewer::scene::fleet::SceneFleet;
use anyhow::{Context, Result, bail};
use chrono::Utc;
use std::io::Write;
use std::path::PathBuf;

/// What `record` was asked for.
#[derive(Debug, Clone)]
pub struct RecordOptions {
    /// The constellation.
    pub constellation: Constellation,
    /// A folder for PNG frames, or a file ending in .mp4.
    pub out: PathBuf,
    /// A shot script.
    pub script: Option<PathBuf>,
    /// Simulated time of the first frame.
    pub at: Option<String>,
    /// Simulated seconds per video second without a script.
    pub warp: Option<f64>,
    /// Frame width, px.
    pub width: u32,
    /// Frame height, px.
    pub height: u32,
    /// Frames per second.
    pub fps: f64,
    /// Length of the video: seconds, or a duration such as `10s` or `2min`.
    pub duration: Option<String>,
    /// Record the panels too.
    pub ui: bool,
    /// Draw at most this many satellites.
    pub limit: Option<usize>,
    /// Replace an existing output.
    pub overwrite: bool,
}

/// A recording stopped by Ctrl-C or SIGTERM (or the viewer's Cancel):
/// what was written is whole; the process exits with 130.
#[derive(Debug, thiserror::Error)]
#[error("interrupted: wrote {written} of {total} frames to {path} (complete and playable)")]
pub struct Interrupted {
    /// Frames written.
    pub written: u64,
    /// Frames asked for.
    pub total: u64,
    /// Where.
    pub path: String,
}

/// Raised by Ctrl-C or SIGTERM while `record` runs.
static STOP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Runs `record`; says what it wrote on `out`.
pub fn run_record(options: RecordOptions, out: &mut dyn Write) -> Result<()> {
    let scene = SceneFleet::new(options.constellation, options.limit)?;
    let script = match &options.script {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("{}: cannot read", path.display()))?;
            let origin = Origin(path.display().to_string());
            let mut script = ShotScript::parse(&text, &origin, scene.fleet.len())?;
            script.check_links(&text, &origin, &scene.constellation.spec)?;
            script.resolve_selections(
                &text,
                &origin,
                &crate::find::FindIndex::new(&scene.fleet),
            )?;
            script
        }
        None => {
            let mut s = ShotScript::still(40.0, 20.0, 38_000.0, options.warp.unwrap_or(60.0), None);
            s.keys[0].panels = true;
            s
        }
    };
    if let Some(w) = options.warp
        && options.script.is_some()
    {
        bail!("--warp {w}: the script sets the warp; leave --warp out or edit the script");
    }
    let start = match (&options.at, &script.start) {
        (Some(t), _) => parse_instant(t).context("--at")?,
        (None, Some(s)) => s.0,
        (None, None) => Utc::now(),
    };
    let duration_s = match &options.duration {
        Some(text) => {
            let d = parse_duration(text).with_context(|| format!("--duration {text}"))?;
            d.num_nanoseconds()
                .map_or(f64::INFINITY, |n| n as f64 * 1e-9)
        }
        None if options.script.is_some() => script.keys.last().map_or(10.0, |k| k.at_s + 2.0),
        None => 10.0,
    };
    let total = (duration_s * options.fps).round().max(1.0) as u64;
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} frames, {per_sec}, {eta} left",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    // Ctrl-C and SIGTERM stop after the frame in progress (a second
    // handler cannot be set in one process: then they stop it at once).
    if let Err(e) = ctrlc::set_handler(|| STOP.store(true, std::sync::atomic::Ordering::Relaxed)) {
        eprintln!("warning: Ctrl-C will not finish the video cleanly: {e}");
    }
    let started = std::time::Instant::now();
    let recorded = record(
        RecordJob {
            scene,
            start,
            script,
            width: options.width,
            height: options.height,
            fps: options.fps,
            duration_s,
            ui: options.ui,
            overwrite: options.overwrite,
            sink: Sink::from_path(options.out.clone()),
        },
        |done, _| bar.set_position(done),
        &STOP,
    )?;
    bar.finish_and_clear();
    let frames = recorded.frames;
    if recorded.interrupted {
        writeln!(out, "stopped: wrote {frames} of {} frames", recorded.total)?;
        return Err(Interrupted {
            written: frames,
            total: recorded.total,
            path: options.out.display().to_string(),
        }
        .into());
    }
    let secs = started.elapsed().as_secs_f64();
    writeln!(
        out,
        "wrote {frames} frames of {}×{} to {} in {secs:.1} s ({:.2} frames per second)",
        options.width,
        options.height,
        options.out.display(),
        frames as f64 / secs
    )?;
    Ok(())
}
