//! The reading of requests and the writing of documents and chunks, against OpenAI's shapes.

use super::*;

#[test]
fn system_messages_merge_after_the_agents_prompt() {
    let body = json!({
        "model": "writer",
        "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": [{"type": "text", "text": "Hi "}, {"type": "text", "text": "there"}]},
            {"role": "assistant", "content": "Hello."},
            {"role": "developer", "content": "No lists."},
            {"role": "user", "content": "Again"}
        ],
        "max_tokens": 10, "max_completion_tokens": 20, "top_p": 0.5, "seed": -3,
        "stop": "END", "stream": true, "stream_options": {"include_usage": true}
    });
    let read = read(&body, Some("You are the writer.")).expect("readable");
    let roles: Vec<&str> = read
        .prompt
        .messages
        .iter()
        .map(|m| m.role.as_str())
        .collect();
    assert_eq!(roles, ["system", "user", "assistant", "user"]);
    assert_eq!(
        read.prompt.messages[0].content,
        "You are the writer.\n\nBe brief.\n\nNo lists."
    );
    assert_eq!(read.prompt.messages[1].content, "Hi there");
    assert_eq!(read.prompt.last_user(), "Again");
    assert_eq!(
        read.prompt.max_tokens,
        Some(20),
        "max_completion_tokens wins"
    );
    assert_eq!(read.prompt.top_p, Some(0.5));
    assert_eq!(read.prompt.seed, Some(-3));
    assert_eq!(read.prompt.stop, ["END"]);
    assert!(read.stream && read.include_usage);
    assert_eq!(read.model, "writer");
}

#[test]
fn response_formats_become_the_prompts_checks() {
    let base = |format: Value| json!({"model": "m", "messages": [{"role": "user", "content": "x"}], "response_format": format});
    let schema = json!({"type": "object", "properties": {"a": {"type": "integer"}}});
    let r = read(
        &base(json!({"type": "json_schema", "json_schema": {"name": "n", "schema": schema}})),
        None,
    )
    .expect("readable");
    assert_eq!(r.prompt.json_schema, Some(schema));
    let r = read(&base(json!({"type": "json_object"})), None).expect("readable");
    assert!(r.prompt.json_object && r.prompt.json_schema.is_none());
    let r = read(&base(json!({"type": "text"})), None).expect("readable");
    assert_eq!(r.prompt.required_schema(), None);
    assert!(!r.stream && !r.include_usage);
}

#[test]
fn refuses_what_cannot_be_answered() {
    let only_system = json!({"model": "m", "messages": [{"role": "system", "content": "x"}]});
    assert_eq!(
        read(&only_system, None).unwrap_err(),
        "field 'messages' must include at least one user message"
    );
    let no_schema = json!({"model": "m", "messages": [{"role": "user", "content": "x"}],
        "response_format": {"type": "json_schema", "json_schema": {"name": "n"}}});
    assert!(
        read(&no_schema, None)
            .unwrap_err()
            .contains("json_schema.schema")
    );
}

#[test]
fn documents_and_chunks_have_openais_shape() {
    let c = Completion {
        id: "chatcmpl-1".into(),
        created: 7,
        model: "writer".into(),
    };
    let used = Usage {
        prompt_tokens: 3,
        completion_tokens: 2,
    };
    let doc = c.document(
        "hi",
        "stop",
        &used,
        json!({"provider": {"name": "fallback"}}),
    );
    assert_eq!(doc["object"], "chat.completion");
    assert_eq!(doc["choices"][0]["message"]["content"], "hi");
    assert_eq!(doc["choices"][0]["finish_reason"], "stop");
    assert_eq!(doc["usage"]["total_tokens"], 5);
    assert_eq!(doc["edgecrew"]["provider"]["name"], "fallback");
    let chunk = c.chunk(json!({"content": "h"}), None);
    assert_eq!(chunk["object"], "chat.completion.chunk");
    assert!(chunk["choices"][0]["finish_reason"].is_null());
    assert_eq!(c.usage_chunk(&used)["choices"], json!([]));
    assert_eq!(data(&json!({"a": 1})), "data: {\"a\":1}\n\n");
}

#[test]
fn tools_tool_calls_and_their_results_pass_through() {
    let body = json!({
        "model": "edgecrew",
        "messages": [
            {"role": "user", "content": "Weather in Paris?"},
            {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function",
                "function": {"name": "get_weather", "arguments": "{}"}}]},
            {"role": "tool", "tool_call_id": "c1", "content": "sunny"}
        ],
        "tools": [{"type": "function", "function": {"name": "get_weather"}}],
        "tool_choice": "required"
    });
    let read = read(&body, None).expect("readable");
    let roles: Vec<&str> = read
        .prompt
        .messages
        .iter()
        .map(|m| m.role.as_str())
        .collect();
    assert_eq!(roles, ["user", "assistant", "tool"]);
    assert_eq!(read.prompt.messages[1].tool_calls[0]["id"], "c1");
    assert_eq!(read.prompt.messages[2].tool_call_id.as_deref(), Some("c1"));
    assert_eq!(read.prompt.tools.len(), 1);
    let sent = read.prompt.chat_body(
        &crate::config::ProviderSpec {
            name: "p".into(),
            url: "http://p".into(),
            model: None,
            api_key: None,
        },
        false,
    );
    assert_eq!(sent["tool_choice"], "required");
    assert_eq!(sent["tools"][0]["function"]["name"], "get_weather");
    assert_eq!(
        sent["messages"][2],
        json!({"role": "tool", "content": "sunny", "tool_call_id": "c1"})
    );
}

#[test]
fn tool_messages_and_choices_are_checked() {
    let with = |messages: Value, extra: Value| {
        let mut body = json!({"model": "m", "messages": messages});
        for (k, v) in extra.as_object().into_iter().flatten() {
            body[k] = v.clone();
        }
        read(&body, None).err()
    };
    let user = json!([{"role": "user", "content": "x"}]);
    assert_eq!(
        with(user.clone(), json!({"tool_choice": "sometimes"}))
            .as_deref()
            .map(|e| e.starts_with("field 'tool_choice'")),
        Some(true)
    );
    assert_eq!(
        with(
            user.clone(),
            json!({"tool_choice": {"type": "function", "function": {"name": "f"}}})
        ),
        None
    );
    let orphan = json!([{"role": "user", "content": "x"}, {"role": "tool", "content": "y"}]);
    assert!(
        with(orphan, json!({}))
            .unwrap_or_default()
            .contains("tool_call_id")
    );
    let empty = json!([{"role": "user", "content": null}]);
    assert_eq!(
        with(empty, json!({})).as_deref(),
        Some("field 'messages[0].content' is required")
    );
}

#[test]
fn an_answer_that_calls_tools_is_written_as_openai_does() {
    let completion = Completion {
        id: "chatcmpl-1".into(),
        created: 1,
        model: "m".into(),
    };
    let calls = [ToolCallRequest {
        id: "c1".into(),
        name: "f".into(),
        arguments: "{}".into(),
    }];
    let doc = completion.tool_call_document(&calls, &Usage::default(), json!({}));
    assert_eq!(doc["choices"][0]["finish_reason"], "tool_calls");
    assert_eq!(doc["choices"][0]["message"]["content"], Value::Null);
    assert_eq!(
        doc["choices"][0]["message"]["tool_calls"],
        json!([{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}])
    );
    assert_eq!(tool_call_list(&calls, true)[0]["index"], 0);
}
