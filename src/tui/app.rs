//! The application state, `update` (the only place that calls the domain) and `render` (a pure
//! function of the state).

use crate::db::Db;
use chrono::{DateTime, Duration, Utc};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::action::{Action, Tab};
use super::keymap::{self, Binding, Keymap, bind, key};
use super::screens::{self, Screen};
use super::strings::{self, Strings};
use super::{theme, widgets};
use crate::clock::Clock;
use crate::domain::auth::{self, Staff};
use crate::domain::catalog::settings::Settings;
use crate::domain::orientation::Engine;
use crate::domain::patients::Patient;
use crate::error::AppError;
use crate::i18n::{Lang, Text};
use crate::ids::StaffId;
use crossterm::event::KeyCode;

/// The smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// How often the screens re-read the database, so another desk's changes show up.
pub const REFRESH_EVERY: Duration = Duration::seconds(5);

/// The logged-in staff member and the session token this desk holds.
pub struct Session {
    pub staff: Staff,
    pub token: String,
}

/// A one-line message under the screen: what just happened or what went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub kind: FlashKind,
    pub text: String,
}

/// What a [`Flash`] says: one of three, never two at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlashKind {
    /// Done (✓).
    Done,
    /// Not done, and why (a refusal the desk can act on): shown with ⚠, not ✓.
    Warning,
    /// Something went wrong (✗).
    Error,
}

impl Flash {
    pub fn error(text: impl Into<String>) -> Flash {
        Flash {
            kind: FlashKind::Error,
            text: text.into(),
        }
    }
}

/// What every screen may use: the database, the settings, the clock, the language and the
/// session.
pub struct Desk {
    pub conn: Db,
    pub settings: Settings,
    pub clock: Clock,
    pub lang: Lang,
    pub s: &'static Strings,
    pub session: Option<Session>,
    pub flash: Option<Flash>,
    /// The patient at the counter, chosen on the Patients screen; the flow carries it along.
    pub patient: Option<Patient>,
    /// The last orientation made at this desk for the patient at the counter (this visit; it is
    /// forgotten when another patient is chosen). Booking checks it for an emergency.
    pub orientation: Option<LastOrientation>,
    /// The orientation engine, loaded the first time it is needed.
    engine: std::cell::OnceCell<Engine>,
}

impl Desk {
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Clinic wall-clock now.
    pub fn local_now(&self) -> chrono::NaiveDateTime {
        self.clock
            .now()
            .with_timezone(&self.settings.time_zone)
            .naive_local()
    }

    pub fn text<'a>(&self, t: &'a Text) -> &'a str {
        t.get(self.lang)
    }

    /// Shows an error's message in the message line, without its hint: hints are written for
    /// the command line (they name `saludya` commands); what to do in the TUI about a typed
    /// domain error comes from `tui::errors`.
    pub fn fail(&mut self, err: &AppError) {
        self.flash = Some(Flash::error(err.message(self.lang)));
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.flash = Some(Flash {
            kind: FlashKind::Done,
            text: text.into(),
        });
    }

    /// Something the desk asked for was not done, and why ("already paid", "choose a patient
    /// first"): not an error, not a success either.
    pub fn warn(&mut self, text: impl Into<String>) {
        self.flash = Some(Flash {
            kind: FlashKind::Warning,
            text: text.into(),
        });
    }

    pub fn engine(&self) -> &Engine {
        self.engine.get_or_init(Engine::load)
    }

    /// The staff member; screens behind the login only run with a session.
    pub fn staff_id(&self) -> Option<&StaffId> {
        self.session.as_ref().map(|s| &s.staff.id)
    }
}

/// An orientation made at the desk, as booking needs to know it.
#[derive(Debug, Clone, PartialEq)]
pub struct LastOrientation {
    pub query_id: String,
    pub patient_id: Option<crate::ids::PatientId>,
    pub emergency: bool,
    pub red_flags: Vec<String>,
}

/// What a screen asks the application to do after an action.
pub enum Nav {
    Stay,
    /// Open another screen; Esc there comes back here.
    Push(Screen),
    /// Replace the whole stack (tabs, after login).
    Reset(Screen),
    /// Leave this screen (Esc not handled inside it).
    Back,
    /// Replace the stack with these screens (the last one shown).
    Stack(Vec<Screen>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help,
    ConfirmQuit,
    /// F2–F5 pressed while a form holds unsaved input: go there (discarding it) or stay.
    ConfirmLeave(Tab),
}

pub struct App {
    pub desk: Desk,
    /// The screens opened, the current one last.
    pub stack: Vec<Screen>,
    /// Set while the idle lock is on: it hides everything else.
    pub lock: Option<screens::lock::State>,
    pub overlay: Overlay,
    pub last_key: DateTime<Utc>,
    pub last_refresh: DateTime<Utc>,
    pub quit: bool,
    /// The terminal's size (columns, rows): below [`MIN_WIDTH`]×[`MIN_HEIGHT`] the screen is
    /// hidden behind a notice and keys other than Ctrl-C do nothing.
    pub size: (u16, u16),
}

/// The quit and leave questions: Enter yes, Esc no. Never a letter: one typed by mistake (or
/// the rest of a name) must not answer.
static CONFIRM_KEYS: &[Binding] = &[
    bind(key(KeyCode::Enter), "Enter", Action::Yes, |s| s.h_yes),
    bind(key(KeyCode::Esc), "Esc", Action::No, |s| s.h_no_stay),
];

impl App {
    /// A desk at the login screen.
    pub fn new(conn: Db, settings: Settings, clock: Clock, lang: Lang) -> App {
        let now = clock.now();
        let mut desk = Desk {
            conn,
            settings,
            clock,
            lang,
            s: strings::get(lang),
            session: None,
            flash: None,
            patient: None,
            orientation: None,
            engine: std::cell::OnceCell::new(),
        };
        let login = screens::login::State::new(&mut desk);
        App {
            desk,
            stack: vec![Screen::Login(login)],
            lock: None,
            overlay: Overlay::None,
            last_key: now,
            last_refresh: now,
            quit: false,
            size: (MIN_WIDTH, MIN_HEIGHT),
        }
    }

    /// A desk already logged in (the demo opens as the demo receptionist).
    pub fn logged_in(conn: Db, settings: Settings, clock: Clock, lang: Lang, session: Session) -> App {
        let mut app = App::new(conn, settings, clock, lang);
        app.desk.session = Some(session);
        app.stack = vec![screens::landing(&mut app.desk)];
        app
    }

    pub fn screen(&self) -> &Screen {
        self.stack.last().expect("the stack is never empty")
    }

    /// The keys that apply right now.
    pub fn keymap(&self) -> (Keymap, Vec<&'static [Binding]>) {
        match (&self.lock, self.overlay) {
            (Some(lock), _) => (lock.keymap(), vec![]),
            (None, Overlay::ConfirmQuit | Overlay::ConfirmLeave(_)) => (
                Keymap {
                    bindings: CONFIRM_KEYS,
                    text: false,
                },
                vec![],
            ),
            (None, _) => {
                let screen = self.screen().view();
                let extra = if self.desk.session.is_some() {
                    vec![keymap::TABS]
                } else {
                    vec![]
                };
                (screen.keymap(), extra)
            }
        }
    }

    /// A key press: idle check, key → action, update.
    pub fn handle_key(&mut self, ev: KeyEvent) {
        self.key(ev);
        self.settle();
    }

    /// Finishes work the screen deferred while keys kept arriving (the type-ahead search runs
    /// once for a burst of keys, not once per key).
    pub fn settle(&mut self) {
        let desk = &mut self.desk;
        if self.lock.is_none()
            && let Some(screen) = self.stack.last_mut()
        {
            screen.view_mut().settle(desk);
        }
    }

    /// True while the terminal is smaller than the screens are laid out for.
    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// A key press without settling: the event loop settles once the burst of keys is read.
    pub fn key(&mut self, ev: KeyEvent) {
        self.check_idle();
        self.last_key = self.desk.now();
        let (map, extra) = self.keymap();
        if self.too_small() {
            // Nothing behind the notice may change unseen; only quitting works.
            if keymap::resolve(map, &extra, ev) == Some(Action::Quit) {
                self.update(Action::Quit);
            }
            return;
        }
        if self.overlay == Overlay::Help {
            // Any key closes the help.
            self.overlay = Overlay::None;
            return;
        }
        if let Some(action) = keymap::resolve(map, &extra, ev) {
            self.update(action);
        }
    }

    /// A paste (bracketed paste: one text event, never keys). It goes into the focused text
    /// field as text, line breaks as spaces (every field is one line); where no text field has
    /// the focus it is ignored, and the message line says so. Nothing else happens: a pasted
    /// newline is never Enter.
    pub fn paste(&mut self, text: &str) {
        self.check_idle();
        self.last_key = self.desk.now();
        if self.too_small() {
            return;
        }
        let s = self.desk.s;
        let clean = widgets::one_line(text);
        let (map, _) = self.keymap();
        let field_len = |app: &App| app.focused_field().map(|f| f.value.chars().count());
        let before = field_len(self);
        let (true, Some(before)) = (map.text && self.overlay == Overlay::None, before) else {
            self.overlay = Overlay::None;
            self.desk.warn(s.paste_ignored);
            return;
        };
        for c in clean.chars() {
            self.update(Action::Char(c));
        }
        self.settle();
        let taken = field_len(self).unwrap_or(before).saturating_sub(before);
        let offered = clean.chars().count();
        if taken < offered {
            self.desk.warn((s.paste_cut)(taken, offered));
        }
    }

    /// The text field that has the focus (where typing and pasting go), if any.
    pub fn focused_field(&self) -> Option<&widgets::TextField> {
        match &self.lock {
            Some(lock) => Some(&lock.password),
            None => self.screen().view().focused_field(),
        }
    }

    fn check_idle(&mut self) {
        let minutes = self.desk.settings.idle_lock_minutes;
        if minutes > 0
            && self.lock.is_none()
            && let Some(session) = &self.desk.session
            && self.desk.now() - self.last_key >= Duration::minutes(minutes)
        {
            self.lock = Some(screens::lock::State::new(&session.staff));
            self.overlay = Overlay::None;
            self.desk.flash = None;
        }
    }

    /// The one place actions change the state (and the database).
    pub fn update(&mut self, action: Action) {
        if action == Action::Tick {
            self.check_idle();
            if self.desk.now() - self.last_refresh >= REFRESH_EVERY {
                self.last_refresh = self.desk.now();
                if self.session_still_valid() && self.lock.is_none() {
                    let desk = &mut self.desk;
                    if let Some(screen) = self.stack.last_mut() {
                        screen.view_mut().refresh(desk);
                    }
                }
            }
            return;
        }
        if let Some(lock) = &mut self.lock {
            match action {
                Action::Quit => self.ask_quit(),
                _ => match lock.update(&mut self.desk, action) {
                    screens::lock::Outcome::Locked => {}
                    screens::lock::Outcome::Unlocked => {
                        self.lock = None;
                        self.last_key = self.desk.now();
                    }
                    screens::lock::Outcome::SomeoneElse => {
                        // The locked person's session ends; what was on screen is theirs and is
                        // not shown to the next person.
                        self.close_session();
                        self.lock = None;
                        self.desk.patient = None;
                        self.desk.orientation = None;
                        self.stack = vec![Screen::Login(screens::login::State::for_someone_else())];
                        self.desk.info(self.desk.s.logged_out);
                    }
                },
            }
            return;
        }
        match self.overlay {
            Overlay::Help => {
                self.overlay = Overlay::None;
                return;
            }
            Overlay::ConfirmQuit => {
                match action {
                    Action::Yes => self.quit = true,
                    Action::No | Action::Back => self.overlay = Overlay::None,
                    _ => {}
                }
                return;
            }
            Overlay::ConfirmLeave(tab) => {
                match action {
                    Action::Yes => {
                        self.overlay = Overlay::None;
                        self.go(tab);
                    }
                    Action::No | Action::Back => self.overlay = Overlay::None,
                    // Ctrl-C still quits (asking, as the form is unsaved).
                    Action::Quit => self.overlay = Overlay::ConfirmQuit,
                    _ => {}
                }
                return;
            }
            Overlay::None => {}
        }
        match action {
            Action::Quit => self.ask_quit(),
            Action::Help => self.overlay = Overlay::Help,
            Action::Go(tab) if self.desk.session.is_some() => {
                // Like Esc and Ctrl-C: unsaved input is never dropped without a word.
                if self.stack.iter().any(|s| s.view().dirty()) {
                    self.overlay = Overlay::ConfirmLeave(tab);
                } else {
                    self.go(tab);
                }
            }
            _ => {
                self.desk.flash = None;
                let desk = &mut self.desk;
                let nav = self
                    .stack
                    .last_mut()
                    .map_or(Nav::Stay, |s| s.view_mut().update(desk, action));
                self.navigate(nav);
            }
        }
    }

    fn go(&mut self, tab: Tab) {
        self.desk.flash = None;
        let screen = screens::open_tab(&mut self.desk, tab);
        self.stack = vec![screen];
    }

    fn navigate(&mut self, nav: Nav) {
        match nav {
            Nav::Stay => {}
            Nav::Push(screen) => self.stack.push(screen),
            Nav::Reset(screen) => self.stack = vec![screen],
            Nav::Stack(screens) if !screens.is_empty() => self.stack = screens,
            Nav::Stack(_) => {}
            Nav::Back => {
                if self.stack.len() > 1 {
                    self.stack.pop();
                    let desk = &mut self.desk;
                    if let Some(screen) = self.stack.last_mut() {
                        screen.view_mut().refresh(desk);
                    }
                }
            }
        }
    }

    /// The session may end under this desk (expired, revoked, account disabled by an admin):
    /// then the desk goes back to the login screen and shows why.
    fn session_still_valid(&mut self) -> bool {
        let Some(session) = &self.desk.session else {
            return true;
        };
        match auth::validate_token(&self.desk.conn, &session.token, self.desk.now()) {
            Ok(_) => true,
            Err(e) => {
                self.desk.session = None;
                self.desk.patient = None;
                self.desk.orientation = None;
                self.lock = None;
                self.overlay = Overlay::None;
                let login = screens::login::State::new(&mut self.desk);
                self.stack = vec![Screen::Login(login)];
                self.desk.fail(&e);
                false
            }
        }
    }

    fn ask_quit(&mut self) {
        let dirty =
            self.stack.iter().any(|s| s.view().dirty()) || self.lock.as_ref().is_some_and(|l| l.dirty());
        if dirty {
            self.overlay = Overlay::ConfirmQuit;
        } else {
            self.quit = true;
        }
    }

    /// Closes the session this desk opened (on quit).
    pub fn close_session(&mut self) {
        if let Some(session) = self.desk.session.take() {
            let _ = auth::logout(&self.desk.conn, &session.token, self.desk.now());
        }
    }
}

/// Draws the whole screen. Pure: reads the state, never the database.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let s = app.desk.s;
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT || app.too_small() {
        frame.render_widget(
            Paragraph::new(vec![
                Line::from(Span::styled(s.too_small, theme::WARNING)),
                Line::from(format!("{}×{}", area.width, area.height)),
            ])
            .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    // A message longer than the line wraps onto a second one (never cut mid-word).
    let flash_rows = match &app.desk.flash {
        Some(f) if widgets::width(&f.text) + 2 > usize::from(area.width) => 2,
        _ => 1,
    };
    let [header, body, message, status] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(flash_rows),
        Constraint::Length(1),
    ]));
    render_header(app, frame, header);
    if let Some(lock) = &app.lock {
        lock.render(&app.desk, frame, body);
    } else {
        app.screen().view().render(&app.desk, frame, body);
    }
    if let Some(flash) = &app.desk.flash {
        let (symbol, style) = match flash.kind {
            FlashKind::Error => ("✗ ", theme::ERROR),
            FlashKind::Warning => ("⚠ ", theme::WARNING),
            FlashKind::Done => ("✓ ", theme::OK),
        };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(symbol, style),
                Span::styled(flash.text.as_str(), style),
            ]))
            .wrap(Wrap { trim: true }),
            message,
        );
    }
    render_status(app, frame, status);
    match app.overlay {
        Overlay::Help if app.lock.is_none() => render_help(app, frame, body),
        Overlay::ConfirmQuit | Overlay::ConfirmLeave(_) => {
            let question = match app.overlay {
                Overlay::ConfirmLeave(tab) => (s.confirm_leave)(tab_name(s, tab)),
                _ => s.confirm_quit.to_string(),
            };
            let r = widgets::centered(body, 60, 6);
            frame.render_widget(Clear, r);
            frame.render_widget(
                Paragraph::new(vec![
                    Line::from(Span::styled(format!("⚠ {question}"), theme::WARNING)),
                    Line::from(""),
                    Line::from(Span::styled(s.enter_yes_esc_no, theme::KEY)),
                ])
                .wrap(Wrap { trim: true })
                .block(
                    Block::default()
                        .borders(Borders::ALL)
                        .border_style(theme::WARNING),
                ),
                r,
            );
        }
        _ => {}
    }
}

fn tab_name(s: &Strings, tab: Tab) -> &'static str {
    match tab {
        Tab::Today => s.tab_today,
        Tab::Patients => s.tab_patients,
        Tab::Orientation => s.tab_orientation,
        Tab::Booking => s.tab_booking,
        Tab::Summary => s.tab_summary,
        Tab::Waitlist => screens::waitlist::texts(s.lang).tab,
    }
}

/// The header, laid out by priority at any width: the tabs always whole, then who is logged
/// in, then the clinic, then the clock; what does not fit is cut with `…` or left out.
fn render_header(app: &App, frame: &mut Frame, area: Rect) {
    let desk = &app.desk;
    frame.render_widget(Block::default().style(theme::TITLE), area);
    let tab_spans = |compact: bool| {
        let mut tabs = Vec::new();
        if desk.session.is_some() && app.lock.is_none() {
            let current = app.screen().view().tab();
            for b in keymap::TABS {
                let Action::Go(tab) = b.action else { continue };
                // Narrow terminals: one space between tabs instead of two.
                let label = if compact {
                    format!(" {} {}", b.label, tab_name(desk.s, tab))
                } else {
                    format!(" {} {} ", b.label, tab_name(desk.s, tab))
                };
                let style = if Some(tab) == current {
                    theme::TAB_ACTIVE
                } else {
                    theme::TITLE
                };
                tabs.push(Span::styled(label, style));
            }
        }
        tabs
    };
    let mut tabs = tab_spans(false);
    let width_of = |tabs: &[Span]| -> usize { tabs.iter().map(|t| widgets::width(&t.content)).sum() };
    // Who is logged in must fit too (a few columns of the name, at least).
    if usize::from(area.width).saturating_sub(width_of(&tabs)) < 14 {
        tabs = tab_spans(true);
    }
    let tabs_w: usize = width_of(&tabs);
    let mut room = usize::from(area.width).saturating_sub(tabs_w);
    // Each part takes what it needs of the room left, cut with `…` (not below a few columns).
    let take = |room: &mut usize, text: &str, min: usize| -> Option<String> {
        let need = widgets::width(text) + 2;
        if text.is_empty() || *room < min + 2 {
            return None;
        }
        let given = need.min(*room);
        *room -= given;
        Some(widgets::ellipsis(text, given - 2))
    };
    let who = desk
        .session
        .as_ref()
        .map(|s| {
            if s.staff.full_name.is_empty() {
                s.staff.email.clone()
            } else {
                s.staff.full_name.clone()
            }
        })
        .unwrap_or_default();
    let who = take(&mut room, &who, 6);
    let clinic = if desk.settings.clinic_name.trim().is_empty() {
        desk.s.app_name.to_string()
    } else {
        desk.settings.clinic_name.clone()
    };
    let clinic = take(&mut room, &clinic, 6);
    let local = desk.local_now();
    let long = local.format("%Y-%m-%d %H:%M").to_string();
    let short = local.format("%d/%m %H:%M").to_string();
    let clock = if room >= widgets::width(&long) + 2 {
        take(&mut room, &long, 0)
    } else {
        take(&mut room, &short, widgets::width(&short))
    };
    let mut left = Vec::new();
    if let Some(c) = clinic {
        left.push(Span::styled(format!(" {c} "), theme::TITLE));
    }
    left.extend(tabs);
    let right: String = [who, clock]
        .into_iter()
        .flatten()
        .map(|t| format!(" {t} "))
        .collect();
    let right_w = widgets::width(&right) as u16;
    let [l, r] = area.layout(&Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(right_w),
    ]));
    frame.render_widget(Line::from(left), l);
    frame.render_widget(Line::from(Span::styled(right, theme::TITLE)), r);
}

/// The bindings shown in the status bar and the help: the screen's, then the global ones.
fn current_bindings(app: &App) -> Vec<keymap::Described> {
    let (map, extra) = app.keymap();
    if app.lock.is_some() {
        return keymap::described([map.bindings, &keymap::GLOBAL[..1]]);
    }
    let mut layers: Vec<&'static [Binding]> = vec![map.bindings, keymap::GLOBAL];
    layers.extend(extra);
    if matches!(app.overlay, Overlay::ConfirmQuit | Overlay::ConfirmLeave(_)) {
        // The question's own keys only.
        return keymap::described([map.bindings]);
    }
    keymap::described(layers)
}

fn render_status(app: &App, frame: &mut Frame, area: Rect) {
    let s = app.desk.s;
    frame.render_widget(Block::default().style(theme::STATUS_BAR), area);
    let width_of = |b: &keymap::Described| b.label.chars().count() + (b.hint)(s).chars().count() + 3;
    let bindings: Vec<keymap::Described> = current_bindings(app)
        .into_iter()
        .filter(|b| !matches!(b.action, Action::Go(_)))
        .collect();
    // The help key always shows (it lists what did not fit), last.
    let help = bindings.iter().position(|b| b.action == Action::Help);
    let reserved = help.map_or(0, |i| width_of(&bindings[i]));
    let max = area.width as usize;
    let mut width = 0usize;
    let mut shown = Vec::new();
    for (i, b) in bindings.iter().enumerate() {
        if Some(i) == help {
            continue;
        }
        let w = width_of(b);
        if width + w + reserved > max {
            break;
        }
        width += w;
        shown.push(b);
    }
    shown.extend(help.map(|i| &bindings[i]));
    let mut spans = Vec::new();
    for b in shown {
        spans.push(Span::styled(
            format!(" {}", b.label),
            theme::KEY.bg(ratatui::style::Color::DarkGray),
        ));
        spans.push(Span::styled(format!(" {} ", (b.hint)(s)), theme::STATUS_BAR));
    }
    frame.render_widget(Line::from(spans), area);
}

fn render_help(app: &App, frame: &mut Frame, body: Rect) {
    let s = app.desk.s;
    let bindings = current_bindings(app);
    let lines: Vec<Line> = bindings
        .iter()
        .map(|b| {
            Line::from(vec![
                Span::styled(format!(" {:<10}", b.label), theme::KEY),
                Span::raw((b.hint)(s)),
            ])
        })
        .collect();
    let h = (lines.len() as u16 + 4).min(body.height);
    let r = widgets::centered(body, 56, h);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme::BORDER)
                .title(format!(" {} ", s.help_title))
                .title_bottom(format!(" {} ", s.help_footer)),
        ),
        r,
    );
}
