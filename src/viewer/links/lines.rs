//! What the GPU draws of the links: line segments whose ends are shell
//! satellites (propagated on the GPU with the rest, so the lines move with
//! their satellites every frame) or places fixed to the Earth (turned with
//! it). Made again only when the links, the route or the settings change.
//! The route and the gateways are 3 px wide and opaque, over the
//! satellites; the mesh 1 px and a third opaque.

use super::live::{LinksLive, LinksSettings, shell_of};
use crate::links::LinksModel;
use crate::propagation::Fleet;
use crate::viewer::scene::fleet::{SHELLS_PER_BATCH, SceneFleet};
use bevy::prelude::*;
use bevy::render::extract_resource::ExtractResource;
use bytemuck::{Pod, Zeroable};
use std::sync::Arc;

/// One segment as `satellites.wgsl`'s `link_vertex` reads it. Each end is a
/// shell satellite (node and mean anomaly at epoch, radians; its shell in
/// the batch; w = 0) or an Earth-fixed place (km; w = 1). 64 bytes.
#[repr(C)]
#[derive(Debug, Clone, Copy, Pod, Zeroable, PartialEq)]
pub struct GpuLink {
    /// First end.
    pub a: [f32; 4],
    /// Second end.
    pub b: [f32; 4],
    /// Colour and opacity.
    pub colour: [f32; 4],
    /// x: the line moved this many pixels across itself (wide lines are
    /// drawn as several, each 1 px). y > 0: a marker instead, `a` its
    /// place: a line of ±y pixels along the screen direction (z, w).
    pub style: [f32; 4],
}

const _: () = assert!(size_of::<GpuLink>() == 64);

/// Offsets, px, of the 1 px lines that make a 3 px line.
const WIDE: [f32; 3] = [-1.0, 0.0, 1.0];

/// A laser link of the mesh: cyan, a third opaque.
pub const MESH_COLOUR: [f32; 4] = [0.25, 0.8, 1.0, 0.35];
/// The route: bright yellow.
pub const ROUTE_COLOUR: [f32; 4] = [1.0, 0.85, 0.05, 1.0];
/// A gateway's marker: orange.
pub const GATEWAY_COLOUR: [f32; 4] = [1.0, 0.45, 0.05, 1.0];
/// Height of a gateway's marker, km.
pub const MARKER_HEIGHT_KM: f64 = 400.0;
/// Half the width of a gateway's cross, km.
pub const MARKER_HALF_WIDTH_KM: f64 = 120.0;

/// The segments to draw and the shell batch whose terms they read.
#[derive(Resource, Clone, Default, ExtractResource)]
pub struct LinkLines {
    /// The segments (a new `Arc` whenever they change).
    pub lines: Arc<Vec<GpuLink>>,
    /// The shell batch of their satellite ends.
    pub batch: usize,
}

/// The GPU end of fleet satellite `i` and its batch (none for catalog satellites).
fn satellite_end(fleet: &Fleet, i: u32) -> Option<([f32; 4], usize)> {
    let shell = shell_of(fleet, i as usize)?;
    let (node, anomaly) = fleet.shell_phase(i as usize);
    Some((
        [
            node as f32,
            anomaly as f32,
            (shell % SHELLS_PER_BATCH) as f32,
            0.0,
        ],
        shell / SHELLS_PER_BATCH,
    ))
}

fn fixed_end(p: [f64; 3]) -> [f32; 4] {
    [p[0] as f32, p[1] as f32, p[2] as f32, 1.0]
}

/// The segments for these settings and links: the gateways' markers, the
/// chosen shell's mesh, the route (gateway, satellites, gateway). Segments
/// with a satellite outside the first satellite's batch are left out (only
/// constellations of more than 192 shells have more than one).
pub fn build_lines(
    fleet: &Fleet,
    model: &LinksModel,
    settings: &LinksSettings,
    live: &LinksLive,
) -> LinkLines {
    let mut lines = Vec::new();
    let mut batch: Option<usize> = None;
    let line = |a, b, colour, offset| GpuLink {
        a,
        b,
        colour,
        style: [offset, 0.0, 0.0, 0.0],
    };
    let mut push_sat = |lines: &mut Vec<GpuLink>, a: u32, b: u32, colour, offsets: &[f32]| {
        if let (Some((ea, ba)), Some((eb, bb))) = (satellite_end(fleet, a), satellite_end(fleet, b))
        {
            let keep = *batch.get_or_insert(ba);
            if ba == keep && bb == keep {
                lines.extend(offsets.iter().map(|&o| line(ea, eb, colour, o)));
            }
        }
    };
    if settings.gateways {
        for g in &model.gateways {
            let base = g.site.pos_in_ecef_km();
            let [e, n, u] = g.site.enu_in_ecef();
            let at =
                |v: [f64; 3], k: f64| [base[0] + v[0] * k, base[1] + v[1] * k, base[2] + v[2] * k];
            for (from, to) in [
                (base, at(u, MARKER_HEIGHT_KM)),
                (at(e, -MARKER_HALF_WIDTH_KM), at(e, MARKER_HALF_WIDTH_KM)),
                (at(n, -MARKER_HALF_WIDTH_KM), at(n, MARKER_HALF_WIDTH_KM)),
            ] {
                for o in WIDE {
                    lines.push(line(fixed_end(from), fixed_end(to), GATEWAY_COLOUR, o));
                }
            }
        }
    }
    if let Some(snap) = &live.latest {
        if let (Some((shell, edges)), Some(wanted)) = (&snap.mesh, settings.mesh_shell)
            && *shell == wanted
        {
            for &(a, b) in edges {
                push_sat(&mut lines, a, b, MESH_COLOUR, &[0.0]);
            }
        }
        if let Some(route) = &snap.route
            && settings.route.is_some()
            && let (Some([up, down]), Some(first), Some(last)) = (
                route.gateway_positions,
                route.satellites.first(),
                route.satellites.last(),
            )
        {
            for w in route.satellites.windows(2) {
                push_sat(&mut lines, w[0], w[1], ROUTE_COLOUR, &WIDE);
            }
            for (place, sat) in [(up, *first), (down, *last)] {
                if let Some((end, _)) = satellite_end(fleet, sat) {
                    for o in WIDE {
                        lines.push(line(fixed_end(place), end, ROUTE_COLOUR, o));
                    }
                }
            }
        }
    }
    LinkLines {
        lines: Arc::new(lines),
        batch: batch.unwrap_or(0),
    }
}

/// Makes the segments again when the links, the settings or the scene change.
pub fn update_link_lines(
    scene: Res<SceneFleet>,
    settings: Res<LinksSettings>,
    live: Res<LinksLive>,
    mut lines: ResMut<LinkLines>,
) {
    if !(scene.is_changed() || settings.is_changed() || live.is_changed()) {
        return;
    }
    let model = LinksModel::new(&scene.constellation.spec);
    *lines = build_lines(&scene.fleet, &model, &settings, &live);
}
