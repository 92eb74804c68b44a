//! End-to-end: the web console (`components/console`), on the host under test.
//!
//! Over HTTP: `/` and every `/app/...` client route serve the app's `index.html`, every
//! console response carries the console's strict CSP and `nosniff`, the bundles come with
//! their content types, and `/v1/...` still reaches the front door (401 without a key), as
//! Spin's routing gives the more specific console routes precedence over the front door's
//! `/...`.
//!
//! In a browser: `tests/browser/console.test.mjs` (playwright-core driving Debian's
//! headless `chromium`; `scripts/setup` installs both) logs in (a bad key is refused),
//! chats while the model is down (the fallback's answer with its badge) and with a model
//! that streams slowly (text growing as tokens arrive), orchestrates, analyses an e-mail,
//! manages keys and reads the audit log, moves an e-mail across the board (by button,
//! drag or menu; a refused move explained) and sees an overdue one flagged,
//! at 1280×800 and 390×844, saving screenshots in `target/console-screenshots/`.

mod support;

use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;
use std::time::Duration;

use http::Method;
use support::{base_url, client, create_key, create_key_at, fake_provider, repo_root, start_app};

/// The console's policy (`components/console/src/site.rs`), as the issue states it.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
                   img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// One browser at a time: two Chromiums beside the app crowd a 2-core machine.
static BROWSER: Mutex<()> = Mutex::new(());

/// The `src` of the page's script and the `href` of its stylesheet.
fn bundles(index: &str) -> (String, String) {
    let attribute = |marker: &str| {
        let start = index.find(marker).expect(marker) + marker.len();
        index[start..]
            .split('"')
            .next()
            .expect("a quoted value")
            .to_owned()
    };
    (
        attribute("<script type=\"module\" src=\""),
        attribute("<link rel=\"stylesheet\" href=\""),
    )
}

#[tokio::test]
async fn the_console_serves_its_page_with_a_strict_policy_and_the_api_still_needs_a_key() {
    let c = client();
    let root = c.get("/").await.expect("request");
    assert_eq!(root.status, 200);
    assert_eq!(
        root.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let index = String::from_utf8(root.body.to_vec()).expect("UTF-8");
    assert!(index.contains("<div id=\"app\">"), "{index}");
    let (script, style) = bundles(&index);

    for path in ["/", "/app", "/app/", "/app/anything", "/app/board/em_1?x=1"] {
        let reply = c.get(path).await.expect("request");
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(
            String::from_utf8_lossy(&reply.body),
            index,
            "{path} is the app's page"
        );
        assert_eq!(reply.header("content-security-policy"), Some(CSP), "{path}");
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(reply.header("x-frame-options"), Some("DENY"));
        // The front door's headers are not there: the console answered, not `validation`.
        assert_eq!(reply.header("ratelimit-limit"), None, "{path}");
    }
    for (path, content_type) in [
        (script.as_str(), "text/javascript; charset=utf-8"),
        (style.as_str(), "text/css; charset=utf-8"),
    ] {
        assert!(path.starts_with("/app/assets/"), "{path}");
        let reply = c.get(path).await.expect("request");
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), Some(content_type));
        assert_eq!(reply.header("content-security-policy"), Some(CSP));
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
        assert!(!reply.body.is_empty());
    }
    let missing = c.get("/app/assets/app-MISSING.js").await.expect("request");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("content-security-policy"), Some(CSP));
    let post = c
        .send(Method::POST, "/app/chat", &[], Vec::new())
        .await
        .expect("request");
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));

    // The API is still the front door's: no key, 401 problem+json with its headers.
    for path in [
        "/v1/agents",
        "/v1/emails/x1/analysis",
        "/v1/admin/audit",
        "/v1",
    ] {
        let reply = c.get(path).await.expect("request");
        assert_eq!(reply.status, 401, "{path}");
        assert_eq!(
            reply.header("content-type"),
            Some("application/problem+json")
        );
        assert!(reply.header("ratelimit-limit").is_some(), "{path}");
        assert_ne!(reply.header("content-security-policy"), Some(CSP));
    }
    assert_eq!(c.get("/health").await.expect("request").status, 200);
    // Only /app and below belong to the console.
    assert_eq!(c.get("/application").await.expect("request").status, 401);
}

/// The browser test's dependencies (`npm ci` in `tests/browser` when missing), and the
/// `node` command that runs it for `base` with `key`.
fn browser_test(base: &str, key: &str, scenarios: &str) -> Command {
    let dir = repo_root().join("tests/browser");
    if !dir.join("node_modules/playwright-core").is_dir() {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .status()
            .expect("npm (scripts/setup installs it)");
        assert!(status.success(), "npm ci in tests/browser failed");
    }
    let mut command = Command::new("node");
    command
        .arg(dir.join("console.test.mjs"))
        .current_dir(repo_root())
        .env("EDGECREW_BASE_URL", base)
        .env("EDGECREW_CONSOLE_KEY", key)
        .env("EDGECREW_CONSOLE_SCENARIOS", scenarios)
        .env(
            "EDGECREW_SCREENSHOTS",
            std::env::var_os("EDGECREW_SCREENSHOTS").map_or_else(
                || repo_root().join("target/console-screenshots"),
                PathBuf::from,
            ),
        );
    command
}

/// Run the browser test; fails with its output when any scenario fails.
fn run(mut command: Command) {
    let _one_browser = BROWSER
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let output = command.output().expect("node (scripts/setup installs it)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "the browser test failed:\n{stdout}\n{stderr}"
    );
}

/// The tokens the slow model streams, a quarter of a second apart.
const SLOW_TOKENS: &[&str] = &[
    "Our ", "new ", "mug ", "keeps ", "coffee ", "hot ", "for ", "six ", "hours.",
];

#[tokio::test]
async fn in_a_browser_the_console_logs_in_chats_orchestrates_analyses_and_manages_keys() {
    let (_, key) = create_key(&["agents", "emails", "admin"], None).await;
    // A second app whose model answers, streaming one token every 250 ms.
    let model = fake_provider::serve_slow_stream(SLOW_TOKENS, Duration::from_millis(250));
    let streaming = start_app(&[("runtime_host_url", &model)]);
    let (_, stream_key) = create_key_at(&streaming.base_url, &["agents"], None).await;

    let mut command = browser_test(
        &base_url(),
        &key,
        "login,chat,stream,orchestrate,analyze,admin",
    );
    command
        .env("EDGECREW_STREAM_BASE_URL", &streaming.base_url)
        .env("EDGECREW_STREAM_KEY", &stream_key);
    tokio::task::spawn_blocking(move || run(command))
        .await
        .expect("the browser test ran");
}

#[tokio::test]
async fn in_a_browser_an_analysed_email_moves_across_the_board_and_an_old_one_is_flagged_overdue() {
    let (_, key) = create_key(&["agents", "emails", "admin"], None).await;
    let command = browser_test(&base_url(), &key, "board,overdue");
    tokio::task::spawn_blocking(move || run(command))
        .await
        .expect("the browser test ran");
}
