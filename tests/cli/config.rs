//! The desk's config file (`$XDG_CONFIG_HOME/saludya/config.toml`): default database, language
//! and output format; flags > environment variables > the file > defaults; a file that is not
//! valid is exit 2 naming the file and the line, before anything is touched.

use crate::harness::*;

fn config_file(env: &Env) -> std::path::PathBuf {
    env.dir.path().join("config").join("saludya").join("config.toml")
}

fn write_config(env: &Env, text: &str) {
    let file = config_file(env);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, text).unwrap();
}

/// Runs a command line without `SALUDYA_DB` (the harness sets it for every other test), with
/// extra environment variables.
fn run_without_db_env(env: &Env, line: &str, vars: &[(&str, &str)]) -> Out {
    let mut cmd = env.command();
    cmd.env_remove("SALUDYA_DB");
    for (k, v) in vars {
        cmd.env(k, v);
    }
    cmd.args(split(line));
    env.run_with_stdin(cmd, "")
}

#[test]
fn the_database_comes_from_the_flag_then_the_environment_then_the_file() {
    let env = Env::admin_sqlite();
    let db = env.db();
    write_config(&env, &format!("database = \"{}\"\n", db.display()));
    // The file: the clinic's database without --db or SALUDYA_DB.
    let out = run_without_db_env(&env, "--format json whoami", &[]);
    assert_eq!(out.ok().json()["email"], ADMIN);
    // SALUDYA_DB over the file, --db over both.
    let elsewhere = env.path("elsewhere.db");
    let elsewhere = elsewhere.to_str().unwrap();
    let out = run_without_db_env(&env, "whoami", &[("SALUDYA_DB", elsewhere)]);
    assert!(out.code(4).stderr.contains("elsewhere.db"), "{}", out.stderr);
    let out = run_without_db_env(&env, &format!("--db {elsewhere} whoami"), &[]);
    assert!(out.code(4).stderr.contains("elsewhere.db"), "{}", out.stderr);
    // `~/` is the home folder.
    write_config(&env, "database = \"~/saludya.db\"\n");
    let out = run_without_db_env(&env, "--format json whoami", &[]);
    assert_eq!(out.ok().json()["email"], ADMIN);
}

#[test]
fn language_and_format_come_from_the_file_unless_said_otherwise() {
    let env = Env::admin();
    write_config(&env, "language = \"en\"\nformat = \"json\"\n");
    let out = env.run("whoami");
    assert_eq!(out.ok().json()["email"], ADMIN, "format json from the file");
    let out = env.run("--format table patient show 99999999");
    assert!(out.code(4).stderr.starts_with("error: "), "{}", out.stderr);
    assert!(
        out.stderr.contains("There is no patient") && out.stderr.contains("\nhint: "),
        "English from the file: {}",
        out.stderr
    );
    let mut cmd = env.command();
    cmd.env("SALUDYA_LANG", "es")
        .args(["--format", "table", "patient", "show", "99999999"]);
    let es = env.run_with_stdin(cmd, "");
    assert!(
        es.code(4).stderr.contains("\nsugerencia: "),
        "SALUDYA_LANG over the file: {}",
        es.stderr
    );
    let flag = env.run("--lang es --format table patient show 99999999");
    assert_eq!(flag.code(4).stderr, es.stderr, "--lang over the file");
    // The help follows the file's language too.
    assert!(
        env.run("patient --help")
            .ok()
            .stdout
            .contains("Usage: saludya patient")
    );
}

#[test]
fn a_file_that_is_not_valid_is_exit_2_naming_the_file_and_the_line() {
    let env = Env::admin();
    let before = env.dump();
    let file = config_file(&env);
    for (text, line) in [
        ("language = \"es\"\nformat = \"xml\"\n", 2),
        ("language = \"es\"\n\nlanguaje = \"en\"\n", 3),
        ("database = [\n", 1),
        (
            "format = \"json\"\ndatabase = \"postgresql://recepcion:s3cr3t-clave@db/clinica\"\n",
            2,
        ),
    ] {
        write_config(&env, text);
        let out = env.run("patient list");
        out.code(2);
        assert_eq!(out.stdout, "");
        assert!(
            out.stderr.starts_with(&format!(
                "error: El archivo de configuración {}, línea {line}, no es válido: ",
                file.display()
            )),
            "{text:?}: {}",
            out.stderr
        );
        assert!(out.stderr.contains("sugerencia:"), "{}", out.stderr);
        assert!(
            !out.stderr.contains("s3cr3t"),
            "a password is never repeated: {}",
            out.stderr
        );
        // --format json: the usual JSON error object.
        let json = env.run("--format json patient list");
        assert_eq!(json.code(2).json_err()["kind"], "invalid");
    }
    assert_eq!(env.dump(), before);
    // --help still works with a broken file.
    env.run("--help").ok();
}

#[test]
fn demo_keeps_to_its_own_file_whatever_the_config_says() {
    let env = Env::admin();
    let before = env.dump();
    write_config(&env, &format!("database = \"{}\"\n", env.db().display()));
    let out = run_without_db_env(&env, "--format json demo --patients 3", &[]);
    out.ok();
    assert!(
        env.dir
            .path()
            .join("data")
            .join("saludya")
            .join("demo.db")
            .exists(),
        "{}",
        out.stderr
    );
    assert_eq!(env.dump(), before, "the clinic's database is not touched by demo");
}
