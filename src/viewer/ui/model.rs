//! What the panels show and edit, as plain data: copied from the world each
//! frame, drawn by the panel functions, and turned back into [`Action`]s
//! (sent as messages to the features). Drawn without a Bevy world, so that
//! tests can drive the docks.

use crate::constellation::{ConstellationSpec, ShellSpec};
use crate::model::{FleetModel, SatelliteModel};
use crate::totals::FleetTotals;
pub use crate::viewer::messages::{Action, RecordRequest, Status};
use crate::viewer::picking::SatelliteDetails;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

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
    /// Sky section open.
    pub sky: bool,
    /// Links section open.
    pub links: bool,
    /// Safety section open.
    pub safety: bool,
    /// Find section open.
    pub find: bool,
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
            // Closed at first, as Record: the space view needs neither.
            sky: false,
            links: false,
            safety: false,
            find: true,
        }
    }
}

/// The panels' state as a resource.
#[derive(bevy::prelude::Resource, Default)]
pub struct Panels(pub PanelModel);

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
    pub time_error: Option<TypedTimeError>,
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
    /// How the satellites are coloured.
    pub colour_by: crate::viewer::scene::colour::ColourBy,
    /// What its colours mean now: sRGB colour and label, top to bottom.
    pub colour_legend: Vec<([f32; 3], String)>,
    /// Catalogs: name and satellites.
    pub catalogs: Vec<(String, usize)>,
    /// Satellites drawn of the total.
    pub drawn: u64,
    /// The shell being edited and its draft.
    pub editing: Option<(usize, ShellSpec)>,
    /// Why the last edit, open or save failed, or what it did.
    pub message: Option<Status>,
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
    /// Power history: (simulated seconds relative to now, GW).
    pub history: Vec<[f64; 2]>,
    /// The assumptions in force.
    pub satellite: SatelliteModel,
    /// Fleet assumptions in force.
    pub fleet: FleetModel,
    /// The selected satellite.
    pub details: Option<SatelliteDetails>,
    /// Following it.
    pub follow: bool,
    /// Its ground track and footprints drawn (`T`).
    pub ground_track: bool,
    /// Its next passes over the Sky section's site, and the site's name.
    pub passes: Option<(String, Vec<crate::ground::Pass>)>,
    /// The footprint's gateway elevation, degrees.
    pub gateway_elevation_deg: f64,
    /// Which panels are open.
    pub layout: PanelLayout,
    /// Whether the panels are shown at all (`H`).
    pub visible: bool,
    /// The browser build (no file paths).
    pub web: bool,
    /// The Record section's settings.
    pub record: RecordRequest,
    /// A recording asked for over an existing output, waiting for the
    /// user to say whether to replace it.
    pub record_confirm: Option<RecordRequest>,
    /// What the last recording is doing.
    pub record_status: Option<Status>,
    /// A recording started from the Record section is running.
    pub recording: bool,
    /// The last shareable link made (browser).
    pub share_link: Option<String>,
    /// Where some buttons were drawn this frame, in points from the
    /// window's top-left: (label, [x, y, width, height]). The browser build
    /// publishes them so that its test clicks them on the canvas.
    pub controls: Vec<(&'static str, [f32; 4])>,
    /// The Sky panel's state.
    pub sky: SkyModel,
    /// The Links panel.
    pub links: LinksPanelModel,
    /// The Safety panel.
    pub safety: SafetyPanelModel,
    /// The Find panel.
    pub find: FindModel,
    /// The filters as set.
    pub filters: crate::viewer::scene::filter::FilterSettings,
    /// What they show (None while none is on, or before the first count).
    pub shown: Option<u64>,
    /// What the user asked for this frame.
    pub actions: Vec<Action>,
}

/// What the Sky panel shows and edits.
#[derive(Debug, Clone, Default)]
pub struct SkyModel {
    /// The observer's view as set.
    pub settings: crate::viewer::observer::settings::ObserverSettings,
    /// Coordinates or a name being typed.
    pub site_entry: String,
    /// Why the typed site was refused.
    pub site_error: Option<String>,
    /// The latest counts.
    pub counts: Option<Arc<crate::sky::SkyAt>>,
    /// How long they took, ms.
    pub refresh_ms: Option<f64>,
    /// The night's sunlit satellites above 30°.
    pub night: Option<Arc<crate::viewer::observer::counts::NightSeries>>,
    /// The impact map is on the globe.
    pub impact_map: bool,
    /// The next click on the globe sets the site.
    pub picking_site: bool,
}

/// What the Links panel shows and edits.
#[derive(Debug, Clone, Default)]
pub struct LinksPanelModel {
    /// The route, mesh and gateways as set.
    pub settings: crate::viewer::links::settings::LinksSettings,
    /// The route's first place as typed.
    pub from_entry: String,
    /// Its second place as typed.
    pub to_entry: String,
    /// Why the typed route was refused.
    pub error: Option<String>,
    /// The latest links.
    pub latest: Option<Arc<crate::viewer::links::live::LinksSnapshot>>,
    /// The route's latency over simulated time.
    pub history: Vec<(DateTime<Utc>, Option<f64>)>,
    /// How long the latest links took, ms (none in a recording).
    pub refresh_ms: Option<f64>,
}

/// What the Find panel shows and edits.
#[derive(Debug, Clone, Default)]
pub struct FindModel {
    /// What is typed.
    pub entry: String,
    /// The text the matches are for.
    pub searched: String,
    /// The matches, the best first.
    pub matches: Vec<crate::find::Found>,
    /// The constellation's index (made once per constellation).
    pub index: Option<Arc<crate::find::FindIndex>>,
    /// Put the keyboard in the field (`/`), once.
    pub focus: bool,
}

/// What the Safety panel shows and edits.
#[derive(Debug, Clone, Default)]
pub struct SafetyPanelModel {
    /// The latest screened day.
    pub latest: Option<Arc<crate::viewer::safety::live::SafetyResult>>,
    /// The fraction done of the screening under way, if one runs.
    pub progress: Option<f64>,
    /// Why the screening could not start.
    pub error: Option<String>,
    /// The events are drawn on the globe.
    pub markers: bool,
    /// Satellites are coloured by their events a day.
    pub colours: bool,
    /// The event chosen in the list (rank, 0 the closest).
    pub chosen: Option<usize>,
    /// Rows of the list shown.
    pub rows: usize,
    /// The most a frame gave the browser's screening, ms.
    pub longest_slice_ms: Option<f64>,
}

/// A typed time that is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a time: use 2026-03-20 14:46 (UTC) or RFC 3339")]
pub struct TypedTimeError {
    /// What was typed.
    pub text: String,
}

/// Parses a typed instant: RFC 3339, or `YYYY-MM-DD HH:MM[:SS]` taken as UTC.
pub fn parse_typed_time(text: &str) -> Result<DateTime<Utc>, TypedTimeError> {
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
    if let Ok(date) = chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
        && let Some(midnight) = date.and_hms_opt(0, 0, 0)
    {
        return Ok(midnight.and_utc());
    }
    Err(TypedTimeError { text: t.to_owned() })
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
        assert!(
            parse_typed_time("soon")
                .unwrap_err()
                .to_string()
                .contains("not a time")
        );
    }
}
