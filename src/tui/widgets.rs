//! Small building blocks shared by the screens: an editable text field and the way a form row
//! is drawn (label, value, inline message next to the field).

use ratatui::Frame;
use ratatui::layout::{Constraint, Position, Rect};
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::action::Action;
use super::theme;

/// A one-line text field. The cursor is a char index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextField {
    pub value: String,
    pub cursor: usize,
    pub max_chars: usize,
}

impl TextField {
    pub fn new(max_chars: usize) -> TextField {
        TextField {
            value: String::new(),
            cursor: 0,
            max_chars,
        }
    }

    pub fn with(value: &str, max_chars: usize) -> TextField {
        TextField {
            value: value.to_string(),
            cursor: value.chars().count(),
            max_chars,
        }
    }

    pub fn set(&mut self, value: &str) {
        self.value = value.to_string();
        self.cursor = value.chars().count();
    }

    pub fn clear(&mut self) {
        self.value.clear();
        self.cursor = 0;
    }

    pub fn is_empty(&self) -> bool {
        self.value.trim().is_empty()
    }

    fn byte_at(&self, char_index: usize) -> usize {
        self.value
            .char_indices()
            .nth(char_index)
            .map_or(self.value.len(), |(i, _)| i)
    }

    /// Applies an editing action; returns whether the value changed.
    pub fn edit(&mut self, action: Action) -> bool {
        let len = self.value.chars().count();
        match action {
            Action::Char(c) => {
                if len >= self.max_chars {
                    return false;
                }
                let at = self.byte_at(self.cursor);
                self.value.insert(at, c);
                self.cursor += 1;
                true
            }
            Action::Backspace if self.cursor > 0 => {
                let at = self.byte_at(self.cursor - 1);
                self.value.remove(at);
                self.cursor -= 1;
                true
            }
            Action::Delete if self.cursor < len => {
                let at = self.byte_at(self.cursor);
                self.value.remove(at);
                true
            }
            Action::ClearField if !self.value.is_empty() => {
                self.clear();
                true
            }
            Action::Left => {
                self.cursor = self.cursor.saturating_sub(1);
                false
            }
            Action::Right => {
                self.cursor = (self.cursor + 1).min(len);
                false
            }
            Action::Home => {
                self.cursor = 0;
                false
            }
            Action::End => {
                self.cursor = len;
                false
            }
            _ => false,
        }
    }
}

/// Pasted text for a one-line field: each line break (CR, LF, CRLF) and tab becomes one
/// space, other control characters are dropped. Line breaks at the very end (a whole line
/// copied) are dropped too.
pub fn one_line(text: &str) -> String {
    let text = text.trim_end_matches(['\r', '\n']);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(' ');
            }
            '\n' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// How a field's value is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mask {
    Plain,
    /// Every character as `•` (passwords).
    All,
    /// Only the last four digits visible (card numbers).
    AllButLast4,
}

pub fn masked(value: &str, mask: Mask) -> String {
    match mask {
        Mask::Plain => value.to_string(),
        Mask::All => "•".repeat(value.chars().count()),
        Mask::AllButLast4 => {
            let n = value.chars().count();
            value
                .chars()
                .enumerate()
                .map(|(i, c)| if i + 4 < n && c.is_ascii_digit() { '•' } else { c })
                .collect()
        }
    }
}

/// One form row: `Label: [value     ]  message`. Places the terminal cursor in the focused
/// field. `label_width` aligns the fields of one form.
#[allow(clippy::too_many_arguments)]
pub fn field_row(
    frame: &mut Frame,
    area: Rect,
    label: &str,
    label_width: u16,
    field: &TextField,
    mask: Mask,
    focused: bool,
    message: Option<(&str, bool)>,
) {
    if area.height == 0 {
        return;
    }
    let field_width = field_width(field, area.width).min(area.width.saturating_sub(label_width + 2));
    let [label_area, field_area, msg_area] = area.layout(&ratatui::layout::Layout::horizontal([
        Constraint::Length(label_width + 2),
        Constraint::Length(field_width),
        Constraint::Min(0),
    ]));
    let style = if focused { theme::FIELD_FOCUS } else { theme::FIELD };
    frame.render_widget(
        Line::from(Span::styled(format!("{label}:"), theme::LABEL)),
        label_area,
    );
    let shown = masked(&field.value, mask);
    let visible_from = field
        .cursor
        .saturating_sub(field_width.saturating_sub(1) as usize);
    let visible: String = shown.chars().skip(visible_from).collect();
    let pad = (field_width as usize).saturating_sub(visible.chars().count());
    frame.render_widget(
        Line::from(Span::styled(format!("{visible}{}", " ".repeat(pad)), style)),
        field_area,
    );
    if focused {
        let x = field_area.x + (field.cursor - visible_from) as u16;
        frame.set_cursor_position(Position::new(
            x.min(field_area.right().saturating_sub(1)),
            field_area.y,
        ));
    }
    if let Some((msg, is_error)) = message {
        let (symbol, style) = if is_error {
            ("✗ ", theme::ERROR)
        } else {
            ("✓ ", theme::OK)
        };
        let msg_area = msg_area.inner(ratatui::layout::Margin::new(1, 0));
        let room = (msg_area.width as usize).saturating_sub(2);
        frame.render_widget(
            Line::from(vec![
                Span::styled(symbol, style),
                Span::styled(ellipsis(msg, room), style),
            ]),
            msg_area,
        );
    }
}

/// Word-wraps `text` into lines of at most `cols` screen columns, as char ranges
/// `(start, end)`: a line break at a space leaves the space out of both lines; a word longer
/// than a line is split. The cursor at char index `c` sits on the last line with `start <= c`.
pub fn wrap_ranges(text: &str, cols: usize) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let cols = cols.max(1);
    let w = |c: char| UnicodeWidthChar::width(c).unwrap_or(0);
    let mut out = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let mut used = 0;
        let mut end = start;
        let mut last_space = None;
        while end < chars.len() && used + w(chars[end]) <= cols {
            if chars[end] == ' ' {
                last_space = Some(end);
            }
            used += w(chars[end]);
            end += 1;
        }
        if end == chars.len() {
            out.push((start, end));
            return out;
        }
        match last_space {
            // Break at the last space: it belongs to neither line.
            Some(sp) if sp > start => {
                out.push((start, sp));
                start = sp + 1;
            }
            _ if chars[end] == ' ' => {
                out.push((start, end));
                start = end + 1;
            }
            _ => {
                out.push((start, end.max(start + 1)));
                start = end.max(start + 1);
            }
        }
    }
    if out.is_empty() {
        out.push((0, 0));
    }
    out
}

/// The (row, column) of the cursor at char index `cursor` in `text` wrapped by [`wrap_ranges`]
/// into `cols` columns: where the next character goes (the start of the next row when the
/// line is full).
pub fn wrapped_cursor(text: &str, ranges: &[(usize, usize)], cursor: usize, cols: usize) -> (usize, usize) {
    let row = ranges.iter().rposition(|(s, _)| *s <= cursor).unwrap_or(0);
    let (start, _) = ranges[row];
    let col = text
        .chars()
        .skip(start)
        .take(cursor.saturating_sub(start))
        .map(|c| UnicodeWidthChar::width(c).unwrap_or(0))
        .sum();
    if col >= cols.max(1) {
        (row + 1, 0)
    } else {
        (row, col)
    }
}

/// A muted hint right after a field drawn by [`field_row`] in `area` (what to type there).
pub fn hint_after(frame: &mut Frame, area: Rect, label_width: u16, field: &TextField, hint: &str) {
    let x = area.x + label_width + 2 + field_width(field, area.width) + 1;
    if x < area.right() {
        let room = usize::from(area.right() - x);
        frame.render_widget(
            Line::from(Span::styled(ellipsis(hint, room), theme::MUTED)),
            Rect::new(x, area.y, area.right() - x, 1),
        );
    }
}

/// How wide a field is drawn: room for its longest value, within a third of the screen, but
/// never narrower than what it holds now (plus the cursor) when the screen allows it.
pub fn field_width(field: &TextField, screen_width: u16) -> u16 {
    let held = field.value.chars().count() as u16 + 1;
    let cap = (screen_width / 3).max(8).max(held);
    (field.max_chars.min(u16::MAX as usize) as u16)
        .saturating_add(1)
        .clamp(8, cap)
}

/// Columns `text` takes on screen (accents take none of their own, CJK and emoji two).
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` cut to at most `max` columns, with `…` when cut (measured in screen columns, so wide
/// characters and combining accents line up).
pub fn ellipsis(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        used += w;
        out.push(c);
    }
    if max > 0 {
        out.push('…');
    }
    out
}

/// `text` padded with spaces (or cut with `…`) to exactly `cols` columns.
pub fn fit(text: &str, cols: usize) -> String {
    let cut = ellipsis(text, cols);
    let pad = cols.saturating_sub(width(&cut));
    format!("{cut}{}", " ".repeat(pad))
}

/// One line of a fixed-width table: each cell fitted to its width ([`fit`]), one space between.
pub fn fitted_row(cells: &[(&str, usize)]) -> String {
    cells
        .iter()
        .map(|(text, cols)| fit(text, *cols))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A dialog box over `area`: at most 72 columns wide, tall enough for every line once wrapped
/// (the keys at the bottom must show), `title` in its border of `style`. No trimming: menu
/// entries line up by their leading spaces.
pub fn dialog(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line>, style: ratatui::style::Style) {
    use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
    let w = 72.min(area.width);
    let inner_w = usize::from(w.saturating_sub(2)).max(1);
    let rows: usize = lines
        .iter()
        .map(|l| width(&l.to_string()).div_ceil(inner_w).max(1))
        .sum();
    let r = centered(area, w, rows as u16 + 2);
    frame.render_widget(Clear, r);
    let title = ellipsis(title, usize::from(w.saturating_sub(4)));
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(style)
                .title(format!(" {title} ")),
        ),
        r,
    );
}

/// A rectangle of at most `w`×`h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_handles_multibyte_text_and_limits() {
        let mut f = TextField::new(5);
        for c in "Peña".chars() {
            f.edit(Action::Char(c));
        }
        assert_eq!(f.value, "Peña");
        f.edit(Action::Left);
        f.edit(Action::Backspace);
        assert_eq!(f.value, "Pea");
        f.edit(Action::Home);
        f.edit(Action::Delete);
        assert_eq!(f.value, "ea");
        for c in "xyzw".chars() {
            f.edit(Action::Char(c));
        }
        assert_eq!(f.value.chars().count(), 5, "max_chars holds");
        f.edit(Action::ClearField);
        assert!(f.is_empty());
    }

    #[test]
    fn a_field_is_drawn_wide_enough_for_what_it_holds() {
        let email = TextField::with("recepcion@saludya.demo", 254);
        assert_eq!(field_width(&email, 66), 23, "22 characters and the cursor");
        assert_eq!(field_width(&TextField::new(254), 66), 22, "a third of the screen");
        assert_eq!(field_width(&TextField::new(3), 120), 8, "never tiny");
    }

    #[test]
    fn a_paste_becomes_one_line() {
        assert_eq!(one_line("hola\nqué tal\r\nbien\rya"), "hola qué tal bien ya");
        assert_eq!(one_line("a\tb\u{1b}[201~c"), "a b[201~c");
        assert_eq!(one_line("clave secreta\r\n"), "clave secreta", "a copied line");
    }

    #[test]
    fn ellipsis_measures_screen_columns() {
        assert_eq!(ellipsis("Peña Núñez", 10), "Peña Núñez");
        assert_eq!(ellipsis("Peña Núñez, José", 10), "Peña Núñe…");
        assert_eq!(
            width(&ellipsis("王小明 García", 6)),
            5,
            "a wide character is not split"
        );
        assert_eq!(ellipsis("王小明 García", 6), "王小…");
        assert_eq!(fit("Ana", 5), "Ana  ");
        assert_eq!(width(&fit("Quispe Mamani, Carlos", 8)), 8);
    }

    #[test]
    fn wrapping_keeps_words_and_places_the_cursor_where_the_next_character_goes() {
        let text = "me duele la cabeza";
        let r = wrap_ranges(text, 10);
        let lines: Vec<String> = r
            .iter()
            .map(|(s, e)| text.chars().skip(*s).take(e - s).collect())
            .collect();
        assert_eq!(lines, ["me duele", "la cabeza"]);
        assert_eq!(
            wrapped_cursor(text, &r, 18, 10),
            (1, 9),
            "after the last character"
        );
        assert_eq!(
            wrapped_cursor(text, &r, 9, 10),
            (1, 0),
            "the first character of line 2"
        );
        assert_eq!(
            wrapped_cursor(text, &r, 8, 10),
            (0, 8),
            "before the break's space"
        );
        let long = "abcdefghijklmno";
        assert_eq!(wrap_ranges(long, 10), [(0, 10), (10, 15)], "a long word is split");
        assert_eq!(wrapped_cursor(long, &wrap_ranges(long, 10), 10, 10), (1, 0));
        let r = wrap_ranges("uno dos ", 4);
        assert_eq!(
            wrapped_cursor("uno dos ", &r, 8, 4),
            (2, 0),
            "after a final space"
        );
        assert_eq!(wrap_ranges("", 10), [(0, 0)]);
    }

    #[test]
    fn masks() {
        assert_eq!(masked("secreto", Mask::All), "•••••••");
        assert_eq!(masked("4111111111111111", Mask::AllButLast4), "••••••••••••1111");
        assert_eq!(masked("4111 1111", Mask::AllButLast4), "•••• 1111");
        assert_eq!(masked("123", Mask::AllButLast4), "123");
    }
}
