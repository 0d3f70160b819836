//! A `WHERE` clause made of only the conditions a search has, each with its parameter.
//!
//! "`(CAST($1 AS TEXT) IS NULL OR a.patient_id = $1)`" keeps one statement for every
//! combination of filters, but no planner can use an index through it: SQLite scanned all
//! 300,000 appointments of a large clinic to show one patient's history (110 ms). With
//! [`Conditions`] each combination is its own statement (cached by its text like any other),
//! whose plain conditions the indexes serve.

use super::ToValue;

/// The conditions of one statement, in the order they were added, with `$1, $2…` numbered
/// in that order.
#[derive(Default)]
pub struct Conditions<'a> {
    sql: String,
    params: Vec<&'a dyn ToValue>,
}

impl<'a> Conditions<'a> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `condition`, where `{}` stands for `value`'s placeholder.
    pub fn and(&mut self, condition: &str, value: &'a dyn ToValue) -> &mut Self {
        let placeholder = self.param(value);
        self.and_fixed(&condition.replace("{}", &placeholder))
    }

    /// Adds a condition that takes no parameter.
    pub fn and_fixed(&mut self, condition: &str) -> &mut Self {
        self.sql
            .push_str(if self.sql.is_empty() { " WHERE " } else { " AND " });
        self.sql.push_str(condition);
        self
    }

    /// [`and`](Self::and) when the filter has a value; nothing when it is `None`.
    pub fn and_some<T: ToValue>(&mut self, condition: &str, value: &'a Option<T>) -> &mut Self {
        if let Some(v) = value {
            self.and(condition, v);
        }
        self
    }

    /// A parameter used outside the conditions (a `LIMIT`): its placeholder.
    pub fn param(&mut self, value: &'a dyn ToValue) -> String {
        self.params.push(value);
        format!("${}", self.params.len())
    }

    /// `" WHERE … AND …"`, or nothing without conditions.
    pub fn sql(&self) -> &str {
        &self.sql
    }

    pub fn params(&self) -> &[&'a dyn ToValue] {
        &self.params
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_conditions_given_with_their_placeholders_in_order() {
        let (doctor, patient, status): (Option<String>, Option<String>, Option<String>) =
            (None, Some("p1".into()), Some("booked".into()));
        let from = "2026-12-01 00:00".to_string();
        let limit = 20_i64;
        let mut c = Conditions::new();
        c.and("a.starts_at >= {}", &from)
            .and_some("a.doctor_id = {}", &doctor)
            .and_some("a.patient_id = {}", &patient)
            .and_some("(a.status = {} OR a.status = 'x')", &status)
            .and_fixed("a.kind = 'payment'");
        let limit = c.param(&limit);
        assert_eq!(
            format!("{}{limit}", c.sql()),
            " WHERE a.starts_at >= $1 AND a.patient_id = $2 AND (a.status = $3 OR a.status = 'x') AND a.kind = 'payment'$4"
        );
        let values: Vec<_> = c.params().iter().map(|p| p.to_value()).collect();
        assert_eq!(
            values,
            [
                crate::db::Value::Text("2026-12-01 00:00".into()),
                crate::db::Value::Text("p1".into()),
                crate::db::Value::Text("booked".into()),
                crate::db::Value::Int(20),
            ]
        );
        assert_eq!(Conditions::new().sql(), "", "no filter, no WHERE");
    }
}
