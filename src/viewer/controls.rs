//! Keys and the help overlay: space pauses, `+`/`-` change the warp, `H`
//! hides the overlays, `F12` saves a screenshot, `1`-`4` pick a view, `C`
//! colours by shell, `?`/`F1` shows the keys.

use super::camera::{View, go_to_view};
use super::clock::SimClock;
use super::scene::{SatelliteStyle, SceneFrame};
use bevy::prelude::*;
#[cfg(not(target_arch = "wasm32"))]
#[cfg(not(target_arch = "wasm32"))]
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use bevy_egui::{EguiContexts, egui};
use bevy_panorbit_camera::PanOrbitCamera;

/// What is drawn over the scene.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct Overlays {
    /// All overlays (help, status, later the panels); `H` toggles.
    pub visible: bool,
    /// The list of keys.
    pub help: bool,
}

impl Default for Overlays {
    fn default() -> Self {
        Self {
            visible: true,
            help: false,
        }
    }
}

/// The keys, for the help overlay and README.
pub const KEYS: [(&str, &str); 13] = [
    ("drag / right-drag / wheel", "orbit / pan / zoom"),
    ("Space", "pause or run the clock"),
    ("+ / -", "faster / slower (negative runs backwards)"),
    ("0", "real time (warp 1)"),
    ("N", "jump to now"),
    (
        "1 2 3 4",
        "views: whole Earth, terminator, pole, close to a shell",
    ),
    ("C", "colour satellites by shell / by sunlight"),
    ("click / F", "inspect a satellite / follow it"),
    ("[ / ]", "smaller / larger satellite points"),
    ("H", "hide or show overlays"),
    ("F12", "save a screenshot (PNG in the working folder)"),
    ("? or F1", "this help"),
    ("Esc", "quit"),
];

/// Handles the keys (skipped while egui has the keyboard).
#[allow(clippy::too_many_arguments)]
pub fn handle_keys(
    keys: Res<ButtonInput<KeyCode>>,
    mut clock: ResMut<SimClock>,
    mut overlays: ResMut<Overlays>,
    mut style: ResMut<SatelliteStyle>,
    frame: Res<SceneFrame>,
    mut cameras: Query<&mut PanOrbitCamera>,
    mut selection: ResMut<super::picking::Selection>,
    mut commands: Commands,
    mut exit: MessageWriter<AppExit>,
    egui_input: Option<Res<bevy_egui::input::EguiWantsInput>>,
) {
    if egui_input.is_some_and(|e| e.wants_any_keyboard_input()) {
        return;
    }
    if keys.just_pressed(KeyCode::Space) {
        clock.paused = !clock.paused;
    }
    if keys.any_just_pressed([KeyCode::Equal, KeyCode::NumpadAdd]) {
        clock.warp_up();
    }
    if keys.any_just_pressed([KeyCode::Minus, KeyCode::NumpadSubtract]) {
        clock.warp_down();
    }
    if keys.any_just_pressed([KeyCode::Digit0, KeyCode::Numpad0]) {
        clock.set_warp(1.0);
    }
    if keys.just_pressed(KeyCode::KeyN) {
        clock.set(chrono::Utc::now());
    }
    if keys.just_pressed(KeyCode::KeyH) {
        overlays.visible = !overlays.visible;
    }
    if keys.just_pressed(KeyCode::F1)
        || (keys.just_pressed(KeyCode::Slash)
            && keys.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight]))
    {
        overlays.help = !overlays.help;
    }
    if keys.just_pressed(KeyCode::KeyF) && selection.index.is_some() {
        selection.follow = !selection.follow;
    }
    if keys.just_pressed(KeyCode::KeyC) {
        style.by_shell = !style.by_shell;
    }
    if keys.just_pressed(KeyCode::BracketLeft) {
        style.point_size_px = (style.point_size_px - 0.5).max(1.0);
    }
    if keys.just_pressed(KeyCode::BracketRight) {
        style.point_size_px = (style.point_size_px + 0.5).min(8.0);
    }
    for (key, view) in [
        (KeyCode::Digit1, View::WholeEarth),
        (KeyCode::Digit2, View::Terminator),
        (KeyCode::Digit3, View::Pole),
        (KeyCode::Digit4, View::CloseToShell),
    ] {
        if keys.just_pressed(key) {
            for mut camera in &mut cameras {
                go_to_view(&mut camera, view, frame.sun_dir_world);
            }
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    if keys.just_pressed(KeyCode::F12) {
        let path = format!(
            "megaconstellation-{}.png",
            chrono::Utc::now().format("%Y%m%d-%H%M%S")
        );
        info!("saving a screenshot to {path}");
        commands
            .spawn(Screenshot::primary_window())
            .observe(save_to_disk(path));
    }
    #[cfg(target_arch = "wasm32")]
    let _ = &mut commands;
    if keys.just_pressed(KeyCode::Escape) {
        exit.write(AppExit::Success);
    }
}

/// Stops the camera from reacting to the mouse while it is over a panel.
pub fn gate_camera_input(
    egui_input: Option<Res<bevy_egui::input::EguiWantsInput>>,
    mut cameras: Query<&mut PanOrbitCamera>,
) {
    let blocked = egui_input.is_some_and(|e| e.wants_any_pointer_input());
    for mut camera in &mut cameras {
        if camera.enabled == blocked {
            camera.enabled = !blocked;
        }
    }
}

/// The status line and the help overlay.
pub fn overlay_ui(
    mut contexts: EguiContexts,
    overlays: Res<Overlays>,
    clock: Res<SimClock>,
    frame: Res<SceneFrame>,
    scene: Res<super::scene::SceneFleet>,
) -> Result {
    if !overlays.visible {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    egui::Area::new(egui::Id::new("status"))
        .anchor(egui::Align2::CENTER_BOTTOM, [0.0, -10.0])
        .interactable(false)
        .show(ctx, |ui| {
            let warp = if clock.paused {
                "paused".to_owned()
            } else {
                format!("{}×", clock.warp)
            };
            ui.add(
                egui::Label::new(
                    egui::RichText::new(format!(
                        "{}   {}   {} satellites drawn of {}   ? for keys",
                        clock.now().format("%Y-%m-%d %H:%M:%S UTC"),
                        warp,
                        crate::units::grouped(u64::from(frame.drawn)),
                        crate::units::grouped(scene.fleet.len() as u64),
                    ))
                    .color(egui::Color32::from_gray(200))
                    .monospace(),
                )
                .wrap_mode(egui::TextWrapMode::Extend),
            );
        });
    if overlays.help {
        egui::Window::new("Keys")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui| {
                egui::Grid::new("keys").striped(true).show(ui, |ui| {
                    for (key, what) in KEYS {
                        ui.label(egui::RichText::new(key).strong().monospace());
                        ui.label(what);
                        ui.end_row();
                    }
                });
            });
    }
    Ok(())
}
