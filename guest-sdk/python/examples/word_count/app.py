"""word_count: counts the words of a text. A third, different Python tool
for the language benchmark's cold start of three Python components.
"""

from collections import Counter
from dataclasses import dataclass

from toolhost import tool


@dataclass
class Words:
    """How many words a text has, and its most common ones."""

    words: int
    most_common: list[str]


@tool
def word_count(text: str, top: int = 3) -> Words:
    """Counts the words of a text and names the most common ones."""
    words = text.lower().split()
    return Words(len(words), [w for w, _ in Counter(words).most_common(top)])
