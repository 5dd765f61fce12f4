//! The order of the viewer's features within a frame, as one public set:
//! a feature puts its systems in the set of its stage and never names
//! another feature's functions.

use bevy::prelude::*;

/// The stages of a viewer frame. In `Update`: [`Input`](Self::Input), then
/// [`Scene`](Self::Scene), [`Follow`](Self::Follow), [`Totals`](Self::Totals).
/// In `bevy_egui::EguiPrimaryContextPass`: [`Panels`](Self::Panels), then
/// [`Overlays`](Self::Overlays).
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ViewerSystems {
    /// Keys, clicks and the panels' [`Action`](super::messages::Action)
    /// messages change the clock, the constellation, the selection and the
    /// assumptions. Runs first, so that the rest of the frame sees the change.
    Input,
    /// The per-frame scene state at the clock's time (Sun, Earth's rotation,
    /// the shells' terms, the catalog's arcs): after `Input`.
    Scene,
    /// The selection's orbit and marker, and the camera following it: after
    /// `Scene`, which clears nothing of theirs.
    Follow,
    /// The fleet's totals started and collected off the frame: after
    /// `Follow`, last.
    Totals,
    /// The docks: the world copied into the panels, drawn, and the user's
    /// actions sent as messages (handled in `Input` of the next frame).
    Panels,
    /// What is drawn over the scene and the docks: status line, help, captions.
    Overlays,
}

/// Orders the stages (called once by the viewer's plugin).
pub fn configure_viewer_systems(app: &mut App) {
    use ViewerSystems::*;
    app.configure_sets(Update, (Input, Scene, Follow, Totals).chain())
        .configure_sets(
            bevy_egui::EguiPrimaryContextPass,
            (Panels, Overlays).chain(),
        );
}
