"""Content blocks refuse what the host would refuse, where it is made."""

import unittest

import support  # noqa: F401

from toolhost import Audio, ContentAnnotations, Image, Message, ResourceLink, Text


class ContentTest(unittest.TestCase):
    def test_mime_types_are_type_slash_subtype(self) -> None:
        Image(b"", "image/png")
        Audio(b"", "audio/wav; rate=8000")
        for mime_type in ("png", "image/", "image png"):
            with self.subTest(mime_type=mime_type), self.assertRaisesRegex(ValueError, "type/subtype"):
                Image(b"", mime_type)

    def test_annotations(self) -> None:
        self.assertEqual(ContentAnnotations(audience=["user"]).audience, ("user",))  # type: ignore[arg-type]
        with self.assertRaisesRegex(ValueError, "between 0 and 1"):
            ContentAnnotations(priority=1.5)
        with self.assertRaisesRegex(ValueError, "audience"):
            ContentAnnotations(audience=("model",))  # type: ignore[arg-type]

    def test_links_have_sizes_in_bytes(self) -> None:
        self.assertEqual(ResourceLink("a://b", "b", size=3).size, 3)
        with self.assertRaisesRegex(ValueError, "size"):
            ResourceLink("a://b", "b", size=-1)

    def test_messages(self) -> None:
        self.assertEqual(Message("hi"), Message(Text("hi"), "user"))
        with self.assertRaisesRegex(ValueError, "role"):
            Message("hi", role="system")  # type: ignore[arg-type]
        with self.assertRaisesRegex(TypeError, "content block"):
            Message(3)  # type: ignore[arg-type]


if __name__ == "__main__":
    unittest.main()
