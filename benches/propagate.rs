//! Propagating all of `odc-1m` once, in the same run: the batched kernel and
//! the sgp4 crate per satellite, one thread and all threads; and the fused
//! totals pass; and the `sky` counts at one instant (Cerro Paranal, an hour
//! after sunset on the March equinox).
//!
//! `cargo bench --no-default-features --bench propagate`

use criterion::{Criterion, criterion_main};
use megaconstellation::bench::BenchData;
use megaconstellation::constellation::Constellation;
use megaconstellation::time::parse_instant;
use megaconstellation::totals::fleet_totals;
use std::hint::black_box;

fn odc_1m(c: &mut Criterion) {
    let constellation = Constellation::from_preset("odc-1m").expect("preset");
    let at = parse_instant("2026-03-01T00:00:00Z").expect("time");
    let mut data = BenchData::new(&constellation, at).expect("data");
    eprintln!(
        "odc-1m: {} satellites; per-satellite state {} bytes (fleet) vs {} bytes (sgp4::Constants); kernel in {}",
        data.fleet.len(),
        data.fleet.shell_state_bytes() / data.fleet.shell_satellites(),
        std::mem::size_of::<sgp4::Constants>(),
        megaconstellation::propagation::kernel::instruction_set(),
    );
    let mut group = c.benchmark_group("odc-1m propagate once");
    group.sample_size(10);
    group.bench_function("kernel, 1 thread", |b| b.iter(|| data.kernel_1t()));
    group.bench_function("sgp4 crate, 1 thread", |b| b.iter(|| data.crate_1t()));
    group.bench_function("kernel, all threads", |b| {
        b.iter(|| black_box(data.kernel_all()))
    });
    group.bench_function("sgp4 crate, all threads", |b| b.iter(|| data.crate_all()));
    group.bench_function(
        "fused totals (propagate + shadow + power), all threads",
        |b| {
            b.iter(|| {
                black_box(fleet_totals(
                    &data.fleet,
                    &constellation.spec.satellite,
                    &constellation.spec.fleet,
                    at,
                ))
            })
        },
    );
    let sky = megaconstellation::bench::SkyBench::new(&constellation);
    group.bench_function("sky counts at one instant, all threads", |b| {
        b.iter(|| {
            black_box(megaconstellation::sky::sky_at(
                &data.fleet,
                &sky.query,
                sky.one,
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
