"""The exports in the national system's vocabulary: domain events, spreadsheets, the diary.

One of the command line's groups: ``export --events``, ``export --csv DIR`` and
``calendar``. The exchange export itself is in ``caseload``, exactly as the format fixes it.
"""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path

from officer_desk import app
from officer_desk.cli.documents import Helpers
from officer_desk.dates import parse_date, uk_date
from officer_desk.errors import UserFacingError

DIARY_WEEKS = 8


def events(args: argparse.Namespace, h: Helpers) -> int:
    """``export --events --out F``: domain events since the last acknowledged events export."""
    out = Path(args.out)
    app.check_target(out)
    opened = h.open(args)
    try:
        count = app.export_events(opened.store, h.policy(args), out)
    finally:
        opened.lock()
    print(f"Exported {count} event(s) to {out}" + ("." if count else
                                                    ": nothing has changed since the last one."))
    return 0


def spreadsheets(args: argparse.Namespace, h: Helpers) -> int:
    """``export --csv DIR``: one CSV per record type."""
    folder = Path(args.csv)
    opened = h.open(args)
    try:
        written = app.export_spreadsheets(opened.store, folder, args.redact_sensitive)
    finally:
        opened.lock()
    print(f"Wrote {len(written)} spreadsheet(s) to {folder}: "
          + ", ".join(p.name for p in written) + ".")
    return 0


def _day(text: str | None, name: str, default: date) -> date:
    if not text:
        return default
    try:
        return parse_date(text)
    except ValueError as exc:
        raise UserFacingError(f"{name}: {exc}") from None


def add_calendar(add, h: Helpers) -> None:  # add: the parser's sub-command adder
    """Register ``calendar``."""
    p = add("calendar", lambda a: calendar(a, h),
            "export your diary (appointments, planned home visits) for Outlook as iCalendar")
    p.add_argument("--out", required=True, metavar="FILE.ics")
    p.add_argument("--from", dest="start", metavar="DATE", help="first day (default today)")
    p.add_argument("--to", dest="end", metavar="DATE",
                   help=f"last day (default {DIARY_WEEKS} weeks on)")


def calendar(args: argparse.Namespace, h: Helpers) -> int:
    """``calendar --out F.ics [--from D --to D]``."""
    start = _day(args.start, "--from", date.today())
    end = _day(args.end, "--to", start + timedelta(weeks=DIARY_WEEKS))
    if end < start:
        raise UserFacingError("--to is before --from.")
    out = Path(args.out)
    app.check_target(out)
    opened = h.open(args)
    try:
        count = app.export_diary(opened.store, out, start, end)
    finally:
        opened.lock()
    print(f"Wrote {count} diary entr{'y' if count == 1 else 'ies'} from {uk_date(start)} to "
          f"{uk_date(end)} to {out}.")
    return 0
