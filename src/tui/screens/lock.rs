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
use crate::tui::keymap::{Binding, Keymap, bind, key};
use crate::tui::theme;
use crate::tui::widgets::{Mask, TextField, centered, field_row};

pub struct State {
    pub email: String,
    pub name: String,
    pub password: TextField,
    pub error: Option<String>,
}

static KEYS: &[Binding] = &[bind(key(KeyCode::Enter), "Enter", Action::Submit, |s| s.h_unlock)];

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

    /// Returns true when the desk is unlocked.
    pub fn update(&mut self, desk: &mut Desk, action: Action) -> bool {
        match action {
            Action::Submit => {
                if self.password.value.is_empty() {
                    self.error = Some(desk.s.password_empty.to_string());
                    return false;
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
                        true
                    }
                    Err(e) => {
                        self.error = Some(e.message(desk.lang));
                        false
                    }
                }
            }
            other => {
                if self.password.edit(other) {
                    self.error = None;
                }
                false
            }
        }
    }

    pub fn render(&self, desk: &Desk, frame: &mut Frame, area: Rect) {
        let s = desk.s;
        let r = centered(area, 70, 9);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme::WARNING)
            .title(format!(" {} ", s.lock_title))
            .padding(ratatui::widgets::Padding::horizontal(1));
        let inner = block.inner(r);
        frame.render_widget(block, r);
        let [intro, password, _, error] = inner.layout(&Layout::vertical([
            Constraint::Length(2),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
        ]));
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
