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
        assert!(out.ok().stdout.contains("Ejemplos / Examples:"), "{args:?}");
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
    walk(
        &<saludya::cli::Cli as clap::CommandFactory>::command(),
        &[],
        &mut out,
    );
    out
}

/// The reference of every command's `--help` in one file (jj's `cli-reference@.md.snap`):
/// a change to any help text shows up in review.
#[test]
fn cli_reference() {
    let env = Env::empty();
    let mut text = String::new();
    for path in std::iter::once(Vec::new()).chain(command_paths()) {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let out = env.run(&args);
        text.push_str(&format!(
            "## saludya {}\n\n```\n{}```\n\n",
            path.join(" "),
            out.ok().stdout
        ));
    }
    insta::assert_snapshot!("cli-reference", text);
}

/// The README promises examples in every command's help.
#[test]
fn every_command_has_examples() {
    let env = Env::empty();
    let missing: Vec<String> = command_paths()
        .into_iter()
        .filter(|path| {
            let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
            args.push("--help");
            !env.run(&args).ok().stdout.contains("Ejemplo")
        })
        .map(|p| p.join(" "))
        .collect();
    assert!(missing.is_empty(), "no examples in: {missing:?}");
}
