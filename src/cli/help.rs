//! `--help` in the reader's language. The doc comments of the commands are the Spanish help;
//! `help_en.rs` holds their English. clap's own words (the headings, `-h`/`-V`, the `help`
//! command, `[default: ...]`, `[possible values: ...]`, `[env: ...]`) are set here for
//! Spanish. The language is known before clap parses: `--lang` (read from the raw arguments),
//! `SALUDYA_LANG`, the config file, else the clinic's (see [`crate::cli::help_lang`]).
//!
//! Only a command line that asks for help (or that clap refuses) pays for this: a normal command
//! is parsed by the plain derived definition, and its help is rendered again with the localized
//! one.

use clap::builder::StyledStr;
use clap::{Arg, Command, CommandFactory};

use super::Cli;
use super::help_en::EN;
use crate::i18n::Lang;

/// The whole command tree with its help in `lang`.
pub fn command(lang: Lang) -> Command {
    let mut cmd = Cli::command();
    // Built first so that clap's own `-h`, `-V`, `help` and the global flags exist in every
    // subcommand, to be localized below.
    cmd.build();
    localize(cmd, lang)
}

fn localize(mut cmd: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        if let Some(t) = cmd.get_about().map(|s| en(&s.to_string())) {
            cmd = cmd.about(t);
        }
        if let Some(t) = cmd.get_long_about().map(|s| en(&s.to_string())) {
            cmd = cmd.long_about(t);
        }
        if let Some(t) = cmd.get_after_help().map(|s| en_after_help(&s.to_string())) {
            cmd = cmd.after_help(t);
        }
        if let Some(t) = cmd.get_after_long_help().map(|s| en_after_help(&s.to_string())) {
            cmd = cmd.after_long_help(t);
        }
    } else {
        let template = spanish_template(&cmd);
        cmd = cmd
            .help_template(template)
            .subcommand_help_heading("Comandos")
            .subcommand_value_name("COMANDO");
        if cmd.get_name() == "help" {
            cmd = cmd.about("Muestra esta ayuda o la de los comandos indicados");
        }
    }
    let help_command = cmd.get_name() == "help";
    cmd = cmd.mut_args(|a| localize_arg(a, lang, help_command));
    cmd.mut_subcommands(|sub| localize(sub, lang))
}

fn localize_arg(mut a: Arg, lang: Lang, in_help_command: bool) -> Arg {
    let id = a.get_id().as_str().to_string();
    if lang == Lang::En {
        if let Some(t) = a.get_help().map(|s| en(&s.to_string())) {
            a = a.help(t);
        }
        if let Some(t) = a.get_long_help().map(|s| en(&s.to_string())) {
            a = a.long_help(t);
        }
        return a;
    }
    // Spanish: clap's words replaced.
    let clap_words = match id.as_str() {
        "help" if !in_help_command => Some("Muestra la ayuda"),
        "version" => Some("Muestra la versión"),
        "subcommand" if in_help_command => Some("El comando del que mostrar la ayuda"),
        _ => None,
    };
    if let Some(text) = clap_words {
        a = a.help(text);
        if in_help_command {
            a = a.value_name("COMANDO");
        }
    }
    let mut notes = Vec::new();
    if let Some(env) = a.get_env().filter(|_| !a.is_hide_env_set()) {
        notes.push(format!("[variable: {}]", env.to_string_lossy()));
    }
    if a.get_action().takes_values() {
        let defaults = a.get_default_values();
        if !defaults.is_empty() && !a.is_hide_default_value_set() {
            let shown: Vec<String> = defaults
                .iter()
                .map(|d| d.to_string_lossy().into_owned())
                .collect();
            notes.push(format!("[por defecto: {}]", shown.join(", ")));
        }
        let values: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() && !a.is_hide_possible_values_set() {
            notes.push(format!("[valores: {}]", values.join(", ")));
        }
    }
    if !notes.is_empty() {
        let help = a.get_help().map(|s| s.to_string()).unwrap_or_default();
        a = a
            .help(format!("{help} {}", notes.join(" ")).trim().to_string())
            .hide_env(true)
            .hide_default_value(true)
            .hide_possible_values(true);
    }
    a
}

/// clap's help layout (`{all-args}`) with its headings in Spanish: commands, then arguments,
/// then options, each section only when it shows something. The headings are written here
/// rather than set on each argument: clap orders custom headings by the first argument that
/// carries one, and a command's global flags (copied in before its own deferred arguments)
/// would put "Opciones" before "Argumentos".
fn spanish_template(cmd: &Command) -> StyledStr {
    let usage = *cmd.get_styles().get_usage();
    let header = *cmd.get_styles().get_header();
    let shown = |a: &&Arg| !a.is_hide_set();
    let mut sections = Vec::new();
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        sections.push(format!("{header}Comandos:{header:#}\n{{subcommands}}"));
    }
    if cmd.get_positionals().find(shown).is_some() {
        sections.push(format!("{header}Argumentos:{header:#}\n{{positionals}}"));
    }
    if cmd
        .get_arguments()
        .filter(|a| !a.is_positional())
        .find(shown)
        .is_some()
    {
        sections.push(format!("{header}Opciones:{header:#}\n{{options}}"));
    }
    StyledStr::from(format!(
        "{{before-help}}{{about-with-newline}}\n{usage}Uso:{usage:#} {{usage}}\n\n{}{{after-help}}",
        sections.join("\n\n")
    ))
}

/// The English of one help text; the Spanish itself when it has none (a test keeps the table
/// complete).
fn en(es: &str) -> String {
    EN.iter()
        .find(|(s, _)| *s == es)
        .map_or_else(|| es.to_string(), |(_, e)| (*e).to_string())
}

/// The units of an `after_help` that are translated: each paragraph of prose, and the comment
/// after an example (separated from the command by three spaces or more). Example commands stay
/// as they are (they are what the reader types).
#[cfg(test)]
fn after_help_units(text: &str) -> Vec<String> {
    let mut units = Vec::new();
    walk_after_help(text, |unit| {
        units.push(unit.to_string());
        unit.to_string()
    });
    units
}

fn en_after_help(text: &str) -> String {
    walk_after_help(text, en)
}

/// Rebuilds `text` with every translatable unit passed through `f`.
fn walk_after_help(text: &str, mut f: impl FnMut(&str) -> String) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let flush = |para: &mut Vec<&str>, out: &mut Vec<String>, f: &mut dyn FnMut(&str) -> String| {
        if !para.is_empty() {
            out.push(f(&para.join("\n")));
            para.clear();
        }
    };
    for line in text.split('\n') {
        if line.starts_with("  ") {
            flush(&mut para, &mut out, &mut f);
            let indent = line.len() - line.trim_start().len();
            let body = line.trim_start();
            match body.find("   ") {
                Some(i) => {
                    let comment = body[i..].trim_start();
                    let gap = &body[i..body.len() - comment.len()];
                    out.push(format!("{}{}{gap}{}", &line[..indent], &body[..i], f(comment)));
                }
                None => out.push(line.to_string()),
            }
        } else if line.trim().is_empty() {
            flush(&mut para, &mut out, &mut f);
            out.push(line.to_string());
        } else {
            para.push(line);
        }
    }
    flush(&mut para, &mut out, &mut f);
    out.join("\n")
}

/// clap's words that no setting reaches, in a rendered help or usage error: the `[OPTIONS]`
/// of a usage line, the headings and the most common sentences of its errors (the quoted
/// argument between them is left as the reader typed it).
pub fn finish(rendered: String, lang: Lang) -> String {
    if lang == Lang::En {
        return rendered;
    }
    // Each of clap's messages (clap_builder's error/format.rs) is fixed words around the
    // values it names, which may be wrapped in colour codes: the words are replaced, in this
    // order (a longer phrase before any phrase it contains).
    const SPANISH: &[(&str, &str)] = &[
        ("[OPTIONS]", "[OPCIONES]"),
        ("Usage:", "Uso:"),
        (
            "For more information, try '--help'.",
            "Más información: '--help'.",
        ),
        (
            "the following required arguments were not provided:",
            "faltan estos argumentos obligatorios:",
        ),
        ("unrecognized subcommand '", "comando desconocido '"),
        ("unexpected argument '", "argumento inesperado '"),
        ("unexpected value '", "valor de más '"),
        ("' found; no more were expected", "': no se esperaban más"),
        ("' found", "'"),
        (
            "' cannot be used multiple times",
            "' solo puede indicarse una vez",
        ),
        ("' cannot be used with", "' no puede usarse junto con"),
        (
            " one or more of the other specified arguments",
            " alguno de los otros argumentos indicados",
        ),
        ("the argument '", "el argumento '"),
        ("the subcommand '", "el comando '"),
        (
            "' requires a subcommand but one was not provided",
            "' necesita un comando y no se indicó ninguno",
        ),
        ("[subcommands: ", "[comandos: "),
        (
            "equal sign is needed when assigning values to '",
            "hace falta el signo = para dar el valor de '",
        ),
        ("invalid value '", "valor no válido '"),
        ("a value is required for '", "falta el valor de '"),
        ("' but none was supplied", "'"),
        (" values required by '", " valores necesarios para '"),
        (" values required for '", " valores necesarios para '"),
        ("'; only ", "'; solo se indicaron "),
        ("' but ", "'; se indicaron "),
        (" were provided", ""),
        (" was provided", ""),
        ("' for '", "' para '"),
        ("[possible values: ", "[valores: "),
        (
            "tip: a similar argument exists: ",
            "consejo: hay una opción parecida: ",
        ),
        (
            "tip: a similar subcommand exists: ",
            "consejo: hay un comando parecido: ",
        ),
        (
            "tip: a similar value exists: ",
            "consejo: hay un valor parecido: ",
        ),
        (
            "tip: some similar arguments exist: ",
            "consejo: hay opciones parecidas: ",
        ),
        (
            "tip: some similar subcommands exist: ",
            "consejo: hay comandos parecidos: ",
        ),
        (
            "tip: some similar values exist: ",
            "consejo: hay valores parecidos: ",
        ),
        ("tip: to pass '", "consejo: para dar '"),
        ("' as a value, use '", "' como valor, escriba '"),
        ("tip: ", "consejo: "),
        // The reasons a number is refused (Rust's `ParseIntError`, clap's ranges).
        ("invalid digit found in string", "no es un número entero"),
        ("cannot parse integer from empty string", "falta el número"),
        (
            "number too large to fit in target type",
            "el número es demasiado grande",
        ),
        (
            "number too small to fit in target type",
            "el número es demasiado pequeño",
        ),
        ("invalid utf-8 sequence", "texto que no es UTF-8"),
    ];
    let text = SPANISH
        .iter()
        .fold(rendered, |text, (en, es)| text.replace(en, es));
    spanish_ranges(&text)
}

/// clap's "`5000 is not in 1..=500`" as "`5000 no está entre 1 y 500`".
fn spanish_ranges(text: &str) -> String {
    const NOT_IN: &str = " is not in ";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(NOT_IN) {
        out.push_str(&rest[..at]);
        let after = &rest[at + NOT_IN.len()..];
        let end = after
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '=' || c == '-'))
            .unwrap_or(after.len());
        let range = &after[..end];
        match range.split_once("..=") {
            Some((low, high)) if !low.is_empty() && !high.is_empty() => {
                out.push_str(&format!(" no está entre {low} y {high}"));
            }
            _ => match range.split_once("..") {
                Some((low, "")) if !low.is_empty() => {
                    out.push_str(&format!(" es menor que {low}"));
                }
                _ => {
                    out.push_str(" está fuera del rango ");
                    out.push_str(range);
                }
            },
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every help text of every command, with where it is.
    fn texts(cmd: &Command, path: &str, out: &mut Vec<(String, String)>) {
        let here = format!("{path} {}", cmd.get_name());
        for s in [cmd.get_about(), cmd.get_long_about()].into_iter().flatten() {
            out.push((here.clone(), s.to_string()));
        }
        for s in [cmd.get_after_help(), cmd.get_after_long_help()]
            .into_iter()
            .flatten()
        {
            for unit in after_help_units(&s.to_string()) {
                out.push((here.clone(), unit));
            }
        }
        // clap's own `--help`, `--version` and `help` command (added by the build) are
        // localized by `localize`, not by `help_en.rs`.
        for a in cmd
            .get_arguments()
            .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
        {
            for s in [a.get_help(), a.get_long_help()].into_iter().flatten() {
                out.push((format!("{here} --{}", a.get_id()), s.to_string()));
            }
        }
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            texts(sub, &here, out);
        }
    }

    #[test]
    fn every_help_text_has_its_english_and_every_english_is_used() {
        let mut all = Vec::new();
        // Built: each command's arguments are deferred until then (`defer = true`).
        let mut tree = Cli::command();
        tree.build();
        texts(&tree, "", &mut all);
        let missing: Vec<String> = all
            .iter()
            .filter(|(_, es)| !EN.iter().any(|(s, _)| s == es))
            .map(|(at, es)| format!("{at}: {es:?}"))
            .collect();
        assert!(
            missing.is_empty(),
            "help texts without English (add them to help_en.rs):\n{}",
            missing.join("\n")
        );
        let unused: Vec<&str> = EN
            .iter()
            .filter(|(es, _)| !all.iter().any(|(_, s)| s == es))
            .map(|(es, _)| *es)
            .collect();
        assert!(
            unused.is_empty(),
            "English for help texts no command has: {unused:?}"
        );
        let mut keys: Vec<&str> = EN.iter().map(|(es, _)| *es).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), EN.len(), "a Spanish text is in help_en.rs twice");
    }

    #[test]
    fn after_help_keeps_commands_and_translates_prose_and_comments() {
        let es = "Ejemplos:\n  saludya demo      base de demostración y la interfaz de recepción\n  saludya --format json specialty list\n\nCódigos de salida: 0 ok · 1 error interno · 2 entrada no válida\n· 3 sin sesión o sin permiso · 4 no encontrado · 5 conflicto · 6 pago rechazado";
        assert_eq!(
            en_after_help(es),
            "Examples:\n  saludya demo      demo database and the reception UI\n  saludya --format json specialty list\n\nExit codes: 0 ok · 1 internal error · 2 invalid input\n· 3 not logged in or not allowed · 4 not found · 5 conflict · 6 payment declined"
        );
    }

    #[test]
    fn clap_errors_in_spanish() {
        let cases = [
            (
                vec!["saludya", "--bogus"],
                "error: argumento inesperado '--bogus'\n",
            ),
            (
                vec!["saludya", "pacient"],
                "error: comando desconocido 'pacient'\n",
            ),
            (
                vec!["saludya", "--lang", "fr", "whoami"],
                "error: valor no válido 'fr' para '--lang <LANG>'\n",
            ),
            (
                vec!["saludya", "patient", "add"],
                "error: faltan estos argumentos obligatorios:\n",
            ),
            (
                vec!["saludya", "--format"],
                "error: falta el valor de '--format <FORMAT>'\n",
            ),
        ];
        for (args, first) in cases {
            let e = command(Lang::Es).try_get_matches_from(&args).unwrap_err();
            let text = finish(e.render().to_string(), Lang::Es);
            assert!(text.starts_with(first), "{args:?}: {text}");
            // (an invalid value's error shows the valid ones instead of the usage line)
            assert!(
                text.contains("Uso: saludya") || text.contains("[valores: "),
                "{args:?}: {text}"
            );
            assert!(text.contains("Más información: '--help'."), "{args:?}: {text}");
            let en = finish(e.render().to_string(), Lang::En);
            assert_eq!(en, e.render().to_string());
        }
        let e = command(Lang::Es)
            .try_get_matches_from(["saludya", "pacient"])
            .unwrap_err();
        assert!(
            finish(e.render().to_string(), Lang::Es)
                .contains("consejo: hay comandos parecidos: 'orient', 'payment', 'patient'")
        );
    }

    #[test]
    fn spanish_help_has_no_word_of_clap_in_english() {
        fn check(cmd: &mut Command, path: &str) {
            let help = finish(cmd.render_help().to_string(), Lang::Es);
            for english in [
                "Usage:",
                "Options:",
                "Commands:",
                "Arguments:",
                "Print help",
                "Print version",
                "Print this message",
                "[default:",
                "[possible values:",
                "[env:",
                "[OPTIONS]",
                "[COMMAND]",
            ] {
                assert!(!help.contains(english), "{path}: {english:?} in\n{help}");
            }
            let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
            for name in names {
                if let Some(sub) = cmd.find_subcommand_mut(&name) {
                    check(sub, &format!("{path} {name}"));
                }
            }
        }
        check(&mut command(Lang::Es), "saludya");
    }
}
