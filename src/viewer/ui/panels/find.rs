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
    filters_ui(ui, m);
}

/// Show only what matches: altitude and inclination ranges, the light,
/// the constellation or the catalogues (with the shell table's ticks).
fn filters_ui(ui: &mut egui::Ui, m: &mut PanelModel) {
    let mut f = m.filters.clone();
    ui.label(egui::RichText::new("Show only").small());
    range_ui(
        ui,
        "Altitude (km)",
        &mut f.altitude_km,
        (500.0, 1_000.0),
        0.0..=50_000.0,
    );
    range_ui(
        ui,
        "Inclination (°)",
        &mut f.inclination_deg,
        (50.0, 60.0),
        0.0..=180.0,
    );
    ui.horizontal(|ui| {
        ui.checkbox(&mut f.sunlit, "in sunlight");
        ui.checkbox(&mut f.penumbra, "in penumbra");
        ui.checkbox(&mut f.umbra, "in umbra");
    });
    ui.horizontal(|ui| {
        ui.checkbox(&mut f.constellation, "own satellites");
        ui.checkbox(&mut f.catalogue, "catalogue objects");
    });
    if f.active() {
        ui.horizontal(|ui| {
            let shown = m
                .shown
                .map_or("counting…".to_owned(), crate::units::grouped);
            ui.label(format!(
                "{shown} shown of {} drawn",
                crate::units::grouped(m.drawn)
            ));
            if ui.button("Show all").clicked() {
                f = Default::default();
            }
        });
    }
    if f != m.filters {
        // Shown at once; the app's settings come back next frame.
        m.filters = f.clone();
        m.actions.push(Action::SetFilters(f));
    }
}

/// A range filter: a tick to use it, then its least and most.
fn range_ui(
    ui: &mut egui::Ui,
    label: &str,
    range: &mut Option<(f64, f64)>,
    first: (f64, f64),
    limits: std::ops::RangeInclusive<f64>,
) {
    ui.horizontal(|ui| {
        let mut on = range.is_some();
        if ui.checkbox(&mut on, label).changed() {
            *range = on.then_some(first);
        }
        if let Some((lo, hi)) = range {
            ui.add(egui::DragValue::new(lo).range(limits.clone()).speed(1.0));
            ui.label("to");
            ui.add(egui::DragValue::new(hi).range(limits).speed(1.0));
            if *lo > *hi {
                std::mem::swap(lo, hi);
            }
        }
    });
}
