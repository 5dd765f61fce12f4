//! The Satellite panel: the selected satellite's place, motion, sunlight
//! and power, and following it.

use crate::shadow::Illumination;
use crate::units::{grouped, si};
use crate::viewer::ground::{FOOTPRINT_GATEWAY, FOOTPRINT_SKY, TRACK_AHEAD, TRACK_BEHIND};
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
    let mut track = m.ground_track;
    if ui
        .checkbox(&mut track, "Ground track and footprint (T)")
        .changed()
    {
        m.actions.push(Action::SetGroundTrack(track));
    }
    if m.ground_track {
        let gateway = format!("seen above {:.0}° (gateways)", m.gateway_elevation_deg);
        for (colour, what) in [
            (TRACK_AHEAD, "track, the orbit ahead"),
            (TRACK_BEHIND, "track, the orbit behind"),
            (FOOTPRINT_GATEWAY, gateway.as_str()),
            (FOOTPRINT_SKY, "seen above 30° (the sky's count)"),
        ] {
            ui.horizontal(|ui| {
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(18.0, 10.0), egui::Sense::hover());
                let to_byte = |v: f32| (255.0 * v.clamp(0.0, 1.0)) as u8;
                ui.painter().line_segment(
                    [rect.left_center(), rect.right_center()],
                    egui::Stroke::new(
                        2.0,
                        egui::Color32::from_rgb(
                            to_byte(colour[0]),
                            to_byte(colour[1]),
                            to_byte(colour[2]),
                        ),
                    ),
                );
                ui.label(egui::RichText::new(what).small());
            });
        }
    }
    passes_ui(ui, m);
}

/// The next passes over the Sky section's site.
fn passes_ui(ui: &mut egui::Ui, m: &PanelModel) {
    let Some((site, passes)) = &m.passes else {
        return;
    };
    ui.separator();
    ui.label(egui::RichText::new(format!("Next passes over {site}")).strong());
    if passes.is_empty() {
        ui.label(format!(
            "None in the next {} h (or above the horizon all day).",
            crate::viewer::ground::PASSES_HOURS
        ));
        return;
    }
    let day = |t: chrono::DateTime<chrono::Utc>| t.format("%m-%d %H:%M:%S").to_string();
    let time = |t: chrono::DateTime<chrono::Utc>| t.format("%H:%M:%S").to_string();
    egui::Grid::new("passes").striped(true).show(ui, |ui| {
        for h in ["Rise (UTC)", "Highest", "Set", "Elev.", "Mag."] {
            ui.label(egui::RichText::new(h).small());
        }
        ui.end_row();
        for p in passes {
            ui.label(day(p.rise));
            ui.label(time(p.culmination));
            ui.label(time(p.set));
            ui.label(format!("{:.0}°", p.peak_elevation_deg));
            ui.label(match p.peak_magnitude {
                Some(mag) if mag.is_finite() => format!("{mag:.1}"),
                _ => "shadow".to_owned(),
            });
            ui.end_row();
        }
    });
}
