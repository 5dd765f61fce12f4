//! Captions drawn over the scene: a title and a lower third, with opacity
//! (set by shot scripts when recording).

use bevy::prelude::*;

/// Marks an app as recording: totals are computed in step with the frames
/// (not in the background) and no wall-clock figures are shown, so that the
/// same inputs give the same pictures.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct Recording;

/// Captions drawn over the frame (title and lower third, with opacity).
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct Captions {
    /// Title text and opacity.
    pub title: Option<(String, f32)>,
    /// Lower-third text and opacity.
    pub lower_third: Option<(String, f32)>,
}

/// Draws the captions.
pub fn captions_ui(
    mut contexts: bevy_egui::EguiContexts,
    captions: Res<Captions>,
) -> bevy::prelude::Result {
    use bevy_egui::egui;
    let ctx = contexts.ctx_mut()?;
    let rect = ctx.content_rect();
    let scale = rect.height() / 720.0;
    if let Some((text, alpha)) = &captions.title {
        egui::Area::new(egui::Id::new("caption_title"))
            .anchor(egui::Align2::CENTER_TOP, [0.0, rect.height() * 0.08])
            .interactable(false)
            .show(ctx, |ui| {
                ui.add(
                    egui::Label::new(
                        egui::RichText::new(text)
                            .size(44.0 * scale)
                            .strong()
                            .color(egui::Color32::from_white_alpha((255.0 * alpha) as u8)),
                    )
                    .wrap_mode(egui::TextWrapMode::Extend),
                );
            });
    }
    if let Some((text, alpha)) = &captions.lower_third {
        egui::Area::new(egui::Id::new("caption_lower_third"))
            .anchor(
                egui::Align2::LEFT_BOTTOM,
                [rect.width() * 0.05, -rect.height() * 0.1],
            )
            .interactable(false)
            .show(ctx, |ui| {
                egui::Frame::new()
                    .fill(egui::Color32::from_black_alpha((160.0 * alpha) as u8))
                    .inner_margin(egui::Margin::symmetric(
                        (14.0 * scale) as i8,
                        (8.0 * scale) as i8,
                    ))
                    .show(ui, |ui| {
                        ui.add(
                            egui::Label::new(
                                egui::RichText::new(text)
                                    .size(24.0 * scale)
                                    .color(egui::Color32::from_white_alpha((255.0 * alpha) as u8)),
                            )
                            .wrap_mode(egui::TextWrapMode::Extend),
                        );
                    });
            });
    }
    Ok(())
}
