//! Filters: show only the satellites that match, combined (and with the
//! shell table's ticks): an altitude range, an inclination range, sunlit,
//! penumbra or umbra, the constellation or the catalogues.
//!
//! The GPU applies them as it draws (altitude and light from each
//! satellite's own position, inclination per shell or per catalogue
//! object); the CPU counts what they show, a slice of the fleet a frame
//! over one instant, for the status line. The totals stay the whole
//! fleet's.

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

/// Satellites the count propagates a frame (the kernel's, a few ms).
const COUNT_SLICE: usize = 100_000;

/// The count of what the filters show, made a slice a frame.
#[derive(Resource, Debug, Default)]
pub struct FilterCount {
    /// The satellites shown and the instant they were counted for (None
    /// while no filter is on, or before the first count).
    pub shown: Option<(u64, DateTime<Utc>)>,
    pass: Option<Pass>,
}

#[derive(Debug)]
struct Pass {
    at: DateTime<Utc>,
    settings: FilterSettings,
    hidden_shells: Vec<bool>,
    generation: u64,
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

/// Runs the count a slice a frame while a filter is on: a pass counts the
/// whole fleet at the instant it began, then the next begins.
pub fn count_filtered(
    scene: Res<SceneFleet>,
    clock: Res<SimClock>,
    settings: Res<FilterSettings>,
    style: Res<SatelliteStyle>,
    mut count: ResMut<FilterCount>,
    mut drawn: Local<(u64, Vec<bool>)>,
) {
    if !settings.active() {
        count.shown = None;
        count.pass = None;
        return;
    }
    if drawn.1.len() != scene.fleet.len() || drawn.0 != scene.generation {
        *drawn = (scene.generation, drawn_mask(&scene));
    }
    let stale = count.pass.as_ref().is_some_and(|p| {
        p.settings != *settings
            || p.hidden_shells != style.hidden_shells
            || p.generation != scene.generation
    });
    if stale {
        // Inputs changed: what was counted no longer holds.
        count.pass = None;
        count.shown = None;
    }
    let pass = count.pass.get_or_insert_with(|| Pass {
        at: clock.now(),
        settings: settings.clone(),
        hidden_shells: style.hidden_shells.clone(),
        generation: scene.generation,
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
            &pass.settings,
            &pass.hidden_shells,
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
        count.pass = None;
    }
}

/// One past the last fleet index of a group.
fn group_end(scene: &SceneFleet, group: Group) -> usize {
    match group {
        Group::Shell(s) => scene.fleet.shells[s].range.end,
        Group::Catalog(c) => scene.fleet.catalogs[c].range.end,
    }
}
