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
