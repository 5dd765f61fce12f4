//! Saving the constellation as edited (the Constellation panel's Save).

use super::model::Panels;
use crate::viewer::messages::{Action, Status, UiError};
use crate::viewer::scene::fleet::SceneFleet;
use crate::viewer::totals::Assumptions;
use bevy::prelude::*;

/// Writes the constellation, with the assumptions in force, where Save asks.
pub fn save_constellation(
    mut actions: MessageReader<Action>,
    scene: Res<SceneFleet>,
    assumptions: Res<Assumptions>,
    mut panels: ResMut<Panels>,
) {
    for action in actions.read() {
        if let Action::SaveFile(path, overwrite) = action {
            let mut spec = scene.constellation.spec.clone();
            spec.satellite = assumptions.satellite.clone();
            spec.fleet = assumptions.fleet.clone();
            panels.0.message = Some(match save_file(path, &spec.to_toml(), *overwrite) {
                Ok(done) => Status::Done(done),
                Err(e) => Status::Failed(e),
            });
        }
    }
}

/// Writes `text` to `path` unless it exists and `overwrite` is off.
pub fn save_file(path: &str, text: &str, overwrite: bool) -> Result<String, UiError> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let path = path.trim();
        if path.is_empty() {
            return Err(UiError::NoPath);
        }
        let p = std::path::Path::new(path);
        // Atomically: a crash or a full disk leaves the old file whole.
        let written = if overwrite {
            crate::files::replace_atomically(p, text.as_bytes())
        } else {
            crate::files::create_atomically(p, text.as_bytes())
        };
        match written {
            Ok(()) => Ok(format!("saved {path}")),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(UiError::Exists { path: path.into() })
            }
            Err(e) => Err(UiError::Write {
                path: path.into(),
                reason: e.to_string(),
            }),
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        let _ = (path, text, overwrite);
        Err(UiError::NotInBrowser("saving"))
    }
}
