//! What the user asked of the links (the Links panel, a shot script, a URL,
//! `--route` and `--mesh`): plain data, read by the links feature, the
//! panels, the recorder and the page.

use crate::links::{LinksModel, parse_place};
use bevy::prelude::Resource;

/// What the Links panel, a shot script or a URL asked for.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct LinksSettings {
    /// Compute the totals live even without a route or a mesh.
    pub live: bool,
    /// A route between two places, as typed (gateway or site names, or LAT,LON).
    pub route: Option<(String, String)>,
    /// The shell whose laser mesh is drawn on the globe.
    pub mesh_shell: Option<usize>,
    /// The gateways drawn as markers on the globe.
    pub gateways: bool,
}

impl LinksSettings {
    /// Whether anything needs the links computed.
    pub fn wanted(&self) -> bool {
        self.live || self.route.is_some() || self.mesh_shell.is_some()
    }

    /// The same settings with the route checked against `model`'s gateways
    /// and `sky`'s sites: the reason if a place is unknown.
    pub fn check(&self, model: &LinksModel) -> Result<(), String> {
        if let Some((from, to)) = &self.route {
            for p in [from, to] {
                parse_place(p, model).map_err(|e| e.to_string())?;
            }
        }
        Ok(())
    }
}
