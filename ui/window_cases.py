"""Going to a case and acting on it: from Today's items, Find, the wizards and printing;
the window's title says where the officer is."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QMessageBox,
)

from officer_desk.dates import uk_datetime
from officer_desk.due import DueItem
from officer_desk.packs import LETTER_KINDS
from ui.enforcement_wizard import EnforcementWizard

# The print dialog's letter forms: the person's language by default.
LETTER_FORMS = {"auto": None, "english": "", "welsh": "cy", "easy-read": "easy-read",
                "welsh-easy-read": "easy-read-cy"}


class CaseActions:
    """Going to a case and acting on it: from Today's items, Find, the wizards and printing;"""

    def open_case(self, crn: str, event_id: str = "") -> None:
        """Show a case in the workspace."""
        self.workspace.show_case(crn, event_id)
        self.tabs.setCurrentWidget(self.workspace)
        self.workspace.header.setFocus(Qt.FocusReason.OtherFocusReason)
        self._title()

    def act_on(self, item: DueItem) -> None:
        """Open the case and the form that deals with a due item."""
        self.open_case(item.crn, item.event_id)
        w = self.workspace
        actions = {
            "absence_decision": lambda: w.record_outcome(item.ref),
            "warning_letter": w.issue_warning,
            "breach_decision": w.open_wizard,
            "pss_end": w.open_wizard,
            "breach_to_court": lambda: w.mark_submitted(item.ref),
            # On a team hub the Part A waits for countersignature: the wizard, at its pack.
            "recall_report": (lambda: self.open_wizard(item.event_id, "recall", item.ref))
            if self.controller.hub_linked() else lambda: w.mark_submitted(item.ref),
            "home_visit_checkin": w.record_home_visit,
            "induction": w.new_appointment,
            "contact": w.add_contact,
            "sentence_plan": w.add_plan,
            "review": w.add_review,
        }
        action = actions.get(item.kind)
        if action is not None:
            action()

    def record_outcome(self, appointment_id: str) -> None:
        """Open the case holding the appointment and its outcome form."""
        for ef in self.controller.caseload.events.values():  # not-yet-held ones are all there
            if any(a.id == appointment_id for a in ef.appointments):
                self.open_case(ef.event.crn, ef.event.id)
                self.workspace.record_outcome(appointment_id)
                return

    def open_wizard(self, event_id: str, mode: str,
                    decision_id: str | None = None) -> EnforcementWizard:
        """The breach or recall wizard for an event (at its pack, for a decision made)."""
        self.wizard = EnforcementWizard(self.controller, event_id, mode, self, self.builder,
                                        decision_id=decision_id)
        self.wizard.finished.connect(lambda _r: self.workspace.refresh())
        self.wizard.open()
        return self.wizard

    def print_document(self, event_id: str, kind: str, password: str = "",
                       form: str = "auto") -> None:
        """Check and build a document, then save where the officer chooses."""
        self.builder.build(kind, event_id, password=password or None,
                           variant=LETTER_FORMS[form] if kind in LETTER_KINDS else None)

    def _find(self) -> None:
        self.tabs.setCurrentWidget(self.caseload)
        self.caseload.search.setFocus()

    def _title(self) -> None:
        """The window says where the officer is: the section, and on a case whose it is (a
        screen reader's window list and the taskbar read it)."""
        screen = self.tabs.currentWidget()
        person = self.controller.caseload.people.get(self.workspace.crn) \
            if self.controller.is_open and screen is self.workspace else None
        where = person.name if person is not None else (
            screen.accessibleName() if screen is not None else "")
        self.setWindowTitle(f"{where} — Officer Desk" if where else "Officer Desk")

    def check_in_alerts(self) -> QMessageBox | None:
        """Alert once for each home visit whose check-in time has passed with no record."""
        c = self.controller
        if not c.is_open:
            return None
        now = c.clock()
        missed = [i for i in c.items if i.kind == "home_visit_checkin" and i.ref
                  and i.ref not in self.alerted
                  and (i.due if isinstance(i.due, datetime) else datetime.combine(
                      i.due, datetime.min.time())) <= now]
        if not missed:
            return None
        names = c.names()
        self.alerted.update(i.ref for i in missed if i.ref)
        lines = [f"{names.get(i.crn, i.crn)} ({i.crn}): check-in was due {uk_datetime(i.due)}"
                 for i in missed]
        box = QMessageBox(QMessageBox.Icon.Warning, "Home visit check-in missed",
                          "No outcome has been recorded for these home visits and the check-in "
                          "time has passed. Contact the visiting officer now; follow the "
                          "lone-working procedure if they cannot be reached.\n\n"
                          + "\n".join(lines), QMessageBox.StandardButton.Ok, self)
        box.setAccessibleName("Home visit check-in missed")
        box.open()
        self.checkin_alert = box
        return box
