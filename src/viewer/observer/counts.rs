//! The `sky` counts for the observer's site, live and off the frame: the
//! instant's counts (and the trails in the instrument's field over the
//! exposure that ends now), and the sunlit satellites above 30° through the
//! night in progress, for the Sky panel's plot. On native both run in
//! background tasks; in a recording they are computed in step with the
//! frames, so that the same inputs give the same pictures.

use super::settings::ObserverSettings;
use crate::propagation::Fleet;
use crate::sky::night::{Night, night_of};
use crate::sky::{SkyAt, SkyQuery, sky_at};
use crate::viewer::clock::SimClock;
use crate::viewer::config::Recording;
use crate::viewer::scene::fleet::SceneFleet;
use crate::viewer::totals::Assumptions;
use bevy::platform::time::Instant;
use bevy::prelude::*;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use std::sync::Arc;

/// Minutes between two points of the night's plot.
pub const NIGHT_STEP_MIN: i64 = 10;
/// Least wall time between two refreshes of the instant's counts, s.
pub const MIN_REFRESH_SECS: f64 = 0.25;

/// The sunlit satellites above 30° through one night at the site.
#[derive(Debug, Clone, PartialEq)]
pub struct NightSeries {
    /// The site's name.
    pub site: String,
    /// The local date the night begins on.
    pub date: NaiveDate,
    /// The night (sunset and sunrise, or polar day or night).
    pub night: Night,
    /// (instant, sunlit above 30°), every [`NIGHT_STEP_MIN`] minutes.
    pub points: Vec<(DateTime<Utc>, u64)>,
}

/// What the inputs of a count were, to know when it is stale.
#[derive(Debug, Clone, PartialEq)]
struct Inputs {
    query: SkyQuery,
    generation: u64,
}

/// The latest counts and the work in progress.
#[derive(Resource, Default)]
pub struct SkyCounts {
    /// The latest counts at the site (the field's trails over the exposure
    /// that ends at `at`).
    pub latest: Option<Arc<SkyAt>>,
    /// How long they took, ms (none in a recording).
    pub refresh_ms: Option<f64>,
    /// The night in progress or to come.
    pub night: Option<Arc<NightSeries>>,
    instant_inputs: Option<(Inputs, DateTime<Utc>)>,
    night_inputs: Option<(Inputs, NaiveDate)>,
    started: Option<Instant>,
    /// The browser's night, a point a frame.
    night_in_progress: Option<(Inputs, NightInProgress)>,
    #[cfg(not(target_arch = "wasm32"))]
    instant_task: Option<bevy::tasks::Task<(SkyAt, f64)>>,
    #[cfg(not(target_arch = "wasm32"))]
    night_task: Option<bevy::tasks::Task<NightSeries>>,
}

/// The query the counts answer for these settings.
pub fn sky_query(settings: &ObserverSettings, standard_magnitude: f64) -> SkyQuery {
    SkyQuery {
        site: settings.site.clone(),
        extinction: settings.extinction,
        standard_magnitude,
        field: settings.field(),
    }
}

/// The sky at the site at `at`: the counts at `at`, with the trails of the
/// exposure that ends at `at` (the `sky` command counts from its instant on).
pub fn counts_at(fleet: &Fleet, query: &SkyQuery, at: DateTime<Utc>) -> SkyAt {
    let exposure_s = query.field.map_or(0.0, |f| f.exposure_s);
    let mut sky = sky_at(fleet, &strip_field(query), at);
    if let Some(field) = query.field {
        let start = at - TimeDelta::milliseconds((exposure_s * 1000.0).round() as i64);
        let q = SkyQuery {
            field: Some(field),
            ..query.clone()
        };
        let trails = sky_at(fleet, &q, start);
        sky.tally.trails = trails.tally.trails;
        for (g, t) in sky.groups.iter_mut().zip(&trails.groups) {
            g.tally.trails = t.tally.trails;
        }
    }
    sky
}

fn strip_field(query: &SkyQuery) -> SkyQuery {
    SkyQuery {
        field: None,
        ..query.clone()
    }
}

/// The local date whose night is in progress or next at `at`: the site's
/// mean solar date twelve hours earlier.
pub fn night_date(query: &SkyQuery, at: DateTime<Utc>) -> NaiveDate {
    (at + crate::sky::night::mean_solar_offset(&query.site) - TimeDelta::hours(12)).date_naive()
}

/// Sunlit satellites above 30° every [`NIGHT_STEP_MIN`] minutes of the
/// night that begins on `date`.
pub fn night_series(fleet: &Fleet, query: &SkyQuery, date: NaiveDate) -> NightSeries {
    let mut series = NightInProgress::new(query, date);
    while !series.step(fleet) {}
    series.series
}

/// A night's series filled a point at a time (the browser adds one a frame).
#[derive(Debug, Clone)]
struct NightInProgress {
    query: SkyQuery,
    series: NightSeries,
    /// The next instant to count, none when the night is done.
    next: Option<DateTime<Utc>>,
}

impl NightInProgress {
    fn new(query: &SkyQuery, date: NaiveDate) -> Self {
        let night = night_of(&query.site, date);
        Self {
            query: strip_field(query),
            next: night.span().map(|(from, _)| from),
            series: NightSeries {
                site: query.site.name.clone(),
                date,
                night,
                points: Vec::new(),
            },
        }
    }

    /// Counts the next point; true once the night is complete.
    fn step(&mut self, fleet: &Fleet) -> bool {
        let (Some(t), Some((_, to))) = (self.next, self.series.night.span()) else {
            return true;
        };
        if t > to {
            self.next = None;
            return true;
        }
        let n = sky_at(fleet, &self.query, t).tally.sunlit_above_30deg;
        self.series.points.push((t, n));
        self.next = Some(t + TimeDelta::minutes(NIGHT_STEP_MIN));
        false
    }
}

/// Starts and collects the counts while the observer's view is shown.
pub fn refresh_sky_counts(
    clock: Res<SimClock>,
    scene: Res<SceneFleet>,
    settings: Res<ObserverSettings>,
    assumptions: Res<Assumptions>,
    recording: Option<Res<Recording>>,
    mut counts: ResMut<SkyCounts>,
) {
    if !settings.active {
        return;
    }
    let inputs = Inputs {
        query: sky_query(&settings, assumptions.satellite.standard_magnitude),
        generation: scene.generation,
    };
    let now = clock.now();
    let date = night_date(&inputs.query, now);
    let instant_key = Some((inputs.clone(), now));
    let night_key = Some((inputs.clone(), date));
    if counts.night_inputs.as_ref().is_some_and(|(i, _)| {
        i.query.site != inputs.query.site || i.generation != inputs.generation
    }) {
        counts.night = None;
    }
    if recording.is_some() || cfg!(target_arch = "wasm32") {
        // In step with the frames (a recording), or on the page's one thread
        // at most every few seconds (the browser).
        let rested = counts
            .started
            .is_none_or(|s| s.elapsed().as_secs_f64() >= 3.0);
        let counted_now = counts.instant_inputs != instant_key && (recording.is_some() || rested);
        if counted_now {
            counts.started = Some(Instant::now());
            counts.latest = Some(Arc::new(counts_at(&scene.fleet, &inputs.query, now)));
            counts.instant_inputs = instant_key;
        }
        if counts.night_inputs != night_key && recording.is_some() {
            counts.night = Some(Arc::new(night_series(&scene.fleet, &inputs.query, date)));
            counts.night_inputs = night_key;
        } else if counts.night_inputs != night_key && !counted_now {
            // The browser: one point of the night a frame, not in a frame
            // that counted the instant.
            step_night(&mut counts, &scene.fleet, inputs, date);
        }
    } else {
        #[cfg(not(target_arch = "wasm32"))]
        refresh_in_background(&mut counts, &scene, inputs, now, date);
    }
}

/// Adds the next point to the night in progress (starting it, or starting
/// over when its inputs changed); the finished night replaces the shown one.
fn step_night(counts: &mut SkyCounts, fleet: &Fleet, inputs: Inputs, date: NaiveDate) {
    let key = (inputs, date);
    let stale = counts
        .night_in_progress
        .as_ref()
        .is_none_or(|(i, n)| *i != key.0 || n.series.date != date);
    if stale {
        counts.night_in_progress = Some((key.0.clone(), NightInProgress::new(&key.0.query, date)));
    }
    let done = counts
        .night_in_progress
        .as_mut()
        .is_some_and(|(_, n)| n.step(fleet));
    if done && let Some((_, n)) = counts.night_in_progress.take() {
        counts.night = Some(Arc::new(n.series));
        counts.night_inputs = Some(key);
    }
}

/// Collects finished counts and starts new ones in background tasks (native).
#[cfg(not(target_arch = "wasm32"))]
fn refresh_in_background(
    counts: &mut SkyCounts,
    scene: &SceneFleet,
    inputs: Inputs,
    now: DateTime<Utc>,
    date: NaiveDate,
) {
    let instant_key = Some((inputs.clone(), now));
    let night_key = Some((inputs.clone(), date));
    {
        use bevy::tasks::AsyncComputeTaskPool;
        use bevy::tasks::futures_lite::future;
        if let Some(task) = counts.instant_task.as_mut()
            && let Some((sky, ms)) = future::block_on(future::poll_once(task))
        {
            counts.instant_task = None;
            counts.latest = Some(Arc::new(sky));
            counts.refresh_ms = Some(ms);
        }
        if let Some(task) = counts.night_task.as_mut()
            && let Some(series) = future::block_on(future::poll_once(task))
        {
            counts.night_task = None;
            counts.night = Some(Arc::new(series));
        }
        let rested = counts
            .started
            .is_none_or(|s| s.elapsed().as_secs_f64() >= MIN_REFRESH_SECS);
        if counts.instant_task.is_none() && counts.instant_inputs != instant_key && rested {
            let fleet = scene.fleet.clone();
            let query = inputs.query.clone();
            counts.started = Some(Instant::now());
            counts.instant_inputs = instant_key;
            counts.instant_task = Some(AsyncComputeTaskPool::get().spawn(async move {
                let start = Instant::now();
                let sky = counts_at(&fleet, &query, now);
                (sky, start.elapsed().as_secs_f64() * 1000.0)
            }));
        }
        if counts.night_task.is_none() && counts.night_inputs != night_key {
            let fleet = scene.fleet.clone();
            let query = inputs.query.clone();
            counts.night_inputs = night_key;
            counts.night_task = Some(
                AsyncComputeTaskPool::get()
                    .spawn(async move { night_series(&fleet, &query, date) }),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browsers_night_a_point_a_frame_is_the_whole_night() {
        use crate::constellation::Constellation;
        let fleet = Fleet::new(&Constellation::from_preset("starlink-gen1").expect("preset"))
            .expect("fleet");
        let mut settings = ObserverSettings::default();
        let inputs = |s: &ObserverSettings| Inputs {
            query: sky_query(s, 6.4),
            generation: 0,
        };
        let date = NaiveDate::from_ymd_opt(2026, 3, 20).expect("date");
        let mut counts = SkyCounts::default();
        // Half a night at Paranal, then the site moves: the night starts over.
        for _ in 0..20 {
            step_night(&mut counts, &fleet, inputs(&settings), date);
        }
        assert!(counts.night.is_none());
        settings.site = crate::sky::parse_site("Mauna Kea").expect("site");
        let mut frames = 0;
        while counts.night.is_none() && frames < 500 {
            step_night(&mut counts, &fleet, inputs(&settings), date);
            frames += 1;
        }
        let whole = night_series(&fleet, &inputs(&settings).query, date);
        assert_eq!(counts.night.as_deref(), Some(&whole));
        assert_eq!(frames, whole.points.len() + 1, "a point a frame, then done");
        assert!(whole.points.len() > 60 && whole.site == "Mauna Kea");
    }

    #[test]
    fn the_night_in_progress_is_the_one_that_began_the_local_evening_before() {
        let settings = ObserverSettings::default(); // Paranal, 70.4° W: UTC − 4.7 h
        let q = sky_query(&settings, 6.4);
        let t = |s: &str| crate::time::parse_instant(s).expect("time");
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        // 23:00 local on the 20th, 03:00 local on the 21st, 13:00 local on the 21st.
        assert_eq!(night_date(&q, t("2026-03-21T03:42:00Z")), d("2026-03-20"));
        assert_eq!(night_date(&q, t("2026-03-21T07:42:00Z")), d("2026-03-20"));
        assert_eq!(night_date(&q, t("2026-03-21T17:42:00Z")), d("2026-03-21"));
    }
}
