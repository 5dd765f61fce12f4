//! World → panels: the live numbers copied into the [`PanelModel`] each
//! frame (O(shells), not O(satellites)), and what came of the user's
//! actions.

use super::model::Panels;
use super::model::ShellRow;
use crate::viewer::camera::overlay::Overlays;
use crate::viewer::clock::SimClock;
use crate::viewer::config::Recording;
use crate::viewer::links::live::LinksLive;
use crate::viewer::links::settings::LinksSettings;
use crate::viewer::messages::{Action, SceneReplaced, Status, StatusMessage, StatusSlot};
use crate::viewer::observer::counts::SkyCounts;
use crate::viewer::observer::impact::ImpactMap;
use crate::viewer::observer::settings::{ObserverSettings, SitePicking};
use crate::viewer::picking::{Selection, details};
use crate::viewer::safety::live::SafetyLive;
use crate::viewer::safety::settings::SafetySettings;
use crate::viewer::scene::colour::{self, ColourBy, SHADOWED_SRGB, SUNLIT_SRGB};
use crate::viewer::scene::filter::{FilterCount, FilterSettings};
use crate::viewer::scene::fleet::SceneFleet;
use crate::viewer::scene::frame::{SatelliteStyle, shell_colour};
use crate::viewer::totals::{Assumptions, TotalsState};
use bevy::prelude::*;

/// World → model: the live numbers (O(shells), not O(satellites)).
#[allow(clippy::too_many_arguments)]
pub fn sync_panels(
    clock: Res<SimClock>,
    scene: Res<SceneFleet>,
    style: Res<SatelliteStyle>,
    totals: Res<TotalsState>,
    assumptions: Res<Assumptions>,
    selection: Res<Selection>,
    overlays: Res<Overlays>,
    recording: Option<Res<Recording>>,
    observer: (
        Res<ObserverSettings>,
        Res<SkyCounts>,
        Res<ImpactMap>,
        Res<SitePicking>,
    ),
    links: (Res<LinksSettings>, Res<LinksLive>),
    safety: (Option<Res<SafetyLive>>, Option<Res<SafetySettings>>),
    filters: (Res<FilterSettings>, Res<FilterCount>),
    ground: (
        Res<crate::viewer::ground::GroundTrack>,
        Res<crate::viewer::ground::SelectionPasses>,
        Res<crate::viewer::scene::density::DensityColours>,
    ),
    mut panels: ResMut<Panels>,
) {
    let m = &mut panels.0;
    let now = clock.now();
    if m.now.is_none() {
        m.time_entry = now.format("%Y-%m-%d %H:%M").to_string();
    }
    m.now = Some(now);
    m.warp = clock.warp;
    m.paused = clock.paused;
    m.visible = overlays.visible;
    let c = &scene.constellation;
    if m.spec.is_none() || scene.is_changed() {
        m.find.index = Some(std::sync::Arc::new(crate::find::FindIndex::new(
            &scene.fleet,
        )));
        m.find.searched.clear();
        m.find.matches.clear();
        m.spec = Some(c.spec.clone());
        m.constellation_name = c.display_name();
        m.description = c.spec.description.clone().unwrap_or_default();
        m.preset = c.origin.0.strip_prefix("preset ").map(str::to_owned);
    }
    m.shells = scene
        .fleet
        .shells
        .iter()
        .enumerate()
        .map(|(i, s)| ShellRow {
            name: s.shell.spec.name.clone(),
            satellites: s.range.len() as u64,
            altitude_km: s.shell.spec.altitude_km,
            inclination_deg: s.shell.inclination_rad.to_degrees(),
            visible: !style.hidden_shells.get(i).copied().unwrap_or(false),
            colour: shell_colour(i),
        })
        .collect();
    m.catalogs = scene
        .fleet
        .catalogs
        .iter()
        .map(|c| (c.name.clone(), c.range.len()))
        .collect();
    m.drawn = scene.gpu.instances.len() as u64 + scene.fleet.catalog_satellites.len() as u64;
    m.totals = totals.latest.clone();
    // A recording shows no wall-clock figures (the same inputs, the same frames).
    m.totals_age_s = totals.age_secs().filter(|_| recording.is_none());
    m.refresh_ms = totals.refresh_ms.filter(|_| recording.is_none());
    m.history = totals
        .history
        .iter()
        .map(|s| {
            [
                crate::time::minutes_between(now, s.at) * 60.0,
                s.power_collected_w / 1e9,
            ]
        })
        .collect();
    m.satellite = assumptions.satellite.clone();
    m.fleet = assumptions.fleet.clone();
    let (settings, counts, impact, site_picking) = observer;
    m.sky.impact_map = impact.shown;
    m.sky.picking_site = site_picking.0;
    m.sky.settings = settings.clone();
    m.sky.counts = counts.latest.clone();
    m.sky.refresh_ms = counts.refresh_ms.filter(|_| recording.is_none());
    m.sky.night = counts.night.clone();
    let (link_settings, live) = links;
    if let Some((from, to)) = &link_settings.route
        && m.links.from_entry.is_empty()
        && m.links.to_entry.is_empty()
    {
        m.links.from_entry = from.clone();
        m.links.to_entry = to.clone();
    }
    m.links.settings = link_settings.clone();
    m.links.latest = live.latest.clone();
    m.links.history = live.history.clone();
    m.links.refresh_ms = live.refresh_ms.filter(|_| recording.is_none());
    let (safety_live, safety_settings) = safety;
    if let Some(live) = safety_live {
        m.safety.latest = live.latest.clone();
        m.safety.progress = live.progress();
        m.safety.error = live.error.clone();
        m.safety.longest_slice_ms = live.longest_slice_ms;
    }
    if let Some(s) = safety_settings {
        m.safety.markers = s.markers;
        m.safety.chosen = s.chosen;
    }
    m.safety.colours = style.colour_by == ColourBy::CloseApproaches;
    m.colour_by = style.colour_by;
    m.filters = filters.0.clone();
    m.shown = filters.1.shown.map(|(n, _)| n);
    let array_power_w =
        crate::totals::Conditions::new(now, &assumptions.satellite, &assumptions.fleet)
            .array_power_w;
    m.colour_legend = match style.colour_by {
        ColourBy::Sunlight => vec![
            (SUNLIT_SRGB, "sunlit".into()),
            (SHADOWED_SRGB, "in the Earth's shadow".into()),
        ],
        ColourBy::Shell => vec![],
        ColourBy::CloseApproaches => vec![],
        // Once the first counts are made.
        ColourBy::Density => ground
            .2
            .scale
            .map(|s| colour::legend(ColourBy::Density, s))
            .unwrap_or_default(),
        mode => colour::scale(mode, &scene.fleet, array_power_w)
            .map(|s| colour::legend(mode, s))
            .unwrap_or_default(),
    };
    m.follow = selection.follow;
    m.ground_track = ground.0.shown;
    m.gateway_elevation_deg = scene.constellation.spec.links.min_elevation_deg;
    m.passes = ground
        .1
        .searched
        .then(|| (ground.1.site.clone(), ground.1.passes.clone()));
    m.details = selection
        .index
        .and_then(|i| details(&scene, &assumptions.satellite, &assumptions.fleet, i, now));
}

/// What came of the user's actions: statuses into their panels; a new
/// constellation closes the shell editor and clears the old messages; `/`
/// puts the keyboard in the Find field.
pub fn receive_statuses(
    mut statuses: MessageReader<StatusMessage>,
    mut replaced: MessageReader<SceneReplaced>,
    mut actions: MessageReader<Action>,
    mut panels: ResMut<Panels>,
) {
    let m = &mut panels.0;
    if actions.read().any(|a| *a == Action::FocusFind) {
        m.find.focus = true;
        m.layout.find = true;
    }
    for r in replaced.read() {
        m.editing = None;
        if !r.edited {
            m.message = None;
        }
    }
    for s in statuses.read() {
        match s.slot {
            StatusSlot::Constellation => m.message = Some(s.status.clone()),
            StatusSlot::Record => m.record_status = Some(s.status.clone()),
            StatusSlot::Share => {
                if let Status::Done(link) = &s.status {
                    m.share_link = Some(link.clone());
                }
            }
        }
    }
    m.recording = matches!(m.record_status, Some(Status::Working(_)));
}
