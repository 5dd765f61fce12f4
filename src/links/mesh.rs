//! The laser mesh in compressed sparse rows (+Grid within shells, nearest
//! satellite between linked shells) and the satellites each gateway sees.

use super::model::{ATMOSPHERE_CLEARANCE_KM, EARTH_RADIUS_KM, LinksModel};
use super::spec::LinksSpec;
use crate::propagation::fleet::Fleet;
use crate::vec3::{Vec3, dot, sub};
use std::collections::HashMap;
use std::ops::Range;

/// Satellites handled per parallel work item.
const CHUNK: usize = 16_384;

/// The laser links at one instant, both directions of each in CSR form:
/// satellite `i`'s neighbours are `targets[offsets[i]..offsets[i + 1]]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mesh {
    /// Row starts, one per satellite and one past the end.
    pub offsets: Vec<u32>,
    /// Neighbour of each entry.
    pub targets: Vec<u32>,
    /// Length of each entry's link, km.
    pub lengths_km: Vec<f32>,
    /// Links (each counted once).
    pub links: usize,
}

/// True when the segment from `a` to `b` stays above the Earth and its
/// 80 km of atmosphere (a sphere of the equatorial radius plus 80 km).
#[inline]
pub fn clears_earth(a: Vec3, b: Vec3) -> bool {
    let r = EARTH_RADIUS_KM + ATMOSPHERE_CLEARANCE_KM;
    let d = sub(b, a);
    let dd = dot(d, d);
    let t = if dd > 0.0 {
        (-dot(a, d) / dd).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let p = [a[0] + t * d[0], a[1] + t * d[1], a[2] + t * d[2]];
    dot(p, p) > r * r
}

/// The link between two positions, if it clears the Earth and is short enough: its length, km.
#[inline]
pub fn link_length(a: Option<Vec3>, b: Option<Vec3>, max_km: f64) -> Option<f64> {
    let (a, b) = (a?, b?);
    let d = sub(b, a);
    let len = dot(d, d).sqrt();
    (len <= max_km && clears_earth(a, b)).then_some(len)
}

/// The +Grid partners of satellite (`plane`, `slot`) of a `planes` × `per_plane`
/// shell that it owns (each link is owned by one end): the next in its plane
/// and the same slot in the next plane, wrapping; none that would repeat a link.
pub fn grid_forward(plane: u32, slot: u32, planes: u32, per_plane: u32) -> [Option<(u32, u32)>; 2] {
    let along =
        (per_plane >= 2 && !(per_plane == 2 && slot == 1)).then(|| (plane, (slot + 1) % per_plane));
    let across =
        (planes >= 2 && !(planes == 2 && plane == 1)).then(|| ((plane + 1) % planes, slot));
    [along, across]
}

impl Mesh {
    /// Builds the mesh of `fleet`'s shells from their `positions` (TEME, km).
    pub fn build(
        fleet: &Fleet,
        positions: &[Option<Vec3>],
        spec: &LinksSpec,
        between: &[(usize, usize)],
    ) -> Self {
        let max = spec.max_isl_km;
        let mut items: Vec<(usize, Range<usize>)> = Vec::new();
        for (s, shell) in fleet.shells.iter().enumerate() {
            let mut start = shell.range.start;
            while start < shell.range.end {
                let end = (start + CHUNK).min(shell.range.end);
                items.push((s, start..end));
                start = end;
            }
        }
        let parts = crate::parallel::map_collect(&items, |(s, range)| {
            let shell = &fleet.shells[*s];
            let (planes, per_plane) = (shell.shell.spec.planes, shell.shell.spec.sats_per_plane);
            let first = shell.range.start;
            let mut edges: Vec<(u32, u32, f32)> = Vec::with_capacity(range.len() * 2);
            for i in range.clone() {
                let local = (i - first) as u32;
                let (plane, slot) = (local / per_plane, local % per_plane);
                for (p, q) in grid_forward(plane, slot, planes, per_plane)
                    .into_iter()
                    .flatten()
                {
                    let j = first + (p * per_plane + q) as usize;
                    if let Some(len) = link_length(positions[i], positions[j], max) {
                        edges.push((i as u32, j as u32, len as f32));
                    }
                }
            }
            edges
        });
        let mut edges: Vec<(u32, u32, f32)> = parts.concat();
        for &(a, b) in between {
            if let (Some(a), Some(b)) = (fleet.shells.get(a), fleet.shells.get(b)) {
                edges.extend(nearest_links(
                    positions,
                    a.range.clone(),
                    b.range.clone(),
                    max,
                ));
            }
        }
        Self::from_edges(positions.len(), &edges)
    }

    /// CSR arrays of `n` nodes from undirected edges (each given once).
    pub fn from_edges(n: usize, edges: &[(u32, u32, f32)]) -> Self {
        let mut degree = vec![0u32; n + 1];
        for &(a, b, _) in edges {
            degree[a as usize] += 1;
            degree[b as usize] += 1;
        }
        let mut offsets = Vec::with_capacity(n + 1);
        let mut sum = 0u32;
        for d in &degree[..n] {
            offsets.push(sum);
            sum += d;
        }
        offsets.push(sum);
        let mut fill: Vec<u32> = offsets[..n].to_vec();
        let mut targets = vec![0u32; sum as usize];
        let mut lengths_km = vec![0f32; sum as usize];
        for &(a, b, len) in edges {
            for (from, to) in [(a, b), (b, a)] {
                let at = fill[from as usize] as usize;
                targets[at] = to;
                lengths_km[at] = len;
                fill[from as usize] += 1;
            }
        }
        Self {
            offsets,
            targets,
            lengths_km,
            links: edges.len(),
        }
    }

    /// Satellites in the mesh (nodes, linked or not).
    pub fn nodes(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Satellite `i`'s links: (neighbour, length km).
    pub fn neighbours(&self, i: usize) -> impl Iterator<Item = (u32, f32)> + '_ {
        let r = self.offsets[i] as usize..self.offsets[i + 1] as usize;
        self.targets[r.clone()]
            .iter()
            .copied()
            .zip(self.lengths_km[r].iter().copied())
    }

    /// Satellite `i`'s number of links.
    pub fn degree(&self, i: usize) -> usize {
        (self.offsets[i + 1] - self.offsets[i]) as usize
    }

    /// Every link once, (a, b) with a < b.
    pub fn edges(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        (0..self.nodes()).flat_map(move |i| {
            self.neighbours(i)
                .filter(move |&(j, _)| (i as u32) < j)
                .map(move |(j, _)| (i as u32, j))
        })
    }
}

/// Each satellite of `from` to the nearest satellite of `to` that it can link
/// to (a uniform grid of `to`'s positions, searched ring by ring).
fn nearest_links(
    positions: &[Option<Vec3>],
    from: Range<usize>,
    to: Range<usize>,
    max_km: f64,
) -> Vec<(u32, u32, f32)> {
    const CELL_KM: f64 = 300.0;
    let cell = |p: Vec3| {
        [
            (p[0] / CELL_KM).floor() as i32,
            (p[1] / CELL_KM).floor() as i32,
            (p[2] / CELL_KM).floor() as i32,
        ]
    };
    let mut grid: HashMap<[i32; 3], Vec<u32>> = HashMap::new();
    for j in to.clone() {
        if let Some(p) = positions[j] {
            grid.entry(cell(p)).or_default().push(j as u32);
        }
    }
    let max_ring = (max_km / CELL_KM).ceil() as i32 + 1;
    let items: Vec<Range<usize>> = (from.start..from.end)
        .step_by(CHUNK)
        .map(|s| s..(s + CHUNK).min(from.end))
        .collect();
    let parts = crate::parallel::map_collect(&items, |range| {
        let mut out = Vec::new();
        for i in range.clone() {
            let Some(p) = positions[i] else { continue };
            let c = cell(p);
            let mut best: Option<(f64, u32)> = None;
            for ring in 0..=max_ring {
                for dx in -ring..=ring {
                    for dy in -ring..=ring {
                        for dz in -ring..=ring {
                            if dx.abs().max(dy.abs()).max(dz.abs()) != ring {
                                continue;
                            }
                            let Some(list) = grid.get(&[c[0] + dx, c[1] + dy, c[2] + dz]) else {
                                continue;
                            };
                            for &j in list {
                                if let Some(len) =
                                    link_length(Some(p), positions[j as usize], max_km)
                                    && best.is_none_or(|(b, _)| len < b)
                                {
                                    best = Some((len, j));
                                }
                            }
                        }
                    }
                }
                // Cells beyond this ring are at least `ring` cells away.
                if best.is_some_and(|(b, _)| b <= ring as f64 * CELL_KM) {
                    break;
                }
            }
            if let Some((len, j)) = best {
                out.push((i as u32, j, len as f32));
            }
        }
        out
    });
    parts.concat()
}

/// Per gateway of `model`, the satellites standing at least its minimum
/// elevation above its horizon (the ellipsoid's normal) and their slant
/// ranges, km, in satellite order.
pub fn gateways_in_view(
    positions: &[Option<Vec3>],
    model: &LinksModel,
    gmst_rad: f64,
) -> Vec<Vec<(u32, f32)>> {
    let sin_min = model.spec.min_elevation_deg.to_radians().sin();
    let sin2 = sin_min * sin_min;
    let stations: Vec<(Vec3, Vec3)> = model
        .gateways
        .iter()
        .map(|g| {
            let o = crate::sky::observer::Observer::new(&g.site, gmst_rad);
            (o.pos_in_teme_km, o.up_in_teme)
        })
        .collect();
    let items: Vec<Range<usize>> = (0..positions.len())
        .step_by(CHUNK)
        .map(|s| s..(s + CHUNK).min(positions.len()))
        .collect();
    let parts = crate::parallel::map_collect(&items, |range| {
        let mut seen: Vec<(u16, u32, f32)> = Vec::new();
        for i in range.clone() {
            let Some(p) = positions[i] else { continue };
            for (g, (at, up)) in stations.iter().enumerate() {
                let d = sub(p, *at);
                let along = dot(d, *up);
                if along <= 0.0 {
                    continue;
                }
                let r2 = dot(d, d);
                if along * along >= sin2 * r2 {
                    seen.push((g as u16, i as u32, r2.sqrt() as f32));
                }
            }
        }
        seen
    });
    let mut in_view = vec![Vec::new(); stations.len()];
    for part in parts {
        for (g, i, range) in part {
            in_view[g as usize].push((i, range));
        }
    }
    in_view
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_partners_wrap_and_never_repeat_a_link() {
        for (planes, per_plane) in [(1, 1), (1, 2), (2, 2), (1, 5), (2, 3), (3, 3), (6, 8)] {
            let mut links = std::collections::HashSet::new();
            for p in 0..planes {
                for s in 0..per_plane {
                    for (q, t) in grid_forward(p, s, planes, per_plane).into_iter().flatten() {
                        assert_ne!((p, s), (q, t), "{planes}x{per_plane}: a self link");
                        let key = ((p, s).min((q, t)), (p, s).max((q, t)));
                        assert!(links.insert(key), "{planes}x{per_plane}: {key:?} twice");
                    }
                }
            }
            // Every satellite ends with its +Grid degree: 2 in-plane, 2 across (fewer when small).
            let expect_along = match per_plane {
                1 => 0,
                2 => 1,
                _ => 2,
            };
            let expect_across = match planes {
                1 => 0,
                2 => 1,
                _ => 2,
            };
            let n = (planes * per_plane) as usize;
            assert_eq!(
                links.len() * 2,
                n * (expect_along + expect_across),
                "{planes}x{per_plane}"
            );
        }
    }

    #[test]
    fn lines_of_sight_through_the_earth_or_its_air_are_blocked() {
        let r = EARTH_RADIUS_KM;
        // Opposite sides of the Earth: blocked.
        assert!(!clears_earth(
            [r + 550.0, 0.0, 0.0],
            [-(r + 550.0), 0.0, 0.0]
        ));
        // Close neighbours in a 550 km shell: clear.
        let a = [r + 550.0, 0.0, 0.0];
        let angle = 10f64.to_radians();
        let b = [(r + 550.0) * angle.cos(), (r + 550.0) * angle.sin(), 0.0];
        assert!(clears_earth(a, b));
        // The chord grazes at (R+550)·cos(θ/2): clear of R+80 until θ = 2·acos((R+80)/(R+550)).
        let limit = 2.0 * ((r + 80.0) / (r + 550.0)).acos();
        for (theta, clear) in [(limit - 1e-4, true), (limit + 1e-4, false)] {
            let b = [(r + 550.0) * theta.cos(), (r + 550.0) * theta.sin(), 0.0];
            assert_eq!(clears_earth(a, b), clear, "θ = {theta}");
        }
        // The longest clear link of a 550 km shell: 5,017 km (the default's reason;
        // Hypatia gives 5,014 km with R = 6378.135 km).
        let longest = 2.0 * ((r + 550.0f64).powi(2) - (r + 80.0f64).powi(2)).sqrt();
        assert!((longest - 5016.6).abs() < 0.1, "{longest}");
    }

    #[test]
    fn csr_rows_hold_both_directions() {
        let mesh = Mesh::from_edges(4, &[(0, 1, 1.0), (1, 2, 2.0), (0, 3, 3.0)]);
        assert_eq!(mesh.links, 3);
        assert_eq!(mesh.degree(0), 2);
        assert_eq!(mesh.degree(1), 2);
        assert_eq!(mesh.degree(3), 1);
        let mut n1: Vec<(u32, f32)> = mesh.neighbours(1).collect();
        n1.sort_by_key(|x| x.0);
        assert_eq!(n1, vec![(0, 1.0), (2, 2.0)]);
        let mut e: Vec<(u32, u32)> = mesh.edges().collect();
        e.sort_unstable();
        assert_eq!(e, vec![(0, 1), (0, 3), (1, 2)]);
    }
}
