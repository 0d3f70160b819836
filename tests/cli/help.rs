//! The help is part of the interface: snapshot-tested, with examples, and shell completions.

use crate::harness::*;

#[test]
fn top_level_help() {
    let out = Env::empty().run(&["--help"]);
    insta::assert_snapshot!("saludya_help", out.ok().stdout);
}

#[test]
fn patient_help() {
    let out = Env::empty().run(&["patient", "--help"]);
    insta::assert_snapshot!("saludya_patient_help", out.ok().stdout);
}

#[test]
fn help_of_the_top_level_and_of_my_groups_has_examples() {
    let env = Env::empty();
    for args in [
        &["--help"][..],
        &["patient", "--help"],
        &["demo", "--help"],
        &["backup", "--help"],
    ] {
        let out = env.run(args);
        assert!(out.ok().stdout.contains("Ejemplos:"), "{args:?}");
        assert!(out.stdout.contains("saludya "), "{args:?}");
    }
    let add = env.run(&["patient", "add", "--help"]);
    assert!(add.ok().stdout.contains("--birth-date <YYYY-MM-DD>"));
}

#[test]
fn completions_for_bash_zsh_and_fish() {
    let env = Env::empty();
    let bash = env.run(&["completions", "bash"]);
    assert!(bash.ok().stdout.contains("_saludya()"), "{}", bash.stdout);
    assert!(bash.stdout.contains("complete -F _saludya"));
    assert!(bash.stdout.contains("patient"), "knows the subcommands");
    assert!(
        env.run(&["completions", "zsh"])
            .ok()
            .stdout
            .contains("#compdef saludya")
    );
    assert!(
        env.run(&["completions", "fish"])
            .ok()
            .stdout
            .contains("complete -c saludya")
    );
    env.run(&["completions", "powershell-9000"]).code(2);
}

/// Every command path of the CLI ("patient add", ...), walked from clap's definition.
fn command_paths() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
        for sub in cmd.get_subcommands() {
            if sub.get_name() == "help" {
                continue;
            }
            let mut path = prefix.to_vec();
            path.push(sub.get_name().to_string());
            out.push(path.clone());
            walk(sub, &path, out);
        }
    }
    let mut out = Vec::new();
    // Built: each command's arguments and subcommands are deferred until then.
    let mut tree = <saludya::cli::Cli as clap::CommandFactory>::command();
    tree.build();
    walk(&tree, &[], &mut out);
    out
}

/// Every command's `--help` in one language, as one text.
fn reference(env: &Env, lang: &str) -> String {
    let mut text = String::new();
    for path in std::iter::once(Vec::new()).chain(command_paths()) {
        let mut args: Vec<&str> = vec!["--lang", lang];
        args.extend(path.iter().map(String::as_str));
        args.push("--help");
        let out = env.run(&args);
        text.push_str(&format!(
            "## saludya {}\n\n```\n{}```\n\n",
            path.join(" "),
            out.ok().stdout
        ));
    }
    text
}

/// The reference of every command's `--help` in one file per language (jj's
/// `cli-reference@.md.snap`): a change to any help text shows up in review.
#[test]
fn cli_reference() {
    let env = Env::empty();
    insta::assert_snapshot!("cli-reference", reference(&env, "es"));
    insta::assert_snapshot!("cli-reference-en", reference(&env, "en"));
}

/// The README promises examples in every command's help, in both languages.
#[test]
fn every_command_has_examples() {
    let env = Env::empty();
    for (lang, word) in [("es", "Ejemplo"), ("en", "Example")] {
        let missing: Vec<String> = command_paths()
            .into_iter()
            .filter(|path| {
                let mut args: Vec<&str> = vec!["--lang", lang];
                args.extend(path.iter().map(String::as_str));
                args.push("--help");
                let out = env.run(&args);
                !out.ok().stdout.contains(word) || !out.stdout.contains("\n  saludya ")
            })
            .map(|p| p.join(" "))
            .collect();
        assert!(missing.is_empty(), "{lang}: no examples in: {missing:?}");
    }
}

/// clap's own words, per language: what the help of `patient show` (a command with an
/// argument, options, a default and an environment variable) must and must not say.
const SPANISH: &[&str] = &[
    "Uso: saludya patient show [OPCIONES] <PATIENT>",
    "Argumentos:",
    "Opciones:",
    "Muestra la ayuda",
    "[variable: SALUDYA_DB]",
    "[valores: table, json, csv]",
    "[por defecto:",
    "Ejemplos:",
    "Muestra un paciente",
];
const ENGLISH: &[&str] = &[
    "Usage: saludya patient show [OPTIONS] <PATIENT>",
    "Arguments:",
    "Options:",
    "Print help",
    "[env: SALUDYA_DB]",
    "[possible values: table, json, csv]",
    "[default:",
    "Examples:",
    "Shows a patient",
];

#[track_caller]
fn speaks(out: &Out, says: &[&str], never: &[&str]) {
    for s in says {
        assert!(out.stdout.contains(s), "missing {s:?} in\n{}", out.stdout);
    }
    for s in never {
        assert!(!out.stdout.contains(s), "{s:?} in\n{}", out.stdout);
    }
}

#[test]
fn help_speaks_the_language_of_lang_then_saludya_lang_then_the_clinic() {
    let env = Env::empty();
    // No database, nothing asked: Spanish.
    let es = env.run("patient show --help");
    speaks(es.ok(), SPANISH, ENGLISH);
    let en = env.run("--lang en patient show --help");
    speaks(en.ok(), ENGLISH, SPANISH);
    // `-h` after the command, `help patient show`, and --lang after the command word.
    speaks(env.run("patient show -h --lang en").ok(), ENGLISH, SPANISH);
    speaks(env.run("--lang en help patient show").ok(), ENGLISH, SPANISH);
    // SALUDYA_LANG, and --lang over it.
    let mut cmd = env.command();
    cmd.env("SALUDYA_LANG", "en").args(["patient", "show", "--help"]);
    speaks(env.run_with_stdin(cmd, "").ok(), ENGLISH, SPANISH);
    let mut cmd = env.command();
    cmd.env("SALUDYA_LANG", "en")
        .args(["--lang", "es", "patient", "show", "--help"]);
    speaks(env.run_with_stdin(cmd, "").ok(), SPANISH, ENGLISH);
    // The top level: commands heading and the help command.
    let top = env.run("--help");
    speaks(
        top.ok(),
        &[
            "Comandos:",
            "Uso: saludya [OPCIONES] [COMANDO]",
            "Muestra la versión",
        ],
        &["Commands:", "Print"],
    );
}

#[test]
fn help_follows_the_clinics_language_when_nothing_else_says() {
    let env = Env::admin();
    env.run("settings set language en").ok();
    speaks(env.run("patient show --help").ok(), ENGLISH, SPANISH);
    speaks(env.run("--lang es patient show --help").ok(), SPANISH, ENGLISH);
    // A usage error too: clap's usage line in the reader's language.
    let err = env.run("patient show");
    assert!(
        err.code(2).stderr.contains("Usage: saludya patient show"),
        "{}",
        err.stderr
    );
    let err = env.run("--lang es patient show");
    assert!(
        err.code(2).stderr.contains("Uso: saludya patient show"),
        "{}",
        err.stderr
    );
}

#[test]
fn a_bad_language_is_a_usage_error() {
    let env = Env::empty();
    let out = env.run("--lang fr whoami");
    assert!(out.code(2).stderr.contains("'fr'"), "{}", out.stderr);
    let mut cmd = env.command();
    cmd.env("SALUDYA_LANG", "klingon").arg("whoami");
    let out = env.run_with_stdin(cmd, "");
    assert!(out.code(2).stderr.contains("'klingon'"), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("la variable de entorno SALUDYA_LANG: use es o en"),
        "{}",
        out.stderr
    );
    // Typed on the command line, the flag is what was wrong: no word about the variable.
    let mut cmd = env.command();
    cmd.env("SALUDYA_LANG", "en").args(["--lang", "fr", "whoami"]);
    let out = env.run_with_stdin(cmd, "");
    assert!(out.code(2).stderr.contains("'fr'"), "{}", out.stderr);
    assert!(!out.stderr.contains("SALUDYA_LANG"), "{}", out.stderr);
}

#[test]
fn man_pages_in_the_readers_language() {
    let env = Env::empty();
    let top = env.run("man");
    let page = &top.ok().stdout;
    assert!(page.contains(".TH saludya 1"), "{page}");
    for section in [
        ".SH NOMBRE",
        ".SH SINOPSIS",
        ".SH OPCIONES",
        ".SH COMANDOS",
        ".SH EJEMPLOS",
    ] {
        assert!(page.contains(section), "{section}: {page}");
    }
    let add = env.run("--lang en man patient add");
    let page = &add.ok().stdout;
    assert!(page.contains(".TH saludya-patient-add 1"), "{page}");
    assert!(
        page.contains(".SH NAME") && page.contains(".SH EXAMPLES"),
        "{page}"
    );
    assert!(page.contains("Registers a patient"), "{page}");
    assert!(!page.contains("Registra un paciente"), "{page}");
    // A command that does not exist: a usage error, nothing on stdout.
    let bad = env.run("man patient nope");
    assert_eq!(bad.code(2).stdout, "");
    assert!(bad.stderr.contains("«nope»"), "{}", bad.stderr);
    // One page per command, the help commands left out.
    let dir = env.path("man1");
    std::fs::create_dir(&dir).unwrap();
    let out = env.run(&["man", "--dir", dir.to_str().unwrap()]);
    let mut pages: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    pages.sort();
    assert_eq!(pages.len(), command_paths().len() + 1, "{pages:?}");
    assert!(
        out.ok()
            .stderr
            .contains(&format!("{} páginas escritas", pages.len()))
    );
    assert!(pages.contains(&"saludya-appointment-no-show.1".to_string()));
    assert!(!pages.iter().any(|p| p.contains("help")), "{pages:?}");
    let file = env.path("not-a-dir");
    std::fs::write(&file, "").unwrap();
    env.run(&["man", "--dir", file.to_str().unwrap()]).code(2);
}

/// `--version` is the same line in both languages, on stdout, exit 0 (it skips the localized
/// command tree, which made it slower to start than `sqlite3`: issue 13).
#[test]
fn version_is_one_line_in_every_language() {
    let env = Env::empty();
    let want = format!("saludya {}\n", env!("CARGO_PKG_VERSION"));
    for args in [&["--version"][..], &["--lang", "en", "--version"], &["-V"]] {
        let out = env.run(args);
        assert_eq!(out.ok().stdout, want, "{args:?}");
        assert_eq!(out.stderr, "", "{args:?}");
    }
}

/// Every kind of mistake clap refuses (a conflict, a repeated flag, a missing command, a value
/// too many, a bad or out-of-range number, a missing value, a typo...) reads in Spanish: none
/// of clap's English sentences is left, and each still names what was typed. In English the
/// same lines keep clap's own words.
#[test]
fn usage_errors_speak_spanish_whatever_the_mistake() {
    let env = Env::empty();
    const CLAP_ENGLISH: &[&str] = &[
        "the argument",
        "the subcommand",
        "cannot be used",
        "requires a subcommand",
        "subcommands:",
        "not provided",
        "were provided",
        "was provided",
        "values required",
        "no more were expected",
        "unexpected",
        "invalid",
        "is not in",
        "integer",
        "number too",
        "found",
        "tip:",
        "Usage",
        "For more",
        "[OPTIONS]",
        "[possible values",
        "a value is required",
    ];
    for (line, typed) in [
        ("slots --doctor x --specialty cardiologia", "--specialty"),
        ("appointment book --patient 1 --doctor 2 --at 3 --at 4", "--at"),
        ("patient", "add"),
        ("patient list --limit abc", "abc"),
        ("patient list --limit 50000", "50000"),
        ("patient list --limit 0", "0"),
        (
            "patient list --limit 99999999999999999999",
            "99999999999999999999",
        ),
        ("patient list --limit -1", "-1"),
        ("patient list --limit", "--limit"),
        ("patient list --limt 3", "--limit"),
        ("patient list extra", "extra"),
        ("pacient list", "pacient"),
        ("--format yaml whoami", "yaml"),
        ("backup check a b", "b"),
        ("orient", "<TEXT>"),
    ] {
        let es = env.run(line);
        let text = &es.code(2).stderr;
        assert!(text.starts_with("error: "), "{line}: {text}");
        assert!(text.contains(typed), "{line}: {typed:?} not named in\n{text}");
        for english in CLAP_ENGLISH {
            assert!(!text.contains(english), "{line}: {english:?} in\n{text}");
        }
        let en = env.run(&format!("--lang en {line}"));
        assert!(en.code(2).stderr.contains(typed), "{line} (en): {}", en.stderr);
    }
    let conflict = env.run("slots --doctor x --specialty cardiologia");
    insta::assert_snapshot!(conflict.stderr, @r"
    error: el argumento '--doctor <DOCTOR>' no puede usarse junto con '--specialty <SPECIALTY>'

    Uso: saludya slots --doctor <DOCTOR> --db <PATH>

    Más información: '--help'.
    ");
    // A negative number after an option is that option's value, checked as such: not an
    // unknown flag `-1` with a tip about `--`.
    let negative = env.run("patient list --limit -1");
    insta::assert_snapshot!(negative.code(2).stderr, @r"
    error: valor no válido '-1' para '--limit <LIMIT>': -1 no está entre 1 y 10000

    Más información: '--help'.
    ");
    let range = env.run("patient list --limit 50000");
    insta::assert_snapshot!(range.stderr, @r"
    error: valor no válido '50000' para '--limit <LIMIT>': 50000 no está entre 1 y 10000

    Más información: '--help'.
    ");
}
