//! Fresh identifiers for stored records and results.

/// `{prefix}_` and 16 random hex digits (64 bits), e.g. `conv_3f9c0a1b2c3d4e5f`.
pub fn random_id(prefix: &str) -> String {
    let bytes = spin_sdk::wasip3::random::random::get_random_bytes(8);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{prefix}_{hex}")
}
