//! The constellation on screen and what the GPU draws of it: every
//! satellite's node and phase (uploaded once per change), the shells' SGP4
//! terms at an instant, and the `--limit` thinning.

use crate::constellation::Constellation;
use crate::propagation::Fleet;
use bevy::prelude::*;
use bevy::render::extract_resource::ExtractResource;
use bytemuck::{Pod, Zeroable};
use std::f64::consts::TAU;
use std::ops::Range;
use std::sync::Arc;

/// Shells per uniform block: 192 × 80 bytes fits WebGL2's 16 KiB minimum.
pub const SHELLS_PER_BATCH: usize = 192;

/// One satellite as the GPU reads it: its node and mean anomaly at epoch
/// (radians) and its shell within the batch. 12 bytes; the instance
/// attributes `node_rad`, `mean_anomaly_rad` and `shell` of
/// `satellites.wgsl`'s vertex stage.
#[repr(C)]
#[derive(Debug, Clone, Copy, Pod, Zeroable, PartialEq)]
pub struct GpuSatellite {
    /// Node at epoch, radians in [0, 2π).
    pub node_rad: f32,
    /// Mean anomaly at epoch, radians in [0, 2π).
    pub mean_anomaly_rad: f32,
    /// Shell index within its batch.
    pub shell: u32,
}

const _: () = assert!(size_of::<GpuSatellite>() == 12);

/// A shell's SGP4 terms at one instant, as `sgp4.wgsl` reads them
/// (`ShellTerms`), plus its colour and visibility. 80 bytes.
#[repr(C)]
#[derive(Debug, Clone, Copy, Pod, Zeroable, PartialEq, Default)]
pub struct GpuShellTerms {
    /// Ω̇t mod 2π, (Ṁt + ω) mod 2π, aₓₙ, aᵧₙ
    pub v0: [f32; 4],
    /// p₃₇k₅aₓₙ, a, pₗ, β
    pub v1: [f32; 4],
    /// p₄₆, ½J₂/pₗ, k₃, k₄
    pub v2: [f32; 4],
    /// k₆, I, sin I, cos I
    pub v3: [f32; 4],
    /// colour r, g, b, visible (1 or 0)
    pub v4: [f32; 4],
}

const _: () = assert!(size_of::<GpuShellTerms>() == 80);

impl GpuShellTerms {
    /// The f32 terms of a shell at an instant; big angles are reduced mod 2π
    /// in f64 before the conversion.
    pub fn new(at: &crate::propagation::ShellAtTime, colour: [f32; 3], visible: bool) -> Self {
        Self {
            v0: [
                at.node_drift_rad.rem_euclid(TAU) as f32,
                at.mean_argument_drift_rad.rem_euclid(TAU) as f32,
                at.axn as f32,
                at.ayn as f32,
            ],
            v1: [
                at.long_period_rad as f32,
                at.a as f32,
                at.pl as f32,
                at.beta as f32,
            ],
            v2: [
                at.p46 as f32,
                at.half_j2_over_pl as f32,
                at.k3 as f32,
                at.k4 as f32,
            ],
            v3: [
                at.k6 as f32,
                at.inclination_rad as f32,
                at.sin_i as f32,
                at.cos_i as f32,
            ],
            v4: [
                colour[0],
                colour[1],
                colour[2],
                if visible { 1.0 } else { 0.0 },
            ],
        }
    }
}

/// A run of shells drawn together: their instances and their uniform block.
#[derive(Debug, Clone, PartialEq)]
pub struct GpuBatch {
    /// Shell indices (into the fleet's shells).
    pub shells: Range<usize>,
    /// Instance indices (into [`GpuFleet::instances`]).
    pub instances: Range<u32>,
}

/// The fleet as uploaded to the GPU.
#[derive(Debug, Clone, Default)]
pub struct GpuFleet {
    /// One entry per drawn satellite, ordered by shell.
    pub instances: Vec<GpuSatellite>,
    /// Shell batches.
    pub batches: Vec<GpuBatch>,
    /// The fleet index of each instance (kept on the CPU, for picking and tests).
    pub fleet_index: Vec<u32>,
}

impl GpuFleet {
    /// The instances of `fleet`'s shells, at most `limit` of them, spread
    /// evenly over the whole fleet so that every shell keeps its share.
    pub fn new(fleet: &Fleet, limit: Option<usize>) -> Self {
        let total = fleet.shell_satellites();
        let keep = limit.unwrap_or(total).min(total);
        let thinning = Thinning::new(keep as u64, total as u64);
        let (nodes, anomalies) = fleet.shell_phases();
        let mut instances = Vec::with_capacity(keep);
        let mut fleet_index = Vec::with_capacity(keep);
        let mut batches = Vec::new();
        for (first_shell, chunk) in fleet.shells.chunks(SHELLS_PER_BATCH).enumerate() {
            let first_shell = first_shell * SHELLS_PER_BATCH;
            let start = instances.len() as u32;
            for (local, shell) in chunk.iter().enumerate() {
                for i in shell.range.clone() {
                    if thinning.keeps(i as u64) {
                        instances.push(GpuSatellite {
                            node_rad: nodes[i] as f32,
                            mean_anomaly_rad: anomalies[i] as f32,
                            shell: local as u32,
                        });
                        fleet_index.push(i as u32);
                    }
                }
            }
            batches.push(GpuBatch {
                shells: first_shell..first_shell + chunk.len(),
                instances: start..instances.len() as u32,
            });
        }
        Self {
            instances,
            batches,
            fleet_index,
        }
    }
}

/// Which satellites `--limit` keeps: satellite i of `total` is kept when
/// i·keep/total crosses a whole number, which keeps exactly `keep`, spread
/// evenly. In u64: on wasm32 `usize` is 32 bits and (i + 1)·keep overflows
/// at a million satellites.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thinning {
    keep: u64,
    total: u64,
}

impl Thinning {
    /// Keep `keep` of `total` (all of them when `keep` ≥ `total`).
    pub fn new(keep: u64, total: u64) -> Self {
        Self {
            keep: keep.min(total),
            total: total.max(1),
        }
    }

    /// Whether satellite `i` (0-based) is kept.
    pub fn keeps(&self, i: u64) -> bool {
        (i + 1) * self.keep / self.total != i * self.keep / self.total
    }
}

/// The constellation on screen.
#[derive(Resource, Clone, ExtractResource)]
pub struct SceneFleet {
    /// The constellation as loaded.
    pub constellation: Arc<Constellation>,
    /// Every satellite, for totals and picking.
    pub fleet: Arc<Fleet>,
    /// What the GPU draws.
    pub gpu: Arc<GpuFleet>,
    /// Bumped on every change, so that the render world re-uploads.
    pub generation: u64,
}

impl SceneFleet {
    /// A scene of `constellation`, drawing at most `limit` satellites.
    pub fn new(
        constellation: Constellation,
        limit: Option<usize>,
    ) -> Result<Self, crate::error::LoadError> {
        let fleet = Fleet::new(&constellation)?;
        let gpu = GpuFleet::new(&fleet, limit);
        Ok(Self {
            constellation: Arc::new(constellation),
            fleet: Arc::new(fleet),
            gpu: Arc::new(gpu),
            generation: 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thinning_keeps_exactly_the_limit_at_a_million() {
        // The counts that wasm32 got wrong (100,013 of odc-1m's 999,900 for
        // a limit of 100,000): the arithmetic is u64 on every target, and
        // indices given as u32 (wasm32's usize) give the same answer.
        for (keep, total) in [
            (100_000u32, 999_900u32),
            (1, 999_900),
            (999_899, 999_900),
            (4_000_000, 999_900),
        ] {
            let t = Thinning::new(u64::from(keep), u64::from(total));
            let kept = (0..total).filter(|&i| t.keeps(u64::from(i))).count() as u64;
            assert_eq!(kept, u64::from(keep.min(total)), "{keep} of {total}");
        }
        // What 32-bit usize arithmetic did: (i + 1) * keep wraps past 2³².
        let wrapped = (0..999_900u32)
            .filter(|&i| {
                let (keep, total) = (100_000u32, 999_900u32);
                (i.wrapping_add(1)).wrapping_mul(keep) / total != i.wrapping_mul(keep) / total
            })
            .count();
        assert_ne!(wrapped, 100_000, "the overflow this guards against");
    }

    #[test]
    fn limit_spreads_over_every_shell() {
        let c = Constellation::from_preset("starlink-gen1").expect("preset");
        let fleet = Fleet::new(&c).expect("fleet");
        let all = GpuFleet::new(&fleet, None);
        assert_eq!(all.instances.len(), 4408);
        let some = GpuFleet::new(&fleet, Some(1000));
        assert_eq!(some.instances.len(), 1000);
        for shell in 0..fleet.shells.len() {
            let expected = fleet.shells[shell].range.len() as f64 * 1000.0 / 4408.0;
            let got = some
                .instances
                .iter()
                .filter(|s| s.shell == shell as u32)
                .count() as f64;
            assert!(
                (got - expected).abs() <= 1.0,
                "shell {shell}: {got} vs {expected}"
            );
        }
        assert_eq!(some.batches.len(), 1);
        assert_eq!(some.batches[0].instances, 0..1000);
    }
}
