//! The record feature: the Record section's recordings (a child process
//! running `megaconstellation record` with the current constellation, time
//! and view), the captions drawn over recorded frames, shot scripts, and
//! the `record` command itself (frame-by-frame off-screen rendering).

pub mod captions;
#[cfg(not(target_arch = "wasm32"))]
pub mod command;
#[cfg(not(target_arch = "wasm32"))]
pub mod job;
pub mod script;

use super::clock::SimClock;
use super::config::DrawLimit;
use super::messages::{Action, RecordRequest, Status, StatusMessage, StatusSlot, UiError};
use super::picking::Selection;
use super::scene::fleet::SceneFleet;
use super::scene::frame::{SceneFrame, sun_yaw};
use super::systems::ViewerSystems;
use super::totals::Assumptions;
use bevy::prelude::*;
use script::ShotScript;
use std::path::PathBuf;

/// Recordings from the Record section, and captions.
pub struct RecordPlugin;

impl Plugin for RecordPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Recorder>()
            .init_resource::<captions::Captions>()
            .add_message::<Action>()
            .add_message::<StatusMessage>()
            .add_systems(
                Update,
                start_and_poll_recording.in_set(ViewerSystems::Input),
            )
            .add_systems(
                bevy_egui::EguiPrimaryContextPass,
                captions::captions_ui.in_set(ViewerSystems::Overlays),
            );
    }
}

/// The recording started from the Record section, if any.
#[derive(Resource, Default)]
pub struct Recorder {
    /// The program to record with (default: this one).
    pub exe: Option<PathBuf>,
    #[cfg(not(target_arch = "wasm32"))]
    child: Option<(std::process::Child, String)>,
}

impl Recorder {
    /// A recorder that runs `exe` (tests use the built binary).
    pub fn with_exe(exe: PathBuf) -> Self {
        Self {
            exe: Some(exe),
            #[cfg(not(target_arch = "wasm32"))]
            child: None,
        }
    }

    /// True while a recording runs.
    pub fn busy(&self) -> bool {
        #[cfg(not(target_arch = "wasm32"))]
        {
            self.child.is_some()
        }
        #[cfg(target_arch = "wasm32")]
        {
            false
        }
    }
}

/// Starts a recording when Record is pressed; says when it ends.
#[allow(clippy::too_many_arguments)]
fn start_and_poll_recording(
    mut actions: MessageReader<Action>,
    mut status: MessageWriter<StatusMessage>,
    mut recorder: ResMut<Recorder>,
    clock: Res<SimClock>,
    scene: Res<SceneFleet>,
    assumptions: Res<Assumptions>,
    selection: Res<Selection>,
    limit: Res<DrawLimit>,
    frame: Res<SceneFrame>,
    cameras: Query<&bevy_panorbit_camera::PanOrbitCamera>,
) {
    let mut report = |s: Status| {
        status.write(StatusMessage {
            slot: StatusSlot::Record,
            status: s,
        });
    };
    if let Some(done) = poll(&mut recorder) {
        report(done);
    }
    for action in actions.read() {
        let request = match action {
            Action::Record(request) => request,
            Action::CancelRecording => {
                if let Err(e) = cancel(&mut recorder) {
                    report(Status::Failed(e));
                }
                continue;
            }
            _ => continue,
        };
        // The view as the camera holds it, its yaw measured from the Sun's.
        let (yaw, pitch, radius) = cameras.iter().next().map_or((0.7, 0.35, 38_000.0), |c| {
            (
                c.target_yaw - sun_yaw(frame.sun_dir_world),
                c.target_pitch,
                c.target_radius,
            )
        });
        let mut script = ShotScript::still(
            f64::from(yaw).to_degrees(),
            f64::from(pitch).to_degrees(),
            f64::from(radius),
            clock.warp,
            selection.follow.then_some(selection.index).flatten(),
        );
        script.keys[0].panels = true;
        let mut spec = scene.constellation.spec.clone();
        spec.satellite = assumptions.satellite.clone();
        spec.fleet = assumptions.fleet.clone();
        spec.catalogs.clear();
        let catalogs: Vec<String> = scene
            .constellation
            .catalogs
            .iter()
            .map(|c| c.origin.0.clone())
            .collect();
        let started = start(
            &mut recorder,
            request,
            &spec.to_toml(),
            &script,
            &catalogs,
            clock.now(),
            limit.0,
        );
        report(match started {
            Ok(text) => Status::Working(text),
            Err(e) => Status::Failed(e),
        });
    }
}

/// Starts `megaconstellation record` in a child process.
fn start(
    recorder: &mut Recorder,
    request: &RecordRequest,
    constellation_toml: &str,
    script: &ShotScript,
    catalogs: &[String],
    at: chrono::DateTime<chrono::Utc>,
    limit: Option<usize>,
) -> Result<String, UiError> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        if recorder.child.is_some() {
            return Err(UiError::Record("a recording is already running".into()));
        }
        let dir =
            std::env::temp_dir().join(format!("megaconstellation-record-{}", std::process::id()));
        let written = std::fs::create_dir_all(&dir).and_then(|()| {
            crate::files::replace_atomically(
                &dir.join("constellation.toml"),
                constellation_toml.as_bytes(),
            )?;
            crate::files::replace_atomically(
                &dir.join("shot.toml"),
                format!(
                    "# The viewer's view when Record was pressed.\n{}",
                    script.to_toml()
                )
                .as_bytes(),
            )
        });
        if let Err(e) = written {
            return Err(UiError::Record(format!(
                "cannot prepare the recording in {}: {e}",
                dir.display()
            )));
        }
        let Some(exe) = recorder
            .exe
            .clone()
            .or_else(|| std::env::current_exe().ok())
        else {
            return Err(UiError::Record(
                "cannot find this program to record with".into(),
            ));
        };
        let mut command = std::process::Command::new(exe);
        command
            .arg("record")
            .arg("--constellation")
            .arg(dir.join("constellation.toml"))
            .arg("--script")
            .arg(dir.join("shot.toml"))
            .args(["--at", &crate::report::rfc3339(at)])
            .args(["--duration", &request.duration_s.to_string()])
            .args(["--fps", &request.fps.to_string()])
            .args(["--width", &request.width.to_string()])
            .args(["--height", &request.height.to_string()])
            .args(["--out", &request.path])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped());
        for c in catalogs {
            command.args(["--catalog", c]);
        }
        if let Some(n) = limit {
            command.args(["--limit", &n.to_string()]);
        }
        if request.ui {
            command.arg("--ui");
        }
        if request.overwrite {
            command.arg("--overwrite");
        }
        let child = command
            .spawn()
            .map_err(|e| UiError::Record(format!("cannot start the recording: {e}")))?;
        recorder.child = Some((child, request.path.clone()));
        Ok(format!("recording to {} …", request.path))
    }
    #[cfg(target_arch = "wasm32")]
    {
        let _ = (
            recorder,
            request,
            constellation_toml,
            script,
            catalogs,
            at,
            limit,
        );
        Err(UiError::NotInBrowser("recording"))
    }
}

/// Asks the recording to stop after its frame in progress (SIGTERM, as
/// `kill` sends): it finishes the file and ends; `poll` then says so.
fn cancel(recorder: &mut Recorder) -> Result<(), UiError> {
    #[cfg(not(target_arch = "wasm32"))]
    if let Some((child, _)) = recorder.child.as_ref() {
        let sent = std::process::Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        return match sent {
            Ok(s) if s.success() => Ok(()),
            Ok(s) => Err(UiError::Record(format!(
                "cannot stop the recording: kill {s}"
            ))),
            Err(e) => Err(UiError::Record(format!("cannot stop the recording: {e}"))),
        };
    }
    #[cfg(target_arch = "wasm32")]
    let _ = recorder;
    Ok(())
}

/// What became of the recording, once it has ended.
fn poll(recorder: &mut Recorder) -> Option<Status> {
    #[cfg(not(target_arch = "wasm32"))]
    if let Some((child, path)) = recorder.child.as_mut()
        && let Ok(Some(exit)) = child.try_wait()
    {
        let mut stderr = String::new();
        if let Some(mut e) = child.stderr.take() {
            use std::io::Read;
            let _ = e.read_to_string(&mut stderr);
        }
        let status = if exit.success() {
            Status::Done(format!("saved {path}"))
        } else if exit.code() == Some(130) {
            // Cancelled: what was written is whole.
            let said = stderr
                .lines()
                .rev()
                .find_map(|l| l.strip_prefix("error: "))
                .unwrap_or("stopped")
                .to_owned();
            Status::Done(said)
        } else {
            let last = stderr
                .lines()
                .rev()
                .find(|l| l.starts_with("error"))
                .unwrap_or("the recording failed")
                .to_owned();
            Status::Failed(UiError::Record(last))
        };
        recorder.child = None;
        return Some(status);
    }
    #[cfg(target_arch = "wasm32")]
    let _ = recorder;
    None
}
