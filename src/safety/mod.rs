//! Close approaches: screening a whole constellation and any catalogues
//! for conjunctions over a span, the collision probability of each, and
//! what they add up to (events a day, manoeuvres a year, the Walker
//! shells' designed separations). No Bevy here.

mod class;
mod path;
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
    let plan = Plan::new(fleet, from, span_s, options, pc);
    // The Walker classes take about a tenth of the time; the sweep the rest.
    let families = plan.families(fleet, &|f| progress(0.1 * f))?;
    let events = plan.sweep(fleet, 0..plan.steps(), &|f| progress(0.1 + 0.9 * f))?;
    progress(1.0);
    Ok(plan.finish(fleet, events, families))
}

/// A screening in parts, for a caller that cannot wait for all of it at
/// once (the browser, a step of time a frame): the Walker classes, then the
/// sweep's steps in any number of runs, then [`Plan::finish`]. The same
/// events as [`screen`] whatever the runs.
#[derive(Debug, Clone)]
pub struct Plan {
    from: DateTime<Utc>,
    span_s: f64,
    options: ScreenOptions,
    pc: PcModel,
    tracks: Vec<ShellTrack>,
}

impl Plan {
    /// The circular shells' tracks from `from` (a millisecond of SGP4 a shell).
    pub fn new(
        fleet: &Fleet,
        from: DateTime<Utc>,
        span_s: f64,
        options: ScreenOptions,
        pc: PcModel,
    ) -> Self {
        let tracks = fleet
            .shells
            .iter()
            .enumerate()
            .filter_map(|(i, s)| ShellTrack::new(i, s, from))
            .collect();
        Self {
            from,
            span_s,
            options,
            pc,
            tracks,
        }
    }

    /// Steps of the sweep.
    pub fn steps(&self) -> usize {
        screen::windows(self.span_s, self.options.step_s).len()
    }

    /// The events of pairs within one Walker shell, as classes.
    pub fn families(
        &self,
        fleet: &Fleet,
        progress: &(dyn Fn(f64) -> bool + Sync),
    ) -> Result<Vec<Family>, Cancelled> {
        let objects = Objects::new(fleet, self.from, &self.tracks, self.pc);
        walker::families(&objects, self.options, progress)
    }

    /// The sweep's events in steps `part` (of `0..self.steps()`).
    pub fn sweep(
        &self,
        fleet: &Fleet,
        part: std::ops::Range<usize>,
        progress: &(dyn Fn(f64) -> bool + Sync),
    ) -> Result<Vec<Event>, Cancelled> {
        let objects = Objects::new(fleet, self.from, &self.tracks, self.pc);
        sweep::sweep(&objects, self.span_s, self.options, part, progress)
    }

    /// The screening from the families and every step's events.
    pub fn finish(self, fleet: &Fleet, events: Vec<Event>, families: Vec<Family>) -> Screening {
        Screening {
            from: self.from,
            span_s: self.span_s,
            distance_km: self.options.distance_km,
            objects: fleet.len(),
            events,
            families,
            tracks: self.tracks,
        }
    }
}
