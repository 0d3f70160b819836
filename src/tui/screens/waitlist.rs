//! Espera (F7): the waiting list, longest-waiting first. Letters go to the filter (patient, DNI,
//! specialty, doctor, state word): typing never acts. Enter opens the selected entry's actions
//! (↑↓ and Enter, only those its state allows): offer the earliest free slot that suits it,
//! book that slot at once, book the slot offered, "declined" (waits again), remove. Each asks
//! first, naming the patient and the slot (Enter yes, Esc no). Ctrl-N opens the new-entry form.
//! Every change is a `flows::waitlist` call; a change another desk made first is explained.
//!
//! [`render_waiting`] is the "who waits" panel the Today tab shows right after a cancellation
//! or a no-show.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::View;
use crate::domain::catalog;
use crate::domain::patients;
use crate::domain::waitlist::{
    self, Entry, EntryInput, ListFilter, Match, NewEntry, SlotRef, State as EntryState,
};
use crate::error::{AppError, Kind};
use crate::i18n::Lang;
use crate::text::fold;
use crate::tui::action::{Action, Tab};
use crate::tui::app::{Desk, Nav};
use crate::tui::keymap::{Binding, Keymap, alias, bind, ctrl, key};
use crate::tui::strings::Strings;
use crate::tui::theme;
use crate::tui::widgets::{self, Mask, TextField, centered, ellipsis, field_row, width};

/// This screen's words, once per language (a missing one does not compile).
pub struct Texts {
    pub tab: &'static str,
    pub title: fn(usize) -> String,
    pub empty: &'static str,
    /// The filter lets nobody through, while the list has entries.
    pub no_match: &'static str,
    pub col_since: &'static str,
    pub col_state: &'static str,
    pub col_patient: &'static str,
    pub col_dni: &'static str,
    pub col_wants: &'static str,
    pub col_when: &'static str,
    pub col_offered: &'static str,
    pub h_actions: &'static str,
    pub h_new: &'static str,
    pub h_choose: &'static str,
    pub h_yes: &'static str,
    pub h_book_for: &'static str,
    pub h_save: &'static str,
    pub h_next: &'static str,
    pub actions_title: &'static str,
    pub act_offer: &'static str,
    pub act_book_now: &'static str,
    pub act_book_offered: &'static str,
    pub act_decline: &'static str,
    pub act_remove: &'static str,
    pub menu_keys: &'static str,
    pub enter_yes_esc_no: &'static str,
    pub q_offer: &'static str,
    pub q_book: &'static str,
    pub q_decline: &'static str,
    pub q_remove: &'static str,
    pub no_slot: &'static str,
    /// Patient, slot, and the hours the offer holds (the clinic's `offer_hold_hours`).
    pub offered: fn(&str, &str, i64) -> String,
    pub booked: fn(&str, &str) -> String,
    pub declined: fn(&str) -> String,
    pub removed: fn(&str) -> String,
    pub added: fn(&str, &str) -> String,
    pub changed_elsewhere: fn(&str, &str) -> String,
    pub form_title: &'static str,
    pub f_patient: &'static str,
    pub f_wants: &'static str,
    pub f_from: &'static str,
    pub f_to: &'static str,
    pub f_time: &'static str,
    pub f_note: &'static str,
    pub form_hint: &'static str,
    pub required: &'static str,
    pub waiting_title: fn(usize) -> String,
    pub waiting_keys: &'static str,
    pub since: &'static str,
}

static ES: Texts = Texts {
    tab: "Espera",
    title: |n| format!("Lista de espera ({n}), el que más espera primero"),
    empty: "Nadie en la lista de espera. Ctrl-N agrega un paciente.",
    no_match: "Nadie en la lista coincide con el filtro. Esc lo borra.",
    col_since: "Desde",
    col_state: "Estado",
    col_patient: "Paciente",
    col_dni: "DNI",
    col_wants: "Espera",
    col_when: "Fechas / horario",
    col_offered: "Hora ofrecida",
    h_actions: "acciones",
    h_new: "agregar",
    h_choose: "elegir",
    h_yes: "sí",
    h_book_for: "reservar",
    h_save: "guardar",
    h_next: "campo siguiente / guardar",
    actions_title: "Entrada de la lista de espera",
    act_offer: "Ofrecer la hora libre más próxima que le sirve",
    act_book_now: "Reservar ya la hora libre más próxima que le sirve",
    act_book_offered: "Reservar la hora ofrecida",
    act_decline: "No aceptó la hora: vuelve a esperar",
    act_remove: "Retirar de la lista de espera",
    menu_keys: "↑↓ elegir · Enter aceptar · Esc volver",
    enter_yes_esc_no: "Enter sí · Esc no",
    q_offer: "¿Ofrecer esta hora (queda guardada para el paciente mientras lo llama)?",
    q_book: "¿Reservar esta cita?",
    q_decline: "¿El paciente no aceptó la hora? Vuelve a esperar y la hora queda libre.",
    q_remove: "¿Retirar al paciente de la lista de espera?",
    no_slot: "No hay una hora libre que le sirva en su ventana (o en los próximos 60 días).",
    offered: |p, slot, hours| {
        format!(
            "Hora {slot} ofrecida a {p}: queda guardada hasta reservarla o que la rechace ({hours} horas como máximo)."
        )
    },
    booked: |p, slot| format!("Cita reservada para {p}: {slot}."),
    declined: |p| format!("{p} vuelve a esperar; la hora ofrecida quedó libre."),
    removed: |p| format!("{p} salió de la lista de espera."),
    added: |p, wants| format!("{p} está en la lista de espera de {wants}."),
    changed_elsewhere: |p, st| format!("Otra recepción cambió la entrada de {p}: ahora está {st}."),
    form_title: "Agregar a la lista de espera",
    f_patient: "DNI del paciente",
    f_wants: "Especialidad o médico",
    f_from: "Desde (fecha)",
    f_to: "Hasta (fecha)",
    f_time: "Horario",
    f_note: "Nota",
    form_hint: "Fechas DD/MM/AAAA o AAAA-MM-DD; horario: mañana, tarde o 09:00-11:00; vacío: cualquiera.",
    required: "obligatorio",
    waiting_title: |n| format!("En espera para lo que quedó libre ({n}): primero quien más espera"),
    waiting_keys: "↑↓ elegir · Enter reservarle la hora · Esc cerrar",
    since: "espera desde",
};

static EN: Texts = Texts {
    tab: "Waitlist",
    title: |n| format!("Waiting list ({n}), longest-waiting first"),
    empty: "Nobody on the waiting list. Ctrl-N adds a patient.",
    no_match: "Nobody on the list matches the filter. Esc clears it.",
    col_since: "Since",
    col_state: "State",
    col_patient: "Patient",
    col_dni: "DNI",
    col_wants: "Waits for",
    col_when: "Dates / time",
    col_offered: "Offered slot",
    h_actions: "actions",
    h_new: "add",
    h_choose: "choose",
    h_yes: "yes",
    h_book_for: "book",
    h_save: "save",
    h_next: "next field / save",
    actions_title: "Waiting-list entry",
    act_offer: "Offer the earliest free slot that suits them",
    act_book_now: "Book the earliest free slot that suits them now",
    act_book_offered: "Book the offered slot",
    act_decline: "Declined the slot: waits again",
    act_remove: "Take off the waiting list",
    menu_keys: "↑↓ choose · Enter accept · Esc back",
    enter_yes_esc_no: "Enter yes · Esc no",
    q_offer: "Offer this slot (it is held for the patient while you call)?",
    q_book: "Book this appointment?",
    q_decline: "The patient declined the slot? They wait again and the slot is free.",
    q_remove: "Take the patient off the waiting list?",
    no_slot: "No free slot suits them in their window (or in the next 60 days).",
    offered: |p, slot, hours| {
        format!("Slot {slot} offered to {p}: held for them until booked or declined ({hours} hours at most).")
    },
    booked: |p, slot| format!("Appointment booked for {p}: {slot}."),
    declined: |p| format!("{p} waits again; the offered slot is free."),
    removed: |p| format!("{p} left the waiting list."),
    added: |p, wants| format!("{p} is on the {wants} waiting list."),
    changed_elsewhere: |p, st| format!("Another desk changed {p}'s entry: it is now {st}."),
    form_title: "Add to the waiting list",
    f_patient: "Patient's DNI",
    f_wants: "Specialty or doctor",
    f_from: "From (date)",
    f_to: "To (date)",
    f_time: "Time of day",
    f_note: "Note",
    form_hint: "Dates DD/MM/YYYY or YYYY-MM-DD; time: mañana (morning), tarde (afternoon) or 09:00-11:00; empty: any.",
    required: "required",
    waiting_title: |n| format!("On the waiting list for what was freed ({n}), longest-waiting first"),
    waiting_keys: "↑↓ choose · Enter book it for them · Esc close",
    since: "waiting since",
};

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Es => &ES,
        Lang::En => &EN,
    }
}

fn t(s: &Strings) -> &'static Texts {
    texts(s.lang)
}

/// What the desk can do to the selected entry (the menu's entries).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Offer,
    BookNow,
    BookOffered,
    Decline,
    Remove,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    List,
    Menu,
    /// The question before an action (its slot, if any, in `State::slot`).
    Confirm(Act),
    /// The new-entry form.
    Form,
}

/// The new-entry form's fields, in order.
pub const FORM_FIELDS: usize = 6;

pub struct State {
    pub entries: Vec<Entry>,
    /// Position in [`State::visible`].
    pub selected: usize,
    pub mode: Mode,
    pub filter: TextField,
    pub menu_sel: usize,
    /// The slot the open question is about.
    pub slot: Option<SlotRef>,
    pub form: [TextField; FORM_FIELDS],
    pub focus: usize,
    pub form_error: Option<String>,
}

static LIST_KEYS: &[Binding] = &[
    bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| t(s).h_actions),
    bind(key(KeyCode::Down), "↑↓", Action::Down, |s| s.h_move),
    alias(key(KeyCode::Up), Action::Up),
    alias(key(KeyCode::PageDown), Action::PageDown),
    alias(key(KeyCode::PageUp), Action::PageUp),
    alias(key(KeyCode::Home), Action::First),
    alias(key(KeyCode::End), Action::Last),
    bind(ctrl('n'), "Ctrl-N", Action::New, |s| t(s).h_new),
];

static MENU_KEYS: &[Binding] = &[
    bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| t(s).h_choose),
    bind(key(KeyCode::Down), "↑↓", Action::Down, |s| s.h_move),
    alias(key(KeyCode::Up), Action::Up),
];

static CONFIRM_KEYS: &[Binding] = &[bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| t(s).h_yes)];

static FORM_KEYS: &[Binding] = &[
    bind(ctrl('s'), "Ctrl-S", Action::Save, |s| t(s).h_save),
    bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| t(s).h_next),
    bind(key(KeyCode::Tab), "Tab", Action::NextField, |s| s.h_next_field),
    alias(key(KeyCode::Down), Action::NextField),
    bind(key(KeyCode::BackTab), "Shift-Tab", Action::PrevField, |s| {
        s.h_prev_field
    }),
    alias(key(KeyCode::Up), Action::PrevField),
];

/// The keys of the Today tab's "who waits" panel.
pub static WAITING_KEYS: &[Binding] = &[
    bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| t(s).h_book_for),
    bind(key(KeyCode::Down), "↑↓", Action::Down, |s| s.h_move),
    alias(key(KeyCode::Up), Action::Up),
];

/// "02/03 10:00" for a slot, "hoy 10:00" today.
pub fn slot_words(desk: &Desk, slot: &SlotRef) -> String {
    let d = slot.start.date();
    let when = if d == desk.local_now().date() {
        format!("{} {}", desk.s.today, slot.start.hm())
    } else {
        format!(
            "{} {} {}",
            (desk.s.weekday)(d),
            d.format("%d/%m"),
            slot.start.hm()
        )
    };
    format!("{when} · {}", slot.doctor_name)
}

/// "02/03/2026 – 20/03/2026 · mañana", or "" for any day and time.
fn when_words(lang: Lang, e: &Entry) -> String {
    let parts: Vec<String> = [e.window(), e.time_of_day().label(lang)]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    parts.join(" · ")
}

impl State {
    pub fn new(desk: &mut Desk) -> State {
        let mut st = State {
            entries: Vec::new(),
            selected: 0,
            mode: Mode::List,
            filter: TextField::new(40),
            menu_sel: 0,
            slot: None,
            form: std::array::from_fn(|i| TextField::new(if i == 5 { 300 } else { 60 })),
            focus: 0,
            form_error: None,
        };
        st.load(desk);
        st
    }

    fn load(&mut self, desk: &mut Desk) {
        let keep = self.selected_entry().map(|e| e.id.clone());
        match waitlist::list(&desk.conn, &ListFilter::default(), desk.now()) {
            Ok(list) => {
                self.entries = list;
                let visible = self.visible();
                self.selected = keep
                    .and_then(|id| visible.iter().position(|i| self.entries[*i].id == id))
                    .unwrap_or(self.selected)
                    .min(visible.len().saturating_sub(1));
            }
            Err(e) => desk.fail(&e),
        }
    }

    /// Indexes of the entries the filter lets through, longest-waiting first.
    pub fn visible(&self) -> Vec<usize> {
        let f = fold(self.filter.value.trim());
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                f.is_empty()
                    || fold(&e.patient_name).contains(&f)
                    || e.patient_dni.starts_with(&f)
                    || fold(&e.wants()).contains(&f)
                    || [Lang::Es, Lang::En]
                        .iter()
                        .any(|l| fold(e.state.label(*l)).starts_with(&f))
            })
            .map(|(i, _)| i)
            .collect()
    }

    pub fn selected_entry(&self) -> Option<&Entry> {
        self.visible()
            .get(self.selected)
            .and_then(|i| self.entries.get(*i))
    }

    /// The menu's entries for the selected entry: only what its state allows.
    pub fn menu(&self) -> Vec<Act> {
        match self.selected_entry().map(|e| e.state) {
            Some(EntryState::Waiting) => vec![Act::Offer, Act::BookNow, Act::Remove],
            Some(EntryState::Offered) => vec![Act::BookOffered, Act::Decline, Act::Remove],
            _ => Vec::new(),
        }
    }

    fn choose(&mut self, desk: &mut Desk) {
        let Some(act) = self.menu().get(self.menu_sel).copied() else {
            self.mode = Mode::List;
            return;
        };
        let Some(entry) = self.selected_entry().cloned() else {
            self.mode = Mode::List;
            return;
        };
        self.slot = match act {
            Act::Offer | Act::BookNow => {
                match crate::flows::waitlist::earliest_for(&desk.conn, &entry, desk.now()) {
                    Ok(Some(slot)) => Some(slot),
                    Ok(None) => {
                        desk.warn(t(desk.s).no_slot);
                        self.mode = Mode::List;
                        return;
                    }
                    Err(e) => {
                        desk.fail(&e);
                        self.mode = Mode::List;
                        return;
                    }
                }
            }
            Act::BookOffered => match (&entry.offered_doctor_id, entry.offered_start) {
                (Some(d), Some(start)) => waitlist::slot_of(&desk.conn, d, start).ok(),
                _ => None,
            },
            Act::Decline | Act::Remove => None,
        };
        self.mode = Mode::Confirm(act);
    }

    fn run(&mut self, desk: &mut Desk, act: Act) {
        self.mode = Mode::List;
        let Some(entry) = self.selected_entry().cloned() else {
            return;
        };
        let (now, staff) = (desk.now(), desk.staff_id().cloned());
        let by = staff.as_ref();
        let tx = t(desk.s);
        let slot = self.slot.take();
        let done: Result<String, AppError> = match (act, &slot) {
            (Act::Offer, Some(slot)) => crate::flows::waitlist::offer(
                &desk.conn,
                &entry.id,
                &slot.doctor_id,
                slot.start.naive(),
                by,
                now,
            )
            .map(|e| {
                (tx.offered)(
                    &e.patient_name,
                    &slot_words(desk, slot),
                    desk.settings.offer_hold_hours,
                )
            })
            .map_err(AppError::from),
            (Act::BookNow, Some(slot)) => crate::flows::waitlist::book(
                &desk.conn,
                &entry.id,
                Some((&slot.doctor_id, slot.start.naive())),
                by,
                now,
            )
            .map(|(e, _)| (tx.booked)(&e.patient_name, &slot_words(desk, slot)))
            .map_err(AppError::from),
            (Act::BookOffered, _) => crate::flows::waitlist::book(&desk.conn, &entry.id, None, by, now)
                .map(|(e, a)| {
                    let slot = SlotRef {
                        doctor_id: a.doctor_id,
                        doctor_name: a.doctor_name,
                        specialty_id: e.specialty_id.clone(),
                        start: a.start,
                    };
                    (tx.booked)(&e.patient_name, &slot_words(desk, &slot))
                })
                .map_err(AppError::from),
            (Act::Decline, _) => crate::flows::waitlist::decline(&desk.conn, &entry.id, by, now)
                .map(|e| (tx.declined)(&e.patient_name))
                .map_err(AppError::from),
            (Act::Remove, _) => crate::flows::waitlist::remove(&desk.conn, &entry.id, None, by, now)
                .map(|e| (tx.removed)(&e.patient_name))
                .map_err(AppError::from),
            (Act::Offer | Act::BookNow, None) => return,
        };
        match done {
            Ok(text) => desk.info(text),
            Err(e) if e.kind == Kind::Conflict => {
                // Another desk acted first: say what the entry is now, in the desk's words.
                match waitlist::get(&desk.conn, &entry.id, now) {
                    Ok(now_is) if now_is.state != entry.state => desk.warn((tx.changed_elsewhere)(
                        &entry.patient_name,
                        now_is.state.label(desk.lang),
                    )),
                    _ => desk.fail(&e),
                }
            }
            Err(e) => desk.fail(&e),
        }
        self.load(desk);
    }

    fn open_form(&mut self, desk: &Desk) {
        for f in &mut self.form {
            f.clear();
        }
        if let Some(p) = &desk.patient {
            self.form[0].set(&p.doc_number);
        }
        self.focus = usize::from(desk.patient.is_some());
        self.form_error = None;
        self.mode = Mode::Form;
    }

    fn save(&mut self, desk: &mut Desk) {
        let [dni, wants, from, to, time, note] = &self.form;
        if dni.is_empty() || wants.is_empty() {
            self.focus = if dni.is_empty() { 0 } else { 1 };
            self.form_error = Some(t(desk.s).required.to_string());
            return;
        }
        let result = (|| -> Result<Entry, AppError> {
            let patient = patients::resolve_patient(&desk.conn, dni.value.trim())?;
            let wanted = wants.value.trim();
            let (specialty, doctor) = match catalog::resolve_specialty(&desk.conn, wanted) {
                Ok(s) => (Some(s.id), None),
                Err(_) => (None, Some(catalog::resolve_doctor(&desk.conn, wanted)?.id)),
            };
            let new = NewEntry::new(
                &patient.id,
                specialty.as_ref(),
                doctor.as_ref(),
                &EntryInput {
                    from: Some(from.value.as_str()),
                    to: Some(to.value.as_str()),
                    time: Some(time.value.as_str()),
                    note: Some(note.value.as_str()),
                },
            )?;
            Ok(crate::flows::waitlist::add(
                &desk.conn,
                &new,
                desk.staff_id(),
                desk.now(),
            )?)
        })();
        match result {
            Ok(e) => {
                desk.info((t(desk.s).added)(&e.patient_name, &e.wants()));
                self.mode = Mode::List;
                self.filter.clear();
                self.load(desk);
                self.selected = self
                    .visible()
                    .iter()
                    .position(|i| self.entries[*i].id == e.id)
                    .unwrap_or(0);
            }
            Err(e) => self.form_error = Some(e.message(desk.lang)),
        }
    }
}

impl View for State {
    fn keymap(&self) -> Keymap {
        let (bindings, text) = match self.mode {
            Mode::List => (LIST_KEYS, true),
            Mode::Menu => (MENU_KEYS, false),
            Mode::Confirm(_) => (CONFIRM_KEYS, false),
            Mode::Form => (FORM_KEYS, true),
        };
        Keymap { bindings, text }
    }

    fn update(&mut self, desk: &mut Desk, action: Action) -> Nav {
        let last = self.visible().len().saturating_sub(1);
        match (self.mode, action) {
            (Mode::List, Action::Down) => self.selected = (self.selected + 1).min(last),
            (Mode::List, Action::Up) => self.selected = self.selected.saturating_sub(1),
            (Mode::List, Action::PageDown) => self.selected = (self.selected + 10).min(last),
            (Mode::List, Action::PageUp) => self.selected = self.selected.saturating_sub(10),
            (Mode::List, Action::First) => self.selected = 0,
            (Mode::List, Action::Last) => self.selected = last,
            (Mode::List, Action::New) => self.open_form(desk),
            (Mode::List, Action::Submit) if self.selected_entry().is_some() => {
                self.menu_sel = 0;
                self.mode = Mode::Menu;
            }
            (Mode::List, Action::Back) if !self.filter.is_empty() => {
                self.filter.clear();
                self.selected = 0;
            }
            (Mode::List, Action::Back) => return Nav::Back,
            (Mode::List, other) if self.filter.edit(other) => self.selected = 0,
            (Mode::Menu, Action::Down) => {
                self.menu_sel = (self.menu_sel + 1).min(self.menu().len().saturating_sub(1))
            }
            (Mode::Menu, Action::Up) => self.menu_sel = self.menu_sel.saturating_sub(1),
            (Mode::Menu, Action::Submit) => self.choose(desk),
            (Mode::Menu, Action::Back) => self.mode = Mode::List,
            (Mode::Confirm(act), Action::Submit) => self.run(desk, act),
            (Mode::Confirm(_), Action::Back) => {
                self.slot = None;
                self.mode = Mode::List;
            }
            (Mode::Form, Action::NextField) => self.focus = (self.focus + 1) % FORM_FIELDS,
            (Mode::Form, Action::PrevField) => self.focus = (self.focus + FORM_FIELDS - 1) % FORM_FIELDS,
            (Mode::Form, Action::Submit) if self.focus + 1 < FORM_FIELDS => self.focus += 1,
            (Mode::Form, Action::Submit | Action::Save) => self.save(desk),
            (Mode::Form, Action::Back) => self.mode = Mode::List,
            (Mode::Form, other) if self.form[self.focus].edit(other) => self.form_error = None,
            _ => {}
        }
        Nav::Stay
    }

    fn focused_field(&self) -> Option<&TextField> {
        match self.mode {
            Mode::List => Some(&self.filter),
            Mode::Form => Some(&self.form[self.focus]),
            _ => None,
        }
    }

    fn dirty(&self) -> bool {
        self.mode == Mode::Form && self.form.iter().any(|f| !f.is_empty())
    }

    fn refresh(&mut self, desk: &mut Desk) {
        if self.mode == Mode::List {
            self.load(desk);
        }
    }

    fn tab(&self) -> Option<Tab> {
        Some(Tab::Waitlist)
    }

    fn render(&self, desk: &Desk, frame: &mut Frame, area: Rect) {
        let tx = t(desk.s);
        let [head, filter, table] = area.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(3),
        ]));
        let visible = self.visible();
        frame.render_widget(
            Line::from(Span::styled((tx.title)(visible.len()), theme::LABEL)),
            head,
        );
        field_row(
            frame,
            filter,
            desk.s.search_patient,
            width(desk.s.search_patient) as u16,
            &self.filter,
            Mask::Plain,
            self.mode == Mode::List,
            None,
        );
        let block = Block::default().borders(Borders::TOP).border_style(theme::BORDER);
        let inner = block.inner(table);
        frame.render_widget(block, table);
        if visible.is_empty() {
            let why = if self.filter.is_empty() {
                tx.empty
            } else {
                tx.no_match
            };
            frame.render_widget(
                Paragraph::new(Span::styled(why, theme::MUTED)).wrap(Wrap { trim: true }),
                inner,
            );
        } else {
            self.render_table(desk, frame, inner, &visible);
        }
        match self.mode {
            Mode::Menu => self.render_menu(desk, frame, area),
            Mode::Confirm(act) => self.render_confirm(desk, frame, area, act),
            Mode::Form => self.render_form(desk, frame, area),
            Mode::List => {}
        }
    }
}

impl State {
    fn render_table(&self, desk: &Desk, frame: &mut Frame, area: Rect, visible: &[usize]) {
        let tx = t(desk.s);
        if area.height < 2 {
            return;
        }
        let lang = desk.lang;
        let wide = area.width >= 100;
        let state_w = waitlist::ALL_STATES
            .iter()
            .map(|s| width(s.label(lang)))
            .max()
            .unwrap_or(10);
        let since_w = 5;
        let dni_w = visible
            .iter()
            .map(|i| width(&self.entries[*i].patient_dni))
            .chain([width(tx.col_dni)])
            .max()
            .unwrap_or(8);
        let fixed = 2 + since_w + 1 + state_w + 1 + dni_w + 1;
        let rest = usize::from(area.width).saturating_sub(fixed);
        let (patient_w, wants_w, when_w) = if wide {
            (
                rest * 30 / 100,
                rest * 30 / 100,
                rest.saturating_sub(rest * 60 / 100 + 2),
            )
        } else {
            (rest * 45 / 100, rest.saturating_sub(rest * 45 / 100 + 1), 0)
        };
        let cells = |since: &str, state: &str, patient: &str, dni: &str, wants: &str, when: &str| {
            let mut cols = vec![
                (since, since_w),
                (state, state_w),
                (patient, patient_w),
                (dni, dni_w),
                (wants, wants_w),
            ];
            if wide {
                cols.push((when, when_w));
            }
            widgets::fitted_row(&cols)
        };
        let header = format!(
            "  {}",
            cells(
                tx.col_since,
                tx.col_state,
                tx.col_patient,
                tx.col_dni,
                tx.col_wants,
                tx.col_when
            )
        );
        frame.render_widget(
            Line::from(Span::styled(header, theme::LABEL)),
            Rect::new(area.x, area.y, area.width, 1),
        );
        let rows = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
        let fit_n = usize::from(rows.height);
        let offset = (self.selected + 1).saturating_sub(fit_n);
        let mut lines = Vec::new();
        for (pos, i) in visible.iter().enumerate().skip(offset).take(fit_n) {
            let e = &self.entries[*i];
            let since = since_date(desk, &e.created_at);
            let mut wants = e.wants();
            if let (EntryState::Offered, Some(start)) = (e.state, e.offered_start) {
                // The slot first: at 80 columns the specialty is what gets cut.
                wants = format!("→ {} {wants}", start.naive().format("%d/%m %H:%M"));
            }
            let text = cells(
                &since,
                e.state.label(lang),
                &e.patient_name,
                &e.patient_dni,
                &wants,
                &when_words(lang, e),
            );
            let selected = pos == self.selected;
            let style = match (selected, e.state) {
                (true, _) => theme::SELECTED,
                (false, EntryState::Offered) => theme::WARNING,
                _ => theme::TEXT,
            };
            lines.push(Line::from(vec![
                Span::styled(if selected { "▶ " } else { "  " }, style),
                Span::styled(text, style),
            ]));
        }
        frame.render_widget(Paragraph::new(lines), rows);
    }

    fn who(desk: &Desk, e: &Entry) -> Vec<Line<'static>> {
        let mut lines = vec![Line::from(Span::styled(
            format!("{} ({})", e.patient_name, e.patient_dni),
            theme::LABEL,
        ))];
        let mut second = e.wants();
        let when = when_words(desk.lang, e);
        if !when.is_empty() {
            second.push_str(&format!(" · {when}"));
        }
        if let Some(phone) = &e.patient_phone {
            second.push_str(&format!(" · ☎ {phone}"));
        }
        lines.push(Line::from(second));
        if let Some(note) = &e.note {
            lines.push(Line::from(Span::styled(format!("“{note}”"), theme::MUTED)));
        }
        lines
    }

    fn act_label(tx: &Texts, act: Act) -> &'static str {
        match act {
            Act::Offer => tx.act_offer,
            Act::BookNow => tx.act_book_now,
            Act::BookOffered => tx.act_book_offered,
            Act::Decline => tx.act_decline,
            Act::Remove => tx.act_remove,
        }
    }

    fn render_menu(&self, desk: &Desk, frame: &mut Frame, area: Rect) {
        let tx = t(desk.s);
        let Some(e) = self.selected_entry() else { return };
        let mut lines = Self::who(desk, e);
        lines.push(Line::from(""));
        for (i, act) in self.menu().into_iter().enumerate() {
            let label = Self::act_label(tx, act);
            lines.push(if i == self.menu_sel {
                Line::from(Span::styled(format!("▶ {label}"), theme::SELECTED))
            } else {
                Line::from(format!("  {label}"))
            });
        }
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(tx.menu_keys, theme::KEY)));
        widgets::dialog(frame, area, tx.actions_title, lines, theme::BORDER);
    }

    fn render_confirm(&self, desk: &Desk, frame: &mut Frame, area: Rect, act: Act) {
        let tx = t(desk.s);
        let Some(e) = self.selected_entry() else { return };
        let question = match act {
            Act::Offer => tx.q_offer,
            Act::BookNow | Act::BookOffered => tx.q_book,
            Act::Decline => tx.q_decline,
            Act::Remove => tx.q_remove,
        };
        let mut lines = vec![Line::from(Span::styled(format!("⚠ {question}"), theme::WARNING))];
        lines.extend(Self::who(desk, e));
        if let Some(slot) = &self.slot {
            lines.push(Line::from(Span::styled(
                format!("→ {}", slot_words(desk, slot)),
                theme::OK,
            )));
        }
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(tx.enter_yes_esc_no, theme::KEY)));
        widgets::dialog(frame, area, tx.actions_title, lines, theme::WARNING);
    }

    fn render_form(&self, desk: &Desk, frame: &mut Frame, area: Rect) {
        let tx = t(desk.s);
        let labels = [tx.f_patient, tx.f_wants, tx.f_from, tx.f_to, tx.f_time, tx.f_note];
        let label_w = labels.iter().map(|l| width(l)).max().unwrap_or(10) as u16 + 1;
        let w = 76.min(area.width);
        let inner_w = usize::from(w.saturating_sub(2)).max(1);
        let hint_rows = width(tx.form_hint).div_ceil(inner_w) as u16;
        // The fields, a blank line or the error (two lines, whole), the hint.
        let h = (FORM_FIELDS as u16 + 3 + hint_rows + 2).min(area.height);
        let r = centered(area, w, h);
        frame.render_widget(Clear, r);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme::BORDER)
            .title(format!(" {} ", tx.form_title));
        let inner = block.inner(r);
        frame.render_widget(block, r);
        for (i, label) in labels.iter().enumerate() {
            if i as u16 >= inner.height {
                break;
            }
            let row = Rect::new(inner.x, inner.y + i as u16, inner.width, 1);
            let star = if i < 2 { "*" } else { "" };
            field_row(
                frame,
                row,
                &format!("{label}{star}"),
                label_w,
                &self.form[i],
                Mask::Plain,
                i == self.focus,
                None,
            );
        }
        let below = inner.y + FORM_FIELDS as u16 + 1;
        if let Some(err) = &self.form_error
            && below < inner.bottom()
        {
            frame.render_widget(
                Paragraph::new(Span::styled(format!("✗ {err}"), theme::ERROR)).wrap(Wrap { trim: true }),
                Rect::new(inner.x, below, inner.width, 2.min(inner.bottom() - below)),
            );
        }
        let hint_y = below + 2;
        if hint_y < inner.bottom() {
            frame.render_widget(
                Paragraph::new(Span::styled(tx.form_hint, theme::MUTED)).wrap(Wrap { trim: true }),
                Rect::new(inner.x, hint_y, inner.width, inner.bottom() - hint_y),
            );
        }
    }
}

/// "02/03": the clinic date an entry was put on the list.
fn since_date(desk: &Desk, utc: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(utc)
        .map(|t| {
            t.with_timezone(&desk.settings.time_zone)
                .format("%d/%m")
                .to_string()
        })
        .unwrap_or_default()
}

/// The "who waits" panel of the Today tab, right after a cancellation or a no-show freed a
/// slot: the matching entries in order, the selected one highlighted.
pub fn render_waiting(desk: &Desk, frame: &mut Frame, area: Rect, waiting: &[Match], selected: usize) {
    let tx = t(desk.s);
    let mut lines = Vec::new();
    let w = 76.min(area.width);
    let room = usize::from(w.saturating_sub(4));
    // Two lines per waiting patient: who (and the phone to call), then the slot and since when.
    let fit_n = usize::from(area.height.saturating_sub(6) / 2).max(1);
    let offset = (selected + 1).saturating_sub(fit_n);
    for (i, m) in waiting.iter().enumerate().skip(offset).take(fit_n) {
        let e = &m.entry;
        let mut who = format!("{}. {} ({})", i + 1, e.patient_name, e.patient_dni);
        if let Some(phone) = &e.patient_phone {
            who.push_str(&format!(" · ☎ {phone}"));
        }
        let when = format!(
            "   {} · {} {}",
            slot_words(desk, &m.slot),
            tx.since,
            since_date(desk, &e.created_at)
        );
        let (who, when) = (ellipsis(&who, room), ellipsis(&when, room));
        if i == selected {
            lines.push(Line::from(Span::styled(format!("▶ {who}"), theme::SELECTED)));
            lines.push(Line::from(Span::styled(format!("  {when}"), theme::SELECTED)));
        } else {
            lines.push(Line::from(format!("  {who}")));
            lines.push(Line::from(Span::styled(format!("  {when}"), theme::MUTED)));
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(tx.waiting_keys, theme::KEY)));
    let r = centered(area, w, lines.len() as u16 + 2);
    frame.render_widget(Clear, r);
    let title = ellipsis(
        &(tx.waiting_title)(waiting.len()),
        usize::from(w.saturating_sub(4)),
    );
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme::OK)
                .title(format!(" {title} ")),
        ),
        r,
    );
}

/// The question before booking a waiting patient into the freed slot (Today).
pub fn render_waiting_confirm(desk: &Desk, frame: &mut Frame, area: Rect, m: &Match) {
    let tx = t(desk.s);
    let mut lines = vec![Line::from(Span::styled(
        format!("⚠ {}", tx.q_book),
        theme::WARNING,
    ))];
    lines.extend(State::who(desk, &m.entry));
    lines.push(Line::from(Span::styled(
        format!("→ {}", slot_words(desk, &m.slot)),
        theme::OK,
    )));
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(tx.enter_yes_esc_no, theme::KEY)));
    widgets::dialog(frame, area, tx.actions_title, lines, theme::WARNING);
}

/// Books `m` (a waiting entry and a freed slot) for the Today tab and says how it went.
pub fn book_match(desk: &mut Desk, m: &Match) {
    let (now, staff) = (desk.now(), desk.staff_id().cloned());
    let tx = t(desk.s);
    match crate::flows::waitlist::book(
        &desk.conn,
        &m.entry.id,
        Some((&m.slot.doctor_id, m.slot.start.naive())),
        staff.as_ref(),
        now,
    ) {
        Ok((e, _)) => desk.info((tx.booked)(&e.patient_name, &slot_words(desk, &m.slot))),
        Err(e) => desk.fail(&AppError::from(e)),
    }
}
