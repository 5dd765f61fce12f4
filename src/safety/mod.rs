//! Close approaches: screening a whole constellation and any catalogues
//! for conjunctions over a span, the collision probability of each, and
//! what they add up to (events a day, manoeuvres a year, the Walker
//! shells' designed separations). No Bevy here.

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
    ScreenOptions, Screening, screen,
};
pub use spec::SafetySpec;
