//! The Record section: a video of the current view, rendered off-screen in
//! a separate process while the viewer keeps running.

use super::widgets::status_ui;
use crate::viewer::ui::model::{Action, PanelModel, RecordRequest};
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
        if output_exists(&m.record.path) {
            m.record_confirm = Some(m.record.clone());
        } else {
            m.actions.push(Action::Record(m.record.clone()));
        }
    }
    if m.recording
        && ui
            .button("Stop recording")
            .on_hover_text("Stop after the frame in progress; what was written stays whole")
            .clicked()
    {
        m.actions.push(Action::CancelRecording);
    }
    if let Some(request) = m.record_confirm.clone() {
        ui.colored_label(
            egui::Color32::LIGHT_YELLOW,
            format!("{} holds a recording already.", request.path),
        );
        ui.horizontal(|ui| {
            if ui.button("Replace it").clicked() {
                m.actions.push(Action::Record(RecordRequest {
                    overwrite: true,
                    ..request
                }));
                m.record_confirm = None;
            }
            if ui.button("Keep it").clicked() {
                m.record_confirm = None;
            }
        });
    }
    if let Some(status) = &m.record_status {
        status_ui(ui, status);
    }
}

/// Whether a recording to `path` would replace something: an MP4 file, or
/// frames in the folder (what `record` refuses without `--overwrite`).
fn output_exists(path: &str) -> bool {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let p = std::path::Path::new(path.trim());
        if p.is_dir() {
            std::fs::read_dir(p)
                .into_iter()
                .flatten()
                .flatten()
                .any(|e| {
                    e.file_name()
                        .to_str()
                        .is_some_and(|n| n.starts_with("frame_") && n.ends_with(".png"))
                })
        } else {
            p.exists()
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        let _ = path;
        false
    }
}
