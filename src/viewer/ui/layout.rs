//! The panel layout (which docks and sections are open), kept between
//! runs in the user's configuration folder on native.

use super::model::PanelLayout;
use bevy::prelude::*;
use std::path::PathBuf;

/// Where the layout is saved (None: not saved, e.g. in tests and recordings).
#[derive(Resource, Debug, Clone, Default)]
pub struct LayoutFile(pub Option<PathBuf>);

impl LayoutFile {
    /// `$XDG_CONFIG_HOME/megaconstellation/panels.json`, or under `~/.config`.
    pub fn user_default() -> Self {
        #[cfg(not(target_arch = "wasm32"))]
        {
            let base = std::env::var_os("XDG_CONFIG_HOME")
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")));
            Self(base.map(|b| b.join("megaconstellation").join("panels.json")))
        }
        #[cfg(target_arch = "wasm32")]
        {
            Self(None)
        }
    }

    /// The saved layout, or the default one.
    pub fn load(&self) -> PanelLayout {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(path) = &self.0
            && let Ok(text) = std::fs::read_to_string(path)
            && let Ok(layout) = serde_json::from_str(&text)
        {
            return layout;
        }
        PanelLayout::default()
    }

    /// Saves the layout (errors are logged, never fatal).
    pub fn save(&self, layout: &PanelLayout) {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(path) = &self.0 {
            let result = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| {
                    std::fs::write(
                        path,
                        serde_json::to_string_pretty(layout).unwrap_or_default(),
                    )
                });
            if let Err(e) = result {
                warn!("cannot save the panel layout to {}: {e}", path.display());
            }
        }
        #[cfg(target_arch = "wasm32")]
        let _ = layout;
    }
}
