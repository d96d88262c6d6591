"""Decoding a file's lines: each one JSON object, numbers and repeated keys looked at closely.

A team-scale file is hundreds of thousands of lines and almost all of them are plain: no
escapes, no spacing around colons, no characters a caseload refuses. So the lines are taken a
block at a time and the questions that cost a scan of every character (is there an escape,
an odd character, a key spaced from its colon, a repeated key) are asked once of the whole
block, in C; only a block that answers "maybe" is decoded line by line the careful way. Both
ways find exactly the same problems.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator
from typing import Any

from officer_desk.text_safety import (
    DuplicateKey,
    needs_walk,
    parse_constant,
    parse_float,
    parse_int,
    shape,
    unique_pairs,
)

MAX_LINE = 1_000_000
BLOCK = 1000

# (line number, decoded value, the line's text, whether its values need the full walk)
Parsed = tuple[int, Any, str, bool]

_DECODER = json.JSONDecoder(parse_int=parse_int, parse_float=parse_float,
                            parse_constant=parse_constant)
_STRICT_DECODER = json.JSONDecoder(object_pairs_hook=unique_pairs, parse_int=parse_int,
                                   parse_float=parse_float, parse_constant=parse_constant)
_SPACED_MARK = re.compile(r'"[ \t\r\n]+:')
# Anything that sends a block down the careful path: an escape (it can hide a quote or an
# odd character), NaN or Infinity, DEL, and a key spaced from its colon (it hides a mark).
_MAYBE = ("\\u", "NaN", "Infinity", "\x7f", " :", "\t:", "\r:", "\n:")


def _loads(text: str) -> tuple[Any, bool]:
    """Decode one line: (the value, whether its numbers need a closer look).

    The C decoder runs with number hooks that keep a number too long for any field
    unconverted (it is named with its field later). A repeated key is looked for only when
    the line has more ``":`` marks than the decoded objects have keys (a repeated key leaves
    one fewer; a ``":`` inside a string only adds marks).
    """
    obj = _DECODER.decode(text)
    keys, odd = shape(obj)
    marks = text.count('":')
    if " :" in text or "\t:" in text or "\n:" in text or "\r:" in text:
        marks += len(_SPACED_MARK.findall(text))  # keys spaced from their colons
    if marks > keys or "\\u" in text:  # an escape can hide a quote: always look
        _STRICT_DECODER.decode(text)
    return obj, odd


def parse_one(number: int, raw: str, problems: list[Any], problem: Any) -> Parsed | None:
    """The careful way for one line; ``problem`` builds a Problem(line, message, field)."""
    text = raw.strip()
    if not text:
        return None
    if len(text) > MAX_LINE:
        problems.append(problem(number, f"line is too long ({len(text)} characters)"))
        return None
    try:
        obj, odd = _loads(text)
        return number, obj, text, odd or needs_walk(text)
    except DuplicateKey as exc:
        problems.append(_repeated(problem, number, exc))
    except json.JSONDecodeError as exc:
        problems.append(problem(number, f"not valid JSON ({exc.msg} at column {exc.colno})"))
    except RecursionError:
        problems.append(problem(number, "not valid JSON (nested too deeply)"))
    return None


def _repeated(problem: Any, number: int, exc: DuplicateKey) -> Any:
    return problem(number, "is given twice in one object; which value is meant cannot be "
                           "told", exc.key)


class _Numbers:
    """Number hooks that also note a number too long for any field or not finite.

    The same hooks as the careful way; the note saves walking every decoded line to ask.
    """

    def __init__(self) -> None:
        self.odd = False

    def int(self, text: str) -> Any:
        value = parse_int(text)
        if type(value) is not int:
            self.odd = True
        return value

    def float(self, text: str) -> Any:
        value = parse_float(text)
        if type(value) is not float or not math.isfinite(value):
            self.odd = True
        return value

    def constant(self, text: str) -> Any:
        self.odd = True
        return parse_constant(text)


def parse_block(block: list[tuple[int, str]], parsed: list[Parsed], problems: list[Any],
                problem: Any, numbers: _Numbers, scan: Any) -> None:
    """Decode a block of numbered lines into ``parsed`` (problems into ``problems``).

    Plain ASCII lines go the quick way when the block as a whole has no backslash, no key
    spaced from its colon (tab, carriage return or space before a colon) and no DEL; any
    other line goes the careful way. ``scan`` is a decoder's ``scan_once`` with ``numbers``
    as its hooks.
    """
    quick: list[tuple[int, str]] = []
    careful: list[tuple[int, str]] = []
    for number, raw in block:
        text = raw.strip()
        if text:
            (quick if text.isascii() and len(text) <= MAX_LINE else careful).append(
                (number, text))
    blob = "\n".join([text for _, text in quick])
    if "\\" in blob or "\t" in blob or "\r" in blob or "\x7f" in blob or " :" in blob:
        careful, quick, blob = block, [], ""
    found: list[Parsed] = []
    failed = ""  # the quick lines that turned out not to be one JSON object
    numbers.odd = False
    for number, text in quick:
        try:
            obj, end = scan(text, 0)
        except (StopIteration, ValueError, RecursionError):
            end = -1
        if end == len(text) and type(obj) is dict:
            found.append((number, obj, text, False))
        else:
            careful.append((number, text))
            failed += text + "\n"
    if not numbers.odd and "[" not in blob and (
            blob.count("{") - failed.count("{") == len(found)):
        keys = [len(entry[1]) for entry in found]  # flat objects: every key is at the top
    else:
        shapes = [shape(entry[1]) for entry in found]
        keys = [count for count, _ in shapes]
        found = [(n, obj, text, odd) for (n, obj, text, _), (_, odd) in
                 zip(found, shapes, strict=True)]
    if sum(keys) != blob.count('":') - failed.count('":'):
        # With no key spaced from its colon every key leaves one ``":`` mark, and a repeated
        # key leaves a mark more than the decoded keys: only then is a line looked at again.
        found = [entry for entry, count in zip(found, keys, strict=True)
                 if entry[2].count('":') <= count or _no_repeat(entry, problems, problem)]
    for number, raw in careful:
        if (entry := parse_one(number, raw, problems, problem)) is not None:
            found.append(entry)
    if careful:
        found.sort(key=lambda entry: entry[0])
    parsed.extend(found)


def _no_repeat(entry: Parsed, problems: list[Any], problem: Any) -> bool:
    try:
        _STRICT_DECODER.decode(entry[2])
    except DuplicateKey as exc:
        problems.append(_repeated(problem, entry[0], exc))
        return False
    return True


def parsed_blocks(lines: Iterable[str], problem: Any,
                  problems: list[Any]) -> Iterator[list[Parsed]]:
    """The lines decoded a block at a time (problems into ``problems`` as they are found),
    so a caller can check and store the first blocks while the rest are still read.

    ``problem`` builds a Problem(line, message, field).
    """
    numbers = _Numbers()  # one per call: two files may be read at once
    scan = json.JSONDecoder(parse_int=numbers.int, parse_float=numbers.float,
                            parse_constant=numbers.constant).scan_once
    block: list[tuple[int, str]] = []
    for numbered in enumerate(lines, start=1):
        block.append(numbered)
        if len(block) == BLOCK:
            parsed: list[Parsed] = []
            parse_block(block, parsed, problems, problem, numbers, scan)
            yield parsed
            block = []
    if block:
        parsed = []
        parse_block(block, parsed, problems, problem, numbers, scan)
        yield parsed


def parse_lines(lines: Iterable[str], problem: Any) -> tuple[list[Parsed], list[Any]]:
    """JSON-decode each non-blank line; report lines that are not JSON."""
    problems: list[Any] = []
    parsed = [entry for block in parsed_blocks(lines, problem, problems) for entry in block]
    return parsed, problems
