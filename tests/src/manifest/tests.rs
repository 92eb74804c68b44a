//! The manifest reader against Spin's rules.
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
dependencies.middleware = [{ component = "m", inherit_configuration = ["variables"] }]
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
    load_text(MANIFEST, overrides, env)
}

fn load_text(text: &str, overrides: &[(&str, &str)], env: &[(&str, &str)]) -> Result<Manifest> {
    let raw: RawManifest = toml::from_str(text).map_err(|source| ManifestError::Parse {
        path: PathBuf::from("spin.toml"),
        source: Box::new(source),
    })?;
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
    assert_eq!(
        m.triggers[0].middleware,
        vec![Middleware {
            component: "m".into(),
            inherit: Inherit::Some(vec!["variables".into()]),
        }]
    );
    assert!(m.triggers[0].middleware[0].inherit.includes("variables"));
    assert!(
        !m.triggers[0].middleware[0]
            .inherit
            .includes("key_value_stores")
    );
    assert_eq!(m.triggers[1].route, Route::Private);
}

/// The manifest this repository shipped before: Spin ignores `components.middleware`,
/// so on `spin up` every route was public. The host must refuse it, not run it.
#[test]
fn refuses_the_components_middleware_key_that_spin_ignores() {
    let old = MANIFEST.replace(
        r#"dependencies.middleware = [{ component = "m", inherit_configuration = ["variables"] }]"#,
        r#"components.middleware = ["m"]"#,
    );
    let err = load_text(&old, &[("token", "s")], &[]).expect_err("refused");
    assert!(
        err.to_string().contains("dependencies.middleware"),
        "the error names the key Spin reads: {err}"
    );
}

#[test]
fn refuses_keys_spin_does_not_know_or_this_host_does_not_run() {
    for (from, to) in [
        ("[component.b]", "[component.b]\nfiles = [\"x\"]"),
        (
            "[component.b]",
            "[component.b]\nenvironment = { A = \"1\" }",
        ),
        (
            "[component.b]",
            "[component.b]\nkey_value_store = [\"default\"]",
        ),
        ("name = \"t\"", "name = \"t\"\nnme = \"u\""),
        (
            "component = \"b\"",
            "component = \"b\"\nexecutor = { type = \"wagi\" }",
        ),
        (
            "dependencies.middleware",
            "dependencies.other = []\ndependencies.middleware",
        ),
        ("[\"variables\"]", "[\"variable\"]"),
        (
            "token = { required = true, secret = true }",
            "token = { secret = true }",
        ),
    ] {
        let text = MANIFEST.replacen(from, to, 1);
        assert_ne!(text, MANIFEST, "{from}");
        assert!(
            load_text(&text, &[("token", "s")], &[]).is_err(),
            "accepted: {to}"
        );
    }
}

#[test]
fn inherit_configuration_true_false_and_omitted() {
    for (value, all, none) in [("true", true, false), ("false", false, true)] {
        let text = MANIFEST.replace(r#"["variables"]"#, value);
        let m = load_text(&text, &[("token", "s")], &[]).expect("load");
        let inherit = &m.triggers[0].middleware[0].inherit;
        assert_eq!(inherit.includes("allowed_outbound_hosts"), all);
        assert_eq!(!inherit.includes("variables"), none);
    }
    let text = MANIFEST.replace(r#", inherit_configuration = ["variables"]"#, "");
    let m = load_text(&text, &[("token", "s")], &[]).expect("load");
    assert_eq!(m.triggers[0].middleware[0].inherit, Inherit::Some(vec![]));
}

#[test]
fn templates_reject_unknown_and_unclosed_references() {
    let vars = HashMap::from([("a".to_string(), "1".to_string())]);
    assert_eq!(expand_template("x{{ a }}y", &vars).expect("ok"), "x1y");
    assert!(expand_template("{{ b }}", &vars).is_err());
    assert!(expand_template("{{ a", &vars).is_err());
}

#[test]
fn an_allowed_host_template_that_resolves_to_nothing_is_skipped_as_spin_does() {
    let m = load(&[("upstream", "")], &[("SPIN_VARIABLE_TOKEN", "s")]).expect("load");
    assert_eq!(
        m.components["a"].allowed_outbound_hosts,
        ["http://b.spin.internal"]
    );
    let m = load(&[("upstream", "https://")], &[("SPIN_VARIABLE_TOKEN", "s")]).expect("load");
    assert_eq!(
        m.components["a"].allowed_outbound_hosts,
        ["http://b.spin.internal"]
    );
}
