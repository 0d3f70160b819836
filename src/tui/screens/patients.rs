//! Patients: type-ahead search by DNI or name (results update on every key), and the new/edit
//! form with inline messages next to each field and the probable-duplicate warning. Every rule
//! is the domain's (`domain::patients`); this screen only shows its answers.

use chrono::NaiveDate;
use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, TableState, Wrap};

use super::View;
use crate::domain::patients::{self, DocType, NewPatient, Patient, PatientInput, Sex, validate};
use crate::error::AppResult;
use crate::tui::action::{Action, Tab};
use crate::tui::app::{Desk, Nav};
use crate::tui::keymap::{Binding, Keymap, alias, bind, ctrl, key};
use crate::tui::theme;
use crate::tui::widgets::{Mask, TextField, ellipsis, field_row, field_width, width};

/// Rows one search returns: enough to fill a tall terminal; typing more narrows it.
pub const RESULTS: u32 = 50;

pub struct State {
    pub query: TextField,
    pub results: Vec<Patient>,
    pub selected: usize,
    /// Patients in the database (shown next to the search).
    pub total: i64,
    pub form: Option<Form>,
    /// The last search failed (the message is in the flash line).
    pub error: Option<String>,
    /// The query changed since the last search (it runs when the keys stop arriving).
    pub stale: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    DocType,
    DocNumber,
    FirstName,
    LastName,
    BirthDate,
    Sex,
    Phone,
    Email,
}

const FIELDS: [Field; 8] = [
    Field::DocType,
    Field::DocNumber,
    Field::FirstName,
    Field::LastName,
    Field::BirthDate,
    Field::Sex,
    Field::Phone,
    Field::Email,
];

pub struct Form {
    /// The patient being edited; `None` for a new one.
    pub editing: Option<crate::ids::PatientId>,
    pub fields: [TextField; 8],
    /// What the fields held when the form opened (to know whether it holds unsaved input).
    original: [String; 8],
    pub focus: usize,
    /// Inline message per field (validation error), shown next to it.
    pub errors: [Option<String>; 8],
    /// Probable duplicates found before saving: saving again confirms.
    pub duplicates: Vec<Patient>,
    /// Esc was pressed once on a form with unsaved input.
    pub discard_armed: bool,
}

static SEARCH_KEYS: &[Binding] = &[
    bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| {
        s.h_choose_patient
    }),
    bind(ctrl('n'), "Ctrl-N", Action::New, |s| s.h_new_patient),
    bind(ctrl('e'), "Ctrl-E", Action::Edit, |s| s.h_edit_patient),
    bind(key(KeyCode::Down), "↑↓", Action::Down, |s| s.h_move),
    alias(key(KeyCode::Up), Action::Up),
    alias(key(KeyCode::PageDown), Action::PageDown),
    alias(key(KeyCode::PageUp), Action::PageUp),
];

static FORM_KEYS: &[Binding] = &[
    bind(ctrl('s'), "Ctrl-S", Action::Save, |s| s.h_save),
    bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| s.h_next_or_save),
    bind(key(KeyCode::Tab), "Tab", Action::NextField, |s| s.h_next_field),
    bind(key(KeyCode::BackTab), "S-Tab", Action::PrevField, |s| {
        s.h_prev_field
    }),
    alias(key(KeyCode::Down), Action::NextField),
    alias(key(KeyCode::Up), Action::PrevField),
];

impl Form {
    fn new(input: &PatientInput, editing: Option<crate::ids::PatientId>) -> Form {
        let value = |f: Field| -> String {
            match f {
                Field::DocType => input.doc_type.clone().unwrap_or_else(|| "dni".into()),
                Field::DocNumber => input.doc_number.clone(),
                Field::FirstName => input.first_name.clone(),
                Field::LastName => input.last_name.clone(),
                Field::BirthDate => input.birth_date.clone().unwrap_or_default(),
                Field::Sex => input.sex.clone().unwrap_or_default(),
                Field::Phone => input.phone.clone().unwrap_or_default(),
                Field::Email => input.email.clone().unwrap_or_default(),
            }
        };
        let fields = FIELDS.map(|f| TextField::with(&value(f), max_chars(f)));
        let original = FIELDS.map(value);
        // A new patient starts at the first empty field (the DNI typed in the search is kept).
        let focus = FIELDS
            .iter()
            .position(|f| *f != Field::DocType && fields[index(*f)].is_empty())
            .unwrap_or(1);
        Form {
            editing,
            fields,
            original,
            focus,
            errors: Default::default(),
            duplicates: Vec::new(),
            discard_armed: false,
        }
    }

    pub fn dirty(&self) -> bool {
        self.fields.iter().zip(&self.original).any(|(f, o)| f.value != *o)
    }

    /// Leaving a field: its value is checked, unless it is still empty (an empty required
    /// field is flagged when saving, not the moment the cursor passes by).
    fn leave(&mut self, desk: &Desk) {
        let f = FIELDS[self.focus];
        if self.fields[self.focus].is_empty() {
            self.errors[self.focus] = None;
        } else {
            self.check(f, desk);
        }
    }

    fn input(&self) -> PatientInput {
        let opt = |f: Field| {
            let v = self.fields[index(f)].value.trim().to_string();
            (!v.is_empty()).then_some(v)
        };
        PatientInput {
            doc_type: opt(Field::DocType),
            doc_number: self.fields[index(Field::DocNumber)].value.clone(),
            first_name: self.fields[index(Field::FirstName)].value.clone(),
            last_name: self.fields[index(Field::LastName)].value.clone(),
            email: opt(Field::Email),
            phone: opt(Field::Phone),
            birth_date: opt(Field::BirthDate).map(|d| iso_date(&d)),
            sex: opt(Field::Sex),
        }
    }

    /// The domain's verdict on one field, as the inline message.
    fn check(&mut self, f: Field, desk: &Desk) {
        let value = self.fields[index(f)].value.trim().to_string();
        let today = desk.local_now().date();
        let result: AppResult<()> = match f {
            Field::DocType => DocType::parse(if value.is_empty() { "dni" } else { &value }).map(drop),
            Field::DocNumber => {
                let doc_type = DocType::parse(&self.fields[0].value).unwrap_or(DocType::Dni);
                validate::doc_number(doc_type, &value).map(drop)
            }
            Field::FirstName => validate::name(&value, crate::domain::patients::NameField::First).map(drop),
            Field::LastName => validate::name(&value, crate::domain::patients::NameField::Last).map(drop),
            Field::BirthDate if !value.is_empty() => validate::birth_date(&iso_date(&value), today).map(drop),
            Field::Sex if !value.is_empty() => Sex::parse(&value).map(drop),
            Field::Phone if !value.is_empty() => validate::phone(&value).map(drop),
            Field::Email if !value.is_empty() => validate::email(&value).map(drop),
            _ => Ok(()),
        };
        self.errors[index(f)] = result.err().map(|e| {
            // A date that does not exist, typed day first: say it in the form it was typed
            // (the domain's message shows the converted AAAA-MM-DD form).
            let typed_day_first = f == Field::BirthDate && iso_date(&value) != value;
            let real = NaiveDate::parse_from_str(&iso_date(&value), "%Y-%m-%d").is_ok();
            if typed_day_first && !real {
                (desk.s.bad_birth_date)(&value)
            } else {
                e.message(desk.lang)
            }
        });
    }

    fn save(&mut self, desk: &mut Desk) -> Option<Patient> {
        for f in FIELDS {
            self.check(f, desk);
        }
        if let Some(first_bad) = self.errors.iter().position(Option::is_some) {
            self.focus = first_bad;
            return None;
        }
        let today = desk.local_now().date();
        let new = match NewPatient::parse(&self.input(), today) {
            Ok(n) => n,
            Err(e) => {
                desk.fail(&e);
                return None;
            }
        };
        // The duplicate warning comes before saving; saving again with the same data confirms.
        if self.duplicates.is_empty() {
            match patients::probable_duplicates(&desk.conn, &new, self.editing.as_deref()) {
                Ok(found) if !found.is_empty() => {
                    self.duplicates = found;
                    return None;
                }
                Ok(_) => {}
                Err(e) => {
                    desk.fail(&e);
                    return None;
                }
            }
        }
        let now = desk.now();
        let staff = desk.staff_id().cloned();
        let editing = self.editing.clone();
        let saved = crate::flows::desk::save_patient(&desk.conn, editing.as_ref(), &new, staff.as_ref(), now);
        match saved {
            Ok(saved) => Some(saved.patient),
            Err(e) => {
                desk.fail(&e);
                None
            }
        }
    }
}

/// The document types offered, in this order.
const DOC_TYPES: [DocType; 3] = [DocType::Dni, DocType::Ce, DocType::Passport];

/// The document type in the desk's words ("Carné de extranjería", "Passport").
fn doc_type_name(s: &crate::tui::strings::Strings, d: DocType) -> &'static str {
    match d {
        DocType::Dni => s.doc_dni,
        DocType::Ce => s.doc_ce,
        DocType::Passport => s.doc_passport,
    }
}

/// A birth date as the desk types it: "10/05/1990" (DD/MM/AAAA, also with `-` or `.`) becomes
/// "1990-05-10"; anything else is passed on as typed (the domain says what is wrong).
pub fn iso_date(value: &str) -> String {
    let v = value.trim();
    let parts: Vec<&str> = v.split(['/', '-', '.']).collect();
    match parts.as_slice() {
        [d, m, y]
            if y.len() == 4
                && (1..=2).contains(&d.len())
                && (1..=2).contains(&m.len())
                && [d, m, y].iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) =>
        {
            format!("{y}-{m:0>2}-{d:0>2}")
        }
        _ => v.to_string(),
    }
}

fn index(f: Field) -> usize {
    FIELDS.iter().position(|x| *x == f).unwrap_or(0)
}

fn max_chars(f: Field) -> usize {
    match f {
        Field::DocType => 10,
        Field::DocNumber => 20,
        Field::FirstName | Field::LastName => 60,
        Field::BirthDate => 10,
        Field::Sex => 10,
        Field::Phone => 20,
        Field::Email => 120,
    }
}

impl State {
    pub fn new(desk: &mut Desk) -> State {
        let mut st = State {
            query: TextField::new(100),
            results: Vec::new(),
            selected: 0,
            total: 0,
            form: None,
            error: None,
            stale: false,
        };
        st.refresh(desk);
        st
    }

    pub fn selected_patient(&self) -> Option<&Patient> {
        self.results.get(self.selected)
    }

    fn search(&mut self, desk: &mut Desk) {
        let q = self.query.value.trim();
        self.error = None;
        if q.is_empty() {
            self.results.clear();
        } else {
            match patients::search(&desk.conn, q, RESULTS) {
                Ok(found) => self.results = found,
                Err(e) => {
                    self.results.clear();
                    self.error = Some(e.message(desk.lang));
                }
            }
        }
        self.selected = self.selected.min(self.results.len().saturating_sub(1));
    }

    /// A DNI typed in the search that nobody has: the new form starts with it.
    fn typed_document(&self) -> Option<String> {
        let q = self.query.value.trim();
        (q.len() == 8 && q.bytes().all(|b| b.is_ascii_digit())).then(|| q.to_string())
    }

    fn update_search(&mut self, desk: &mut Desk, action: Action) -> Nav {
        if !matches!(
            action,
            Action::Char(_) | Action::Backspace | Action::Delete | Action::ClearField
        ) {
            // Acting on the results needs them up to date with what was typed.
            self.settle(desk);
        }
        match action {
            Action::Down => self.selected = (self.selected + 1).min(self.results.len().saturating_sub(1)),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::PageDown => {
                self.selected = (self.selected + 10).min(self.results.len().saturating_sub(1))
            }
            Action::PageUp => self.selected = self.selected.saturating_sub(10),
            Action::New => {
                let input = PatientInput {
                    doc_number: self.typed_document().unwrap_or_default(),
                    ..PatientInput::default()
                };
                self.form = Some(Form::new(&input, None));
            }
            Action::Edit => {
                if let Some(p) = self.selected_patient() {
                    self.form = Some(Form::new(&PatientInput::from_patient(p), Some(p.id.clone())));
                }
            }
            Action::Submit => {
                if let Some(p) = self.selected_patient().cloned() {
                    desk.info((desk.s.patient_chosen)(&p.full_name()));
                    desk.patient = Some(p);
                    desk.orientation = None;
                    return super::after_patient_chosen(desk);
                }
                if self.typed_document().is_some() {
                    return self.update_search(desk, Action::New);
                }
            }
            Action::Back if !self.query.value.is_empty() => {
                self.query.clear();
                self.search(desk);
            }
            Action::Back => return Nav::Back,
            other => {
                if self.query.edit(other) {
                    self.selected = 0;
                    self.stale = true;
                }
            }
        }
        Nav::Stay
    }
}

impl View for State {
    fn keymap(&self) -> Keymap {
        Keymap {
            bindings: if self.form.is_some() {
                FORM_KEYS
            } else {
                SEARCH_KEYS
            },
            text: true,
        }
    }

    fn update(&mut self, desk: &mut Desk, action: Action) -> Nav {
        let Some(form) = &mut self.form else {
            return self.update_search(desk, action);
        };
        if action != Action::Back {
            form.discard_armed = false;
        }
        match action {
            Action::Back => {
                if form.dirty() && !form.discard_armed {
                    form.discard_armed = true;
                    desk.warn(desk.s.esc_again_discards);
                } else {
                    self.form = None;
                }
            }
            Action::NextField | Action::PrevField => {
                form.leave(desk);
                form.focus = if action == Action::NextField {
                    (form.focus + 1) % FIELDS.len()
                } else {
                    (form.focus + FIELDS.len() - 1) % FIELDS.len()
                };
            }
            Action::Submit if form.focus + 1 < FIELDS.len() && form.duplicates.is_empty() => {
                form.leave(desk);
                form.focus += 1;
            }
            // The document type is a choice: ←→ cycle, or its initial (d, c, p).
            other
                if FIELDS[form.focus] == Field::DocType
                    && !matches!(other, Action::Submit | Action::Save) =>
            {
                let current = DocType::parse(&form.fields[0].value).unwrap_or(DocType::Dni);
                let i = DOC_TYPES.iter().position(|d| *d == current).unwrap_or(0);
                let next = match other {
                    Action::Right => Some(DOC_TYPES[(i + 1) % DOC_TYPES.len()]),
                    Action::Left => Some(DOC_TYPES[(i + DOC_TYPES.len() - 1) % DOC_TYPES.len()]),
                    Action::Char(c) => match c.to_ascii_lowercase() {
                        'd' => Some(DocType::Dni),
                        'c' => Some(DocType::Ce),
                        'p' => Some(DocType::Passport),
                        _ => None,
                    },
                    _ => None,
                };
                if let Some(d) = next {
                    form.fields[0].set(d.as_str());
                    form.errors[0] = None;
                    form.errors[1] = None;
                    form.duplicates.clear();
                }
            }
            Action::Submit | Action::Save => {
                if let Some(saved) = form.save(desk) {
                    let name = saved.full_name();
                    self.form = None;
                    self.query.set(&saved.doc_number);
                    self.results = vec![saved];
                    self.selected = 0;
                    self.total = patients::count(&desk.conn).unwrap_or(self.total);
                    desk.info((desk.s.patient_saved)(&name));
                }
            }
            other => {
                let focus = form.focus;
                if form.fields[focus].edit(other) {
                    form.errors[focus] = None;
                    form.duplicates.clear();
                }
            }
        }
        Nav::Stay
    }

    fn render(&self, desk: &Desk, frame: &mut Frame, area: Rect) {
        match &self.form {
            Some(form) => render_form(form, desk, frame, area),
            None => self.render_search(desk, frame, area),
        }
    }

    fn focused_field(&self) -> Option<&TextField> {
        match &self.form {
            // The document type is a choice, not text: a paste there is ignored (and said so).
            Some(form) if FIELDS[form.focus] == Field::DocType => None,
            Some(form) => form.fields.get(form.focus),
            None => Some(&self.query),
        }
    }

    fn dirty(&self) -> bool {
        self.form.as_ref().is_some_and(Form::dirty)
    }

    fn settle(&mut self, desk: &mut Desk) {
        if self.stale {
            self.stale = false;
            self.search(desk);
        }
    }

    fn refresh(&mut self, desk: &mut Desk) {
        self.total = patients::count(&desk.conn).unwrap_or(self.total);
        if self.form.is_none() {
            self.search(desk);
        }
    }

    fn tab(&self) -> Option<Tab> {
        Some(Tab::Patients)
    }
}

impl State {
    fn render_search(&self, desk: &Desk, frame: &mut Frame, area: Rect) {
        let s = desk.s;
        let [top, table_area] = area.layout(&Layout::vertical([Constraint::Length(2), Constraint::Min(3)]));
        let [field_area, count_area] =
            top.layout(&Layout::horizontal([Constraint::Min(40), Constraint::Length(32)]));
        let label_w = s.search_patient.chars().count() as u16;
        field_row(
            frame,
            field_area,
            s.search_patient,
            label_w,
            &self.query,
            Mask::Plain,
            true,
            None,
        );
        // How many matched ("first 50" when the page is full), or the size of the register.
        let count = if self.query.is_empty() {
            (s.patients_total)(self.total)
        } else if self.results.len() >= RESULTS as usize {
            (s.first_matches)(self.results.len())
        } else {
            (s.n_matches)(self.results.len())
        };
        frame.render_widget(
            Line::from(Span::styled(count, theme::MUTED)).right_aligned(),
            count_area,
        );
        let today = desk.local_now().date();
        let block = Block::default().borders(Borders::TOP).border_style(theme::BORDER);
        if self.results.is_empty() {
            let msg = if let Some(e) = &self.error {
                Line::from(Span::styled(format!("✗ {e}"), theme::ERROR))
            } else if self.query.is_empty() {
                Line::from(Span::styled(s.search_prompt, theme::MUTED))
            } else if let Some(dni) = self.typed_document() {
                Line::from(vec![
                    Span::raw((s.no_patient_with)(&dni)),
                    Span::styled(" Enter / Ctrl-N ", theme::KEY),
                    Span::raw(s.to_register),
                ])
            } else {
                Line::from(vec![
                    Span::raw(s.no_results),
                    Span::styled(" Ctrl-N ", theme::KEY),
                    Span::raw(s.to_register),
                ])
            };
            frame.render_widget(
                Paragraph::new(msg).wrap(Wrap { trim: true }).block(block),
                table_area,
            );
            return;
        }
        let wide = area.width >= 100;
        let header = if wide {
            Row::new([s.col_document, s.col_name, s.col_age, s.col_phone, s.col_email])
        } else {
            Row::new([s.col_document, s.col_name, s.col_age, s.col_phone])
        }
        .style(theme::LABEL);
        // The document is never cut (its column is as wide as the widest on screen); names are
        // cut with `…` instead. Widths in screen columns.
        let docs: Vec<String> = self
            .results
            .iter()
            .map(|p| p.document().get(desk.lang).to_string())
            .collect();
        let doc_w = docs
            .iter()
            .map(|d| width(d))
            .chain([width(s.col_document)])
            .max()
            .unwrap_or(8);
        let (age_w, phone_w) = (width(s.col_age).max(3), 13);
        let fixed = 2 + doc_w + age_w + phone_w + if wide { 4 } else { 3 };
        let rest = usize::from(table_area.width).saturating_sub(fixed);
        let (name_w, email_w) = if wide {
            let name = rest * 3 / 5;
            (name, rest - name)
        } else {
            (rest, 0)
        };
        let rows = self.results.iter().zip(&docs).map(|(p, doc)| {
            let age = p.age(today).map(|a| a.to_string()).unwrap_or_else(|| "—".into());
            let mut cells = vec![
                doc.clone(),
                ellipsis(&format!("{}, {}", p.last_name, p.first_name), name_w),
                age,
                ellipsis(p.phone.as_deref().unwrap_or_default(), phone_w),
            ];
            if wide {
                cells.push(ellipsis(p.email.as_deref().unwrap_or_default(), email_w));
            }
            Row::new(cells)
        });
        let len = |n: usize| Constraint::Length(n as u16);
        let mut widths = vec![len(doc_w), len(name_w), len(age_w), len(phone_w)];
        if wide {
            widths.push(len(email_w));
        }
        let table = Table::new(rows, widths)
            .header(header)
            .block(block)
            .row_highlight_style(theme::SELECTED)
            .highlight_symbol("▶ ");
        let mut state = TableState::default().with_selected(Some(self.selected));
        frame.render_stateful_widget(table, table_area, &mut state);
    }
}

fn field_label(s: &crate::tui::strings::Strings, f: Field) -> &'static str {
    match f {
        Field::DocType => s.f_doc_type,
        Field::DocNumber => s.f_doc_number,
        Field::FirstName => s.f_first_name,
        Field::LastName => s.f_last_name,
        Field::BirthDate => s.f_birth_date,
        Field::Sex => s.f_sex,
        Field::Phone => s.f_phone,
        Field::Email => s.f_email,
    }
}

fn render_form(form: &Form, desk: &Desk, frame: &mut Frame, area: Rect) {
    let s = desk.s;
    let title = if form.editing.is_some() {
        s.edit_patient
    } else {
        s.new_patient
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::BORDER)
        .title(format!(" {title} "));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut constraints = vec![Constraint::Length(1); FIELDS.len()];
    constraints.push(Constraint::Length(1));
    constraints.push(Constraint::Min(0));
    let rows = inner.layout_vec(&Layout::vertical(constraints));
    let labels: Vec<String> = FIELDS
        .iter()
        .map(|f| {
            let required = matches!(f, Field::DocNumber | Field::FirstName | Field::LastName);
            format!("{}{}", field_label(s, *f), if required { " *" } else { "" })
        })
        .collect();
    let label_w = labels.iter().map(|l| width(l)).max().unwrap_or(10) as u16;
    // Each problem once: next to its field when it fits there, else below with its label.
    let mut below: Vec<Line> = Vec::new();
    for (i, f) in FIELDS.iter().enumerate() {
        let hint = field_hint(s, *f);
        let row = rows[i];
        let room = usize::from(row.width).saturating_sub(
            usize::from(label_w) + 2 + usize::from(field_width(&form.fields[i], row.width)) + 4,
        );
        let message = match form.errors[i].as_deref() {
            Some(e) if width(e) <= room => Some((e, true)),
            Some(e) => {
                below.push(Line::from(Span::styled(
                    format!("✗ {}: {e}", field_label(s, *f)),
                    theme::ERROR,
                )));
                Some((s.see_below, true))
            }
            None => None,
        };
        if *f == Field::DocType {
            let current = DocType::parse(&form.fields[0].value).unwrap_or(DocType::Dni);
            let style = if form.focus == i {
                theme::FIELD_FOCUS
            } else {
                theme::FIELD
            };
            frame.render_widget(
                Line::from(vec![
                    Span::styled(
                        format!("{:<w$}", format!("{}:", labels[i]), w = usize::from(label_w) + 2),
                        theme::LABEL,
                    ),
                    Span::styled(format!("◀ {} ▶", doc_type_name(s, current)), style),
                    Span::raw("  "),
                    Span::styled(if form.focus == i { hint } else { "" }, theme::MUTED),
                ]),
                row,
            );
            continue;
        }
        field_row(
            frame,
            row,
            &labels[i],
            label_w,
            &form.fields[i],
            Mask::Plain,
            form.focus == i,
            message,
        );
        if message.is_none() && form.focus == i && !hint.is_empty() {
            let x = row.x + label_w + 2 + field_width(&form.fields[i], row.width) + 1;
            if x < row.right() {
                frame.render_widget(
                    Line::from(Span::styled(hint, theme::MUTED)),
                    Rect::new(x, row.y, row.right() - x, 1),
                );
            }
        }
    }
    let bottom = rows[FIELDS.len() + 1];
    let mut lines = vec![Line::from(Span::styled(s.required_note, theme::MUTED))];
    lines.extend(below);
    if !form.duplicates.is_empty() {
        let today = desk.local_now().date();
        lines.push(Line::from(Span::styled(
            format!("⚠ {}", s.duplicate_warning),
            theme::WARNING,
        )));
        for p in &form.duplicates {
            lines.push(Line::from(format!(
                "  {} · {} · {}",
                p.document().get(desk.lang),
                p.full_name(),
                birth_and_age(p, today)
            )));
        }
        lines.push(Line::from(Span::styled(s.duplicate_confirm, theme::KEY)));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), bottom);
}

fn birth_and_age(p: &Patient, today: NaiveDate) -> String {
    match (&p.birth_date, p.age(today)) {
        (Some(b), Some(a)) => format!("{b} ({a})"),
        _ => String::new(),
    }
}

fn field_hint(s: &crate::tui::strings::Strings, f: Field) -> &'static str {
    match f {
        Field::DocType => s.hint_doc_type,
        Field::BirthDate => s.hint_birth_date,
        Field::Sex => s.hint_sex,
        Field::Phone => s.hint_phone,
        _ => "",
    }
}
