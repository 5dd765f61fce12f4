//! What the scene shows, in the main world: the fleet (uploaded to the GPU
//! once per change) and the per-frame state (Sun, Earth rotation, each
//! shell's SGP4 terms at the clock's time). Nothing here is per satellite
//! per frame.

use super::clock::SimClock;
use crate::constellation::Constellation;
use crate::propagation::Fleet;
use crate::sun::sun_position;
use crate::time::{gmst_rad, julian_date, minutes_between};
use bevy::prelude::*;
use bevy::render::extract_resource::ExtractResource;
use bytemuck::{Pod, Zeroable};
use std::f64::consts::TAU;
use std::ops::Range;
use std::sync::Arc;

/// Shells per uniform block: 192 × 80 bytes fits WebGL2's 16 KiB minimum.
pub const SHELLS_PER_BATCH: usize = 192;

/// A Bevy world-space vector from a TEME one: Bevy is y-up, TEME z-up
/// (x, y, z)_TEME → (x, z, −y), a proper rotation.
pub fn world_from_teme(v: [f64; 3]) -> Vec3 {
    Vec3::new(v[0] as f32, v[2] as f32, -v[1] as f32)
}

/// One satellite as the GPU reads it: its node and mean anomaly at epoch
/// (radians) and its shell within the batch. 12 bytes.
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

/// A shell's SGP4 terms at one instant, as `sgp4.wgsl` reads them, plus its
/// colour and visibility. 80 bytes.
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
        let (nodes, anomalies) = fleet.shell_phases();
        let mut instances = Vec::with_capacity(keep);
        let mut fleet_index = Vec::with_capacity(keep);
        let mut batches = Vec::new();
        for (first_shell, chunk) in fleet.shells.chunks(SHELLS_PER_BATCH).enumerate() {
            let first_shell = first_shell * SHELLS_PER_BATCH;
            let start = instances.len() as u32;
            for (local, shell) in chunk.iter().enumerate() {
                for i in shell.range.clone() {
                    // Satellite i is kept when it crosses a multiple of total/keep.
                    let kept = (i + 1) * keep / total.max(1) != i * keep / total.max(1);
                    if kept {
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

/// How satellites are coloured.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct SatelliteStyle {
    /// Colour by shell instead of by sunlight.
    pub by_shell: bool,
    /// Per-shell visibility (missing entries are visible).
    pub hidden_shells: Vec<bool>,
    /// Point size in pixels.
    pub point_size_px: f32,
    /// Overall brightness.
    pub gain: f32,
}

impl Default for SatelliteStyle {
    fn default() -> Self {
        Self {
            by_shell: false,
            hidden_shells: Vec::new(),
            point_size_px: 2.5,
            gain: 1.0,
        }
    }
}

/// A distinct colour for shell `i` (golden-angle hues).
pub fn shell_colour(i: usize) -> [f32; 3] {
    let hue = (i as f32 * 137.508) % 360.0;
    let c = Color::hsl(hue, 0.75, 0.6).to_linear();
    [c.red, c.green, c.blue]
}

/// The per-frame state of the scene at the clock's time.
#[derive(Resource, Debug, Clone, Default, ExtractResource)]
pub struct SceneFrame {
    /// Greenwich mean sidereal time, radians.
    pub gmst_rad: f64,
    /// Unit vector to the Sun, Bevy world space.
    pub sun_dir_world: Vec3,
    /// Earth–Sun distance, km.
    pub sun_distance_km: f32,
    /// Every shell's terms at this instant.
    pub shells: Vec<GpuShellTerms>,
    /// Colour by shell.
    pub by_shell: bool,
    /// Point size, px.
    pub point_size_px: f32,
    /// Brightness factor for the fleet's size.
    pub gain: f32,
    /// Satellites drawn.
    pub drawn: u32,
    /// The selected satellite, world km.
    pub selected: Option<Vec3>,
    /// Its orbit over one period, world km.
    pub orbit: Vec<Vec3>,
}

/// Computes [`SceneFrame`] from the clock: O(shells), not O(satellites).
pub fn update_scene_frame(
    clock: Res<SimClock>,
    scene: Res<SceneFleet>,
    style: Res<SatelliteStyle>,
    mut frame: ResMut<SceneFrame>,
) {
    let at = clock.now();
    let jd = julian_date(at);
    let sun = sun_position(jd);
    frame.gmst_rad = gmst_rad(jd);
    frame.sun_dir_world = world_from_teme(sun.direction_in_teme).normalize();
    frame.sun_distance_km = sun.distance_km as f32;
    frame.shells.clear();
    for (i, s) in scene.fleet.shells.iter().enumerate() {
        let t = s.shell.orbit.at(minutes_between(s.shell.epoch, at));
        let visible = !style.hidden_shells.get(i).copied().unwrap_or(false);
        frame
            .shells
            .push(GpuShellTerms::new(&t, shell_colour(i), visible));
    }
    frame.by_shell = style.by_shell;
    frame.point_size_px = style.point_size_px;
    frame.drawn = scene.gpu.instances.len() as u32;
    // Crowding: the more satellites, the dimmer each, so that density reads as light.
    frame.gain = style.gain
        * (1.0e3 / (frame.drawn.max(1) as f32))
            .sqrt()
            .clamp(0.02, 1.0);
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn world_axes() {
        // TEME +z (north) is Bevy +y; TEME +y is Bevy −z.
        assert_eq!(world_from_teme([0.0, 0.0, 1.0]), Vec3::Y);
        assert_eq!(world_from_teme([0.0, 1.0, 0.0]), Vec3::NEG_Z);
        assert_eq!(world_from_teme([1.0, 0.0, 0.0]), Vec3::X);
    }
}
