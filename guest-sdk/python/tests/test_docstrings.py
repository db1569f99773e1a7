"""Descriptions from docstrings in the three common styles."""

import unittest

import support  # noqa: F401

from toolhost import docstrings


class DocstringTest(unittest.TestCase):
    def test_google_style(self) -> None:
        doc = docstrings.parse(
            """Counts the words
            in a text.

            Longer explanation, not part of the summary.

            Args:
                text (str): The text to count in,
                    continued here.
                unique: Also count distinct words.

            Returns:
                counts: Not a parameter.
            """
        )
        self.assertEqual(doc.summary, "Counts the words in a text.")
        self.assertEqual(
            doc.params, {"text": "The text to count in, continued here.", "unique": "Also count distinct words."}
        )

    def test_numpy_style(self) -> None:
        doc = docstrings.parse(
            """Counts words.

            Parameters
            ----------
            text : str
                The text to count in.
            unique : bool, optional
                Also count
                distinct words.

            Returns
            -------
            int
                Not a parameter.
            """
        )
        self.assertEqual(doc.summary, "Counts words.")
        self.assertEqual(doc.params, {"text": "The text to count in.", "unique": "Also count distinct words."})

    def test_rest_style(self) -> None:
        doc = docstrings.parse(
            """Counts words.

            :param text: The text to count in,
                continued here.
            :param bool unique: Also count distinct words.
            :returns: Not a parameter.
            """
        )
        self.assertEqual(doc.summary, "Counts words.")
        self.assertEqual(
            doc.params, {"text": "The text to count in, continued here.", "unique": "Also count distinct words."}
        )

    def test_attributes_describe_fields(self) -> None:
        doc = docstrings.parse("A point.\n\nAttributes:\n    x: Across.\n    y: Down.\n")
        self.assertEqual(doc.params, {"x": "Across.", "y": "Down."})

    def test_a_section_right_after_the_summary_ends_it(self) -> None:
        self.assertEqual(docstrings.parse("Counts words.\nArgs:\n    text: The text.").summary, "Counts words.")
        self.assertEqual(docstrings.parse("Counts words.\n:param text: The text.").summary, "Counts words.")

    def test_no_docstring(self) -> None:
        self.assertEqual(docstrings.parse(None), docstrings.Docstring())
        self.assertEqual(docstrings.parse("   \n  "), docstrings.Docstring())


if __name__ == "__main__":
    unittest.main()
