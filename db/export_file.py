"""Exports to the central system: gathered from the store, then written as one JSON Lines file.

Gathering reads the stored text (on the caller's thread); writing puts it out atomically (a
whole file or none), owner-only, synced to disk, so it can run in a worker. Only then is the
export marked, and ``--since-last`` starts after it. Every record was checked against the
published schema when it was stored (import, forms and services all check first), so the text
goes out as stored, not decoded and checked a second time; a redacted export decodes only the
records marked sensitive, and checks what it changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from db.private_files import write_private
from db.store import RecordStore
from officer_desk.errors import ValidationError
from officer_desk.exchange import HEADER, check_for_export, dump_line, redact


@dataclass
class PendingExport:
    """Records read for an export (their stored text), not yet written."""

    lines: list[str]
    high_water: int
    since_last: bool
    header_extra: dict[str, Any] = field(default_factory=dict)

    def write(self, path: Path) -> int:
        """Write the file whole; the number of records."""
        header = {**HEADER, **({"delta": True} if self.since_last else {}), **self.header_extra}

        def write(fh: BinaryIO) -> None:
            fh.write((dump_line(header) + "\n").encode("utf-8"))
            for start in range(0, len(self.lines), 4000):
                fh.write(("\n".join(self.lines[start:start + 4000]) + "\n").encode("utf-8"))

        write_private(Path(path), write, "The export")
        return len(self.lines)

    def mark(self, store: RecordStore) -> None:
        """Record the export as delivered (audited)."""
        store.record_export(self.high_water, len(self.lines), self.since_last)


def _redacted(lines: list[str]) -> list[str]:
    out, changed = [], []
    for line in lines:
        if '"sensitive"' not in line:
            out.append(line)
            continue
        record = redact(json.loads(line))
        changed.append(record)
        out.append(dump_line(record))
    problems = check_for_export(changed)
    if problems:
        raise ValidationError(["Some records are not valid for export:", *problems[:50]])
    return out


def gather(store: RecordStore, since_last: bool = False,
           redact_sensitive: bool = False) -> PendingExport:
    """Everything, or what changed since the last export; sensitive text withheld if asked."""
    high = store.high_water()
    last = store.last_export() if since_last else None
    lines = store.export_lines(last[1] if last else (0 if since_last else None))
    if redact_sensitive:
        lines = _redacted(lines)
    return PendingExport(lines, high, since_last)
