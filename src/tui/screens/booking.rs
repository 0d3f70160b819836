//! Booking: specialty (typing filters the list) → its doctors (rating, price, next free slot),
//! under a first row that is the earliest free slot of the whole specialty (selected: Enter takes
//! it) → free slots over the coming days → confirm (Enter; no letter is a command here). When
//! the patient's orientation at the desk was an emergency, the confirmation shows it and asks a
//! second time, "no" preselected; a booking made anyway records the override.
//! Also used to reschedule an appointment (slots of its doctor → confirm). Free slots come from
//! `flows::desk::free_slots` (only times the patient at the counter can take: their other
//! active appointments and slots held for another patient's waiting-list offer are left out),
//! re-read periodically and again right
//! before confirming; a slot another desk took meanwhile is explained, and the list refreshed.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, TableState, Wrap};

use super::View;
use crate::domain::appointments::{
    self, Appointment, AppointmentError, BookingRequest, Repeat, SeriesConflict, SeriesPlan, SeriesRequest,
    SlotSearch,
};
use crate::domain::catalog::slots::Slot;
use crate::domain::catalog::{self, Doctor, Specialty};
use crate::error::{AppResult, Kind};
use crate::ids::{DoctorId, SpecialtyId};
use crate::text::fold;
use crate::tui::action::{Action, Tab};
use crate::tui::app::LastOrientation;
use crate::tui::app::{Desk, Flash, Nav};
use crate::tui::errors::{self, BookingRefusal};
use crate::tui::keymap::{Binding, Keymap, alias, bind, key};
use crate::tui::theme;
use crate::tui::widgets::{self, Mask, TextField, field_row};
use crate::wall_time::WallTime;

/// How far ahead free slots are looked for.
pub const DAYS: u32 = 21;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Specialty,
    Doctors,
    Slots,
    Confirm,
}

pub struct DoctorRow {
    pub doctor: Doctor,
    pub next: Option<Slot>,
}

pub struct State {
    pub step: Step,
    pub specialties: Vec<Specialty>,
    pub spec_sel: usize,
    /// `/` filter of the specialty list (accent- and case-insensitive).
    pub filter: TextField,
    pub specialty: Option<Specialty>,
    /// Free slots of the whole specialty, earliest first (drives "next free" and `e`).
    pub specialty_slots: Vec<Slot>,
    pub doctors: Vec<DoctorRow>,
    pub doc_sel: usize,
    pub doctor: Option<Doctor>,
    pub slots: Vec<Slot>,
    pub slot_sel: usize,
    pub chosen: Option<Slot>,
    /// Step to go back to from Confirm.
    confirm_from: Step,
    /// The orientation query the booking comes from (linked to the appointment).
    pub orientation_id: Option<String>,
    /// Rescheduling this appointment instead of booking a new one.
    pub reschedule: Option<Appointment>,
    /// Why the last confirmation failed (slot taken...), shown in the slot list.
    pub conflict: Option<String>,
    /// The emergency's second question is open: 0 = no (preselected), 1 = book anyway.
    pub override_question: Option<usize>,
    /// The confirmation's repeat option (recurring visits): `None` books one appointment.
    pub repeat: Option<Repeat>,
    /// How many appointments the series has (with `repeat`).
    pub count: u32,
    /// The confirmation line ↑↓ is on: 0 the repeat, 1 the count.
    pub option_row: usize,
    /// What checking the series (or the move of the following ones) found for the choice as it
    /// stands; cleared when the choice changes. Enter books (moves) only once it is clean.
    pub plan: Option<SeriesPlan>,
    /// Moving this one and the following ones of its series (with `reschedule`).
    pub following: bool,
}

/// A series starts with this many appointments when the desk turns the repeat on.
pub const DEFAULT_COUNT: u32 = 4;

/// The doctors: the first row is the earliest free slot of the specialty.
static LIST_KEYS: &[Binding] = &[
    bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| s.h_choose),
    bind(key(KeyCode::Down), "↑↓", Action::Down, |s| s.h_move),
    alias(key(KeyCode::Up), Action::Up),
    alias(key(KeyCode::PageDown), Action::PageDown),
    alias(key(KeyCode::PageUp), Action::PageUp),
    bind(key(KeyCode::Home), "Home", Action::Earliest, |s| s.h_earliest_row),
];

/// The specialties: typing filters them.
static FILTER_KEYS: &[Binding] = &[
    bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| s.h_choose),
    bind(key(KeyCode::Down), "↑↓", Action::Down, |s| s.h_move),
    alias(key(KeyCode::Up), Action::Up),
    alias(key(KeyCode::PageDown), Action::PageDown),
    alias(key(KeyCode::PageUp), Action::PageUp),
];

static SLOT_KEYS: &[Binding] = &[
    bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| s.h_choose),
    bind(key(KeyCode::Down), "↑↓", Action::Down, |s| s.h_move),
    alias(key(KeyCode::Up), Action::Up),
    bind(key(KeyCode::Right), "←→", Action::PageDown, |s| s.h_day),
    alias(key(KeyCode::Left), Action::PageUp),
    alias(key(KeyCode::PageDown), Action::PageDown),
    alias(key(KeyCode::PageUp), Action::PageUp),
];

/// The emergency's second question: arrows choose, Enter answers ("no" is preselected).
static OVERRIDE_KEYS: &[Binding] = &[
    bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| s.h_answer),
    bind(key(KeyCode::Down), "↑↓", Action::Down, |s| s.h_move),
    alias(key(KeyCode::Up), Action::Up),
    alias(key(KeyCode::Right), Action::Down),
    alias(key(KeyCode::Left), Action::Up),
];

/// A new booking's confirmation: Enter books (or, with a repeat, checks the series first and
/// then books it); ↑↓ choose the repeat or the count line, ←→ change it. No letter does anything.
static SERIES_CONFIRM_KEYS: &[Binding] = &[
    bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| s.h_confirm),
    bind(key(KeyCode::Down), "↑↓", Action::Down, |s| s.h_move),
    alias(key(KeyCode::Up), Action::Up),
    bind(key(KeyCode::Right), "←→", Action::Right, |s| {
        s.h_series_option
    }),
    alias(key(KeyCode::Left), Action::Left),
];

/// Enter books; no letter does (one typed by mistake must not confirm).
static CONFIRM_KEYS: &[Binding] = &[bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| {
    s.h_confirm
})];

impl State {
    fn empty() -> State {
        State {
            step: Step::Specialty,
            specialties: Vec::new(),
            spec_sel: 0,
            filter: TextField::new(40),
            specialty: None,
            specialty_slots: Vec::new(),
            doctors: Vec::new(),
            doc_sel: 0,
            doctor: None,
            slots: Vec::new(),
            slot_sel: 0,
            chosen: None,
            confirm_from: Step::Doctors,
            orientation_id: None,
            reschedule: None,
            conflict: None,
            override_question: None,
            repeat: None,
            count: DEFAULT_COUNT,
            option_row: 0,
            plan: None,
            following: false,
        }
    }

    /// The specialty list.
    pub fn new(desk: &mut Desk) -> State {
        let mut st = State::empty();
        st.load_specialties(desk);
        st
    }

    /// Straight to the doctors of `specialty` (from an orientation).
    pub fn for_specialty(desk: &mut Desk, specialty: &str, orientation_id: Option<String>) -> State {
        let mut st = State::new(desk);
        st.orientation_id = orientation_id;
        let wanted = fold(specialty);
        if let Some(i) = st.specialties.iter().position(|s| fold(&s.name) == wanted) {
            st.spec_sel = i;
            st.open_specialty(desk);
        }
        st
    }

    /// The slots of an appointment's doctor, to move it and the following ones of its series
    /// by the same shift.
    pub fn for_reschedule_following(desk: &mut Desk, appt: Appointment) -> State {
        let mut st = State::for_reschedule(desk, appt);
        st.following = true;
        st
    }

    /// The slots of an appointment's doctor, to move it.
    pub fn for_reschedule(desk: &mut Desk, appt: Appointment) -> State {
        let mut st = State::empty();
        match catalog::get_doctor(&desk.conn, &appt.doctor_id) {
            Ok(d) => {
                st.doctor = Some(d);
                st.reschedule = Some(appt);
                st.step = Step::Slots;
                st.load_slots(desk);
            }
            Err(e) => desk.fail(&e),
        }
        st
    }

    fn visible_specialties(&self) -> Vec<usize> {
        let f = fold(&self.filter.value);
        self.specialties
            .iter()
            .enumerate()
            .filter(|(_, s)| f.is_empty() || fold(&s.name).contains(&f))
            .map(|(i, _)| i)
            .collect()
    }

    fn load_specialties(&mut self, desk: &mut Desk) {
        match catalog::list_specialties(&desk.conn) {
            Ok(list) => self.specialties = list.into_iter().filter(|s| s.doctors > 0).collect(),
            Err(e) => desk.fail(&e),
        }
    }

    /// Free slots the patient at hand can take: those overlapping the patient's other active
    /// appointments are left out by the domain (booking would refuse them).
    fn search(
        &self,
        desk: &Desk,
        doctor: Option<&DoctorId>,
        specialty: Option<&SpecialtyId>,
    ) -> AppResult<Vec<Slot>> {
        let (patient, except) = match &self.reschedule {
            Some(a) => (Some(&a.patient_id), Some(&a.id)),
            None => (desk.patient.as_ref().map(|p| &p.id), None),
        };
        crate::flows::desk::free_slots(
            &desk.conn,
            &SlotSearch {
                doctor_id: doctor.cloned(),
                specialty_id: specialty.cloned(),
                from: None,
                days: DAYS,
                limit: 0,
            },
            patient,
            except,
            desk.now(),
            desk.settings.time_zone,
        )
    }

    fn open_specialty(&mut self, desk: &mut Desk) {
        let visible = self.visible_specialties();
        let Some(spec) = visible
            .get(self.spec_sel)
            .and_then(|i| self.specialties.get(*i))
            .cloned()
        else {
            return;
        };
        self.specialty = Some(spec);
        // The first row (the earliest free slot) is selected: Enter takes it.
        self.doc_sel = 0;
        self.load_doctors(desk);
        self.step = Step::Doctors;
    }

    fn load_doctors(&mut self, desk: &mut Desk) {
        let Some(spec) = &self.specialty else { return };
        let filter = catalog::DoctorFilter {
            specialty_id: Some(spec.id.clone()),
            ..catalog::DoctorFilter::default()
        };
        let result = catalog::list_doctors(&desk.conn, &filter)
            .and_then(|docs| Ok((docs, self.search(desk, None, Some(&spec.id))?)));
        match result {
            Ok((docs, slots)) => {
                self.doctors = docs
                    .into_iter()
                    .map(|d| DoctorRow {
                        next: slots.iter().find(|s| s.doctor_id == d.id).cloned(),
                        doctor: d,
                    })
                    .collect();
                self.specialty_slots = slots;
                self.doc_sel = self.doc_sel.min(self.doctors.len());
            }
            Err(e) => desk.fail(&e),
        }
    }

    fn load_slots(&mut self, desk: &mut Desk) {
        let Some(doctor) = &self.doctor else { return };
        let keep = self.slots.get(self.slot_sel).map(|s| s.start);
        match self.search(desk, Some(&doctor.id), None) {
            Ok(slots) => {
                self.slots = slots;
                self.slot_sel = keep
                    .and_then(|k| self.slots.iter().position(|s| s.start >= k))
                    .unwrap_or(0)
                    .min(self.slots.len().saturating_sub(1));
            }
            Err(e) => desk.fail(&e),
        }
    }

    /// The emergency this booking would pass over: the last orientation at the desk, of the
    /// patient at the counter, flagged one. (Not when rescheduling: that appointment exists.)
    pub fn emergency<'a>(&self, desk: &'a Desk) -> Option<&'a LastOrientation> {
        let patient = desk.patient.as_ref()?;
        desk.orientation.as_ref().filter(|o| {
            self.reschedule.is_none() && o.emergency && o.patient_id.as_deref() == Some(patient.id.as_str())
        })
    }

    /// The repeat option is offered on a new booking's confirmation, not when moving one nor
    /// when an emergency is being passed over (that books one appointment, asked twice).
    pub fn offers_repeat(&self, desk: &Desk) -> bool {
        self.reschedule.is_none() && self.emergency(desk).is_none()
    }

    /// Enter checks and books (or moves) a whole series here.
    fn series_mode(&self, desk: &Desk) -> bool {
        self.following || (self.offers_repeat(desk) && self.repeat.is_some())
    }

    /// The largest count the chosen start allows (a series stays within a year).
    fn count_limit(&self) -> u32 {
        let (Some(repeat), Some(slot)) = (self.repeat, &self.chosen) else {
            return appointments::MAX_COUNT;
        };
        (appointments::MIN_COUNT..=appointments::MAX_COUNT)
            .rev()
            .find(|n| appointments::occurrences(slot.start.naive(), repeat, *n).is_ok())
            .unwrap_or(appointments::MIN_COUNT)
    }

    /// ←→ on the confirmation: the repeat (no → weekly → every two weeks → monthly) or the count.
    fn change_option(&mut self, forward: bool) {
        self.plan = None;
        if self.option_row == 0 || self.repeat.is_none() {
            let order = [
                None,
                Some(Repeat::Weekly),
                Some(Repeat::Biweekly),
                Some(Repeat::Monthly),
            ];
            let i = order.iter().position(|r| *r == self.repeat).unwrap_or(0);
            let next = if forward {
                (i + 1) % order.len()
            } else {
                (i + order.len() - 1) % order.len()
            };
            self.repeat = order[next];
            self.option_row = 0;
        } else if forward {
            self.count += 1;
        } else {
            self.count = self.count.saturating_sub(1);
        }
        self.count = self.count.clamp(appointments::MIN_COUNT, self.count_limit());
    }

    /// Enter on a series: check it first (every occurrence, with alternatives); once it is clean,
    /// book it whole (or move the following ones), all or nothing.
    fn confirm_series(&mut self, desk: &mut Desk) -> Nav {
        let Some(slot) = self.chosen.clone() else {
            return Nav::Stay;
        };
        let now = desk.now();
        let staff = desk.staff_id().cloned();
        let clean = self.plan.as_ref().is_some_and(|p| p.conflicts().is_empty());
        if let Some(appt) = self.reschedule.clone() {
            let at = slot.start.naive();
            if !clean {
                match appointments::plan_shift(&desk.conn, &appt, at, now) {
                    Ok(plan) => self.plan = Some(plan),
                    Err(e) => return self.refused(desk, &e),
                }
                return Nav::Stay;
            }
            let moved = crate::flows::desk::reschedule_following(
                &desk.conn,
                &appt.id,
                at,
                Some(appt.start),
                staff.as_ref(),
                None,
                now,
            );
            return match moved {
                Ok(list) => {
                    desk.info((desk.s.rescheduled_following)(list.len(), &appt.patient_name));
                    Nav::Back
                }
                Err(AppointmentError::SeriesConflicts { .. }) => {
                    // Another desk took a slot since the check: check again, show what is in the way.
                    self.plan = appointments::plan_shift(&desk.conn, &appt, at, now).ok();
                    Nav::Stay
                }
                Err(e) => self.refused(desk, &e),
            };
        }
        let Some(patient) = desk.patient.clone() else {
            desk.warn(desk.s.choose_patient_first);
            return Nav::Stay;
        };
        let Some(repeat) = self.repeat else {
            return Nav::Stay;
        };
        let req = BookingRequest::new(
            &patient.id,
            &slot.doctor_id,
            &slot.start.to_string(),
            None,
            self.orientation_id.as_deref(),
        )
        .and_then(|first| SeriesRequest::new(first, repeat, self.count));
        let req = match req {
            Ok(r) => r,
            Err(e) => return self.refused(desk, &e),
        };
        if !clean {
            match appointments::plan_series(&desk.conn, &req, now) {
                Ok(plan) => self.plan = Some(plan),
                Err(e) => return self.refused(desk, &e),
            }
            return Nav::Stay;
        }
        match crate::flows::desk::book_series(&desk.conn, &req, staff.as_ref(), now) {
            Ok((series, _left)) => {
                desk.info((desk.s.series_booked)(
                    series.appointments.len(),
                    &patient.full_name(),
                    series.repeat.label(desk.lang),
                ));
                match series.appointments.into_iter().next() {
                    Some(first) => super::after_booking(desk, first),
                    None => Nav::Stay,
                }
            }
            Err(AppointmentError::SeriesConflicts { .. }) => {
                self.plan = appointments::plan_series(&desk.conn, &req, now).ok();
                Nav::Stay
            }
            Err(e) => self.refused(desk, &e),
        }
    }

    fn choose(&mut self, desk: &mut Desk, slot: Slot, from: Step) {
        self.plan = None;
        self.override_question = None;
        self.chosen = Some(slot);
        self.confirm_from = from;
        self.conflict = None;
        self.step = Step::Confirm;
        self.recheck(desk);
    }

    /// Is the chosen slot still free? Another desk may have taken it since the list was read.
    fn recheck(&mut self, desk: &mut Desk) {
        let Some(slot) = &self.chosen else { return };
        match self.search(desk, Some(&slot.doctor_id), None) {
            Ok(free) if free.iter().any(|s| s.start == slot.start) => {}
            Ok(_) => {
                // Gone for this patient: is the slot itself taken, or is the patient busy then?
                let plain = SlotSearch {
                    doctor_id: Some(slot.doctor_id.clone()),
                    specialty_id: None,
                    from: Some(slot.start.date()),
                    days: 1,
                    limit: 0,
                };
                let still_free = crate::flows::desk::free_slots(
                    &desk.conn,
                    &plain,
                    None,
                    None,
                    desk.now(),
                    desk.settings.time_zone,
                )
                .is_ok_and(|f| f.iter().any(|s| s.start == slot.start));
                let detail = still_free.then(|| (desk.s.patient_busy_at)(&slot.start.to_string()));
                self.taken(desk, detail);
            }
            Err(e) => desk.fail(&e),
        }
    }

    /// The chosen slot is gone: explain, refresh, and go back to the list it came from.
    fn taken(&mut self, desk: &mut Desk, detail: Option<String>) {
        let at = self
            .chosen
            .as_ref()
            .map(|s| s.start.to_string())
            .unwrap_or_default();
        // The domain says precisely what is in the way (the slot, or the patient's own other
        // appointment); without its word, the re-check found the slot gone.
        let text = match detail {
            Some(d) => format!("{d} {}", desk.s.list_refreshed),
            None => (desk.s.slot_taken)(&at),
        };
        self.chosen = None;
        self.override_question = None;
        self.step = self.confirm_from;
        self.refresh(desk);
        // Say which slot the cursor is on now, so a quick second Enter is not a surprise.
        let selected = match self.step {
            Step::Slots => self.slots.get(self.slot_sel),
            _ => self.specialty_slots.first(),
        };
        let now_on = selected.map(|s| (desk.s.now_selected)(&when(desk, &s.start), &s.doctor_name));
        self.conflict = Some(match now_on {
            Some(n) => format!("{text} {n}"),
            None => text,
        });
    }

    fn confirm(&mut self, desk: &mut Desk) -> Nav {
        let Some(slot) = self.chosen.clone() else {
            return Nav::Stay;
        };
        let now = desk.now();
        let staff = desk.staff_id().cloned();
        if let Some(appt) = self.reschedule.clone() {
            let at = slot.start.naive();
            let moved = crate::flows::desk::reschedule(&desk.conn, &appt.id, at, staff.as_ref(), None, now);
            return match moved {
                Ok(a) => {
                    desk.info((desk.s.rescheduled)(&a.patient_name, &a.start.to_string()));
                    Nav::Back
                }
                Err(e) => self.refused(desk, &e),
            };
        }
        let Some(patient) = desk.patient.clone() else {
            desk.warn(desk.s.choose_patient_first);
            return Nav::Stay;
        };
        let overriding = self.emergency(desk).map(|o| o.query_id.clone());
        let req = match BookingRequest::new(
            &patient.id,
            &slot.doctor_id,
            &slot.start.to_string(),
            None,
            self.orientation_id.as_deref().filter(|_| overriding.is_none()),
        ) {
            Ok(r) => match &overriding {
                Some(q) => r.overriding_emergency(q),
                None => r,
            },
            Err(e) => return self.refused(desk, &e),
        };
        let booked = crate::flows::desk::book(&desk.conn, &req, staff.as_ref(), now);
        match booked {
            Ok(appt) => {
                desk.info((desk.s.booked)(
                    &appt.patient_name,
                    &appt.doctor_name,
                    &appt.start.to_string(),
                ));
                super::after_booking(desk, appt)
            }
            Err(e) => self.refused(desk, &e),
        }
    }

    /// The domain refused the booking or the move: say why and what to do (`tui::errors`).
    fn refused(&mut self, desk: &mut Desk, e: &AppointmentError) -> Nav {
        match errors::booking_refusal(desk.lang, e) {
            BookingRefusal::ChooseAnotherSlot(text) => self.taken(desk, Some(text)),
            BookingRefusal::ChooseAnotherDoctor(text) => {
                self.conflict = Some(text);
                self.chosen = None;
                self.step = Step::Doctors;
                self.refresh(desk);
            }
            BookingRefusal::Emergency(text) => {
                self.conflict = Some(text.clone());
                desk.flash = Some(Flash::error(text));
            }
            // Another conflict (the appointment changed meanwhile): the list is stale too.
            BookingRefusal::Error(text) if e.kind() == Kind::Conflict => self.taken(desk, Some(text)),
            BookingRefusal::Error(_) => errors::show(desk, e),
        }
        Nav::Stay
    }

    fn earliest(&mut self, desk: &mut Desk) {
        match self.specialty_slots.first().cloned() {
            Some(slot) => self.choose(desk, slot, Step::Doctors),
            None => desk.warn((desk.s.no_free_slots)(DAYS)),
        }
    }
}

/// A slot's start as the desk says it: "hoy 11:40", "mañana 08:00", "lun 30/11 08:00".
fn when(desk: &Desk, start: &WallTime) -> String {
    let (at, today) = (start.naive(), desk.local_now().date());
    let s = desk.s;
    let time = at.format("%H:%M");
    let day = at.date();
    if day == today {
        format!("{} {time}", s.today)
    } else if day.pred_opt() == Some(today) {
        format!("{} {time}", s.tomorrow)
    } else {
        format!("{} {} {time}", (s.weekday)(day), day.format("%d/%m"))
    }
}

fn step_move(sel: &mut usize, len: usize, action: Action) {
    let last = len.saturating_sub(1);
    match action {
        Action::Down => *sel = (*sel + 1).min(last),
        Action::Up => *sel = sel.saturating_sub(1),
        Action::PageDown => *sel = (*sel + 10).min(last),
        Action::PageUp => *sel = sel.saturating_sub(10),
        _ => {}
    }
}

/// Index of the first slot of the next (or previous) day.
fn day_jump(slots: &[Slot], sel: usize, forward: bool) -> usize {
    let day = |i: usize| slots.get(i).map(|s| s.start.date());
    let current = day(sel);
    if forward {
        (sel..slots.len()).find(|i| day(*i) != current).unwrap_or(sel)
    } else {
        let prev_day_end = (0..sel).rev().find(|i| day(*i) != current);
        match prev_day_end {
            Some(end) => {
                let d = day(end);
                (0..=end).find(|i| day(*i) == d).unwrap_or(0)
            }
            None => 0,
        }
    }
}

impl View for State {
    fn keymap(&self) -> Keymap {
        let (bindings, text) = match self.step {
            Step::Specialty => (FILTER_KEYS, true),
            Step::Doctors => (LIST_KEYS, false),
            Step::Slots => (SLOT_KEYS, false),
            Step::Confirm if self.override_question.is_some() => (OVERRIDE_KEYS, false),
            Step::Confirm if self.reschedule.is_none() => (SERIES_CONFIRM_KEYS, false),
            Step::Confirm => (CONFIRM_KEYS, false),
        };
        Keymap { bindings, text }
    }

    fn update(&mut self, desk: &mut Desk, action: Action) -> Nav {
        if action != Action::Submit {
            self.conflict = self.conflict.take().filter(|_| action != Action::Back);
        }
        match (self.step, action) {
            (Step::Specialty, Action::Back) if !self.filter.is_empty() => {
                self.filter.clear();
                self.spec_sel = 0;
            }
            (Step::Specialty, Action::Submit) => self.open_specialty(desk),
            (Step::Specialty, a @ (Action::Up | Action::Down | Action::PageUp | Action::PageDown)) => {
                let n = self.visible_specialties().len();
                step_move(&mut self.spec_sel, n, a);
            }
            (Step::Specialty, Action::Back) => return Nav::Back,
            (Step::Specialty, other) if self.filter.edit(other) => self.spec_sel = 0,
            (Step::Doctors, Action::Submit) if self.doc_sel == 0 => self.earliest(desk),
            (Step::Doctors, Action::Submit) => {
                if let Some(row) = self.doctors.get(self.doc_sel - 1) {
                    self.doctor = Some(row.doctor.clone());
                    self.slot_sel = 0;
                    self.slots.clear();
                    self.load_slots(desk);
                    self.step = Step::Slots;
                }
            }
            (Step::Doctors, Action::Earliest) => self.doc_sel = 0,
            (Step::Doctors, a @ (Action::Up | Action::Down | Action::PageUp | Action::PageDown)) => {
                step_move(&mut self.doc_sel, self.doctors.len() + 1, a);
            }
            (Step::Doctors, Action::Back) => self.step = Step::Specialty,
            (Step::Slots, Action::Submit) => {
                if let Some(slot) = self.slots.get(self.slot_sel).cloned() {
                    self.choose(desk, slot, Step::Slots);
                }
            }
            (Step::Slots, a @ (Action::Up | Action::Down)) => {
                step_move(&mut self.slot_sel, self.slots.len(), a)
            }
            (Step::Slots, Action::PageDown) => self.slot_sel = day_jump(&self.slots, self.slot_sel, true),
            (Step::Slots, Action::PageUp) => self.slot_sel = day_jump(&self.slots, self.slot_sel, false),
            (Step::Slots, Action::Back) if self.reschedule.is_some() => return Nav::Back,
            (Step::Slots, Action::Back) => self.step = Step::Doctors,
            (Step::Confirm, Action::Submit) if self.emergency(desk).is_some() => match self.override_question
            {
                // First Enter: the second question, "no" preselected.
                None => self.override_question = Some(0),
                Some(1) => return self.confirm(desk),
                Some(_) => {
                    self.override_question = None;
                    self.chosen = None;
                    self.step = self.confirm_from;
                    desk.warn(desk.s.not_booked_emergency);
                }
            },
            (Step::Confirm, Action::Up | Action::Down) if self.override_question.is_some() => {
                self.override_question = self.override_question.map(|q| 1 - q.min(1));
            }
            (Step::Confirm, Action::Up | Action::Down) if self.offers_repeat(desk) => {
                self.option_row = match (action, self.repeat) {
                    (_, None) | (Action::Up, _) => 0,
                    _ => 1,
                };
            }
            (Step::Confirm, Action::Left | Action::Right) if self.offers_repeat(desk) => {
                self.change_option(action == Action::Right)
            }
            (Step::Confirm, Action::Submit) if self.series_mode(desk) => return self.confirm_series(desk),
            (Step::Confirm, Action::Submit) => return self.confirm(desk),
            (Step::Confirm, Action::Back) if self.override_question.is_some() => {
                self.override_question = None
            }
            (Step::Confirm, Action::Back) => {
                self.chosen = None;
                self.plan = None;
                self.step = self.confirm_from;
            }
            _ => {}
        }
        Nav::Stay
    }

    fn focused_field(&self) -> Option<&TextField> {
        (self.step == Step::Specialty).then_some(&self.filter)
    }

    fn refresh(&mut self, desk: &mut Desk) {
        match self.step {
            Step::Specialty => self.load_specialties(desk),
            Step::Doctors => self.load_doctors(desk),
            Step::Slots => self.load_slots(desk),
            Step::Confirm => self.recheck(desk),
        }
    }

    fn tab(&self) -> Option<Tab> {
        Some(Tab::Booking)
    }

    fn render(&self, desk: &Desk, frame: &mut Frame, area: Rect) {
        let s = desk.s;
        let context_height = if self.conflict.is_some() { 4 } else { 2 };
        let [context, main] = area.layout(&Layout::vertical([
            Constraint::Length(context_height),
            Constraint::Min(3),
        ]));
        // Who and what is being booked, always visible.
        let mut ctx = vec![];
        if let Some(appt) = &self.reschedule {
            let doing = if self.following {
                s.moving_following
            } else {
                s.rescheduling
            };
            ctx.push(Span::styled(format!("{doing} "), theme::LABEL));
            ctx.push(Span::raw(format!(
                "{} · {} · {}",
                appt.patient_name, appt.doctor_name, appt.start
            )));
        } else {
            ctx.push(Span::styled(format!("{}: ", s.patient), theme::LABEL));
            match &desk.patient {
                Some(p) => ctx.push(Span::raw(format!(
                    "{} ({})",
                    p.full_name(),
                    p.document().get(desk.lang)
                ))),
                None => ctx.push(Span::styled(s.no_patient_yet, theme::WARNING)),
            }
            if let Some(spec) = &self.specialty {
                ctx.push(Span::styled(format!("  {}: ", s.specialty), theme::LABEL));
                ctx.push(Span::raw(spec.name.clone()));
            }
        }
        let mut lines = vec![Line::from(ctx)];
        if let Some(c) = &self.conflict {
            lines.push(Line::from(Span::styled(format!("⚠ {c}"), theme::WARNING)));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), context);
        match self.step {
            Step::Specialty => self.render_specialties(desk, frame, main),
            Step::Doctors => self.render_doctors(desk, frame, main),
            Step::Slots => self.render_slots(desk, frame, main),
            Step::Confirm => self.render_confirm(desk, frame, main),
        }
    }
}

impl State {
    fn render_specialties(&self, desk: &Desk, frame: &mut Frame, area: Rect) {
        let s = desk.s;
        let [filter_area, list] = area.layout(&Layout::vertical([Constraint::Length(1), Constraint::Min(1)]));
        let w = widgets::width(s.filter) as u16;
        field_row(
            frame,
            filter_area,
            s.filter,
            w,
            &self.filter,
            Mask::Plain,
            true,
            None,
        );
        if self.filter.is_empty() {
            widgets::hint_after(frame, filter_area, w, &self.filter, s.choose_specialty);
        }
        // The description is cut with `…` to the room it has (never mid-word without a mark).
        let desc_w = usize::from(list.width).saturating_sub(2 + 26 + 1 + 12 + 1);
        let rows = self
            .visible_specialties()
            .into_iter()
            .filter_map(|i| self.specialties.get(i))
            .map(|sp| {
                Row::new(vec![
                    widgets::ellipsis(&sp.name, 26),
                    (s.n_doctors)(sp.doctors),
                    widgets::ellipsis(&sp.description, desc_w),
                ])
            });
        let table = Table::new(
            rows,
            [
                Constraint::Length(26),
                Constraint::Length(12),
                Constraint::Min(10),
            ],
        )
        .header(Row::new([s.specialty, s.col_doctors, ""]).style(theme::LABEL))
        .block(Block::default().borders(Borders::TOP).border_style(theme::BORDER))
        .row_highlight_style(theme::SELECTED)
        .highlight_symbol("▶ ");
        let mut state = TableState::default().with_selected(Some(self.spec_sel));
        frame.render_stateful_widget(table, list, &mut state);
    }

    fn render_doctors(&self, desk: &Desk, frame: &mut Frame, area: Rect) {
        let s = desk.s;
        let cur = &desk.settings.currency;
        // The first row is the earliest free slot of the whole specialty (Enter takes it).
        let name_w = usize::from(area.width).saturating_sub(2 + 6 + 11 + 17 + 3);
        let earliest = match self.specialty_slots.first() {
            Some(slot) => Row::new(vec![
                widgets::ellipsis(&format!("» {} · {}", s.earliest_row, slot.doctor_name), name_w),
                String::new(),
                slot.price_cents.display(cur),
                when(desk, &slot.start),
            ])
            .style(theme::OK),
            None => Row::new(vec![(s.no_free_slots)(DAYS)]).style(theme::WARNING),
        };
        let rows = std::iter::once(earliest).chain(self.doctors.iter().map(|r| {
            let next = r
                .next
                .as_ref()
                .map_or_else(|| "—".to_string(), |n| when(desk, &n.start));
            Row::new(vec![
                widgets::ellipsis(&r.doctor.full_name, name_w),
                format!("★ {:.1}", r.doctor.rating),
                r.doctor.price.display(cur),
                next,
            ])
        }));
        let list = area;
        let table = Table::new(
            rows,
            [
                Constraint::Min(24),
                Constraint::Length(6),
                Constraint::Length(11),
                Constraint::Length(17),
            ],
        )
        .header(Row::new([s.col_doctor, s.col_rating, s.col_price, s.col_next_free]).style(theme::LABEL))
        .block(Block::default().borders(Borders::TOP).border_style(theme::BORDER))
        .row_highlight_style(theme::SELECTED)
        .highlight_symbol("▶ ");
        let mut state = TableState::default().with_selected(Some(self.doc_sel));
        frame.render_stateful_widget(table, list, &mut state);
    }

    fn render_slots(&self, desk: &Desk, frame: &mut Frame, area: Rect) {
        let s = desk.s;
        let [top, list] = area.layout(&Layout::vertical([Constraint::Length(1), Constraint::Min(1)]));
        if let Some(d) = &self.doctor {
            frame.render_widget(
                Line::from(vec![
                    Span::styled(d.full_name.clone(), theme::LABEL),
                    Span::raw(format!(
                        " · {} · {}",
                        d.specialty,
                        d.price.display(&desk.settings.currency)
                    )),
                    Span::styled(
                        format!("   {}", (s.free_slots_in)(self.slots.len(), DAYS)),
                        theme::MUTED,
                    ),
                ]),
                top,
            );
        }
        if self.slots.is_empty() {
            frame.render_widget(Paragraph::new((s.no_free_slots)(DAYS)), list);
            return;
        }
        // One column per day (as many days as fit), the free times down each column.
        let mut days: Vec<(chrono::NaiveDate, Vec<usize>)> = Vec::new();
        for (i, slot) in self.slots.iter().enumerate() {
            let day = slot.start.date();
            match days.last_mut() {
                Some((d, idx)) if *d == day => idx.push(i),
                _ => days.push((day, vec![i])),
            }
        }
        let block = Block::default().borders(Borders::TOP).border_style(theme::BORDER);
        let inner = block.inner(list);
        frame.render_widget(block, list);
        const COL: u16 = 13;
        let n_cols = usize::from((inner.width / COL).max(1));
        let sel_day = days
            .iter()
            .position(|(_, idx)| idx.contains(&self.slot_sel))
            .unwrap_or(0);
        let first = (sel_day + 1).saturating_sub(n_cols);
        let rows_fit = usize::from(inner.height.saturating_sub(1));
        for (c, (day, idx)) in days.iter().enumerate().skip(first).take(n_cols) {
            let x = inner.x + (c - first) as u16 * COL;
            let col = Rect::new(x, inner.y, COL.min(inner.right() - x), inner.height);
            let date = Some(*day);
            let title = date.map_or_else(String::new, |d| {
                format!("{} {}", (s.weekday)(d), d.format("%d/%m"))
            });
            let pos = idx.iter().position(|i| *i == self.slot_sel);
            let skip = match pos {
                Some(p) if p >= rows_fit => p + 1 - rows_fit,
                _ => 0,
            };
            let mut lines = vec![Line::from(Span::styled(title, theme::LABEL))];
            for i in idx.iter().skip(skip).take(rows_fit) {
                let time = self.slots[*i].start.hm();
                lines.push(if *i == self.slot_sel {
                    Line::from(Span::styled(format!("▶ {time}"), theme::SELECTED))
                } else {
                    Line::from(format!("  {time}"))
                });
            }
            frame.render_widget(Paragraph::new(lines), col);
        }
    }

    fn render_confirm(&self, desk: &Desk, frame: &mut Frame, area: Rect) {
        let s = desk.s;
        let Some(slot) = &self.chosen else { return };
        let title = if self.reschedule.is_some() {
            s.confirm_reschedule
        } else {
            s.confirm_booking
        };
        let patient = match (&self.reschedule, &desk.patient) {
            (Some(a), _) => a.patient_name.clone(),
            (None, Some(p)) => format!("{} ({})", p.full_name(), p.document().get(desk.lang)),
            (None, None) => s.no_patient_yet.to_string(),
        };
        let row = |label: &str, value: String| {
            Line::from(vec![
                Span::styled(format!("{label:<14}"), theme::LABEL),
                Span::raw(value),
            ])
        };
        let mut lines = vec![
            row(s.patient, patient),
            row(s.col_doctor, slot.doctor_name.clone()),
            row(s.specialty, slot.specialty.clone()),
            row(s.col_time, format!("{} – {}", slot.start, slot.end.hm())),
            row(s.col_price, slot.price_cents.display(&desk.settings.currency)),
        ];
        if let Some(a) = &self.reschedule {
            lines.push(row(s.before, a.start.to_string()));
        }
        if self.offers_repeat(desk) {
            let option = |label: &str, value: String, on: bool| {
                Line::from(vec![
                    Span::styled(format!("{label:<14}"), theme::LABEL),
                    Span::styled(
                        format!("◀ {value} ▶"),
                        if on { theme::SELECTED } else { theme::KEY },
                    ),
                ])
            };
            let rule = self.repeat.map_or(s.repeat_none, |r| r.label(desk.lang));
            lines.push(option(s.repeat, rule.to_string(), self.option_row == 0));
            if self.repeat.is_some() {
                lines.push(option(
                    s.series_count,
                    self.count.to_string(),
                    self.option_row == 1,
                ));
            }
        }
        // The series as checked: every conflict with its alternative, as many as fit.
        let fixed = lines.len() + 4;
        let room = usize::from(area.height).saturating_sub(fixed + 2).max(1);
        lines.extend(self.plan_lines(desk, room));
        let emergency = self.emergency(desk);
        if self.orientation_id.is_some() && emergency.is_none() {
            lines.push(Line::from(Span::styled(s.linked_to_orientation, theme::MUTED)));
        }
        if let Some(o) = emergency {
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                format!(" ‼ {} ", s.emergency_in_booking),
                theme::EMERGENCY,
            )));
            if !o.red_flags.is_empty() {
                lines.push(Line::from(Span::styled(
                    format!("{}: {}", s.red_flags, o.red_flags.join("; ")),
                    theme::ERROR,
                )));
            }
            lines.push(Line::from(Span::styled(s.emergency_do, theme::ERROR)));
        }
        lines.push(Line::from(""));
        if let (Some(_), Some(q)) = (emergency, self.override_question) {
            lines.push(Line::from(Span::styled(
                format!("⚠ {}", s.override_q),
                theme::WARNING,
            )));
            for (i, label) in [s.override_no, s.override_yes].into_iter().enumerate() {
                lines.push(if i == q {
                    Line::from(Span::styled(format!("▶ {label}"), theme::SELECTED))
                } else {
                    Line::from(format!("  {label}"))
                });
            }
            lines.push(Line::from(Span::styled(s.menu_keys, theme::KEY)));
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(theme::ERROR)
                .title(format!(" {title} "))
                .padding(ratatui::widgets::Padding::horizontal(1));
            // Tall enough for every line once wrapped (the answer must show).
            let inner_w = usize::from(area.width.min(76).saturating_sub(4)).max(1);
            let rows: usize = lines
                .iter()
                .map(|l| widgets::width(&l.to_string()).div_ceil(inner_w).max(1))
                .sum();
            let r = crate::tui::widgets::centered(area, 76, rows as u16 + 2);
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), r);
            return;
        }
        if self.reschedule.is_none() && desk.patient.is_none() {
            // Nothing to confirm yet: say what is missing instead of offering Enter.
            lines.push(Line::from(vec![
                Span::styled(format!("⚠ {}", s.choose_patient_first), theme::WARNING),
                Span::styled("   Esc ", theme::KEY),
                Span::raw(s.h_back),
            ]));
        } else {
            let enter = match (&self.plan, self.series_mode(desk)) {
                (_, false) => s.h_confirm.to_string(),
                (Some(p), true) if p.conflicts().is_empty() && self.reschedule.is_some() => {
                    (s.enter_moves_all)(p.occurrences.len())
                }
                (Some(p), true) if p.conflicts().is_empty() => (s.enter_books_all)(p.occurrences.len()),
                (_, true) => s.enter_checks.to_string(),
            };
            let mut keys = vec![
                Span::styled(" Enter ", theme::KEY),
                Span::raw(enter),
                Span::styled("   Esc ", theme::KEY),
                Span::raw(s.h_back),
            ];
            if self.offers_repeat(desk) {
                keys.push(Span::styled("   ↑↓ ←→ ", theme::KEY));
                keys.push(Span::raw(s.h_series_option));
            }
            lines.push(Line::from(keys));
        }
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme::BORDER)
            .title(format!(" {title} "))
            .padding(ratatui::widgets::Padding::horizontal(1));
        let r = crate::tui::widgets::centered(area, 72, lines.len() as u16 + 2);
        frame.render_widget(Paragraph::new(lines).block(block), r);
    }

    /// The checked series: all free (from … to …), or each conflict with its alternative, at
    /// most `room` lines.
    fn plan_lines(&self, desk: &Desk, room: usize) -> Vec<Line<'static>> {
        let s = desk.s;
        let Some(plan) = &self.plan else {
            return Vec::new();
        };
        let conflicts = plan.conflicts();
        let mut lines = vec![Line::from("")];
        if conflicts.is_empty() {
            let text = match (
                self.reschedule.is_some(),
                plan.occurrences.first(),
                plan.occurrences.last(),
            ) {
                (true, _, _) => (s.shift_free)(plan.occurrences.len()),
                (false, Some(first), Some(last)) => (s.series_free)(
                    plan.occurrences.len(),
                    &day_time(desk, &first.at),
                    &day_time(desk, &last.at),
                ),
                _ => return Vec::new(),
            };
            lines.push(Line::from(Span::styled(text, theme::OK)));
            return lines;
        }
        let head = if self.reschedule.is_some() {
            (s.shift_conflicts)(conflicts.len())
        } else {
            (s.series_conflicts)(conflicts.len(), plan.occurrences.len())
        };
        lines.push(Line::from(Span::styled(head, theme::WARNING)));
        let shown = if conflicts.len() > room.saturating_sub(1) {
            room.saturating_sub(2)
        } else {
            conflicts.len()
        };
        for c in conflicts.iter().take(shown) {
            lines.push(Line::from(conflict_line(desk, c)));
        }
        if shown < conflicts.len() {
            lines.push(Line::from(Span::styled(
                (s.more_conflicts)(conflicts.len() - shown),
                theme::MUTED,
            )));
        }
        lines
    }
}

/// "3/8 mar 17/03 10:00 ya reservado → libre: 10:15".
fn conflict_line(desk: &Desk, c: &SeriesConflict) -> String {
    use crate::domain::catalog::slots::SlotProblem;
    let s = desk.s;
    let why = match c.problem.as_ref() {
        AppointmentError::Slot { problem, .. } => match problem {
            SlotProblem::Taken => s.c_taken.to_string(),
            SlotProblem::TimeOff { .. } => s.c_time_off.to_string(),
            SlotProblem::Past => s.c_past.to_string(),
            SlotProblem::OutsideSchedule | SlotProblem::Misaligned { .. } | SlotProblem::NonexistentTime => {
                s.c_outside.to_string()
            }
        },
        AppointmentError::PatientBusy { .. } => s.c_patient_busy.to_string(),
        other => errors::message(desk.lang, other),
    };
    // The same day: the time is enough.
    let alternative = match &c.alternative {
        Some(a) if a.date() == c.at.date() => (s.series_alternative)(&a.hm().to_string()),
        Some(a) => (s.series_alternative)(&day_time(desk, a)),
        None => s.no_alternative.to_string(),
    };
    format!(
        "{}/{} {} {why} → {alternative}",
        c.position,
        c.count,
        day_time(desk, &c.at)
    )
}

/// "lun 16/03 09:00": a series' dates, each with its weekday.
fn day_time(desk: &Desk, at: &WallTime) -> String {
    let day = at.date();
    format!("{} {} {}", (desk.s.weekday)(day), day.format("%d/%m"), at.hm())
}
