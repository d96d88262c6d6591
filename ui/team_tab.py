"""My team: the SPO's (or ACO's) countersign queue, officers, cases and late changes.

Shown only to a manager. Every number comes from the officers' own rules engine over the
team's cases this desk holds; every action goes to the hub as the manager (PostgreSQL decides
who may), in a worker, and the tab redraws from what the hub then says.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from officer_desk import app
from officer_desk.countersign import STATUS_WORDS, Recommendation
from officer_desk.dates import uk_date, uk_datetime
from officer_desk.due import KIND_TITLES
from officer_desk.errors import ValidationError
from officer_desk.team_view import CaseLine, OfficerLine
from ui import tasks
from ui.controller import Controller
from ui.errors import show_error, show_info
from ui.form_dialog import Field, FormDialog
from ui.models.list_table_model import Column, ListTableModel
from ui.pack_builder import ask_path
from ui.team_work import Job, TeamWork
from ui.widgets import info_label

# Short words for a crowded column (the full titles are in each officer's Today).
SHORT_KINDS = {
    "induction": "induction", "sentence_plan": "plan", "review": "review",
    "absence_decision": "absence decision", "warning_letter": "warning letter",
    "breach_decision": "breach decision", "breach_to_court": "breach to court",
    "recall_report": "Part A report", "contact": "contact", "pss_end": "PSS breach",
    "home_visit_checkin": "visit check-in", "da_enquiry": "DA enquiry",
    "safeguarding_enquiry": "safeguarding enquiry", "enquiry_return": "enquiry answer",
    "review_on_change": "review after change",
}


def _overdue_words(counts: Any) -> str:
    if not counts:
        return "None"
    parts = [f"{n} {_plural(SHORT_KINDS.get(kind, KIND_TITLES.get(kind, kind)), n)}"
             for kind, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return f"{sum(counts.values())}: " + ", ".join(parts)


def _plural(words: str, n: int) -> str:
    if n == 1:
        return words
    head, _, last = words.rpartition(" ")
    last = last[:-1] + "ies" if last.endswith("y") and not last.endswith("ey") else last + "s"
    return f"{head} {last}".strip()


class QueueModel(ListTableModel[Recommendation]):
    """Recommendations waiting for my signature."""

    def __init__(self, names: Callable[[str], str], parent: Any = None) -> None:
        super().__init__((), parent)
        self.names = names

    @property
    def columns(self):  # type: ignore[override]
        return (Column("Case", lambda r: r.crn),
                Column("Person", lambda r: self.names(r.crn)),
                Column("Decision", lambda r: "Recall" if r.decision == "recall"
                       else "Not to recall"),
                Column("Where it stands", lambda r: STATUS_WORDS.get(r.status, r.status)),
                Column("Asked by", lambda r: r.requested_by))


class OfficerModel(ListTableModel[OfficerLine]):
    """One row per officer."""

    columns = (
        Column("Officer", lambda o: o.shown),
        Column("Cases", lambda o: str(len(o.cases)), lambda o: len(o.cases)),
        Column("Overdue", lambda o: _overdue_words(o.overdue), lambda o: sum(o.overdue.values())),
        Column("Decisions awaiting oversight", lambda o: str(o.awaiting_oversight),
               lambda o: o.awaiting_oversight),
        Column("Contact level kept", lambda o: "No periods yet" if o.compliance is None
               else f"{round(o.compliance * 100)}%", lambda o: o.compliance or 0),
        Column("No contact for weeks", lambda o: str(o.no_contact), lambda o: o.no_contact),
    )


class CaseModel(ListTableModel[CaseLine]):
    """The selected officer's cases."""

    columns = (
        Column("Case", lambda c: c.crn),
        Column("Person", lambda c: c.name),
        Column("Overdue", lambda c: _overdue_words(c.overdue), lambda c: sum(c.overdue.values())),
        Column("Awaiting oversight", lambda c: str(len(c.awaiting_oversight))),
        Column("Last contact", lambda c: uk_date(c.last_contact) or "None recorded",
               lambda c: c.last_contact or date.min),
        Column("Covered by", lambda c: c.cover or ""),
    )


class LateModel(ListTableModel[dict[str, Any]]):
    """Late changes from former officers."""

    columns = (
        Column("Case", lambda q: q["crn"]),
        Column("From", lambda q: q["from"]),
        Column("Entry", lambda q: q["record_type"].replace("_", " ")),
        Column("What changed", lambda q: "; ".join(
            f"{k.replace('_', ' ')}: {_value_words(v.get('new'))}"
            for k, v in q["changes"].items() if k not in ("type", "id", "event_id"))),
    )


def _value_words(value: Any) -> str:
    """A changed value as a person reads it: dates in UK form, codes in words."""
    if isinstance(value, str):
        try:
            return uk_datetime(datetime.fromisoformat(value)) if "T" in value else \
                uk_date(date.fromisoformat(value))
        except ValueError:
            return value.replace("_", " ") if value.islower() and " " not in value else value
    return "" if value is None else str(value)


def _table(name: str, model: ListTableModel[Any]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().hide()
    return view


def _selected(view: QTableView, model: ListTableModel[Any]) -> Any:
    rows = view.selectionModel().selectedRows()
    return model.row_object(rows[0].row()) if rows else None


class TeamTab(QWidget):
    """The manager's desk."""

    case_requested = Signal(str)  # a CRN to open, read only
    done = Signal(str)  # a sentence for the status bar
    changed = Signal()  # the hub said something new: sync

    def __init__(self, controller: Controller, work: TeamWork, parent: QWidget | None = None,
                 choose_path: Callable[[QWidget, str], Path | None] = ask_path) -> None:
        super().__init__(parent)
        self.controller = controller
        self.work = work
        self.choose_path = choose_path
        self.read: dict[int, str] = {}  # recommendation -> the Part A hash read on this desk
        self.dialog: FormDialog | None = None
        self.setAccessibleName("My team")
        layout = QVBoxLayout(self)
        self.intro = info_label("About my team", "team_intro")
        layout.addWidget(self.intro)

        box = QGroupBox("Countersign queue")
        inner = QVBoxLayout(box)
        self.queue_model = QueueModel(self._name, self)
        self.queue = _table("Countersign queue", self.queue_model)
        self.queue.setMaximumHeight(130)
        inner.addWidget(self.queue)
        row = QHBoxLayout()
        self.read_button = QPushButton("R&ead Part A…")
        self.read_button.setAccessibleName("Read the Part A as it stands")
        self.read_button.clicked.connect(self.read_part_a)
        self.sign_button = QPushButton("Cou&ntersign…")
        self.sign_button.setAccessibleName("Countersign the selected recommendation")
        self.sign_button.clicked.connect(self.ask_sign)
        row.addWidget(self.read_button)
        row.addWidget(self.sign_button)
        row.addStretch(1)
        inner.addLayout(row)
        layout.addWidget(box)

        box = QGroupBox("Officers")
        inner = QVBoxLayout(box)
        self.officer_model = OfficerModel((), self)
        self.officers = _table("Officers", self.officer_model)
        self.officers.setSortingEnabled(False)
        self.officers.setMinimumHeight(150)
        self.officers.horizontalHeader().setMaximumSectionSize(520)
        inner.addWidget(self.officers, 2)
        self.case_model = CaseModel((), self)
        self.cases = _table("Cases of the selected officer", self.case_model)
        self.cases.activated.connect(lambda _i: self.open_case())
        self.cases.setMinimumHeight(170)
        self.cases.horizontalHeader().setMaximumSectionSize(420)
        inner.addWidget(self.cases, 3)
        row = QHBoxLayout()
        self.open_button = QPushButton("&Open case (read only)")
        self.open_button.clicked.connect(self.open_case)
        self.transfer_button = QPushButton("T&ransfer…")
        self.transfer_button.setAccessibleName("Transfer the selected case")
        self.transfer_button.clicked.connect(self.ask_transfer)
        self.cover_button = QPushButton("&Give cover…")
        self.cover_button.setAccessibleName("Give cover for the selected officer")
        self.cover_button.clicked.connect(self.ask_cover)
        self.oversight_button = QPushButton("Record over&sight…")
        self.oversight_button.setAccessibleName("Record management oversight on the case")
        self.oversight_button.clicked.connect(self.ask_oversight)
        for b in (self.open_button, self.transfer_button, self.cover_button,
                  self.oversight_button):
            row.addWidget(b)
        row.addStretch(1)
        inner.addLayout(row)
        layout.addWidget(box, 1)
        self.officers.selectionModel().selectionChanged.connect(lambda *_: self._show_cases())

        box = QGroupBox("Late changes from former officers")
        inner = QVBoxLayout(box)
        self.late_model = LateModel((), self)
        self.late = _table("Late changes", self.late_model)
        self.late.setMaximumHeight(110)
        inner.addWidget(self.late)
        row = QHBoxLayout()
        self.take_button = QPushButton("Ta&ke as my edit")
        self.take_button.clicked.connect(lambda: self.decide_late("taken"))
        self.dismiss_button = QPushButton("&Dismiss")
        self.dismiss_button.setAccessibleName("Dismiss the late change")
        self.dismiss_button.clicked.connect(lambda: self.decide_late("dismissed"))
        row.addWidget(self.take_button)
        row.addWidget(self.dismiss_button)
        row.addStretch(1)
        inner.addLayout(row)
        layout.addWidget(box)

    # --- showing ------------------------------------------------------------------------------

    def _name(self, crn: str) -> str:
        person = self.controller.caseload.people.get(crn)
        return person.name if person else "Not on this desk yet (sync)"

    def refresh(self) -> None:
        """Redraw from the caseload and the hub's state as last synced."""
        me = self.work.state().get("me") or {}
        weeks = int(self.controller.policy.desktop.get("team_no_contact_weeks", 4))
        self.intro.setText(
            f"You are {me.get('username', '')} ({me.get('grade', '')}, team "
            f"{me.get('team', '')}). Counts use the same rules as each officer's Today; "
            f"“no contact” means none for {weeks} weeks. Cases open read only: record "
            "oversight here.")
        self.queue_model.set_rows(self.work.queue())
        keep = _selected(self.officers, self.officer_model)
        lines = self.work.lines(self.controller.today())
        self.officer_model.set_rows(lines)
        names = [o.username for o in lines]
        self.officers.selectRow(names.index(keep.username) if keep and keep.username in names
                                else 0)
        self._show_cases()
        self.late_model.set_rows(self.work.late_changes())
        self.queue.resizeColumnsToContents()
        for view in (self.queue, self.late):
            if view.model().rowCount():
                view.selectRow(0)
        self.officers.resizeColumnsToContents()

    def _show_cases(self) -> None:
        officer = _selected(self.officers, self.officer_model)
        self.case_model.set_rows(officer.cases if officer else [])
        if self.case_model.rowCount():
            self.cases.selectRow(0)
            self.cases.resizeColumnsToContents()

    # --- acting -------------------------------------------------------------------------------

    def _start(self, job: Callable[[], Job], said: Callable[[Any], str]) -> bool:
        try:
            work, bring_in = job()
        except Exception as exc:  # noqa: BLE001 - said to the manager, never a traceback
            show_error(self, exc)
            return False

        def finished(got: Any) -> None:
            if not self.controller.is_open:
                return  # locked meanwhile: the hub has it; the next sync brings it back
            answer = bring_in(got)
            self.refresh()
            self.done.emit(said(answer))
            self.changed.emit()

        tasks.start(work, finished, lambda exc: show_error(self, exc))
        return True

    def read_part_a(self) -> Path | None:
        """Lay out the Part A as this desk holds it, to read before signing."""
        rec = _selected(self.queue, self.queue_model)
        if rec is None:
            return None
        try:
            sha = self.work.part_a_sha(rec)
            inputs = self.controller.pack_inputs("recall", rec.event_id, rec.decision_id,
                                                 check=False)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return None
        path = self.choose_path(self, f"{rec.crn}-part-a-to-countersign.pdf")
        if path is None:
            return None
        try:
            self.controller.save_pdf(app.preview(inputs), path)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return None
        if sha != rec.content_sha256:
            show_error(self, ValidationError(
                "This Part A differs from the one sent for countersignature: the records on "
                "this desk have changed since (or not yet arrived). Sync and read it again; "
                "the hub will refuse a signature on other content."))
            self.read.pop(rec.id, None)
            return path
        self.read[rec.id] = sha
        show_info(self, f"Saved {path.name} to read. It is the Part A sent for "
                        f"countersignature (content {sha[:12]}…).")
        return path

    def ask_sign(self) -> FormDialog | None:
        """Record a rationale and countersign what was read."""
        rec = _selected(self.queue, self.queue_model)
        if rec is None:
            return None
        if rec.id not in self.read:
            show_error(self, ValidationError("Read the Part A first (Read Part A): a "
                                             "countersignature names what was read."))
            return None

        def submit(v: dict[str, Any]) -> None:
            if len(v["rationale"]) < 3:
                raise ValidationError("Give your rationale for countersigning.")
            self._start(lambda: self.work.sign_job(rec, v["rationale"], self.read[rec.id]),
                        lambda status: f"Countersigned {rec.crn}: "
                                       f"{STATUS_WORDS.get(status, status).lower()}.")

        self.dialog = FormDialog("Countersign", [
            Field("rationale", "Your rationale", "multiline",
                  help="Why you agree with the decision; printed on the Part A.")],
            self, intro=f"{self._name(rec.crn)} ({rec.crn}): "
                        f"{STATUS_WORDS.get(rec.status, rec.status)}.", submit=submit)
        self.dialog.open()
        return self.dialog

    def open_case(self) -> None:
        """Open the selected case, read only."""
        case = _selected(self.cases, self.case_model)
        if case is not None:
            self.case_requested.emit(case.crn)

    def _officers(self, team_only: bool = True) -> list[tuple[str, str]]:
        return [(s["username"], f"{s.get('name') or s['username']} ({s['grade']})")
                for s in self.work.state().get("staff", [])
                if not team_only or s["grade"] in ("PO", "PSO")]

    def ask_transfer(self) -> FormDialog | None:
        """Move the selected case to another officer in the team."""
        case = _selected(self.cases, self.case_model)
        if case is None:
            return None
        others = [o for o in self._officers() if o[0] != case.officer]

        def submit(v: dict[str, Any]) -> None:
            if not v["reason"]:
                raise ValidationError("Say why the case moves (it goes in the audit trail and "
                                      "to the central system).")
            self._start(lambda: self.work.transfer_job(case.crn, v["to"], v["reason"]),
                        lambda before: f"{case.crn} moves from {before} to {v['to']}; its "
                                       "history goes with it at their next sync.")

        self.dialog = FormDialog("Transfer a case", [
            Field("to", "Move to", "choice", others),
            Field("reason", "Reason")], self,
            intro=f"{case.name} ({case.crn}), held by {case.officer}.", submit=submit)
        self.dialog.open()
        return self.dialog

    def ask_cover(self) -> FormDialog | None:
        """A colleague covers the selected officer's cases until a date."""
        officer = _selected(self.officers, self.officer_model)
        if officer is None:
            return None
        others = [o for o in self._officers() if o[0] != officer.username]

        def submit(v: dict[str, Any]) -> None:
            if v["until"] < self.controller.today():
                raise ValidationError("Cover ends today or later.")
            self._start(lambda: self.work.cover_job(officer.username, v["cover"], v["until"],
                                                    v["reason"]),
                        lambda n: f"{v['cover']} covers {n} case(s) of {officer.username} "
                                  f"until {uk_date(v['until'])}.")

        self.dialog = FormDialog("Give cover", [
            Field("cover", "Covered by", "choice", others),
            Field("until", "Last day of cover", "date", default=self.controller.today()),
            Field("reason", "Reason")], self,
            intro=f"{officer.username}'s {len(officer.cases)} case(s).", submit=submit)
        self.dialog.open()
        return self.dialog

    def ask_oversight(self) -> FormDialog | None:
        """A management-oversight entry on the selected case (it syncs to the officer)."""
        case = _selected(self.cases, self.case_model)
        if case is None:
            return None
        files = self.controller.case(case.crn).events_of(case.crn)
        if not files:
            return None
        events = [(f.event.id, f"{f.event.kind.label}, from {uk_date(f.event.begins)}")
                  for f in files]
        decisions = [("", "None in particular")] + [
            (e.id, f"{e.decision.value.replace('_', ' ').capitalize()}, "
                   f"{uk_date(e.decided_at.date())}")
            for f in files for e in f.enforcements]
        me = self.work.state().get("me") or {}
        from officer_desk import services

        def submit(v: dict[str, Any]) -> None:
            self.controller.run(services.record_oversight, v["event"],
                                self.controller.clock().replace(second=0, microsecond=0),
                                me.get("username", ""), v["note"], grade=me.get("grade"),
                                about=v["about"] or None)
            self.refresh()
            self.done.emit(f"Oversight recorded on {case.crn}; it reaches "
                           f"{case.officer} at the next sync.")
            self.changed.emit()

        self.dialog = FormDialog("Record management oversight", [
            Field("event", "Order or licence", "choice", events, default=events[-1][0]),
            Field("about", "Decision overseen", "choice", decisions,
                  default=case.awaiting_oversight[0] if case.awaiting_oversight else ""),
            Field("note", "What you read and decided", "multiline")], self,
            intro=f"{case.name} ({case.crn}), {case.officer}'s case.", submit=submit)
        self.dialog.open()
        return self.dialog

    def decide_late(self, decision: str) -> None:
        """Take or dismiss the selected late change."""
        late = _selected(self.late, self.late_model)
        if late is None:
            return
        self._start(lambda: self.work.decide_late_job(late, decision),
                    lambda _d: f"Late change on {late['crn']} "
                               f"{'taken as your edit' if decision == 'taken' else 'dismissed'}.")
