"""The pieces an Easy Read letter is written in: a row (a picture and its sentences), bold.

Kept apart from the letters' words (``easy_read_words``) so the layout (``easy_read``) and the
tests read the same marks the words are written with.
"""

from __future__ import annotations

from dataclasses import dataclass

from forms.letter_words import Block

# Bold is marked inside a sentence by two private-use characters, so no typed name or place
# can switch it on or off; the layout turns them into <b></b> after escaping the text.
BOLD_ON, BOLD_OFF = "\ue000", "\ue001"
NBSP = "\u00a0"


def bold(text: str) -> str:
    """``text`` printed in bold: the facts the reader must not miss (date, time, place)."""
    return f"{BOLD_ON}{text}{BOLD_OFF}"


def plain(text: str) -> str:
    """``text`` with the bold marks taken out (for counting words, and for tests)."""
    return text.replace(BOLD_ON, "").replace(BOLD_OFF, "").replace(NBSP, " ")


@dataclass(frozen=True)
class Row:
    """One point: its picture (a ``forms.pictograms`` name) and its short sentences.

    ``lines`` are facts set out a line each below the sentences, such as an address.
    """

    picture: str
    sentences: tuple[str, ...]
    lines: tuple[str, ...] = ()


Item = Block | Row


def fact(text: str) -> str:
    """A date, time or place in bold, its words kept on one line (no-break spaces): a date
    broken between "2 March" and "2026" is harder to read."""
    return bold(text.replace(" ", NBSP))
