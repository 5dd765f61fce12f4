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

    /// The saved layout, or the default one. A layout file that cannot be
    /// read as one is moved aside (`panels.json.bad`), with a warning, so
    /// that the next save does not lose it and the viewer starts.
    pub fn load(&self) -> PanelLayout {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(path) = &self.0
            && path.exists()
        {
            let parsed = std::fs::read_to_string(path)
                .map_err(|e| e.to_string())
                .and_then(|text| {
                    serde_json::from_str::<PanelLayout>(&text).map_err(|e| e.to_string())
                });
            match parsed {
                Ok(layout) => return layout,
                Err(e) => {
                    let aside = path.with_extension("json.bad");
                    let moved = std::fs::rename(path, &aside);
                    warn!(
                        "the panel layout {} is unreadable ({e}); {}; starting with the default layout",
                        path.display(),
                        match moved {
                            Ok(()) => format!("moved it to {}", aside.display()),
                            Err(m) => format!("could not move it aside: {m}"),
                        }
                    );
                }
            }
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
                    crate::files::replace_atomically(
                        path,
                        serde_json::to_string_pretty(layout)
                            .unwrap_or_default()
                            .as_bytes(),
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn a_corrupt_layout_is_moved_aside_and_the_defaults_used() {
        let dir = std::env::temp_dir().join(format!("mc-layout-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("panels.json");
        std::fs::write(&path, "{\"left\": fals").expect("corrupt file");
        let file = LayoutFile(Some(path.clone()));
        assert_eq!(file.load(), PanelLayout::default());
        assert!(!path.exists(), "moved away");
        assert_eq!(
            std::fs::read_to_string(dir.join("panels.json.bad")).expect("kept aside"),
            "{\"left\": fals"
        );
        // A good layout saves and loads back.
        let layout = PanelLayout {
            record: true,
            power: false,
            ..PanelLayout::default()
        };
        file.save(&layout);
        assert_eq!(file.load(), layout);
        std::fs::remove_dir_all(&dir).ok();
    }
}
