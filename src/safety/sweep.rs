//! The sweep in steps of time: catalogue objects and eccentric shells
//! against the circular shells (found from each shell's geometry) and
//! among themselves (a uniform grid), and circular shells whose radial
//! bands meet, the smaller against the larger.

use super::path::Path;
use super::screen::{Cancelled, Event, Objects, ScreenOptions, may_meet, windows};
use super::track::{NodesAt, ShellTrack};
use crate::propagation::MU_KM3_S2;
use crate::vec3::{Vec3, dot, norm};
use std::ops::Range;

/// Work per parallel item: free objects.
const FREE_CHUNK: usize = 256;
/// Work per parallel item: satellites of a shell querying another.
const TRACK_CHUNK: usize = 2048;
/// Extra search radius beyond the straight-line reach, km (the bend of
/// the relative path over a step is a few metres; this is room to spare).
const SEARCH_PAD_KM: f64 = 1.0;

enum Item {
    /// Positions in the free list.
    Free(Range<usize>),
    /// Satellites `range` of track `query` against track `target`.
    Track {
        query: usize,
        target: usize,
        range: Range<usize>,
    },
}

/// A uniform grid of the free objects' positions at one step, its cells
/// twice the reach: the points within reach of p lie in the 2 × 2 × 2
/// cells around the corner nearest p. Their keys are sorted, z fastest, so
/// the two cells along z of a column are one run (four searches a query).
/// Each entry carries the radii its object spans over the step: two
/// objects whose radii stay further apart than the threshold cannot meet,
/// and in a catalogue spread over hundreds of kilometres of altitude that
/// rejects most neighbours in a cell without reading their states.
struct Grid {
    cell_km: f64,
    keys: Vec<(u64, u32, f32, f32)>,
}

const BITS: u32 = 21;
const OFFSET: i64 = 1 << (BITS - 1);

impl Grid {
    /// A grid for queries within `reach_km`, with each object's radii over
    /// the step (rounded outwards to f32).
    fn new(states: &[Option<(Vec3, Vec3)>], radii: &[(f64, f64)], reach_km: f64) -> Self {
        let cell_km = 2.0 * reach_km;
        let mut keys: Vec<(u64, u32, f32, f32)> = states
            .iter()
            .zip(radii)
            .enumerate()
            .filter_map(|(i, (s, r))| {
                s.map(|(p, _)| {
                    (
                        key(cell(p, cell_km)),
                        i as u32,
                        (r.0 as f32).next_down(),
                        (r.1 as f32).next_up(),
                    )
                })
            })
            .collect();
        keys.sort_unstable_by_key(|e| (e.0, e.1));
        Self { cell_km, keys }
    }

    /// Calls `f` with every free position within reach of `p` (and some
    /// farther) whose radii over the step meet [`lo`, `hi`].
    fn around(&self, p: Vec3, (lo, hi): (f64, f64), mut f: impl FnMut(usize)) {
        let (lo, hi) = ((lo as f32).next_down(), (hi as f32).next_up());
        let c = cell(p, self.cell_km);
        // Towards the nearer neighbour along each axis.
        let side = |k: usize| {
            if p[k] / self.cell_km - c[k] as f64 >= 0.5 {
                1
            } else {
                -1
            }
        };
        let (sx, sy, sz) = (side(0), side(1), side(2));
        let (z_lo, z_hi) = (c[2] + sz.min(0), c[2] + sz.max(0));
        for dx in [0, sx] {
            for dy in [0, sy] {
                let key_lo = key([c[0] + dx, c[1] + dy, z_lo]);
                let key_hi = key([c[0] + dx, c[1] + dy, z_hi]);
                let start = self.keys.partition_point(|e| e.0 < key_lo);
                for &(k, i, r_lo, r_hi) in &self.keys[start..] {
                    if k > key_hi {
                        break;
                    }
                    if r_hi >= lo && r_lo <= hi {
                        f(i as usize);
                    }
                }
            }
        }
    }
}

/// The least and greatest distance from the Earth's centre that an object
/// with state `s` at a step's middle reaches within ±`half_s`: its radius
/// moves at ṙ = r̂·v and bends at most |r̈| ≤ v²/r + |a| (a the gravity,
/// taken as μ/r² with a tenth to spare for J2 and the rest).
fn radius_span(s: &(Vec3, Vec3), half_s: f64) -> (f64, f64) {
    let (p, v) = s;
    let r = norm(*p).max(1.0);
    let r_dot = dot(*p, *v) / r;
    let bend = dot(*v, *v) / r + 1.1 * MU_KM3_S2 / (r * r);
    let spread = r_dot.abs() * half_s + 0.5 * bend * half_s * half_s;
    (r - spread, r + spread)
}

/// Whether a radius in `radii` can be within `distance_km` of the track's
/// radial band: if not, none of its satellites can be (their distance from
/// the object is at least the difference of the radii).
fn radial_band_meets(track: &ShellTrack, radii: (f64, f64), distance_km: f64) -> bool {
    let (lo, hi) = track.radius_range_km;
    radii.1 >= lo - distance_km - SEARCH_PAD_KM && radii.0 <= hi + distance_km + SEARCH_PAD_KM
}

fn cell(p: Vec3, size: f64) -> [i64; 3] {
    let lim = OFFSET - 2;
    p.map(|x| ((x / size).floor() as i64).clamp(-lim, lim))
}

fn key(c: [i64; 3]) -> u64 {
    let f = |v: i64| (v + OFFSET) as u64;
    (f(c[0]) << (2 * BITS)) | (f(c[1]) << BITS) | f(c[2])
}

/// The sweep's events over steps `part` of the span's [`windows`], in step
/// order (the whole span: `0..windows(span_s, step_s).len()`).
pub(crate) fn sweep(
    objects: &Objects,
    span_s: f64,
    options: ScreenOptions,
    part: Range<usize>,
    progress: &(dyn Fn(f64) -> bool + Sync),
) -> Result<Vec<Event>, Cancelled> {
    let fleet = objects.fleet;
    let tracks = objects.tracks;
    let d = options.distance_km;
    let mut free: Vec<usize> = Vec::new();
    for (s, fs) in fleet.shells.iter().enumerate() {
        if objects.track_of_shell[s].is_none() {
            free.extend(fs.range.clone());
        }
    }
    free.extend(fleet.shell_satellites()..fleet.len());
    let free_chunks: Vec<Range<usize>> = (0..free.len())
        .step_by(FREE_CHUNK)
        .map(|s| s..(s + FREE_CHUNK).min(free.len()))
        .collect();
    let mut items: Vec<Item> = free_chunks.iter().cloned().map(Item::Free).collect();
    for i in 0..tracks.len() {
        for j in i + 1..tracks.len() {
            let (a, b) = (tracks[i].radius_range_km, tracks[j].radius_range_km);
            if a.0 - d - SEARCH_PAD_KM <= b.1 && b.0 - d - SEARCH_PAD_KM <= a.1 {
                let (query, target) = if tracks[i].len() <= tracks[j].len() {
                    (i, j)
                } else {
                    (j, i)
                };
                let n = tracks[query].len();
                for start in (0..n).step_by(TRACK_CHUNK) {
                    items.push(Item::Track {
                        query,
                        target,
                        range: start..(start + TRACK_CHUNK).min(n),
                    });
                }
            }
        }
    }
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let all = windows(span_s, options.step_s);
    let steps = all
        .get(part.start.min(all.len())..part.end.min(all.len()))
        .unwrap_or_default();
    // Each free object's path: SGP4 every few steps, Hermite between, and
    // how far that can stray (added to every reach it is tested against).
    let half_step = 0.5 * options.step_s;
    let mut paths: Vec<Vec<Path>> = crate::parallel::map_collect(&free_chunks, |range| {
        range
            .clone()
            .map(|i| Path::new(objects, free[i], half_step))
            .collect()
    });
    let slack: Vec<f64> = paths
        .iter()
        .flatten()
        .map(|p| p.slack_km(half_step))
        .collect();
    let most_slack = slack.iter().copied().fold(0.0, f64::max);
    let mut events = Vec::new();
    for (n, &(lo, hi)) in steps.iter().enumerate() {
        if !progress(n as f64 / steps.len() as f64) {
            return Err(Cancelled);
        }
        let mid = 0.5 * (lo + hi);
        let half = 0.5 * (hi - lo);
        let states: Vec<Option<(Vec3, Vec3)>> =
            crate::parallel::map_collect_mut(&mut paths, |chunk| {
                chunk
                    .iter_mut()
                    .map(|path| path.at(objects, mid))
                    .collect::<Vec<_>>()
            })
            .concat();
        let fastest = states
            .iter()
            .flatten()
            .map(|(_, v)| norm(*v))
            .fold(0.0, f64::max);
        let radii: Vec<(f64, f64)> = states
            .iter()
            .map(|s| s.as_ref().map_or((0.0, 0.0), |s| radius_span(s, half)))
            .collect();
        let grid = Grid::new(
            &states,
            &radii,
            d + 2.0 * (fastest * half + most_slack) + SEARCH_PAD_KM,
        );
        let nodes: Vec<NodesAt> = tracks.iter().map(|t| t.nodes_at(mid)).collect();
        let found = crate::parallel::map_collect(&items, |item| {
            let mut out = Vec::new();
            let mut planes = Vec::new();
            let mut near = Vec::new();
            // Two states (the free ones' from their paths, `slack` off at most).
            let check = |a: usize,
                         sa: &(Vec3, Vec3),
                         b: usize,
                         sb: &(Vec3, Vec3),
                         slack: f64,
                         out: &mut Vec<Event>| {
                if may_meet(sa, sb, half, d + slack)
                    && let Some(e) = objects.refine(a.min(b), a.max(b), lo, hi, d)
                {
                    out.push(e);
                }
            };
            match item {
                Item::Free(range) => {
                    for i in range.clone() {
                        let Some(sa) = states[i] else { continue };
                        let a = free[i];
                        let d_i = d + slack[i];
                        let radii = radii[i];
                        for (track, at) in tracks.iter().zip(&nodes) {
                            if !radial_band_meets(track, radii, d_i) {
                                continue;
                            }
                            near.clear();
                            track.near_during(
                                &sa,
                                at,
                                half,
                                d_i + SEARCH_PAD_KM,
                                &mut planes,
                                &mut near,
                            );
                            for &local in &near {
                                let sb = track.state_at(at, local as usize);
                                check(
                                    a,
                                    &sa,
                                    track.first + local as usize,
                                    &sb,
                                    slack[i],
                                    &mut out,
                                );
                            }
                        }
                        let reach_r = d + 2.0 * most_slack + SEARCH_PAD_KM;
                        grid.around(sa.0, (radii.0 - reach_r, radii.1 + reach_r), |j| {
                            if j > i
                                && let Some(sb) = states[j]
                            {
                                check(a, &sa, free[j], &sb, slack[i] + slack[j], &mut out);
                            }
                        });
                    }
                }
                Item::Track {
                    query,
                    target,
                    range,
                } => {
                    let (q, t) = (&tracks[*query], &tracks[*target]);
                    let (q_at, t_at) = (&nodes[*query], &nodes[*target]);
                    for local in range.clone() {
                        let sa = q.state_at(q_at, local);
                        if !radial_band_meets(t, radius_span(&sa, half), d) {
                            continue;
                        }
                        near.clear();
                        t.near_during(&sa, t_at, half, d + SEARCH_PAD_KM, &mut planes, &mut near);
                        for &other in &near {
                            let sb = t.state_at(t_at, other as usize);
                            check(
                                q.first + local,
                                &sa,
                                t.first + other as usize,
                                &sb,
                                0.0,
                                &mut out,
                            );
                        }
                    }
                }
            }
            out
        });
        events.extend(found.into_iter().flatten());
    }
    Ok(events)
}
