//! The impact map on the globe (space view, `M` or the Sky panel): the
//! Earth coloured by how many sunlit satellites stand above 30° over each
//! place at this instant. The CPU makes it off the frame
//! ([`crate::sky::impact`]: every satellite of the fleet, each row of its
//! cap one interval): on native in a background task at most once a
//! second of wall time while time runs, in the browser a slice of the
//! fleet a frame, in a recording for each frame. The Earth's shader reads
//! the last map made. Here are the switch, the making, the legend's scale
//! and the legend.

use crate::sky::impact::IMPACT_MAP_SIZE;
use crate::viewer::clock::SimClock;
use crate::viewer::config::Recording;
use crate::viewer::scene::fleet::SceneFleet;
use bevy::prelude::*;
use bevy::render::extract_resource::ExtractResource;
use bevy_egui::egui;
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// The impact map's switch.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq)]
pub struct ImpactMap {
    /// Drawn on the globe in the space view.
    pub shown: bool,
}

/// What a map is of: the scene's generation and the instant.
type Key = (u64, DateTime<Utc>);
/// A map made: its texels, and the milliseconds it took.
#[cfg(not(target_arch = "wasm32"))]
type Made = (Vec<u16>, f64);

/// The last map made, for the Earth's shader: [`IMPACT_MAP_SIZE`] counts
/// as 16-bit floats, row after row from the north.
#[derive(Resource, Clone, Default, ExtractResource)]
pub struct ImpactTexture {
    /// The counts (none until the first map is made, or while the map is off).
    pub texels: Option<Arc<Vec<u16>>>,
    /// The scene and instant they are of.
    pub of: Option<(u64, DateTime<Utc>)>,
    /// Time it took to make them, ms.
    pub made_ms: Option<f64>,
}

/// Satellites the browser propagates for the map a frame.
#[cfg(target_arch = "wasm32")]
const PROPAGATE_SLICE: usize = 100_000;
/// Sunlit satellites the browser lays on the map a frame.
#[cfg(target_arch = "wasm32")]
const CAPS_SLICE: usize = 40_000;

/// The map being made.
#[derive(Resource, Default)]
pub struct ImpactBuild {
    /// Native: the map made off the frame, and what it is of.
    #[cfg(not(target_arch = "wasm32"))]
    task: Option<(Key, bevy::tasks::Task<Made>)>,
    /// Native: when the last one started.
    #[cfg(not(target_arch = "wasm32"))]
    started: Option<std::time::Instant>,
    /// The browser's map in progress.
    #[cfg(target_arch = "wasm32")]
    pass: Option<Pass>,
}

/// The browser's map in progress: the fleet propagated a slice a frame,
/// then its sunlit satellites laid on the map a slice a frame.
#[cfg(target_arch = "wasm32")]
struct Pass {
    key: Key,
    next: usize,
    positions: Vec<[f32; 3]>,
    laid: usize,
    map: crate::sky::impact::ImpactAccumulator,
}

/// The counts as the texture's 16-bit floats (the largest finite one, 65,504, at most).
fn texels(counts: &[f32]) -> Vec<u16> {
    counts
        .iter()
        .map(|&c| half::f16::from_f32(c.min(65_504.0)).to_bits())
        .collect()
}

/// The whole fleet's map at `at` (in parallel on native).
pub fn make_map(scene: &SceneFleet, at: DateTime<Utc>) -> Vec<u16> {
    texels(&crate::sky::impact::impact_map(
        &scene.fleet,
        IMPACT_MAP_SIZE,
        at,
    ))
}

/// Keeps the map up to date while it is shown.
pub fn refresh_impact_map(
    impact: Res<ImpactMap>,
    settings: Res<super::settings::ObserverSettings>,
    clock: Res<SimClock>,
    scene: Res<SceneFleet>,
    recording: Option<Res<Recording>>,
    mut build: ResMut<ImpactBuild>,
    mut texture: ResMut<ImpactTexture>,
) {
    // The map is laid on the globe in the space view only.
    if !impact.shown || settings.active {
        if texture.texels.is_some() {
            *texture = ImpactTexture::default();
        }
        *build = ImpactBuild::default();
        return;
    }
    let key: Key = (scene.generation, clock.now());
    if texture.of.is_some_and(|(g, _)| g != scene.generation) {
        // Another scene: the old map no longer holds.
        *texture = ImpactTexture::default();
    }
    if texture.of == Some(key) {
        return;
    }
    if recording.is_some() {
        // In step with the frames: the same inputs give the same pictures.
        let start = bevy::platform::time::Instant::now();
        texture.texels = Some(Arc::new(make_map(&scene, key.1)));
        texture.of = Some(key);
        texture.made_ms = Some(start.elapsed().as_secs_f64() * 1000.0);
        return;
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use bevy::tasks::futures_lite::future;
        if let Some((of, task)) = build.task.as_mut()
            && let Some((map, ms)) = future::block_on(future::poll_once(task))
        {
            let of = *of;
            build.task = None;
            if of.0 == scene.generation {
                texture.texels = Some(Arc::new(map));
                texture.of = Some(of);
                texture.made_ms = Some(ms);
            }
        }
        let rested = build
            .started
            .is_none_or(|s| s.elapsed().as_secs_f64() >= 1.0);
        let due = texture.of != Some(key) && (texture.texels.is_none() || rested);
        let running = build
            .task
            .as_ref()
            .is_some_and(|((g, _), _)| *g == scene.generation);
        if due && !running {
            let scene = scene.clone();
            build.started = Some(std::time::Instant::now());
            build.task = Some((
                key,
                bevy::tasks::AsyncComputeTaskPool::get().spawn(async move {
                    let start = std::time::Instant::now();
                    let map = make_map(&scene, key.1);
                    (map, start.elapsed().as_secs_f64() * 1000.0)
                }),
            ));
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        if build.pass.as_ref().is_some_and(|p| p.key.0 != key.0) {
            build.pass = None;
        }
        let pass = build.pass.get_or_insert_with(|| Pass {
            key,
            next: 0,
            positions: Vec::new(),
            laid: 0,
            map: crate::sky::impact::ImpactAccumulator::new(
                IMPACT_MAP_SIZE,
                0..IMPACT_MAP_SIZE.height,
            ),
        });
        let fleet = &scene.fleet;
        if pass.next < fleet.len() {
            let mut budget = PROPAGATE_SLICE;
            while budget > 0 && pass.next < fleet.len() {
                let Some(group) = fleet.group_of(pass.next) else {
                    break;
                };
                use crate::propagation::Group;
                let end = match group {
                    Group::Shell(s) => fleet.shells[s].range.end,
                    Group::Catalog(c) => fleet.catalogs[c].range.end,
                }
                .min(pass.next + budget);
                let at = pass.key.1;
                pass.positions.extend(crate::sky::impact::sunlit_positions(
                    fleet,
                    group,
                    pass.next..end,
                    at,
                ));
                budget -= end - pass.next;
                pass.next = end;
            }
            return;
        }
        let end = (pass.laid + CAPS_SLICE).min(pass.positions.len());
        for p in &pass.positions[pass.laid..end] {
            pass.map.add(p.map(f64::from));
        }
        pass.laid = end;
        if pass.laid == pass.positions.len() {
            texture.texels = Some(Arc::new(texels(&pass.map.counts())));
            texture.of = Some(pass.key);
            build.pass = None;
        }
    }
}

/// The count at the legend's top for a fleet drawing `satellites`: the
/// power of ten above 3% of them (where the densest places of the presets
/// stand), at least 10.
pub fn legend_top(satellites: usize) -> f64 {
    let n = (satellites as f64 * 0.03).max(10.0);
    10f64.powf(n.log10().ceil())
}

/// Where a count falls on the legend, 0 to 1: log(1 + c) / log(1 + top), as the Earth's shader.
pub fn legend_position(count: f64, top: f64) -> f64 {
    ((1.0 + count.max(0.0)).ln() / (1.0 + top).ln()).clamp(0.0, 1.0)
}

/// The map's colour at `t` (0..1), as `impact_colour` in earth.wgsl: a
/// polynomial fit of matplotlib's "inferno".
pub fn impact_colour(t: f64) -> [f64; 3] {
    const C: [[f64; 3]; 7] = [
        [0.0002, 0.0016, -0.0194],
        [0.1065, 0.5639, 3.9327],
        [11.6024, -3.9728, -15.9423],
        [-41.7039, 17.4363, 44.3541],
        [77.1629, -33.4023, -81.8073],
        [-71.3194, 32.6261, 73.2095],
        [25.1311, -12.2426, -23.0703],
    ];
    let x = t.clamp(0.0, 1.0);
    let mut out = [0.0; 3];
    for (k, o) in out.iter_mut().enumerate() {
        let mut v = 0.0;
        for c in C.iter().rev() {
            v = v * x + c[k];
        }
        *o = v.clamp(0.0, 1.0);
    }
    out
}

/// The legend: the colours from none to the top count, powers of ten
/// marked, in the bottom right corner of the scene's rect `scene`.
pub fn legend_ui(ctx: &egui::Context, top: f64, scene: egui::Rect) {
    egui::Area::new(egui::Id::new("impact_legend"))
        .pivot(egui::Align2::RIGHT_BOTTOM)
        .fixed_pos(scene.right_bottom() + egui::vec2(-12.0, -12.0))
        .interactable(false)
        .show(ctx, |ui| {
            ui.label(
                egui::RichText::new("sunlit satellites above 30°")
                    .color(egui::Color32::from_gray(220))
                    .small(),
            );
            let (rect, _) = ui.allocate_exact_size(egui::vec2(220.0, 14.0), egui::Sense::hover());
            let painter = ui.painter();
            let steps = 64;
            for i in 0..steps {
                let t = (i as f64 + 0.5) / steps as f64;
                let [r, g, b] = impact_colour(t);
                let to_byte = |v: f64| (255.0 * v.powf(1.0 / 2.2)) as u8;
                let x0 = rect.left() + rect.width() * i as f32 / steps as f32;
                let x1 = rect.left() + rect.width() * (i + 1) as f32 / steps as f32;
                painter.rect_filled(
                    egui::Rect::from_min_max(
                        egui::pos2(x0, rect.top()),
                        egui::pos2(x1, rect.bottom()),
                    ),
                    0.0,
                    egui::Color32::from_rgb(to_byte(r), to_byte(g), to_byte(b)),
                );
            }
            let mut ticks = vec![(0.0, "0".to_owned())];
            let mut c = 1.0;
            while c <= top {
                ticks.push((c, crate::units::grouped(c as u64)));
                c *= 10.0;
            }
            let (labels, _) = ui.allocate_exact_size(egui::vec2(220.0, 12.0), egui::Sense::hover());
            for (count, text) in ticks {
                let x = labels.left() + labels.width() * legend_position(count, top) as f32;
                ui.painter().text(
                    egui::pos2(x, labels.top()),
                    egui::Align2::CENTER_TOP,
                    text,
                    egui::FontId::proportional(9.0),
                    egui::Color32::from_gray(200),
                );
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legend_is_a_power_of_ten_and_its_colours_brighten() {
        assert_eq!(legend_top(999_900), 100_000.0);
        assert_eq!(legend_top(4_408), 1_000.0);
        assert_eq!(legend_top(10), 10.0);
        let lum = |t: f64| {
            let [r, g, b] = impact_colour(t);
            0.2126 * r + 0.7152 * g + 0.0722 * b
        };
        let mut last = -1.0;
        for i in 0..=50 {
            let l = lum(f64::from(i) / 50.0);
            assert!(l > last - 1e-3, "luminance rises at {i}: {l} after {last}");
            last = l;
        }
        assert!(lum(0.0) < 0.01 && lum(1.0) > 0.8);
        assert_eq!(legend_position(0.0, 100.0), 0.0);
        assert_eq!(legend_position(100.0, 100.0), 1.0);
    }
}
