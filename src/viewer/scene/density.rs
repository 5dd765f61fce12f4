//! The spatial-density colour mode: each drawn satellite coloured by how
//! many satellites of the whole fleet stand within
//! [`DENSITY_RADIUS_KM`] of it ([`crate::density`]), on the shared ramp
//! from none to the 99th percentile of the counts. The counts are made off
//! the frame (on native in a background task at most every two seconds of
//! wall time while time runs; in a recording for each frame; in the
//! browser, which has no threads, at most every ten seconds, a pause of
//! its own) and reach the GPU as each satellite's own colour, as the close
//! approaches' do.

use super::colour::{ColourBy, ColourScale, ramp_srgb};
use super::fleet::{GpuFleet, SceneFleet};
use super::frame::SatelliteStyle;
pub use crate::density::DENSITY_RADIUS_KM;
use crate::viewer::clock::SimClock;
use crate::viewer::config::Recording;
use bevy::platform::time::Instant;
use bevy::prelude::*;
use bevy::render::extract_resource::ExtractResource;
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// What counts are of: the scene's generation and the instant.
type Key = (u64, DateTime<Utc>);

/// The colours for the GPU and the legend's scale.
#[derive(Resource, Clone, Default, ExtractResource)]
pub struct DensityColours {
    /// One sRGB colour a drawn satellite, in the instance order of
    /// `for_fleet` (empty: none yet).
    pub colours: Arc<Vec<[u8; 4]>>,
    /// The drawn fleet they are for.
    pub for_fleet: Option<Arc<GpuFleet>>,
    /// Neighbours at the ramp's ends.
    pub scale: Option<ColourScale>,
    /// What they are of.
    pub of: Option<Key>,
    /// Time it took to make them, ms.
    pub made_ms: Option<f64>,
}

/// A count made: colours, scale, and the milliseconds it took.
type Made = (Vec<[u8; 4]>, ColourScale, f64);

/// The counts being made.
#[derive(Resource, Default)]
pub struct DensityBuild {
    #[cfg(not(target_arch = "wasm32"))]
    task: Option<(Key, Arc<GpuFleet>, bevy::tasks::Task<Made>)>,
    started: Option<Instant>,
}

/// The colours and the ramp's scale for neighbour counts: 0 to the 99th
/// percentile (at least 4).
pub fn density_colours(counts: &[u32]) -> (Vec<[u8; 4]>, ColourScale) {
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    let p99 = sorted
        .get((sorted.len() * 99 / 100).min(sorted.len().saturating_sub(1)))
        .copied()
        .unwrap_or(0);
    let scale = ColourScale {
        low: 0.0,
        high: (p99 as f32).max(4.0),
    };
    let to_byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    let colours = counts
        .iter()
        .map(|&n| {
            let c = ramp_srgb(scale.position(n as f32));
            [to_byte(c[0]), to_byte(c[1]), to_byte(c[2]), 255]
        })
        .collect();
    (colours, scale)
}

/// Counts and colours for the drawn satellites of `scene` at `at`.
fn make(scene: &SceneFleet, at: DateTime<Utc>) -> Made {
    let start = Instant::now();
    let counts = crate::density::neighbour_counts(
        &scene.fleet,
        at,
        DENSITY_RADIUS_KM,
        &scene.gpu.fleet_index,
    );
    let (colours, scale) = density_colours(&counts);
    (colours, scale, start.elapsed().as_secs_f64() * 1000.0)
}

/// Keeps the counts up to date while the mode is on.
pub fn refresh_density(
    style: Res<SatelliteStyle>,
    clock: Res<SimClock>,
    scene: Res<SceneFleet>,
    recording: Option<Res<Recording>>,
    mut build: ResMut<DensityBuild>,
    mut colours: ResMut<DensityColours>,
) {
    if style.colour_by != ColourBy::Density {
        if colours.of.is_some() {
            *colours = DensityColours::default();
        }
        *build = DensityBuild::default();
        return;
    }
    let key: Key = (scene.generation, clock.now());
    if colours.of.is_some_and(|(g, _)| g != scene.generation) {
        *colours = DensityColours::default();
    }
    if colours.of == Some(key) {
        return;
    }
    let take = |colours: &mut DensityColours, of: Key, fleet: Arc<GpuFleet>, made: Made| {
        let (c, scale, ms) = made;
        *colours = DensityColours {
            colours: Arc::new(c),
            for_fleet: Some(fleet),
            scale: Some(scale),
            of: Some(of),
            made_ms: Some(ms),
        };
    };
    let rested = |started: Option<Instant>, secs: f64| {
        started.is_none_or(|s| s.elapsed().as_secs_f64() >= secs)
    };
    if recording.is_some() || cfg!(target_arch = "wasm32") {
        // In step with the frames, or on the page's one thread now and then.
        if recording.is_some() || colours.of.is_none() || rested(build.started, 10.0) {
            build.started = Some(Instant::now());
            take(&mut colours, key, scene.gpu.clone(), make(&scene, key.1));
        }
    } else {
        #[cfg(not(target_arch = "wasm32"))]
        {
            use bevy::tasks::futures_lite::future;
            if let Some((of, fleet, task)) = build.task.as_mut()
                && let Some(made) = future::block_on(future::poll_once(task))
            {
                let (of, fleet) = (*of, fleet.clone());
                build.task = None;
                if of.0 == scene.generation {
                    take(&mut colours, of, fleet, made);
                }
            }
            let due =
                colours.of != Some(key) && (colours.of.is_none() || rested(build.started, 2.0));
            let running = build
                .task
                .as_ref()
                .is_some_and(|((g, _), ..)| *g == scene.generation);
            if due && !running {
                let scene = scene.clone();
                build.started = Some(Instant::now());
                build.task = Some((
                    key,
                    scene.gpu.clone(),
                    bevy::tasks::AsyncComputeTaskPool::get()
                        .spawn(async move { make(&scene, key.1) }),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ramp_runs_from_none_to_the_99th_percentile() {
        let counts: Vec<u32> = (0..1000).map(|k| k / 10).collect();
        let (colours, scale) = density_colours(&counts);
        assert_eq!(scale.high, 99.0);
        let byte = |c: [f32; 3]| c.map(|v| (v * 255.0).round() as u8);
        let lowest = byte(ramp_srgb(0.0));
        let highest = byte(ramp_srgb(1.0));
        assert_eq!(colours[0][..3], lowest);
        assert_eq!(colours[999][..3], highest);
        // A sparse fleet still spans a few neighbours.
        assert_eq!(density_colours(&[0, 1]).1.high, 4.0);
    }
}
