//! Recurring visits in the TUI: the repeat option of the booking confirmation (checked, with
//! every conflict and its alternative, before it books), and "this one only" / "this one and the
//! following ones" on Today's cancel and reschedule.

use crate::harness::*;
use saludya::domain::appointments::{Repeat, SeriesRequest};
use saludya::tui::screens::today::{Act, Mode};

/// At cardiology's earliest slot (Monday 2 March 09:00, Fernando Salinas), on the confirmation,
/// with the repeat turned to weekly and the count to `count`.
fn confirming_weekly(lang: Lang, count: u32) -> App {
    let mut app = at_cardiology(lang);
    press(&mut app, KeyCode::Enter);
    assert_eq!(booking_screen(&app).step, Step::Confirm);
    press(&mut app, KeyCode::Right);
    assert_eq!(booking_screen(&app).repeat, Some(Repeat::Weekly));
    press(&mut app, KeyCode::Down);
    let now = booking_screen(&app).count;
    for _ in now..count {
        press(&mut app, KeyCode::Right);
    }
    for _ in count..now {
        press(&mut app, KeyCode::Left);
    }
    assert_eq!(booking_screen(&app).count, count);
    app
}

fn all(app: &App) -> Vec<appointments::Appointment> {
    appointments::list_appointments(&app.desk.conn, &AppointmentFilter::default()).unwrap()
}

#[test]
fn a_weekly_series_is_checked_then_booked_whole() {
    let mut app = confirming_weekly(Lang::Es, 6);
    let start = booking_screen(&app).chosen.clone().unwrap();
    insta::assert_snapshot!("series_options_80x24", screen(&app, 80, 24));
    // The first Enter checks, and books nothing yet.
    press(&mut app, KeyCode::Enter);
    assert!(all(&app).is_empty());
    let plan = booking_screen(&app).plan.clone().unwrap();
    assert!(plan.conflicts().is_empty());
    assert_eq!(plan.occurrences.len(), 6);
    insta::assert_snapshot!("series_free_80x24", screen(&app, 80, 24));
    insta::assert_snapshot!("series_free_120x40", screen(&app, 120, 40));
    press(&mut app, KeyCode::Enter);
    let booked = all(&app);
    assert_eq!(booked.len(), 6, "{:?}", app.desk.flash);
    for (k, a) in booked.iter().enumerate() {
        let place = a.series.as_ref().unwrap();
        assert_eq!(place.series, format!("{}/6", k + 1));
        assert_eq!(a.doctor_id, start.doctor_id);
        assert_eq!(a.start.hm(), start.start.hm());
        assert_eq!(a.status, Status::Booked);
        assert_eq!(a.start.naive() - start.start.naive(), Duration::weeks(k as i64));
    }
    // Then today's is paid, as after any booking.
    assert!(matches!(app.screen(), Screen::Payment(_)));
    assert!(app.desk.flash.as_ref().unwrap().text.contains("Serie de 6 citas"));
}

/// Another desk takes the third Monday; a time off covers the fifth. The check lists both with
/// their alternatives, Enter books nothing while they are there, and changing the count to
/// leave them out books the rest.
#[test]
fn conflicts_are_shown_with_alternatives_before_anything_is_booked() {
    for lang in [Lang::Es, Lang::En] {
        let mut app = confirming_weekly(lang, 6);
        let slot = booking_screen(&app).chosen.clone().unwrap();
        let third = WallTime::new(slot.start.naive() + Duration::weeks(2));
        other_desk_books(&mut app, &slot.doctor_id, &third);
        let fifth = slot.start.naive() + Duration::weeks(4);
        saludya::db::write(&app.desk.conn, |tx| {
            let day = fifth.date().and_hms_opt(0, 0, 0).unwrap();
            let off = saludya::domain::catalog::NewTimeOff::new(
                &slot.doctor_id,
                day,
                day + Duration::days(1),
                "Congreso",
            )?;
            saludya::domain::catalog::add_time_off(tx, &off, None, now())
        })
        .unwrap();
        let booked_before = all(&app).len();
        press(&mut app, KeyCode::Enter);
        let conflicts = booking_screen(&app).plan.as_ref().unwrap().conflicts();
        assert_eq!(conflicts.iter().map(|c| c.position).collect::<Vec<_>>(), [3, 5]);
        assert!(conflicts.iter().all(|c| c.alternative.is_some()));
        let name = if lang == Lang::Es { "es" } else { "en" };
        insta::assert_snapshot!(format!("series_conflicts_{name}_80x24"), screen(&app, 80, 24));
        insta::assert_snapshot!(format!("series_conflicts_{name}_100x30"), screen(&app, 100, 30));
        // Enter again checks again: still in the way, nothing booked.
        press(&mut app, KeyCode::Enter);
        assert_eq!(all(&app).len(), booked_before);
        // Two appointments: both free.
        for _ in 0..4 {
            press(&mut app, KeyCode::Left);
        }
        assert_eq!(booking_screen(&app).count, 2);
        assert!(booking_screen(&app).plan.is_none(), "a change clears the check");
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Enter);
        assert_eq!(all(&app).len(), booked_before + 2, "{:?}", app.desk.flash);
    }
}

/// Letters, digits and a paste on the confirmation neither change the series nor book it.
#[test]
fn typing_or_pasting_on_the_series_confirmation_does_nothing() {
    let mut app = confirming_weekly(Lang::Es, 4);
    type_text(&mut app, "45678912 sy\t");
    app.paste("8\n");
    let b = booking_screen(&app);
    assert_eq!(b.step, Step::Confirm);
    assert_eq!((b.repeat, b.count), (Some(Repeat::Weekly), 4));
    assert!(b.plan.is_none());
    assert!(all(&app).is_empty());
}

/// The repeat goes round no → weekly → every two weeks → monthly → no, and the count stops at
/// what a year allows for the rule.
#[test]
fn the_repeat_cycles_and_the_count_stays_within_a_year() {
    let mut app = at_cardiology(Lang::En);
    press(&mut app, KeyCode::Enter);
    let mut seen = Vec::new();
    for _ in 0..4 {
        press(&mut app, KeyCode::Right);
        seen.push(booking_screen(&app).repeat);
    }
    assert_eq!(
        seen,
        [
            Some(Repeat::Weekly),
            Some(Repeat::Biweekly),
            Some(Repeat::Monthly),
            None
        ]
    );
    press(&mut app, KeyCode::Left);
    assert_eq!(booking_screen(&app).repeat, Some(Repeat::Monthly));
    press(&mut app, KeyCode::Down);
    for _ in 0..30 {
        press(&mut app, KeyCode::Right);
    }
    assert_eq!(booking_screen(&app).count, 13);
    for _ in 0..30 {
        press(&mut app, KeyCode::Left);
    }
    assert_eq!(booking_screen(&app).count, 2);
}

/// Ana has a weekly series of four from today 10:00 with Rosa Quispe, and the desk is on Today.
fn today_with_series(lang: Lang) -> (App, Vec<appointments::Appointment>) {
    let mut app = logged_in(lang);
    let ana = patients::resolve_patient(&app.desk.conn, "45678912").unwrap();
    let rosa = saludya::domain::catalog::resolve_doctor(&app.desk.conn, "rosa quispe").unwrap();
    let first = BookingRequest::new(&ana.id, &rosa.id, "2026-03-02 10:00", None, None).unwrap();
    let req = SeriesRequest::new(first, Repeat::Weekly, 4).unwrap();
    let (series, _) = saludya::flows::desk::book_series(&app.desk.conn, &req, None, now()).unwrap();
    press(&mut app, KeyCode::F(2));
    assert_eq!(today_screen(&app).appointments.len(), 1);
    (app, series.appointments)
}

fn open_menu_at(app: &mut App, act: Act) {
    press(app, KeyCode::Enter);
    assert_eq!(today_screen(app).mode, Mode::Menu);
    let menu = today_screen(app).menu(&app.desk);
    let i = menu.iter().position(|a| *a == act).unwrap();
    for _ in 0..i {
        press(app, KeyCode::Down);
    }
}

#[test]
fn a_series_appointment_offers_this_one_or_this_and_the_following_ones() {
    for lang in [Lang::Es, Lang::En] {
        let (mut app, _) = today_with_series(lang);
        let menu = today_screen(&app).menu(&app.desk);
        for act in [
            Act::Reschedule,
            Act::RescheduleFollowing,
            Act::Cancel,
            Act::CancelFollowing,
        ] {
            assert!(menu.contains(&act), "{act:?} in {menu:?}");
        }
        open_menu_at(&mut app, Act::CancelFollowing);
        let name = if lang == Lang::Es { "es" } else { "en" };
        insta::assert_snapshot!(format!("series_menu_{name}_80x24"), screen(&app, 80, 24));
    }
    // The last one of a series has nothing after it: the ordinary entries only.
    let (app, series) = today_with_series(Lang::Es);
    let last = series.last().unwrap();
    assert_eq!(last.series.as_ref().unwrap().series, "4/4");
    let _ = app;
}

#[test]
fn cancelling_this_and_the_following_ones_asks_then_cancels_them_all() {
    let (mut app, series) = today_with_series(Lang::Es);
    let cash = saludya::domain::payments::PaymentRequest::new(
        saludya::domain::payments::Method::Cash,
        None,
        None,
        None,
        None,
    )
    .unwrap();
    let staff = app.desk.staff_id().cloned().unwrap();
    saludya::flows::pay::pay(
        &app.desk.conn,
        &series[2].id,
        cash,
        &staff,
        now(),
        app.desk.settings.time_zone,
    )
    .unwrap();
    open_menu_at(&mut app, Act::CancelFollowing);
    press(&mut app, KeyCode::Enter);
    assert_eq!(today_screen(&app).mode, Mode::Cancel);
    type_text(&mut app, "terminó el tratamiento");
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("series_cancel_following_80x24", screen(&app, 80, 24));
    press(&mut app, KeyCode::Enter);
    let now_all = all(&app);
    assert!(
        now_all.iter().all(|a| a.status == Status::Cancelled),
        "{now_all:?}"
    );
    let flash = app.desk.flash.clone().unwrap();
    assert!(
        flash.text.contains("4 citas de la serie") && flash.text.contains("1 devoluciones"),
        "{flash:?}"
    );
}

#[test]
fn cancelling_this_one_only_leaves_the_others() {
    let (mut app, series) = today_with_series(Lang::En);
    open_menu_at(&mut app, Act::Cancel);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "travelling");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    let statuses: Vec<Status> = series
        .iter()
        .map(|a| {
            appointments::get_appointment(&app.desk.conn, &a.id)
                .unwrap()
                .status
        })
        .collect();
    assert_eq!(
        statuses,
        [Status::Cancelled, Status::Booked, Status::Booked, Status::Booked]
    );
}

#[test]
fn rescheduling_this_and_the_following_ones_checks_then_moves_them_all() {
    let (mut app, series) = today_with_series(Lang::Es);
    open_menu_at(&mut app, Act::RescheduleFollowing);
    press(&mut app, KeyCode::Enter);
    let b = booking_screen(&app);
    assert!(b.following);
    assert_eq!(b.step, Step::Slots);
    // The slot after 10:00 today (10:15): every one moves a quarter of an hour.
    let i = b
        .slots
        .iter()
        .position(|s| s.start == "2026-03-02 10:15")
        .unwrap();
    while booking_screen(&app).slot_sel < i {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(booking_screen(&app).step, Step::Confirm);
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("series_move_following_80x24", screen(&app, 80, 24));
    let unchanged: Vec<String> = series
        .iter()
        .map(|a| {
            appointments::get_appointment(&app.desk.conn, &a.id)
                .unwrap()
                .start
                .to_string()
        })
        .collect();
    assert_eq!(unchanged[0], "2026-03-02 10:00", "checked, not moved yet");
    press(&mut app, KeyCode::Enter);
    let moved: Vec<String> = series
        .iter()
        .map(|a| {
            appointments::get_appointment(&app.desk.conn, &a.id)
                .unwrap()
                .start
                .to_string()
        })
        .collect();
    assert_eq!(
        moved,
        [
            "2026-03-02 10:15",
            "2026-03-09 10:15",
            "2026-03-16 10:15",
            "2026-03-23 10:15"
        ],
        "{:?}",
        app.desk.flash
    );
    assert!(matches!(app.screen(), Screen::Today(_)));
}

/// More conflicts than the dialog has room for at 80×24: as many as fit, then how many more.
#[test]
fn many_conflicts_show_what_fits_and_count_the_rest() {
    let mut app = confirming_weekly(Lang::Es, 12);
    let slot = booking_screen(&app).chosen.clone().unwrap();
    let from = (slot.start.naive() + Duration::weeks(1))
        .date()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    saludya::db::write(&app.desk.conn, |tx| {
        let off = saludya::domain::catalog::NewTimeOff::new(
            &slot.doctor_id,
            from,
            from + Duration::days(70),
            "Licencia",
        )?;
        saludya::domain::catalog::add_time_off(tx, &off, None, now())
    })
    .unwrap();
    press(&mut app, KeyCode::Enter);
    assert_eq!(booking_screen(&app).plan.as_ref().unwrap().conflicts().len(), 10);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("… y "), "{shown}");
    assert!(shown.contains("Enter revisar"), "the keys still show: {shown}");
    insta::assert_snapshot!("series_many_conflicts_80x24", shown);
    assert!(all(&app).is_empty());
}

/// Cancelling this and the following ones frees several hours: Today then shows who waits for
/// one of them (the earliest that suits each), as after a single cancel.
#[test]
fn cancelling_the_following_ones_shows_who_waits_for_the_freed_hours() {
    let (mut app, series) = today_with_series(Lang::Es);
    let conn = &app.desk.conn;
    let carlos = patients::resolve_patient(conn, "40404040").unwrap();
    let general = saludya::domain::catalog::resolve_specialty(conn, "medicina general").unwrap();
    let entry = saludya::domain::waitlist::NewEntry::new(
        &carlos.id,
        Some(&general.id),
        None,
        &saludya::domain::waitlist::EntryInput::default(),
    )
    .unwrap();
    saludya::flows::waitlist::add(conn, &entry, None, now()).unwrap();
    open_menu_at(&mut app, Act::CancelFollowing);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "terminó el tratamiento");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(today_screen(&app).mode, Mode::Waiting, "{:?}", app.desk.flash);
    let shown: Vec<(&str, String)> = today_screen(&app)
        .waiting
        .iter()
        .map(|m| (m.entry.patient_dni.as_str(), m.slot.start.to_string()))
        .collect();
    assert_eq!(shown, [("40404040", series[0].start.to_string())]);
}
