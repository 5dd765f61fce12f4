//! The fused totals pass over a Walker shell: the batched kernel's blocks,
//! the Earth's shadow and the power policy in one pass over memory, so that
//! a million satellites are counted without ever storing their positions.
//!
//! Lit and umbra are decided with cosines and square roots only, eight
//! satellites at a time; the few satellites in penumbra (and, with a
//! battery, those in shadow) go through the scalar rule
//! ([`Conditions::tally`]) for their exact share. The power policy is the
//! model's own, [`SatelliteModel::compute_power_now_w`], for every satellite.

// Lane loops index several arrays in lockstep, the shape the vectoriser wants.
#![allow(clippy::needless_range_loop)]

use super::tally::{Conditions, Tally};
use crate::model::SatelliteModel;
use crate::propagation::kernel::{Block, LANES, kepler_steps, propagate_block};
use crate::propagation::{Fix, ShellAtTime, TemeState};
use crate::shadow::{EARTH_RADIUS_KM, minutes_in_shadow};
use crate::sun::SUN_RADIUS_KM;

/// What a totals pass over one shell needs besides the satellites.
pub struct TallyJob<'a> {
    /// The shell's terms at the instant.
    pub at: ShellAtTime,
    /// The instant's Sun and array output.
    pub conditions: &'a Conditions,
    /// The satellite model.
    pub satellite: &'a SatelliteModel,
}

/// Adds a run of one shell's satellites (nodes and mean anomalies at epoch)
/// to `tally`: propagation, Earth's shadow and power in one pass.
pub fn tally_shell_run(job: &TallyJob, nodes: &[f64], anomalies: &[f64], tally: &mut Tally) {
    dispatch::tally_run(job, nodes, anomalies, tally);
}

/// The tally loop built for the CPU's best instruction set, through the
/// kernel's run-time dispatch (its SAFETY note covers the calls).
mod dispatch {
    use super::{Tally, TallyJob};

    crate::propagation::kernel::dispatch::simd_builds!(tally_run, super::tally_blocks, (job: &TallyJob, nodes: &[f64], anomalies: &[f64], tally: &mut Tally));
}

#[inline(always)]
fn tally_blocks(job: &TallyJob, nodes: &[f64], anomalies: &[f64], tally: &mut Tally) {
    let at = &job.at;
    let steps = kepler_steps(at.axn.hypot(at.ayn));
    let sun_dir = job.conditions.sun.direction_in_teme;
    let sun_km = job.conditions.sun.distance_km;
    let array_w = job.conditions.array_power_w;
    let battery = job.satellite.battery_minutes > 0.0;
    // The power policy for the two cases every lane outside the penumbra
    // falls in: fully lit, and just into the shadow (on battery if there
    // is one; those longer in it are corrected below).
    let compute_lit = job.satellite.compute_power_now_w(array_w, 1.0, None);
    let compute_dark = job.satellite.compute_power_now_w(array_w, 0.0, None);
    let mut block = Block::default();
    let mut lit_lanes = [0.0; LANES];
    let mut umbra_lanes = [0.0; LANES];
    let mut penumbra_lanes = [0.0; LANES];
    let mut i = 0;
    while i < nodes.len() {
        let n = (nodes.len() - i).min(LANES);
        let mut node0 = [0.0; LANES];
        let mut m0 = [0.0; LANES];
        node0[..n].copy_from_slice(&nodes[i..i + n]);
        m0[..n].copy_from_slice(&anomalies[i..i + n]);
        if battery {
            propagate_block::<true>(at, steps, &node0, &m0, &mut block);
        } else {
            propagate_block::<false>(at, steps, &node0, &m0, &mut block);
        }
        for k in 0..LANES {
            let (x, y, z) = (block.pos[0][k], block.pos[1][k], block.pos[2][k]);
            let r2 = x * x + y * y + z * z;
            let along = x * sun_dir[0] + y * sun_dir[1] + z * sun_dir[2];
            // Apparent radii from the satellite: sin b = R/r (Earth), sin a ≈ R☉/d☉ (Sun).
            let sin_b = EARTH_RADIUS_KM / r2.sqrt();
            let cos_b = (1.0 - sin_b * sin_b).max(0.0).sqrt();
            let d_sun = sun_km - along;
            let sin_a = SUN_RADIUS_KM / d_sun;
            let cos_a = (1.0 - sin_a * sin_a).sqrt();
            // cos c, c the angle between the Earth's centre and the Sun seen from the satellite.
            let cos_c = -(along - r2 / sun_km)
                / (r2.sqrt() * (1.0 - 2.0 * along / sun_km + r2 / (sun_km * sun_km)).sqrt());
            let cos_lit = cos_a * cos_b - sin_a * sin_b; // cos(a + b)
            let cos_umbra = cos_b * cos_a + sin_b * sin_a; // cos(b − a)
            let day = if along >= 0.0 { 1.0 } else { 0.0 };
            let fully_lit = if cos_c <= cos_lit { 1.0 } else { 0.0 };
            let umbra = if cos_c >= cos_umbra { 1.0 } else { 0.0 };
            let valid = if k < n { 1.0 } else { 0.0 };
            let lit = valid * f64::max(day, fully_lit);
            let dark = valid * (1.0 - lit) * umbra;
            lit_lanes[k] = lit;
            umbra_lanes[k] = dark;
            penumbra_lanes[k] = valid * (1.0 - lit) * (1.0 - umbra);
        }
        let mut lit_count = 0.0;
        let mut dark_count = 0.0;
        for k in 0..LANES {
            lit_count += lit_lanes[k];
            dark_count += umbra_lanes[k];
            if penumbra_lanes[k] > 0.0 || (battery && umbra_lanes[k] > 0.0) {
                // Rare: the exact overlap of the discs (and the time in shadow).
                let state = TemeState {
                    pos_in_teme_km: [block.pos[0][k], block.pos[1][k], block.pos[2][k]],
                    vel_in_teme_km_s: [block.vel[0][k], block.vel[1][k], block.vel[2][k]],
                };
                if penumbra_lanes[k] > 0.0 {
                    job.conditions.tally(job.satellite, &Fix::Ok(state), tally);
                } else {
                    // In umbra with a battery: counted below as just into
                    // the shadow; the difference the minutes make goes here.
                    let minutes =
                        minutes_in_shadow(state.pos_in_teme_km, state.vel_in_teme_km_s, sun_dir);
                    tally.compute_power_w +=
                        job.satellite.compute_power_now_w(array_w, 0.0, minutes) - compute_dark;
                }
            }
        }
        tally.sunlit += lit_count as u64;
        tally.umbra += dark_count as u64;
        tally.lit_sum += lit_count;
        tally.power_collected_w += lit_count * array_w;
        tally.compute_power_w += lit_count * compute_lit + dark_count * compute_dark;
        i += n;
    }
}
