//! Home: who is at the desk and where to go next.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::View;
use crate::tui::action::{Action, Tab};
use crate::tui::app::{Desk, Nav};
use crate::tui::keymap::{Binding, Keymap};
use crate::tui::theme;

pub struct State {
    pub name: String,
}

static KEYS: &[Binding] = &[];

impl State {
    pub fn new(desk: &mut Desk) -> State {
        let name = desk
            .session
            .as_ref()
            .map(|s| {
                if s.staff.full_name.is_empty() {
                    s.staff.email.clone()
                } else {
                    s.staff.full_name.clone()
                }
            })
            .unwrap_or_default();
        State { name }
    }
}

impl View for State {
    fn keymap(&self) -> Keymap {
        Keymap {
            bindings: KEYS,
            text: false,
        }
    }

    fn update(&mut self, _desk: &mut Desk, _action: Action) -> Nav {
        Nav::Stay
    }

    fn render(&self, desk: &Desk, frame: &mut Frame, area: Rect) {
        let s = desk.s;
        let lines = vec![
            Line::from(""),
            Line::from(Span::styled(
                format!(" {}", (s.home_welcome)(&self.name)),
                theme::LABEL,
            )),
            Line::from(""),
            Line::from(format!(" {}", s.home_intro)),
        ];
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
    }

    fn tab(&self) -> Option<Tab> {
        Some(Tab::Home)
    }
}
