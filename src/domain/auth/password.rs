//! Password rules and argon2id hashing (OWASP parameters: 19 MiB, 2 iterations, 1 lane).

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::tr;

pub const MIN_LENGTH: usize = 12;
pub const MAX_LENGTH: usize = 256;

fn hasher() -> Argon2<'static> {
    // Params::DEFAULT is OWASP's recommendation: m = 19 MiB, t = 2, p = 1.
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::DEFAULT)
}

/// Refuses short, over-long and guessable passwords. `context` holds words the password must
/// not be built from (the e-mail, the clinic name).
pub fn check_strength(password: &str, context: &[&str]) -> AppResult<()> {
    let len = password.chars().count();
    if len < MIN_LENGTH {
        return Err(AppError::invalid(tr!(
            "La contraseña debe tener al menos {MIN_LENGTH} caracteres.",
            "The password must be at least {MIN_LENGTH} characters long."
        )));
    }
    if len > MAX_LENGTH {
        return Err(AppError::invalid(tr!(
            "La contraseña no puede tener más de {MAX_LENGTH} caracteres.",
            "The password cannot be longer than {MAX_LENGTH} characters."
        )));
    }
    if password.chars().any(char::is_control) {
        return Err(AppError::invalid(Text::new(
            "La contraseña no puede contener caracteres de control.",
            "The password cannot contain control characters.",
        )));
    }
    let estimate = zxcvbn::zxcvbn(password, context);
    if (estimate.score() as u8) < 3 {
        return Err(AppError::invalid(Text::new(
            "Esa contraseña es demasiado fácil de adivinar.",
            "That password is too easy to guess.",
        ))
        .with_hint(Text::new(
            "Use una frase de varias palabras poco comunes, por ejemplo «tortuga-lluvia-mercado-azul».",
            "Use a phrase of several unusual words, for example 'turtle-rain-market-blue'.",
        )));
    }
    Ok(())
}

/// argon2id PHC string with a random salt.
pub fn hash(password: &str) -> AppResult<String> {
    hasher()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| {
            AppError::internal(tr!(
                "No se pudo calcular el hash: {e}",
                "Could not hash the password: {e}"
            ))
        })
}

/// Constant-time verification against a stored PHC string.
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => hasher().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// A hash to verify against when the account does not exist, so that an unknown e-mail
/// costs the same time as a wrong password.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash("no-account-has-this-password").unwrap_or_default())
}

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
}
