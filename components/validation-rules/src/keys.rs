//! API keys: `ek_<id>_<secret>` with a 64-bit id (the lookup prefix) and a 256-bit
//! secret. Only the SHA-256 of the secret is stored; comparisons are constant-time.
//! A rotation keeps the previous secret's hash valid until its grace period ends.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// What a key may be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// `/v1/complete`, `/v1/agents*`, `/v1/orchestrate`.
    Agents,
    /// `/v1/entities*`, `/v1/emails*`.
    Emails,
    /// `/v1/conversations*`.
    Conversations,
    /// `/v1/admin*`.
    Admin,
}

impl Scope {
    /// Every scope (what the bootstrap admin key holds).
    pub const ALL: [Scope; 4] = [
        Scope::Agents,
        Scope::Emails,
        Scope::Conversations,
        Scope::Admin,
    ];

    /// The scope's API name.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Agents => "agents",
            Scope::Emails => "emails",
            Scope::Conversations => "conversations",
            Scope::Admin => "admin",
        }
    }
}

/// Prefix of every key.
const PREFIX: &str = "ek_";
/// Hex digits of a key id.
const ID_HEX: usize = 16;
/// Hex digits of a secret.
const SECRET_HEX: usize = 64;
/// Random bytes a new key needs: 8 for the id, 32 for the secret.
pub const RANDOM_BYTES: usize = 40;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

fn is_lower_hex(s: &str, len: usize) -> bool {
    s.len() == len
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A freshly generated key: the id, the full secret string (shown once) and its hash.
#[derive(Debug, Clone)]
pub struct NewKey {
    /// The key id.
    pub id: String,
    /// `ek_<id>_<secret>`, returned to the caller once and never stored.
    pub key: String,
    /// Hex SHA-256 of the secret part, what is stored.
    pub secret_hash: String,
}

/// Make a key from 40 random bytes.
pub fn generate(random: [u8; RANDOM_BYTES]) -> NewKey {
    let (id_bytes, secret_bytes) = random.split_at(8);
    let id = hex(id_bytes);
    let secret = hex(secret_bytes);
    NewKey {
        key: format!("{PREFIX}{id}_{secret}"),
        secret_hash: hash_secret(&secret),
        id,
    }
}

/// A new secret for an existing id (rotation): the full key and its hash.
pub fn regenerate(id: &str, random: [u8; RANDOM_BYTES]) -> NewKey {
    let mut key = generate(random);
    key.key = format!("{PREFIX}{id}_{}", &key.key[PREFIX.len() + ID_HEX + 1..]);
    key.id = id.to_owned();
    key
}

/// Hex SHA-256 of a secret.
pub fn hash_secret(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// Split a presented key into `(id, secret)`, or `None` when it is not shaped like one.
pub fn parse(presented: &str) -> Option<(&str, &str)> {
    let rest = presented.strip_prefix(PREFIX)?;
    let (id, secret) = rest.split_once('_')?;
    (is_lower_hex(id, ID_HEX) && is_lower_hex(secret, SECRET_HEX)).then_some((id, secret))
}

/// Constant-time: does `secret` hash to `stored_hash` (hex)?
pub fn secret_matches(secret: &str, stored_hash: &str) -> bool {
    let Some(stored) = unhex(stored_hash) else {
        return false;
    };
    let presented = Sha256::digest(secret.as_bytes());
    presented.as_slice().ct_eq(&stored).into()
}

/// Constant-time comparison of two whole keys (the bootstrap key), whatever their
/// lengths: both are hashed first, so timing reveals nothing of either.
pub fn keys_equal(presented: &str, configured: &str) -> bool {
    let a = Sha256::digest(presented.as_bytes());
    let b = Sha256::digest(configured.as_bytes());
    !configured.is_empty() && bool::from(a.as_slice().ct_eq(b.as_slice()))
}

/// The previous secret after a rotation, valid until `valid_until`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviousSecret {
    /// Hex SHA-256 of the old secret.
    pub secret_hash: String,
    /// Unix ms after which the old secret is refused.
    pub valid_until: i64,
}

/// A stored key, versioned JSON under `key:{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRecord {
    /// Record format version.
    pub v: u32,
    /// The key id.
    pub id: String,
    /// A human label.
    pub name: String,
    /// What the key may do.
    pub scopes: Vec<Scope>,
    /// Hex SHA-256 of the current secret.
    pub secret_hash: String,
    /// Unix ms of creation.
    pub created_at: i64,
    /// Unix ms after which the key is refused, if set.
    pub expires_at: Option<i64>,
    /// Requests per minute for this key; the deployment default when unset.
    pub rate_limit_per_minute: Option<u32>,
    /// Unix ms of revocation, once revoked.
    pub revoked_at: Option<i64>,
    /// The secret before the last rotation, while its grace period lasts.
    pub previous: Option<PreviousSecret>,
}

/// Why a presented key was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthFailure {
    /// The key was revoked.
    Revoked,
    /// The key expired.
    Expired,
    /// The secret does not match (or its grace period is over).
    BadSecret,
}

impl KeyRecord {
    /// Check a presented secret at time `now` (Unix ms). Both hashes are always compared
    /// so the timing does not tell a current secret from a rotated one.
    pub fn authenticate(&self, secret: &str, now: i64) -> Result<(), AuthFailure> {
        let current = secret_matches(secret, &self.secret_hash);
        let previous = self
            .previous
            .as_ref()
            .is_some_and(|p| secret_matches(secret, &p.secret_hash) && now < p.valid_until);
        if self.revoked_at.is_some() {
            Err(AuthFailure::Revoked)
        } else if self.expires_at.is_some_and(|t| now >= t) {
            Err(AuthFailure::Expired)
        } else if current || previous {
            Ok(())
        } else {
            Err(AuthFailure::BadSecret)
        }
    }

    /// Install a new secret, keeping the old one valid for `grace_ms`.
    pub fn rotate(&mut self, new_secret_hash: String, now: i64, grace_ms: i64) {
        let old = std::mem::replace(&mut self.secret_hash, new_secret_hash);
        self.previous = (grace_ms > 0).then(|| PreviousSecret {
            secret_hash: old,
            valid_until: now.saturating_add(grace_ms),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(new: &NewKey) -> KeyRecord {
        KeyRecord {
            v: 1,
            id: new.id.clone(),
            name: "t".into(),
            scopes: vec![Scope::Agents],
            secret_hash: new.secret_hash.clone(),
            created_at: 0,
            expires_at: None,
            rate_limit_per_minute: None,
            revoked_at: None,
            previous: None,
        }
    }

    #[test]
    fn keys_parse_back_and_only_the_secret_hash_is_kept() {
        let new = generate([7; RANDOM_BYTES]);
        let (id, secret) = parse(&new.key).expect("well-formed");
        assert_eq!(id, new.id);
        assert_eq!(secret.len(), 64);
        assert!(!new.secret_hash.contains(secret));
        assert!(secret_matches(secret, &new.secret_hash));
        assert!(!secret_matches(&"0".repeat(64), &new.secret_hash));
        for bad in [
            "",
            "ek_",
            "ek_xyz_abc",
            &new.key.to_uppercase(),
            &format!("{}0", new.key),
        ] {
            assert!(parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn rotation_keeps_the_old_secret_for_the_grace_period_only() {
        let old = generate([1; RANDOM_BYTES]);
        let mut rec = record(&old);
        let new = regenerate(&old.id, [2; RANDOM_BYTES]);
        assert_eq!(parse(&new.key).expect("parse").0, old.id);
        rec.rotate(new.secret_hash.clone(), 1_000, 5_000);
        let old_secret = parse(&old.key).expect("parse").1;
        let new_secret = parse(&new.key).expect("parse").1;
        assert_eq!(rec.authenticate(new_secret, 2_000), Ok(()));
        assert_eq!(rec.authenticate(old_secret, 5_999), Ok(()));
        assert_eq!(
            rec.authenticate(old_secret, 6_000),
            Err(AuthFailure::BadSecret)
        );
        rec.revoked_at = Some(7_000);
        assert_eq!(
            rec.authenticate(new_secret, 7_000),
            Err(AuthFailure::Revoked)
        );
    }

    #[test]
    fn expiry_and_bootstrap_comparison() {
        let new = generate([3; RANDOM_BYTES]);
        let mut rec = record(&new);
        rec.expires_at = Some(10);
        let secret = parse(&new.key).expect("parse").1;
        assert_eq!(rec.authenticate(secret, 9), Ok(()));
        assert_eq!(rec.authenticate(secret, 10), Err(AuthFailure::Expired));
        assert!(keys_equal("s3cret", "s3cret"));
        assert!(!keys_equal("s3cret", "s3cre"));
        assert!(
            !keys_equal("", ""),
            "an unset bootstrap key matches nothing"
        );
    }
}
