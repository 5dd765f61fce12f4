//! The flags that name a constellation, shared by the commands.

use crate::catalog::Catalog;
use crate::constellation::{Constellation, DEFAULT_PRESET};
use clap::Args;
use std::path::PathBuf;

/// Which constellation: a preset, a file, catalogs, or the default preset.
#[derive(Debug, Clone, Default, Args)]
pub struct SourceArgs {
    /// A built-in constellation (see `megaconstellation presets`) [default: odc-1m].
    #[arg(long, value_name = "NAME", conflicts_with = "constellation")]
    pub preset: Option<String>,
    /// A constellation file (TOML).
    #[arg(long, value_name = "FILE")]
    pub constellation: Option<PathBuf>,
    /// Import real satellites from a TLE or OMM JSON file (repeatable).
    #[arg(long = "catalog", value_name = "FILE")]
    pub catalogs: Vec<PathBuf>,
}

impl SourceArgs {
    /// Loads the constellation these flags name. Catalogs alone give a
    /// catalog-only constellation; nothing at all gives the default preset.
    pub fn load(&self) -> Result<Constellation, crate::error::LoadError> {
        let catalogs = self
            .catalogs
            .iter()
            .map(|p| Catalog::load(p))
            .collect::<Result<Vec<_>, _>>()?;
        let mut constellation = match (&self.preset, &self.constellation) {
            (_, Some(path)) => Constellation::from_file(path)?,
            (Some(name), None) => Constellation::from_preset(name)?,
            (None, None) if !catalogs.is_empty() => {
                return Ok(Constellation::from_catalogs(catalogs));
            }
            (None, None) => Constellation::from_preset(DEFAULT_PRESET)?,
        };
        constellation.catalogs.extend(catalogs);
        Ok(constellation)
    }
}
