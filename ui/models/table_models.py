"""The desktop's table models: caseload, due items, diary, timeline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtGui import QColor

from officer_desk.dates import uk_date, uk_datetime, uk_zone_name
from officer_desk.due import DueItem
from officer_desk.overview import CaseRow, DiaryEntry
from officer_desk.timeline import TimelineEntry
from officer_desk.today import PRIORITY_LABELS, countdown, priority, sort_key
from ui.models.list_table_model import OVERDUE, Column, ListTableModel


def _due_text(item: DueItem) -> str:
    if isinstance(item.due, datetime):  # an hour-counted deadline: exact, with GMT or BST
        return f"{uk_datetime(item.due)} {uk_zone_name(item.due)}"
    return uk_date(item.due)


class CaseTableModel(ListTableModel[CaseRow]):
    """One row per person (rows from ``officer_desk.overview.case_rows``); read-only."""

    columns = (
        Column("Name", lambda r: r.name, lambda r: r.name.casefold()),
        Column("CRN", lambda r: r.crn),
        Column("Sentence", lambda r: r.event_kinds),
        Column("ROSH", lambda r: r.rosh.label if r.rosh else "", lambda r: r.rosh_rank),
        Column("Next appointment", lambda r: uk_datetime(r.next_appointment),
               lambda r: r.next_appointment.isoformat() if r.next_appointment else "9999"),
        Column("Overdue", lambda r: str(r.overdue) if r.overdue else "", lambda r: r.overdue),
        Column("Open items", lambda r: str(r.due), lambda r: r.due),
    )

    def emphasis(self, obj: CaseRow) -> QColor | None:
        return OVERDUE if obj.overdue else None


class DueTableModel(ListTableModel[DueItem]):
    """Open items from the rules engine in the order to work them; read-only.

    Urgent (hours-counted, a visitor's safety) first, then enforcement, case stages and
    contact; within each, the earliest deadline. The countdown says how long is left.
    """

    def __init__(self, names: dict[str, str] | None = None, parent=None,
                 clock: Callable[[], datetime] = datetime.now) -> None:
        super().__init__((), parent)
        self.names = names or {}
        self.notes: dict[tuple[str, str | None], str] = {}  # e.g. where a countersign stands
        self.clock = clock
        self.columns = (
            Column("Priority", lambda i: PRIORITY_LABELS[priority(i)], _order),
            Column("Time left", lambda i: countdown(i, self.clock()), _order),
            Column("Due", _due_text, _order),
            Column("Name", lambda i: self.names.get(i.crn, i.crn)),
            Column("CRN", lambda i: i.crn),
            Column("What", self._what),
        )

    def set_notes(self, notes: dict[tuple[str, str | None], str]) -> None:
        """New notes beside the items, the rows (and the selection) left as they are."""
        if notes == self.notes:
            return
        self.notes = notes
        what = len(self.columns) - 1
        self.forget_texts(what)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, what), self.index(self.rowCount() - 1, what))

    def _what(self, item: DueItem) -> str:
        note = self.notes.get((item.kind, item.ref))
        return f"{item.title}: {note}" if note else item.title

    def emphasis(self, obj: DueItem) -> QColor | None:
        return OVERDUE if obj.overdue else None


def _order(item: DueItem) -> str:
    p, due, crn, kind = sort_key(item)
    return f"{p}|{due}|{crn}|{kind}"


class DiaryModel(ListTableModel[DiaryEntry]):
    """Appointments with the person's name (today's, or awaiting an outcome); read-only."""

    columns = (
        Column("When", lambda d: uk_datetime(d.appointment.start),
               lambda d: d.appointment.start.isoformat()),
        Column("Name", lambda d: d.name),
        Column("CRN", lambda d: d.crn),
        Column("Appointment", lambda d: d.appointment.kind.label),
        Column("Where", lambda d: d.appointment.location or ""),
        Column("Outcome", lambda d: d.appointment.outcome.label if d.appointment.outcome
               else "Not recorded"),
    )


class TimelineModel(ListTableModel[TimelineEntry]):
    """One event's history, newest first (from ``officer_desk.timeline``); read-only."""

    columns = (
        Column("When", lambda t: uk_datetime(t.at) if t.at.time() != datetime.min.time()
               else uk_date(t.at), lambda t: t.at.isoformat()),
        Column("What", lambda t: t.what),
        Column("Detail", lambda t: ("[sensitive] " if t.sensitive else "") + t.detail),
    )
