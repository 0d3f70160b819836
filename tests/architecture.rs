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
const PREFIXES: [(&str, &str); 6] = [
    ("auth", "auth_"),
    ("patients", "user_"),
    ("catalog", "catalog_"),
    ("appointments", "appointment_"),
    ("orientation", "ai_"),
    ("payments", "payment_"),
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
