//! Close approaches on screen (the Safety section): a day screened off the
//! frame ([`live`]), its events drawn on the globe as markers coloured by
//! miss distance and its satellites coloured by their events a day
//! ([`marks`]), and a chosen event shown: the clock at its TCA, the camera
//! on the pair, both selected with their orbits.

pub mod live;
pub mod marks;
pub mod settings;

use crate::viewer::clock::SimClock;
use crate::viewer::messages::{Action, SceneReplaced};
use crate::viewer::picking::Selection;
use crate::viewer::scene::colour::ColourBy;
use crate::viewer::scene::fleet::SceneFleet;
use crate::viewer::scene::frame::{SatelliteStyle, world_from_teme};
use crate::viewer::systems::ViewerSystems;
use bevy::prelude::*;
use bevy_panorbit_camera::PanOrbitCamera;
use live::{SafetyLive, refresh_safety};
use marks::SafetyMarks;
pub use settings::SafetySettings;
use std::sync::Arc;

/// Distance from the pair the camera flies to, km.
pub const PAIR_VIEW_KM: f32 = 60.0;

/// The Safety section's feature.
pub struct SafetyPlugin;

impl Plugin for SafetyPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<SafetyLive>()
            .init_resource::<SafetyMarks>()
            .init_resource::<SafetySettings>()
            .add_message::<Action>()
            .add_message::<SceneReplaced>()
            .add_systems(
                Update,
                (screen_at_start, apply_safety_actions)
                    .chain()
                    .in_set(ViewerSystems::Input),
            )
            .add_systems(
                Update,
                (refresh_safety, update_safety_marks)
                    .chain()
                    .in_set(ViewerSystems::Totals),
            );
    }
}

/// `--screen`: screen a day from the first frame with satellites on
/// screen, as **Screen a day** does (so that `--bench` measures frames
/// while it runs).
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct ScreenAtStart;

fn screen_at_start(
    mut commands: Commands,
    asked: Option<Res<ScreenAtStart>>,
    drawn: Option<Res<crate::viewer::render::DrawCounter>>,
    scene: Res<SceneFleet>,
    clock: Res<SimClock>,
    mut live: ResMut<SafetyLive>,
) {
    if asked.is_some() && drawn.is_some_and(|d| d.get() > 0) {
        live.start(&scene, clock.now());
        commands.remove_resource::<ScreenAtStart>();
    }
}

/// Screening, cancelling, the markers, the colour mode and going to an event.
#[allow(clippy::too_many_arguments)]
fn apply_safety_actions(
    mut actions: MessageReader<Action>,
    mut replaced: MessageReader<SceneReplaced>,
    scene: Res<SceneFleet>,
    mut clock: ResMut<SimClock>,
    mut live: ResMut<SafetyLive>,
    mut settings: ResMut<SafetySettings>,
    mut style: ResMut<SatelliteStyle>,
    mut selection: ResMut<Selection>,
    mut cameras: Query<&mut PanOrbitCamera>,
) {
    if replaced.read().any(|r| !r.edited) || live.stale(&scene) {
        // The events belong to the old constellation.
        if live.latest.is_some() || live.running() {
            *live = SafetyLive::default();
            settings.chosen = None;
        }
    }
    for action in actions.read() {
        match action {
            Action::ScreenDay => {
                let from = clock.now();
                live.start(&scene, from);
                settings.chosen = None;
            }
            Action::CancelScreening => live.cancel(),
            Action::SetConjunctionMarkers(on) => settings.markers = *on,
            Action::SetCloseApproachColours(on) => {
                style.colour_by = if *on {
                    ColourBy::CloseApproaches
                } else {
                    ColourBy::Sunlight
                }
            }
            Action::GoToConjunction(rank) => {
                let Some(result) = live.latest.clone() else {
                    continue;
                };
                let Some(event) = result.report.closest.get(*rank) else {
                    continue;
                };
                settings.chosen = Some(*rank);
                let at = result.tca(event);
                clock.set(at);
                clock.paused = true;
                *selection = Selection {
                    index: Some(event.a_index),
                    partner: Some(event.b_index),
                    follow: true,
                };
                let focus = world_from_teme(event.pos_a_km);
                for mut camera in &mut cameras {
                    fly_to(&mut camera, focus);
                }
            }
            _ => {}
        }
    }
}

/// Moves the camera (smoothly) to look at `focus` from [`PAIR_VIEW_KM`],
/// from the side away from the Earth (the selection is followed, which
/// lifts the Earth view's zoom floor).
pub fn fly_to(camera: &mut PanOrbitCamera, focus: Vec3) {
    camera.target_focus = focus;
    camera.target_radius = PAIR_VIEW_KM;
    // Looking down at the pair from above the orbit, a little to one side.
    let up = focus.normalize_or_zero();
    camera.target_yaw = up.x.atan2(up.z) + 0.3;
    camera.target_pitch = up.y.clamp(-1.0, 1.0).asin().clamp(-1.4, 1.4);
    camera.force_update = true;
}

/// Swaps the markers and colours in when the result or the settings change
/// (made with the result, off the frame; nothing per satellite here).
pub fn update_safety_marks(
    scene: Res<SceneFleet>,
    live: Res<SafetyLive>,
    settings: Res<SafetySettings>,
    mut marks: ResMut<SafetyMarks>,
) {
    let key = live
        .latest
        .as_ref()
        .map(|r| (Arc::as_ptr(r) as usize, settings.markers));
    if key == marks.made_from {
        return;
    }
    *marks = match &live.latest {
        Some(r) if r.generation == scene.generation => SafetyMarks {
            lines: if settings.markers {
                r.markers.clone()
            } else {
                Arc::default()
            },
            colours: r.colours.clone(),
            for_fleet: Some(r.for_gpu.clone()),
            made_from: key,
        },
        _ => SafetyMarks {
            made_from: key,
            ..SafetyMarks::default()
        },
    };
}
