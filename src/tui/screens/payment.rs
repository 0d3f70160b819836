//! Payment: choose the method, then cash (amount handed over, change shown as typed), card
//! (number masked except the last four, expiry, CVV masked) or an operation number; the
//! `flows::pay` flow takes the money and confirms the appointment in one transaction. A receipt
//! view follows. Card data lives only in the form's fields and is cleared after each attempt.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph, Wrap};

use super::View;
use crate::domain::appointments::Appointment;
use crate::domain::payments::card::CardInput;
use crate::domain::payments::{self, Method, Payment, PaymentRequest};
use crate::flows::pay::{self, PayResult};
use crate::money::Cents;
use crate::tui::action::{Action, Tab};
use crate::tui::app::{Desk, Nav};
use crate::tui::keymap::{Binding, Keymap, alias, bind, ctrl, key};
use crate::tui::theme;
use crate::tui::widgets::{Mask, TextField, centered, field_row};

/// The methods in the order they are offered (cash first: the most common at the counter).
pub const METHODS: [Method; 5] = [
    Method::Cash,
    Method::Card,
    Method::Yape,
    Method::Plin,
    Method::Transfer,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Method,
    Form,
    Receipt,
}

pub struct State {
    pub appointment: Appointment,
    /// The patient's document with its type ("DNI 45678912", "Pasaporte MM7044345").
    pub document: String,
    pub mode: Mode,
    pub method_sel: usize,
    /// Cash: amount handed over (empty: exactly the price).
    pub tendered: TextField,
    pub card_number: TextField,
    pub card_expiry: TextField,
    pub card_cvv: TextField,
    pub reference: TextField,
    pub focus: usize,
    pub error: Option<String>,
    pub receipt: Option<Payment>,
}

static METHOD_KEYS: &[Binding] = &[
    bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| s.h_choose),
    bind(key(KeyCode::Down), "↑↓", Action::Down, |s| s.h_move),
    alias(key(KeyCode::Up), Action::Up),
];

static FORM_KEYS: &[Binding] = &[
    bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| s.h_pay),
    bind(ctrl('s'), "Ctrl-S", Action::Save, |s| s.h_pay),
    bind(key(KeyCode::Tab), "Tab", Action::NextField, |s| s.h_next_field),
    alias(key(KeyCode::BackTab), Action::PrevField),
    alias(key(KeyCode::Down), Action::NextField),
    alias(key(KeyCode::Up), Action::PrevField),
];

static RECEIPT_KEYS: &[Binding] = &[bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| {
    s.h_next_patient
})];

impl State {
    pub fn new(appointment: Appointment, document: String) -> State {
        State {
            appointment,
            document,
            mode: Mode::Method,
            method_sel: 0,
            tendered: TextField::new(12),
            card_number: TextField::new(23),
            card_expiry: TextField::new(5),
            card_cvv: TextField::new(4),
            reference: TextField::new(60),
            focus: 0,
            error: None,
            receipt: None,
        }
    }

    pub fn method(&self) -> Method {
        METHODS[self.method_sel.min(METHODS.len() - 1)]
    }

    fn fields_mut(&mut self) -> Vec<&mut TextField> {
        match self.method() {
            Method::Cash => vec![&mut self.tendered],
            Method::Card => vec![&mut self.card_number, &mut self.card_expiry, &mut self.card_cvv],
            _ => vec![&mut self.reference],
        }
    }

    fn clear_card(&mut self) {
        self.card_number.clear();
        self.card_expiry.clear();
        self.card_cvv.clear();
    }

    /// Change for the amount typed so far (display only; the payments domain records it).
    pub fn change_preview(&self) -> Option<Result<Cents, ()>> {
        if self.tendered.is_empty() {
            return None;
        }
        match Cents::parse(&self.tendered.value) {
            Ok(t) => Some(Ok(Cents(t.0 - self.appointment.price_cents.0))),
            Err(_) => Some(Err(())),
        }
    }

    fn pay(&mut self, desk: &mut Desk) -> Nav {
        let method = self.method();
        let tendered = if method == Method::Cash && !self.tendered.is_empty() {
            match Cents::parse(&self.tendered.value) {
                Ok(c) => Some(c),
                Err(e) => {
                    self.error = Some(e.message(desk.lang));
                    return Nav::Stay;
                }
            }
        } else {
            None
        };
        let card = (method == Method::Card).then(|| {
            CardInput::new(
                self.card_number.value.clone(),
                self.card_expiry.value.clone(),
                self.card_cvv.value.clone(),
            )
        });
        let reference = method.needs_reference().then(|| self.reference.value.clone());
        let req = PaymentRequest::new(method, card, tendered, reference.as_deref(), None);
        self.clear_card();
        let req = match req {
            Ok(r) => r,
            Err(e) => {
                self.error = Some(e.message(desk.lang));
                return Nav::Stay;
            }
        };
        let Some(staff) = desk.staff_id().cloned() else {
            return Nav::Stay;
        };
        let (now, tz) = (desk.now(), desk.settings.time_zone);
        match pay::pay(&desk.conn, &self.appointment.id, req, &staff, now, tz) {
            Ok(PayResult::Paid(out)) => {
                self.error = None;
                self.receipt = Some(out.payment);
                self.mode = Mode::Receipt;
                desk.info(desk.s.paid);
            }
            Ok(PayResult::Declined(p)) => {
                let why = p
                    .decline_text()
                    .map(|t| t.get(desk.lang).to_string())
                    .unwrap_or_default();
                self.error = Some((desk.s.declined)(&why));
                self.focus = 0;
            }
            Err(e) => self.error = Some(e.message(desk.lang)),
        }
        Nav::Stay
    }
}

impl View for State {
    fn keymap(&self) -> Keymap {
        match self.mode {
            Mode::Method => Keymap {
                bindings: METHOD_KEYS,
                text: false,
            },
            Mode::Form => Keymap {
                bindings: FORM_KEYS,
                text: true,
            },
            Mode::Receipt => Keymap {
                bindings: RECEIPT_KEYS,
                text: false,
            },
        }
    }

    fn update(&mut self, desk: &mut Desk, action: Action) -> Nav {
        match (self.mode, action) {
            (Mode::Method, Action::Down) => self.method_sel = (self.method_sel + 1).min(METHODS.len() - 1),
            (Mode::Method, Action::Up) => self.method_sel = self.method_sel.saturating_sub(1),
            (Mode::Method, Action::Pick(i)) if i < METHODS.len() => {
                self.method_sel = i;
                self.mode = Mode::Form;
                self.focus = 0;
            }
            (Mode::Method, Action::Submit) => {
                self.mode = Mode::Form;
                self.focus = 0;
            }
            (Mode::Method, Action::Back) => {
                // Leaving without paying is allowed; the desk is told where the payment waits.
                let a = &self.appointment;
                desk.warn((desk.s.left_unpaid)(&a.patient_name, &a.start.to_string()));
                return Nav::Back;
            }
            (Mode::Form, Action::Back) => {
                self.clear_card();
                self.error = None;
                self.mode = Mode::Method;
            }
            (Mode::Form, Action::NextField | Action::PrevField) => {
                let n = self.fields_mut().len();
                self.focus = if action == Action::NextField {
                    (self.focus + 1) % n
                } else {
                    (self.focus + n - 1) % n
                };
            }
            (Mode::Form, Action::Submit) if self.focus + 1 < self.fields_mut().len() => self.focus += 1,
            (Mode::Form, Action::Submit | Action::Save) => return self.pay(desk),
            (Mode::Form, other) => {
                let focus = self.focus;
                if let Some(f) = self.fields_mut().into_iter().nth(focus)
                    && f.edit(other)
                {
                    self.error = None;
                }
            }
            (Mode::Receipt, Action::Submit) => {
                desk.patient = None;
                desk.orientation = None;
                return Nav::Reset(super::open_tab(desk, Tab::Patients));
            }
            (Mode::Receipt, Action::Back) => return Nav::Back,
            _ => {}
        }
        Nav::Stay
    }

    fn focused_field(&self) -> Option<&TextField> {
        if self.mode != Mode::Form {
            return None;
        }
        let fields: Vec<&TextField> = match self.method() {
            Method::Cash => vec![&self.tendered],
            Method::Card => vec![&self.card_number, &self.card_expiry, &self.card_cvv],
            _ => vec![&self.reference],
        };
        fields.get(self.focus).copied()
    }

    fn dirty(&self) -> bool {
        self.mode == Mode::Form
            && [
                &self.tendered,
                &self.card_number,
                &self.card_expiry,
                &self.card_cvv,
                &self.reference,
            ]
            .iter()
            .any(|f| !f.is_empty())
    }

    fn tab(&self) -> Option<Tab> {
        Some(Tab::Today)
    }

    fn render(&self, desk: &Desk, frame: &mut Frame, area: Rect) {
        let s = desk.s;
        let cur = &desk.settings.currency;
        let a = &self.appointment;
        let [summary, body] = area.layout(&Layout::vertical([Constraint::Length(3), Constraint::Min(3)]));
        frame.render_widget(
            Paragraph::new(vec![
                Line::from(vec![
                    Span::styled(format!("{}: ", s.patient), theme::LABEL),
                    Span::raw(format!("{} ({})", a.patient_name, self.document)),
                ]),
                Line::from(format!("{} · {} · {}", a.start, a.doctor_name, a.specialty)),
                Line::from(vec![
                    Span::styled(
                        format!(
                            "{}: ",
                            if self.mode == Mode::Receipt {
                                s.amount_paid
                            } else {
                                s.to_pay
                            }
                        ),
                        theme::LABEL,
                    ),
                    Span::styled(a.price_cents.display(cur), theme::OK),
                ]),
            ]),
            summary,
        );
        match self.mode {
            Mode::Method => {
                let mut lines = vec![Line::from(Span::styled(s.choose_method, theme::LABEL))];
                for (i, m) in METHODS.iter().enumerate() {
                    let style = if i == self.method_sel {
                        theme::SELECTED
                    } else {
                        theme::TEXT
                    };
                    let marker = if i == self.method_sel { "▶" } else { " " };
                    lines.push(Line::from(Span::styled(
                        format!("{marker} {}", (s.method_name)(*m)),
                        style,
                    )));
                }
                frame.render_widget(Paragraph::new(lines), body);
            }
            Mode::Form => self.render_form(desk, frame, body),
            Mode::Receipt => {
                if let Some(p) = &self.receipt {
                    render_receipt(p, &self.appointment, &self.document, desk, frame, body);
                }
            }
        }
    }
}

impl State {
    fn render_form(&self, desk: &Desk, frame: &mut Frame, area: Rect) {
        let s = desk.s;
        let cur = &desk.settings.currency;
        let rows = area.layout_vec(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(0),
        ]));
        frame.render_widget(
            Line::from(Span::styled(
                format!("{} ", (s.method_name)(self.method())),
                theme::LABEL,
            )),
            rows[0],
        );
        let w = [s.tendered, s.card_number, s.card_expiry, s.card_cvv, s.reference]
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(10) as u16;
        match self.method() {
            Method::Cash => {
                let msg = match self.change_preview() {
                    None => Some((s.exact_amount, false)),
                    Some(Ok(c)) if c.0 >= 0 => None,
                    Some(Ok(_)) => Some((s.not_enough, true)),
                    Some(Err(())) => Some((s.bad_amount, true)),
                };
                field_row(
                    frame,
                    rows[1],
                    s.tendered,
                    w,
                    &self.tendered,
                    Mask::Plain,
                    true,
                    msg,
                );
                if let Some(Ok(c)) = self.change_preview()
                    && c.0 >= 0
                {
                    frame.render_widget(
                        Line::from(vec![
                            Span::styled(
                                format!("{:<w$}  ", format!("{}:", s.change), w = w as usize),
                                theme::LABEL,
                            ),
                            Span::styled(c.display(cur), theme::OK),
                        ]),
                        rows[2],
                    );
                }
            }
            Method::Card => {
                let fields = [
                    (s.card_number, &self.card_number, Mask::AllButLast4),
                    (s.card_expiry, &self.card_expiry, Mask::Plain),
                    (s.card_cvv, &self.card_cvv, Mask::All),
                ];
                for (i, (label, f, mask)) in fields.into_iter().enumerate() {
                    field_row(frame, rows[1 + i], label, w, f, mask, self.focus == i, None);
                }
            }
            _ => field_row(
                frame,
                rows[1],
                s.reference,
                w,
                &self.reference,
                Mask::Plain,
                true,
                None,
            ),
        }
        if let Some(e) = &self.error {
            frame.render_widget(
                Paragraph::new(Line::from(Span::styled(format!("✗ {e}"), theme::ERROR)))
                    .wrap(Wrap { trim: true }),
                rows[5],
            );
        }
    }
}

fn render_receipt(p: &Payment, a: &Appointment, document: &str, desk: &Desk, frame: &mut Frame, area: Rect) {
    let s = desk.s;
    let row = |label: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{label:<16}"), theme::LABEL),
            Span::raw(value),
        ])
    };
    let mut lines = vec![
        Line::from(Span::styled(format!("✓ {}", s.paid), theme::OK)),
        row(s.patient, format!("{} ({document})", a.patient_name)),
        row(s.col_doctor, format!("{} · {}", a.doctor_name, a.specialty)),
        row(s.col_time, a.start.to_string()),
        row(
            s.receipt_no,
            p.receipt_number.map(|n| format!("{n:08}")).unwrap_or_default(),
        ),
        row(s.method, (s.method_name)(p.method).to_string()),
        row(s.amount, p.amount.clone()),
    ];
    if let Some(t) = &p.tendered {
        lines.push(row(s.tendered, t.clone()));
    }
    if let Some(c) = &p.change {
        lines.push(row(s.change, c.clone()));
    }
    if let (Some(brand), Some(last4)) = (&p.card_brand, &p.card_last_four) {
        lines.push(row(s.card_number, format!("{} •••• {last4}", capitalized(brand))));
    }
    if let Some(r) = &p.reference {
        lines.push(row(s.reference, r.clone()));
    }
    lines.push(row(s.transaction, p.transaction_id.clone()));
    lines.push(row(s.date, clinic_time(&p.created_at, desk)));
    let h = lines.len() as u16 + 2;
    let r = centered(area, 72, h);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme::OK)
                .title(format!(" {} ", s.receipt))
                .padding(Padding::horizontal(1)),
        ),
        r,
    );
}

/// "visa" → "Visa" (brands are stored in lower case).
fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A stored UTC timestamp ("2026-03-02T14:00:00Z") as the clinic's wall clock
/// ("2026-03-02 09:00"); shown as stored if it does not parse.
fn clinic_time(utc: &str, desk: &Desk) -> String {
    chrono::DateTime::parse_from_rfc3339(utc).map_or_else(
        |_| utc.to_string(),
        |t| {
            let local = t.with_timezone(&desk.settings.time_zone).naive_local();
            crate::domain::catalog::wall(local)
        },
    )
}

/// Whether an appointment still needs paying (for the Today screen's `p`).
pub fn needs_payment(desk: &Desk, appt: &Appointment) -> bool {
    payments::succeeded_payment_for(&desk.conn, &appt.id).is_ok_and(|p| p.is_none())
}
