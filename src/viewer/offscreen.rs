//! Rendering without a window: frames of the scene into memory, captured
//! one by one (used by the picture tests and by recording).

use super::build_app;
use super::config::{OffscreenTarget, ViewerConfig};
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::time::TimeUpdateStrategy;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// An RGBA8 frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// Width, px.
    pub width: u32,
    /// Height, px.
    pub height: u32,
    /// Pixels, row by row, sRGB RGBA8.
    pub rgba: Vec<u8>,
}

impl Frame {
    /// True if nothing was ever drawn into it (all bytes zero, alpha included).
    pub fn is_blank(&self) -> bool {
        self.rgba.iter().all(|&b| b == 0)
    }

    /// The pixel at (x, y).
    pub fn pixel(&self, x: u32, y: u32) -> [u8; 4] {
        let i = ((y * self.width + x) * 4) as usize;
        [
            self.rgba[i],
            self.rgba[i + 1],
            self.rgba[i + 2],
            self.rgba[i + 3],
        ]
    }
}

type Captures = Arc<Mutex<Vec<Option<Frame>>>>;

/// An off-screen session: the app, advanced frame by frame at a fixed step.
pub struct Offscreen {
    /// The app (add systems or change resources between frames).
    pub app: App,
    captures: Captures,
    /// Index of the next picture [`Offscreen::take_ready`] hands out.
    taken: usize,
}

impl Offscreen {
    /// Builds the app for `config` (whose output must be an image) with a
    /// fixed frame step of `frame_step`.
    pub fn new(config: ViewerConfig, frame_step: Duration) -> Self {
        let mut app = build_app(config);
        app.insert_resource(TimeUpdateStrategy::ManualDuration(frame_step));
        app.finish();
        app.cleanup();
        // Startup: the camera and the scene exist after the first update.
        app.update();
        Self {
            app,
            captures: Arc::default(),
            taken: 0,
        }
    }

    /// Places the camera at once: yaw and pitch (panorbit's convention),
    /// distance and focus (world km).
    pub fn place_camera(&mut self, yaw: f32, pitch: f32, radius: f32, focus: Vec3) {
        let world = self.app.world_mut();
        let mut q = world.query::<&mut bevy_panorbit_camera::PanOrbitCamera>();
        for mut camera in q.iter_mut(world) {
            // A shot close to a satellite is closer than the Earth view allows.
            camera.zoom_lower_limit = camera.zoom_lower_limit.min(radius);
            camera.yaw = Some(yaw);
            camera.pitch = Some(pitch);
            camera.radius = Some(radius);
            camera.target_yaw = yaw;
            camera.target_pitch = pitch;
            camera.target_radius = radius;
            camera.focus = focus;
            camera.target_focus = focus;
            camera.force_update = true;
        }
    }

    /// The pictures that have arrived since the last call, in order
    /// (stops at the first that has not arrived yet).
    pub fn take_ready(&mut self) -> Vec<Frame> {
        let mut c = self.captures.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = Vec::new();
        while self.taken < c.len() {
            match c[self.taken].take() {
                Some(frame) => {
                    out.push(frame);
                    self.taken += 1;
                }
                None => break,
            }
        }
        out
    }

    /// Pictures asked for and not yet taken.
    pub fn pending(&self) -> usize {
        let c = self.captures.lock().unwrap_or_else(|e| e.into_inner());
        c.len() - self.taken
    }

    /// Puts the camera at a preset view at once (no easing).
    pub fn set_view(&mut self, view: super::camera::views::View) {
        let world = self.app.world_mut();
        let sun = world
            .resource::<super::scene::frame::SceneFrame>()
            .sun_dir_world;
        let sun = if sun == Vec3::ZERO {
            let clock = world.resource::<super::clock::SimClock>().now();
            super::scene::frame::sun_dir_world_at(clock)
        } else {
            sun
        };
        let (yaw, pitch, radius) = view.orbit(sun);
        self.place_camera(yaw, pitch, radius, Vec3::ZERO);
    }

    /// Runs frames until the scene has been drawn `n` times (pipelines and
    /// uploads ready), giving up after `max_updates`. On lavapipe the first
    /// few frames of a second app in one process can come back blank, so ask
    /// for 10 or more before capturing.
    pub fn warm_up(&mut self, n: u64, max_updates: usize) -> bool {
        for _ in 0..max_updates {
            self.app.update();
            if self
                .app
                .world()
                .resource::<super::render::DrawCounter>()
                .get()
                >= n
            {
                return true;
            }
        }
        false
    }

    /// Advances one frame and asks for its picture; pictures arrive a few
    /// frames later, in order, through [`Offscreen::finish`].
    pub fn capture_next(&mut self) {
        let index = {
            let mut c = self.captures.lock().unwrap_or_else(|e| e.into_inner());
            c.push(None);
            c.len() - 1
        };
        let handle = self.app.world().resource::<OffscreenTarget>().0.clone();
        let captures = self.captures.clone();
        self.app
            .world_mut()
            .spawn(Screenshot::image(handle))
            .observe(move |captured: On<ScreenshotCaptured>| {
                let frame = to_frame(&captured.image);
                let mut c = captures.lock().unwrap_or_else(|e| e.into_inner());
                c[index] = frame;
            });
        self.app.update();
    }

    /// Keeps updating (without asking for more pictures) until every
    /// requested picture has arrived; returns them in order.
    pub fn finish(&mut self, max_updates: usize) -> Vec<Frame> {
        for _ in 0..max_updates {
            let taken = self.taken;
            let done = self
                .captures
                .lock()
                .map(|c| c[taken..].iter().all(Option::is_some))
                .unwrap_or(false);
            if done {
                break;
            }
            self.app.update();
        }
        let mut c = self.captures.lock().unwrap_or_else(|e| e.into_inner());
        let frames = c.drain(..).skip(self.taken).flatten().collect();
        self.taken = 0;
        frames
    }
}

fn to_frame(image: &Image) -> Option<Frame> {
    let rgba = image.clone().try_into_dynamic().ok()?.to_rgba8();
    Some(Frame {
        width: rgba.width(),
        height: rgba.height(),
        rgba: rgba.into_raw(),
    })
}
