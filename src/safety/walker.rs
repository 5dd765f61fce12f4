//! Pairs within one circular Walker shell, by class; the shell's designed
//! minimum separation and the phasing that maximises it.
//!
//! Satellite (j, k) of a shell (plane j, slot k) has node Ω₀ + ΔΩ·j and
//! argument of latitude u₀ + Δu·k + 2πF·j/T + ν·t. The pair (j, k),
//! (j + dj, k + dk) differs in node by ΔΩ·dj and in argument by
//! Δu·dk + 2πF·dj/T whatever j and k are, and the shell turns about the
//! pole as one, so every pair of the class (dj, dk) goes through the same
//! distances, each pair shifted in time by its first member's argument.
//!
//! For two circles of radius r whose planes meet at an angle θ, with
//! arguments α and β measured from their common node, the distance is
//! d² = 2r²(1 − cos α cos β − sin α sin β cos θ), whose minimum over time
//! (α − β = δ fixed) is d = 2r·cos(θ/2)·|sin(δ/2)|, reached when α = −β.

pub use super::class::Class;
use super::screen::{Cancelled, Event, Family, Objects, ScreenOptions, may_meet, windows};
use super::track::{ShellTrack, indices_in_arc, wrap_pi};
use crate::vec3::{cross, dot, norm};
use std::f64::consts::{PI, TAU};

/// The geometry of two planes of a shell dj planes apart: cos(θ/2) and
/// c = u_bm − u_am, the two planes' arguments of their common node.
pub fn plane_pair(track: &ShellTrack, dj: u32) -> (f64, f64) {
    let node_a = track.node_rad(0, 0.0);
    let node_b = track.node_rad(dj, 0.0);
    let (xa, ya, na) = axes(track, node_a);
    let (xb, yb, nb) = axes(track, node_b);
    let cos_theta = dot(na, nb).clamp(-1.0, 1.0);
    let m = cross(na, nb);
    let cos_half = ((1.0 + cos_theta) / 2.0).max(0.0).sqrt();
    if norm(m) < 1e-12 {
        // The same plane (or the same plane flown the other way, θ = π).
        return (cos_half, 0.0);
    }
    let u_am = dot(m, ya).atan2(dot(m, xa));
    let u_bm = dot(m, yb).atan2(dot(m, xb));
    (cos_half, u_bm - u_am)
}

fn axes(track: &ShellTrack, node: f64) -> ([f64; 3], [f64; 3], [f64; 3]) {
    let (si, ci) = track.inclination_sin_cos();
    let (so, co) = node.sin_cos();
    (
        [co, so, 0.0],
        [-so * ci, co * ci, si],
        [so * si, -co * si, ci],
    )
}

/// The classes of a shell whose closed-form distance is under `reach_km`.
pub fn classes_within(track: &ShellTrack, reach_km: f64) -> Vec<Class> {
    let r = track.mean_radius_km;
    let s = track.per_plane;
    let mut out = Vec::new();
    let mut dks = Vec::new();
    for dj in 0..track.planes {
        let (cos_half, c) = plane_pair(track, dj);
        let limit = reach_km / (2.0 * r * cos_half.max(1e-300));
        // |sin(δ/2)| ≤ limit ⇔ δ within ±2·asin(limit) of a multiple of 2π;
        // δ = c − Δu_phase − Δu_slot·dk, so Δu_slot·dk ∈ x ± half.
        let half = if limit >= 1.0 { PI } else { 2.0 * limit.asin() };
        let x = c - track.phase_step_rad() * f64::from(dj);
        dks.clear();
        if track.full_slot_spread {
            indices_in_arc(x - half, x + half, 0.0, track.slot_step_rad(), s, &mut dks);
            for &dk in &dks {
                let dk = i64::from(dk);
                let keep = if dj == 0 {
                    dk >= 1 && 2 * dk <= i64::from(s)
                } else {
                    true
                };
                if keep {
                    out.push(class(track, dj, dk));
                }
            }
        } else {
            // dk from −(S−1) to S−1.
            let base = -track.slot_step_rad() * f64::from(s - 1);
            indices_in_arc(
                x - half,
                x + half,
                base,
                track.slot_step_rad(),
                2 * s - 1,
                &mut dks,
            );
            for &i in &dks {
                let dk = i64::from(i) - i64::from(s - 1);
                if dj > 0 || dk >= 1 {
                    out.push(class(track, dj, dk));
                }
            }
        }
    }
    out
}

fn class(track: &ShellTrack, dj: u32, dk: i64) -> Class {
    Class {
        planes: track.planes,
        per_plane: track.per_plane,
        wraps: track.full_slot_spread,
        dj,
        dk,
    }
}

/// The shell's designed minimum separation, km: the smallest closed-form
/// distance of any class, on circles of the track's mean radius, with the
/// phasing step of `phasing` (F) in place of the shell's own.
pub fn min_separation_km(track: &ShellTrack, phasing: Option<u32>) -> f64 {
    let r = track.mean_radius_km;
    let s = track.per_plane;
    let step = track.slot_step_rad();
    let phase_step = match phasing {
        Some(f) => TAU * f64::from(f) / (f64::from(track.planes) * f64::from(s)),
        None => track.phase_step_rad(),
    };
    let mut best = f64::INFINITY;
    for dj in 0..track.planes {
        let (cos_half, c) = plane_pair(track, dj);
        let x = c - phase_step * f64::from(dj);
        // The smallest |wrap(x − step·dk)| over the class's dk.
        let smallest = if track.full_slot_spread {
            if dj == 0 {
                step.min(TAU - step)
            } else {
                let m = (x / step).round();
                wrap_pi(x - step * m).abs()
            }
        } else {
            let lo = if dj == 0 { 1 } else { -(i64::from(s) - 1) };
            let hi = i64::from(s) - 1;
            let mut best_d = f64::INFINITY;
            for turn in -1..=1 {
                let centre = ((x + TAU * f64::from(turn)) / step).round() as i64;
                for dk in [centre - 1, centre, centre + 1, lo, hi] {
                    let dk = dk.clamp(lo, hi);
                    if dj == 0 && dk == 0 {
                        continue;
                    }
                    best_d = best_d.min(wrap_pi(x - step * dk as f64).abs());
                }
            }
            best_d
        };
        best = best.min(2.0 * r * cos_half * (0.5 * smallest).sin().abs());
    }
    best
}

/// The phasing factor F in 0..P that maximises the minimum separation, and that separation.
pub fn best_phasing(track: &ShellTrack) -> (u32, f64) {
    (0..track.planes)
        .map(|f| (f, min_separation_km(track, Some(f))))
        .fold((0, f64::NEG_INFINITY), |best, next| {
            if next.1 > best.1 + 1e-9 { next } else { best }
        })
}

/// Screens every class of every circular shell that the closed form
/// cannot rule out: its reference pair over one revolution.
pub(crate) fn families(
    objects: &Objects,
    options: ScreenOptions,
    progress: &(dyn Fn(f64) -> bool + Sync),
) -> Result<Vec<Family>, Cancelled> {
    let mut work = Vec::new();
    for (ti, track) in objects.tracks.iter().enumerate() {
        let reach = options.distance_km + 2.0 * track.circle_deviation_km;
        for class in classes_within(track, reach) {
            work.push((ti, class));
        }
    }
    if !progress(0.0) {
        return Err(Cancelled);
    }
    let found = crate::parallel::map_collect(&work, |(ti, class)| {
        let track = &objects.tracks[*ti];
        let (j, k, j2, k2) = class.reference();
        let a = track.first + (j * track.per_plane + k) as usize;
        let b = track.first + (j2 * track.per_plane + k2) as usize;
        let mut reference: Vec<Event> = Vec::new();
        for (lo, hi) in windows(track.period_s(), options.step_s) {
            let mid = 0.5 * (lo + hi);
            let sa = track.state(j, k, mid);
            let sb = track.state(j2, k2, mid);
            if may_meet(&sa, &sb, 0.5 * (hi - lo), options.distance_km)
                && let Some(e) = objects.refine(a, b, lo, hi, options.distance_km)
            {
                // `a` stays first, whichever index is smaller: the family
                // orders each pair when it repeats the events.
                reference.push(e);
            }
        }
        (!reference.is_empty()).then_some(Family {
            track: *ti,
            class: *class,
            reference,
        })
    });
    Ok(found.into_iter().flatten().collect())
}
