//! A free object's path as the sweep's filters see it: SGP4 states a few
//! steps apart and cubic Hermite between them, with a bound on how far the
//! interpolant can stray from SGP4. Only the filters use it; every TCA is
//! refined with SGP4 itself, so the path changes how fast a screening runs,
//! never what it finds.
//!
//! The bound is the Hermite remainder: |x − p| ≤ h⁴/384·max|x⁗| and
//! |ẋ − ṗ| ≤ h³/(72√3)·max|x⁗| for nodes h apart (Burden & Faires,
//! Numerical Analysis, §3.4). On a Kepler orbit the largest |x⁗| is
//! r_p·ω_p⁴ at perigee (ω_p = v_p/r_p) times 1.0 for a circle and at most
//! 1.13 for any eccentricity (measured by finite differences for e from 0
//! to 0.75); [`SNAP_FACTOR`] covers that and SGP4's short-period terms
//! twice over. The test holds a synthetic catalogue, GTO-like orbits
//! included, to the bound: the worst position error is about half of it,
//! and the velocity's too with the velocity bound doubled (near an
//! eccentric perigee x⁗ changes within a spacing, which the textbook
//! remainder leaves out).

use super::screen::Objects;
use crate::propagation::MU_KM3_S2;
use crate::vec3::{Vec3, cross, dot, norm};

type State = (Vec3, Vec3);

/// max|x⁗| ≤ SNAP_FACTOR · r_p·ω_p⁴.
const SNAP_FACTOR: f64 = 3.0;
/// The most a path may stray, position plus velocity over half a step, km.
const PATH_TOLERANCE_KM: f64 = 0.2;
/// Longest spacing of the nodes, s.
const MAX_NODE_SPACING_S: f64 = 600.0;

/// One object's path, its nodes at whole multiples of the spacing from the
/// span's start (so the same whichever steps a call sweeps).
pub(crate) struct Path {
    index: usize,
    /// Node spacing, s; 0 for SGP4 at every instant (no estimate).
    spacing_s: f64,
    /// Bound on the position's error, km.
    err_km: f64,
    /// Bound on the velocity's error, km/s.
    err_km_s: f64,
    /// The node pair held: the index of the first and both states.
    held: Option<(i64, Option<State>, Option<State>)>,
}

/// r_p·ω_p⁴ of the osculating orbit through a state (None if not bound).
fn perigee_snap(s: &State) -> Option<f64> {
    let (r, v) = s;
    let rn = norm(*r);
    let v2 = dot(*v, *v);
    let energy = 0.5 * v2 - MU_KM3_S2 / rn;
    if energy >= 0.0 {
        return None;
    }
    let a = -MU_KM3_S2 / (2.0 * energy);
    let h = norm(cross(*r, *v));
    let e = (1.0 - h * h / (MU_KM3_S2 * a)).max(0.0).sqrt();
    let rp = a * (1.0 - e);
    // v_p = h / r_p.
    let w = h / (rp * rp);
    Some(rp * w.powi(4))
}

impl Path {
    /// The path of fleet object `index` for steps of half-width `half_s`,
    /// its spacing chosen so that the error stays within [`PATH_TOLERANCE_KM`].
    pub fn new(objects: &Objects, index: usize, half_s: f64) -> Self {
        let exact = Self {
            index,
            spacing_s: 0.0,
            err_km: 0.0,
            err_km_s: 0.0,
            held: None,
        };
        let Some(snap) = objects
            .state(index, 0.0)
            .as_ref()
            .and_then(perigee_snap)
            .map(|s| SNAP_FACTOR * s)
        else {
            return exact;
        };
        let errors = |h: f64| {
            (
                h.powi(4) / 384.0 * snap,
                // Twice the remainder's: x⁗ changes fast near an eccentric
                // perigee, which the textbook bound leaves out.
                2.0 * h.powi(3) / (72.0 * 3f64.sqrt()) * snap,
            )
        };
        let mut h = MAX_NODE_SPACING_S;
        while h > 1.0 {
            let (err_km, err_km_s) = errors(h);
            if err_km + err_km_s * half_s <= PATH_TOLERANCE_KM {
                return Self {
                    spacing_s: h,
                    err_km,
                    err_km_s,
                    ..exact
                };
            }
            h *= 0.9;
        }
        exact
    }

    /// How far the path's state at an instant can be from SGP4's, projected
    /// over ±`half_s`: position error plus velocity error times `half_s`, km.
    pub fn slack_km(&self, half_s: f64) -> f64 {
        self.err_km + self.err_km_s * half_s
    }

    /// The state at `t_s` from the span's start (None where SGP4 fails).
    pub fn at(&mut self, objects: &Objects, t_s: f64) -> Option<State> {
        if self.spacing_s <= 0.0 {
            return objects.state(self.index, t_s);
        }
        let h = self.spacing_s;
        let k = (t_s / h).floor() as i64;
        let node = |k: i64| objects.state(self.index, k as f64 * h);
        let (s0, s1) = match self.held {
            Some((held, s0, s1)) if held == k => (s0, s1),
            Some((held, _, s1)) if held + 1 == k => (s1, node(k + 1)),
            _ => (node(k), node(k + 1)),
        };
        self.held = Some((k, s0, s1));
        let (Some((p0, v0)), Some((p1, v1))) = (s0, s1) else {
            return objects.state(self.index, t_s);
        };
        let s = t_s / h - k as f64;
        let s2 = s * s;
        let s3 = s2 * s;
        let (h00, h10, h01, h11) = (
            2.0 * s3 - 3.0 * s2 + 1.0,
            s3 - 2.0 * s2 + s,
            -2.0 * s3 + 3.0 * s2,
            s3 - s2,
        );
        // Their derivatives in s.
        let (d00, d10, d01, d11) = (
            6.0 * s2 - 6.0 * s,
            3.0 * s2 - 4.0 * s + 1.0,
            -6.0 * s2 + 6.0 * s,
            3.0 * s2 - 2.0 * s,
        );
        let mut p = [0.0; 3];
        let mut v = [0.0; 3];
        for c in 0..3 {
            p[c] = h00 * p0[c] + h10 * h * v0[c] + h01 * p1[c] + h11 * h * v1[c];
            v[c] = (d00 * p0[c] + d01 * p1[c]) / h + d10 * v0[c] + d11 * v1[c];
        }
        Some((p, v))
    }
}

#[cfg(test)]
mod tests {
    use super::super::track::ShellTrack;
    use super::*;
    use crate::catalog::Catalog;
    use crate::propagation::Fleet;
    use crate::vec3::sub;

    /// Every object of a synthetic catalogue (a tenth eccentric, some
    /// GTO-like) stays within its path's stated error at every second of
    /// six hours, position and velocity, against SGP4 itself.
    #[test]
    fn paths_stay_within_their_bound() {
        let from = chrono::DateTime::parse_from_rfc3339("2026-03-20T00:00:00Z")
            .unwrap()
            .to_utc();
        let mut fleet = Fleet::default();
        fleet.add_catalog(&Catalog {
            origin: crate::error::Origin("synthetic".into()),
            name: "synthetic".into(),
            elements: super::super::synthetic::catalog(300, from, 7),
        });
        let tracks: Vec<ShellTrack> = Vec::new();
        let pc = super::super::screen::PcModel::new(
            &super::super::spec::SafetySpec::default(),
            &crate::model::SatelliteModel::default(),
        );
        let objects = Objects::new(&fleet, from, &tracks, pc);
        let half = 10.0;
        let (mut worst_ratio, mut longest) = (0.0_f64, 0.0_f64);
        let mut eccentric = 0;
        let mut worst_v = 0.0_f64;
        for i in 0..fleet.len() {
            let mut path = Path::new(&objects, i, half);
            assert!(path.spacing_s > 0.0, "object {i} has no path");
            longest = longest.max(path.spacing_s);
            if fleet.catalog_satellites[i].elements.eccentricity > 0.1 {
                eccentric += 1;
            }
            for k in 0..21_600 {
                let t = k as f64;
                let (p, v) = path.at(&objects, t).unwrap();
                let (ps, vs) = objects.state(i, t).unwrap();
                let dp = norm(sub(p, ps));
                let dv = norm(sub(v, vs));
                worst_v = worst_v.max(dv / path.err_km_s);
                assert!(
                    dp <= path.err_km && dv <= path.err_km_s,
                    "object {i} at {t} s: {dp} km, {dv} km/s off, bound {} km, {} km/s",
                    path.err_km,
                    path.err_km_s
                );
                worst_ratio = worst_ratio.max(dp / path.err_km);
            }
        }
        assert!(eccentric >= 10, "only {eccentric} eccentric objects");
        // The bound is not slack beyond reason, and the nodes are sparse.
        assert!(
            worst_ratio > 0.2 && worst_v > 0.2,
            "worst errors {worst_ratio} and {worst_v} of the bounds"
        );
        assert!(longest >= 150.0, "longest spacing {longest} s");
    }
}
