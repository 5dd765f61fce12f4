//! The Links panel: the laser mesh, the gateways and the ground capacity
//! live (computed off the frame), a route with its latency beside the
//! great circle in fibre and its history, and what the globe shows: the
//! route, the gateways, one shell's laser mesh.

use super::power::time_axis_unit;
use crate::links::{LinksModel, parse_place};
use crate::units::{grouped, si};
use crate::viewer::ui::model::{Action, PanelModel};
use bevy_egui::egui;

/// The Links panel.
pub fn links_panel_ui(ui: &mut egui::Ui, m: &mut PanelModel) {
    let before = m.links.settings.clone();
    let mut s = before.clone();
    ui.checkbox(&mut s.live, "Live totals")
        .on_hover_text("the mesh and the gateways computed off the frame, about once a second");
    totals_ui(ui, m);
    ui.separator();
    ui.horizontal(|ui| {
        ui.label("From");
        ui.add(
            egui::TextEdit::singleline(&mut m.links.from_entry)
                .hint_text("London")
                .desired_width(110.0),
        );
        ui.label("To");
        ui.add(
            egui::TextEdit::singleline(&mut m.links.to_entry)
                .hint_text("Sydney")
                .desired_width(110.0),
        );
    });
    ui.horizontal(|ui| {
        if ui
            .button("Show route")
            .on_hover_text("gateway or site names, or LAT,LON")
            .clicked()
        {
            let model = m.spec.as_ref().map(LinksModel::new);
            let checked = model.as_ref().map_or(Ok(()), |model| {
                [&m.links.from_entry, &m.links.to_entry]
                    .into_iter()
                    .try_for_each(|p| parse_place(p, model).map(|_| ()))
            });
            match checked {
                Ok(()) => {
                    s.route = Some((
                        m.links.from_entry.trim().to_owned(),
                        m.links.to_entry.trim().to_owned(),
                    ));
                    s.gateways = true;
                    m.links.error = None;
                }
                Err(e) => m.links.error = Some(e.to_string()),
            }
        }
        if s.route.is_some() && ui.button("Clear route").clicked() {
            s.route = None;
        }
    });
    if let Some(e) = &m.links.error {
        ui.colored_label(egui::Color32::from_rgb(255, 120, 100), e);
    }
    route_ui(ui, m);
    ui.separator();
    ui.checkbox(&mut s.gateways, "Gateways on the globe");
    let names: Vec<String> = std::iter::once("none".to_owned())
        .chain(m.shells.iter().map(|r| r.name.clone()))
        .collect();
    let mut chosen = s.mesh_shell.map_or(0, |i| i + 1).min(names.len() - 1);
    egui::ComboBox::from_label("Laser mesh")
        .selected_text(names[chosen].clone())
        .show_ui(ui, |ui| {
            for (k, name) in names.iter().enumerate() {
                ui.selectable_value(&mut chosen, k, name.as_str());
            }
        });
    s.mesh_shell = chosen.checked_sub(1);
    if let Some(ms) = m.links.refresh_ms {
        ui.small(format!("computed off the frame in {ms:.0} ms"));
    }
    if s != before {
        m.links.settings = s.clone();
        m.actions.push(Action::SetLinks(Box::new(s)));
    }
}

/// The totals of the latest links.
fn totals_ui(ui: &mut egui::Ui, m: &PanelModel) {
    let Some(l) = m.links.latest.clone() else {
        ui.label("the links are computed while the totals are live, a route or a mesh is shown");
        return;
    };
    egui::Grid::new("links_totals")
        .num_columns(2)
        .show(ui, |ui| {
            ui.label("Laser links");
            ui.label(grouped(l.laser_links as u64))
                .on_hover_text(format!("{} in all", si(l.laser_capacity_bps, "bit/s")));
            ui.end_row();
            ui.label("Gateways");
            ui.label(grouped(l.gateways as u64));
            ui.end_row();
            ui.label("Satellites with a gateway");
            ui.label(grouped(l.satellites_with_gateway))
                .on_hover_text(format!("of {}", grouped(l.satellites)));
            ui.end_row();
            ui.label("Ground capacity");
            ui.label(egui::RichText::new(si(l.ground_capacity_bps, "bit/s")).strong());
            ui.end_row();
            ui.label("Compute per ground bit");
            let per_bit = m
                .totals
                .as_ref()
                .and_then(|t| {
                    crate::links::output::flop_per_bit(
                        t.compute_delivered_flops,
                        l.ground_capacity_bps,
                    )
                })
                .map_or("—".to_owned(), |f| si(f, "FLOP/bit"));
            ui.label(per_bit)
                .on_hover_text("the fleet's delivered compute over its ground capacity");
            ui.end_row();
        });
}

/// The route's latency now and over time.
fn route_ui(ui: &mut egui::Ui, m: &PanelModel) {
    let Some(r) = m.links.latest.as_ref().and_then(|l| l.route.clone()) else {
        return;
    };
    let r = r.summary;
    if m.links.settings.route.is_none() {
        return;
    }
    match (r.latency_ms, r.hops, r.path_km) {
        (Some(ms), Some(hops), Some(km)) => {
            ui.label(egui::RichText::new(format!("{} – {}: {ms:.1} ms", r.from, r.to)).strong());
            ui.label(format!(
                "{hops} hops, {} km; the great circle in fibre: {:.1} ms",
                grouped(km.round() as u64),
                r.fibre_latency_ms
            ));
            if let (Some(up), Some(down)) = (&r.up_gateway, &r.down_gateway) {
                ui.small(format!("up at {up}, down at {down}"));
            }
        }
        _ => {
            ui.label(format!(
                "{} – {}: no route: {}",
                r.from,
                r.to,
                r.reason.as_deref().unwrap_or("")
            ));
        }
    }
    let (Some(now), false) = (m.now, m.links.history.is_empty()) else {
        return;
    };
    let span = m
        .links
        .history
        .first()
        .map_or(0.0, |(t, _)| (now - *t).as_seconds_f64().abs());
    let (unit, per) = time_axis_unit(span);
    let points: Vec<[f64; 2]> = m
        .links
        .history
        .iter()
        .filter_map(|(t, ms)| Some([(*t - now).as_seconds_f64() / per, (*ms)?]))
        .collect();
    let latency = egui_plot::Line::new("route", egui_plot::PlotPoints::from(points));
    let fibre = egui_plot::HLine::new("fibre", r.fibre_latency_ms);
    egui_plot::Plot::new("links_latency")
        .height(110.0)
        .x_axis_label(format!("{unit} before now"))
        .y_axis_label("ms")
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .legend(egui_plot::Legend::default())
        .show(ui, |plot| {
            plot.line(latency);
            plot.hline(fibre);
        });
}
