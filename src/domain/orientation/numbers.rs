//! Numbers in the complaint: the patient's age ("mi hijo de 3 años", "6 week old"),
//! temperature ("fiebre de 39,5", "102 F"), glucose ("el azúcar me salió 40") and blood
//! pressure ("180/110").

use super::normalize::Tok;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Numbers {
    /// age in years (fractional for babies)
    pub age: Option<f64>,
    /// temperature in °C
    pub temp_c: Option<f64>,
    /// glucose in mg/dL
    pub glucose: Option<f64>,
    pub systolic: Option<f64>,
    /// heart rate, beats per minute
    pub pulse: Option<f64>,
    pub diastolic: Option<f64>,
    /// "30 paracetamol tablets", "20 pastillas": a count of pills large enough to be an overdose
    pub pill_count: Option<f64>,
    /// "used my inhaler 10 times", "8 puffs of ventolin": the reliever used that often today
    /// (6 or more, not told per week or month): a reliever that does not last
    pub reliever_uses: Option<f64>,
    /// "hace 5 años", "10 years ago": the event is in the remote past
    pub years_ago: Option<f64>,
    /// "desde hace 3 meses", "for 10 years": how long the problem has lasted, in days
    pub duration_days: Option<f64>,
    /// "hace 20 minutos", "for 2 hours": started minutes or hours ago
    pub acute_hours: Option<f64>,
    /// "I'm 34 weeks", "tengo 30 semanas": weeks of pregnancy
    pub pregnancy_weeks: Option<f64>,
    /// "hace 2 meses", "3 weeks ago": how long ago something happened (days) and in which clause
    pub ago: Vec<(f64, u32)>,
}

fn word_number(w: &str) -> Option<f64> {
    let n = match w {
        "un" | "una" | "uno" | "one" | "a" | "an" => 1.0,
        "dos" | "two" => 2.0,
        "tres" | "three" => 3.0,
        "cuatro" | "four" => 4.0,
        "cinco" | "five" => 5.0,
        "seis" | "six" => 6.0,
        "siete" | "seven" => 7.0,
        "ocho" | "eight" => 8.0,
        "nueve" | "nine" => 9.0,
        "diez" | "ten" => 10.0,
        "once" | "eleven" => 11.0,
        "doce" | "twelve" => 12.0,
        "trece" | "thirteen" => 13.0,
        "catorce" | "fourteen" => 14.0,
        "quince" | "fifteen" => 15.0,
        _ => return None,
    };
    Some(n)
}

fn num(w: &str) -> Option<f64> {
    if w.chars().next().is_some_and(|c| c.is_ascii_digit()) && !w.contains('/') {
        w.parse::<f64>().ok().filter(|v| v.is_finite())
    } else {
        None
    }
}

/// a visit named by the interval after it ("my 1 year check", "the 2 year review")
const INTERVAL_VISIT: &[&str] = &[
    "check",
    "checkup",
    "review",
    "followup",
    "follow",
    "anniversary",
    "appointment",
    "visit",
    "scan",
    "service",
];
const YEAR: &[&str] = &["anos", "ano", "anitos", "years", "year", "yrs", "yr", "yo", "y"];
const MONTH: &[&str] = &["meses", "mes", "mesecitos", "months", "month", "mo", "mos"];
const WEEK: &[&str] = &[
    "semanas",
    "semana",
    "semanitas",
    "semanita",
    "weeks",
    "week",
    "wk",
    "wks",
];
const DAY: &[&str] = &["dias", "dia", "diitas", "days", "day"];
const DURATION_BEFORE: &[&str] = &[
    "hace", "desde", "durante", "por", "for", "since", "past", "last", "hasta", "cada", "every", "hacia",
    "tras", "after",
];
const BABY: &[&str] = &[
    "bebe",
    "bebito",
    "bebita",
    "guagua",
    "guagüita",
    "wawa",
    "nene",
    "nena",
    "hijo",
    "hija",
    "nino",
    "nina",
    "baby",
    "son",
    "daughter",
    "infant",
    "newborn",
    "lactante",
    "recien",
    "nieto",
    "nieta",
    "sobrino",
    "sobrina",
    "girl",
    "boy",
    "kid",
    "child",
    "toddler",
    "wee",
    "bairn",
    "paciente",
    "patient",
];
/// adult relatives whose age may follow without a unit ("mi papá de 80")
const RELATIVE: &[&str] = &[
    "papa",
    "mama",
    "padre",
    "madre",
    "abuelo",
    "abuela",
    "abuelito",
    "abuelita",
    "esposo",
    "esposa",
    "suegro",
    "suegra",
    "tio",
    "tia",
    "marido",
    "dad",
    "mum",
    "mom",
    "father",
    "mother",
    "grandma",
    "grandpa",
    "grandmother",
    "grandfather",
    "granny",
    "grandad",
    "nan",
    "husband",
    "wife",
];
/// sons, daughters and grandchildren, whose age may be written right after them ("my son (9)")
const CHILD_RELATIVE: &[&str] = &[
    "hijo",
    "hija",
    "nieto",
    "nieta",
    "sobrino",
    "sobrina",
    "son",
    "daughter",
    "grandson",
    "granddaughter",
    "nephew",
    "niece",
    "boy",
    "girl",
];
const PREGNANCY: &[&str] = &[
    "embarazada",
    "embarazo",
    "gestacion",
    "gestante",
    "pregnant",
    "pregnancy",
    "encinta",
];
const TEMP: &[&str] = &[
    "fiebre",
    "temperatura",
    "temp",
    "grados",
    "fever",
    "temperature",
    "calentura",
    "febril",
    "termometro",
    "thermometer",
    "c",
    "f",
];
const GLUC: &[&str] = &[
    "azucar", "glucosa", "glicemia", "glucemia", "sugar", "glucose", "hgt", "dextro",
];
const PULSE: &[&str] = &[
    "pulso",
    "pulse",
    "latidos",
    "lpm",
    "bpm",
    "cardiaca",
    "heart",
    "rate",
    "pulsaciones",
    "frecuencia",
    "hr",
    "fc",
    "corazon",
    "minuto",
    "minute",
];
const BP: &[&str] = &["presion", "pa", "pressure", "bp", "tension"];
const MINUTE: &[&str] = &["minutos", "minuto", "min", "mins", "minutes", "minute"];
const HOUR: &[&str] = &["horas", "hora", "hrs", "hr", "h", "hours", "hour"];
const PILLS: &[&str] = &[
    "pastillas",
    "pastilla",
    "tabletas",
    "tableta",
    "capsulas",
    "pildoras",
    "comprimidos",
    "pills",
    "tablets",
    "capsules",
    "paracetamol",
    "ibuprofeno",
    "ibuprofen",
    "aspirinas",
    "aspirin",
    "clonazepam",
    "diazepam",
    // brand and other names of paracetamol and ibuprofen (orient-1.6.0: "took about 20 Panadol")
    "acetaminophen",
    "acetaminofen",
    "panadol",
    "tylenol",
    "calpol",
    "crocin",
    "dolo",
    "nurofen",
    "advil",
    "motrin",
];
/// Words after a bare number that show it is not an age ("tengo 38 de fiebre", "peso 95 kilos").
const NOT_AGE_AFTER: &[&str] = &[
    "de",
    "grados",
    "degrees",
    "kilos",
    "kg",
    "kilo",
    "libras",
    "lbs",
    "pounds",
    "mg",
    "ml",
    "cm",
    "mm",
    "por",
    "x",
    "veces",
    "times",
    "horas",
    "hours",
    "dias",
    "days",
    "semanas",
    "weeks",
    "meses",
    "months",
    "pastillas",
    "pills",
    "tablets",
    "c",
    "f",
    "percent",
    "porciento",
];

/// Words between a duration's lead word and its number: "hace **más de** 1 hora", "for
/// **over** an hour", "for **about** 2 hours", "desde hace **casi** 3 horas".
/// words before "de N años" that make it a time spent together, not an age
const TOGETHER: &[&str] = &[
    "relacion",
    "matrimonio",
    "casados",
    "casada",
    "casado",
    "noviazgo",
    "novios",
    "juntos",
    "convivencia",
];

/// partners before "de N años": "mi novio de 5 años" is how long they have been together
const PARTNER: &[&str] = &[
    "novio",
    "novia",
    "pareja",
    "enamorado",
    "enamorada",
    "pololo",
    "polola",
    "esposo",
    "esposa",
    "marido",
];

/// how a reliever's uses are counted
const RELIEF_UNITS: &[&str] = &[
    "times",
    "veces",
    "puffs",
    "puff",
    "inhalaciones",
    "inhalacion",
    "disparos",
    "disparo",
    "aplicaciones",
    "pufs",
];

/// the reliever itself, by its kind or its brand
const RELIEVERS: &[&str] = &[
    "inhaler",
    "inhalers",
    "puffer",
    "reliever",
    "ventolin",
    "salbutamol",
    "albuterol",
    "inhalador",
    "inhaladores",
    "bombita",
    "bombilla",
    "puff",
    "puffs",
    "disparos",
    "disparo",
    "inhalaciones",
    "inhalacion",
];

/// words after an episode's length that make it recurring ("for an hour every morning")
const RECURRING: &[&str] = &[
    "every", "each", "cada", "todas", "todos", "daily", "diario", "diaria", "mornings", "mananas",
];

const DURATION_MODIFIERS: &[&str] = &[
    "mas",
    "de",
    "casi",
    "unos",
    "unas",
    "como",
    "aprox",
    "aproximadamente",
    "over",
    "more",
    "than",
    "about",
    "around",
    "almost",
    "nearly",
    "like",
    "at",
    "least",
    "menos",
    "poco",
];

/// The word before a number, skipping the duration modifiers ("hace más de 1" -> "hace").
fn lead_word(toks: &[Tok], i: usize) -> &str {
    let mut j = i;
    while j > 0 && i - j < 3 && DURATION_MODIFIERS.contains(&toks[j - 1].w.as_str()) {
        j -= 1;
    }
    if j == 0 { "" } else { toks[j - 1].w.as_str() }
}

fn prev2_is(toks: &[Tok], i: usize, w: &str) -> bool {
    i > 1 && toks[i - 2].w == w
}

fn near(toks: &[Tok], i: usize, before: usize, after: usize, set: &[&str]) -> bool {
    let lo = i.saturating_sub(before);
    let hi = (i + after).min(toks.len().saturating_sub(1));
    (lo..=hi).any(|j| j != i && set.contains(&toks[j].w.as_str()))
}

/// the child a pregnancy is with ("34 weeks with my first", "with our second baby")
const FIRST_CHILD: &[&str] = &[
    "first", "second", "third", "1st", "2nd", "3rd", "baby", "twins", "bump",
];

/// A count told per day: "11 pastillas al día", "9 tablets a day", "8 pills daily" (within the
/// next four words of the number's clause).
fn per_day(toks: &[Tok], i: usize) -> bool {
    let next: Vec<&str> = toks
        .iter()
        .skip(i + 1)
        .take(4)
        .take_while(|t| t.clause == toks[i].clause)
        .map(|t| t.w.as_str())
        .collect();
    next.iter()
        .any(|w| ["daily", "diarias", "diarios", "diaria", "diario"].contains(w))
        || next.windows(2).any(|p| {
            matches!(
                p,
                ["al", "dia"]
                    | ["por", "dia"]
                    | ["a", "day"]
                    | ["per", "day"]
                    | ["each", "day"]
                    | ["every", "day"]
            )
        })
}

/// Like [`near`], but only words of the number's own clause count.
fn near_in_clause(toks: &[Tok], i: usize, before: usize, after: usize, set: &[&str]) -> bool {
    let lo = i.saturating_sub(before);
    let hi = (i + after).min(toks.len().saturating_sub(1));
    (lo..=hi).any(|j| j != i && toks[j].clause == toks[i].clause && set.contains(&toks[j].w.as_str()))
}

/// month names, for a year told after one ("marzo de 2020", "March of 2019")
const MONTHS: &[&str] = &[
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "setiembre",
    "octubre",
    "noviembre",
    "diciembre",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Plural time units told without a figure ("hace meses", "for months", "weeks ago"), in days.
const BARE_UNITS: &[(&str, f64)] = &[
    ("anos", 365.0),
    ("years", 365.0),
    ("meses", 30.0),
    ("months", 30.0),
    ("semanas", 7.0),
    ("weeks", 7.0),
    ("dias", 1.0),
    ("days", 1.0),
];
/// vague counts before such a unit: "a few weeks", "unos meses", "several years"
const VAGUE_COUNT: &[&str] = &[
    "few", "couple", "several", "many", "varios", "varias", "muchos", "muchas", "unos", "unas", "algunos",
    "algunas",
];

/// "hace meses", "desde hace semanas", "for months", "a few weeks ago", "several years ago": a
/// plural unit with no figure is read as at least two of it (three with a vague count), like
/// the same phrase with a number, so a time ago without a figure places a clause in the past
/// and months without a figure make a problem long-standing.
fn bare_unit(toks: &[Tok], i: usize, out: &mut Numbers) {
    let Some(&(_, unit_days)) = BARE_UNITS.iter().find(|(u, _)| *u == toks[i].w) else {
        return;
    };
    let word = |j: usize| toks.get(j).map(|t| t.w.as_str()).unwrap_or("");
    let mut j = i;
    let mut count = 2.0;
    while j > 0 && i - j < 3 && (VAGUE_COUNT.contains(&word(j - 1)) || ["a", "of"].contains(&word(j - 1))) {
        if VAGUE_COUNT.contains(&word(j - 1)) {
            count = 3.0;
        }
        j -= 1;
    }
    let before = if j > 0 { word(j - 1) } else { "" };
    // a figure before it is read by the number rules ("hace 3 meses")
    if num(before).is_some() || word_number(before).is_some() && before != "a" {
        return;
    }
    let before2 = if j > 1 { word(j - 2) } else { "" };
    let next = word(i + 1);
    let days = count * unit_days;
    let ago = ["ago", "atras"].contains(&next) || (before == "hace" && before2 != "desde");
    if ago {
        out.ago.push((days, toks[i].clause));
        if unit_days >= 365.0 {
            out.years_ago = Some(out.years_ago.map_or(count, |y: f64| y.max(count)));
        }
    }
    if (before == "hace" && (before2 == "desde" || unit_days < 365.0))
        || ["for", "durante", "past", "last", "ultimos", "ultimas"].contains(&before)
    {
        out.duration_days = Some(out.duration_days.map_or(days, |x: f64| x.max(days)));
    }
}

/// [`extract_with`] with no lexicon: every possessed noun may name a baby's age.
#[cfg(test)]
pub fn extract(toks: &[Tok]) -> Numbers {
    extract_with(toks, &|_| false)
}

/// Reads the numbers in `toks`; `is_finding` tells the words that begin a lexicon finding ("tos",
/// "dolor"), so "mi tos de 3 meses" is a duration, not a baby's age.
pub fn extract_with(toks: &[Tok], is_finding: &dyn Fn(&str) -> bool) -> Numbers {
    let mut out = Numbers::default();
    for (i, t) in toks.iter().enumerate() {
        let w = t.w.as_str();
        let prev = if i > 0 { toks[i - 1].w.as_str() } else { "" };
        let next = toks.get(i + 1).map(|t| t.w.as_str()).unwrap_or("");
        let next2 = toks.get(i + 2).map(|t| t.w.as_str()).unwrap_or("");
        bare_unit(toks, i, &mut out);
        if let Some((a, b)) = w.split_once('/') {
            if let (Ok(s), Ok(d)) = (a.parse::<f64>(), b.parse::<f64>())
                && (60.0..=300.0).contains(&s)
                && (30.0..=200.0).contains(&d)
                && d < s
                && (near(toks, i, 3, 2, BP) || s >= 130.0)
            {
                out.systolic = Some(s);
                out.diastolic = Some(d);
            }
            continue;
        }
        let v = match num(w).or_else(|| word_number(w)) {
            Some(v) => v,
            None => continue,
        };
        let is_digit = num(w).is_some();
        // "in 2019", "en 2021", "back in 2018", "en marzo de 2020": a calendar year places its
        // clause in the past ("since 2019" is a duration and is left alone)
        let prev2w = if i > 1 { toks[i - 2].w.as_str() } else { "" };
        if is_digit
            && w.len() == 4
            && (1950.0..=2035.0).contains(&v)
            && (["in", "en", "back", "during", "durante"].contains(&prev)
                || (["de", "del", "of"].contains(&prev) && MONTHS.contains(&prev2w)))
        {
            out.ago.push((365.0, t.clause));
            out.years_ago = Some(out.years_ago.map_or(1.0, |y: f64| y.max(1.0)));
            continue;
        }
        // one figure after the pressure ("la presión en 200", "my BP is 190"): the systolic
        if is_digit
            && out.systolic.is_none()
            && (150.0..=300.0).contains(&v)
            && near(toks, i, 3, 0, BP)
            && !near(
                toks,
                i,
                0,
                2,
                &["grados", "degrees", "mg", "mmol", "latidos", "lpm", "bpm"],
            )
        {
            out.systolic = Some(v);
            continue;
        }
        // "I'm 34 weeks", "tengo 30 semanas", "estoy de 7 meses": a pregnancy, not an age
        // ("estoy de 7 semanas" is early pregnancy too: "estoy de" tells nothing else)
        let estoy_de = prev == "de" && prev2_is(toks, i, "estoy");
        if (WEEK.contains(&next) && (12.0..=42.0).contains(&v)
            || WEEK.contains(&next) && estoy_de && (4.0..=42.0).contains(&v)
            || MONTH.contains(&next) && (3.0..=9.0).contains(&v))
            && (["im", "am", "tengo", "estoy", "llevo", "shes", "at"].contains(&prev)
                || (prev == "de" && prev2_is(toks, i, "estoy"))
                // "28 weeks along", "34 weeks with my first", "32 weeks." as the complaint's first
                // words ("12 weeks of cough" and "12 weeks with a cough" are durations)
                || WEEK.contains(&next)
                    && (["along", "gone"].contains(&next2)
                        || next2 == "with" && near(toks, i, 0, 5, FIRST_CHILD)
                        || i == 0
                            && toks
                                .get(i + 2)
                                .is_none_or(|n| n.clause != t.clause || PREGNANCY.contains(&n.w.as_str()))))
            && !["old", "ago", "postpartum", "after"].contains(&next2)
            && !near(toks, i, 4, 0, BABY)
        {
            out.pregnancy_weeks = Some(if WEEK.contains(&next) { v } else { v * 4.3 });
            continue;
        }
        // "hace 20 minutos", "for 2 hours", "desde hace 1 hora": it started minutes or hours ago
        let unit_hours = if MINUTE.contains(&next) {
            1.0 / 60.0
        } else if HOUR.contains(&next) {
            1.0
        } else {
            0.0
        };
        // "hace más de 1 hora", "for over an hour", "for about 2 hours": the modifier is skipped
        let lead = lead_word(toks, i);
        // "stiff for over an hour every morning", "me dura una hora cada mañana": how long each
        // episode lasts, not when it began
        let recurring = toks
            .iter()
            .skip(i + 1)
            .take(4)
            .take_while(|n| n.clause == t.clause)
            .any(|n| RECURRING.contains(&n.w.as_str()));
        if unit_hours > 0.0
            && !recurring
            // "in 40 minutes", "en media hora", "within an hour": that fast, so now
            && (["hace", "for", "durante", "past", "last", "since", "in", "en", "within"].contains(&lead)
                || next2 == "ago")
            && v * unit_hours <= 12.0
        {
            out.acute_hours = Some(v * unit_hours);
            continue;
        }
        // "desde hace 3 meses", "for 10 years", "durante 2 años": how long it has lasted
        let prev2 = if i > 1 { toks[i - 2].w.as_str() } else { "" };
        let unit_days = if YEAR.contains(&next) {
            365.0
        } else if MONTH.contains(&next) {
            30.0
        } else if WEEK.contains(&next) {
            7.0
        } else if DAY.contains(&next) {
            1.0
        } else {
            0.0
        };
        if unit_days > 0.0 && ((prev == "hace" && prev2 != "desde") || ["ago", "atras"].contains(&next2)) {
            out.ago.push((v * unit_days, t.clause));
        }
        if unit_days > 0.0
            && ((prev == "hace" && prev2 == "desde")
                || ["for", "durante", "past", "last", "since"].contains(&prev)
                // "for about a year", "durante más de 3 meses": read through the modifier
                || ["for", "durante", "past", "last", "since"].contains(&lead)
                || (prev == "hace" && unit_days < 365.0))
        {
            let d = v * unit_days;
            out.duration_days = Some(out.duration_days.map_or(d, |x: f64| x.max(d)));
            continue;
        }
        // "ya tengo 3 años con la presión alta", "llevo 2 años con esto": how long, not an age
        // (the writer is not a child: "tengo 3 años con" is a duration; "llevo" always is)
        if unit_days > 0.0
            && (["llevo", "lleva"].contains(&prev) || (prev == "tengo" && (v < 12.0 || prev2 == "ya")))
            && ["con", "sufriendo", "padeciendo"].contains(&next2)
        {
            let d = v * unit_days;
            out.duration_days = Some(out.duration_days.map_or(d, |x: f64| x.max(d)));
            continue;
        }
        // "hace 5 años", "5 years ago": a past event, not an age
        if YEAR.contains(&next) && (prev == "hace" || ["ago", "atras"].contains(&next2)) {
            out.years_ago = Some(out.years_ago.map_or(v, |y: f64| y.max(v)));
            continue;
        }
        // a reliever used again and again: "used my inhaler 10 times", "ten puffs of ventolin",
        // "me eché 8 disparos del inhalador" (not "3 times a week", not per month)
        if v >= 6.0
            && RELIEF_UNITS.contains(&next)
            && near_in_clause(toks, i, 6, 4, RELIEVERS)
            && !near_in_clause(
                toks,
                i,
                0,
                3,
                &[
                    "week", "weeks", "semana", "semanas", "month", "months", "mes", "meses",
                ],
            )
        {
            out.reliever_uses = Some(v);
            continue;
        }
        // a count of pills: "30 paracetamol tablets", "tomó 20 pastillas", "20 of my
        // paracetamol", "15 de mis pastillas" (a count per day is a treatment, not an
        // ingestion: "toma 11 pastillas al día", "on 9 tablets a day")
        if is_digit
            && v >= 8.0
            && (near(toks, i, 0, 2, PILLS) || ["of", "de"].contains(&next) && near(toks, i, 0, 4, PILLS))
            && !per_day(toks, i)
        {
            out.pill_count = Some(v);
            continue;
        }
        // a bare age: "I'm 74", "tengo 51", "paciente 58 a" (nothing after, or a year word)
        if out.age.is_none()
            && is_digit
            && (12.0..=110.0).contains(&v)
            && [
                "im", "am", "tengo", "tiene", "aged", "age", "edad", "paciente", "patient",
            ]
            .contains(&prev)
            && (toks
                .get(i + 1)
                .is_none_or(|n| n.clause != t.clause || !NOT_AGE_AFTER.contains(&n.w.as_str())))
            && !near(toks, i, 3, 3, TEMP)
            && !near(toks, i, 3, 3, GLUC)
        {
            out.age = Some(v);
            continue;
        }
        // "mamá 72 a.", "Sr. 38 a., ...", "Abuelo 79 a.": the desk's abbreviation of "años", the
        // "a" closing its clause (not "de 3 a 5 días", where a number follows)
        if out.age.is_none()
            && is_digit
            && (1.0..=110.0).contains(&v)
            && next == "a"
            && toks.get(i + 2).is_none_or(|n| n.clause != t.clause)
            && !near(toks, i, 3, 3, TEMP)
            && !near(toks, i, 3, 3, GLUC)
        {
            out.age = Some(v);
            continue;
        }
        // "he's 4", "she's 7": a child's age told alone
        if out.age.is_none()
            && is_digit
            && (1.0..=17.0).contains(&v)
            && ["hes", "shes"].contains(&prev)
            && toks
                .get(i + 1)
                .is_none_or(|n| n.clause != t.clause || !NOT_AGE_AFTER.contains(&n.w.as_str()))
        {
            out.age = Some(v);
            continue;
        }
        // "mi hija de 16", "my son is 15": a child's age without a unit; a grown son or daughter
        // too ("mi hija de 19", "my son is 19" is no child)
        if out.age.is_none()
            && is_digit
            && (1.0..=60.0).contains(&v)
            && ["de", "is", "aged", "tiene"].contains(&prev)
            && near(
                toks,
                i,
                2,
                0,
                &[
                    "hijo", "hija", "son", "daughter", "nieto", "nieta", "sobrino", "sobrina",
                ],
            )
            && toks
                .get(i + 1)
                .is_none_or(|n| n.clause != t.clause || !NOT_AGE_AFTER.contains(&n.w.as_str()))
        {
            out.age = Some(v);
            continue;
        }
        // "my daughter (16)", "mi hijo, 24,": the age written right after the person, the
        // way a form is filled in ("son 3 días" is Spanish "they are", and days follow)
        if out.age.is_none()
            && is_digit
            && (1.0..=110.0).contains(&v)
            && (CHILD_RELATIVE.contains(&prev) || (RELATIVE.contains(&prev) && v >= 30.0))
            // English "son" only after a possessive: Spanish "son 4 hijos" is "they are"
            && (prev != "son" || ["my", "our", "his", "her", "their"].contains(&prev2w))
            && toks
                .get(i + 1)
                .is_none_or(|n| n.clause != t.clause || !NOT_AGE_AFTER.contains(&n.w.as_str()))
            && !near(toks, i, 0, 3, TEMP)
            && !near(toks, i, 0, 3, GLUC)
        {
            out.age = Some(v);
            continue;
        }
        // "mi papá de 80", "my grandma is 88": an adult relative's age without a unit
        if out.age.is_none()
            && is_digit
            && (30.0..=110.0).contains(&v)
            && (["de", "is", "of", "tiene", "aged"].contains(&prev)
                // "my mum's 84": the relative with "is" joined to it
                || prev.strip_suffix('s').is_some_and(|r| RELATIVE.contains(&r)))
            && (near(toks, i, 3, 0, RELATIVE)
                || prev.strip_suffix('s').is_some_and(|r| RELATIVE.contains(&r)))
            && !near(toks, i, 3, 3, TEMP)
            && !near(toks, i, 3, 3, GLUC)
            && !near(toks, i, 3, 2, PULSE)
            && !near(toks, i, 3, 2, BP)
            && toks
                .get(i + 1)
                .is_none_or(|n| n.clause != t.clause || !NOT_AGE_AFTER.contains(&n.w.as_str()))
        {
            out.age = Some(v);
            continue;
        }
        // age
        let age_before = out.age;
        if out.age.is_none() && !DURATION_BEFORE.contains(&prev) && !["ago", "atras"].contains(&next2) {
            let old_after = ["old", "nacido", "nacida", "edad", "vida", "de"].contains(&next2)
                && (next2 != "de"
                    || ["edad", "nacido", "nacida", "vida"]
                        .contains(&toks.get(i + 3).map(|t| t.w.as_str()).unwrap_or("")));
            // "mi cipota de 10 meses", "my pikin of 18 months": whoever the possessive names, a
            // person with an age (a regional word for a child the lists do not know)
            let possessed_age = ["de", "of"].contains(&prev)
                && i > 2
                && ["mi", "my", "su", "our", "nuestra", "nuestro"].contains(&toks[i - 3].w.as_str())
                && toks[i - 2].clause == t.clause
                && !is_finding(&toks[i - 2].w);
            let baby_ctx = near(toks, i, 4, 0, BABY) || old_after || possessed_age;
            let preg_ctx = near(toks, i, 4, 3, PREGNANCY);
            // "y" is a year only where the clause ends after it ("mi hijo 3 y, fiebre") or where
            // another age follows ("mis dos hijos, de 6 y 9."): "subió de 0.9 a 1.6 y el
            // médico..." is Spanish "and"
            let clause_ends = |k: usize| toks.get(k).is_none_or(|n| n.clause != t.clause);
            let year_unit = YEAR.contains(&next)
                && (next != "y"
                    || !w.contains('.')
                        && (clause_ends(i + 2)
                            || toks
                                .get(i + 2)
                                .is_some_and(|n| ["o", "old"].contains(&n.w.as_str()))
                            || toks.get(i + 2).is_some_and(|n| num(&n.w).is_some())
                                && (clause_ends(i + 3)
                                    || toks.get(i + 3).is_some_and(|n| YEAR.contains(&n.w.as_str())))));
            if year_unit && v < 120.0 && !preg_ctx {
                let ageish = [
                    "de", "tengo", "tiene", "aged", "age", "edad", "is", "im", "am", "of", "mi", "my", "a",
                    "paciente",
                ]
                .contains(&prev)
                    // "my partner of 8 years", "una relación de 10 años": how long, not an age
                    // ("of 8 years old" is an age: `old_after` below)
                    && prev != "of"
                    && !(prev == "de" && i > 1 && TOGETHER.contains(&toks[i - 2].w.as_str()))
                    // "mi novio de 5 años": a partner of years, not a child
                    && !(prev == "de" && i > 1 && v < 15.0 && PARTNER.contains(&toks[i - 2].w.as_str()))
                    || old_after
                    || near(toks, i, 3, 0, BABY)
                    || (is_digit && i == 0);
                // "my 1 year check", "su control de 2 años": a visit named by its interval
                let visit_after = toks
                    .get(i + 2)
                    .is_some_and(|n| n.clause == t.clause && INTERVAL_VISIT.contains(&n.w.as_str()));
                if ageish && !visit_after && (is_digit || v > 1.0 || old_after) {
                    out.age = Some(v);
                }
            } else if MONTH.contains(&next) && baby_ctx && !preg_ctx && v < 36.0 {
                out.age = Some(v / 12.0);
            } else if WEEK.contains(&next) && baby_ctx && !preg_ctx && v < 20.0 {
                out.age = Some(v / 52.0);
            } else if DAY.contains(&next)
                && (old_after
                    || (baby_ctx
                        && (prev == "de" || near(toks, i, 0, 3, &["nacido", "nacida", "old", "vida"]))))
            {
                out.age = Some(v / 365.0);
            }
        }
        if !is_digit || (out.age.is_some() && age_before.is_none()) {
            continue;
        }
        // temperature
        if near(toks, i, 3, 2, TEMP) || next == "c" || next == "f" {
            if (34.0..=43.5).contains(&v) {
                out.temp_c = Some(v);
            } else if (95.0..=110.0).contains(&v) {
                out.temp_c = Some((v - 32.0) * 5.0 / 9.0);
            }
        }
        // heart rate
        // (the pulse word in the number's own clause: "a scan of my heart. I feel fine, 45, swim
        // twice a week" tells an age, not a slow heart)
        if near_in_clause(toks, i, 5, 2, PULSE)
            && (20.0..=260.0).contains(&v)
            // "a 24-hour heart monitor", "my heart for 3 days": a duration, not a rate ("y" is
            // "and" here, not years)
            && !(next != "y" && [HOUR, MINUTE, DAY, WEEK, MONTH, YEAR].iter().any(|u| u.contains(&next)))
            && !near(toks, i, 3, 2, TEMP)
            && !near(toks, i, 4, 1, GLUC)
        {
            out.pulse = Some(v);
        }
        // glucose
        let is_temp = near(toks, i, 3, 2, TEMP);
        if near(toks, i, 4, 1, GLUC) && (15.0..=1500.0).contains(&v) && !is_temp {
            out.glucose = Some(v);
        }
    }
    earlier_age(toks, &mut out);
    out
}

/// "tuvo una convulsión a los 2 años ... ahora tiene 5", "a seizure at 18 months, he's 4 now":
/// an age younger than the patient's age now dates its clause in the past.
fn earlier_age(toks: &[Tok], out: &mut Numbers) {
    let Some(now) = out.age else {
        return;
    };
    let word = |j: usize| toks.get(j).map(|t| t.w.as_str()).unwrap_or("");
    for (i, t) in toks.iter().enumerate() {
        let Some(v) = num(&t.w) else {
            continue;
        };
        let told_at =
            (i >= 2 && word(i - 1) == "los" && word(i - 2) == "a") || (i >= 1 && word(i - 1) == "at");
        let unit = word(i + 1);
        let years = if YEAR.contains(&unit) && unit != "y" {
            v
        } else if MONTH.contains(&unit) {
            v / 12.0
        } else {
            continue;
        };
        if told_at && years < now {
            out.ago.push(((now - years) * 365.0, t.clause));
        }
    }
}
