//! `links`' output: JSON (one object per instant) and text.

use super::instant::LinksAt;
use super::model::LinksModel;
use super::route::Route;
use crate::units::{grouped, si};
use serde::Serialize;

/// One instant, as `links --json` writes it.
#[derive(Debug, Clone, Serialize)]
pub struct LinksJson {
    /// The instant, RFC 3339.
    pub at: String,
    /// Satellites with a position.
    pub satellites: u64,
    /// Laser links (each counted once).
    pub laser_links: usize,
    /// Gateways in use.
    pub gateways: usize,
    /// Satellites serving at least one gateway.
    pub satellites_with_gateway: u64,
    /// Sum over gateways of min(antennas, satellites in view) × ground-link capacity, bit/s.
    pub ground_capacity_bps: f64,
    /// Laser links × their capacity, bit/s.
    pub laser_capacity_bps: f64,
    /// The fleet's delivered compute now, FLOP/s.
    pub compute_flops: f64,
    /// Compute per bit of ground capacity, FLOP/bit (null without ground capacity).
    pub flop_per_ground_bit: Option<f64>,
    /// The routes asked for.
    pub routes: Vec<RouteJson>,
}

/// One route in [`LinksJson`]; `latency_ms`, `hops` and `path_km` are null
/// when there is no route, and `reason` says why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouteJson {
    /// From (the name as resolved).
    pub from: String,
    /// To.
    pub to: String,
    /// One-way latency, ms.
    pub latency_ms: Option<f64>,
    /// Links from gateway to gateway (up, lasers, down).
    pub hops: Option<usize>,
    /// Length of the path, fibre at the ends included, km.
    pub path_km: Option<f64>,
    /// The great circle in fibre at 2/3 c, one way, ms.
    pub fibre_latency_ms: f64,
    /// The great circle, km.
    pub great_circle_km: f64,
    /// The up-link's gateway.
    pub up_gateway: Option<String>,
    /// The down-link's gateway.
    pub down_gateway: Option<String>,
    /// Why there is no route.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl RouteJson {
    /// The JSON of one route.
    pub fn new(route: &Route, model: &LinksModel) -> Self {
        let gw = |g: usize| model.gateways[g].site.name.clone();
        let path = route.path.as_ref().ok();
        Self {
            from: route.from.name.clone(),
            to: route.to.name.clone(),
            latency_ms: path.map(|p| p.latency_ms),
            hops: path.map(|p| p.hops),
            path_km: path.map(|p| p.path_km),
            fibre_latency_ms: route.fibre_latency_ms,
            great_circle_km: route.great_circle_km,
            up_gateway: path.map(|p| gw(p.up_gateway)),
            down_gateway: path.map(|p| gw(p.down_gateway)),
            reason: route.path.as_ref().err().map(|e| e.to_string()),
        }
    }
}

/// FLOP per bit of ground capacity (none without ground capacity).
pub fn flop_per_bit(compute_flops: f64, ground_capacity_bps: f64) -> Option<f64> {
    (ground_capacity_bps > 0.0).then(|| compute_flops / ground_capacity_bps)
}

impl LinksJson {
    /// The JSON of one instant.
    pub fn new(links: &LinksAt, model: &LinksModel, compute_flops: f64, routes: &[Route]) -> Self {
        Self {
            at: links.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            satellites: links.satellites,
            laser_links: links.mesh.links,
            gateways: model.gateways.len(),
            satellites_with_gateway: links.satellites_with_gateway,
            ground_capacity_bps: links.ground_capacity_bps,
            laser_capacity_bps: links.laser_capacity_bps,
            compute_flops,
            flop_per_ground_bit: flop_per_bit(compute_flops, links.ground_capacity_bps),
            routes: routes.iter().map(|r| RouteJson::new(r, model)).collect(),
        }
    }
}

/// One route as a line of text.
pub fn route_line(route: &Route, model: &LinksModel) -> String {
    let pair = format!("{} → {}", route.from.name, route.to.name);
    match &route.path {
        Ok(p) => format!(
            "  {pair:<32} {:>8.1} ms {:>5} {:>9} km  {:>8.1} ms  via {} … {}",
            p.latency_ms,
            p.hops,
            grouped(p.path_km.round() as u64),
            route.fibre_latency_ms,
            model.gateways[p.up_gateway].site.name,
            model.gateways[p.down_gateway].site.name,
        ),
        Err(e) => format!(
            "  {pair:<32} no route: {e}   (fibre {:.1} ms)",
            route.fibre_latency_ms
        ),
    }
}

/// `links` at one instant as text.
pub fn text(
    name: &str,
    links: &LinksAt,
    model: &LinksModel,
    compute_flops: f64,
    routes: &[Route],
) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let spec = &model.spec;
    let _ = writeln!(
        s,
        "Links of {name} at {}",
        crate::sky::output::instant_text(links.at)
    );
    let _ = writeln!(
        s,
        "  satellites               {:>12}",
        grouped(links.satellites)
    );
    let _ = writeln!(
        s,
        "  laser links              {:>12}   (+Grid in each shell, ≤ {} km, clear of the Earth + 80 km; {} each: {})",
        grouped(links.mesh.links as u64),
        grouped(spec.max_isl_km as u64),
        si(spec.laser_link_bps, "bit/s"),
        si(links.laser_capacity_bps, "bit/s"),
    );
    let _ = writeln!(
        s,
        "  gateways                 {:>12}   (≥ {}° elevation, {} antennas each by default, {} per link)",
        model.gateways.len(),
        spec.min_elevation_deg,
        spec.antennas_per_gateway,
        si(spec.ground_link_bps, "bit/s"),
    );
    let _ = writeln!(
        s,
        "  satellites with a gateway {:>11}",
        grouped(links.satellites_with_gateway)
    );
    let _ = writeln!(
        s,
        "  ground capacity          {:>12}",
        si(links.ground_capacity_bps, "bit/s")
    );
    let _ = writeln!(
        s,
        "  compute (delivered now)  {:>12}",
        si(compute_flops, "FLOP/s")
    );
    let _ = writeln!(
        s,
        "  compute per ground bit   {:>12}",
        flop_per_bit(compute_flops, links.ground_capacity_bps)
            .map_or("no ground capacity".into(), |f| si(f, "FLOP/bit"))
    );
    if !routes.is_empty() {
        let _ = writeln!(
            s,
            "\n  {:<32} {:>11} {:>5} {:>12}  {:>11}",
            "route", "latency", "hops", "path", "fibre 2/3 c"
        );
        for r in routes {
            let _ = writeln!(s, "{}", route_line(r, model));
        }
    }
    s
}
