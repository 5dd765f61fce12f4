//! `megaconstellation bench`: the batched kernel and the sgp4 crate on the
//! same satellites, one thread and all threads, in one run on the user's
//! machine. Also the fused totals pass (propagation, shadow and power) and
//! the `sky` counts: one instant, and a whole night at one-minute steps.

use crate::constellation::Constellation;
use crate::propagation::Fleet;
use crate::propagation::kernel::propagate_shell_run;
use crate::propagation::{ShellAtTime, TemeState};
use crate::time::minutes_between;
use chrono::{DateTime, Utc};
use rayon::prelude::*;
use serde::Serialize;
use std::time::Instant;

/// What `bench` prints.
#[derive(Debug, Clone, Serialize)]
pub struct BenchResult {
    /// The constellation.
    pub constellation: String,
    /// Shell satellites propagated per pass.
    pub satellites: usize,
    /// Threads in the "all threads" runs.
    pub threads: usize,
    /// The instruction set the kernel used.
    pub instruction_set: String,
    /// Kernel, one thread, ns per propagation (position and velocity).
    pub kernel_ns_1t: f64,
    /// sgp4 crate, one thread, ns per propagation.
    pub crate_ns_1t: f64,
    /// Kernel, all threads, ns per propagation (wall time / satellites).
    pub kernel_ns_all: f64,
    /// sgp4 crate, all threads.
    pub crate_ns_all: f64,
    /// crate_ns_1t / kernel_ns_1t.
    pub speedup_1t: f64,
    /// crate_ns_all / kernel_ns_all.
    pub speedup_all: f64,
    /// Fused totals refresh (propagation, shadow, power), all threads, ms.
    pub totals_ms_all: f64,
    /// Largest difference between kernel and crate positions, km.
    pub max_diff_km: f64,
    /// The sky counts' site.
    pub sky_site: String,
    /// The sky counts' instant (an hour after sunset), RFC 3339.
    pub sky_at: String,
    /// Sky counts at one instant (all satellites, all threads), ms.
    pub sky_ms_all: f64,
    /// Instants in the night timed (sunset to sunrise, one a minute).
    pub sky_night_instants: usize,
    /// The whole night's sky counts, s.
    pub sky_night_s: f64,
    /// The links at one instant: positions of every satellite (all threads), ms.
    pub links_positions_ms: f64,
    /// The laser mesh (+Grid, lines of sight, CSR), ms.
    pub links_mesh_ms: f64,
    /// The satellites in view of each gateway, ms.
    pub links_gateways_ms: f64,
    /// The benchmark's routes ([`LINKS_ROUTES`]), all of them, ms.
    pub links_routes_ms: f64,
    /// Mesh, gateways and routes together (positions excluded), ms.
    pub links_total_ms: f64,
    /// Laser links in the mesh.
    pub laser_links: usize,
    /// The close-approach screening (`bench --conjunctions`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conjunctions: Option<ConjunctionsBench>,
}

/// ESA's cascade (Biscani & Izzo): 19,700 LEO objects, 7 days, 25.2 s on 32
/// threads: ms per object-day per thread.
pub const CASCADE_MS_PER_OBJECT_DAY_THREAD: f64 = 25.2e3 * 32.0 / (19_700.0 * 7.0);

/// One screening timed: a day from the benchmark's instant, 5 km.
#[derive(Debug, Clone, Serialize)]
pub struct ScreeningRun {
    /// What was screened.
    pub name: String,
    /// Objects screened.
    pub objects: usize,
    /// Events found.
    pub events: u64,
    /// Wall time, s.
    pub seconds: f64,
    /// Wall time × threads / (objects × days), ms.
    pub ms_per_object_day_thread: f64,
}

/// The screening's timings: how they grow with N, and what a catalogue adds.
#[derive(Debug, Clone, Serialize)]
pub struct ConjunctionsBench {
    /// The preset thinned (to about 1% and 10%: planes and satellites per
    /// plane each by √f) and whole.
    pub scaling: Vec<ScreeningRun>,
    /// The whole preset and a made-up catalogue ([`crate::safety::synthetic`]);
    /// none for `--catalog-objects 0`.
    pub with_catalog: Option<ScreeningRun>,
    /// Objects in the made-up catalogue.
    pub catalog_objects: usize,
    /// with_catalog.seconds / the whole preset's seconds.
    pub catalog_time_ratio: Option<f64>,
    /// What the catalogue added: (its seconds − without) × threads /
    /// (catalogue objects × days), ms.
    pub catalog_ms_per_object_day_thread: Option<f64>,
    /// cascade's published rate, for comparison.
    pub cascade_ms_per_object_day_thread: f64,
}

/// The preset with every shell's planes and satellites per plane scaled by
/// √f (at least two of each): a constellation of about f of its satellites,
/// as dense in each plane as in the spacing of its planes.
fn thinned(constellation: &Constellation, f: f64) -> Constellation {
    let mut c = constellation.clone();
    let k = f.sqrt();
    for s in &mut c.spec.shells {
        s.planes = ((f64::from(s.planes) * k).round() as u32).max(2);
        s.sats_per_plane = ((f64::from(s.sats_per_plane) * k).round() as u32).max(2);
        s.phasing = s.phasing.min(s.planes - 1);
    }
    c
}

fn screen_timed(
    name: &str,
    c: &Constellation,
    at: DateTime<Utc>,
) -> Result<ScreeningRun, BenchError> {
    let fleet = Fleet::new(c)?;
    let pc = crate::safety::PcModel::new(&c.spec.safety, &c.spec.satellite);
    // What `conjunctions` does: the screening, then every event tallied
    // into the report.
    let start = Instant::now();
    let screening = crate::safety::screen(
        &fleet,
        at,
        86_400.0,
        crate::safety::ScreenOptions::default(),
        pc,
        &|_| true,
    )?;
    let report = crate::safety::summary::report(
        &screening,
        &fleet,
        &c.spec.safety.manoeuvre_thresholds,
        20,
        false,
    );
    let seconds = start.elapsed().as_secs_f64();
    let threads = rayon::current_num_threads() as f64;
    Ok(ScreeningRun {
        name: name.to_owned(),
        objects: fleet.len(),
        events: report.events,
        seconds,
        ms_per_object_day_thread: seconds * 1e3 * threads / fleet.len().max(1) as f64,
    })
}

/// Times the screening of `constellation` (thinned to about 1% and 10%, and
/// whole) and of it with a made-up catalogue of `catalog_objects`.
pub fn conjunctions(
    constellation: &Constellation,
    at: DateTime<Utc>,
    catalog_objects: usize,
) -> Result<ConjunctionsBench, BenchError> {
    let mut scaling = Vec::new();
    for (f, label) in [(0.01, "about 1%"), (0.1, "about 10%")] {
        scaling.push(screen_timed(label, &thinned(constellation, f), at)?);
    }
    let whole = screen_timed("whole", constellation, at)?;
    scaling.push(whole.clone());
    let with_catalog = if catalog_objects > 0 {
        let mut with = constellation.clone();
        with.catalogs.push(crate::catalog::Catalog {
            origin: crate::error::Origin("synthetic".into()),
            name: format!("synthetic-{catalog_objects}"),
            elements: crate::safety::synthetic::catalog(catalog_objects, at, 1),
        });
        Some(screen_timed("with catalogue", &with, at)?)
    } else {
        None
    };
    let threads = rayon::current_num_threads() as f64;
    Ok(ConjunctionsBench {
        catalog_time_ratio: with_catalog
            .as_ref()
            .map(|w| w.seconds / whole.seconds.max(1e-9)),
        catalog_ms_per_object_day_thread: with_catalog.as_ref().map(|w| {
            (w.seconds - whole.seconds).max(0.0) * 1e3 * threads / catalog_objects.max(1) as f64
        }),
        cascade_ms_per_object_day_thread: CASCADE_MS_PER_OBJECT_DAY_THREAD,
        scaling,
        with_catalog,
        catalog_objects,
    })
}

/// The screening's timings as lines for a terminal.
pub fn conjunctions_text(c: &ConjunctionsBench) -> String {
    let mut out = String::from(
        "close approaches, a day at 5 km:\n\
         run                     objects        events   wall s   ms/object-day/thread\n",
    );
    for r in c.scaling.iter().chain(&c.with_catalog) {
        out += &format!(
            "{:<20} {:>10} {:>13} {:>8.2} {:>12.4}\n",
            r.name,
            crate::units::grouped(r.objects as u64),
            crate::units::grouped(r.events),
            r.seconds,
            r.ms_per_object_day_thread
        );
    }
    if let (Some(ratio), Some(rate)) = (c.catalog_time_ratio, c.catalog_ms_per_object_day_thread) {
        out += &format!(
            "a catalogue of {} objects: {ratio:.1}× the time without; {rate:.2} ms per catalogue object-day per thread (cascade: {:.2})\n",
            crate::units::grouped(c.catalog_objects as u64),
            c.cascade_ms_per_object_day_thread
        );
    }
    out
}

/// The routes `bench` times: long, medium and short, across shells and continents.
pub const LINKS_ROUTES: [(&str, &str); 4] = [
    ("London", "Sydney"),
    ("New York", "London"),
    ("Singapore", "Tokyo"),
    ("São Paulo", "Lagos"),
];

/// Why the benchmark cannot run.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// The constellation's shells cannot be resolved.
    #[error(transparent)]
    Load(#[from] crate::error::LoadError),
    /// Only catalog satellites: nothing for the kernel.
    #[error("the constellation has no shell satellites to propagate")]
    NoShellSatellites,
    /// The screening stopped before its end.
    #[error(transparent)]
    Cancelled(#[from] crate::safety::Cancelled),
}

/// Best of `runs` timings of `f`, seconds.
fn best_of(runs: usize, mut f: impl FnMut()) -> f64 {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// The same satellites ready for both propagators (shared with the criterion benchmark).
pub struct BenchData {
    /// The fleet.
    pub fleet: Fleet,
    /// The instant.
    pub at: DateTime<Utc>,
    per_satellite: Vec<(sgp4::Constants, f64)>,
    shell_times: Vec<(ShellAtTime, std::ops::Range<usize>)>,
    items: Vec<(usize, std::ops::Range<usize>)>,
    /// The kernel's last output.
    pub kernel_out: Vec<TemeState>,
    /// The crate's last positions.
    pub crate_out: Vec<[f64; 3]>,
}

impl BenchData {
    /// Builds the fleet, the crate's `Constants` per satellite and the shells' terms at `at`.
    pub fn new(constellation: &Constellation, at: DateTime<Utc>) -> Result<Self, BenchError> {
        let fleet = Fleet::new(constellation)?;
        let n = fleet.shell_satellites();
        if n == 0 {
            return Err(BenchError::NoShellSatellites);
        }
        let (nodes, anomalies) = fleet.shell_phases();
        let per_satellite = fleet
            .shells
            .par_iter()
            .flat_map_iter(|s| {
                let t = minutes_between(s.shell.epoch, at);
                s.range
                    .clone()
                    .map(move |i| (s.shell.orbit.crate_constants(nodes[i], anomalies[i]), t))
            })
            .collect();
        let shell_times: Vec<_> = fleet
            .shells
            .iter()
            .map(|s| {
                (
                    s.shell.orbit.at(minutes_between(s.shell.epoch, at)),
                    s.range.clone(),
                )
            })
            .collect();
        // Work items of at most 8,192 satellites within one shell.
        let items = shell_times
            .iter()
            .enumerate()
            .flat_map(|(k, (_, r))| {
                (r.start..r.end)
                    .step_by(8192)
                    .map(move |s| (k, s..(s + 8192).min(r.end)))
            })
            .collect();
        Ok(Self {
            fleet,
            at,
            per_satellite,
            shell_times,
            items,
            kernel_out: Vec::with_capacity(n),
            crate_out: vec![[0.0; 3]; n],
        })
    }

    /// The kernel over every shell satellite on this thread.
    pub fn kernel_1t(&mut self) {
        let (nodes, anomalies) = self.fleet.shell_phases();
        self.kernel_out.clear();
        for (at_time, range) in &self.shell_times {
            propagate_shell_run(
                at_time,
                &nodes[range.clone()],
                &anomalies[range.clone()],
                &mut self.kernel_out,
            );
        }
    }

    /// The crate over every shell satellite on this thread.
    pub fn crate_1t(&mut self) {
        for (o, (k, t)) in self.crate_out.iter_mut().zip(&self.per_satellite) {
            if let Ok(p) = k.propagate(sgp4::MinutesSinceEpoch(*t)) {
                *o = p.position;
            }
        }
    }

    /// The kernel on all threads.
    pub fn kernel_all(&self) -> Vec<Vec<TemeState>> {
        let (nodes, anomalies) = self.fleet.shell_phases();
        self.items
            .par_iter()
            .map(|(k, r)| {
                let mut v = Vec::with_capacity(r.len());
                propagate_shell_run(
                    &self.shell_times[*k].0,
                    &nodes[r.clone()],
                    &anomalies[r.clone()],
                    &mut v,
                );
                v
            })
            .collect()
    }

    /// The crate on all threads.
    pub fn crate_all(&mut self) {
        let sats = &self.per_satellite;
        self.crate_out
            .par_chunks_mut(8192)
            .zip(sats.par_chunks(8192))
            .for_each(|(out, sats)| {
                for (o, (k, t)) in out.iter_mut().zip(sats) {
                    if let Ok(p) = k.propagate(sgp4::MinutesSinceEpoch(*t)) {
                        *o = p.position;
                    }
                }
            });
    }

    /// The largest difference between the last kernel and crate positions, km.
    pub fn max_diff_km(&self) -> f64 {
        self.kernel_out
            .iter()
            .zip(&self.crate_out)
            .map(|(a, b)| {
                (0..3)
                    .map(|k| (a.pos_in_teme_km[k] - b[k]).abs())
                    .fold(0.0, f64::max)
            })
            .fold(0.0, f64::max)
    }
}

/// Runs the benchmark on a constellation's shells at `at`.
pub fn run(
    constellation: &Constellation,
    at: DateTime<Utc>,
    runs: usize,
) -> Result<BenchResult, BenchError> {
    let mut d = BenchData::new(constellation, at)?;
    let n = d.fleet.shell_satellites();
    let kernel_1t = best_of(runs, || d.kernel_1t());
    let crate_1t = best_of(runs, || d.crate_1t());
    let kernel_all = best_of(runs, || {
        std::hint::black_box(d.kernel_all());
    });
    let crate_all = best_of(runs, || d.crate_all());
    let totals = best_of(runs, || {
        std::hint::black_box(crate::totals::fleet_totals(
            &d.fleet,
            &constellation.spec.satellite,
            &constellation.spec.fleet,
            at,
        ));
    });
    let sky = SkyBench::new(constellation);
    let sky_one = best_of(runs, || {
        std::hint::black_box(crate::sky::sky_at(&d.fleet, &sky.query, sky.one));
    });
    let night_start = Instant::now();
    for at in &sky.night {
        std::hint::black_box(crate::sky::sky_at(&d.fleet, &sky.query, *at));
    }
    let sky_night_s = night_start.elapsed().as_secs_f64();
    let links = LinksBench::run(constellation, &d.fleet, at, runs);
    let ns = |secs: f64| secs * 1e9 / n as f64;
    Ok(BenchResult {
        constellation: constellation.display_name(),
        satellites: n,
        threads: rayon::current_num_threads(),
        instruction_set: crate::propagation::kernel::instruction_set().to_owned(),
        kernel_ns_1t: ns(kernel_1t),
        crate_ns_1t: ns(crate_1t),
        kernel_ns_all: ns(kernel_all),
        crate_ns_all: ns(crate_all),
        speedup_1t: crate_1t / kernel_1t,
        speedup_all: crate_all / kernel_all,
        totals_ms_all: totals * 1000.0,
        max_diff_km: d.max_diff_km(),
        sky_site: sky.query.site.name.clone(),
        sky_at: crate::sky::output::instant_text(sky.one),
        sky_ms_all: sky_one * 1000.0,
        sky_night_instants: sky.night.len(),
        sky_night_s,
        links_positions_ms: links.positions * 1e3,
        links_mesh_ms: links.mesh * 1e3,
        links_gateways_ms: links.gateways * 1e3,
        links_routes_ms: links.routes * 1e3,
        links_total_ms: (links.mesh + links.gateways + links.routes) * 1e3,
        laser_links: links.laser_links,
        conjunctions: None,
    })
}

/// Best timings of the links' steps, s.
struct LinksBench {
    positions: f64,
    mesh: f64,
    gateways: f64,
    routes: f64,
    laser_links: usize,
}

impl LinksBench {
    fn run(constellation: &Constellation, fleet: &Fleet, at: DateTime<Utc>, runs: usize) -> Self {
        use crate::links::{LinksModel, links_from_positions, mesh, parse_place, route};
        let model = LinksModel::new(&constellation.spec);
        let mut positions = Vec::new();
        let t_positions = best_of(runs, || {
            positions = crate::links::model::positions_at(fleet, at)
        });
        let t_mesh = best_of(runs, || {
            std::hint::black_box(mesh::Mesh::build(
                fleet,
                &positions,
                &model.spec,
                &model.between,
            ));
        });
        let gmst = crate::links::model::gmst_at(at);
        let t_gateways = best_of(runs, || {
            std::hint::black_box(mesh::gateways_in_view(&positions, &model, gmst));
        });
        let links = links_from_positions(fleet, &model, at, positions.clone());
        let places: Vec<_> = LINKS_ROUTES
            .iter()
            .filter_map(|(a, b)| Some((parse_place(a, &model).ok()?, parse_place(b, &model).ok()?)))
            .collect();
        let t_routes = best_of(runs, || {
            for (a, b) in &places {
                std::hint::black_box(route(&links, &model, a, b));
            }
        });
        Self {
            positions: t_positions,
            mesh: t_mesh,
            gateways: t_gateways,
            routes: t_routes,
            laser_links: links.mesh.links,
        }
    }
}

/// The sky counts the benchmark times: Cerro Paranal, the night that
/// begins 78 days after the constellation's epoch (the March equinox for
/// the presets, a 12-hour night), one instant an hour after its sunset.
pub struct SkyBench {
    /// Site, extinction and the constellation's standard magnitude.
    pub query: crate::sky::SkyQuery,
    /// One instant, an hour after sunset.
    pub one: DateTime<Utc>,
    /// Every minute from sunset to sunrise.
    pub night: Vec<DateTime<Utc>>,
}

impl SkyBench {
    /// The benchmark's sky for `constellation`.
    pub fn new(constellation: &Constellation) -> Self {
        let site = crate::sky::parse_site("Cerro Paranal").unwrap_or_else(|_| crate::sky::Site {
            name: "Cerro Paranal".into(),
            latitude_deg: -24.6272,
            longitude_deg: -70.4042,
            height_m: 2635.0,
        });
        let date = (constellation.spec.epoch.0 + chrono::TimeDelta::days(78)).date_naive();
        let night = crate::sky::night_of(&site, date);
        let (from, to) = night.span().unwrap_or((
            constellation.spec.epoch.0,
            constellation.spec.epoch.0 + chrono::TimeDelta::hours(12),
        ));
        let minutes = (to - from).num_minutes();
        Self {
            query: crate::sky::SkyQuery {
                site,
                extinction: crate::sky::DEFAULT_EXTINCTION,
                standard_magnitude: constellation.spec.satellite.standard_magnitude,
                field: None,
            },
            one: from + chrono::TimeDelta::hours(1),
            night: (0..=minutes)
                .map(|i| from + chrono::TimeDelta::minutes(i))
                .collect(),
        }
    }
}

/// The result as a few lines for a terminal.
pub fn text(r: &BenchResult) -> String {
    format!(
        "{} — {} shell satellites, {} threads, kernel in {}\n\
         ns per propagation      kernel   sgp4 crate   speed-up\n\
         one thread          {:>10.1} {:>12.1} {:>9.1}×\n\
         all threads         {:>10.1} {:>12.1} {:>9.1}×\n\
         totals refresh (propagation, shadow, power), all threads: {:.1} ms\n\
         largest kernel − crate difference: {:.2e} km\n\
         sky over {} at {}, all threads: {:.1} ms; the whole night ({} instants, one a minute): {:.1} s\n\
         links at one instant: positions {:.0} ms; mesh of {} laser links {:.0} ms, gateways {:.0} ms, {} routes {:.0} ms: {:.0} ms\n",
        r.constellation,
        crate::units::grouped(r.satellites as u64),
        r.threads,
        r.instruction_set,
        r.kernel_ns_1t,
        r.crate_ns_1t,
        r.speedup_1t,
        r.kernel_ns_all,
        r.crate_ns_all,
        r.speedup_all,
        r.totals_ms_all,
        r.max_diff_km,
        r.sky_site,
        r.sky_at,
        r.sky_ms_all,
        r.sky_night_instants,
        r.sky_night_s,
        r.links_positions_ms,
        crate::units::grouped(r.laser_links as u64),
        r.links_mesh_ms,
        r.links_gateways_ms,
        LINKS_ROUTES.len(),
        r.links_routes_ms,
        r.links_total_ms
    )
}
