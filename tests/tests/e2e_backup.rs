//! Backup and restore: `GET /v1/admin/export` and `POST /v1/admin/import`, from SQLite to
//! Redis and back byte for byte, refusing damaged files, idempotent, and never undoing
//! what the store did since the backup. Each test runs its own server(s).

mod support;

use std::collections::HashSet;

use edgecrew_tests::client::{Client, Reply};
use http::Method;
use serde_json::{Value, json};
use support::redis_server::RedisServer;
use support::{admin_key, call_at, create_key_at, start_app, start_app_with_runtime_config};

fn text(reply: &Reply) -> String {
    String::from_utf8_lossy(&reply.body).into_owned()
}

/// Fill a store through the API: an API key, a conversation with messages, an analysis.
/// Returns the created key, which must still work after a restore.
async fn populate(base: &str) -> String {
    let admin = admin_key();
    let (_, key) = create_key_at(base, &["agents", "conversations", "emails"], None).await;
    let created = call_at(
        base,
        Method::POST,
        "/v1/conversations",
        Some(&key),
        Some(json!({"title": "Q3 numbers"})),
    )
    .await;
    assert_eq!(created.status, 201, "{}", text(&created));
    let id = created.json().expect("json")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    for content in ["What moved revenue?", "And costs?"] {
        let reply = call_at(
            base,
            Method::POST,
            &format!("/v1/conversations/{id}/messages"),
            Some(&key),
            Some(json!({"content": content, "agent": "data_analysis"})),
        )
        .await;
        assert_eq!(reply.status, 201, "{}", text(&reply));
    }
    let analysis = call_at(
        base,
        Method::POST,
        "/v1/emails/analyze",
        Some(&admin),
        Some(json!({"subject": "PO 4500012345 late", "body": "Where is PO 4500012345? Call 555-0100.", "from": "ops@example.com"})),
    )
    .await;
    assert_eq!(analysis.status, 200, "{}", text(&analysis));
    key
}

async fn export(base: &str) -> String {
    support::export_backup(base).await
}

async fn import(base: &str, file: &str) -> Reply {
    support::import_backup(base, file.as_bytes()).await
}

/// A file's record and counter lines (everything but the audit log, header and end).
fn data_lines(file: &str) -> Vec<&str> {
    file.lines()
        .filter(|l| l.starts_with("{\"key\":"))
        .collect()
}

/// A file's audit lines, oldest first.
fn audit_lines(file: &str) -> Vec<&str> {
    file.lines()
        .filter(|l| l.starts_with("{\"audit\":"))
        .collect()
}

#[tokio::test]
async fn a_backup_survives_sqlite_to_redis_to_sqlite_byte_for_byte() {
    let first = start_app(&[("runtime_host_url", "http://127.0.0.1:1")]);
    let key = populate(&first.base_url).await;
    let from_sqlite = export(&first.base_url).await;
    assert!(
        from_sqlite
            .lines()
            .last()
            .is_some_and(|l| l.starts_with("{\"end\":")),
        "{from_sqlite}"
    );
    let kinds: HashSet<&str> = data_lines(&from_sqlite)
        .iter()
        .filter_map(|l| l.split('"').nth(3)?.split(':').next())
        .collect();
    assert_eq!(
        kinds,
        HashSet::from(["key", "conv", "analysis", "workflow"]),
        "{from_sqlite}"
    );

    let redis = RedisServer::start();
    let on_redis = start_app_with_runtime_config(&[], Some(&redis.runtime_config()));
    let imported = import(&on_redis.base_url, &from_sqlite).await;
    assert_eq!(imported.status, 200, "{}", text(&imported));
    let written = imported.json().expect("json")["written"].clone();
    assert_eq!(
        written["audit"],
        audit_lines(&from_sqlite).len(),
        "{written}"
    );
    let from_redis = export(&on_redis.base_url).await;

    let last = start_app(&[]);
    assert_eq!(import(&last.base_url, &from_redis).await.status, 200);
    let back_on_sqlite = export(&last.base_url).await;

    // Records and counters: the same bytes at every step.
    assert_eq!(data_lines(&from_redis), data_lines(&from_sqlite));
    assert_eq!(data_lines(&back_on_sqlite), data_lines(&from_sqlite));
    // The audit log: the original records first, byte for byte, then each store's own.
    let original = audit_lines(&from_sqlite);
    assert!(!original.is_empty());
    assert_eq!(audit_lines(&from_redis)[..original.len()], original[..]);
    assert_eq!(audit_lines(&back_on_sqlite)[..original.len()], original[..]);

    // What was restored works: the key authenticates, the conversation reads back.
    let listed = call_at(
        &last.base_url,
        Method::GET,
        "/v1/conversations",
        Some(&key),
        None,
    )
    .await;
    assert_eq!(listed.status, 200, "{}", text(&listed));
    let conversations = listed.json().expect("json");
    let id = conversations["conversations"][0]["id"]
        .as_str()
        .expect("a restored conversation");
    let read = call_at(
        &last.base_url,
        Method::GET,
        &format!("/v1/conversations/{id}"),
        Some(&key),
        None,
    )
    .await;
    assert_eq!(read.status, 200, "{}", text(&read));
    assert_eq!(
        read.json().expect("json")["messages"]
            .as_array()
            .map(Vec::len),
        Some(4)
    );
    // The analysed e-mail is on the restored workflow's list, and moves from where it was.
    let listed = call_at(
        &last.base_url,
        Method::GET,
        "/v1/emails?q=PO%204500012345",
        Some(&key),
        None,
    )
    .await;
    assert_eq!(listed.status, 200, "{}", text(&listed));
    let emails = listed.json().expect("json")["emails"].clone();
    assert_eq!(emails.as_array().map(Vec::len), Some(1), "{emails}");
    let email_id = emails[0]["email_id"].as_str().expect("email_id");
    let moved = call_at(
        &last.base_url,
        Method::POST,
        &format!("/v1/emails/{email_id}/transition"),
        Some(&key),
        Some(json!({"to": "in_review", "if_version": 1})),
    )
    .await;
    assert_eq!(moved.status, 200, "{}", text(&moved));
}

#[tokio::test]
async fn importing_twice_is_importing_once_and_a_damaged_file_writes_nothing() {
    let source = start_app(&[("runtime_host_url", "http://127.0.0.1:1")]);
    populate(&source.base_url).await;
    let file = export(&source.base_url).await;
    let target = start_app(&[]);

    // Damaged in each way a file is: a changed byte, a cut, a foreign line, a new version.
    let changed = file.replacen("Q3 numbers", "Q4 numbers", 1);
    let cut = file[..file.rfind("{\"end\"").expect("end line")].to_owned();
    let mut lines: Vec<&str> = file.lines().collect();
    lines.insert(1, r#"{"key":"rl:key:x:0","counter":9}"#);
    let foreign = lines.join("\n") + "\n";
    let newer = file.replacen("\"version\":1", "\"version\":2", 1);
    for (damage, bad, says) in [
        ("a changed byte", changed, "checksum"),
        ("a cut", cut, "end line is missing"),
        ("a transient key", foreign, "not a counter a backup holds"),
        ("a newer version", newer, "version 2"),
    ] {
        let reply = import(&target.base_url, &bad).await;
        assert_eq!(reply.status, 400, "{damage}: {}", text(&reply));
        let detail = reply.json().expect("problem")["detail"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            detail.contains(says) && detail.contains("nothing was written"),
            "{damage}: {detail}"
        );
    }
    assert!(
        data_lines(&export(&target.base_url).await).is_empty(),
        "a refused file wrote records"
    );

    let mut written = Vec::new();
    for _ in 0..2 {
        let reply = import(&target.base_url, &file).await;
        assert_eq!(reply.status, 200, "{}", text(&reply));
        written.push(reply.json().expect("json")["written"].clone());
    }
    assert!(written[0]["records"].as_u64() > Some(0), "{written:?}");
    assert_eq!(
        written[1],
        json!({"records": 0, "audit": 0}),
        "the second import wrote"
    );
    let restored = export(&target.base_url).await;
    assert_eq!(data_lines(&restored), data_lines(&file));
    // Each imported audit record is there once, the file's records together and in order.
    let original = audit_lines(&file);
    let audit = audit_lines(&restored);
    assert!(
        audit
            .windows(original.len())
            .any(|w| w == original.as_slice()),
        "the restored audit records are not together in order"
    );
    for line in &original {
        assert_eq!(audit.iter().filter(|l| *l == line).count(), 1, "{line}");
    }

    // Restoring a store's own backup into it adds no second copy of its audit records.
    let back = import(&source.base_url, &file).await;
    assert_eq!(back.status, 200, "{}", text(&back));
    let reply = back.json().expect("json");
    assert_eq!(
        reply["written"],
        json!({"records": 0, "audit": 0}),
        "{reply}"
    );
    assert_eq!(reply["kept"]["audit"], original.len(), "{reply}");
    let after = export(&source.base_url).await;
    let ids: Vec<String> = audit_lines(&after)
        .iter()
        .map(|l| serde_json::from_str::<Value>(l).expect("line")["audit"]["request_id"].to_string())
        .collect();
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "an audit record appears twice");

    let wrong_type = Client::new(&target.base_url)
        .send(
            Method::POST,
            "/v1/admin/import",
            &[
                ("authorization", &format!("Bearer {}", admin_key())),
                ("content-type", "application/json"),
            ],
            file.as_bytes().to_vec(),
        )
        .await
        .expect("request");
    assert_eq!(wrong_type.status, 415, "{}", text(&wrong_type));
}

/// The ids of the conversations `key` lists on `base`.
async fn conversation_ids(base: &str, key: &str) -> HashSet<String> {
    let listed = call_at(
        base,
        Method::GET,
        "/v1/conversations?limit=100",
        Some(key),
        None,
    )
    .await;
    assert_eq!(listed.status, 200, "{}", text(&listed));
    listed.json().expect("json")["conversations"]
        .as_array()
        .expect("conversations")
        .iter()
        .filter_map(|c| c["id"].as_str().map(str::to_owned))
        .collect()
}

async fn create_conversation(base: &str, title: &str) -> String {
    let created = call_at(
        base,
        Method::POST,
        "/v1/conversations",
        Some(&admin_key()),
        Some(json!({ "title": title })),
    )
    .await;
    assert_eq!(created.status, 201, "{}", text(&created));
    created.json().expect("json")["id"]
        .as_str()
        .expect("id")
        .to_owned()
}

#[tokio::test]
async fn a_restore_into_a_used_store_keeps_its_data_and_undoes_no_revocation() {
    let source = start_app(&[]);
    let (key_id, key) = create_key_at(&source.base_url, &["agents"], None).await;
    let restored_id = create_conversation(&source.base_url, "from the backup").await;
    let file = export(&source.base_url).await;

    // Since the backup: the key was revoked. Restoring the backup must not bring it back.
    let revoked = call_at(
        &source.base_url,
        Method::DELETE,
        &format!("/v1/admin/keys/{key_id}"),
        Some(&admin_key()),
        None,
    )
    .await;
    assert_eq!(revoked.status, 204, "{}", text(&revoked));
    assert_eq!(import(&source.base_url, &file).await.status, 200);
    let refused = call_at(
        &source.base_url,
        Method::GET,
        "/v1/agents",
        Some(&key),
        None,
    )
    .await;
    assert_eq!(refused.status, 401, "a restore revived a revoked key");

    // A store already in use: its own conversation holds the owner's first list slot, which
    // the restored one had. Both are listed afterwards, and both read back.
    let target = start_app(&[]);
    let own_id = create_conversation(&target.base_url, "made before the restore").await;
    let reply = import(&target.base_url, &file).await;
    assert_eq!(reply.status, 200, "{}", text(&reply));
    assert_eq!(reply.json().expect("json")["reindexed_conversations"], 1);
    let listed = conversation_ids(&target.base_url, &admin_key()).await;
    assert_eq!(listed, HashSet::from([own_id.clone(), restored_id.clone()]));
    for id in [own_id, restored_id] {
        let read = call_at(
            &target.base_url,
            Method::GET,
            &format!("/v1/conversations/{id}"),
            Some(&admin_key()),
            None,
        )
        .await;
        assert_eq!(read.status, 200, "{id}: {}", text(&read));
    }

    // The restored audit records are older than the store's own, yet a time query finds them.
    let first: Value = serde_json::from_str(audit_lines(&file)[0]).expect("audit line");
    let since = first["audit"]["at_ms"].as_i64().expect("at_ms");
    let audit = call_at(
        &target.base_url,
        Method::GET,
        &format!("/v1/admin/audit?since={since}&limit=1000"),
        Some(&admin_key()),
        None,
    )
    .await;
    assert_eq!(audit.status, 200, "{}", text(&audit));
    let found: HashSet<String> = audit.json().expect("json")["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["request_id"].as_str().map(str::to_owned))
        .collect();
    for line in audit_lines(&file) {
        let event: Value = serde_json::from_str(line).expect("audit line");
        let id = event["audit"]["request_id"].as_str().expect("request id");
        assert!(
            found.contains(id),
            "the audit query misses restored request {id}"
        );
    }
}
