//! `spin.toml` (manifest version 2): the parts the host needs, parsed and validated.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;

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

#[derive(Debug, Deserialize)]
struct RawManifest {
    spin_manifest_version: u32,
    application: RawApplication,
    #[serde(default)]
    variables: BTreeMap<String, RawVariable>,
    #[serde(default)]
    trigger: RawTriggers,
    #[serde(default)]
    component: BTreeMap<String, RawComponent>,
}

#[derive(Debug, Deserialize)]
struct RawApplication {
    name: String,
}

#[derive(Debug, Default, Deserialize)]
struct RawVariable {
    default: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct RawTriggers {
    #[serde(default)]
    http: Vec<RawHttpTrigger>,
}

#[derive(Debug, Deserialize)]
struct RawHttpTrigger {
    route: RawRoute,
    component: String,
    /// `components.middleware = ["a", "b"]`: Spin's HTTP middleware pipeline.
    #[serde(default)]
    components: RawTriggerComponents,
}

#[derive(Debug, Default, Deserialize)]
struct RawTriggerComponents {
    #[serde(default)]
    middleware: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawRoute {
    Path(String),
    Private { private: bool },
}

#[derive(Debug, Deserialize)]
struct RawComponent {
    source: String,
    #[serde(default)]
    allowed_outbound_hosts: Vec<String>,
    #[serde(default)]
    key_value_stores: Vec<String>,
    #[serde(default)]
    variables: BTreeMap<String, String>,
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
    /// Middleware components, outermost first, that run before the component.
    pub middleware: Vec<String>,
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
                    .map(|h| expand(h))
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
            .map(|t| {
                let route = match t.route {
                    RawRoute::Path(p) => Route::Path(p),
                    RawRoute::Private { private: true } => Route::Private,
                    RawRoute::Private { private: false } => {
                        return Err(ManifestError::Invalid(
                            "route = { private = false } is not a route; give a path".into(),
                        ));
                    }
                };
                Ok(HttpTrigger {
                    route,
                    component: t.component,
                    middleware: t.components.middleware,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        for t in &triggers {
            for id in std::iter::once(&t.component).chain(&t.middleware) {
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

/// Resolve every `[variables]` entry: override, then environment, then default.
fn resolve_app_variables(
    vars: &BTreeMap<String, RawVariable>,
    overrides: &HashMap<String, String>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<HashMap<String, String>> {
    let mut out = HashMap::new();
    for (name, v) in vars {
        let value = overrides
            .get(name)
            .cloned()
            .or_else(|| env(&format!("SPIN_VARIABLE_{}", name.to_uppercase())))
            .or_else(|| v.default.clone());
        match value {
            Some(value) => {
                out.insert(name.clone(), value);
            }
            // Spin requires either a default or `required = true`; both end here unset.
            None => return Err(ManifestError::MissingVariable(name.clone())),
        }
    }
    Ok(out)
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

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = r#"
spin_manifest_version = 2
[application]
name = "t"
[variables]
upstream = { default = "http://127.0.0.1:8081" }
token = { required = true, secret = true }
[[trigger.http]]
route = "/..."
component = "a"
components.middleware = ["m"]
[[trigger.http]]
route = { private = true }
component = "b"
[component.a]
source = "a.wasm"
allowed_outbound_hosts = ["{{ upstream }}", "http://b.spin.internal"]
key_value_stores = ["default"]
[component.a.variables]
upstream = "{{upstream}}/v1"
[component.b]
source = "b.wasm"
[component.m]
source = "m.wasm"
"#;

    fn load(overrides: &[(&str, &str)], env: &[(&str, &str)]) -> Result<Manifest> {
        let raw: RawManifest = toml::from_str(MANIFEST).expect("toml");
        let overrides = overrides
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let env: HashMap<String, String> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Manifest::from_raw(raw, PathBuf::from("/app"), &overrides, &|k| {
            env.get(k).cloned()
        })
    }

    #[test]
    fn resolves_defaults_env_and_overrides_in_that_order() {
        let m = load(&[], &[("SPIN_VARIABLE_TOKEN", "s")]).expect("load");
        let a = &m.components["a"];
        assert_eq!(a.variables["upstream"], "http://127.0.0.1:8081/v1");
        assert_eq!(a.allowed_outbound_hosts[0], "http://127.0.0.1:8081");
        assert_eq!(a.source, PathBuf::from("/app/a.wasm"));

        let m = load(
            &[("upstream", "http://o:1")],
            &[
                ("SPIN_VARIABLE_UPSTREAM", "http://e:2"),
                ("SPIN_VARIABLE_TOKEN", "s"),
            ],
        )
        .expect("load");
        assert_eq!(m.components["a"].allowed_outbound_hosts[0], "http://o:1");
        let m = load(
            &[],
            &[
                ("SPIN_VARIABLE_UPSTREAM", "http://e:2"),
                ("SPIN_VARIABLE_TOKEN", "s"),
            ],
        )
        .expect("load");
        assert_eq!(m.components["a"].allowed_outbound_hosts[0], "http://e:2");
    }

    #[test]
    fn a_required_variable_without_value_is_an_error() {
        let err = load(&[], &[]).expect_err("token is required");
        assert!(matches!(err, ManifestError::MissingVariable(n) if n == "token"));
    }

    #[test]
    fn parses_private_routes_and_middleware() {
        let m = load(&[("token", "s")], &[]).expect("load");
        assert_eq!(m.triggers[0].middleware, vec!["m".to_string()]);
        assert_eq!(m.triggers[1].route, Route::Private);
    }

    #[test]
    fn templates_reject_unknown_and_unclosed_references() {
        let vars = HashMap::from([("a".to_string(), "1".to_string())]);
        assert_eq!(expand_template("x{{ a }}y", &vars).expect("ok"), "x1y");
        assert!(expand_template("{{ b }}", &vars).is_err());
        assert!(expand_template("{{ a", &vars).is_err());
    }
}
