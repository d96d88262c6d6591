"""What leaves Officer Desk besides the exchange file: domain events, spreadsheets, the diary.

Part of the composition root (with ``officer_desk.cli``): each export reads the store, writes
its file owner-only and moves its cursor or audits only once the file is whole.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from db import private_files
from db.store import RecordStore
from officer_desk.errors import UserFacingError
from officer_desk.policy import Policy


def export_events(store: RecordStore, policy: Policy, out: Path) -> int:
    """Domain events since the last acknowledged events export; the cursor moves only after
    the file is written whole."""
    from db import events_export

    pending = events_export.gather(store, policy)
    count = pending.write(out)
    pending.mark(store)
    return count


def export_spreadsheets(store: RecordStore, folder: Path, redact: bool) -> list[Path]:
    """One CSV per record type in ``folder`` (created owner-only if missing)."""
    from officer_desk.exchange import redact as redacted
    from officer_desk.spreadsheets import tables

    if folder.exists() and not folder.is_dir():
        raise UserFacingError(f"{folder} is a file; give a folder for the spreadsheets.")
    try:
        folder.mkdir(mode=0o700, parents=False, exist_ok=True)
    except FileNotFoundError:
        raise UserFacingError(f"The folder {folder.parent} does not exist.") from None
    except OSError as exc:
        raise private_files.user_error(exc, folder, "The folder") from None
    records = store.records()
    if redact:
        records = [redacted(r) for r in records]
    written = []
    for kind, text in tables(records).items():
        path = folder / f"{kind}.csv"
        private_files.write_private_bytes(path, text.encode("utf-8"), "The spreadsheet")
        written.append(path)
    store.log("export_spreadsheets", detail={"files": len(written), "redacted": redact})
    return written


def export_diary(store: RecordStore, out: Path, start: date, end: date,
                 stamp: datetime | None = None) -> int:
    """The officer's appointments and planned visits as iCalendar; the number of entries."""
    from officer_desk.calendar_export import diary

    # The whole caseload: an appointment called off or moved goes out as cancelled (so Outlook
    # drops it), and a range starting in the past holds what was held then.
    data = diary(store.caseload(), start, end, (stamp or datetime.now()).replace(microsecond=0))
    private_files.write_private_bytes(out, data, "The diary")
    store.log("export_diary", detail={"from": start.isoformat(), "to": end.isoformat()})
    return data.count(b"BEGIN:VEVENT")
