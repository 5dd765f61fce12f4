//! Recording videos frame by frame, off-screen: simulated time advances by
//! exactly warp/fps per frame whatever the machine's speed, the camera and
//! captions follow a shot script, and the same inputs give the same frames.
//! Output: a PNG sequence, or H.264 through `ffmpeg` when it is on PATH.

use super::captions::Captions;
use super::script::{ShotScript, ShotState};
use crate::viewer::camera::overlay::Overlays;
use crate::viewer::clock::SimClock;
use crate::viewer::config::{Output, Recording, ViewerConfig};
use crate::viewer::links::settings::LinksSettings;
use crate::viewer::observer::impact::ImpactMap;
use crate::viewer::observer::settings::ObserverSettings;
use crate::viewer::offscreen::{Frame, Offscreen};
use crate::viewer::picking::Selection;
use crate::viewer::safety::live::{SafetyLive, SafetyResult, screen_scene};
use crate::viewer::safety::settings::SafetySettings;
use crate::viewer::scene::fleet::SceneFleet;
use crate::viewer::scene::frame::{sun_dir_world_at, sun_yaw, world_from_teme};
use anyhow::{Context, Result, bail};
use bevy::prelude::*;
use chrono::{DateTime, Utc};
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

/// Largest frame recorded.
pub const MAX_SIZE: (u32, u32) = (3840, 2160);

/// Where frames go.
#[derive(Debug, Clone, PartialEq)]
pub enum Sink {
    /// `frame_00000.png`, … in a folder.
    Pngs(PathBuf),
    /// An H.264 MP4 written by ffmpeg.
    Mp4(PathBuf),
}

impl Sink {
    /// A folder, or a file ending in `.mp4`.
    pub fn from_path(path: PathBuf) -> Self {
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("mp4"))
        {
            Sink::Mp4(path)
        } else {
            Sink::Pngs(path)
        }
    }
}

impl Sink {
    /// Refuses to write over what the user has (an MP4, or frames in the
    /// folder) unless `overwrite`; with it, removes the old frames so that
    /// none of a longer earlier recording is left among the new ones.
    pub fn make_room(&self, overwrite: bool) -> Result<()> {
        match self {
            Sink::Mp4(path) => {
                if path.exists() && !overwrite {
                    bail!(
                        "--out {}: the file exists; give --overwrite to replace it (it is left as it is)",
                        path.display()
                    );
                }
            }
            Sink::Pngs(dir) => {
                let frames = old_frames(dir);
                if !frames.is_empty() {
                    if !overwrite {
                        bail!(
                            "--out {}: the folder already holds {} frames; give --overwrite to replace them (they are left as they are)",
                            dir.display(),
                            frames.len()
                        );
                    }
                    for f in frames {
                        std::fs::remove_file(&f)
                            .with_context(|| format!("{}: cannot remove", f.display()))?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// The `frame_NNNNN.png` files in a folder (none if it does not exist).
fn old_frames(dir: &std::path::Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("frame_") && n.ends_with(".png"))
        })
        .collect()
}

/// What to record.
pub struct RecordJob {
    /// The constellation.
    pub scene: SceneFleet,
    /// Simulated time of the first frame.
    pub start: DateTime<Utc>,
    /// The shot script.
    pub script: ShotScript,
    /// Frame size.
    pub width: u32,
    /// Frame height.
    pub height: u32,
    /// Frames per second of video.
    pub fps: f64,
    /// Seconds of video.
    pub duration_s: f64,
    /// Record the panels where the script shows them.
    pub ui: bool,
    /// Where the frames go.
    pub sink: Sink,
    /// Replace an existing MP4 or the frames already in the folder.
    pub overwrite: bool,
}

/// What a recording did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    /// Frames written (all of them in the file or folder, which is whole).
    pub frames: u64,
    /// Frames the job asked for.
    pub total: u64,
    /// `stop` was raised (Ctrl-C, SIGTERM, Cancel) before the last frame.
    pub interrupted: bool,
}

/// Records `job`; `progress(done, total)` after each frame written. When
/// `stop` is raised, it stops after the frame in progress, writes what the
/// GPU still has, and closes the output (ffmpeg finishes the MP4).
pub fn record(
    job: RecordJob,
    mut progress: impl FnMut(u64, u64),
    stop: &std::sync::atomic::AtomicBool,
) -> Result<Recorded> {
    let (w, h) = (job.width, job.height);
    if w == 0 || h == 0 || w > MAX_SIZE.0 || h > MAX_SIZE.1 {
        bail!(
            "--width {w} --height {h}: expected 1×1 to {}×{}",
            MAX_SIZE.0,
            MAX_SIZE.1
        );
    }
    if !(job.fps.is_finite() && job.fps > 0.0 && job.fps <= 240.0) {
        bail!("--fps {}: expected more than 0 and at most 240", job.fps);
    }
    if !(job.duration_s.is_finite() && job.duration_s > 0.0 && job.duration_s <= 3600.0) {
        bail!(
            "--duration {}: expected seconds, more than 0 and at most 3600",
            job.duration_s
        );
    }
    let total = (job.duration_s * job.fps).round().max(1.0) as u64;
    let conjunctions = screen_for_script(&job)?;
    job.sink.make_room(job.overwrite)?;
    let mut writer = Writer::open(&job.sink, w, h, job.fps)?;
    let config = ViewerConfig {
        scene: job.scene.clone(),
        clock: SimClock::new(job.start, 0.0, true),
        output: Output::Image {
            width: w,
            height: h,
        },
        bench_seconds: None,
        process_start: bevy::platform::time::Instant::now(),
        limit: None,
        atmosphere: true,
        observer: Default::default(),
        links: Default::default(),
    };
    let mut session = Offscreen::new(config, Duration::from_secs_f64(1.0 / job.fps));
    session.app.insert_resource(Recording);
    if let Some(result) = &conjunctions {
        session
            .app
            .world_mut()
            .resource_mut::<SafetyLive>()
            .set(result.clone());
    }
    if !session.warm_up(10, 5000) {
        bail!("the scene was never drawn (no GPU or software Vulkan device?)");
    }
    let mut simulated_s: f64 = 0.0;
    let mut written = 0;
    let mut interrupted = false;
    let mut anchored: Option<(usize, f64)> = None;
    for frame in 0..total {
        if stop.load(std::sync::atomic::Ordering::Relaxed) {
            interrupted = true;
            break;
        }
        let t = frame as f64 / job.fps;
        let state = job.script.state(t);
        // A key that goes to a close approach puts the clock at its TCA
        // (frames after the key: as far past it as the warp has run since).
        if state.conjunction != anchored {
            anchored = state.conjunction;
            if let (Some((rank, key_at)), Some(r)) = (state.conjunction, &conjunctions)
                && let Some(e) = r.report.closest.get(rank)
            {
                let tca = r.tca(e);
                let since = (tca - job.start).as_seconds_f64();
                simulated_s = since + (t - key_at) * state.warp;
            }
        }
        let at = crate::time::at_offset(job.start, simulated_s);
        simulated_s += state.warp / job.fps;
        apply_state(&mut session, &job, &state, at);
        session.capture_next();
        for f in session.take_ready() {
            writer.write(written, &f)?;
            written += 1;
            progress(written, total);
        }
    }
    for f in session.finish(2000) {
        writer.write(written, &f)?;
        written += 1;
        progress(written, total);
    }
    writer.close()?;
    if written != total && !interrupted {
        bail!("only {written} of {total} frames came back from the GPU");
    }
    Ok(Recorded {
        frames: written,
        total,
        interrupted,
    })
}

/// The day of close approaches a script's `conjunction` keys go to,
/// screened from its start before the first frame (none without such keys).
fn screen_for_script(job: &RecordJob) -> Result<Option<SafetyResult>> {
    let Some(deepest) = job.script.keys.iter().filter_map(|k| k.conjunction).max() else {
        return Ok(None);
    };
    if deepest == 0 {
        return Ok(None);
    }
    let mut result = screen_scene(&job.scene, job.start, &|_| true)
        .map_err(|e| anyhow::anyhow!("screening for `conjunction`: {e}"))?;
    result.elapsed_s = None;
    let found = result.report.closest.len();
    if found < deepest {
        bail!(
            "`conjunction = {deepest}`: the day from {} has {found} close approaches under {} km",
            crate::safety::summary::rfc3339(job.start),
            result.report.distance_km
        );
    }
    Ok(Some(result))
}

/// Sets the clock, camera, panels and captions for one frame.
fn apply_state(session: &mut Offscreen, job: &RecordJob, state: &ShotState, at: DateTime<Utc>) {
    let world = session.app.world_mut();
    world.resource_mut::<SimClock>().set(at);
    let sun_yaw = f64::from(sun_yaw(sun_dir_world_at(at)));
    // The close approach shown: both selected, the camera on the first.
    let event = state.conjunction.and_then(|(rank, _)| {
        let live = world.resource::<SafetyLive>();
        let e = live.latest.as_ref()?.report.closest.get(rank)?;
        Some((rank, e.a_index, e.b_index))
    });
    {
        let next = event.map(|(rank, a, b)| {
            (
                Selection {
                    index: Some(a),
                    partner: Some(b),
                    follow: false,
                },
                Some(rank),
            )
        });
        // Else the script's selection, if any.
        let (selection, chosen) = next.unwrap_or((
            Selection {
                index: state.select,
                partner: None,
                follow: false,
            },
            None,
        ));
        let track = crate::viewer::ground::GroundTrack {
            shown: state.track,
            ..*world.resource::<crate::viewer::ground::GroundTrack>()
        };
        if *world.resource::<crate::viewer::ground::GroundTrack>() != track {
            *world.resource_mut::<crate::viewer::ground::GroundTrack>() = track;
        }
        if *world.resource::<Selection>() != selection {
            *world.resource_mut::<Selection>() = selection;
        }
        let settings = SafetySettings {
            markers: state.markers,
            chosen,
        };
        if *world.resource::<SafetySettings>() != settings {
            *world.resource_mut::<SafetySettings>() = settings;
        }
    }
    // The followed satellite's position, if any, blended with the Earth's centre.
    let followed = state.follow.or(event.map(|(_, a, _)| a)).and_then(|i| {
        match job.scene.fleet.propagate_one(i, at) {
            Some(crate::propagation::Fix::Ok(s)) => Some(world_from_teme(s.pos_in_teme_km)),
            _ => None,
        }
    });
    let focus = followed.map_or(Vec3::ZERO, |p| p * state.follow_weight as f32);
    {
        let mut overlays = world.resource_mut::<Overlays>();
        overlays.visible = job.ui && state.panels;
        overlays.help = false;
    }
    {
        let mut o = world.resource_mut::<ObserverSettings>();
        match &state.observer {
            Some(shot) => {
                let next = ObserverSettings {
                    active: true,
                    site: shot.site.clone(),
                    all_sky: shot.all_sky.unwrap_or(o.all_sky),
                    azimuth_deg: shot.az_deg.unwrap_or(o.azimuth_deg),
                    elevation_deg: shot.el_deg.unwrap_or(o.elevation_deg),
                    fov_deg: shot.fov_deg.unwrap_or(o.fov_deg),
                    exposure_s: shot.exposure_s.unwrap_or(o.exposure_s),
                    limiting_magnitude: shot.limiting_magnitude.unwrap_or(o.limiting_magnitude),
                    ..o.clone()
                }
                .clamped();
                if *o != next {
                    *o = next;
                }
            }
            None if o.active => o.active = false,
            None => {}
        }
    }
    world.resource_mut::<ImpactMap>().shown = state.impact_map;
    {
        let mesh_shell = state.mesh.as_ref().and_then(|name| {
            job.scene
                .fleet
                .shells
                .iter()
                .position(|s| &s.shell.spec.name == name)
        });
        let mut links = world.resource_mut::<LinksSettings>();
        let next = LinksSettings {
            route: state.route.clone(),
            mesh_shell,
            gateways: state.route.is_some(),
            ..links.clone()
        };
        if *links != next {
            *links = next;
        }
    }
    *world.resource_mut::<Captions>() = Captions {
        title: state.title.clone(),
        lower_third: state.lower_third.clone(),
    };
    session.place_camera(
        (sun_yaw + state.yaw_rad) as f32,
        state.pitch_rad as f32,
        state.distance_km as f32,
        focus,
    );
}

/// Writes frames: PNG files (encoded on other threads) or ffmpeg's stdin.
enum Writer {
    Pngs {
        dir: PathBuf,
        pending: Vec<std::thread::JoinHandle<Result<()>>>,
    },
    Mp4 {
        child: std::process::Child,
        path: PathBuf,
    },
}

impl Writer {
    fn open(sink: &Sink, w: u32, h: u32, fps: f64) -> Result<Self> {
        match sink {
            Sink::Pngs(dir) => {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
                Ok(Writer::Pngs {
                    dir: dir.clone(),
                    pending: Vec::new(),
                })
            }
            Sink::Mp4(path) => {
                let child = std::process::Command::new("ffmpeg")
                    .args(["-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgba", "-s"])
                    .arg(format!("{w}x{h}"))
                    .args(["-r"])
                    .arg(format!("{fps}"))
                    .args(["-i", "-", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "18", "-movflags", "+faststart"])
                    .arg(path)
                    .stdin(std::process::Stdio::piped())
                    .spawn()
                    .map_err(|e| match e.kind() {
                        std::io::ErrorKind::NotFound => anyhow::anyhow!(
                            "--out {}: writing MP4 needs ffmpeg, which is not on PATH; install it (Debian/Ubuntu: `apt install ffmpeg`) or give a folder to get PNG frames",
                            path.display()
                        ),
                        _ => anyhow::anyhow!("cannot start ffmpeg: {e}"),
                    })?;
                Ok(Writer::Mp4 {
                    child,
                    path: path.clone(),
                })
            }
        }
    }

    fn write(&mut self, index: u64, frame: &Frame) -> Result<()> {
        match self {
            Writer::Pngs { dir, pending } => {
                let path = dir.join(format!("frame_{index:05}.png"));
                let frame = frame.clone();
                // Keep at most a few encodes in flight.
                if pending.len() >= 4 {
                    pending
                        .remove(0)
                        .join()
                        .map_err(|_| anyhow::anyhow!("a PNG encoder panicked"))??;
                }
                pending.push(std::thread::spawn(move || {
                    // Encoded in memory, then written whole or not at all:
                    // a full disk leaves no truncated frame behind.
                    let mut png = Vec::new();
                    image::write_buffer_with_format(
                        &mut std::io::Cursor::new(&mut png),
                        &frame.rgba,
                        frame.width,
                        frame.height,
                        image::ExtendedColorType::Rgba8,
                        image::ImageFormat::Png,
                    )
                    .with_context(|| format!("{}: cannot encode", path.display()))?;
                    crate::files::replace_atomically(&path, &png)
                        .with_context(|| format!("{}: cannot write", path.display()))
                }));
                Ok(())
            }
            Writer::Mp4 { child, path } => {
                let stdin = child.stdin.as_mut().context("ffmpeg's input is closed")?;
                stdin
                    .write_all(&frame.rgba)
                    .with_context(|| format!("ffmpeg stopped while writing {}", path.display()))
            }
        }
    }

    fn close(self) -> Result<()> {
        match self {
            Writer::Pngs { pending, .. } => {
                for p in pending {
                    p.join()
                        .map_err(|_| anyhow::anyhow!("a PNG encoder panicked"))??;
                }
                Ok(())
            }
            Writer::Mp4 { mut child, path } => {
                drop(child.stdin.take());
                let status = child.wait()?;
                if !status.success() {
                    bail!("ffmpeg failed ({status}) writing {}", path.display());
                }
                Ok(())
            }
        }
    }
}
