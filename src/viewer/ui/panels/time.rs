//! The Time panel: UTC, a typed time, the warp, pause, now, and the next
//! equinox or solstice.

use crate::seasons::next_season;
use crate::viewer::clock::{WARP_STEPS, step_warp};
use crate::viewer::ui::model::{Action, PanelModel, parse_typed_time};
use bevy_egui::egui;

/// The clock: UTC, typed time, warp, pause, now, next equinox or solstice.
pub fn time_panel_ui(ui: &mut egui::Ui, m: &mut PanelModel) {
    let Some(now) = m.now else { return };
    ui.label(
        egui::RichText::new(now.format("%Y-%m-%d %H:%M:%S UTC").to_string())
            .monospace()
            .size(18.0),
    );
    ui.horizontal(|ui| {
        let label = if m.paused { "Run" } else { "Pause" };
        if ui.button(label).clicked() {
            m.actions.push(Action::SetPaused(!m.paused));
        }
        if ui
            .button("Now")
            .on_hover_text("Jump to the current UTC time")
            .clicked()
        {
            m.actions.push(Action::SetTime(chrono::Utc::now()));
        }
        let (season, when) = next_season(now);
        if ui
            .button(format!("Next {}", season.label()))
            .on_hover_text(when.format("%Y-%m-%d %H:%M UTC").to_string())
            .clicked()
        {
            m.actions.push(Action::SetTime(when));
        }
    });
    ui.horizontal(|ui| {
        ui.label("Warp");
        if ui.button("−").on_hover_text("Slower (key -)").clicked() {
            m.actions.push(Action::SetWarp(step_warp(m.warp, -1)));
        }
        let mut index = WARP_STEPS
            .iter()
            .position(|&w| (w - m.warp).abs() < 1e-9)
            .unwrap_or(10) as i32;
        let label = format!("{}×", m.warp);
        let slider = egui::Slider::new(&mut index, 0..=(WARP_STEPS.len() as i32 - 1))
            .show_value(false)
            .text(label);
        if ui.add(slider).changed() {
            m.actions.push(Action::SetWarp(WARP_STEPS[index as usize]));
        }
        if ui.button("+").on_hover_text("Faster (key +)").clicked() {
            m.actions.push(Action::SetWarp(step_warp(m.warp, 1)));
        }
    });
    ui.horizontal(|ui| {
        let edit = ui.add(
            egui::TextEdit::singleline(&mut m.time_entry)
                .hint_text("2026-06-21 08:24")
                .desired_width(150.0),
        );
        let go = ui.button("Go to time").clicked();
        if go || (edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))) {
            match parse_typed_time(&m.time_entry) {
                Ok(t) => {
                    m.time_error = None;
                    m.actions.push(Action::SetTime(t));
                }
                Err(e) => m.time_error = Some(e),
            }
        }
    });
    if let Some(e) = &m.time_error {
        ui.colored_label(egui::Color32::LIGHT_RED, e.to_string());
    }
}
