#!/usr/bin/env python3
"""Writes the hand-written seed inputs of the fuzz targets, one folder per
target, one named file per case. Run from anywhere; rewrites the files.

The seeds are replayed by `cargo test` (toolhost::fuzzing) beside the corpus
libFuzzer grows, and start every campaign (see ../README.md). Text targets
are written as they are; `tool_output` reads its input through `arbitrary`,
so its cases are encoded by `ToolOutputSeed`, which follows how
`arbitrary::Unstructured` consumes bytes (values from the front, lengths
from the back).
"""

import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(target, name, data):
    folder = os.path.join(HERE, target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def lines(*messages):
    return "".join((m if isinstance(m, str) else json.dumps(m)) + "\n" for m in messages)


MODERN = {
    "io.modelcontextprotocol/protocolVersion": "2026-07-28",
    "io.modelcontextprotocol/clientCapabilities": {},
}


def stdio_lines():
    t = "stdio_lines"
    write(t, "legacy_session", lines(
        {"jsonrpc": "2.0", "id": 1, "method": "initialize",
         "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                    "clientInfo": {"name": "seed", "version": "0"}}},
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
        {"jsonrpc": "2.0", "id": "3", "method": "ping"},
        {"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {"name": "nope", "arguments": {}}},
        {"jsonrpc": "2.0", "id": 5, "method": "tools/list", "params": {"cursor": "abc"}},
    ))
    write(t, "modern_requests", lines(
        {"jsonrpc": "2.0", "id": 1, "method": "server/discover", "params": {"_meta": MODERN}},
        {"jsonrpc": "2.0", "id": 2, "method": "tools/list", "params": {"_meta": MODERN}},
        {"jsonrpc": "2.0", "id": 3, "method": "tools/call",
         "params": {"_meta": MODERN, "name": "\u001b[31mred\u0007tool", "arguments": []}},
        {"jsonrpc": "2.0", "id": 4, "method": "initialize", "params": {"_meta": MODERN, "protocolVersion": "2025-06-18"}},
        {"jsonrpc": "2.0", "id": 5, "method": "tools/list",
         "params": {"_meta": {"io.modelcontextprotocol/protocolVersion": "2099-01-01-unsupported-version"}}},
        {"jsonrpc": "2.0", "id": 6, "method": "tools/list",
         "params": {"_meta": {"io.modelcontextprotocol/protocolVersion": "2026-07-28"}}},
        {"jsonrpc": "2.0", "id": 7, "method": "tools/list",
         "params": {"_meta": {"io.modelcontextprotocol/protocolVersion": 20260728}}},
        {"jsonrpc": "2.0", "id": 8, "method": "tools/list"},
    ))
    write(t, "bad_messages", lines(
        "{not json",
        "[1,2]",
        json.dumps([{"jsonrpc": "2.0", "id": 1, "method": "ping"}]),
        "42",
        '"just a string with a secret sk-live-123456789"',
        '{"jsonrpc":"2.0","id":1.5,"method":"ping"}',
        '{"jsonrpc":"2.0","id":null,"method":"ping"}',
        '{"jsonrpc":"2.0","id":{"nested":"object id echo?"},"method":"ping"}',
        '{"jsonrpc":"1.0","id":7,"method":"ping"}',
        '{"jsonrpc":"2.0","id":7}',
        '{"jsonrpc":"2.0","id":7,"method":3}',
        '{"jsonrpc":"2.0","id":7,"method":null,"result":{}}',
        '{"jsonrpc":"2.0","id":7,"method":"ping","params":[1]}',
        '{"jsonrpc":"2.0","method":"notifications/x","params":[1]}',
        '{"method":"ping"}',
        '{"jsonrpc":"2.0","id":8,"method":"initialize","params":{"protocolVersion":2025}}',
    ))
    write(t, "notifications_and_responses", lines(
        {"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 3, "reason": "user"}},
        {"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": "x"}},
        {"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": None}},
        {"jsonrpc": "2.0", "id": 9, "result": {}},
        {"jsonrpc": "2.0", "id": "ten", "error": {"code": -1, "message": "no"}},
        {"jsonrpc": "2.0", "method": "notifications/progress", "params": {"progressToken": 1}},
    ))
    write(t, "echo_traps",
          lines(
              {"jsonrpc": "2.0", "id": 1, "method": "m" * 300 + "\u001b]0;title\u0007\r\n"},
              {"jsonrpc": "2.0", "id": 2, "method": "tools/list",
               "params": {"cursor": None, "secret-looking-value": "AKIAIOSFODNN7EXAMPLE",
                          "_meta": {"io.modelcontextprotocol/protocolVersion": "x" * 500}}},
              {"jsonrpc": "2.0", "id": 3, "method": "initialize",
               "params": {"protocolVersion": "not-a-version-we-know", "echo-me-please": "echo-me-please"}},
          ))
    write(t, "framing_and_ids",
          "\r\n   \t\n"
          '  {"jsonrpc":"2.0","id":18446744073709551615,"method":"ping"}  \r\n'
          '{"jsonrpc":"2.0","id":-9223372036854775808,"method":"ping"}\n'
          '{"jsonrpc":"2.0","id":18446744073709551616,"method":"ping"}\n'
          '{"jsonrpc":"2.0","id":1e3,"method":"ping"}\n'
          '{"jsonrpc":"2.0","id":-0,"method":"ping"}\n'
          '{"jsonrpc":"2.0","id":"\\u0000\\ud83d\\ude00\\n","method":"ping"}\n'
          '{"jsonrpc":"2.0","id":1,"id":"two","method":"ping"}\n'
          '{"jsonrpc":"2.0","id":3,"method":"ping","method":"tools/list"}\n'
          '{"jsonrpc":"2.0","id":4,"method":"ping"}{"jsonrpc":"2.0","id":5,"method":"ping"}\n'
          + "[" * 200 + "\n"
          + '{"jsonrpc":"2.0","id":6,"method":"ping","params":' + "[" * 130 + "]" * 130 + "}")


def http(method, path, headers, body=b""):
    if isinstance(body, (dict, list)):
        body = json.dumps(body)
    if isinstance(body, str):
        body = body.encode()
    head = f"{method} {path} HTTP/1.1\r\n"
    for name, value in headers:
        head += f"{name}: {value}\r\n"
    return head.encode() + b"\r\n" + body


def auth(extra=(), body=b"", length=True):
    h = [("Host", "localhost:8080"), ("Authorization", "Bearer fuzz-token"),
         ("Content-Type", "application/json"), ("Accept", "application/json, text/event-stream")]
    h += list(extra)
    if length:
        size = len(body if isinstance(body, bytes) else json.dumps(body).encode() if not isinstance(body, str) else body.encode())
        h.append(("Content-Length", str(size)))
    return h


def http_request():
    t = "http_request"
    listing = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {"_meta": MODERN}}
    modern = [("Mcp-Method", "tools/list"), ("MCP-Protocol-Version", "2026-07-28")]
    write(t, "modern_tools_list", http("POST", "/mcp", auth(modern, listing), listing))
    call = {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"_meta": MODERN, "name": "héllo", "arguments": {}}}
    write(t, "modern_call_base64_name", http("POST", "/mcp", auth(
        [("Mcp-Method", "tools/call"), ("Mcp-Name", "=?base64?aMOpbGxv?="), ("MCP-Protocol-Version", "2026-07-28")], call), call))
    write(t, "modern_header_mismatch", http("POST", "/mcp", auth(
        [("Mcp-Method", "tools/call"), ("MCP-Protocol-Version", "2025-06-18")], listing), listing))
    init = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "seed", "version": "0"}}}
    write(t, "legacy_initialize", http("POST", "/mcp", auth([], init), init))
    ping = {"jsonrpc": "2.0", "id": 2, "method": "ping"}
    write(t, "legacy_unknown_session", http("POST", "/mcp", auth([("Mcp-Session-Id", "0123456789abcdef")], ping), ping))
    write(t, "delete_unknown_session", http("DELETE", "/mcp", auth([("Mcp-Session-Id", "deadbeef")], b"")))
    write(t, "duplicate_host", http("POST", "/mcp", [("Host", "localhost"), ("Host", "evil.example")] + auth([], listing)[1:], listing))
    write(t, "duplicate_authorization", http("POST", "/mcp", auth([("Authorization", "Bearer other")], listing), listing))
    write(t, "duplicate_origin", http("POST", "/mcp", auth([("Origin", "http://localhost:3000"), ("Origin", "https://evil.example")], listing), listing))
    write(t, "allowed_origin_and_host", http("POST", "/mcp", [("Host", "MCP.example:443"), ("Origin", "https://app.example")] + auth(modern, listing)[1:], listing))
    write(t, "wrong_token", http("POST", "/mcp", [(n, "Basic fuzz-token" if n == "Authorization" else v) for n, v in auth([], listing)], listing))
    write(t, "no_host", http("POST", "/mcp", auth([], listing)[1:], listing))
    write(t, "operator_endpoints",
          http("GET", "/healthz", [("Host", "x")]) + http("GET", "/readyz", [("Host", "x")])
          + http("GET", "/metrics", [("Host", "localhost"), ("Authorization", "Bearer fuzz-token")])
          + http("GET", "/nope", [("Host", "localhost")]) + http("HEAD", "/mcp", [("Host", "localhost"), ("Authorization", "Bearer fuzz-token")])
          + http("GET", "/mcp", [("Host", "localhost"), ("Authorization", "Bearer fuzz-token")]))
    write(t, "media_types", http("POST", "/mcp", [(n, "text/plain" if n == "Content-Type" else v) for n, v in auth([], listing)], listing)
          + http("POST", "/mcp", [(n, "text/html" if n == "Accept" else v) for n, v in auth([], listing)], listing))
    write(t, "body_too_large_declared", http("POST", "/mcp", auth([], b"", length=False) + [("Content-Length", "99999999999")], b"{}"))
    write(t, "body_cut_short", http("POST", "/mcp", auth([], b"", length=False) + [("Content-Length", "100")], b'{"jsonrpc":"2.0"'))
    chunked = b"1a\r\n" + json.dumps({"jsonrpc": "2.0", "id": 1, "method": "ping"}).encode()[:26] + b"\r\n0\r\n\r\n"
    write(t, "chunked_body", http("POST", "/mcp", auth([("Transfer-Encoding", "chunked")], b"", length=False), chunked))
    write(t, "expect_continue", http("POST", "/mcp", auth(modern + [("Expect", "100-continue")], listing), listing))
    write(t, "pipelined", http("POST", "/mcp", auth(modern, listing), listing) * 2)
    write(t, "parse_error_and_batch", http("POST", "/mcp", auth([], "{not json"), "{not json")
          + http("POST", "/mcp", auth([], [listing, listing]), [listing, listing]))
    write(t, "notification", http("POST", "/mcp", auth([], {"jsonrpc": "2.0", "method": "notifications/initialized"}),
                                  {"jsonrpc": "2.0", "method": "notifications/initialized"}))
    write(t, "garbage_request_line", b"\x00\xffPOST  /mcp HTTP/9.9\r\nHost localhost\r\n\r\n")
    # hyper closes without its 400 when the HTTP/2 preface follows a refused head.
    write(t, "bad_length_then_h2_preface", http("POST", "/mcp", auth([("Content-Length", "1\x9e1")], b"", length=False))
          + b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
    write(t, "http10_close", b"GET /healthz HTTP/1.0\r\nConnection: close\r\n\r\nGET /readyz HTTP/1.0\r\n\r\n")


def bomb(levels, leaf=None):
    defs = {f"l{i}": {"anyOf": [{"$ref": f"#/$defs/l{i+1}"}, {"$ref": f"#/$defs/l{i+1}"}]} for i in range(levels)}
    defs[f"l{levels}"] = leaf or {"type": "integer"}
    return defs


def schema_check():
    t = "schema_check"
    def case(name, schema, value):
        write(t, name, json.dumps(schema) + "\0" + json.dumps(value))
    case("anyof_bomb_20_levels", {"type": "object", "properties": {"x": {"$ref": "#/$defs/l0"}}, "$defs": bomb(20)}, {"x": "no"})
    case("anyof_7_levels_many_values", {"type": "object", "additionalProperties": {"$ref": "#/$defs/l0"}, "$defs": bomb(7)},
         {f"k{i}": "no" for i in range(200)})
    case("ref_cycle_in_place", {"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}, 1)
    case("ref_cycle_through_value", {"$defs": {"node": {"type": "object", "properties": {"next": {"$ref": "#/$defs/node"}}}},
                                      "$ref": "#/$defs/node"}, {"next": {"next": {"next": {"next": 1}}}})
    case("remote_ref", {"$ref": "https://example.invalid/schema.json"}, {})
    case("unknown_dialect", {"$schema": "https://example.invalid/dialect", "type": "object"}, {})
    case("catastrophic_pattern", {"type": "string", "pattern": "^(a+)+$"}, "a" * 40 + "!")
    case("backreference_pattern", {"type": "string", "pattern": "^(a|aa)+\\1(?=b)$"}, "a" * 60 + "c")
    case("draft7_dependencies", {"$schema": "http://json-schema.org/draft-07/schema#",
                                 "dependencies": {"a": ["b"], "c": {"required": ["d"]}}, "additionalItems": False,
                                 "items": [{"type": "string"}]}, {"a": 1, "c": 2})
    case("draft4_exclusive", {"$schema": "http://json-schema.org/draft-04/schema#", "maximum": 3, "exclusiveMaximum": True}, 3)
    case("unevaluated_and_tuples", {"prefixItems": [{"type": "integer"}, {"type": "string"}], "items": False,
                                    "unevaluatedProperties": False, "properties": {"a": True}}, [1, "x", 3])
    case("dynamic_ref", {"$id": "https://example.com/tree", "$dynamicAnchor": "node", "type": "object",
                         "properties": {"children": {"type": "array", "items": {"$dynamicRef": "#node"}}}},
         {"children": [{"children": [{"children": 5}]}]})
    case("recursive_ref_2019", {"$schema": "https://json-schema.org/draft/2019-09/schema", "$recursiveAnchor": True,
                                "type": "object", "additionalProperties": {"$recursiveRef": "#"}}, {"a": {"b": {"c": 1}}})
    case("oneof_not_if_then_else", {"oneOf": [{"not": {"type": "string"}}, {"if": {"minLength": 3}, "then": {"maxLength": 4},
                                                                            "else": {"const": "x"}}]}, "abcdef")
    case("required_issues", {"type": "object", "required": [f"p{i}" for i in range(40)],
                             "properties": {"a": {"type": "integer"}}}, {"a": "1"})
    case("deep_value", {"type": "array", "items": {"$ref": "#"}}, json.loads("[" * 120 + "]" * 120))
    write(t, "schema_only_no_nul", json.dumps({"type": "object", "properties": {"a": {"enum": [1, 2, {"x": [None]}]}}}))
    write(t, "not_json", b"{\0[")


class ToolOutputSeed:
    """Encodes one `tool_output` case for `arbitrary::Unstructured`."""

    def __init__(self):
        self.ops = []  # ("front", bytes) or ("len", n)

    def byte(self, value):
        self.ops.append(("front", bytes([value])))
        return self

    def raw(self, data):
        self.ops.append(("front", data))
        return self

    def string(self, text):
        data = text.encode() if isinstance(text, str) else text
        self.ops.append(("len", len(data)))
        self.ops.append(("front", data))
        return self

    def encode(self):
        # A length is read from the back in 1 byte while at most 257 bytes
        # remain, else 2: iterate until the widths agree with the total.
        widths = [1 for op in self.ops if op[0] == "len"]
        while True:
            total = sum(len(d) for k, d in self.ops if k == "front") + sum(widths)
            remaining, new_widths, front, back = total, [], b"", []
            i = 0
            for kind, value in self.ops:
                if kind == "front":
                    front += value
                    remaining -= len(value)
                else:
                    width = 1 if remaining <= 256 + 1 else 2
                    new_widths.append(width)
                    back.append(value.to_bytes(width, "big"))
                    remaining -= width
                    i += 1
            if new_widths == widths:
                return front + b"".join(reversed(back))
            widths = new_widths


def tool_output():
    t = "tool_output"
    MODERN_ERA, LEGACY_NEW, LEGACY_OLD = 0, 1, 2
    def start(era, cap=None):
        s = ToolOutputSeed().byte(era)
        if cap is None:
            s.byte(1)  # default output cap
        else:
            s.byte(0).raw(struct.pack("<H", cap))
        return s
    def success(s, texts, structured_kind=0, structured=None):
        s.byte(1)
        for text in texts:
            s.byte(1).string(text)
        s.byte(0)
        s.byte(structured_kind)
        if structured_kind == 1:
            s.string(structured)
        return s
    write(t, "text_blocks", success(start(MODERN_ERA), ["hello", "wörld\n\ttabs"]).encode())
    write(t, "structured_object_legacy", success(start(LEGACY_NEW), [], 1, '{"a":[1,2,{"b":null}]}').encode())
    write(t, "structured_number_legacy_dropped", success(start(LEGACY_OLD), [], 1, "42").encode())
    write(t, "structured_string_modern", success(start(MODERN_ERA), ["text too"], 1, '"just a string"').encode())
    write(t, "structured_not_json", success(start(MODERN_ERA), [], 1, "{oops").encode())
    write(t, "structured_deep", success(start(MODERN_ERA), [], 1, "[" * 127 + "]" * 127).encode())
    write(t, "output_over_cap", success(start(MODERN_ERA, cap=8), ["more than eight bytes"]).encode())
    write(t, "output_at_cap", success(start(LEGACY_NEW, cap=10), ["12345", "67890"]).encode())
    # A generated JSON value: an object with one member whose value is an array of two.
    gen = start(MODERN_ERA).byte(1).byte(0).byte(2)
    gen.byte(7).byte(1).string("key").byte(6).byte(2).byte(2).raw(struct.pack("<q", -5)).byte(4).string("v")
    write(t, "structured_generated", gen.encode())
    def error(era, kind, message=None, status=None, retry=None):
        s = start(era).byte(0).byte(kind)
        if kind == 2:
            s.byte(0) if status is None else s.byte(1).raw(struct.pack("<H", status))
            s.byte(0) if retry is None else s.byte(1).raw(struct.pack("<I", retry))
        s.string(message)
        return s.encode()
    write(t, "error_invalid_input_escapes", error(MODERN_ERA, 0, "bad \u001b[31mred\u001b[0m\r\x07\x00 input\u0085\u202e"))
    write(t, "error_other_long", error(LEGACY_NEW, 1, "é" * 1200 + "\n\ttail"))
    write(t, "error_upstream_401_token", error(MODERN_ERA, 2, "token sk-live-123 rejected", status=401))
    write(t, "error_upstream_404", error(MODERN_ERA, 2, "x" * 1100, status=404, retry=4294967295))
    write(t, "error_upstream_no_status", error(LEGACY_OLD, 2, "could not resolve...", retry=7))
    write(t, "error_upstream_odd_status", error(MODERN_ERA, 2, "\u001b[2Jteapot", status=418, retry=1))


def allow_rule():
    t = "allow_rule"
    def v4(a, port=80, tag=0):
        return bytes([tag]) + bytes(int(x) for x in a.split(".")) + struct.pack(">H", port)
    def v6(a, port=80):
        import ipaddress
        return b"\x01" + ipaddress.IPv6Address(a).packed + struct.pack(">H", port)
    def near(bits, low=0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF, mapped=False, port=80):
        return bytes([3 | (4 if mapped else 0), bits]) + low.to_bytes(16, "big") + struct.pack(">H", port)
    common = (v4("10.1.2.3") + v4("127.0.0.1") + v4("169.254.169.254") + v4("10.1.2.3", tag=2)
              + v4("127.0.0.1", tag=2) + v4("93.184.216.34", 443) + v6("::1") + v6("fe80::1")
              + v6("64:ff9b::a9fe:a9fe") + v6("2002:0a00:0001::1") + v6("2606:4700::1111", 8443)
              + near(0) + near(1) + near(8, mapped=True) + near(32, 0x1234) + near(128, 7))
    for name, rule in [
        ("mapped_host_128", "http://[::ffff:10.1.2.3/128]:*"),
        ("mapped_block_112", "http://[::ffff:10.1.0.0/112]:*"),
        ("mapped_block_96", "*://[::ffff:0.0.0.0/96]"),
        ("mapped_block_95_refused", "http://[::ffff:10.0.0.0/95]"),
        ("mapped_address", "http://[::ffff:127.0.0.1]:9000"),
        ("v4_block", "http://10.0.0.0/8:*"),
        ("v4_block_host_bits", "https://10.1.2.3/0"),
        ("v4_prefix_33", "https://10.0.0.0/33"),
        ("v4_host_trailing_slash", "HTTP://127.0.0.1:80/"),
        ("v6_block", "https://[fd00::/8]"),
        ("v6_all", "*://[::/0]:*"),
        ("v6_prefix_129", "http://[::1/129]"),
        ("v6_loopback", "http://[::1]:80"),
        ("nat64_block", "http://[64:ff9b::/96]:*"),
        ("bracketed_v4", "http://[10.0.0.1]"),
        ("name", "https://api.example.com"),
        ("wildcard", "*://*.example.com:*"),
        ("ip_looking_name", "http://1.2.3.4."),
        ("path_refused", "https://10.0.0.0/8/path"),
        ("plus_prefix", "http://10.0.0.0/+8"),
    ]:
        write(t, name, rule.encode() + b"\n" + common)


if __name__ == "__main__":
    stdio_lines()
    http_request()
    schema_check()
    tool_output()
    allow_rule()
