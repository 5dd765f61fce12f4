//! The Power panel: sunlight now, the power collected and its history, per
//! shell.

use super::widgets::age_ui;
use crate::units::{grouped, si};
use crate::viewer::ui::model::PanelModel;
use bevy_egui::egui;

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
        let span_s = m.history.iter().map(|p| -p[0]).fold(0.0, f64::max);
        let (unit, seconds) = time_axis_unit(span_s);
        let largest_gw = m.history.iter().map(|p| p[1].abs()).fold(0.0, f64::max);
        let (power_unit, per_gw) = power_axis_unit(largest_gw);
        let points: Vec<[f64; 2]> = m
            .history
            .iter()
            .map(|p| [p[0] / seconds, p[1] * per_gw])
            .collect();
        let line = egui_plot::Line::new(
            format!("power collected ({power_unit})"),
            egui_plot::PlotPoints::from(points),
        );
        egui_plot::Plot::new("power_history")
            .height(120.0)
            .x_axis_label(format!("{unit} (simulated) before now"))
            .y_axis_label(power_unit)
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

/// The unit of the power plot's vertical axis for a largest value of
/// `largest_gw` gigawatts, and the factor from GW to it: W, kW, MW or GW, so
/// that Starlink's 25 MW reads "25 MW", not "0.025 GW".
pub fn power_axis_unit(largest_gw: f64) -> (&'static str, f64) {
    if largest_gw >= 1.0 {
        ("GW", 1.0)
    } else if largest_gw >= 1e-3 {
        ("MW", 1e3)
    } else if largest_gw >= 1e-6 {
        ("kW", 1e6)
    } else {
        ("W", 1e9)
    }
}

/// The unit of the power plot's time axis for a history `span_s` seconds
/// long: seconds, minutes, hours or days, so that the axis reads in whole
/// numbers of something. Returns the unit's name and its length in seconds.
pub fn time_axis_unit(span_s: f64) -> (&'static str, f64) {
    if span_s < 120.0 {
        ("seconds", 1.0)
    } else if span_s < 2.0 * 3600.0 {
        ("minutes", 60.0)
    } else if span_s < 2.0 * 86_400.0 {
        ("hours", 3600.0)
    } else {
        ("days", 86_400.0)
    }
}

#[cfg(test)]
mod tests {
    use super::{power_axis_unit, time_axis_unit};

    #[test]
    fn the_power_axis_reads_in_the_unit_of_its_largest_value() {
        assert_eq!(power_axis_unit(85.9), ("GW", 1.0));
        // Starlink's 25 MW.
        let (unit, per_gw) = power_axis_unit(0.02525);
        assert_eq!(unit, "MW");
        assert!((0.02525 * per_gw - 25.25).abs() < 1e-9);
        assert_eq!(power_axis_unit(3e-4).0, "kW");
        assert_eq!(power_axis_unit(5e-8).0, "W");
        assert_eq!(power_axis_unit(0.0).0, "W");
    }

    #[test]
    fn the_time_axis_reads_in_the_unit_of_its_span() {
        // At 1× a few seconds of history: seconds, not "−0.0011 hours".
        assert_eq!(time_axis_unit(4.0).0, "seconds");
        assert_eq!(time_axis_unit(15.0 * 60.0).0, "minutes");
        assert_eq!(time_axis_unit(6.0 * 3600.0).0, "hours");
        assert_eq!(time_axis_unit(10.0 * 86_400.0).0, "days");
        for span in [4.0, 900.0, 21_600.0, 864_000.0] {
            let (_, unit) = time_axis_unit(span);
            let reading = span / unit;
            assert!((1.0..=120.0).contains(&reading), "{span} s reads {reading}");
        }
    }
}
