//! The scene feature: the constellation on screen ([`fleet::SceneFleet`]),
//! its per-frame state at the clock's time ([`frame::SceneFrame`]), the
//! catalog's GPU arcs, Bevy's atmosphere and Sun light where the GPU has
//! compute, and the panels' actions that load or edit the constellation.

#[cfg(feature = "atmosphere")]
pub mod atmosphere;
pub mod catalog;
pub mod colour;
pub mod density;
pub mod filter;
pub mod fleet;
pub mod frame;
pub mod show_only;

use super::config::DrawLimit;
use super::messages::{Action, SceneReplaced, Status, StatusMessage, StatusSlot, UiError};
use super::systems::ViewerSystems;
use crate::constellation::{Constellation, check_constellation};
use crate::error::{LoadError, Origin};
use bevy::prelude::*;
use fleet::SceneFleet;
use frame::{SatelliteStyle, SceneFrame};

/// The constellation, its per-frame state, and the atmosphere.
pub struct ScenePlugin {
    /// The constellation at start.
    pub scene: SceneFleet,
    /// `--limit`, kept when the constellation changes.
    pub limit: Option<usize>,
    /// Bevy's atmosphere (where built with feature `atmosphere`).
    pub atmosphere: bool,
}

impl Plugin for ScenePlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(self.scene.clone())
            .insert_resource(DrawLimit(self.limit))
            .init_resource::<SatelliteStyle>()
            .init_resource::<SceneFrame>()
            .init_resource::<catalog::CatalogGpu>()
            .init_resource::<filter::FilterSettings>()
            .init_resource::<filter::FilterCount>()
            .init_resource::<density::DensityColours>()
            .init_resource::<density::DensityBuild>()
            .add_message::<Action>()
            .add_message::<SceneReplaced>()
            .add_message::<StatusMessage>()
            .add_systems(Update, apply_scene_actions.in_set(ViewerSystems::Input))
            .add_systems(
                Update,
                (frame::update_scene_frame, catalog::update_catalog_gpu)
                    .chain()
                    .in_set(ViewerSystems::Scene),
            )
            .add_systems(
                Update,
                (filter::count_filtered, density::refresh_density).in_set(ViewerSystems::Scene),
            );
        #[cfg(feature = "atmosphere")]
        if self.atmosphere {
            app.add_plugins(atmosphere::AtmospherePlugin);
        }
    }
}

/// Presets, files, uploads and shell edits replace the constellation;
/// the shell checkboxes hide shells.
fn apply_scene_actions(
    mut actions: MessageReader<Action>,
    mut scene: ResMut<SceneFleet>,
    mut style: ResMut<SatelliteStyle>,
    mut filters: ResMut<filter::FilterSettings>,
    limit: Res<DrawLimit>,
    mut replaced: MessageWriter<SceneReplaced>,
    mut status: MessageWriter<StatusMessage>,
) {
    for action in actions.read() {
        let loaded = match action {
            Action::LoadPreset(name) => Constellation::from_preset(name).map(|c| (c, false)),
            Action::OpenFile(path) => open_file(path).map(|c| (c, false)),
            Action::OpenText(name, text) => {
                Constellation::from_text(text, Origin(name.clone()), None).map(|c| (c, false))
            }
            Action::ApplyShell(index, shell) => {
                let mut c = (*scene.constellation).clone();
                if let Some(slot) = c.spec.shells.get_mut(*index) {
                    *slot = shell.clone();
                }
                check_constellation(&c.spec, "", &c.origin).map(|()| (c, true))
            }
            Action::SetColourBy(mode) => {
                style.colour_by = *mode;
                continue;
            }
            Action::SetFilters(f) => {
                *filters = f.clone();
                continue;
            }
            Action::SetShellVisible(i, visible) => {
                if style.hidden_shells.len() <= *i {
                    style.hidden_shells.resize(i + 1, false);
                }
                style.hidden_shells[*i] = !visible;
                continue;
            }
            _ => continue,
        };
        let result = loaded.and_then(|(c, edited)| {
            let mut next = SceneFleet::new(c, limit.0)?;
            next.generation = scene.generation + 1;
            Ok((next, edited))
        });
        match result {
            Ok((next, edited)) => {
                *scene = next;
                if !edited {
                    style.hidden_shells.clear();
                }
                replaced.write(SceneReplaced { edited });
                if edited {
                    status.write(StatusMessage {
                        slot: StatusSlot::Constellation,
                        status: Status::Done("shell rebuilt".into()),
                    });
                }
            }
            Err(e) => {
                status.write(StatusMessage {
                    slot: StatusSlot::Constellation,
                    status: Status::Failed(UiError::from(&e)),
                });
            }
        }
    }
}

fn open_file(path: &str) -> Result<Constellation, LoadError> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        Constellation::from_file(std::path::Path::new(path.trim()))
    }
    #[cfg(target_arch = "wasm32")]
    {
        Err(LoadError::File {
            origin: Origin(path.to_owned()),
            message: "in the browser, upload a file instead".into(),
        })
    }
}
