"""Exports to the central system: gathered from the store, then written as one JSON Lines file.

Gathering reads the database (on the caller's thread); writing checks every record against the
published schema and writes atomically (a whole file or none), owner-only, synced to disk, so
it can run in a worker. Only then is the export marked, and ``--since-last`` starts after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from db.private_files import write_private
from db.store import RecordStore
from officer_desk.errors import ValidationError
from officer_desk.exchange import HEADER, check_for_export, dump_line, redact


@dataclass
class PendingExport:
    """Records read for an export, not yet written."""

    rows: list[tuple[dict[str, Any], str]]
    high_water: int
    since_last: bool
    header_extra: dict[str, Any] = field(default_factory=dict)

    def write(self, path: Path) -> int:
        """Check and write the file; the number of records."""
        problems = check_for_export([r for r, _ in self.rows])
        if problems:
            raise ValidationError(["Some records are not valid for export:", *problems[:50]])
        header = {**HEADER, **({"delta": True} if self.since_last else {}), **self.header_extra}

        def write(fh: BinaryIO) -> None:
            fh.write((dump_line(header) + "\n").encode("utf-8"))
            for start in range(0, len(self.rows), 2000):
                chunk = self.rows[start:start + 2000]
                fh.write("".join(text + "\n" for _, text in chunk).encode("utf-8"))

        write_private(Path(path), write, "The export")
        return len(self.rows)

    def mark(self, store: RecordStore) -> None:
        """Record the export as delivered (audited)."""
        store.record_export(self.high_water, len(self.rows), self.since_last)


def gather(store: RecordStore, since_last: bool = False,
           redact_sensitive: bool = False) -> PendingExport:
    """Everything, or what changed since the last export; sensitive text withheld if asked."""
    high = store.high_water()
    last = store.last_export() if since_last else None
    rows = store.export_rows(last[1] if last else (0 if since_last else None))
    if redact_sensitive:
        rows = [(r, dump_line(r)) for r in (redact(r) for r, _ in rows)]
    return PendingExport(rows, high, since_last)
