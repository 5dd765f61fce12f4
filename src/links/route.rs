//! Routes between two places at one instant: fibre to a gateway near each
//! end, up to a satellite, across the laser mesh, down, fibre on. The
//! shortest by time, found by A* over the satellites with the straight
//! line to the destination as the heuristic (no path is shorter than it,
//! and each link's length is at least the change in it, so the first
//! complete path popped is the shortest).

use super::instant::LinksAt;
use super::model::{
    FIBRE_SPEED_FRACTION, LinksModel, SPEED_OF_LIGHT_KM_S, great_circle_km, site_in_teme,
};
use crate::sky::site::{Site, SiteError, closest_names, fold, parse_site};
use crate::vec3::{Vec3, norm, sub};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

/// One end of a route.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The name shown (the gateway's or site's, or the coordinates as typed).
    pub name: String,
    /// Where it is.
    pub site: Site,
}

/// A place that cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlaceError {
    /// Neither a gateway, nor a site of the list, nor coordinates.
    #[error(
        "`{name}` is not a gateway or site; the closest names are {}; or give LAT,LON in degrees",
        closest.join(", ")
    )]
    Unknown {
        /// The name as given.
        name: String,
        /// The closest gateway and site names.
        closest: Vec<String>,
    },
    /// Coordinates out of range or not numbers.
    #[error(transparent)]
    Site(SiteError),
}

/// Reads a place: a gateway's name (built-in or the file's), a site of
/// `sky`'s list, or `LAT,LON[,HEIGHT_M]`.
pub fn parse_place(text: &str, model: &LinksModel) -> Result<Place, PlaceError> {
    let key = fold(text);
    if !key.is_empty()
        && let Some(g) = model
            .gateways
            .iter()
            .find(|g| fold(&g.site.name) == key || g.aliases.iter().any(|a| fold(a) == key))
    {
        return Ok(Place {
            name: g.site.name.clone(),
            site: g.site.clone(),
        });
    }
    match parse_site(text) {
        Ok(site) => Ok(Place {
            name: site.name.clone(),
            site,
        }),
        Err(SiteError::Unknown { name, .. }) => {
            let names = model
                .gateways
                .iter()
                .map(|g| g.site.name.as_str())
                .chain(crate::sky::SITES.iter().map(|s| s.name));
            Err(PlaceError::Unknown {
                closest: closest_names(&name, names)
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
                name,
            })
        }
        Err(other) => Err(PlaceError::Site(other)),
    }
}

/// Why two places have no route at this instant.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NoRoute {
    /// No gateway within the access distance.
    #[error("no gateway within {access_km:.0} km of {place}")]
    NoGatewayNear {
        /// The place.
        place: String,
        /// The access distance, km.
        access_km: f64,
    },
    /// Gateways near, but no satellite high enough above any of them.
    #[error("no satellite {min_elevation_deg:.0}° above a gateway near {place}")]
    NoSatelliteInView {
        /// The place.
        place: String,
        /// The minimum elevation, degrees.
        min_elevation_deg: f64,
    },
    /// Both ends reach satellites, but the mesh does not join them.
    #[error("the laser mesh does not join {from}'s satellites to {to}'s")]
    NotJoined {
        /// From.
        from: String,
        /// To.
        to: String,
    },
}

/// A route found.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// One-way latency, ms (space at c, fibre at 2/3 c).
    pub latency_ms: f64,
    /// Links from gateway to gateway: up, the laser links, down.
    pub hops: usize,
    /// Length of the whole path, fibre included, km.
    pub path_km: f64,
    /// Of which terrestrial fibre at the two ends, km.
    pub fibre_km: f64,
    /// The satellites in order, first (above the up-link gateway) to last.
    pub satellites: Vec<u32>,
    /// The gateway of the up-link (index into the model's gateways).
    pub up_gateway: usize,
    /// The gateway of the down-link.
    pub down_gateway: usize,
}

/// A route asked for and what was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// From.
    pub from: Place,
    /// To.
    pub to: Place,
    /// The great circle between them, km.
    pub great_circle_km: f64,
    /// The great circle in fibre at 2/3 c, one way, ms.
    pub fibre_latency_ms: f64,
    /// The path, or why there is none.
    pub path: Result<Path, NoRoute>,
}

/// A node's best cost so far (km at c) and how it was reached.
const NONE: u32 = u32::MAX;

/// Gateways within the access distance of `place`: (gateway, fibre km).
fn access(place: &Site, model: &LinksModel) -> Vec<(usize, f64)> {
    model
        .gateways
        .iter()
        .enumerate()
        .map(|(g, gw)| (g, great_circle_km(place, &gw.site)))
        .filter(|&(_, d)| d <= model.spec.access_km)
        .collect()
}

/// The satellites reachable from `place`'s gateways, each with its lowest
/// cost (fibre weighted 1/(2/3), plus slant range; km at c) and that gateway.
fn ends(
    place: &Place,
    links: &LinksAt,
    model: &LinksModel,
) -> Result<HashMap<u32, (f64, usize)>, NoRoute> {
    let near = access(&place.site, model);
    if near.is_empty() {
        return Err(NoRoute::NoGatewayNear {
            place: place.name.clone(),
            access_km: model.spec.access_km,
        });
    }
    let mut best: HashMap<u32, (f64, usize)> = HashMap::new();
    for (g, fibre) in near {
        for &(i, slant) in &links.in_view[g] {
            let cost = fibre / FIBRE_SPEED_FRACTION + slant as f64;
            let e = best.entry(i).or_insert((f64::INFINITY, g));
            if cost < e.0 {
                *e = (cost, g);
            }
        }
    }
    if best.is_empty() {
        return Err(NoRoute::NoSatelliteInView {
            place: place.name.clone(),
            min_elevation_deg: model.spec.min_elevation_deg,
        });
    }
    Ok(best)
}

/// The shortest route from `from` to `to` at `links`' instant.
pub fn route(links: &LinksAt, model: &LinksModel, from: &Place, to: &Place) -> Route {
    let great_circle = great_circle_km(&from.site, &to.site);
    let fibre_latency_ms = great_circle / (SPEED_OF_LIGHT_KM_S * FIBRE_SPEED_FRACTION) * 1e3;
    let path = shortest(links, model, from, to);
    Route {
        from: from.clone(),
        to: to.clone(),
        great_circle_km: great_circle,
        fibre_latency_ms,
        path,
    }
}

fn shortest(
    links: &LinksAt,
    model: &LinksModel,
    from: &Place,
    to: &Place,
) -> Result<Path, NoRoute> {
    let seeds = ends(from, links, model)?;
    let exits = ends(to, links, model)?;
    let target: Vec3 = site_in_teme(&to.site, links.gmst_rad);
    let positions = &links.positions;
    let h = |i: u32| positions[i as usize].map_or(0.0, |p| norm(sub(p, target)));
    let n = positions.len();
    let mut dist = vec![f64::INFINITY; n];
    let mut pred = vec![NONE; n];
    let mut closed = vec![false; n];
    let mut heap: BinaryHeap<Reverse<(u64, u32)>> = BinaryHeap::new();
    for (&i, &(cost, _)) in &seeds {
        dist[i as usize] = cost;
        heap.push(Reverse(((cost + h(i)).to_bits(), i)));
    }
    let mut best = (f64::INFINITY, NONE);
    while let Some(Reverse((f, u))) = heap.pop() {
        // Costs are positive, so their bit patterns order as the numbers do.
        if f64::from_bits(f) >= best.0 {
            break;
        }
        let ui = u as usize;
        if closed[ui] {
            continue;
        }
        closed[ui] = true;
        let d = dist[ui];
        if let Some(&(exit, _)) = exits.get(&u)
            && d + exit < best.0
        {
            best = (d + exit, u);
        }
        for (v, len) in links.mesh.neighbours(ui) {
            let vi = v as usize;
            let nd = d + len as f64;
            if nd < dist[vi] {
                dist[vi] = nd;
                pred[vi] = u;
                heap.push(Reverse(((nd + h(v)).to_bits(), v)));
            }
        }
    }
    if best.1 == NONE {
        return Err(NoRoute::NotJoined {
            from: from.name.clone(),
            to: to.name.clone(),
        });
    }
    let mut satellites = vec![best.1];
    while let Some(&last) = satellites.last() {
        let p = pred[last as usize];
        if p == NONE {
            break;
        }
        satellites.push(p);
    }
    satellites.reverse();
    let first = satellites[0];
    let last = best.1;
    let up_gateway = seeds[&first].1;
    let down_gateway = exits[&last].1;
    let fibre_km = great_circle_km(&from.site, &model.gateways[up_gateway].site)
        + great_circle_km(&model.gateways[down_gateway].site, &to.site);
    let at = |i: u32| positions[i as usize].unwrap_or([0.0; 3]);
    let up = norm(sub(
        at(first),
        site_in_teme(&model.gateways[up_gateway].site, links.gmst_rad),
    ));
    let down = norm(sub(
        at(last),
        site_in_teme(&model.gateways[down_gateway].site, links.gmst_rad),
    ));
    let lasers: f64 = satellites
        .windows(2)
        .map(|w| norm(sub(at(w[1]), at(w[0]))))
        .sum();
    let space_km = up + lasers + down;
    Ok(Path {
        latency_ms: (space_km / SPEED_OF_LIGHT_KM_S
            + fibre_km / (SPEED_OF_LIGHT_KM_S * FIBRE_SPEED_FRACTION))
            * 1e3,
        hops: satellites.len() + 1,
        path_km: space_km + fibre_km,
        fibre_km,
        satellites,
        up_gateway,
        down_gateway,
    })
}
