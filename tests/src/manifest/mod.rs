//! `spin.toml` (manifest version 2), following Spin's `crates/manifest` (schema, validation)
//! and `crates/loader` (resolving paths): the parts the host needs, parsed and validated.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Errors reading or interpreting a manifest.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    /// The file could not be read.
    #[error("cannot read manifest {path}: {source}")]
    Read {
        /// The manifest path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a valid manifest.
    #[error("invalid manifest {path}: {source}")]
    Parse {
        /// The manifest path.
        path: PathBuf,
        /// The TOML error.
        source: Box<toml::de::Error>,
    },
    /// The manifest is well-formed but inconsistent.
    #[error("invalid manifest: {0}")]
    Invalid(String),
    /// A required application variable has no value.
    #[error("variable '{0}' is required but has no value (set SPIN_VARIABLE_{upper} or --variable)", upper = .0.to_uppercase())]
    MissingVariable(String),
}

/// Result alias for manifest operations.
pub type Result<T, E = ManifestError> = std::result::Result<T, E>;

mod schema;
#[cfg(test)]
mod tests;

use schema::{RawHttpTrigger, RawInherit, RawManifest, RawRoute, RawVariable};

/// The capability sets a middleware can inherit from its handler
/// (Spin's `crates/capabilities`).
pub const CAPABILITY_SETS: [&str; 7] = [
    "ai_models",
    "allowed_outbound_hosts",
    "environment",
    "files",
    "key_value_stores",
    "sqlite_databases",
    "variables",
];

/// Which of its handler's capabilities a middleware may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inherit {
    /// `inherit_configuration = true`.
    All,
    /// Only these sets, from [`CAPABILITY_SETS`] (omitted or `false`: none).
    Some(Vec<String>),
}

impl Inherit {
    /// Whether the capability set `name` passes from the handler to the middleware.
    pub fn includes(&self, name: &str) -> bool {
        match self {
            Inherit::All => true,
            Inherit::Some(names) => names.iter().any(|n| n == name),
        }
    }
}

/// One middleware of a trigger's pipeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Middleware {
    /// The middleware's component id.
    pub component: String,
    /// What it inherits from the trigger's component.
    pub inherit: Inherit,
}

/// Where a trigger's requests come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// A public path: exact (`/health`) or wildcard (`/v1/...`, `/...`).
    Path(String),
    /// Reachable only from inside the app through service chaining.
    Private,
}

/// One `[[trigger.http]]` entry.
#[derive(Debug, Clone)]
pub struct HttpTrigger {
    /// The route.
    pub route: Route,
    /// The component that handles it.
    pub component: String,
    /// Middleware, outermost first, that runs before the component with the component's
    /// capabilities (as filtered by each one's `inherit_configuration`).
    pub middleware: Vec<Middleware>,
}

/// One `[component.<id>]` entry with its variables already resolved.
#[derive(Debug, Clone)]
pub struct Component {
    /// The component id.
    pub id: String,
    /// Absolute path of the `.wasm` file.
    pub source: PathBuf,
    /// Outbound hosts this component may reach, templates resolved.
    pub allowed_outbound_hosts: Vec<String>,
    /// Key-value store labels this component may open.
    pub key_value_stores: Vec<String>,
    /// Component variables (name → resolved value).
    pub variables: HashMap<String, String>,
}

/// A loaded, validated manifest with every variable resolved.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// `[application].name`.
    pub name: String,
    /// Directory of the manifest; relative paths resolve against it.
    pub base_dir: PathBuf,
    /// The HTTP triggers in declaration order.
    pub triggers: Vec<HttpTrigger>,
    /// Components by id.
    pub components: BTreeMap<String, Component>,
}

impl Manifest {
    /// Read `path`, resolving application variables from `overrides` (highest priority),
    /// then `SPIN_VARIABLE_<NAME>` from `env`, then the manifest defaults.
    pub fn load(
        path: &Path,
        overrides: &HashMap<String, String>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|source| ManifestError::Read {
            path: path.to_owned(),
            source,
        })?;
        let base_dir = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let raw: RawManifest = toml::from_str(&text).map_err(|source| ManifestError::Parse {
            path: path.to_owned(),
            source: Box::new(source),
        })?;
        Self::from_raw(raw, base_dir, overrides, env)
    }

    fn from_raw(
        raw: RawManifest,
        base_dir: PathBuf,
        overrides: &HashMap<String, String>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self> {
        if raw.spin_manifest_version != 2 {
            return Err(ManifestError::Invalid(format!(
                "spin_manifest_version {} is not supported (expected 2)",
                raw.spin_manifest_version
            )));
        }
        let app_vars = resolve_app_variables(&raw.variables, overrides, env)?;
        let mut components = BTreeMap::new();
        for (id, c) in raw.component {
            let expand = |s: &str| expand_template(s, &app_vars);
            let component = Component {
                source: base_dir.join(&c.source),
                allowed_outbound_hosts: c
                    .allowed_outbound_hosts
                    .iter()
                    .map(|h| Ok((h.contains("{{"), expand(h)?)))
                    .filter(|entry| !matches!(entry, Ok((true, h)) if is_empty_host(h)))
                    .map(|entry| entry.map(|(_, h)| h))
                    .collect::<Result<_>>()?,
                key_value_stores: c.key_value_stores,
                variables: c
                    .variables
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), expand(v)?)))
                    .collect::<Result<_>>()?,
                id: id.clone(),
            };
            components.insert(id, component);
        }
        let triggers = raw
            .trigger
            .http
            .into_iter()
            .map(http_trigger)
            .collect::<Result<Vec<_>>>()?;
        for t in &triggers {
            let ids =
                std::iter::once(&t.component).chain(t.middleware.iter().map(|m| &m.component));
            for id in ids {
                if !components.contains_key(id) {
                    return Err(ManifestError::Invalid(format!(
                        "trigger refers to unknown component '{id}'"
                    )));
                }
            }
            if let Route::Path(p) = &t.route
                && !p.starts_with('/')
            {
                return Err(ManifestError::Invalid(format!(
                    "route '{p}' must start with '/'"
                )));
            }
        }
        Ok(Self {
            name: raw.application.name,
            base_dir,
            triggers,
            components,
        })
    }
}

/// One `[[trigger.http]]` entry, refusing what Spin's HTTP trigger would not run.
fn http_trigger(t: RawHttpTrigger) -> Result<HttpTrigger> {
    if t.components.is_some() {
        return Err(ManifestError::Invalid(format!(
            "trigger for '{}': Spin's HTTP trigger ignores `components` (middleware listed there \
             never runs on `spin up`); declare it as \
             `dependencies.middleware = [{{ component = \"...\" }}]`",
            t.component
        )));
    }
    let route = match t.route {
        RawRoute::Path(p) => Route::Path(p),
        RawRoute::Private { private: true } => Route::Private,
        RawRoute::Private { private: false } => {
            return Err(ManifestError::Invalid(
                "route = { private = false } is not a route; give a path".into(),
            ));
        }
    };
    let middleware = t
        .dependencies
        .middleware
        .into_iter()
        .map(|m| {
            Ok(Middleware {
                inherit: inherit(m.inherit_configuration, &m.component)?,
                component: m.component,
            })
        })
        .collect::<Result<_>>()?;
    Ok(HttpTrigger {
        route,
        component: t.component,
        middleware,
    })
}

/// `inherit_configuration`: Spin silently ignores names it does not know, which would
/// leave a middleware without a capability its author meant to grant; refuse them.
fn inherit(raw: Option<RawInherit>, component: &str) -> Result<Inherit> {
    match raw {
        None | Some(RawInherit::All(false)) => Ok(Inherit::Some(Vec::new())),
        Some(RawInherit::All(true)) => Ok(Inherit::All),
        Some(RawInherit::Some(names)) => {
            if let Some(bad) = names
                .iter()
                .find(|n| !CAPABILITY_SETS.contains(&n.as_str()))
            {
                return Err(ManifestError::Invalid(format!(
                    "middleware '{component}': '{bad}' is not a capability set (one of {})",
                    CAPABILITY_SETS.join(", ")
                )));
            }
            Ok(Inherit::Some(names))
        }
    }
}

/// Resolve every `[variables]` entry: override, then environment, then default.
fn resolve_app_variables(
    vars: &BTreeMap<String, RawVariable>,
    overrides: &HashMap<String, String>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<HashMap<String, String>> {
    let mut out = HashMap::new();
    for (name, v) in vars {
        // Spin's rule: a variable has a default or is required, never both nor neither.
        if v.default.is_some() == v.required {
            return Err(ManifestError::Invalid(format!(
                "variable '{name}' must have either a default or `required = true`"
            )));
        }
        let value = overrides
            .get(name)
            .cloned()
            .or_else(|| env(&format!("SPIN_VARIABLE_{}", name.to_uppercase())))
            .or_else(|| v.default.clone());
        match value {
            Some(value) => {
                out.insert(name.clone(), value);
            }
            None => return Err(ManifestError::MissingVariable(name.clone())),
        }
    }
    Ok(out)
}

/// Whether an allowed host that came from a template resolved to nothing, which Spin skips
/// (an optional endpoint; `crates/outbound-networking-config/src/allowed_hosts.rs`,
/// `parse_or_skip`). An empty literal stays an error.
fn is_empty_host(resolved: &str) -> bool {
    matches!(resolved, "" | "http://" | "https://")
}

/// Expand `{{ name }}` references to application variables.
pub fn expand_template(template: &str, vars: &HashMap<String, String>) -> Result<String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| ManifestError::Invalid(format!("unclosed '{{{{' in '{template}'")))?;
        let name = after[..end].trim();
        let value = vars
            .get(name)
            .ok_or_else(|| ManifestError::MissingVariable(name.to_owned()))?;
        out.push_str(value);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}
