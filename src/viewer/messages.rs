//! The messages between the panels and the features: what the user asked
//! for ([`Action`]), what came of it ([`StatusMessage`]), and that the
//! constellation on screen was replaced ([`SceneReplaced`]). Each feature
//! handles the actions that concern it; none of them knows the panels.

use crate::constellation::ShellSpec;
use crate::error::LoadError;
use crate::model::{FleetModel, SatelliteModel};
use bevy::prelude::*;
use chrono::{DateTime, Utc};

/// Something the user asked for in a panel.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum Action {
    /// Set the warp (clock).
    SetWarp(f64),
    /// Pause or run (clock).
    SetPaused(bool),
    /// Jump to an instant (clock).
    SetTime(DateTime<Utc>),
    /// Load a preset (scene).
    LoadPreset(String),
    /// Open a constellation file (scene, native).
    OpenFile(String),
    /// Load a constellation from text, an upload in the browser: name, text (scene).
    OpenText(String, String),
    /// Save the constellation as edited, to a path; overwrite an existing file? (panels)
    SaveFile(String, bool),
    /// Replace shell `0` with the edited shell (scene).
    ApplyShell(usize, ShellSpec),
    /// Show or hide a shell (scene).
    SetShellVisible(usize, bool),
    /// Colour the satellites by this (scene).
    SetColourBy(crate::viewer::scene::colour::ColourBy),
    /// Show only what these filters keep (scene).
    SetFilters(crate::viewer::scene::show_only::FilterSettings),
    /// New assumptions (totals).
    SetAssumptions(SatelliteModel, FleetModel),
    /// Back to the documented defaults (totals).
    ResetAssumptions,
    /// Follow the selected satellite or not (picking).
    Follow(bool),
    /// Clear the selection (picking).
    Deselect,
    /// Draw the selection's ground track and footprints or not (ground).
    SetGroundTrack(bool),
    /// Record the current view (record).
    Record(RecordRequest),
    /// Stop the recording in progress after its current frame, keeping what
    /// it wrote (record).
    CancelRecording,
    /// Pick a constellation file to upload (web).
    Upload,
    /// Make a link to this view (web).
    ShareLink,
    /// The observer's view as the Sky panel set it (observer).
    SetObserver(Box<crate::viewer::observer::settings::ObserverSettings>),
    /// Show the impact map on the globe or not (observer).
    SetImpactMap(bool),
    /// Select the brightest satellite in the observer's sky (observer).
    InspectBrightest,
    /// Arm (or disarm) picking the site with the next click on the globe
    /// in the space view (observer).
    PickSiteOnGlobe(bool),
    /// The Links panel's route, mesh and gateways (links).
    SetLinks(Box<crate::viewer::links::settings::LinksSettings>),
    /// Screen a day from the clock's instant for close approaches (safety).
    ScreenDay,
    /// Stop the screening under way (safety).
    CancelScreening,
    /// Go to the N-th closest event (0: the closest): the clock at its TCA,
    /// the camera on the pair, both selected (safety).
    GoToConjunction(usize),
    /// Draw the events as markers on the globe or not (safety).
    SetConjunctionMarkers(bool),
    /// Colour satellites by their events a day or not (safety).
    SetCloseApproachColours(bool),
    /// Select a satellite (fleet index), follow it and fly to it (picking).
    SelectSatellite(usize),
    /// Put the keyboard in the Find field (`/`; panels).
    FocusFind,
}

/// What the Record button asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordRequest {
    /// Seconds of video.
    pub duration_s: f64,
    /// Frames per second.
    pub fps: f64,
    /// Frame width.
    pub width: u32,
    /// Frame height.
    pub height: u32,
    /// A folder for PNG frames or a `.mp4` file.
    pub path: String,
    /// Record the panels too.
    pub ui: bool,
    /// Replace what is at `path` (asked of the user first).
    pub overwrite: bool,
}

impl Default for RecordRequest {
    fn default() -> Self {
        Self {
            duration_s: 10.0,
            fps: 30.0,
            width: 1920,
            height: 1080,
            path: "megaconstellation-frames".into(),
            ui: false,
            overwrite: false,
        }
    }
}

/// Where a status is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusSlot {
    /// Under the Constellation panel's file and shell controls.
    Constellation,
    /// In the Record section (also whether a recording runs: `Working`).
    Record,
    /// The Constellation panel's share link (browser): `Done(link)`.
    Share,
}

/// What came of an action.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// It worked: what was done.
    Done(String),
    /// It is under way: what is being done.
    Working(String),
    /// It failed: why.
    Failed(UiError),
}

impl Status {
    /// False for a failure.
    pub fn ok(&self) -> bool {
        !matches!(self, Status::Failed(_))
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::Done(text) | Status::Working(text) => f.write_str(text),
            Status::Failed(e) => write!(f, "{e}"),
        }
    }
}

/// Why an action failed, as the panels say it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum UiError {
    /// A constellation that cannot be used (the file, line and reason).
    #[error("{0}")]
    Load(String),
    /// No file name was typed.
    #[error("type a file name to save to")]
    NoPath,
    /// The file exists and overwriting was not asked for.
    #[error("{path} exists; tick \"overwrite\" to replace it")]
    Exists {
        /// The path.
        path: String,
    },
    /// Writing failed.
    #[error("{path}: cannot write: {reason}")]
    Write {
        /// The path.
        path: String,
        /// The system's reason.
        reason: String,
    },
    /// The recording could not start or failed.
    #[error("{0}")]
    Record(String),
    /// Not possible in the browser.
    #[error("{0} is not available in the browser")]
    NotInBrowser(&'static str),
}

impl From<&LoadError> for UiError {
    fn from(e: &LoadError) -> Self {
        UiError::Load(e.to_string())
    }
}

/// What came of an action, for the panel that shows it.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct StatusMessage {
    /// Which panel shows it.
    pub slot: StatusSlot,
    /// What came of it.
    pub status: Status,
}

/// The constellation on screen was replaced (a preset, a file, an upload) or
/// edited in place (a shell applied). Features reset what belongs to the
/// old one: the selection, the assumptions (on a new constellation only),
/// the hidden shells (likewise) and the shell editor.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct SceneReplaced {
    /// True when the same constellation was edited (keep what the user set).
    pub edited: bool,
}

/// Registers the messages (called by the viewer's plugin, and by tests that
/// run a feature alone).
pub fn add_viewer_messages(app: &mut App) {
    app.add_message::<Action>()
        .add_message::<StatusMessage>()
        .add_message::<SceneReplaced>();
}
