//! Symptom orientation: time per complaint (goal: p99 under 1 ms) and engine load time
//! (goal: under 10 ms), over the complaints of the evaluation sets under tests/data.
//! Run: `cargo bench --bench orientation`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use saludya::domain::orientation::{Engine, Query, SPECIALTIES};

const SETS: [&str; 3] = [
    include_str!("../tests/data/orientation_extra.csv"),
    include_str!("../tests/data/orientation_fresh.csv"),
    include_str!("../tests/data/orientation_own1.csv"),
];

fn complaints() -> Vec<String> {
    let mut out = Vec::new();
    for src in SETS {
        let mut rd = csv::Reader::from_reader(src.as_bytes());
        let headers = rd.headers().cloned().unwrap_or_default();
        let Some(col) = headers.iter().position(|h| h == "text") else {
            continue;
        };
        for rec in rd.records().flatten() {
            if let Some(t) = rec.get(col) {
                out.push(t.to_string());
            }
        }
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or_default()
}

fn orientation(c: &mut Criterion) {
    let texts = complaints();
    assert!(texts.len() > 100, "evaluation sets not found");
    let engine = Engine::load();

    // p50 / p99 / max per complaint, measured directly (criterion reports means)
    let mut times = Vec::with_capacity(texts.len() * 20);
    for _ in 0..20 {
        for t in &texts {
            let q = Query {
                text: t,
                age: None,
                sex: None,
            };
            let start = Instant::now();
            black_box(engine.orient(black_box(&q), &SPECIALTIES));
            times.push(start.elapsed());
        }
    }
    times.sort_unstable();
    eprintln!(
        "orient: {} complaints x 20: p50 {:?}, p99 {:?}, max {:?}",
        texts.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times.last().copied().unwrap_or_default()
    );
    let mut loads: Vec<Duration> = (0..20)
        .map(|_| {
            let start = Instant::now();
            black_box(Engine::load());
            start.elapsed()
        })
        .collect();
    loads.sort_unstable();
    eprintln!(
        "load: p50 {:?}, max {:?}",
        percentile(&loads, 0.5),
        loads.last().copied().unwrap_or_default()
    );

    let mut g = c.benchmark_group("orientation");
    g.measurement_time(Duration::from_secs(3)).sample_size(20);
    g.bench_function("load_engine", |b| b.iter(|| black_box(Engine::load())));
    g.bench_function(format!("orient_all_{}_complaints", texts.len()), |b| {
        b.iter(|| {
            for t in &texts {
                let q = Query {
                    text: t,
                    age: None,
                    sex: None,
                };
                black_box(engine.orient(black_box(&q), &SPECIALTIES));
            }
        })
    });
    g.bench_function("orient_one_long_complaint", |b| {
        let long = texts.iter().max_by_key(|t| t.len()).cloned().unwrap_or_default();
        let q = Query {
            text: &long,
            age: None,
            sex: None,
        };
        b.iter(|| black_box(engine.orient(black_box(&q), &SPECIALTIES)))
    });
    g.finish();
}

criterion_group!(benches, orientation);
criterion_main!(benches);
