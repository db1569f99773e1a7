"""The request's context: notifications recorded natively, answers read
back typed, the host's log and settings."""

import os
import unittest
from dataclasses import dataclass

import support

from toolhost import ClientCapabilities, Context, Elicited, LogEntry, Progress, Root, Sampled, ToolError, config, log
from toolhost.host import NativeHost


class NotificationTest(unittest.TestCase):
    def test_progress_and_log_entries_are_recorded_in_order(self) -> None:
        ctx = Context()
        ctx.progress(1, 4, "first of four")
        ctx.log("warning", "slow upstream")
        ctx.log("debug", {"files": 12, "cached": (1, 2)}, logger="indexer")
        ctx.progress(2.5)
        self.assertEqual(
            ctx.notifications,
            [
                Progress(1.0, 4.0, "first of four"),
                LogEntry("warning", "slow upstream"),
                LogEntry("debug", {"files": 12, "cached": [1, 2]}, "indexer"),
                Progress(2.5),
            ],
        )

    def test_a_sender_replaces_the_recording(self) -> None:
        sent: list[object] = []
        ctx = Context(send=sent.append)
        ctx.progress(1)
        self.assertEqual((sent, ctx.notifications), ([Progress(1.0)], []))

    def test_unknown_levels_and_unserializable_data_are_refused(self) -> None:
        ctx = Context()
        with self.assertRaisesRegex(ValueError, "client log level"):
            ctx.log("warn", "host levels are not client levels")  # type: ignore[arg-type]
        with self.assertRaises(TypeError):
            ctx.log("info", object())
        self.assertEqual(ctx.notifications, [])


@dataclass
class Confirm:
    ok: bool
    note: str | None = None


class AnswerTest(unittest.TestCase):
    def test_a_first_round(self) -> None:
        ctx = Context()
        self.assertEqual(ctx.client, ClientCapabilities())
        self.assertIsNone(ctx.state)
        self.assertIsNone(ctx.answer("any"))
        self.assertIsNone(ctx.elicited("any"))

    def test_elicited_answers(self) -> None:
        ctx = Context(
            answers={
                "yes": {"action": "accept", "content": {"ok": True}},
                "no": {"action": "decline"},
                "odd": {"action": "shrug"},
            }
        )
        yes, no = ctx.elicited("yes"), ctx.elicited("no")
        self.assertEqual(yes, Elicited("accept", {"ok": True}))
        self.assertTrue(yes and yes.accepted)
        self.assertEqual(yes and yes.content_as(Confirm), Confirm(True))
        self.assertEqual(no, Elicited("decline", {}))
        self.assertIsNone(ctx.elicited("odd"))
        with self.assertRaisesRegex(ToolError, "did not fill in"):
            no and no.content_as(Confirm)

    def test_a_form_answer_that_does_not_fit(self) -> None:
        answer = Elicited("accept", {"ok": "yes"})
        with self.assertRaisesRegex(ToolError, r"does not fit: the form\.ok: expected bool"):
            answer.content_as(Confirm)

    def test_sampled_answers(self) -> None:
        one = {"role": "assistant", "content": {"type": "text", "text": "4"}, "model": "m", "stopReason": "endTurn"}
        many = {"role": "assistant", "content": [{"type": "image", "data": ""}, {"type": "text", "text": "5"}]}
        ctx = Context(answers={"one": one, "many": many, "form": {"action": "accept"}})
        self.assertEqual(ctx.sampled("one"), Sampled("assistant", one["content"], "m", "endTurn"))
        self.assertEqual(ctx.sampled("one").text, "4")  # type: ignore[union-attr]
        self.assertEqual(ctx.sampled("many").text, "5")  # type: ignore[union-attr]
        self.assertIsNone(ctx.sampled("form"), "an answer of another kind is no answer of this kind")

    def test_roots(self) -> None:
        ctx = Context(
            answers={
                "where": {"roots": [{"uri": "file:///work", "name": "work"}, {"uri": "file:///tmp"}]},
                "bad": {"roots": [{}]},
            }
        )
        self.assertEqual(ctx.roots("where"), [Root("file:///work", "work"), Root("file:///tmp")])
        self.assertIsNone(ctx.roots("bad"))
        self.assertIsNone(ctx.roots("missing"))

    def test_state_and_client(self) -> None:
        ctx = Context(client=ClientCapabilities(elicitation=True), state=b"step 2")
        self.assertTrue(ctx.client.elicitation)
        self.assertFalse(ctx.client.sampling)
        self.assertEqual(ctx.state, b"step 2")


class HostTest(unittest.TestCase):
    def test_host_log_lines(self) -> None:
        host = support.record_host(self)
        log("warn", "the cache is cold")
        self.assertEqual(host.lines, [("warn", "the cache is cold")])
        with self.assertRaisesRegex(ValueError, "host log level"):
            log("warning", "client levels are not host levels")  # type: ignore[arg-type]

    def test_settings(self) -> None:
        support.record_host(self, {"API_TOKEN": "t0ken"})
        self.assertEqual(config.get("API_TOKEN"), "t0ken")
        self.assertIsNone(config.get("OTHER"))
        self.assertEqual(config.require("API_TOKEN"), "t0ken")
        with self.assertRaises(ToolError) as caught:
            config.require("OTHER")
        self.assertIn("OTHER", caught.exception.message)
        self.assertIn("policy", caught.exception.message)

    def test_natively_settings_come_from_the_environment(self) -> None:
        self.assertEqual(NativeHost().config("PATH"), os.environ.get("PATH"))


if __name__ == "__main__":
    unittest.main()
