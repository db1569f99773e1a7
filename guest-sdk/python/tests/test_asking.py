"""Asking the client: the questions, and whole rounds of a tool that asks."""

import unittest
from dataclasses import dataclass

import support

from toolhost import (
    ClientCapabilities,
    Context,
    Image,
    InputRequired,
    Message,
    Question,
    ResourceLink,
    Text,
    Toolbox,
    ToolError,
    ToolResult,
)


@dataclass
class Confirm:
    """Delete the files?"""

    ok: bool


class QuestionTest(unittest.TestCase):
    def test_elicitation_from_a_dataclass_or_a_schema(self) -> None:
        asked = InputRequired().elicit("confirm", "Delete 3 files?", Confirm)
        self.assertEqual(
            asked.requests,
            {
                "confirm": Question(
                    "elicitation",
                    {
                        "message": "Delete 3 files?",
                        "requestedSchema": {
                            "type": "object",
                            "description": "Delete the files?",
                            "properties": {"ok": {"type": "boolean"}},
                            "required": ["ok"],
                        },
                    },
                )
            },
        )
        raw = {"type": "object", "properties": {"name": {"type": "string"}}}
        params = InputRequired().elicit("who", "Who?", raw).requests["who"].params
        self.assertEqual(params, {"message": "Who?", "requestedSchema": raw})

    def test_sampling_params(self) -> None:
        asked = InputRequired().sample(
            "reply",
            ["Hi", Message("Hello", role="assistant"), Message(Image(b"\x01", "image/png"))],
            max_tokens=50,
            system_prompt="Be brief.",
            temperature=0.2,
            stop_sequences=["\n"],
            model_hints=["claude"],
        )
        self.assertEqual(
            asked.requests["reply"],
            Question(
                "sampling",
                {
                    "messages": [
                        {"role": "user", "content": {"type": "text", "text": "Hi"}},
                        {"role": "assistant", "content": {"type": "text", "text": "Hello"}},
                        {"role": "user", "content": {"type": "image", "data": "AQ==", "mimeType": "image/png"}},
                    ],
                    "maxTokens": 50,
                    "systemPrompt": "Be brief.",
                    "temperature": 0.2,
                    "stopSequences": ["\n"],
                    "modelPreferences": {"hints": [{"name": "claude"}]},
                },
            ),
        )
        minimal = InputRequired().sample("r", "2+2?", max_tokens=5).requests["r"].params
        self.assertEqual(
            minimal, {"messages": [{"role": "user", "content": {"type": "text", "text": "2+2?"}}], "maxTokens": 5}
        )
        with self.assertRaisesRegex(TypeError, "sampling message"):
            InputRequired().sample("r", [Message(ResourceLink("a://b", "b"))], max_tokens=5)

    def test_chaining_roots_state_and_replacing_a_key(self) -> None:
        asked = InputRequired().roots("a").roots("b").sample("a", "x", max_tokens=1).with_state("draft-7")
        self.assertEqual(list(asked.requests), ["a", "b"])
        self.assertEqual(asked.requests["a"].kind, "sampling")
        self.assertEqual(asked.requests["b"], Question("roots"))
        self.assertEqual(asked.state, b"draft-7")
        self.assertEqual(str(asked), "input required: a, b")

    def test_asking_nothing_is_refused(self) -> None:
        with self.assertRaises(ValueError):
            InputRequired().check()
        InputRequired().with_state(b"").check()


class RoundTripTest(unittest.TestCase):
    """A tool that asks before it deletes, run round by round as the host
    runs it: fresh each time, with the answers and the state."""

    def setUp(self) -> None:
        support.record_host(self)
        self.box = Toolbox()

        @self.box.tool
        def purge(folder: str, ctx: Context) -> str | InputRequired:
            answer = ctx.elicited("confirm")
            if answer is None:
                if not ctx.client.elicitation:
                    raise ToolError("this client cannot confirm: nothing was deleted")
                files = ["a.log", "b.log"]  # found in folder
                question = f"Delete {len(files)} files in {folder}?"
                return InputRequired().elicit("confirm", question, Confirm).with_state("\n".join(files))
            if not (answer.accepted and answer.content_as(Confirm).ok):
                return "Nothing was deleted."
            return f"Deleted {len((ctx.state or b'').decode().splitlines())} files."

        @self.box.tool
        def ask_by_raising(ctx: Context) -> str:
            if ctx.answer("where") is None:
                raise InputRequired().roots("where")
            return "thanks"

        @self.box.tool
        def asks_nothing() -> InputRequired:
            return InputRequired()

    def test_first_round_asks_second_round_finishes(self) -> None:
        first = Context(client=ClientCapabilities(elicitation=True))
        asked = self.box.call("purge", {"folder": "/tmp/logs"}, first)
        assert isinstance(asked, InputRequired)
        self.assertEqual(asked.requests["confirm"].params["message"], "Delete 2 files in /tmp/logs?")  # type: ignore[index]
        accepted = Context(answers={"confirm": {"action": "accept", "content": {"ok": True}}}, state=asked.state)
        self.assertEqual(
            self.box.call("purge", {"folder": "/tmp/logs"}, accepted), ToolResult([Text("Deleted 2 files.")])
        )
        declined = Context(answers={"confirm": {"action": "decline"}}, state=asked.state)
        self.assertEqual(
            self.box.call("purge", {"folder": "/tmp/logs"}, declined).text_blocks, ["Nothing was deleted."]
        )  # type: ignore[union-attr]

    def test_a_client_that_cannot_answer(self) -> None:
        with self.assertRaisesRegex(ToolError, "cannot confirm"):
            self.box.call("purge", {"folder": "/tmp/logs"})

    def test_raising_asks_too(self) -> None:
        asked = self.box.call("ask_by_raising")
        self.assertIsInstance(asked, InputRequired)
        answered = Context(answers={"where": {"roots": []}})
        self.assertEqual(self.box.call("ask_by_raising", {}, answered).text_blocks, ["thanks"])  # type: ignore[union-attr]

    def test_asking_nothing_is_a_tool_error(self) -> None:
        with self.assertRaisesRegex(ToolError, "needs at least one question"):
            self.box.call("asks_nothing")


if __name__ == "__main__":
    unittest.main()
