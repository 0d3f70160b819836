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

/// One column of a listing: its CSV key (stable English snake_case, the header scripts read),
/// a header in both languages for tables, and how to show a value as text.
pub struct Column<T> {
    pub key: &'static str,
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
    pub const fn new(key: &'static str, es: &'static str, en: &'static str, value: fn(&T) -> String) -> Self {
        Column {
            key,
            es,
            en,
            value: Cell::Plain(value),
        }
    }

    /// A column whose text depends on the language.
    pub const fn localized(
        key: &'static str,
        es: &'static str,
        en: &'static str,
        value: fn(&T, Lang) -> String,
    ) -> Self {
        Column {
            key,
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
            let mut w = CsvOut::new(out, b',');
            w.row(columns.iter().map(|c| c.key))?;
            for item in items {
                for c in columns {
                    w.field(&c.text(item, Lang::En))?;
                }
                w.end_row()?;
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

/// The one CSV writer (every `--format csv` listing and `export appointments`): RFC 4180 through
/// the csv crate, with the formula guard on every cell. A cell a spreadsheet would run as a
/// formula (first character `=`, `+`, `-`, `@`, tab or CR) gets a leading apostrophe (OWASP "CSV
/// injection"); a plain number ("-12.50", "-3,00") stays a number.
pub struct CsvOut<W: Write> {
    w: csv::Writer<W>,
    scratch: String,
}

impl<W: Write> CsvOut<W> {
    pub fn new(out: W, delimiter: u8) -> Self {
        CsvOut {
            w: csv::WriterBuilder::new()
                .delimiter(delimiter)
                .buffer_capacity(1 << 16)
                .from_writer(out),
            scratch: String::new(),
        }
    }

    /// One cell of the current row, guarded.
    pub fn field(&mut self, cell: &str) -> AppResult<()> {
        if runs_as_formula(cell) {
            self.scratch.clear();
            self.scratch.push('\'');
            self.scratch.push_str(cell);
            self.w.write_field(&self.scratch).map_err(csv_io)?;
        } else {
            self.w.write_field(cell).map_err(csv_io)?;
        }
        Ok(())
    }

    /// Ends the current row.
    pub fn end_row(&mut self) -> AppResult<()> {
        self.w.write_record(None::<&[u8]>).map_err(csv_io)?;
        Ok(())
    }

    /// A whole row.
    pub fn row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) -> AppResult<()> {
        for cell in cells {
            self.field(cell)?;
        }
        self.end_row()
    }

    pub fn flush(&mut self) -> AppResult<()> {
        self.w.flush()?;
        Ok(())
    }
}

/// True when a spreadsheet would read `cell` as a formula (and it is not a plain number).
pub fn runs_as_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(cell)
}

/// "-12", "+51987654321", "-12.50", "-3,00": a sign, digits and at most one decimal separator.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let mut separators = 0;
    !digits.is_empty()
        && digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.chars().all(|c| {
            if c == '.' || c == ',' {
                separators += 1;
                separators == 1
            } else {
                c.is_ascii_digit()
            }
        })
        && !digits.ends_with(['.', ','])
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
    use super::*;

    #[test]
    fn every_cell_a_spreadsheet_would_run_is_defused_and_numbers_stay_numbers() {
        let mut out = Vec::new();
        {
            let mut w = CsvOut::new(&mut out, b',');
            for cell in [
                "=HYPERLINK(\"http://x\")",
                "+1+1",
                "-2+3",
                "@SUM(A1)",
                "\tx",
                "\rx",
                "-12.50",
                "-3,00",
                "+51987654321",
                "-",
                "Ana",
            ] {
                w.field(cell).unwrap();
            }
            w.end_row().unwrap();
            w.flush().unwrap();
        }
        let line = String::from_utf8(out).unwrap();
        assert_eq!(
            line,
            "\"'=HYPERLINK(\"\"http://x\"\")\",'+1+1,'-2+3,'@SUM(A1),'\tx,\"'\rx\",-12.50,\"-3,00\",+51987654321,'-,Ana\n"
        );
    }
}
