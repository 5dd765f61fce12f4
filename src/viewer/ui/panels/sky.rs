//! The Sky panel: the observer's view on or off, the site (from the list or
//! typed), the projection and the look, the limiting magnitude, trails over
//! an exposure, the grid and an instrument's field; the Sun's altitude and
//! the twilight, the `sky` counts live, and the sunlit satellites above 30°
//! through the night with now marked.

use crate::sky::SITES;
use crate::sky::view::{MAX_FOV_DEG, MIN_FOV_DEG, Twilight};
use crate::units::grouped;
use crate::viewer::observer::settings::{
    CITY_LIMIT, DARK_SITE_LIMIT, INSTRUMENTS, MAX_VIEW_EXPOSURE_S, ObserverSettings,
};
use crate::viewer::ui::model::{Action, PanelModel};
use bevy_egui::egui;

/// The Sky panel.
pub fn sky_panel_ui(ui: &mut egui::Ui, m: &mut PanelModel) {
    let before = m.sky.settings.clone();
    let mut s = before.clone();
    ui.checkbox(&mut s.active, "Observer's view")
        .on_hover_text("the sky from the site (O)");
    let mut impact = m.sky.impact_map;
    if ui
        .checkbox(&mut impact, "Impact map on the globe")
        .on_hover_text("sunlit satellites above 30° over each place, in the space view (M)")
        .changed()
    {
        m.sky.impact_map = impact;
        m.actions.push(Action::SetImpactMap(impact));
    }
    site_ui(ui, m, &mut s);
    ui.horizontal(|ui| {
        ui.radio_value(&mut s.all_sky, true, "All-sky");
        ui.radio_value(&mut s.all_sky, false, "Perspective");
    });
    if !s.all_sky {
        egui::Grid::new("sky_look").num_columns(2).show(ui, |ui| {
            ui.label("Azimuth (°)");
            ui.add(
                egui::DragValue::new(&mut s.azimuth_deg)
                    .range(0.0..=360.0)
                    .speed(1.0),
            );
            ui.end_row();
            ui.label("Elevation (°)");
            ui.add(
                egui::DragValue::new(&mut s.elevation_deg)
                    .range(-90.0..=90.0)
                    .speed(0.5),
            );
            ui.end_row();
            ui.label("Field of view (°)");
            ui.add(
                egui::DragValue::new(&mut s.fov_deg)
                    .range(MIN_FOV_DEG..=MAX_FOV_DEG)
                    .speed(0.5),
            );
            ui.end_row();
        });
    }
    ui.add(
        egui::Slider::new(&mut s.limiting_magnitude, -2.0..=10.0)
            .text("Limiting magnitude")
            .step_by(0.5),
    )
    .on_hover_text("naked eye: 6 at a dark site, 3 in a city");
    ui.horizontal(|ui| {
        if ui.button("Dark site (6)").clicked() {
            s.limiting_magnitude = DARK_SITE_LIMIT;
        }
        if ui.button("City (3)").clicked() {
            s.limiting_magnitude = CITY_LIMIT;
        }
    });
    ui.horizontal(|ui| {
        let mut trails = s.exposure_s > 0.0;
        if ui.checkbox(&mut trails, "Trails").changed() {
            s.exposure_s = if trails { 30.0 } else { 0.0 };
        }
        ui.label("Exposure (s)");
        ui.add(egui::DragValue::new(&mut s.exposure_s).range(0.0..=MAX_VIEW_EXPOSURE_S));
    });
    ui.checkbox(&mut s.grid, "Alt-az grid");
    ui.checkbox(&mut s.tint_satellites, "Tint satellites")
        .on_hover_text(
            "green, so that they stand apart from the stars (off: as the eye sees them)",
        );
    let names: Vec<&str> = std::iter::once("none")
        .chain(INSTRUMENTS.iter().map(|i| i.name))
        .collect();
    let mut chosen = s.instrument.map_or(0, |i| i + 1);
    egui::ComboBox::from_label("Instrument")
        .selected_text(names[chosen.min(names.len() - 1)])
        .show_ui(ui, |ui| {
            for (k, name) in names.iter().enumerate() {
                ui.selectable_value(&mut chosen, k, *name);
            }
        });
    s.instrument = chosen.checked_sub(1);
    if s != before {
        m.sky.settings = s.clone();
        m.actions.push(Action::SetObserver(Box::new(s)));
    }
    ui.separator();
    now_ui(ui, m);
}

/// The site: the list, or coordinates typed and applied with Go to site.
fn site_ui(ui: &mut egui::Ui, m: &mut PanelModel, s: &mut ObserverSettings) {
    egui::ComboBox::from_label("Site")
        .selected_text(s.site.name.clone())
        .show_ui(ui, |ui| {
            for known in SITES {
                if ui
                    .selectable_label(s.site.name == known.name, known.name)
                    .clicked()
                    && let Ok(site) = crate::sky::parse_site(known.name)
                {
                    s.site = site;
                }
            }
        });
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut m.sky.site_entry)
                .hint_text("LAT,LON[,H] or a name")
                .desired_width(150.0),
        );
        if ui.button("Go to site").clicked() {
            match crate::sky::parse_site(&m.sky.site_entry) {
                Ok(site) => {
                    s.site = site;
                    m.sky.site_error = None;
                }
                Err(e) => m.sky.site_error = Some(e.to_string()),
            }
        }
    });
    if m.sky.picking_site {
        ui.horizontal(|ui| {
            ui.label("click a place on the globe…");
            if ui.button("Cancel picking").clicked() {
                m.actions.push(Action::PickSiteOnGlobe(false));
            }
        });
    } else if ui
        .button("Pick on the globe")
        .on_hover_text("the next click on the Earth in the space view sets the site")
        .clicked()
    {
        m.actions.push(Action::PickSiteOnGlobe(true));
    }
    if let Some(e) = &m.sky.site_error {
        ui.colored_label(egui::Color32::from_rgb(255, 120, 100), e);
    }
}

/// Local time, the Sun, the counts and the night's plot.
fn now_ui(ui: &mut egui::Ui, m: &mut PanelModel) {
    let site = &m.sky.settings.site;
    if let Some(now) = m.now {
        let local = now + crate::sky::night::mean_solar_offset(site);
        let sun = crate::sky::sun_altitude_rad(site, now).to_degrees();
        ui.label(format!(
            "Local mean time {}   Sun {:+.1}°, {}",
            local.format("%H:%M"),
            sun,
            Twilight::of_sun_altitude_deg(sun).label()
        ));
    }
    let Some(sky) = m.sky.counts.clone() else {
        if m.sky.settings.active {
            ui.label("counting…");
        } else {
            ui.label("the counts run while the observer's view is shown");
        }
        return;
    };
    let t = &sky.tally;
    egui::Grid::new("sky_counts").num_columns(3).show(ui, |ui| {
        ui.label("");
        ui.label("all");
        ui.label("sunlit");
        ui.end_row();
        ui.label("Above the horizon");
        ui.label(grouped(t.above_horizon));
        ui.label(grouped(t.sunlit_above_horizon));
        ui.end_row();
        ui.label("Above 30°");
        ui.label(grouped(t.above_30deg));
        ui.label(egui::RichText::new(grouped(t.sunlit_above_30deg)).strong());
        ui.end_row();
        ui.label("Brighter than mag 6");
        ui.label("");
        ui.label(grouped(t.brighter_than_mag6));
        ui.end_row();
    });
    match t.brightest() {
        Some(mag) => {
            if ui
                .button(format!("Inspect the brightest (magnitude {mag:.1})"))
                .on_hover_text("select it in the Satellite panel")
                .clicked()
            {
                m.actions.push(Action::InspectBrightest);
            }
        }
        None => {
            ui.label("Brightest: none sunlit above the horizon");
        }
    }
    if let Some(i) = m.sky.settings.instrument.and_then(|i| INSTRUMENTS.get(i)) {
        ui.label(format!(
            "Trails in the {} over {:.0} s: {}",
            i.name,
            m.sky.settings.exposure_s,
            grouped(t.trails)
        ));
    }
    if let Some(ms) = m.sky.refresh_ms {
        ui.small(format!("counted off the frame in {ms:.0} ms"));
    }
    if let (Some(night), Some(now)) = (&m.sky.night, m.now)
        && let Some((points, now_h)) = night_plot(night, now)
    {
        let line = egui_plot::Line::new("sunlit above 30°", egui_plot::PlotPoints::from(points));
        let marker = egui_plot::VLine::new("now", now_h);
        egui_plot::Plot::new("sky_night")
            .height(110.0)
            .x_axis_label(format!("hours after sunset ({} night)", night.date))
            .y_axis_label("sunlit above 30°")
            .allow_scroll(false)
            .allow_drag(false)
            .allow_zoom(false)
            .show(ui, |plot| {
                plot.line(line);
                plot.vline(marker);
            });
    }
}

/// The night's plot: (hours after sunset, sunlit satellites above 30°) and
/// now in the same hours; none for a night without points (polar day).
pub fn night_plot(
    night: &crate::viewer::observer::counts::NightSeries,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<(Vec<[f64; 2]>, f64)> {
    let start = night.points.first()?.0;
    let hours = |t: chrono::DateTime<chrono::Utc>| (t - start).as_seconds_f64() / 3600.0;
    let points = night
        .points
        .iter()
        .map(|(t, n)| [hours(*t), *n as f64])
        .collect();
    Some((points, hours(now)))
}
