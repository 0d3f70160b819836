//! Resumen (F6): the day at a glance for the end of the day and the clinic's manager, drawn from
//! the same read model as `saludya report day` (`domain::report::day`): appointments per doctor
//! as a bar chart (booked / paid / attended / no-show), the occupancy of each doctor's schedule
//! as gauges, the day's takings with the net (the cash close's own figures) and the no-show
//! rate of the last 30 days as a sparkline. Keyboard only: ←→ change the day, Ctrl-T back to
//! today, ↑↓ (PgUp/PgDn, Home) bring more doctors into view. Any staff member may open it, as
//! any may run `payment close`.

use chrono::{Duration, NaiveDate};
use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, LineGauge, Paragraph, Sparkline, Wrap};

use super::View;
use crate::domain::report::day::{self, DaySummary, DoctorDay};
use crate::tui::action::{Action, Tab};
use crate::tui::app::{Desk, Nav};
use crate::tui::keymap::{Binding, Keymap, alias, bind, ctrl, key};
use crate::tui::strings::{self, Summary};
use crate::tui::theme;
use crate::tui::widgets::{ellipsis, fit, width};

pub struct State {
    pub date: NaiveDate,
    pub summary: Option<DaySummary>,
    /// The doctors in screen order (indexes into `summary.doctors`): those with appointments
    /// first, then those with only a schedule, each by name.
    pub order: Vec<usize>,
    /// How many of `order` have appointments (the chart shows only those).
    pub busy: usize,
    /// The first doctor shown in the gauges (and in the chart, as far as it has doctors).
    pub offset: usize,
}

static KEYS: &[Binding] = &[
    bind(key(KeyCode::Right), "←→", Action::NextDay, |s| s.h_day),
    alias(key(KeyCode::Left), Action::PrevDay),
    bind(key(KeyCode::Down), "↑↓", Action::Down, |s| s.h_scroll_doctors),
    alias(key(KeyCode::Up), Action::Up),
    alias(key(KeyCode::PageDown), Action::PageDown),
    alias(key(KeyCode::PageUp), Action::PageUp),
    alias(key(KeyCode::Home), Action::First),
    bind(ctrl('t'), "Ctrl-T", Action::Today, |s| s.h_today),
];

/// Doctors a page of ↑↓ moves by.
const PAGE: usize = 5;

/// The four bars' colours (booked, paid, attended, no-show). Never colour alone: each bar has
/// its letter under it, in the legend's order.
const BAR_STYLES: [Style; 4] = [
    Style::new().fg(Color::Cyan),
    Style::new().fg(Color::Green),
    Style::new().fg(Color::Blue),
    Style::new().fg(Color::Red),
];

fn percent(r: Option<f64>) -> String {
    r.map(|r| format!("{:.0} %", r * 100.0))
        .unwrap_or_else(|| "–".into())
}

/// "R.Quispe": the first name's initial and the first surname, for a group of bars.
fn short_name(d: &DoctorDay) -> String {
    let mut words = d.doctor_name.split_whitespace();
    let first = words.next().unwrap_or("");
    // Full names are "first [second] last [second last]": the surname is the second-to-last
    // word of four, else the last but one of three, else the last.
    let all: Vec<&str> = d.doctor_name.split_whitespace().collect();
    let surname = match all.len() {
        0 | 1 => first,
        2 => all[1],
        n => all[n - 2],
    };
    match first.chars().next() {
        Some(c) if surname != first => format!("{c}.{surname}"),
        _ => surname.to_string(),
    }
}

impl State {
    pub fn new(desk: &mut Desk) -> State {
        let mut st = State {
            date: desk.local_now().date(),
            summary: None,
            order: Vec::new(),
            busy: 0,
            offset: 0,
        };
        st.load(desk);
        st
    }

    fn load(&mut self, desk: &mut Desk) {
        match day::day_summary(&desk.conn, self.date, &desk.settings) {
            Ok(summary) => {
                let busy = |d: &DoctorDay| d.counts.booked + d.counts.cancelled > 0;
                let mut order: Vec<usize> = (0..summary.doctors.len())
                    .filter(|&i| busy(&summary.doctors[i]))
                    .collect();
                self.busy = order.len();
                order.extend((0..summary.doctors.len()).filter(|&i| !busy(&summary.doctors[i])));
                self.order = order;
                self.offset = self.offset.min(self.order.len().saturating_sub(1));
                self.summary = Some(summary);
            }
            Err(e) => desk.fail(&e),
        }
    }

    /// The doctors in screen order.
    pub fn doctors(&self) -> Vec<&DoctorDay> {
        match &self.summary {
            Some(s) => self.order.iter().map(|&i| &s.doctors[i]).collect(),
            None => Vec::new(),
        }
    }
}

impl View for State {
    fn keymap(&self) -> Keymap {
        Keymap {
            bindings: KEYS,
            text: false,
        }
    }

    fn update(&mut self, desk: &mut Desk, action: Action) -> Nav {
        let last = self.order.len().saturating_sub(1);
        match action {
            Action::NextDay | Action::PrevDay | Action::Today => {
                self.date = match action {
                    Action::NextDay => self.date + Duration::days(1),
                    Action::PrevDay => self.date - Duration::days(1),
                    _ => desk.local_now().date(),
                };
                self.offset = 0;
                self.load(desk);
            }
            Action::Down => self.offset = (self.offset + 1).min(last),
            Action::Up => self.offset = self.offset.saturating_sub(1),
            Action::PageDown => self.offset = (self.offset + PAGE).min(last),
            Action::PageUp => self.offset = self.offset.saturating_sub(PAGE),
            Action::First => self.offset = 0,
            Action::Back => return Nav::Back,
            _ => {}
        }
        Nav::Stay
    }

    fn refresh(&mut self, desk: &mut Desk) {
        self.load(desk);
    }

    fn tab(&self) -> Option<Tab> {
        Some(Tab::Summary)
    }

    fn render(&self, desk: &Desk, frame: &mut Frame, area: Rect) {
        let t = strings::summary(desk.lang);
        let c = self.summary.as_ref().map(|s| s.totals);
        let totals_text = c.map(|c| {
            (t.totals)(
                c.booked,
                c.paid,
                c.attended,
                c.no_show,
                c.cancelled,
                &percent(c.occupancy),
            )
        });
        let totals_h = match &totals_text {
            Some(text) if width(text) > usize::from(area.width) => 2,
            _ => 1,
        };
        let [head, totals, body] = area.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(totals_h),
            Constraint::Min(0),
        ]));
        let day = crate::domain::report::template::date_words(self.date, desk.lang);
        let mut title = vec![Span::styled(
            format!("{} ({})", (t.title)(&day), self.date.format("%d/%m/%Y")),
            theme::LABEL,
        )];
        if self.date == desk.local_now().date() {
            title.push(Span::styled(format!(" · {}", t.today), theme::OK));
        }
        frame.render_widget(Line::from(title), head);
        let (Some(summary), Some(totals_text)) = (&self.summary, totals_text) else {
            return;
        };
        frame.render_widget(
            Paragraph::new(totals_text)
                .wrap(Wrap { trim: true })
                .style(theme::MUTED),
            totals,
        );
        let spark_h = if body.height >= 30 { 5 } else { 3 };
        let rest = body.height.saturating_sub(spark_h);
        let middle_h = (rest * 2 / 5).max(8).min(rest);
        let [chart, middle, spark] = body.layout(&Layout::vertical([
            Constraint::Min(0),
            Constraint::Length(middle_h),
            Constraint::Length(spark_h),
        ]));
        let [occupancy, takings] = middle.layout(&Layout::horizontal([
            Constraint::Percentage(50),
            Constraint::Percentage(50),
        ]));
        self.render_chart(t, frame, chart);
        self.render_occupancy(t, frame, occupancy);
        render_takings(desk, t, summary, frame, takings);
        render_no_shows(t, summary, frame, spark);
    }
}

fn block(title: String) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme::BORDER)
        .title(Span::styled(format!(" {title} "), theme::LABEL))
}

impl State {
    /// The part of the first `n` doctors a panel holding `fits` of them shows from the offset
    /// (the last page when the offset is past them), and the "1–7 de 12" of its title.
    fn window(&self, t: &Summary, n: usize, fits: usize) -> (usize, usize, String) {
        let from = self.offset.min(n.saturating_sub(fits));
        let to = (from + fits).min(n);
        let text = if n == 0 {
            String::new()
        } else {
            (t.window)(from + 1, to, n)
        };
        (from, to, text)
    }

    fn render_chart(&self, t: &Summary, frame: &mut Frame, area: Rect) {
        let all = self.doctors();
        let doctors = &all[..self.busy.min(all.len())];
        // Bars two columns wide with a column after each (two-digit values stay apart) and one
        // more between doctors. ratatui's chart takes 4 × (2 + 1) + 1 = 13 columns per doctor
        // and draws a group when more than its 11 columns of bars are left.
        let bar_w: u16 = 2;
        let inner_w = area.width.saturating_sub(2);
        let fits = usize::from(inner_w.saturating_sub(12) / 13 + 1);
        let (from, to, window) = self.window(t, doctors.len(), fits);
        let title = if window.is_empty() {
            t.chart.to_string()
        } else {
            format!("{} ({window})", t.chart)
        };
        let outer = block(title).title_bottom(Span::styled(format!(" {} ", t.legend), theme::MUTED));
        if doctors.is_empty() {
            let text = if all.is_empty() { t.none } else { t.no_appointments };
            frame.render_widget(
                Paragraph::new(Span::styled(text, theme::MUTED))
                    .wrap(Wrap { trim: true })
                    .block(outer),
                area,
            );
            return;
        }
        let label_w = usize::from(bar_w * 4 + 3);
        let groups: Vec<BarGroup> = doctors[from..to]
            .iter()
            .map(|d| {
                let c = &d.counts;
                let bars: Vec<Bar> = [c.booked, c.paid, c.attended, c.no_show]
                    .iter()
                    .zip(BAR_STYLES)
                    .zip(t.letters)
                    .map(|((&v, style), letter)| {
                        Bar::default()
                            .value(v.max(0) as u64)
                            .text_value(v.to_string())
                            .label(Line::from(letter))
                            .style(style)
                            .value_style(style.add_modifier(ratatui::style::Modifier::REVERSED))
                    })
                    .collect();
                BarGroup::default()
                    .label(Line::from(ellipsis(&short_name(d), label_w)))
                    .bars(&bars)
            })
            .collect();
        let max = doctors[from..to]
            .iter()
            .map(|d| d.counts.booked.max(0) as u64)
            .max()
            .unwrap_or(0)
            .max(1);
        let mut chart = BarChart::default()
            .block(outer)
            .bar_width(bar_w)
            .bar_gap(1)
            .group_gap(1)
            .max(max)
            .label_style(theme::TEXT);
        for g in groups {
            chart = chart.data(g);
        }
        frame.render_widget(chart, area);
    }

    fn render_occupancy(&self, t: &Summary, frame: &mut Frame, area: Rect) {
        let inner_h = usize::from(area.height.saturating_sub(2));
        let (from, to, window) = self.window(t, self.order.len(), inner_h.max(1));
        let title = if window.is_empty() {
            t.occupancy.to_string()
        } else {
            format!("{} ({window})", t.occupancy)
        };
        let outer = block(title);
        let inner = outer.inner(area);
        frame.render_widget(outer, area);
        let doctors = self.doctors();
        let name_w = (inner.width / 2).clamp(8, 22);
        for (row, d) in doctors[from..to].iter().enumerate() {
            let y = inner.y + row as u16;
            if y >= inner.bottom() {
                break;
            }
            let line = Rect::new(inner.x, y, inner.width, 1);
            let [name, gauge] = line.layout(&Layout::horizontal([
                Constraint::Length(name_w + 1),
                Constraint::Min(0),
            ]));
            frame.render_widget(Line::from(fit(&d.doctor_name, usize::from(name_w))), name);
            match d.counts.occupancy {
                // The percentage first, then the bar: full blocks for the booked share, light
                // shade for the rest (readable without colour).
                Some(r) => frame.render_widget(
                    LineGauge::default()
                        .ratio(r.clamp(0.0, 1.0))
                        .label(format!("{:>5}", percent(Some(r))))
                        .filled_symbol("█")
                        .unfilled_symbol("░")
                        .filled_style(Style::new().fg(Color::Green))
                        .unfilled_style(theme::MUTED),
                    gauge,
                ),
                None => frame.render_widget(Line::from(Span::styled(t.no_schedule, theme::MUTED)), gauge),
            }
        }
    }
}

fn render_takings(desk: &Desk, t: &Summary, s: &DaySummary, frame: &mut Frame, area: Rect) {
    let outer = block(t.takings.to_string());
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let close = &s.takings;
    let w = usize::from(inner.width);
    // Method, payments, refunds, net: the net right-aligned to the edge.
    let (pay_w, ref_w) = (6, 5);
    let net_w = close
        .totals
        .iter()
        .map(|m| width(&m.net))
        .chain([width(&close.net), width(t.col_net)])
        .max()
        .unwrap_or(8);
    let method_w = w.saturating_sub(pay_w + ref_w + net_w + 3).max(4);
    let row = |m: &str, p: &str, r: &str, n: &str| {
        format!("{} {:>pay_w$} {:>ref_w$} {:>net_w$}", fit(m, method_w), p, r, n)
    };
    let mut lines = Vec::new();
    if close.totals.is_empty() {
        lines.push(Line::from(Span::styled(t.no_takings, theme::MUTED)));
    } else {
        // The header goes first when there is room for it and every method.
        if usize::from(inner.height) > close.totals.len() + 1 {
            lines.push(Line::from(Span::styled(
                row(t.col_method, t.col_payments, t.col_refunds, t.col_net),
                theme::MUTED,
            )));
        }
        for m in &close.totals {
            lines.push(Line::from(row(
                m.method.label().get(desk.lang),
                &m.payments.to_string(),
                &m.refunds.to_string(),
                &m.net,
            )));
        }
    }
    let net = Line::from(Span::styled(
        format!(
            "{} {:>net_w$}",
            fit(t.net, w.saturating_sub(net_w + 1)),
            close.net
        ),
        theme::LABEL,
    ));
    // The net always shows: on the last row, whatever did not fit above it.
    let room = usize::from(inner.height).saturating_sub(1);
    lines.truncate(room);
    lines.push(net);
    frame.render_widget(Paragraph::new(lines), inner);
}

fn render_no_shows(t: &Summary, s: &DaySummary, frame: &mut Frame, area: Rect) {
    let series = &s.no_show_rate;
    let (n, attended) = series
        .iter()
        .fold((0, 0), |(n, a), d| (n + d.no_show, a + d.attended));
    let overall = (n + attended > 0).then(|| n as f64 / (n + attended) as f64);
    let this_day = series.last().and_then(|d| d.rate);
    let title = (t.no_show)(&percent(this_day), &percent(overall), n, n + attended);
    let outer = block(title);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let bars = series.len().min(usize::from(inner.width));
    let [bar_area, axis] = inner.layout(&Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(u16::from(inner.height >= 3)),
    ]));
    // One column per day, the rate in tenths of a percent; a day with nothing recorded is a dot.
    let data: Vec<Option<u64>> = series[series.len() - bars..]
        .iter()
        .map(|d| d.rate.map(|r| (r * 1000.0).round() as u64))
        .collect();
    let spark_area = Rect::new(bar_area.x, bar_area.y, bars as u16, bar_area.height);
    frame.render_widget(
        Sparkline::default()
            .data(data)
            .style(Style::new().fg(Color::Red))
            .absent_value_symbol("·")
            .absent_value_style(theme::MUTED),
        spark_area,
    );
    if axis.height > 0 && bars >= 12 {
        let short = |d: Option<&day::NoShowDay>| {
            d.and_then(|d| NaiveDate::parse_from_str(&d.date, "%Y-%m-%d").ok())
                .map(|d| d.format("%d/%m").to_string())
                .unwrap_or_default()
        };
        let (first, last) = (short(series.get(series.len() - bars)), short(series.last()));
        let gap = bars.saturating_sub(width(&first) + width(&last));
        frame.render_widget(
            Line::from(Span::styled(
                format!("{first}{}{last}", " ".repeat(gap)),
                theme::MUTED,
            )),
            axis,
        );
    }
}
