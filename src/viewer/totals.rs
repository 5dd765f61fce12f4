//! The fleet's totals for the panels: exact per satellite (the orbit core's
//! `fleet_totals`, the same numbers `report` prints), computed off the frame
//! — in a background task on native, a slice of the fleet per frame in the
//! browser — with their age, and a short history for the power plot.

use super::clock::SimClock;
use super::messages::{Action, SceneReplaced};
use super::scene::fleet::SceneFleet;
use super::systems::ViewerSystems;
use crate::model::{FleetModel, SatelliteModel};
use crate::totals::{Conditions, FleetTotals, Tally, assemble, group_list, group_slot};
use bevy::platform::time::Instant;
use bevy::prelude::*;
use chrono::{DateTime, Utc};
use std::collections::VecDeque;
use std::sync::Arc;

/// Where the totals' refresh time is reported, when there are totals.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct TotalsTiming {
    /// Milliseconds of the last refresh.
    pub last_refresh_ms: Option<f64>,
}

/// The fleet's totals off the frame, the assumptions they use (editable
/// in the Compute panel), and the power history.
pub struct TotalsPlugin {
    /// The assumptions at start (the constellation file's).
    pub assumptions: Assumptions,
}

impl Plugin for TotalsPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(self.assumptions.clone())
            .init_resource::<TotalsState>()
            .init_resource::<TotalsTiming>()
            .add_message::<Action>()
            .add_message::<SceneReplaced>()
            .add_systems(Update, apply_totals_actions.in_set(ViewerSystems::Input))
            .add_systems(Update, refresh_totals.in_set(ViewerSystems::Totals));
    }
}

/// Edited assumptions, and Reset to the constellation's own; a new
/// constellation brings its own too (after
/// the frame's edits, so that the last thing asked for wins).
fn apply_totals_actions(
    mut actions: MessageReader<Action>,
    mut replaced: MessageReader<SceneReplaced>,
    scene: Res<SceneFleet>,
    mut assumptions: ResMut<Assumptions>,
) {
    for action in actions.read() {
        match action {
            Action::SetAssumptions(satellite, fleet)
                if satellite.check().is_ok() && fleet.check().is_ok() =>
            {
                assumptions.satellite = satellite.clone();
                assumptions.fleet = fleet.clone();
                assumptions.generation += 1;
            }
            Action::ResetAssumptions => {
                // The constellation's own values (its file's, which are the
                // documented defaults wherever the file is silent).
                assumptions.satellite = scene.constellation.spec.satellite.clone();
                assumptions.fleet = scene.constellation.spec.fleet.clone();
                assumptions.generation += 1;
            }
            _ => {}
        }
    }
    if replaced.read().any(|r| !r.edited) {
        *assumptions = Assumptions {
            satellite: scene.constellation.spec.satellite.clone(),
            fleet: scene.constellation.spec.fleet.clone(),
            generation: assumptions.generation + 1,
        };
    }
}

/// The power and compute assumptions in force (editable in the panels).
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct Assumptions {
    /// The satellite.
    pub satellite: SatelliteModel,
    /// The fleet.
    pub fleet: FleetModel,
    /// Bumped on every edit.
    pub generation: u64,
}

/// One point of the power history.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PowerSample {
    /// Simulated time.
    pub at: DateTime<Utc>,
    /// Power collected, W.
    pub power_collected_w: f64,
    /// Mean sunlit fraction.
    pub sunlit_fraction: f64,
}

/// Simulated hours of history kept for the plot.
pub const HISTORY_HOURS: f64 = 24.0;
/// Least wall time between two refreshes.
pub const MIN_REFRESH_SECS: f64 = 0.25;

/// The latest totals and the work in progress.
#[derive(Resource, Default)]
pub struct TotalsState {
    /// The latest complete totals.
    pub latest: Option<Arc<FleetTotals>>,
    /// When (wall clock) the latest were finished.
    pub finished: Option<Instant>,
    /// How long the latest took, ms.
    pub refresh_ms: Option<f64>,
    /// Recent power, oldest first.
    pub history: VecDeque<PowerSample>,
    inputs: (u64, u64),
    started: Option<Instant>,
    #[cfg(not(target_arch = "wasm32"))]
    task: Option<bevy::tasks::Task<(FleetTotals, f64)>>,
    #[cfg(target_arch = "wasm32")]
    job: Option<SlicedJob>,
}

impl TotalsState {
    /// Seconds since the latest totals were finished.
    pub fn age_secs(&self) -> Option<f64> {
        self.finished.map(|f| f.elapsed().as_secs_f64())
    }

    fn accept(&mut self, totals: FleetTotals, ms: f64, timing: &mut TotalsTiming) {
        if self.history.back().is_some_and(|s| s.at > totals.at) {
            // Time went backwards (a jump or negative warp): start the plot again.
            self.history.clear();
        }
        self.history.push_back(PowerSample {
            at: totals.at,
            power_collected_w: totals.tally.power_collected_w,
            sunlit_fraction: totals.tally.sunlit_fraction(),
        });
        while self
            .history
            .front()
            .is_some_and(|s| crate::time::minutes_between(s.at, totals.at) > HISTORY_HOURS * 60.0)
            || self.history.len() > 4000
        {
            self.history.pop_front();
        }
        self.latest = Some(Arc::new(totals));
        self.finished = Some(Instant::now());
        self.refresh_ms = Some(ms);
        timing.last_refresh_ms = Some(ms);
    }
}

/// Starts and collects totals; at most one computation at a time.
pub fn refresh_totals(
    clock: Res<SimClock>,
    scene: Res<SceneFleet>,
    assumptions: Res<Assumptions>,
    recording: Option<Res<super::config::Recording>>,
    mut state: ResMut<TotalsState>,
    mut timing: ResMut<TotalsTiming>,
) {
    let inputs = (scene.generation, assumptions.generation);
    if state.inputs != inputs {
        state.history.clear();
        state.latest = None;
    }
    if recording.is_some() {
        // In step with the frames, so that a recording is the same every time.
        if state.latest.as_ref().is_none_or(|t| t.at != clock.now()) || state.inputs != inputs {
            state.inputs = inputs;
            let totals = crate::totals::fleet_totals(
                &scene.fleet,
                &assumptions.satellite,
                &assumptions.fleet,
                clock.now(),
            );
            state.accept(totals, 0.0, &mut timing);
            state.finished = None;
            state.refresh_ms = None;
        }
        return;
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use bevy::tasks::futures_lite::future;
        if let Some(task) = state.task.as_mut()
            && let Some((totals, ms)) = future::block_on(future::poll_once(task))
        {
            state.task = None;
            if state.inputs == inputs {
                state.accept(totals, ms, &mut timing);
            }
        }
        if state.task.is_none() && due(&state, &clock, inputs) {
            let fleet = scene.fleet.clone();
            let satellite = assumptions.satellite.clone();
            let fleet_model = assumptions.fleet.clone();
            let at = clock.now();
            state.inputs = inputs;
            state.started = Some(Instant::now());
            state.task = Some(bevy::tasks::AsyncComputeTaskPool::get().spawn(async move {
                let start = Instant::now();
                let totals = crate::totals::fleet_totals(&fleet, &satellite, &fleet_model, at);
                (totals, start.elapsed().as_secs_f64() * 1000.0)
            }));
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        if state.job.is_none() && due(&state, &clock, inputs) {
            state.inputs = inputs;
            state.started = Some(Instant::now());
            state.job = Some(SlicedJob::new(&scene, &assumptions, clock.now()));
        }
        if let Some(job) = state.job.as_mut()
            && job.step(&scene, &assumptions, SLICE_SATELLITES)
        {
            let job = state.job.take().expect("job present");
            let ms = state
                .started
                .map_or(0.0, |s| s.elapsed().as_secs_f64() * 1000.0);
            let totals = job.finish(&scene, &assumptions);
            state.accept(totals, ms, &mut timing);
        }
    }
}

/// Whether a new computation should start: the inputs or the simulated time
/// changed, and the last one started long enough ago.
fn due(state: &TotalsState, clock: &SimClock, inputs: (u64, u64)) -> bool {
    let changed =
        state.inputs != inputs || state.latest.as_ref().is_none_or(|t| t.at != clock.now());
    let rested = state
        .started
        .is_none_or(|s| s.elapsed().as_secs_f64() >= MIN_REFRESH_SECS);
    changed && rested
}

/// Satellites handled per frame in the browser.
#[cfg(target_arch = "wasm32")]
pub const SLICE_SATELLITES: usize = 40_000;

/// Totals computed a slice per frame (no threads in the browser).
pub struct SlicedJob {
    conditions: Conditions,
    items: Vec<(crate::propagation::Group, std::ops::Range<usize>)>,
    next: usize,
    per_group: Vec<Tally>,
}

impl SlicedJob {
    /// A job for the scene at `at`.
    pub fn new(scene: &SceneFleet, assumptions: &Assumptions, at: DateTime<Utc>) -> Self {
        let groups = group_list(&scene.fleet).len();
        Self {
            conditions: Conditions::new(at, &assumptions.satellite, &assumptions.fleet),
            items: scene.fleet.work_items(),
            next: 0,
            per_group: vec![Tally::default(); groups],
        }
    }

    /// Works through about `budget` satellites; true when done.
    pub fn step(&mut self, scene: &SceneFleet, assumptions: &Assumptions, budget: usize) -> bool {
        let mut done = 0;
        while self.next < self.items.len() && done < budget {
            let (group, range) = self.items[self.next].clone();
            let slot = group_slot(&scene.fleet, group);
            done += range.len();
            for fix in scene
                .fleet
                .propagate_range(group, range, self.conditions.at)
            {
                self.conditions
                    .tally(&assumptions.satellite, &fix, &mut self.per_group[slot]);
            }
            self.next += 1;
        }
        self.next >= self.items.len()
    }

    /// The totals once every slice is done.
    pub fn finish(self, scene: &SceneFleet, assumptions: &Assumptions) -> FleetTotals {
        assemble(
            &scene.fleet,
            &assumptions.satellite,
            &assumptions.fleet,
            &self.conditions,
            group_list(&scene.fleet),
            self.per_group,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constellation::Constellation;

    #[test]
    fn sliced_totals_equal_the_one_pass_totals() {
        let c = Constellation::from_preset("starlink-gen2").expect("preset");
        let scene = SceneFleet::new(c.clone(), None).expect("scene");
        let assumptions = Assumptions {
            satellite: c.spec.satellite.clone(),
            fleet: c.spec.fleet.clone(),
            generation: 0,
        };
        let at = crate::time::parse_instant("2026-05-01T10:00:00Z").expect("time");
        let mut job = SlicedJob::new(&scene, &assumptions, at);
        let mut steps = 0;
        while !job.step(&scene, &assumptions, 5000) {
            steps += 1;
        }
        assert!(steps >= 4, "{steps}");
        let sliced = job.finish(&scene, &assumptions);
        let whole = crate::totals::fleet_totals(
            &scene.fleet,
            &assumptions.satellite,
            &assumptions.fleet,
            at,
        );
        assert_eq!(sliced.tally.sunlit, whole.tally.sunlit);
        assert_eq!(sliced.tally.umbra, whole.tally.umbra);
        assert!(
            (sliced.tally.power_collected_w / whole.tally.power_collected_w - 1.0).abs() < 1e-12
        );
    }
}
