//! The values that cross the storage door, in both directions, whatever the engine.
//!
//! SQL is written once, with `$1, $2…` placeholders, which both engines accept natively
//! (SQLite binds `$1` as the parameter named "$1"; the door binds every parameter by that
//! name, so their order in the text does not matter). A parameter is one of four kinds
//! ([`Value`]); a column is read back through [`FromColumn`] from the same four kinds
//! ([`Cell`]). Domain types (ids, money, clinic times) implement [`ToValue`] and [`FromColumn`]
//! next to their definitions, so they bind and read the same way on SQLite and PostgreSQL.

use std::borrow::Cow;

use super::Error;

/// A parameter bound to a statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(Cow<'a, str>),
}

/// Anything that can be bound as a statement parameter.
pub trait ToValue {
    fn to_value(&self) -> Value<'_>;
}

/// One column of a result row, borrowed from the engine's row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
}

impl Cell<'_> {
    fn kind(&self) -> &'static str {
        match self {
            Cell::Null => "NULL",
            Cell::Int(_) => "an integer",
            Cell::Real(_) => "a real number",
            Cell::Text(_) => "text",
        }
    }
}

/// Anything that can be read from a column.
pub trait FromColumn: Sized {
    fn from_column(cell: Cell<'_>) -> Result<Self, Error>;
}

/// The error for a column that holds something else than the type asked for.
pub fn wrong_type(cell: Cell<'_>, wanted: &str) -> Error {
    Error::conversion(format!("expected {wanted}, the column holds {}", cell.kind()))
}

/// Statement parameters: `params![a, b, c]`, each anything that is [`ToValue`].
#[macro_export]
macro_rules! params {
    () => {
        &[] as &[&dyn $crate::db::ToValue]
    };
    ($($param:expr),+ $(,)?) => {
        &[$(&$param as &dyn $crate::db::ToValue),+] as &[&dyn $crate::db::ToValue]
    };
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value<'_> {
        (**self).to_value()
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value<'_> {
        match self {
            Some(v) => v.to_value(),
            None => Value::Null,
        }
    }
}

impl ToValue for str {
    fn to_value(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed(self))
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed(self))
    }
}

impl ToValue for Cow<'_, str> {
    fn to_value(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed(self))
    }
}

impl ToValue for i64 {
    fn to_value(&self) -> Value<'_> {
        Value::Int(*self)
    }
}

macro_rules! small_int_to_value {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value<'_> {
                Value::Int(i64::from(*self))
            }
        }
    )*};
}
small_int_to_value!(i32, u32, u16, u8, bool);

impl ToValue for usize {
    fn to_value(&self) -> Value<'_> {
        // Counts and limits: far below i64::MAX on any machine this runs on.
        Value::Int(i64::try_from(*self).unwrap_or(i64::MAX))
    }
}

impl ToValue for f64 {
    fn to_value(&self) -> Value<'_> {
        Value::Real(*self)
    }
}

impl ToValue for Value<'_> {
    fn to_value(&self) -> Value<'_> {
        match self {
            Value::Null => Value::Null,
            Value::Int(i) => Value::Int(*i),
            Value::Real(r) => Value::Real(*r),
            Value::Text(t) => Value::Text(Cow::Borrowed(t)),
        }
    }
}

impl<T: FromColumn> FromColumn for Option<T> {
    fn from_column(cell: Cell<'_>) -> Result<Self, Error> {
        match cell {
            Cell::Null => Ok(None),
            other => T::from_column(other).map(Some),
        }
    }
}

impl FromColumn for String {
    fn from_column(cell: Cell<'_>) -> Result<Self, Error> {
        match cell {
            Cell::Text(t) => Ok(t.to_owned()),
            other => Err(wrong_type(other, "text")),
        }
    }
}

impl FromColumn for i64 {
    fn from_column(cell: Cell<'_>) -> Result<Self, Error> {
        match cell {
            Cell::Int(i) => Ok(i),
            other => Err(wrong_type(other, "an integer")),
        }
    }
}

macro_rules! small_int_from_column {
    ($($t:ty),*) => {$(
        impl FromColumn for $t {
            fn from_column(cell: Cell<'_>) -> Result<Self, Error> {
                let wide = i64::from_column(cell)?;
                <$t>::try_from(wide).map_err(|_| {
                    Error::conversion(format!("{wide} does not fit in {}", stringify!($t)))
                })
            }
        }
    )*};
}
small_int_from_column!(i32, u32, u16, u8, usize, u64);

impl FromColumn for bool {
    fn from_column(cell: Cell<'_>) -> Result<Self, Error> {
        Ok(i64::from_column(cell)? != 0)
    }
}

impl FromColumn for f64 {
    fn from_column(cell: Cell<'_>) -> Result<Self, Error> {
        match cell {
            Cell::Real(r) => Ok(r),
            // SQLite stores a REAL with no fraction as an integer when it can.
            #[allow(clippy::cast_precision_loss)]
            Cell::Int(i) => Ok(i as f64),
            other => Err(wrong_type(other, "a number")),
        }
    }
}

/// A column read as it is, whatever its kind (the copy between engines, checksums).
#[derive(Debug, Clone, PartialEq)]
pub enum OwnedCell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl FromColumn for OwnedCell {
    fn from_column(cell: Cell<'_>) -> Result<Self, Error> {
        Ok(match cell {
            Cell::Null => OwnedCell::Null,
            Cell::Int(i) => OwnedCell::Int(i),
            Cell::Real(r) => OwnedCell::Real(r),
            Cell::Text(t) => OwnedCell::Text(t.to_owned()),
        })
    }
}

impl ToValue for OwnedCell {
    fn to_value(&self) -> Value<'_> {
        match self {
            OwnedCell::Null => Value::Null,
            OwnedCell::Int(i) => Value::Int(*i),
            OwnedCell::Real(r) => Value::Real(*r),
            OwnedCell::Text(t) => Value::Text(Cow::Borrowed(t)),
        }
    }
}
