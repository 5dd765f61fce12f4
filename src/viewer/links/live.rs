//! The links computed off the frame, as the Links panel, the globe's lines
//! and the captions show them: the totals, the route's latency (with its
//! history for the plot) and the mesh of one shell. On native they run in a
//! background task at most once a second (every ten seconds when only a
//! mesh is drawn); in a recording in step with the frames; in the browser
//! on the page's one thread, at most every ten seconds and only while
//! something asks for them.

pub use super::settings::LinksSettings;
use crate::links::output::RouteJson;
use crate::links::{LinksModel, links_at, parse_place, route};
use crate::propagation::Fleet;
use crate::propagation::fleet::Group;
use crate::viewer::clock::SimClock;
use crate::viewer::config::Recording;
use crate::viewer::scene::fleet::SceneFleet;
use bevy::platform::time::Instant;
use bevy::prelude::*;
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// Least wall time between two refreshes on native, s.
pub const MIN_REFRESH_SECS: f64 = 1.0;
/// Least wall time between two refreshes when only a mesh is drawn, s: its
/// lines move with their satellites on the GPU; only which links exist is
/// refreshed, and that changes over minutes.
pub const MESH_REFRESH_SECS: f64 = 10.0;
/// Least wall time between two refreshes in the browser, s.
pub const WEB_REFRESH_SECS: f64 = 10.0;
/// Points of the route's latency kept for the plot.
pub const HISTORY_POINTS: usize = 2000;

/// The route as found at one instant: what `links --json` says of it, and
/// what the globe draws.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteShown {
    /// From, to, latency, hops, length, fibre, gateways, or why there is none.
    pub summary: RouteJson,
    /// The satellites of the path, in order.
    pub satellites: Vec<u32>,
    /// The up-link's and down-link's gateways, Earth-fixed, km.
    pub gateway_positions: Option<[[f64; 3]; 2]>,
}

/// The links at one instant, as the viewer shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct LinksSnapshot {
    /// The instant.
    pub at: DateTime<Utc>,
    /// Satellites with a position.
    pub satellites: u64,
    /// Laser links.
    pub laser_links: usize,
    /// Gateways in use.
    pub gateways: usize,
    /// Satellites serving a gateway.
    pub satellites_with_gateway: u64,
    /// Ground capacity, bit/s.
    pub ground_capacity_bps: f64,
    /// Laser links × their capacity, bit/s.
    pub laser_capacity_bps: f64,
    /// The route asked for.
    pub route: Option<RouteShown>,
    /// The chosen shell's laser links (fleet indices), each once.
    pub mesh: Option<(usize, Vec<(u32, u32)>)>,
}

/// The links of `fleet` (constellation `model`) at `at`, as `settings` ask.
pub fn snapshot(
    fleet: &Fleet,
    model: &LinksModel,
    settings: &LinksSettings,
    at: DateTime<Utc>,
) -> LinksSnapshot {
    let links = links_at(fleet, model, at);
    let route = settings.route.as_ref().map(|(from, to)| {
        match (parse_place(from, model), parse_place(to, model)) {
            (Ok(a), Ok(b)) => {
                let r = route(&links, model, &a, &b);
                let path = r.path.as_ref().ok();
                let at = |g: usize| model.gateways[g].site.pos_in_ecef_km();
                RouteShown {
                    summary: RouteJson::new(&r, model),
                    satellites: path.map(|p| p.satellites.clone()).unwrap_or_default(),
                    gateway_positions: path.map(|p| [at(p.up_gateway), at(p.down_gateway)]),
                }
            }
            (a, b) => RouteShown {
                summary: RouteJson {
                    from: from.clone(),
                    to: to.clone(),
                    latency_ms: None,
                    hops: None,
                    path_km: None,
                    fibre_latency_ms: f64::NAN,
                    great_circle_km: f64::NAN,
                    up_gateway: None,
                    down_gateway: None,
                    reason: a.err().or(b.err()).map(|e| e.to_string()),
                },
                satellites: Vec::new(),
                gateway_positions: None,
            },
        }
    });
    let mesh = settings.mesh_shell.and_then(|s| {
        let range = fleet.shells.get(s)?.range.clone();
        let (lo, hi) = (range.start as u32, range.end as u32);
        let edges = range
            .flat_map(|i| {
                links
                    .mesh
                    .neighbours(i)
                    .filter(move |&(j, _)| (i as u32) < j && (lo..hi).contains(&j))
                    .map(move |(j, _)| (i as u32, j))
            })
            .collect();
        Some((s, edges))
    });
    LinksSnapshot {
        at,
        satellites: links.satellites,
        laser_links: links.mesh.links,
        gateways: model.gateways.len(),
        satellites_with_gateway: links.satellites_with_gateway,
        ground_capacity_bps: links.ground_capacity_bps,
        laser_capacity_bps: links.laser_capacity_bps,
        route,
        mesh,
    }
}

/// What the inputs of a snapshot were, to know when it is stale.
type Inputs = (LinksSettings, u64, DateTime<Utc>);

/// The latest links and the work in progress.
#[derive(Resource, Default)]
pub struct LinksLive {
    /// The latest snapshot.
    pub latest: Option<Arc<LinksSnapshot>>,
    /// How long it took, ms (none in a recording).
    pub refresh_ms: Option<f64>,
    /// The route's latency over simulated time: (instant, one-way ms or none).
    pub history: Vec<(DateTime<Utc>, Option<f64>)>,
    inputs: Option<Inputs>,
    started: Option<Instant>,
    #[cfg(not(target_arch = "wasm32"))]
    task: Option<bevy::tasks::Task<(LinksSnapshot, f64)>>,
}

impl LinksLive {
    /// Takes a new snapshot in, extending the route's history (restarted
    /// when the route changes or time runs backwards).
    fn take(&mut self, snap: LinksSnapshot, ms: Option<f64>) {
        let same_route = self.latest.as_ref().is_some_and(|old| {
            old.route.as_ref().map(|r| (&r.summary.from, &r.summary.to))
                == snap
                    .route
                    .as_ref()
                    .map(|r| (&r.summary.from, &r.summary.to))
        });
        if !same_route || self.history.last().is_some_and(|(t, _)| *t > snap.at) {
            self.history.clear();
        }
        if let Some(r) = &snap.route {
            self.history.push((snap.at, r.summary.latency_ms));
            if self.history.len() > HISTORY_POINTS {
                self.history.remove(0);
            }
        }
        self.latest = Some(Arc::new(snap));
        self.refresh_ms = ms;
    }
}

/// Starts and collects the links while something asks for them.
pub fn refresh_links(
    clock: Res<SimClock>,
    scene: Res<SceneFleet>,
    settings: Res<LinksSettings>,
    recording: Option<Res<Recording>>,
    mut live: ResMut<LinksLive>,
) {
    if !settings.wanted() {
        if live.latest.is_some() {
            *live = LinksLive::default();
        }
        return;
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use bevy::tasks::futures_lite::future;
        if let Some(task) = live.task.as_mut()
            && let Some((snap, ms)) = future::block_on(future::poll_once(task))
        {
            live.task = None;
            live.take(snap, Some(ms));
        }
    }
    let now = clock.now();
    let key: Inputs = (settings.clone(), scene.generation, now);
    if live.inputs.as_ref() == Some(&key) {
        return;
    }
    // New settings or a new constellation are answered at once; time
    // moving on, once the last refresh has rested.
    let changed = live
        .inputs
        .as_ref()
        .is_none_or(|(s, g, _)| *s != key.0 || *g != key.1);
    if recording.is_some() || cfg!(target_arch = "wasm32") {
        let rested = live
            .started
            .is_none_or(|s| s.elapsed().as_secs_f64() >= WEB_REFRESH_SECS);
        if recording.is_some() || changed || rested {
            live.started = Some(Instant::now());
            let model = LinksModel::new(&scene.constellation.spec);
            let snap = snapshot(&scene.fleet, &model, &settings, now);
            live.take(snap, None);
            live.inputs = Some(key);
        }
    } else {
        #[cfg(not(target_arch = "wasm32"))]
        refresh_in_background(&mut live, &scene, &settings, key, changed);
    }
}

/// Starts a snapshot in a background task when the last has rested (native).
#[cfg(not(target_arch = "wasm32"))]
fn refresh_in_background(
    live: &mut LinksLive,
    scene: &SceneFleet,
    settings: &LinksSettings,
    key: Inputs,
    changed: bool,
) {
    use bevy::tasks::AsyncComputeTaskPool;
    let rest = if settings.live || settings.route.is_some() {
        MIN_REFRESH_SECS
    } else {
        MESH_REFRESH_SECS
    };
    let rested = live
        .started
        .is_none_or(|s| s.elapsed().as_secs_f64() >= rest);
    if live.task.is_none() && (changed || rested) {
        let fleet = scene.fleet.clone();
        let model = LinksModel::new(&scene.constellation.spec);
        let asked = settings.clone();
        let now = key.2;
        live.started = Some(Instant::now());
        live.inputs = Some(key);
        live.task = Some(AsyncComputeTaskPool::get().spawn(async move {
            let start = Instant::now();
            let snap = snapshot(&fleet, &model, &asked, now);
            (snap, start.elapsed().as_secs_f64() * 1000.0)
        }));
    }
}

/// The shell of fleet index `i`, if it is a shell satellite.
pub fn shell_of(fleet: &Fleet, i: usize) -> Option<usize> {
    match fleet.group_of(i)? {
        Group::Shell(s) => Some(s),
        Group::Catalog(_) => None,
    }
}
