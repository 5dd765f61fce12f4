//! Catalog satellites on the GPU: each one's SGP4 constants, with the big
//! secular angles folded forward in f64 to a reference time near the clock,
//! so that the f32 shader only adds small increments. Re-based when the
//! clock moves more than [`REBASE_AFTER_MIN`] from the reference.

use super::fleet::SceneFleet;
use crate::propagation::MU_KM3_S2;
use crate::propagation::general::GeneralOrbit;
use crate::time::minutes_between;
use crate::viewer::clock::SimClock;
use bevy::prelude::*;
use bevy::render::extract_resource::ExtractResource;
use bytemuck::{Pod, Zeroable};
use chrono::{DateTime, Utc};
use std::f64::consts::TAU;
use std::sync::Arc;

/// Minutes of simulated time after which the reference is moved.
pub const REBASE_AFTER_MIN: f64 = 720.0;

/// One catalog satellite as `sgp4.wgsl`'s `CatalogTerms`: 112 bytes.
#[repr(C)]
#[derive(Debug, Clone, Copy, Pod, Zeroable, PartialEq, Default)]
pub struct GpuCatalogSatellite {
    /// Ω, ω, M at the reference (rad, mod 2π), minutes from epoch to the reference.
    pub v0: [f32; 4],
    /// Ω̇, ω̇, Ṁ (rad/min), n₀".
    pub v1: [f32; 4],
    /// e₀, I₀, a₀" (Earth radii), C₁.
    pub v2: [f32; 4],
    /// C₄, k₀, C₅, high altitude (0/1).
    pub v3: [f32; 4],
    /// D₂, D₃, D₄, η.
    pub v4: [f32; 4],
    /// k₇, k₈, k₉, k₁₀.
    pub v5: [f32; 4],
    /// k₁₁, k₁₂, k₁₃, two-body mode (1: deep space, an osculating ellipse).
    pub v6: [f32; 4],
}

const _: () = assert!(size_of::<GpuCatalogSatellite>() == 112);

impl GpuCatalogSatellite {
    /// The terms of `orbit` (elements at `epoch`) rebased to `reference`.
    pub fn new(orbit: &GeneralOrbit, epoch: DateTime<Utc>, reference: DateTime<Utc>) -> Self {
        let d = minutes_between(epoch, reference);
        let o = orbit;
        let f = |x: f64| x as f32;
        Self {
            v0: [
                f((o.node0 + o.node_dot * d).rem_euclid(TAU)),
                f((o.argp0 + o.argp_dot * d).rem_euclid(TAU)),
                f((o.m0 + o.mean_anomaly_dot * d).rem_euclid(TAU)),
                f(d),
            ],
            v1: [f(o.node_dot), f(o.argp_dot), f(o.mean_anomaly_dot), f(o.n0)],
            v2: [f(o.e0), f(o.i0), f(o.a0), f(o.c1)],
            v3: [
                f(o.c4),
                f(o.k0),
                f(o.c5),
                if o.high_altitude { 1.0 } else { 0.0 },
            ],
            v4: [f(o.d2), f(o.d3), f(o.d4), f(o.eta)],
            v5: [f(o.k7), f(o.k8), f(o.k9), f(o.k10)],
            v6: [f(o.k11), f(o.k12), f(o.k13), 0.0],
        }
    }
}

/// Two-body terms for a deep-space satellite: the osculating orbit of the
/// crate's own state at the reference time (the crate runs SDP4, with its
/// lunar-solar and resonance terms). The shader moves it on that ellipse for
/// the τ until the next re-base; `sgp4.wgsl` knows it by `v6.w = 1`.
pub fn osculating(pos_km: [f64; 3], vel_km_s: [f64; 3]) -> Option<GpuCatalogSatellite> {
    use crate::vec3::{cross, dot, norm, scale, sub};
    let r = norm(pos_km);
    let v2 = dot(vel_km_s, vel_km_s);
    let h = cross(pos_km, vel_km_s);
    let hn = norm(h);
    if r <= 0.0 || hn <= 0.0 {
        return None;
    }
    let energy = v2 / 2.0 - MU_KM3_S2 / r;
    if energy >= 0.0 {
        return None;
    }
    let a = -MU_KM3_S2 / (2.0 * energy);
    let e_vec = scale(
        sub(
            scale(pos_km, v2 - MU_KM3_S2 / r),
            scale(vel_km_s, dot(pos_km, vel_km_s)),
        ),
        1.0 / MU_KM3_S2,
    );
    let e = norm(e_vec);
    let i = (h[2] / hn).clamp(-1.0, 1.0).acos();
    // The node line, or the x axis for an equatorial orbit.
    let node_line = [-h[1], h[0], 0.0];
    let node = if norm(node_line) > 1e-9 * hn {
        node_line[1].atan2(node_line[0])
    } else {
        0.0
    };
    let (so, co) = node.sin_cos();
    let (si, ci) = i.sin_cos();
    let p_hat = [co, so, 0.0];
    let h_hat = [si * so, -si * co, ci];
    let q_hat = cross(h_hat, p_hat);
    let u = dot(pos_km, q_hat).atan2(dot(pos_km, p_hat));
    let argp = if e > 1e-9 {
        dot(e_vec, q_hat).atan2(dot(e_vec, p_hat))
    } else {
        0.0
    };
    let nu = u - argp;
    // Eccentric and mean anomaly from the true anomaly.
    let big_e = 2.0 * (((1.0 - e) / (1.0 + e)).sqrt() * (nu / 2.0).tan()).atan();
    let m = big_e - e * big_e.sin();
    let n_rad_min = (MU_KM3_S2 / a.powi(3)).sqrt() * 60.0;
    let er = crate::propagation::shell::SHELL_GEOPOTENTIAL.ae;
    let f = |x: f64| x as f32;
    Some(GpuCatalogSatellite {
        v0: [
            f(node.rem_euclid(TAU)),
            f(argp.rem_euclid(TAU)),
            f(m.rem_euclid(TAU)),
            0.0,
        ],
        v1: [0.0, 0.0, 0.0, f(n_rad_min)],
        v2: [f(e), f(i), f(a / er), 0.0],
        v6: [0.0, 0.0, 0.0, 1.0],
        ..GpuCatalogSatellite::default()
    })
}

/// How a catalog satellite is drawn.
#[derive(Debug, Clone)]
pub enum CatalogPath {
    /// SGP4's near-Earth formulas in the shader.
    NearEarth(Box<GeneralOrbit>),
    /// Two-body from the crate's SDP4 state, re-based often.
    DeepSpace,
}

impl CatalogPath {
    /// The path for one satellite.
    pub fn of(sat: &crate::propagation::CatalogSatellite) -> Option<Self> {
        if 1440.0 / sat.elements.mean_motion >= crate::propagation::DEEP_SPACE_PERIOD_MIN {
            Some(CatalogPath::DeepSpace)
        } else {
            GeneralOrbit::from_elements(&sat.elements)
                .ok()
                .map(|o| CatalogPath::NearEarth(Box::new(o)))
        }
    }

    /// The GPU terms at `reference` (near-Earth) or `deep_reference` (deep space).
    pub fn terms(
        &self,
        sat: &crate::propagation::CatalogSatellite,
        reference: DateTime<Utc>,
        deep_reference: DateTime<Utc>,
    ) -> Option<GpuCatalogSatellite> {
        match self {
            CatalogPath::NearEarth(o) => Some(GpuCatalogSatellite::new(o, sat.epoch, reference)),
            CatalogPath::DeepSpace => {
                let t = minutes_between(sat.epoch, deep_reference);
                let p = sat.constants.propagate(sgp4::MinutesSinceEpoch(t)).ok()?;
                osculating(p.position, p.velocity)
            }
        }
    }
}

/// Minutes of simulated time after which deep-space satellites are re-based:
/// two-body motion drifts from SDP4 by ~1 km in half an hour for the worst
/// (highly eccentric) orbits.
pub const DEEP_REBASE_AFTER_MIN: f64 = 60.0;

/// The catalog satellites as uploaded, and their reference times.
#[derive(Resource, Clone, Default, ExtractResource)]
pub struct CatalogGpu {
    /// The reference time of the near-Earth satellites' folded angles.
    pub reference: Option<DateTime<Utc>>,
    /// The reference time of the deep-space satellites' ellipses.
    pub deep_reference: Option<DateTime<Utc>>,
    /// One entry per catalog satellite drawn.
    pub instances: Arc<Vec<GpuCatalogSatellite>>,
    /// Minutes from the references to the clock (the shader's τ), near-Earth and deep space.
    pub tau_min: [f32; 2],
    /// Which fleet's catalog this is.
    pub fleet_generation: u64,
    /// The path of each catalog satellite (computed once per fleet).
    paths: Arc<Vec<Option<CatalogPath>>>,
}

/// Keeps [`CatalogGpu`] near the clock: O(catalog) only when it re-bases.
pub fn update_catalog_gpu(
    clock: Res<SimClock>,
    scene: Res<SceneFleet>,
    mut gpu: ResMut<CatalogGpu>,
) {
    let now = clock.now();
    let sats = &scene.fleet.catalog_satellites;
    if gpu.reference.is_none()
        || gpu.fleet_generation != scene.generation
        || gpu.paths.len() != sats.len()
    {
        gpu.paths = Arc::new(sats.iter().map(CatalogPath::of).collect());
        gpu.fleet_generation = scene.generation;
        gpu.reference = None;
    }
    let near_stale = gpu
        .reference
        .is_none_or(|r| minutes_between(r, now).abs() > REBASE_AFTER_MIN);
    let has_deep = gpu
        .paths
        .iter()
        .any(|p| matches!(p, Some(CatalogPath::DeepSpace)));
    let deep_stale = has_deep
        && gpu
            .deep_reference
            .is_none_or(|r| minutes_between(r, now).abs() > DEEP_REBASE_AFTER_MIN);
    if near_stale || deep_stale {
        let reference = if near_stale {
            now
        } else {
            gpu.reference.unwrap_or(now)
        };
        let deep_reference = if deep_stale {
            now
        } else {
            gpu.deep_reference.unwrap_or(now)
        };
        let instances = sats
            .iter()
            .zip(gpu.paths.iter())
            .filter_map(|(s, p)| p.as_ref()?.terms(s, reference, deep_reference))
            .collect();
        gpu.instances = Arc::new(instances);
        gpu.reference = Some(reference);
        gpu.deep_reference = Some(deep_reference);
    }
    let tau = |r: Option<DateTime<Utc>>| r.map_or(0.0, |r| minutes_between(r, now)) as f32;
    gpu.tau_min = [tau(gpu.reference), tau(gpu.deep_reference)];
}
