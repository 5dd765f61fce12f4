//! The Compute panel: the compute the power buys, the fleet beside the
//! ground's data centres, and every assumption, editable.

use super::widgets::age_ui;
use crate::model::{FLEET_ASSUMPTIONS, FleetModel, SATELLITE_ASSUMPTIONS, SatelliteModel};
use crate::units::{grouped, si};
use crate::viewer::ui::model::{Action, PanelModel};
use bevy_egui::egui;

/// H100 SXM dense BF16, FLOP/s: the unit of "accelerator equivalents".
pub const H100_FLOPS: f64 = 989e12;
/// Compute, the fleet beside the ground, and every assumption.
pub fn compute_panel_ui(ui: &mut egui::Ui, m: &mut PanelModel) {
    if let Some(t) = m.totals.clone() {
        age_ui(ui, m, &t);
        egui::Grid::new("compute").num_columns(2).show(ui, |ui| {
            ui.label("Delivered");
            ui.label(egui::RichText::new(si(t.compute_delivered_flops, "FLOP/s")).strong());
            ui.end_row();
            ui.label("Installed");
            ui.label(si(t.compute_installed_flops, "FLOP/s"));
            ui.end_row();
            ui.label("H100 equivalents");
            ui.label(grouped(
                (t.compute_delivered_flops / H100_FLOPS).round() as u64
            ))
            .on_hover_text("Delivered FLOP/s over 989 TFLOP/s (H100 SXM, dense BF16)");
            ui.end_row();
            ui.label("Power to compute");
            ui.label(si(t.tally.compute_power_w, "W"));
            ui.end_row();
            ui.label("Beside world data centres");
            ui.label(format!(
                "{:.0} %",
                100.0 * t.share_of_world_datacenter_power()
            ))
            .on_hover_text(format!("of {}", si(t.world_datacenter_power_w, "W")));
            ui.end_row();
            ui.label("Mass");
            ui.label(format!(
                "{} t",
                grouped((t.mass_kg / 1000.0).round() as u64)
            ));
            ui.end_row();
            ui.label("Radiator area");
            ui.label(format!("{:.1} km²", t.radiator_area_m2 / 1e6));
            ui.end_row();
            ui.label("Replacements a year");
            ui.label(grouped(t.replacements_per_year.round() as u64));
            ui.end_row();
            ui.label("Launches a year");
            ui.label(format!("{:.0}", t.launches_per_year));
            ui.end_row();
        });
    }
    egui::CollapsingHeader::new("Assumptions")
        .id_salt("assumptions")
        .show(ui, |ui| {
            let mut satellite = m.satellite.clone();
            let mut fleet = m.fleet.clone();
            let mut changed = false;
            egui::Grid::new("assumptions_grid")
                .num_columns(2)
                .show(ui, |ui| {
                    for (a, v) in SATELLITE_ASSUMPTIONS.iter().zip(satellite.values_mut()) {
                        changed |= assumption_row(ui, a, v);
                    }
                    for (a, v) in FLEET_ASSUMPTIONS.iter().zip(fleet.values_mut()) {
                        changed |= assumption_row(ui, a, v);
                    }
                });
            if changed {
                m.actions.push(Action::SetAssumptions(satellite, fleet));
            }
            // The constellation's own values: its file's, the documented
            // defaults wherever the file is silent.
            let (own_satellite, own_fleet) = m.spec.as_ref().map_or_else(
                || (SatelliteModel::default(), FleetModel::default()),
                |s| (s.satellite.clone(), s.fleet.clone()),
            );
            let unchanged = m.satellite == own_satellite && m.fleet == own_fleet;
            if ui
                .add_enabled(!unchanged, egui::Button::new("Reset to defaults"))
                .on_hover_text("Back to the constellation file's values (the documented defaults where it gives none)")
                .clicked()
            {
                m.actions.push(Action::ResetAssumptions);
            }
        });
}

fn assumption_row(ui: &mut egui::Ui, a: &crate::model::Assumption, v: &mut f64) -> bool {
    let label = ui.label(a.label).on_hover_text(a.source);
    let speed = (v.abs() * 0.01).max(1e-3);
    let response = ui.add(
        egui::DragValue::new(v)
            .range(a.min..=a.max)
            .speed(speed)
            .suffix(if a.unit.is_empty() {
                String::new()
            } else {
                format!(" {}", a.unit)
            }),
    );
    let changed = response.changed();
    response.labelled_by(label.id).on_hover_text(a.source);
    ui.end_row();
    changed
}
