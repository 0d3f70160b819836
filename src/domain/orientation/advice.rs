//! What to tell the patient, in the reader's language, derived from the structured result (the
//! engine's own `advice` field is the Spanish text stored with the query). Both front ends use
//! this, so the emergency instruction can never be missing in English.

use super::{Orientation, SPECIALTIES, Urgency};
use crate::i18n::Lang;

impl Orientation {
    /// The advice in `lang`: go to the emergency room now, be seen within 24 hours, a routine
    /// appointment, or ask for more information.
    pub fn advice_in(&self, lang: Lang) -> String {
        let spec = self.specialty.as_deref().unwrap_or(SPECIALTIES[0]);
        let flags = match lang {
            Lang::En if self.red_flags_en.len() == self.red_flags.len() => self.red_flags_en.join("; "),
            _ => self.red_flags.join("; "),
        };
        match (self.urgency, lang) {
            (Urgency::Emergency, Lang::Es) => format!(
                "Acuda a emergencias ahora o llame a una ambulancia (en Perú: SAMU 106). No reserve una \
                 cita ni espere. Signo de alarma: {flags}. Especialidad relacionada: {spec}."
            ),
            (Urgency::Emergency, Lang::En) => format!(
                "Go to the emergency room now or call an ambulance (in Peru: SAMU 106). Do not book an \
                 appointment or wait. Red flag: {flags}. Related specialty: {spec}."
            ),
            (_, Lang::Es) if self.insufficient => format!(
                "No hay información suficiente para orientar: pregunte qué siente, dónde, desde cuándo y \
                 qué tan fuerte es. Mientras tanto, {spec} puede evaluarlo."
            ),
            (_, Lang::En) if self.insufficient => format!(
                "Not enough information to orient: ask what the patient feels, where, since when and how \
                 strongly. Meanwhile, {spec} can see them."
            ),
            (Urgency::Within24h, Lang::Es) => format!(
                "Conviene que lo vean hoy o dentro de las próximas 24 horas: {spec}. Si empeora o aparecen \
                 signos de alarma, acuda a emergencias."
            ),
            (Urgency::Within24h, Lang::En) => format!(
                "The patient should be seen today or within the next 24 hours: {spec}. If it gets worse or \
                 red flags appear, go to the emergency room."
            ),
            (Urgency::Routine, Lang::Es) => format!(
                "Puede reservar una cita regular con {spec}. Si empeora o aparecen signos de alarma, acuda a \
                 emergencias."
            ),
            (Urgency::Routine, Lang::En) => format!(
                "A regular appointment with {spec} is fine. If it gets worse or red flags appear, go to the \
                 emergency room."
            ),
        }
    }

    /// The result as a reader of `lang` sees it: red flags, evidence, advice and disclaimer in that
    /// language (specialty names stay as the clinic spells them).
    pub fn in_lang(&self, lang: Lang) -> Orientation {
        let mut o = self.clone();
        if lang == Lang::En {
            if self.red_flags_en.len() == self.red_flags.len() {
                o.red_flags = self.red_flags_en.clone();
            }
            for e in o.evidence.iter_mut().filter(|e| !e.concept_en.is_empty()) {
                e.concept = e.concept_en.clone();
            }
        }
        o.advice = self.advice_in(lang);
        o.disclaimer = self.disclaimer_in(lang).to_string();
        o
    }

    /// "An orientation, not a diagnosis", in `lang`.
    pub fn disclaimer_in(&self, lang: Lang) -> &'static str {
        lang.pick(
            super::DISCLAIMER,
            "Orientation, not a diagnosis: it does not replace an assessment by a health professional. \
             If anything gets worse, go to the emergency room.",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::orientation::{Engine, Query};

    #[test]
    fn the_emergency_instruction_exists_in_both_languages() {
        let engine = Engine::load();
        let r = engine.orient(
            &Query {
                text: "chest pain and sweating, pain going to my left arm",
                age: Some(60),
                sex: None,
            },
            &[],
        );
        assert!(r.emergency);
        assert!(r.advice_in(Lang::En).starts_with("Go to the emergency room now"));
        // the red flag and the evidence read in English too, never "(in Spanish)"
        let en = r.in_lang(Lang::En);
        assert!(!en.advice.contains("in Spanish"), "{}", en.advice);
        assert!(en.advice.contains("Chest pain with"), "{}", en.advice);
        assert!(en.red_flags.iter().all(|f| f.is_ascii()), "{:?}", en.red_flags);
        assert!(
            en.evidence.iter().any(|e| e.concept == "chest pain"),
            "{:?}",
            en.evidence
        );
        assert_eq!(r.in_lang(Lang::Es).red_flags, r.red_flags);
        assert!(r.advice_in(Lang::Es).starts_with("Acuda a emergencias ahora"));
        assert!(r.disclaimer_in(Lang::En).contains("not a diagnosis"));
    }

    #[test]
    fn routine_and_insufficient_advice_name_the_specialty() {
        let engine = Engine::load();
        let r = engine.orient(
            &Query {
                text: "me pica la piel, tengo ronchas",
                age: Some(30),
                sex: None,
            },
            &[],
        );
        assert!(!r.emergency);
        let spec = r.specialty.clone().unwrap();
        assert!(r.advice_in(Lang::En).contains(&spec));
        let nothing = engine.orient(
            &Query {
                text: "asdf",
                age: None,
                sex: None,
            },
            &[],
        );
        assert!(nothing.advice_in(Lang::En).starts_with("Not enough information"));
    }
}
