"""The caseload as spreadsheets: one CSV per record type, safe to open in Excel.

UTF-8 with a byte-order mark (so Excel reads "Łukasz Żółć" as typed), a header row of the
exchange format's field names, ISO dates as in every file. An address, a requirement list or a
checklist is flattened into readable columns (``address.town``, ``requirements.1.kind``) instead
of JSON in a cell, which a reader in Excel cannot sort or filter; a list of plain values is one
cell joined by "; ". A cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) is
prefixed with an apostrophe so a spreadsheet shows it as text instead of running it as a
formula (OWASP, "CSV injection").
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from officer_desk.model import TYPE_ORDER

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LEADING = ("type", "id", "crn", "event_id")


def cell(value: Any) -> str:
    """One value as spreadsheet text, neutralised if it could be read as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int | float):
        return str(value)  # a number is a number, even a negative one
    elif isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def flatten(record: dict[str, Any]) -> dict[str, Any]:
    """A record with every nested object and list of objects spread into named columns."""
    out: dict[str, Any] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict) and value:
            for key, inner in value.items():
                walk(f"{prefix}.{key}", inner)
        elif isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
            for n, inner in enumerate(value, start=1):
                walk(f"{prefix}.{n}", inner)
        elif isinstance(value, list):
            out[prefix] = "; ".join(cell(v) for v in value)
        else:
            out[prefix] = value

    for key, value in record.items():
        walk(key, value)
    return out


def columns(records: Iterable[dict[str, Any]]) -> list[str]:
    """Every field any record of the type has, identifiers first, the rest in first-seen order."""
    seen: dict[str, None] = {}
    for r in records:
        for key in r:
            seen.setdefault(key, None)
    return [k for k in LEADING if k in seen] + [k for k in seen if k not in LEADING]


def tables(records: Iterable[dict[str, Any]]) -> dict[str, str]:
    """``{record type: CSV text with BOM}`` for every type present, in the format's order."""
    by_type: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        by_type.setdefault(r["type"], []).append(flatten(r))
    out: dict[str, str] = {}
    for kind in [t for t in TYPE_ORDER if t in by_type]:
        rows = by_type[kind]
        header = columns(rows)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(header)
        for r in rows:
            writer.writerow([cell(r.get(h)) for h in header])
        out[kind] = "\ufeff" + buffer.getvalue()
    return out
