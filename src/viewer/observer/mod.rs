//! The observer's view: the sky from a site on the ground, as an all-sky
//! camera or a perspective look, with the stars, the Sun and the satellites
//! as bright as they appear (the `sky` command's photometry, on the GPU),
//! trails over an exposure, an instrument's field and the `sky` counts live.
//!
//! `O` switches between the space view and this one, `V` between all-sky
//! and perspective, `G` shows the grid, `E` the trails; in perspective a
//! drag looks around and the wheel zooms. `M` lays the impact map on the
//! globe in the space view ([`impact`]). The Sky panel sets the rest
//! ([`settings::ObserverSettings`], sent as `Action::SetObserver`).

pub mod counts;
pub mod frame;
pub mod impact;
pub mod settings;

use super::clock::SimClock;
use super::messages::Action;
use super::systems::ViewerSystems;
use super::totals::Assumptions;
use bevy::input::mouse::{AccumulatedMouseMotion, AccumulatedMouseScroll, MouseScrollUnit};
use bevy::prelude::*;
use bevy::render::extract_resource::ExtractResourcePlugin;
use bevy_egui::{EguiContexts, egui};
use counts::SkyCounts;
use frame::{ObserverFrame, ViewMode};
use impact::ImpactMap;
use settings::{DEFAULT_EXPOSURE_S, ObserverSettings, SitePicking};

/// The observer's view.
pub struct ObserverPlugin {
    /// The settings at start (`--site`, `--sky`).
    pub start: ObserverSettings,
}

impl Plugin for ObserverPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(self.start.clone().clamped())
            .init_resource::<ObserverFrame>()
            .init_resource::<SkyCounts>()
            .init_resource::<ImpactMap>()
            .init_resource::<impact::ImpactTexture>()
            .init_resource::<impact::ImpactBuild>()
            .init_resource::<SitePicking>()
            .add_message::<Action>()
            .add_plugins((
                ExtractResourcePlugin::<ObserverFrame>::default(),
                ExtractResourcePlugin::<impact::ImpactTexture>::default(),
            ))
            .add_systems(
                Update,
                (apply_observer_actions, observer_keys, look_around)
                    .chain()
                    .in_set(ViewerSystems::Input),
            )
            .add_systems(
                Update,
                (impact::refresh_impact_map, update_observer_frame)
                    .chain()
                    .in_set(ViewerSystems::Scene),
            )
            // After the orbit camera has placed it (a key, a shot script's
            // camera), before the transforms are propagated for this frame.
            .add_systems(
                PostUpdate,
                place_camera_at_site
                    .after(bevy_panorbit_camera::PanOrbitCameraSystemSet)
                    .before(bevy::transform::TransformSystems::Propagate),
            )
            .add_systems(
                Update,
                counts::refresh_sky_counts.in_set(ViewerSystems::Totals),
            )
            .add_systems(
                bevy_egui::EguiPrimaryContextPass,
                horizon_labels_ui.in_set(ViewerSystems::Overlays),
            );
    }
}

/// The Sky panel's settings.
fn apply_observer_actions(
    mut actions: MessageReader<Action>,
    mut settings: ResMut<ObserverSettings>,
    mut impact: ResMut<ImpactMap>,
    mut site_picking: ResMut<SitePicking>,
    inspect: (
        Res<super::scene::fleet::SceneFleet>,
        Res<SimClock>,
        Res<Assumptions>,
        ResMut<super::picking::Selection>,
    ),
) {
    let (scene, clock, assumptions, mut selection) = inspect;
    for action in actions.read() {
        match action {
            Action::SetObserver(s) => *settings = s.as_ref().clone().clamped(),
            Action::SetImpactMap(shown) => impact.shown = *shown,
            Action::PickSiteOnGlobe(armed) => {
                site_picking.0 = *armed;
                // The globe is in the space view.
                if *armed {
                    settings.active = false;
                }
            }
            Action::InspectBrightest => {
                let query = counts::sky_query(&settings, assumptions.satellite.standard_magnitude);
                if let Some((index, _)) =
                    crate::sky::brightest_at(&scene.fleet, &query, clock.now())
                {
                    selection.index = Some(index);
                }
            }
            _ => {}
        }
    }
}

/// `O`, `V`, `G`, `E` and `M` (skipped while egui has the keyboard).
fn observer_keys(
    keys: Res<ButtonInput<KeyCode>>,
    mut settings: ResMut<ObserverSettings>,
    mut impact: ResMut<ImpactMap>,
    egui_input: Option<Res<bevy_egui::input::EguiWantsInput>>,
) {
    if egui_input.is_some_and(|e| e.wants_any_keyboard_input()) {
        return;
    }
    if keys.just_pressed(KeyCode::KeyM) {
        impact.shown = !impact.shown;
    }
    if keys.just_pressed(KeyCode::KeyO) {
        settings.active = !settings.active;
    }
    if !settings.active {
        return;
    }
    if keys.just_pressed(KeyCode::KeyV) {
        settings.all_sky = !settings.all_sky;
    }
    if keys.just_pressed(KeyCode::KeyG) {
        settings.grid = !settings.grid;
    }
    if keys.just_pressed(KeyCode::KeyE) {
        settings.exposure_s = if settings.exposure_s > 0.0 {
            0.0
        } else {
            DEFAULT_EXPOSURE_S
        };
    }
}

/// In perspective: a drag turns the look (the sky follows the pointer), the
/// wheel zooms from 120° down to 1° of field.
fn look_around(
    buttons: Res<ButtonInput<MouseButton>>,
    motion: Res<AccumulatedMouseMotion>,
    scroll: Res<AccumulatedMouseScroll>,
    windows: Query<&Window>,
    mut settings: ResMut<ObserverSettings>,
    egui_input: Option<Res<bevy_egui::input::EguiWantsInput>>,
) {
    if !settings.active || settings.all_sky {
        return;
    }
    if egui_input.is_some_and(|e| e.wants_any_pointer_input()) {
        return;
    }
    let height = windows.iter().next().map_or(720.0, |w| w.height()).max(1.0);
    if buttons.pressed(MouseButton::Left) && motion.delta != Vec2::ZERO {
        let deg_per_px = settings.fov_deg / f64::from(height);
        let (az, el) = look_dragged(
            settings.azimuth_deg,
            settings.elevation_deg,
            motion.delta,
            deg_per_px,
        );
        settings.azimuth_deg = az;
        settings.elevation_deg = el;
    }
    let lines = match scroll.unit {
        MouseScrollUnit::Line => scroll.delta.y,
        MouseScrollUnit::Pixel => scroll.delta.y / 40.0,
    };
    if lines != 0.0 {
        settings.fov_deg = zoomed_fov(settings.fov_deg, f64::from(lines));
    }
}

/// The look after a drag of `delta` px: the sky moves with the pointer.
pub fn look_dragged(
    azimuth_deg: f64,
    elevation_deg: f64,
    delta: Vec2,
    deg_per_px: f64,
) -> (f64, f64) {
    (
        (azimuth_deg - f64::from(delta.x) * deg_per_px).rem_euclid(360.0),
        (elevation_deg + f64::from(delta.y) * deg_per_px).clamp(-90.0, 90.0),
    )
}

/// The field of view after `lines` of the wheel (positive zooms in): 15% a line.
pub fn zoomed_fov(fov_deg: f64, lines: f64) -> f64 {
    (fov_deg * 0.85f64.powf(lines))
        .clamp(crate::sky::view::MIN_FOV_DEG, crate::sky::view::MAX_FOV_DEG)
}

/// The view at the clock's time.
fn update_observer_frame(
    clock: Res<SimClock>,
    settings: Res<ObserverSettings>,
    assumptions: Res<Assumptions>,
    impact: Res<ImpactMap>,
    impact_texture: Res<impact::ImpactTexture>,
    scene: Res<super::scene::fleet::SceneFleet>,
    mut frame: ResMut<ObserverFrame>,
) {
    *frame = ObserverFrame::new(
        &settings,
        assumptions.satellite.standard_magnitude,
        clock.now(),
    );
    // Laid on the globe once a map is made (every satellite of the fleet).
    frame.impact_top =
        (impact.shown && frame.mode == ViewMode::Space && impact_texture.texels.is_some())
            .then(|| impact::legend_top(scene.fleet.len()) as f32);
}

/// In the perspective look the scene camera itself stands at the site and
/// looks where the view does (Bevy's atmosphere, which draws the sky there
/// on native, renders from the camera); back in space the orbit camera
/// takes it again where it left it.
fn place_camera_at_site(
    frame: Res<ObserverFrame>,
    settings: Res<ObserverSettings>,
    mut cameras: Query<
        (
            &mut Transform,
            &mut bevy::camera::Projection,
            &mut bevy_panorbit_camera::PanOrbitCamera,
        ),
        With<super::render::resources::SceneCamera>,
    >,
    mut on_site: Local<bool>,
) {
    let perspective = frame.mode == ViewMode::Perspective;
    for (mut transform, mut projection, mut orbit) in &mut cameras {
        let bevy::camera::Projection::Perspective(p) = projection.as_mut() else {
            continue;
        };
        if perspective {
            let [forward, _, up] = frame.look_world;
            *transform = Transform::from_translation(frame.site_world_km).looking_to(forward, up);
            p.fov = settings.fov_deg.to_radians() as f32;
        } else if *on_site {
            p.fov = super::camera::views::FOV_DEG.to_radians();
            orbit.force_update = true;
        }
    }
    *on_site = perspective;
}

/// The horizon's cardinal points and the zenith, written where the
/// projection puts them.
fn horizon_labels_ui(
    mut contexts: EguiContexts,
    settings: Res<ObserverSettings>,
    frame: Res<ObserverFrame>,
    overlays: Res<super::camera::Overlays>,
    area: Option<Res<super::camera::area::FreeArea>>,
) -> Result {
    if !overlays.visible {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    // The scene is drawn between the docks.
    let rect = area.map_or(ctx.content_rect(), |a| a.scene_or(ctx.content_rect()));
    if let Some(top) = frame.impact_top {
        impact::legend_ui(ctx, f64::from(top), rect);
    }
    if frame.mode == ViewMode::Space {
        return Ok(());
    }
    let projection = settings.projection();
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Background,
        egui::Id::new("horizon_labels"),
    ));
    let (w, h) = (f64::from(rect.width()), f64::from(rect.height()));
    for (label, az_deg) in [("N", 0.0), ("E", 90.0), ("S", 180.0), ("W", 270.0)] {
        // Just above the horizon, so that the letter stands in the sky.
        let el = if settings.all_sky { 4.0 } else { 1.5 };
        let Some([x, y]) = projection.pixel(f64::to_radians(az_deg), f64::to_radians(el), w, h)
        else {
            continue;
        };
        let at = rect.min + egui::vec2(x as f32, y as f32);
        if !rect.contains(at) {
            continue;
        }
        painter.text(
            at,
            egui::Align2::CENTER_CENTER,
            label,
            egui::FontId::proportional(16.0),
            egui::Color32::from_rgb(230, 190, 120),
        );
    }
    Ok(())
}
