//! The simulation clock: UTC that runs at `warp` times the frame clock,
//! pauses, and jumps. Everything in the scene reads its time from here.

use super::messages::Action;
use super::systems::ViewerSystems;
use bevy::prelude::*;
use chrono::{DateTime, TimeDelta, Utc};

/// Warp factors the `+`/`-` keys and the time panel step through.
pub const WARP_STEPS: [f64; 19] = [
    -10_000.0, -3_000.0, -1_000.0, -300.0, -100.0, -30.0, -10.0, -3.0, -1.0, 0.0, 1.0, 3.0, 10.0,
    30.0, 100.0, 300.0, 1_000.0, 3_000.0, 10_000.0,
];

/// Largest warp, either way.
pub const MAX_WARP: f64 = 10_000.0;

/// A warp asked for from outside (a flag, a URL): a finite number within
/// ±[`MAX_WARP`], or what was expected.
pub fn check_warp(warp: f64) -> Result<f64, &'static str> {
    if warp.is_finite() && warp.abs() <= MAX_WARP {
        Ok(warp)
    } else {
        Err("expected a number from -10000 to 10000")
    }
}

/// Simulated UTC and how fast it runs.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct SimClock {
    utc: DateTime<Utc>,
    /// Simulated seconds per frame-clock second (negative runs backwards).
    pub warp: f64,
    /// When paused, time stands still whatever the warp.
    pub paused: bool,
}

impl SimClock {
    /// A clock at `utc`, running at `warp`.
    pub fn new(utc: DateTime<Utc>, warp: f64, paused: bool) -> Self {
        let mut clock = Self {
            utc,
            warp: 1.0,
            paused,
        };
        clock.set_warp(warp);
        clock
    }

    /// The simulated instant.
    pub fn now(&self) -> DateTime<Utc> {
        self.utc
    }

    /// Jumps to an instant.
    pub fn set(&mut self, utc: DateTime<Utc>) {
        self.utc = utc;
    }

    /// Advances by `dt_secs` of frame time (nothing when paused).
    pub fn advance(&mut self, dt_secs: f64) {
        if self.paused || self.warp == 0.0 {
            return;
        }
        let nanos = (dt_secs * self.warp * 1e9).round();
        if nanos.is_finite() && nanos.abs() < 1e18 {
            self.utc += TimeDelta::nanoseconds(nanos as i64);
        }
    }

    /// Sets the warp, clamped to ±10,000.
    pub fn set_warp(&mut self, warp: f64) {
        self.warp = if warp.is_finite() {
            warp.clamp(-MAX_WARP, MAX_WARP)
        } else {
            1.0
        };
    }

    /// The next warp step up (or the same at the top).
    pub fn warp_up(&mut self) {
        self.warp = step_warp(self.warp, 1);
    }

    /// The next warp step down (or the same at the bottom).
    pub fn warp_down(&mut self) {
        self.warp = step_warp(self.warp, -1);
    }
}

/// The next of [`WARP_STEPS`] above `warp` (`direction` > 0) or below it;
/// at either end, that end.
pub fn step_warp(warp: f64, direction: i32) -> f64 {
    if direction > 0 {
        WARP_STEPS
            .iter()
            .copied()
            .find(|&w| w > warp + 1e-9)
            .unwrap_or(MAX_WARP)
    } else {
        WARP_STEPS
            .iter()
            .rev()
            .copied()
            .find(|&w| w < warp - 1e-9)
            .unwrap_or(-MAX_WARP)
    }
}

/// Runs the clock from the frame clock (`Time`), so that a fixed frame step
/// (recording) advances simulated time by exactly warp/fps per frame; takes
/// the panels' warp, pause and time actions.
pub struct ClockPlugin {
    /// Where the clock starts.
    pub start: SimClock,
}

impl Plugin for ClockPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(self.start.clone())
            .add_message::<Action>()
            .add_systems(First, advance_sim_clock.after(bevy::time::TimeSystems))
            .add_systems(Update, apply_clock_actions.in_set(ViewerSystems::Input));
    }
}

fn advance_sim_clock(time: Res<Time>, mut clock: ResMut<SimClock>) {
    clock.advance(time.delta_secs_f64());
}

fn apply_clock_actions(mut actions: MessageReader<Action>, mut clock: ResMut<SimClock>) {
    for action in actions.read() {
        match action {
            Action::SetWarp(w) => clock.set_warp(*w),
            Action::SetPaused(p) => clock.paused = *p,
            Action::SetTime(t) => clock.set(*t),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bevy::time::TimeUpdateStrategy;
    use std::time::Duration;

    fn start() -> DateTime<Utc> {
        crate::time::parse_instant("2026-03-20T12:00:00Z").expect("valid")
    }

    fn app(warp: f64, paused: bool) -> App {
        let mut app = App::new();
        app.add_plugins(MinimalPlugins)
            .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(
                100,
            )))
            .add_plugins(ClockPlugin {
                start: SimClock::new(start(), warp, paused),
            });
        app
    }

    fn run(app: &mut App, frames: usize) -> DateTime<Utc> {
        for _ in 0..frames {
            app.update();
        }
        app.world().resource::<SimClock>().now()
    }

    #[test]
    fn warp_scales_frame_time() {
        // The first update only starts the frame clock; the next ten advance 0.1 s each.
        let mut app = app(600.0, false);
        app.update();
        let t = run(&mut app, 10);
        assert_eq!(t - start(), TimeDelta::seconds(600));
    }

    #[test]
    fn negative_warp_runs_backwards_and_pause_stops() {
        let mut app = app(-100.0, false);
        app.update();
        let t = run(&mut app, 5);
        assert_eq!(start() - t, TimeDelta::seconds(50));
        app.world_mut().resource_mut::<SimClock>().paused = true;
        assert_eq!(run(&mut app, 5), t);
        app.world_mut().resource_mut::<SimClock>().paused = false;
        assert_eq!(t - run(&mut app, 1), TimeDelta::seconds(10));
    }

    #[test]
    fn jumps_and_warp_steps() {
        let mut app = app(1.0, true);
        app.update();
        let target = crate::time::parse_instant("2026-06-21T08:24:00Z").expect("valid");
        app.world_mut().resource_mut::<SimClock>().set(target);
        assert_eq!(run(&mut app, 3), target);
        let mut clock = SimClock::new(start(), 1.0, false);
        clock.warp_up();
        assert_eq!(clock.warp, 3.0);
        for _ in 0..20 {
            clock.warp_up();
        }
        assert_eq!(clock.warp, MAX_WARP);
        for _ in 0..9 {
            clock.warp_down();
        }
        assert_eq!(clock.warp, 0.0);
        clock.warp_down();
        assert_eq!(clock.warp, -1.0);
        clock.set_warp(1e9);
        assert_eq!(clock.warp, MAX_WARP);
        clock.set_warp(f64::NAN);
        assert_eq!(clock.warp, 1.0);
        assert_eq!(SimClock::new(start(), f64::NAN, false).warp, 1.0);
        assert_eq!(SimClock::new(start(), -1e9, false).warp, -MAX_WARP);
    }

    /// The clock is whole nanoseconds of UTC (chrono), not f64 seconds
    /// since some epoch: a tenth of a millisecond per frame still counts
    /// exactly in 2100, and a warped frame lands to the nanosecond.
    #[test]
    fn sub_millisecond_steps_far_from_the_epoch() {
        let t0 = crate::time::parse_instant("2100-06-21T08:24:00Z").expect("valid");
        let mut clock = SimClock::new(t0, 1.0, false);
        for _ in 0..1000 {
            clock.advance(0.0001);
        }
        assert_eq!(clock.now() - t0, TimeDelta::milliseconds(100));
        let mut clock = SimClock::new(t0, MAX_WARP, false);
        for _ in 0..600 {
            clock.advance(1.0 / 60.0);
        }
        let expected_ns = (600.0 * (1.0e9 * MAX_WARP / 60.0)).round() as i64;
        let got = clock.now() - t0;
        assert!(
            (got.num_nanoseconds().expect("fits") - expected_ns).abs() <= 600,
            "{got:?}"
        );
    }

    #[test]
    fn warps_from_outside_are_checked() {
        assert_eq!(check_warp(-MAX_WARP), Ok(-MAX_WARP));
        assert_eq!(check_warp(MAX_WARP), Ok(MAX_WARP));
        for bad in [10_001.0, -1e9, f64::NAN, f64::INFINITY] {
            assert!(check_warp(bad).is_err(), "{bad} accepted");
        }
    }
}
