//! Colours named by what they mean. Status is always also given by a symbol and a word, so
//! nothing depends on telling colours apart.

use ratatui::style::{Color, Modifier, Style};

pub const TITLE: Style = Style::new()
    .fg(Color::White)
    .bg(Color::Blue)
    .add_modifier(Modifier::BOLD);
pub const TAB_ACTIVE: Style = Style::new()
    .fg(Color::Blue)
    .bg(Color::White)
    .add_modifier(Modifier::BOLD);
pub const TEXT: Style = Style::new();
pub const MUTED: Style = Style::new().fg(Color::DarkGray);
pub const LABEL: Style = Style::new().add_modifier(Modifier::BOLD);
pub const KEY: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
pub const FIELD: Style = Style::new().add_modifier(Modifier::UNDERLINED);
pub const FIELD_FOCUS: Style = Style::new()
    .fg(Color::Black)
    .bg(Color::Yellow)
    .add_modifier(Modifier::BOLD);
pub const SELECTED: Style = Style::new().add_modifier(Modifier::REVERSED);
pub const OK: Style = Style::new().fg(Color::Green).add_modifier(Modifier::BOLD);
pub const WARNING: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
pub const ERROR: Style = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
pub const EMERGENCY: Style = Style::new()
    .fg(Color::White)
    .bg(Color::Red)
    .add_modifier(Modifier::BOLD);
pub const STATUS_BAR: Style = Style::new().fg(Color::White).bg(Color::DarkGray);
pub const BORDER: Style = Style::new().fg(Color::Blue);
pub const OVERLAY: Style = Style::new().fg(Color::White).bg(Color::Black);
