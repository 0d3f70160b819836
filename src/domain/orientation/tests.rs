//! Table-driven tests of the orientation engine (both languages).

use std::sync::OnceLock;

use proptest::prelude::*;

use super::*;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(Engine::load)
}

/// Whether `text`'s evidence lists `concept` (its Spanish label) is `expected`.
fn assert_evidence(text: &str, concept: &str, expected: bool) {
    let o = run(text);
    let has = o.evidence.iter().any(|e| e.concept == concept);
    assert_eq!(has, expected, "{text}: {concept}: {:?}", o.evidence);
}

fn run(text: &str) -> Orientation {
    engine().orient(
        &Query {
            text,
            age: None,
            sex: None,
        },
        &SPECIALTIES,
    )
}

fn run_with(text: &str, age: Option<u32>, sex: Option<Sex>) -> Orientation {
    engine().orient(&Query { text, age, sex }, &SPECIALTIES)
}

#[test]
fn embedded_data_loads_and_names_only_the_19_specialties() {
    let e = Engine::try_load().expect("embedded data must parse");
    assert_eq!(e.data.specialties.len(), 19);
    for s in &e.data.specialties {
        assert!(SPECIALTIES.contains(&s.name), "unknown specialty {}", s.name);
    }
    for name in SPECIALTIES {
        assert!(
            e.data.specialties.iter().any(|s| s.name == name),
            "missing {name}"
        );
    }
    assert!(
        e.data.patterns.len() > 1500,
        "lexicon too small: {}",
        e.data.patterns.len()
    );
    assert!(e.data.redflags.len() >= 20);
}

/// Every red flag, in Spanish and English: (text, expected specialty of the result).
const RED_FLAGS: &[(&str, &str)] = &[
    ("me duele el pecho y me falta el aire", "Cardiología"),
    (
        "dolor de pecho que se irradia al brazo izquierdo y sudor frío",
        "Cardiología",
    ),
    ("crushing chest pain and I am sweating", "Cardiología"),
    ("chest pain radiating to my jaw", "Cardiología"),
    (
        "tiene la boca torcida y habla arrastrando las palabras",
        "Neurología",
    ),
    ("her face is drooping and her speech is slurred", "Neurología"),
    (
        "de repente no puede mover el brazo y la pierna derecha",
        "Neurología",
    ),
    ("sudden weakness in my left arm and left leg", "Neurología"),
    (
        "el peor dolor de cabeza de mi vida, empezó de golpe",
        "Neurología",
    ),
    ("worst headache of my life, came on suddenly", "Neurología"),
    ("vomité sangre", "Gastroenterología"),
    ("vomiting blood", "Gastroenterología"),
    ("heces negras como alquitrán", "Gastroenterología"),
    ("black tarry stools", "Gastroenterología"),
    ("estoy embarazada y estoy sangrando", "Ginecología"),
    ("I'm pregnant and bleeding heavily", "Ginecología"),
    ("se desmayó y no responde", "Neurología"),
    ("he collapsed and is unresponsive", "Neurología"),
    ("está convulsionando", "Neurología"),
    ("she is having a seizure", "Neurología"),
    (
        "comió maní y se le hinchó la lengua y no puede respirar",
        "Medicina General",
    ),
    ("my throat is closing after a bee sting", "Medicina General"),
    ("no puedo respirar, tengo los labios morados", "Neumología"),
    ("I can't breathe and my lips are blue", "Neumología"),
    ("ya no quiero vivir, pienso en matarme", "Psiquiatría"),
    ("I want to kill myself", "Psiquiatría"),
    ("mi bebé de 1 mes tiene fiebre de 38.3", "Pediatría"),
    ("my 6 week old baby has a fever", "Pediatría"),
    (
        "manchas moradas que no se borran al apretar y fiebre",
        "Infectología",
    ),
    ("fever and a stiff neck", "Infectología"),
    ("dolor muy fuerte en un testículo de repente", "Urología"),
    ("sudden severe pain in my testicle", "Urología"),
    ("se le ve el hueso de la pierna", "Traumatología"),
    ("bone sticking out of his arm", "Traumatología"),
    ("me cayó lejía en el ojo", "Oftalmología"),
    ("bleach splashed in my eye", "Oftalmología"),
    (
        "soy diabético, el azúcar me salió 500 y estoy vomitando",
        "Endocrinología",
    ),
    ("diabetic, sugar is 40 and she is confused", "Endocrinología"),
    ("se golpeó la cabeza y ahora vomita", "Neurología"),
    ("hit his head and now he is confused", "Neurología"),
    ("pantorrilla hinchada y de repente me falta el aire", "Neumología"),
    ("swollen calf and sudden shortness of breath", "Neumología"),
    (
        "se me atrasó la regla, tengo dolor en el bajo vientre y sangrado",
        "Ginecología",
    ),
    (
        "dolor de barriga con el abdomen duro como tabla",
        "Gastroenterología",
    ),
    ("fiebre altísima y está confundido", "Infectología"),
    ("se tomó un frasco entero de pastillas", "Medicina General"),
    ("she took an overdose", "Medicina General"),
    ("se quemó toda la cara con aceite", "Dermatología"),
    ("mi esposo se atoró con carne y no puede respirar", "Neumología"),
    ("sangra muchísimo y no para", "Traumatología"),
];

/// orient-1.10.0: a throat so swollen that saliva cannot go down, with no allergen, is the
/// throat's emergency (epiglottitis or an abscess), not an allergic reaction.
const RED_FLAGS_110: &[(&str, &str)] = &[
    (
        "a mi papá se le hinchó tanto la garganta que no puede tragar ni su saliva, babea y le cuesta respirar",
        "Otorrinolaringología",
    ),
    (
        "my throat is so swollen I can't swallow my own spit, my voice is like a hot potato and there's a noise when I breathe in",
        "Otorrinolaringología",
    ),
];

#[test]
fn every_red_flag_fires_in_both_languages() {
    for (text, spec) in RED_FLAGS.iter().chain(RED_FLAGS_110) {
        let o = run(text);
        assert!(o.emergency, "not an emergency: {text}");
        assert_eq!(o.urgency, Urgency::Emergency, "{text}");
        assert!(!o.red_flags.is_empty(), "{text}");
        assert!(o.advice.contains("emergencias"), "{text}");
        assert_eq!(o.specialty.as_deref(), Some(*spec), "{text}: {:?}", o.red_flags);
    }
}

/// Not emergencies (false-alarm guard), with the expected specialty.
const ROUTINE: &[(&str, &str)] = &[
    ("me duele el oído y me zumba", "Otorrinolaringología"),
    ("tengo acidez después de comer", "Gastroenterología"),
    ("me arde al orinar", "Urología"),
    ("it burns when I pee", "Urología"),
    ("tengo la presión alta", "Cardiología"),
    ("me duele la guata y ando con diarrea", "Gastroenterología"),
    ("me pica todo el cuerpo, tengo ronchas", "Dermatología"),
    ("tengo el azúcar alta", "Endocrinología"),
    (
        "me da vueltas la cabeza cuando me levanto",
        "Otorrinolaringología",
    ),
    ("tengo soroche", "Medicina General"),
    ("tengo chucaque", "Medicina General"),
    ("knee pain when climbing stairs", "Traumatología"),
    ("I feel anxious all the time", "Psicología"),
    (
        "me tomo pastillas para la presión y quiero control",
        "Cardiología",
    ),
    ("me corté el dedo cocinando", "Medicina General"),
    ("flu shot please", "Medicina General"),
    ("mi regla es muy abundante", "Ginecología"),
    ("tengo tos con flema hace dos meses", "Neumología"),
];

#[test]
fn ordinary_complaints_are_not_emergencies() {
    for (text, spec) in ROUTINE {
        let o = run(text);
        assert!(!o.emergency, "false alarm: {text}: {:?}", o.red_flags);
        assert_eq!(o.specialty.as_deref(), Some(*spec), "{text}");
        assert!(!o.insufficient, "{text}");
    }
}

#[test]
fn negation_removes_findings() {
    let cases: &[(&str, &str)] = &[
        (
            "no tengo fiebre ni tos, solo me duele la rodilla",
            "Traumatología",
        ),
        (
            "sin dolor de pecho, es ardor en la boca del estómago",
            "Gastroenterología",
        ),
        ("niega dolor torácico, tiene tos seca", "Medicina General"),
        ("denies chest pain, itchy rash on my leg", "Dermatología"),
        (
            "no chest pain, no shortness of breath, just heartburn",
            "Gastroenterología",
        ),
        ("never had seizures, I need glasses", "Oftalmología"),
    ];
    for (text, spec) in cases {
        let o = run(text);
        assert!(!o.emergency, "{text}: {:?}", o.red_flags);
        assert_eq!(o.specialty.as_deref(), Some(*spec), "{text}");
        assert!(
            o.evidence.iter().any(|e| e.negated),
            "{text}: negation not recorded"
        );
    }
    // "no puedo respirar" is a symptom, not a negation
    assert!(run("no puedo respirar").emergency);
    // a negated red flag does not fire
    assert!(!run("no tengo pensamientos suicidas, solo estrés").emergency);
    assert!(!run("no me duele el pecho y no me falta el aire").emergency);
}

#[test]
fn age_routes_children_to_pediatrics_unless_a_specialist_is_needed() {
    let cases: &[(&str, Option<u32>, &str)] = &[
        ("tiene tos y mocos", Some(4), "Pediatría"),
        ("mi hijo tiene diarrea", None, "Pediatría"),
        ("my 5 year old has an earache", None, "Pediatría"),
        ("le entró una basurita al ojo y le duele", Some(6), "Oftalmología"),
        (
            "se cayó y tiene el brazo chueco, creo que se lo quebró",
            Some(8),
            "Traumatología",
        ),
        ("tiene tos y mocos", Some(40), "Medicina General"),
        ("mi hijo de 30 años tiene dolor de espalda", None, "Traumatología"),
    ];
    for (text, age, spec) in cases {
        let o = run_with(text, *age, None);
        assert_eq!(o.specialty.as_deref(), Some(*spec), "{text} age {age:?}");
    }
}

#[test]
fn pregnancy_and_sex_context() {
    let o = run("estoy embarazada y tengo náuseas");
    assert_eq!(o.specialty.as_deref(), Some("Ginecología"));
    let o = run_with("tengo dolor pélvico", Some(30), Some(Sex::Male));
    assert_ne!(o.specialty.as_deref(), Some("Ginecología"));
}

#[test]
fn typos_abbreviations_and_repeated_letters() {
    let cases: &[(&str, &str)] = &[
        ("dolr d cabesa y migrana q no se m quita", "Neurología"),
        ("me duele muuuucho el oidooo", "Otorrinolaringología"),
        ("tbn tengo diarea xq comi algo malo", "Gastroenterología"),
        ("mi bebe tiene fievre", "Pediatría"),
        ("stomache ache and diarhea", "Gastroenterología"),
    ];
    for (text, spec) in cases {
        assert_eq!(run(text).specialty.as_deref(), Some(*spec), "{text}");
    }
}

#[test]
fn empty_and_nonsense_input_is_not_enough_information() {
    for text in [
        "",
        "   ",
        "hola",
        "hi",
        "asdfgh qwerty",
        "???",
        "12345",
        "buenos días doctor",
    ] {
        let o = run(text);
        assert!(o.insufficient, "{text:?}");
        assert!(!o.emergency, "{text:?}");
        assert!(o.confidence <= 0.2, "{text:?}");
        assert_eq!(o.specialty.as_deref(), Some("Medicina General"), "{text:?}");
        assert!(o.advice.contains("información suficiente"));
    }
}

#[test]
fn only_offered_specialties_are_recommended() {
    let offered = ["Medicina General", "Psicología", "Pediatría"];
    let o = engine().orient(
        &Query {
            text: "escucho voces que me persiguen",
            age: None,
            sex: None,
        },
        &offered,
    );
    assert_eq!(o.specialty.as_deref(), Some("Psicología"));
    let o = engine().orient(
        &Query {
            text: "tengo cataratas",
            age: None,
            sex: None,
        },
        &offered,
    );
    assert_eq!(o.specialty.as_deref(), Some("Medicina General"));
    for a in &o.alternatives {
        assert!(offered.contains(&a.specialty.as_str()));
    }
    // emergencies too
    let o = engine().orient(
        &Query {
            text: "me duele el pecho y sudo frío",
            age: None,
            sex: None,
        },
        &offered,
    );
    assert!(o.emergency);
    assert_eq!(o.specialty.as_deref(), Some("Medicina General"));
}

#[test]
fn output_shape() {
    let o = run("me duele la rodilla y tengo fiebre");
    assert!(o.alternatives.len() <= 3);
    assert!(!o.evidence.is_empty());
    assert_eq!(o.engine_version, ENGINE_VERSION);
    assert!(o.disclaimer.starts_with("Orientación, no diagnóstico"));
    let v = serde_json::to_value(&o).expect("serialises");
    for k in [
        "specialty",
        "confidence",
        "emergency",
        "urgency",
        "alternatives",
        "evidence",
    ] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    assert_eq!(
        serde_json::to_value(Urgency::Within24h).ok(),
        Some(serde_json::json!("within_24h"))
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,200}", age in proptest::option::of(0u32..130)) {
        let o = engine().orient(&Query { text: &text, age, sex: None }, &SPECIALTIES);
        prop_assert!((0.0..=1.0).contains(&o.confidence));
        prop_assert!(o.alternatives.iter().all(|a| (0.0..=1.0).contains(&a.confidence)));
        prop_assert!(o.specialty.is_some());
    }

    #[test]
    fn arbitrary_words_never_panic(words in proptest::collection::vec("[a-zñáéíóú0-9./,']{0,12}", 0..40)) {
        let text = words.join(" ");
        let o = engine().orient(&Query { text: &text, age: None, sex: Some(Sex::Female) }, &[]);
        prop_assert!((0.0..=1.0).contains(&o.confidence));
    }
}

/// Red flags added for held-out generalisation (Manchester discriminators, NHS 111 "call 999"
/// criteria), each in Spanish and English and in words other than the lexicon's.
const MORE_RED_FLAGS: &[(&str, &str)] = &[
    // bowel obstruction, septic joint, dialysis, amputation, paraphimosis, dislocation, psychosis with a weapon
    (
        "hace tres días no hago deposición ni boto gases y estoy vomitando",
        "Gastroenterología",
    ),
    (
        "I haven't pooped or passed gas in 3 days and I keep vomiting",
        "Gastroenterología",
    ),
    (
        "tengo la rodilla caliente e hinchada y fiebre de 39",
        "Traumatología",
    ),
    (
        "my ankle joint is hot and swollen and I have a fever",
        "Traumatología",
    ),
    (
        "estoy en hemodiálisis y hoy tengo mucha falta de aire",
        "Nefrología",
    ),
    (
        "I'm on dialysis, missed my session and I'm short of breath",
        "Nefrología",
    ),
    (
        "se cortó el dedo con la sierra, lo tiene casi cortado",
        "Traumatología",
    ),
    ("his finger was nearly severed by the machine", "Traumatología"),
    (
        "el prepucio se quedó atrapado atrás y está muy hinchado",
        "Urología",
    ),
    ("my son's foreskin is stuck back and very swollen", "Urología"),
    ("se me salió el hombro jugando fútbol", "Traumatología"),
    ("I dislocated my knee playing football", "Traumatología"),
    ("mi hermano oye voces y anda con un cuchillo", "Psiquiatría"),
    ("my brother is hearing voices and has a knife", "Psiquiatría"),
    (
        "pcte refiere dolor toracico opresivo desde hace 1 hora, diaforetico",
        "Cardiología",
    ),
    (
        "my chest feels tight and heavy for the last 30 minutes",
        "Cardiología",
    ),
    (
        "El corazón me late rapidísimo, me mareo y siento que me voy a desmayar",
        "Cardiología",
    ),
    ("my heart is racing, I feel dizzy and feel faint", "Cardiología"),
    (
        "mi mamá tiene la presión en 200/110 y le duele la cabeza",
        "Cardiología",
    ),
    ("blood pressure 190/125 and a pounding headache", "Cardiología"),
    (
        "me hice la prueba de embarazo y salió positiva, tengo dolor en la punta del hombro y me siento desmayar",
        "Ginecología",
    ),
    (
        "positive pregnancy test and sharp pain low on my right side, I feel faint",
        "Ginecología",
    ),
    (
        "di a luz hace una semana y estoy sangrando muchísimo con coágulos grandes",
        "Ginecología",
    ),
    (
        "I gave birth 5 days ago and I'm soaking a pad every hour with large clots",
        "Ginecología",
    ),
    (
        "me sangra la nariz hace una hora y no para, ya empapé dos toallas",
        "Otorrinolaringología",
    ),
    (
        "my nosebleed won't stop after an hour, blood everywhere",
        "Otorrinolaringología",
    ),
    ("tengo dengue y me sangran las encías", "Infectología"),
    ("I have dengue fever and my gums are bleeding", "Infectología"),
    (
        "tengo infección urinaria, fiebre alta, escalofríos y vomito todo",
        "Urología",
    ),
    ("kidney infection with high fever and vomiting", "Urología"),
    (
        "fiebre y la piel se me está pelando en partes grandes desde que empecé un medicamento",
        "Dermatología",
    ),
    (
        "fever, my skin is peeling off in large areas and I have mouth ulcers",
        "Dermatología",
    ),
    (
        "me duele la garganta, no puedo tragar mi saliva y babeo",
        "Otorrinolaringología",
    ),
    (
        "very sore throat, I'm drooling and can't swallow my saliva",
        "Otorrinolaringología", // orient-1.14.0: a sore throat with drooling is the throat's emergency, no allergy
    ),
    (
        "mi abuelo se cayó, no puede mover la cadera y tiene la pierna más corta y girada",
        "Traumatología",
    ),
    ("I fell and my wrist looks like a dinner fork", "Traumatología"),
    ("le dio corriente con un cable pelado", "Medicina General"),
    ("he was electrocuted by a power line", "Medicina General"),
    (
        "dolor de espalda súbito y muy fuerte y me siento desmayar",
        "Cardiología",
    ),
    ("sudden severe pain in my back and I feel faint", "Cardiología"),
    ("mi hijo de 2 años tomó lejía", "Pediatría"),
    ("my toddler drank some bleach", "Pediatría"),
    ("se golpeó la cabeza y toma warfarina", "Neurología"),
    ("hit my head and I'm on blood thinners", "Neurología"),
    (
        "tengo 30 semanas de embarazo y tengo contracciones",
        "Ginecología",
    ),
    ("I'm 32 weeks pregnant and having contractions", "Ginecología"),
    ("ojo rojo muy doloroso, veo halos y vomité", "Oftalmología"),
    (
        "very painful red eye, blurry vision and halos around lights",
        "Oftalmología",
    ),
    ("tengo asma, el inhalador no me funciona y me ahogo", "Neumología"),
    (
        "asthma attack, inhaler not helping and I'm short of breath",
        "Neumología",
    ),
    ("se desmayó en el gimnasio y no respira", "Cardiología"),
    ("he collapsed and isn't breathing", "Cardiología"),
    (
        "mi hija tiene sangrado vaginal abundante y se desmayó",
        "Ginecología",
    ),
    ("heavy vaginal bleeding and I fainted", "Ginecología"),
    ("pcte con pulso en 38", "Cardiología"),
    ("heart rate 170 bpm", "Cardiología"),
    ("no puede orinar y tiene un dolor muy fuerte", "Urología"),
    ("can't pee at all and the pain is severe", "Urología"),
    ("golpe de calor y está confundido", "Medicina General"),
    ("heat stroke and he is confused", "Medicina General"),
    // colloquial and idiomatic wordings of the classic ones
    ("de la nada perdí la fuerza del brazo derecho", "Neurología"),
    ("my grandad's been out cold for a couple of minutes", "Neurología"),
    (
        "me dio un dolor de cabeza como un balazo, el peor que he tenido",
        "Neurología",
    ),
    ("no me alcanza el aire ni para hablar", "Neumología"),
    (
        "I'm having an asthma attack and can't finish a sentence",
        "Neumología",
    ),
    (
        "ayer me tomé una caja de clonazepam para no despertar",
        "Psiquiatría",
    ),
    ("I took 30 paracetamol tablets 2 hours ago", "Medicina General"),
    (
        "mi hijo se tomó las pastillas de mi abuela, no sé cuántas",
        "Pediatría",
    ),
    (
        "my husband's lips are swelling after a new blood pressure pill and he sounds hoarse",
        "Medicina General",
    ),
    ("el bebé de 15 días está amarillo y no quiere lactar", "Pediatría"),
    ("my 4 week old won't feed", "Pediatría"),
    ("boy 14, sudden agony in his balls, vomiting", "Urología"),
    ("me picó un alacrán y se me duerme la lengua", "Medicina General"),
    ("bitten by a snake on the ankle while hiking", "Medicina General"),
    (
        "creo que a mi esposo le está dando un infarto, está pálido y sudando",
        "Cardiología",
    ),
    (
        "think my husband is having a heart attack, he's grey and sweating",
        "Cardiología",
    ),
    (
        "tengo 34 semanas, se me hinchó la cara y tengo un dolor de cabeza terrible",
        "Ginecología",
    ),
    (
        "I'm 34 weeks and my face has swollen up and I've got a terrible headache",
        "Ginecología",
    ),
    (
        "a mi abuela se le cayó el vaso de repente y habla raro",
        "Neurología",
    ),
    (
        "my mum's speech went slurry at dinner and she dropped her fork",
        "Neurología",
    ),
    ("me quiero matar, ya no aguanto", "Psiquiatría"),
    ("my baby has a bulging soft spot and is vomiting", "Pediatría"),
    ("mi papá no reconoce a nadie desde esta mañana", "Neurología"),
    (
        "cut my hand deep on glass, bleeding through the towel",
        "Traumatología",
    ),
    ("mum fell, can't get up and her hip hurts badly", "Traumatología"),
    (
        "I was stung by a bee, my face is swelling and I feel dizzy",
        "Medicina General",
    ),
];

#[test]
fn more_red_flags_fire_in_both_languages() {
    for (text, spec) in MORE_RED_FLAGS {
        let o = run(text);
        assert!(o.emergency, "not an emergency: {text}");
        assert_eq!(o.urgency, Urgency::Emergency, "{text}");
        assert_eq!(o.specialty.as_deref(), Some(*spec), "{text}: {:?}", o.red_flags);
    }
}

#[test]
fn every_red_flag_rule_is_exercised_by_the_tables() {
    let mut fired = std::collections::HashSet::new();
    for (text, _) in RED_FLAGS
        .iter()
        .chain(RED_FLAGS_110)
        .chain(MORE_RED_FLAGS)
        .chain(RED_FLAGS_12)
        .chain(RED_FLAGS_12B)
        .chain(RED_FLAGS_12C)
        .chain(RED_FLAGS_14)
        .chain(RED_FLAGS_15)
        .chain(RED_FLAGS_16)
        .chain(RED_FLAGS_18)
    {
        fired.extend(run(text).red_flags);
    }
    for r in &engine().data.redflags {
        assert!(fired.contains(r.label), "no test case fires red flag '{}'", r.id);
    }
}

/// Alarming-sounding complaints that are not emergencies: negated red flags, past history,
/// minor versions, idioms ("burnt out", "hay fever", "cold sore").
const ALARMING_BUT_ROUTINE: &[(&str, &str)] = &[
    (
        "no tengo dolor de pecho ni me falta el aire, solo palpitaciones cuando tomo café",
        "Cardiología",
    ),
    (
        "I don't have any chest pain or shortness of breath but my ankles are puffy",
        "Cardiología",
    ),
    (
        "tuve una convulsión hace 10 años, ninguna desde entonces, necesito el certificado",
        "Neurología",
    ),
    (
        "had a seizure as a child, none since, I need my driving form signed",
        "Neurología",
    ),
    (
        "me golpeé la cabeza con la puerta, tengo un chichón, sin vómitos ni mareos",
        "Traumatología",
    ),
    (
        "me duele el pecho cuando toso, tengo gripe hace 5 días, no me falta el aire",
        "Medicina General",
    ),
    (
        "my chest hurts when I press on it since I moved furniture",
        "Medicina General",
    ),
    (
        "me salieron ronchas después de la amoxicilina, respiro bien y no se me hinchó la cara",
        "Dermatología",
    ),
    ("sangrado de nariz un ratito, ya paró", "Otorrinolaringología"),
    (
        "I cut my finger on paper, it stopped bleeding",
        "Medicina General",
    ),
    ("I'm not suicidal, just really burnt out at work", "Psicología"),
    (
        "my hay fever is bad this spring, sneezing all day",
        "Otorrinolaringología",
    ),
    ("I have a cold sore on my lip", "Dermatología"),
    (
        "I've thrown up twice after a dodgy takeaway, keeping fluids down",
        "Medicina General",
    ),
    (
        "tengo epilepsia y tomo ácido valproico, vengo a control",
        "Neurología",
    ),
    (
        "me desmayé una vez hace años cuando me sacaron sangre",
        "Medicina General", // orient-1.14.0: a faint at the sight of blood is a common faint (sets AB and AC)
    ),
    ("I wheeze when I run in cold air", "Neumología"),
    ("tengo la regla muy abundante este mes", "Ginecología"),
    (
        "mi bebé de 4 meses bota un poquito de leche pero sube bien de peso",
        "Pediatría",
    ), // words of the triage discriminators in their ordinary sense
    (
        "I gave up coffee last week and now I have headaches",
        "Medicina General",
    ),
    ("I need a tetanus shot after scraping my knee", "Medicina General"),
    ("I get shin pain when I run", "Traumatología"),
    (
        "se resbaló en la ducha, le duele un poco el codo pero lo mueve bien",
        "Traumatología",
    ),
    ("la piel de la cara se me pela por el sol", "Dermatología"),
    ("me sangran mucho las encías al cepillarme", "Medicina General"),
    (
        "me golpeé el dedo del pie con la puerta y está morado",
        "Traumatología",
    ),
    ("comí helado y me duele la garganta", "Medicina General"),
    (
        "mi hijo toma sus pastillas para el asma todos los días",
        "Pediatría",
    ),
    (
        "tengo soroche leve en Cusco, me duele un poco la cabeza",
        "Medicina General",
    ),
    (
        "quiero vacunarme contra la rabia, voy a trabajar en un albergue",
        "Medicina General",
    ),
    (
        "my cat scratched me while playing, a small scratch",
        "Medicina General",
    ),
    (
        "I wore a 24-hour heart monitor and it showed a few extra beats",
        "Cardiología",
    ),
    (
        "I have a deviated septum and can't breathe through one side",
        "Otorrinolaringología",
    ),
    // a past event with a check-up asked for is a booking
    ("quiero un control, tuve un infarto hace 5 años", "Cardiología"),
    (
        "I had a stroke two years ago and would like a check-up",
        "Neurología",
    ),
];

#[test]
fn alarming_sounding_routine_complaints_are_not_emergencies() {
    for (text, spec) in ALARMING_BUT_ROUTINE {
        let o = run(text);
        assert!(!o.emergency, "false alarm: {text}: {:?}", o.red_flags);
        assert_eq!(o.specialty.as_deref(), Some(*spec), "{text}");
    }
}

#[test]
fn who_the_patient_is_and_for_how_long() {
    let cases: &[(&str, &str)] = &[
        // an adult's age read from a bare number wins over a relative mentioned later
        (
            "I've been more forgetful lately, my daughter is worried. I'm 74.",
            "Neurología",
        ),
        // a child mentioned late is context, not the patient
        ("I'm stressed at work and snapping at the kids", "Psicología"),
        // a child mentioned first is the patient
        ("mi hijo tiene dolor de oído", "Pediatría"),
        // chronic or recurring problems go to the specialist, not general practice
        (
            "me duele la cabeza casi todos los días desde hace años",
            "Neurología",
        ),
        (
            "same headaches I've had for 10 years, want to talk about options",
            "Neurología",
        ),
        // medicines, lab results and diagnoses name the specialty
        ("tomo metformina y necesito control", "Endocrinología"),
        ("my TSH came back high", "Endocrinología"),
        ("creatinina en 2.3, me mandaron al especialista", "Nefrología"),
        ("my PSA came back raised", "Urología"),
        ("me diagnosticaron helicobacter pylori", "Gastroenterología"),
        ("mi presión en la farmacia sale 150/95", "Cardiología"),
        ("no se me para bien, tengo 55 años", "Urología"),
    ];
    for (text, spec) in cases {
        let o = run(text);
        assert!(!o.emergency, "{text}: {:?}", o.red_flags);
        assert_eq!(o.specialty.as_deref(), Some(*spec), "{text}");
    }
}

#[test]
fn confidence_is_calibrated_not_certain() {
    // a single clear finding is likely right but not certain; a vague one is less sure
    let clear = run("me arde al orinar y voy a cada rato");
    let vague = run("me siento mal");
    assert!(
        clear.confidence > vague.confidence,
        "{} vs {}",
        clear.confidence,
        vague.confidence
    );
    assert!(clear.confidence <= 0.97);
    assert!(run("").confidence <= 0.2);
}

/// The lexicon's words go through the same normalisation map as the complaint: "breathe" is
/// read as "breath" on both sides, so "can't breathe" matches its pattern.
#[test]
fn lexicon_patterns_are_normalised_like_the_complaint() {
    for text in [
        "I cannot breathe",
        "I can't breathe",
        "cant breathe!!",
        "I am unable to breathe",
    ] {
        assert!(run(text).emergency, "{text}");
    }
}

#[test]
fn small_cuts_and_passing_panic_are_not_emergencies() {
    for text in [
        "me corté el dedo pelando papas, es un corte chiquito y ya no sangra",
        "I get panic attacks at work, I feel I can't breathe but it passes in a few minutes",
    ] {
        assert!(!run(text).emergency, "{text}");
    }
}

/// The spelling corrector never turns a real word into a lexicon word ("vean" is not "vegan",
/// "Spain" is not "sprain", "soon" is not "son"), but still fixes typos.
#[test]
fn real_words_are_not_corrected_into_findings() {
    for (text, not_concept) in [
        (
            "quiero que vean mis resultados",
            "dieta / bajar de peso / alimentación",
        ),
        (
            "I need a form signed before my trip to Spain",
            "esguince / torcedura",
        ),
        (
            "hasta en verano siento frío",
            "dieta / bajar de peso / alimentación",
        ),
        ("I will come soon, my back hurts", "niño/a mencionado"),
        ("me he quedado dormido manejando", "quemadura"),
    ] {
        let o = run(text);
        assert!(
            o.evidence.iter().all(|e| e.concept != not_concept),
            "{text}: {:?}",
            o.evidence
        );
    }
    // typos are still corrected
    assert!(
        run("tengo fievre y tos")
            .evidence
            .iter()
            .any(|e| e.term == "fiebre")
    );
}

/// Misspellings WhatsApp Spanish makes (by sound, first letter included) and typos whose
/// reading the context decides; a word no reading makes sense of stays as typed.
#[test]
fn misspellings_are_read_by_sound_and_context() {
    for (text, concept) in [
        ("estoy bomitando sangre", "vómito con sangre"),
        ("mi vebe de 2 meses tiene fiebre", "bebé"),
        ("tengo los pies inchados", "hinchazón de pies o tobillos"),
        ("me duele la cavesa", "dolor de cabeza"),
        ("I cant breth properly", "no puede respirar / se ahoga"),
    ] {
        let o = run(text);
        assert!(
            o.evidence.iter().any(|e| e.concept == concept && !e.negated),
            "{text}: {:?}",
            o.evidence
        );
    }
    assert!(run("mi vebe de 2 meses tiene fiebre").emergency);
    // a sound-alike that is a real word of the language stays itself ("vaso" is no "bazo"),
    // and an unknown word that reads as nothing is left alone
    for text in ["me compré un vaso nuevo", "fui a la qwerty de mi tía"] {
        let o = run(text);
        assert!(!o.emergency && o.insufficient, "{text}: {:?}", o.evidence);
    }
}

#[test]
fn sound_keys_join_the_spellings_spanish_confuses() {
    use super::normalize::sound_key;
    for (a, b) in [
        ("vomito", "bomito"),
        ("quimioterapia", "kimioterapia"),
        ("hinchado", "inchado"),
        ("estoy", "stoy"),
        ("llorar", "yorar"),
        ("cabeza", "cavesa"),
        ("cigarro", "sigaro"),
    ] {
        assert_eq!(sound_key(a), sound_key(b), "{a} / {b}");
    }
    for (a, b) in [("casa", "cama"), ("pecho", "peso"), ("mano", "mono")] {
        assert_ne!(sound_key(a), sound_key(b), "{a} / {b}");
    }
}

/// Red flags added in issue 12, each in its own words (not taken from any scored set).
const RED_FLAGS_12: &[(&str, &str)] = &[
    (
        "mi abuela de 85 años amaneció confundida, con fiebre y casi no orina",
        "Medicina General",
    ),
    (
        "my grandfather is 79 and suddenly confused, with a temperature of 38.6",
        "Medicina General",
    ),
    (
        "me duele la espalda y ahora no siento nada al limpiarme, tengo las dos piernas débiles",
        "Traumatología",
    ),
    (
        "bad back pain and now numb between my legs, I can't feel the toilet paper",
        "Traumatología",
    ),
    ("tengo un trasplante de riñón y hoy tengo fiebre", "Nefrología"),
    ("I had a liver transplant and now I have a fever", "Nefrología"),
    ("mi papá de 72 se desmayó en la cocina", "Neurología"),
    ("she fainted while running on the treadmill", "Neurología"),
    (
        "estoy con la regla, empapo una toalla cada hora y siento que me voy a desmayar",
        "Ginecología",
    ),
    (
        "di a luz hace una semana, tengo fiebre y el flujo huele mal",
        "Ginecología",
    ),
    ("my 8 month old is vomiting green and screaming", "Pediatría"),
    (
        "mi abuela de 88 se resbaló y ya no puede apoyar la pierna",
        "Traumatología",
    ),
    ("estoy en quimioterapia y tengo fiebre de 38.5", "Infectología"),
    ("his skin looks mottled and he has a fever", "Infectología"),
    ("my erection won't go down, it's been four hours", "Urología"),
    (
        "tengo Addison y no paro de vomitar desde la mañana",
        "Endocrinología",
    ),
    (
        "me llamaron del laboratorio, tengo el potasio alto y siento palpitaciones",
        "Nefrología",
    ),
    (
        "me atropelló una moto, me duele cada vez más la barriga y estoy mareado",
        "Traumatología",
    ),
];

/// Triage discriminators of issue 12's second pass (shock, spinal and limb threat, orbital
/// cellulitis, alcohol withdrawal, a trapped hernia, rising weakness, a stroke or heart attack
/// happening now...), each in its own words (not taken from any scored set).
const RED_FLAGS_12B: &[(&str, &str)] = &[
    (
        "tiene la piel fría y el pulso débil, casi no me contesta",
        "Neurología",
    ),
    (
        "he's grey and sweaty and his pulse feels weak",
        "Medicina General",
    ),
    (
        "se cayó del caballo y no puede mover las piernas",
        "Traumatología",
    ),
    (
        "after the crash his neck hurts and his fingers are tingling",
        "Traumatología",
    ),
    (
        "tengo el pie frío y blanco, no lo siento desde hace una hora",
        "Cardiología",
    ),
    (
        "my leg has gone cold and pale and I can't feel my foot",
        "Cardiología",
    ),
    (
        "tengo el párpado hinchado y rojo, fiebre y me duele mover el ojo",
        "Oftalmología",
    ),
    (
        "dejó el trago hace tres días y ahora ve bichos en la pared",
        "Psiquiatría",
    ),
    (
        "he stopped drinking two days ago and now he's confused and doesn't know where he is",
        "Psiquiatría",
    ),
    ("mi hernia no se mete y estoy vomitando", "Gastroenterología"),
    (
        "my hernia won't go back in and the pain is terrible",
        "Gastroenterología",
    ),
    (
        "since yesterday both my legs are weak and numb and it is spreading up",
        "Neurología",
    ),
    ("creo que a mi papá le está dando un derrame", "Neurología"),
    ("I think I'm having a heart attack", "Cardiología"),
    ("me duele el pecho y se me adormece el brazo", "Cardiología"),
    ("mi hija se atoró con una espina de pescado y babea", "Pediatría"),
    (
        "tengo un dolor de muela terrible y ya no puedo abrir la boca",
        "Otorrinolaringología",
    ),
    (
        "mi hermano se electrocutó arreglando un cable",
        "Medicina General",
    ),
    ("lo apuñalaron en la calle", "Traumatología"),
    (
        "le dio un ataque, se puso tiesa y con los ojos volteados",
        "Neurología",
    ),
    (
        "mi papá tiene la presión en 210 y le duele la cabeza",
        "Cardiología",
    ),
    ("soy diabética, estoy confundida y sudando", "Endocrinología"),
    (
        "la niña respira con silbido y se le hunden las costillas",
        "Pediatría",
    ),
    (
        "tengo 75 años, no puedo orinar nada desde ayer y me arde al orinar",
        "Urología",
    ),
    (
        "me quemé con agua hirviendo y se me está desprendiendo la piel",
        "Dermatología",
    ),
    (
        "mi sobrino de 2 años se cayó de la silla, vomitó y está muy dormilón",
        "Pediatría",
    ),
    (
        "my grandmother takes blood thinners, she slipped in the kitchen and now has a headache",
        "Neurología",
    ),
    (
        "my daughter stuck a pea up her nose and now she's struggling to breathe",
        "Pediatría",
    ),
    ("está confundido y con la nuca dura", "Infectología"),
    (
        "tengo una herida en la mano que se ve fea, con fiebre y escalofríos",
        "Infectología",
    ),
    ("di a luz hace 3 días y sangro mucho", "Ginecología"),
    ("I'm bleeding a lot from a cut on my hand", "Traumatología"),
    (
        "volví de Nigeria hace 10 días, tengo fiebre y escalofríos fuertísimos",
        "Infectología",
    ),
    (
        "I got back from Kenya last week and have a fever, I'm very drowsy",
        "Infectología",
    ),
    (
        "hace 5 días me corté con una lata oxidada y ahora tengo la quijada trabada",
        "Infectología",
    ),
    (
        "a mi hijo lo mordió un murciélago anoche en la chacra",
        "Infectología",
    ),
    (
        "estuvo fumigando con insecticida y ahora tiene las pupilas chiquitas y vomita",
        "Medicina General",
    ),
    (
        "I take lithium and I'm vomiting, shaky and confused",
        "Medicina General",
    ),
    (
        "tomaron alcohol metílico en una fiesta y ahora ven borroso",
        "Medicina General",
    ),
    (
        "my 7 month old has bouts of screaming with his legs drawn up and he vomited",
        "Pediatría",
    ),
    (
        "mi papá está con soroche en Cusco y ahora está muy confundido",
        "Neumología",
    ),
    (
        "my son was kicked in the stomach at football and now he's pale and dizzy",
        "Pediatría",
    ),
    (
        "after hitting his head there is blood coming from his ear",
        "Neurología",
    ),
    ("tose espuma rosada y se ahoga", "Cardiología"),
    (
        "el corazón le late a 190 por minuto y está mareado",
        "Cardiología",
    ),
    (
        "since this morning my legs are getting weaker and now my arms too",
        "Neurología",
    ),
    (
        "tengo diarrea y vómitos desde ayer, ya casi no orino y me mareo al pararme",
        "Medicina General",
    ),
    ("I was raped at a party on Saturday night", "Ginecología"),
    (
        "my grandmother is 86, has a fever and has been very drowsy since this morning",
        "Medicina General",
    ),
    ("mi bebé de 3 semanas está helado y casi no se mueve", "Pediatría"),
    (
        "estoy de 36 semanas y siento que salió algo por la vagina, como un cordón",
        "Ginecología",
    ),
    (
        "mi hija de 3 años se comió las pastillas de hierro de su abuela",
        "Pediatría",
    ),
    (
        "mi abuela de 80 se cayó anoche y la encontramos tirada en el piso",
        "Neurología",
    ),
    (
        "mi abuela no siente la mitad del cuerpo desde el almuerzo",
        "Neurología",
    ),
    (
        "tengo un dolor de cabeza que me va a reventar y vomito, nunca me había pasado",
        "Neurología",
    ),
    (
        "my 5 month old is not himself, very sleepy and has a fever",
        "Pediatría",
    ),
    (
        "mi nuera dio a luz hace 10 días y dice que escucha voces que le piden hacerle daño al bebé",
        "Psiquiatría",
    ),
    (
        "I'm peeing blood, I have a high fever with shivers and my back hurts",
        "Urología",
    ),
    (
        "me duele la barriga y me atraviesa a la espalda, estoy vomitando",
        "Gastroenterología",
    ),
    (
        "mi bebé de 3 semanas vomita a chorro después de cada toma y baja de peso",
        "Pediatría",
    ),
    (
        "me picaron varias avispas y se me hinchó la cara",
        "Medicina General",
    ),
    (
        "me duele mucho la barriga, la tengo durísima y tengo fiebre",
        "Gastroenterología",
    ),
    (
        "mi bb de 2 meses respira con quejido y se le marcan las costillas",
        "Pediatría",
    ),
    ("estoy tosiendo sangre y me falta el aire", "Neumología"),
];

#[test]
fn red_flags_of_issue_12_fire() {
    for (text, spec) in RED_FLAGS_12.iter().chain(RED_FLAGS_12B).chain(RED_FLAGS_12C) {
        let o = run(text);
        assert!(o.emergency, "not an emergency: {text}: {:?}", o.evidence);
        assert_eq!(o.specialty.as_deref(), Some(*spec), "{text}: {:?}", o.red_flags);
    }
}

/// Red-flag families of issue 12's third round: bleeding on anticoagulants (that will not stop,
/// or from several places), a nosebleed that will not stop, chemical and caustic exposures of
/// the eye and the skin, a low sugar in a diabetic (before a stroke: the same slurred speech);
/// each in its own words (not taken from any scored set).
const RED_FLAGS_12C: &[(&str, &str)] = &[
    (
        "tomo xarelto y me corté afeitándome, la herida sigue sangrando desde hace rato",
        "Medicina General",
    ),
    (
        "I'm on warfarin, my gums have been bleeding nonstop since yesterday",
        "Medicina General",
    ),
    (
        "estoy con sintrom y me salieron moretones por todo el cuerpo y la orina con sangre",
        "Medicina General",
    ),
    (
        "my nose has been bleeding for 40 minutes and it won't stop",
        "Otorrinolaringología",
    ),
    (
        "me sangra la nariz hace más de una hora, tomo anticoagulantes",
        "Otorrinolaringología",
    ),
    (
        "me entró cemento al ojo trabajando en la obra y me arde mucho",
        "Oftalmología",
    ),
    ("I got drain cleaner in my eye and it burns", "Oftalmología"),
    // wild mushrooms with the stomach's symptoms: a poisoning (late onset, liver), not a
    // stomach bug; a dialysis patient's palpitations: the potassium (lay words for dialysis)
    (
        "comimos unos hongos que recogimos en el cerro y ahora toda la familia está vomitando",
        "Medicina General",
    ),
    (
        "we cooked wild mushrooms on our camping trip and now I have cramps and can't stop throwing up",
        "Medicina General",
    ),
    (
        "me hago hemodiálisis tres veces por semana y hoy tengo palpitaciones",
        "Nefrología",
    ),
    (
        "I'm on the kidney machine and since this morning I've been really short of breath",
        "Nefrología",
    ),
    // cannot get the words out in an asthma attack: a breathing crisis, not a stroke
    (
        "soy asmática, el inhalador no me hace nada y no puedo hablar de corrido",
        "Neumología",
    ),
    ("se me cayó soda cáustica en el brazo y me quemó", "Dermatología"),
    ("I spilled acid on my hand and it burned the skin", "Dermatología"),
    (
        "se me cayó cal en el brazo y me salieron ampollas",
        "Dermatología",
    ),
    (
        "tomo rivaroxabán y desde la mañana estoy tosiendo sangre",
        "Medicina General",
    ),
    (
        "mi papá es diabético, está sudando frío, tiembla y habla enredado",
        "Endocrinología",
    ),
    (
        "my mum takes insulin and she is sweaty, trembling and confused",
        "Endocrinología",
    ),
];

/// One case per syndrome rule (`syndromes.tsv`): several ordinary findings together, each case
/// in words of its own. (text, syndrome id, expected specialty)
const SYNDROMES: &[(&str, &str, &str)] = &[
    // orient-1.15.0
    (
        "hace seis semanas tuve un resfrío y la tos no se me quita, peor de noche",
        "post_cold_cough",
        "Neumología",
    ),
    // orient-1.14.0
    (
        "mi papá tiene presión alta hace años, ahora le pica todo el cuerpo, siente la boca con sabor a metal y anda con náuseas",
        "uremia",
        "Nefrología",
    ),
    // orient-1.11.0
    (
        "tengo fiebre hace 4 días, dolor detrás de los ojos, dolor de huesos y me salió un salpullido",
        "dengue_picture",
        "Infectología",
    ),
    (
        "vengo bajando de peso, tengo diarrea que no se quita y manchas blancas en la boca",
        "wasting_picture",
        "Infectología",
    ),
    (
        "hace un año me desmayé en misa, me hicieron holter y electro, todo normal, ahora necesito un certificado médico para el trabajo",
        "certificate_after_episode",
        "Medicina General",
    ),
    (
        "repeat blood pressure tablets please",
        "bp_refill",
        "Medicina General",
    ),
    (
        "no chest pain, no dizziness, I just want a blood pressure check, one high reading at home",
        "bp_check",
        "Medicina General",
    ),
    // orient-1.10.0
    (
        "tengo psoriasis en los codos y ahora se me hinchan los dedos como salchichas",
        "psoriatic_arthritis",
        "Reumatología",
    ),
    (
        "every time I eat bread I bloat up and get loose stools, and my iron came back low",
        "coeliac_picture",
        "Gastroenterología",
    ),
    (
        "I'm 51, hot flushes all day, night sweats and my periods are getting further apart",
        "menopause_picture",
        "Ginecología",
    ),
    (
        "by the evening my eyelids droop and I see double, it gets better after a rest",
        "myasthenia_picture",
        "Neurología",
    ),
    (
        "tuve relaciones sin protección, bajé de peso y tengo diarrea hace semanas",
        "hiv_picture",
        "Infectología",
    ),
    (
        "he subido 12 kilos desde que dejé de fumar",
        "smoking_weight_gain",
        "Nutrición",
    ),
    // orient-1.8.0
    (
        "estoy embarazada de 4 meses y quiero una dieta",
        "pregnancy_diet",
        "Nutrición",
    ),
    (
        "el año pasado eliminé un cálculo del riñón y ahora me duele la espalda del lado derecho",
        "stone_recurrence",
        "Urología",
    ),
    (
        "I passed a kidney stone two years ago and now my lower back aches on the left",
        "stone_recurrence",
        "Urología",
    ),
    (
        "hace un año me aprieta el pecho cuando camino rápido y se me pasa al descansar",
        "stable_angina",
        "Cardiología",
    ),
    (
        "my 15-year-old daughter has lost a lot of weight, barely eats and sees herself as fat in the mirror",
        "anorexia_picture",
        "Psiquiatría",
    ),
    (
        "I keep getting tonsillitis, it's recurrent, with white patches every time",
        "recurrent_tonsillitis",
        "Otorrinolaringología",
    ),
    (
        "mi papá de 90 no es el mismo, está confundido a ratos y come muy poco",
        "frailty_decline",
        "Medicina General",
    ),
    (
        "hace meses ando con gases y diarrea que van y vienen, peor cuando tengo estrés",
        "ibs_picture",
        "Gastroenterología",
    ),
    (
        "tengo mucha sed todo el día y voy a orinar a cada rato",
        "diabetes_picture",
        "Endocrinología",
    ),
    (
        "siempre tengo frío aunque haga calor, subí de peso y ando cansada",
        "hypothyroid",
        "Endocrinología",
    ),
    (
        "I've lost weight without trying, my hands tremble and my heart races",
        "hyperthyroid",
        "Endocrinología",
    ),
    (
        "se me hinchan los pies y me ahogo al subir escaleras",
        "heart_failure",
        "Cardiología",
    ),
    (
        "my calf hurts when I walk two blocks and I have smoked for 30 years",
        "claudication_risk",
        "Cardiología",
    ),
    (
        "tengo 70 años, chorro débil y me levanto 3 veces de noche a orinar",
        "prostatism",
        "Urología",
    ),
    (
        "tos con flema verde, fiebre y me falta el aire",
        "pneumonia_picture",
        "Neumología",
    ),
    (
        "tos hace dos meses, sudores de noche y bajé de peso",
        "tb_picture",
        "Neumología",
    ),
    (
        "I snore loudly and I'm tired all day",
        "sleep_apnea_picture",
        "Neumología",
    ),
    (
        "I have sores around my mouth with a golden crust",
        "impetigo",
        "Dermatología",
    ),
    (
        "reglas muy abundantes y me siento cansada y pálida",
        "anemia_heavy_periods",
        "Ginecología",
    ),
    (
        "irregular periods and facial hair on my chin",
        "pcos",
        "Ginecología",
    ),
    (
        "rash across my cheeks and sore joints in my fingers",
        "lupus_picture",
        "Reumatología",
    ),
    (
        "me duele la espalda baja y en la mañana amanezco rígido",
        "inflammatory_back",
        "Reumatología",
    ),
    (
        "my fingers go white in the cold and the skin on my hands is tight",
        "raynaud_scleroderma",
        "Reumatología",
    ),
    (
        "me duele todo el cuerpo, duermo mal y los análisis salen normales",
        "fibromyalgia",
        "Reumatología",
    ),
    (
        "swollen knuckles with stiffness every morning",
        "inflammatory_arthritis",
        "Reumatología",
    ),
    (
        "orina espumosa y los párpados hinchados al despertar",
        "nephrotic",
        "Nefrología",
    ),
    (
        "soy diabético, orino poco y se me hinchan los pies",
        "ckd",
        "Nefrología",
    ),
    (
        "I feel full after a few bites and I'm losing weight",
        "gi_weight_loss",
        "Gastroenterología",
    ),
    (
        "tengo una bolita en el ano y sangro al ir al baño",
        "anal_bleeding",
        "Gastroenterología",
    ),
    (
        "mi hermano gasta plata sin control y no duerme hace días",
        "mania",
        "Psiquiatría",
    ),
    (
        "I binge on food and then make myself vomit",
        "bulimia",
        "Psiquiatría",
    ),
    (
        "me dan ataques de palpitaciones y siento que me voy a morir, ya me revisaron el corazón y está sano",
        "panic",
        "Psicología",
    ),
    (
        "mi abuelo de 81 repite las preguntas y olvida conversaciones",
        "dementia_picture",
        "Neurología",
    ),
    (
        "soy diabética y tengo hormigueo en los pies",
        "diabetic_neuropathy",
        "Neurología",
    ),
    (
        "tingling in my left hand and my vision went blurry in one eye last month",
        "neuro_vision",
        "Neurología",
    ),
    (
        "my right arm and leg go numb on and off, it comes and goes for months now",
        "recurrent_numbness",
        "Neurología",
    ),
    (
        "my hands have had a tremor for years, my dad had the same",
        "essential_tremor",
        "Neurología",
    ),
    (
        "nariz tapada hace 10 días y dolor en los pómulos",
        "sinusitis",
        "Otorrinolaringología",
    ),
    (
        "sneezing every spring with itchy eyes",
        "allergic_rhinitis",
        "Otorrinolaringología",
    ),
    (
        "me da vértigo cuando me volteo en la cama",
        "bppv",
        "Otorrinolaringología",
    ),
    (
        "came back from the Amazon jungle with fever and chills",
        "malaria_picture",
        "Infectología",
    ),
    (
        "me picó una garrapata y tengo una mancha en forma de anillo",
        "lyme",
        "Infectología",
    ),
    (
        "tengo fiebre, dolor de garganta y moco",
        "common_cold",
        "Medicina General",
    ),
    (
        "soy diabético hace años y últimamente veo borroso",
        "diabetic_eye",
        "Oftalmología",
    ),
    (
        "I'm on the pill and my right calf is swollen and sore",
        "dvt_risk",
        "Cardiología",
    ),
    (
        "tengo los ojos amarillentos, la orina oscura y me pica todo el cuerpo",
        "cholestasis",
        "Gastroenterología",
    ),
    (
        "me duele la mitad de la cabeza, con náuseas y me molesta la luz",
        "migraine_picture",
        "Neurología",
    ),
    (
        "tuve relaciones sin condón y ahora me arde al orinar",
        "sti_picture",
        "Infectología",
    ),
    (
        "me pongo muy nerviosa antes de los exámenes, me tiemblan las manos y el corazón se me acelera",
        "anxiety_picture",
        "Psicología",
    ),
    (
        "me mordió un gato en la mano, ¿necesito vacuna?",
        "rabies_prophylaxis",
        "Infectología",
    ),
    (
        "my dad moves slowly now and his hands tremble",
        "parkinson_picture",
        "Neurología",
    ),
    (
        "me duele la cabeza todos los días por el estrés del trabajo",
        "tension_headache",
        "Neurología",
    ),
    (
        "ayer me desmayé en misa después de estar parada horas sin desayunar, ya estoy bien",
        "vasovagal",
        "Medicina General",
    ),
    (
        "after a cold my left ear feels blocked and I can't hear well",
        "ear_after_cold",
        "Otorrinolaringología",
    ),
    (
        "I'd like a check-up with blood tests and my cholesterol checked",
        "general_checkup",
        "Medicina General",
    ),
    (
        "hace un mes tengo sudores en la noche, bajé de peso sin querer y me salió una bolita en el cuello",
        "lymph_node_b_symptoms",
        "Medicina General",
    ),
    // orient-1.5.0
    (
        "last night my mum's sugar dropped and she was shaky, sweaty and confused, we gave her juice and she recovered, today she's fine",
        "hypo_recovered",
        "Endocrinología",
    ),
    (
        "tengo el colesterol alto y quiero saber qué debo comer",
        "diet_for_risk",
        "Nutrición",
    ),
    (
        "necesito que me renueven la receta de la levotiroxina y del omeprazol",
        "mixed_refill",
        "Medicina General",
    ),
    (
        "me dan unos dolores horribles detrás de un ojo todas las noches a la misma hora y se me tapa la nariz de ese lado",
        "cluster_headache",
        "Neurología",
    ),
    (
        "tomo sulfato ferroso desde hace una semana y las heces me salen negras, me siento bien",
        "iron_stools",
        "Medicina General",
    ),
    (
        "tengo los ojos secos como con arena y la boca seca todo el tiempo, tengo 50",
        "sicca",
        "Reumatología",
    ),
    // orient-1.9.0
    (
        "heartburn most nights and I wake up with a croaky voice",
        "reflux_cough",
        "Gastroenterología",
    ),
];

/// A common faint with its trigger is general practice, but never routine, and with old age or
/// an injury it is still an emergency (syndromes never touch the red-flag gate).
#[test]
fn a_common_faint_is_general_practice_but_never_routine() {
    let o = run("I fainted after standing for hours in a hot church, I'm fine now");
    assert_eq!(o.specialty.as_deref(), Some("Medicina General"));
    assert!(!o.emergency);
    assert_eq!(o.urgency, Urgency::Within24h);
    for text in [
        "mi abuelo de 80 se desmayó después de estar parado mucho rato al sol",
        "me desmayé sin comer y me golpeé la cabeza",
    ] {
        assert!(run(text).emergency, "{text}");
    }
}

#[test]
fn every_syndrome_rule_has_a_case_that_routes_it() {
    let mut seen = std::collections::HashSet::new();
    for (text, id, spec) in SYNDROMES {
        let o = run(text);
        let syn = engine()
            .data
            .syndromes
            .iter()
            .find(|s| s.id == *id)
            .unwrap_or_else(|| panic!("no syndrome {id}"));
        let label = &engine().data.concepts[syn.concept].label;
        assert!(
            o.evidence.iter().any(|e| &e.concept == label),
            "{text}: syndrome {id} not in the evidence {:?}",
            o.evidence
        );
        assert!(!o.emergency, "{text}: {:?}", o.red_flags);
        assert_eq!(o.specialty.as_deref(), Some(*spec), "{text}: {:?}", o.evidence);
        seen.insert(*id);
    }
    for s in &engine().data.syndromes {
        assert!(seen.contains(s.id), "no test case for syndrome '{}'", s.id);
    }
}

/// A word's sense comes from its neighbours (`senses.tsv`).
#[test]
fn words_are_read_in_their_sense() {
    let cases: &[(&str, &str, &str)] = &[
        // (text, label that must not appear, expected specialty)
        (
            "se me cayó una regla de metal en el pie y me duele",
            "regla / menstruación",
            "Traumatología",
        ),
        (
            "mis dedos se ponen morados con el frío",
            "labios o piel morados",
            "Reumatología",
        ),
        (
            "my ankles puff up at the end of the day",
            "asma / EPOC / enfisema",
            "Cardiología",
        ),
        (
            "my fasting sugar was borderline on the last test",
            "trastorno psiquiátrico (bipolar, esquizofrenia...)",
            "Endocrinología",
        ),
        (
            "tomo pastillas para la tiroides",
            "alcohol / drogas",
            "Endocrinología",
        ),
        (
            "my nose runs all day and I sneeze",
            "diarrea",
            "Otorrinolaringología",
        ),
        (
            "I always feel cold when everyone else is warm",
            "resfrío / gripe",
            "Endocrinología",
        ),
        // issue 12, round 3
        (
            "hives on my arms since this morning, my breathing is fine",
            "no puede respirar / se ahoga",
            "Dermatología",
        ),
        (
            "my lower back hurts and the pain runs down my leg",
            "diarrea",
            "Traumatología",
        ),
        (
            "estoy ronca desde hace semanas, soy profesora",
            "ronquidos / apnea del sueño",
            "Otorrinolaringología",
        ),
        (
            "my skin looks yellow and my poo is pale",
            "palidez",
            "Gastroenterología",
        ),
        (
            "an itchy ear with some discharge since I went swimming",
            "flujo vaginal",
            "Otorrinolaringología",
        ),
        (
            "my blood test showed a lot of sugar",
            "sangrado abundante / que no para",
            "Endocrinología",
        ),
        (
            "paro con sueño todo el día y sin fuerzas",
            "insomnio",
            "Medicina General",
        ),
        (
            "me duele la parte baja de la espalda desde que cargué cajas",
            "dolor pélvico / de ovarios",
            "Traumatología",
        ),
        (
            "el mes pasado me cayó cloro en el ojo, me lo lavaron en emergencia y ya estoy bien, quiero control",
            "golpe / caída / accidente",
            "Oftalmología",
        ),
    ];
    for (text, not_label, spec) in cases {
        let o = run(text);
        assert!(
            o.evidence.iter().all(|e| e.concept != *not_label),
            "{text}: read as {not_label}: {:?}",
            o.evidence
        );
        assert!(!o.emergency, "{text}: {:?}", o.red_flags);
        assert_eq!(o.specialty.as_deref(), Some(*spec), "{text}: {:?}", o.evidence);
    }
}

/// A past episode already looked after is a booking, the same symptom now is an emergency.
#[test]
fn past_episodes_already_looked_after_are_not_red_flags() {
    for (text, spec) in [
        (
            "hace dos meses tuve dolor de pecho con falta de aire, ya me revisaron y salió todo normal, quiero mi control",
            "Cardiología",
        ),
        (
            "two years ago I had a seizure, they checked me and I've been fine since, I need a review",
            "Neurología",
        ),
        (
            "hace tiempo pensaba en suicidarme pero ya estoy mucho mejor, quiero seguir con terapia",
            "Psicología",
        ),
    ] {
        let o = run(text);
        assert!(!o.emergency, "{text}: {:?}", o.red_flags);
        assert_eq!(o.urgency, Urgency::Routine, "{text}: a booking, not today");
        assert_eq!(o.specialty.as_deref(), Some(spec), "{text}");
        // the red flag it would have been is named, so the receptionist sees why (a seizure
        // "years ago" is no red flag in the first place)
        assert!(
            o.evidence
                .iter()
                .any(|e| e.concept.starts_with("episodio pasado ya atendido"))
                || text.contains("seizure"),
            "{text}: no why line {:?}",
            o.evidence
        );
    }
    // what care said about that episode belongs to it ("nos dijeron que fue...")
    let o = run(
        "la semana pasada mi hija de 3 años tuvo una convulsión con fiebre, en la clínica nos dijeron que fue una convulsión febril y ya está bien",
    );
    assert!(!o.emergency, "{:?}", o.red_flags);
    assert_eq!(o.specialty.as_deref(), Some("Pediatría"));
    // the same symptoms happening now are emergencies
    for text in [
        "hace dos meses me revisaron el corazón y salió normal, pero ahora tengo dolor de pecho y falta de aire",
        "tengo dolor de pecho con falta de aire",
        "two years ago they checked my heart and it was fine, but now I have crushing chest pain and I'm sweating",
        "pienso en suicidarme",
    ] {
        assert!(run(text).emergency, "{text}");
    }
}

/// Fever or tiredness with clear organ evidence does not pull to general practice, and the
/// evidence says why when the answer is not what most terms point to.
#[test]
fn general_practice_is_a_sink_and_the_answer_says_why() {
    let o = run("tengo fiebre, escalofríos, malestar y me duele mucho el oído con pus");
    assert_eq!(
        o.specialty.as_deref(),
        Some("Otorrinolaringología"),
        "{:?}",
        o.evidence
    );
    let why: Vec<&Evidence> = o
        .evidence
        .iter()
        .filter(|e| e.term == "Otorrinolaringología")
        .collect();
    assert_eq!(why.len(), 1, "{:?}", o.evidence);
    assert!(
        why[0].concept.contains("no deciden la especialidad"),
        "{:?}",
        why[0]
    );
    assert!(!why[0].concept_en.is_empty());
    // really unspecific: general practice, with no why line needed
    let o = run("tengo fiebre y malestar general");
    assert_eq!(o.specialty.as_deref(), Some("Medicina General"));
    assert!(
        o.evidence.iter().all(|e| e.term != "Medicina General"),
        "{:?}",
        o.evidence
    );
}

/// A known condition told as background (diabetes, high blood pressure, stress...) does not take
/// the answer from the complaint's own specialist, and the evidence says so; alone, it still
/// routes to its specialty.
#[test]
fn background_conditions_do_not_decide_the_specialty() {
    for (text, spec) in [
        ("soy diabético y tengo problemas de erección", "Urología"),
        (
            "soy hipertenso y me duele la rodilla cuando subo escaleras",
            "Traumatología",
        ),
        (
            "I have high blood pressure and my ears ring all the time",
            "Otorrinolaringología",
        ),
        (
            "tengo estrés en el trabajo y se me cae el pelo a mechones",
            "Dermatología",
        ),
    ] {
        let o = run(text);
        assert_eq!(o.specialty.as_deref(), Some(spec), "{text}: {:?}", o.evidence);
        assert!(!o.emergency, "{text}");
    }
    // when more terms point to the backgrounds' specialties, one evidence line says why
    let o = run("tengo diabetes y presión alta y me zumba el oído");
    assert_eq!(o.specialty.as_deref(), Some("Otorrinolaringología"));
    assert!(
        o.evidence
            .iter()
            .any(|e| e.term == "Otorrinolaringología" && e.concept.starts_with("los antecedentes")),
        "{:?}",
        o.evidence
    );
    for (text, spec) in [
        ("tengo la presión alta y quiero control", "Cardiología"),
        ("soy diabética y quiero control de mi azúcar", "Endocrinología"),
        // orient-1.5.0: what to eat for a risk condition is Nutrición's (diet_for_risk)
        (
            "tengo prediabetes y quiero saber qué hacer con la alimentación",
            "Nutrición",
        ),
    ] {
        assert_eq!(run(text).specialty.as_deref(), Some(spec), "{text}");
    }
}

/// Thoughts of death told with an explicit "no plan, I would not act" are urgent (within 24 h,
/// Psiquiatría), not an emergency; a plan or the means is an emergency.
#[test]
fn passive_death_wishes_without_a_plan_are_urgent_not_emergencies() {
    for text in [
        "hace meses estoy triste y a veces pienso que sería mejor no despertar, pero no tengo plan y no lo haría",
        "sometimes I wish I wouldn't wake up, but I have no plan",
    ] {
        let o = run(text);
        assert!(!o.emergency, "{text}: {:?}", o.red_flags);
        assert_eq!(o.urgency, Urgency::Within24h, "{text}");
        assert_eq!(o.specialty.as_deref(), Some("Psiquiatría"), "{text}");
    }
    for text in [
        "quiero morirme, ya tengo las pastillas guardadas",
        "I want to kill myself tonight",
        "pienso en suicidarme",
    ] {
        assert!(run(text).emergency, "{text}");
    }
}

/// Every concept, red flag and syndrome has an English label, shown to English readers.
#[test]
fn every_label_exists_in_english() {
    let d = &engine().data;
    for c in &d.concepts {
        assert!(
            !c.label_en.is_empty() && c.label_en != c.label || c.label == c.label_en && c.label.is_ascii(),
            "{}",
            c.id
        );
    }
    for r in &d.redflags {
        assert!(!r.label_en.is_empty() && r.label_en != r.label, "{}", r.id);
    }
    let o = run("my lips are blue and I can't breathe").in_lang(crate::i18n::Lang::En);
    assert!(o.red_flags.iter().all(|f| f.is_ascii()), "{:?}", o.red_flags);
    assert!(
        o.evidence.iter().all(|e| e.concept.is_ascii()),
        "{:?}",
        o.evidence
    );
    assert!(!o.advice.contains("in Spanish"));
}

/// The labelled sets under tests/data keep their emergency recall (never lower than when issue 12
/// started) and their accuracy floor: a change that helps one set must not quietly cost another.
#[test]
fn labelled_sets_keep_their_recall_and_accuracy() {
    // (file, minimum emergency recall, minimum acceptable accuracy)
    let sets: &[(&str, f64, f64)] = &[
        ("orientation_extra.csv", 1.0, 0.97),
        ("orientation_fresh.csv", 1.0, 0.97),
        ("orientation_own1.csv", 1.0, 0.97),
        ("orientation_own2.csv", 1.0, 0.97),
        ("orientation_own3.csv", 1.0, 0.94),
        ("orientation_own4.csv", 1.0, 0.97),
        ("orientation_own5.csv", 1.0, 0.97),
        ("orientation_own6.csv", 1.0, 0.95),
        ("orientation_own7.csv", 1.0, 0.95),
        ("orientation_own8.csv", 1.0, 0.93),
        ("orientation_own9.csv", 1.0, 0.91),
        ("orientation_own10.csv", 1.0, 0.95),
        ("orientation_own11.csv", 1.0, 0.95),
        ("heldout/set_a.csv", 1.0, 0.96),
        ("heldout/set_b.csv", 1.0, 0.97),
        ("heldout/set_c.csv", 0.97, 0.82),
        ("heldout/set_d.csv", 0.96, 0.89),
        ("heldout/set_e_es.csv", 0.97, 0.92),
        ("heldout/set_e_en.csv", 0.97, 0.92),
        ("heldout/set_f_es.csv", 0.97, 0.83),
        ("heldout/set_f_en.csv", 0.97, 0.81),
        // Scored once on orient-1.2.0 before anything was tuned on it: a floor, not a target.
        ("heldout/set_g_es.csv", 0.91, 0.90),
        ("heldout/set_g_en.csv", 1.0, 0.88),
        // Scored once before anything was tuned on it (2218b82: es 0.920 / recall 23/24, en
        // 0.867 / 24/24), then used for issue 12's third round: floors below the tuned figures.
        ("heldout/set_h_es.csv", 1.0, 0.94),
        ("heldout/set_h_en.csv", 1.0, 0.93),
        // Sealed until the end of issue 12's third round, then scored on orient-1.2.0 (10a9088)
        // and on orient-1.3.0 (es 0.873 / 24 of 24, en 0.860 / 22 of 24); orient-1.3.1 added the
        // two rule parts its English misses showed: floors below the 1.3.0 run.
        ("heldout/set_i_es.csv", 1.0, 0.86),
        ("heldout/set_i_en.csv", 1.0, 0.85),
        // Scored once on orient-1.3.1 (294618a: es 0.850 / 22 of 26, en 0.863 / 24 of 24), then
        // used for orient-1.4.0 (es 0.994 / 26 of 26, en 0.981 / 24 of 24): floors at that.
        ("heldout/set_j_es.csv", 1.0, 0.99),
        ("heldout/set_j_en.csv", 1.0, 0.98),
        // Sealed on orient-1.3.1 and orient-1.4.0 (es 0.894 / 21 of 26, en 0.744 / 23 of 27),
        // then used for orient-1.5.0 (es 0.975 / 26 of 26, en 0.875 / 27 of 27): floors at that.
        ("heldout/set_k_es.csv", 1.0, 0.97),
        ("heldout/set_k_en.csv", 1.0, 0.87),
        // Sealed on orient-1.4.0 and orient-1.5.0 (es 0.838 / 23 of 27, en 0.787 / 20 of 26), then
        // used for orient-1.6.0 (es 0.894 / 27 of 27, en 0.850 / 26 of 26): floors at that.
        ("heldout/set_l_es.csv", 1.0, 0.89),
        ("heldout/set_l_en.csv", 1.0, 0.85),
        // Sealed on orient-1.5.0 and orient-1.6.0 (es 0.838 / 21 of 27, en 0.769 / 24 of 26), then
        // used for orient-1.7.0 (es 0.900 / 26 of 27, en 0.812 / 26 of 26): floors at that.
        ("heldout/set_m_es.csv", 0.96, 0.90),
        ("heldout/set_m_en.csv", 1.0, 0.81),
        // First run on orient-1.6.0 (es 0.881 / 26 of 27, en 0.894 / 26 of 27), then used for
        // orient-1.7.0 (es 0.887 / 27 of 27, en 0.906 / 27 of 27): floors at that.
        ("heldout/set_n_es.csv", 1.0, 0.88),
        ("heldout/set_n_en.csv", 1.0, 0.90),
        // First run on orient-1.6.0 (es 0.919 / 27 of 27, en 0.912 / 26 of 27), kept sealed and
        // scored once on orient-1.7.0 (es 0.925 / 27 of 27, en 0.919 / 26 of 27), then used for
        // orient-1.7.1 (es 0.931 / 27 of 27, en 0.925 / 27 of 27): floors at that.
        ("heldout/set_o_es.csv", 1.0, 0.93),
        ("heldout/set_o_en.csv", 1.0, 0.92),
        // First run on orient-1.7.0 (es 0.894 / 27 of 27, en 0.863 / 27 of 28), kept sealed and
        // scored once on orient-1.7.1 (the same, en with 5 false alarms instead of 7), then used
        // for orient-1.8.0 (es 0.988 / 27 of 27, en 0.950 / 28 of 28): floors at that.
        ("heldout/set_p_es.csv", 1.0, 0.98),
        ("heldout/set_p_en.csv", 1.0, 0.95),
        // First run on orient-1.7.1 (es 0.906 / 25 of 28, en 0.856 / 21 of 27; scored by the
        // lead), then used for orient-1.8.0 (es 0.944 / 28 of 28, en 0.925 / 27 of 27): floors
        // at that.
        ("heldout/set_q_es.csv", 1.0, 0.94),
        ("heldout/set_q_en.csv", 1.0, 0.92),
        // Sealed during orient-1.8.0's round and scored once on it (es 0.869 / 27 of 28, en 0.894
        // / 24 of 27), then used for orient-1.9.0 (es 0.950 / 28 of 28, en 0.925 / 26 of 27):
        // floors at that.
        ("heldout/set_r_es.csv", 1.0, 0.94),
        ("heldout/set_r_en.csv", 0.96, 0.92),
        // Written for orient-1.9.0's round, first run on orient-1.8.0 by the lead (es 0.938 / 27
        // of 29, en 0.912 / 24 of 29), then used for orient-1.9.0 (es 0.969 / 29 of 29, en 0.963 /
        // 29 of 29): floors slightly below that.
        ("heldout/set_s_es.csv", 0.96, 0.94),
        ("heldout/set_s_en.csv", 0.96, 0.95),
        // Written with S by two more writers who never saw the engine, sealed during orient-1.9.0's
        // round: first run on orient-1.8.0 (es 0.887 / 28 of 29, en 0.912 / 26 of 29) and one
        // sealed run on orient-1.9.0 (es 0.894 / 28 of 29, en 0.925 / 27 of 29): floors at that;
        // not tuned on.
        // T: floors at orient-1.10.0, which was tuned on it; U: scored first on orient-1.9.0
        // (es 0.906 / 28 of 29, en 0.894 / 26 of 29), then tuned on for orient-1.10.0
        ("heldout/set_t_es.csv", 1.0, 0.95),
        ("heldout/set_t_en.csv", 1.0, 0.97),
        ("heldout/set_u_es.csv", 1.0, 0.96),
        ("heldout/set_u_en.csv", 1.0, 0.96),
        // V: sealed during orient-1.10.0's round (es 0.881 / 26 of 30 on 1.9.0 and on 1.10.0),
        // then its missed emergencies read as mechanisms; floors at the final engine
        ("heldout/set_v_es.csv", 1.0, 0.89),
        ("heldout/set_v_en.csv", 0.96, 0.89),
        // X: scored first on orient-1.10.0 (es 0.894 / 27 of 29, en 0.881 / 28 of 29), then
        // tuned on; W: sealed during orient-1.11.0's round (es 0.944 / 26 of 29, en 0.894 / 25
        // of 29), then its missed emergencies read as mechanisms; floors at the final engine
        ("heldout/set_x_es.csv", 1.0, 0.95),
        ("heldout/set_x_en.csv", 1.0, 0.96),
        ("heldout/set_w_es.csv", 1.0, 0.94),
        ("heldout/set_w_en.csv", 1.0, 0.90),
        // AA (en), AB and AC: first runs on orient-1.13.0 (see ARCHITECTURE.md), tuned on for
        // orient-1.14.0; AD: sealed during that round, then its misses read for orient-1.15.0; AE:
        // first run on orient-1.14.0, then tuned on for orient-1.15.0. Floors at orient-1.15.0.
        ("heldout/set_aa_en.csv", 1.0, 0.95),
        ("heldout/set_ab_en.csv", 1.0, 0.95),
        ("heldout/set_ab_es.csv", 1.0, 0.96),
        ("heldout/set_ac_en.csv", 1.0, 0.90),
        ("heldout/set_ac_es.csv", 0.96, 0.94),
        ("heldout/set_ad_en.csv", 1.0, 0.88),
        ("heldout/set_ad_es.csv", 1.0, 0.93),
        ("heldout/set_ae_en.csv", 1.0, 0.87),
        ("heldout/set_ae_es.csv", 1.0, 0.94),
        // AF: sealed during orient-1.15.0's round, then read; AG: first run on orient-1.15.0,
        // then tuned on for orient-1.16.0. Floors at orient-1.16.0 (AH stays unread).
        ("heldout/set_af_en.csv", 1.0, 0.93),
        ("heldout/set_af_es.csv", 1.0, 0.91),
        ("heldout/set_ag_en.csv", 1.0, 0.82),
        ("heldout/set_ag_es.csv", 1.0, 0.86),
    ];
    let fold = |s: &str| {
        normalize::raw_tokens(s)
            .into_iter()
            .map(|t| t.w)
            .collect::<Vec<_>>()
            .join(" ")
    };
    for (file, min_recall, min_acc) in sets {
        let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
        let mut reader = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let (mut n, mut ok, mut em, mut em_hit) = (0usize, 0usize, 0usize, 0usize);
        for row in reader.records() {
            let row = row.unwrap_or_else(|e| panic!("{path}: {e}"));
            let (text, expected, emergency) = (&row[1], &row[2], &row[3]);
            let o = run(text);
            let got = fold(o.specialty.as_deref().unwrap_or(""));
            let mut accepted: Vec<String> = expected.split('|').map(fold).collect();
            if accepted.iter().any(|a| a == "psiquiatria") {
                accepted.push("psicologia".to_string());
            }
            n += 1;
            ok += usize::from(accepted.contains(&got));
            if emergency.trim().eq_ignore_ascii_case("true") {
                em += 1;
                em_hit += usize::from(o.emergency);
            }
        }
        let recall = if em == 0 { 1.0 } else { em_hit as f64 / em as f64 };
        let acc = ok as f64 / n.max(1) as f64;
        assert!(
            recall >= *min_recall,
            "{file}: emergency recall {recall:.3} < {min_recall}"
        );
        assert!(acc >= *min_acc, "{file}: accuracy {acc:.3} < {min_acc}");
    }
}

/// The probe sets PR (120 non-emergencies per language told with alarming words in their
/// everyday sense: "me revienta la cabeza de tanto estudiar", lips blue from a slushie, a febrile
/// fit years ago) were scored first on orient-1.14.0 (es 5 false alarms, en 4) and read for
/// orient-1.15.0 (es 1, en 0): at most one false alarm each.
#[test]
fn probe_sets_raise_at_most_one_false_alarm() {
    for file in ["heldout/set_pr_es.csv", "heldout/set_pr_en.csv"] {
        let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
        let mut reader = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let alarms: Vec<String> = reader
            .records()
            .map(|r| r.unwrap_or_else(|e| panic!("{path}: {e}")))
            .filter(|r| run(&r[1]).emergency)
            .map(|r| r[0].to_string())
            .collect();
        assert!(alarms.len() <= 1, "{file}: false alarms {alarms:?}");
    }
}

/// A word of one language is not read in a complaint in the other ("son" is no child in
/// "mis reglas son abundantes"), and a negation word's pattern does not reach across "pero".
#[test]
fn language_and_scope_keep_words_in_their_place() {
    let o = run("mis reglas son muy abundantes y estoy cansada");
    assert!(
        o.evidence.iter().all(|e| e.concept != "niño/a mencionado"),
        "{:?}",
        o.evidence
    );
    let o = run("my son has a fever and a cough");
    assert_eq!(o.specialty.as_deref(), Some("Pediatría"));
    let o = run("tengo sangre en la orina pero no me duele");
    assert!(!o.emergency, "{:?}", o.red_flags);
    assert!(
        o.evidence.iter().all(|e| e.concept != "no puede orinar"),
        "{:?}",
        o.evidence
    );
    assert_eq!(o.specialty.as_deref(), Some("Urología"));
}

/// Usual reasons for consultation of each specialty added in issue 12's second pass (item 6),
/// each in its own words (not taken from any scored set).
const USUAL_REASONS_12: &[(&str, &str)] = &[
    ("mi mamá tiene cataratas y quiere operarse", "Oftalmología"),
    (
        "I see everything cloudy and the lights glare at night",
        "Oftalmología",
    ),
    (
        "tengo un prolapso, siento una bola que baja por la vagina",
        "Ginecología",
    ),
    (
        "I'd like to talk about contraception, I forgot my pill twice",
        "Ginecología",
    ),
    ("quiero ponerme un método anticonceptivo", "Ginecología"),
    ("mi dedo pulgar se traba cuando lo doblo", "Traumatología"),
    (
        "my Achilles tendon hurts since I started running",
        "Traumatología",
    ),
    ("tengo un juanete que me molesta con el zapato", "Traumatología"),
    ("tengo fobia a las agujas", "Psicología"),
    (
        "I find it hard to say no and people take advantage of me",
        "Psicología",
    ),
    (
        "mi hijo adolescente se encierra en su cuarto y jala cursos",
        "Psicología",
    ),
    (
        "desde que nació mi bebé lloro todo el día y no siento nada por él",
        "Psicología",
    ),
    ("mi hijo de 15 tiene un bulto debajo del pezón", "Endocrinología"),
    (
        "tengo neuralgia del trigémino, me dan corrientazos en la cara",
        "Neurología",
    ),
    (
        "I have a deviated septum and can't breathe through one side",
        "Otorrinolaringología",
    ),
    (
        "tengo las manos partidas y rajadas por el detergente",
        "Dermatología",
    ),
    ("I have a sore on my cheek that never heals", "Dermatología"),
    ("me salen granos antes de la regla", "Dermatología"),
    // issue 12, round 3: a systematic pass (CIE-10 chapters: nervous system, circulatory,
    // respiratory, ear, eye, digestive, genitourinary, mental, developmental)
    (
        "tengo esclerosis múltiple y necesito seguir mi tratamiento",
        "Neurología",
    ),
    ("en la radiografía me salió una mancha en el pulmón", "Neumología"),
    ("a blood test said my kidney function is low", "Nefrología"),
    ("a veces siento que el corazón me da un vuelco", "Cardiología"),
    ("my family says I have the TV too loud", "Otorrinolaringología"),
    ("I have to hold my phone further away to read", "Oftalmología"),
    ("my grandfather's handwriting has become tiny", "Neurología"),
    ("my 2 year old isn't saying any words yet", "Pediatría"),
    (
        "my brother had colon cancer, should I have a colonoscopy?",
        "Gastroenterología",
    ),
    (
        "I want to stop drinking, I need a drink every night",
        "Psiquiatría",
    ),
    ("my toenails are thick and yellow", "Dermatología"),
    ("uso cloro para limpiar y me irrita las manos", "Dermatología"),
];

#[test]
fn usual_reasons_for_consultation_find_their_specialty() {
    for (text, spec) in USUAL_REASONS_12 {
        let o = run(text);
        assert!(!o.emergency, "{text}: {:?}", o.red_flags);
        assert_eq!(o.specialty.as_deref(), Some(*spec), "{text}: {:?}", o.evidence);
    }
    // a complaint that only tells what is absent is about that topic, with a low confidence
    let o = run("me salió negativo el VIH, quiero saber si repetirlo");
    assert_eq!(o.specialty.as_deref(), Some("Infectología"), "{:?}", o.evidence);
    assert!(o.confidence <= 0.45, "{}", o.confidence);
    assert!(run("no tengo fiebre").insufficient);
}

/// orient-1.4.0 (set J's mechanisms), each case in words of its own: a plan told as the means
/// kept ready with despair, a faint followed by a racing heart (idioms), a period soaking pads
/// now with dizziness, missed dialysis with swelling or weakness, an asthma attack the inhaler
/// does not relieve (Neumología, before the chest-tightness rule).
const RED_FLAGS_14: &[(&str, &str)] = &[
    (
        "estoy harto de todo, llevo semanas juntando pastillas de mi papá",
        "Psiquiatría",
    ),
    (
        "I can't cope anymore, I've been stockpiling my tablets",
        "Psiquiatría",
    ),
    ("quiero tomármelas todas hoy, ya no puedo más", "Psiquiatría"),
    (
        "mi hermana se desmayó en la fila y al volver tenía el corazón a cien",
        "Cardiología",
    ),
    (
        "my grandad keeled over in the kitchen and now his heart is galloping",
        "Cardiología",
    ),
    (
        "desde esta mañana tengo la regla muy fuerte, me cambio la toalla cada media hora y estoy mareada",
        "Ginecología",
    ),
    (
        "since lunchtime my period is soaking through a pad every 30 minutes and I feel faint",
        "Ginecología",
    ),
    (
        "I've soaked two pads in 30 minutes with my period and I feel dizzy",
        "Ginecología",
    ),
    (
        "con la regla estoy llenando una toalla cada 40 minutos y me siento mareada",
        "Ginecología",
    ),
    (
        "mi abuela se dializa, se saltó dos sesiones y ahora está débil y con náuseas",
        "Nefrología",
    ),
    (
        "my husband missed his dialysis sessions this week and is swollen all over",
        "Nefrología",
    ),
    (
        "soy asmático, el inhalador no me hace nada, tengo el pecho apretado y me silba fuerte",
        "Neumología",
    ),
    (
        "my inhaler isn't helping at all, my chest is really tight and I'm wheezing badly",
        "Neumología",
    ),
    // a caustic splashed on the face or skin is a chemical burn even before it burns (and what
    // fell on the face is no drooping face); a limb gone cold in the last hours is ischaemia
    ("me salpicó lejía en la cara limpiando el baño", "Dermatología"),
    ("some acid splashed on my neck at work", "Dermatología"),
    (
        "my mum's foot went cold and numb an hour ago and it really hurts",
        "Cardiología",
    ),
];

#[test]
fn red_flags_of_orient_1_4_fire() {
    for (text, spec) in RED_FLAGS_14 {
        let o = run(text);
        assert!(o.emergency, "not an emergency: {text}: {:?}", o.evidence);
        assert_eq!(o.specialty.as_deref(), Some(*spec), "{text}: {:?}", o.red_flags);
    }
}

/// Figures of speech are no findings at all ("me ahogo con tanto trabajo", "me muero de
/// vergüenza"), and the literal words still are: a figure needs its own words around them.
#[test]
fn figures_of_speech_are_not_red_flags() {
    for (text, spec) in [
        (
            "me estoy asfixiando con tantas tareas de la universidad, duermo mal y lloro",
            "Psicología",
        ),
        (
            "I feel like I'm suffocating with all this pressure at work, I can't switch off at night",
            "Psicología",
        ),
        (
            "me quiero morir de la vergüenza, me salió un orzuelo enorme antes de la entrevista",
            "Oftalmología",
        ),
        (
            "I could die of embarrassment, I have a huge cold sore on my lip",
            "Dermatología",
        ),
    ] {
        let o = run(text);
        assert!(!o.emergency, "{text}: {:?}", o.red_flags);
        assert_eq!(o.specialty.as_deref(), Some(spec), "{text}: {:?}", o.evidence);
    }
    for text in [
        "no puedo respirar, me duele el pecho",
        "I can't breathe and my lips are going blue",
        "me quiero morir, ya no quiero vivir más",
        "I want to die and I have the pills ready",
    ] {
        assert!(run(text).emergency, "{text}");
    }
}

/// Pictures told as settled - stable for months, passed on their own or after something
/// sweet, or a past event looked after whose sentence goes on after a comma - are bookings;
/// the same findings now, at rest or with confusion, are emergencies.
#[test]
fn settled_pictures_are_bookings_and_the_same_now_is_not() {
    for (text, spec) in [
        (
            "desde hace meses me aprieta el pecho cuando subo la cuesta a mi casa, se me pasa al descansar un rato",
            "Cardiología",
        ),
        (
            "for months I've had a squeezing in my chest when I hurry up hills, it goes after a minute's rest",
            "Cardiología",
        ),
        (
            "soy diabético, esta tarde me dio temblor y sudor, comí algo y se me quitó",
            "Endocrinología",
        ),
        (
            "Two years ago my mother had a stroke, her face drooped for an hour. She is fully recovered and we need her yearly neurology review.",
            "Neurología",
        ),
        (
            "my uncle died of a heart attack at 58 and I'd like my heart checked, I have no symptoms",
            "Cardiología",
        ),
        (
            "a car bumped mine at a roundabout yesterday, my neck is stiff today, no tingling or weakness",
            "Traumatología",
        ),
        // heavy periods for months, a pad an hour, now and then dizzy: the gynaecologist, not today
        (
            "hace un año mis reglas son muy abundantes, cambio la toalla cada hora y a veces me mareo",
            "Ginecología",
        ),
    ] {
        let o = run(text);
        assert!(!o.emergency, "{text}: {:?}", o.red_flags);
        assert_eq!(o.specialty.as_deref(), Some(spec), "{text}: {:?}", o.evidence);
    }
    for text in [
        "me aprieta el pecho desde hace media hora estando sentado y sudo frío",
        "soy diabético, estoy sudando, tiemblo y estoy confundido",
        "soy diabética, me tomé un jugo pero no se me pasa, sigo temblando y sudando frío",
        "my mother's face is drooping and she can't lift her arm",
        "el cuello rígido con fiebre alta y me duele muchísimo la cabeza",
    ] {
        assert!(run(text).emergency, "{text}");
    }
}

/// orient-1.4.0's pass over usual reasons for consultation (set J's classes in other words):
/// screening never done, growth and puberty, a thyroid lump, skin pictures, body image, health
/// and exam anxiety, a check-up with background conditions, the time together that is no age.
const USUAL_REASONS_14: &[(&str, &str)] = &[
    (
        "tengo diabetes tipo 2 y nunca me han revisado la vista",
        "Oftalmología",
    ),
    (
        "I have type 2 diabetes and have never had my eyes checked",
        "Oftalmología",
    ),
    (
        "mi hija de 13 es la más bajita de la clase y todavía no ha dado el estirón",
        "Endocrinología",
    ),
    (
        "I'm 16, the shortest in my class and my voice hasn't broken",
        "Endocrinología",
    ),
    (
        "se me mueve un bulto delante del cuello cuando trago",
        "Endocrinología",
    ),
    ("quiero información sobre la vasectomía", "Urología"),
    (
        "my face flushes bright red after a glass of wine and the redness lasts",
        "Dermatología",
    ),
    (
        "tengo una costra en la frente que no sana y a veces sangra",
        "Dermatología",
    ),
    (
        "estoy convencido de que tengo un tumor aunque todos mis exámenes salieron normales",
        "Psicología",
    ),
    (
        "my mind goes blank in every exam and my stomach is in knots",
        "Psicología",
    ),
    (
        "I'd like a full check-up, my mother has high blood pressure and diabetes",
        "Medicina General",
    ),
    (
        "my wife of 20 years left me and I can't stop crying",
        "Psicología",
    ),
    ("me anda matando la rodilla desde el partido", "Traumatología"),
    (
        "me duelen los pómulos cuando me agacho y tengo mocos verdes",
        "Otorrinolaringología",
    ),
    (
        "me tiemblan las manos y me da diarrea antes de hablar en público",
        "Psicología",
    ),
    (
        "siempre antes de la jaqueca me aparecen destellos en la vista",
        "Neurología",
    ),
];

#[test]
fn usual_reasons_of_orient_1_4_find_their_specialty() {
    for (text, spec) in USUAL_REASONS_14 {
        let o = run(text);
        assert!(!o.emergency, "{text}: {:?}", o.red_flags);
        assert_eq!(o.specialty.as_deref(), Some(*spec), "{text}: {:?}", o.evidence);
    }
}

/// orient-1.4.0's senses and negation, in other words than the sets': a word next to what
/// changes its sense, and a cue between a match's own words.
#[test]
fn words_are_read_in_their_sense_orient_1_4() {
    for (text, spec) in [
        // a numb leg with back pain after lifting: the nerve root, not a stroke
        (
            "me duele la espalda y se me duerme la pierna izquierda desde que cargué unos sacos",
            "Traumatología",
        ),
        // shaking off numb fingers at night is no seizure
        (
            "de noche se me duermen los dedos y me despierto sacudiendo la mano",
            "Neurología",
        ),
        // a blocked nose "que me ahoga" is the nose
        (
            "hace una semana tengo la nariz tapada y tanto moco que me ahogo, me duelen los pómulos",
            "Otorrinolaringología",
        ),
        // eating less of something is no self-harm
        (
            "I'm cutting down on sugar and fat and I'd like a diet plan to lose weight",
            "Nutrición",
        ),
        // a cue between the words of a finding negates it
        (
            "I get itchy welts on my arms, but my lips and tongue never swell and I breathe normally",
            "Dermatología",
        ),
        // hair on the face is no drooping face ("ca*da" had been the word "cada")
        (
            "me crece vello en la cara cada vez más y la regla se me atrasa meses",
            "Ginecología",
        ),
    ] {
        let o = run(text);
        assert!(!o.emergency, "{text}: {:?}", o.red_flags);
        assert_eq!(o.specialty.as_deref(), Some(spec), "{text}: {:?}", o.evidence);
    }
    // patterns whose function words had dropped out ("~ to die" had been "die", "~ still
    // bleeding" "bleeding"): taking one's usual pills and fearing to die of a headache is no
    // overdose, gums that bleed a little on a blood thinner are no bleeding that will not stop
    for text in [
        "tomé mis pastillas de la presión y siento que me voy a morir del dolor de cabeza",
        "I took my tablets this morning and I feel like I'm going to die with this migraine",
        "I'm on warfarin and my gums are bleeding a little when I brush my teeth",
        "lavo la ropa con lejía todos los días y se me resecan las manos",
    ] {
        let o = run(text);
        assert!(!o.emergency, "{text}: {:?}", o.red_flags);
    }
}

/// orient-1.5.0 (set K's missed emergencies), each mechanism in words of its own: a plan told
/// through its preparations (a pet or belongings given away, goodbye letters, pills hoarded, a
/// chosen moment, poison kept), a heart attack told by the person watching it, psychosis with a
/// threat or a knife, heat stroke, a scald with blisters in a child or large ones, a nosebleed
/// that will not stop on a blood thinner named in lay words, a curtain over one eye's sight,
/// fever with rigors after a malaria area.
const RED_FLAGS_15: &[(&str, &str)] = &[
    (
        "mi hermano anda muy deprimido, regaló su perro y sus cosas y escribió cartas de despedida a todos",
        "Psiquiatría",
    ),
    (
        "My brother has been really depressed, he gave away his dog and wrote goodbye letters to all of us",
        "Psiquiatría",
    ),
    (
        "I've been hoarding my sleeping pills and tonight feels like the right moment",
        "Psiquiatría",
    ),
    ("tengo guardado el veneno para ratas en mi cuarto", "Psiquiatría"),
    (
        "mi papá estaba paleando tierra en el jardín, se puso pálido y sudoroso y dice que siente como un elefante encima",
        "Cardiología",
    ),
    (
        "my grandad went grey and clammy after digging the garden and keeps rubbing his left arm",
        "Cardiología",
    ),
    (
        "mi hermano dice que la radio le habla y que lo espían, está amenazando a los vecinos",
        "Psiquiatría",
    ),
    (
        "my son says the TV talks to him and he has a knife in his room",
        "Psiquiatría",
    ),
    (
        "mi abuela estuvo bajo el sol toda la tarde en la feria y ahora está confundida y muy caliente",
        "Medicina General",
    ),
    (
        "my husband was working in the hot sun all day, he stopped sweating and now he's confused",
        "Medicina General",
    ),
    (
        "a mi bebé le cayó leche hirviendo en la pierna y le salieron ampollas",
        "Pediatría",
    ),
    (
        "I spilled boiling water on my arm and it has huge blisters",
        "Dermatología",
    ),
    (
        "mi mamá toma pastillas para adelgazar la sangre y le sangra la nariz sin parar hace media hora",
        "Otorrinolaringología",
    ),
    (
        "my dad is on tablets to thin his blood and his nose has been bleeding for 40 minutes and won't stop",
        "Otorrinolaringología",
    ),
    (
        "veo como una cortina negra que baja en el ojo izquierdo desde esta mañana",
        "Oftalmología",
    ),
    (
        "since last night there's a black curtain across the top of my right eye",
        "Oftalmología",
    ),
    (
        "volví de Nigeria hace una semana y tengo fiebre con escalofríos que me hacen tiritar",
        "Infectología",
    ),
    (
        "I flew back from Kenya last week and now have a fever with shaking chills",
        "Infectología",
    ),
];

#[test]
fn red_flags_of_orient_1_5_fire() {
    for (text, spec) in RED_FLAGS_15 {
        let o = run(text);
        assert!(o.emergency, "not an emergency: {text}: {:?}", o.evidence);
        assert_eq!(o.specialty.as_deref(), Some(*spec), "{text}: {:?}", o.red_flags);
    }
}

/// orient-1.5.0: the same words in a settled or explained picture are no emergency (set K's false
/// alarms as mechanisms, in other words): confused about a diet, a nosebleed in the heat that
/// stops, iron turning stools black, panic attacks with normal tracings, hives with a tongue that
/// did not swell ("no se me hinchó": a cue two function words before), a low sugar that passed
/// with juice, a dog left with a sister, a grip that fails from a sore wrist, the bone doctor, a
/// childhood seizure with a certificate asked for ("none since" is never history itself), a
/// tightness uphill that goes off standing still, exam nerves.
#[test]
fn settled_or_explained_pictures_are_not_emergencies_orient_1_5() {
    for (text, spec) in [
        (
            "I'm confused about which foods I'm allowed on my new diabetes diet",
            "Nutrición",
        ),
        (
            "a mi hijo le sangra la nariz cuando hace mucho calor y se le pasa en un minuto",
            "Pediatría",
        ),
        (
            "every few weeks out of nowhere my heart races, I can't breathe and I'm sure I'll die, but my ECGs are always normal",
            "Psicología",
        ),
        (
            "me salió urticaria después del maní pero la lengua no se me hinchó y respiro bien",
            "Dermatología",
        ),
        (
            "last night my mum's sugar dropped and she was shaky, sweaty and confused, we gave her juice and she recovered, today she's fine",
            "Endocrinología",
        ),
        (
            "anoche a mi papá se le bajó el azúcar, estaba sudado y confundido, le dimos agua con azúcar y se recuperó, hoy está bien",
            "Endocrinología",
        ),
        (
            "my wrist has been killing me for weeks since I started painting, I can't grip a mug without it twinging",
            "Traumatología",
        ),
        ("Should I see the bone doctor about my knee?", "Traumatología"),
        (
            "I had one seizure as a child, none since, I need a fitness certificate for my licence",
            "Neurología",
        ),
        (
            "the doctor said my cholesterol is high, and I get a tight chest walking uphill in the cold that goes off after a few minutes standing still",
            "Cardiología",
        ),
    ] {
        let o = run(text);
        assert!(!o.emergency, "{text}: {:?}", o.red_flags);
        assert_eq!(o.specialty.as_deref(), Some(spec), "{text}: {:?}", o.evidence);
    }
    for text in [
        "I've been on iron tablets for a week and my stools are black, no pain, no dizziness",
        "I gave my dog to my sister while I'm in hospital for my knee",
        "I get a tight chest and feel sick every time exams come, my mind goes blank",
    ] {
        let o = run(text);
        assert!(!o.emergency, "{text}: {:?}", o.red_flags);
        assert_ne!(o.specialty.as_deref(), Some("Psiquiatría"), "{text}");
    }
    // ... and black stools on iron with dizziness still are
    assert!(run("I take iron tablets and my stools are black and I feel dizzy and faint").emergency);
}

/// orient-1.5.0's usual reasons, as patients say them (not taken from any scored set): stones and
/// cola-coloured pee, the telly blaring, food that sticks, shyness, a weak stream at night, acne,
/// a grown son's age, a diet for a risk condition, repeat prescriptions for several conditions,
/// a boiling blood and a job that is "killing me" (figures of speech about stress).
const USUAL_REASONS_15: &[(&str, &str)] = &[
    (
        "my mum keeps the telly really loud and says everyone mumbles",
        "Otorrinolaringología",
    ),
    (
        "for two months food gets stuck halfway down when I swallow bread",
        "Gastroenterología",
    ),
    (
        "my eyes have turned yellowish and my pee is the colour of cola",
        "Gastroenterología",
    ),
    (
        "I'm painfully shy, I go red when I have to speak in meetings and I avoid parties",
        "Psicología",
    ),
    (
        "tengo 65, me levanto varias veces de noche a hacer pis y el chorro es flojito",
        "Urología",
    ),
    ("tengo la cara llena de granos y ya tengo 30", "Dermatología"),
    ("mi hijo de 22 tiene fiebre y tos", "Medicina General"),
    (
        "I've put on a stone, I'm always freezing and my hair is coming out",
        "Endocrinología",
    ),
    (
        "me hierve la sangre con cualquier cosa y les grito a mis hijos, quiero aprender a controlarme",
        "Psicología",
    ),
    (
        "this job is killing me, I can't sleep and I'm snapping at everyone",
        "Psicología",
    ),
    // a cough of two months after a cold is no cold any more; fever with aching muscles is flu
    (
        "I've had a dry cough for two months since a cold and it won't go away, I don't smoke",
        "Neumología",
    ),
    (
        "three days of fever, aching muscles, a headache and a runny nose",
        "Medicina General",
    ),
    // morning stiffness, unrefreshing sleep and a body "skin and bone" in the words patients use
    (
        "tengo 28 años y la espalda baja me duele peor al levantarme y mejora cuando me muevo",
        "Reumatología",
    ),
    (
        "I hurt all over, wake up tired and have tender points everywhere, it never goes away",
        "Reumatología",
    ),
    (
        "my daughter is 16, barely eating, says she's fat but she's skin and bone",
        "Psiquiatría",
    ),
];

#[test]
fn usual_reasons_of_orient_1_5_find_their_specialty() {
    for (text, spec) in USUAL_REASONS_15 {
        let o = run(text);
        assert!(!o.emergency, "{text}: {:?}", o.red_flags);
        assert_eq!(o.specialty.as_deref(), Some(*spec), "{text}: {:?}", o.evidence);
    }
}

/// orient-1.6.0 (set L's missed emergencies as mechanisms, in other words than L's): a face or
/// mouth that hangs by any of its words (`@facepart` + `@droop`), an arm or hand that cannot be
/// lifted, nonsense told or not knowing the day or year (confusion) in the heat, a head knocked
/// in more words and a fall with drowsiness and vomiting, the chin that cannot reach the chest,
/// spots that do not fade when pressed, fever after a malaria area with shaking chills, jaundice
/// or vomiting (prophylaxis not taken is still the area), brand names in a count of pills, a
/// clause that says now inside the past clause keeps the later clauses now ("me operaron hace 3
/// semanas y hoy de golpe..."), belongings given away with pills saved, right lower pain that
/// will not let one stand straight with vomiting.
const RED_FLAGS_16: &[(&str, &str)] = &[
    (
        "de un momento a otro mi tía tiene el labio colgado de un lado y babea",
        "Neurología",
    ),
    (
        "Grandpa's smile looks slanted since this morning and he's dribbling from one corner",
        "Neurología",
    ),
    (
        "mi abuelo de pronto no puede levantar la mano derecha",
        "Neurología",
    ),
    (
        "my dad suddenly can't raise his left arm, it just hangs there",
        "Neurología",
    ),
    (
        "después de trabajar bajo el sol toda la tarde mi tío está hablando disparates",
        "Medicina General",
    ),
    (
        "after hours working in the blazing sun my uncle doesn't know what year it is",
        "Medicina General",
    ),
    (
        "mi esposo se dio con la cabeza en la puerta del carro y ya vomitó dos veces",
        "Neurología",
    ),
    (
        "My husband whacked his head on a beam at work and has been sick twice since",
        "Neurología",
    ),
    (
        "mi hermano se cayó de la escalera, ahora está muy somnoliento y vomitó",
        "Neurología",
    ),
    (
        "mi esposo tiene fiebre alta y no logra tocar el pecho con el mentón",
        "Infectología",
    ),
    (
        "me salieron puntitos violetas en los brazos que no se borran al apretarlos",
        "Infectología",
    ),
    (
        "hace una semana volví de trabajar en Kinshasa y tengo fiebre con escalofríos fuertes",
        "Infectología",
    ),
    (
        "back from Accra five days ago and I've got a fever and can't stop shivering",
        "Infectología",
    ),
    (
        "regresé de la selva de Pucallpa hace 8 días, tengo fiebre y los ojos amarillos",
        "Infectología",
    ),
    (
        "Came home from Malawi last week, went without malaria tablets, now feverish and vomiting",
        "Infectología",
    ),
    ("I took 16 Nurofen at once for my toothache", "Medicina General"),
    (
        "me operaron de la cadera hace 3 semanas y hoy de golpe no puedo respirar bien, me duele el pecho",
        "Cardiología",
    ),
    (
        "I had my knee replaced two weeks ago and today out of nowhere I'm short of breath, my chest hurts when I breathe in",
        // orient-1.8.0: the clot's rule is read before the heart's (a specific picture first)
        "Neumología",
    ),
    (
        "my sister gave away her laptop and her bike and I found the pills she has been saving up",
        "Psiquiatría",
    ),
    (
        "mi hijo de 20 regaló su consola y su bicicleta y tiene guardadas pastillas",
        "Psiquiatría",
    ),
    (
        "the pain moved to the right lower part of my tummy, I'm throwing up and I can't stand up straight",
        "Gastroenterología",
    ),
];

#[test]
fn red_flags_of_orient_1_6_fire() {
    for (text, spec) in RED_FLAGS_16 {
        let o = run(text);
        assert!(o.emergency, "not an emergency: {text}: {:?}", o.evidence);
        assert_eq!(o.specialty.as_deref(), Some(*spec), "{text}: {:?}", o.red_flags);
    }
}

/// orient-1.6.0: set L's false alarms as mechanisms, in other words: purple on a sprained ankle
/// or knee is a bruise, acid that comes up is reflux, not knowing what to eat is no confusion,
/// "a full recovery" and "right as rain" say a past episode was looked after, "a bad flu" is the
/// illness and not a severe symptom, a tight chest before presentations is nerves.
#[test]
fn settled_or_explained_pictures_are_not_emergencies_orient_1_6() {
    for (text, spec) in [
        (
            "me doblé el tobillo bajando la escalera, está hinchado y morado",
            "Traumatología",
        ),
        (
            "I twisted my knee playing squash, it's swollen and purple",
            "Traumatología",
        ),
        (
            "siento algo ácido que me sube del estómago a la garganta después de comer, me quema",
            "Gastroenterología",
        ),
        (
            "mi papá tiene diabetes y no sabe qué comida le conviene comer",
            "Endocrinología",
        ),
        (
            "Two years ago I had a heart attack, I've made a full recovery and want my yearly review",
            "Cardiología",
        ),
        (
            "Last month my wife went shaky and sweaty when she missed breakfast on her insulin, a biscuit put her right as rain, can her doses be changed?",
            "Endocrinología",
        ),
        (
            "I had a bad flu a month ago and I still feel tired all the time",
            "Medicina General",
        ),
        (
            "ando con la mente acelerada de noche por las deudas y no duermo",
            "Psicología",
        ),
    ] {
        let o = run(text);
        assert!(!o.emergency, "{text}: {:?}", o.red_flags);
        assert_eq!(o.specialty.as_deref(), Some(spec), "{text}: {:?}", o.evidence);
    }
    let o = run("before presentations my chest feels tight and my hands tremble");
    assert!(!o.emergency, "{:?}", o.red_flags);
    // piles that bleed in a pregnancy are not the pregnancy's bleeding; the vagina's still is
    let o = run("tengo 5 meses de embarazo y las hemorroides me sangran un poco al ir al baño");
    assert!(!o.emergency, "{:?}", o.red_flags);
    assert!(run("tengo 5 meses de embarazo y estoy sangrando por la vagina").emergency);
    // ... and the same purple on the lips, or the acid swallowed, still are
    assert!(run("se torció el tobillo y ahora tiene los labios morados y no puede respirar").emergency);
    assert!(run("mi hijo tomó ácido de batería y le quema la boca").emergency);
}

/// orient-1.6.0's usual reasons in more word forms, both languages (not taken from any scored set):
/// "no veo / oigo bien" ("bien" no longer ends a negation's scope; only "más bien" does), ringing
/// or whistling in the ears by any form of the word, hair falling out and a bald patch, neck and
/// shoulders, urine that fizzes or bubbles, anhedonia, HIV treatment by its names, the smallest in
/// the class, green mucus, a pressing chest on exertion that passes on stopping (`@passes` +
/// `@rest`: no red flag), thirst with a lot of urine, a drink every morning for the shakes.
const USUAL_REASONS_16: &[(&str, &str)] = &[
    (
        "ya no oigo bien la tele y mi esposa se queja",
        "Otorrinolaringología",
    ),
    ("hace meses no veo bien de lejos cuando manejo", "Oftalmología"),
    (
        "tengo unos silbidos en los oidos todas las noches",
        "Otorrinolaringología",
    ),
    (
        "se me están cayendo mechones y tengo un área calva redonda en la coronilla",
        "Dermatología",
    ),
    (
        "me duelen el cuello y los hombros de tanto mirar el celular",
        "Traumatología",
    ),
    ("mi pichi sale con burbujas desde hace semanas", "Nefrología"),
    ("my urine has been fizzing in the toilet for weeks", "Nefrología"),
    (
        "there's a whistling in my ears whenever it's quiet",
        "Otorrinolaringología",
    ),
    (
        "my hair is falling out in clumps and there's a bald patch above my ear",
        "Dermatología",
    ),
    (
        "nothing interests me any more and I feel empty most days",
        "Psicología",
    ),
    ("nada me interesa y me siento vacía por dentro", "Psicología"),
    (
        "I take Truvada as PrEP and need my three-monthly tests",
        "Infectología",
    ),
    (
        "tengo que seguir mi tratamiento antirretroviral y me mudo de ciudad",
        "Infectología",
    ),
    (
        "our daughter is 11 and the smallest in her class by far",
        "Endocrinología",
    ),
    (
        "thick green snot and my cheeks ache for ten days now",
        "Otorrinolaringología",
    ),
    (
        "I get a pressing feeling in my chest when I walk fast uphill that passes when I stop",
        "Cardiología",
    ),
    ("tengo sed todo el día y orino muchísimo", "Endocrinología"),
    (
        "my dad has a drink every night and now shakes until he has one in the morning",
        "Psiquiatría",
    ),
];

#[test]
fn usual_reasons_of_orient_1_6_are_read() {
    for (text, spec) in USUAL_REASONS_16 {
        let o = run(text);
        assert!(!o.emergency, "{text}: {:?}", o.red_flags);
        assert_eq!(o.specialty.as_deref(), Some(*spec), "{text}: {:?}", o.evidence);
    }
    // a pressure that does not pass with rest is still the heart's red flag, and "más bien"
    // still ends a negation's scope
    assert!(run("me aprieta el pecho y no se me pasa ni descansando").emergency);
    let o = run("no es dolor, más bien ardor al orinar");
    assert_eq!(o.specialty.as_deref(), Some("Urología"), "{:?}", o.evidence);
}

/// orient-1.7.0, set M's and set N's missed emergencies as mechanisms, each worded otherwise:
/// a verb in any tense (stems as prefixes), something boiling spilt, shaking chills in sepsis,
/// greyish lips, a pill organiser, a shock from the wiring, swallowed fuels, a mouth hanging down.
const RED_FLAGS_17: &[(&str, &str)] = &[
    (
        "mi abuelo está con infección urinaria, temblando de frío y desde la mañana no reconoce a nadie",
        "sepsis",
    ),
    (
        "se me volcó la tetera hirviendo en el brazo y tengo ampollas enormes",
        "burn",
    ),
    (
        "the boiling water from the kettle spilled on my son's legs and there are huge blisters",
        "burn",
    ),
    (
        "a mi tío le picó una serpiente en el pie cuando cortaba caña",
        "poisoning",
    ),
    (
        "desde hace media hora le empezó a faltar el aire y tiene la pantorrilla hinchada",
        "pulmonary embolism",
    ),
    (
        "mi tía de repente no podía mover el brazo izquierdo y hablaba trabado",
        "stroke",
    ),
    (
        "his inhaler isn't doing anything and his lips look grayish",
        "Cannot breathe",
    ),
    (
        "my 3 year old got into grandma's pill organizer, some are missing",
        "poisoning",
    ),
    (
        "my dad got a shock from a socket at work and now his heart feels odd",
        "Electric shock",
    ),
    (
        "mi hijo de 3 años se tomó gasolina de una botella de gaseosa y está tosiendo",
        "poisoning",
    ),
    (
        "my daughter is 4 and swallowed some paraffin from a bottle",
        "poisoning",
    ),
    ("mi hijo de 2 años se tomó un buche de luz brillante", "poisoning"),
    (
        "my wife's mouth is hanging down on the right since an hour ago",
        "stroke",
    ),
];

#[test]
fn set_m_and_n_emergencies_are_caught_as_mechanisms_orient_1_7() {
    for (text, rule) in RED_FLAGS_17 {
        let o = run(text);
        assert!(o.emergency, "{text}: {:?}", o.evidence);
        assert!(
            o.red_flags_en
                .iter()
                .any(|r| r.to_lowercase().contains(&rule.to_lowercase())),
            "{text}: {:?}",
            o.red_flags_en
        );
        // the red flag decides the emergency, not how sure the specialty named with it is
        assert!(o.confidence <= 0.9, "{text}: {}", o.confidence);
    }
}

/// orient-1.7.0, set M's and N's false alarms, worded otherwise: a player's stroke, a light
/// fitting, "bad" without an intensifier, a teething baby's drool, a low sugar juice fixes, a
/// mini stroke "back in" a month already looked after, a list of symptoms never had.
#[test]
fn set_m_and_n_false_alarms_are_read_in_their_sense_orient_1_7() {
    for text in [
        "I play tennis and my coach wants to change my stroke, my elbow hurts after matches",
        "I was changing a light fitting and pulled a muscle in my shoulder",
        "my son feels bad about his weight and gets out of breath running",
        "my 7 month old is teething, drooling and chewing everything",
        "I'm diabetic and sometimes get shaky and sweaty before dinner, a glass of juice fixes it",
        "I had a small stroke back in March, I'm fine now and want my follow-up with neurology",
        "I've never had any chest pain or fainting, but I'd like a heart check before a marathon",
    ] {
        let o = run(text);
        assert!(!o.emergency, "{text}: {:?}", o.red_flags);
    }
    // "bad" with an intensifier is still severe
    assert!(run("my asthma is really bad and the inhaler isn't helping").emergency);
}

/// The whole-picture back-off (`picture.rs`): when no pattern reads the complaint, its words
/// together vote for the specialty whose picture they fit, at a low confidence, and the evidence
/// says so; one word alone, or words with no picture, leave the usual default.
#[test]
fn words_no_pattern_reads_vote_for_a_specialty_orient_1_7() {
    let o = run("my knee went crack playing rugby and now it buckles");
    assert!(o.insufficient && !o.emergency);
    assert_eq!(o.specialty.as_deref(), Some("Traumatología"));
    assert!(o.confidence <= 0.75, "{}", o.confidence);
    let line = o.evidence.last().expect("an evidence line");
    assert!(line.concept_en.contains("as a whole"), "{:?}", o.evidence);
    assert!(line.term.contains("knee"), "{:?}", line);
    assert!(o.advice.contains("información suficiente"), "{}", o.advice);
    for text in ["ok gracias", "my cat scratched me while playing, a small scratch"] {
        let o = run(text);
        assert_eq!(o.specialty.as_deref(), Some("Medicina General"), "{text}");
        assert!(
            o.evidence.iter().all(|e| !e.concept_en.contains("as a whole")),
            "{text}"
        );
    }
}

/// A recommendation most of whose evidence terms point elsewhere is less sure than its share
/// (orient-1.7.0: right about half the time on the first runs of sets M and N).
#[test]
fn conflicting_evidence_lowers_the_confidence_orient_1_7() {
    let o = run("I have a blocked nose for two weeks and my top teeth ache");
    let conflict = o
        .evidence
        .iter()
        .any(|e| e.concept_en.contains("although more terms point elsewhere"));
    if conflict {
        assert!(o.confidence <= 0.8, "{}", o.confidence);
    }
    let mut seen = 0;
    for text in [
        "I have a blocked nose for two weeks and my top teeth ache",
        "me duele la muela y tengo fiebre y la garganta con placas",
        "tengo tos, fiebre y me duele el oído",
    ] {
        let o = run(text);
        if o.evidence
            .iter()
            .any(|e| e.concept_en.contains("although more terms point elsewhere"))
        {
            seen += 1;
            assert!(o.confidence <= 0.8, "{text}: {}", o.confidence);
        }
    }
    assert!(seen > 0, "no case of conflicting evidence left to test");
}

/// orient-1.7.0, set M's routing misses as mechanisms, worded otherwise: interjections with "no"
/// negate nothing, "ir de cuerpo" is passing stools, "orín" is urine, red cells in the urine and
/// red or bright red pee are blood in it, the big toe is no weight gain, a toe "on fire" is gout.
#[test]
fn usual_reasons_orient_1_7() {
    for (text, spec) in [
        (
            "no mames, amanecí con el dedo gordo del pie rojo e hinchado",
            "Reumatología",
        ),
        (
            "en el examen de rutina me salieron hematíes en la orina",
            "Urología",
        ),
        ("mi orín sale con espuma desde hace semanas", "Nefrología"),
        ("cuando voy de cuerpo veo sangre en el papel", "Gastroenterología"),
        ("my pee has been bright red twice this week", "Urología"),
        ("my big toe is on fire since last night", "Reumatología"),
    ] {
        let o = run(text);
        assert!(!o.emergency, "{text}: {:?}", o.red_flags);
        assert_eq!(o.specialty.as_deref(), Some(spec), "{text}: {:?}", o.evidence);
    }
}

/// orient-1.7.0, word senses from set M's misses, worded otherwise: "went over on" an ankle is a
/// sprain, creaking knees are the knees, "bebe" next to a drink is drinking, long runs are no
/// diarrhoea, what one cannot see in the urine is no lost sight, "a bit" is no bite.
#[test]
fn words_are_read_in_their_sense_orient_1_7() {
    for (text, spec) in [
        (
            "I went over on my ankle at netball and it's swollen",
            "Traumatología",
        ),
        (
            "my knees creak when I kneel and they ache after gardening",
            "Traumatología",
        ),
        (
            "mi papá bebe cerveza todos los días y ya no puede parar",
            "Psiquiatría",
        ),
    ] {
        let o = run(text);
        assert_eq!(o.specialty.as_deref(), Some(spec), "{text}: {:?}", o.evidence);
    }
    let concepts =
        |text: &str| -> Vec<String> { run(text).evidence.into_iter().map(|e| e.concept_en).collect() };
    let c = concepts("I'm 30 and do long runs for hours in the park, now my knees ache");
    assert!(c.iter().all(|e| e != "diarrhoea"), "{c:?}");
    let c = concepts("I can't see anything unusual in my pee but the test found protein");
    assert!(c.iter().all(|e| !e.contains("loss of vision")), "{c:?}");
    let c = concepts("my ankles swell a bit after a walk with the dog");
    assert!(c.iter().all(|e| e != "animal bite"), "{c:?}");
}

/// orient-1.7.1, set O's false alarms as mechanisms, worded otherwise: a clause placed in the
/// past by a month, "the other week", "a few weeks ago" or "hace meses" and told as looked after
/// (sent home, the bleeding stopped, the tests normal) is history, not a red flag; the same
/// finding happening now is still an emergency.
#[test]
fn past_episodes_told_by_a_date_or_a_time_ago_are_history_orient_1_7_1() {
    for text in [
        "In October my father had a mini stroke, his face drooped for ten minutes. They kept him in, the scans came back clear and we need the neurology follow-up",
        "a few weeks ago I had a bad allergic reaction to a wasp sting and my lips swelled up, the ER treated me and sent me home. I'd like allergy tests",
        "the other week I lost a pregnancy, the bleeding has stopped and I need the check-up the hospital asked for",
        "en agosto tuve un dolor de pecho muy fuerte, me hicieron el electro y salió normal, quiero el control con cardiología",
        "hace unas semanas me picó una abeja y se me hinchó la cara, me atendieron en emergencia y me mandaron a la casa, quiero saber si soy alérgica",
        "en 2021 tuve una convulsión, me atendieron y estoy bien, necesito el certificado para manejar",
    ] {
        let o = run(text);
        assert!(!o.emergency, "{text}: {:?} {:?}", o.red_flags, o.evidence);
    }
    for (text, rule) in [
        (
            "In October I had a mini stroke and they checked me, and since this morning my face is drooping again",
            "stroke",
        ),
        (
            "last summer I had chest pain and they did an ECG which was fine, now I have crushing chest pain and I'm sweating",
            "chest pain",
        ),
        (
            "en enero me dio una alergia y me atendieron, ahora se me hincha la lengua y no puedo respirar",
            "anaphylaxis",
        ),
    ] {
        let o = run(text);
        assert!(o.emergency, "{text}: {:?}", o.evidence);
        assert!(
            o.red_flags_en.iter().any(|r| r.to_lowercase().contains(rule)),
            "{text}: {:?}",
            o.red_flags_en
        );
    }
}

/// orient-1.7.1: a plural time unit without a figure ("hace meses", "for months", "a few weeks
/// ago") reads like the same phrase with a number: months make a problem long-standing, and a
/// time ago places its clause in the past.
#[test]
fn time_told_without_a_figure_orient_1_7_1() {
    let toks = |s: &str| normalize::raw_tokens(s);
    let n = super::numbers::extract(&toks("me pasa desde hace meses"));
    assert!(
        n.duration_days.is_some_and(|d| d >= 60.0),
        "{:?}",
        n.duration_days
    );
    let n = super::numbers::extract(&toks("it has been like this for months"));
    assert!(
        n.duration_days.is_some_and(|d| d >= 60.0),
        "{:?}",
        n.duration_days
    );
    let n = super::numbers::extract(&toks("a few weeks ago I fell"));
    assert!(n.ago.iter().any(|(d, _)| *d >= 14.0), "{:?}", n.ago);
    let n = super::numbers::extract(&toks("hace años tuve una operación"));
    assert!(n.years_ago.is_some_and(|y| y >= 2.0), "{:?}", n.years_ago);
    // a figure is still read by the number rules, and a unit alone is no time at all
    let n = super::numbers::extract(&toks("hace 3 meses"));
    assert!(n.ago.iter().any(|(d, _)| (*d - 90.0).abs() < 1e-9), "{:?}", n.ago);
    // a calendar year is the past; "since 2019" is not read as a time ago
    let n = super::numbers::extract(&toks("en marzo de 2021 me operaron"));
    assert!(n.ago.iter().any(|(d, _)| *d >= 365.0), "{:?}", n.ago);
    let n = super::numbers::extract(&toks("back in 2018 I had a seizure"));
    assert!(n.years_ago.is_some_and(|y| y >= 1.0), "{:?}", n.years_ago);
    let n = super::numbers::extract(&toks("since 2019 I have had a cough"));
    assert!(n.ago.is_empty(), "{:?}", n.ago);
    let n = super::numbers::extract(&toks("mi bebe de meses llora"));
    assert!(n.ago.is_empty() && n.duration_days.is_none());
}

/// orient-1.7.1, set O's word senses as mechanisms, worded otherwise: sweats that soak are no
/// heavy bleed, "no me deja vivir" is a figure of speech, a pharmacy acid on warts is a treatment,
/// one side tingling on and off for months is no stroke; death wishes stay flagged.
#[test]
fn words_are_read_in_their_sense_orient_1_7_1() {
    for text in [
        "I get sweats at night soaking through my t-shirt and a cough that won't go",
        "este dolor de muela no me deja vivir, se me hinchó la encía",
        "me quemé los callos del pie con el ácido salicílico y ahora me arden",
        "I burnt my warts off with the wart remover from the pharmacy and they came back",
        "hace meses que se me adormece el brazo derecho, va y viene",
        "my left hand and foot tingle, it comes and goes, it has been going on for months",
        "sometimes I feel my family would be better off without me, but I would never do anything, I want therapy",
    ] {
        let o = run(text);
        assert!(!o.emergency, "{text}: {:?} {:?}", o.red_flags, o.evidence);
    }
    for (text, rule) in [
        (
            "I'm bleeding heavily, soaking through a pad every hour",
            "bleeding",
        ),
        ("ya no quiero vivir, nada tiene sentido", "suicide"),
        ("I think I'd be better off dead", "suicide"),
        ("everyone would be better off without me", "suicide"),
        ("se me cayó ácido de batería en la mano y me quemé", "burn"),
        ("de repente se me durmió el brazo derecho y la cara", "stroke"),
    ] {
        let o = run(text);
        assert!(o.emergency, "{text}: {:?}", o.evidence);
        assert!(
            o.red_flags_en.iter().any(|r| r.to_lowercase().contains(rule)),
            "{text}: {:?}",
            o.red_flags_en
        );
    }
}

/// orient-1.7.1, set O's missed emergency as a mechanism, worded otherwise: breathless speech (a
/// few words per breath, no whole sentence) and a reliever named by its brand that does nothing
/// are a severe breathing crisis; a toddler who says few words yet is a speech delay.
#[test]
fn breathless_speech_and_a_failing_reliever_orient_1_7_1() {
    for text in [
        "my son has asthma and he can't finish a sentence without stopping for air",
        "tengo asma, el ventolin no me hace nada y solo puedo decir pocas palabras",
        "wheezy and short of breath since lunch and the salbutamol is not helping",
    ] {
        let o = run(text);
        assert!(o.emergency, "{text}: {:?}", o.evidence);
        assert!(
            o.red_flags_en
                .iter()
                .any(|r| r.contains("breathe") || r.contains("Asthma")),
            "{text}: {:?}",
            o.red_flags_en
        );
    }
    let o = run("my 2 year old can only say a few words, his speech is delayed");
    assert!(!o.emergency, "{:?}", o.evidence);
}

/// orient-1.8.0 (sets P and Q): missed emergencies as mechanisms, each worded otherwise than the
/// sets: a prick from a used needle (post-exposure prophylaxis), giant-cell arteritis (jaw pain on
/// chewing or a sore scalp with changed sight), a clot after an operation (pain on breathing with
/// a racing heart), an onlooker's heart attack (a chest rubbed, a heavy left arm) and one told as
/// indigestion with sweating and breathlessness, spots that do not fade when pressed, saddle
/// numbness with retention, retention in any tense, early pregnancy told as "estoy de N
/// semanas", a toddler told as "wee one", a plan's moment told as a decision or an empty house,
/// an overdose after a fight; and the rule order (the clot before the heart, sepsis before
/// delirium and the breathing rule).
const RED_FLAGS_18: &[(&str, &str)] = &[
    // orient-1.15.0: a cast gone tight
    (
        "a mi hija le pusieron yeso en el brazo ayer, ahora el dolor es insoportable y tiene los dedos dormidos",
        "Traumatología",
    ),
    (
        "my son's leg was put in a cast this morning, now his toes are pale and numb and he can't move them",
        "Traumatología",
    ),
    (
        "me pinché con una aguja usada limpiando el consultorio hace media hora",
        "Infectología",
    ),
    (
        "I stepped on a needle at the beach an hour ago, it went into my heel",
        "Infectología",
    ),
    (
        "a used needle pricked my finger while I was emptying the bins at work",
        "Infectología",
    ),
    (
        "mi papá de 75 tiene dolor en la sien, le duele la mandíbula al masticar y hoy ve borroso de un ojo",
        "Reumatología",
    ),
    (
        "my scalp is sore when I comb my hair, I'm 70, and since this morning I'm seeing double",
        "Reumatología",
    ),
    (
        "two weeks after my hip replacement I get a sharp pain when I breathe in and my heart is racing",
        "Neumología",
    ),
    (
        "me operaron de la cadera hace 10 días y hoy me duele el costado al respirar y tengo el corazón a mil",
        "Neumología",
    ),
    (
        "my husband keeps rubbing his chest, he's sweating buckets and says his left arm feels heavy",
        "Cardiología",
    ),
    (
        "tengo 70 años, me duele la boca del estómago, sudo frío y me falta el aire",
        "Cardiología",
    ),
    (
        "my daughter has a temperature and tiny purple dots on her tummy that don't fade when I press them",
        "Pediatría",
    ),
    (
        "mi hijo tiene fiebre y unos puntitos morados en la barriga que no se borran cuando los aplasto",
        "Pediatría",
    ),
    (
        "my lower back has been playing up and now my inner thighs are numb and I can't wee",
        "Traumatología",
    ),
    (
        "mi abuelo no ha podido orinar en todo el día y le duele mucho la barriga",
        "Urología",
    ),
    (
        "estoy de 6 semanas y estoy sangrando con dolor de barriga",
        "Ginecología",
    ),
    (
        "my wee one is 18 months, vomiting all night, no wet nappies since this morning and she's floppy",
        "Pediatría",
    ),
    (
        "ya lo tengo decidido, tengo guardadas las pastillas y lo hago cuando no haya nadie en casa",
        "Psiquiatría",
    ),
    (
        "I've been saving up my tablets and my mind is made up",
        "Psiquiatría",
    ),
    (
        "después de pelear con mi pareja se tomó como 20 pastillas de paracetamol",
        "Psiquiatría",
    ),
    (
        "after a row with her mum she swallowed a whole packet of ibuprofen",
        "Psiquiatría",
    ),
    (
        "mi abuela de 85 con infección urinaria tiene fiebre, está confundida y casi no orina",
        "Infectología",
    ),
    (
        "my husband is diabetic on insulin, all sweaty and shaky and confused",
        "Endocrinología",
    ),
];

#[test]
fn set_p_and_q_emergencies_are_caught_as_mechanisms_orient_1_8() {
    for (text, spec) in RED_FLAGS_18 {
        let o = run(text);
        assert!(o.emergency, "not an emergency: {text}: {:?}", o.evidence);
        assert_eq!(o.specialty.as_deref(), Some(*spec), "{text}: {:?}", o.red_flags);
    }
}

/// orient-1.8.0 (sets P and Q): false alarms and wrong routes as mechanisms, worded otherwise:
/// a word read in its sense (pain on swallowing saliva is no drooling, "unas" is also the article,
/// stress behind a tight chest, a nose that blocks the breath, fluids drunk in quantity, a hard
/// belly with constipation, stiff mornings, a grip that fails from stiff joints, a vaccine named
/// after a disease, the bus called "guagua", a prescription called "fórmula", a lump that moves,
/// forgetting a tablet, periods of the afternoon, a cold caught off the children, long runs, the
/// back of the head, "nearly had a heart attack", the cold weather); a number read in its own
/// clause (a bare age after a heart word is no pulse); a needle prick months ago, looked after.
#[test]
fn set_p_and_q_words_are_read_in_their_sense_orient_1_8() {
    for (text, spec) in [
        (
            "hace 3 meses me pinché con una aguja usada, ya me dieron el tratamiento y quiero el control del VIH",
            "Infectología",
        ),
        (
            "me arde la garganta al tragar saliva y tengo placas en las amígdalas",
            "Otorrinolaringología",
        ),
        (
            "me salieron unas estrías moradas en la barriga y tengo la cara redonda",
            "Endocrinología",
        ),
        (
            "I'm so stressed at work that my chest gets tight in meetings, I'd like counselling",
            "Psicología",
        ),
        (
            "I breathe through my mouth at night, my nose is blocked and I can't taste food",
            "Otorrinolaringología",
        ),
        (
            "I've got flu, I'm drinking lots of fluids and taking paracetamol",
            "Medicina General",
        ),
        (
            "the nurse heard a murmur in my heart. I'm well, 52, I cycle a lot",
            "Cardiología",
        ),
        (
            "tengo la barriga dura, hace 5 días que no voy al baño y me cuesta",
            "Gastroenterología",
        ),
        (
            "me levanto duro como tabla de la cintura y se me quita al moverme, tengo 30 años",
            "Reumatología",
        ),
        (
            "my hands are stiff for an hour every morning and I can't grip the kettle",
            "Reumatología",
        ),
        (
            "I want the meningitis vaccine before uni, I have a slight temperature today",
            "Medicina General",
        ),
        ("necesito renovar la fórmula de la metformina", "Endocrinología"),
        (
            "tengo una bolita en el cuello que se mueve cuando la toco, no duele",
            "Otorrinolaringología",
        ),
        (
            "a mi esposo se le olvida tomar la pastilla de la presión",
            "Cardiología",
        ),
        (
            "for periods of the afternoon I feel lightheaded",
            "Medicina General",
        ),
        (
            "caught a cold off the kids, runny nose and sneezing",
            "Medicina General",
        ),
        (
            "what should I eat before my long runs, I'm training for a half marathon",
            "Nutrición",
        ),
        (
            "there's a bald patch the size of a coin at the back of my head",
            "Dermatología",
        ),
        (
            "I nearly had a heart attack when I saw my eczema flaring again",
            "Dermatología",
        ),
        ("in the cold my fingers turn white then blue", "Reumatología"),
    ] {
        let o = run(text);
        assert!(!o.emergency, "{text}: {:?} {:?}", o.red_flags, o.evidence);
        assert_eq!(o.specialty.as_deref(), Some(spec), "{text}: {:?}", o.evidence);
    }
    // the bus is no baby: not Pediatría
    let o = run("me asaltaron en la guagua y desde entonces no puedo subirme a ninguna, tengo pesadillas");
    assert!(
        matches!(o.specialty.as_deref(), Some("Psicología" | "Psiquiatría")),
        "{:?}",
        o.evidence
    );
    // the same words with the picture they belong to are still emergencies
    for text in [
        "no puedo tragar ni mi saliva, babeo y casi no puedo abrir la boca",
        "tengo la barriga dura como piedra, me duele muchísimo y estoy vomitando",
        "since this morning my right hand is weak and my face feels numb",
    ] {
        let o = run(text);
        assert!(o.emergency, "{text}: {:?}", o.evidence);
    }
}

/// orient-1.8.0: who the patient is and for how long, worded otherwise than sets P and Q: a
/// partner of years is no child, "tengo N años con" is a duration, "he's 4" a child's age, a
/// toddler told in months and as "wee one"; "this morning" is one word, so "every morning" and
/// "a la mañana" tell no onset.
#[test]
fn who_the_patient_is_and_for_how_long_orient_1_8() {
    for (text, spec) in [
        (
            "me dejó mi novia de 3 años y no paro de llorar, necesito hablar con alguien",
            "Psicología",
        ),
        (
            "ya tengo 5 años con la diabetes y quiero mi control",
            "Endocrinología",
        ),
        (
            "ya tengo 4 años con la presión alta y ahora me sale 150",
            "Cardiología",
        ),
        ("he's 4 and needs his pre-school booster jabs", "Pediatría"),
    ] {
        let o = run(text);
        assert_eq!(o.specialty.as_deref(), Some(spec), "{text}: {:?}", o.evidence);
    }
    let toks = |s: &str| normalize::raw_tokens(s);
    let n = super::numbers::extract(&toks("my wee one is 14 months"));
    assert!(n.age.is_some_and(|a| a > 1.0 && a < 1.5), "{:?}", n.age);
    let n = super::numbers::extract(&toks("mi novio de 5 años me dejó"));
    assert!(n.age.is_none(), "{:?}", n.age);
    let n = super::numbers::extract(&toks("my hands are stiff for over an hour every morning"));
    assert!(n.acute_hours.is_none(), "{:?}", n.acute_hours);
    let n = super::numbers::extract(&toks("the chest pain started an hour ago"));
    assert!(n.acute_hours.is_some());
}

/// orient-1.8.0: usual reasons for consultation that sets P and Q showed missing, worded otherwise.
#[test]
fn usual_reasons_orient_1_8() {
    for (text, spec) in [
        (
            "necesito el riesgo quirúrgico para mi operación de hernia",
            "Cardiología",
        ),
        (
            "I need a pre-op assessment before my knee surgery, I'm 70 with high blood pressure",
            "Cardiología",
        ),
        (
            "quisiera que me vea un clínico por el colesterol alto",
            "Medicina General",
        ),
        (
            "tengo hígado graso y prediabetes, quiero aprender a comer",
            "Nutrición",
        ),
        ("my dad passed last month and I can't stop crying", "Psicología"),
        ("me dio un AIT hace dos meses y necesito mi control", "Neurología"),
        ("I need a repeat of my mirtazapine", "Psiquiatría"),
        (
            "mis ojos se ven saltones, he bajado de peso y me tiemblan las manos",
            "Endocrinología",
        ),
        (
            "my periods are all over the place and I've got hairs on my chin",
            "Ginecología",
        ),
        (
            "my brother hasn't slept in nights, talks non stop and went on a spending spree",
            "Psiquiatría",
        ),
    ] {
        let o = run(text);
        assert!(!o.emergency, "{text}: {:?}", o.red_flags);
        assert_eq!(o.specialty.as_deref(), Some(spec), "{text}: {:?}", o.evidence);
    }
}

/// orient-1.8.0, the leftovers of orient-1.7.0, as mechanisms: a symptom that "will kill me" is a
/// figure of speech (the wish to die told by the patient still fires); a course of deworming
/// tablets is no overdose (sleeping tablets in quantity still are); a wish to conceive ("tratando
/// de", "intentando quedar embarazada") is no pregnancy, while a pregnancy that bleeds still fires;
/// "desde marzo" is ongoing since March, not the past.
#[test]
fn leftovers_of_orient_1_7_are_read_in_their_sense_orient_1_8() {
    for text in [
        "esta tos me va a matar jaja, llevo una semana tosiendo",
        "este dolor de muela me va a matar, tengo la encía hinchada",
        "tomé varias pastillas para parásitos que me dio el médico y me duele la barriga",
        "estamos tratando de salir embarazada y tengo reglas muy dolorosas",
        "desde marzo me duele la rodilla, ya me revisaron y sigo igual",
    ] {
        let o = run(text);
        assert!(!o.emergency, "{text}: {:?} {:?}", o.red_flags, o.evidence);
    }
    let o = run("estamos tratando de salir embarazada y tengo reglas muy dolorosas");
    assert_eq!(o.specialty.as_deref(), Some("Ginecología"), "{:?}", o.evidence);
    for text in [
        "me voy a matar, ya no aguanto más",
        "se tomó varias pastillas para dormir y no despierta",
        "estoy embarazada de 8 semanas y sangro con dolor fuerte",
        "desde marzo tengo dolor de pecho y me falta el aire",
    ] {
        let o = run(text);
        assert!(o.emergency, "{text}: {:?}", o.evidence);
    }
}

/// orient-1.8.0: reliever overuse told by a count (a leftover of orient-1.7.1): six uses or more
/// today, with the attack's signs, is a reliever that does not last; a count per week is control.
#[test]
fn reliever_overuse_told_by_a_count_orient_1_8() {
    for text in [
        "I've used my inhaler 10 times since lunch and I'm still wheezy and breathless",
        "me eché como 8 disparos del inhalador y sigo con el pecho apretado y silbando",
    ] {
        let o = run(text);
        assert!(o.emergency, "{text}: {:?}", o.evidence);
        assert_eq!(
            o.specialty.as_deref(),
            Some("Neumología"),
            "{text}: {:?}",
            o.red_flags
        );
    }
    for text in [
        "I use my inhaler about 6 times a week, I'd like an asthma review",
        "I've been using my reliever 2 times a day, a bit wheezy in the cold weather",
    ] {
        let o = run(text);
        assert!(!o.emergency, "{text}: {:?}", o.red_flags);
    }
    let n = super::numbers::extract(&normalize::raw_tokens("used the ventolin 12 times today"));
    assert_eq!(n.reliever_uses, Some(12.0));
    let n = super::numbers::extract(&normalize::raw_tokens("I need my inhaler 8 times a week"));
    assert_eq!(n.reliever_uses, None);
}

/// orient-1.9.0: a negation after "y"/"and" belongs to its own clause ("orino a cada rato y las
/// heridas no me sanan" is no retention), and a negation does not reach across "and she's".
#[test]
fn negation_stays_in_its_clause_orient_1_9() {
    let o = run("tengo mucha sed, orino a cada rato y las heridas no me sanan");
    assert_eq!(o.specialty.as_deref(), Some("Endocrinología"), "{:?}", o.evidence);
    assert!(
        !o.evidence.iter().any(|e| e.concept.contains("no puede orinar")),
        "{:?}",
        o.evidence
    );
    let o = run(
        "9 month old vomiting since yesterday, no wet nappy since this morning and she's very sleepy and floppy",
    );
    assert!(o.emergency, "{:?}", o.evidence);
}

/// orient-1.9.0: the desk's "72 a." is an age, so a daughter calling about her mother is no
/// child; a relative's old stroke is history; senses that kept false alarms.
#[test]
fn callers_history_and_senses_orient_1_9() {
    let n = super::numbers::extract(&normalize::raw_tokens(
        "Hija llama x mamá 72 a. Desde el desayuno habla raro",
    ));
    assert_eq!(n.age, Some(72.0));
    let o = run("Hija llama x mamá 72 a. Desde el desayuno habla raro, boca chueca");
    assert!(o.emergency);
    assert_eq!(o.specialty.as_deref(), Some("Neurología"), "{:?}", o.evidence);
    for text in [
        "My dad had a stroke about ten years back (he's ok now). I'm 52 and never had my pressure checked",
        "en el banco de sangre me dijeron que salí positivo para Chagas, no siento nada",
        "mi bebé de 7 meses le están saliendo sus dientitos, tiene 37.8 y babea harto",
        "estoy embarazada y mi suegra dice que coma por dos, qué debo comer",
        "my son of 3 has loose stools but he is still passing urine well",
        "im 17 and ive been cutting my arms, not trying to die or anything",
    ] {
        let o = run(text);
        assert!(!o.emergency, "{text}: {:?}", o.red_flags);
    }
    for text in [
        "desde ayer me duele el ombligo y ahora se pasó al lado derecho abajo, tengo fiebre",
        "my dad took a swig of weedkiller by mistake and has been sick twice",
        "I've got indigestion that won't shift, it's gone up into my jaw and I'm sweaty",
        "my sister has been saying goodbye to everyone and I found a letter saying sorry",
    ] {
        let o = run(text);
        assert!(o.emergency, "{text}: {:?}", o.evidence);
    }
}

/// Every complaint is an emergency whose related specialty is the one given.
fn emergencies_route_to(cases: &[(&str, &str)]) {
    for (text, spec) in cases {
        let o = run(text);
        assert!(o.emergency, "{text}: {:?}", o.evidence);
        assert_eq!(o.specialty.as_deref(), Some(*spec), "{text}: {:?}", o.red_flags);
    }
}

/// Every complaint is a booking (no red flag) with the specialty given.
fn bookings_route_to(cases: &[(&str, &str)]) {
    for (text, spec) in cases {
        let o = run(text);
        assert!(!o.emergency, "{text}: {:?}", o.red_flags);
        assert_eq!(o.specialty.as_deref(), Some(*spec), "{text}: {:?}", o.evidence);
    }
}

/// No complaint is an emergency.
fn no_emergency_in(texts: &[&str]) {
    for text in texts {
        let o = run(text);
        assert!(!o.emergency, "{text}: {:?} {:?}", o.red_flags, o.evidence);
    }
}

/// Every complaint is an emergency.
fn emergency_in(texts: &[&str]) {
    for text in texts {
        let o = run(text);
        assert!(o.emergency, "{text}: {:?}", o.evidence);
    }
}

/// orient-1.10.0 (sets T and U): words read in their sense before they count. Frequency is not
/// quantity ("todas las mañanas", "all year round"); a fish bone is no choking when the patient
/// breathes and talks; a blocked nose is no breathlessness; pool chlorine is no chemical burn; an
/// EpiPen to renew is no anaphylaxis; coffee is no alcohol; "lo blanco de los ojos" amarillo is
/// jaundice; food being cut is no self-harm; a visit named by its interval is no age.
#[test]
fn words_in_their_sense_orient_1_10() {
    no_emergency_in(&[
        "tomo omeprazol hace años todas las mañanas y se me acabó, necesito receta",
        "se me atoró una espina de pescado en la garganta almorzando, respiro normal y puedo hablar",
        "nose blocked all year round, I can't breathe through the right side at all",
        "me metí a la piscina con mucho cloro y salí con los ojos rojos, veo bien",
        "I'm allergic to peanuts and my EpiPens expire next month, I need new ones prescribed",
        "mi bebé de 3 semanas sigue amarillito, hasta lo blanco de los ojos, pero toma bien el seno",
        "hay periodos del día en que me da un sueño terrible después del almuerzo",
        "mi esposo toma todos los fines de semana y ya no puede parar, toma hasta en las mañanas para que no le tiemblen las manos",
        "my son is 9, red spots with little blisters all over his tummy, very itchy, slight temp, kids in his class have chicken pox",
    ]);
    bookings_route_to(&[
        (
            "se me atoró una espina de pescado en la garganta almorzando, respiro normal y puedo hablar",
            "Otorrinolaringología",
        ),
        (
            "nose blocked all year round, I can't breathe through the right side at all",
            "Otorrinolaringología",
        ),
        (
            "a veces siento que el corazón se saltea un latido, más cuando tomo mucho café",
            "Cardiología",
        ),
        (
            "mi esposo toma todos los fines de semana y ya no puede parar, toma hasta en las mañanas para que no le tiemblen las manos",
            "Psiquiatría",
        ),
        (
            "I had a heart attack last March, feeling great now, just due my 1 year check with the heart doctor",
            "Cardiología",
        ),
        (
            "mi patojo de 4 se cayó del sillón y le salió un chichón en la frente, está jugando normal y no ha vomitado",
            "Pediatría",
        ),
    ]);
    emergencies_route_to(&[(
        "was cutting biltong and the knife slipped into my wrist, blood is squirting out and has soaked two towels",
        "Traumatología",
    )]);
    let n = super::numbers::extract(&normalize::raw_tokens(
        "just due my 1 year check with the heart doctor",
    ));
    assert_eq!(n.age, None);
}

/// orient-1.10.0: emergencies told in words sets T and U showed unread - a spoon dropped from one
/// hand and speech "like drunk", numbness "like asleep" between the legs with retention, pain that
/// moved from the navel to the right, an old man with loose motions who stops passing urine, "one
/// of his privates" swollen and higher, "next thing I was on the floor" with a racing heart.
#[test]
fn emergencies_in_lay_words_orient_1_10() {
    emergencies_route_to(&[
        (
            "a mi tío hoy en el almuerzo se le cayó la cuchara de la mano derecha y ahora habla como curado, fue hace media hora",
            "Neurología",
        ),
        (
            "tengo lumbago pero desde ayer no siento bien el poto, como dormido, no he podido orinar y las piernas se me ponen débiles",
            "Traumatología",
        ),
        (
            "the pain started around my navel and now has moved down to the right side, I have a fever and vomited twice",
            "Gastroenterología",
        ),
        (
            "my father in law 82 years has loose motions since 4 days and today has not passed urine, tongue very dry",
            "Medicina General",
        ),
        (
            "my son is 14 and woke up screaming with pain in one of his privates, it's swollen and sitting higher than the other",
            "Urología",
        ),
        (
            "in the queue my heart started going super fast, next thing I was on the floor",
            "Cardiología",
        ),
        (
            "my grandfather 85 has a cough with yellow phlegm and fever, his lips are blue and he is very confused",
            "Neumología",
        ),
    ]);
    // the same fish bone with breathing trouble is still choking
    emergency_in(&["se me atoró una espina de pescado y no puedo respirar"]);
    // myasthenia's tired jaw and double vision are not giant-cell arteritis
    bookings_route_to(&[(
        "by the evening my eyelids droop and I see double, better after a rest; chewing steak my jaw gets tired. 38 F",
        "Neurología",
    )]);
}

/// orient-1.10.0, after the sealed run on V: a negation word read only forward from an
/// any-order pattern that starts with it, and never taken over "ni" ("no ha vomitado ni está
/// con sueño" keeps both findings negated); a participle of swallowing with a household chemical;
/// waters that run down the legs in a pregnancy; "drowning in debts" is a figure of speech;
/// testicle pain with vomiting; kept pills with a chosen moment.
#[test]
fn negation_and_lay_emergencies_after_the_sealed_run_orient_1_10() {
    no_emergency_in(&[
        "mi hijita de 4 años se golpeó la frente ayer, le salió un chichón, hoy juega, no ha vomitado ni está con sueño",
        "mi viejo de 76 duerme con tres almohadas, camina media cuadra y se cansa, tiene que parar, va empeorando de a poco, no es de golpe",
        "me estoy ahogando en deudas, perdí el trabajo y necesito hablar con un psicólogo",
    ]);
    emergencies_route_to(&[
        (
            "mi hijito de 2 años se ha tomado un poco de lejía de una botella de gaseosa y está babeando",
            "Pediatría",
        ),
        (
            "tengo 30 semanas de embarazo y desde hace una hora me baja agüita por las piernas, no me duele nada",
            "Ginecología",
        ),
        (
            "mi hijo de 15 se levantó llorando, le duele un testículo y ya vomitó",
            "Urología",
        ),
        (
            "ya no puedo más, tengo guardadas las pastillas de mi papá y pensé hacerlo este fin de semana",
            "Psiquiatría",
        ),
    ]);
}

/// orient-1.11.0 (set X, scored first on orient-1.10.0): words in their sense. Epilepsy tablets
/// are no fit now; an out-of-date adrenaline pen is no anaphylaxis; "blood poisoning" read online
/// is no poisoning; a past dark time, well for years on tablets, is no suicide risk now; a jaw
/// that sticks out is no pain spreading to it; "stops me falling asleep" is trouble sleeping;
/// straining on the toilet is constipation; Bell's palsy is no stroke; relatives' strokes are
/// family history; a family with headaches since the furnace came on is carbon monoxide.
#[test]
fn words_in_their_sense_orient_1_11() {
    no_emergency_in(&[
        "Epilepsy well controlled, no fits for 4 years. Need repeat of my seizure tablets please",
        "I had a bad reaction to a wasp sting last summer, I'm fine now but my adrenaline pens are out of date",
        "little cut on my finger from the roses and I read about blood poisoning online, it's healing, no fever",
        "Years ago I had thoughts of ending things, but I've been well for over 3 years on my tablets and want to come off them",
    ]);
    bookings_route_to(&[
        (
            "At night my legs feel crawly and I have to keep moving them, it stops me falling asleep",
            "Neurología",
        ),
        (
            "I have been constipated for weeks, going every 4 or 5 days, hard and I have to strain a lot",
            "Gastroenterología",
        ),
        (
            "Two weeks ago my face dropped on one side, the scan said not a stroke, a nerve thing, gave me steroid tablets, follow up with a specialist",
            "Neurología",
        ),
        (
            "24, lower back's been stiff and sore for a year, worst first thing in the morning, better once I get moving, had a sore red eye last year",
            "Reumatología",
        ),
    ]);
    // an ingestion after a quarrel is the suicide rule; "casi le da un infarto" with the bill is
    // a figure of speech
    emergencies_route_to(&[(
        "mi hija de 15 se peleó con el novio, se tomó algunas pastillas del blister vacío y está muy dormida",
        "Psiquiatría",
    )]);
    bookings_route_to(&[(
        "mi mamá dice que casi le da un infarto cuando llegó el recibo de la luz jaja, necesita renovar sus pastillas de la presión",
        "Medicina General",
    )]);
    let o = run(
        "my grandmother and my uncle both had strokes, I'm 45 and feel fine, I'd like my cholesterol checked",
    );
    assert_ne!(o.specialty.as_deref(), Some("Neurología"), "{:?}", o.evidence);
    emergency_in(&[
        "the whole family has had headaches and felt sick since we turned the furnace on last week",
        "I've been saving up my sleeping pills and I've picked this weekend",
    ]);
}

/// orient-1.11.0 (set X es): an emphatic "ni" inside one finding keeps it ("no puede tragar ni
/// su saliva" is drooling); a shellfish lunch with hives, swelling lips and a tight throat is
/// anaphylaxis; the neck that hurts bending the head "al pecho" is no chest pain; the worst pain
/// of a life between the shoulder blades is a tearing pain (aorta), not a thunderclap headache; a
/// twisted ankle gone purple is a bruise; "no puedo vivir sin las gotas" is no wish to die;
/// "desde chamito" is childhood history, not a child.
#[test]
fn lay_words_of_set_x_orient_1_11() {
    emergencies_route_to(&[
        (
            "mi chavalito de 4 años amaneció con calentura alta, no puede tragar ni su saliva, se le sale la baba y hace un ruido raro al respirar",
            "Pediatría",
        ),
        (
            "almorcé ceviche de camarón y me salieron ronchas por todo el cuerpo, se me hinchan los labios y siento la garganta apretada",
            "Medicina General",
        ),
        (
            "mi ñaño de 19 tiene fiebre altísima, no puede bajar la cabeza al pecho porque le duele la nuca y la luz le molesta",
            "Infectología",
        ),
        (
            "mi esposo de 70 es hipertenso y de pronto le dio un dolor en la espalda entre las paletas, como si lo rajaran, el peor dolor de su vida",
            "Cardiología",
        ),
    ]);
    bookings_route_to(&[
        (
            "me torcí el tobillo jugando pichanga ayer, se me hinchó y está morado pero sí puedo pisar",
            "Traumatología",
        ),
        (
            "tengo la nariz tapada todo el año, uso gotas para la nariz todos los días y ya no puedo vivir sin ellas",
            "Otorrinolaringología",
        ),
        (
            "asmático desde chamito, estoy bien controlado, solo necesito renovar mi inhalador",
            "Neumología",
        ),
    ]);
}

/// orient-1.11.0, after the sealed run on W: "no sé por qué le escribo" negates nothing and a
/// negation ends where "y ayer" starts a new clause (a voice note without punctuation); a calf
/// swollen after a flight with breathlessness on walking is a clot, not claudication; a belly
/// the child will not let anyone touch is guarding; "running stomach", "not urinated"; tea
/// dribbling from one side of the mouth; "his left ball"; a toddler with an open bottle of
/// tablets.
#[test]
fn emergencies_of_the_sealed_run_on_w_orient_1_11() {
    emergencies_route_to(&[
        (
            "ya no puedo mas ya no duermo ya no como nada hace semanas y ayer compre veneno para ratas y lo tengo guardado porque ya decidi que este fin de semana lo voy a hacer no se por que le escribo creo que queria despedirme",
            "Psiquiatría",
        ),
        (
            "vine de un viaje largo en avión hace 3 días, tengo la pantorrilla izquierda hinchada y dolorosa y desde hoy me falta el aire cuando camino",
            "Neumología",
        ),
        (
            "my aunty is 78, running stomach since 3 days, plenty watery stool, today she has not urinated at all and she is talking somehow confused",
            "Medicina General",
        ),
        (
            "this morning her tea was dribbling out the one side of her mouth and she couldnt get her words out right",
            "Neurología",
        ),
        (
            "my boy is 14, woke up with a really sore pain in his left ball, came on all of a sudden, he's been sick twice",
            "Urología",
        ),
        (
            "my 2 year old got into granny's handbag and I found the tablets bottle open, dont know how many he took",
            "Pediatría",
        ),
    ]);
    emergency_in(&[
        "mi chibolo de 12 años dice que le duele la barriga, primero en el ombligo y ahora abajo a la derecha, no deja que le toque y vomitó",
    ]);
    // the same words elsewhere stay ordinary
    no_emergency_in(&[
        "when I walk about 200 metres my calf cramps and I have to stop, after a rest it goes away",
        "the tablets for my blood pressure are fine, I'd like a review",
    ]);
}

/// orient-1.12.0: emergencies in words the lead wrote to probe the rules (not from a scored set):
/// tingling lips after prawns with a hoarse voice, a fall with red urine and a sore flank, a
/// headache with flashing lights late in a pregnancy, a child who drank car oil, a face puffing
/// up after a sting with wheeze, a diabetic breathing fast with a breath of apples, a leg turning
/// black with fever.
#[test]
fn probes_of_the_rules_orient_1_12() {
    emergency_in(&[
        "my husband's lips went tingly after the prawns and now his voice sounds hoarse",
        "se cayó de la bicicleta y ahora orina rojo y le duele el costado",
        "she's 8 months pregnant and has a pounding headache and sees flashing lights",
        "la niña se tomó el aceite del carro",
        "she was stung by something at the picnic and now her face is puffing up and she's wheezy",
        "mi mamá tiene diabetes y está respirando rapidísimo, huele a manzana y vomita",
        "the skin on his leg is turning black and smells and he's got a fever",
    ]);
    // the same words in ordinary complaints stay bookings
    no_emergency_in(&[
        "tengo migraña con lucecitas desde hace años, quiero un neurólogo",
        "I'm allergic to prawns and want an allergy test",
        "mi abuelita de 82 respira rapidito cuando sube la escalera",
    ]);
}

/// orient-1.13.0 (sets Y and Z): a word read in its sense before it counts. A possessive names a
/// person whose age follows even in a regional word ("mi cipota de 10 meses") but not a symptom
/// ("mi tos de 3 meses"); a rope round a bitten leg is a tourniquet; someone else who "no quiere
/// despertar" is drowsy, not suicidal; "not cutting it" is an idiom; a chest that burns after
/// meals is heartburn; "le tomaron la presión" swallowed nothing; a hard poo is no hard belly.
#[test]
fn senses_and_ages_orient_1_13() {
    let age = |text: &str| run(text).age_years;
    assert_eq!(age("mi cipota de 10 meses tiene tos"), Some(10.0 / 12.0));
    assert_eq!(age("my pikin of 18 months has a rash"), Some(1.5));
    assert_eq!(age("mi tos de 3 meses no se quita"), None);
    emergencies_route_to(&[
        (
            "mi cipota de 9 meses tiene diarrea desde ayer, vomita todo y no moja el pañal",
            "Pediatría",
        ),
        (
            "mi tío tiene la presión alta, desde la madrugada no puede acostarse porque se ahoga y bota una flema rosadita con espuma",
            "Cardiología",
        ),
        (
            "tengo una hernia en el ombligo de años, hoy ya no se regresa y me duele muchísimo",
            "Gastroenterología",
        ),
        (
            "le mordió una culebra a mi papá hace 2 horas, le amarramos la pierna con una soga, queremos cita",
            "Medicina General",
        ),
        (
            "my 14 year old woke up with pain in his privates, really bad, he's been sick twice",
            "Urología",
        ),
        (
            "she had the baby 10 days ago, hasn't slept, and says voices are telling her the baby is evil",
            "Psiquiatría",
        ),
    ]);
    emergency_in(&[
        "my daughter ate a cake with nuts half an hour ago and now her lips are swelling and she has hives",
        "my grandson is 3, we found the packet open and he may have swallowed some of my heart tablets",
        "been working out in the heat all day and now I'm confused and my skin is hot and dry",
    ]);
    no_emergency_in(&[
        "the antacids are not cutting it anymore, burning in my throat every night",
        "my chest burns after I eat spicy food and when I lie down at night",
        "en la farmacia me tomaron la presión y estaba alta, y la orina me sale con espuma",
        "my son is 4 and has hard poops every few days, his tummy aches when he goes",
        "mi abuela ya no oye bien, le hablamos fuerte y no entiende, quiere un audífono",
        "I wake at 4am and can't get back to sleep, I feel low",
        "tengo la piel reseca y se me cae el pelo, ando cansada",
        "ayer hice press de pecho bien pesado en el gym y hoy me duele el pecho al apretarlo, respiro bien",
        "el año pasado tuve una reacción fuerte a una abeja, quiero que me receten el autoinyector de epinefrina",
        "my baby has diaper rash and the cream ain't helping",
    ]);
}

#[test]
fn a_negation_reaches_through_a_list_joined_by_or() {
    no_emergency_in(&[
        "I have never had any chest pain, fainting or palpitations, the doctor heard a murmur",
        "no ha tenido dolor de pecho, desmayos ni palpitaciones, solo quiere un chequeo",
    ]);
    // without "or" the commas are separate statements
    emergency_in(&["no fever, chest pain since this morning and sweating"]);
}

/// orient-1.14.0 (sets AA, AB and AC): an age written right after the person ("my son (24)");
/// a chat abbreviation of the other language stays as typed ("TB" in English); an infection
/// with confusion and a racing heart or shivers is sepsis; a swollen throat with fever is the
/// throat's emergency, not an allergy; spells of staring with lip smacking are neurology; a
/// child into a relative's pills; straining on the toilet, legs "in bits", itchy waxy ears and
/// a shy person who "can't speak" in meetings are read in their sense.
#[test]
fn ages_abbreviations_and_senses_orient_1_14() {
    let age = |text: &str| run(text).age_years;
    assert_eq!(age("my son (24) barely leaves his room"), Some(24.0));
    assert_eq!(age("mi hija, 16, no come casi nada"), Some(16.0));
    assert_eq!(age("son 4 hijos y el menor tiene tos"), None);
    bookings_route_to(&[
        (
            "my brother was diagnosed with TB, I want a TB test",
            "Infectología",
        ),
        (
            "my girl keeps zoning out in class, her teacher says she stares into space and smacks her lips",
            "Pediatría",
        ),
        (
            "my husband has spells where he stares into space and smacks his lips, he is 40",
            "Neurología",
        ),
        (
            "I have to strain a lot on the toilet and only go every few days",
            "Gastroenterología",
        ),
        (
            "my legs are in bits after the half marathon, just sore",
            "Traumatología",
        ),
        (
            "I can't speak up in meetings, I go red and freeze, I have no confidence",
            "Psicología",
        ),
        (
            "my ears are so itchy, full of wax, I can't hear well",
            "Otorrinolaringología",
        ),
        (
            "I cannot hear properly from my left ear since the flight",
            "Otorrinolaringología",
        ),
        (
            "le hacen bullying en el colegio a mi hijo de 10 y ya no quiere ir",
            "Psicología",
        ),
        (
            "orine rojito tres veces esta semana y no me duele nada",
            "Urología",
        ),
        ("intentamos embarazarnos hace un año y nada", "Ginecología"),
        ("mi bebé tiene la cabecita plana de un lado", "Pediatría"),
        (
            "me salieron ampollas en una franja de un solo lado del pecho, arden mucho",
            "Dermatología",
        ),
    ]);
    emergencies_route_to(&[
        (
            "my neighbour had a kidney infection, now she is confused, shivering and her heart is racing",
            "Infectología",
        ),
        (
            "tiny purplish spots on his legs and a fever, he is very sleepy",
            "Infectología",
        ),
        (
            "me duele la garganta hace 2 días, tengo fiebre y ya no puedo tragar ni mi saliva, babeo",
            "Otorrinolaringología",
        ),
        (
            "veo como arcoíris alrededor de las luces, el ojo rojo y me duele la cabeza, vomité",
            "Oftalmología",
        ),
        (
            "found my 3 year old playing with grandma's pills, a few are missing from the box",
            "Pediatría",
        ),
        (
            "mi nieto de 2 años estaba jugando con las pastillas de mi mamá y faltan unas pastillas",
            "Pediatría",
        ),
    ]);
    no_emergency_in(&[
        "my toddler holds his breath when he has a tantrum and goes a bit blue, then he is fine",
        "tuve convulsiones de niño, tomo mi pastilla, necesito renovar la receta",
        "mi esposo ronca fuerte y deja de respirar un rato en la noche, de día se duerme",
        "I blew my nose a lot with this cold and there were streaks of blood in the tissue",
        "doctor said change diet first before tablets, I need help knowing what to eat",
    ]);
}

/// orient-1.15.0 (sets AD and AE): a phrase whose meaning lives in its small words is written
/// out with "=" and matches only in full; a specialist named right after a request to book is
/// whom the visit is for; a problem of weeks is not one of hours; a counted handful of pills
/// is an overdose; a review of many medicines is not; a limb slept on is no stroke; caustics in
/// a child's mouth, fruity breath with vomiting, heat with a stagger, blisters with mouth sores
/// after a new medicine are emergencies.
#[test]
fn written_out_phrases_requests_and_red_flags_orient_1_15() {
    // "times a year" is not every "year", "a cada rato" is not every "cada"
    for (text, chronic) in [
        ("my 3 year old has a runny nose and a cough", false),
        ("I get cystitis four times a year", true),
        ("me dan ganas de orinar a cada rato", true),
        ("cada vez que como me duele la panza", false),
    ] {
        assert_evidence(text, "problema crónico o recurrente", chronic);
    }
    let o = run("tiny itchy blisters in a line on one side of my back");
    assert!(
        !o.evidence.iter().any(|e| e.concept == "niño/a mencionado"),
        "'little … one side' is no child: {:?}",
        o.evidence
    );
    bookings_route_to(&[
        (
            "el cardiólogo ya me revisó y dijo que el corazón está bien, quiero cita con la nutricionista para bajar de peso",
            "Nutrición",
        ),
        (
            "mi hija de 7 solo come pan y fideos, quiero que la vea una nutri",
            "Nutrición",
        ),
        (
            "tengo migraña de años con lucecitas antes, quiero turno con neuro para cambiar el tratamiento",
            "Neurología",
        ),
        (
            "the GP told me to see a dermatologist about the mole on my back",
            "Dermatología",
        ),
        (
            "quisiera que un médico revise todos los remedios que toma mi papá de 88, son como 11 pastillas",
            "Medicina General",
        ),
        (
            "mi esposo ronca fuerte, de repente deja de respirar en la noche y se levanta con dolor de cabeza",
            "Neumología",
        ),
    ]);
    no_emergency_in(&[
        "my legs have felt numb and tingly for three weeks, no weakness, no back pain",
        "woke up with my arm dead and tingly because I'd been lying on it, back to normal in minutes",
        "me dormí sobre el brazo y se me durmió la mano, al rato ya estaba bien",
        "tomo ácido fólico porque quiero embarazarme, necesito mi control",
        "ayer se cayó jugando y se golpeó la rodilla, ha comido y dormido normal",
        "chest tight and out of breath walking uphill for the last couple of months, it eases after a few minutes standing still",
    ]);
    emergencies_route_to(&[
        (
            "swallowed 25 of my sleeping tablets after a row with my partner",
            "Psiquiatría",
        ),
        (
            "mi esposa se tomó toda la caja de alprazolam después de una discusión y no despierta bien",
            "Psiquiatría",
        ),
        (
            "mi hijita de 3 años tomó un poquito de lejía de la botella, llora y babea",
            "Pediatría",
        ),
        (
            "my toddler got hold of the oven cleaner, it's round his mouth and he keeps coughing",
            "Pediatría",
        ),
        (
            "she's been vomiting since this morning and her breath smells of nail polish remover, breathing fast",
            "Endocrinología",
        ),
        (
            "started a new antibiotic last week, now blisters on my skin, sores all over my mouth and a fever",
            "Dermatología",
        ),
        (
            "empecé una pastilla nueva para las convulsiones y ahora me salen ampollas, la piel se me pela y tengo llagas en la boca",
            "Dermatología",
        ),
        (
            "tengo 79, me duele la sien y la mandíbula al masticar y hoy se me oscureció la vista de un ojo",
            "Reumatología",
        ),
        (
            "mi tío hace diálisis, faltó a su sesión y ahora tiene las piernas muy débiles y el corazón lento",
            "Nefrología",
        ),
    ]);
    emergency_in(&[
        "my legs went numb and weak since yesterday and now my hands are tingling too",
        "been on a roof all day in the heat, stopped sweating and he's stumbling around",
        "flew back from Australia two days ago, my calf is swollen and I get puffed out walking to the bathroom",
        "tengo 8 semanas de atraso, manché un poco y me duele abajo a la izquierda, casi me desmayo en el baño",
        "se me durmió la zona entre las piernas y no siento cuando me limpio, tengo dolor de espalda",
        // a farewell told through its preparations and a visit no longer needed
        "please cancel my physio next week, I won't need it anymore. I've written letters for my parents, thanks for everything",
        "cancelen mi turno del jueves, ya no lo voy a necesitar. les escribí cartas a mis hijos, gracias por todo",
        "mi papá estuvo toda la tarde al sol en la chacra, ahora está ardiendo, no suda nada y dice tonterías",
    ]);
    no_emergency_in(&[
        "please cancel my appointment, my knee is much better and I won't need it anymore",
        "cancelen mi cita por favor, ya me siento bien y ya no la voy a necesitar, gracias por todo",
        "cancel my appointment please, I won't need it anymore, thanks for everything",
        // "bien sin dolor" is no "mejor sin mí"
        "el mes pasado eliminé un cálculo, ya estoy bien sin dolor, quiero control con urología",
    ]);
}

#[test]
fn inability_daily_counts_referrals_and_red_flags_orient_1_16() {
    // "hora" is a booking only when asked for ("necesito hora con..."), not a duration
    for (text, booking) in [
        ("me duele la cabeza desde hace una hora", false),
        ("necesito una hora con la dermatóloga", true),
    ] {
        assert_evidence(text, "pide cita o turno con alguien", booking);
    }
    // "me pesa el brazo" is a heavy arm, not gym weights ("pesa" folds into "pesas")
    for (text, gym) in [
        (
            "desde la mañana el brazo izquierdo me pesa y me duele el pecho",
            false,
        ),
        ("levanté pesas ayer y me duele el pecho al apretar", true),
    ] {
        assert_evidence(text, "dolor de pecho al presionar / tras esfuerzo muscular", gym);
    }
    // "can't" reads forward like a negation; a pill count per day is a treatment; a vaccine,
    // blood tests, cutting out a food, a sunburn and a shock-like feeling are what they say
    no_emergency_in(&[
        "I wake at 4am and can't get back off, my mood is low",
        "mi papá se toma 11 pastillas al día, quiero que un médico le revise todo",
        "my mum has taken 12 tablets a day for years, can a doctor review them",
        "we're off to Kenya in March, can we get the yellow fever vaccine and some advice",
        "I have lupus and need my 3-monthly blood monitoring",
        "been cutting out gluten and dairy for a month and the bloating is a bit better",
        "fell asleep on the beach and my face and shoulders are badly sunburnt and peeling",
        "when I bend my neck I get a feeling like an electric shock down my back",
        "siento como corriente en la espalda cuando agacho la cabeza",
        "every evening after my shift I get a headache and my neck is stiff from the screen",
    ]);
    // weeks told first are a pregnancy only with a pregnancy's words
    for (text, pregnant) in [
        ("32 weeks with my second and my ankles are swollen", true),
        ("28 weeks along and the baby is moving less", true),
        ("12 weeks with a cough that won't go and now a headache", false),
        ("14 weeks of back pain and a headache", false),
    ] {
        let n = super::numbers::extract(&normalize::raw_tokens(text));
        assert_eq!(n.pregnancy_weeks.is_some(), pregnant, "{text}: {n:?}");
    }
    bookings_route_to(&[
        (
            "el reumatólogo me dijo que vea a un nefrólogo porque me salió proteína en la orina",
            "Nefrología",
        ),
        (
            "my GP referred me to a dermatologist for the patches on my elbows",
            "Dermatología",
        ),
        (
            "tuve a mi 2do bebé hace 5 meses y desde entonces se me sale la orina al estornudar",
            "Ginecología",
        ),
        (
            "la creatinina me salió de 1.4 y el médico general me mandó al nefrólogo",
            "Nefrología",
        ),
    ]);
    emergencies_route_to(&[
        (
            "I'm 35 weeks along, bad headache since last night and a pain under my right ribs",
            "Ginecología",
        ),
        (
            "a mi abuelo se le puso el ojo rojo, ve círculos de colores alrededor de las lámparas y vomitó",
            "Oftalmología",
        ),
        (
            "got kicked in the calf at football, now it's rock hard and tight and my foot's going tingly",
            "Traumatología",
        ),
    ]);
    emergency_in(&[
        "tomo carbimazol hace un mes y ahora tengo fiebre alta con la garganta llena de llagas",
        "my brother takes clozapine and since yesterday he has a fever of 39 and a very sore throat",
    ]);
}
