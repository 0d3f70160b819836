//! Password rules and argon2id hashing (OWASP parameters: 19 MiB, 2 iterations, 1 lane).

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

use super::AuthError;
use crate::error::{AppError, AppResult};

pub const MIN_LENGTH: usize = 12;
pub const MAX_LENGTH: usize = 256;

fn hasher() -> Argon2<'static> {
    // Params::DEFAULT is OWASP's recommendation: m = 19 MiB, t = 2, p = 1.
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::DEFAULT)
}

/// Words every clinic's staff might build a password from: zxcvbn's dictionaries are English,
/// so these Spanish patterns ("contraseña123456") would otherwise pass.
const SPANISH_PATTERNS: [&str; 32] = [
    "contraseña",
    "contrasena",
    "clave",
    "secreto",
    "password",
    "usuario",
    "admin",
    "administrador",
    "recepcion",
    "recepción",
    "clinica",
    "clínica",
    "salud",
    "saludya",
    "hospital",
    "medico",
    "médico",
    "doctor",
    "doctora",
    "enfermera",
    "consultorio",
    "peru",
    "perú",
    "lima",
    "miraflores",
    "bienvenido",
    "hola",
    "teamo",
    "amor",
    "dios",
    "jesus",
    "sistema",
];

/// The words zxcvbn should treat as known: each context string (the e-mail, the names, the
/// clinic's name) whole and in its words of 3+ letters, plus [`SPANISH_PATTERNS`].
fn user_inputs(context: &[&str]) -> Vec<String> {
    // zxcvbn ranks user inputs by position: the person's and clinic's own words come first.
    let mut words: Vec<String> = Vec::new();
    for c in context {
        let c = c.trim().to_lowercase();
        if c.is_empty() {
            continue;
        }
        for w in c.split(|ch: char| !ch.is_alphanumeric()) {
            if w.chars().count() >= 3 {
                words.push(w.to_string());
                words.push(crate::text::fold(w));
            }
        }
        if let Some((local, domain)) = c.split_once('@') {
            words.push(local.to_string());
            words.push(domain.to_string());
        }
        let joined: String = c.chars().filter(|ch| ch.is_alphanumeric()).collect();
        words.push(crate::text::fold(&joined));
        words.push(joined);
        words.push(c);
    }
    words.extend(SPANISH_PATTERNS.iter().map(|w| w.to_string()));
    let mut seen = std::collections::HashSet::new();
    words.retain(|w| seen.insert(w.clone()));
    words
}

/// Refuses short, over-long and guessable passwords. `context` holds what the password must not
/// be built from (the e-mail, the person's name, the clinic's name), checked by zxcvbn as user
/// inputs together with common Spanish patterns. Checked in NFC, the form that is hashed.
pub fn check_strength(password: &str, context: &[&str]) -> AppResult<()> {
    let password = nfc(password);
    let password = password.as_str();
    let len = password.chars().count();
    if len < MIN_LENGTH {
        return Err(AuthError::PasswordTooShort { min: MIN_LENGTH }.into());
    }
    if len > MAX_LENGTH {
        return Err(AuthError::PasswordTooLong { max: MAX_LENGTH }.into());
    }
    if password.chars().any(char::is_control) {
        return Err(AuthError::PasswordControlChars.into());
    }
    let inputs = user_inputs(context);
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let estimate = zxcvbn::zxcvbn(password, &inputs);
    if (estimate.score() as u8) < 3 {
        return Err(AuthError::PasswordWeak.into());
    }
    Ok(())
}

/// The password in Unicode NFC, the one form that is checked and hashed: "ñ" typed as one
/// character or as "n" + combining tilde is the same password.
fn nfc(password: &str) -> zeroize::Zeroizing<String> {
    use unicode_normalization::UnicodeNormalization;
    zeroize::Zeroizing::new(password.nfc().collect())
}

/// argon2id PHC string with a random salt.
pub fn hash(password: &str) -> AppResult<String> {
    hasher()
        .hash_password(nfc(password).as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| {
            AppError::from(AuthError::HashFailed {
                reason: e.to_string(),
            })
        })
}

/// Constant-time verification against a stored PHC string.
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => hasher()
            .verify_password(nfc(password).as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash to verify against when the account does not exist, so that an unknown e-mail costs
/// exactly what a wrong password costs: a fixed PHC string with the same parameters as
/// [`hash`] (no hashing at first use, which made unknown e-mails slower). No password matches
/// it that anyone knows, and no account can hold it.
pub fn dummy_hash() -> &'static str {
    DUMMY_HASH
}

const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$p6MZidVLrktkB3MpykIhVQ$zKCh2uOSohylNy9glr8SimV0Js+WVrbZB7j7Pz70DfE";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_with_owasp_parameters_and_verify() {
        let h = hash("tortuga-lluvia-mercado-azul").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("tortuga-lluvia-mercado-azul", &h));
        assert!(!verify("tortuga-lluvia-mercado-azul!", &h));
        assert!(!verify("x", "not a phc string"));
    }

    #[test]
    fn strength_rules() {
        for weak in [
            "corto",
            "password1234",
            "123456789012",
            "aaaaaaaaaaaa",
            "qwertyuiopas",
        ] {
            assert!(check_strength(weak, &[]).is_err(), "{weak} accepted");
        }
        assert!(check_strength("admin@clinica.pe2026", &["admin@clinica.pe"]).is_err());
        assert!(check_strength("tortuga-lluvia-mercado-azul", &[]).is_ok());
        assert!(check_strength(&"Zx9!".repeat(70), &[]).is_err(), "too long");
    }

    #[test]
    fn context_and_spanish_patterns_make_a_password_guessable() {
        for (weak, context) in [
            ("contraseña123456", vec![]),
            ("Contrasena2026!", vec![]),
            ("clinicasanmartin2026", vec!["Clínica San Martín"]),
            (
                "rosa.quispe2026!",
                vec!["rosa.quispe@clinica.pe", "Rosa Elena Quispe"],
            ),
            (
                "rosaelenaquispe",
                vec!["rosa.quispe@clinica.pe", "Rosa Elena Quispe"],
            ),
        ] {
            assert!(check_strength(weak, &context).is_err(), "{weak} accepted");
        }
        assert!(check_strength("tortuga-lluvia-mercado-azul", &["Clínica San Martín"]).is_ok());
    }

    #[test]
    fn the_same_password_in_another_unicode_form_verifies() {
        let composed = "montaña-girasol-cuaderno";
        let decomposed = "montan\u{303}a-girasol-cuaderno";
        assert_ne!(composed, decomposed);
        let h = hash(decomposed).unwrap();
        assert!(verify(composed, &h));
        assert!(verify(decomposed, &h));
    }

    #[test]
    fn the_dummy_hash_has_the_parameters_of_a_real_one() {
        let real = hash("tortuga-lluvia-mercado-azul").unwrap();
        let params = |h: &str| h.split('$').take(4).collect::<Vec<_>>().join("$");
        assert_eq!(params(dummy_hash()), params(&real));
        assert!(PasswordHash::new(dummy_hash()).is_ok());
        assert!(!verify("tortuga-lluvia-mercado-azul", dummy_hash()));
    }
}
