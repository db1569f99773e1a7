//! Resources, templates, prompts and completions served by a 0.2 component
//! (`rich`), in both eras: lists with caching hints, reads in a fresh
//! instance, the error table (unknown URI: -32602 with the URI at
//! 2026-07-28, -32002 before), prompts that ask the client first, and
//! capabilities declared only when some component offers them.

use super::*;

fn rich() -> Server {
    started_with(Options {
        components: &["echo", "rich"],
        ..Default::default()
    })
}

fn modern(server: &mut Server, method: &str, params: Value) -> Value {
    server.request(method, with_modern_meta(params))
}

#[test]
fn capabilities_are_declared_only_when_a_component_offers_them() {
    let mut plain = Server::start_with(Options {
        components: &["echo"],
        ..Default::default()
    });
    let caps = &plain.initialize("2025-11-25")["result"]["capabilities"];
    assert!(
        caps.get("resources").is_none() && caps.get("prompts").is_none(),
        "{caps}"
    );
    assert!(caps.get("completions").is_none(), "{caps}");
    let refused = plain.request("resources/list", json!({}));
    assert_eq!(refused["error"]["code"], -32601, "{refused}");

    let mut server = Server::start_with(Options {
        components: &["echo", "rich"],
        ..Default::default()
    });
    let caps = server.initialize("2025-11-25")["result"]["capabilities"].clone();
    assert_eq!(caps["resources"]["subscribe"], true, "{caps}");
    assert!(
        caps["prompts"].is_object() && caps["completions"].is_object(),
        "{caps}"
    );
    let discovered = modern(&mut server, "server/discover", json!({}));
    let caps = &discovered["result"]["capabilities"];
    assert!(caps["resources"].is_object(), "{discovered}");
    assert!(
        caps["resources"].get("subscribe").is_none(),
        "no subscribe at 2026-07-28: {caps}"
    );
}

#[test]
fn lists_carry_caching_hints_at_2026_07_28_only() {
    let mut server = rich();
    let legacy = server.request("resources/list", json!({}));
    let uris: Vec<&str> = legacy["result"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["uri"].as_str().unwrap())
        .collect();
    assert_eq!(
        uris,
        [
            "rich://greeting",
            "rich://pixel",
            "rich://broken",
            "rich://asked"
        ]
    );
    assert_eq!(legacy["result"]["resources"][0]["mimeType"], "text/plain");
    assert!(legacy["result"].get("ttlMs").is_none(), "{legacy}");

    for method in ["resources/list", "resources/templates/list", "prompts/list"] {
        let listed = modern(&mut server, method, json!({}));
        let result = &listed["result"];
        assert_eq!(result["resultType"], "complete", "{listed}");
        assert!(result["ttlMs"].as_u64().is_some(), "{listed}");
        assert_eq!(result["cacheScope"], "public", "{listed}");
    }
    let templates = server.request("resources/templates/list", json!({}));
    assert_eq!(
        templates["result"]["resourceTemplates"][0]["uriTemplate"],
        "rich://notes/{name}"
    );
    let prompts = server.request("prompts/list", json!({}));
    assert_eq!(
        prompts["result"]["prompts"][0]["arguments"],
        json!([{"name": "name", "description": "The name.", "required": true},
               {"name": "tone", "description": "The tone.", "required": false}])
    );
}

#[test]
fn reads_run_the_component_and_unknown_uris_follow_the_era() {
    let mut server = rich();
    let text = server.request("resources/read", json!({"uri": "rich://greeting"}));
    assert_eq!(
        text["result"],
        json!({"contents": [{"uri": "rich://greeting", "mimeType": "text/plain", "text": "hello"}]})
    );
    let blob = modern(
        &mut server,
        "resources/read",
        json!({"uri": "rich://pixel"}),
    );
    let contents = &blob["result"]["contents"][0];
    assert!(
        contents["blob"]
            .as_str()
            .unwrap()
            .starts_with("iVBORw0KGgo"),
        "{blob}"
    );
    assert_eq!(blob["result"]["ttlMs"], 0);
    assert_eq!(blob["result"]["cacheScope"], "private");
    let note = server.request("resources/read", json!({"uri": "rich://notes/alpha"}));
    assert_eq!(
        note["result"]["contents"][0]["text"], "note alpha",
        "{note}"
    );

    // Nobody serves it; the template's component says it has nothing there.
    for uri in ["rich://nothing", "rich://notes/missing"] {
        let legacy = server.request("resources/read", json!({"uri": uri}));
        assert_eq!(legacy["error"]["code"], -32002, "{legacy}");
        assert_eq!(legacy["error"]["data"]["uri"], uri);
        let now = modern(&mut server, "resources/read", json!({"uri": uri}));
        assert_eq!(now["error"]["code"], -32602, "{now}");
        assert_eq!(now["error"]["data"]["uri"], uri);
    }

    // A read that traps is -32603 with the reason and a correlation id.
    let broken = server.request("resources/read", json!({"uri": "rich://broken"}));
    assert_eq!(broken["error"]["code"], -32603, "{broken}");
    let message = broken["error"]["message"].as_str().unwrap();
    // (A raw component installs no panic hook: a crash, not a panic.)
    assert!(message.starts_with("The component crashed"), "{message}");
    assert!(broken["error"]["data"]["correlationId"].is_string());
    assert_healthy(&mut server);
}

#[test]
fn resource_subscriptions_are_legacy_only() {
    let mut server = rich();
    let ok = server.request("resources/subscribe", json!({"uri": "rich://greeting"}));
    assert_eq!(ok["result"], json!({}), "{ok}");
    let ok = server.request("resources/unsubscribe", json!({"uri": "rich://greeting"}));
    assert_eq!(ok["result"], json!({}), "{ok}");
    let unknown = server.request("resources/subscribe", json!({"uri": "rich://nothing"}));
    assert_eq!(unknown["error"]["code"], -32002, "{unknown}");
    let gone = modern(
        &mut server,
        "resources/subscribe",
        json!({"uri": "rich://greeting"}),
    );
    assert_eq!(gone["error"]["code"], -32601, "{gone}");
}

#[test]
fn prompts_check_their_arguments_then_run_the_component() {
    let mut server = rich();
    let greet = server.request(
        "prompts/get",
        json!({"name": "greet", "arguments": {"name": "Ada"}}),
    );
    assert_eq!(
        greet["result"],
        json!({"description": "A greeting", "messages": [{"role": "user",
            "content": {"type": "text", "text": "Greet Ada in a friendly tone."}}]})
    );
    let missing = server.request("prompts/get", json!({"name": "greet"}));
    assert_eq!(missing["error"]["code"], -32602, "{missing}");
    assert!(
        missing["error"]["message"]
            .as_str()
            .unwrap()
            .contains("\"name\"")
    );
    let not_strings = server.request(
        "prompts/get",
        json!({"name": "greet", "arguments": {"name": 3}}),
    );
    assert_eq!(not_strings["error"]["code"], -32602, "{not_strings}");
    let unknown = server.request("prompts/get", json!({"name": "nope"}));
    assert_eq!(unknown["error"]["code"], -32602, "{unknown}");
}

#[test]
fn a_prompt_asks_the_client_in_either_era() {
    let mut server = rich();
    let mut params = with_modern_meta(json!({"name": "ask_topic"}));
    params["_meta"]["io.modelcontextprotocol/clientCapabilities"] = json!({"elicitation": {}});
    let asked = server.request("prompts/get", params.clone());
    let result = &asked["result"];
    assert_eq!(result["resultType"], "input_required", "{asked}");
    assert_eq!(
        result["inputRequests"]["topic"]["method"],
        "elicitation/create"
    );
    params["inputResponses"] = json!({"topic": {"action": "accept", "content": {"text": "owls"}}});
    params["requestState"] = result["requestState"].clone();
    let done = server.request("prompts/get", params.clone());
    assert_eq!(
        done["result"]["messages"][0]["content"]["text"], "Write about owls (prompt state).",
        "{done}"
    );
    // State sealed for this prompt is no good for another request.
    params["name"] = json!("greet");
    params["arguments"] = json!({"name": "x"});
    let moved = server.request("prompts/get", params);
    assert_eq!(moved["error"]["code"], -32602, "{moved}");

    // Before 2026-07-28 the host asks the client itself.
    let mut legacy = Server::start_with(Options {
        components: &["rich"],
        ..Default::default()
    });
    legacy.request(
        "initialize",
        json!({"protocolVersion": "2025-11-25", "capabilities": {"elicitation": {}},
            "clientInfo": {"name": "t", "version": "0"}}),
    );
    legacy.send(
        &json!({"jsonrpc": "2.0", "id": "p", "method": "prompts/get",
        "params": {"name": "ask_topic"}}),
    );
    let question = legacy.recv();
    assert_eq!(question["method"], "elicitation/create", "{question}");
    legacy.send(&json!({"jsonrpc": "2.0", "id": question["id"],
        "result": {"action": "accept", "content": {"text": "bees"}}}));
    let done = legacy.recv_id(&json!("p"));
    assert_eq!(
        done["result"]["messages"][0]["content"]["text"], "Write about bees (prompt state).",
        "{done}"
    );
}

#[test]
fn completions_go_to_the_component_that_serves_the_reference() {
    let mut server = rich();
    let prompt = server.request(
        "completion/complete",
        json!({"ref": {"type": "ref/prompt", "name": "greet"},
               "argument": {"name": "name", "value": "A"}}),
    );
    assert_eq!(
        prompt["result"]["completion"],
        json!({"values": ["Ada", "Alan"], "total": 2, "hasMore": false}),
        "{prompt}"
    );
    let template = modern(
        &mut server,
        "completion/complete",
        json!({"ref": {"type": "ref/resource", "uri": "rich://notes/{name}"},
               "argument": {"name": "name", "value": "b"}}),
    );
    assert_eq!(template["result"]["completion"]["values"], json!(["beta"]));
    assert_eq!(template["result"]["resultType"], "complete");
    let unknown = server.request(
        "completion/complete",
        json!({"ref": {"type": "ref/prompt", "name": "nope"},
               "argument": {"name": "x", "value": ""}}),
    );
    assert_eq!(unknown["error"]["code"], -32602, "{unknown}");
}
