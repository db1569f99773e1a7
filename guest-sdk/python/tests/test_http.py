"""``toolhost.http`` over a recording transport: what goes on the wire, how
redirects are followed, and how failures read to a model. The transport over
``wasi:http`` runs in tests/python_sdk.rs, against a server on 127.0.0.1."""

import unittest

import support  # noqa: F401 - puts the SDK on the path

from toolhost import UpstreamError, http


class Recorder:
    """Answers each hop with the next of ``answers`` ``(status, headers, body)``."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.hops = []

    def exchange(self, hop, limits):
        self.hops.append((hop, limits))
        status, headers, body = self.answers.pop(0)
        return http.Response(status, headers, body, hop.describe())


class HttpTest(unittest.TestCase):
    def send(self, *answers, method="GET", url="https://api.example/v1/items?key=secret", **options):
        recorder = Recorder(*answers)
        http.use(recorder)
        try:
            return http.request(method, url, **options), recorder.hops
        finally:
            http.use(http.NativeTransport())

    def test_a_request_goes_out_split_as_wasi_http_takes_it(self):
        response, hops = self.send((200, [("content-type", "application/json")], b'{"n": 1}'), timeout=2.5)
        (hop, limits), = hops
        self.assertEqual(
            (hop.method, hop.url.https, hop.url.authority, hop.url.path_and_query),
            ("GET", True, "api.example", "/v1/items?key=secret"),
        )
        self.assertEqual(hop.headers, [("user-agent", http.USER_AGENT)])
        self.assertEqual((limits.timeout, limits.max_body_bytes), (2.5, http.DEFAULT_MAX_BODY_BYTES))
        self.assertEqual((response.json(), response.header("Content-Type")), ({"n": 1}, "application/json"))
        self.assertEqual(response.request, "GET api.example/v1/items", "no query in what messages show")

    def test_json_is_serialized_and_labelled_and_headers_are_kept_in_order(self):
        _, hops = self.send((201, [], b""), method="post", json={"a": [1]}, headers=[("X-A", "1"), ("X-A", "2")])
        hop = hops[0][0]
        self.assertEqual((hop.method, hop.body), ("POST", b'{"a": [1]}'))
        self.assertEqual(
            hop.headers,
            [
                ("X-A", "1"),
                ("X-A", "2"),
                ("content-type", "application/json"),
                ("content-length", "10"),
                ("user-agent", http.USER_AGENT),
            ],
        )
        with self.assertRaises(ValueError):
            http.post("https://a.example/", body="x", json={})

    def test_a_failed_status_names_the_request_but_not_its_query_or_body(self):
        response, _ = self.send((503, [("retry-after", "7")], b"internal detail"))
        with self.assertRaises(UpstreamError) as raised:
            response.raise_for_status()
        error = raised.exception
        self.assertEqual((error.status, error.retry_after), (503, 7))
        self.assertEqual(error.message, "GET api.example/v1/items returned HTTP 503")
        ok, _ = self.send((204, [], b""))
        self.assertIs(ok.raise_for_status(), ok)

    def test_a_body_that_is_not_json_is_reported_by_position_only(self):
        response, _ = self.send((200, [], b'{"token": "abc" oops}'))
        with self.assertRaises(UpstreamError) as raised:
            response.json()
        self.assertEqual(
            raised.exception.message,
            "the response to GET api.example/v1/items is not the expected JSON (line 1, column 17)",
        )
        self.assertEqual(http.Response(200, [], b"caf\xc3\xa9 \xff", "GET x/").text(), "café \ufffd")

    def test_a_post_moved_with_302_becomes_a_get_without_its_body_or_credentials_elsewhere(self):
        response, hops = self.send(
            (302, [("location", "https://other.example/done")], b""),
            (200, [], b"ok"),
            method="POST",
            body="payload",
            headers={"Authorization": "Bearer t", "Content-Type": "text/plain", "Accept": "*/*"},
        )
        self.assertEqual(response.text(), "ok")
        self.assertIn(("content-length", "7"), hops[0][0].headers)
        second = hops[1][0]
        self.assertEqual((second.method, second.body, str(second.url)), ("GET", b"", "https://other.example/done"))
        self.assertEqual([name for name, _ in second.headers], ["Accept", "user-agent"])

    def test_a_307_on_the_same_origin_keeps_method_body_and_credentials(self):
        _, hops = self.send(
            (307, [("location", "../v2/items?page=2")], b""),
            (200, [], b""),
            method="PUT",
            body=b"x",
            headers={"Authorization": "Bearer t"},
        )
        second = hops[1][0]
        self.assertEqual((second.method, second.body), ("PUT", b"x"))
        self.assertIn(("content-length", "1"), second.headers)
        self.assertEqual(second.url.path_and_query, "/v2/items?page=2")
        self.assertIn(("Authorization", "Bearer t"), second.headers)

    def test_redirects_stop_at_the_limit_or_when_told_not_to_follow(self):
        moved = (301, [("location", "/again")], b"")
        with self.assertRaises(UpstreamError) as raised:
            self.send(moved, moved, moved, follow_redirects=2)
        self.assertEqual(raised.exception.message, "GET api.example/v1/items was redirected more than 2 times")
        response, hops = self.send(moved, follow_redirects=0)
        self.assertEqual((response.status, len(hops)), (301, 1))
        with self.assertRaises(UpstreamError) as raised:
            self.send((302, [("location", "ftp://files.example/x")], b""))
        self.assertEqual(
            raised.exception.message,
            "GET api.example/v1/items redirected to an unusable URL: the URL must start with http:// or https://",
        )

    def test_urls_it_cannot_send_fail_without_repeating_the_url(self):
        for url, reason in [
            ("ftp://a.example/?key=secret", "the URL must start with http:// or https://"),
            ("api.example/?key=secret", "the URL must start with http:// or https://"),
            ("https:///path?key=secret", "the URL has no host"),
            ("https://user:secret@a.example/", "URLs with a user name or password are not supported"),
        ]:
            with self.subTest(url=url), self.assertRaises(UpstreamError) as raised:
                http.get(url)
            self.assertIn(reason, raised.exception.message)
            self.assertNotIn("secret", raised.exception.message)

    def test_natively_nothing_is_sent(self):
        with self.assertRaises(UpstreamError) as raised:
            http.get("http://127.0.0.1:9/")
        self.assertIn("HTTP needs the toolhost runtime", raised.exception.message)

    def test_wasi_http_error_codes_read_as_sentences(self):
        host = "api.example"
        self.assertEqual(
            http.failure(host, "http-request-denied").message,
            "network access to api.example is not allowed by this tool's policy",
        )
        self.assertEqual(http.failure(host, "connection-refused").message, "api.example refused the connection")
        self.assertEqual(
            http.failure(host, "http-response-body-size", 100).message,
            "the response from api.example is larger than the 100-byte limit",
        )
        self.assertEqual(
            http.failure(host, "internal-error", "toolhost: api.example is failing; retry in 30 s").message,
            "api.example is failing; retry in 30 s",
        )
        self.assertEqual(
            http.failure(host, "internal-error", "hyper: connection reset at 0x7f").message,
            "the request to api.example failed (internal-error)",
        )


if __name__ == "__main__":
    unittest.main()
