//! A day of close approaches screened off the frame: on native in a
//! background task with its progress (cancelled by the user or by a new
//! constellation); in the browser, which has one thread, a few steps of the
//! sweep a frame within a time budget, over the first shells only
//! ([`WEB_MAX_OBJECTS`]); in a recording, all at once before the frames.

use super::marks::{marker_lines, satellite_colours};
use crate::constellation::{Constellation, ConstellationSpec};
use crate::propagation::Fleet;
use crate::safety::summary::{SafetyReport, report_and_events_per_object_day};
use crate::safety::{Cancelled, Event, Family, PcModel, Plan, ScreenOptions};
use crate::time::at_offset;
use crate::viewer::links::lines::GpuLink;
use crate::viewer::scene::fleet::{GpuFleet, SceneFleet};
use bevy::platform::time::Instant;
use bevy::prelude::*;
use chrono::{DateTime, Utc};
use std::sync::Arc;
#[cfg(not(target_arch = "wasm32"))]
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// The span the Safety section screens, s: a day.
pub const SPAN_S: f64 = 86_400.0;
/// Events kept, the closest first: listed, drawn as markers and reachable
/// by a recording's `conjunction = N`.
pub const KEPT_EVENTS: usize = 20_000;
/// In the browser, the screening takes whole shells from the first while
/// they come to at most this many objects (at least one shell): a day of
/// them is screened in about a minute of frames, a few steps a frame.
pub const WEB_MAX_OBJECTS: usize = 20_000;
/// In the browser, the screening's share of a frame, ms.
pub const WEB_FRAME_BUDGET_MS: f64 = 8.0;

/// A screened day, as the Safety section, the globe and the captions show it.
#[derive(Debug, Clone)]
pub struct SafetyResult {
    /// Everything `conjunctions` says of the span; `closest` holds up to
    /// [`KEPT_EVENTS`], fleet indices those of the scene's fleet.
    pub report: SafetyReport,
    /// Start of the span.
    pub from: DateTime<Utc>,
    /// Events a day of every object of the scene's fleet (0 where not screened).
    pub events_per_day: Vec<f32>,
    /// Objects screened.
    pub screened: usize,
    /// What was left out, said in the section (the browser's subset).
    pub subset: Option<String>,
    /// The scene it belongs to.
    pub generation: u64,
    /// Wall time, s (none in a recording).
    pub elapsed_s: Option<f64>,
    /// The kept events' markers, made with the result (off the frame).
    pub markers: Arc<Vec<GpuLink>>,
    /// The drawn satellites' colours by their events a day, in the instance
    /// order of `for_gpu`.
    pub colours: Arc<Vec<[u8; 4]>>,
    /// The drawn fleet the colours are for.
    pub for_gpu: Arc<GpuFleet>,
}

impl SafetyResult {
    /// The TCA of one of the listed events.
    pub fn tca(&self, e: &crate::safety::summary::CloseApproach) -> DateTime<Utc> {
        at_offset(self.from, e.tca_s)
    }
}

/// The Pc model, screening options and thresholds of a constellation.
fn settings(spec: &ConstellationSpec) -> (PcModel, ScreenOptions) {
    (
        PcModel::new(&spec.safety, &spec.satellite),
        ScreenOptions::default(),
    )
}

/// Screens a day of `scene`'s whole fleet from `from` in one call (native
/// tasks and recordings).
pub fn screen_scene(
    scene: &SceneFleet,
    from: DateTime<Utc>,
    progress: &(dyn Fn(f64) -> bool + Sync),
) -> Result<SafetyResult, Cancelled> {
    let started = Instant::now();
    let spec = &scene.constellation.spec;
    let (pc, options) = settings(spec);
    let screening = crate::safety::screen(&scene.fleet, from, SPAN_S, options, pc, progress)?;
    let mut r = result_of(&screening, &scene.fleet, spec, None, scene);
    r.elapsed_s = Some(started.elapsed().as_secs_f64());
    Ok(r)
}

/// The result of a screening of `fleet` (the scene's, or the first shells of
/// it: `subset` says which).
fn result_of(
    screening: &crate::safety::Screening,
    fleet: &Fleet,
    spec: &ConstellationSpec,
    subset: Option<(String, &Fleet)>,
    scene: &SceneFleet,
) -> SafetyResult {
    let (mut report, counts) = report_and_events_per_object_day(
        screening,
        fleet,
        &spec.safety.manoeuvre_thresholds,
        KEPT_EVENTS,
    );
    let full = &scene.fleet;
    let (events_per_day, note) = match subset {
        None => (counts, None),
        Some((note, sub)) => {
            // Shells are the same and first in both; catalogue objects
            // follow the shells, which the subset has fewer of.
            let shift = full.shell_satellites() - sub.shell_satellites();
            let to_full = |i: usize| {
                if i < sub.shell_satellites() {
                    i
                } else {
                    i + shift
                }
            };
            let mut all = vec![0.0; full.len()];
            for (i, c) in counts.iter().enumerate() {
                if let Some(slot) = all.get_mut(to_full(i)) {
                    *slot = *c;
                }
            }
            for e in &mut report.closest {
                e.a_index = to_full(e.a_index);
                e.b_index = to_full(e.b_index);
            }
            (all, Some(note))
        }
    };
    SafetyResult {
        markers: Arc::new(marker_lines(&report.closest)),
        colours: Arc::new(satellite_colours(&events_per_day, &scene.gpu)),
        for_gpu: scene.gpu.clone(),
        report,
        from: screening.from,
        events_per_day,
        screened: screening.objects,
        subset: note,
        generation: scene.generation,
        elapsed_s: None,
    }
}

/// The first shells of `constellation` (whole, at least one) and the
/// catalogues that fit within `max` objects, and what was left out.
pub fn first_shells(constellation: &Constellation, max: usize) -> (Constellation, Option<String>) {
    let mut sub = constellation.clone();
    let fleet_sizes: Vec<usize> = constellation
        .spec
        .shells
        .iter()
        .map(|s| s.satellite_count() as usize)
        .collect();
    let mut total = 0;
    let mut keep = 0;
    for n in &fleet_sizes {
        if keep > 0 && total + n > max {
            break;
        }
        total += n;
        keep += 1;
    }
    sub.spec.shells.truncate(keep);
    let mut kept_catalogs = 0;
    sub.catalogs.retain(|c| {
        let fits = total + c.elements.len() <= max;
        if fits {
            total += c.elements.len();
            kept_catalogs += 1;
        }
        fits
    });
    let all: usize = fleet_sizes.iter().sum::<usize>()
        + constellation
            .catalogs
            .iter()
            .map(|c| c.elements.len())
            .sum::<usize>();
    let note = (total < all).then(|| {
        format!(
            "in the browser: {} of {} objects ({} of {} shells, {} of {} catalogues); the desktop app screens them all",
            crate::units::grouped(total as u64),
            crate::units::grouped(all as u64),
            keep,
            fleet_sizes.len(),
            kept_catalogs,
            constellation.catalogs.len()
        )
    });
    (sub, note)
}

/// A screening done a few steps at a time (the browser's; the same events
/// as one call, which a test checks).
pub struct SteppedScreening {
    fleet: Fleet,
    spec: ConstellationSpec,
    plan: Option<Plan>,
    families: Option<Vec<Family>>,
    events: Vec<Event>,
    next: usize,
    steps: usize,
    note: Option<String>,
}

impl SteppedScreening {
    /// A day of the first shells of `scene` that fit in `max_objects`, from `from`.
    pub fn new(
        scene: &SceneFleet,
        from: DateTime<Utc>,
        max_objects: usize,
    ) -> Result<Self, crate::error::LoadError> {
        let (sub, note) = first_shells(&scene.constellation, max_objects);
        let fleet = Fleet::new(&sub)?;
        let (pc, options) = settings(&sub.spec);
        let plan = Plan::new(&fleet, from, SPAN_S, options, pc);
        let steps = plan.steps();
        Ok(Self {
            fleet,
            spec: sub.spec,
            plan: Some(plan),
            families: None,
            events: Vec::new(),
            next: 0,
            steps,
            note,
        })
    }

    /// Fraction done.
    pub fn progress(&self) -> f64 {
        if self.families.is_none() {
            0.0
        } else {
            0.05 + 0.95 * self.next as f64 / self.steps.max(1) as f64
        }
    }

    /// Does one part: the Walker classes, or `steps` steps of the sweep.
    /// True when all is done.
    pub fn advance(&mut self, steps: usize) -> bool {
        let Some(plan) = &self.plan else {
            return true;
        };
        let go = |_: f64| true;
        if self.families.is_none() {
            self.families = Some(plan.families(&self.fleet, &go).unwrap_or_default());
            return false;
        }
        let end = (self.next + steps.max(1)).min(self.steps);
        if let Ok(found) = plan.sweep(&self.fleet, self.next..end, &go) {
            self.events.extend(found);
        }
        self.next = end;
        self.next >= self.steps
    }

    /// The result, once [`advance`](Self::advance) said it is done.
    pub fn finish(mut self, scene: &SceneFleet) -> Option<SafetyResult> {
        let plan = self.plan.take()?;
        let screening = plan.finish(
            &self.fleet,
            std::mem::take(&mut self.events),
            self.families.take().unwrap_or_default(),
        );
        let note = self.note.take().unwrap_or_default();
        let subset = (!note.is_empty()).then_some((note, &self.fleet));
        Some(result_of(
            &screening,
            &self.fleet,
            &self.spec,
            subset,
            scene,
        ))
    }
}

/// A screening under way.
enum Job {
    /// Native: a background task, its progress (f64 bits) and its stop flag.
    #[cfg(not(target_arch = "wasm32"))]
    Task {
        task: bevy::tasks::Task<Result<SafetyResult, Cancelled>>,
        progress: Arc<AtomicU64>,
        stop: Arc<AtomicBool>,
    },
    /// The browser: a few steps a frame.
    #[cfg(target_arch = "wasm32")]
    Stepped(Box<SteppedScreening>, Instant),
}

/// The latest screened day and the one under way.
#[derive(Resource, Default)]
pub struct SafetyLive {
    /// The latest result.
    pub latest: Option<Arc<SafetyResult>>,
    /// Why the last screening could not start.
    pub error: Option<String>,
    /// The most wall time a frame gave the screening, ms (the browser's
    /// steps, their finishing included; none on native, where it is a task).
    pub longest_slice_ms: Option<f64>,
    job: Option<Job>,
    job_generation: u64,
}

impl SafetyLive {
    /// Whether a screening runs.
    pub fn running(&self) -> bool {
        self.job.is_some()
    }

    /// Fraction done of the screening under way.
    pub fn progress(&self) -> Option<f64> {
        match self.job.as_ref()? {
            #[cfg(not(target_arch = "wasm32"))]
            Job::Task { progress, .. } => Some(f64::from_bits(progress.load(Ordering::Relaxed))),
            #[cfg(target_arch = "wasm32")]
            Job::Stepped(s, _) => Some(s.progress()),
        }
    }

    /// Whether what is shown or under way belongs to another constellation.
    pub fn stale(&self, scene: &SceneFleet) -> bool {
        self.latest
            .as_ref()
            .is_some_and(|r| r.generation != scene.generation)
            || (self.job.is_some() && self.job_generation != scene.generation)
    }

    /// Puts a result in (a recording's, screened before its frames).
    pub fn set(&mut self, result: SafetyResult) {
        self.cancel();
        self.latest = Some(Arc::new(result));
    }

    /// Starts screening a day of `scene` from `from` (replacing one under way).
    pub fn start(&mut self, scene: &SceneFleet, from: DateTime<Utc>) {
        self.cancel();
        self.error = None;
        self.longest_slice_ms = None;
        self.job_generation = scene.generation;
        #[cfg(target_arch = "wasm32")]
        match SteppedScreening::new(scene, from, WEB_MAX_OBJECTS) {
            Ok(s) => self.job = Some(Job::Stepped(Box::new(s), Instant::now())),
            Err(e) => self.error = Some(e.to_string()),
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            let progress = Arc::new(AtomicU64::new(0f64.to_bits()));
            let stop = Arc::new(AtomicBool::new(false));
            let (p, s) = (progress.clone(), stop.clone());
            let scene = scene.clone();
            let task = bevy::tasks::AsyncComputeTaskPool::get().spawn(async move {
                screen_scene(&scene, from, &|f| {
                    p.store(f.to_bits(), Ordering::Relaxed);
                    !s.load(Ordering::Relaxed)
                })
            });
            self.job = Some(Job::Task {
                task,
                progress,
                stop,
            });
        }
    }

    /// Stops the screening under way (its task ends at its next step).
    pub fn cancel(&mut self) {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(Job::Task { stop, .. }) = &self.job {
            stop.store(true, Ordering::Relaxed);
        }
        self.job = None;
    }

    /// Collects a finished task, or does the browser's share of this frame.
    /// (`scene` is the browser's: its steps' result is made against it.)
    #[cfg_attr(not(target_arch = "wasm32"), allow(unused_variables))]
    fn poll(&mut self, scene: &SceneFleet) {
        match self.job.as_mut() {
            None => {}
            #[cfg(not(target_arch = "wasm32"))]
            Some(Job::Task { task, .. }) => {
                use bevy::tasks::futures_lite::future;
                if let Some(done) = future::block_on(future::poll_once(task)) {
                    self.job = None;
                    if let Ok(r) = done {
                        self.latest = Some(Arc::new(r));
                    }
                }
            }
            #[cfg(target_arch = "wasm32")]
            Some(Job::Stepped(s, started)) => {
                let frame = Instant::now();
                let mut done = false;
                while !done && frame.elapsed().as_secs_f64() * 1e3 < WEB_FRAME_BUDGET_MS {
                    done = s.advance(1);
                }
                if done {
                    let elapsed = started.elapsed().as_secs_f64();
                    if let Some(Job::Stepped(s, _)) = self.job.take()
                        && let Some(mut r) = s.finish(scene)
                    {
                        r.elapsed_s = Some(elapsed);
                        self.latest = Some(Arc::new(r));
                    }
                }
                let ms = frame.elapsed().as_secs_f64() * 1e3;
                self.longest_slice_ms = Some(self.longest_slice_ms.unwrap_or(0.0).max(ms));
            }
        }
    }
}

/// Collects or advances the screening under way.
pub fn refresh_safety(scene: Res<SceneFleet>, mut live: ResMut<SafetyLive>) {
    if live.running() {
        live.poll(&scene);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Origin;

    const TWO_SHELLS: &str = r#"
epoch = "2026-03-20T00:00:00Z"
[[shell]]
name = "a-550"
altitude_km = 550
inclination_deg = 53
planes = 12
sats_per_plane = 10
[[shell]]
name = "b-552"
altitude_km = 552
inclination_deg = 97.6
planes = 8
sats_per_plane = 9
"#;

    fn scene() -> SceneFleet {
        let c =
            Constellation::from_text(TWO_SHELLS, Origin("two.toml".into()), None).expect("valid");
        SceneFleet::new(c, None).expect("scene")
    }

    #[test]
    fn a_screening_in_steps_finds_what_one_call_finds() {
        let scene = scene();
        let from = crate::time::parse_instant("2026-03-20T06:00:00Z").expect("time");
        let whole = screen_scene(&scene, from, &|_| true).expect("not cancelled");
        let mut stepped = SteppedScreening::new(&scene, from, usize::MAX).expect("fleet");
        let mut parts = 0;
        while !stepped.advance(97) {
            parts += 1;
            assert!(stepped.progress() < 1.0);
        }
        assert!(parts > 40, "{parts} parts");
        let r = stepped.finish(&scene).expect("a result");
        assert!(whole.report.events > 0, "the shells meet");
        assert_eq!(r.report.events, whole.report.events);
        assert_eq!(r.report.events_under_1km, whole.report.events_under_1km);
        let key = |c: &crate::safety::summary::CloseApproach| {
            (c.a_index, c.b_index, (c.tca_s * 1e3).round() as i64)
        };
        let (a, b): (Vec<_>, Vec<_>) = (
            r.report.closest.iter().map(key).collect(),
            whole.report.closest.iter().map(key).collect(),
        );
        assert_eq!(a, b);
        assert_eq!(r.events_per_day, whole.events_per_day);
        assert!(r.subset.is_none(), "all of it was screened");
    }

    #[test]
    fn the_browser_screens_whole_shells_from_the_first_and_says_so() {
        let scene = scene();
        let (sub, note) = first_shells(&scene.constellation, 150);
        assert_eq!(sub.spec.shells.len(), 1, "120 fit, 120 + 72 do not");
        let note = note.expect("a note");
        assert!(note.contains("120 of 192 objects"), "{note}");
        // At least one shell, even one larger than the limit.
        let (sub, _) = first_shells(&scene.constellation, 10);
        assert_eq!(sub.spec.shells.len(), 1);
        let (sub, note) = first_shells(&scene.constellation, 192);
        assert_eq!(sub.spec.shells.len(), 2);
        assert!(note.is_none());
        // The subset's events are the first shell's own, in the scene's indices.
        let from = crate::time::parse_instant("2026-03-20T06:00:00Z").expect("time");
        let mut s = SteppedScreening::new(&scene, from, 150).expect("fleet");
        while !s.advance(500) {}
        let r = s.finish(&scene).expect("a result");
        assert_eq!(r.events_per_day.len(), 192);
        assert!(r.events_per_day[120..].iter().all(|&v| v == 0.0));
        assert!(r.report.closest.iter().all(|e| e.b_index < 120));
    }
}
