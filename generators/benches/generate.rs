//! Generation alone (no Parquet): rows/s and raw MB/s per core per source, with and without
//! the Arrow conversion. `cargo bench -p lakeproof-generators`; criterion reports throughput in
//! raw bytes. The end-to-end number into Iceberg is `lakeproof bench generate --lake DIR`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use lakeproof_generators::scenario::Scenario;
use lakeproof_generators::{Generator, Part, SourceKind, Want};
use std::path::Path;

const SCENARIO: &str = r#"
name = "bench"
start = "2026-11-02T12:00:00Z"
end = "2026-11-02T14:00:00Z"
volume_per_day = "40 GB"
"#;

fn bench(c: &mut Criterion) {
    let g = Generator::new(Scenario::parse(SCENARIO, Path::new("bench.toml")).unwrap(), 1);
    for source in SourceKind::BUILTIN {
        // One full-size block from the middle of the working day.
        let units = g.units(source, Part::WHOLE, None);
        let unit = units.iter().max_by_key(|u| u.events).copied().unwrap();
        let sample = g.generate(&unit, Want::default());
        let mut group = c.benchmark_group(source.name());
        group.throughput(Throughput::Bytes(sample.raw_bytes));
        group.sample_size(20);
        group.bench_function(format!("raw ({} rows)", sample.rows), |b| {
            b.iter(|| g.generate(&unit, Want::default()).raw_bytes)
        });
        group.bench_function(format!("raw+arrow ({} rows)", sample.rows), |b| {
            b.iter(|| g.generate(&unit, Want { raw: false, arrow: true }).rows)
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
