//! The reception desk's speed at volume: 100k patients and 10k appointments in the database.
//! - frame render time at 120×40 (goal under 2 ms) for every screen of the counter flow and
//!   Today (time-ordered and grouped by doctor);
//! - keystroke → updated results in the patient search (goal under 16 ms: one frame at 60 Hz),
//!   timed from the key press to the redrawn frame.
//!
//! Run: `cargo bench --bench tui`.

use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use saludya::clock::Clock;
use saludya::demo::SampleGen;
use saludya::domain::auth::{self, NewStaff, Role};
use saludya::domain::catalog::settings::Settings;
use saludya::i18n::Lang;
use saludya::tui::{App, Session, render};

const PATIENTS: usize = 100_000;
const APPOINTMENTS: usize = 10_000;
const PASSWORD: &str = "girasol-montaña-cuaderno-rojo";

fn now() -> DateTime<Utc> {
    "2026-03-02T14:00:00Z".parse().unwrap()
}

/// A logged-in desk over a file database with the volume above.
fn desk(dir: &std::path::Path) -> App {
    let conn = saludya::db::create(&dir.join("bench.db")).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let started = Instant::now();
    saludya::db::write(&conn, |tx| {
        saludya::domain::catalog::fixtures::load(tx, now())?;
        let new = NewStaff::new("rosa@clinica.pe", "Rosa Quispe", Role::Receptionist)?;
        auth::create_staff(tx, &new, PASSWORD, None, now())?;
        Ok(())
    })
    .unwrap();
    saludya::demo::add_samples(&conn, &mut SampleGen::new(2026, today), PATIENTS, None, now()).unwrap();
    let settings = Settings::default();
    saludya::demo::volume::fill(
        &conn,
        APPOINTMENTS,
        7,
        None,
        now(),
        settings.time_zone,
        &settings.currency,
    )
    .unwrap();
    eprintln!(
        "seeded {PATIENTS} patients and {APPOINTMENTS} appointments in {:?}",
        started.elapsed()
    );
    let out = auth::login(&conn, "rosa@clinica.pe", PASSWORD, now(), 12).unwrap();
    let session = Session {
        staff: out.staff,
        token: out.token,
    };
    App::logged_in(conn, settings, Clock::Fixed(now()), Lang::Es, session)
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut app = desk(dir.path());
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();

    let mut g = c.benchmark_group("tui_render_120x40");
    g.measurement_time(Duration::from_secs(3)).sample_size(50);
    // The landing screen: patient search with a full page of results.
    type_text(&mut app, "garc");
    g.bench_function("patients_search_results", |b| {
        b.iter(|| {
            term.draw(|f| render(&app, f)).unwrap();
        })
    });
    // The new-patient form.
    app.handle_key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL));
    g.bench_function("patient_form", |b| {
        b.iter(|| {
            term.draw(|f| render(&app, f)).unwrap();
        })
    });
    press(&mut app, KeyCode::Esc);
    // Orientation: the form with a long complaint, then the result.
    press(&mut app, KeyCode::Enter);
    type_text(
        &mut app,
        "tengo manchas en la piel que me pican hace dos semanas y a veces me arden cuando salgo al sol",
    );
    g.bench_function("orientation_form", |b| {
        b.iter(|| {
            term.draw(|f| render(&app, f)).unwrap();
        })
    });
    press(&mut app, KeyCode::Enter);
    g.bench_function("orientation_result", |b| {
        b.iter(|| {
            term.draw(|f| render(&app, f)).unwrap();
        })
    });
    // Today: the day's agenda per doctor.
    press(&mut app, KeyCode::F(2));
    let busiest = (0..60)
        .map(|_| {
            press(&mut app, KeyCode::Left);
            match app.screen() {
                saludya::tui::screens::Screen::Today(t) => t.appointments.len(),
                _ => 0,
            }
        })
        .max()
        .unwrap_or(0);
    app.handle_key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL));
    eprintln!("busiest day of the last 60: {busiest} appointments");
    g.bench_function("today_agenda", |b| {
        b.iter(|| {
            term.draw(|f| render(&app, f)).unwrap();
        })
    });
    app.handle_key(KeyEvent::new(KeyCode::Char('g'), KeyModifiers::CONTROL));
    g.bench_function("today_grouped_by_doctor", |b| {
        b.iter(|| {
            term.draw(|f| render(&app, f)).unwrap();
        })
    });
    app.handle_key(KeyEvent::new(KeyCode::Char('g'), KeyModifiers::CONTROL));
    press(&mut app, KeyCode::Enter);
    g.bench_function("today_action_menu", |b| {
        b.iter(|| {
            term.draw(|f| render(&app, f)).unwrap();
        })
    });
    press(&mut app, KeyCode::Esc);
    // Booking: the doctors of a specialty with their next free slot.
    press(&mut app, KeyCode::F(5));
    type_text(&mut app, "medicina");
    press(&mut app, KeyCode::Enter);
    g.bench_function("booking_doctors", |b| {
        b.iter(|| {
            term.draw(|f| render(&app, f)).unwrap();
        })
    });
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    g.bench_function("booking_slots", |b| {
        b.iter(|| {
            term.draw(|f| render(&app, f)).unwrap();
        })
    });
    press(&mut app, KeyCode::Enter);
    g.bench_function("booking_confirm", |b| {
        b.iter(|| {
            term.draw(|f| render(&app, f)).unwrap();
        })
    });
    press(&mut app, KeyCode::Enter);
    g.bench_function("payment_methods", |b| {
        b.iter(|| {
            term.draw(|f| render(&app, f)).unwrap();
        })
    });
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    g.bench_function("payment_receipt", |b| {
        b.iter(|| {
            term.draw(|f| render(&app, f)).unwrap();
        })
    });
    g.finish();

    // Keystroke → search → redrawn frame, on the patients screen.
    let mut g = c.benchmark_group("tui_keystroke_patient_search_100k");
    g.measurement_time(Duration::from_secs(3)).sample_size(30);
    press(&mut app, KeyCode::F(3));
    for (name, typed, next) in [
        ("name_garci_to_garcia", "garci", 'a'),
        ("dni_4512_to_45123", "4512", '3'),
        ("two_words_garcia_a_to_an", "garcia a", 'n'),
        ("one_letter_m", "", 'm'),
    ] {
        press(&mut app, KeyCode::Esc); // clears the search
        type_text(&mut app, typed);
        g.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let t = Instant::now();
                    press(&mut app, KeyCode::Char(next));
                    term.draw(|f| render(&app, f)).unwrap();
                    total += t.elapsed();
                    // Untimed: back to the query before the key.
                    press(&mut app, KeyCode::Backspace);
                }
                total
            })
        });
    }
    g.finish();
}

criterion_group!(tui, benches);
criterion_main!(tui);
