//! The Constellation panel: presets, files (native) or upload and share
//! link (browser), the shell table and the shell editor.

use super::widgets::{legend_ui, note_control, status_ui};
use crate::constellation::{InclinationKeyword, PRESETS, resolve_shell};
use crate::units::grouped;
use crate::viewer::scene::colour::ColourBy;
use crate::viewer::ui::model::{Action, PanelModel};
use bevy_egui::egui;

/// Most height the shell table takes before it scrolls, px (about eight rows).
const SHELL_TABLE_MAX_HEIGHT_PX: f32 = 170.0;

/// Presets, files, the shell table and the shell editor.
pub fn constellation_panel_ui(ui: &mut egui::Ui, m: &mut PanelModel) {
    ui.horizontal(|ui| {
        let current = m.preset.clone().unwrap_or_else(|| "—".into());
        egui::ComboBox::from_label("Preset")
            .selected_text(current)
            .show_ui(ui, |ui| {
                for p in PRESETS {
                    if ui
                        .selectable_label(m.preset.as_deref() == Some(p.name), p.name)
                        .clicked()
                        && m.preset.as_deref() != Some(p.name)
                    {
                        m.actions.push(Action::LoadPreset(p.name.to_owned()));
                    }
                }
            });
    });
    ui.label(egui::RichText::new(&m.constellation_name).strong())
        .on_hover_text(&m.description);
    let total: u64 = m.shells.iter().map(|s| s.satellites).sum::<u64>()
        + m.catalogs.iter().map(|c| c.1 as u64).sum::<u64>();
    ui.label(format!(
        "{} satellites, {} drawn",
        grouped(total),
        grouped(m.drawn)
    ));
    if !m.web {
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(&mut m.path)
                    .hint_text("constellation.toml")
                    .desired_width(160.0),
            );
            if ui
                .button("Open")
                .on_hover_text("Load a constellation file")
                .clicked()
            {
                m.actions.push(Action::OpenFile(m.path.clone()));
            }
            if ui
                .button("Save")
                .on_hover_text("Write the constellation as edited")
                .clicked()
            {
                m.actions
                    .push(Action::SaveFile(m.path.clone(), m.overwrite));
            }
        });
        ui.checkbox(&mut m.overwrite, "overwrite an existing file");
    }
    if m.web {
        ui.horizontal(|ui| {
            let upload = ui
                .button("Upload file")
                .on_hover_text("Load a constellation file (TOML) from this computer");
            note_control(m, "Upload file", &upload);
            if upload.clicked() {
                m.actions.push(Action::Upload);
            }
            let share = ui.button("Share link").on_hover_text(
                "A link to this constellation, time and warp (copied to the clipboard)",
            );
            note_control(m, "Share link", &share);
            if share.clicked() {
                m.actions.push(Action::ShareLink);
            }
        });
        if let Some(link) = &m.share_link {
            let mut text = link.as_str();
            ui.add(
                egui::TextEdit::singleline(&mut text)
                    .desired_width(f32::INFINITY)
                    .font(egui::TextStyle::Small),
            )
            .on_hover_text("copied to the clipboard where the browser allows");
        }
    }
    if let Some(status) = &m.message {
        status_ui(ui, status);
    }
    ui.separator();
    colour_by_ui(ui, m);
    let sunlit: Vec<Option<f64>> = m
        .totals
        .as_ref()
        .map(|t| {
            t.groups
                .iter()
                .map(|g| Some(g.tally.sunlit_fraction()))
                .collect()
        })
        .unwrap_or_default();
    // The table keeps its own height and scrolls (odc-1m has 30 shells), so
    // that the sections below stay within reach at 720 px.
    egui::ScrollArea::vertical()
        .id_salt("shells_table")
        .max_height(SHELL_TABLE_MAX_HEIGHT_PX)
        .show(ui, |ui| {
            egui::Grid::new("shells")
                .striped(true)
                .num_columns(6)
                .show(ui, |ui| {
                    ui.label("");
                    ui.label("shell");
                    ui.label("sats");
                    ui.label("km");
                    ui.label("incl °");
                    ui.label("lit %");
                    ui.end_row();
                    for (i, row) in m.shells.clone().iter().enumerate() {
                        let mut visible = row.visible;
                        if ui
                            .checkbox(&mut visible, "")
                            .on_hover_text("show this shell")
                            .changed()
                        {
                            m.actions.push(Action::SetShellVisible(i, visible));
                        }
                        let c = row.colour;
                        let colour = egui::Rgba::from_rgb(c[0], c[1], c[2]);
                        let name =
                            egui::RichText::new(&row.name).color(egui::Color32::from(colour));
                        if ui.link(name).on_hover_text("edit this shell").clicked() {
                            let spec = m.spec.as_ref().and_then(|s| s.shells.get(i).cloned());
                            m.editing = spec.map(|s| (i, s));
                        }
                        ui.label(grouped(row.satellites));
                        ui.label(format!("{:.0}", row.altitude_km));
                        ui.label(format!("{:.1}", row.inclination_deg));
                        ui.label(
                            sunlit
                                .get(i)
                                .copied()
                                .flatten()
                                .map_or("…".into(), |f| format!("{:.1}", 100.0 * f)),
                        );
                        ui.end_row();
                    }
                });
        });
    for (name, n) in &m.catalogs {
        ui.label(format!("catalog {name}: {} satellites", grouped(*n as u64)));
    }
    shell_editor_ui(ui, m);
}

/// The Colour by menu and what the colours mean.
fn colour_by_ui(ui: &mut egui::Ui, m: &mut PanelModel) {
    let screened = m.safety.latest.is_some();
    let current = m.colour_by;
    ui.horizontal(|ui| {
        egui::ComboBox::from_label("Colour by")
            .selected_text(current.name())
            .show_ui(ui, |ui| {
                for mode in ColourBy::ALL {
                    let usable = mode != ColourBy::CloseApproaches || screened;
                    let item = ui
                        .add_enabled(
                            usable,
                            egui::Button::selectable(mode == current, mode.name()),
                        )
                        .on_disabled_hover_text("screen a day in the Safety section first");
                    if item.clicked() {
                        m.actions.push(Action::SetColourBy(mode));
                    }
                }
            })
            .response
            .on_hover_text("C cycles the modes");
    });
    match current {
        ColourBy::Shell => {
            ui.small("each shell's colour, as its name in the table");
        }
        ColourBy::CloseApproaches => {
            ui.small("events a day, as the Safety section's legend gives");
        }
        ColourBy::Density if m.colour_legend.is_empty() => {
            ui.small("counting each satellite's neighbours…");
        }
        _ => legend_ui(
            ui,
            "colour_legend",
            m.colour_legend.iter().map(|(c, label)| {
                let [r, g, b] = c.map(|x| (x.clamp(0.0, 1.0) * 255.0).round() as u8);
                (label.as_str(), egui::Color32::from_rgb(r, g, b))
            }),
        ),
    }
}

/// The editor of one shell; Apply rebuilds it in place.
fn shell_editor_ui(ui: &mut egui::Ui, m: &mut PanelModel) {
    let Some((index, mut draft)) = m.editing.clone() else {
        return;
    };
    ui.separator();
    ui.label(egui::RichText::new(format!("Edit shell {}", draft.name)).strong());
    let mut apply = false;
    let mut cancel = false;
    egui::Grid::new("shell_editor")
        .num_columns(2)
        .show(ui, |ui| {
            let label = ui.label("Altitude (km)");
            ui.add(
                egui::DragValue::new(&mut draft.altitude_km)
                    .range(150.0..=5800.0)
                    .speed(5.0),
            )
            .labelled_by(label.id);
            ui.end_row();
            let mut sso = draft.inclination == Some(InclinationKeyword::Sso);
            ui.label("Sun-synchronous");
            if ui.checkbox(&mut sso, "").changed() {
                if sso {
                    draft.inclination = Some(InclinationKeyword::Sso);
                    draft.inclination_deg = None;
                } else {
                    draft.inclination = None;
                    draft.inclination_deg = Some(draft.inclination_deg.unwrap_or(53.0));
                }
            }
            ui.end_row();
            if let Some(deg) = draft.inclination_deg.as_mut() {
                let label = ui.label("Inclination (°)");
                ui.add(egui::DragValue::new(deg).range(0.0..=180.0).speed(0.1))
                    .labelled_by(label.id);
                ui.end_row();
            }
            let label = ui.label("Planes");
            ui.add(egui::DragValue::new(&mut draft.planes).range(1..=10_000))
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Satellites per plane");
            ui.add(egui::DragValue::new(&mut draft.sats_per_plane).range(1..=100_000))
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Phasing F");
            ui.add(
                egui::DragValue::new(&mut draft.phasing).range(0..=draft.planes.saturating_sub(1)),
            )
            .labelled_by(label.id);
            ui.end_row();
            let mut by_ltan = draft.ltan_hours.is_some();
            ui.label("Node by local time");
            if ui.checkbox(&mut by_ltan, "").changed() {
                if by_ltan {
                    draft.ltan_hours = Some(18.0);
                    draft.raan_deg = None;
                } else {
                    draft.ltan_hours = None;
                    draft.raan_deg = Some(0.0);
                }
            }
            ui.end_row();
            if let Some(h) = draft.ltan_hours.as_mut() {
                let label = ui.label("LTAN (h)");
                ui.add(egui::DragValue::new(h).range(0.0..=23.99).speed(0.05))
                    .labelled_by(label.id);
            } else {
                let raan = draft.raan_deg.get_or_insert(0.0);
                let label = ui.label("Node (°)");
                ui.add(egui::DragValue::new(raan).range(-360.0..=360.0).speed(0.5))
                    .labelled_by(label.id);
            }
            ui.end_row();
            let label = ui.label("Node spread (°)");
            ui.add(
                egui::DragValue::new(&mut draft.raan_spread_deg)
                    .range(0.0001..=360.0)
                    .speed(0.5),
            )
            .labelled_by(label.id);
            ui.end_row();
        });
    ui.horizontal(|ui| {
        apply = ui.button("Apply").clicked();
        cancel = ui.button("Cancel").clicked();
    });
    let epoch = m.spec.as_ref().map(|s| s.epoch.0).unwrap_or_default();
    let check = resolve_shell(&draft, epoch);
    match &check {
        Ok(r) => {
            ui.label(format!(
                "{} satellites, inclination {:.2}°, period {:.1} min",
                grouped(draft.satellite_count()),
                r.inclination_rad.to_degrees(),
                r.orbit.period_min()
            ));
        }
        Err(e) => {
            ui.colored_label(egui::Color32::LIGHT_RED, e.to_string());
        }
    }
    if cancel {
        m.editing = None;
    } else {
        if apply && check.is_ok() {
            m.actions.push(Action::ApplyShell(index, draft.clone()));
        }
        m.editing = Some((index, draft));
    }
}
