//! What a viewer app starts from: the constellation, the clock, where the
//! picture goes, and the modes that change how features behave.

use super::clock::SimClock;
use super::scene::fleet::SceneFleet;
use bevy::platform::time::Instant;
use bevy::prelude::*;

/// Where the scene goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Output {
    /// A window of this size (logical pixels).
    Window {
        /// Width.
        width: u32,
        /// Height.
        height: u32,
    },
    /// An off-screen image of this size; no window, no display needed.
    Image {
        /// Width.
        width: u32,
        /// Height.
        height: u32,
    },
}

/// Everything the viewer starts from.
#[derive(Clone)]
pub struct ViewerConfig {
    /// The constellation and what to draw of it.
    pub scene: SceneFleet,
    /// The clock at start.
    pub clock: SimClock,
    /// Window or image.
    pub output: Output,
    /// `--bench SECONDS`.
    pub bench_seconds: Option<f64>,
    /// When the process started (for `first_frame_s`).
    pub process_start: Instant,
    /// `--limit`: at most this many satellites drawn (kept when the constellation changes).
    pub limit: Option<usize>,
    /// Bevy's atmosphere where the GPU can draw it (feature `atmosphere`);
    /// false (`--no-atmosphere`): the cheaper rim glow.
    pub atmosphere: bool,
    /// The observer's view at start (`--site`, `--sky`).
    pub observer: super::observer::settings::ObserverSettings,
    /// The links at start (a route from the URL).
    pub links: super::links::settings::LinksSettings,
}

/// The handle of the off-screen image in [`Output::Image`] mode.
#[derive(Resource, Clone)]
pub struct OffscreenTarget(pub Handle<Image>);

/// At most this many satellites are drawn (`--limit`); kept across reloads.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct DrawLimit(pub Option<usize>);

/// Marks an app as recording: totals are computed in step with the frames
/// (not in the background) and no wall-clock figures are shown, so that the
/// same inputs give the same pictures.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct Recording;
