//! What the panels show and edit, as plain data: copied from the world each
//! frame, drawn by the panel functions, and turned back into [`Action`]s.
//! Kept free of Bevy so that the panels can be driven in tests.

use crate::constellation::{ConstellationSpec, ShellSpec};
use crate::model::{FleetModel, SatelliteModel};
use crate::totals::FleetTotals;
use crate::viewer::picking::SatelliteDetails;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Something the user asked for in a panel.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Set the warp.
    SetWarp(f64),
    /// Pause or run.
    SetPaused(bool),
    /// Jump to an instant.
    SetTime(DateTime<Utc>),
    /// Load a preset.
    LoadPreset(String),
    /// Open a constellation file (native).
    OpenFile(String),
    /// Load a constellation from text (an upload in the browser): name, text.
    OpenText(String, String),
    /// Save the constellation as edited, to a path; overwrite an existing file?
    SaveFile(String, bool),
    /// Replace shell `0` with the edited shell.
    ApplyShell(usize, ShellSpec),
    /// Show or hide a shell.
    SetShellVisible(usize, bool),
    /// New assumptions.
    SetAssumptions(SatelliteModel, FleetModel),
    /// Back to the documented defaults.
    ResetAssumptions,
    /// Follow the selected satellite or not.
    Follow(bool),
    /// Record the current view: seconds, fps, width, height, output path.
    Record(RecordRequest),
    /// Pick a constellation file to upload (browser).
    Upload,
    /// Make a link to this view (browser).
    ShareLink,
    /// Clear the selection.
    Deselect,
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
        }
    }
}

/// One row of the shell table.
#[derive(Debug, Clone, PartialEq)]
pub struct ShellRow {
    /// Shell name.
    pub name: String,
    /// Satellites.
    pub satellites: u64,
    /// Mean altitude, km.
    pub altitude_km: f64,
    /// Inclination in use, degrees.
    pub inclination_deg: f64,
    /// Shown.
    pub visible: bool,
    /// Colour in shell mode (linear RGB).
    pub colour: [f32; 3],
}

/// Which panels are open; saved between runs on native.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PanelLayout {
    /// The left dock (time, constellation).
    pub left: bool,
    /// The right dock (power, compute, inspector).
    pub right: bool,
    /// Sections open.
    pub time: bool,
    /// Constellation section open.
    pub constellation: bool,
    /// Power section open.
    pub power: bool,
    /// Compute section open.
    pub compute: bool,
    /// Inspector section open.
    pub inspector: bool,
    /// Record section open.
    pub record: bool,
}

impl Default for PanelLayout {
    fn default() -> Self {
        Self {
            left: true,
            right: true,
            time: true,
            constellation: true,
            power: true,
            compute: true,
            inspector: true,
            record: false,
        }
    }
}

/// The panels' state.
#[derive(Debug, Clone, Default)]
pub struct PanelModel {
    /// Simulated time.
    pub now: Option<DateTime<Utc>>,
    /// Warp.
    pub warp: f64,
    /// Paused.
    pub paused: bool,
    /// The date/time being typed.
    pub time_entry: String,
    /// Why the typed time was refused.
    pub time_error: Option<String>,
    /// The constellation's name.
    pub constellation_name: String,
    /// Its description.
    pub description: String,
    /// The preset it came from, if any.
    pub preset: Option<String>,
    /// The constellation as edited (saved as such).
    pub spec: Option<ConstellationSpec>,
    /// The shell table.
    pub shells: Vec<ShellRow>,
    /// Catalogs: name and satellites.
    pub catalogs: Vec<(String, usize)>,
    /// Satellites drawn of the total.
    pub drawn: u64,
    /// The shell being edited and its draft.
    pub editing: Option<(usize, ShellSpec)>,
    /// Why the last edit, open or save failed, or what it did.
    pub message: Option<(bool, String)>,
    /// Path typed for open/save.
    pub path: String,
    /// Overwrite when saving.
    pub overwrite: bool,
    /// The latest totals.
    pub totals: Option<Arc<FleetTotals>>,
    /// Their age, s.
    pub totals_age_s: Option<f64>,
    /// How long they took, ms.
    pub refresh_ms: Option<f64>,
    /// Power history: (hours relative to now, GW).
    pub history: Vec<[f64; 2]>,
    /// The assumptions in force.
    pub satellite: SatelliteModel,
    /// Fleet assumptions in force.
    pub fleet: FleetModel,
    /// The selected satellite.
    pub details: Option<SatelliteDetails>,
    /// Following it.
    pub follow: bool,
    /// Which panels are open.
    pub layout: PanelLayout,
    /// Whether the panels are shown at all (`H`).
    pub visible: bool,
    /// The browser build (no file paths).
    pub web: bool,
    /// The Record section's settings.
    pub record: RecordRequest,
    /// What the last recording is doing.
    pub record_status: Option<(bool, String)>,
    /// The last shareable link made.
    pub share_link: Option<String>,
    /// What the user asked for this frame.
    pub actions: Vec<Action>,
}

/// Parses a typed instant: RFC 3339, or `YYYY-MM-DD HH:MM[:SS]` taken as UTC.
pub fn parse_typed_time(text: &str) -> Result<DateTime<Utc>, String> {
    let t = text.trim();
    if let Ok(v) = crate::time::parse_instant(t) {
        return Ok(v);
    }
    for format in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(naive) = chrono::NaiveDateTime::parse_from_str(t, format) {
            return Ok(naive.and_utc());
        }
    }
    if let Ok(date) = chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(date.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
    }
    Err(format!(
        "`{t}` is not a time: use 2026-03-20 14:46 (UTC) or RFC 3339"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_times() {
        let t = parse_typed_time("2026-03-20 14:46").expect("valid");
        assert_eq!(t.to_rfc3339(), "2026-03-20T14:46:00+00:00");
        assert_eq!(
            parse_typed_time("2026-03-20").expect("valid").to_rfc3339(),
            "2026-03-20T00:00:00+00:00"
        );
        assert!(parse_typed_time("2026-03-20T16:46:00+02:00").is_ok());
        assert!(parse_typed_time("soon").unwrap_err().contains("not a time"));
    }
}
