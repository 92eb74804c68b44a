//! `deploy/`, the SpinKube manifests, checked against `spin.toml` and against each other:
//! every file parses, every variable the SpinApp sets is one the app declares (secrets only
//! from Secrets that exist), every required variable is set, and the names, ports and
//! passwords that tie the SpinApp, its runtime config, runtime-host and Redis together agree.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_norway::Value;

/// The repository's root.
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// Every document of every `deploy/*.yaml`, with the file it came from.
fn documents() -> Vec<(String, Value)> {
    let dir = repo_root().join("deploy");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no manifests in {}", dir.display());
    let mut docs = Vec::new();
    for file in files {
        let name = file
            .file_name()
            .expect("a file name")
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&file).expect("read a manifest");
        for doc in serde_norway::Deserializer::from_str(&text) {
            let value = Value::deserialize(doc).unwrap_or_else(|e| panic!("{name}: {e}"));
            docs.push((name.clone(), value));
        }
    }
    docs
}

/// `value` at a path of mapping keys, as a string.
fn text<'a>(value: &'a Value, path: &[&str]) -> Option<&'a str> {
    at(value, path)?.as_str()
}

/// `value` at a path of mapping keys.
fn at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, key| v.get(*key))
}

/// The manifests, looked up by kind and name.
struct Manifests {
    docs: Vec<(String, Value)>,
}

impl Manifests {
    fn load() -> Self {
        Self { docs: documents() }
    }

    /// The object of `kind` named `name`.
    fn get(&self, kind: &str, name: &str) -> &Value {
        self.docs
            .iter()
            .map(|(_, doc)| doc)
            .find(|doc| {
                text(doc, &["kind"]) == Some(kind) && text(doc, &["metadata", "name"]) == Some(name)
            })
            .unwrap_or_else(|| panic!("no {kind} named {name} in deploy/"))
    }

    /// The value under `key` of the Secret `name` (`stringData`, as the files write them).
    fn secret(&self, name: &str, key: &str) -> &str {
        text(self.get("Secret", name), &["stringData", key])
            .unwrap_or_else(|| panic!("Secret {name} has no key {key}"))
    }
}

/// The `[variables]` of `spin.toml`: name → (has a default, is secret).
fn declared_variables() -> BTreeMap<String, (bool, bool)> {
    #[derive(Deserialize)]
    struct Manifest {
        variables: BTreeMap<String, toml::Value>,
    }
    let text = std::fs::read_to_string(repo_root().join("spin.toml")).expect("spin.toml");
    let manifest: Manifest = toml::from_str(&text).expect("spin.toml parses");
    manifest
        .variables
        .into_iter()
        .map(|(name, spec)| {
            let flag = |key| spec.get(key).and_then(toml::Value::as_bool) == Some(true);
            (name, (spec.get("default").is_some(), flag("secret")))
        })
        .collect()
}

/// `(host, port)` of an `http://` or `redis://` URL (`user:password@` stripped).
fn host_and_port(url: &str) -> (String, u16) {
    let rest = url.split_once("://").expect("a URL with a scheme").1;
    let authority = rest.split('/').next().unwrap_or(rest);
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    let (host, port) = authority.rsplit_once(':').expect("a URL with a port");
    (host.to_owned(), port.parse().expect("a numeric port"))
}

/// The Service behind `host` (`<name>.<namespace>.svc.cluster.local`), and that its port
/// `port` exists. Returns the Service.
fn service_at<'a>(manifests: &'a Manifests, host: &str, port: u16) -> &'a Value {
    let parts: Vec<&str> = host.split('.').collect();
    assert!(
        parts.len() == 5 && parts[2..] == ["svc", "cluster", "local"],
        "{host} is not a cluster Service name"
    );
    let service = manifests.get("Service", parts[0]);
    assert_eq!(text(service, &["metadata", "namespace"]), Some(parts[1]));
    let ports = at(service, &["spec", "ports"])
        .and_then(Value::as_sequence)
        .expect("Service ports");
    assert!(
        ports
            .iter()
            .any(|p| p.get("port").and_then(Value::as_u64) == Some(port.into())),
        "Service {} has no port {port}",
        parts[0]
    );
    service
}

/// The pod template of the workload (Deployment or StatefulSet) a Service selects.
fn workload_behind<'a>(manifests: &'a Manifests, service: &Value) -> &'a Value {
    let selector = at(service, &["spec", "selector"]).expect("Service selector");
    manifests
        .docs
        .iter()
        .map(|(_, doc)| doc)
        .filter(|doc| matches!(text(doc, &["kind"]), Some("Deployment" | "StatefulSet")))
        .find(|doc| at(doc, &["spec", "template", "metadata", "labels"]) == Some(selector))
        .unwrap_or_else(|| panic!("no workload carries the labels {selector:?}"))
}

#[test]
fn every_object_parses_and_lives_in_the_edgecrew_namespace() {
    let manifests = Manifests::load();
    for (file, doc) in &manifests.docs {
        let kind = text(doc, &["kind"]).unwrap_or_else(|| panic!("{file}: no kind"));
        assert!(
            text(doc, &["apiVersion"]).is_some(),
            "{file}: no apiVersion"
        );
        assert!(
            text(doc, &["metadata", "name"]).is_some(),
            "{file}: {kind} without a name"
        );
        if kind != "Namespace" {
            assert_eq!(
                text(doc, &["metadata", "namespace"]),
                Some("edgecrew"),
                "{file}: {kind} outside the edgecrew namespace"
            );
        }
    }
    manifests.get("Namespace", "edgecrew");
}

#[test]
fn the_spinapp_sets_declared_variables_and_secrets_only_from_secrets() {
    let manifests = Manifests::load();
    let app = manifests.get("SpinApp", "edgecrew");
    assert_eq!(
        text(app, &["spec", "executor"]),
        Some("containerd-shim-spin")
    );
    let declared = declared_variables();
    let set = at(app, &["spec", "variables"])
        .and_then(Value::as_sequence)
        .expect("SpinApp variables");
    let mut named = Vec::new();
    for variable in set {
        let name = text(variable, &["name"]).expect("a variable name");
        let &(_, secret) = declared
            .get(name)
            .unwrap_or_else(|| panic!("{name} is not declared in spin.toml"));
        match at(variable, &["valueFrom", "secretKeyRef"]) {
            Some(reference) => {
                let secret_name = text(reference, &["name"]).expect("secretKeyRef name");
                let key = text(reference, &["key"]).expect("secretKeyRef key");
                manifests.secret(secret_name, key);
            }
            None => assert!(
                !secret,
                "{name} is secret in spin.toml but written into the SpinApp"
            ),
        }
        named.push(name);
    }
    for (name, (has_default, _)) in &declared {
        if !has_default {
            assert!(
                named.contains(&name.as_str()),
                "{name} is required by spin.toml and not set"
            );
        }
    }
    for probe in ["readiness", "liveness"] {
        assert_eq!(
            text(app, &["spec", "checks", probe, "httpGet", "path"]),
            Some("/health"),
            "{probe}: /health is the one route served without a key"
        );
    }
}

#[test]
fn the_runtime_config_secret_puts_the_store_on_the_deployed_redis() {
    let manifests = Manifests::load();
    let app = manifests.get("SpinApp", "edgecrew");
    let secret = text(app, &["spec", "runtimeConfig", "loadFromSecret"])
        .expect("the SpinApp loads its runtime config from a Secret");
    let config: toml::Value = toml::from_str(manifests.secret(secret, "runtime-config.toml"))
        .expect("runtime-config.toml parses");
    let store = config
        .get("key_value_store")
        .and_then(|stores| stores.get("default"))
        .expect("[key_value_store.default]");
    assert_eq!(
        store.get("type").and_then(toml::Value::as_str),
        Some("redis")
    );
    let url = store
        .get("url")
        .and_then(toml::Value::as_str)
        .expect("a Redis url");
    let (host, port) = host_and_port(url);
    let service = service_at(&manifests, &host, port);
    let redis = workload_behind(&manifests, service);
    let container = &at(redis, &["spec", "template", "spec", "containers"])
        .and_then(Value::as_sequence)
        .expect("containers")[0];
    let args: Vec<&str> = container["args"]
        .as_sequence()
        .expect("redis args")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        args.contains(&"--appendonly"),
        "Redis must persist: {args:?}"
    );
    let password_ref = container["env"]
        .as_sequence()
        .and_then(|env| env.iter().find(|e| e["name"] == "REDIS_PASSWORD"))
        .and_then(|e| at(e, &["valueFrom", "secretKeyRef"]))
        .expect("Redis takes its password from a Secret");
    let password = manifests.secret(
        text(password_ref, &["name"]).expect("secretKeyRef name"),
        text(password_ref, &["key"]).expect("secretKeyRef key"),
    );
    let userinfo = url
        .split_once("://")
        .and_then(|(_, rest)| rest.split_once('@'))
        .map(|(userinfo, _)| userinfo)
        .expect("the Redis url carries the password");
    assert_eq!(
        userinfo.trim_start_matches(':'),
        password,
        "the runtime config's Redis password is not the one Redis is started with"
    );
}

#[test]
fn runtime_host_url_reaches_the_runtime_host_service_and_its_listening_port() {
    let manifests = Manifests::load();
    let app = manifests.get("SpinApp", "edgecrew");
    let url = at(app, &["spec", "variables"])
        .and_then(Value::as_sequence)
        .and_then(|vars| vars.iter().find(|v| v["name"] == "runtime_host_url"))
        .and_then(|v| text(v, &["value"]))
        .expect("the SpinApp sets runtime_host_url");
    let (host, port) = host_and_port(url);
    let service = service_at(&manifests, &host, port);
    let target = at(service, &["spec", "ports"])
        .and_then(Value::as_sequence)
        .and_then(|ports| ports.iter().find(|p| p["port"] == u64::from(port)))
        .and_then(|p| p["targetPort"].as_u64())
        .expect("a targetPort");
    let workload = workload_behind(&manifests, service);
    let container = &at(workload, &["spec", "template", "spec", "containers"])
        .and_then(Value::as_sequence)
        .expect("containers")[0];
    let args: Vec<&str> = container["args"]
        .as_sequence()
        .expect("runtime-host args")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let listen = args
        .iter()
        .position(|a| *a == "--listen")
        .map(|i| args[i + 1])
        .expect("runtime-host --listen");
    assert_eq!(
        listen,
        format!("0.0.0.0:{target}"),
        "runtime-host listens elsewhere"
    );
    // The key the agent sends is the key runtime-host expects.
    let agent_key = at(app, &["spec", "variables"])
        .and_then(Value::as_sequence)
        .and_then(|vars| vars.iter().find(|v| v["name"] == "runtime_host_api_key"))
        .and_then(|v| at(v, &["valueFrom", "secretKeyRef"]))
        .expect("runtime_host_api_key from a Secret");
    let host_key = container["env"]
        .as_sequence()
        .and_then(|env| env.iter().find(|e| e["name"] == "RUNTIME_HOST_API_KEY"))
        .and_then(|e| at(e, &["valueFrom", "secretKeyRef"]))
        .expect("RUNTIME_HOST_API_KEY from a Secret");
    assert_eq!(agent_key, host_key);
}

#[test]
fn the_console_serves_only_its_own_routes_with_no_capability() {
    let text = std::fs::read_to_string(repo_root().join("spin.toml")).expect("spin.toml");
    let manifest: toml::Value = toml::from_str(&text).expect("spin.toml parses");
    let routes: Vec<&str> = manifest["trigger"]["http"]
        .as_array()
        .expect("[[trigger.http]]")
        .iter()
        .filter(|t| t["component"].as_str() == Some("console"))
        .filter_map(|t| t["route"].as_str())
        .collect();
    assert_eq!(routes, ["/", "/app/..."]);
    let console = &manifest["component"]["console"];
    let outbound = console
        .get("allowed_outbound_hosts")
        .and_then(toml::Value::as_array);
    assert!(
        outbound.is_none_or(|hosts| hosts.is_empty()),
        "the console reaches no network: {outbound:?}"
    );
    for capability in ["key_value_stores", "variables", "files", "sqlite_databases"] {
        assert!(
            console.get(capability).is_none(),
            "the console has no {capability}"
        );
    }
}
