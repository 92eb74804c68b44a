//! `spin:variables@3.0.0`, following Spin's `crates/factor-variables` (and the
//! `crates/variables-env` provider): a component sees only the variables its manifest entry
//! declares, with values resolved from `--variable`, `SPIN_VARIABLE_*` and defaults.

use std::collections::HashMap;
use std::sync::Arc;

use wasmtime::component::{Accessor, HasData};

use crate::bindings::spin::variables::variables::{Error as VarError, Host, HostWithStore};

/// The resolved variables of one component.
#[derive(Debug, Clone, Default)]
pub struct VariablesCtx {
    /// Name → value.
    pub values: Arc<HashMap<String, String>>,
}

/// Marker tying the bindings to [`VariablesCtx`].
pub struct SpinVariables;

impl HasData for SpinVariables {
    type Data<'a> = &'a VariablesCtx;
}

/// Spin's rule for variable names: lowercase ASCII letters, digits and `_`, starting
/// with a letter.
pub fn is_valid_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl VariablesCtx {
    /// Look a variable up as the guest would.
    pub fn lookup(&self, name: &str) -> Result<String, VarError> {
        if !is_valid_name(name) {
            return Err(VarError::InvalidName(name.to_owned()));
        }
        self.values
            .get(name)
            .cloned()
            .ok_or_else(|| VarError::Undefined(name.to_owned()))
    }
}

impl Host for &VariablesCtx {}

impl<T> HostWithStore<T> for SpinVariables {
    async fn get(
        accessor: &Accessor<T, Self>,
        name: String,
    ) -> wasmtime::Result<Result<String, VarError>> {
        Ok(accessor.with(|mut access| access.get().lookup(&name)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_declared_well_named_variables_resolve() {
        let ctx = VariablesCtx {
            values: Arc::new(HashMap::from([("url".into(), "http://x".into())])),
        };
        assert_eq!(ctx.lookup("url").expect("declared"), "http://x");
        assert!(matches!(ctx.lookup("other"), Err(VarError::Undefined(_))));
        for bad in ["URL", "1url", "", "u-rl"] {
            assert!(
                matches!(ctx.lookup(bad), Err(VarError::InvalidName(_))),
                "{bad}"
            );
        }
    }
}
