//! The scene's two passes inside Bevy's main 3D pass: the Earth, the rim
//! glow, the stars and the Sun before Bevy's atmosphere; the satellites,
//! the catalog and the selection after it.

use super::pipelines::{PipelineSet, TRAIL_VERTICES};
use super::resources::{DrawCounter, SceneCamera, SceneGpu, ViewSceneUniform};
use bevy::prelude::*;
use bevy::render::camera::ExtractedCamera;
use bevy::render::render_phase::TrackedRenderPass;
use bevy::render::render_resource::*;
use bevy::render::renderer::{RenderContext, ViewQuery};
use bevy::render::view::{ExtractedView, ViewDepthTexture, ViewTarget};
use std::sync::atomic::Ordering;

/// What the scene's passes read of the view.
type SceneView<'w, 's> = ViewQuery<
    'w,
    's,
    (
        &'static ExtractedView,
        &'static ExtractedCamera,
        &'static ViewTarget,
        &'static ViewDepthTexture,
        &'static Msaa,
        &'static ViewSceneUniform,
    ),
    With<SceneCamera>,
>;

/// A pass onto the view's colour and depth, in the camera's viewport (the
/// space between the docks), with the frame uniform bound.
fn begin_pass<'a>(
    ctx: &'a mut RenderContext,
    label: &'static str,
    camera: &ExtractedCamera,
    target: &ViewTarget,
    depth: &ViewDepthTexture,
    uniform: &'a ViewSceneUniform,
) -> TrackedRenderPass<'a> {
    let mut pass = ctx.begin_tracked_render_pass(RenderPassDescriptor {
        label: Some(label),
        color_attachments: &[Some(target.get_color_attachment())],
        depth_stencil_attachment: Some(depth.get_attachment(StoreOp::Store)),
        timestamp_writes: None,
        occlusion_query_set: None,
        multiview_mask: None,
    });
    if let Some(viewport) = &camera.viewport {
        pass.set_camera_viewport(viewport);
    }
    pass.set_bind_group(0, &uniform.bind_group, &[]);
    pass
}

/// The Earth (with the rim glow where Bevy's atmosphere is not drawn), the
/// stars and the Sun.
pub(super) fn draw_scene(view: SceneView, gpu: Option<Res<SceneGpu>>, mut ctx: RenderContext) {
    let Some(gpu) = gpu else {
        return;
    };
    let (extracted, camera, target, depth, msaa, uniform) = view.into_inner();
    let Some(pipes) = gpu.pipelines.get(extracted.target_format, msaa.samples()) else {
        return;
    };
    let mut pass = begin_pass(
        &mut ctx,
        "megaconstellation_scene",
        camera,
        target,
        depth,
        uniform,
    );

    if uniform.observer {
        // From the ground: the sky and the ground behind the stars and the Sun.
        pass.set_render_pipeline(&pipes.dome);
        pass.draw(0..3, 0..1);
        draw_stars_and_sun(&mut pass, &gpu, pipes);
        return;
    }
    pass.set_render_pipeline(&pipes.earth);
    pass.set_bind_group(1, &gpu.earth_maps, &[]);
    pass.set_vertex_buffer(0, gpu.earth_vertices.slice(..));
    pass.set_index_buffer(gpu.earth_indices.slice(..), IndexFormat::Uint32);
    pass.draw_indexed(0..gpu.earth_index_count, 0, 0..1);

    if !uniform.bevy_atmosphere {
        pass.set_render_pipeline(&pipes.atmosphere);
        pass.draw_indexed(0..gpu.earth_index_count, 0, 0..1);
    }

    draw_stars_and_sun(&mut pass, &gpu, pipes);
}

fn draw_stars_and_sun<'a>(
    pass: &mut TrackedRenderPass<'a>,
    gpu: &'a SceneGpu,
    pipes: &'a PipelineSet,
) {
    pass.set_render_pipeline(&pipes.stars);
    pass.set_vertex_buffer(0, gpu.stars.slice(..));
    pass.draw(0..3, 0..gpu.star_count);

    pass.set_render_pipeline(&pipes.sun);
    pass.draw(0..3, 0..1);
}

/// The satellites, the catalog and the selected satellite's orbit and
/// marker, drawn after Bevy's atmosphere: they are above the air, so it
/// neither dims nor tints them, and the selection stays crisp.
pub(super) fn draw_fleet(
    view: SceneView,
    gpu: Option<Res<SceneGpu>>,
    counter: Res<DrawCounter>,
    mut ctx: RenderContext,
) {
    let Some(gpu) = gpu else {
        return;
    };
    let (extracted, camera, target, depth, msaa, uniform) = view.into_inner();
    let Some(pipes) = gpu.pipelines.get(extracted.target_format, msaa.samples()) else {
        return;
    };
    let mut pass = begin_pass(
        &mut ctx,
        "megaconstellation_fleet",
        camera,
        target,
        depth,
        uniform,
    );
    if uniform.observer && uniform.bevy_atmosphere {
        // The ground at the site, over the atmosphere's planet.
        pass.set_render_pipeline(&pipes.ground);
        pass.draw(0..3, 0..1);
    }
    if let Some(sats) = &gpu.satellites {
        pass.set_render_pipeline(&pipes.satellites);
        pass.set_vertex_buffer(0, sats.instances.slice(..));
        pass.set_vertex_buffer(1, sats.colours.slice(..));
        for (batch, (_, bind_group)) in sats.fleet.batches.iter().zip(&sats.batches) {
            if batch.instances.is_empty() {
                continue;
            }
            pass.set_bind_group(1, bind_group, &[]);
            pass.draw(0..3, batch.instances.clone());
        }
        if uniform.trails {
            pass.set_render_pipeline(&pipes.trails);
            for (batch, (_, bind_group)) in sats.fleet.batches.iter().zip(&sats.batches) {
                if batch.instances.is_empty() {
                    continue;
                }
                pass.set_bind_group(1, bind_group, &[]);
                pass.draw(0..TRAIL_VERTICES, batch.instances.clone());
            }
        }
        if let Some(((_, buffer, count), batch)) = &gpu.links
            && let Some((_, bind_group)) = sats.batches.get(*batch)
        {
            pass.set_render_pipeline(&pipes.links);
            pass.set_vertex_buffer(0, buffer.slice(..));
            pass.set_bind_group(1, bind_group, &[]);
            pass.draw(0..2, 0..*count);
        }
        // The close approaches' markers (TEME-fixed ends) and the
        // selection's ground track and footprints (Earth-fixed ends): no
        // shell read, any batch's bind group fills the layout.
        for (_, buffer, count) in [&gpu.markers, &gpu.ground].into_iter().flatten() {
            if let Some((_, bind_group)) = sats.batches.first() {
                pass.set_render_pipeline(&pipes.links);
                pass.set_vertex_buffer(0, buffer.slice(..));
                pass.set_bind_group(1, bind_group, &[]);
                pass.draw(0..2, 0..*count);
            }
        }
        counter.0.fetch_add(1, Ordering::Relaxed);
    }
    if let Some((instances, buffer)) = &gpu.catalog {
        pass.set_render_pipeline(&pipes.catalog);
        pass.set_vertex_buffer(0, buffer.slice(..));
        pass.draw(0..3, 0..instances.len() as u32);
    }
    // From the ground the orbits are left out; the ring marks the satellite
    // (the marker's shader draws nothing without a selection).
    if !uniform.observer && !gpu.orbit_strips.is_empty() {
        pass.set_render_pipeline(&pipes.orbit);
        pass.set_vertex_buffer(0, gpu.orbit.slice(..));
        for strip in &gpu.orbit_strips {
            pass.draw(strip.clone(), 0..1);
        }
    }
    pass.set_render_pipeline(&pipes.marker);
    pass.draw(0..3, 0..1);
}
