//! One file per screen. Each screen's state implements [`View`]: the keys it handles (by mode),
//! its part of `update` (which may call the domain) and its pure `render`.

pub mod booking;
pub mod lock;
pub mod login;
pub mod orientation;
pub mod patients;
pub mod payment;
pub mod summary;
pub mod today;
pub mod waitlist;

use ratatui::Frame;
use ratatui::layout::Rect;

use super::action::{Action, Tab};
use super::app::{Desk, Nav};
use super::keymap::Keymap;

pub trait View {
    /// The keys this screen handles in its current mode.
    fn keymap(&self) -> Keymap;
    /// Applies an action; may call the domain.
    fn update(&mut self, desk: &mut Desk, action: Action) -> Nav;
    /// Draws the screen from its state only.
    fn render(&self, desk: &Desk, frame: &mut Frame, area: Rect);
    /// The text field with the focus (where typing and a paste go); `None` when no field has
    /// it (lists, menus, results).
    fn focused_field(&self) -> Option<&crate::tui::widgets::TextField> {
        None
    }
    /// True when a form holds input that quitting would lose.
    fn dirty(&self) -> bool {
        false
    }
    /// Runs work deferred while keys kept arriving (see `App::settle`).
    fn settle(&mut self, _desk: &mut Desk) {}
    /// Re-reads what another desk may have changed.
    fn refresh(&mut self, _desk: &mut Desk) {}
    /// The tab this screen belongs to (highlighted in the header).
    fn tab(&self) -> Option<Tab> {
        None
    }
}

pub enum Screen {
    Login(login::State),
    Today(Box<today::State>),
    Patients(Box<patients::State>),
    Orientation(Box<orientation::State>),
    Booking(Box<booking::State>),
    Payment(Box<payment::State>),
    Summary(Box<summary::State>),
    Waitlist(Box<waitlist::State>),
}

impl Screen {
    pub fn view(&self) -> &dyn View {
        match self {
            Screen::Login(s) => s,
            Screen::Today(s) => s.as_ref(),
            Screen::Patients(s) => s.as_ref(),
            Screen::Booking(s) => s.as_ref(),
            Screen::Orientation(s) => s.as_ref(),
            Screen::Payment(s) => s.as_ref(),
            Screen::Summary(s) => s.as_ref(),
            Screen::Waitlist(s) => s.as_ref(),
        }
    }

    pub fn view_mut(&mut self) -> &mut dyn View {
        match self {
            Screen::Login(s) => s,
            Screen::Today(s) => s.as_mut(),
            Screen::Patients(s) => s.as_mut(),
            Screen::Booking(s) => s.as_mut(),
            Screen::Orientation(s) => s.as_mut(),
            Screen::Payment(s) => s.as_mut(),
            Screen::Summary(s) => s.as_mut(),
            Screen::Waitlist(s) => s.as_mut(),
        }
    }
}

/// The first screen after login.
pub fn landing(desk: &mut Desk) -> Screen {
    open_tab(desk, Tab::Patients)
}

/// Where the counter flow goes once the patient at the desk is chosen.
pub fn after_patient_chosen(desk: &mut Desk) -> Nav {
    Nav::Push(Screen::Orientation(Box::new(orientation::State::new(desk))))
}

/// Where the counter flow goes once an appointment is booked: straight to its payment.
pub fn after_booking(desk: &mut Desk, appt: crate::domain::appointments::Appointment) -> Nav {
    open_payment(desk, appt, true)
}

/// The payment of an appointment. From the counter flow (`fresh`), Esc afterwards leads to the
/// next patient's search; from Today, back to Today.
pub fn open_payment(desk: &mut Desk, appt: crate::domain::appointments::Appointment, fresh: bool) -> Nav {
    if !payment::needs_payment(desk, &appt) {
        desk.warn(desk.s.already_paid);
        return Nav::Stay;
    }
    if matches!(
        appt.status,
        crate::domain::appointments::Status::Cancelled | crate::domain::appointments::Status::NoShow
    ) {
        desk.warn(desk.s.cannot_pay);
        return Nav::Stay;
    }
    // The patient's document with its type ("Pasaporte MM7044345"), as the payment shows it.
    let document = crate::domain::patients::get(&desk.conn, &appt.patient_id)
        .map(|p| p.document().get(desk.lang).to_string())
        .unwrap_or_else(|_| appt.patient_dni.clone());
    let pay = Screen::Payment(Box::new(payment::State::new(appt, document)));
    if fresh {
        let today = open_tab(desk, Tab::Today);
        Nav::Stack(vec![today, pay])
    } else {
        Nav::Push(pay)
    }
}

pub fn open_tab(desk: &mut Desk, tab: Tab) -> Screen {
    match tab {
        Tab::Today => Screen::Today(Box::new(today::State::new(desk))),
        Tab::Patients => Screen::Patients(Box::new(patients::State::new(desk))),
        Tab::Orientation => Screen::Orientation(Box::new(orientation::State::new(desk))),
        Tab::Booking => Screen::Booking(Box::new(booking::State::new(desk))),
        Tab::Summary => Screen::Summary(Box::new(summary::State::new(desk))),
        Tab::Waitlist => Screen::Waitlist(Box::new(waitlist::State::new(desk))),
    }
}
