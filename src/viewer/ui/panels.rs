//! The panels, drawn with egui from a [`PanelModel`]: time, constellation,
//! power, compute and the satellite inspector. Each pushes [`Action`]s.

use super::model::{Action, PanelModel, parse_typed_time};
use crate::constellation::{InclinationKeyword, PRESETS, resolve_shell};
use crate::model::{FLEET_ASSUMPTIONS, FleetModel, SATELLITE_ASSUMPTIONS, SatelliteModel};
use crate::seasons::next_season;
use crate::shadow::Illumination;
use crate::units::{grouped, si};
use crate::viewer::clock::WARP_STEPS;
use bevy_egui::egui;

/// H100 SXM dense BF16, FLOP/s: the unit of "accelerator equivalents".
pub const H100_FLOPS: f64 = 989e12;

/// Both docks, inside the root `ui` that covers the window.
pub fn panels_ui(root: &mut egui::Ui, m: &mut PanelModel) {
    if !m.visible {
        return;
    }
    if m.layout.left {
        egui::Panel::left("left_panel")
            .resizable(true)
            .default_size(340.0)
            .show(root, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    let open = m.layout.time;
                    if section(ui, "Time", open, |ui| time_panel_ui(ui, m)) {
                        m.layout.time = !open;
                    }
                    let open = m.layout.constellation;
                    if section(ui, "Constellation", open, |ui| {
                        constellation_panel_ui(ui, m)
                    }) {
                        m.layout.constellation = !open;
                    }
                });
            });
    }
    if m.layout.right {
        egui::Panel::right("right_panel")
            .resizable(true)
            .default_size(320.0)
            .show(root, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    let open = m.layout.power;
                    if section(ui, "Power", open, |ui| power_panel_ui(ui, m)) {
                        m.layout.power = !open;
                    }
                    let open = m.layout.compute;
                    if section(ui, "Compute", open, |ui| compute_panel_ui(ui, m)) {
                        m.layout.compute = !open;
                    }
                    let open = m.layout.inspector;
                    if section(ui, "Satellite", open, |ui| inspector_ui(ui, m)) {
                        m.layout.inspector = !open;
                    }
                });
            });
    }
}

/// A collapsing section whose open state the caller keeps; true if its header was clicked.
fn section(ui: &mut egui::Ui, title: &str, open: bool, body: impl FnOnce(&mut egui::Ui)) -> bool {
    egui::CollapsingHeader::new(egui::RichText::new(title).strong())
        .open(Some(open))
        .show(ui, body)
        .header_response
        .clicked()
}

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
        ui.colored_label(egui::Color32::LIGHT_RED, e);
    }
}

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
    if ui
        .button("Record")
        .on_hover_text("Render the current view, frame by frame, off-screen")
        .clicked()
    {
        m.actions.push(Action::Record(m.record.clone()));
    }
    if let Some((ok, text)) = &m.record_status {
        let colour = if *ok {
            egui::Color32::LIGHT_GREEN
        } else {
            egui::Color32::LIGHT_RED
        };
        ui.colored_label(colour, text);
    }
}

/// The next warp step up (+1) or down (−1) from `warp`.
pub fn step_warp(warp: f64, direction: i32) -> f64 {
    if direction > 0 {
        WARP_STEPS
            .iter()
            .copied()
            .find(|&w| w > warp + 1e-9)
            .unwrap_or(warp)
    } else {
        WARP_STEPS
            .iter()
            .rev()
            .copied()
            .find(|&w| w < warp - 1e-9)
            .unwrap_or(warp)
    }
}

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
    if let Some((ok, text)) = &m.message {
        let colour = if *ok {
            egui::Color32::LIGHT_GREEN
        } else {
            egui::Color32::LIGHT_RED
        };
        ui.colored_label(colour, text);
    }
    ui.separator();
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
                let name = egui::RichText::new(&row.name).color(egui::Color32::from(colour));
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
    for (name, n) in &m.catalogs {
        ui.label(format!("catalog {name}: {} satellites", grouped(*n as u64)));
    }
    shell_editor_ui(ui, m);
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
        Err((_, e)) => {
            ui.colored_label(egui::Color32::LIGHT_RED, e);
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

/// Sunlight, power now and its recent history, per shell.
pub fn power_panel_ui(ui: &mut egui::Ui, m: &mut PanelModel) {
    let Some(t) = m.totals.clone() else {
        ui.label("computing totals…");
        return;
    };
    let tally = &t.tally;
    age_ui(ui, m, &t);
    egui::Grid::new("power").num_columns(2).show(ui, |ui| {
        ui.label("Sunlit");
        ui.label(grouped(tally.sunlit));
        ui.end_row();
        ui.label("Penumbra");
        ui.label(grouped(tally.penumbra));
        ui.end_row();
        ui.label("Umbra");
        ui.label(grouped(tally.umbra));
        ui.end_row();
        if tally.decayed + tally.errors > 0 {
            ui.label("Decayed / errors");
            ui.label(format!(
                "{} / {}",
                grouped(tally.decayed),
                grouped(tally.errors)
            ));
            ui.end_row();
        }
        ui.label("In shadow");
        ui.label(format!("{:.1} %", 100.0 * (1.0 - tally.sunlit_fraction())));
        ui.end_row();
        ui.label("Power collected");
        ui.label(egui::RichText::new(si(tally.power_collected_w, "W")).strong());
        ui.end_row();
    });
    if !m.history.is_empty() {
        let line = egui_plot::Line::new(
            "power collected (GW)",
            egui_plot::PlotPoints::from(m.history.clone()),
        );
        egui_plot::Plot::new("power_history")
            .height(120.0)
            .x_axis_label("hours (simulated) before now")
            .y_axis_label("GW")
            .allow_scroll(false)
            .allow_drag(false)
            .allow_zoom(false)
            .show(ui, |plot| plot.line(line));
    }
    egui::CollapsingHeader::new("Per shell")
        .id_salt("per_shell_power")
        .show(ui, |ui| {
            egui::Grid::new("per_shell")
                .striped(true)
                .num_columns(3)
                .show(ui, |ui| {
                    ui.label("shell");
                    ui.label("lit %");
                    ui.label("power");
                    ui.end_row();
                    for g in &t.groups {
                        ui.label(&g.name);
                        ui.label(format!("{:.1}", 100.0 * g.tally.sunlit_fraction()));
                        ui.label(si(g.tally.power_collected_w, "W"));
                        ui.end_row();
                    }
                });
        });
}

fn age_ui(ui: &mut egui::Ui, m: &PanelModel, t: &crate::totals::FleetTotals) {
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
            let defaults =
                m.satellite == SatelliteModel::default() && m.fleet == FleetModel::default();
            if ui
                .add_enabled(!defaults, egui::Button::new("Reset to defaults"))
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
