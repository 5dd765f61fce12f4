//! Small pieces the panels share: status lines, the totals' age, and the
//! record of where buttons were drawn.

use crate::viewer::messages::Status;
use crate::viewer::ui::model::PanelModel;
use bevy_egui::egui;

/// A status line: green when done, grey while working, red on failure.
pub fn status_ui(ui: &mut egui::Ui, status: &Status) {
    let colour = match status {
        Status::Done(_) => egui::Color32::LIGHT_GREEN,
        Status::Working(_) => egui::Color32::LIGHT_GRAY,
        Status::Failed(_) => egui::Color32::LIGHT_RED,
    };
    ui.colored_label(colour, status.to_string());
}

/// Notes where a button was drawn (the browser build publishes these).
pub fn note_control(m: &mut PanelModel, label: &'static str, response: &egui::Response) {
    let r = response.rect;
    m.controls
        .push((label, [r.min.x, r.min.y, r.width(), r.height()]));
}

/// When the totals were computed, how long ago and how long they took.
pub fn age_ui(ui: &mut egui::Ui, m: &PanelModel, t: &crate::totals::FleetTotals) {
    let age = m
        .totals_age_s
        .map_or(String::new(), |a| format!(", {a:.1} s ago"));
    let took = m
        .refresh_ms
        .map_or(String::new(), |ms| format!(" in {ms:.0} ms"));
    ui.label(
        egui::RichText::new(format!("at {}{age}{took}", t.at.format("%H:%M:%S UTC")))
            .small()
            .weak(),
    )
    .on_hover_text("Exact per satellite, computed off the frame: the same numbers `report` prints");
}

/// Coloured squares with their labels.
pub fn legend_ui<'a>(
    ui: &mut egui::Ui,
    id: &str,
    rows: impl Iterator<Item = (&'a str, egui::Color32)>,
) {
    egui::Grid::new(id).num_columns(2).show(ui, |ui| {
        for (label, colour) in rows {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, colour);
            ui.small(label);
            ui.end_row();
        }
    });
}
