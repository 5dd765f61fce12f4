//! The impact map on the globe (space view, `M` or the Sky panel): the
//! Earth coloured by how many sunlit satellites stand above 30° over each
//! place at this instant. The GPU draws it (satellites.wgsl: each sunlit
//! satellite adds its 30° cap to an equirectangular map, the Earth's
//! shader colours by it); here are the switch, the legend's scale and the
//! legend.

use bevy::prelude::*;
use bevy_egui::egui;

/// The impact map's switch.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq)]
pub struct ImpactMap {
    /// Drawn on the globe in the space view.
    pub shown: bool,
}

/// The count at the legend's top for a fleet drawing `satellites`: the
/// power of ten above 3% of them (where the densest places of the presets
/// stand), at least 10.
pub fn legend_top(satellites: usize) -> f64 {
    let n = (satellites as f64 * 0.03).max(10.0);
    10f64.powf(n.log10().ceil())
}

/// Where a count falls on the legend, 0 to 1: log(1 + c) / log(1 + top), as the Earth's shader.
pub fn legend_position(count: f64, top: f64) -> f64 {
    ((1.0 + count.max(0.0)).ln() / (1.0 + top).ln()).clamp(0.0, 1.0)
}

/// The map's colour at `t` (0..1), as `impact_colour` in earth.wgsl: a
/// polynomial fit of matplotlib's "inferno".
pub fn impact_colour(t: f64) -> [f64; 3] {
    const C: [[f64; 3]; 7] = [
        [0.0002, 0.0016, -0.0194],
        [0.1065, 0.5639, 3.9327],
        [11.6024, -3.9728, -15.9423],
        [-41.7039, 17.4363, 44.3541],
        [77.1629, -33.4023, -81.8073],
        [-71.3194, 32.6261, 73.2095],
        [25.1311, -12.2426, -23.0703],
    ];
    let x = t.clamp(0.0, 1.0);
    let mut out = [0.0; 3];
    for (k, o) in out.iter_mut().enumerate() {
        let mut v = 0.0;
        for c in C.iter().rev() {
            v = v * x + c[k];
        }
        *o = v.clamp(0.0, 1.0);
    }
    out
}

/// The legend: the colours from none to the top count, powers of ten marked.
pub fn legend_ui(ctx: &egui::Context, top: f64) {
    egui::Area::new(egui::Id::new("impact_legend"))
        .anchor(egui::Align2::RIGHT_BOTTOM, [-12.0, -40.0])
        .interactable(false)
        .show(ctx, |ui| {
            ui.label(
                egui::RichText::new("sunlit satellites above 30°")
                    .color(egui::Color32::from_gray(220))
                    .small(),
            );
            let (rect, _) = ui.allocate_exact_size(egui::vec2(220.0, 14.0), egui::Sense::hover());
            let painter = ui.painter();
            let steps = 64;
            for i in 0..steps {
                let t = (i as f64 + 0.5) / steps as f64;
                let [r, g, b] = impact_colour(t);
                let to_byte = |v: f64| (255.0 * v.powf(1.0 / 2.2)) as u8;
                let x0 = rect.left() + rect.width() * i as f32 / steps as f32;
                let x1 = rect.left() + rect.width() * (i + 1) as f32 / steps as f32;
                painter.rect_filled(
                    egui::Rect::from_min_max(
                        egui::pos2(x0, rect.top()),
                        egui::pos2(x1, rect.bottom()),
                    ),
                    0.0,
                    egui::Color32::from_rgb(to_byte(r), to_byte(g), to_byte(b)),
                );
            }
            let mut ticks = vec![(0.0, "0".to_owned())];
            let mut c = 1.0;
            while c <= top {
                ticks.push((c, crate::units::grouped(c as u64)));
                c *= 10.0;
            }
            let (labels, _) = ui.allocate_exact_size(egui::vec2(220.0, 12.0), egui::Sense::hover());
            for (count, text) in ticks {
                let x = labels.left() + labels.width() * legend_position(count, top) as f32;
                ui.painter().text(
                    egui::pos2(x, labels.top()),
                    egui::Align2::CENTER_TOP,
                    text,
                    egui::FontId::proportional(9.0),
                    egui::Color32::from_gray(200),
                );
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legend_is_a_power_of_ten_and_its_colours_brighten() {
        assert_eq!(legend_top(999_900), 100_000.0);
        assert_eq!(legend_top(4_408), 1_000.0);
        assert_eq!(legend_top(10), 10.0);
        let lum = |t: f64| {
            let [r, g, b] = impact_colour(t);
            0.2126 * r + 0.7152 * g + 0.0722 * b
        };
        let mut last = -1.0;
        for i in 0..=50 {
            let l = lum(f64::from(i) / 50.0);
            assert!(l > last - 1e-3, "luminance rises at {i}: {l} after {last}");
            last = l;
        }
        assert!(lum(0.0) < 0.01 && lum(1.0) > 0.8);
        assert_eq!(legend_position(0.0, 100.0), 0.0);
        assert_eq!(legend_position(100.0, 100.0), 1.0);
    }
}
