//! Today: the day's agenda in time order ("who comes next"), the doctor as a column, or grouped
//! by doctor under visible headers (Ctrl-G). Letters always go to the filter (patient, DNI,
//! doctor, or a status word in either language): typing never acts. The actions on the selected
//! appointment are in a menu opened with Enter (↑↓ and Enter, no letters); each status change
//! asks first, naming the patient and the time (Enter yes, Esc no), and a check-in, completion
//! or no-show can be undone for a few minutes (Ctrl-Z). Every change is a domain call
//! (`domain::appointments`, `flows::cancel`); a change another desk made first is explained.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::View;
use crate::domain::appointments::{self, Appointment, AppointmentFilter, CancelledBy, Status};
use crate::error::Kind;
use crate::ids::AppointmentId;
use crate::text::fold;
use crate::tui::action::{Action, Tab};
use crate::tui::app::{Desk, Nav};
use crate::tui::keymap::{Binding, Keymap, alias, bind, ctrl, key};
use crate::tui::strings::{self, Strings};
use crate::tui::theme;
use crate::tui::widgets::{self, Mask, TextField, centered, ellipsis, field_row, fit, hint_after, width};
use crate::wall_time::WallTime;

/// What the desk can do to the selected appointment (the menu's entries).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    CheckIn,
    Complete,
    NoShow,
    Pay,
    Reschedule,
    /// This one and the following ones of its series, moved by the same shift.
    RescheduleFollowing,
    Cancel,
    /// This one and the following ones of its series.
    CancelFollowing,
    Undo,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    List,
    /// The actions of the selected appointment.
    Menu,
    /// The question before a status change.
    Confirm(Act),
    /// Cancelling the selected appointment: who and why.
    Cancel,
    /// The last question before cancelling.
    ConfirmCancel,
    /// A cancellation or a no-show freed a slot: who waits for it (`State::waiting`).
    Waiting,
    /// The question before booking the selected waiting patient into it.
    ConfirmWaiting,
}

/// The last status change this desk made, undoable until `until`.
#[derive(Debug, Clone)]
pub struct Undo {
    pub appointment: Appointment,
    /// The status the change led to (the appointment must still be in it).
    pub status: Status,
    pub until: DateTime<Utc>,
}

/// A check-in this long before the start asks the desk to make sure.
pub const EARLY_CHECK_IN_MINUTES: i64 = 60;

pub struct State {
    pub date: NaiveDate,
    /// The day's appointments, by time then doctor.
    pub appointments: Vec<Appointment>,
    /// Position in [`State::visible`].
    pub selected: usize,
    pub mode: Mode,
    pub filter: TextField,
    /// Grouped by doctor (headers between groups) instead of one time-ordered list.
    pub grouped: bool,
    pub menu_sel: usize,
    pub cancel_by: CancelledBy,
    pub cancel_reason: TextField,
    pub cancel_error: Option<String>,
    /// The cancel form is for this one and the following ones of its series.
    pub cancel_following: bool,
    pub undo: Option<Undo>,
    /// Who waits for the slot this desk just freed, longest-waiting first.
    pub waiting: Vec<crate::domain::waitlist::Match>,
    pub waiting_sel: usize,
}

static LIST_KEYS: &[Binding] = &[
    bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| s.h_actions),
    bind(key(KeyCode::Down), "↑↓", Action::Down, |s| s.h_move),
    alias(key(KeyCode::Up), Action::Up),
    alias(key(KeyCode::PageDown), Action::PageDown),
    alias(key(KeyCode::PageUp), Action::PageUp),
    bind(key(KeyCode::Right), "←→", Action::NextDay, |s| s.h_day),
    alias(key(KeyCode::Left), Action::PrevDay),
    bind(key(KeyCode::Home), "Home/End", Action::First, |s| s.h_first_last),
    alias(key(KeyCode::End), Action::Last),
    bind(ctrl('z'), "Ctrl-Z", Action::Undo, |s| s.h_undo),
    bind(ctrl('g'), "Ctrl-G", Action::Group, |s| s.h_group),
    bind(ctrl('t'), "Ctrl-T", Action::Today, |s| s.h_today),
];

static MENU_KEYS: &[Binding] = &[
    bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| s.h_choose),
    bind(key(KeyCode::Down), "↑↓", Action::Down, |s| s.h_move),
    alias(key(KeyCode::Up), Action::Up),
];

static CONFIRM_KEYS: &[Binding] = &[bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| s.h_yes)];

static CANCEL_KEYS: &[Binding] = &[
    bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| s.h_submit),
    bind(key(KeyCode::Tab), "Tab", Action::NextField, |s| s.h_who_cancels),
];

static CONFIRM_CANCEL_KEYS: &[Binding] = &[bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| {
    s.h_yes_cancel
})];

/// Symbol and word for a status: never colour alone.
pub fn status_label(s: &Strings, st: Status) -> (&'static str, &'static str, ratatui::style::Style) {
    let word = status_word(s, st);
    match st {
        Status::Booked => ("○", word, theme::WARNING),
        Status::Confirmed => ("●", word, theme::OK),
        Status::CheckedIn => ("▶", word, theme::KEY),
        Status::Completed => ("✔", word, theme::MUTED),
        Status::NoShow => ("✗", word, theme::ERROR),
        Status::Cancelled => ("⊘", word, theme::MUTED),
    }
}

/// The status word the desk reads: the domain's one table of labels ([`Status::label`]).
pub fn status_word(s: &Strings, st: Status) -> &'static str {
    st.label(s.lang)
}

/// "2 h 40 min", "35 min".
fn duration_words(d: Duration) -> String {
    let m = d.num_minutes().max(0);
    match (m / 60, m % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
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
            grouped: false,
            menu_sel: 0,
            cancel_by: CancelledBy::Patient,
            cancel_reason: TextField::new(200),
            cancel_error: None,
            cancel_following: false,
            undo: None,
            waiting: Vec::new(),
            waiting_sel: 0,
        };
        st.load(desk);
        st.select_next_to_come(desk);
        st
    }

    /// Selects the first appointment that has not started yet (the next to come).
    fn select_next_to_come(&mut self, desk: &Desk) {
        let now = WallTime::new(desk.local_now());
        let visible = self.visible();
        let next = visible
            .iter()
            .enumerate()
            .filter(|(_, i)| self.appointments[**i].start >= now)
            .min_by(|(_, a), (_, b)| self.appointments[**a].start.cmp(&self.appointments[**b].start));
        if let Some((pos, _)) = next {
            self.selected = pos;
        }
    }

    fn load(&mut self, desk: &mut Desk) {
        let chosen = self.selected_appointment().cloned();
        let keep = chosen.as_ref().map(|a| a.id.clone());
        let filter = AppointmentFilter {
            from: Some(self.date),
            to: Some(self.date),
            ..AppointmentFilter::default()
        };
        match appointments::list_appointments(&desk.conn, &filter) {
            Ok(mut list) => {
                list.sort_by(|a, b| a.start.cmp(&b.start).then(a.doctor_name.cmp(&b.doctor_name)));
                self.appointments = list;
                self.keep_selected(keep);
                self.close_dialog_if_its_appointment_left(desk, chosen);
            }
            Err(e) => desk.fail(&e),
        }
    }

    /// A dialog acts on the selected row: when a refresh took the appointment it was opened for
    /// out of the list (another desk paid it past the filter, moved it to another day...), the
    /// selection would slide onto another patient under the open question. Close the dialog and
    /// say what happened instead.
    fn close_dialog_if_its_appointment_left(&mut self, desk: &mut Desk, chosen: Option<Appointment>) {
        let acts_on_selection = match self.mode {
            Mode::List | Mode::Confirm(Act::Undo) | Mode::Waiting | Mode::ConfirmWaiting => false,
            Mode::Menu | Mode::Confirm(_) | Mode::Cancel | Mode::ConfirmCancel => true,
        };
        let Some(chosen) = chosen else { return };
        if !acts_on_selection || self.selected_appointment().is_some_and(|a| a.id == chosen.id) {
            return;
        }
        self.mode = Mode::List;
        let now = self
            .appointments
            .iter()
            .find(|a| a.id == chosen.id)
            .unwrap_or(&chosen);
        let s = desk.s;
        desk.warn((s.changed_elsewhere)(
            &chosen.patient_name,
            &chosen.start.hm(),
            status_word(s, now.status),
        ));
    }

    /// Selects the appointment `id` again (after a reload, a regrouping, clearing the filter).
    fn keep_selected(&mut self, id: Option<AppointmentId>) {
        let visible = self.visible();
        self.selected = id
            .and_then(|id| visible.iter().position(|i| self.appointments[*i].id == id))
            .unwrap_or(self.selected)
            .min(visible.len().saturating_sub(1));
    }

    /// Clears the filter and keeps the selected appointment selected in the whole day's list.
    fn clear_filter(&mut self) {
        let keep = self.selected_appointment().map(|a| a.id.clone());
        self.filter.clear();
        self.selected = 0;
        self.keep_selected(keep);
    }

    /// Indexes of the appointments the filter lets through (patient, doctor, DNI, or the status
    /// word in Spanish or English), in display order: by time, or by doctor then time.
    pub fn visible(&self) -> Vec<usize> {
        let f = fold(self.filter.value.trim());
        let status_matches = |st: Status| {
            [
                strings::get(crate::i18n::Lang::Es),
                strings::get(crate::i18n::Lang::En),
            ]
            .iter()
            .any(|s| fold(status_word(s, st)).starts_with(&f))
                || st.as_str().starts_with(&f)
        };
        let mut out: Vec<usize> = self
            .appointments
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                f.is_empty()
                    || fold(&a.patient_name).contains(&f)
                    || fold(&a.doctor_name).contains(&f)
                    || a.patient_dni.starts_with(&f)
                    || status_matches(a.status)
            })
            .map(|(i, _)| i)
            .collect();
        if self.grouped {
            // Stable: within a doctor the time order stays.
            out.sort_by(|a, b| {
                self.appointments[*a]
                    .doctor_name
                    .cmp(&self.appointments[*b].doctor_name)
            });
        }
        out
    }

    pub fn selected_appointment(&self) -> Option<&Appointment> {
        self.visible()
            .get(self.selected)
            .and_then(|i| self.appointments.get(*i))
    }

    /// The menu's entries for the selected appointment: only what its status allows now.
    pub fn menu(&self, desk: &Desk) -> Vec<Act> {
        let Some(a) = self.selected_appointment() else {
            return Vec::new();
        };
        let mut acts = Vec::new();
        if self.undo_for(desk, &a.id).is_some() {
            acts.push(Act::Undo);
        }
        let started = desk.local_now() >= a.start.naive();
        match a.status {
            Status::Booked | Status::Confirmed => {
                acts.push(Act::CheckIn);
                if a.status == Status::Booked {
                    acts.push(Act::Pay);
                }
                // In a series with appointments after it: "this one" or "this one and the
                // following ones" (those still booked or paid; the domain skips the others).
                let has_following = a
                    .series
                    .as_ref()
                    .is_some_and(|p| p.series_position < p.series_count);
                acts.push(Act::Reschedule);
                if has_following {
                    acts.push(Act::RescheduleFollowing);
                }
                acts.push(Act::Cancel);
                if has_following {
                    acts.push(Act::CancelFollowing);
                }
                if started {
                    acts.push(Act::NoShow);
                }
            }
            Status::CheckedIn => acts.push(Act::Complete),
            Status::Completed | Status::NoShow | Status::Cancelled => {}
        }
        acts
    }

    /// The undo this desk can still make for appointment `id`.
    fn undo_for(&self, desk: &Desk, id: &AppointmentId) -> Option<&Undo> {
        self.undo
            .as_ref()
            .filter(|u| u.appointment.id == *id && desk.now() <= u.until)
    }

    /// The appointment an action is about: the undo's, or the selected one.
    fn subject(&self, act: Act) -> Option<&Appointment> {
        match act {
            Act::Undo => self.undo.as_ref().map(|u| &u.appointment),
            _ => self.selected_appointment(),
        }
    }

    /// Runs a confirmed status change and reloads the day.
    fn run(&mut self, desk: &mut Desk, act: Act) {
        let Some(appt) = self.subject(act).cloned() else {
            return;
        };
        let now = desk.now();
        let staff = desk.staff_id().cloned();
        let by = staff.as_ref();
        let undo_status = self.undo.as_ref().map(|u| u.status);
        let result = match act {
            Act::CheckIn => crate::flows::desk::set_status(&desk.conn, &appt.id, Status::CheckedIn, by, now),
            Act::Complete => crate::flows::desk::set_status(&desk.conn, &appt.id, Status::Completed, by, now),
            Act::NoShow => crate::flows::desk::set_status(&desk.conn, &appt.id, Status::NoShow, by, now),
            _ => crate::flows::desk::undo(&desk.conn, &appt.id, undo_status.unwrap_or(appt.status), by, now),
        };
        let s = desk.s;
        let time = appt.start.hm();
        match result {
            Ok(a) if act == Act::Undo => {
                self.undo = None;
                desk.info((s.undone)(&a.patient_name, &time, status_word(s, a.status)));
            }
            Ok(a) => {
                let (sym, word, _) = status_label(s, a.status);
                desk.info((s.changed_undo)(
                    &a.patient_name,
                    &time,
                    &format!("{sym} {word}"),
                    appointments::UNDO_MINUTES,
                ));
                if a.status == Status::NoShow {
                    let waiting = crate::flows::waitlist::waiting_after_no_show(&desk.conn, &a, now);
                    self.show_waiting(desk, waiting);
                }
                self.undo = Some(Undo {
                    status: a.status,
                    appointment: a,
                    until: now + Duration::minutes(appointments::UNDO_MINUTES),
                });
            }
            Err(e) if e.kind() == Kind::Conflict && act != Act::Undo => {
                // Another desk changed it first: say what it is now, in the desk's words.
                match appointments::get_appointment(&desk.conn, &appt.id) {
                    Ok(now_is) if now_is.status != appt.status => desk.warn((s.changed_elsewhere)(
                        &appt.patient_name,
                        &time,
                        status_word(s, now_is.status),
                    )),
                    _ => crate::tui::errors::show(desk, &e),
                }
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
        if self.cancel_following {
            match crate::flows::cancel::cancel_following(
                &desk.conn,
                &appt.id,
                self.cancel_by,
                &reason,
                &staff,
                now,
            ) {
                Ok(all) => {
                    let refunds = all.iter().filter(|o| o.refund.is_some()).count();
                    desk.info((desk.s.cancelled_following)(
                        all.len(),
                        &appt.patient_name,
                        refunds,
                    ));
                    self.mode = Mode::List;
                    self.cancel_reason.clear();
                    self.cancel_following = false;
                    let freed: Vec<_> = all.into_iter().map(|o| o.appointment).collect();
                    let waiting = crate::flows::waitlist::waiting_for_freed(&desk.conn, &freed, now);
                    self.show_waiting(desk, waiting);
                }
                Err(e) => {
                    self.cancel_error = Some(e.message(desk.lang));
                    self.mode = Mode::Cancel;
                }
            }
            self.load(desk);
            return;
        }
        match crate::flows::cancel::cancel(&desk.conn, &appt.id, self.cancel_by, &reason, &staff, now) {
            Ok(out) => {
                let text = match &out.refund {
                    Some(r) => (desk.s.cancelled_refunded)(&out.appointment.patient_name, &r.amount),
                    None => (desk.s.cancelled)(&out.appointment.patient_name),
                };
                desk.info(text);
                self.mode = Mode::List;
                self.cancel_reason.clear();
                let waiting = crate::flows::waitlist::waiting_for_freed(
                    &desk.conn,
                    std::slice::from_ref(&out.appointment),
                    now,
                );
                self.show_waiting(desk, waiting);
            }
            Err(e) => {
                self.cancel_error = Some(e.message(desk.lang));
                self.mode = Mode::Cancel;
            }
        }
        self.load(desk);
    }

    /// Opens the "who waits" panel when someone waits for what was just freed.
    fn show_waiting(
        &mut self,
        desk: &mut Desk,
        waiting: crate::error::AppResult<Vec<crate::domain::waitlist::Match>>,
    ) {
        match waiting {
            Ok(w) if !w.is_empty() => {
                self.waiting = w;
                self.waiting_sel = 0;
                self.mode = Mode::Waiting;
            }
            Ok(_) => {}
            Err(e) => desk.fail(&e),
        }
    }

    fn choose(&mut self, desk: &mut Desk) -> Nav {
        let menu = self.menu(desk);
        let Some(act) = menu.get(self.menu_sel).copied() else {
            self.mode = Mode::List;
            return Nav::Stay;
        };
        self.mode = Mode::List;
        let Some(a) = self.selected_appointment().cloned() else {
            return Nav::Stay;
        };
        match act {
            Act::Pay => return super::open_payment(desk, a, false),
            Act::Reschedule => {
                let booking = super::booking::State::for_reschedule(desk, a);
                return Nav::Push(super::Screen::Booking(Box::new(booking)));
            }
            Act::RescheduleFollowing => {
                let booking = super::booking::State::for_reschedule_following(desk, a);
                return Nav::Push(super::Screen::Booking(Box::new(booking)));
            }
            Act::Cancel | Act::CancelFollowing => {
                self.mode = Mode::Cancel;
                self.cancel_following = act == Act::CancelFollowing;
                self.cancel_error = None;
            }
            other => self.mode = Mode::Confirm(other),
        }
        Nav::Stay
    }
}

impl View for State {
    fn keymap(&self) -> Keymap {
        let (bindings, text) = match self.mode {
            Mode::List => (LIST_KEYS, true),
            Mode::Menu => (MENU_KEYS, false),
            Mode::Confirm(_) => (CONFIRM_KEYS, false),
            Mode::Cancel => (CANCEL_KEYS, true),
            Mode::ConfirmCancel => (CONFIRM_CANCEL_KEYS, false),
            Mode::Waiting => (super::waitlist::WAITING_KEYS, false),
            Mode::ConfirmWaiting => (CONFIRM_KEYS, false),
        };
        Keymap { bindings, text }
    }

    fn update(&mut self, desk: &mut Desk, action: Action) -> Nav {
        let len = self.visible().len();
        let last = len.saturating_sub(1);
        match (self.mode, action) {
            (Mode::List, Action::Down) => self.selected = (self.selected + 1).min(last),
            (Mode::List, Action::Up) => self.selected = self.selected.saturating_sub(1),
            (Mode::List, Action::PageDown) => self.selected = (self.selected + 10).min(last),
            (Mode::List, Action::PageUp) => self.selected = self.selected.saturating_sub(10),
            (Mode::List, Action::First) => self.selected = 0,
            (Mode::List, Action::Last) => self.selected = last,
            (Mode::List, Action::NextDay | Action::PrevDay | Action::Today) => {
                self.date = match action {
                    Action::NextDay => self.date + Duration::days(1),
                    Action::PrevDay => self.date - Duration::days(1),
                    _ => desk.local_now().date(),
                };
                self.selected = 0;
                self.load(desk);
                if self.date == desk.local_now().date() {
                    self.select_next_to_come(desk);
                }
            }
            (Mode::List, Action::Group) => {
                let keep = self.selected_appointment().map(|a| a.id.clone());
                self.grouped = !self.grouped;
                self.keep_selected(keep);
            }
            (Mode::List, Action::Submit) => {
                if let Some(a) = self.selected_appointment() {
                    if self.menu(desk).is_empty() {
                        let word = status_word(desk.s, a.status);
                        desk.warn((desk.s.no_actions)(word));
                    } else {
                        self.menu_sel = 0;
                        self.mode = Mode::Menu;
                    }
                }
            }
            (Mode::List, Action::Undo) => match self.undo.as_ref().filter(|u| desk.now() <= u.until) {
                Some(_) => self.mode = Mode::Confirm(Act::Undo),
                None => desk.warn((desk.s.nothing_to_undo)(appointments::UNDO_MINUTES)),
            },
            (Mode::List, Action::Back) if !self.filter.is_empty() => self.clear_filter(),
            (Mode::List, Action::Back) => return Nav::Back,
            (Mode::List, other) if self.filter.edit(other) => self.selected = 0,
            (Mode::Menu, Action::Down) => {
                self.menu_sel = (self.menu_sel + 1).min(self.menu(desk).len().saturating_sub(1))
            }
            (Mode::Menu, Action::Up) => self.menu_sel = self.menu_sel.saturating_sub(1),
            (Mode::Menu, Action::Submit) => return self.choose(desk),
            (Mode::Menu, Action::Back) => self.mode = Mode::List,
            (Mode::Confirm(act), Action::Submit) => {
                self.mode = Mode::List;
                self.run(desk, act);
            }
            (Mode::Confirm(_), Action::Back) => self.mode = Mode::List,
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
            (Mode::ConfirmCancel, Action::Submit) => self.cancel(desk),
            (Mode::ConfirmCancel, Action::Back) => self.mode = Mode::Cancel,
            (Mode::Waiting, Action::Down) => {
                self.waiting_sel = (self.waiting_sel + 1).min(self.waiting.len().saturating_sub(1))
            }
            (Mode::Waiting, Action::Up) => self.waiting_sel = self.waiting_sel.saturating_sub(1),
            (Mode::Waiting, Action::Submit) if self.waiting_sel < self.waiting.len() => {
                self.mode = Mode::ConfirmWaiting
            }
            (Mode::Waiting, Action::Back) => {
                self.waiting.clear();
                self.mode = Mode::List;
            }
            (Mode::ConfirmWaiting, Action::Submit) => {
                if let Some(m) = self.waiting.get(self.waiting_sel).cloned() {
                    super::waitlist::book_match(desk, &m);
                }
                self.waiting.clear();
                self.mode = Mode::List;
                self.load(desk);
            }
            (Mode::ConfirmWaiting, Action::Back) => self.mode = Mode::Waiting,
            _ => {}
        }
        Nav::Stay
    }

    fn focused_field(&self) -> Option<&TextField> {
        match self.mode {
            Mode::List => Some(&self.filter),
            Mode::Cancel => Some(&self.cancel_reason),
            _ => None,
        }
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
        let title_w = title.iter().map(|t| width(&t.content)).sum::<usize>() as u16 + 2;
        let [t, f] = head.layout(&Layout::horizontal([
            Constraint::Length(title_w),
            Constraint::Min(10),
        ]));
        frame.render_widget(Line::from(title), t);
        let w = width(s.filter) as u16;
        field_row(
            frame,
            f,
            s.filter,
            w,
            &self.filter,
            Mask::Plain,
            self.mode == Mode::List,
            None,
        );
        if self.filter.is_empty() {
            hint_after(frame, f, w, &self.filter, s.today_filter_hint);
        }
        // Counts by status, each with its symbol; whole units that wrap, never cut.
        let visible = self.visible();
        let total = if self.filter.is_empty() {
            (s.n_appointments)(visible.len())
        } else {
            (s.n_of_appointments)(visible.len(), self.appointments.len())
        };
        let mut spans = vec![Span::styled(total.replace(' ', "\u{a0}"), theme::LABEL)];
        for st in appointments::ALL_STATUSES {
            let n = visible
                .iter()
                .filter(|i| self.appointments[**i].status == st)
                .count();
            if n > 0 {
                let (sym, word, style) = status_label(s, st);
                spans.push(Span::raw("  "));
                let unit = format!("{sym} {n} {word}").replace(' ', "\u{a0}");
                spans.push(Span::styled(unit, style));
            }
        }
        if self.grouped {
            spans.push(Span::raw("  "));
            spans.push(Span::styled(
                s.grouped_by_doctor.replace(' ', "\u{a0}"),
                theme::MUTED,
            ));
        }
        frame.render_widget(
            Paragraph::new(Line::from(spans)).wrap(Wrap { trim: true }),
            counts,
        );

        let block = Block::default().borders(Borders::TOP).border_style(theme::BORDER);
        if visible.is_empty() {
            let msg = if self.appointments.is_empty() {
                s.no_appointments.to_string()
            } else {
                (s.no_match)(self.filter.value.trim())
            };
            frame.render_widget(
                Paragraph::new(Span::styled(msg, theme::MUTED))
                    .wrap(Wrap { trim: true })
                    .block(block),
                table_area,
            );
        } else {
            let inner = block.inner(table_area);
            frame.render_widget(block, table_area);
            self.render_table(desk, frame, inner, &visible);
        }
        match self.mode {
            Mode::Menu => self.render_menu(desk, frame, area),
            Mode::Confirm(act) => self.render_confirm(desk, frame, area, act),
            Mode::Cancel | Mode::ConfirmCancel => self.render_cancel(desk, frame, area),
            Mode::Waiting => {
                super::waitlist::render_waiting(desk, frame, area, &self.waiting, self.waiting_sel)
            }
            Mode::ConfirmWaiting => {
                if let Some(m) = self.waiting.get(self.waiting_sel) {
                    super::waitlist::render_waiting_confirm(desk, frame, area, m);
                }
            }
            Mode::List => {}
        }
    }
}

/// A table row: a doctor's group header, or an appointment (its position in `visible`).
enum Entry {
    Group(usize),
    Appt(usize),
}

impl State {
    fn render_table(&self, desk: &Desk, frame: &mut Frame, area: Rect, visible: &[usize]) {
        let s = desk.s;
        if area.height < 2 {
            return;
        }
        let wide = area.width >= 120;
        // Fixed columns first (time, status, document are never cut), names share the rest.
        let status_w = appointments::ALL_STATUSES
            .iter()
            .map(|st| width(status_word(s, *st)) + 2)
            .max()
            .unwrap_or(12);
        let doc_w = visible
            .iter()
            .map(|i| width(&self.appointments[*i].patient_dni))
            .chain([width(s.col_document)])
            .max()
            .unwrap_or(8);
        let spec_w = if wide { 18 } else { 0 };
        let fixed = 2 + 5 + 1 + 1 + status_w + if wide { 1 + spec_w + 1 + doc_w } else { 0 };
        let names = usize::from(area.width).saturating_sub(fixed + 1);
        let patient_w = names * 55 / 100;
        let doctor_w = names.saturating_sub(patient_w);
        let cells = |time: &str, patient: &str, doctor: &str, status: &str, spec: &str, doc: &str| {
            let mut cols = vec![
                (time, 5),
                (patient, patient_w),
                (doctor, doctor_w),
                (status, status_w),
            ];
            if wide {
                cols.extend([(spec, spec_w), (doc, width(doc))]);
            }
            widgets::fitted_row(&cols)
        };
        let header = format!(
            "  {}",
            cells(
                s.col_time,
                s.patient,
                s.col_doctor,
                s.col_status,
                s.specialty,
                s.col_document
            )
        );
        frame.render_widget(
            Line::from(Span::styled(header, theme::LABEL)),
            Rect::new(area.x, area.y, area.width, 1),
        );
        let rows = Rect::new(area.x, area.y + 1, area.width, area.height - 1);

        let mut entries = Vec::new();
        let mut last_doctor: Option<&str> = None;
        for (pos, i) in visible.iter().enumerate() {
            let a = &self.appointments[*i];
            if self.grouped && last_doctor != Some(a.doctor_name.as_str()) {
                entries.push(Entry::Group(pos));
                last_doctor = Some(&a.doctor_name);
            }
            entries.push(Entry::Appt(pos));
        }
        let group_line = |pos: usize| {
            let doctor = &self.appointments[visible[pos]].doctor_name;
            let n = visible
                .iter()
                .filter(|j| self.appointments[**j].doctor_name == *doctor)
                .count();
            let text = format!(
                "── {} ({n}) ",
                ellipsis(doctor, usize::from(area.width).saturating_sub(12))
            );
            let pad = usize::from(area.width).saturating_sub(width(&text));
            Line::from(Span::styled(format!("{text}{}", "─".repeat(pad)), theme::LABEL))
        };
        let fit_n = usize::from(rows.height);
        let sel = entries
            .iter()
            .position(|e| matches!(e, Entry::Appt(p) if *p == self.selected))
            .unwrap_or(0);
        let mut offset = (sel + 1).saturating_sub(fit_n);
        let mut lines = Vec::new();
        // Scrolled inside a group: its header stays on top, so the rows say whose they are.
        if offset > 0
            && self.grouped
            && let Entry::Appt(p) = entries[offset]
        {
            lines.push(group_line(p));
            offset += 1;
        }
        for e in entries.iter().skip(offset) {
            if lines.len() >= fit_n {
                break;
            }
            match e {
                Entry::Group(p) => lines.push(group_line(*p)),
                Entry::Appt(p) => {
                    let a = &self.appointments[visible[*p]];
                    let (sym, word, style) = status_label(s, a.status);
                    let text = cells(
                        &a.start.hm(),
                        &a.patient_name,
                        &a.doctor_name,
                        "",
                        &a.specialty,
                        &a.patient_dni,
                    );
                    // The status cell is styled on its own (its colour and symbol).
                    let status_at = 5 + 1 + patient_w + 1 + doctor_w + 1;
                    let (before, after) = split_at_col(&text, status_at);
                    let after = after.get(status_w.min(after.len())..).unwrap_or("");
                    let selected = *p == self.selected;
                    let base = if selected { theme::SELECTED } else { theme::TEXT };
                    lines.push(Line::from(vec![
                        Span::styled(if selected { "▶ " } else { "  " }, base),
                        Span::styled(before.to_string(), base),
                        Span::styled(
                            fit(&format!("{sym} {word}"), status_w),
                            if selected { base } else { style },
                        ),
                        Span::styled(after.to_string(), base),
                    ]));
                }
            }
        }
        frame.render_widget(Paragraph::new(lines), rows);
    }

    /// "Ana María García Pérez (DNI 45678912)" and "hoy 10:20 · Jorge Mendoza · Cardiología".
    fn who_and_when(desk: &Desk, a: &Appointment) -> [Line<'static>; 2] {
        let s = desk.s;
        let d = a.start.date();
        let when = if d == desk.local_now().date() {
            format!("{} {}", s.today, a.start.hm())
        } else {
            format!("{} {} {}", (s.weekday)(d), d.format("%d/%m"), a.start.hm())
        };
        [
            Line::from(Span::styled(
                format!("{} ({})", a.patient_name, a.patient_dni),
                theme::LABEL,
            )),
            Line::from(match &a.series {
                Some(p) => format!(
                    "{when} · {} · {} · {}",
                    a.doctor_name,
                    a.specialty,
                    (s.series_place)(&p.series)
                ),
                None => format!("{when} · {} · {}", a.doctor_name, a.specialty),
            }),
        ]
    }

    /// An action's words; in a series, "this one only" tells the two kinds of move and cancel apart.
    fn act_label(s: &Strings, act: Act, in_series: bool) -> &'static str {
        match act {
            Act::CheckIn => s.act_check_in,
            Act::Complete => s.act_complete,
            Act::NoShow => s.act_no_show,
            Act::Pay => s.act_pay,
            Act::Reschedule if in_series => s.act_reschedule_one,
            Act::Reschedule => s.act_reschedule,
            Act::RescheduleFollowing => s.act_reschedule_following,
            Act::Cancel if in_series => s.act_cancel_one,
            Act::Cancel => s.act_cancel,
            Act::CancelFollowing => s.act_cancel_following,
            Act::Undo => s.act_undo,
        }
    }

    fn render_menu(&self, desk: &Desk, frame: &mut Frame, area: Rect) {
        let s = desk.s;
        let Some(a) = self.selected_appointment() else {
            return;
        };
        let mut lines: Vec<Line> = Self::who_and_when(desk, a).into();
        let (sym, word, style) = status_label(s, a.status);
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", s.col_status), theme::LABEL),
            Span::styled(format!("{sym} {word}"), style),
        ]));
        lines.push(Line::from(""));
        let menu = self.menu(desk);
        let in_series = menu.contains(&Act::CancelFollowing);
        for (i, act) in menu.into_iter().enumerate() {
            let label = Self::act_label(s, act, in_series);
            lines.push(if i == self.menu_sel {
                Line::from(Span::styled(format!("▶ {label}"), theme::SELECTED))
            } else {
                Line::from(format!("  {label}"))
            });
        }
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(s.menu_keys, theme::KEY)));
        widgets::dialog(frame, area, s.actions_title, lines, theme::BORDER);
    }

    fn render_confirm(&self, desk: &Desk, frame: &mut Frame, area: Rect, act: Act) {
        let s = desk.s;
        let Some(a) = self.subject(act) else { return };
        let question = match act {
            Act::CheckIn => s.q_check_in.to_string(),
            Act::Complete => s.q_complete.to_string(),
            Act::NoShow => s.q_no_show.to_string(),
            Act::Undo => {
                let back = appointments::status_history(&desk.conn, &a.id)
                    .ok()
                    .and_then(|h| h.last().and_then(|c| c.from_status));
                (s.q_undo)(back.map_or("", |b| status_word(s, b)))
            }
            _ => String::new(),
        };
        let mut lines = vec![Line::from(Span::styled(format!("⚠ {question}"), theme::WARNING))];
        lines.extend(Self::who_and_when(desk, a));
        if act == Act::CheckIn {
            let start = a.start.naive();
            let now = desk.local_now();
            if start.date() != now.date() {
                lines.push(Line::from(Span::styled(
                    format!(
                        "⚠ {}",
                        (s.not_today)(&format!(
                            "{} {}",
                            (s.weekday)(start.date()),
                            start.format("%d/%m")
                        ))
                    ),
                    theme::ERROR,
                )));
            } else if start - now > Duration::minutes(EARLY_CHECK_IN_MINUTES) {
                lines.push(Line::from(Span::styled(
                    format!("⚠ {}", (s.early_check_in)(&duration_words(start - now))),
                    theme::ERROR,
                )));
            }
        }
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(s.enter_yes_esc_no, theme::KEY)));
        let title = Self::act_label(s, act, false);
        widgets::dialog(frame, area, title, lines, theme::WARNING);
    }

    fn render_cancel(&self, desk: &Desk, frame: &mut Frame, area: Rect) {
        let s = desk.s;
        let Some(a) = self.selected_appointment() else {
            return;
        };
        let r = centered(area, 72, 10);
        frame.render_widget(Clear, r);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme::WARNING)
            .title(format!(
                " {} ",
                if self.cancel_following {
                    s.cancel_following_title
                } else {
                    s.cancel_title
                }
            ));
        let inner = block.inner(r);
        frame.render_widget(block, r);
        let rows = inner.layout_vec(&Layout::vertical([Constraint::Length(1); 8]));
        let [who, when] = Self::who_and_when(desk, a);
        frame.render_widget(who, rows[0]);
        frame.render_widget(when, rows[1]);
        let by = match self.cancel_by {
            CancelledBy::Patient => s.by_patient,
            CancelledBy::Clinic => s.by_clinic,
        };
        frame.render_widget(
            Line::from(vec![
                Span::styled(format!("{}: ", s.cancelled_by), theme::LABEL),
                Span::styled(format!("◀ {by} ▶"), theme::KEY),
                Span::styled("  (Tab)", theme::MUTED),
            ]),
            rows[2],
        );
        let w = width(s.reason) as u16;
        field_row(
            frame,
            rows[3],
            s.reason,
            w,
            &self.cancel_reason,
            Mask::Plain,
            self.mode == Mode::Cancel,
            None,
        );
        if let (true, Some(p)) = (self.cancel_following, &a.series) {
            frame.render_widget(
                Paragraph::new(Span::styled((s.will_cancel_following)(&p.series), theme::WARNING))
                    .wrap(Wrap { trim: true }),
                rows[4],
            );
        } else if a.status == Status::Confirmed {
            frame.render_widget(Line::from(Span::styled(s.will_refund, theme::WARNING)), rows[4]);
        }
        if let Some(e) = &self.cancel_error {
            frame.render_widget(
                Paragraph::new(Span::styled(format!("✗ {e}"), theme::ERROR)).wrap(Wrap { trim: true }),
                rows[5],
            );
        }
        if self.mode == Mode::ConfirmCancel {
            frame.render_widget(
                Line::from(vec![
                    Span::styled(
                        format!(
                            "⚠ {} ",
                            if self.cancel_following {
                                s.confirm_cancel_following
                            } else {
                                s.confirm_cancel
                            }
                        ),
                        theme::WARNING,
                    ),
                    Span::styled(s.enter_yes_esc_no, theme::KEY),
                ]),
                rows[6],
            );
        }
    }
}

/// Splits `text` after `cols` screen columns.
fn split_at_col(text: &str, cols: usize) -> (&str, &str) {
    let mut used = 0;
    for (i, c) in text.char_indices() {
        if used >= cols {
            return (&text[..i], &text[i..]);
        }
        used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
    }
    (text, "")
}
