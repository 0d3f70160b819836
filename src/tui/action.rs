//! Everything the user can ask for, independent of the key that asked. Keys become actions in
//! [`super::keymap`]; only [`super::app::update`] turns actions into domain calls.

/// The main screens, reachable from anywhere after login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Today,
    Patients,
    Orientation,
    Booking,
    /// The day at a glance (F6).
    Summary,
    /// The waiting list (F7).
    Waitlist,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    // Application.
    Quit,
    Help,
    Back,
    /// No key for a while: the poll timed out (idle lock, periodic refresh).
    Tick,
    Go(Tab),
    // Editing the focused text field.
    Char(char),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    ClearField,
    // Moving.
    Up,
    Down,
    PageUp,
    PageDown,
    NextField,
    PrevField,
    Submit,
    // Answers to a question.
    Yes,
    No,
    // Screen commands.
    New,
    Edit,
    Save,
    Search,
    /// The earliest free slot of the specialty.
    Earliest,
    /// Choose the n-th item of a short menu (payment methods).
    Pick(usize),
    PrevDay,
    NextDay,
    Today,
    /// The first / last row of a list.
    First,
    Last,
    /// Group the agenda by doctor (or back to one time-ordered list).
    Group,
    /// Undo the last status change (for a few minutes).
    Undo,
    Pay,
    CheckIn,
    Complete,
    NoShow,
    Reschedule,
    Cancel,
}
