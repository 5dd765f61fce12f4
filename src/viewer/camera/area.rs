//! The view between the docks: the scene (the globe, or the observer's
//! picture) is drawn in the window's space the docks leave, less a strip
//! at its bottom for the status line, through the scene camera's viewport
//! (as bevy_egui's side-panel example does). The picture's centre, the
//! all-sky circle, the horizon's letters, picking and the impact map's
//! legend all go by that rect.

use bevy::camera::Viewport;
use bevy::prelude::*;
use bevy_egui::egui;

/// The status line's strip under the scene, points.
pub const STATUS_STRIP: f32 = 28.0;

/// Where the scene is drawn, in egui points (the window's logical pixels).
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq)]
pub struct FreeArea {
    /// The space the docks leave (None: the whole window, as in a
    /// recording, which draws no docks).
    pub free: Option<egui::Rect>,
    /// The scene's part of it: `free` less the status line's strip.
    pub scene: Option<egui::Rect>,
    /// Physical pixels a point.
    pub pixels_per_point: f32,
}

impl FreeArea {
    /// The area left inside `window` (points) by what the docks took
    /// (`free`), with the status line's strip at its bottom when the
    /// overlays are shown.
    pub fn new(
        window: egui::Rect,
        free: egui::Rect,
        status_line: bool,
        pixels_per_point: f32,
    ) -> Self {
        let free = free.intersect(window);
        let strip = if status_line { STATUS_STRIP } else { 0.0 };
        let scene = egui::Rect::from_min_max(
            free.min,
            egui::pos2(free.max.x, (free.max.y - strip).max(free.min.y + 1.0)),
        );
        Self {
            free: Some(free),
            scene: Some(scene),
            pixels_per_point,
        }
    }

    /// The scene's rect in `window` (points): the whole window without docks.
    pub fn scene_or(&self, window: egui::Rect) -> egui::Rect {
        self.scene.unwrap_or(window)
    }

    /// The free area in `window` (points).
    pub fn free_or(&self, window: egui::Rect) -> egui::Rect {
        self.free.unwrap_or(window)
    }

    /// A cursor (logical px from the window's top left) relative to the
    /// scene's rect, and that rect's size; the whole window's without one.
    pub fn cursor_in_scene(&self, cursor: Vec2, window_size: Vec2) -> (Vec2, Vec2) {
        match self.scene {
            Some(r) => (
                cursor - Vec2::new(r.min.x, r.min.y),
                Vec2::new(r.width(), r.height()),
            ),
            None => (cursor, window_size),
        }
    }

    /// The camera's viewport for a window of `physical` pixels (None: the
    /// whole window).
    pub fn viewport(&self, physical: UVec2) -> Option<Viewport> {
        let scene = self.scene?;
        let ppp = self.pixels_per_point.max(1e-3);
        let x0 = (scene.min.x * ppp).round().clamp(0.0, physical.x as f32) as u32;
        let y0 = (scene.min.y * ppp).round().clamp(0.0, physical.y as f32) as u32;
        let x1 = (scene.max.x * ppp).round().clamp(0.0, physical.x as f32) as u32;
        let y1 = (scene.max.y * ppp).round().clamp(0.0, physical.y as f32) as u32;
        if x1 <= x0 + 1 || y1 <= y0 + 1 {
            return None;
        }
        if (x0, y0, x1, y1) == (0, 0, physical.x, physical.y) {
            return None;
        }
        Some(Viewport {
            physical_position: UVec2::new(x0, y0),
            physical_size: UVec2::new(x1 - x0, y1 - y0),
            ..default()
        })
    }
}

/// Fits the scene camera's viewport to the scene's rect.
/// Fits the scene camera's viewport to the scene's rect (in a window or
/// an off-screen image alike).
pub fn fit_camera_to_free_area(
    area: Res<FreeArea>,
    mut cameras: Query<&mut Camera, With<crate::viewer::render::resources::SceneCamera>>,
) {
    let key = |v: Option<&Viewport>| v.map(|v| (v.physical_position, v.physical_size));
    for mut camera in &mut cameras {
        let Some(physical) = camera.physical_target_size() else {
            continue;
        };
        let wanted = area.viewport(physical);
        if key(camera.viewport.as_ref()) != key(wanted.as_ref()) {
            camera.viewport = wanted;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_viewport_is_the_free_area_less_the_status_strip_in_physical_pixels() {
        let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 720.0));
        let free = egui::Rect::from_min_max(egui::pos2(340.0, 0.0), egui::pos2(960.0, 720.0));
        let area = FreeArea::new(window, free, true, 1.5);
        let v = area.viewport(UVec2::new(1920, 1080)).expect("a viewport");
        assert_eq!(v.physical_position, UVec2::new(510, 0));
        assert_eq!(v.physical_size, UVec2::new(930, 1080 - 42));
        let (c, size) = area.cursor_in_scene(Vec2::new(650.0, 346.0), Vec2::new(1280.0, 720.0));
        assert_eq!(
            (c, size),
            (Vec2::new(310.0, 346.0), Vec2::new(620.0, 692.0))
        );
        // No docks and no status line: the whole window, no viewport.
        let whole = FreeArea::new(window, window, false, 1.0);
        assert!(whole.viewport(UVec2::new(1280, 720)).is_none());
        assert!(
            FreeArea::default()
                .viewport(UVec2::new(1280, 720))
                .is_none()
        );
    }
}
