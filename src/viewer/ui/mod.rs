//! The panels plugin: copies the world into a [`PanelModel`], draws the
//! panels, applies what the user asked for, and keeps the layout between runs.

pub mod model;
pub mod panels;

use super::clock::SimClock;
use super::controls::Overlays;
use super::picking::{Selection, details};
use super::scene::{SatelliteStyle, SceneFleet, shell_colour};
use super::totals::{Assumptions, TotalsState};
use crate::constellation::{Constellation, check_constellation};
use crate::error::Origin;
use bevy::prelude::*;
use bevy_egui::EguiContexts;
use model::{Action, PanelLayout, PanelModel, ShellRow};
use std::path::PathBuf;

/// The panels' state as a resource.
#[derive(Resource, Default)]
pub struct Panels(pub PanelModel);

/// At most this many satellites are drawn (`--limit`); kept across reloads.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct DrawLimit(pub Option<usize>);

/// Where the layout is saved (None: not saved, e.g. in tests and recordings).
#[derive(Resource, Debug, Clone, Default)]
pub struct LayoutFile(pub Option<PathBuf>);

impl LayoutFile {
    /// `$XDG_CONFIG_HOME/megaconstellation/panels.json`, or under `~/.config`.
    pub fn user_default() -> Self {
        #[cfg(not(target_arch = "wasm32"))]
        {
            let base = std::env::var_os("XDG_CONFIG_HOME")
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")));
            Self(base.map(|b| b.join("megaconstellation").join("panels.json")))
        }
        #[cfg(target_arch = "wasm32")]
        {
            Self(None)
        }
    }

    /// The saved layout, or the default one.
    pub fn load(&self) -> PanelLayout {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(path) = &self.0
            && let Ok(text) = std::fs::read_to_string(path)
            && let Ok(layout) = serde_json::from_str(&text)
        {
            return layout;
        }
        PanelLayout::default()
    }

    /// Saves the layout (errors are logged, never fatal).
    pub fn save(&self, layout: &PanelLayout) {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(path) = &self.0 {
            let result = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| {
                    std::fs::write(
                        path,
                        serde_json::to_string_pretty(layout).unwrap_or_default(),
                    )
                });
            if let Err(e) = result {
                warn!("cannot save the panel layout to {}: {e}", path.display());
            }
        }
        #[cfg(target_arch = "wasm32")]
        let _ = layout;
    }
}

/// The recording started from the Record button, if any.
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

/// The panels.
pub struct PanelsPlugin;

impl Plugin for PanelsPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Panels>()
            .init_resource::<DrawLimit>()
            .init_resource::<LayoutFile>()
            .init_resource::<Recorder>()
            .add_systems(Startup, load_layout)
            .add_systems(
                bevy_egui::EguiPrimaryContextPass,
                (sync_panels, draw_panels, apply_actions)
                    .chain()
                    .before(super::controls::overlay_ui),
            );
    }
}

fn load_layout(file: Res<LayoutFile>, mut panels: ResMut<Panels>) {
    panels.0.layout = file.load();
    panels.0.web = cfg!(target_arch = "wasm32");
}

/// World → model: the live numbers (O(shells), not O(satellites)).
#[allow(clippy::too_many_arguments)]
pub fn sync_panels(
    clock: Res<SimClock>,
    scene: Res<SceneFleet>,
    style: Res<SatelliteStyle>,
    totals: Res<TotalsState>,
    assumptions: Res<Assumptions>,
    selection: Res<Selection>,
    overlays: Res<Overlays>,
    recording: Option<Res<crate::viewer::captions::Recording>>,
    mut panels: ResMut<Panels>,
) {
    let m = &mut panels.0;
    let now = clock.now();
    if m.now.is_none() {
        m.time_entry = now.format("%Y-%m-%d %H:%M").to_string();
    }
    m.now = Some(now);
    m.warp = clock.warp;
    m.paused = clock.paused;
    m.visible = overlays.visible;
    let c = &scene.constellation;
    if m.spec.is_none() || scene.is_changed() {
        m.spec = Some(c.spec.clone());
        m.constellation_name = c.display_name();
        m.description = c.spec.description.clone().unwrap_or_default();
        m.preset = c.origin.0.strip_prefix("preset ").map(str::to_owned);
    }
    m.shells = scene
        .fleet
        .shells
        .iter()
        .enumerate()
        .map(|(i, s)| ShellRow {
            name: s.shell.spec.name.clone(),
            satellites: s.range.len() as u64,
            altitude_km: s.shell.spec.altitude_km,
            inclination_deg: s.shell.inclination_rad.to_degrees(),
            visible: !style.hidden_shells.get(i).copied().unwrap_or(false),
            colour: shell_colour(i),
        })
        .collect();
    m.catalogs = scene
        .fleet
        .catalogs
        .iter()
        .map(|c| (c.name.clone(), c.range.len()))
        .collect();
    m.drawn = scene.gpu.instances.len() as u64 + scene.fleet.catalog_satellites.len() as u64;
    m.totals = totals.latest.clone();
    // A recording shows no wall-clock figures (the same inputs, the same frames).
    m.totals_age_s = totals.age_secs().filter(|_| recording.is_none());
    m.refresh_ms = totals.refresh_ms.filter(|_| recording.is_none());
    m.history = totals
        .history
        .iter()
        .map(|s| {
            [
                crate::time::minutes_between(now, s.at) / 60.0,
                s.power_collected_w / 1e9,
            ]
        })
        .collect();
    m.satellite = assumptions.satellite.clone();
    m.fleet = assumptions.fleet.clone();
    m.follow = selection.follow;
    m.details = selection
        .index
        .and_then(|i| details(&scene, &assumptions.satellite, &assumptions.fleet, i, now));
}

fn draw_panels(
    mut contexts: EguiContexts,
    mut panels: ResMut<Panels>,
    file: Res<LayoutFile>,
) -> Result {
    let before = panels.0.layout;
    let ctx = contexts.ctx_mut()?;
    let mut root = bevy_egui::egui::Ui::new(
        ctx.clone(),
        "panels_root".into(),
        bevy_egui::egui::UiBuilder::new()
            .layer_id(bevy_egui::egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    panels::panels_ui(&mut root, &mut panels.0);
    if panels.0.layout != before {
        file.save(&panels.0.layout);
    }
    Ok(())
}

/// Model → world: applies the actions of this frame.
#[allow(clippy::too_many_arguments)]
pub fn apply_actions(
    mut panels: ResMut<Panels>,
    mut clock: ResMut<SimClock>,
    mut scene: ResMut<SceneFleet>,
    mut style: ResMut<SatelliteStyle>,
    mut assumptions: ResMut<Assumptions>,
    mut selection: ResMut<Selection>,
    limit: Res<DrawLimit>,
    frame: Res<crate::viewer::scene::SceneFrame>,
    cameras: Query<&bevy_panorbit_camera::PanOrbitCamera>,
    mut recorder: ResMut<Recorder>,
) {
    poll_recorder(&mut recorder, &mut panels.0);
    let actions = std::mem::take(&mut panels.0.actions);
    for action in actions {
        let m = &mut panels.0;
        match action {
            Action::SetWarp(w) => clock.set_warp(w),
            Action::SetPaused(p) => clock.paused = p,
            Action::SetTime(t) => clock.set(t),
            Action::LoadPreset(name) => match Constellation::from_preset(&name) {
                Ok(c) => replace_scene(
                    c,
                    &mut scene,
                    &mut style,
                    &mut assumptions,
                    &mut selection,
                    m,
                    limit.0,
                ),
                Err(e) => m.message = Some((false, e.to_string())),
            },
            Action::OpenFile(path) => open_file(
                &path,
                &mut scene,
                &mut style,
                &mut assumptions,
                &mut selection,
                m,
                limit.0,
            ),
            Action::OpenText(name, text) => {
                match Constellation::from_text(&text, Origin(name), None) {
                    Ok(c) => replace_scene(
                        c,
                        &mut scene,
                        &mut style,
                        &mut assumptions,
                        &mut selection,
                        m,
                        limit.0,
                    ),
                    Err(e) => m.message = Some((false, e.to_string())),
                }
            }
            Action::SaveFile(path, overwrite) => {
                let mut spec = scene.constellation.spec.clone();
                spec.satellite = assumptions.satellite.clone();
                spec.fleet = assumptions.fleet.clone();
                m.message = Some(save_file(&path, &spec.to_toml(), overwrite));
            }
            Action::ApplyShell(index, shell) => {
                let mut c = (*scene.constellation).clone();
                if index < c.spec.shells.len() {
                    c.spec.shells[index] = shell;
                }
                match check_constellation(&c.spec, "", &c.origin) {
                    Ok(()) => {
                        let hidden = style.hidden_shells.clone();
                        replace_scene(
                            c,
                            &mut scene,
                            &mut style,
                            &mut assumptions,
                            &mut selection,
                            m,
                            limit.0,
                        );
                        style.hidden_shells = hidden;
                        m.message = Some((true, "shell rebuilt".into()));
                    }
                    Err(e) => m.message = Some((false, e.to_string())),
                }
            }
            Action::SetShellVisible(i, visible) => {
                if style.hidden_shells.len() <= i {
                    style.hidden_shells.resize(i + 1, false);
                }
                style.hidden_shells[i] = !visible;
            }
            Action::SetAssumptions(satellite, fleet) => {
                if satellite.check().is_ok() && fleet.check().is_ok() {
                    assumptions.satellite = satellite;
                    assumptions.fleet = fleet;
                    assumptions.generation += 1;
                }
            }
            Action::ResetAssumptions => {
                assumptions.satellite = Default::default();
                assumptions.fleet = Default::default();
                assumptions.generation += 1;
            }
            Action::Follow(follow) => selection.follow = follow && selection.index.is_some(),
            Action::Upload => {
                #[cfg(target_arch = "wasm32")]
                crate::web::pick_file();
            }
            Action::ShareLink => {
                #[cfg(target_arch = "wasm32")]
                {
                    m.share_link = Some(crate::web::share_link(
                        m.preset.as_deref(),
                        clock.now(),
                        clock.warp,
                        clock.paused,
                        limit.0,
                    ));
                }
            }
            Action::Record(request) => {
                let camera = cameras.iter().next();
                let sun = frame.sun_dir_world;
                let sun_yaw = sun.x.atan2(sun.z);
                let (yaw, pitch, radius) = camera.map_or((0.7, 0.35, 38_000.0), |c| {
                    (c.target_yaw - sun_yaw, c.target_pitch, c.target_radius)
                });
                let script = crate::viewer::script::ShotScript::still(
                    f64::from(yaw).to_degrees(),
                    f64::from(pitch).to_degrees(),
                    f64::from(radius),
                    clock.warp,
                    selection.follow.then_some(selection.index).flatten(),
                );
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
                m.record_status = Some(start_recording(
                    &mut recorder,
                    &request,
                    &spec,
                    &script,
                    &catalogs,
                    clock.now(),
                    limit.0,
                ));
            }
            Action::Deselect => *selection = Selection::default(),
        }
    }
}

/// Starts `megaconstellation record` in a child process with the current
/// constellation, time and view.
#[allow(clippy::too_many_arguments)]
fn start_recording(
    recorder: &mut Recorder,
    request: &model::RecordRequest,
    spec: &crate::constellation::ConstellationSpec,
    script: &crate::viewer::script::ShotScript,
    catalogs: &[String],
    at: chrono::DateTime<chrono::Utc>,
    limit: Option<usize>,
) -> (bool, String) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        if recorder.child.is_some() {
            return (false, "a recording is already running".into());
        }
        let dir =
            std::env::temp_dir().join(format!("megaconstellation-record-{}", std::process::id()));
        let written = std::fs::create_dir_all(&dir).and_then(|()| {
            std::fs::write(dir.join("constellation.toml"), spec.to_toml())?;
            std::fs::write(dir.join("shot.toml"), script_toml(script))
        });
        if let Err(e) = written {
            return (
                false,
                format!("cannot prepare the recording in {}: {e}", dir.display()),
            );
        }
        let Some(exe) = recorder
            .exe
            .clone()
            .or_else(|| std::env::current_exe().ok())
        else {
            return (false, "cannot find this program to record with".into());
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
        match command.spawn() {
            Ok(child) => {
                recorder.child = Some((child, request.path.clone()));
                (true, format!("recording to {} …", request.path))
            }
            Err(e) => (false, format!("cannot start the recording: {e}")),
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        let _ = (recorder, request, spec, script, catalogs, at, limit);
        (false, "recording is not available in the browser".into())
    }
}

/// The shot script of a still view, as TOML.
#[cfg(not(target_arch = "wasm32"))]
fn script_toml(script: &crate::viewer::script::ShotScript) -> String {
    let k = &script.keys[0];
    let follow = k
        .follow
        .map_or(String::new(), |f| format!("follow = {f}\n"));
    format!(
        "# The viewer's view when Record was pressed.\n[[key]]\nat_s = 0\nyaw_deg = {}\npitch_deg = {}\ndistance_km = {}\nwarp = {}\npanels = true\n{follow}",
        k.yaw_deg, k.pitch_deg, k.distance_km, k.warp
    )
}

/// Reports when the recording started by the button ends.
fn poll_recorder(recorder: &mut Recorder, m: &mut PanelModel) {
    #[cfg(not(target_arch = "wasm32"))]
    if let Some((child, path)) = recorder.child.as_mut()
        && let Ok(Some(status)) = child.try_wait()
    {
        let mut stderr = String::new();
        if let Some(mut e) = child.stderr.take() {
            use std::io::Read;
            let _ = e.read_to_string(&mut stderr);
        }
        m.record_status = Some(if status.success() {
            (true, format!("saved {path}"))
        } else {
            let last = stderr
                .lines()
                .rev()
                .find(|l| l.starts_with("error"))
                .unwrap_or("failed")
                .to_owned();
            (false, last)
        });
        recorder.child = None;
    }
    #[cfg(target_arch = "wasm32")]
    let _ = (recorder, m);
}

/// Puts a new constellation on screen, keeping the draw limit.
fn replace_scene(
    constellation: Constellation,
    scene: &mut SceneFleet,
    style: &mut SatelliteStyle,
    assumptions: &mut Assumptions,
    selection: &mut Selection,
    m: &mut PanelModel,
    limit: Option<usize>,
) {
    let generation = scene.generation + 1;
    match SceneFleet::new(constellation, limit) {
        Ok(mut next) => {
            next.generation = generation;
            assumptions.satellite = next.constellation.spec.satellite.clone();
            assumptions.fleet = next.constellation.spec.fleet.clone();
            assumptions.generation += 1;
            style.hidden_shells.clear();
            *selection = Selection::default();
            m.editing = None;
            m.message = None;
            *scene = next;
        }
        Err(e) => m.message = Some((false, e.to_string())),
    }
}

fn open_file(
    path: &str,
    scene: &mut SceneFleet,
    style: &mut SatelliteStyle,
    assumptions: &mut Assumptions,
    selection: &mut Selection,
    m: &mut PanelModel,
    limit: Option<usize>,
) {
    #[cfg(not(target_arch = "wasm32"))]
    match Constellation::from_file(std::path::Path::new(path.trim())) {
        Ok(c) => replace_scene(c, scene, style, assumptions, selection, m, limit),
        Err(e) => m.message = Some((false, e.to_string())),
    }
    #[cfg(target_arch = "wasm32")]
    {
        let _ = (path, scene, style, assumptions, selection, limit);
        m.message = Some((false, "in the browser, upload a file instead".into()));
    }
}

/// Writes `text` to `path` unless it exists and `overwrite` is off.
pub fn save_file(path: &str, text: &str, overwrite: bool) -> (bool, String) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let path = path.trim();
        if path.is_empty() {
            return (false, "type a file name to save to".into());
        }
        let p = std::path::Path::new(path);
        if p.exists() && !overwrite {
            return (
                false,
                format!("{path} exists; tick \"overwrite\" to replace it"),
            );
        }
        match std::fs::write(p, text) {
            Ok(()) => (true, format!("saved {path}")),
            Err(e) => (false, format!("{path}: cannot write: {e}")),
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        let _ = (path, text, overwrite);
        (false, "saving is not available in the browser".into())
    }
}
