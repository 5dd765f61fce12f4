//! The panels feature: the docks drawn with egui from a [`PanelModel`]
//! (copied from the world each frame), the user's actions sent as
//! [`Action`] messages for the features to handle, what came of them, and
//! the layout kept between runs.

pub mod files;
pub mod layout;
pub mod model;
pub mod panels;
pub mod sync;

use super::messages::{Action, SceneReplaced, StatusMessage};
use super::systems::ViewerSystems;
use bevy::prelude::*;
use bevy_egui::EguiContexts;
use layout::LayoutFile;
pub use model::Panels;

/// The docks.
pub struct PanelsPlugin {
    /// Where the layout is kept (None: not kept, as in tests and recordings).
    pub layout_file: LayoutFile,
}

impl Plugin for PanelsPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<Panels>()
            .insert_resource(self.layout_file.clone())
            .add_message::<Action>()
            .add_message::<StatusMessage>()
            .add_message::<SceneReplaced>()
            .add_systems(Startup, load_layout)
            .add_systems(
                Update,
                (sync::receive_statuses, files::save_constellation).in_set(ViewerSystems::Input),
            )
            .add_systems(
                bevy_egui::EguiPrimaryContextPass,
                (sync::sync_panels, draw_panels, send_actions)
                    .chain()
                    .in_set(ViewerSystems::Panels),
            );
    }
}

fn load_layout(file: Res<LayoutFile>, mut panels: ResMut<Panels>) {
    panels.0.layout = file.load();
    panels.0.web = cfg!(target_arch = "wasm32");
}

/// Draws the docks over the whole window, and saves the layout when it changed.
fn draw_panels(
    mut contexts: EguiContexts,
    mut panels: ResMut<Panels>,
    file: Res<LayoutFile>,
    overlays: Option<Res<crate::viewer::camera::Overlays>>,
    mut area: Option<ResMut<crate::viewer::camera::area::FreeArea>>,
) -> Result {
    let before = panels.0.layout;
    let ctx = contexts.ctx_mut()?;
    let mut root = bevy_egui::egui::Ui::new(
        ctx.clone(),
        "panels_root".into(),
        bevy_egui::egui::UiBuilder::new()
            .layer_id(bevy_egui::egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    panels::panels_ui(&mut root, &mut panels.0);
    // What the docks left: the scene is drawn there.
    if let Some(area) = area.as_mut() {
        let window = ctx.viewport_rect();
        let free = root.available_rect_before_wrap();
        let status_line = overlays.is_some_and(|o| o.visible);
        let new = crate::viewer::camera::area::FreeArea::new(
            window,
            free,
            status_line,
            ctx.pixels_per_point(),
        );
        if **area != new {
            **area = new;
        }
    }
    if panels.0.layout != before {
        file.save(&panels.0.layout);
    }
    Ok(())
}

/// The actions of this frame, as messages (the features read them in the
/// next frame's [`ViewerSystems::Input`]).
pub fn send_actions(mut panels: ResMut<Panels>, mut actions: MessageWriter<Action>) {
    actions.write_batch(std::mem::take(&mut panels.0.actions));
}
