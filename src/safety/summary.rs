//! What a screening means: events a day per shell, per pair of shells and
//! catalogues, per catalogue; the closest approaches; manoeuvres a year at
//! each threshold; the shells' designed separations and best phasing.

use super::screen::{Encounter, Event, Screening};
use super::track::ShellTrack;
use super::walker::{best_phasing, min_separation_km};
use crate::propagation::{Fleet, Group};
use crate::time::at_offset;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, BinaryHeap};

/// Seconds in a day.
const DAY_S: f64 = 86_400.0;
/// Days in a Julian year.
const YEAR_DAYS: f64 = 365.25;

/// One shell's figures.
#[derive(Debug, Clone, Serialize)]
pub struct ShellSafety {
    /// Shell name.
    pub name: String,
    /// Satellites.
    pub satellites: u64,
    /// Events with one of its satellites, per day.
    pub events_per_day: f64,
    /// Of those, under 1 km, per day.
    pub under_1km_per_day: f64,
    /// Its closest approach in the span, km.
    pub closest_km: Option<f64>,
    /// When (RFC 3339).
    pub closest_at: Option<String>,
    /// The designed minimum separation of two of its satellites, km
    /// (circular shells; the closed form on circles).
    pub min_separation_km: Option<f64>,
    /// The phasing factor F that maximises it (with `--best-phasing`).
    pub best_phasing: Option<u32>,
    /// That maximum, km.
    pub best_min_separation_km: Option<f64>,
    /// Manoeuvres a satellite of the shell makes a year, per threshold.
    pub manoeuvres_per_satellite_year: BTreeMap<String, f64>,
}

/// One catalogue's figures.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogSafety {
    /// Catalogue name.
    pub name: String,
    /// Objects.
    pub objects: u64,
    /// Events with one of its objects, per day.
    pub events_per_day: f64,
    /// Of those, under 1 km, per day.
    pub under_1km_per_day: f64,
    /// Its closest approach, km.
    pub closest_km: Option<f64>,
    /// When (RFC 3339).
    pub closest_at: Option<String>,
}

/// Events between two groups (shells or catalogues; the same twice for within one).
#[derive(Debug, Clone, Serialize)]
pub struct PairSafety {
    /// First group's name.
    pub a: String,
    /// Second group's name.
    pub b: String,
    /// Events a day.
    pub events_per_day: f64,
}

/// One close approach as reported.
#[derive(Debug, Clone, Serialize)]
pub struct CloseApproach {
    /// The first object, named as the inspector names it.
    pub a: String,
    /// The second object.
    pub b: String,
    /// Fleet index of the first object.
    #[serde(skip)]
    pub a_index: usize,
    /// Fleet index of the second.
    #[serde(skip)]
    pub b_index: usize,
    /// TCA (RFC 3339, milliseconds).
    pub tca: String,
    /// TCA, seconds from the start.
    #[serde(skip)]
    pub tca_s: f64,
    /// Miss distance and its parts, relative speed, Pc.
    #[serde(flatten)]
    pub encounter: Encounter,
    /// The first object's position at TCA, km, TEME.
    #[serde(skip)]
    pub pos_a_km: [f64; 3],
}

/// The whole report (the `--json` output).
#[derive(Debug, Clone, Serialize)]
pub struct SafetyReport {
    /// Start of the span (RFC 3339).
    pub from: String,
    /// End of the span.
    pub to: String,
    /// Objects screened.
    pub objects: usize,
    /// Threshold, km.
    pub distance_km: f64,
    /// Events in the span.
    pub events: u64,
    /// Events under 1 km in the span.
    pub events_under_1km: u64,
    /// Per shell.
    pub shells: Vec<ShellSafety>,
    /// Per catalogue.
    pub catalogs: Vec<CatalogSafety>,
    /// Per pair of groups with events.
    pub pairs: Vec<PairSafety>,
    /// The fleet's manoeuvres a year, per threshold.
    pub fleet_manoeuvres_per_year: BTreeMap<String, f64>,
    /// The closest events.
    pub closest: Vec<CloseApproach>,
}

/// The key a threshold is reported under: 1e-4, 3e-7.
pub fn threshold_key(p: f64) -> String {
    format!("{p:e}")
}

/// An instant as RFC 3339 with milliseconds.
pub fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// How the inspector names an object: "shell plane p of P, slot s of S" or "NAME (NORAD n)".
pub fn object_name(fleet: &Fleet, index: usize) -> String {
    match fleet.describe(index) {
        Some((group, place)) => match fleet.group_of(index) {
            Some(Group::Shell(_)) => format!("{group} {place}"),
            _ => place,
        },
        None => format!("object {index}"),
    }
}

/// A group's name.
fn group_name(fleet: &Fleet, g: Group) -> String {
    match g {
        Group::Shell(s) => fleet.shells[s].shell.spec.name.clone(),
        Group::Catalog(c) => fleet.catalogs[c].name.clone(),
    }
}

/// Ordered by miss, then TCA, for the heap of the closest.
#[derive(PartialEq)]
struct ByMiss(Event);
impl Eq for ByMiss {}
impl PartialOrd for ByMiss {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for ByMiss {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0
            .encounter
            .miss_km
            .total_cmp(&other.0.encounter.miss_km)
            .then(self.0.tca_s.total_cmp(&other.0.tca_s))
            .then(self.0.a.cmp(&other.0.a))
            .then(self.0.b.cmp(&other.0.b))
    }
}

#[derive(Default, Clone)]
struct Tally {
    events: u64,
    under_1km: u64,
    closest: Option<(f64, f64)>,
    manoeuvres: Vec<f64>,
}

impl Tally {
    fn add(&mut self, e: &Event) {
        self.events += 1;
        if e.encounter.miss_km < 1.0 {
            self.under_1km += 1;
        }
        let closer = self
            .closest
            .is_none_or(|(m, t)| (e.encounter.miss_km, e.tca_s) < (m, t));
        if closer {
            self.closest = Some((e.encounter.miss_km, e.tca_s));
        }
    }
}

/// Everything the report says, from a screening.
pub fn report(
    screening: &Screening,
    fleet: &Fleet,
    thresholds: &[f64],
    top: usize,
    with_best_phasing: bool,
) -> SafetyReport {
    report_seeing(screening, fleet, thresholds, top, with_best_phasing, |_| {})
}

/// The report, and every object's events a day (the viewer's colour mode),
/// in one pass over the events.
pub fn report_and_events_per_object_day(
    screening: &Screening,
    fleet: &Fleet,
    thresholds: &[f64],
    top: usize,
) -> (SafetyReport, Vec<f32>) {
    let mut counts = vec![0u32; screening.objects];
    let r = report_seeing(screening, fleet, thresholds, top, false, |e| {
        for i in [e.a, e.b] {
            if let Some(c) = counts.get_mut(i) {
                *c = c.saturating_add(1);
            }
        }
    });
    let days = (screening.span_s / DAY_S).max(1e-9);
    (
        r,
        counts.iter().map(|c| (*c as f64 / days) as f32).collect(),
    )
}

/// The report, with `seen` told of every event as it is tallied.
fn report_seeing(
    screening: &Screening,
    fleet: &Fleet,
    thresholds: &[f64],
    top: usize,
    with_best_phasing: bool,
    mut seen: impl FnMut(&Event),
) -> SafetyReport {
    let days = screening.span_s / DAY_S;
    let own_end = fleet.shell_satellites();
    let mut shells = vec![Tally::default(); fleet.shells.len()];
    let mut catalogs = vec![Tally::default(); fleet.catalogs.len()];
    let mut pairs: BTreeMap<(usize, usize), u64> = BTreeMap::new();
    let mut heap: BinaryHeap<ByMiss> = BinaryHeap::new();
    let (mut events, mut under_1km) = (0u64, 0u64);
    let mut fleet_manoeuvres = vec![0.0; thresholds.len()];
    // Groups in one index space: shells, then catalogues.
    let slot = |g: Group| match g {
        Group::Shell(s) => s,
        Group::Catalog(c) => fleet.shells.len() + c,
    };
    for t in &mut shells {
        t.manoeuvres = vec![0.0; thresholds.len()];
    }
    screening.for_each_event(|e| {
        seen(e);
        events += 1;
        if e.encounter.miss_km < 1.0 {
            under_1km += 1;
        }
        if top > 0 {
            if heap.len() < top {
                heap.push(ByMiss(*e));
            } else if heap.peek().is_some_and(|worst| ByMiss(*e) < *worst) {
                heap.pop();
                heap.push(ByMiss(*e));
            }
        }
        let (Some(ga), Some(gb)) = (fleet.group_of(e.a), fleet.group_of(e.b)) else {
            return;
        };
        for g in std::iter::once(ga).chain((ga != gb).then_some(gb)) {
            match g {
                Group::Shell(s) => shells[s].add(e),
                Group::Catalog(c) => catalogs[c].add(e),
            }
        }
        // One manoeuvre an event over a threshold, made by one of ours:
        // half each between two of ours, whole against a catalogue object,
        // none between two catalogue objects.
        let own = [(e.a, ga), (e.b, gb)].map(|(i, g)| (i < own_end).then_some(g));
        let own_count = own.iter().flatten().count();
        for (k, p) in thresholds.iter().enumerate() {
            if own_count == 0 || e.encounter.pc < *p {
                continue;
            }
            fleet_manoeuvres[k] += 1.0;
            for g in own.iter().flatten() {
                if let Group::Shell(s) = g {
                    shells[*s].manoeuvres[k] += 1.0 / own_count as f64;
                }
            }
        }
        let (sa, sb) = (slot(ga), slot(gb));
        *pairs.entry((sa.min(sb), sa.max(sb))).or_insert(0) += 1;
    });
    let when = |t: f64| rfc3339(at_offset(screening.from, t));
    let per_day = |n: u64| if days > 0.0 { n as f64 / days } else { 0.0 };
    let tracks: Vec<Option<&ShellTrack>> = (0..fleet.shells.len())
        .map(|s| screening.tracks.iter().find(|t| t.shell == s))
        .collect();
    let shells_out = fleet
        .shells
        .iter()
        .zip(&shells)
        .zip(&tracks)
        .map(|((fs, t), track)| {
            let n = fs.range.len() as u64;
            let best = if with_best_phasing {
                track.map(best_phasing)
            } else {
                None
            };
            ShellSafety {
                name: fs.shell.spec.name.clone(),
                satellites: n,
                events_per_day: per_day(t.events),
                under_1km_per_day: per_day(t.under_1km),
                closest_km: t.closest.map(|c| c.0),
                closest_at: t.closest.map(|c| when(c.1)),
                min_separation_km: track.map(|tr| min_separation_km(tr, None)),
                best_phasing: best.map(|b| b.0),
                best_min_separation_km: best.map(|b| b.1),
                manoeuvres_per_satellite_year: thresholds
                    .iter()
                    .enumerate()
                    .map(|(k, p)| {
                        let m = t.manoeuvres.get(k).copied().unwrap_or(0.0);
                        let rate = if days > 0.0 && n > 0 {
                            m / days * YEAR_DAYS / n as f64
                        } else {
                            0.0
                        };
                        (threshold_key(*p), rate)
                    })
                    .collect(),
            }
        })
        .collect();
    let catalogs_out = fleet
        .catalogs
        .iter()
        .zip(&catalogs)
        .map(|(c, t)| CatalogSafety {
            name: c.name.clone(),
            objects: c.range.len() as u64,
            events_per_day: per_day(t.events),
            under_1km_per_day: per_day(t.under_1km),
            closest_km: t.closest.map(|c| c.0),
            closest_at: t.closest.map(|c| when(c.1)),
        })
        .collect();
    let group_at = |i: usize| {
        if i < fleet.shells.len() {
            Group::Shell(i)
        } else {
            Group::Catalog(i - fleet.shells.len())
        }
    };
    let pairs_out = pairs
        .iter()
        .map(|((a, b), n)| PairSafety {
            a: group_name(fleet, group_at(*a)),
            b: group_name(fleet, group_at(*b)),
            events_per_day: per_day(*n),
        })
        .collect();
    let closest = heap
        .into_sorted_vec()
        .into_iter()
        .map(|ByMiss(e)| close_approach(screening, fleet, &e))
        .collect();
    SafetyReport {
        from: rfc3339(screening.from),
        to: rfc3339(at_offset(screening.from, screening.span_s)),
        objects: screening.objects,
        distance_km: screening.distance_km,
        events,
        events_under_1km: under_1km,
        shells: shells_out,
        catalogs: catalogs_out,
        pairs: pairs_out,
        fleet_manoeuvres_per_year: thresholds
            .iter()
            .zip(&fleet_manoeuvres)
            .map(|(p, m)| {
                (
                    threshold_key(*p),
                    if days > 0.0 {
                        m / days * YEAR_DAYS
                    } else {
                        0.0
                    },
                )
            })
            .collect(),
        closest,
    }
}

/// One event as the report lists it.
pub fn close_approach(screening: &Screening, fleet: &Fleet, e: &Event) -> CloseApproach {
    CloseApproach {
        a: object_name(fleet, e.a),
        b: object_name(fleet, e.b),
        a_index: e.a,
        b_index: e.b,
        tca: rfc3339(at_offset(screening.from, e.tca_s)),
        tca_s: e.tca_s,
        encounter: e.encounter,
        pos_a_km: e.pos_a_km,
    }
}

/// The report as text.
pub fn text(name: &str, r: &SafetyReport) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(s, "{name}: close approaches under {} km", r.distance_km);
    let _ = writeln!(s, "  from {} to {}, {} objects", r.from, r.to, r.objects);
    let _ = writeln!(
        s,
        "  {} events, {} under 1 km",
        group_digits(r.events),
        group_digits(r.events_under_1km)
    );
    for (k, m) in &r.fleet_manoeuvres_per_year {
        let _ = writeln!(s, "  fleet manoeuvres a year at Pc ≥ {k}: {m:.0}");
    }
    let keys: Vec<&String> = r
        .shells
        .first()
        .map(|sh| sh.manoeuvres_per_satellite_year.keys().collect())
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "\n  {:<16} {:>10} {:>10} {:>10} {:>10} {:>10}  manoeuvres/sat/yr at {}",
        "shell",
        "events/d",
        "<1km/d",
        "closest km",
        "design km",
        "best F",
        keys.iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(" / ")
    );
    for sh in &r.shells {
        let best = match (sh.best_phasing, sh.best_min_separation_km) {
            (Some(f), Some(d)) => format!("{f} ({d:.1})"),
            _ => "-".into(),
        };
        let _ = writeln!(
            s,
            "  {:<16} {:>10.1} {:>10.1} {:>10} {:>10} {:>10}  {}",
            sh.name,
            sh.events_per_day,
            sh.under_1km_per_day,
            sh.closest_km.map_or("-".into(), |c| format!("{c:.3}")),
            sh.min_separation_km
                .map_or("-".into(), |c| format!("{c:.1}")),
            best,
            sh.manoeuvres_per_satellite_year
                .values()
                .map(|v| format!("{v:.3}"))
                .collect::<Vec<_>>()
                .join(" / ")
        );
    }
    for c in &r.catalogs {
        let _ = writeln!(
            s,
            "  {:<16} {:>10.1} {:>10.1} {:>10}",
            c.name,
            c.events_per_day,
            c.under_1km_per_day,
            c.closest_km.map_or("-".into(), |c| format!("{c:.3}")),
        );
    }
    if !r.closest.is_empty() {
        let _ = writeln!(s, "\n  closest:");
        for c in &r.closest {
            let _ = writeln!(
                s,
                "  {}  {:>8.3} km (R {:+.3} I {:+.3} C {:+.3})  {:>6.2} km/s  Pc {:.1e}\n      {}  ×  {}",
                c.tca,
                c.encounter.miss_km,
                c.encounter.radial_km,
                c.encounter.in_track_km,
                c.encounter.cross_track_km,
                c.encounter.relative_speed_km_s,
                c.encounter.pc,
                c.a,
                c.b
            );
        }
    }
    s
}

fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}
