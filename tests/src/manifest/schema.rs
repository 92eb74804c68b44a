//! The raw manifest as serde reads it. The structs mirror Spin's manifest schema
//! (`crates/manifest/src/schema/v2.rs`) and refuse every unknown key, as Spin does. Keys
//! Spin accepts but this host does not implement are refused too, so that nothing Spin
//! would act on is silently ignored here; keys Spin itself ignores at run time (`build`,
//! `description`, `tool`) are accepted and ignored alike.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawManifest {
    pub(super) spin_manifest_version: u32,
    pub(super) application: RawApplication,
    #[serde(default)]
    pub(super) variables: BTreeMap<String, RawVariable>,
    #[serde(default)]
    pub(super) trigger: RawTriggers,
    #[serde(default)]
    pub(super) component: BTreeMap<String, RawComponent>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawApplication {
    pub(super) name: String,
    #[serde(default, rename = "version")]
    _version: Option<String>,
    #[serde(default, rename = "description")]
    _description: Option<String>,
    #[serde(default, rename = "authors")]
    _authors: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVariable {
    pub(super) default: Option<String>,
    #[serde(default)]
    pub(super) required: bool,
    #[serde(default, rename = "secret")]
    _secret: bool,
}

/// Only HTTP triggers: this host runs no other trigger type.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTriggers {
    #[serde(default)]
    pub(super) http: Vec<RawHttpTrigger>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHttpTrigger {
    #[serde(default, rename = "id")]
    _id: Option<String>,
    pub(super) route: RawRoute,
    pub(super) component: String,
    #[serde(default)]
    pub(super) dependencies: RawTriggerDependencies,
    /// Parsed only to be refused: Spin's HTTP trigger ignores `components`, so a
    /// middleware list there would run here and never on `spin up`.
    #[serde(default)]
    pub(super) components: Option<toml::Value>,
}

/// `dependencies.middleware = [...]`, the only trigger dependency Spin's HTTP trigger allows.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTriggerDependencies {
    #[serde(default)]
    pub(super) middleware: Vec<RawMiddleware>,
}

/// A middleware given as a component of the app (Spin also takes registry packages, local
/// paths and URLs; this host does not).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMiddleware {
    pub(super) component: String,
    #[serde(default)]
    pub(super) inherit_configuration: Option<RawInherit>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum RawInherit {
    All(bool),
    Some(Vec<String>),
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum RawRoute {
    Path(String),
    Private { private: bool },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawComponent {
    pub(super) source: String,
    #[serde(default, rename = "description")]
    _description: Option<String>,
    #[serde(default)]
    pub(super) allowed_outbound_hosts: Vec<String>,
    #[serde(default)]
    pub(super) key_value_stores: Vec<String>,
    #[serde(default)]
    pub(super) variables: BTreeMap<String, String>,
    /// `spin build`'s settings: not read at run time, by Spin or here.
    #[serde(default, rename = "build")]
    _build: Option<toml::Value>,
    /// Settings for other tools: Spin ignores them.
    #[serde(default, rename = "tool")]
    _tool: Option<toml::Value>,
}
