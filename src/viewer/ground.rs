//! The selected satellite over the ground (space view): its ground track
//! one orbit back and one ahead, its footprints (the places that see it
//! above the gateways' elevation and above 30°, where `sky` counts it),
//! and its next passes over the Sky section's site for the Satellite
//! panel. `T` or the panel's switch shows or hides the lines; a shot
//! script's `track` key does in a recording. The geometry is the core's
//! ([`crate::ground`]); the lines go to the GPU as Earth-fixed segments of
//! the links' line set.

use super::clock::SimClock;
use super::links::lines::GpuLink;
use super::messages::Action;
use super::observer::settings::ObserverSettings;
use super::picking::Selection;
use super::scene::fleet::SceneFleet;
use super::systems::ViewerSystems;
use super::totals::Assumptions;
use crate::frames::{Geodetic, ecef_from_geodetic};
use crate::ground::{Pass, PassSearch, footprint, ground_track, passes, position_ecef};
use bevy::prelude::*;
use bevy::render::extract_resource::{ExtractResource, ExtractResourcePlugin};
use chrono::{DateTime, TimeDelta, Utc};
use std::sync::Arc;

/// The track ahead of the satellite: warm white.
pub const TRACK_AHEAD: [f32; 4] = [1.0, 0.92, 0.55, 1.0];
/// The track behind it: grey, half opaque.
pub const TRACK_BEHIND: [f32; 4] = [0.75, 0.75, 0.8, 0.55];
/// The footprint at the gateways' elevation: cyan.
pub const FOOTPRINT_GATEWAY: [f32; 4] = [0.3, 0.85, 1.0, 1.0];
/// The footprint at 30° (the sky's "above 30°"): green.
pub const FOOTPRINT_SKY: [f32; 4] = [0.55, 1.0, 0.4, 1.0];
/// The lines' height above the ground, km: clear of the Earth's mesh,
/// whose chords sag half a kilometre.
pub const LINE_HEIGHT_KM: f64 = 15.0;
/// Seconds between the track's points.
pub const TRACK_STEP_S: f64 = 30.0;
/// Points of a footprint's ring.
pub const FOOTPRINT_POINTS: usize = 120;
/// Passes listed.
pub const PASSES_LISTED: usize = 5;
/// Hours ahead the passes are looked for.
pub const PASSES_HOURS: i64 = 24;

/// The ground track's switch and span.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct GroundTrack {
    /// The track and footprints of the selection are drawn.
    pub shown: bool,
    /// Orbits drawn behind and ahead of the satellite.
    pub orbits: f64,
}

impl Default for GroundTrack {
    fn default() -> Self {
        Self {
            shown: true,
            orbits: 1.0,
        }
    }
}

/// The lines for the GPU: Earth-fixed segments (a new `Arc` on change).
#[derive(Resource, Clone, Default, ExtractResource)]
pub struct GroundLines {
    /// The segments.
    pub lines: Arc<Vec<GpuLink>>,
}

/// What the lines are of: the satellite, the instant, the switch.
type LinesKey = (usize, DateTime<Utc>, GroundTrack, u64);

/// The next passes of the selection over the site.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct SelectionPasses {
    /// The site's name.
    pub site: String,
    /// The passes, in time order (in progress first).
    pub passes: Vec<Pass>,
    /// Whether they were looked for (false: no selection).
    pub searched: bool,
    /// What they are of: the satellite, the site's place, the scene, and
    /// the instant they were looked for from.
    of: Option<(usize, [u64; 3], u64, DateTime<Utc>)>,
}

/// The ground track feature.
pub struct GroundPlugin;

impl Plugin for GroundPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<GroundTrack>()
            .init_resource::<GroundLines>()
            .init_resource::<SelectionPasses>()
            .add_message::<Action>()
            .add_plugins(ExtractResourcePlugin::<GroundLines>::default())
            .add_systems(Update, ground_input.in_set(ViewerSystems::Input))
            .add_systems(
                Update,
                (update_ground_lines, update_passes).in_set(ViewerSystems::Follow),
            );
    }
}

/// `T` and the panel's switch.
fn ground_input(
    keys: Res<ButtonInput<KeyCode>>,
    egui_input: Option<Res<bevy_egui::input::EguiWantsInput>>,
    mut actions: MessageReader<Action>,
    mut track: ResMut<GroundTrack>,
) {
    for action in actions.read() {
        if let Action::SetGroundTrack(shown) = action {
            track.shown = *shown;
        }
    }
    if egui_input.is_some_and(|e| e.wants_any_keyboard_input()) {
        return;
    }
    if keys.just_pressed(KeyCode::KeyT) {
        track.shown = !track.shown;
    }
}

/// An Earth-fixed end of a segment, `LINE_HEIGHT_KM` above the ground.
fn end(g: Geodetic) -> [f32; 4] {
    let p = ecef_from_geodetic(Geodetic {
        height_km: LINE_HEIGHT_KM,
        ..g
    });
    [p[0] as f32, p[1] as f32, p[2] as f32, 1.0]
}

/// Segments along `points` (closed: back to the first), `width` lines of 1 px.
fn polyline(
    out: &mut Vec<GpuLink>,
    points: &[Geodetic],
    colour: [f32; 4],
    closed: bool,
    offsets: &[f32],
) {
    let n = points.len();
    let segments = if closed { n } else { n.saturating_sub(1) };
    for k in 0..segments {
        let (a, b) = (end(points[k]), end(points[(k + 1) % n]));
        for &x in offsets {
            out.push(GpuLink {
                a,
                b,
                colour,
                style: [x, 0.0, 0.0, 0.0],
            });
        }
    }
}

/// The lines of satellite `index` at `at`: the track behind and ahead, the
/// footprints at `gateway_elevation_deg` and at 30°.
pub fn ground_lines(
    scene: &SceneFleet,
    index: usize,
    at: DateTime<Utc>,
    track: GroundTrack,
    gateway_elevation_deg: f64,
) -> Vec<GpuLink> {
    let fleet = &scene.fleet;
    let Some(p) = position_ecef(fleet, index, at) else {
        return Vec::new();
    };
    let r = crate::vec3::norm(p);
    let period_s = std::f64::consts::TAU * (r.powi(3) / crate::propagation::MU_KM3_S2).sqrt();
    let span = period_s * track.orbits.clamp(0.0, 20.0);
    let behind: Vec<Geodetic> = ground_track(fleet, index, at, span, 0.0, TRACK_STEP_S)
        .into_iter()
        .map(|(_, g)| g)
        .collect();
    let ahead: Vec<Geodetic> = ground_track(fleet, index, at, 0.0, span, TRACK_STEP_S)
        .into_iter()
        .map(|(_, g)| g)
        .collect();
    let mut out = Vec::new();
    polyline(&mut out, &behind, TRACK_BEHIND, false, &[0.0]);
    polyline(&mut out, &ahead, TRACK_AHEAD, false, &[-0.5, 0.5]);
    for (deg, colour) in [
        (gateway_elevation_deg, FOOTPRINT_GATEWAY),
        (30.0, FOOTPRINT_SKY),
    ] {
        let ring = footprint(p, deg.to_radians(), FOOTPRINT_POINTS);
        polyline(&mut out, &ring, colour, true, &[0.0]);
    }
    out
}

/// Keeps the lines of the selection up to date (space view only).
fn update_ground_lines(
    selection: Res<Selection>,
    scene: Res<SceneFleet>,
    clock: Res<SimClock>,
    track: Res<GroundTrack>,
    observer: Res<ObserverSettings>,
    mut lines: ResMut<GroundLines>,
    mut key: Local<Option<LinesKey>>,
) {
    let wanted = selection
        .index
        .filter(|_| track.shown && !observer.active)
        .map(|i| (i, clock.now(), *track, scene.generation));
    if *key == wanted {
        return;
    }
    *key = wanted;
    let new = match wanted {
        Some((index, at, track, _)) => ground_lines(
            &scene,
            index,
            at,
            track,
            scene.constellation.spec.links.min_elevation_deg,
        ),
        None => Vec::new(),
    };
    if new.is_empty() && lines.lines.is_empty() {
        return;
    }
    lines.lines = Arc::new(new);
}

/// The site's place as bits, to tell sites apart.
fn place_bits(site: &crate::sky::Site) -> [u64; 3] {
    [
        site.latitude_deg.to_bits(),
        site.longitude_deg.to_bits(),
        site.height_m.to_bits(),
    ]
}

/// Looks for the selection's next passes over the site when the selection,
/// the site or the scene changes, when the first pass listed has set, and
/// when time goes back before the search's start.
fn update_passes(
    selection: Res<Selection>,
    scene: Res<SceneFleet>,
    clock: Res<SimClock>,
    observer: Res<ObserverSettings>,
    assumptions: Res<Assumptions>,
    mut found: ResMut<SelectionPasses>,
) {
    let Some(index) = selection.index else {
        if found.searched {
            *found = SelectionPasses::default();
        }
        return;
    };
    let now = clock.now();
    let site = &observer.site;
    let same = found.of.is_some_and(|(i, place, generation, from)| {
        i == index
            && place == place_bits(site)
            && generation == scene.generation
            && from <= now
            && found.passes.first().is_none_or(|p| p.set > now)
            && (found.passes.len() >= PASSES_LISTED || now - from < TimeDelta::hours(1))
    });
    if same {
        return;
    }
    let search = PassSearch {
        standard_magnitude: assumptions.satellite.standard_magnitude,
        extinction: observer.extinction,
        ..PassSearch::default()
    };
    *found = SelectionPasses {
        site: site.name.clone(),
        passes: passes(
            &scene.fleet,
            index,
            site,
            now,
            now + TimeDelta::hours(PASSES_HOURS),
            search,
            PASSES_LISTED,
        ),
        searched: true,
        of: Some((index, place_bits(site), scene.generation, now)),
    };
}
