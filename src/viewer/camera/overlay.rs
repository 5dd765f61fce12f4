//! What is drawn over the scene: the status line and the help window
//! listing the keys.

use crate::viewer::clock::SimClock;
use crate::viewer::scene::filter::FilterCount;
use crate::viewer::scene::fleet::SceneFleet;
use crate::viewer::scene::frame::SceneFrame;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

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

/// The keys, for the help overlay and README: those of the browser build
/// when `web` (no screenshot key, and Esc does not quit a page).
pub fn key_help(web: bool) -> Vec<(&'static str, &'static str)> {
    let mut keys = vec![
        ("drag / right-drag / wheel", "orbit / pan / zoom"),
        ("Space", "pause or run the clock"),
        ("+ / -", "faster / slower (negative runs backwards)"),
        ("0", "real time (warp 1)"),
        ("N", "jump to now"),
        (
            "1 2 3 4",
            "views: whole Earth, terminator, pole, close to a shell",
        ),
        (
            "C",
            "the next colour mode (sunlight, shell, altitude, power, speed, brightness, close approaches)",
        ),
        ("click / F", "inspect a satellite / follow it"),
        (
            "T",
            "the selection's ground track and footprint (space view)",
        ),
        (
            "/",
            "find a satellite (shell/plane/slot, a name, a NORAD number)",
        ),
        ("[ / ]", "smaller / larger satellite points"),
        ("H", "hide or show overlays"),
        ("O", "the sky from the site (observer's view) / space"),
        (
            "V",
            "observer: all-sky / perspective (drag looks, wheel zooms)",
        ),
        ("G / E", "observer: alt-az grid / trails over an exposure"),
        (
            "M",
            "the impact map on the globe (sunlit satellites above 30°)",
        ),
        ("? or F1", "this help"),
    ];
    if web {
        keys.push(("Esc", "close this help, or clear the selection"));
    } else {
        keys.push(("F12", "save a screenshot (PNG in the working folder)"));
        keys.push(("Esc", "close this help, clear the selection, or quit"));
    }
    keys
}

/// The status line and the help overlay.
pub fn overlay_ui(
    mut contexts: EguiContexts,
    overlays: Res<Overlays>,
    clock: Res<SimClock>,
    frame: Res<SceneFrame>,
    scene: Res<SceneFleet>,
    filters: Option<Res<FilterCount>>,
    area: Option<Res<super::area::FreeArea>>,
) -> Result {
    // With a filter on: how many it shows, once counted.
    let shown = filters.and_then(|f| f.shown).map(|(n, _)| n);
    if !overlays.visible {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    // Under the scene, between the docks: its own strip, kept dark.
    let window = ctx.content_rect();
    let area = area.map(|a| *a).unwrap_or_default();
    let free = area.free_or(window);
    let scene_rect = area.scene_or(window);
    if scene_rect.max.y < free.max.y {
        ctx.layer_painter(egui::LayerId::background()).rect_filled(
            egui::Rect::from_min_max(egui::pos2(free.min.x, scene_rect.max.y), free.max),
            0.0,
            egui::Color32::BLACK,
        );
    }
    egui::Area::new(egui::Id::new("status"))
        .pivot(egui::Align2::CENTER_BOTTOM)
        .fixed_pos(free.center_bottom() + egui::vec2(0.0, -6.0))
        .interactable(false)
        .show(ctx, |ui| {
            let warp = if clock.paused {
                "paused".to_owned()
            } else {
                format!("{}×", clock.warp)
            };
            let (drawn, total) = (
                crate::units::grouped(u64::from(frame.drawn)),
                crate::units::grouped(scene.fleet.len() as u64),
            );
            let count = match shown {
                Some(n) => format!(
                    "{} shown (filters) of {drawn} drawn, {total} satellites",
                    crate::units::grouped(n)
                ),
                None => format!("{drawn} satellites drawn of {total}"),
            };
            ui.add(
                egui::Label::new(
                    egui::RichText::new(format!(
                        "{}   {}   {count}   ? for keys",
                        clock.now().format("%Y-%m-%d %H:%M:%S UTC"),
                        warp,
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
                    for (key, what) in key_help(cfg!(target_arch = "wasm32")) {
                        ui.label(egui::RichText::new(key).strong().monospace());
                        ui.label(what);
                        ui.end_row();
                    }
                });
            });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_help_lists_no_quit_and_no_screenshot() {
        let web = key_help(true);
        assert!(web.iter().all(|(k, w)| *k != "F12" && !w.contains("quit")));
        assert!(web.iter().any(|(k, _)| *k == "Esc"));
        let native = key_help(false);
        assert!(native.iter().any(|(k, _)| *k == "F12"));
        assert!(
            native
                .iter()
                .any(|(k, w)| *k == "Esc" && w.contains("quit"))
        );
    }
}
