//! The sky at one instant, counted in one parallel pass over the fleet's
//! work items ([`super::pass`]), and the same counts the slow way, every
//! satellite through the scalar path, which the pass is tested against.

use super::pass::{count_range, mover};
use super::query::SkyQuery;
use super::tally::{GroupSky, SkyAt, SkyConditions, SkyTally};
use crate::propagation::{Fleet, Group};
use chrono::{DateTime, Utc};

/// The sky of `query` over `fleet` at `at`: every satellite, in parallel.
pub fn sky_at(fleet: &Fleet, query: &SkyQuery, at: DateTime<Utc>) -> SkyAt {
    let conditions = SkyConditions::new(query, at);
    let items = fleet.work_items();
    let parts = crate::parallel::map_collect(&items, |(group, range)| {
        count_range(fleet, &conditions, *group, range.clone())
    });
    assemble(fleet, &conditions, items.iter().map(|(g, _)| *g).zip(parts))
}

/// The same counts the slow way: every satellite through the scalar
/// propagation, the exact shadow and [`SkyConditions::add_satellite`].
pub fn sky_at_scalar(fleet: &Fleet, query: &SkyQuery, at: DateTime<Utc>) -> SkyAt {
    let conditions = SkyConditions::new(query, at);
    let mut parts = Vec::new();
    for i in 0..fleet.len() {
        let (Some(fix), Some(group)) = (fleet.propagate_one(i, at), fleet.group_of(i)) else {
            continue;
        };
        let mut tally = SkyTally::default();
        if let Some(state) = fix.state()
            && conditions.add_satellite(state, &mut tally)
            && let Some(field) = &conditions.field
            && field.crosses(&mover(fleet, group, i, at))
        {
            tally.trails += 1;
        }
        parts.push((group, tally));
    }
    assemble(fleet, &conditions, parts.into_iter())
}

/// The brightest satellite in the sky of `query` at `at` (sunlit, above the
/// horizon): its fleet index and magnitude, by the scalar rule of
/// [`SkyConditions::add_satellite`]; none when no satellite is sunlit above
/// the horizon. Every satellite is propagated: for a click, not every frame.
pub fn brightest_at(fleet: &Fleet, query: &SkyQuery, at: DateTime<Utc>) -> Option<(usize, f64)> {
    let conditions = SkyConditions::new(
        &SkyQuery {
            field: None,
            ..query.clone()
        },
        at,
    );
    fleet
        .propagate(at)
        .iter()
        .enumerate()
        .filter_map(|(i, fix)| {
            let mut tally = SkyTally::default();
            conditions.add_satellite(fix.state()?, &mut tally);
            Some((i, tally.brightest()?))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

/// Sums per-item tallies into per-group and total counts.
fn assemble(
    fleet: &Fleet,
    conditions: &SkyConditions,
    parts: impl Iterator<Item = (Group, SkyTally)>,
) -> SkyAt {
    let mut groups: Vec<GroupSky> = crate::totals::group_list(fleet)
        .into_iter()
        .map(|(name, group, _)| GroupSky {
            name,
            group,
            tally: SkyTally::default(),
        })
        .collect();
    for (group, tally) in parts {
        groups[crate::totals::group_slot(fleet, group)]
            .tally
            .add(&tally);
    }
    let mut tally = SkyTally::default();
    for g in &groups {
        tally.add(&g.tally);
    }
    SkyAt {
        at: conditions.at,
        sun_altitude_deg: conditions.sun_altitude_rad.to_degrees(),
        tally,
        groups,
    }
}
