//! The Record section: a video of the current view, rendered off-screen in
//! a separate process while the viewer keeps running.

use super::widgets::status_ui;
use crate::viewer::ui::model::{Action, PanelModel};
use bevy_egui::egui;

/// Records the current view to a file, in a separate process (the same
/// `record` machinery), while the viewer keeps running.
pub fn record_panel_ui(ui: &mut egui::Ui, m: &mut PanelModel) {
    let r = &mut m.record;
    egui::Grid::new("record").num_columns(2).show(ui, |ui| {
        let label = ui.label("Seconds");
        ui.add(
            egui::DragValue::new(&mut r.duration_s)
                .range(0.5..=600.0)
                .speed(0.5),
        )
        .labelled_by(label.id);
        ui.end_row();
        let label = ui.label("Frames per second");
        ui.add(egui::DragValue::new(&mut r.fps).range(1.0..=120.0))
            .labelled_by(label.id);
        ui.end_row();
        ui.label("Size");
        egui::ComboBox::from_id_salt("record_size")
            .selected_text(format!("{}×{}", r.width, r.height))
            .show_ui(ui, |ui| {
                for (w, h) in [(1280, 720), (1920, 1080), (3840, 2160)] {
                    if ui
                        .selectable_label(r.width == w, format!("{w}×{h}"))
                        .clicked()
                    {
                        (r.width, r.height) = (w, h);
                    }
                }
            });
        ui.end_row();
        ui.label("To");
        ui.add(egui::TextEdit::singleline(&mut r.path).desired_width(170.0))
            .on_hover_text("a folder for PNG frames, or a file ending in .mp4 (needs ffmpeg)");
        ui.end_row();
    });
    ui.checkbox(&mut r.ui, "with the panels");
    let button = ui
        .add_enabled(!m.recording, egui::Button::new("Record"))
        .on_hover_text("Render the current view, frame by frame, off-screen")
        .on_disabled_hover_text("a recording is running");
    if button.clicked() {
        m.actions.push(Action::Record(m.record.clone()));
    }
    if let Some(status) = &m.record_status {
        status_ui(ui, status);
    }
}
