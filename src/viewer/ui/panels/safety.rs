//! The Safety panel: a day screened for close approaches off the frame
//! (with its progress), what it adds up to, the closest events (a click
//! goes to one: the clock at its TCA, the camera on the pair, both
//! selected), the chosen event's miss, parts and Pc, and what the globe
//! shows: the events as markers by miss distance, the satellites by their
//! events a day, each with its legend.

use super::widgets::{legend_ui, note_control};
use crate::safety::summary::CloseApproach;
use crate::units::grouped;
use crate::viewer::safety::live::SafetyResult;
use crate::viewer::safety::marks::{EVENT_BINS, MISS_BINS};
use crate::viewer::ui::model::{Action, PanelModel};
use bevy_egui::egui;

/// Rows of the closest events listed at first.
pub const ROWS: usize = 20;

/// The Safety panel.
pub fn safety_panel_ui(ui: &mut egui::Ui, m: &mut PanelModel) {
    ui.horizontal(|ui| match m.safety.progress {
        Some(done) => {
            ui.add(
                egui::ProgressBar::new(done as f32)
                    .desired_width(150.0)
                    .show_percentage(),
            );
            if ui.button("Cancel screening").clicked() {
                m.actions.push(Action::CancelScreening);
            }
        }
        None => {
            let r = ui.button("Screen a day").on_hover_text(
                "every pair under 5 km over the next 24 hours from now, off the frame",
            );
            note_control(m, "Screen a day", &r);
            if r.clicked() {
                m.actions.push(Action::ScreenDay);
            }
        }
    });
    if let Some(e) = &m.safety.error {
        ui.colored_label(egui::Color32::from_rgb(255, 120, 100), e);
    }
    let latest = m.safety.latest.clone();
    if let Some(r) = &latest {
        summary_ui(ui, r);
    } else if m.safety.progress.is_none() {
        ui.label("conjunctions under the threshold over a day, as `conjunctions` screens them");
    }
    ui.separator();
    let mut markers = m.safety.markers;
    if ui
        .checkbox(&mut markers, "Markers on the globe")
        .on_hover_text("each kept event at its position at closest approach")
        .changed()
    {
        m.actions.push(Action::SetConjunctionMarkers(markers));
    }
    if markers {
        legend_ui(
            ui,
            "safety_miss_legend",
            // The markers' colours are linear (written to an sRGB target):
            // the legend shows them as they come out on screen.
            MISS_BINS.iter().map(|(_, label, c)| {
                (
                    *label,
                    egui::Color32::from(egui::Rgba::from_rgb(c[0], c[1], c[2])),
                )
            }),
        );
    }
    let mut colours = m.safety.colours;
    if ui
        .checkbox(&mut colours, "Colour by close approaches")
        .on_hover_text("each satellite by its events a day (catalogue objects keep their colour)")
        .changed()
    {
        m.actions.push(Action::SetCloseApproachColours(colours));
    }
    if colours {
        legend_ui(
            ui,
            "safety_events_legend",
            EVENT_BINS
                .iter()
                .map(|(_, label, c)| (*label, egui::Color32::from_rgb(c[0], c[1], c[2]))),
        );
    }
    if let Some(r) = &latest {
        ui.separator();
        list_ui(ui, m, r);
        if let Some(e) = m.safety.chosen.and_then(|k| r.report.closest.get(k)) {
            ui.separator();
            event_ui(ui, r, e);
        }
    }
}

/// The span's totals.
fn summary_ui(ui: &mut egui::Ui, r: &SafetyResult) {
    let rep = &r.report;
    ui.label(
        egui::RichText::new(format!(
            "{} events under {} km in a day",
            grouped(rep.events),
            rep.distance_km
        ))
        .strong(),
    );
    ui.label(format!(
        "{} under 1 km; {} objects screened from {}",
        grouped(rep.events_under_1km),
        grouped(r.screened as u64),
        r.from.format("%Y-%m-%d %H:%M UTC")
    ));
    if let Some(note) = &r.subset {
        ui.small(note);
    }
    let manoeuvres: Vec<String> = rep
        .fleet_manoeuvres_per_year
        .iter()
        .map(|(p, n)| format!("{} at Pc ≥ {p}", grouped(n.round() as u64)))
        .collect();
    if !manoeuvres.is_empty() {
        ui.label(format!("Manoeuvres a year: {}", manoeuvres.join(", ")))
            .on_hover_text("one an event over the threshold; half each between two of ours");
    }
    if let Some(s) = r.elapsed_s {
        ui.small(format!("screened off the frame in {s:.1} s"));
    }
}

/// How an event's two objects and miss read in the list.
pub fn row_label(rank: usize, e: &CloseApproach) -> String {
    format!(
        "#{} {:.0} m: {} × {}",
        rank + 1,
        e.encounter.miss_km * 1000.0,
        e.a,
        e.b
    )
}

/// The closest events; a click goes to one.
fn list_ui(ui: &mut egui::Ui, m: &mut PanelModel, r: &SafetyResult) {
    let rows = if m.safety.rows == 0 {
        ROWS
    } else {
        m.safety.rows
    };
    ui.label(format!(
        "The closest {} of {}:",
        rows.min(r.report.closest.len()),
        grouped(r.report.events)
    ));
    for (k, e) in r.report.closest.iter().take(rows).enumerate() {
        let chosen = m.safety.chosen == Some(k);
        let response = ui
            .selectable_label(chosen, row_label(k, e))
            .on_hover_text(format!("TCA {}; Pc {:.1e}", e.tca, e.encounter.pc));
        if response.clicked() {
            m.safety.chosen = Some(k);
            m.actions.push(Action::GoToConjunction(k));
        }
    }
    if r.report.closest.len() > rows && ui.button("More").clicked() {
        m.safety.rows = rows + ROWS;
    }
}

/// The chosen event: both objects, TCA, the miss and its parts, the speed, Pc.
fn event_ui(ui: &mut egui::Ui, r: &SafetyResult, e: &CloseApproach) {
    let x = &e.encounter;
    ui.label(egui::RichText::new(format!("{} × {}", e.a, e.b)).strong());
    egui::Grid::new("safety_event")
        .num_columns(2)
        .show(ui, |ui| {
            let mut row = |k: &str, v: String| {
                ui.label(k);
                ui.label(v);
                ui.end_row();
            };
            row(
                "TCA",
                r.tca(e).format("%Y-%m-%d %H:%M:%S%.3f UTC").to_string(),
            );
            row("Miss", format!("{:.0} m", x.miss_km * 1000.0));
            row("Radial", format!("{:+.0} m", x.radial_km * 1000.0));
            row("In-track", format!("{:+.0} m", x.in_track_km * 1000.0));
            row(
                "Cross-track",
                format!("{:+.0} m", x.cross_track_km * 1000.0),
            );
            row(
                "Relative speed",
                format!("{:.2} km/s", x.relative_speed_km_s),
            );
            row("Pc", format!("{:.2e}", x.pc));
        });
}
