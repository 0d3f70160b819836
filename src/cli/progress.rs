//! Progress bars (indicatif) on stderr for long work, with the rate and the time left: only
//! when stderr is a terminal, and never with `-q` or `--format json` (then [`Bar`] draws
//! nothing). It implements [`crate::progress::Progress`], the door the flows report through; a
//! new long command (`db copy`) makes a `Bar::new(ctx, ...)` and passes `&bar` down.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Ctx;
use super::color::Stream;
use super::output::Format;
use crate::i18n::Lang;
use crate::progress::{Progress, Unit};

/// A bar on stderr, or nothing.
pub struct Bar {
    bar: Option<ProgressBar>,
    lang: Lang,
    colored: bool,
}

impl Bar {
    /// A bar labelled `label` (in the reader's language), drawn only where it may be.
    pub fn new(ctx: &Ctx, es: &str, en: &str) -> Bar {
        let wanted = !ctx.quiet && ctx.format != Format::Json && std::io::stderr().is_terminal();
        let bar = wanted.then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_message(ctx.lang.pick(es, en).to_string());
            bar
        });
        Bar {
            bar,
            lang: ctx.lang,
            colored: ctx.color.on(Stream::Stderr),
        }
    }

    /// Whether anything is drawn (the caller may skip work done only for the bar, such as
    /// counting the rows of an export).
    pub fn shown(&self) -> bool {
        self.bar.is_some()
    }

    fn style(&self, unit: Unit) -> ProgressStyle {
        let bar = if self.colored {
            "{wide_bar:.cyan/blue}"
        } else {
            "{wide_bar}"
        };
        let (done, rate) = match unit {
            Unit::Items => ("{human_pos}/{human_len}", "{rate}"),
            Unit::Bytes => ("{bytes}/{total_bytes}", "{bytes_per_sec}"),
        };
        let left = self.lang.pick("quedan {eta}", "{eta} left");
        ProgressStyle::with_template(&format!("{{msg}} {bar} {done} · {rate} · {left}"))
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .with_key(
                "rate",
                move |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0}/s", state.per_sec());
                },
            )
            .progress_chars("█▌ ")
    }
}

impl Progress for Bar {
    fn start(&self, total: u64, unit: Unit) {
        if let Some(bar) = &self.bar {
            bar.set_style(self.style(unit));
            bar.set_length(total);
            bar.set_position(0);
            bar.reset_eta();
            bar.tick();
        }
    }

    fn advance(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
        }
    }

    fn reached(&self, done: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(done);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    fn watched(&self) -> bool {
        self.bar.is_some()
    }
}

impl Drop for Bar {
    /// A bar left by an error is cleared, so the error message starts on a clean line.
    fn drop(&mut self) {
        if let Some(bar) = &self.bar
            && !bar.is_finished()
        {
            bar.finish_and_clear();
        }
    }
}
