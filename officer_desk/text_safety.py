"""Characters and numbers a caseload must never store, found before anything is stored.

A lone surrogate cannot be written as UTF-8, so once stored it breaks every later search,
import and export; control characters and invisible formatting characters in a name make two
different people look the same on screen, in a pack and in court (a right-to-left override
shows "Lee" for a name that sorts and matches as something else). JSON numbers of thousands
of digits are refused before Python converts them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

MAX_NUMBER_DIGITS = 30

# Unicode's noncharacters: U+FDD0 to U+FDEF and the last two code points of every plane
# (U+FFFE, U+FFFF, U+1FFFE ... U+10FFFF). They are for a program's own use, never text: a file
# that carries one was not written as text for a person to read.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
# Lone surrogates; C0 controls except tab, line feed and carriage return; DEL and C1 controls;
# noncharacters.
_NEVER = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + _NONCHARACTERS + "]")
# In names and identifiers also: zero-width and joiner characters, bidirectional marks,
# embeddings, overrides and isolates, the BOM and the soft hyphen.
_NOT_IN_NAMES = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                           "\u2066-\u206f\ufeff\ufff9-\ufffb]")
NAME_FIELDS = frozenset({"id", "crn", "given_name", "family_name", "aliases", "pnc", "cro",
                         "noms", "event_id", "failure_ids"})


# Characters ``unsafe_values`` refuses, as they can appear raw in a line (JSON itself refuses
# raw C0 controls inside strings); anything else would come through an escape.
_RAW_SUSPECT = re.compile("[\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
                          "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb" + _NONCHARACTERS + "]")


def needs_walk(text: str) -> bool:
    """False when a decoded line cannot hold anything ``unsafe_values`` would report.

    Substring tests and single character classes only: an alternation here cost seconds
    over a team-scale file.
    """
    # \u can spell any character; \b and \f spell control characters (backspace, form feed).
    if "\\u" in text or "\\b" in text or "\\f" in text or "NaN" in text or "Infinity" in text:
        return True
    if text.isascii():
        return "\x7f" in text
    return _RAW_SUSPECT.search(text) is not None


_BIG = 10**MAX_NUMBER_DIGITS


def shape(obj: Any) -> tuple[int, bool]:
    """(keys in every object, whether a number is too long or not finite), in one pass."""
    keys = 0
    odd = False
    if isinstance(obj, dict):
        keys = len(obj)
        values: Any = obj.values()
    elif isinstance(obj, list):
        values = obj
    else:
        return 0, False
    for v in values:
        kind = type(v)
        if kind is dict or kind is list:
            k, o = shape(v)
            keys += k
            odd = odd or o
        elif kind is int:
            if not -_BIG < v < _BIG:
                odd = True
        elif kind is float and not math.isfinite(v) or kind is HugeNumber:
            odd = True
    return keys, odd


class HugeNumber:
    """A JSON number too long to be a value any field holds (kept to report its field)."""

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def __repr__(self) -> str:
        return f"<a number of {self.digits} digits>"


def parse_int(text: str) -> int | HugeNumber:
    """``json.loads`` hook: a long digit string is never converted (no quadratic work)."""
    if len(text) > MAX_NUMBER_DIGITS:
        return HugeNumber(len(text.lstrip("-")))
    return int(text)


def parse_float(text: str) -> float | HugeNumber:
    """``json.loads`` hook for numbers with a fraction or exponent."""
    if len(text) > MAX_NUMBER_DIGITS:
        return HugeNumber(len(text))
    return float(text)


def parse_constant(_text: str) -> HugeNumber:
    """``NaN`` and ``Infinity`` are not JSON numbers any field may hold."""
    return HugeNumber(0)


class DuplicateKey(ValueError):
    """An object names the same key twice: which value is meant cannot be told."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json.loads`` hook that refuses an object with a repeated key."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKey(key)
        out[key] = value
    return out


def _path(parent: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key


def _describe(value: str) -> str:
    ch = (_NEVER.search(value) or _NOT_IN_NAMES.search(value))
    assert ch is not None
    code = ord(ch.group())
    if 0xD800 <= code <= 0xDFFF:
        return f"contains a broken character (a lone surrogate U+{code:04X})"
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"contains a control character (U+{code:04X})"
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return f"contains a noncharacter (U+{code:04X}), which is not text"
    return (f"contains an invisible formatting character (U+{code:04X}) that can make a name "
            "look like another; type the name again")


def unsafe_values(record: Any, parent: str = "", name_field: bool = False
                  ) -> Iterator[tuple[str, str]]:
    """(field, message) for every value in a decoded record that must not be stored."""
    if isinstance(record, dict):
        items: Any = record.items()
    elif isinstance(record, list):
        items = enumerate(record)
    else:
        return
    for key, value in items:
        where = _path(parent, key)
        in_name = name_field or (isinstance(key, str) and key in NAME_FIELDS and not parent)
        if isinstance(key, str) and _NEVER.search(key):
            yield where, f"the field name {_describe(key)}"
        if isinstance(value, str):
            if _NEVER.search(value) or (in_name and _NOT_IN_NAMES.search(value)):
                yield where, _describe(value)
        elif isinstance(value, HugeNumber):
            yield where, (f"is a number of {value.digits} digits, too long for any field"
                          if value.digits else "is not a number (NaN or Infinity)")
        elif type(value) is int and not -_BIG < value < _BIG:
            yield where, (f"is a number of {len(str(abs(value)))} digits, too long for any "
                          "field")
        elif type(value) is float and not math.isfinite(value):
            yield where, "is not a number (NaN or Infinity)"
        elif isinstance(value, dict | list):
            yield from unsafe_values(value, where, in_name)
