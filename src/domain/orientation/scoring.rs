//! Specialty scoring: concept weights, age/sex/pregnancy context, red-flag specialty,
//! mapping to the clinic's offered specialties and confidence calibration.

use std::collections::HashSet;

use super::data::{Atom, Data, Level};
use super::matcher::Match;
use super::numbers::Numbers;
use super::{Evidence, Query, Sex};

/// A child mentioned within this many content words of the start is taken to be the patient.
const EARLY_WORDS: usize = 6;

/// Indices of the specialties and context concepts the code refers to by name.
pub struct ContextIds {
    pub mg: usize,
    pub peds: usize,
    pub gyn: usize,
    pub nut: usize,
    c: Vec<usize>,
}

const CONTEXT: [&str; 35] = [
    "_young_infant",
    "_infant",
    "_child",
    "_female",
    "_male",
    "fever",
    "high_fever",
    "very_high_glucose",
    "hypoglycemia",
    "bp_very_high",
    "infant_mention",
    "child_mention",
    "adolescent_mention",
    "pregnant",
    "severe",
    "adult_mention",
    "bradycardia",
    "tachycardia_severe",
    "hypertension",
    "many_quantity",
    "past_history",
    "_early_child_mention",
    "chronic",
    "_acute",
    "_elderly",
    "resolved",
    "current",
    "elderly_mention",
    "checkup",
    "postpartum",
    "postnatal_mood",
    "rescue_fail",
    "_weeks",
    "booking_request",
    "referral",
];
const YOUNG_INFANT: usize = 0;
const INFANT: usize = 1;
const CHILD: usize = 2;
const FEMALE: usize = 3;
const MALE: usize = 4;
const FEVER: usize = 5;
const HIGH_FEVER: usize = 6;
const VHG: usize = 7;
const HYPO: usize = 8;
const BP_HIGH: usize = 9;
const INFANT_M: usize = 10;
const CHILD_M: usize = 11;
const TEEN_M: usize = 12;
const PREGNANT: usize = 13;
const SEVERE: usize = 14;
const ADULT_M: usize = 15;
const BRADY: usize = 16;
const TACHY: usize = 17;
const HTN: usize = 18;
const MANY: usize = 19;
const PAST: usize = 20;
const EARLY_CHILD: usize = 21;
const CHRONIC: usize = 22;
const ACUTE: usize = 23;
const ELDERLY: usize = 24;
const RESOLVED: usize = 25;
const CURRENT: usize = 26;
const ELDERLY_M: usize = 27;
const CHECKUP: usize = 28;
const POSTPARTUM: usize = 29;
const POSTNATAL_MOOD: usize = 30;
const RESCUE_FAIL: usize = 31;
const WEEKS: usize = 32;
const REQUEST: usize = 33;
const REFERRAL: usize = 34;
/// how many content words after a request to book a specialist may be named ("quiero turno
/// con el neuro", "que lo vea una nutricionista")
const REQUEST_REACH: usize = 4;
/// a specialist asked for by name weighs this many times what a mention of one does
const REQUEST_BOOST: f64 = 2.5;
/// a specialist named at most this many content words before a referral sent the patient
const REFERRER_REACH: usize = 2;
/// age from which a fainting or a confusion is an emergency by itself
const ELDERLY_AGE: f64 = 65.0;
/// an event this many days ago or more, already looked after, is history rather than a red flag
const REMOTE_DAYS: f64 = 7.0;

impl ContextIds {
    pub fn resolve(d: &Data) -> Result<ContextIds, String> {
        let spec = |code: &str| {
            d.specialties
                .iter()
                .position(|s| s.code == code)
                .ok_or(format!("specialties.tsv: missing {code}"))
        };
        let mut c = Vec::new();
        for name in CONTEXT {
            c.push(
                *d.concept_index
                    .get(name)
                    .ok_or(format!("concepts.tsv: missing context concept {name}"))?,
            );
        }
        Ok(ContextIds {
            mg: spec("MG")?,
            peds: spec("PED")?,
            gyn: spec("GIN")?,
            nut: spec("NUT")?,
            c,
        })
    }
}

/// Everything known about the complaint before scoring.
pub struct Context {
    /// a long-standing or recurring problem: it belongs with the specialist, not general practice
    pub chronic: bool,
    /// concept present and not negated (after adding facts from numbers and the query)
    pub present: Vec<bool>,
    /// what the red-flag gate sees: `present` without past episodes already looked after
    /// ("el mes pasado tuve dolor de pecho, ya me hicieron el electro")
    pub gate: Vec<bool>,
    /// syndromes that hold: (index in `syndromes.tsv`, the alternative that held)
    pub syndromes: Vec<(usize, usize)>,
    /// concepts that score (present and not inside a longer finding)
    pub scoring: Vec<bool>,
    /// specialists named right after a request to book ("quiero turno con el neurólogo", "I'd
    /// like to see a dermatologist"): whom the visit is for, not a doctor mentioned in passing
    /// ("el cardiólogo ya me revisó")
    pub requested: Vec<bool>,
    /// the specialist who sent the patient ("la pediatra dijo que vea..."): not whom the visit
    /// is for
    pub referrer: Vec<bool>,
    /// concepts told only as absent ("me salió negativo el VIH"): when nothing else is told they
    /// are what the visit is about, and point to their specialty at a low weight
    pub only_negated: Vec<bool>,
    pub age: Option<f64>,
    pub child: bool,
    pub sex: Option<Sex>,
    pub level: Level,
}

impl Context {
    pub fn build(
        d: &Data,
        ids: &ContextIds,
        q: &Query,
        nums: &Numbers,
        matches: &[Match],
        now_words: &[u32],
        report_words: &[u32],
    ) -> Context {
        let mut present = vec![false; d.concepts.len()];
        // every non-negated finding counts for the red-flag gate ...
        for m in matches.iter().filter(|m| !m.negated) {
            if let Some(p) = present.get_mut(m.concept) {
                *p = true;
            }
        }
        // ... but a finding inside a longer one does not score on its own
        let mut only_negated = vec![false; d.concepts.len()];
        for m in matches.iter().filter(|m| m.negated && !m.subsumed) {
            if let Some(p) = only_negated.get_mut(m.concept) {
                *p = true;
            }
        }
        for (o, p) in only_negated.iter_mut().zip(&present) {
            *o &= !*p;
        }
        let mut scoring = vec![false; d.concepts.len()];
        for m in matches.iter().filter(|m| !m.negated && !m.subsumed) {
            if let Some(p) = scoring.get_mut(m.concept) {
                *p = true;
            }
        }
        let has = |present: &[bool], k: usize| present.get(ids.c[k]).copied().unwrap_or(false);
        let set = |present: &mut Vec<bool>, k: usize| {
            if let Some(p) = present.get_mut(ids.c[k]) {
                *p = true;
            }
        };
        // a child or baby mentioned early in the complaint is the patient ("mi hijo tiene..."); one
        // mentioned late is context ("...snapping at the kids", "my daughter is worried")
        let first_at = |k: usize| {
            matches
                .iter()
                .filter(|m| !m.negated && m.concept == ids.c[k])
                .map(|m| m.start)
                .min()
        };
        let early = |k: usize| {
            matches.iter().any(|m| {
                !m.negated
                    && m.concept == ids.c[k]
                    && m.start <= EARLY_WORDS
                    && (m.possessive || !m.after_first_person)
            })
        };
        // "mi hijo se tomó las pastillas de mi abuela": the child named first is the patient
        // ... but a teenager ("mi hijo adolescente", "she's 16 and drinks vodka") is not a child
        let adult_first = has(&present, TEEN_M)
            || first_at(ADULT_M).is_some_and(|a| first_at(CHILD_M).is_none_or(|c| a < c));
        // "desde que nació mi bebé lloro todo el día", "di a luz hace 3 días": the mother speaks
        // about herself, the baby is not the patient
        let mother_speaks = has(&present, POSTPARTUM) || has(&present, POSTNATAL_MOOD);
        // ("tuve mi tercer hijo hace 8 meses y se me escapa la orina": the child she had, too)
        let early = |k: usize| !(mother_speaks && (k == INFANT_M || k == CHILD_M)) && early(k);
        if early(INFANT_M) || early(CHILD_M) {
            set(&mut present, EARLY_CHILD);
        }
        // age: query first, then text, then words like "bebé", "mi hijo"
        let age = q.age.map(f64::from).or(nums.age).or_else(|| {
            if early(INFANT_M) {
                Some(0.5)
            } else if adult_first {
                None
            } else if early(CHILD_M) {
                Some(6.0)
            } else {
                None
            }
        });
        if let Some(a) = age {
            if (12.0..18.0).contains(&a) {
                set(&mut present, TEEN_M);
            }
            if a < 0.25 {
                set(&mut present, YOUNG_INFANT);
            }
            if a < 1.0 {
                set(&mut present, INFANT);
            }
            if a < 14.0 {
                set(&mut present, CHILD);
            }
        }
        if nums.pregnancy_weeks.is_some() {
            set(&mut present, PREGNANT);
        }
        let sex = q.sex.or(if has(&present, PREGNANT) {
            Some(Sex::Female)
        } else {
            None
        });
        match sex {
            Some(Sex::Female) => set(&mut present, FEMALE),
            Some(Sex::Male) => set(&mut present, MALE),
            None => {}
        }
        if let Some(t) = nums.temp_c {
            if t >= 38.0 {
                set(&mut present, FEVER);
            }
            if t >= 39.5 {
                set(&mut present, HIGH_FEVER);
            }
        }
        if has(&present, HIGH_FEVER) {
            set(&mut present, FEVER);
        }
        if let Some(g) = nums.glucose {
            if g < 70.0 {
                set(&mut present, HYPO);
            }
            if g >= 300.0 {
                set(&mut present, VHG);
            }
        }
        if let Some(p) = nums.pulse {
            if p <= 45.0 {
                set(&mut present, BRADY);
            }
            if p >= 150.0 {
                set(&mut present, TACHY);
            }
        }
        if nums.systolic.is_some_and(|s| s >= 180.0) || nums.diastolic.is_some_and(|d| d >= 120.0) {
            set(&mut present, BP_HIGH);
        }
        if nums.systolic.is_some_and(|s| s >= 140.0) || nums.diastolic.is_some_and(|d| d >= 90.0) {
            set(&mut present, HTN);
        }
        if nums.pill_count.is_some() {
            set(&mut present, MANY);
        }
        // a reliever used six times or more today is a reliever that does not last
        if nums.reliever_uses.is_some() {
            set(&mut present, RESCUE_FAIL);
        }
        if nums.years_ago.is_some_and(|y| y >= 1.0) {
            set(&mut present, PAST);
        }
        if nums.acute_hours.is_some() {
            set(&mut present, ACUTE);
        }
        if nums.duration_days.is_some_and(|d| d >= 60.0) {
            set(&mut present, CHRONIC);
        }
        // "for two weeks": not a thing of hours or days, not yet long-standing
        if nums.duration_days.is_some_and(|d| d >= 7.0) {
            set(&mut present, WEEKS);
        }
        // an older person named without an age ("mi abuela se resbaló") counts as older
        if age.is_some_and(|a| a >= ELDERLY_AGE) || (age.is_none() && has(&present, ELDERLY_M)) {
            set(&mut present, ELDERLY);
        }
        // Time and care: a finding told in a clause about the past ("hace 2 años", "last month",
        // "de niño") of a complaint that says it was looked after ("ya me revisaron", "doing
        // well now") is history: it still points to a specialty but is no red flag, unless the
        // same clause says it is happening now.
        let clauses_of = |k: usize| -> Vec<u32> {
            matches
                .iter()
                .filter(|m| !m.negated && m.concept == ids.c[k])
                .map(|m| m.clause)
                .collect()
        };
        let mut past_clauses = clauses_of(PAST);
        past_clauses.extend(
            nums.ago
                .iter()
                .filter(|(d, _)| *d >= REMOTE_DAYS)
                .map(|(_, c)| *c),
        );
        // what care said about it ("en emergencia nos dijeron que fue una convulsión febril", "they
        // said it wasn't a heart attack") belongs to that past episode
        if !past_clauses.is_empty() {
            past_clauses.extend_from_slice(report_words);
        }
        let mut now_clauses = clauses_of(CURRENT);
        now_clauses.extend_from_slice(now_words);
        // asking for a check-up or a follow-up about it is care context too ("tuve un derrame hace
        // 3 años y quiero control"): the complaint books a visit about something looked after
        let resolved = has(&present, RESOLVED) || has(&present, CHECKUP);
        // a later clause of the same sentence keeps its time ("six months ago he had a mini
        // stroke, his arm went weak for ten minutes") unless a clause in between says now
        let sentence = |c: u32| c / super::normalize::SENTENCE;
        let past = |c: u32| {
            past_clauses.iter().any(|&p| {
                p == c
                    || (p < c && sentence(p) == sentence(c) && !now_clauses.iter().any(|&n| n >= p && n <= c))
            })
        };
        let historic = |m: &Match| resolved && past(m.clause) && !now_clauses.contains(&m.clause);
        let mut gate = present.clone();
        // the words that tell the time and the care are never history themselves: "none since"
        // in a complaint that asks for a certificate still says the seizure is past
        let time_words = [PAST, RESOLVED, CURRENT, CHECKUP, CHRONIC].map(|k| ids.c[k]);
        for (c, g) in gate.iter_mut().enumerate() {
            if time_words.contains(&c) {
                continue;
            }
            let mut ms = matches.iter().filter(|m| m.concept == c && !m.negated).peekable();
            if ms.peek().is_some() && ms.all(historic) {
                *g = false;
            }
        }
        // syndromes: several findings together (file order; each is scored as its own concept)
        let mut syndromes = Vec::new();
        for (si, syn) in d.syndromes.iter().enumerate() {
            if let Some(alt) = super::data::holds(&syn.any_of, &present) {
                syndromes.push((si, alt));
                for v in [&mut present, &mut gate] {
                    if let Some(p) = v.get_mut(syn.concept) {
                        *p = true;
                    }
                }
            }
        }
        let scoring_present = present
            .iter()
            .enumerate()
            .any(|(i, p)| *p && d.concepts.get(i).is_some_and(|c| !c.weights.is_empty()));
        // a past episode already looked after sets no urgency (it is booked, not seen today)
        let mut level = if gate
            .iter()
            .enumerate()
            .any(|(i, p)| *p && d.concepts.get(i).is_some_and(|c| c.level == Level::Within24h))
        {
            Level::Within24h
        } else {
            Level::Routine
        };
        if scoring_present
            && (has(&present, SEVERE)
                || has(&present, HIGH_FEVER)
                || (has(&present, INFANT) && has(&present, FEVER)))
        {
            level = Level::Within24h;
        }
        let child = has(&present, CHILD);
        for (i, p) in present.iter().enumerate() {
            // context facts derived above (age, fever from numbers...) also score
            if *p
                && !matches.iter().any(|m| m.concept == i)
                && let Some(s) = scoring.get_mut(i)
            {
                *s = true;
            }
        }
        // a syndrome explains the findings it is made of - every finding its rule names, not
        // only those of the alternative that held ("put on weight, tired, constipated" also
        // explains the dry skin and thinning hair of the same picture): they are not scored
        // again on their own
        for &(si, _) in &syndromes {
            let Some(syn) = d.syndromes.get(si) else {
                continue;
            };
            for a in syn.any_of.iter().flat_map(|alt| alt.iter()) {
                let members: &[usize] = match a {
                    Atom::Has(c) => std::slice::from_ref(c),
                    Atom::AtLeast(_, cs) => cs,
                    Atom::Not(_) => &[],
                };
                for &c in members {
                    if let Some(s) = scoring.get_mut(c) {
                        *s = false;
                    }
                }
            }
        }
        let requests: Vec<&Match> = matches
            .iter()
            .filter(|m| !m.negated && m.concept == ids.c[REQUEST])
            .collect();
        let mut requested = vec![false; d.concepts.len()];
        let mut referrer = vec![false; d.concepts.len()];
        for m in matches.iter().filter(|m| !m.negated) {
            let named = d.concepts.get(m.concept).is_some_and(|c| c.specialist);
            if !named {
                continue;
            }
            if requests
                .iter()
                .any(|r| r.clause == m.clause && r.start < m.start && m.start - r.start <= REQUEST_REACH)
                && let Some(x) = requested.get_mut(m.concept)
            {
                *x = true;
            }
        }
        // "la pediatra dijo que vea nutricionista", "my GP referred me to": the specialist
        // named just before a referral sent the patient, the visit is not for them; every
        // concept read only in that word goes with it ("pediatra" is also a child's check-up)
        let referrals: Vec<&Match> = matches
            .iter()
            .filter(|m| !m.negated && m.concept == ids.c[REFERRAL])
            .collect();
        let sent_by: Vec<(u32, usize)> = matches
            .iter()
            .filter(|m| {
                !m.negated
                    && d.concepts.get(m.concept).is_some_and(|c| c.specialist)
                    && referrals.iter().any(|r| {
                        r.clause == m.clause && r.start > m.start && r.start - m.start <= REFERRER_REACH
                    })
            })
            .map(|m| (m.clause, m.start))
            .collect();
        if !sent_by.is_empty() {
            for (c, r) in referrer.iter_mut().enumerate() {
                let mut of_c = matches.iter().filter(|m| !m.negated && m.concept == c).peekable();
                // asked for by name elsewhere wins over having sent the patient
                *r = of_c.peek().is_some()
                    && !requested.get(c).copied().unwrap_or(false)
                    && of_c.all(|m| sent_by.contains(&(m.clause, m.start)));
            }
        }
        Context {
            chronic: has(&present, CHRONIC),
            requested,
            referrer,
            gate,
            syndromes,
            present,
            scoring,
            only_negated,
            age,
            child,
            sex,
            level,
        }
    }
}

/// Lead of specialists over general practice (summed over the findings) from which the complaint
/// counts as having organ evidence, and how much of their general-practice weight unspecific
/// findings keep then.
const ORGAN_EVIDENCE: f64 = 2.5;
const GENERAL_DAMP: f64 = 0.3;
/// what a background condition (tag `background`) keeps of its weights when the other findings
/// point to a specialist
const BACKGROUND_DAMP: f64 = 0.35;
const HISTORY_WEIGHT: f64 = 0.5;
/// weight of a finding told only as absent, when nothing is told as present
const NEGATED_WEIGHT: f64 = 0.35;
/// the most a reading from findings told as absent may claim
const ABSENT_CONFIDENCE: f64 = 0.45;

pub struct Scored {
    /// unspecific findings were damped because organ evidence was found
    pub sink: bool,
    /// background conditions (diabetes, high blood pressure...) were damped because the
    /// complaint's own findings point to a specialist
    pub background: bool,
    pub top: Option<usize>,
    pub confidence: f64,
    pub alternatives: Vec<(usize, f64)>,
    /// total weight of the findings that point to a specialty (0 = nothing usable)
    pub evidence_weight: f64,
}

/// Offered names -> indices of the reference specialties (accent/case-insensitive).
pub fn offered_indices(d: &Data, offered: &[&str]) -> Vec<usize> {
    let key = |s: &str| {
        super::normalize::raw_tokens(s)
            .into_iter()
            .map(|t| t.w)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let wanted: HashSet<String> = offered.iter().map(|s| key(s)).collect();
    let idx: Vec<usize> = d
        .specialties
        .iter()
        .enumerate()
        .filter(|(_, s)| wanted.contains(&key(s.name)))
        .map(|(i, _)| i)
        .collect();
    if idx.is_empty() {
        (0..d.specialties.len()).collect()
    } else {
        idx
    }
}

/// The nearest offered specialty to `s` (itself, its fallbacks, then Medicina General, then any).
/// Per-specialty scores moved onto the specialties the clinic offers (`map_offered`) and
/// ranked, highest first (ties by specialty order); zero scores left out.
fn ranked_offered(d: &Data, scores: &[f64], offered: &[usize]) -> Vec<(usize, f64)> {
    let mut merged = vec![0.0f64; d.specialties.len()];
    for (i, v) in scores.iter().enumerate() {
        if *v > 0.0
            && let Some(x) = map_offered(d, i, offered).and_then(|t| merged.get_mut(t))
        {
            *x += v;
        }
    }
    let mut ranked: Vec<(usize, f64)> = merged
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, v)| *v > 0.0)
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked
}

pub fn map_offered(d: &Data, s: usize, offered: &[usize]) -> Option<usize> {
    if offered.contains(&s) {
        return Some(s);
    }
    if let Some(sp) = d.specialties.get(s) {
        for f in &sp.fallbacks {
            if offered.contains(f) {
                return Some(*f);
            }
        }
    }
    if offered.contains(&0) {
        Some(0)
    } else {
        offered.first().copied()
    }
}

pub fn score(d: &Data, ids: &ContextIds, ctx: &Context, fired: &[usize], offered: &[usize]) -> Scored {
    let n = d.specialties.len();
    let mut s = vec![0.0f64; n];
    let mut evidence_weight = 0.0;
    let male = ctx.sex == Some(Sex::Male);
    // General practice as a sink: unspecific findings (fever, tiredness...) count for Medicina
    // General only when nothing organ-specific was found.
    let scoring_concepts = || {
        d.concepts
            .iter()
            .enumerate()
            .filter(|(ci, c)| ctx.scoring.get(*ci).copied().unwrap_or(false) && !c.weights.is_empty())
    };
    // how far each finding points to a specialist rather than to general practice
    let lead = |c: &super::data::Concept| -> f64 {
        let mg: f64 = c
            .weights
            .iter()
            .filter(|(sp, _)| *sp == ids.mg)
            .map(|(_, w)| *w)
            .sum();
        let best = c
            .weights
            .iter()
            .filter(|(sp, _)| *sp != ids.mg)
            .map(|(_, w)| *w)
            .fold(0.0f64, f64::max);
        (best - mg).max(0.0)
    };
    let organ: f64 = scoring_concepts()
        .filter(|(_, c)| !c.general)
        .map(|(_, c)| lead(c))
        .sum();
    let sink = organ >= ORGAN_EVIDENCE && scoring_concepts().any(|(_, c)| c.general);
    // A background condition (diabetes, high blood pressure, stress...) is context when the
    // complaint itself points to a specialist: the same lead, counted without the backgrounds
    // and without diet (the diet for a condition belongs with that condition's specialist:
    // "tengo prediabetes y quiero saber qué comer" is Endocrinología). It then keeps its weight
    // only for the specialties the complaint's own findings point to.
    let presenting: f64 = scoring_concepts()
        .filter(|(_, c)| !c.general && !c.background)
        .filter(|(_, c)| {
            let top = c.weights.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1));
            top.is_none_or(|(sp, _)| sp != ids.nut)
        })
        .map(|(_, c)| lead(c))
        .sum();
    let background = presenting >= ORGAN_EVIDENCE && scoring_concepts().any(|(_, c)| c.background);
    let mut supported = vec![false; n];
    for (_, c) in scoring_concepts().filter(|(_, c)| !c.general && !c.background) {
        for &(sp, _) in c.weights.iter() {
            if let Some(x) = supported.get_mut(sp) {
                *x = true;
            }
        }
    }
    for (ci, c) in scoring_concepts() {
        // an acute finding in a past episode already looked after still points to its
        // specialty, at half weight (it is not acute any more)
        let past = if ctx.gate.get(ci).copied().unwrap_or(true) || c.level != Level::Within24h {
            1.0
        } else {
            HISTORY_WEIGHT
        };
        // a specialist asked for by name ("quiero turno con el neuro") is whom the visit is for
        let asked = if ctx.requested.get(ci).copied().unwrap_or(false) {
            REQUEST_BOOST
        } else if ctx.referrer.get(ci).copied().unwrap_or(false) {
            0.0
        } else {
            1.0
        };
        let damp = |sp: usize, w: f64| {
            past * asked
                * if sink && c.general && sp == ids.mg {
                    GENERAL_DAMP * w
                } else if background && c.background && !supported.get(sp).copied().unwrap_or(false) {
                    BACKGROUND_DAMP * w
                } else {
                    w
                }
        };
        let weights: Vec<(usize, f64)> = c.weights.iter().map(|&(sp, w)| (sp, damp(sp, w))).collect();
        let total: f64 = weights.iter().map(|(_, w)| *w).sum();
        evidence_weight += total;
        if ctx.child && !c.keep_in_child {
            // a child goes to Pediatría; the specialists stay as alternatives
            s[ids.peds] += total;
            for &(sp, w) in &weights {
                s[sp] += 0.25 * w;
            }
        } else {
            for &(sp, w) in &weights {
                // chronic or recurring: general practice has usually seen it already
                s[sp] += if ctx.chronic && sp == ids.mg { 0.4 * w } else { w };
            }
            if ctx.child {
                s[ids.peds] += 0.3 * total;
            }
        }
    }
    // nothing told as present: the findings told as absent say what the visit is about
    let from_absent = evidence_weight <= 0.0 && fired.is_empty();
    if from_absent {
        for (ci, c) in d.concepts.iter().enumerate() {
            if !ctx.only_negated.get(ci).copied().unwrap_or(false) || c.general {
                continue;
            }
            for &(sp, w) in &c.weights {
                let w = NEGATED_WEIGHT * w;
                s[if ctx.child && !c.keep_in_child {
                    ids.peds
                } else {
                    sp
                }] += w;
                evidence_weight += w;
            }
        }
    }
    if male {
        s[ids.mg] += s[ids.gyn] * 0.3;
        s[ids.gyn] = 0.0;
    }
    // the first red flag that fired (file order = priority) names the related specialty
    if let Some(r) = fired.first().and_then(|&f| d.redflags.get(f)) {
        let sp = if ctx.child {
            r.child_specialty.unwrap_or(r.specialty)
        } else {
            r.specialty
        };
        // the emergency pathway decides the specialty: it outranks every other finding
        let best = s.iter().copied().fold(0.0f64, f64::max);
        s[sp] += 8.0 + best;
        evidence_weight += 8.0;
    }
    s[ids.mg] += 0.4; // weak prior: general practice when nothing points elsewhere
    let ranked = ranked_offered(d, &s, offered);
    let total: f64 = ranked.iter().map(|(_, v)| v).sum();
    let Some(&(top, top_v)) = ranked.first() else {
        return Scored {
            sink,
            background,
            top: map_offered(d, 0, offered),
            confidence: 0.1,
            alternatives: vec![],
            evidence_weight,
        };
    };
    // Calibration: the share of the evidence held by a specialty, damped when the
    // evidence is thin (one weak finding) — see the module docs for the figures.
    let conf = |v: f64| -> f64 {
        if total <= 0.0 {
            return 0.0;
        }
        let share = v / total;
        let strength = 1.0 - (-v / 2.5).exp();
        let c = calibrate((0.25 + 0.72 * share.sqrt() * strength).clamp(0.0, 0.97));
        // a reading from findings told as absent is a guess about the topic
        if from_absent { c.min(ABSENT_CONFIDENCE) } else { c }
    };
    let alternatives = ranked
        .iter()
        .skip(1)
        .take(3)
        .map(|&(i, v)| (i, conf(v) * (v / top_v)))
        .filter(|(_, c)| *c >= 0.05)
        .collect();
    Scored {
        sink,
        background,
        top: Some(top),
        confidence: conf(top_v),
        alternatives,
        evidence_weight,
    }
}

/// Reliability map from the raw evidence share to the observed accuracy, piecewise linear between
/// the knots. Fitted (orient-1.2.0) by isotonic regression of "right or not" on the confidence
/// over the dev set and held-out sets A-F (1,406 complaints, `insufficient` ones left out), and
/// averaged with the same fit over the four least-tuned sets (C, D, F es/en, 667 complaints), so
/// that sets tuned to ~1.00 do not make it promise more than unseen text gets; capped at 0.95.
/// Measured ECE with it: dev 0.093, A 0.096, B 0.099, C 0.068, D 0.045, E 0.049/0.068,
/// F 0.062/0.081, pooled 0.045 (see ARCHITECTURE.md). Below 0.55 (18 complaints) the earlier
/// map, fitted on first runs of A and B, is kept.
const CALIBRATION: [(f64, f64); 10] = [
    (0.0, 0.0),
    (0.25, 0.25),
    (0.45, 0.48),
    (0.57, 0.72),
    (0.62, 0.77),
    (0.66, 0.85),
    (0.70, 0.92),
    (0.80, 0.93),
    (0.85, 0.95),
    (1.0, 0.95),
];

fn calibrate(raw: f64) -> f64 {
    let x = raw.clamp(0.0, 1.0);
    for w in CALIBRATION.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        if x <= x1 {
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0).max(f64::EPSILON);
        }
    }
    0.95
}

/// Evidence list: one entry per concept found (present or negated), in text order.
pub fn evidence(d: &Data, ids: &ContextIds, matches: &[Match], ctx: &Context) -> Vec<Evidence> {
    let mut seen = HashSet::new();
    let mut ms: Vec<&Match> = matches.iter().collect();
    ms.sort_by_key(|m| m.start);
    let mut out = Vec::new();
    for m in ms {
        if !seen.insert((m.concept, m.negated)) {
            continue;
        }
        let Some(c) = d.concepts.get(m.concept) else {
            continue;
        };
        let supports = if ctx.child && !c.keep_in_child && !c.weights.is_empty() {
            d.specialties.get(ids.peds).map(|s| s.name.to_string())
        } else {
            c.weights
                .iter()
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .and_then(|(i, _)| d.specialties.get(*i))
                .map(|s| s.name.to_string())
        };
        out.push(Evidence {
            term: m.term.clone(),
            concept: c.label.to_string(),
            concept_en: c.label_en.to_string(),
            supports,
            negated: m.negated,
        });
    }
    // each syndrome that holds, with the findings that make it up
    for &(si, alt) in &ctx.syndromes {
        let Some(syn) = d.syndromes.get(si) else {
            continue;
        };
        let Some(c) = d.concepts.get(syn.concept) else {
            continue;
        };
        let members: Vec<usize> = syn
            .any_of
            .get(alt)
            .into_iter()
            .flatten()
            .flat_map(|a| match a {
                Atom::Has(c) => vec![*c],
                Atom::AtLeast(_, cs) => cs.to_vec(),
                Atom::Not(_) => vec![],
            })
            .collect();
        let mut terms: Vec<&str> = Vec::new();
        for m in matches
            .iter()
            .filter(|m| !m.negated && members.contains(&m.concept))
        {
            if !terms.contains(&m.term.as_str()) {
                terms.push(&m.term);
            }
        }
        out.push(Evidence {
            term: terms.join(" + "),
            concept: c.label.to_string(),
            concept_en: c.label_en.to_string(),
            supports: c
                .weights
                .iter()
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .and_then(|(i, _)| d.specialties.get(*i))
                .map(|s| s.name.to_string()),
            negated: false,
        });
    }
    out
}

/// What the whole-picture back-off decided (`picture.rs`).
pub struct BackOff {
    pub top: usize,
    pub confidence: f64,
    pub alternatives: Vec<(usize, f64)>,
}

/// Below this summed vote the complaint's words say too little to act on.
const PICTURE_MIN_VOTE: f64 = 0.6;
/// The least vote the specialty the words choose must gather (about one specific word).
const PICTURE_MIN_TOP: f64 = 0.9;
/// ... and at least this many words must support it most.
const PICTURE_MIN_WORDS: usize = 2;
/// A reading from words alone, not from a finding, never claims more.
const PICTURE_MAX_CONFIDENCE: f64 = 0.75;

/// When the patterns found nothing usable: the specialty the complaint's words vote for, merged
/// into the offered ones, at a confidence from its share of the vote (at most 0.75). `None` when
/// the words say too little (the complaint stays with the usual default).
pub fn back_off(d: &Data, pic: &super::picture::Picture, offered: &[usize]) -> Option<BackOff> {
    let vtotal = pic.total();
    if vtotal < PICTURE_MIN_VOTE {
        return None;
    }
    let ranked = ranked_offered(d, &pic.votes, offered);
    let &(top, top_v) = ranked.first()?;
    // one word alone is no picture ("playing" in "my cat scratched me while playing")
    if top_v < PICTURE_MIN_TOP || pic.words_for(top, PICTURE_MIN_WORDS).len() < PICTURE_MIN_WORDS {
        return None;
    }
    let confidence = (0.2 + 0.6 * top_v / vtotal).min(PICTURE_MAX_CONFIDENCE);
    let alternatives = ranked
        .iter()
        .skip(1)
        .take(3)
        .map(|&(i, v)| (i, confidence * v / top_v))
        .filter(|(_, c)| *c >= 0.05)
        .collect();
    Some(BackOff {
        top,
        confidence,
        alternatives,
    })
}
