//! The architecture rules that a test can keep (ARCHITECTURE.md): rule 2, the domain knows
//! nothing about its front ends; rule 5, a domain's SQL writes only its own tables.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The file's code without its test module (`#[cfg(test)]` to the end, or a `tests.rs`).
fn production_code(path: &Path) -> String {
    if path.file_name().is_some_and(|n| n == "tests.rs") {
        return String::new();
    }
    let text = std::fs::read_to_string(path).unwrap();
    match text.find("#[cfg(test)]") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

fn domain_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain")
}

#[test]
fn rule_2_the_domain_imports_no_front_end_crate_and_never_prints() {
    let mut found = Vec::new();
    for path in rust_files(&domain_dir()) {
        for (n, line) in production_code(&path).lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for banned in [
                "clap::",
                "ratatui",
                "crossterm",
                "comfy_table",
                "println!",
                "eprintln!",
                "print!(",
                "eprint!(",
            ] {
                if code.contains(banned) {
                    found.push(format!("{}:{}: {banned}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "front-end code in the domain:\n{}",
        found.join("\n")
    );
}

/// The table prefix each domain owns (rule 5; `db` checks every table has one).
const PREFIXES: [(&str, &str); 8] = [
    ("auth", "auth_"),
    ("patients", "user_"),
    ("catalog", "catalog_"),
    ("appointments", "appointment_"),
    ("orientation", "ai_"),
    ("payments", "payment_"),
    ("waitlist", "waitlist_"),
    ("audit", "audit_"),
];

/// The tables a piece of SQL writes: `INSERT [OR …] INTO t`, `UPDATE t`, `DELETE FROM t`,
/// `REPLACE INTO t`.
fn written_tables(code: &str) -> Vec<String> {
    let words: Vec<&str> = code
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let table = match *w {
            "INTO"
                if i > 0
                    && ["INSERT", "REPLACE", "IGNORE", "ABORT", "FAIL", "ROLLBACK"]
                        .contains(&words[i - 1]) =>
            {
                words.get(i + 1)
            }
            "UPDATE" => words.get(i + 1),
            "FROM" if i > 0 && words[i - 1] == "DELETE" => words.get(i + 1),
            _ => None,
        };
        if let Some(t) = table
            && t.contains('_')
        {
            out.push(t.to_string());
        }
    }
    out
}

#[test]
fn rule_5_a_domains_sql_writes_only_its_own_tables() {
    let mut found = Vec::new();
    let mut writes = 0;
    for (domain, prefix) in PREFIXES {
        for path in rust_files(&domain_dir().join(domain)) {
            for table in written_tables(&production_code(&path)) {
                writes += 1;
                if !table.starts_with(prefix) {
                    found.push(format!("{} ({domain}) writes {table}", path.display()));
                }
            }
        }
    }
    assert!(writes > 20, "the scan finds the domains' writes ({writes})");
    assert!(
        found.is_empty(),
        "a domain writes another's table:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_write_scan_reads_sql_as_written() {
    assert_eq!(
        written_tables("INSERT INTO user_patients (id) VALUES (?1); UPDATE auth_staff SET x = 1"),
        ["user_patients", "auth_staff"]
    );
    assert_eq!(
        written_tables("INSERT OR IGNORE INTO catalog_x VALUES (1); DELETE FROM payment_payments"),
        ["catalog_x", "payment_payments"]
    );
    assert!(written_tables("SELECT * FROM user_patients; ON CONFLICT DO UPDATE SET a = 1").is_empty());
}

/// The code that is neither a front end nor the edge's error: the domain, the cross-domain
/// flows and the demo generator.
fn inner_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    vec![root.join("domain"), root.join("flows"), root.join("demo")]
}

/// Whether `code` calls the `tr!` macro (not `include_str!` or another `…tr!`).
fn calls_tr(code: &str) -> bool {
    code.match_indices("tr!(").any(|(i, _)| {
        code[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
    })
}

/// Rule 4: inside, an error is a typed enum whose messages live in its `error.rs` (one match
/// per language); nothing else words an error with `tr!` or builds the edge's `AppError` by
/// hand (`AppError::from(SomeError::…)` is the conversion, and allowed).
#[test]
fn rule_4_errors_inside_are_typed_and_worded_only_in_their_error_rs() {
    let mut found = Vec::new();
    for dir in inner_dirs() {
        for path in rust_files(&dir) {
            if path.file_name().is_some_and(|n| n == "error.rs") {
                continue;
            }
            for (n, line) in production_code(&path).lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                let built = [
                    "new(",
                    "invalid(",
                    "not_found(",
                    "conflict(",
                    "unauthorized(",
                    "internal(",
                ]
                .iter()
                .any(|c| code.contains(&format!("AppError::{c}")));
                if calls_tr(code) || built {
                    found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "errors worded outside a typed error's error.rs:\n{}",
        found.join("\n")
    );
}

/// Rule 4: what the domain, the flows and the demo generator say names no `saludya` command
/// and no command-line flag; the CLI adds those as hints (`src/cli/errors.rs`).
#[test]
fn rule_4_no_cli_command_or_flag_in_messages_made_inside() {
    let mut found = Vec::new();
    for dir in inner_dirs() {
        for path in rust_files(&dir) {
            for (n, line) in production_code(&path).lines().enumerate() {
                let trimmed = line.trim_start();
                if trimmed.starts_with("//") {
                    continue;
                }
                // The odd pieces between quotes are string literals.
                for literal in line.split('"').skip(1).step_by(2) {
                    let flag = literal
                        .match_indices("--")
                        .any(|(i, _)| literal[i + 2..].starts_with(|c: char| c.is_ascii_lowercase()));
                    if flag || literal.contains("saludya ") {
                        found.push(format!("{}:{}: {literal}", path.display(), n + 1));
                    }
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "a CLI command or flag in a message made outside src/cli:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_tr_scan_tells_the_macro_from_include_str() {
    assert!(calls_tr("AppError::invalid(tr!(\"a\", \"b\"))"));
    assert!(calls_tr("tr!(\"a\", \"b\")"));
    assert!(!calls_tr("const A: &str = include_str!(\"../a.tsv\");"));
}
