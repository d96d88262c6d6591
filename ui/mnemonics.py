"""Choosing Alt+letter shortcuts so that no two controls in one window share one.

A label given "&" on its first letter clashes as soon as two fields start alike (Alt+W once
moved to the wrong field of the home-visit form and lost what was typed), so every label
gets the first free letter: a word's initial first, then any letter.
"""

from __future__ import annotations

from collections.abc import Iterable


def with_mnemonic(text: str, taken: set[str]) -> str:
    """``text`` with "&" before the first letter not in ``taken`` (which is updated)."""
    plain = text.replace("&", "")
    starts = [i for i, ch in enumerate(plain) if ch.isalpha() and (i == 0 or not plain[i - 1].isalpha())]
    others = [i for i, ch in enumerate(plain) if ch.isalpha() and i not in starts]
    for i in (*starts, *others):
        letter = plain[i].lower()
        if letter.isascii() and letter not in taken:
            taken.add(letter)
            return plain[:i] + "&" + plain[i:]
    return plain


def assign(texts: Iterable[str], taken: Iterable[str] = ()) -> list[str]:
    """Each text with its own free letter, in order."""
    used = {t.lower() for t in taken}
    return [with_mnemonic(t, used) for t in texts]
