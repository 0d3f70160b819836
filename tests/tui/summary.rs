//! Resumen (F6): the day at a glance, the same figures as `saludya report day`.

use crate::harness::*;
use saludya::domain::report::day;

fn summary_screen(app: &App) -> &saludya::tui::screens::summary::State {
    match app.screen() {
        Screen::Summary(s) => s,
        _ => panic!("not on the summary screen"),
    }
}

/// Today with Ana (paid in cash) and José (booked) at cardiology, on the Summary tab; with
/// `no_show`, two hours later José did not come.
fn summary_with_data(lang: Lang, no_show: bool) -> App {
    let mut app = today_with_two(lang);
    if no_show {
        jose_did_not_come(&mut app);
    }
    press(&mut app, KeyCode::F(6));
    assert!(matches!(app.screen(), Screen::Summary(_)), "{:?}", app.desk.flash);
    app
}

/// Another desk marks José's appointment as a no-show (its clock two hours on).
fn jose_did_not_come(app: &mut App) {
    let jose = appointments::list_appointments(&app.desk.conn, &AppointmentFilter::default())
        .unwrap()
        .into_iter()
        .find(|a| a.patient_dni == "10203040")
        .unwrap();
    saludya::db::write(&app.desk.conn, |tx| {
        appointments::no_show(tx, &jose.id, None, now() + Duration::hours(2)).map_err(Into::into)
    })
    .unwrap();
}

#[test]
fn f6_shows_the_same_figures_as_report_day() {
    let app = summary_with_data(Lang::Es, false);
    let st = summary_screen(&app);
    let today = app.desk.local_now().date();
    assert_eq!(st.date, today);
    let model = day::day_summary(&app.desk.conn, today, &app.desk.settings).unwrap();
    assert_eq!(
        st.summary.as_ref(),
        Some(&model),
        "the screen draws the read model as it is"
    );
    assert_eq!(model.totals.booked, 2);
    assert_eq!(model.totals.paid, 1);
    let first = st.doctors()[0];
    assert_eq!(first.doctor_name, "Fernando José Salinas Pacheco");
    assert_eq!(first.counts.booked, 2, "doctors with appointments come first");
    let close =
        saludya::domain::payments::cash_close(&app.desk.conn, today, app.desk.settings.time_zone, "PEN")
            .unwrap();
    assert_eq!(model.takings, close);
    assert_eq!(
        close.net_cents.0,
        first.counts.paid * 25000,
        "one cardiology visit paid"
    );
}

#[test]
fn the_day_changes_with_the_arrows_and_ctrl_t_comes_back() {
    let mut app = summary_with_data(Lang::Es, false);
    let today = app.desk.local_now().date();
    press(&mut app, KeyCode::Right);
    assert_eq!(summary_screen(&app).date, today + Duration::days(1));
    assert_eq!(summary_screen(&app).summary.as_ref().unwrap().totals.booked, 0);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Left);
    assert_eq!(summary_screen(&app).date, today - Duration::days(1));
    ctrl(&mut app, 't');
    assert_eq!(summary_screen(&app).date, today);
    // ↓ brings more doctors into view; letters do nothing.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    assert_eq!(summary_screen(&app).offset, 2);
    press(&mut app, KeyCode::Home);
    assert_eq!(summary_screen(&app).offset, 0);
    type_text(&mut app, "q");
    assert!(matches!(app.screen(), Screen::Summary(_)));
    assert_eq!(summary_screen(&app).offset, 0);
}

#[test]
fn another_desks_no_show_shows_on_refresh() {
    let mut app = summary_with_data(Lang::Es, false);
    assert_eq!(summary_screen(&app).summary.as_ref().unwrap().totals.no_show, 0);
    jose_did_not_come(&mut app);
    advance(&mut app, Duration::seconds(10));
    app.update(Action::Tick);
    let st = summary_screen(&app);
    assert_eq!(st.summary.as_ref().unwrap().totals.no_show, 1);
    assert_eq!(
        st.summary.as_ref().unwrap().no_show_rate.last().unwrap().no_show,
        1
    );
}

#[test]
fn summary_screens_in_both_languages() {
    for (lang, code) in [(Lang::Es, "es"), (Lang::En, "en")] {
        let app = summary_with_data(lang, true);
        for (w, h) in [(80, 24), (100, 30), (120, 40)] {
            insta::assert_snapshot!(format!("summary_{code}_{w}x{h}"), screen(&app, w, h));
        }
    }
}

#[test]
fn an_empty_day() {
    let mut app = logged_in(Lang::Es);
    press(&mut app, KeyCode::F(6));
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Left);
    insta::assert_snapshot!("summary_empty_saturday_80x24", screen(&app, 80, 24));
    press(&mut app, KeyCode::Right);
    insta::assert_snapshot!("summary_sunday_80x24", screen(&app, 80, 24));
}
