//! `--bench SECONDS`: runs the viewer that long after the first frame with
//! satellites, then prints one JSON object and exits.

use super::render::{BevyAtmosphereInUse, DrawCounter};
use super::totals::TotalsTiming;
use bevy::ecs::system::NonSendMarker;
use bevy::platform::time::Instant;
use bevy::prelude::*;
use serde::Serialize;

/// What `--bench` prints.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BenchReport {
    /// Satellites drawn.
    pub satellites: u64,
    /// Seconds from process start to the first frame with satellites.
    pub first_frame_s: f64,
    /// Frames measured.
    pub frames: u64,
    /// Median frame time, ms.
    pub frame_ms_median: f64,
    /// 99th percentile frame time, ms.
    pub frame_ms_p99: f64,
    /// CPU time of the main thread per frame, ms.
    pub main_thread_cpu_ms_per_frame: f64,
    /// The most CPU time of the main thread in one frame, ms.
    pub main_thread_cpu_ms_max: f64,
    /// Time to refresh the fleet totals, ms (null until the totals exist).
    pub totals_refresh_ms: Option<f64>,
    /// Worst frame time, ms.
    pub frame_ms_max: f64,
    /// Peak resident memory, MB (null where the OS does not say).
    pub peak_rss_mb: Option<f64>,
    /// Resident memory at the first frame with satellites, MB.
    pub rss_start_mb: Option<f64>,
    /// Resident memory at the end, MB: against `rss_start_mb`, what a long
    /// run grew by.
    pub rss_end_mb: Option<f64>,
    /// Whether Bevy's atmosphere drew the air (false: the rim glow did).
    pub bevy_atmosphere: bool,
    /// The picture measured: `space`, or the observer's `all-sky` or `perspective`.
    pub view: &'static str,
    /// The colour mode (`--colour-by`).
    pub colour_by: &'static str,
    /// Whether the impact map was laid on the globe at the end (`--impact-map`).
    pub impact_map: bool,
    /// Time to make the last impact map, off the frame, ms (null without one).
    pub impact_map_ms: Option<f64>,
    /// Time to count the last neighbours of the density mode, off the frame, ms (null without).
    pub density_ms: Option<f64>,
    /// Time to refresh the observer's sky counts, ms (null in the space view).
    pub sky_counts_ms: Option<f64>,
    /// The observer's site (null in the space view).
    pub site: Option<String>,
    /// Frames drawn while a close-approach screening ran (`--screen`).
    pub screening_frames: u64,
    /// CPU time of the main thread per frame while it ran, ms (null if none ran).
    pub screening_main_thread_cpu_ms_per_frame: Option<f64>,
    /// The most CPU time of the main thread in one of those frames (the
    /// one that takes the result in among them), ms.
    pub screening_main_thread_cpu_ms_max: Option<f64>,
    /// Median frame time while it ran, ms.
    pub screening_frame_ms_median: Option<f64>,
    /// The screening's wall time, s (null until one finished).
    pub screening_s: Option<f64>,
}

/// Runs the benchmark.
pub struct BenchPlugin {
    /// Seconds to measure after the first frame.
    pub seconds: f64,
    /// When the process started.
    pub process_start: Instant,
}

#[derive(Resource)]
struct BenchState {
    seconds: f64,
    process_start: Instant,
    started: Option<Instant>,
    first_frame_s: f64,
    last: Option<Instant>,
    frame_ms: Vec<f64>,
    #[cfg(not(target_arch = "wasm32"))]
    /// The main thread's CPU time when measuring began.
    cpu_start: Option<std::time::Duration>,
    rss_start_mb: Option<f64>,
    /// The main thread's CPU time at the last frame.
    #[cfg(not(target_arch = "wasm32"))]
    cpu_last: Option<std::time::Duration>,
    /// Main-thread CPU time and frame times of the frames a screening ran in.
    screening_cpu_ms: f64,
    screening_frame_ms: Vec<f64>,
    /// Main-thread CPU time of the slowest such frame, ms.
    screening_cpu_max_ms: f64,
    cpu_max_ms: f64,
    was_screening: bool,
    done: bool,
}

impl Plugin for BenchPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(BenchState {
            seconds: self.seconds,
            process_start: self.process_start,
            started: None,
            first_frame_s: 0.0,
            last: None,
            frame_ms: Vec::new(),
            #[cfg(not(target_arch = "wasm32"))]
            cpu_start: None,
            rss_start_mb: None,
            #[cfg(not(target_arch = "wasm32"))]
            cpu_last: None,
            screening_cpu_ms: 0.0,
            screening_frame_ms: Vec::new(),
            screening_cpu_max_ms: 0.0,
            cpu_max_ms: 0.0,
            was_screening: false,
            done: false,
        })
        .add_systems(Last, measure_frames);
    }
}

fn measure_frames(
    _main_thread: NonSendMarker,
    (counter, atmosphere): (Res<DrawCounter>, Res<BevyAtmosphereInUse>),
    (scene, impact, density): (
        Res<super::scene::frame::SceneFrame>,
        Res<super::observer::impact::ImpactTexture>,
        Res<super::scene::density::DensityColours>,
    ),
    (timing, safety): (
        Res<TotalsTiming>,
        Option<Res<super::safety::live::SafetyLive>>,
    ),
    observer: (
        Res<super::observer::frame::ObserverFrame>,
        Res<super::observer::counts::SkyCounts>,
        Res<super::observer::settings::ObserverSettings>,
    ),
    mut state: ResMut<BenchState>,
    mut exit: MessageWriter<AppExit>,
) {
    if state.done || counter.get() == 0 {
        return;
    }
    let now = Instant::now();
    let Some(started) = state.started else {
        state.started = Some(now);
        state.first_frame_s = (now - state.process_start).as_secs_f64();
        state.last = Some(now);
        state.rss_start_mb = rss_mb("VmRSS:");
        #[cfg(not(target_arch = "wasm32"))]
        {
            state.cpu_start = Some(cpu_time::ThreadTime::now().as_duration());
        }
        return;
    };
    // The frame the result arrives in counts too: it takes the result in.
    let running = safety.as_ref().is_some_and(|s| s.running());
    let screening = running || state.was_screening;
    state.was_screening = running;
    if let Some(last) = state.last {
        let ms = (now - last).as_secs_f64() * 1000.0;
        state.frame_ms.push(ms);
        if screening {
            state.screening_frame_ms.push(ms);
        }
    }
    state.last = Some(now);
    #[cfg(not(target_arch = "wasm32"))]
    {
        let cpu = cpu_time::ThreadTime::now().as_duration();
        if let Some(last) = state.cpu_last {
            let ms = (cpu - last).as_secs_f64() * 1000.0;
            state.cpu_max_ms = state.cpu_max_ms.max(ms);
            if screening {
                state.screening_cpu_ms += ms;
                state.screening_cpu_max_ms = state.screening_cpu_max_ms.max(ms);
            }
        }
        state.cpu_last = Some(cpu);
    }
    if (now - started).as_secs_f64() < state.seconds {
        return;
    }
    state.done = true;
    let frames = state.frame_ms.len() as u64;
    #[cfg(not(target_arch = "wasm32"))]
    let cpu_ms = state.cpu_start.as_ref().map_or(0.0, |c| {
        (cpu_time::ThreadTime::now().as_duration() - *c).as_secs_f64() * 1000.0
    });
    #[cfg(target_arch = "wasm32")]
    let cpu_ms = 0.0;
    let report = BenchReport {
        satellites: u64::from(scene.drawn),
        first_frame_s: state.first_frame_s,
        frames,
        frame_ms_median: percentile(&state.frame_ms, 0.5),
        frame_ms_p99: percentile(&state.frame_ms, 0.99),
        frame_ms_max: state.frame_ms.iter().copied().fold(0.0, f64::max),
        main_thread_cpu_ms_per_frame: cpu_ms / frames.max(1) as f64,
        main_thread_cpu_ms_max: state.cpu_max_ms,
        totals_refresh_ms: timing.last_refresh_ms,
        peak_rss_mb: rss_mb("VmHWM:"),
        rss_start_mb: state.rss_start_mb,
        rss_end_mb: rss_mb("VmRSS:"),
        bevy_atmosphere: atmosphere.get(),
        view: match observer.0.mode {
            super::observer::frame::ViewMode::Space => "space",
            super::observer::frame::ViewMode::AllSky => "all-sky",
            super::observer::frame::ViewMode::Perspective => "perspective",
        },
        colour_by: scene.colour_by.name(),
        impact_map: observer.0.impact_top.is_some(),
        impact_map_ms: impact.made_ms,
        density_ms: density.made_ms,
        sky_counts_ms: observer.1.refresh_ms,
        site: (observer.0.mode != super::observer::frame::ViewMode::Space)
            .then(|| observer.2.site.name.clone()),
        screening_frames: state.screening_frame_ms.len() as u64,
        screening_main_thread_cpu_ms_per_frame: (!state.screening_frame_ms.is_empty())
            .then(|| state.screening_cpu_ms / state.screening_frame_ms.len() as f64),
        screening_main_thread_cpu_ms_max: (!state.screening_frame_ms.is_empty())
            .then_some(state.screening_cpu_max_ms),
        screening_frame_ms_median: (!state.screening_frame_ms.is_empty())
            .then(|| percentile(&state.screening_frame_ms, 0.5)),
        screening_s: safety
            .as_ref()
            .and_then(|s| s.latest.as_ref().and_then(|r| r.elapsed_s)),
    };
    println!("{}", serde_json::to_string(&report).unwrap_or_default());
    exit.write(AppExit::Success);
}

/// The `q` quantile (0..1) of `values` by nearest rank; 0 for none.
pub fn percentile(values: &[f64], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// Peak resident set size from /proc (Linux), MB.
/// A memory figure of this process from /proc/self/status, MB: `VmRSS:`
/// (resident now) or `VmHWM:` (peak resident).
fn rss_mb(field: &str) -> Option<f64> {
    #[cfg(target_os = "linux")]
    {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with(field))?;
        let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb / 1024.0)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = field;
        None
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn percentiles_by_nearest_rank() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(super::percentile(&v, 0.5), 50.0);
        assert_eq!(super::percentile(&v, 0.99), 99.0);
        assert_eq!(super::percentile(&[3.0], 0.99), 3.0);
        assert_eq!(super::percentile(&[], 0.5), 0.0);
    }
}
