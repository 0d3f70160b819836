//! Where a command's output goes: the process's stdout and stderr, or, while `saludya batch`
//! runs one of its commands, two buffers that become that command's answer line. Every writer of
//! the command line takes its stream from here ([`stdout`], [`stderr`]), so a command prints the
//! same bytes alone or inside a batch.

use std::cell::RefCell;
use std::io::{self, Write};

/// What one command printed inside a batch.
#[derive(Debug, Default)]
pub struct Captured {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

thread_local! {
    static CAPTURE: RefCell<Option<Captured>> = const { RefCell::new(None) };
}

/// Runs `f` with its output captured; returns what `f` returned and what it printed.
pub fn capture<T>(f: impl FnOnce() -> T) -> (T, Captured) {
    CAPTURE.with(|c| *c.borrow_mut() = Some(Captured::default()));
    let value = f();
    let captured = CAPTURE.with(|c| c.borrow_mut().take()).unwrap_or_default();
    (value, captured)
}

/// Whether a batch command is running (its stdin is the batch's stream of commands).
pub fn capturing() -> bool {
    CAPTURE.with(|c| c.borrow().is_some())
}

#[derive(Clone, Copy)]
enum Stream {
    Out,
    Err,
}

/// A locked stdout or stderr, or the batch command's buffer for it.
pub struct Sink(Target);

enum Target {
    Stdout(io::StdoutLock<'static>),
    Stderr(io::StderrLock<'static>),
    Buffer(Stream),
}

/// The command's stdout.
pub fn stdout() -> Sink {
    Sink(if capturing() {
        Target::Buffer(Stream::Out)
    } else {
        Target::Stdout(io::stdout().lock())
    })
}

/// The command's stderr.
pub fn stderr() -> Sink {
    Sink(if capturing() {
        Target::Buffer(Stream::Err)
    } else {
        Target::Stderr(io::stderr().lock())
    })
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.0 {
            Target::Stdout(s) => s.write(buf),
            Target::Stderr(s) => s.write(buf),
            Target::Buffer(stream) => {
                let stream = *stream;
                CAPTURE.with(|c| match c.borrow_mut().as_mut() {
                    Some(captured) => {
                        match stream {
                            Stream::Out => captured.stdout.extend_from_slice(buf),
                            Stream::Err => captured.stderr.extend_from_slice(buf),
                        }
                        Ok(())
                    }
                    // The capture ended while a writer was still held: the process's stream.
                    None => match stream {
                        Stream::Out => io::stdout().write_all(buf),
                        Stream::Err => io::stderr().write_all(buf),
                    },
                })?;
                Ok(buf.len())
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.0 {
            Target::Stdout(s) => s.flush(),
            Target::Stderr(s) => s.flush(),
            Target::Buffer(_) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_capture_holds_both_streams_apart_and_ends_with_its_command() {
        let ((), captured) = capture(|| {
            writeln!(stdout(), "uno").unwrap();
            write!(stderr(), "aviso").unwrap();
            writeln!(stdout(), "dos").unwrap();
            assert!(capturing());
        });
        assert_eq!(String::from_utf8(captured.stdout).unwrap(), "uno\ndos\n");
        assert_eq!(String::from_utf8(captured.stderr).unwrap(), "aviso");
        assert!(!capturing());
    }
}
