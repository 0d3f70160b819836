//! The reception-desk terminal UI.
//!
//! Key → [`action::Action`] (through the data in [`keymap`]) → [`app::App::update`] (the only
//! place that calls the domain) → [`app::render`] (a pure function of the state). One file per
//! screen under [`screens`]; every text in [`strings`]; colours named by meaning in [`theme`].
//! The loop is synchronous: it waits for a key with a timeout and sends `Tick` when none came
//! (idle lock, periodic refresh for the other desks' changes).

pub mod action;
pub mod app;
pub mod errors;
pub mod keymap;
pub mod screens;
pub mod strings;
pub mod terminal;
pub mod theme;
pub mod widgets;

use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind};

pub use app::{App, Session, render};

use crate::error::AppResult;

/// How long the loop waits for a key before sending `Tick`.
const POLL: Duration = Duration::from_millis(500);

/// Runs the UI on the real terminal until the user quits. The terminal is restored on quit,
/// on error and on panic.
pub fn run(app: App) -> AppResult<()> {
    run_colored(app, true)
}

/// [`run`]; without `colour` (`NO_COLOR`, `--color never`) every screen is drawn in the
/// terminal's own colours, what had a background shown reversed instead ([`monochrome`]).
pub fn run_colored(mut app: App, colour: bool) -> AppResult<()> {
    let mut term = terminal::Guard::enter()?;
    if let Ok(size) = term.terminal.size() {
        app.size = (size.width, size.height);
    }
    let result = event_loop(&mut app, &mut term, colour);
    app.close_session();
    drop(term);
    result
}

/// Debug builds only: with `SALUDYA_TUI_TEST_PANIC` set, F12 panics inside the loop (raw mode,
/// alternate screen), so the pseudo-terminal test can prove the panic hook gives the terminal
/// back. Release builds have no such key.
#[cfg(debug_assertions)]
fn test_panic(k: &event::KeyEvent, armed: bool) {
    if armed && k.code == event::KeyCode::F(12) {
        panic!("test panic (SALUDYA_TUI_TEST_PANIC)");
    }
}

/// A drawn screen without colours: foreground and background back to the terminal's, and a cell
/// that had a background (a title, the focused field, an emergency) reversed, so it still
/// stands out. Bold, underline and reverse are kept; status is also a symbol and a word anyway.
pub fn monochrome(buf: &mut ratatui::buffer::Buffer) {
    use ratatui::style::{Color, Modifier};
    for cell in &mut buf.content {
        if cell.bg != Color::Reset {
            cell.modifier.toggle(Modifier::REVERSED);
        }
        cell.fg = Color::Reset;
        cell.bg = Color::Reset;
    }
}

fn event_loop(app: &mut App, term: &mut terminal::Guard, colour: bool) -> AppResult<()> {
    #[cfg(debug_assertions)]
    let armed = std::env::var_os("SALUDYA_TUI_TEST_PANIC").is_some();
    while !app.quit {
        term.terminal.draw(|f| {
            render(app, f);
            if !colour {
                monochrome(f.buffer_mut());
            }
        })?;
        if event::poll(POLL)? {
            // Read the whole burst of keys (fast typing, a paste) before searching and drawing.
            loop {
                match event::read()? {
                    Event::Key(k) if k.kind != KeyEventKind::Release => {
                        #[cfg(debug_assertions)]
                        test_panic(&k, armed);
                        app.key(k);
                    }
                    // A paste is text for the focused field, never keys.
                    Event::Paste(text) => app.paste(&text),
                    // Redrawn on the next turn; keys are ignored while it is too small.
                    Event::Resize(w, h) => app.size = (w, h),
                    _ => {}
                }
                if app.quit || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
            app.settle();
        } else {
            app.update(action::Action::Tick);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Modifier};

    #[test]
    fn monochrome_keeps_what_stands_out_without_a_colour() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 4, 1));
        buf.set_string(0, 0, "T", super::theme::TITLE); // white on blue, bold
        buf.set_string(1, 0, "K", super::theme::KEY); // cyan, bold
        buf.set_string(2, 0, "S", super::theme::SELECTED); // reversed
        buf.set_string(3, 0, "x", super::theme::TEXT);
        super::monochrome(&mut buf);
        for cell in &buf.content {
            assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
        }
        let m = |i: usize| buf.content[i].modifier;
        assert!(
            m(0).contains(Modifier::REVERSED | Modifier::BOLD),
            "a background becomes reverse"
        );
        assert!(m(1).contains(Modifier::BOLD) && !m(1).contains(Modifier::REVERSED));
        assert!(m(2).contains(Modifier::REVERSED));
        assert!(m(3).is_empty());
    }
}
