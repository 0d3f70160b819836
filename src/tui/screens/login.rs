//! Login: e-mail and masked password, checked by `domain::auth::login` (with its throttling).

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::View;
use crate::domain::auth;
use crate::tui::action::Action;
use crate::tui::app::{Desk, Nav, Session};
use crate::tui::keymap::{Binding, Keymap, bind, key};
use crate::tui::theme;
use crate::tui::widgets::{Mask, TextField, centered, field_row};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Email,
    Password,
}

pub struct State {
    pub email: TextField,
    pub password: TextField,
    pub focus: Focus,
    pub error: Option<String>,
}

static KEYS: &[Binding] = &[
    bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| s.h_login),
    bind(key(KeyCode::Tab), "Tab", Action::NextField, |s| s.h_next_field),
    bind(key(KeyCode::BackTab), "S-Tab", Action::PrevField, |s| {
        s.h_prev_field
    }),
    bind(key(KeyCode::Down), "↓", Action::NextField, |s| s.h_next_field),
    bind(key(KeyCode::Up), "↑", Action::PrevField, |s| s.h_prev_field),
];

impl State {
    /// Starts with the e-mail of the last person who logged in on this database, so the usual
    /// receptionist only types the password.
    pub fn new(desk: &mut Desk) -> State {
        let last = auth::list_staff(&desk.conn)
            .ok()
            .and_then(|all| {
                all.into_iter()
                    .filter(|s| !s.disabled && s.last_login_at.is_some())
                    .max_by(|a, b| a.last_login_at.cmp(&b.last_login_at))
            })
            .map(|s| s.email)
            .unwrap_or_default();
        let focus = if last.is_empty() {
            Focus::Email
        } else {
            Focus::Password
        };
        State {
            email: TextField::with(&last, 254),
            password: TextField::new(256),
            focus,
            error: None,
        }
    }

    fn focused(&mut self) -> &mut TextField {
        match self.focus {
            Focus::Email => &mut self.email,
            Focus::Password => &mut self.password,
        }
    }

    /// Someone else takes over the desk (from the lock screen): no e-mail offered.
    pub fn for_someone_else() -> State {
        State {
            email: TextField::new(254),
            password: TextField::new(256),
            focus: Focus::Email,
            error: None,
        }
    }

    /// What was typed in the (hidden) password field is a staff e-mail: another receptionist
    /// typed theirs, not seeing that the last e-mail was already filled in.
    fn password_is_an_email(&self, desk: &Desk) -> bool {
        let typed = self.password.value.trim();
        typed.contains('@')
            && auth::list_staff(&desk.conn).is_ok_and(|all| {
                all.iter()
                    .any(|s| !s.disabled && s.email.eq_ignore_ascii_case(typed))
            })
    }

    fn submit(&mut self, desk: &mut Desk) -> Nav {
        if self.focus == Focus::Password && self.password_is_an_email(desk) {
            // Put it where it belongs and ask for the password, instead of a failed login.
            let email = self.password.value.trim().to_string();
            self.email.set(&email);
            self.password.clear();
            self.error = Some(desk.s.email_in_password.to_string());
            return Nav::Stay;
        }
        if self.email.is_empty() || self.password.value.is_empty() {
            self.error = Some(desk.s.login_empty.to_string());
            self.focus = if self.email.is_empty() {
                Focus::Email
            } else {
                Focus::Password
            };
            return Nav::Stay;
        }
        let result = auth::login(
            &desk.conn,
            &self.email.value,
            &self.password.value,
            desk.now(),
            desk.settings.session_hours,
        );
        self.password.clear();
        match result {
            Ok(out) => {
                self.error = None;
                desk.session = Some(Session {
                    staff: out.staff,
                    token: out.token,
                });
                Nav::Reset(super::landing(desk))
            }
            Err(e) => {
                self.error = Some(e.message(desk.lang));
                self.focus = Focus::Password;
                Nav::Stay
            }
        }
    }
}

impl View for State {
    fn keymap(&self) -> Keymap {
        Keymap {
            bindings: KEYS,
            text: true,
        }
    }

    fn update(&mut self, desk: &mut Desk, action: Action) -> Nav {
        match action {
            Action::NextField | Action::PrevField => {
                self.focus = match self.focus {
                    Focus::Email => Focus::Password,
                    Focus::Password => Focus::Email,
                };
            }
            Action::Submit => match self.focus {
                Focus::Email if self.password.value.is_empty() => self.focus = Focus::Password,
                _ => return self.submit(desk),
            },
            other => {
                if self.focused().edit(other) {
                    self.error = None;
                }
            }
        }
        Nav::Stay
    }

    fn render(&self, desk: &Desk, frame: &mut Frame, area: Rect) {
        let s = desk.s;
        let r = centered(area, 70, 10);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme::BORDER)
            .title(format!(" {} ", s.login_title))
            .padding(ratatui::widgets::Padding::horizontal(1));
        let inner = block.inner(r);
        frame.render_widget(block, r);
        let [intro, email, password, _, error] = inner.layout(&Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
        ]));
        let intro_text = if self.focus == Focus::Password && !self.email.is_empty() {
            // Whose password is asked, so another receptionist sees it is not theirs.
            (s.login_as)(&self.email.value)
        } else {
            s.login_intro.to_string()
        };
        frame.render_widget(
            Paragraph::new(intro_text).wrap(ratatui::widgets::Wrap { trim: true }),
            intro,
        );
        let w = s.email.chars().count().max(s.password.chars().count()) as u16;
        field_row(
            frame,
            email,
            s.email,
            w,
            &self.email,
            Mask::Plain,
            self.focus == Focus::Email,
            None,
        );
        field_row(
            frame,
            password,
            s.password,
            w,
            &self.password,
            Mask::All,
            self.focus == Focus::Password,
            None,
        );
        if let Some(e) = &self.error {
            frame.render_widget(
                Paragraph::new(Line::from(Span::styled(format!("✗ {e}"), theme::ERROR)))
                    .wrap(ratatui::widgets::Wrap { trim: true }),
                error,
            );
        }
    }

    fn dirty(&self) -> bool {
        false
    }

    fn focused_field(&self) -> Option<&TextField> {
        Some(match self.focus {
            Focus::Email => &self.email,
            Focus::Password => &self.password,
        })
    }
}
