//! Patient search at 100k patients (goal: under 5 ms) and one argon2id hash.
//! Run: `cargo bench --bench patients`.

use std::hint::black_box;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use saludya::demo::SampleGen;
use saludya::domain::auth::password;
use saludya::domain::patients;

const PATIENTS: usize = 100_000;

fn search(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let conn = saludya::db::create(&dir.path().join("bench.db")).unwrap();
    let now: DateTime<Utc> = "2026-03-02T14:00:00Z".parse().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let started = std::time::Instant::now();
    saludya::demo::add_samples(&conn, &mut SampleGen::new(2026, today), PATIENTS, None, now).unwrap();
    eprintln!("generated {PATIENTS} sample patients in {:?}", started.elapsed());
    let a_dni = patients::list(&conn, 100, 50_000)
        .unwrap()
        .into_iter()
        .find(|p| p.doc_type == patients::DocType::Dni)
        .unwrap()
        .doc_number;

    let mut g = c.benchmark_group("patients_100k");
    g.measurement_time(Duration::from_secs(3)).sample_size(20);
    for (name, query) in [
        ("search_dni_prefix_4512", "4512"),
        ("search_full_dni", a_dni.as_str()),
        ("search_name_prefix_garc", "garc"),
        ("search_two_words_garcia_ana", "garcia ana"),
        ("search_two_prefixes_qui_ros", "qui ros"),
        ("search_one_letter_m_worst_case", "m"),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| patients::search(&conn, black_box(query), 20).unwrap())
        });
    }
    g.bench_function("resolve_patient_by_dni", |b| {
        b.iter(|| patients::resolve_patient(&conn, black_box(&a_dni)).unwrap())
    });
    g.finish();
}

fn hashing(c: &mut Criterion) {
    let mut g = c.benchmark_group("auth");
    g.measurement_time(Duration::from_secs(3)).sample_size(10);
    g.bench_function("argon2id_hash_owasp", |b| {
        b.iter(|| password::hash(black_box("tortuga-lluvia-mercado-azul")).unwrap())
    });
    g.finish();
}

criterion_group!(benches, search, hashing);
criterion_main!(benches);
