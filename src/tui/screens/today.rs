//! Today: the day's agenda per doctor with statuses and counts; move between days; act on an
//! appointment (check in, complete, no-show, reschedule, cancel with reason and confirmation,
//! take payment). Statuses are shown by symbol and word. Every change is a domain call
//! (`domain::appointments`, `flows::cancel`); a change another desk made first is explained.

use chrono::{Duration, NaiveDate};
use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Row, Table, TableState, Wrap};

use super::View;
use crate::domain::appointments::{self, Appointment, AppointmentFilter, CancelledBy, Status};
use crate::text::fold;
use crate::tui::action::{Action, Tab};
use crate::tui::app::{Desk, Nav};
use crate::tui::keymap::{Binding, Keymap, alias, bind, ch, key};
use crate::tui::strings::Strings;
use crate::tui::theme;
use crate::tui::widgets::{Mask, TextField, centered, field_row};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    List,
    Filter,
    /// Cancelling the selected appointment: who and why.
    Cancel,
    /// The last question before cancelling.
    ConfirmCancel,
}

pub struct State {
    pub date: NaiveDate,
    /// The day's appointments, by doctor then time.
    pub appointments: Vec<Appointment>,
    pub selected: usize,
    pub mode: Mode,
    pub filter: TextField,
    pub cancel_by: CancelledBy,
    pub cancel_reason: TextField,
    pub cancel_error: Option<String>,
    /// The desk's texts: the filter also matches the status words shown ("reservada", "paid").
    strings: &'static Strings,
}

static LIST_KEYS: &[Binding] = &[
    bind(key(KeyCode::Down), "↑↓", Action::Down, |s| s.h_move),
    alias(key(KeyCode::Up), Action::Up),
    alias(ch('j'), Action::Down),
    alias(ch('k'), Action::Up),
    alias(key(KeyCode::PageDown), Action::PageDown),
    alias(key(KeyCode::PageUp), Action::PageUp),
    bind(key(KeyCode::Right), "←→", Action::NextDay, |s| s.h_day),
    alias(key(KeyCode::Left), Action::PrevDay),
    bind(ch('t'), "t", Action::Today, |s| s.h_today),
    bind(ch('p'), "p", Action::Pay, |s| s.h_pay),
    bind(ch('i'), "i", Action::CheckIn, |s| s.h_check_in),
    bind(ch('c'), "c", Action::Complete, |s| s.h_complete),
    bind(ch('n'), "n", Action::NoShow, |s| s.h_no_show),
    bind(ch('r'), "r", Action::Reschedule, |s| s.h_reschedule),
    bind(ch('x'), "x", Action::Cancel, |s| s.h_cancel),
    bind(ch('/'), "/", Action::Search, |s| s.h_filter),
];

static FILTER_KEYS: &[Binding] = &[
    bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| s.h_submit),
    bind(key(KeyCode::Down), "↑↓", Action::Down, |s| s.h_move),
    alias(key(KeyCode::Up), Action::Up),
];

static CANCEL_KEYS: &[Binding] = &[
    bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| s.h_submit),
    bind(key(KeyCode::Tab), "Tab", Action::NextField, |s| s.h_who_cancels),
];

static CONFIRM_KEYS: &[Binding] = &[
    bind(ch('s'), "s/y", Action::Yes, |s| s.h_yes_cancel),
    alias(ch('y'), Action::Yes),
    bind(ch('n'), "n", Action::No, |s| s.h_no_keep),
];

/// Symbol and word for a status: never colour alone.
pub fn status_label(s: &Strings, st: Status) -> (&'static str, &'static str, ratatui::style::Style) {
    match st {
        Status::Booked => ("○", s.st_booked, theme::WARNING),
        Status::Confirmed => ("●", s.st_confirmed, theme::OK),
        Status::CheckedIn => ("▶", s.st_checked_in, theme::KEY),
        Status::Completed => ("✔", s.st_completed, theme::MUTED),
        Status::NoShow => ("✗", s.st_no_show, theme::ERROR),
        Status::Cancelled => ("⊘", s.st_cancelled, theme::MUTED),
    }
}

impl State {
    pub fn new(desk: &mut Desk) -> State {
        let mut st = State {
            date: desk.local_now().date(),
            appointments: Vec::new(),
            selected: 0,
            mode: Mode::List,
            filter: TextField::new(40),
            cancel_by: CancelledBy::Patient,
            cancel_reason: TextField::new(200),
            cancel_error: None,
            strings: desk.s,
        };
        st.load(desk);
        // Start at the next appointment to come.
        let now = crate::wall_time::WallTime::new(desk.local_now());
        let visible = st.visible();
        let next = visible
            .iter()
            .enumerate()
            .filter(|(_, i)| st.appointments[**i].start >= now)
            .min_by(|(_, a), (_, b)| st.appointments[**a].start.cmp(&st.appointments[**b].start));
        if let Some((pos, _)) = next {
            st.selected = pos;
        }
        st
    }

    fn load(&mut self, desk: &mut Desk) {
        let keep = self.selected_appointment().map(|a| a.id.clone());
        let filter = AppointmentFilter {
            from: Some(self.date),
            to: Some(self.date),
            ..AppointmentFilter::default()
        };
        match appointments::list_appointments(&desk.conn, &filter) {
            Ok(mut list) => {
                list.sort_by(|a, b| a.doctor_name.cmp(&b.doctor_name).then(a.start.cmp(&b.start)));
                self.appointments = list;
                let visible = self.visible();
                self.selected = keep
                    .and_then(|id| visible.iter().position(|i| self.appointments[*i].id == id))
                    .unwrap_or(self.selected)
                    .min(visible.len().saturating_sub(1));
            }
            Err(e) => desk.fail(&e),
        }
    }

    /// Indexes of the appointments the `/` filter lets through (patient, doctor, DNI).
    /// Clears the filter and keeps the selected appointment selected in the whole day's list.
    fn clear_filter(&mut self) {
        let keep = self.visible().get(self.selected).copied();
        self.filter.clear();
        self.selected = keep
            .and_then(|k| self.visible().iter().position(|i| *i == k))
            .unwrap_or(0);
    }

    pub fn visible(&self) -> Vec<usize> {
        let f = fold(&self.filter.value);
        self.appointments
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                f.is_empty()
                    || fold(&a.patient_name).contains(&f)
                    || fold(&a.doctor_name).contains(&f)
                    || a.patient_dni.starts_with(&f)
                    || fold(status_label(self.strings, a.status).1).starts_with(&f)
            })
            .map(|(i, _)| i)
            .collect()
    }

    pub fn selected_appointment(&self) -> Option<&Appointment> {
        self.visible()
            .get(self.selected)
            .and_then(|i| self.appointments.get(*i))
    }

    /// Runs a status change on the selected appointment and reloads the day.
    fn change(
        &mut self,
        desk: &mut Desk,
        f: impl FnOnce(
            &rusqlite::Connection,
            &crate::ids::AppointmentId,
            Option<&crate::ids::StaffId>,
            chrono::DateTime<chrono::Utc>,
        ) -> Result<Appointment, crate::domain::appointments::AppointmentError>,
    ) {
        let Some(appt) = self.selected_appointment().cloned() else {
            return;
        };
        let now = desk.now();
        let staff = desk.staff_id().cloned();
        let result = crate::db::write_typed(&mut desk.conn, |tx| f(tx, &appt.id, staff.as_ref(), now));
        match result {
            Ok(a) => {
                let (sym, word, _) = status_label(desk.s, a.status);
                desk.info(format!("{} · {} → {sym} {word}", a.patient_name, a.start.hm()));
            }
            Err(e) => crate::tui::errors::show(desk, &e),
        }
        self.load(desk);
    }

    fn cancel(&mut self, desk: &mut Desk) {
        let Some(appt) = self.selected_appointment().cloned() else {
            return;
        };
        let Some(staff) = desk.staff_id().cloned() else {
            return;
        };
        let now = desk.now();
        let reason = self.cancel_reason.value.clone();
        match crate::flows::cancel::cancel(&mut desk.conn, &appt.id, self.cancel_by, &reason, &staff, now) {
            Ok(out) => {
                let text = match &out.refund {
                    Some(r) => (desk.s.cancelled_refunded)(&out.appointment.patient_name, &r.amount),
                    None => (desk.s.cancelled)(&out.appointment.patient_name),
                };
                desk.info(text);
                self.mode = Mode::List;
                self.cancel_reason.clear();
            }
            Err(e) => {
                self.cancel_error = Some(e.message(desk.lang));
                self.mode = Mode::Cancel;
            }
        }
        self.load(desk);
    }
}

impl View for State {
    fn keymap(&self) -> Keymap {
        let (bindings, text) = match self.mode {
            Mode::List => (LIST_KEYS, false),
            Mode::Filter => (FILTER_KEYS, true),
            Mode::Cancel => (CANCEL_KEYS, true),
            Mode::ConfirmCancel => (CONFIRM_KEYS, false),
        };
        Keymap { bindings, text }
    }

    fn update(&mut self, desk: &mut Desk, action: Action) -> Nav {
        let len = self.visible().len();
        let last = len.saturating_sub(1);
        match (self.mode, action) {
            (Mode::List | Mode::Filter, Action::Down) => self.selected = (self.selected + 1).min(last),
            (Mode::List | Mode::Filter, Action::Up) => self.selected = self.selected.saturating_sub(1),
            (Mode::List, Action::PageDown) => self.selected = (self.selected + 10).min(last),
            (Mode::List, Action::PageUp) => self.selected = self.selected.saturating_sub(10),
            (Mode::List, Action::NextDay | Action::PrevDay | Action::Today) => {
                self.date = match action {
                    Action::NextDay => self.date + Duration::days(1),
                    Action::PrevDay => self.date - Duration::days(1),
                    _ => desk.local_now().date(),
                };
                self.selected = 0;
                self.load(desk);
            }
            (Mode::List, Action::CheckIn) => self.change(desk, appointments::check_in),
            (Mode::List, Action::Complete) => self.change(desk, appointments::complete),
            (Mode::List, Action::NoShow) => self.change(desk, appointments::no_show),
            (Mode::List, Action::Reschedule) => {
                if let Some(a) = self.selected_appointment().cloned() {
                    if a.status.can_reschedule() {
                        let booking = super::booking::State::for_reschedule(desk, a);
                        return Nav::Push(super::Screen::Booking(Box::new(booking)));
                    }
                    desk.warn((desk.s.cannot_reschedule)(status_label(desk.s, a.status).1));
                }
            }
            (Mode::List, Action::Pay) => {
                if let Some(a) = self.selected_appointment().cloned() {
                    return super::open_payment(desk, a, false);
                }
            }
            (Mode::List, Action::Cancel) => {
                if let Some(a) = self.selected_appointment() {
                    if matches!(a.status, Status::Booked | Status::Confirmed) {
                        self.mode = Mode::Cancel;
                        self.cancel_error = None;
                    } else {
                        desk.warn((desk.s.cannot_cancel)(status_label(desk.s, a.status).1));
                    }
                }
            }
            (Mode::List, Action::Search) => self.mode = Mode::Filter,
            (Mode::List, Action::Back) if !self.filter.is_empty() => self.clear_filter(),
            (Mode::List, Action::Back) => return Nav::Back,
            (Mode::Filter, Action::Submit) => self.mode = Mode::List,
            (Mode::Filter, Action::Back) => {
                self.clear_filter();
                self.mode = Mode::List;
            }
            (Mode::Filter, other) if self.filter.edit(other) => self.selected = 0,
            (Mode::Cancel, Action::NextField) => {
                self.cancel_by = match self.cancel_by {
                    CancelledBy::Patient => CancelledBy::Clinic,
                    CancelledBy::Clinic => CancelledBy::Patient,
                };
            }
            (Mode::Cancel, Action::Submit) => {
                if self.cancel_reason.is_empty() {
                    self.cancel_error = Some(desk.s.reason_required.to_string());
                } else {
                    self.mode = Mode::ConfirmCancel;
                }
            }
            (Mode::Cancel, Action::Back) => {
                self.cancel_reason.clear();
                self.mode = Mode::List;
            }
            (Mode::Cancel, other) if self.cancel_reason.edit(other) => self.cancel_error = None,
            (Mode::ConfirmCancel, Action::Yes) => self.cancel(desk),
            (Mode::ConfirmCancel, Action::No | Action::Back) => self.mode = Mode::Cancel,
            _ => {}
        }
        Nav::Stay
    }

    fn dirty(&self) -> bool {
        matches!(self.mode, Mode::Cancel | Mode::ConfirmCancel) && !self.cancel_reason.is_empty()
    }

    fn refresh(&mut self, desk: &mut Desk) {
        self.load(desk);
    }

    fn tab(&self) -> Option<Tab> {
        Some(Tab::Today)
    }

    fn render(&self, desk: &Desk, frame: &mut Frame, area: Rect) {
        let s = desk.s;
        let counts_height = if area.width >= 120 { 1 } else { 2 };
        let [head, counts, table_area] = area.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(counts_height),
            Constraint::Min(3),
        ]));
        let today = desk.local_now().date();
        let mut title = vec![Span::styled(
            format!("{} {}", (s.weekday)(self.date), self.date.format("%d/%m/%Y")),
            theme::LABEL,
        )];
        if self.date == today {
            title.push(Span::styled(format!(" ({})", s.today), theme::OK));
        }
        if self.mode == Mode::Filter || !self.filter.is_empty() {
            let [t, f] = head.layout(&Layout::horizontal([Constraint::Length(28), Constraint::Min(10)]));
            frame.render_widget(Line::from(title), t);
            let w = s.filter.chars().count() as u16;
            field_row(
                frame,
                f,
                s.filter,
                w,
                &self.filter,
                Mask::Plain,
                self.mode == Mode::Filter,
                None,
            );
        } else {
            frame.render_widget(Line::from(title), head);
        }
        // Counts by status, each with its symbol.
        let visible = self.visible();
        let mut spans = vec![Span::styled((s.n_appointments)(visible.len()), theme::LABEL)];
        for st in appointments::ALL_STATUSES {
            let n = visible
                .iter()
                .filter(|i| self.appointments[**i].status == st)
                .count();
            if n > 0 {
                let (sym, word, style) = status_label(s, st);
                spans.push(Span::raw("  "));
                // One unit that never wraps in the middle ("✗ 13 no asistió").
                let unit = format!("{sym} {n} {word}").replace(' ', "\u{a0}");
                spans.push(Span::styled(unit, style));
            }
        }
        frame.render_widget(
            Paragraph::new(Line::from(spans)).wrap(Wrap { trim: true }),
            counts,
        );

        let block = Block::default().borders(Borders::TOP).border_style(theme::BORDER);
        if visible.is_empty() {
            frame.render_widget(
                Paragraph::new(Span::styled(s.no_appointments, theme::MUTED)).block(block),
                table_area,
            );
        } else {
            let wide = area.width >= 120;
            let mut rows = Vec::new();
            let mut last_doctor = "";
            // The first row on screen (the table scrolls to keep the selection in view: top
            // border and header take two lines); it names its doctor even inside a group.
            let rows_fit = usize::from(table_area.height.saturating_sub(2)).max(1);
            let first_shown = (self.selected + 1).saturating_sub(rows_fit);
            for (pos, i) in visible.iter().enumerate() {
                let a = &self.appointments[*i];
                // The doctor's name (and how many appointments they have) opens each group.
                let doctor = if a.doctor_name != last_doctor || pos == first_shown {
                    let n = visible
                        .iter()
                        .filter(|j| self.appointments[**j].doctor_name == a.doctor_name)
                        .count();
                    format!("{} ({n})", a.doctor_name)
                } else {
                    String::new()
                };
                last_doctor = &a.doctor_name;
                let (sym, word, style) = status_label(s, a.status);
                let mut cells = vec![
                    Span::raw(a.start.hm()),
                    Span::styled(doctor, theme::LABEL),
                    Span::raw(a.patient_name.clone()),
                    Span::styled(format!("{sym} {word}"), style),
                ];
                if wide {
                    cells.push(Span::raw(a.specialty.clone()));
                    cells.push(Span::raw(a.patient_dni.clone()));
                }
                rows.push(Row::new(cells));
            }
            let widths: Vec<Constraint> = if wide {
                vec![
                    Constraint::Length(5),
                    Constraint::Length(28),
                    Constraint::Min(24),
                    Constraint::Length(18),
                    Constraint::Length(20),
                    Constraint::Length(12),
                ]
            } else {
                vec![
                    Constraint::Length(5),
                    Constraint::Length(22),
                    Constraint::Min(18),
                    Constraint::Length(16),
                ]
            };
            let mut header = vec![s.col_time, s.col_doctor, s.patient, s.col_status];
            if wide {
                header.extend([s.specialty, s.col_document]);
            }
            let table = Table::new(rows, widths)
                .header(Row::new(header).style(theme::LABEL))
                .block(block)
                .row_highlight_style(theme::SELECTED)
                .highlight_symbol("▶ ");
            let mut state = TableState::default().with_selected(Some(self.selected));
            frame.render_stateful_widget(table, table_area, &mut state);
        }
        if matches!(self.mode, Mode::Cancel | Mode::ConfirmCancel) {
            self.render_cancel(desk, frame, area);
        }
    }
}

impl State {
    fn render_cancel(&self, desk: &Desk, frame: &mut Frame, area: Rect) {
        let s = desk.s;
        let Some(a) = self.selected_appointment() else {
            return;
        };
        let r = centered(area, 72, 9);
        frame.render_widget(Clear, r);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme::WARNING)
            .title(format!(" {} ", s.cancel_title));
        let inner = block.inner(r);
        frame.render_widget(block, r);
        let rows = inner.layout_vec(&Layout::vertical([Constraint::Length(1); 7]));
        frame.render_widget(
            Line::from(format!("{} · {} · {}", a.start, a.doctor_name, a.patient_name)),
            rows[0],
        );
        let who = match self.cancel_by {
            CancelledBy::Patient => s.by_patient,
            CancelledBy::Clinic => s.by_clinic,
        };
        frame.render_widget(
            Line::from(vec![
                Span::styled(format!("{}: ", s.cancelled_by), theme::LABEL),
                Span::styled(format!("◀ {who} ▶"), theme::KEY),
                Span::styled("  (Tab)", theme::MUTED),
            ]),
            rows[1],
        );
        let w = s.reason.chars().count() as u16;
        field_row(
            frame,
            rows[2],
            s.reason,
            w,
            &self.cancel_reason,
            Mask::Plain,
            self.mode == Mode::Cancel,
            None,
        );
        if a.status == Status::Confirmed {
            frame.render_widget(Line::from(Span::styled(s.will_refund, theme::WARNING)), rows[3]);
        }
        if let Some(e) = &self.cancel_error {
            frame.render_widget(
                Paragraph::new(Span::styled(format!("✗ {e}"), theme::ERROR)).wrap(Wrap { trim: true }),
                rows[4],
            );
        }
        if self.mode == Mode::ConfirmCancel {
            frame.render_widget(
                Line::from(vec![
                    Span::styled(format!("⚠ {} ", s.confirm_cancel), theme::WARNING),
                    Span::styled(s.yes_no, theme::KEY),
                ]),
                rows[5],
            );
        }
    }
}
