//! Close approaches: screening a whole constellation and any catalogues
//! for conjunctions over a span, the collision probability of each, and
//! what they add up to (events a day, manoeuvres a year, the Walker
//! shells' designed separations). No Bevy here.

mod class;
pub mod pc;
pub mod screen;
pub mod spec;
pub mod summary;
mod sweep;
pub mod synthetic;
pub mod track;
pub mod walker;

pub use screen::{
    Cancelled, DEFAULT_DISTANCE_KM, DEFAULT_STEP_S, Encounter, Event, Family, PcModel,
    ScreenOptions, Screening,
};
pub use spec::SafetySpec;

use crate::propagation::Fleet;
use chrono::{DateTime, Utc};
use screen::Objects;
use track::ShellTrack;

/// Screens every pair of the fleet's objects over [from, from + span_s).
/// `progress` is told the fraction done and stops the work by returning false.
pub fn screen(
    fleet: &Fleet,
    from: DateTime<Utc>,
    span_s: f64,
    options: ScreenOptions,
    pc: PcModel,
    progress: &(dyn Fn(f64) -> bool + Sync),
) -> Result<Screening, Cancelled> {
    let tracks: Vec<ShellTrack> = fleet
        .shells
        .iter()
        .enumerate()
        .filter_map(|(i, s)| ShellTrack::new(i, s, from))
        .collect();
    let objects = Objects::new(fleet, from, &tracks, pc);
    let families = walker::families(&objects, options, progress)?;
    let events = sweep::sweep(&objects, span_s, options, progress)?;
    progress(1.0);
    Ok(Screening {
        from,
        span_s,
        distance_km: options.distance_km,
        objects: fleet.len(),
        events,
        families,
        tracks,
    })
}
