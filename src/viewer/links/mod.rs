//! Laser links, gateways and routes on screen: the `links` model computed
//! off the frame ([`live`]), drawn on the globe as lines that the GPU moves
//! with their satellites ([`lines`]), and shown in the Links panel.

pub mod lines;
pub mod live;
pub mod settings;

use crate::viewer::messages::{Action, SceneReplaced};
use crate::viewer::systems::ViewerSystems;
use bevy::prelude::*;
use lines::{LinkLines, update_link_lines};
use live::{LinksLive, refresh_links};
use settings::LinksSettings;

/// The links feature.
pub struct LinksPlugin {
    /// The settings at start (`route=` in a URL).
    pub start: LinksSettings,
}

impl Plugin for LinksPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(self.start.clone())
            .init_resource::<LinksLive>()
            .init_resource::<LinkLines>()
            .add_message::<Action>()
            .add_message::<SceneReplaced>()
            .add_systems(Update, apply_links_actions.in_set(ViewerSystems::Input))
            .add_systems(
                Update,
                (refresh_links, update_link_lines)
                    .chain()
                    .in_set(ViewerSystems::Totals),
            );
    }
}

/// The Links panel's settings; a new constellation drops a mesh shell it does not have.
fn apply_links_actions(
    mut actions: MessageReader<Action>,
    mut replaced: MessageReader<SceneReplaced>,
    scene: Res<crate::viewer::scene::fleet::SceneFleet>,
    mut settings: ResMut<LinksSettings>,
) {
    for action in actions.read() {
        if let Action::SetLinks(s) = action {
            *settings = s.as_ref().clone();
        }
    }
    if replaced.read().count() > 0
        && settings
            .mesh_shell
            .is_some_and(|s| s >= scene.fleet.shells.len())
    {
        settings.mesh_shell = None;
    }
}
