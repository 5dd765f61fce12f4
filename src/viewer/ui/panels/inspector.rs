//! The Satellite panel: the selected satellite's place, motion, sunlight
//! and power, and following it.

use crate::shadow::Illumination;
use crate::units::{grouped, si};
use crate::viewer::ui::model::{Action, PanelModel};
use bevy_egui::egui;

/// The selected satellite.
pub fn inspector_ui(ui: &mut egui::Ui, m: &mut PanelModel) {
    let Some(d) = m.details.clone() else {
        ui.label("Click a satellite to inspect it.");
        return;
    };
    egui::Grid::new("inspector").num_columns(2).show(ui, |ui| {
        ui.label("Group");
        ui.label(&d.group);
        ui.end_row();
        ui.label("Where");
        ui.label(&d.place);
        ui.end_row();
        ui.label("Index");
        ui.label(grouped(d.index as u64));
        ui.end_row();
        ui.label("Altitude");
        ui.label(format!("{:.1} km", d.altitude_km));
        ui.end_row();
        ui.label("Latitude, longitude");
        ui.label(format!("{:.3}°, {:.3}°", d.latitude_deg, d.longitude_deg));
        ui.end_row();
        ui.label("Speed");
        ui.label(format!("{:.3} km/s", d.speed_km_s));
        ui.end_row();
        ui.label("Sunlight");
        ui.label(match d.illumination {
            Illumination::Lit => "lit".to_owned(),
            Illumination::Penumbra(f) => format!("penumbra, {:.0} % of the Sun", 100.0 * f),
            Illumination::Umbra => "umbra".to_owned(),
        });
        ui.end_row();
        ui.label("Power now");
        ui.label(si(d.power_w, "W"));
        ui.end_row();
    });
    ui.horizontal(|ui| {
        let mut follow = m.follow;
        if ui.checkbox(&mut follow, "Follow (F)").changed() {
            m.actions.push(Action::Follow(follow));
        }
        if ui.button("Clear").clicked() {
            m.actions.push(Action::Deselect);
        }
    });
}
