//! Screening: every pair of objects whose distance falls under a threshold
//! over a span of time, with its time of closest approach (TCA), miss
//! vector, relative speed and collision probability.
//!
//! Three kinds of pair, each with the filter that suits it:
//! - **Two satellites of one circular Walker shell.** Their distance is a
//!   function of the pair's plane and slot offsets and of time, shifted in
//!   time from one pair of the same offsets to the next ([`super::walker`]).
//!   A class of offsets whose planes cannot bring them within reach, by the
//!   closed form for two circles 2r·cos(θ/2)·|sin(δ/2)| less the track's
//!   deviation from a circle, is dropped; the others are screened over one
//!   revolution for one pair, and the events repeat for every pair of the
//!   class, once per revolution.
//! - **Anything against a circular shell** (catalogue objects, eccentric
//!   shells, a shell whose radial band meets another's): in steps of time,
//!   only where the object's radius over the step comes within reach of
//!   the shell's band, the satellites that can be within reach of it are
//!   found from the shell's geometry: the planes it crosses during the
//!   step, and in each the slots near it while it crosses
//!   ([`ShellTrack::near_during`]), without propagating the rest of the
//!   shell. A free object's states come from SGP4 a few steps apart and
//!   Hermite between, the interpolant's error bound added to every reach
//!   ([`super::path`]).
//! - **Catalogue objects and eccentric shells among themselves**: a
//!   uniform grid of their positions at each step, neighbours whose radii
//!   stay apart over the step dropped unread.
//!
//! In every case a candidate passes on only if the straight-line relative
//! motion over the step, widened by the most the gravity gradient can bend
//! it, comes within the threshold; its TCA is then the root of
//! ṙ·Δr = Δr·Δv = 0 inside the step (Newton safeguarded by bisection), with
//! the objects' own states. A minimum is claimed by the step that holds
//! it, so none is counted twice and none falls between steps.

use super::class::Class;
use super::pc::{EncounterPlane, RtnSigma, rtn_axes};
use super::track::{ShellTrack, rotate_z};
use crate::propagation::{Fleet, Group, MU_KM3_S2};
use crate::time::minutes_between;
use crate::vec3::{Vec3, dot, norm, sub};
use chrono::{DateTime, Utc};

/// Default screening distance, km (SOCRATES' and cascade's 5 km).
pub const DEFAULT_DISTANCE_KM: f64 = 5.0;
/// Default time step of the sweep, s.
pub const DEFAULT_STEP_S: f64 = 20.0;
/// Position (km) and velocity (km/s), TEME.
type State = (Vec3, Vec3);

/// What a close approach looks like at its TCA.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Encounter {
    /// Miss distance, km.
    pub miss_km: f64,
    /// The miss vector (second object from the first) along the first
    /// object's radial, in-track and cross-track axes, km.
    pub radial_km: f64,
    /// In-track part, km.
    pub in_track_km: f64,
    /// Cross-track part, km.
    pub cross_track_km: f64,
    /// Relative speed, km/s.
    pub relative_speed_km_s: f64,
    /// Collision probability (Foster & Estes 1992).
    pub pc: f64,
}

/// One close approach.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Event {
    /// Fleet index of the first object (the smaller index).
    pub a: usize,
    /// Fleet index of the second object.
    pub b: usize,
    /// TCA, seconds from the screening's start.
    pub tca_s: f64,
    /// The geometry at TCA.
    pub encounter: Encounter,
    /// The first object's position at TCA, km, TEME.
    pub pos_a_km: Vec3,
}

/// The events of every pair of one class of a circular shell: the
/// reference pair's over one revolution, repeated for the others.
#[derive(Debug, Clone)]
pub struct Family {
    /// Index into [`Screening::tracks`].
    pub track: usize,
    /// The class: plane and slot offsets.
    pub class: Class,
    /// The reference pair's events in its first revolution, TCA in [0, T).
    pub reference: Vec<Event>,
}

/// The uncertainties and sizes behind the collision probability.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PcModel {
    /// Own satellites' 1-σ.
    pub own_sigma: RtnSigma,
    /// Catalogue objects' 1-σ.
    pub catalog_sigma: RtnSigma,
    /// Own satellites' hard-body radius, km.
    pub own_radius_km: f64,
    /// Catalogue objects' hard-body radius, km.
    pub catalog_radius_km: f64,
}

impl PcModel {
    /// The model a constellation's `[safety]` table and satellite give.
    pub fn new(safety: &super::spec::SafetySpec, satellite: &crate::model::SatelliteModel) -> Self {
        Self {
            own_sigma: safety.own_sigma(),
            catalog_sigma: safety.catalog_sigma(),
            own_radius_km: safety.own_hard_body_radius_km(satellite),
            catalog_radius_km: safety.catalog_hard_body_radius_km(),
        }
    }
}

/// The screening's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScreenOptions {
    /// Threshold distance, km.
    pub distance_km: f64,
    /// Sweep step, s.
    pub step_s: f64,
}

impl Default for ScreenOptions {
    fn default() -> Self {
        Self {
            distance_km: DEFAULT_DISTANCE_KM,
            step_s: DEFAULT_STEP_S,
        }
    }
}

/// Every close approach of a span.
#[derive(Debug, Clone)]
pub struct Screening {
    /// Start of the span.
    pub from: DateTime<Utc>,
    /// Length of the span, s.
    pub span_s: f64,
    /// Threshold, km.
    pub distance_km: f64,
    /// Objects screened.
    pub objects: usize,
    /// Events found one by one.
    pub events: Vec<Event>,
    /// Events of circular shells' classes.
    pub families: Vec<Family>,
    /// The circular shells' tracks.
    pub tracks: Vec<ShellTrack>,
}

/// The screening was stopped through its progress callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the screening was cancelled")]
pub struct Cancelled;

/// Where each object's state comes from.
pub(crate) struct Objects<'a> {
    pub fleet: &'a Fleet,
    pub tracks: &'a [ShellTrack],
    /// Per fleet shell: its track's index, if circular.
    pub track_of_shell: Vec<Option<usize>>,
    /// Per fleet shell: minutes from its epoch to the start.
    shell_offset_min: Vec<f64>,
    /// Per catalogue satellite: minutes from its epoch to the start.
    catalog_offset_min: Vec<f64>,
    pub pc: PcModel,
}

impl<'a> Objects<'a> {
    pub fn new(
        fleet: &'a Fleet,
        from: DateTime<Utc>,
        tracks: &'a [ShellTrack],
        pc: PcModel,
    ) -> Self {
        let mut track_of_shell = vec![None; fleet.shells.len()];
        for (i, t) in tracks.iter().enumerate() {
            track_of_shell[t.shell] = Some(i);
        }
        Self {
            fleet,
            tracks,
            track_of_shell,
            shell_offset_min: fleet
                .shells
                .iter()
                .map(|s| minutes_between(s.shell.epoch, from))
                .collect(),
            catalog_offset_min: fleet
                .catalog_satellites
                .iter()
                .map(|s| minutes_between(s.epoch, from))
                .collect(),
            pc,
        }
    }

    /// Whether the object is one of the constellation's own satellites.
    pub fn is_own(&self, index: usize) -> bool {
        index < self.fleet.shell_satellites()
    }

    /// Position and velocity (km, km/s, TEME) at `t_s` from the start.
    pub fn state(&self, index: usize, t_s: f64) -> Option<(Vec3, Vec3)> {
        match self.fleet.group_of(index) {
            Some(Group::Shell(s)) => {
                let fs = &self.fleet.shells[s];
                let local = index - fs.range.start;
                if let Some(t) = self.track_of_shell[s] {
                    return Some(self.tracks[t].state_of(local, t_s));
                }
                let (node, anomaly) = self.fleet.shell_phase(index);
                let st = fs
                    .shell
                    .orbit
                    .at(self.shell_offset_min[s] + t_s / 60.0)
                    .propagate(node, anomaly);
                crate::propagation::fleet::checked(st)
                    .state()
                    .map(|s| (s.pos_in_teme_km, s.vel_in_teme_km_s))
            }
            Some(Group::Catalog(_)) => {
                let c = index - self.fleet.shell_satellites();
                let sat = self.fleet.catalog_satellites.get(c)?;
                let m = self.catalog_offset_min[c] + t_s / 60.0;
                let p = sat.constants.propagate(sgp4::MinutesSinceEpoch(m)).ok()?;
                let st = crate::propagation::TemeState {
                    pos_in_teme_km: p.position,
                    vel_in_teme_km_s: p.velocity,
                };
                crate::propagation::fleet::checked(st)
                    .state()
                    .map(|s| (s.pos_in_teme_km, s.vel_in_teme_km_s))
            }
            None => None,
        }
    }

    /// The event at a TCA, from both states there.
    pub fn event(
        &self,
        a: usize,
        b: usize,
        tca_s: f64,
        sa: (Vec3, Vec3),
        sb: (Vec3, Vec3),
    ) -> Event {
        let (ra, va) = sa;
        let (rb, vb) = sb;
        let dr = sub(rb, ra);
        let dv = sub(vb, va);
        let [er, ei, ec] = rtn_axes(ra, va);
        let sigma = |i: usize| {
            if self.is_own(i) {
                (self.pc.own_sigma, self.pc.own_radius_km)
            } else {
                (self.pc.catalog_sigma, self.pc.catalog_radius_km)
            }
        };
        let (sig_a, rad_a) = sigma(a);
        let (sig_b, rad_b) = sigma(b);
        let plane = EncounterPlane::new((ra, va, &sig_a), (rb, vb, &sig_b));
        Event {
            a,
            b,
            tca_s,
            encounter: Encounter {
                miss_km: norm(dr),
                radial_km: dot(dr, er),
                in_track_km: dot(dr, ei),
                cross_track_km: dot(dr, ec),
                relative_speed_km_s: norm(dv),
                pc: plane.probability(rad_a + rad_b),
            },
            pos_a_km: ra,
        }
    }

    /// The minimum of the distance between `a` and `b` inside [lo, hi), if
    /// there is one and it is within `distance_km`.
    pub fn refine(&self, a: usize, b: usize, lo: f64, hi: f64, distance_km: f64) -> Option<Event> {
        let g = |t: f64| -> Option<(f64, f64, State, State)> {
            let sa = self.state(a, t)?;
            let sb = self.state(b, t)?;
            let dr = sub(sb.0, sa.0);
            let dv = sub(sb.1, sa.1);
            // g = Δr·Δv, g' = |Δv|² + Δr·Δa with two-body accelerations.
            let acc = |r: Vec3| {
                let n = norm(r);
                let k = -MU_KM3_S2 / (n * n * n);
                [r[0] * k, r[1] * k, r[2] * k]
            };
            let da = sub(acc(sb.0), acc(sa.0));
            Some((dot(dr, dv), dot(dv, dv) + dot(dr, da), sa, sb))
        };
        let (g_lo, ..) = g(lo)?;
        let (g_hi, ..) = g(hi)?;
        // A minimum inside: the distance falls at lo (or is stationary) and rises at hi.
        if !(g_lo <= 0.0 && g_hi > 0.0) {
            return None;
        }
        let (mut lo, mut hi) = (lo, hi);
        let mut t = if g_hi - g_lo > 0.0 {
            lo - g_lo * (hi - lo) / (g_hi - g_lo)
        } else {
            0.5 * (lo + hi)
        };
        for _ in 0..60 {
            let (gt, dg, ..) = g(t)?;
            if gt > 0.0 {
                hi = t;
            } else {
                lo = t;
            }
            let newton = t - gt / dg;
            let next = if dg > 0.0 && newton > lo && newton < hi {
                newton
            } else {
                0.5 * (lo + hi)
            };
            let done = (next - t).abs() < 1e-7 || hi - lo < 1e-7;
            t = next;
            if done {
                break;
            }
        }
        let (_, _, sa, sb) = g(t)?;
        if norm(sub(sb.0, sa.0)) > distance_km {
            return None;
        }
        Some(self.event(a, b, t, sa, sb))
    }
}

/// The straight-line test over a step: whether two objects with these
/// states at the step's middle can come within `distance_km` during the
/// ±`half_s` around it, allowing for the gravity gradient's bending.
#[inline]
pub(crate) fn may_meet(
    sa: &(Vec3, Vec3),
    sb: &(Vec3, Vec3),
    half_s: f64,
    distance_km: f64,
) -> bool {
    let dr = sub(sb.0, sa.0);
    let dv = sub(sb.1, sa.1);
    let v2 = dot(dv, dv);
    let tau = if v2 > 0.0 {
        (-dot(dr, dv) / v2).clamp(-half_s, half_s)
    } else {
        0.0
    };
    let closest = [
        dr[0] + dv[0] * tau,
        dr[1] + dv[1] * tau,
        dr[2] + dv[2] * tau,
    ];
    // |Δa| ≤ 3μ·s/r³ for a separation s (the tidal term), with half again to
    // spare for J2 and drag; s is at most |Δr| + |Δv|·half.
    let r_min = norm(sa.0).min(norm(sb.0)).max(6_000.0);
    let s = norm(dr) + v2.sqrt() * half_s;
    let bend = 0.5 * 4.5 * MU_KM3_S2 * s / (r_min * r_min * r_min) * half_s * half_s;
    let reach = distance_km + bend + 1e-3;
    dot(closest, closest) <= reach * reach
}

/// Steps of the sweep over [0, span): (lo, hi) each.
pub(crate) fn windows(span_s: f64, step_s: f64) -> Vec<(f64, f64)> {
    let n = (span_s / step_s).ceil().max(1.0) as usize;
    (0..n)
        .map(|k| (k as f64 * step_s, ((k + 1) as f64 * step_s).min(span_s)))
        .filter(|(lo, hi)| hi > lo)
        .collect()
}

impl Screening {
    /// Calls `f` with every event of the span, one by one and then family
    /// by family (families' events in member order, not in time order).
    pub fn for_each_event(&self, mut f: impl FnMut(&Event)) {
        for e in &self.events {
            f(e);
        }
        for family in &self.families {
            self.for_each_in_family(family, &mut f);
        }
    }

    /// Every event of one family.
    pub fn for_each_in_family(&self, family: &Family, f: &mut impl FnMut(&Event)) {
        let track = &self.tracks[family.track];
        let period = track.period_s();
        let (rj, rk, ..) = family.class.reference();
        let ref_u = track.argument_rad(rj, rk, 0.0);
        let ref_node = track.node_rad(rj, 0.0);
        family.class.for_each_member(|j, k, j2, k2| {
            let du = track.argument_rad(j, k, 0.0) - ref_u;
            let dnode = track.node_rad(j, 0.0) - ref_node;
            let a = track.first + (j * track.per_plane + k) as usize;
            let b = track.first + (j2 * track.per_plane + k2) as usize;
            for r in &family.reference {
                let first = (r.tca_s - du / track.arg_rate_rad_s).rem_euclid(period);
                let mut t = first;
                while t < self.span_s {
                    let turn = dnode + track.node_rate_rad_s * (t - r.tca_s);
                    f(&Event {
                        a: a.min(b),
                        b: a.max(b),
                        tca_s: t,
                        // Seen from the other satellite of a pair in one
                        // plane, whose axes are the same to within the
                        // separation over the radius (under 1e-3).
                        encounter: if a < b {
                            r.encounter
                        } else {
                            Encounter {
                                radial_km: -r.encounter.radial_km,
                                in_track_km: -r.encounter.in_track_km,
                                cross_track_km: -r.encounter.cross_track_km,
                                ..r.encounter
                            }
                        },
                        pos_a_km: rotate_z(r.pos_a_km, turn),
                    });
                    t += period;
                }
            }
        });
    }

    /// Events in the span, all kinds.
    pub fn event_count(&self) -> u64 {
        let mut n = 0u64;
        self.for_each_event(|_| n += 1);
        n
    }
}
