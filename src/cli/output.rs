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
    /// How a table at a narrow width may treat the column.
    fit: Fit,
    /// 0: always shown; otherwise the column may be hidden when the table does not fit, the
    /// highest rank first (so rank 1 is hidden last).
    drop_rank: u8,
}

/// What a table may do to a column's cells when the terminal is narrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    /// Shown whole (identifiers, dates, amounts): never wrapped, never cut.
    Whole,
    /// Free text such as a name: cut with `…` down to a few columns.
    Shrink,
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
            fit: Fit::Whole,
            drop_rank: 0,
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
            fit: Fit::Whole,
            drop_rank: 0,
        }
    }

    /// A name or free text: at a narrow width it is cut with `…` (identifiers never are).
    pub const fn shrink(mut self) -> Self {
        self.fit = Fit::Shrink;
        self
    }

    /// The column may be hidden when the table does not fit: the highest rank goes first, rank
    /// 1 last. Columns without a rank are always shown.
    pub const fn optional(mut self, rank: u8) -> Self {
        self.drop_rank = rank;
        self
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

/// The width a table must fit in: on a terminal, its width (a terminal that reports none, such
/// as a plain `script` session, is taken from `COLUMNS`, else 80 columns); when stdout is not a
/// terminal, `COLUMNS` if set (the tests set it), else no limit (a file gets every column whole).
pub fn table_width() -> Option<usize> {
    let columns = || {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
            .filter(|&c| c > 0)
    };
    if std::io::stdout().is_terminal() {
        let reported = crossterm::terminal::size()
            .map(|(w, _)| usize::from(w))
            .unwrap_or(0);
        Some(if reported > 0 {
            reported
        } else {
            columns().unwrap_or(80)
        })
    } else {
        columns()
    }
}

fn new_table() -> Table {
    let mut table = Table::new();
    if std::io::stdout().is_terminal() {
        table.load_style(presets::UTF8_FULL_CONDENSED);
    } else {
        table.load_style(presets::ASCII_MARKDOWN);
    }
    table
}

/// Screen columns of a cell (its widest line).
fn text_width(text: &str) -> usize {
    text.lines()
        .map(unicode_width::UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
}

/// `text` cut to `width` screen columns, with `…` when something was cut.
pub fn ellipsize(text: &str, width: usize) -> String {
    if text_width(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        if c == '\n' {
            break;
        }
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// A name is cut below this width only when hiding optional columns was not enough.
const SHRINK_COMFORT: usize = 18;
/// The narrowest a name gets (its header is never cut).
const SHRINK_MIN: usize = 8;

/// What a table shows at a width: for each column, `None` (hidden) or the width of its cells.
/// A table with n columns takes 1 + Σ(width + 3) screen columns (a border, a space each side).
/// Names are first cut to a comfortable width and optional columns hidden (highest rank first,
/// rank 1 kept); if that is not enough, names are cut further and rank 1 may go too. A hidden
/// column that fits in the room left is shown again, and the rest goes back to the names. Whole columns are never cut: when they alone do not fit, the
/// table is wider than the terminal rather than cut.
fn fit_columns(natural: &[usize], columns: &[(Fit, u8, usize)], avail: usize) -> Vec<Option<usize>> {
    let need = |shown: &[bool], widths: &[usize]| -> usize {
        1 + shown
            .iter()
            .zip(widths)
            .filter(|(s, _)| **s)
            .map(|(_, w)| w + 3)
            .sum::<usize>()
    };
    let mut shown: Vec<bool> = vec![true; natural.len()];
    if need(&shown, natural) <= avail {
        return natural.iter().map(|&w| Some(w)).collect();
    }
    let mins = |least: usize| -> Vec<usize> {
        natural
            .iter()
            .zip(columns)
            .map(|(&n, &(fit, _, header))| match fit {
                Fit::Whole => n,
                Fit::Shrink => n.min(header.max(least)),
            })
            .collect()
    };
    let mut widths = Vec::new();
    for (least, lowest_rank) in [(SHRINK_COMFORT, 2), (SHRINK_MIN, 1)] {
        widths = mins(least);
        while need(&shown, &widths) > avail {
            let victim = (0..natural.len())
                .filter(|&i| shown[i] && columns[i].1 >= lowest_rank)
                .max_by_key(|&i| (columns[i].1, i));
            match victim {
                Some(i) => shown[i] = false,
                None => break,
            }
        }
        if need(&shown, &widths) <= avail {
            break;
        }
    }
    // Hiding a wide column may leave room for a narrower one hidden before it (names keeping
    // their comfortable width).
    let comfortable = mins(SHRINK_COMFORT);
    let mut hidden: Vec<usize> = (0..natural.len()).filter(|&i| !shown[i]).collect();
    hidden.sort_by_key(|&i| (columns[i].1, i));
    for i in hidden {
        shown[i] = true;
        if need(&shown, &comfortable) > avail {
            shown[i] = false;
        }
    }
    let mut room = avail.saturating_sub(need(&shown, &widths));
    while room > 0 {
        let mut gave = false;
        for i in 0..widths.len() {
            if room > 0 && shown[i] && widths[i] < natural[i] {
                widths[i] += 1;
                room -= 1;
                gave = true;
            }
        }
        if !gave {
            break;
        }
    }
    shown.iter().zip(widths).map(|(&s, w)| s.then_some(w)).collect()
}

/// The table of a list at the terminal's width (`--wide`: every column whole), and how many
/// columns it had to hide.
fn list_table<T>(ctx: &Ctx, items: &[T], columns: &[Column<T>]) -> (Table, Vec<&'static str>) {
    let headers: Vec<&'static str> = columns.iter().map(|c| c.header(ctx.lang)).collect();
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|item| columns.iter().map(|c| c.text(item, ctx.lang)).collect())
        .collect();
    let natural: Vec<usize> = (0..columns.len())
        .map(|i| {
            rows.iter()
                .map(|r| text_width(&r[i]))
                .chain(std::iter::once(text_width(headers[i])))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let policy: Vec<(Fit, u8, usize)> = columns
        .iter()
        .zip(&headers)
        .map(|(c, h)| (c.fit, c.drop_rank, text_width(h)))
        .collect();
    let widths = match (ctx.wide, table_width()) {
        (false, Some(avail)) => fit_columns(&natural, &policy, avail),
        _ => natural.iter().map(|&w| Some(w)).collect(),
    };
    let mut table = new_table();
    table.set_content_arrangement(ContentArrangement::Disabled);
    table.set_header(
        headers
            .iter()
            .zip(&widths)
            .filter(|(_, w)| w.is_some())
            .map(|(h, _)| *h),
    );
    for row in &rows {
        table.add_row(
            row.iter()
                .zip(&widths)
                .filter_map(|(cell, w)| w.map(|w| ellipsize(cell, w))),
        );
    }
    let hidden = headers
        .iter()
        .zip(&widths)
        .filter(|(_, w)| w.is_none())
        .map(|(h, _)| *h)
        .collect();
    (table, hidden)
}

/// Prints a list: a table, a JSON array of the serialized items, or CSV of the columns.
pub fn print_list<T: Serialize>(ctx: &Ctx, items: &[T], columns: &[Column<T>]) -> AppResult<()> {
    let mut out = crate::cli::sink::stdout();
    match ctx.format {
        Format::Json => {
            drop(out);
            print_json(items)?;
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
            let (table, hidden) = list_table(ctx, items, columns);
            writeln!(out, "{table}")?;
            drop(out);
            if !hidden.is_empty() {
                ctx.tell(&hidden_note(&hidden));
            }
        }
    }
    Ok(())
}

/// "3 columnas ocultas (Precio, CMP, Id): amplíe la terminal o use --wide / --format csv".
fn hidden_note(hidden: &[&str]) -> crate::i18n::Text {
    let n = hidden.len();
    let names = hidden.join(", ");
    if n == 1 {
        crate::tr!(
            "1 columna oculta ({}): amplíe la terminal o use --wide / --format csv",
            "1 column hidden ({}): widen the terminal or use --wide / --format csv",
            names
        )
    } else {
        crate::tr!(
            "{} columnas ocultas ({}): amplíe la terminal o use --wide / --format csv",
            "{} columns hidden ({}): widen the terminal or use --wide / --format csv",
            n,
            names
        )
    }
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
    let mut out = crate::cli::sink::stdout();
    match ctx.format {
        Format::Json => {
            drop(out);
            print_json(item)?;
        }
        Format::Csv => {
            drop(out);
            print_list(ctx, std::slice::from_ref(item), fields)?;
        }
        Format::Table => {
            let mut table = new_table();
            if let (false, Some(width)) = (ctx.wide, table_width()) {
                table
                    .set_content_arrangement(ContentArrangement::Dynamic)
                    .set_width(u16::try_from(width).unwrap_or(u16::MAX));
            }
            for f in fields {
                table.add_row(vec![f.header(ctx.lang).to_string(), f.text(item, ctx.lang)]);
            }
            writeln!(out, "{table}")?;
        }
    }
    Ok(())
}

/// Prints any serializable value as JSON (every `--format json` listing and record). Through a
/// buffer: the process's stdout is line-buffered even into a pipe, and pretty JSON is one short
/// line per field, so a patient's history of 1,032 appointments was 45,412 `write` calls
/// (2.2 x `sqlite3 -json` of the same rows; now one call per 64 KiB).
pub fn print_json<T: Serialize + ?Sized>(item: &T) -> AppResult<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, crate::cli::sink::stdout());
    serde_json::to_writer_pretty(&mut out, item).map_err(std::io::Error::from)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

/// Writes bytes as they are to stdout (a man page, a script).
pub fn print_raw(bytes: &[u8]) -> AppResult<()> {
    let mut out = crate::cli::sink::stdout();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(())
}

/// Prints plain lines of data to stdout.
pub fn print_line(line: &str) -> AppResult<()> {
    let mut out = crate::cli::sink::stdout();
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

    const ID: (Fit, u8, usize) = (Fit::Whole, 0, 2);
    const NAME: (Fit, u8, usize) = (Fit::Shrink, 0, 6);

    fn total(widths: &[Option<usize>]) -> usize {
        1 + widths.iter().flatten().map(|w| w + 3).sum::<usize>()
    }

    #[test]
    fn a_table_that_fits_is_left_whole() {
        let natural = [36, 20, 9];
        let policy = [ID, NAME, (Fit::Whole, 1, 6)];
        assert_eq!(
            fit_columns(&natural, &policy, 200),
            vec![Some(36), Some(20), Some(9)]
        );
        assert_eq!(total(&fit_columns(&natural, &policy, 75)), 75);
    }

    #[test]
    fn names_shrink_then_optional_columns_go_highest_rank_first_and_ids_stay_whole() {
        // id 36, name 30, price (rank 3) 9, rating (rank 4) 10, doctor id (rank 1) 36.
        let natural = [36, 30, 9, 10, 36];
        let policy = [
            ID,
            NAME,
            (Fit::Whole, 3, 6),
            (Fit::Whole, 4, 10),
            (Fit::Whole, 1, 9),
        ];
        for avail in 40..160 {
            let fitted = fit_columns(&natural, &policy, avail);
            assert_eq!(fitted[0], Some(36), "{avail}: the id is never cut");
            for (i, w) in fitted.iter().enumerate() {
                if let Some(w) = w
                    && policy[i].0 == Fit::Whole
                {
                    assert_eq!(*w, natural[i], "{avail}: whole columns keep their width");
                }
            }
            if total(&fitted) > avail {
                // Only when nothing optional is left to hide.
                assert_eq!(fitted[2..], [None, None, None], "{avail}");
                assert_eq!(fitted[1], Some(8), "{avail}: the name at its least");
            }
        }
        // At 100: the name is cut to 18, rating (rank 4) goes first, then price; the doctor
        // id stays (rank 1).
        assert_eq!(
            fit_columns(&natural, &policy, 100),
            vec![Some(36), Some(18), None, None, Some(36)]
        );
        // At 60: even the rank-1 column goes; the name gets the room left.
        assert_eq!(
            fit_columns(&natural, &policy, 60),
            vec![Some(36), Some(17), None, None, None]
        );
        // A hidden narrow column comes back when hiding a wide one left room for it.
        assert_eq!(
            fit_columns(&natural, &policy, 73),
            vec![Some(36), Some(18), Some(9), None, None]
        );
    }

    #[test]
    fn ellipsize_counts_screen_columns() {
        assert_eq!(ellipsize("María de los Ángeles", 8), "María d…");
        assert_eq!(ellipsize("Peña", 8), "Peña");
        assert_eq!(ellipsize("日本語テキスト", 6), "日本…");
        assert!(unicode_width::UnicodeWidthStr::width(ellipsize("日本語テキスト", 6).as_str()) <= 6);
    }

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
