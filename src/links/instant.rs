//! The links at one instant: the mesh, the satellites each gateway sees,
//! and the totals.

use super::mesh;
use super::model::{LinksModel, gmst_at, positions_at};
use crate::propagation::fleet::Fleet;
use crate::vec3::Vec3;
use chrono::{DateTime, Utc};

/// The whole picture at one instant: the mesh, the gateways' satellites, totals.
#[derive(Debug, Clone)]
pub struct LinksAt {
    /// The instant.
    pub at: DateTime<Utc>,
    /// Greenwich sidereal angle then, radians.
    pub gmst_rad: f64,
    /// Satellite positions, TEME, km.
    pub positions: Vec<Option<Vec3>>,
    /// The laser mesh.
    pub mesh: mesh::Mesh,
    /// Per gateway, the satellites in view and their slant ranges, km.
    pub in_view: Vec<Vec<(u32, f32)>>,
    /// Satellites with a position.
    pub satellites: u64,
    /// Satellites serving at least one gateway.
    pub satellites_with_gateway: u64,
    /// Sum over gateways of min(antennas, satellites in view) × ground-link capacity, bit/s.
    pub ground_capacity_bps: f64,
    /// The mesh's capacity, laser links × their capacity, bit/s.
    pub laser_capacity_bps: f64,
}

/// Mesh, gateway visibility and totals for `fleet` at `at`.
pub fn links_at(fleet: &Fleet, model: &LinksModel, at: DateTime<Utc>) -> LinksAt {
    let positions = positions_at(fleet, at);
    links_from_positions(fleet, model, at, positions)
}

/// As [`links_at`], from positions already propagated.
pub fn links_from_positions(
    fleet: &Fleet,
    model: &LinksModel,
    at: DateTime<Utc>,
    positions: Vec<Option<Vec3>>,
) -> LinksAt {
    let gmst_rad = gmst_at(at);
    let mesh = mesh::Mesh::build(fleet, &positions, &model.spec, &model.between);
    let in_view = mesh::gateways_in_view(&positions, model, gmst_rad);
    let mut serving = vec![false; positions.len()];
    let mut ground_capacity_bps = 0.0;
    for (g, seen) in model.gateways.iter().zip(&in_view) {
        for &(i, _) in seen {
            serving[i as usize] = true;
        }
        ground_capacity_bps +=
            (g.antennas as usize).min(seen.len()) as f64 * model.spec.ground_link_bps;
    }
    LinksAt {
        at,
        gmst_rad,
        satellites: positions.iter().filter(|p| p.is_some()).count() as u64,
        satellites_with_gateway: serving.iter().filter(|&&s| s).count() as u64,
        ground_capacity_bps,
        laser_capacity_bps: mesh.links as f64 * model.spec.laser_link_bps,
        positions,
        mesh,
        in_view,
    }
}
