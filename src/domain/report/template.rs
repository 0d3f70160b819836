//! The reminder message template, a clinic setting (`reminder_template`): text with placeholders
//! `{nombre} {fecha} {hora} {doctor} {especialidad} {clinica}` (English aliases `{name} {date}
//! {time} {specialty} {clinic}`), `{{` and `}}` for literal braces. Validated when set, so a
//! stored template always renders; when the clinic has set none, the Spanish or English default
//! is used.

use chrono::{Datelike, NaiveDate};

use super::ReportError;
use crate::i18n::Lang;

/// The longest template accepted (characters): a WhatsApp message, not a letter.
pub const MAX_CHARS: usize = 600;

/// The placeholders as the help and the messages list them.
pub const PLACEHOLDERS_ES: [&str; 6] = [
    "{nombre}",
    "{fecha}",
    "{hora}",
    "{doctor}",
    "{especialidad}",
    "{clinica}",
];

pub const DEFAULT_ES: &str = "Hola {nombre}, le recordamos su cita en {clinica} el {fecha} a las {hora} con {doctor} ({especialidad}). Si no puede asistir, avísenos para ofrecer el horario a otro paciente.";
pub const DEFAULT_EN: &str = "Hello {nombre}, this is a reminder of your appointment at {clinica} on {fecha} at {hora} with {doctor} ({especialidad}). If you cannot come, please let us know so we can offer the time to another patient.";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The patient's first name(s).
    Name,
    /// The day in words ("martes 3 de marzo", "Tuesday 3 March").
    Date,
    /// "09:30".
    Time,
    Doctor,
    Specialty,
    Clinic,
}

impl Field {
    fn parse(name: &str) -> Option<Field> {
        match crate::text::fold(name.trim()).as_str() {
            "nombre" | "name" => Some(Field::Name),
            "fecha" | "date" => Some(Field::Date),
            "hora" | "time" => Some(Field::Time),
            "doctor" | "medico" => Some(Field::Doctor),
            "especialidad" | "specialty" => Some(Field::Specialty),
            "clinica" | "clinic" => Some(Field::Clinic),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Field(Field),
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pieces: Vec<Piece>,
}

/// What one reminder's placeholders stand for.
#[derive(Debug, Clone)]
pub struct Values<'a> {
    pub name: &'a str,
    pub date: NaiveDate,
    pub time: &'a str,
    pub doctor: &'a str,
    pub specialty: &'a str,
    pub clinic: &'a str,
    /// The language of the date's words.
    pub lang: Lang,
}

impl Template {
    /// Parses and validates a template (the whole check `settings set` makes).
    pub fn parse(source: &str) -> Result<Template, ReportError> {
        if source.chars().count() > MAX_CHARS {
            return Err(ReportError::TemplateTooLong { max: MAX_CHARS });
        }
        if crate::text::has_unsafe_chars(source) {
            return Err(ReportError::TemplateUnsafe);
        }
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut chars = source.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    text.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    text.push('}');
                }
                '}' => return Err(ReportError::UnbalancedBrace),
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some('{') | None => return Err(ReportError::UnbalancedBrace),
                            Some(c) => name.push(c),
                        }
                    }
                    let field = Field::parse(&name).ok_or_else(|| ReportError::UnknownPlaceholder {
                        name: crate::text::shown(&name, 30),
                    })?;
                    if !text.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut text)));
                    }
                    pieces.push(Piece::Field(field));
                }
                c => text.push(c),
            }
        }
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        Ok(Template { pieces })
    }

    /// The default template of a language.
    pub fn default_for(lang: Lang) -> Template {
        let source = lang.pick(DEFAULT_ES, DEFAULT_EN);
        // The defaults are constants checked by a test.
        Template::parse(source).unwrap_or(Template {
            pieces: vec![Piece::Text(source.to_string())],
        })
    }

    pub fn render(&self, v: &Values<'_>) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Field(Field::Name) => out.push_str(v.name),
                Piece::Field(Field::Date) => out.push_str(&date_words(v.date, v.lang)),
                Piece::Field(Field::Time) => out.push_str(v.time),
                Piece::Field(Field::Doctor) => out.push_str(v.doctor),
                Piece::Field(Field::Specialty) => out.push_str(v.specialty),
                Piece::Field(Field::Clinic) => out.push_str(v.clinic),
            }
        }
        out
    }
}

/// "martes 3 de marzo" / "Tuesday 3 March".
pub fn date_words(d: NaiveDate, lang: Lang) -> String {
    const DAYS_ES: [&str; 7] = [
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    ];
    const DAYS_EN: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    const MONTHS_ES: [&str; 12] = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ];
    const MONTHS_EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let wd = d.weekday().num_days_from_monday() as usize;
    let m = d.month0() as usize;
    match lang {
        Lang::Es => format!("{} {} de {}", DAYS_ES[wd], d.day(), MONTHS_ES[m]),
        Lang::En => format!("{} {} {}", DAYS_EN[wd], d.day(), MONTHS_EN[m]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Values<'static> {
        Values {
            name: "José María",
            date: NaiveDate::from_ymd_opt(2026, 3, 3).unwrap(),
            time: "09:30",
            doctor: "Rosa Elena Quispe Huamán",
            specialty: "Medicina General",
            clinic: "Clínica San Martín",
            lang: Lang::Es,
        }
    }

    #[test]
    fn the_defaults_parse_and_render_every_placeholder() {
        let es = Template::parse(DEFAULT_ES).unwrap().render(&values());
        assert_eq!(
            es,
            "Hola José María, le recordamos su cita en Clínica San Martín el martes 3 de marzo a las 09:30 con Rosa Elena Quispe Huamán (Medicina General). Si no puede asistir, avísenos para ofrecer el horario a otro paciente."
        );
        let en = Template::parse(DEFAULT_EN).unwrap().render(&Values {
            lang: Lang::En,
            ..values()
        });
        assert!(en.starts_with("Hello José María, this is a reminder of your appointment at Clínica San Martín on Tuesday 3 March at 09:30"), "{en}");
    }

    #[test]
    fn placeholders_aliases_and_braces() {
        let t = Template::parse("{Name} {{x}} {clínica} {TIME}").unwrap();
        assert_eq!(t.render(&values()), "José María {x} Clínica San Martín 09:30");
    }

    #[test]
    fn bad_templates_are_refused_with_their_reason() {
        let cases: &[(&str, ReportError)] = &[
            (
                "Hola {apellido}",
                ReportError::UnknownPlaceholder {
                    name: "apellido".into(),
                },
            ),
            ("Hola {nombre", ReportError::UnbalancedBrace),
            ("Hola nombre}", ReportError::UnbalancedBrace),
            ("Hola {nom{bre}", ReportError::UnbalancedBrace),
            ("Hola\u{202e}", ReportError::TemplateUnsafe),
        ];
        for (input, want) in cases {
            assert_eq!(Template::parse(input).unwrap_err(), *want, "{input}");
        }
        let long = "x".repeat(MAX_CHARS + 1);
        assert_eq!(
            Template::parse(&long).unwrap_err(),
            ReportError::TemplateTooLong { max: MAX_CHARS }
        );
    }
}
