//! The hash chain: the canonical, engine-independent encoding of a row and its SHA-256.
//!
//! A row's hash is `SHA-256(prev_hash ‖ encoding)` in lowercase hex, where the encoding is the
//! version tag `saludya-audit-v1` and then each field in a fixed order (position, time, actor,
//! entity, entity id, action, before, after), each written as `~` when NULL or as its length in
//! bytes, `:` and its UTF-8 bytes, each followed by a newline. It is computed from the text the
//! program stores (never from a database's own JSON or time formatting), so the same rows give
//! the same hashes on SQLite and PostgreSQL and after `db copy`.

use serde_json::Value;
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first row (the schema accepts it only at position 1).
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields of a row that its hash covers, as stored.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    pub id: i64,
    pub at: &'a str,
    pub actor: Option<&'a str>,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub action: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

/// The row's hash: SHA-256 over the previous row's hash and the row's canonical encoding.
pub fn hash(prev_hash: &str, f: &Fields<'_>) -> String {
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(b"\nsaludya-audit-v1\n");
    let id = f.id.to_string();
    for field in [
        Some(id.as_str()),
        Some(f.at),
        f.actor,
        Some(f.entity),
        Some(f.entity_id),
        Some(f.action),
        f.before,
        f.after,
    ] {
        match field {
            None => h.update(b"~"),
            Some(s) => {
                h.update(s.len().to_string().as_bytes());
                h.update(b":");
                h.update(s.as_bytes());
            }
        }
        h.update(b"\n");
    }
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// True for 64 lowercase or uppercase hexadecimal digits.
pub fn is_hash(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// JSON text with object keys in byte order at every level and no spaces: one text for one
/// value, whatever serde_json's features (key order) in a given build.
pub fn canonical_json(v: &Value) -> String {
    let mut out = String::new();
    write_json(v, &mut out);
    out
}

fn write_json(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_json(&map[k], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Fields<'static> {
        Fields {
            id: 1,
            at: "2026-03-02T14:00:00Z",
            actor: None,
            entity: "patient",
            entity_id: "0195",
            action: "create",
            before: None,
            after: Some(r#"{"a":1}"#),
        }
    }

    #[test]
    fn the_hash_is_fixed_by_the_encoding() {
        // A change of encoding would break every clinic's existing chain: this value is the
        // encoding's contract (computed independently, with Python's hashlib).
        assert_eq!(
            hash(GENESIS, &fields()),
            "fbd8f8b145a1878e32549f012e38064cb9fa1bde235c8f2602c4196c536182c4"
        );
    }

    #[test]
    fn every_field_and_the_previous_hash_count() {
        let base = hash(GENESIS, &fields());
        let other_prev = hash(&"1".repeat(64), &fields());
        assert_ne!(base, other_prev);
        let variants: Vec<Fields<'static>> = vec![
            Fields { id: 2, ..fields() },
            Fields {
                at: "2026-03-02T14:00:01Z",
                ..fields()
            },
            Fields {
                actor: Some("x"),
                ..fields()
            },
            Fields {
                entity: "staff",
                ..fields()
            },
            Fields {
                entity_id: "0196",
                ..fields()
            },
            Fields {
                action: "edit",
                ..fields()
            },
            Fields {
                before: Some(""),
                ..fields()
            },
            Fields {
                after: None,
                ..fields()
            },
            // NULL and empty text differ, and a byte moved between fields is seen.
            Fields {
                after: Some(""),
                ..fields()
            },
            Fields {
                entity: "patien",
                entity_id: "t0195",
                ..fields()
            },
        ];
        for v in variants {
            assert_ne!(hash(GENESIS, &v), base, "{v:?}");
        }
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let v: Value = serde_json::from_str(r#"{"b":{"z":1,"a":[{"y":2,"x":"é"}]},"a":null}"#).unwrap();
        assert_eq!(
            canonical_json(&v),
            r#"{"a":null,"b":{"a":[{"x":"é","y":2}],"z":1}}"#
        );
    }
}
