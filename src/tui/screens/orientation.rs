//! Orientation: the complaint (with age and sex, taken from the patient when known) → the
//! engine's result: specialty, confidence, urgency, evidence and the disclaimer. An emergency
//! shows a red banner with what to do and offers no booking; otherwise Enter books with the
//! recommended specialty (the stored query is linked to the appointment).

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph, Wrap};

use super::View;
use crate::domain::orientation::{Orientation, Query, Sex, Urgency, store};
use crate::tui::action::{Action, Tab};
use crate::tui::app::{Desk, Nav};
use crate::tui::keymap::{Binding, Keymap, alias, bind, ctrl, key};
use crate::tui::theme;
use crate::tui::widgets::{self, Mask, TextField, field_row};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Complaint,
    Age,
    Sex,
}

pub struct State {
    pub complaint: TextField,
    pub age: TextField,
    pub sex: TextField,
    pub focus: Focus,
    pub error: Option<String>,
    pub result: Option<Orientation>,
    /// The stored query of the result (linked to the booking).
    pub query_id: Option<String>,
    /// Which alternative is chosen for booking: 0 = the recommendation, 1.. = alternatives.
    pub choice: usize,
}

static FORM_KEYS: &[Binding] = &[
    bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| s.h_orient),
    bind(key(KeyCode::Tab), "Tab", Action::NextField, |s| s.h_next_field),
    alias(key(KeyCode::BackTab), Action::PrevField),
    alias(key(KeyCode::Down), Action::NextField),
    alias(key(KeyCode::Up), Action::PrevField),
    alias(ctrl('s'), Action::Submit),
];

/// The result: no letter is a command (the rest of a sentence typed after Enter must not book).
static RESULT_KEYS: &[Binding] = &[
    bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| {
        s.h_book_specialty
    }),
    bind(key(KeyCode::Down), "↑↓", Action::Down, |s| {
        s.h_other_specialty
    }),
    alias(key(KeyCode::Up), Action::Up),
    bind(ctrl('e'), "Ctrl-E", Action::Edit, |s| s.h_edit_complaint),
];

static EMERGENCY_KEYS: &[Binding] = &[bind(ctrl('e'), "Ctrl-E", Action::Edit, |s| s.h_edit_complaint)];

impl State {
    pub fn new(desk: &mut Desk) -> State {
        let today = desk.local_now().date();
        let (age, sex) = match &desk.patient {
            Some(p) => (
                p.age(today).map(|a| a.to_string()).unwrap_or_default(),
                p.sex.map(|s| s.as_str().to_string()).unwrap_or_default(),
            ),
            None => (String::new(), String::new()),
        };
        State {
            complaint: TextField::new(store::MAX_TEXT_CHARS),
            age: TextField::with(&age, 3),
            sex: TextField::with(&sex, 9),
            focus: Focus::Complaint,
            error: None,
            result: None,
            query_id: None,
            choice: 0,
        }
    }

    fn field(&mut self) -> &mut TextField {
        match self.focus {
            Focus::Complaint => &mut self.complaint,
            Focus::Age => &mut self.age,
            Focus::Sex => &mut self.sex,
        }
    }

    /// The specialties the result offers for booking: the recommendation, then alternatives.
    pub fn choices(&self) -> Vec<String> {
        let Some(r) = &self.result else { return Vec::new() };
        r.specialty
            .iter()
            .cloned()
            .chain(r.alternatives.iter().map(|a| a.specialty.clone()))
            .collect()
    }

    fn orient(&mut self, desk: &mut Desk) {
        let text = self.complaint.value.trim().to_string();
        if text.is_empty() {
            self.error = Some(desk.s.complaint_empty.to_string());
            self.focus = Focus::Complaint;
            return;
        }
        if let Err(e) = store::validate_text(&text) {
            self.error = Some(e.message(desk.lang));
            return;
        }
        let age = if self.age.is_empty() {
            None
        } else {
            match self.age.value.trim().parse::<u32>().ok().map(store::validate_age) {
                Some(Ok(a)) => Some(a),
                Some(Err(e)) => {
                    self.error = Some(e.message(desk.lang));
                    self.focus = Focus::Age;
                    return;
                }
                None => {
                    self.error = Some(desk.s.age_invalid.to_string());
                    self.focus = Focus::Age;
                    return;
                }
            }
        };
        let sex = if self.sex.is_empty() {
            None
        } else {
            match Sex::parse(&self.sex.value) {
                Some(s) => Some(s),
                None => {
                    self.error = Some(desk.s.sex_invalid.to_string());
                    self.focus = Focus::Sex;
                    return;
                }
            }
        };
        let query = Query {
            text: &text,
            age,
            sex,
        };
        let offered = match crate::domain::catalog::list_specialties(&desk.conn) {
            Ok(list) => list,
            Err(e) => {
                desk.fail(&e);
                return;
            }
        };
        let offered: Vec<&str> = offered.iter().map(|s| s.name.as_str()).collect();
        let result = desk.engine().orient(&query, &offered);
        let now = desk.now();
        let staff = desk.staff_id().cloned();
        let patient = desk.patient.as_ref().map(|p| p.id.clone());
        let saved = crate::flows::desk::store_orientation(
            &desk.conn,
            staff.as_ref(),
            patient.as_deref(),
            &query,
            &result,
            now,
        );
        match saved {
            Ok(id) => {
                desk.orientation = Some(crate::tui::app::LastOrientation {
                    query_id: id.clone(),
                    patient_id: patient,
                    emergency: result.emergency,
                    red_flags: result.red_flags.clone(),
                });
                self.query_id = Some(id);
                self.result = Some(result);
                self.choice = 0;
                self.error = None;
            }
            Err(e) => desk.fail(&e),
        }
    }
}

impl View for State {
    fn keymap(&self) -> Keymap {
        match &self.result {
            Some(r) if r.emergency => Keymap {
                bindings: EMERGENCY_KEYS,
                text: false,
            },
            Some(_) => Keymap {
                bindings: RESULT_KEYS,
                text: false,
            },
            None => Keymap {
                bindings: FORM_KEYS,
                text: true,
            },
        }
    }

    fn update(&mut self, desk: &mut Desk, action: Action) -> Nav {
        if let Some(result) = &self.result {
            match action {
                Action::Edit | Action::Back => {
                    self.result = None;
                    self.query_id = None;
                    self.focus = Focus::Complaint;
                }
                Action::Down => self.choice = (self.choice + 1).min(self.choices().len().saturating_sub(1)),
                Action::Up => self.choice = self.choice.saturating_sub(1),
                // No booking from an emergency: nothing downstream may overrule the red flag.
                Action::Submit if !result.emergency => {
                    if let Some(spec) = self.choices().get(self.choice) {
                        let booking = super::booking::State::for_specialty(desk, spec, self.query_id.clone());
                        return Nav::Push(super::Screen::Booking(Box::new(booking)));
                    }
                }
                _ => {}
            }
            return Nav::Stay;
        }
        match action {
            Action::NextField | Action::PrevField => {
                let order = [Focus::Complaint, Focus::Age, Focus::Sex];
                let i = order.iter().position(|f| *f == self.focus).unwrap_or(0);
                let n = order.len();
                self.focus = order[if action == Action::NextField {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                }];
            }
            Action::Submit => self.orient(desk),
            Action::Back => return Nav::Back,
            other => {
                let full = self.focus == Focus::Complaint
                    && self.complaint.value.chars().count() >= self.complaint.max_chars;
                if self.field().edit(other) {
                    self.error = None;
                } else if full && matches!(other, Action::Char(_)) {
                    // Text past the limit is never dropped without a word.
                    desk.warn((desk.s.complaint_full)(self.complaint.max_chars));
                }
            }
        }
        Nav::Stay
    }

    fn focused_field(&self) -> Option<&TextField> {
        if self.result.is_some() {
            return None;
        }
        Some(match self.focus {
            Focus::Complaint => &self.complaint,
            Focus::Age => &self.age,
            Focus::Sex => &self.sex,
        })
    }

    fn dirty(&self) -> bool {
        self.result.is_none() && !self.complaint.is_empty()
    }

    fn tab(&self) -> Option<Tab> {
        Some(Tab::Orientation)
    }

    fn render(&self, desk: &Desk, frame: &mut Frame, area: Rect) {
        let s = desk.s;
        let [who, body] = area.layout(&Layout::vertical([Constraint::Length(1), Constraint::Min(3)]));
        let patient = match &desk.patient {
            Some(p) => Span::raw(format!("{} ({})", p.full_name(), p.document().get(desk.lang))),
            None => Span::styled(s.no_patient_yet, theme::WARNING),
        };
        frame.render_widget(
            Line::from(vec![
                Span::styled(format!("{}: ", s.patient), theme::LABEL),
                patient,
            ]),
            who,
        );
        match &self.result {
            None => self.render_form(desk, frame, body),
            Some(r) => self.render_result(r, desk, frame, body),
        }
    }
}

fn urgency_label(
    s: &crate::tui::strings::Strings,
    u: Urgency,
) -> (&'static str, &'static str, ratatui::style::Style) {
    match u {
        Urgency::Emergency => ("‼", s.urg_emergency, theme::ERROR),
        Urgency::Within24h => ("!", s.urg_24h, theme::WARNING),
        Urgency::Routine => ("·", s.urg_routine, theme::OK),
    }
}

impl State {
    fn render_form(&self, desk: &Desk, frame: &mut Frame, area: Rect) {
        let s = desk.s;
        let [label, text, age, sex, error] = area.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(5),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
        ]));
        frame.render_widget(
            Line::from(vec![
                Span::styled(format!("{}: ", s.complaint), theme::LABEL),
                Span::styled(s.complaint_hint, theme::MUTED),
            ]),
            label,
        );
        let focused = self.focus == Focus::Complaint;
        let style = if focused { theme::FIELD_FOCUS } else { theme::TEXT };
        let block = Block::default().borders(Borders::ALL).border_style(if focused {
            theme::WARNING
        } else {
            theme::BORDER
        });
        // How much of the limit is used, on the box's bottom edge (warning when full).
        let used = self.complaint.value.chars().count();
        let max = self.complaint.max_chars;
        let count_style = if used >= max { theme::WARNING } else { theme::MUTED };
        let counter = if used >= max {
            (s.complaint_full)(max)
        } else {
            format!("{used}/{max}")
        };
        let block =
            block.title_bottom(Line::from(Span::styled(format!(" {counter} "), count_style)).right_aligned());
        let inner = block.inner(text);
        frame.render_widget(block, text);
        // The box scrolls with the cursor, which sits where the next character goes (the text is
        // wrapped here, by words, so both agree).
        let cols = usize::from(inner.width.max(1));
        let value = &self.complaint.value;
        let ranges = widgets::wrap_ranges(value, cols);
        let (row, col) = widgets::wrapped_cursor(value, &ranges, self.complaint.cursor, cols);
        let rows = usize::from(inner.height.max(1));
        let first = (row + 1).saturating_sub(rows);
        let lines: Vec<Line> = ranges
            .iter()
            .skip(first)
            .take(rows)
            .map(|(a, b)| {
                Line::from(Span::styled(
                    value.chars().skip(*a).take(b - a).collect::<String>(),
                    style,
                ))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
        if focused && inner.width > 0 {
            let (y, x) = ((row - first) as u16, col as u16);
            frame.set_cursor_position((
                inner.x + x.min(inner.width - 1),
                inner.y + y.min(inner.height.saturating_sub(1)),
            ));
        }
        let w = s.age.chars().count().max(s.f_sex.chars().count()) as u16;
        field_row(
            frame,
            age,
            s.age,
            w,
            &self.age,
            Mask::Plain,
            self.focus == Focus::Age,
            None,
        );
        field_row(
            frame,
            sex,
            s.f_sex,
            w,
            &self.sex,
            Mask::Plain,
            self.focus == Focus::Sex,
            None,
        );
        if let Some(e) = &self.error {
            frame.render_widget(
                Paragraph::new(Span::styled(format!("✗ {e}"), theme::ERROR)).wrap(Wrap { trim: true }),
                error,
            );
        }
    }

    fn render_result(&self, r: &Orientation, desk: &Desk, frame: &mut Frame, area: Rect) {
        // red flags and evidence in the desk's language
        let r = &r.in_lang(desk.lang);
        let s = desk.s;
        let mut lines: Vec<Line> = Vec::new();
        // The complaint as typed, one line at the end (cut with `…`): the result comes first.
        let room = usize::from(area.width).saturating_sub(widgets::width(s.complaint) + 4);
        let complaint = Line::from(vec![
            Span::styled(format!("{}: ", s.complaint), theme::LABEL),
            Span::styled(widgets::ellipsis(&self.complaint.value, room), theme::MUTED),
        ]);
        let (sym, word, style) = urgency_label(s, r.urgency);
        if r.emergency {
            let texts = [
                format!(" ‼ {} ‼", s.emergency_title),
                format!(" {}", s.emergency_do),
                format!(" {}: {}", s.red_flags, r.red_flags.join("; ")),
                format!(" {}", s.no_booking),
            ];
            // Tall enough for every line once wrapped (the red flags and "no booking" must show).
            let inner_w = usize::from(area.width.saturating_sub(2).max(1));
            let wrapped: usize = texts
                .iter()
                .map(|t| t.chars().count().div_ceil(inner_w).max(1))
                .sum();
            let height = (wrapped as u16 + 3).min(area.height.saturating_sub(2));
            let banner = Paragraph::new(
                texts
                    .into_iter()
                    .map(|t| Line::from(Span::styled(t, theme::EMERGENCY)))
                    .collect::<Vec<_>>(),
            )
            .wrap(Wrap { trim: true })
            .style(theme::EMERGENCY);
            let [top, rest] = area.layout(&Layout::vertical([
                Constraint::Length(height),
                Constraint::Min(1),
            ]));
            frame.render_widget(
                banner.block(
                    Block::default()
                        .borders(Borders::ALL)
                        .border_style(theme::EMERGENCY),
                ),
                top,
            );
            let mut more = vec![
                Line::from(Span::styled(r.disclaimer_in(desk.lang), theme::MUTED)),
                Line::from(advice(r, desk)),
                Line::from(""),
            ];
            more.extend(evidence_lines(r, desk));
            more.push(complaint);
            frame.render_widget(Paragraph::new(more).wrap(Wrap { trim: true }), rest);
            return;
        }
        let choices = self.choices();
        let pct = |c: f64| format!("{:>3.0} %", c * 100.0);
        let mut confidences = vec![r.confidence];
        confidences.extend(r.alternatives.iter().map(|a| a.confidence));
        for (i, spec) in choices.iter().enumerate() {
            let marker = if i == self.choice { "▶" } else { " " };
            let label = if i == 0 { s.recommended } else { s.alternative };
            let conf = confidences.get(i).copied().unwrap_or(0.0);
            let bar = "█".repeat((conf * 10.0).round() as usize);
            let st = if i == self.choice {
                theme::SELECTED
            } else {
                theme::TEXT
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{marker} {label:<13}"), theme::LABEL),
                Span::styled(format!("{spec:<22}"), st),
                Span::raw(format!(" {} {bar}", pct(conf))),
            ]));
        }
        lines.push(Line::from(vec![
            Span::styled(format!("  {:<13}", s.urgency), theme::LABEL),
            Span::styled(format!("{sym} {word}"), style),
        ]));
        if r.insufficient {
            lines.push(Line::from(Span::styled(
                format!("⚠ {}", s.insufficient),
                theme::WARNING,
            )));
        }
        lines.push(Line::from(Span::styled(r.disclaimer_in(desk.lang), theme::MUTED)));
        lines.push(Line::from(""));
        lines.push(Line::from(advice(r, desk)));
        lines.push(Line::from(""));
        lines.extend(evidence_lines(r, desk));
        lines.push(complaint);
        // No trimming: the choice and urgency rows line up by their leading spaces.
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(Block::default().padding(Padding::horizontal(1))),
            area,
        );
    }
}

/// The advice in the desk's language, from the orientation domain (derived from the structured
/// result). Under an emergency banner, which already says what to do, only the related specialty.
fn advice(r: &Orientation, desk: &Desk) -> String {
    if r.emergency {
        let spec = r
            .specialty
            .as_deref()
            .unwrap_or(crate::domain::orientation::SPECIALTIES[0]);
        (desk.s.related_specialty)(spec)
    } else {
        r.advice_in(desk.lang)
    }
}

fn evidence_lines(r: &Orientation, desk: &Desk) -> Vec<Line<'static>> {
    let s = desk.s;
    if r.evidence.is_empty() {
        return Vec::new();
    }
    let items: Vec<String> = r
        .evidence
        .iter()
        .map(|e| {
            let target = e
                .supports
                .as_deref()
                .map(|sp| format!(" → {sp}"))
                .unwrap_or_default();
            if e.negated {
                format!("«{}» ({}, {}){target}", e.term, e.concept, s.negated)
            } else {
                format!("«{}» ({}){target}", e.term, e.concept)
            }
        })
        .collect();
    vec![Line::from(vec![
        Span::styled(format!("{}: ", s.evidence), theme::LABEL),
        Span::raw(items.join(" · ")),
    ])]
}
