//! Constellations: the file format, the built-in presets, and loading a
//! constellation with its catalogs from a preset or a file.

pub mod load;
pub mod spec;

pub use load::{
    ResolvedShell, ShellError, check_constellation, parse_constellation, resolve_shell,
};
pub use spec::{CatalogRef, ConstellationSpec, InclinationKeyword, Instant, ShellSpec};

use crate::catalog::Catalog;
use crate::error::{LoadError, Origin, toml_key_position};
use std::path::{Path, PathBuf};

/// A built-in constellation.
#[derive(Debug, Clone, Copy)]
pub struct Preset {
    /// Name used with `--preset`.
    pub name: &'static str,
    /// The preset's constellation file.
    pub toml: &'static str,
}

/// The built-in presets; the first is the default.
pub const PRESETS: [Preset; 4] = [
    Preset {
        name: "odc-1m",
        toml: include_str!("../../assets/presets/odc-1m.toml"),
    },
    Preset {
        name: "starlink-gen1",
        toml: include_str!("../../assets/presets/starlink-gen1.toml"),
    },
    Preset {
        name: "starlink-gen2",
        toml: include_str!("../../assets/presets/starlink-gen2.toml"),
    },
    Preset {
        name: "suncatcher",
        toml: include_str!("../../assets/presets/suncatcher.toml"),
    },
];

/// The preset used when none is named.
pub const DEFAULT_PRESET: &str = "odc-1m";

/// Finds a preset by name.
pub fn preset(name: &str) -> Result<&'static Preset, LoadError> {
    PRESETS
        .iter()
        .find(|p| p.name == name)
        .ok_or_else(|| LoadError::UnknownPreset {
            name: name.to_owned(),
            available: PRESETS.map(|p| p.name).join(", "),
        })
}

/// A checked constellation and the catalogs it imports.
#[derive(Debug, Clone)]
pub struct Constellation {
    /// The file's contents.
    pub spec: ConstellationSpec,
    /// The file or preset it came from.
    pub origin: Origin,
    /// Imported element files: those the file names, then those added.
    pub catalogs: Vec<Catalog>,
}

impl Constellation {
    /// A built-in preset.
    pub fn from_preset(name: &str) -> Result<Self, LoadError> {
        let p = preset(name)?;
        Self::from_text(p.toml, Origin(format!("preset {}", p.name)), None)
    }

    /// A constellation file; catalogs it names are read relative to its folder.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn from_file(path: &Path) -> Result<Self, LoadError> {
        let origin = Origin(path.display().to_string());
        let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io {
            origin: origin.clone(),
            source,
        })?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Self::from_text(&text, origin, Some(&dir))
    }

    /// Parses a constellation file's text. Catalog paths resolve against
    /// `base_dir`; without one (a preset, an upload) a file naming catalogs is refused.
    pub fn from_text(
        text: &str,
        origin: Origin,
        base_dir: Option<&Path>,
    ) -> Result<Self, LoadError> {
        let spec = parse_constellation(text, &origin)?;
        let mut catalogs = Vec::with_capacity(spec.catalogs.len());
        for (index, c) in spec.catalogs.iter().enumerate() {
            let Some(dir) = base_dir else {
                return Err(LoadError::At {
                    origin: origin.clone(),
                    line: toml_key_position(text, "catalog", index, "path").0,
                    column: None,
                    message: format!(
                        "catalog `{}` cannot be read from here; load the file from disk or import the catalog with --catalog",
                        c.path
                    ),
                });
            };
            let path: PathBuf = dir.join(&c.path);
            #[cfg(target_arch = "wasm32")]
            let loaded: Result<Catalog, LoadError> = Err(LoadError::File {
                origin: Origin(path.display().to_string()),
                message: "files cannot be read in the browser".into(),
            });
            #[cfg(not(target_arch = "wasm32"))]
            let loaded = Catalog::load(&path);
            catalogs.push(loaded.map_err(|e| match e {
                LoadError::Io { source, .. } => LoadError::At {
                    origin: origin.clone(),
                    line: toml_key_position(text, "catalog", index, "path").0,
                    column: None,
                    message: format!("cannot read catalog `{}`: {source}", path.display()),
                },
                other => other,
            })?);
        }
        Ok(Self {
            spec,
            origin,
            catalogs,
        })
    }

    /// A constellation of catalogs only, with the default satellite model.
    pub fn from_catalogs(catalogs: Vec<Catalog>) -> Self {
        let spec = ConstellationSpec {
            name: Some("catalog".into()),
            description: None,
            epoch: spec::default_epoch(),
            satellite: Default::default(),
            fleet: Default::default(),
            shells: Vec::new(),
            catalogs: Vec::new(),
            links: Default::default(),
            gateways: Vec::new(),
            safety: Default::default(),
        };
        Self {
            spec,
            origin: Origin("catalogs".into()),
            catalogs,
        }
    }

    /// The name to show: the file's `name`, else its origin.
    pub fn display_name(&self) -> String {
        self.spec
            .name
            .clone()
            .unwrap_or_else(|| self.origin.0.clone())
    }

    /// Resolves every shell (already checked when loaded).
    pub fn resolved_shells(&self) -> Result<Vec<ResolvedShell>, LoadError> {
        self.spec
            .shells
            .iter()
            .map(|s| {
                resolve_shell(s, self.spec.epoch.0).map_err(|e| LoadError::File {
                    origin: self.origin.clone(),
                    message: format!("shell `{}`: {e}", s.name),
                })
            })
            .collect()
    }
}
