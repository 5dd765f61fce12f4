//! One work item of the sky counts: shells through the batched SGP4 kernel
//! with the geometry on each block of eight satellites while it is in
//! registers, catalog satellites through the sgp4 crate.
//! Nothing is stored per satellite: each work item keeps a few counts and,
//! with a field, the indices of the satellites that could reach it.
//!
//! Per satellite, in TEME: d = r − site, above the horizon when d·up > 0,
//! above 30° when (d·up)² > ¼·|d|²; sunlit when it sees some of the Sun's
//! disc (the conical shadow, decided with cosines as the totals' fused pass
//! does, the rare penumbra exactly). Only satellites that are both sunlit
//! and above the horizon get a magnitude (a few logarithms each).
//!
//! Most of a shell is below any one site's horizon, so each block of eight
//! neighbours in a plane is first placed on the sky from its mean elements
//! alone (two sines and cosines a satellite, against SGP4's five or more):
//! a block none of whose satellites can be within reach of the horizon, with
//! a margin that bounds everything the mean elements leave out, is counted
//! as below it without being propagated ([`HorizonCull`]). Without a field
//! only: a field's trails can come from below the horizon.

// Lane loops index several arrays in lockstep, the shape the vectoriser wants.
#![allow(clippy::needless_range_loop)]

use super::tally::{SkyConditions, SkyTally};
use super::trails::Mover;
use crate::propagation::SHELL_GEOPOTENTIAL;
use crate::propagation::kernel::{Block, LANES, kepler_steps, propagate_block, sincos};
use crate::propagation::{Fleet, Group, ShellAtTime};
use crate::shadow::{EARTH_RADIUS_KM, conical_illumination};
use crate::sun::SUN_RADIUS_KM;
use crate::time::minutes_between;
use crate::vec3::dot;
use chrono::{DateTime, Utc};
use std::f64::consts::TAU;
use std::ops::Range;

/// The satellite `index` of `group` as a [`Mover`] from `at` on.
pub(super) fn mover(fleet: &Fleet, group: Group, index: usize, at: DateTime<Utc>) -> Mover<'_> {
    match group {
        Group::Shell(s) => {
            let shell = &fleet.shells[s].shell;
            let (node_rad, anomaly_rad) = fleet.shell_phase(index);
            Mover::Shell {
                orbit: &shell.orbit,
                t0_min: minutes_between(shell.epoch, at),
                node_rad,
                anomaly_rad,
            }
        }
        Group::Catalog(_) => {
            // Work items and groups only hold indices past the shells here.
            let satellite = &fleet.catalog_satellites[index - fleet.shell_satellites()];
            Mover::Catalog {
                satellite,
                t0_min: minutes_between(satellite.epoch, at),
            }
        }
    }
}

/// Counts the satellites `range` of one group (and follows those that may
/// cross the field).
pub(super) fn count_range(
    fleet: &Fleet,
    conditions: &SkyConditions,
    group: Group,
    range: Range<usize>,
) -> SkyTally {
    let mut tally = SkyTally::default();
    let mut candidates = Vec::new();
    match group {
        Group::Shell(s) => {
            let shell = &fleet.shells[s].shell;
            let at = shell.orbit.at(minutes_between(shell.epoch, conditions.at));
            let site_along_up = dot(
                conditions.observer.pos_in_teme_km,
                conditions.observer.up_in_teme,
            );
            let job = PassJob {
                at,
                // A field's trails can come from below the horizon: no shortcut then.
                cull: conditions
                    .field
                    .is_none()
                    .then(|| HorizonCull::new(&at, site_along_up)),
                conditions,
            };
            let (nodes, anomalies) = fleet.shell_phases();
            dispatch::count_run(
                &job,
                &nodes[range.clone()],
                &anomalies[range.clone()],
                &mut tally,
                &mut candidates,
            );
            for c in &mut candidates {
                *c += range.start;
            }
        }
        Group::Catalog(_) => {
            for i in range {
                let fix = crate::propagation::fleet::propagate_catalog(
                    &fleet.catalog_satellites[i - fleet.shell_satellites()],
                    conditions.at,
                );
                if let Some(state) = fix.state()
                    && conditions.add_satellite(state, &mut tally)
                {
                    candidates.push(i);
                }
            }
        }
    }
    if let Some(field) = &conditions.field {
        for &i in &candidates {
            if field.crosses(&mover(fleet, group, i, conditions.at)) {
                tally.trails += 1;
            }
        }
    }
    tally
}

/// The test that lets a block of a shell skip SGP4: none of its
/// satellites can be above the site's horizon.
///
/// A satellite is above the horizon when r·n > s·n (n the site's normal, s
/// its position). Its direction r̂ is within `margin_rad` of r̂′, the
/// direction of the mean argument of latitude p₃₈ on the mean node and
/// inclination: the mean-to-true anomaly shift (≤ 2e + 1.25e²) and SGP4's
/// short-period terms in u, Ω and I (≤ 1.5·p₄₆, 1.5·p₄₆ and 0.75·p₄₆)
/// are all it leaves out. With r at most `r_max` it can only be above the
/// horizon if r̂′·n > s·n / r_max − margin.
#[derive(Debug, Clone, Copy)]
struct HorizonCull {
    /// s·n / r_max − margin: below this r̂′·n, the satellite is below the horizon.
    threshold: f64,
    /// sin I, cos I of the mean orbit.
    sin_i: f64,
    cos_i: f64,
}

impl HorizonCull {
    fn new(at: &ShellAtTime, site_along_up_km: f64) -> Self {
        let g = SHELL_GEOPOTENTIAL;
        let e = at.axn.hypot(at.ayn);
        let margin = 2.0 * e + 1.25 * e * e + 4.0 * at.p46 + 1e-4;
        // r = a(1 − e cos E)(1 − 1.5·p₄₆·β·k₆) + ½·(J₂/2pₗ)·k₃·p₄₅, |k₆| ≤ 2, k₃ ≤ 1.
        let r_max_km =
            g.ae * (at.a * (1.0 + e) * (1.0 + 3.0 * at.p46) + 0.5 * at.half_j2_over_pl) + 1.0;
        Self {
            threshold: site_along_up_km / r_max_km - margin,
            sin_i: at.sin_i,
            cos_i: at.cos_i,
        }
    }
}

/// What the batched pass over one shell needs.
struct PassJob<'a> {
    /// The shell's terms at the instant.
    at: ShellAtTime,
    /// The shortcut for blocks below the horizon, without a field.
    cull: Option<HorizonCull>,
    /// The instant's conditions.
    conditions: &'a SkyConditions,
}

/// The pass built for the CPU's best instruction set, through the kernel's
/// run-time dispatch (its SAFETY note covers the calls).
mod dispatch {
    use super::{PassJob, SkyTally};

    crate::propagation::kernel::dispatch::simd_builds!(count_run, super::count_blocks, (job: &PassJob, nodes: &[f64], anomalies: &[f64], tally: &mut SkyTally, candidates: &mut Vec<usize>));
}

/// The lane loop: `candidates` gets the run-relative indices of the
/// satellites that may cross the field.
#[inline(always)]
fn count_blocks(
    job: &PassJob,
    nodes: &[f64],
    anomalies: &[f64],
    tally: &mut SkyTally,
    candidates: &mut Vec<usize>,
) {
    let c = job.conditions;
    let steps = kepler_steps(job.at.axn.hypot(job.at.ayn));
    let [sx, sy, sz] = c.observer.pos_in_teme_km;
    let [ux, uy, uz] = c.observer.up_in_teme;
    let sun_dir = c.sun.direction_in_teme;
    let sun_km = c.sun.distance_km;
    let sun_pos = c.sun.position_in_teme_km();
    let with_field = c.field.is_some();
    let mut block = Block::default();
    let mut above = [0.0; LANES];
    let mut above_30 = [0.0; LANES];
    let mut lit = [0.0; LANES];
    let mut penumbra = [0.0; LANES];
    // 10^(−0.4·(m − M)) of the brightest satellite counted so far.
    let mut best_flux = 0.0_f64;
    let mut i = 0;
    while i < nodes.len() {
        let n = (nodes.len() - i).min(LANES);
        let mut node0 = [0.0; LANES];
        let mut m0 = [0.0; LANES];
        node0[..n].copy_from_slice(&nodes[i..i + n]);
        m0[..n].copy_from_slice(&anomalies[i..i + n]);
        if let Some(cull) = &job.cull {
            // The mean direction of each satellite, against the horizon.
            let node_drift = job.at.node_drift_rad.rem_euclid(TAU);
            let argument_drift =
                job.at.mean_argument_drift_rad.rem_euclid(TAU) + job.at.long_period_rad;
            let mut reach = [0.0; LANES];
            for k in 0..LANES {
                let (sin_node, cos_node) = sincos(node0[k] + node_drift);
                let (sin_u, cos_u) = sincos(m0[k] + argument_drift);
                let x = cos_node * cos_u - sin_node * cull.cos_i * sin_u;
                let y = sin_node * cos_u + cos_node * cull.cos_i * sin_u;
                let z = cull.sin_i * sin_u;
                reach[k] = x * ux + y * uy + z * uz - cull.threshold;
            }
            let mut any = false;
            for k in 0..n {
                any |= reach[k] > 0.0;
            }
            if !any {
                i += n;
                continue;
            }
        }
        if with_field {
            propagate_block::<true>(&job.at, steps, &node0, &m0, &mut block);
        } else {
            propagate_block::<false>(&job.at, steps, &node0, &m0, &mut block);
        }
        for k in 0..LANES {
            let (x, y, z) = (block.pos[0][k], block.pos[1][k], block.pos[2][k]);
            let (dx, dy, dz) = (x - sx, y - sy, z - sz);
            let up = dx * ux + dy * uy + dz * uz;
            let dd = dx * dx + dy * dy + dz * dz;
            // The conical shadow as in the totals' fused pass: apparent
            // radii sin b = R/r (Earth), sin a = R☉/d☉ (Sun), separation c.
            let r2 = x * x + y * y + z * z;
            let along = x * sun_dir[0] + y * sun_dir[1] + z * sun_dir[2];
            let sin_b = EARTH_RADIUS_KM / r2.sqrt();
            let cos_b = (1.0 - sin_b * sin_b).max(0.0).sqrt();
            let sin_a = SUN_RADIUS_KM / (sun_km - along);
            let cos_a = (1.0 - sin_a * sin_a).sqrt();
            let cos_c = -(along - r2 / sun_km)
                / (r2.sqrt() * (1.0 - 2.0 * along / sun_km + r2 / (sun_km * sun_km)).sqrt());
            let day = if along >= 0.0 { 1.0 } else { 0.0 };
            let fully_lit = if cos_c <= cos_a * cos_b - sin_a * sin_b {
                1.0
            } else {
                0.0
            };
            let umbra = if cos_c >= cos_b * cos_a + sin_b * sin_a {
                1.0
            } else {
                0.0
            };
            let valid = if k < n { 1.0 } else { 0.0 };
            let is_above = valid * if up > 0.0 { 1.0 } else { 0.0 };
            let sure_lit = f64::max(day, fully_lit);
            above[k] = is_above;
            above_30[k] = is_above * if 4.0 * up * up > dd { 1.0 } else { 0.0 };
            lit[k] = is_above * sure_lit;
            penumbra[k] = is_above * (1.0 - sure_lit) * (1.0 - umbra);
        }
        let mut count_above = 0.0;
        let mut count_above_30 = 0.0;
        for k in 0..LANES {
            count_above += above[k];
            count_above_30 += above_30[k];
        }
        tally.above_horizon += count_above as u64;
        tally.above_30deg += count_above_30 as u64;
        for k in 0..LANES {
            if lit[k] + penumbra[k] > 0.0 {
                // Rare next to the whole fleet: sunlit above the horizon.
                let pos = [block.pos[0][k], block.pos[1][k], block.pos[2][k]];
                let f = if lit[k] > 0.0 {
                    1.0
                } else {
                    conical_illumination(pos, sun_pos).lit_fraction()
                };
                if f > 0.0 {
                    tally.sunlit_above_horizon += 1;
                    tally.sunlit_above_30deg += u64::from(above_30[k] > 0.0);
                    let from_site = [pos[0] - sx, pos[1] - sy, pos[2] - sz];
                    // Skip the logarithms for a satellite that can be neither
                    // brighter than 7 nor brighter than the brightest yet:
                    // its flux is at most π·f·(1000 km/ρ)² through one airmass.
                    let upper = c.flux_bound(f, dot(from_site, from_site));
                    if upper > c.flux_mag7 || upper > best_flux {
                        let m = c.magnitude(pos, from_site, f);
                        if m < tally.brightest_magnitude {
                            best_flux = 10f64.powf(-0.4 * (m - c.standard_magnitude));
                        }
                        tally.add_magnitude(m);
                    }
                }
            }
        }
        if let Some(field) = &c.field {
            for k in 0..n {
                let pos = [block.pos[0][k], block.pos[1][k], block.pos[2][k]];
                let vel = [block.vel[0][k], block.vel[1][k], block.vel[2][k]];
                let from_site = [pos[0] - sx, pos[1] - sy, pos[2] - sz];
                if field.reachable(from_site, pos, vel) {
                    candidates.push(i + k);
                }
            }
        }
        i += n;
    }
}
