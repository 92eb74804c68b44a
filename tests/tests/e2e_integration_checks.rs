//! The seven integration checks of the old system's assessment, all passing with the
//! primary provider down (the shared server, or `EDGECREW_BASE_URL`) and up (a real
//! runtime-host on a tiny generated model behind its own server on the host under test).

mod support;

use support::checks::{self, Primary};
use support::runtime_host::RuntimeHost;
use support::{app_with_primary, base_url, create_key, create_key_at};

const SCOPES: &[&str] = &["agents", "emails"];

#[tokio::test]
async fn seven_checks_with_the_primary_down() {
    let (_, key) = create_key(SCOPES, None).await;
    checks::all(&base_url(), &key, Primary::Down).await;
}

#[tokio::test]
async fn seven_checks_with_the_primary_up() {
    let runtime_host = RuntimeHost::start();
    let server = app_with_primary(&runtime_host.base_url);
    let (_, key) = create_key_at(&server.base_url, SCOPES, None).await;
    checks::all(&server.base_url, &key, Primary::Up).await;
}
