//! Keymaps as data. A screen declares, for its current mode, the bindings it handles and
//! whether it is typing text; the same tables drive key handling, the status bar and the `?`
//! help overlay, so they cannot disagree.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, Tab};
use super::strings::Strings;

/// A key with its modifiers. Plain characters match with or without Shift (terminals differ
/// in reporting it for `?` or capitals).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

pub const fn key(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

pub const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

pub const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

/// The description of a key in the status bar and help, in the user's language.
pub type HintFn = fn(&Strings) -> &'static str;

#[derive(Clone, Copy)]
pub struct Binding {
    pub key: Key,
    pub action: Action,
    /// How the key is written on screen ("Enter", "F2", "/").
    pub label: &'static str,
    /// What it does; `None` keeps it out of the status bar and help (aliases).
    pub hint: Option<HintFn>,
}

impl std::fmt::Debug for Binding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Binding")
            .field("label", &self.label)
            .field("action", &self.action)
            .finish()
    }
}

pub const fn bind(key: Key, label: &'static str, action: Action, hint: HintFn) -> Binding {
    Binding {
        key,
        action,
        label,
        hint: Some(hint),
    }
}

/// A binding with no hint of its own (an alias of a described one).
pub const fn alias(key: Key, action: Action) -> Binding {
    Binding {
        key,
        action,
        label: "",
        hint: None,
    }
}

/// What a screen currently handles.
#[derive(Clone, Copy)]
pub struct Keymap {
    /// The screen's own bindings, looked up first.
    pub bindings: &'static [Binding],
    /// True while a text field has the focus: printable keys type into it.
    pub text: bool,
}

/// Keys that work everywhere.
pub static GLOBAL: &[Binding] = &[
    bind(ctrl('c'), "Ctrl-C", Action::Quit, |s| s.h_quit),
    bind(key(KeyCode::F(1)), "F1", Action::Help, |s| s.h_help),
    bind(key(KeyCode::Esc), "Esc", Action::Back, |s| s.h_back),
];

/// Tabs, once logged in.
pub static TABS: &[Binding] = &[
    bind(key(KeyCode::F(2)), "F2", Action::Go(Tab::Today), |s| s.tab_today),
    bind(key(KeyCode::F(3)), "F3", Action::Go(Tab::Patients), |s| {
        s.tab_patients
    }),
    bind(key(KeyCode::F(4)), "F4", Action::Go(Tab::Orientation), |s| {
        s.tab_orientation
    }),
    bind(key(KeyCode::F(5)), "F5", Action::Go(Tab::Booking), |s| {
        s.tab_booking
    }),
    bind(key(KeyCode::F(6)), "F6", Action::Go(Tab::Summary), |s| {
        s.tab_summary
    }),
    bind(key(KeyCode::F(7)), "F7", Action::Go(Tab::Waitlist), |s| {
        super::screens::waitlist::texts(s.lang).tab
    }),
];

/// Editing keys of a focused text field.
static EDIT: &[Binding] = &[
    alias(key(KeyCode::Backspace), Action::Backspace),
    alias(key(KeyCode::Delete), Action::Delete),
    alias(key(KeyCode::Left), Action::Left),
    alias(key(KeyCode::Right), Action::Right),
    alias(key(KeyCode::Home), Action::Home),
    alias(key(KeyCode::End), Action::End),
    alias(ctrl('u'), Action::ClearField),
];

fn matches(k: Key, ev: &KeyEvent) -> bool {
    if k.code != ev.code {
        return false;
    }
    let relevant = KeyModifiers::CONTROL | KeyModifiers::ALT;
    match k.code {
        KeyCode::Char(_) => (ev.modifiers & relevant) == k.mods,
        // BackTab arrives with Shift on most terminals.
        KeyCode::BackTab => true,
        _ => ev.modifiers == k.mods,
    }
}

/// The action for a key press, given the layers in order of precedence.
pub fn resolve(map: Keymap, extra: &[&'static [Binding]], ev: KeyEvent) -> Option<Action> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    let mut layers: Vec<&[Binding]> = vec![map.bindings, GLOBAL];
    layers.extend_from_slice(extra);
    // No plain letter is a command outside a screen's own table: typing (a name, the rest of a
    // sentence after Enter) never quits or opens anything.
    if map.text {
        layers.push(EDIT);
    }
    for layer in layers {
        if let Some(b) = layer.iter().find(|b| matches(b.key, &ev)) {
            return Some(b.action);
        }
    }
    if map.text
        && let KeyCode::Char(c) = ev.code
        && !ev.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        && !c.is_control()
    {
        return Some(Action::Char(c));
    }
    None
}

/// The described bindings of the given layers, first occurrence of each action only.
pub fn described<'a>(layers: impl IntoIterator<Item = &'a [Binding]>) -> Vec<Described> {
    let mut out: Vec<Described> = Vec::new();
    for layer in layers {
        for b in layer {
            let Some(hint) = b.hint else { continue };
            match out.iter_mut().find(|o| o.action == b.action) {
                // Two described keys for one action: "Ctrl-C/q".
                Some(o) => {
                    o.label.push('/');
                    o.label.push_str(b.label);
                }
                None => out.push(Described {
                    label: b.label.to_string(),
                    action: b.action,
                    hint,
                }),
            }
        }
    }
    out
}

/// A key (or keys) and what it does, for the status bar and the help.
pub struct Described {
    pub label: String,
    pub action: Action,
    pub hint: HintFn,
}
