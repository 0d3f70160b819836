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
pub fn run(mut app: App) -> AppResult<()> {
    let mut term = terminal::Guard::enter()?;
    if let Ok(size) = term.terminal.size() {
        app.size = (size.width, size.height);
    }
    let result = event_loop(&mut app, &mut term);
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

fn event_loop(app: &mut App, term: &mut terminal::Guard) -> AppResult<()> {
    #[cfg(debug_assertions)]
    let armed = std::env::var_os("SALUDYA_TUI_TEST_PANIC").is_some();
    while !app.quit {
        term.terminal.draw(|f| render(app, f))?;
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
