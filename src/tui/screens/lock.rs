//! The idle lock: after `settings.idle_lock_minutes` without a key, the screen behind is hidden
//! until the same staff member types the password again (checked by `domain::auth::login`,
//! so wrong guesses are throttled like any login).

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::domain::auth::{self, Staff};
use crate::tui::action::Action;
use crate::tui::app::{Desk, Session};
use crate::tui::keymap::{Binding, Keymap, bind, ctrl, key};
use crate::tui::theme;
use crate::tui::widgets::{Mask, TextField, centered, field_row};

pub struct State {
    pub email: String,
    pub name: String,
    pub password: TextField,
    pub error: Option<String>,
}

static KEYS: &[Binding] = &[
    bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| s.h_unlock),
    bind(ctrl('o'), "Ctrl-O", Action::New, |s| s.h_someone_else),
];

/// What the lock screen asks of the application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Locked,
    Unlocked,
    /// Another staff member takes over: close this session, go to the login screen.
    SomeoneElse,
}

impl State {
    pub fn new(staff: &Staff) -> State {
        State {
            email: staff.email.clone(),
            name: if staff.full_name.is_empty() {
                staff.email.clone()
            } else {
                staff.full_name.clone()
            },
            password: TextField::new(256),
            error: None,
        }
    }

    pub fn keymap(&self) -> Keymap {
        Keymap {
            bindings: KEYS,
            text: true,
        }
    }

    pub fn dirty(&self) -> bool {
        false
    }

    pub fn update(&mut self, desk: &mut Desk, action: Action) -> Outcome {
        match action {
            Action::New => Outcome::SomeoneElse,
            Action::Submit => {
                if self.password.value.is_empty() {
                    self.error = Some(desk.s.password_empty.to_string());
                    return Outcome::Locked;
                }
                let result = auth::login(
                    &desk.conn,
                    &self.email,
                    &self.password.value,
                    desk.now(),
                    desk.settings.session_hours,
                );
                self.password.clear();
                match result {
                    Ok(out) => {
                        // The new session replaces the one that was locked.
                        if let Some(old) = desk.session.take() {
                            let _ = auth::logout(&desk.conn, &old.token, desk.now());
                        }
                        desk.session = Some(Session {
                            staff: out.staff,
                            token: out.token,
                        });
                        desk.flash = None;
                        Outcome::Unlocked
                    }
                    Err(e) => {
                        // Only the password is asked here: say so (not "e-mail or password").
                        self.error = Some(if e.kind == crate::error::Kind::Unauthorized {
                            desk.s.wrong_password.to_string()
                        } else {
                            e.message(desk.lang)
                        });
                        Outcome::Locked
                    }
                }
            }
            other => {
                if self.password.edit(other) {
                    self.error = None;
                }
                Outcome::Locked
            }
        }
    }

    pub fn render(&self, desk: &Desk, frame: &mut Frame, area: Rect) {
        let s = desk.s;
        let r = centered(area, 70, 10);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme::WARNING)
            .title(format!(" {} ", s.lock_title))
            .padding(ratatui::widgets::Padding::horizontal(1));
        let inner = block.inner(r);
        frame.render_widget(block, r);
        let [intro, password, _, error, other] = inner.layout(&Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ]));
        frame.render_widget(Line::from(Span::styled(s.lock_someone_else, theme::MUTED)), other);
        frame.render_widget(
            Paragraph::new((s.lock_intro)(&self.name, desk.settings.idle_lock_minutes))
                .wrap(Wrap { trim: true }),
            intro,
        );
        let w = s.password.chars().count() as u16;
        field_row(
            frame,
            password,
            s.password,
            w,
            &self.password,
            Mask::All,
            true,
            None,
        );
        if let Some(e) = &self.error {
            frame.render_widget(
                Paragraph::new(Line::from(Span::styled(format!("✗ {e}"), theme::ERROR)))
                    .wrap(Wrap { trim: true }),
                error,
            );
        }
    }
}
