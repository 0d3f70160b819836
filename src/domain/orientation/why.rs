//! One short line added to the evidence when the recommendation is not what most of the evidence
//! terms point to, or when a red flag was read as a past episode: a receptionist reads it.

use std::collections::HashMap;

use super::Evidence;
use super::data::Data;
use super::redflags;
use super::scoring::{Context, ContextIds, Scored};

fn entry(d: &Data, top: Option<usize>, es: String, en: String) -> Evidence {
    let name = top.and_then(|t| d.specialties.get(t)).map(|s| s.name.to_string());
    Evidence {
        term: name.clone().unwrap_or_default(),
        concept: es,
        concept_en: en,
        supports: name,
        negated: false,
    }
}

/// The specialty most evidence terms support (ties: the first in text order).
pub fn majority(evidence: &[Evidence]) -> Option<&str> {
    let mut count: HashMap<&str, (usize, usize)> = HashMap::new();
    for (i, e) in evidence.iter().enumerate().filter(|(_, e)| !e.negated) {
        if let Some(s) = e.supports.as_deref() {
            count.entry(s).or_insert((0, i)).0 += 1;
        }
    }
    count
        .into_iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
        .map(|(s, _)| s)
}

pub fn line(
    d: &Data,
    ids: &ContextIds,
    ctx: &Context,
    fired: &[usize],
    scored: &Scored,
    top: Option<usize>,
    evidence: &[Evidence],
) -> Option<Evidence> {
    // a red flag that would fire on a past episode already looked after
    if fired.is_empty()
        && let Some(r) = redflags::evaluate(&d.redflags, &ctx.present)
            .first()
            .and_then(|&i| d.redflags.get(i))
    {
        return Some(entry(
            d,
            top,
            format!(
                "episodio pasado ya atendido, no es un signo de alarma actual ({})",
                r.label
            ),
            format!(
                "past episode already looked after, not a current red flag ({})",
                r.label_en
            ),
        ));
    }
    let top_name = d.specialties.get(top?)?.name;
    if majority(evidence).is_none_or(|m| m == top_name) {
        return None;
    }
    let top_i = top?;
    if let Some(r) = fired.first().and_then(|&i| d.redflags.get(i)) {
        return Some(entry(
            d,
            top,
            format!("el signo de alarma decide: {}", r.label),
            format!("the red flag decides: {}", r.label_en),
        ));
    }
    let syndrome = ctx.syndromes.iter().find_map(|&(si, _)| {
        let c = d.concepts.get(d.syndromes.get(si)?.concept)?;
        let best = c.weights.iter().max_by(|a, b| a.1.total_cmp(&b.1))?.0;
        (d.specialties.get(best)?.name == top_name).then_some(c)
    });
    if let Some(c) = syndrome {
        return Some(entry(
            d,
            top,
            format!("los síntomas juntos forman un cuadro: {}", c.label),
            format!("the symptoms together make a picture: {}", c.label_en),
        ));
    }
    if ctx.child && top_i == ids.peds {
        return Some(entry(
            d,
            top,
            "paciente menor de 14 años: Pediatría lo ve primero".to_string(),
            "patient under 14: Pediatría sees them first".to_string(),
        ));
    }
    if scored.background {
        return Some(entry(
            d,
            top,
            format!(
                "los antecedentes (diabetes, presión alta, estrés...) no deciden la especialidad: la molestia de hoy apunta a {top_name}"
            ),
            format!(
                "the background conditions (diabetes, high blood pressure, stress...) do not decide the specialty: today's complaint points to {top_name}"
            ),
        ));
    }
    if scored.sink && top_i != ids.mg {
        return Some(entry(
            d,
            top,
            format!("fiebre o cansancio acompañan a hallazgos de {top_name}: no deciden la especialidad"),
            format!("fever or tiredness come with findings for {top_name}: they do not decide the specialty"),
        ));
    }
    Some(entry(
        d,
        top,
        format!("{top_name} reúne el mayor peso de la evidencia, aunque más términos apunten a otra"),
        format!("{top_name} carries the most weight, although more terms point elsewhere"),
    ))
}
