//! The command line parsed with only the invoked command's part of clap's tree.
//!
//! Every subcommand's arguments are already built lazily (`#[command(defer = true)]` on each
//! subcommand enum), but clap still copies each global flag (`--db`, `--format`, `--lang`, ...)
//! into every top-level command while it prepares the root: ~15 % of the instructions of a
//! short command such as `specialty list` (callgrind). So a command line that names a known
//! command is parsed first by a root holding the global flags and that one command; anything
//! that root does not accept (`--help`, `--version`, a mistake, a global flag's value that
//! reads like a command's name) is parsed again by the whole tree, so every message and every
//! help page come from the whole tree as before.
//!
//! The reduced root accepts a subset of the lines the whole tree accepts, and parses each of
//! them the same way: it has the same global flags and the same command, and the root has no
//! setting (inferred names, external commands) that would read a line differently. The test
//! below checks both on every command of the tree.

use std::ffi::{OsStr, OsString};

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Command, CommandFactory, FromArgMatches};

use super::Cli;

/// `Cli::try_parse_from(args)`, cheaper on the usual lines; the same result on every line.
pub fn parse(args: &[OsString]) -> Result<Cli, clap::Error> {
    if let Some(cli) = parse_reduced(args) {
        return Ok(cli);
    }
    match parse_whole(args) {
        Err(e) if e.kind() == ErrorKind::UnknownArgument => match negative_value(&e, args) {
            Some(joined) => match parse_whole(&joined) {
                // A flag that takes no value: clap's answer to the line as it was typed.
                Err(v) if v.kind() == ErrorKind::TooManyValues => Err(e),
                // The option took the number: the line's answer, or the option's check of it.
                parsed => parsed,
            },
            None => Err(e),
        },
        parsed => parsed,
    }
}

/// The whole tree, freed by [`done_with`].
fn parse_whole(args: &[OsString]) -> Result<Cli, clap::Error> {
    let mut command = Cli::command();
    let parsed = command
        .try_get_matches_from_mut(args)
        .and_then(|mut m| Cli::from_arg_matches_mut(&mut m).map_err(|e| e.format(&mut command)));
    done_with(command);
    parsed
}

/// `--limit -1` is refused by clap as an unknown flag `-1` ("use '-- -1'"), which tells a
/// user nothing about the limit. When the word clap calls unknown is a negative number right
/// after a long option, the line again with the two joined (`--limit=-1`), so the option's
/// own check answers ("-1 no está entre 1 y 10000"); a flag that takes no value keeps clap's
/// answer to the line as typed.
fn negative_value(e: &clap::Error, args: &[OsString]) -> Option<Vec<OsString>> {
    let Some(ContextValue::String(word)) = e.get(ContextKind::InvalidArg) else {
        return None;
    };
    let number = word.strip_prefix('-')?;
    if number.parse::<f64>().is_err() || number.starts_with(['+', '-']) {
        return None;
    }
    let at = (1..args.len()).find(|&i| {
        args[i] == word.as_str()
            && args[i - 1]
                .to_str()
                .and_then(|o| o.strip_prefix("--"))
                .is_some_and(|name| !name.is_empty() && !name.contains('='))
    })?;
    let mut joined = args[..at - 1].to_vec();
    let mut option = args[at - 1].clone();
    option.push("=");
    option.push(&args[at]);
    joined.push(option);
    joined.extend_from_slice(&args[at + 1..]);
    Some(joined)
}

/// The line parsed by a root with the global flags and only the command it names; `None`
/// when it names no known command or that root refuses it.
fn parse_reduced(args: &[OsString]) -> Option<Cli> {
    let mut whole = Cli::command();
    let name = invoked_command(&whole, args)?.to_os_string();
    let invoked = std::mem::take(whole.find_subcommand_mut(&name)?);
    let mut root = Command::new("saludya")
        .args(whole.get_arguments().cloned())
        .subcommand(invoked);
    done_with(whole);
    let parsed = root.try_get_matches_from_mut(args).ok().and_then(|mut m| {
        let cli = Cli::from_arg_matches_mut(&mut m).ok();
        // What is left of the matches: freeing it is ~1 % of a short command.
        done_with(m);
        cli
    });
    done_with(root);
    parsed
}

/// A parse's command tree or matches once the line is parsed. A single command leaves it to the
/// process's end instead of freeing it: freeing every subcommand's arguments and help was ~7 %
/// of a short command's instructions, and the process ends soon after. A line of `batch` frees
/// it, since the batch may run all day (kept, each line's ~130 KiB added up: 2,000 lines peaked
/// at 261 MiB).
fn done_with<T>(value: T) {
    if super::sink::capturing() {
        drop(value);
    } else {
        std::mem::forget(value);
    }
}

/// The first word of `args` (after the program's name) that is not a global flag or a global
/// flag's value, if it is the name (or an alias) of one of `root`'s commands. Anything the
/// scan does not recognise (an unknown flag, a short flag that takes a value, `--`) gives
/// `None`: the whole tree decides.
fn invoked_command<'a>(root: &Command, args: &'a [OsString]) -> Option<&'a OsStr> {
    let mut words = args.iter().skip(1);
    while let Some(word) = words.next() {
        let text = word.to_str()?;
        if let Some(long) = text.strip_prefix("--") {
            if long.is_empty() {
                return None;
            }
            let (name, inline_value) = match long.split_once('=') {
                Some((name, _)) => (name, true),
                None => (long, false),
            };
            let flag = root.get_arguments().find(|a| a.get_long() == Some(name))?;
            if takes_value(flag)? && !inline_value {
                words.next()?;
            }
        } else if let Some(shorts) = text.strip_prefix('-') {
            if shorts.is_empty() {
                return None;
            }
            for c in shorts.chars() {
                let flag = root.get_arguments().find(|a| a.get_short() == Some(c))?;
                if takes_value(flag)? {
                    return None;
                }
            }
        } else {
            return root.find_subcommand(word).map(|_| word.as_os_str());
        }
    }
    None
}

/// Whether `flag` is followed by its value; `None` when the value is optional (only clap knows
/// whether the next word is it).
fn takes_value(flag: &clap::Arg) -> Option<bool> {
    match flag.get_num_args() {
        Some(range) if range.takes_values() && range.min_values() == 0 => None,
        Some(range) => Some(range.takes_values()),
        None => Some(flag.get_action().takes_values()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command path of the tree (`patient add`, `db copy`, ...), each a list of words.
    fn command_paths(cmd: &Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
        for sub in cmd.get_subcommands() {
            let mut path = prefix.to_vec();
            path.push(sub.get_name().to_string());
            out.push(path.clone());
            command_paths(sub, &path, out);
        }
    }

    fn whole_tree(args: &[OsString]) -> Result<Cli, clap::Error> {
        Cli::command()
            .try_get_matches_from(args)
            .and_then(|m| Cli::from_arg_matches(&m))
    }

    fn line(words: &[&str]) -> Vec<OsString> {
        std::iter::once("saludya")
            .chain(words.iter().copied())
            .map(OsString::from)
            .collect()
    }

    /// The lines the reduced root is tried on: every command path, alone, with `--help`, with
    /// the global flags before and after it in every spelling, with a mistake, and the usual
    /// lines of a counter's script.
    fn lines() -> Vec<Vec<OsString>> {
        let mut tree = Cli::command();
        tree.build();
        let mut paths = Vec::new();
        command_paths(&tree, &[], &mut paths);
        let mut lines = Vec::new();
        for path in &paths {
            let words: Vec<&str> = path.iter().map(String::as_str).collect();
            let with = |before: &[&str], after: &[&str]| {
                let mut all = before.to_vec();
                all.extend_from_slice(&words);
                all.extend_from_slice(after);
                line(&all)
            };
            lines.push(with(&[], &[]));
            lines.push(with(&[], &["--help"]));
            lines.push(with(&["--format", "json"], &[]));
            lines.push(with(&["--format=json", "-q"], &["--lang", "en"]));
            lines.push(with(&["--db", "clinica.db", "--wide"], &["--color", "never"]));
            lines.push(with(&["--db", "patient"], &[]));
            lines.push(with(&["-q", "--lang=es"], &["--no-such-flag"]));
            lines.push(with(&[], &["extra", "words", "here"]));
        }
        for words in [
            &["orient", "dolor en el pecho", "--no-store"][..],
            &[
                "patient",
                "add",
                "--dni",
                "70000001",
                "--first-name",
                "Rosa",
                "--last-name",
                "Quispe",
            ],
            &["slots", "--specialty", "cardiologia", "--limit", "1"],
            &[
                "appointment",
                "book",
                "--patient",
                "70000001",
                "--doctor",
                "d",
                "--at",
                "2026-12-02 09:00",
            ],
            &["pay", "01a2", "--method", "cash"],
            &["--format", "json", "appointment", "history", "70000001"],
            &["pacient", "list"],
            &["help", "patient"],
            &["--", "patient", "list"],
            &["-", "patient"],
            &["--version"],
            &["-V"],
            &[],
        ] {
            lines.push(line(words));
        }
        lines
    }

    #[test]
    fn the_reduced_root_parses_a_line_as_the_whole_tree_does_or_leaves_it_to_it() {
        let mut reduced = 0;
        for args in lines() {
            let whole = whole_tree(&args);
            match parse_reduced(&args) {
                Some(cli) => {
                    reduced += 1;
                    let whole = whole.unwrap_or_else(|e| {
                        panic!("{args:?}: the reduced root accepts what the tree refuses: {e}")
                    });
                    assert_eq!(format!("{cli:?}"), format!("{whole:?}"), "{args:?}");
                }
                None => {
                    // Left to the whole tree, which parse() then uses: the same result.
                    let parsed = parse(&args);
                    assert_eq!(
                        format!("{:?}", parsed.as_ref().map_err(|e| e.kind())),
                        format!("{:?}", whole.as_ref().map_err(|e| e.kind())),
                        "{args:?}"
                    );
                }
            }
        }
        // The point of it: the usual lines do take the reduced root.
        assert!(reduced > 100, "only {reduced} lines took the reduced root");
    }

    #[test]
    fn the_scan_finds_the_command_after_the_global_flags_and_their_values() {
        let tree = Cli::command();
        let found = |words: &[&str]| {
            let args = line(words);
            invoked_command(&tree, &args).map(|w| w.to_string_lossy().into_owned())
        };
        assert_eq!(found(&["patient", "list"]).as_deref(), Some("patient"));
        assert_eq!(
            found(&["--db", "doctor", "-q", "--format=json", "specialty", "list"]).as_deref(),
            Some("specialty")
        );
        assert_eq!(
            found(&["--lang", "en", "--wide", "slots"]).as_deref(),
            Some("slots")
        );
        assert_eq!(found(&["pacient", "list"]), None, "not a command");
        assert_eq!(found(&["help", "patient"]), None, "clap's own help command");
        assert_eq!(found(&["--unknown", "patient"]), None, "an unknown flag");
        assert_eq!(found(&["--", "patient"]), None);
        assert_eq!(found(&["--db"]), None, "a flag without its value");
        assert_eq!(found(&["--version"]), None);
        assert_eq!(found(&[]), None);
    }

    /// Every option of the tree that takes a value, with its command path.
    fn valued_options() -> Vec<(Vec<String>, String)> {
        fn walk(cmd: &Command, path: &[String], out: &mut Vec<(Vec<String>, String)>) {
            for arg in cmd.get_arguments() {
                if let (Some(long), Some(true)) = (arg.get_long(), takes_value(arg)) {
                    out.push((path.to_vec(), long.to_string()));
                }
            }
            for sub in cmd.get_subcommands() {
                let mut next = path.to_vec();
                next.push(sub.get_name().to_string());
                walk(sub, &next, out);
            }
        }
        let mut tree = Cli::command();
        tree.build();
        let mut out = Vec::new();
        walk(&tree, &[], &mut out);
        out
    }

    #[test]
    fn a_negative_number_is_an_options_value_never_an_unknown_flag() {
        let options = valued_options();
        assert!(options.len() > 100, "{} options", options.len());
        for (path, long) in &options {
            let mut words: Vec<&str> = path.iter().map(String::as_str).collect();
            let option = format!("--{long}");
            words.extend([option.as_str(), "-1"]);
            if let Err(e) = parse(&line(&words)) {
                assert_ne!(e.kind(), ErrorKind::UnknownArgument, "{words:?}: {e}");
            }
        }
        let limit = parse(&line(&["patient", "list", "--limit", "-1"]))
            .err()
            .map(|e| e.kind());
        assert_eq!(limit, Some(ErrorKind::ValueValidation));
        // Only right after a long option that takes a value: elsewhere it stays unknown.
        for words in [
            &["patient", "list", "-1"][..],
            &["patient", "list", "--wide", "-1"],
            &["patient", "list", "--limit=5", "-1"],
            &["patient", "list", "--limit", "-x"],
        ] {
            let kind = parse(&line(words)).err().map(|e| e.kind());
            assert_eq!(kind, Some(ErrorKind::UnknownArgument), "{words:?}");
        }
    }
}
