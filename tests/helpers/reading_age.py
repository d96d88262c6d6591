"""A reading-age measure for letters: Flesch-Kincaid grade plus five years.

UK reading age is the US school grade plus about five. The syllable count is the usual vowel-
group heuristic (silent final e dropped, at least one syllable a word); numbers, dates and the
person's own name and address are not words a reader has to decode, so they are left out.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def syllables(word: str) -> int:
    w = word.lower().strip("'’-")
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", w)
    w = re.sub(r"^y", "", w)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", w)))


def reading_age(text: str) -> float:
    """Flesch-Kincaid grade + 5 over the sentences of ``text``."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if _WORD.search(s)]
    words = [w for s in sentences for w in _WORD.findall(s)]
    if not words:
        return 0.0
    grade = (0.39 * len(words) / len(sentences)
             + 11.8 * sum(syllables(w) for w in words) / len(words) - 15.59)
    return grade + 5
