//! Filters: show only the satellites that match, combined (and with the
//! shell table's ticks): an altitude range, an inclination range, sunlit,
//! penumbra or umbra, the constellation or the catalogues.
//!
//! The GPU applies them as it draws (altitude and light from each
//! satellite's own position, inclination per shell or per catalogue
//! object); the CPU counts what they show, for the status line: on native
//! in a background task over the whole fleet at once (at most twice a
//! second while time runs), in the browser a slice of the fleet a frame.
//! The totals stay the whole fleet's.

use super::fleet::SceneFleet;
use super::frame::SatelliteStyle;
pub use super::show_only::{FilterSettings, Light};
use crate::propagation::{Fix, Group};
use crate::shadow::conical_illumination;
use crate::sun::sun_position;
use crate::time::julian_date;
use crate::viewer::clock::SimClock;
use bevy::prelude::*;
use chrono::{DateTime, Utc};

/// Satellites the browser's count propagates a frame (the kernel's, a few ms).
#[cfg(target_arch = "wasm32")]
const COUNT_SLICE: usize = 100_000;

/// What a count is of: the filters, the shell table's ticks and the scene.
type Key = (FilterSettings, Vec<bool>, u64);
/// A count: satellites shown, and the instant.
type Shown = (u64, DateTime<Utc>);

/// The count of what the filters show.
#[derive(Resource, Default)]
pub struct FilterCount {
    /// The satellites shown and the instant they were counted for (None
    /// while no filter is on, or before the first count).
    pub shown: Option<Shown>,
    /// What `shown` is of.
    shown_key: Option<Key>,
    /// The browser's count, a slice a frame.
    #[cfg(target_arch = "wasm32")]
    pass: Option<Pass>,
    /// Native: the count running off the frame, and what it is of.
    #[cfg(not(target_arch = "wasm32"))]
    task: Option<(Key, bevy::tasks::Task<Shown>)>,
    /// Native: when the last one started.
    #[cfg(not(target_arch = "wasm32"))]
    started: Option<std::time::Instant>,
}

/// The browser's count in progress.
#[cfg(target_arch = "wasm32")]
#[derive(Debug)]
struct Pass {
    at: DateTime<Utc>,
    key: Key,
    /// Next fleet index to look at.
    next: usize,
    count: u64,
}

/// Whether fleet index `i` is drawn: every catalogue object, and the shell
/// satellites the draw limit keeps.
fn drawn_mask(scene: &SceneFleet) -> Vec<bool> {
    let mut drawn = vec![false; scene.fleet.len()];
    for &i in &scene.gpu.fleet_index {
        drawn[i as usize] = true;
    }
    for d in drawn.iter_mut().skip(scene.fleet.shell_satellites()) {
        *d = true;
    }
    drawn
}

/// Counts the drawn satellites of fleet indices `range` (within one group)
/// that the filters and the shell table show at `at`.
fn count_range(
    scene: &SceneFleet,
    drawn: &[bool],
    settings: &FilterSettings,
    hidden_shells: &[bool],
    group: Group,
    range: std::ops::Range<usize>,
    at: DateTime<Utc>,
) -> u64 {
    let fleet = &scene.fleet;
    let (own, inclination_deg, hidden) = match group {
        Group::Shell(s) => (
            true,
            fleet.shells[s].shell.inclination_rad.to_degrees(),
            hidden_shells.get(s).copied().unwrap_or(false),
        ),
        Group::Catalog(_) => (false, 0.0, false),
    };
    if hidden
        || (own && !settings.keeps_group(true, inclination_deg))
        || (!own && !settings.catalogue)
    {
        return 0;
    }
    let sun = sun_position(julian_date(at)).position_in_teme_km();
    let first = range.start;
    let fixes = fleet.propagate_range(group, range, at);
    let mut n = 0;
    for (k, fix) in fixes.iter().enumerate() {
        let i = first + k;
        if !drawn[i] {
            continue;
        }
        let Fix::Ok(state) = fix else { continue };
        if !own {
            let c = &fleet.catalog_satellites[i - fleet.shell_satellites()];
            if !settings.keeps_group(false, c.elements.inclination) {
                continue;
            }
        }
        let altitude = crate::vec3::norm(state.pos_in_teme_km) - super::colour::EARTH_RADIUS_KM;
        let light = Light::of(conical_illumination(state.pos_in_teme_km, sun).lit_fraction());
        if settings.keeps_state(altitude, light) {
            n += 1;
        }
    }
    n
}

/// Keeps the count of what the filters show up to date while one is on.
pub fn count_filtered(
    scene: Res<SceneFleet>,
    clock: Res<SimClock>,
    settings: Res<FilterSettings>,
    style: Res<SatelliteStyle>,
    mut count: ResMut<FilterCount>,
    mut drawn: Local<(u64, std::sync::Arc<Vec<bool>>)>,
) {
    if !settings.active() {
        *count = FilterCount::default();
        return;
    }
    if drawn.1.len() != scene.fleet.len() || drawn.0 != scene.generation {
        *drawn = (scene.generation, std::sync::Arc::new(drawn_mask(&scene)));
    }
    let key: Key = (
        settings.clone(),
        style.hidden_shells.clone(),
        scene.generation,
    );
    if count.shown_key.as_ref() != Some(&key) {
        // Inputs changed: what was counted no longer holds.
        count.shown = None;
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use bevy::tasks::futures_lite::future;
        if let Some((of, task)) = count.task.as_mut()
            && let Some(result) = future::block_on(future::poll_once(task))
        {
            let of = of.clone();
            count.task = None;
            if of == key {
                count.shown = Some(result);
                count.shown_key = Some(of);
            }
        }
        let at = clock.now();
        let due = count.shown.is_none()
            || (count.shown.is_some_and(|(_, t)| t != at)
                && count
                    .started
                    .is_none_or(|s| s.elapsed().as_secs_f64() >= 0.5));
        let running_for_key = count.task.as_ref().is_some_and(|(of, _)| *of == key);
        if due && !running_for_key {
            let (scene, drawn) = (scene.clone(), drawn.1.clone());
            let (of, at) = (key.clone(), at);
            count.started = Some(std::time::Instant::now());
            // A task for stale inputs is dropped (cancelled) here.
            count.task = Some((
                key,
                bevy::tasks::AsyncComputeTaskPool::get().spawn(async move {
                    let items = scene.fleet.work_items();
                    let n = crate::parallel::map_reduce(
                        &items,
                        || 0u64,
                        |(group, range)| {
                            count_range(&scene, &drawn, &of.0, &of.1, *group, range.clone(), at)
                        },
                        |a, b| a + b,
                    );
                    (n, at)
                }),
            ));
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        if count.pass.as_ref().is_some_and(|p| p.key != key) {
            count.pass = None;
        }
        let pass = count.pass.get_or_insert_with(|| Pass {
            at: clock.now(),
            key: key.clone(),
            next: 0,
            count: 0,
        });
        let mut budget = COUNT_SLICE;
        while budget > 0 && pass.next < scene.fleet.len() {
            let Some(group) = scene.fleet.group_of(pass.next) else {
                break;
            };
            let end = group_end(&scene, group).min(pass.next + budget);
            pass.count += count_range(
                &scene,
                &drawn.1,
                &pass.key.0,
                &pass.key.1,
                group,
                pass.next..end,
                pass.at,
            );
            budget -= end - pass.next;
            pass.next = end;
        }
        if pass.next >= scene.fleet.len() {
            let done = (pass.count, pass.at);
            count.shown = Some(done);
            count.shown_key = Some(key);
            count.pass = None;
        }
    }
}

/// One past the last fleet index of a group.
#[cfg(target_arch = "wasm32")]
fn group_end(scene: &SceneFleet, group: Group) -> usize {
    match group {
        Group::Shell(s) => scene.fleet.shells[s].range.end,
        Group::Catalog(c) => scene.fleet.catalogs[c].range.end,
    }
}
