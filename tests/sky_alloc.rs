//! The sky counts allocate nothing per satellite: a million satellites at
//! an instant cost a few hundred allocations (the work items, a tally per
//! item, the per-shell results), counted by a global allocator that this
//! test binary installs.

use megaconstellation::constellation::Constellation;
use megaconstellation::propagation::Fleet;
use megaconstellation::sky::{Field, SkyQuery, parse_site, sky_at};
use megaconstellation::time::parse_instant;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on unchanged to the system allocator; the
// counter is the only addition.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's guarantees for `layout` are the system allocator's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above, that is from the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn a_million_satellites_cost_a_few_hundred_allocations() {
    let fleet = Fleet::new(&Constellation::from_preset("odc-1m").expect("preset")).expect("fleet");
    let at = parse_instant("2026-03-20T23:48:41Z").expect("time");
    let mut query = SkyQuery {
        site: parse_site("Cerro Paranal").expect("site"),
        extinction: 0.2,
        standard_magnitude: 6.4,
        field: None,
    };
    // Once to start rayon's threads.
    let warm = sky_at(&fleet, &query, at);
    assert!(warm.tally.sunlit_above_horizon > 100_000);
    for field in [
        None,
        Some(Field {
            azimuth_deg: 270.0,
            elevation_deg: 40.0,
            diameter_deg: 2.0,
            exposure_s: 60.0,
        }),
    ] {
        query.field = field;
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        let sky = sky_at(&fleet, &query, at);
        let allocations = ALLOCATIONS.load(Ordering::Relaxed) - before;
        eprintln!(
            "{} satellites, field {:?}: {allocations} allocations, {} trails",
            fleet.len(),
            field.is_some(),
            sky.tally.trails
        );
        assert!(allocations < 2_000, "{allocations} allocations");
    }
}
