//! Realistic sample patients for the demo database and the benchmarks: Peruvian names (two
//! surnames, sometimes two given names), DNIs and a few carnés and passports, mobile and Lima
//! landline numbers, some e-mails at example.com (a reserved domain: no real mailbox), birth
//! dates from newborns to 95 years. A seeded RNG makes it reproducible: the same seed and the
//! same "today" give the same patients (only ids and timestamps differ).

use crate::db::Db;
use chrono::{DateTime, Days, NaiveDate, Utc};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

use crate::clock::utc_string;
use crate::domain::audit::{self, Change, Entity};
use crate::domain::patients::validate::{self, DocType, Sex};
use crate::domain::patients::{NewPatient, insert_if_free};
use crate::error::AppResult;
use crate::ids::StaffId;

const FEMALE: &[&str] = &[
    "María",
    "Rosa",
    "Carmen",
    "Ana",
    "Luz",
    "Juana",
    "Elena",
    "Julia",
    "Milagros",
    "Flor",
    "Gladys",
    "Patricia",
    "Liliana",
    "Sofía",
    "Valeria",
    "Camila",
    "Lucía",
    "Ximena",
    "Fiorella",
    "Andrea",
    "Daniela",
    "Karina",
    "Yesenia",
    "Nataly",
    "Mariela",
    "Gabriela",
    "Jazmín",
    "Alejandra",
    "Isabel",
    "Teresa",
    "Margarita",
    "Victoria",
    "Silvia",
    "Pilar",
    "Beatriz",
    "Norma",
    "Maribel",
    "Rocío",
    "Yolanda",
    "Sandra",
    "Verónica",
    "Fabiola",
    "Mercedes",
    "Zoila",
    "Nelly",
    "Graciela",
    "Kiara",
    "Antonella",
    "Luana",
    "Rut",
];

const MALE: &[&str] = &[
    "José",
    "Juan",
    "Luis",
    "Carlos",
    "Jorge",
    "Miguel",
    "Víctor",
    "César",
    "Julio",
    "Pedro",
    "Manuel",
    "Jesús",
    "Alberto",
    "Ricardo",
    "Raúl",
    "Fernando",
    "Eduardo",
    "Javier",
    "Óscar",
    "Walter",
    "Wilber",
    "Edwin",
    "Percy",
    "Franco",
    "Diego",
    "Renzo",
    "Sebastián",
    "Mateo",
    "Santiago",
    "Alonso",
    "Gonzalo",
    "Hugo",
    "Rubén",
    "Segundo",
    "Teodoro",
    "Alfredo",
    "Héctor",
    "Ángel",
    "Jhon",
    "Kevin",
    "Álvaro",
    "Joaquín",
    "Gerson",
    "Elmer",
    "Wilmer",
    "Nicolás",
    "Iván",
    "Martín",
    "Aurelio",
    "Gustavo",
];

const SURNAMES: &[&str] = &[
    "Quispe",
    "Flores",
    "Sánchez",
    "Rodríguez",
    "García",
    "Rojas",
    "Gonzales",
    "Huamán",
    "Chávez",
    "Mamani",
    "Torres",
    "Ramírez",
    "Vásquez",
    "Díaz",
    "Mendoza",
    "Castillo",
    "Espinoza",
    "Ramos",
    "López",
    "Pérez",
    "Vargas",
    "Cruz",
    "Gutiérrez",
    "Romero",
    "Fernández",
    "Condori",
    "Huanca",
    "Ticona",
    "Apaza",
    "Cáceres",
    "Salazar",
    "Paredes",
    "Córdova",
    "Medina",
    "Herrera",
    "Aguilar",
    "Silva",
    "Castro",
    "Morales",
    "Ríos",
    "Cárdenas",
    "Reyes",
    "Alvarado",
    "Jiménez",
    "Ruiz",
    "Núñez",
    "Peña",
    "Chambi",
    "Yupanqui",
    "Ccahuana",
    "Huaranga",
    "Soto",
    "Palomino",
    "Zevallos",
    "Valdivia",
    "Benites",
    "Tello",
    "Carrasco",
    "Delgado",
    "Aquino",
    "Mejía",
    "Lozano",
    "Arias",
    "Bustamante",
    "Villanueva",
    "Campos",
    "Inga",
    "Ccori",
    "Llanos",
    "Ñahui",
    "Sulca",
    "Tapia",
    "Huayta",
    "Calderón",
    "Cusi",
    "Layme",
    "Pumacayo",
    "Atoche",
    "Chumpitaz",
    "Sernaqué",
    "Chang",
    "Wong",
    "Higa",
    "Nakamura",
    "Tamayo",
    "Lévano",
    "Zegarra",
    "Olivera",
    "Pacheco",
    "Vílchez",
    "De la Cruz",
    "Del Águila",
    "O'Phelan",
    "Ortiz-Quispe",
    "Manrique",
    "Zúñiga",
    "Montoya",
    "Becerra",
    "Guerrero",
    "Navarro",
    "Saavedra",
];

/// A reproducible stream of sample patients.
pub struct SampleGen {
    rng: Xoshiro256PlusPlus,
    today: NaiveDate,
}

impl SampleGen {
    pub fn new(seed: u64, today: NaiveDate) -> SampleGen {
        SampleGen {
            rng: Xoshiro256PlusPlus::seed_from_u64(seed),
            today,
        }
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.rng.random_range(0..list.len())]
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.rng.random_range(0..10u8)))
            .collect()
    }

    /// The next sample patient; every field follows the rules of [`validate`].
    pub fn next_patient(&mut self) -> NewPatient {
        let sex = if self.rng.random_bool(0.52) {
            Sex::F
        } else {
            Sex::M
        };
        let names = if sex == Sex::F { FEMALE } else { MALE };
        let mut first_name = self.pick(names).to_string();
        if self.rng.random_bool(0.3) {
            let second = self.pick(names);
            if second != first_name {
                first_name = format!("{first_name} {second}");
            }
        }
        let last_name = format!("{} {}", self.pick(SURNAMES), self.pick(SURNAMES));
        let roll = self.rng.random_range(0..100u8);
        let (doc_type, doc_number) = match roll {
            0..=89 => (
                DocType::Dni,
                format!("{}{}", self.rng.random_range(1..8u8), self.digits(7)),
            ),
            90..=95 => (DocType::Ce, format!("00{}", self.digits(7))),
            _ => {
                let a = char::from(b'A' + self.rng.random_range(0..26u8));
                let b = char::from(b'A' + self.rng.random_range(0..26u8));
                (DocType::Passport, format!("{a}{b}{}", self.digits(7)))
            }
        };
        let phone = match self.rng.random_range(0..100u8) {
            0..=79 => Some(format!("+519{}", self.digits(8))),
            80..=86 => Some(format!("+511{}{}", self.rng.random_range(2..8u8), self.digits(6))),
            _ => None,
        };
        let email = self.rng.random_bool(0.35).then(|| {
            let user = |s: &str| -> String {
                crate::text::fold(s)
                    .split(' ')
                    .next()
                    .unwrap_or_default()
                    .chars()
                    .filter(char::is_ascii_alphabetic)
                    .collect()
            };
            format!(
                "{}.{}{}@example.com",
                user(&first_name),
                user(&last_name),
                self.digits(4)
            )
        });
        let max_days = u64::try_from(
            (self.today - validate::oldest_birth_date(self.today))
                .num_days()
                .clamp(1, 95 * 365),
        )
        .unwrap_or(1);
        let birth_date = self
            .today
            .checked_sub_days(Days::new(self.rng.random_range(0..max_days)));
        NewPatient {
            doc_type,
            doc_number,
            first_name,
            last_name,
            email,
            phone,
            birth_date,
            sex: Some(sex),
        }
    }

    /// A fresh document and e-mail for a patient whose pair was already taken.
    fn reroll_identity(&mut self, p: &mut NewPatient) {
        p.doc_type = DocType::Dni;
        p.doc_number = format!("{}{}", self.rng.random_range(1..10u8), self.digits(7));
        if p.email.is_some() {
            p.email = p.email.as_ref().map(|e| format!("{}{e}", self.digits(2)));
        }
    }
}

/// How many patients one transaction writes: large enough to be fast, small enough not to hold
/// the write lock for long while other desks work.
pub const BATCH: usize = 5_000;

/// Adds `n` sample patients from `generator`, in transactions of [`BATCH`]. Returns how many were
/// added (always `n`; a document or e-mail already taken is replaced by a fresh one).
pub fn add_samples(
    conn: &Db,
    generator: &mut SampleGen,
    n: usize,
    created_by: Option<&StaffId>,
    now: DateTime<Utc>,
) -> AppResult<usize> {
    add_samples_with(conn, generator, n, created_by, now, &crate::progress::Silent)
}

/// [`add_samples`], telling `progress` after each transaction.
pub fn add_samples_with(
    conn: &Db,
    generator: &mut SampleGen,
    n: usize,
    created_by: Option<&StaffId>,
    now: DateTime<Utc>,
    progress: &dyn crate::progress::Progress,
) -> AppResult<usize> {
    let at = utc_string(now);
    // A bulk load touches every page of the name indexes over and over: with SQLite's default
    // 2 MB page cache most of its time goes to re-reading evicted pages. Borrow 64 MB meanwhile.
    progress.start(n as u64, crate::progress::Unit::Items);
    let result = conn.with_sqlite_pragmas(&[("cache_size", "-65536")], || {
        add_batches(conn, generator, n, created_by, (&at, now), progress)
    })?;
    progress.finish();
    result
}

fn add_batches(
    conn: &Db,
    generator: &mut SampleGen,
    n: usize,
    created_by: Option<&StaffId>,
    (at, now): (&str, DateTime<Utc>),
    progress: &dyn crate::progress::Progress,
) -> AppResult<usize> {
    let mut added = 0;
    while added < n {
        let batch = BATCH.min(n - added);
        crate::db::write(conn, |tx| {
            for _ in 0..batch {
                let mut p = generator.next_patient();
                let mut tries = 0;
                while insert_if_free(tx, &p, created_by, at)?.is_none() {
                    tries += 1;
                    if tries > 50 {
                        return Err(super::DemoError::NoFreeDocuments.into());
                    }
                    generator.reroll_identity(&mut p);
                }
            }
            // One trail row per batch says what the generator loaded (not one per patient).
            audit::record(
                tx,
                created_by,
                now,
                Change::event(
                    Entity::Bulk,
                    "demo",
                    "generate_patients",
                    Some(serde_json::json!({ "patients": batch })),
                ),
            )
        })?;
        added += batch;
        progress.advance(batch as u64);
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::patients::{PatientInput, count};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
    }

    #[test]
    fn same_seed_same_patients() {
        let a: Vec<NewPatient> = {
            let mut g = SampleGen::new(7, today());
            (0..50).map(|_| g.next_patient()).collect()
        };
        let mut g = SampleGen::new(7, today());
        let b: Vec<NewPatient> = (0..50).map(|_| g.next_patient()).collect();
        assert_eq!(a, b);
        let mut other = SampleGen::new(8, today());
        assert_ne!(a[0], other.next_patient());
    }

    #[test]
    fn every_sample_patient_passes_the_rules() {
        let mut g = SampleGen::new(2026, today());
        for _ in 0..2_000 {
            let p = g.next_patient();
            let typed = PatientInput {
                doc_type: Some(p.doc_type.as_str().into()),
                doc_number: p.doc_number.clone(),
                first_name: p.first_name.clone(),
                last_name: p.last_name.clone(),
                email: p.email.clone(),
                phone: p.phone.clone(),
                birth_date: p.birth_date.map(|d| d.to_string()),
                sex: p.sex.map(|s| s.as_str().into()),
            };
            assert_eq!(NewPatient::parse(&typed, today()).unwrap(), p);
        }
    }

    #[test]
    fn add_samples_adds_exactly_n_even_over_taken_documents() {
        let conn = crate::db::open_in_memory().unwrap();
        let now = "2026-03-02T14:00:00Z".parse().unwrap();
        assert_eq!(
            add_samples(&conn, &mut SampleGen::new(1, today()), 300, None, now).unwrap(),
            300
        );
        // The same seed again: every document collides at first and gets a fresh one.
        assert_eq!(
            add_samples(&conn, &mut SampleGen::new(1, today()), 300, None, now).unwrap(),
            300
        );
        assert_eq!(count(&conn).unwrap(), 600);
        assert!(
            !crate::domain::patients::search(&conn, "quispe", 5)
                .unwrap()
                .is_empty()
        );
    }
}
