//! Payment: methods, cash change, masked card entry, receipt.

use crate::harness::*;

#[test]
fn cash_payment_shows_the_change_and_confirms_the_appointment() {
    let mut app = at_payment(Lang::Es);
    press(&mut app, KeyCode::Enter); // cash, the first method
    type_text(&mut app, "300");
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("Vuelto:") && shown.contains("S/ 50.00"), "{shown}");
    insta::assert_snapshot!("payment_cash_80x24", shown);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        payment_screen(&app).mode,
        saludya::tui::screens::payment::Mode::Receipt
    );
    let appt = the_appointment(&app);
    assert_eq!(appt.status, Status::Confirmed);
    let paid = saludya::domain::payments::succeeded_payment_for(&app.desk.conn, &appt.id)
        .unwrap()
        .unwrap();
    // The transaction id is random: the snapshot names it instead.
    let receipt = screen(&app, 120, 40).replace(&paid.transaction_id, "[transaction id]");
    assert!(
        receipt.contains("Pagado:") && receipt.matches("Ana María García Pérez").count() >= 2,
        "the receipt names the patient:\n{receipt}"
    );
    insta::assert_snapshot!("payment_receipt_120x40", receipt);
    assert_eq!(paid.amount_cents, appt.price_cents);
    assert_eq!(paid.change_cents, Some(saludya::money::Cents(5000)));
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen(), Screen::Patients(_)), "next patient");
    assert!(app.desk.patient.is_none());
}

#[test]
fn card_entry_shows_only_the_last_four_digits() {
    let mut app = at_payment(Lang::En);
    press(&mut app, KeyCode::Down); // card, the second method
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "4111111111111111");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "12/30");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "123");
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("••••••••••••1111"), "{shown}");
    assert!(!shown.contains("411111"), "the number is masked:\n{shown}");
    assert!(!shown.contains("123"), "the CVV is masked:\n{shown}");
    insta::assert_snapshot!("payment_card_80x24", shown);
    press(&mut app, KeyCode::Enter);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("•••• 1111"), "{shown}");
    assert!(!shown.contains("4111111111111111"));
    assert_eq!(the_appointment(&app).status, Status::Confirmed);
    let p = payment_screen(&app);
    assert!(
        p.card_number.is_empty() && p.card_cvv.is_empty(),
        "card data cleared after use"
    );
}

#[test]
fn a_declined_card_is_explained_and_another_method_can_follow() {
    let mut app = at_payment(Lang::En);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "4111111111111112"); // fails the Luhn check
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "12/30");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "123");
    press(&mut app, KeyCode::Enter);
    assert!(payment_screen(&app).error.as_ref().unwrap().contains("declined"));
    assert_eq!(the_appointment(&app).status, Status::Booked, "still unpaid");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Up); // cash
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(the_appointment(&app).status, Status::Confirmed);
}

/// Leaving the payment without paying is allowed, and the desk is told the appointment stays
/// booked and unpaid.
#[test]
fn esc_on_the_payment_says_the_appointment_stays_unpaid() {
    let mut app = at_payment(Lang::Es);
    press(&mut app, KeyCode::Esc);
    let flash = app.desk.flash.clone().unwrap();
    assert!(
        flash.kind == FlashKind::Warning && flash.text.contains("quedó reservada sin pagar"),
        "{flash:?}"
    );
    assert_eq!(the_appointment(&app).status, Status::Booked);
}
