//! What the GPU draws of the close approaches: a marker at each kept
//! event's TCA position (a small cross on screen around a point fixed in
//! TEME, coloured by miss distance: the line set the links use), and each
//! drawn satellite's colour by its events a day, for the colour mode "close
//! approaches". Both are made with the result, off the frame (O(kept
//! events) and O(drawn satellites)); the frame only swaps them in.

use crate::safety::summary::CloseApproach;
use crate::viewer::links::lines::GpuLink;
use crate::viewer::scene::fleet::GpuFleet;
use bevy::prelude::*;
use bevy::render::extract_resource::ExtractResource;
use std::sync::Arc;

/// Half the length of a marker's lines, px: a cross of the same size at
/// every distance (the GPU draws it on screen around the TCA position).
pub const MARKER_HALF_PX: f32 = 4.0;

/// The markers' colour bins by miss distance: (upper bound km, label, RGBA).
pub const MISS_BINS: [(f64, &str, [f32; 4]); 4] = [
    (0.1, "under 100 m", [1.0, 0.1, 0.1, 1.0]),
    (0.5, "100–500 m", [1.0, 0.5, 0.05, 1.0]),
    (1.0, "500 m–1 km", [1.0, 0.9, 0.2, 1.0]),
    (
        f64::INFINITY,
        "1 km to the threshold",
        [0.45, 0.65, 1.0, 0.7],
    ),
];

/// The colour of a marker for a miss distance.
pub fn miss_colour(miss_km: f64) -> [f32; 4] {
    MISS_BINS
        .iter()
        .find(|(top, ..)| miss_km < *top)
        .map_or(MISS_BINS[3].2, |b| b.2)
}

/// The colour mode's bins by events a day: (upper bound, label, sRGB).
pub const EVENT_BINS: [(f32, &str, [u8; 3]); 5] = [
    (f32::MIN_POSITIVE, "none", [70, 80, 100]),
    (10.0, "under 10 a day", [60, 140, 255]),
    (100.0, "10–100 a day", [80, 230, 120]),
    (1000.0, "100–1,000 a day", [255, 200, 40]),
    (f32::INFINITY, "1,000 or more a day", [255, 60, 40]),
];

/// A satellite's colour (sRGB, alpha unused) for its events a day.
pub fn events_colour(per_day: f32) -> [u8; 4] {
    let c = EVENT_BINS
        .iter()
        .find(|(top, ..)| per_day < *top)
        .map_or(EVENT_BINS[4].2, |b| b.2);
    [c[0], c[1], c[2], 255]
}

/// The markers and colours for the renderer.
#[derive(Resource, Clone, Default, ExtractResource)]
pub struct SafetyMarks {
    /// The markers' lines (TEME-fixed ends, w = 2), a new `Arc` on change.
    pub lines: Arc<Vec<GpuLink>>,
    /// One colour a drawn satellite, in the instance order of `for_fleet`
    /// (empty: no colours).
    pub colours: Arc<Vec<[u8; 4]>>,
    /// The drawn fleet the colours are for.
    pub for_fleet: Option<Arc<GpuFleet>>,
    /// Which result they were made from (its address) and whether markers were wanted.
    pub made_from: Option<(usize, bool)>,
}

/// The markers of events: each at its TCA position, coloured by its miss.
pub fn marker_lines(events: &[CloseApproach]) -> Vec<GpuLink> {
    let mut lines = Vec::with_capacity(events.len() * 2);
    // The farthest first, so that the closest are drawn over them.
    for e in events.iter().rev() {
        let p = e.pos_a_km;
        let at = [p[0] as f32, p[1] as f32, p[2] as f32, 2.0];
        let colour = miss_colour(e.encounter.miss_km);
        for across in [[1.0, 0.0], [0.0, 1.0]] {
            lines.push(GpuLink {
                a: at,
                b: at,
                colour,
                style: [0.0, MARKER_HALF_PX, across[0], across[1]],
            });
        }
    }
    lines
}

/// Every drawn satellite's colour by its events a day (by fleet index).
pub fn satellite_colours(events_per_day: &[f32], gpu: &GpuFleet) -> Vec<[u8; 4]> {
    gpu.fleet_index
        .iter()
        .map(|&i| events_colour(events_per_day.get(i as usize).copied().unwrap_or(0.0)))
        .collect()
}
