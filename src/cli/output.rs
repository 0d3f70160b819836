//! stdout is data: tables on a terminal, JSON or CSV for scripts. stderr is talk.

use std::io::{IsTerminal, Write};

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

use super::Ctx;
use crate::error::AppResult;
use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// One column of a listing: a header in both languages and how to show a value as text.
pub struct Column<T> {
    pub es: &'static str,
    pub en: &'static str,
    value: Cell<T>,
}

/// How a column turns a value into text: the same in every language, or per language
/// (yes/no, status names). CSV always uses English, so scripts see stable words.
enum Cell<T> {
    Plain(fn(&T) -> String),
    Localized(fn(&T, Lang) -> String),
}

impl<T> Column<T> {
    pub const fn new(es: &'static str, en: &'static str, value: fn(&T) -> String) -> Self {
        Column {
            es,
            en,
            value: Cell::Plain(value),
        }
    }

    /// A column whose text depends on the language.
    pub const fn localized(es: &'static str, en: &'static str, value: fn(&T, Lang) -> String) -> Self {
        Column {
            es,
            en,
            value: Cell::Localized(value),
        }
    }

    fn text(&self, item: &T, lang: Lang) -> String {
        match self.value {
            Cell::Plain(f) => f(item),
            Cell::Localized(f) => f(item, lang),
        }
    }

    fn header(&self, lang: Lang) -> &'static str {
        lang.pick(self.es, self.en)
    }
}

fn new_table() -> Table {
    let mut table = Table::new();
    if std::io::stdout().is_terminal() {
        table
            .load_style(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic);
    } else {
        table.load_style(presets::ASCII_MARKDOWN);
    }
    table
}

/// Prints a list: a table, a JSON array of the serialized items, or CSV of the columns.
pub fn print_list<T: Serialize>(ctx: &Ctx, items: &[T], columns: &[Column<T>]) -> AppResult<()> {
    let mut out = std::io::stdout().lock();
    match ctx.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, items).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(columns.iter().map(|c| csv_header(c.header(Lang::En))))
                .map_err(csv_io)?;
            for item in items {
                w.write_record(columns.iter().map(|c| c.text(item, Lang::En)))
                    .map_err(csv_io)?;
            }
            w.flush()?;
        }
        Format::Table => {
            if items.is_empty() {
                ctx.note(ctx.lang.pick("(sin resultados)", "(no results)"));
                return Ok(());
            }
            let mut table = new_table();
            table.set_header(columns.iter().map(|c| c.header(ctx.lang)));
            for item in items {
                table.add_row(columns.iter().map(|c| c.text(item, ctx.lang)));
            }
            writeln!(out, "{table}")?;
        }
    }
    Ok(())
}

/// A CSV header from a column's English label: the snake_case key the label names in
/// parentheses ("Clinic (clinic_name)" → `clinic_name`), else its words joined by `_`
/// ("Time (UTC)" → `time_utc`, "Card/Ref." → `card_ref`, "Years of experience" →
/// `years_of_experience`).
fn csv_header(label: &str) -> String {
    if let (Some(open), Some(close)) = (label.rfind('('), label.rfind(')'))
        && open < close
    {
        let key = &label[open + 1..close];
        if !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            return key.to_string();
        }
    }
    label
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// Prints one record: a two-column table of fields, JSON of the item, or a one-row CSV.
pub fn print_one<T: Serialize>(ctx: &Ctx, item: &T, fields: &[Column<T>]) -> AppResult<()> {
    let mut out = std::io::stdout().lock();
    match ctx.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, item).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        Format::Csv => {
            drop(out);
            print_list(ctx, std::slice::from_ref(item), fields)?;
        }
        Format::Table => {
            let mut table = new_table();
            for f in fields {
                table.add_row(vec![f.header(ctx.lang).to_string(), f.text(item, ctx.lang)]);
            }
            writeln!(out, "{table}")?;
        }
    }
    Ok(())
}

/// Prints any serializable value as JSON (for `--format json` of composite results).
pub fn print_json<T: Serialize + ?Sized>(item: &T) -> AppResult<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, item).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

/// Prints plain lines of data to stdout.
pub fn print_line(line: &str) -> AppResult<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}")?;
    Ok(())
}

pub fn csv_io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// `Option<String>` shown in a table cell.
pub fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// "sí"/"yes" or "no".
pub fn yes_no(b: bool, lang: Lang) -> String {
    match (b, lang) {
        (true, Lang::Es) => "sí".to_string(),
        (true, Lang::En) => "yes".to_string(),
        (false, _) => "no".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::csv_header;

    #[test]
    fn csv_headers_are_plain_snake_case_keys() {
        for (label, header) in [
            ("Clinic (clinic_name)", "clinic_name"),
            ("Idle lock, min (idle_lock_minutes)", "idle_lock_minutes"),
            ("Currency (currency)", "currency"),
            ("Time (UTC)", "time_utc"),
            ("Created (UTC)", "created_utc"),
            ("Card/Ref.", "card_ref"),
            ("Years of experience", "years_of_experience"),
            ("Start", "start"),
            ("Doctor id", "doctor_id"),
        ] {
            assert_eq!(csv_header(label), header, "{label}");
        }
    }
}
