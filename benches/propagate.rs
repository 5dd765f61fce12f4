//! Propagating all of `odc-1m` once: the fleet's shell path against the
//! sgp4 crate per satellite, in the same run, on all threads.
//!
//! `cargo bench --no-default-features --bench propagate`

use criterion::{Criterion, criterion_main};
use megaconstellation::constellation::Constellation;
use megaconstellation::propagation::Fleet;
use megaconstellation::time::{minutes_between, parse_instant};
use megaconstellation::totals::fleet_totals;
use rayon::prelude::*;
use std::hint::black_box;

fn odc_1m(c: &mut Criterion) {
    let constellation = Constellation::from_preset("odc-1m").expect("preset");
    let fleet = Fleet::new(&constellation).expect("fleet");
    let at = parse_instant("2026-03-01T00:00:00Z").expect("time");
    // The crate's way: one `Constants` (488 bytes) per satellite.
    let per_satellite: Vec<(sgp4::Constants, f64)> = fleet
        .shells
        .iter()
        .flat_map(|s| {
            let t = minutes_between(s.shell.epoch, at);
            s.range.clone().map(move |i| (s, i, t))
        })
        .map(|(s, i, t)| {
            let (node, anomaly) = fleet.shell_phase(i);
            (s.shell.orbit.crate_constants(node, anomaly), t)
        })
        .collect();
    eprintln!(
        "odc-1m: {} satellites; per-satellite state {} bytes (fleet) vs {} bytes (sgp4::Constants)",
        fleet.len(),
        megaconstellation::propagation::fleet::BYTES_PER_SHELL_SATELLITE,
        std::mem::size_of::<sgp4::Constants>()
    );
    let mut group = c.benchmark_group("odc-1m propagate once");
    group.sample_size(10);
    group.bench_function("fleet shell path", |b| {
        b.iter(|| black_box(fleet.propagate(at)))
    });
    group.bench_function("sgp4 crate per satellite", |b| {
        b.iter(|| {
            let out: Vec<_> = per_satellite
                .par_iter()
                .map(|(k, t)| k.propagate(sgp4::MinutesSinceEpoch(*t)).ok())
                .collect();
            black_box(out)
        })
    });
    group.bench_function("fleet totals (propagate + shadow + power)", |b| {
        b.iter(|| {
            black_box(fleet_totals(
                &fleet,
                &constellation.spec.satellite,
                &constellation.spec.fleet,
                at,
            ))
        })
    });
    group.finish();
}

// The macros define undocumented public functions.
#[allow(missing_docs)]
mod entry {
    criterion::criterion_group!(benches, super::odc_1m);
}
criterion_main!(entry::benches);
