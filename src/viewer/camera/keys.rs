//! The keys: space pauses, `+`/`-` change the warp, `H` hides the
//! overlays, `F12` saves a screenshot (native), `1`-`4` pick a view, `C`
//! cycles the colours, `/` goes to the Find field, `?`/`F1` shows the keys,
//! Esc closes the help, clears the selection, or (native) quits.

use super::overlay::Overlays;
use super::views::{View, go_to_view};
use crate::viewer::clock::SimClock;
use crate::viewer::messages::Action;
use crate::viewer::picking::Selection;
use crate::viewer::scene::frame::{SatelliteStyle, SceneFrame};
use bevy::prelude::*;
#[cfg(not(target_arch = "wasm32"))]
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use bevy_panorbit_camera::PanOrbitCamera;

/// Handles the keys (skipped while egui has the keyboard).
#[allow(clippy::too_many_arguments)]
pub fn handle_keys(
    keys: Res<ButtonInput<KeyCode>>,
    mut clock: ResMut<SimClock>,
    mut overlays: ResMut<Overlays>,
    mut style: ResMut<SatelliteStyle>,
    frame: Res<SceneFrame>,
    mut cameras: Query<&mut PanOrbitCamera>,
    mut selection: ResMut<Selection>,
    mut commands: Commands,
    #[cfg_attr(target_arch = "wasm32", allow(unused_mut, unused_variables))]
    mut exit: MessageWriter<AppExit>,
    egui_input: Option<Res<bevy_egui::input::EguiWantsInput>>,
    (safety, mut actions): (
        Option<Res<crate::viewer::safety::live::SafetyLive>>,
        MessageWriter<Action>,
    ),
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
    let shift = keys.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight]);
    if keys.just_pressed(KeyCode::F1) || (keys.just_pressed(KeyCode::Slash) && shift) {
        overlays.help = !overlays.help;
    } else if keys.just_pressed(KeyCode::Slash) {
        actions.write(Action::FocusFind);
    }
    if keys.just_pressed(KeyCode::KeyF) && selection.index.is_some() {
        selection.follow = !selection.follow;
    }
    if keys.just_pressed(KeyCode::KeyC) {
        // Every colour mode in turn; close approaches once a day is screened.
        let screened = safety.is_some_and(|s| s.latest.is_some());
        style.colour_by = style.colour_by.next(screened);
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
        match escape(overlays.help, selection.index.is_some()) {
            Escape::CloseHelp => overlays.help = false,
            Escape::Deselect => *selection = Selection::default(),
            Escape::Quit => {
                exit.write(AppExit::Success);
            }
            Escape::Nothing => {}
        }
    }
}

/// What Esc does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    /// Close the help window.
    CloseHelp,
    /// Drop the selection.
    Deselect,
    /// Quit the app (native only: a page has no "quit").
    Quit,
    /// Nothing (in the browser, with no help and no selection).
    Nothing,
}

/// Esc closes the help first, then drops the selection; on native it then
/// quits. In the browser it never stops the app.
pub fn escape(help_open: bool, selected: bool) -> Escape {
    if help_open {
        Escape::CloseHelp
    } else if selected {
        Escape::Deselect
    } else if cfg!(target_arch = "wasm32") {
        Escape::Nothing
    } else {
        Escape::Quit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_closes_help_then_selection_then_quits_on_native() {
        assert_eq!(escape(true, true), Escape::CloseHelp);
        assert_eq!(escape(false, true), Escape::Deselect);
        assert_eq!(escape(false, false), Escape::Quit);
    }
}
