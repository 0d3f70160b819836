//! Entering and leaving the terminal's raw, alternate-screen, bracketed-paste mode. Leaving happens in `Drop`
//! (quit and error paths) and in a panic hook (panics), so the user's shell is never left
//! broken.

use std::io::{Stdout, stdout};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::cursor::Show;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::error::AppResult;

pub struct Guard {
    pub terminal: Terminal<CrosstermBackend<Stdout>>,
}

/// Whether the terminal is in raw, alternate-screen mode (entered and not yet restored).
static ENTERED: AtomicBool = AtomicBool::new(false);

/// Gives the terminal back, once: a panic restores it in the hook and then again in `Drop`
/// while unwinding, and leaving the alternate screen twice would move the cursor back over the
/// panic message (the terminal restores the cursor saved on entering).
fn restore() {
    if ENTERED.swap(false, Ordering::SeqCst) {
        let _ = disable_raw_mode();
        let _ = execute!(stdout(), DisableBracketedPaste, LeaveAlternateScreen, Show);
    }
}

fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

impl Guard {
    pub fn enter() -> AppResult<Guard> {
        install_panic_hook();
        enable_raw_mode()?;
        ENTERED.store(true, Ordering::SeqCst);
        // Bracketed paste: a paste arrives as one text event, never as keys (a pasted newline
        // would otherwise be Enter and the letters after it commands).
        if let Err(e) = execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste) {
            restore();
            return Err(e.into());
        }
        match Terminal::new(CrosstermBackend::new(stdout())) {
            Ok(mut terminal) => {
                let _ = terminal.clear();
                Ok(Guard { terminal })
            }
            Err(e) => {
                restore();
                Err(e.into())
            }
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}
