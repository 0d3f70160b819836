//! Offline symptom orientation: a deterministic engine over clinician-editable data
//! embedded from `fixtures/orientation/`.
//!
//! Pipeline: normalise the text -> find lexicon concepts (with negation) and numbers
//! (age, temperature, glucose, blood pressure) -> **red-flag gate** -> specialty scoring
//! (age, sex and pregnancy context) -> map to the clinic's offered specialties ->
//! calibrated confidence, urgency, alternatives and evidence.
//!
//! The red-flag gate runs before scoring and its result cannot be changed by it: if any
//! red flag fires the answer is an emergency, whatever the scores say.

pub mod advice;
mod anaphora;
mod builtin;
mod data;
mod error;
mod matcher;
mod normalize;
mod numbers;
mod picture;
mod redflags;
mod scoring;
mod spelling;
pub mod store;
mod table;
#[cfg(test)]
mod tests;
mod why;

pub use self::error::OrientationError;
use serde::{Deserialize, Serialize};

use self::data::{Data, Level};

pub const ENGINE_VERSION: &str = "orient-1.16.0";

/// What a recommendation keeps of its confidence when most evidence terms point elsewhere.
const CONFLICT_DAMP: f64 = 0.8;
/// The most an emergency's related specialty claims (the emergency itself is the rules' call).
const EMERGENCY_CONFIDENCE: f64 = 0.9;

/// Shown with every result.
pub const DISCLAIMER: &str = "Orientación, no diagnóstico: no reemplaza la evaluación de un profesional de salud. \
Ante cualquier empeoramiento, acuda a emergencias.";

/// The 19 reference specialties (exact spelling).
pub const SPECIALTIES: [&str; 19] = [
    "Medicina General",
    "Cardiología",
    "Dermatología",
    "Gastroenterología",
    "Neurología",
    "Pediatría",
    "Traumatología",
    "Ginecología",
    "Oftalmología",
    "Otorrinolaringología",
    "Neumología",
    "Urología",
    "Endocrinología",
    "Psiquiatría",
    "Psicología",
    "Reumatología",
    "Nefrología",
    "Infectología",
    "Nutrición",
];

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Female,
    Male,
}

impl Sex {
    /// Accepts "f", "m", "female", "male", "mujer", "hombre", "femenino", "masculino" (any case).
    pub fn parse(s: &str) -> Option<Sex> {
        match s.trim().to_lowercase().as_str() {
            "f" | "female" | "mujer" | "femenino" | "fem" | "w" | "woman" => Some(Sex::Female),
            "m" | "male" | "hombre" | "masculino" | "masc" | "h" | "man" | "varon" | "varón" => {
                Some(Sex::Male)
            }
            _ => None,
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Urgency {
    #[serde(rename = "emergency")]
    Emergency,
    #[serde(rename = "within_24h")]
    Within24h,
    #[serde(rename = "routine")]
    Routine,
}

#[derive(Clone, Copy, Debug)]
pub struct Query<'a> {
    pub text: &'a str,
    pub age: Option<u32>,
    pub sex: Option<Sex>,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Alternative {
    pub specialty: String,
    pub confidence: f64,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Evidence {
    /// the words of the complaint (normalised) that matched
    pub term: String,
    /// what they were read as (Spanish label of the concept)
    pub concept: String,
    /// the same in English (shown instead of `concept` to English readers, see `in_lang`)
    #[serde(skip)]
    pub concept_en: String,
    /// the specialty this finding points to most, if any
    pub supports: Option<String>,
    /// true when the finding was negated ("no tengo fiebre") and did not count
    pub negated: bool,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Orientation {
    /// Recommended specialty (always one of the offered ones; also set for emergencies).
    pub specialty: Option<String>,
    /// 0..=1, how likely `specialty` is the right one.
    pub confidence: f64,
    pub emergency: bool,
    pub urgency: Urgency,
    pub alternatives: Vec<Alternative>,
    pub evidence: Vec<Evidence>,
    pub red_flags: Vec<String>,
    /// the same red flags in English (shown instead to English readers, see `in_lang`)
    #[serde(skip)]
    pub red_flags_en: Vec<String>,
    pub advice: String,
    pub insufficient: bool,
    pub disclaimer: String,
    pub engine_version: String,
    /// age used (from the query, or read from the text), in years
    pub age_years: Option<f64>,
}

pub struct Engine {
    /// a copy of the built-in tables' handles (`builtin::DATA`: slices into the binary)
    data: Data,
    ids: scoring::ContextIds,
}

impl Engine {
    /// The engine over its built-in knowledge. The data files were parsed and checked at build
    /// time (a data error fails the build with its file and line) and are static tables here, so
    /// this costs a few lookups; a failure is a build defect.
    pub fn load() -> Engine {
        match Engine::try_load() {
            Ok(e) => e,
            Err(e) => panic!("embedded orientation data is invalid: {e}"),
        }
    }

    /// Like [`Engine::load`] but returns the data error instead of panicking.
    pub fn try_load() -> Result<Engine, String> {
        let data = builtin::DATA.clone();
        let ids = scoring::ContextIds::resolve(&data)?;
        Ok(Engine { data, ids })
    }

    /// Orient one complaint. `offered`: the specialties the clinic offers (empty = all 19).
    pub fn orient(&self, q: &Query, offered: &[&str]) -> Orientation {
        let toks = anaphora::refer_back(spelling::resolve(
            normalize::normalize(q.text, &self.data.speller),
            &self.data,
        ));
        let nums = numbers::extract_with(&toks, &|w| self.data.first_word.get(w).is_some());
        let (matches, negated_toks) = matcher::find_scoped(&toks, &self.data);
        let now = matcher::clauses_with(&toks, &self.data.words.now);
        let reported = matcher::clauses_with(&toks, &self.data.words.report);
        let ctx = scoring::Context::build(&self.data, &self.ids, q, &nums, &matches, &now, &reported);

        // 1. red-flag gate (first, final); past episodes already looked after do not count
        let fired = redflags::evaluate(&self.data.redflags, &ctx.gate);
        let emergency = !fired.is_empty();

        // 2. specialty scoring
        let offered_idx = scoring::offered_indices(&self.data, offered);
        let scored = scoring::score(&self.data, &self.ids, &ctx, &fired, &offered_idx);

        let insufficient = !emergency && scored.evidence_weight <= 0.0;
        let (mut specialty, mut confidence, mut alternatives) = if insufficient {
            // nothing usable in the text: a child still goes to Pediatría, anyone else to
            // Medicina General, both with a low confidence
            let base = if ctx.child { self.ids.peds } else { self.ids.mg };
            (
                scoring::map_offered(&self.data, base, &offered_idx),
                if ctx.child { 0.3 } else { 0.1 },
                Vec::new(),
            )
        } else {
            (scored.top, scored.confidence, scored.alternatives.clone())
        };
        let mut evidence = scoring::evidence(&self.data, &self.ids, &matches, &ctx);
        // 3. the whole-picture back-off, when the patterns' evidence is weak or conflicting
        let syndrome_decides = ctx.syndromes.iter().any(|&(si, _)| {
            self.data
                .syndromes
                .get(si)
                .and_then(|syn| self.data.concepts.get(syn.concept))
                .and_then(|c| c.weights.iter().max_by(|a, b| a.1.total_cmp(&b.1)))
                .is_some_and(|(sp, _)| Some(*sp) == specialty)
        });
        let top_name = specialty
            .and_then(|i| self.data.specialties.get(i))
            .map(|s| s.name);
        let conflict = why::majority(&evidence).is_some_and(|m| Some(m) != top_name);
        let mut backed = false;
        if insufficient && !ctx.child && !syndrome_decides {
            let pic = picture::vote(&toks, &negated_toks, &self.data);
            if let Some(b) = scoring::back_off(&self.data, &pic, &offered_idx) {
                let name = self
                    .data
                    .specialties
                    .get(b.top)
                    .map(|s| s.name)
                    .unwrap_or_default();
                let words = pic.words_for(b.top, 4);
                specialty = Some(b.top);
                confidence = b.confidence;
                alternatives = b.alternatives;
                backed = true;
                evidence.push(Evidence {
                    term: words.join(" + "),
                    concept: format!(
                        "ningún hallazgo completo: las palabras de la consulta, en conjunto, se parecen más a {name}"
                    ),
                    concept_en: format!("no complete finding: the complaint's words as a whole fit {name} best"),
                    supports: Some(name.to_string()),
                    negated: false,
                });
            }
        } else if conflict && !emergency {
            // most evidence terms point elsewhere: the answer is less sure than its share says
            // (first runs of sets M and N: right about half the time at a mean confidence of 0.83)
            confidence *= CONFLICT_DAMP;
            for a in &mut alternatives {
                a.1 *= CONFLICT_DAMP;
            }
        }
        if emergency {
            // the red flag decides the emergency, not the specialty named with it (sets M and N:
            // the specialty was right for 82 % of their first runs' emergencies)
            confidence = confidence.min(EMERGENCY_CONFIDENCE);
        }
        let specialty_name = specialty
            .and_then(|i| self.data.specialties.get(i))
            .map(|s| s.name.to_string());

        let urgency = if emergency {
            Urgency::Emergency
        } else if ctx.level == Level::Within24h {
            Urgency::Within24h
        } else {
            Urgency::Routine
        };

        let flags = || fired.iter().filter_map(|&i| self.data.redflags.get(i));
        let red_flags: Vec<String> = flags().map(|r| r.label.to_string()).collect();
        let red_flags_en: Vec<String> = flags().map(|r| r.label_en.to_string()).collect();
        if !backed
            && let Some(why) = why::line(&self.data, &self.ids, &ctx, &fired, &scored, specialty, &evidence)
        {
            evidence.push(why);
        }
        let mut result = Orientation {
            specialty: specialty_name,
            confidence: confidence.clamp(0.0, 1.0),
            emergency,
            urgency,
            alternatives: alternatives
                .into_iter()
                .filter_map(|(i, c)| {
                    self.data.specialties.get(i).map(|s| Alternative {
                        specialty: s.name.to_string(),
                        confidence: c.clamp(0.0, 1.0),
                    })
                })
                .collect(),
            evidence,
            red_flags,
            red_flags_en,
            advice: String::new(),
            insufficient,
            disclaimer: DISCLAIMER.to_string(),
            engine_version: ENGINE_VERSION.to_string(),
            age_years: ctx.age,
        };
        // The stored advice is the Spanish text of the one bilingual source (advice.rs).
        result.advice = result.advice_in(crate::i18n::Lang::Es);
        result
    }
}
