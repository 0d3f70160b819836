//! Languages and bilingual text. Every user-facing message is written in Spanish and English
//! side by side, so a translation cannot go missing.

use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Es,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "es" => Some(Lang::Es),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }

    /// Picks one of two literals.
    pub fn pick<'a>(self, es: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Es => es,
            Lang::En => en,
        }
    }
}

/// A message in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub es: Cow<'static, str>,
    pub en: Cow<'static, str>,
}

impl Text {
    pub const fn new(es: &'static str, en: &'static str) -> Text {
        Text {
            es: Cow::Borrowed(es),
            en: Cow::Borrowed(en),
        }
    }

    pub fn owned(es: String, en: String) -> Text {
        Text {
            es: Cow::Owned(es),
            en: Cow::Owned(en),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Es => &self.es,
            Lang::En => &self.en,
        }
    }
}

/// `tr!("es {x}", "en {x}")` builds a [`Text`] with `format!` on both sides.
#[macro_export]
macro_rules! tr {
    ($es:literal, $en:literal $(,)?) => {
        $crate::i18n::Text::owned(format!($es), format!($en))
    };
    ($es:literal, $en:literal, $($args:tt)+) => {
        $crate::i18n::Text::owned(format!($es, $($args)+), format!($en, $($args)+))
    };
}
