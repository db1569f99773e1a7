"""Prompts: their arguments, their messages, their completions."""

import unittest
from typing import Annotated, Literal

import support

from toolhost import (
    Context,
    EmbeddedResource,
    InputRequired,
    InvalidInput,
    Message,
    PromptArgument,
    PromptResult,
    ResourceContents,
    Text,
    Toolbox,
    ToolError,
)


class PromptTest(unittest.TestCase):
    def setUp(self) -> None:
        support.record_host(self)
        self.box = Toolbox()

        @self.box.prompt(title="Code review")
        def review(code: str, language: Literal["python", "rust"] = "python", strict: bool = False) -> str:
            """Asks for a review of some code.

            Args:
                code: The code to review.
            """
            return f"Review this {language} code{' strictly' if strict else ''}:\n{code}"

        @self.box.prompt(
            name="explain", complete={"topic": lambda typed, filled: [f"{typed} basics", f"{typed} in depth"]}
        )
        def explain_prompt(topic: Annotated[str, "What to explain."], ctx: Context) -> list[Message | str]:
            return [Message("You are a patient teacher.", role="assistant"), f"Explain {topic}."]

        @self.box.prompt
        def attach() -> EmbeddedResource:
            return EmbeddedResource(ResourceContents("notes://today", "Water the plants.", "text/plain"))

        @self.box.prompt
        def confirm(ctx: Context) -> str | InputRequired:
            if ctx.answer("who") is None:
                return InputRequired().roots("who")
            return "done"

        @self.box.prompt
        def broken() -> int:
            return 1

    def test_catalog(self) -> None:
        review, explain, *_ = self.box.catalog().prompts
        self.assertEqual(
            (review.name, review.title, review.description),
            ("review", "Code review", "Asks for a review of some code."),
        )
        self.assertEqual(
            review.arguments,
            [
                PromptArgument("code", "The code to review.", True),
                PromptArgument("language", None, False),
                PromptArgument("strict", None, False),
            ],
        )
        self.assertEqual(
            (explain.name, explain.arguments), ("explain", [PromptArgument("topic", "What to explain.", True)])
        )
        self.assertTrue(self.box.catalog().completions)

    def test_a_string_is_one_user_message(self) -> None:
        result = self.box.get_prompt("review", {"code": "fn f() {}", "language": "rust", "strict": "true"})
        self.assertEqual(
            result,
            PromptResult([Message("Review this rust code strictly:\nfn f() {}")], "Asks for a review of some code."),
        )
        self.assertEqual(result.messages[0].content, Text("Review this rust code strictly:\nfn f() {}"))  # type: ignore[union-attr]

    def test_lists_and_blocks_are_messages(self) -> None:
        result = self.box.get_prompt("explain", {"topic": "recursion"})
        self.assertEqual(
            result.messages, [Message("You are a patient teacher.", "assistant"), Message("Explain recursion.")]
        )  # type: ignore[union-attr]
        attached = self.box.get_prompt("attach")
        self.assertIsInstance(attached.messages[0].content, EmbeddedResource)  # type: ignore[union-attr]

    def test_prompts_may_ask(self) -> None:
        self.assertIsInstance(self.box.get_prompt("confirm"), InputRequired)
        answered = Context(answers={"who": {"roots": []}})
        self.assertEqual(self.box.get_prompt("confirm", {}, answered).messages, [Message("done")])  # type: ignore[union-attr]

    def test_bad_arguments_and_results(self) -> None:
        with self.assertRaisesRegex(InvalidInput, "^missing arguments: code$"):
            self.box.get_prompt("review", {})
        with self.assertRaisesRegex(InvalidInput, "^language: expected one of python, rust"):
            self.box.get_prompt("review", {"code": "x", "language": "cobol"})
        with self.assertRaisesRegex(InvalidInput, "unknown prompt nope"):
            self.box.get_prompt("nope")
        with self.assertRaisesRegex(ToolError, "^TypeError: a prompt's message"):
            self.box.get_prompt("broken")

    def test_completions(self) -> None:
        self.assertEqual(self.box.complete_prompt("review", "language", "Py"), ["python"])
        self.assertEqual(self.box.complete_prompt("review", "code", "x"), [])
        self.assertEqual(self.box.complete_prompt("explain", "topic", "graphs"), ["graphs basics", "graphs in depth"])
        with self.assertRaises(InvalidInput):
            self.box.complete_prompt("nope", "x", "")

    def test_a_failing_completer_is_a_tool_error(self) -> None:
        @self.box.prompt(complete={"word": lambda typed, filled: [filled["missing"]]})
        def spell(word: str) -> str:
            return word

        with self.assertRaisesRegex(ToolError, "^KeyError: 'missing'$"):
            self.box.complete_prompt("spell", "word", "x")

    def test_arguments_must_be_strings_or_convertible(self) -> None:
        def chart(points: list[int]) -> str:
            return ""

        with self.assertRaisesRegex(TypeError, "prompt chart: argument points is a string"):
            self.box.prompt(chart)

    def test_no_completers_no_completions(self) -> None:
        box = Toolbox()

        @box.prompt
        def plain(text: str) -> str:
            return text

        self.assertFalse(box.catalog().completions)


if __name__ == "__main__":
    unittest.main()
