//! The Find panel: a field that takes a shell's name, `shell/plane/slot`, a
//! catalogue object's name or a NORAD number, the matches listed as the
//! user types (answered from the constellation's index, not by walking its
//! satellites), Enter or a click selecting one and flying to it; `/` puts
//! the keyboard here.

use crate::find::MAX_MATCHES;
use crate::viewer::ui::model::{Action, PanelModel};
use bevy_egui::egui;

/// The Find panel.
pub fn find_panel_ui(ui: &mut egui::Ui, m: &mut PanelModel) {
    let field = ui
        .add(
            egui::TextEdit::singleline(&mut m.find.entry)
                .hint_text("sso-525/12/341, a name or a NORAD number")
                .desired_width(260.0),
        )
        .on_hover_text("a shell, shell/plane/slot, a catalogue object's name or NORAD number (/)");
    if m.find.focus {
        field.request_focus();
        m.find.focus = false;
    }
    if m.find.entry != m.find.searched {
        m.find.matches = m
            .find
            .index
            .as_ref()
            .map(|i| i.find(&m.find.entry, MAX_MATCHES))
            .unwrap_or_default();
        m.find.searched = m.find.entry.clone();
    }
    let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if enter && let Some(first) = m.find.matches.first() {
        m.actions.push(Action::SelectSatellite(first.index));
    }
    let mut chosen = None;
    for f in &m.find.matches {
        if ui.selectable_label(false, f.label.as_str()).clicked() {
            chosen = Some(f.index);
        }
    }
    if let Some(i) = chosen {
        m.actions.push(Action::SelectSatellite(i));
    }
    if !m.find.entry.trim().is_empty() && m.find.matches.is_empty() {
        ui.colored_label(
            egui::Color32::from_rgb(255, 120, 100),
            format!("nothing is called `{}`", m.find.entry.trim()),
        );
    }
}
