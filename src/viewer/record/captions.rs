//! Captions drawn over the scene: a title and a lower third, with opacity
//! (set by shot scripts when recording).

use bevy::prelude::*;

/// Captions drawn over the frame (title and lower third, with opacity).
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct Captions {
    /// Title text and opacity.
    pub title: Option<(String, f32)>,
    /// Lower-third text and opacity.
    pub lower_third: Option<(String, f32)>,
}

/// Draws the captions, laid out and placed in the frame that shows them:
/// painted directly (not in egui areas, which spend a new area's first
/// frame measuring it, invisible, and place changed text by its old size).
pub fn captions_ui(
    mut contexts: bevy_egui::EguiContexts,
    captions: Res<Captions>,
) -> bevy::prelude::Result {
    use bevy_egui::egui;
    let ctx = contexts.ctx_mut()?;
    let rect = ctx.content_rect();
    let scale = rect.height() / 720.0;
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::new("captions"),
    ));
    let white = |alpha: f32| egui::Color32::from_white_alpha((255.0 * alpha.clamp(0.0, 1.0)) as u8);
    if let Some((text, alpha)) = &captions.title {
        let galley = painter.layout_no_wrap(
            text.clone(),
            egui::FontId::proportional(44.0 * scale),
            white(*alpha),
        );
        let top_centre = egui::pos2(rect.center().x, rect.top() + rect.height() * 0.08);
        painter.galley(
            top_centre - egui::vec2(galley.size().x / 2.0, 0.0),
            galley,
            white(*alpha),
        );
    }
    if let Some((text, alpha)) = &captions.lower_third {
        let galley = painter.layout_no_wrap(
            text.clone(),
            egui::FontId::proportional(24.0 * scale),
            white(*alpha),
        );
        let margin = egui::vec2(14.0, 8.0) * scale;
        let bottom_left = egui::pos2(
            rect.left() + rect.width() * 0.05,
            rect.bottom() - rect.height() * 0.1,
        );
        let text_pos = bottom_left + egui::vec2(margin.x, -margin.y - galley.size().y);
        let backdrop = egui::Rect::from_min_size(text_pos - margin, galley.size() + 2.0 * margin);
        painter.rect_filled(
            backdrop,
            0.0,
            egui::Color32::from_black_alpha((160.0 * alpha.clamp(0.0, 1.0)) as u8),
        );
        painter.galley(text_pos, galley, white(*alpha));
    }
    Ok(())
}
