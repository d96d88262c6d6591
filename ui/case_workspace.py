"""The case workspace: the person, the ASPIRE stage rail, the timeline and every action.

The recording forms live in ``ui.case_forms``; this module shows the case and wires the
buttons, the wizard, printing and the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from officer_desk.aspire import stage_statuses
from officer_desk.audit_words import sentence
from officer_desk.caseload import EventFile
from officer_desk.compliance import compliance_summary
from officer_desk.contact_levels import contact_periods, level_for
from officer_desk.dates import uk_date, uk_datetime
from officer_desk.errors import ValidationError
from officer_desk.packs import PACK_TITLES
from officer_desk.requirements_progress import progress
from officer_desk.timeline import timeline
from ui.assessment_forms import AssessmentForms
from ui.case_forms import CaseForms
from ui.controller import Controller
from ui.flow_layout import FlowLayout, flow_policy
from ui.form_dialog import Field, FormDialog
from ui.issued_documents import IssuedDocumentsDialog
from ui.models.table_models import TimelineModel
from ui.views import compact, fit_columns, keep_order, make_table
from ui.widgets import info_label

# Every month's name at its widest day and time: the timeline's "When" column fits any entry.
WIDEST_WHEN = [uk_datetime(datetime(2028, month, 28, 8, 8)) for month in range(1, 13)]

STATE_STYLE = {
    "done": "background:#e3f1e6; color:#1d4d2b;",
    "due": "background:#fff4d6; color:#5c4400;",
    "overdue": "background:#fbe0e0; color:#7a1212; font-weight:bold;",
    "missing": "background:#fbe0e0; color:#7a1212;",
    "none": "background:#eef0f3; color:#333;",
}




SHORTCUT_KEYS = {"Enquiry": "Ctrl+Shift+E", "Change of circumstances": "Ctrl+Shift+C",
                 "Inspection readiness": "Ctrl+Shift+R", "Subject access copy": "Ctrl+Shift+A"}
READ_ONLY_BUTTONS = ("Print", "Audit trail", "Issued letters and packs", "Inspection readiness")


class CaseWorkspace(CaseForms, AssessmentForms):
    """One person and one of their events at a time."""

    wizard_requested = Signal(str, str)  # event_id, "breach" | "recall"
    # event_id, pack kind, PDF password ("" for none), letter form ("auto", "english", ...)
    print_requested = Signal(str, str, str, str)
    reprint_requested = Signal(object)  # an IssuedDocument

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.crn = ""
        self.event_id = ""
        self.dialog: FormDialog | None = None
        self.read_only: Callable[[str], bool] = lambda _crn: False
        self.holder_of: Callable[[str], str | None] = lambda _crn: None
        self.setAccessibleName("Case workspace")
        layout = QVBoxLayout(self)
        self.header = info_label("Person", "case_header",
                                 "Open a case from Today or the Caseload.")
        # Reached by Tab and given focus when a case opens: the first thing read is who this is.
        self.header.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        layout.addWidget(self.header)
        self.event_header = info_label("Order or licence", "event_header")
        layout.addWidget(self.event_header)
        row = QHBoxLayout()
        self.events = QComboBox()
        self.events.setAccessibleName("Event")
        label = QLabel("&Event:")
        label.setBuddy(self.events)
        row.addWidget(label)
        row.addWidget(self.events, 1)
        layout.addLayout(row)
        self.events.currentIndexChanged.connect(self._event_changed)

        # The case's actions, right under the person: they wrap into more rows on a narrow
        # window and never fall below the screen's edge (the timeline below takes what is left).
        self.action_area = QWidget()
        self.action_area.setAccessibleName("Case actions")
        grid = FlowLayout(self.action_area)
        grid.setContentsMargins(0, 0, 0, 0)
        flow_policy(self.action_area)
        layout.addWidget(self.action_area)

        self.rail = QHBoxLayout()
        self.stage_labels: dict[str, QLabel] = {}  # the stages shown for the current event
        # One label per stage, made once and reused: making and styling new labels on every
        # case opened was a third of the time it took to open one.
        self._rail_labels: dict[str, QLabel] = {}
        layout.addLayout(self.rail)
        self.compliance = info_label("Compliance summary", "compliance_summary")
        layout.addWidget(self.compliance)

        self.timeline_model = TimelineModel()
        self.timeline, self.timeline_proxy = make_table("Timeline", self.timeline_model)
        compact(self.timeline)
        self.timeline.activated.connect(lambda _i: self.open_entry())
        layout.addWidget(self.timeline, 1)

        # One Alt+letter each, none shared with the tabs (Today, Caseload, Case), the menus
        # (File, Help) or the Event field.
        actions = [
            ("Record &outcome", self.record_outcome),
            ("&New appointment", self.new_appointment),
            ("Re&schedule", self.reschedule),
            ("A&dd contact", self.add_contact),
            ("P&lan home visit", self.plan_home_visit),
            ("Record home v&isit", self.record_home_visit),
            ("Assess&ment", self.add_assessment),
            ("Sentence &plan", self.add_plan),
            ("Revie&w", self.add_review),
            ("Issue warnin&g", self.issue_warning),
            ("&Breach or recall…", self.open_wizard),
            ("P&rint…", self.print_menu),
            ("A&udit trail", self.show_audit),
            ("Correct or &void…", self.correct_or_void),
            ("Issued letters and pac&ks…", self.show_documents),
            # Tab reaches these; every letter that is left would clash with another control.
            ("Enquiry…", self.record_enquiry),
            ("Change of circumstances…", self.record_change),
            ("Inspection readiness…", self.show_readiness),
            ("Subject access copy…", self.subject_access_copy),
        ]
        self.buttons: dict[str, QPushButton] = {}
        for text, slot in actions:
            button = QPushButton(text)
            name = text.replace("&", "").replace("…", "")
            button.setAccessibleName(name)
            button.setObjectName(name.lower().replace(" ", "_"))
            button.clicked.connect(slot)
            grid.addWidget(button)
            self.buttons[name] = button
        # Those that no free letter is left for have keys of their own (Help lists them).
        for name, keys in SHORTCUT_KEYS.items():
            self.buttons[name].setShortcut(QKeySequence(keys))
            self.buttons[name].setToolTip(f"{name} ({keys})")
        self._enable(False)

    # --- showing ----------------------------------------------------------------------------

    def _enable(self, on: bool) -> None:
        # A manager reads an officer's case; only reading it, printing and its trail are open.
        reading = on and self.read_only(self.crn)
        for name, b in self.buttons.items():
            b.setEnabled(on and (not reading or name in READ_ONLY_BUTTONS))

    def show_case(self, crn: str, event_id: str = "") -> None:
        """Show a person, on the given event or their first running one."""
        c = self.controller
        person = c.caseload.people.get(crn)
        if person is None:
            return
        self.crn = crn
        files = c.case(crn).events_of(crn)
        today = c.today()
        running = [f for f in files if f.event.end_date is None or f.event.end_date >= today]
        choice = event_id or (running or files or [None])[-1]
        choice = choice.event.id if isinstance(choice, EventFile) else choice
        self.events.blockSignals(True)
        self.events.clear()
        for f in files:
            e = f.event
            ended = " (ended)" if e.end_date and e.end_date < today else ""
            self.events.addItem(f"{e.kind.label}, from {uk_date(e.begins)}{ended}", e.id)
        self.events.setCurrentIndex(max(0, self.events.findData(choice)))
        self.events.blockSignals(False)
        address = person.current_address
        where = ", ".join([*(address.lines if address else []), address.postcode or ""]
                          ) if address else "no address"
        flags = f" · Flags: {', '.join(person.flags)}" if person.flags else ""
        reading = (f" · <i>Read only: {self.holder_of(crn)}'s case (record oversight from My "
                   "team)</i>" if self.read_only(crn) else "")
        self.header.setText(f"<b>{person.name}</b> · CRN {person.crn} · born "
                            f"{uk_date(person.date_of_birth) or 'not recorded'} · {where}{flags}"
                            f"{reading}")
        self._event_changed()

    def _event_changed(self) -> None:
        self.event_id = self.events.currentData() or ""
        self.refresh()

    def refresh(self) -> None:
        """Redraw the rail, summary and timeline for the current event."""
        ef = self.file
        self._enable(ef is not None)
        self.stage_labels.clear()
        if ef is None:
            for label in self._rail_labels.values():
                label.hide()
            self.timeline_model.set_rows([])
            self.compliance.setText("")
            self.event_header.setText("")
            return
        c = self.controller
        self.event_header.setText(event_summary(ef, c.caseload.people.get(ef.event.crn),
                                                c.today()))
        for position, status in enumerate(stage_statuses(ef, c.today(), c.policy,
                                                         c.caseload.people.get(ef.event.crn))):
            label = self._rail_label(status.stage, position)
            label.setText(f"<b>{status.label}</b><br>{status.state}: {status.detail}")
            label.setToolTip("An inspector would find missing:\n"
                             + "\n".join(f"• {g}" for g in status.gaps) if status.gaps else "")
            if label.property("state") != status.state:
                label.setProperty("state", status.state)
                label.setStyleSheet(STATE_STYLE[status.state] + "padding:6px; border-radius:4px;")
            label.setAccessibleName(f"{status.label}: {status.state}, {status.detail}"
                                    + (": " + " ".join(status.gaps) if status.gaps else ""))
            label.show()
            self.stage_labels[status.stage] = label
        for stage, label in self._rail_labels.items():
            if stage not in self.stage_labels:
                label.hide()
        s = compliance_summary(ef, c.today(), c.policy)
        live = "; ".join(f"given {uk_date(w.date)}, lapses {uk_date(lapse)}"
                         for w, lapse in s.live_warnings) or "none"
        periods = [p for p in contact_periods(ef, c.today(), c.policy) if p.required]
        recent = periods[-12:]
        short = sum(p.short for p in recent)
        contact = (f" Contact ({level_for(ef, c.policy)} level): {len(recent) - short} of "
                   f"{len(recent)} recent periods met" + (f", <b>{short} short</b>." if short
                                                          else ".")) if recent else ""
        self.compliance.setText(
            f"Last 12 months: {s.failures_12m} failure(s) — {s.acceptable_12m} acceptable, "
            f"{s.unacceptable_12m} unacceptable, {s.pending_12m} awaiting a decision. "
            f"Live warnings: {live}. Breaches: {s.breaches}; recalls: {s.recalls}.{contact}")
        keep_order(self.timeline, self.timeline_proxy, Qt.SortOrder.DescendingOrder)
        entries = timeline(ef)  # newest first already
        self.timeline_model.set_rows(entries)
        # Sized from what the columns can hold: any day and time, each kind of entry once.
        fit_columns(self.timeline, {0: WIDEST_WHEN, 1: {entry.what for entry in entries}})

    def _rail_label(self, stage: str, position: int) -> QLabel:
        """The stage's label on the rail, at ``position`` (made the first time it is shown)."""
        label = self._rail_labels.get(stage)
        if label is None:
            label = QLabel()
            label.setWordWrap(True)
            label.setObjectName(f"stage_{stage}")
            self._rail_labels[stage] = label
        if self.rail.indexOf(label) != position:
            self.rail.removeWidget(label)
            self.rail.insertWidget(position, label, 1)
        return label

    # --- forms ------------------------------------------------------------------------------

    def open_wizard(self) -> None:
        """Breach (orders, PSS) or recall (licence) wizard."""
        ef = self.file
        if ef is not None:
            self.wizard_requested.emit(ef.event.id,
                                       "recall" if ef.event.kind.value == "licence" else "breach")

    def print_menu(self) -> None:
        """Ask which document to print."""
        ef = self.file
        if ef is None:
            return
        kinds = {"community_order": ["warning-letter", "breach", "sentence-plan", "home-visit"],
                 "suspended_sentence_order": ["warning-letter", "breach", "sentence-plan",
                                              "home-visit"],
                 "licence": ["recall", "dntr", "sentence-plan", "home-visit"],
                 "pss": ["pss-breach", "sentence-plan", "home-visit"]}[ef.event.kind.value]
        kinds = [*kinds, "readiness"]

        def submit(v: dict[str, Any]) -> None:
            if v["password"] != v["again"]:
                raise ValidationError("The two passwords differ.")
            self.print_requested.emit(self.event_id, v["kind"], v["password"], v["form"])

        self._form("Print", [
            Field("kind", "Document", "choice", [(k, PACK_TITLES[k]) for k in kinds], kinds[0]),
            Field("form", "Letter form", "choice",
                  [("auto", "In the person's language"), ("english", "English"),
                   ("welsh", "Welsh and English"), ("easy-read", "Easy read (English)"),
                   ("welsh-easy-read", "Easy read (Welsh and English)")], "auto",
                  help="For warning letters and decision-not-to-recall letters."),
            Field("password", "Password to open the PDF (optional)", "secret",
                  help="Protects the file with AES-256; give the password to the reader "
                       "separately."),
            Field("again", "Password again", "secret"),
        ], submit)

    def show_documents(self) -> IssuedDocumentsDialog:
        """The person's issued letters and packs, each reprintable exactly as issued."""
        dialog = IssuedDocumentsDialog(self.controller.issued_documents(self.crn),
                                       self.reprint_requested.emit, self)
        self.documents_dialog = dialog
        dialog.open()
        return dialog

    def show_audit(self) -> QDialog:
        """Who did what to this person's records, and when (newest first)."""
        entries = self.controller.audit_entries(self.crn)
        dialog = QDialog(self)
        dialog.setWindowTitle("Audit trail")
        dialog.setAccessibleName("Audit trail")
        layout = QVBoxLayout(dialog)
        text = QPlainTextEdit()
        text.setReadOnly(True)
        text.setAccessibleName("Audit entries")
        text.setPlainText("\n".join(
            sentence(e.at, e.actor, e.action, e.record_type, e.detail) for e in entries)
            or "No changes to this person's records since they came in with an import (imports "
               "are in the caseload's own trail: officer-desk audit list).")
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.resize(760, 480)
        self.audit_dialog = dialog
        dialog.open()
        return dialog

    def subject_access_copy(self) -> None:
        """Everything held on the person, for a subject access request (ui.subject_access_copy)."""
        from ui.subject_access_copy import make_copy

        make_copy(self, self.controller, self.crn)

    def now(self) -> datetime:
        """The controller's clock."""
        return self.controller.clock()


def event_summary(ef: EventFile, person: object, today: date) -> str:
    """RoSH, MAPPA, tier, the end date and each requirement's progress, in one line."""
    e = ef.event
    parts = [f"<b>RoSH {e.rosh.label.lower()}</b>" if e.rosh else "RoSH not recorded"]
    if e.mappa and (e.mappa.category or e.mappa.level):
        parts.append(f"MAPPA category {e.mappa.category or '?'}, level {e.mappa.level or '?'}")
    tier = e.extra.get("tier") or (getattr(person, "extra", {}) or {}).get("tier")
    if tier:
        parts.append(f"Tier {tier}")
    if e.end_date:
        verb = "ended" if e.end_date < today else "ends"
        parts.append(f"{e.kind.label} {verb} {uk_date(e.end_date)}")
    else:
        parts.append(f"{e.kind.label}: end date not recorded")
    parts += [f"{p.name}: {p.text}" for p in progress(ef, today)]
    return " · ".join(parts)
