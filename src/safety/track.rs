//! A circular Walker shell as one track: where every satellite of the shell
//! is, at any time, from one satellite's SGP4 orbit.
//!
//! SGP4 gives every satellite of a circular shell the same mean elements
//! but its node and mean anomaly, and the geopotential is zonal, so a
//! satellite's state is the reference satellite's (node 0, mean anomaly 0)
//! at the same argument of latitude u = M + ν·t, turned about the pole by
//! its node: r_jk(t) = R_z(Ω_j + Ω̇·t) · p(M_jk + ν·t). The track tabulates
//! p(u) (with the node drift taken out) over one revolution and interpolates
//! it by cubic Hermite; the tests hold it to SGP4 within a millimetre.
//!
//! The same picture answers "which satellites of the shell can be within R
//! of this point": the planes whose great circle passes within R of it (a
//! range of nodes, from n_j·x̂ = sin i·h·sin(Ω_j − λ) + cos i·ẑ), and in each
//! of them the slots whose argument of latitude is near the point's.

use crate::propagation::{FleetShell, MU_KM3_S2};
use crate::time::minutes_between;
use crate::vec3::{Vec3, dot, norm, sub};
use chrono::{DateTime, Utc};
use std::f64::consts::{PI, TAU};

/// Samples of p(u) over one revolution.
const SAMPLES: usize = 1024;

/// One circular shell's satellites as a track.
#[derive(Debug, Clone)]
pub struct ShellTrack {
    /// Index of the shell in the fleet.
    pub shell: usize,
    /// Fleet index of the shell's first satellite.
    pub first: usize,
    /// Planes P.
    pub planes: u32,
    /// Satellites per plane S.
    pub per_plane: u32,
    /// Node of plane 0 at the screening's start, rad.
    node0_rad: f64,
    /// Node step between planes, rad.
    node_step_rad: f64,
    /// Mean-anomaly step between slots, rad.
    slot_step_rad: f64,
    /// Walker phase step between planes, 2πF/T, rad.
    phase_step_rad: f64,
    /// Argument of latitude of slot 0 of plane 0 at the start, rad.
    u0_rad: f64,
    /// Ω̇, rad/s.
    pub node_rate_rad_s: f64,
    /// ν = Ṁ + ω̇, rad/s: the rate of the argument of latitude.
    pub arg_rate_rad_s: f64,
    /// Whether nodes are spread over the whole circle (planes wrap).
    pub full_node_spread: bool,
    /// Whether slots are spread over the whole circle (slots wrap).
    pub full_slot_spread: bool,
    sin_i: f64,
    cos_i: f64,
    /// p(uₖ), km, with the node drift taken out.
    pos_km: Vec<Vec3>,
    /// The velocity at uₖ in the same frame, km/s.
    vel_km_s: Vec<Vec3>,
    /// dp/du at uₖ, km/rad.
    dpos_du: Vec<Vec3>,
    /// Smallest and largest radius on the track, km.
    pub radius_range_km: (f64, f64),
    /// Mean radius, km.
    pub mean_radius_km: f64,
    /// Largest speed on the track, km/s.
    pub max_speed_km_s: f64,
    /// Largest distance of the track from its mean plane, km.
    pub cross_deviation_km: f64,
    /// Largest difference between the track's in-plane angle and u, rad.
    pub along_deviation_rad: f64,
    /// Largest distance between the track and the circle of the mean
    /// radius at angle u in the mean plane, km.
    pub circle_deviation_km: f64,
}

impl ShellTrack {
    /// The track of a circular shell (`None` for an eccentric one), with
    /// time counted in seconds from `from`.
    pub fn new(shell_index: usize, fleet_shell: &FleetShell, from: DateTime<Utc>) -> Option<Self> {
        let shell = &fleet_shell.shell;
        if shell.spec.eccentricity != 0.0 {
            return None;
        }
        let orbit = &shell.orbit;
        let spec = &shell.spec;
        let node_rate_rad_s = orbit.node_dot_rad_min / 60.0;
        let arg_rate_rad_s = (orbit.mean_anomaly_dot_rad_min + orbit.perigee_dot_rad_min) / 60.0;
        let since_epoch_s = minutes_between(shell.epoch, from) * 60.0;
        let planes = spec.planes;
        let per_plane = spec.sats_per_plane;
        let total = f64::from(planes) * f64::from(per_plane);
        let (sin_i, cos_i) = shell.inclination_rad.sin_cos();
        let mut pos_km = Vec::with_capacity(SAMPLES);
        let mut vel_km_s = Vec::with_capacity(SAMPLES);
        let mut dpos_du = Vec::with_capacity(SAMPLES);
        for k in 0..SAMPLES {
            let u = TAU * k as f64 / SAMPLES as f64;
            let t_s = u / arg_rate_rad_s;
            let state = orbit.at(t_s / 60.0).propagate(0.0, 0.0);
            let back = -node_rate_rad_s * t_s;
            let p = rotate_z(state.pos_in_teme_km, back);
            let v = rotate_z(state.vel_in_teme_km_s, back);
            // v = Ω̇ ẑ × p + ν dp/du
            let spin = [-p[1] * node_rate_rad_s, p[0] * node_rate_rad_s, 0.0];
            let d = sub(v, spin);
            dpos_du.push([
                d[0] / arg_rate_rad_s,
                d[1] / arg_rate_rad_s,
                d[2] / arg_rate_rad_s,
            ]);
            pos_km.push(p);
            vel_km_s.push(v);
        }
        let radii: Vec<f64> = pos_km.iter().map(|p| norm(*p)).collect();
        let mean_radius_km = radii.iter().sum::<f64>() / radii.len() as f64;
        let mut track = Self {
            shell: shell_index,
            first: fleet_shell.range.start,
            planes,
            per_plane,
            node0_rad: shell.first_node_rad + node_rate_rad_s * since_epoch_s,
            node_step_rad: spec.raan_spread_deg.to_radians() / f64::from(planes),
            slot_step_rad: spec.anomaly_spread_deg.to_radians() / f64::from(per_plane),
            phase_step_rad: TAU * f64::from(spec.phasing) / total,
            u0_rad: arg_rate_rad_s * since_epoch_s,
            node_rate_rad_s,
            arg_rate_rad_s,
            full_node_spread: (spec.raan_spread_deg - 360.0).abs() < 1e-9,
            full_slot_spread: (spec.anomaly_spread_deg - 360.0).abs() < 1e-9,
            sin_i,
            cos_i,
            radius_range_km: (
                radii.iter().copied().fold(f64::INFINITY, f64::min),
                radii.iter().copied().fold(0.0, f64::max),
            ),
            mean_radius_km,
            max_speed_km_s: vel_km_s.iter().map(|v| norm(*v)).fold(0.0, f64::max),
            cross_deviation_km: 0.0,
            along_deviation_rad: 0.0,
            circle_deviation_km: 0.0,
            pos_km,
            vel_km_s,
            dpos_du,
        };
        // The deviations, measured on the samples and at the midpoints
        // between them (the Hermite interpolant there), with 10% to spare.
        let (x_axis, y_axis, normal) = track.plane_axes(0.0);
        let (mut cross_dev, mut along_dev, mut circle_dev) = (0.0_f64, 0.0_f64, 0.0_f64);
        for k in 0..2 * SAMPLES {
            let u = PI * k as f64 / SAMPLES as f64;
            let p = track.interpolate(u).0;
            cross_dev = cross_dev.max(dot(p, normal).abs());
            let angle = dot(p, y_axis).atan2(dot(p, x_axis));
            along_dev = along_dev.max(wrap_pi(angle - u).abs());
            let (s, c) = u.sin_cos();
            let circle = [
                mean_radius_km * (c * x_axis[0] + s * y_axis[0]),
                mean_radius_km * (c * x_axis[1] + s * y_axis[1]),
                mean_radius_km * (c * x_axis[2] + s * y_axis[2]),
            ];
            circle_dev = circle_dev.max(norm(sub(p, circle)));
        }
        track.cross_deviation_km = 1.1 * cross_dev + 1e-3;
        track.along_deviation_rad = 1.1 * along_dev + 1e-7;
        track.circle_deviation_km = 1.1 * circle_dev + 1e-3;
        Some(track)
    }

    /// Satellites on the track.
    pub fn len(&self) -> usize {
        self.planes as usize * self.per_plane as usize
    }

    /// True for a shell without satellites (never built).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// sin i and cos i.
    pub fn inclination_sin_cos(&self) -> (f64, f64) {
        (self.sin_i, self.cos_i)
    }

    /// Mean-anomaly step between slots of a plane, rad.
    pub fn slot_step_rad(&self) -> f64 {
        self.slot_step_rad
    }

    /// Walker phase step between planes (2πF/T), rad.
    pub fn phase_step_rad(&self) -> f64 {
        self.phase_step_rad
    }

    /// Orbital period of the argument of latitude, s.
    pub fn period_s(&self) -> f64 {
        TAU / self.arg_rate_rad_s
    }

    /// The mean plane's node-line axis, in-plane axis at u = 90° and normal
    /// for a node `node_rad`.
    fn plane_axes(&self, node_rad: f64) -> (Vec3, Vec3, Vec3) {
        let (so, co) = node_rad.sin_cos();
        (
            [co, so, 0.0],
            [-so * self.cos_i, co * self.cos_i, self.sin_i],
            [so * self.sin_i, -co * self.sin_i, self.cos_i],
        )
    }

    /// p(u) and its velocity, by cubic Hermite between samples.
    fn interpolate(&self, u: f64) -> (Vec3, Vec3) {
        let x = u.rem_euclid(TAU) / TAU * SAMPLES as f64;
        let k = (x.floor() as usize).min(SAMPLES - 1);
        let s = x - k as f64;
        let k1 = (k + 1) % SAMPLES;
        let h = TAU / SAMPLES as f64;
        // Hermite basis on [0, 1].
        let s2 = s * s;
        let s3 = s2 * s;
        let h00 = 2.0 * s3 - 3.0 * s2 + 1.0;
        let h10 = s3 - 2.0 * s2 + s;
        let h01 = -2.0 * s3 + 3.0 * s2;
        let h11 = s3 - s2;
        let (p0, p1, d0, d1) = (
            self.pos_km[k],
            self.pos_km[k1],
            self.dpos_du[k],
            self.dpos_du[k1],
        );
        let (v0, v1) = (self.vel_km_s[k], self.vel_km_s[k1]);
        let mut p = [0.0; 3];
        let mut v = [0.0; 3];
        for c in 0..3 {
            p[c] = h00 * p0[c] + h10 * h * d0[c] + h01 * p1[c] + h11 * h * d1[c];
            v[c] = (1.0 - s) * v0[c] + s * v1[c];
        }
        (p, v)
    }

    /// Node of plane `plane` at `t_s` seconds from the start, rad.
    pub fn node_rad(&self, plane: u32, t_s: f64) -> f64 {
        self.node0_rad + self.node_step_rad * f64::from(plane) + self.node_rate_rad_s * t_s
    }

    /// Mean argument of latitude of `slot` in `plane` at `t_s`, rad.
    pub fn argument_rad(&self, plane: u32, slot: u32, t_s: f64) -> f64 {
        self.u0_rad
            + self.slot_step_rad * f64::from(slot)
            + self.phase_step_rad * f64::from(plane)
            + self.arg_rate_rad_s * t_s
    }

    /// Position (km) and velocity (km/s), TEME, of the satellite in `plane`
    /// and `slot` at `t_s` seconds from the start.
    pub fn state(&self, plane: u32, slot: u32, t_s: f64) -> (Vec3, Vec3) {
        let (p, v) = self.interpolate(self.argument_rad(plane, slot, t_s));
        let node = self.node_rad(plane, t_s);
        (rotate_z(p, node), rotate_z(v, node))
    }

    /// The same for the track's `local` satellite (plane-major order).
    pub fn state_of(&self, local: usize, t_s: f64) -> (Vec3, Vec3) {
        let per = self.per_plane as usize;
        self.state((local / per) as u32, (local % per) as u32, t_s)
    }

    /// Every plane's node (its sine and cosine) at `t_s`: what [`near_during`](Self::near_during)
    /// and [`state_at`](Self::state_at) need of an instant, made once for all
    /// the queries of a step.
    pub fn nodes_at(&self, t_s: f64) -> NodesAt {
        NodesAt {
            t_s,
            sin_cos: (0..self.planes)
                .map(|p| self.node_rad(p, t_s).sin_cos())
                .collect(),
        }
    }

    /// [`state_of`](Self::state_of) at the instant of `nodes`.
    pub fn state_at(&self, nodes: &NodesAt, local: usize) -> (Vec3, Vec3) {
        let per = self.per_plane as usize;
        let (plane, slot) = ((local / per) as u32, (local % per) as u32);
        let (p, v) = self.interpolate(self.argument_rad(plane, slot, nodes.t_s));
        let (s, c) = nodes.sin_cos[plane as usize];
        let turn = |v: Vec3| [c * v[0] - s * v[1], s * v[0] + c * v[1], v[2]];
        (turn(p), turn(v))
    }

    /// Collects the planes whose mean plane passes within `reach_km` (plus
    /// the track's own distance from it) of the probe's point at `t_s`;
    /// false if the point is out of the track's radial reach.
    fn planes_near(&self, probe: &Probe, t_s: f64, reach_km: f64, planes: &mut Vec<u32>) -> bool {
        let Probe { x, rho, h, lambda } = *probe;
        let (r_lo, r_hi) = self.radius_range_km;
        planes.clear();
        if rho < r_lo - reach_km || rho > r_hi + reach_km || rho <= 0.0 {
            return false;
        }
        // |n_j · x̂| ≤ w, with n_j · x̂ = A sin(Ω_j − λ) + C.
        let w = (reach_km + self.cross_deviation_km) / rho;
        let a = self.sin_i * h;
        let c = self.cos_i * x[2] / rho;
        if a < 1e-12 {
            if c.abs() <= w {
                planes.extend(0..self.planes);
            }
            return true;
        }
        let s_lo = ((-w - c) / a).max(-1.0);
        let s_hi = ((w - c) / a).min(1.0);
        if s_lo > s_hi {
            return true;
        }
        let (p_lo, p_hi) = (s_lo.asin(), s_hi.asin());
        let base = self.node_rad(0, t_s);
        for (lo, hi) in [(p_lo, p_hi), (PI - p_hi, PI - p_lo)] {
            indices_in_arc(
                lambda + lo,
                lambda + hi,
                base,
                self.node_step_rad,
                self.planes,
                planes,
            );
        }
        planes.sort_unstable();
        planes.dedup();
        true
    }

    /// Pushes the track-local indices of every satellite that may come
    /// within `distance_km` of an object during the ±`half_s` around the
    /// instant of `nodes`, the object's state then being `state` (TEME, km
    /// and km/s): a superset, never missing one.
    ///
    /// The object's path over the step is its straight line bent by at most
    /// ½·|a|·half² (gravity, a tenth to spare). For each plane the straight
    /// line can reach, the times it is within reach of the plane follow from
    /// its distance to the plane, linear in time; in that window the
    /// object's angle projected on the plane runs between its values at the
    /// ends (within the curvature of a line's angle seen from the centre),
    /// and the slots whose satellites are at that angle then (their mean
    /// argument moving at ν) are the candidates. A crossing at an angle
    /// lasts a second or two, so a plane gives one slot or none; a
    /// near-coplanar object the whole step, and the slots its relative
    /// motion spans.
    pub fn near_during(
        &self,
        state: &(Vec3, Vec3),
        nodes: &NodesAt,
        half_s: f64,
        distance_km: f64,
        planes: &mut Vec<u32>,
        out: &mut Vec<u32>,
    ) {
        let (x, v) = *state;
        let rho = norm(x);
        if rho <= 0.0 {
            return;
        }
        let speed = norm(v);
        // The path's bend from its straight line, and the planes' turn over
        // the step (the nodes drift at Ω̇), km.
        let bend = 0.5 * 1.1 * MU_KM3_S2 / (rho * rho) * half_s * half_s
            + self.node_rate_rad_s.abs() * (rho + speed * half_s) * half_s;
        let reach = distance_km + bend;
        let w = reach + self.cross_deviation_km;
        if !self.planes_near(&Probe::new(x), nodes.t_s, w + speed * half_s, planes) {
            return;
        }
        let r_in_plane = self.radius_range_km.0 - self.cross_deviation_km;
        if reach >= r_in_plane {
            // Nothing to narrow: every slot of the planes.
            for &plane in planes.iter() {
                out.extend(plane * self.per_plane..(plane + 1) * self.per_plane);
            }
            return;
        }
        let alpha = (reach / r_in_plane).asin() + self.along_deviation_rad + 1e-9;
        // The least radius of the line's projection on a plane while the
        // object is within w of it.
        let rho_min = rho - speed * half_s;
        let projected_min = (rho_min * rho_min - w * w).max(0.0).sqrt();
        for &plane in planes.iter() {
            let (so, co) = nodes.sin_cos[plane as usize];
            let xa = [co, so, 0.0];
            let ya = [-so * self.cos_i, co * self.cos_i, self.sin_i];
            let n = [so * self.sin_i, -co * self.sin_i, self.cos_i];
            let (f, f_dot) = (dot(x, n), dot(v, n));
            // |f + ḟ·τ| ≤ w for τ in [t1, t2] ⊂ [−half, half].
            let (t1, t2) = if f_dot.abs() < 1e-12 {
                if f.abs() > w {
                    continue;
                }
                (-half_s, half_s)
            } else {
                let (a, b) = ((-w - f) / f_dot, (w - f) / f_dot);
                (a.min(b).max(-half_s), a.max(b).min(half_s))
            };
            if t1 > t2 {
                continue;
            }
            let angle = |t: f64| {
                let p = [x[0] + v[0] * t, x[1] + v[1] * t, x[2] + v[2] * t];
                dot(p, ya).atan2(dot(p, xa))
            };
            let u1 = angle(t1);
            let u2 = u1 + wrap_pi(angle(t2) - u1);
            // The satellites' mean argument at τ is their value at the
            // instant plus ν·τ: the slots' values then must lie within α of
            // u(τ) − ν·τ, which runs (within the curvature term) between
            // its values at t1 and t2.
            let nu = self.arg_rate_rad_s;
            let (d1, d2) = (u1 - nu * t1, u2 - nu * t2);
            let curvature = if projected_min > 0.0 {
                let s = speed * (t2 - t1) / projected_min;
                0.25 * s * s
            } else {
                PI
            };
            let margin = alpha + curvature;
            let first = out.len();
            indices_in_arc(
                d1.min(d2) - margin,
                d1.max(d2) + margin,
                self.argument_rad(plane, 0, nodes.t_s),
                self.slot_step_rad,
                self.per_plane,
                out,
            );
            for slot in &mut out[first..] {
                *slot += plane * self.per_plane;
            }
        }
    }
}

/// A point as [`ShellTrack::near_during`] asks about it: what every shell's query
/// needs of it, worked out once.
#[derive(Debug, Clone, Copy)]
pub struct Probe {
    x: Vec3,
    rho: f64,
    /// Its distance from the polar axis over `rho`.
    h: f64,
    /// Its right ascension, rad.
    lambda: f64,
}

impl Probe {
    /// The probe of a point (TEME, km).
    pub fn new(x: Vec3) -> Self {
        let rho = norm(x);
        Self {
            x,
            rho,
            h: x[0].hypot(x[1]) / rho.max(1e-300),
            lambda: x[1].atan2(x[0]),
        }
    }
}

/// A shell's plane nodes at one instant ([`ShellTrack::nodes_at`]).
#[derive(Debug, Clone)]
pub struct NodesAt {
    t_s: f64,
    sin_cos: Vec<(f64, f64)>,
}

/// Pushes every i in 0..count with base + step·i inside [lo, hi] modulo 2π.
pub fn indices_in_arc(lo: f64, hi: f64, base: f64, step: f64, count: u32, out: &mut Vec<u32>) {
    if count == 0 || hi < lo {
        return;
    }
    let last = f64::from(count - 1);
    // The values base + step·i run over [base, base + step·(count − 1)];
    // each turn of 2π that meets [lo, hi] gives a run of i.
    let span_end = base + step * last;
    let m_lo = ((base - hi) / TAU).floor() as i64;
    let m_hi = ((span_end - lo) / TAU).ceil() as i64;
    let start = out.len();
    for m in m_lo..=m_hi {
        let shift = TAU * m as f64;
        let i0 = ((lo + shift - base) / step).ceil().max(0.0);
        let i1 = ((hi + shift - base) / step).floor().min(last);
        if i0 <= i1 {
            out.extend(i0 as u32..=i1 as u32);
        }
    }
    // Arcs of 2π or more, or slots spread over more than 2π, can meet an
    // index twice.
    if hi - lo >= TAU - 1e-12 || step * f64::from(count) > TAU + 1e-9 {
        out[start..].sort_unstable();
        let mut seen = start;
        for k in start..out.len() {
            if k == start || out[k] != out[seen - 1] {
                out[seen] = out[k];
                seen += 1;
            }
        }
        out.truncate(seen);
    }
}

/// Rotates `v` about the z axis by `angle` radians.
#[inline]
pub fn rotate_z(v: Vec3, angle: f64) -> Vec3 {
    let (s, c) = angle.sin_cos();
    [c * v[0] - s * v[1], s * v[0] + c * v[1], v[2]]
}

/// The angle in (−π, π].
pub fn wrap_pi(a: f64) -> f64 {
    let w = a.rem_euclid(TAU);
    if w > PI { w - TAU } else { w }
}
