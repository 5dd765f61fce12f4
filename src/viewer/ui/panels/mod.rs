//! The docks, drawn with egui from a [`PanelModel`]: Time, Find,
//! Constellation, Sky and Record on the left; Power, Compute, Links, Safety
//! and Satellite on the right. One panel a file; each pushes
//! [`Action`](crate::viewer::messages::Action)s.

pub mod compute;
pub mod constellation;
pub mod find;
pub mod inspector;
pub mod links;
pub mod power;
pub mod record;
pub mod safety;
pub mod sky;
pub mod time;
pub mod widgets;

use crate::viewer::ui::model::{PanelLayout, PanelModel};
use bevy_egui::egui;

/// A section of a dock: its title, where its open state is kept, whether
/// this build shows it, and how it is drawn.
struct Section {
    title: &'static str,
    open: fn(&mut PanelLayout) -> &mut bool,
    shown: fn(&PanelModel) -> bool,
    body: fn(&mut egui::Ui, &mut PanelModel),
}

/// The left dock's sections, top to bottom.
const LEFT: [Section; 5] = [
    Section {
        title: "Time",
        open: |l| &mut l.time,
        shown: |_| true,
        body: time::time_panel_ui,
    },
    Section {
        title: "Find",
        open: |l| &mut l.find,
        shown: |_| true,
        body: find::find_panel_ui,
    },
    Section {
        title: "Constellation",
        open: |l| &mut l.constellation,
        shown: |_| true,
        body: constellation::constellation_panel_ui,
    },
    Section {
        title: "Sky",
        open: |l| &mut l.sky,
        shown: |_| true,
        body: sky::sky_panel_ui,
    },
    Section {
        title: "Record",
        open: |l| &mut l.record,
        // Recording runs this program off-screen: not in a browser.
        shown: |m| !m.web,
        body: record::record_panel_ui,
    },
];

/// The right dock's sections, top to bottom.
const RIGHT: [Section; 5] = [
    Section {
        title: "Power",
        open: |l| &mut l.power,
        shown: |_| true,
        body: power::power_panel_ui,
    },
    Section {
        title: "Compute",
        open: |l| &mut l.compute,
        shown: |_| true,
        body: compute::compute_panel_ui,
    },
    Section {
        title: "Links",
        open: |l| &mut l.links,
        shown: |_| true,
        body: links::links_panel_ui,
    },
    Section {
        title: "Safety",
        open: |l| &mut l.safety,
        shown: |_| true,
        body: safety::safety_panel_ui,
    },
    Section {
        title: "Satellite",
        open: |l| &mut l.inspector,
        shown: |_| true,
        body: inspector::inspector_ui,
    },
];

/// The titles of the sections this build's docks show, left dock first.
pub fn section_titles(web: bool) -> Vec<&'static str> {
    let m = PanelModel {
        web,
        ..Default::default()
    };
    LEFT.iter()
        .chain(RIGHT.iter())
        .filter(|s| (s.shown)(&m))
        .map(|s| s.title)
        .collect()
}

/// Both docks, inside the root `ui` that covers the window.
pub fn panels_ui(root: &mut egui::Ui, m: &mut PanelModel) {
    m.controls.clear();
    if !m.visible {
        return;
    }
    if m.layout.left {
        egui::Panel::left("left_panel")
            .resizable(true)
            .default_size(340.0)
            .show(root, |ui| dock_ui(ui, m, &LEFT));
    }
    if m.layout.right {
        egui::Panel::right("right_panel")
            .resizable(true)
            .default_size(320.0)
            .show(root, |ui| dock_ui(ui, m, &RIGHT));
    }
}

/// A dock: its sections in a scroll area, each collapsible.
fn dock_ui(ui: &mut egui::Ui, m: &mut PanelModel, sections: &[Section]) {
    egui::ScrollArea::vertical().show(ui, |ui| {
        for s in sections {
            if !(s.shown)(m) {
                continue;
            }
            let open = *(s.open)(&mut m.layout);
            let header = egui::CollapsingHeader::new(egui::RichText::new(s.title).strong())
                .open(Some(open))
                .show(ui, |ui| (s.body)(ui, m))
                .header_response;
            // The page's test opens sections by their headers.
            if m.web {
                widgets::note_control(m, s.title, &header);
            }
            if header.clicked() {
                *(s.open)(&mut m.layout) = !open;
            }
        }
    });
}
