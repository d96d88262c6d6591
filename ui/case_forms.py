"""The case workspace's recording forms: outcomes, appointments, contacts, visits, plans.

Each form's Save calls an ``officer_desk.services`` function through the controller; a refusal
keeps the form open with the reason. After a failure is judged, the next step the rules offer
(warning, breach, recall) is said plainly. ``CaseWorkspace`` mixes these in.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import QWidget

from officer_desk import services
from officer_desk.caseload import EventFile
from officer_desk.compliance import prior_warning
from officer_desk.dates import uk_datetime
from officer_desk.errors import ValidationError
from officer_desk.model import Absence, ContactMode
from officer_desk.timeline import TimelineEntry, full_text
from ui.appointment_forms import AppointmentForms, _choices
from ui.controller import Controller
from ui.errors import show_info, show_text
from ui.form_dialog import Field, FormDialog
from ui.views import selected


class CaseForms(AppointmentForms, QWidget):
    """Forms over the case on show (``crn``, ``event_id``, ``file``, ``timeline``)."""

    controller: Controller
    crn: str
    event_id: str
    dialog: FormDialog | None

    @property
    def file(self) -> EventFile | None:
        """The event on show, with its full history."""
        return self.controller.event_file(self.event_id)

    def refresh(self) -> None:
        """Redraw after a save (the workspace draws the rail and timeline)."""

    def _form(self, title: str, fields: list[Field], submit, intro: str = "") -> FormDialog:
        dialog = FormDialog(title, fields, self, intro, submit)
        self.dialog = dialog
        dialog.open()
        return dialog






    def add_contact(self) -> FormDialog:
        """A contact log entry: what was done, how, and why."""
        c = self.controller

        def submit(v: dict[str, Any]) -> None:
            if not v["summary"]:
                raise ValidationError("Say what the contact was about.")
            c.run(services.add_contact, self.event_id, v["at"], ContactMode(v["mode"]),
                  v["summary"], v["sensitive"])
            self.refresh()

        return self._form("Add contact", [
            Field("at", "When", "datetime", default=c.clock().replace(second=0, microsecond=0)),
            Field("mode", "How", "choice", _choices(ContactMode), "telephone"),
            Field("summary", "What was done and why", "multiline"),
            Field("sensitive", "Sensitive (withhold from packs)", "bool"),
        ], submit)

    def plan_home_visit(self) -> FormDialog:
        """Plan a visit with the visitor's safety information and a check-in time."""
        c = self.controller
        person = c.caseload.people[self.crn]
        address = person.current_address
        when = (c.clock() + timedelta(days=1)).replace(hour=11, minute=0, second=0, microsecond=0)

        def submit(v: dict[str, Any]) -> None:
            c.run(services.plan_home_visit, self.event_id, v["planned_at"], purpose=v["purpose"],
                  address=v["address"], risk_info=v["risk_info"],
                  second_worker=v["second_worker"], checkin_by=v["checkin_by"])
            self.refresh()

        return self._form("Plan home visit", [
            Field("planned_at", "When", "datetime", default=when),
            Field("purpose", "Purpose", "multiline"),
            Field("address", "Address", default=", ".join(
                [*(address.lines if address else []), address.postcode or ""]) if address else ""),
            Field("risk_info", "Risk to the visitor (dogs, weapons, others, violence)",
                  "multiline"),
            Field("second_worker", "Second worker needed", "bool"),
            Field("checkin_by", "Check in with the office by", "datetime",
                  default=when + timedelta(minutes=90)),
        ], submit)

    def record_home_visit(self) -> FormDialog | None:
        """Record what happened on the latest planned visit."""
        ef = self.file
        planned = [h for h in ef.home_visits if h.done_at is None] if ef else []
        if not planned:
            show_info(self, "Plan the home visit first.")
            return None
        visit = planned[-1]
        c = self.controller

        def submit(v: dict[str, Any]) -> None:
            c.run(services.record_home_visit, visit.id, v["done_at"], v["outcome"],
                  notes=v["notes"], people_present=v["people_present"], children=v["children"],
                  accommodation=v["accommodation"], safeguarding=v["safeguarding"],
                  now=c.clock())
            self.refresh()

        return self._form("Record home visit", [
            Field("done_at", "When", "datetime", default=visit.planned_at),
            Field("outcome", "Outcome", "choice",
                  [("seen", "Seen"), ("not in", "Not in"), ("refused", "Refused entry"),
                   ("address not as stated", "Address not as stated")], "seen"),
            Field("people_present", "Who was present"),
            Field("children", "Children in the home"),
            Field("accommodation", "Accommodation observations", "multiline"),
            Field("safeguarding", "Safeguarding concerns", "multiline"),
            Field("notes", "Notes", "multiline"),
        ], submit)

    def add_review(self) -> FormDialog:
        """A review of risk and plan."""
        c = self.controller

        def submit(v: dict[str, Any]) -> None:
            c.run(services.record_review, self.event_id, v["on"], v["notes"])
            self.refresh()

        return self._form("Review", [Field("on", "Completed on", "date", default=c.today()),
                                     Field("notes", "What changed in risk and plan",
                                           "multiline")], submit)

    def issue_warning(self) -> FormDialog | None:
        """Record a warning for unacceptable failures that have none yet."""
        ef = self.file
        if ef is None:
            return None
        warned = {f for w in ef.warnings for f in w.failure_ids}
        open_ = [a for a in ef.failures if a.judgement is Absence.UNACCEPTABLE
                 and a.id not in warned]
        if not open_:
            show_info(self, "There is no unacceptable failure without a warning on this event.")
            return None
        c = self.controller
        # One warning in 12 months: a failure inside a live warning is referred for breach.
        referred = [a for a in open_ if ef.event.kind.is_order
                    and prior_warning(ef, a, c.today(), c.policy) is not None]
        open_ = [a for a in open_ if a not in referred]
        if not open_:
            self.next_step = show_info(
                self, "Each unacceptable failure without a warning falls within 12 months of a "
                      "warning already given, so it is referred for breach, not warned again "
                      "(Sentencing Act 2020 Sch 10 para 6). Use Breach or recall: not breaching "
                      "is recorded there, with the exceptional reason and your manager's "
                      "agreement.")
            return None

        def submit(v: dict[str, Any]) -> None:
            c.run(services.issue_warning, self.event_id, v["on"], v["failures"],
                  policy=c.policy)
            self.refresh()
            self.print_requested.emit(self.event_id, "warning-letter", "", "auto")

        return self._form("Issue warning", [
            Field("on", "Warning date", "date", default=c.today()),
            Field("failures", "For the failures", "checklist",
                  [(a.id, f"{uk_datetime(a.start)}: {a.outcome.label if a.outcome else ''}")
                   for a in open_], [a.id for a in open_]),
        ], submit, intro=(
            "The letter prints next, with the respond-by date and the 12-month liability "
            "worked out for you." if ef.event.kind.is_order else
            "A warning on a licence or post-sentence supervision is an alternative to recall or "
            "breach: discuss it with your manager. The letter prints next and says what follows "
            "another failure."))

    def mark_submitted(self, enforcement_id: str | None) -> FormDialog | None:
        """Record that a breach was laid at court, or a Part A sent to PPCS (date and time)."""
        ef = self.file
        enf = next((e for e in ef.enforcements if e.id == enforcement_id), None) if ef else None
        if enf is None:
            return None
        c = self.controller
        where = "laid at court" if enf.decision.value == "breach" else "sent to PPCS"

        def submit(v: dict[str, Any]) -> None:
            c.run(services.mark_submitted, enf.id, v["at"], now=c.clock())
            self.refresh()

        return self._form(f"Record the {enf.decision.value} {where}", [
            Field("at", f"When it was {where}", "datetime",
                  default=c.clock().replace(second=0, microsecond=0))], submit,
            intro=f"Decision of {uk_datetime(enf.decided_at)}. Print the pack first if it has "
                  "not gone yet (Print…).")

    def correct_or_void(self) -> FormDialog | None:
        """Correct or void the entry selected in the timeline, with a reason (audited)."""
        entry: TimelineEntry | None = selected(self.timeline)
        if entry is None or entry.voided:
            show_info(self, "Select an entry in the timeline first (a voided entry stays as "
                            "it was).")
            return None
        kind, record_id = entry.ref
        c = self.controller
        choices = [("void", "Void it: it was recorded in error")]
        if kind == "appointment":
            choices.append(("undo_outcome", "Remove its outcome: it has not been held"))
        choices.append(("when", "Correct the date and time"))
        date_field = {"appointment": "start", "contact": "at", "enforcement": "decided_at",
                      "home_visit": "planned_at"}.get(kind)
        if date_field is None:
            choices.pop()

        def submit(v: dict[str, Any]) -> None:
            reason = v["reason"].strip()
            if v["action"] == "void":
                c.run(services.void_record, kind, record_id, reason, c.clock())
            elif v["action"] == "undo_outcome":
                c.run(services.correct_record, kind, record_id,
                      {"outcome": None, "absence": None, "absence_decided_on": None}, reason,
                      c.clock())
            else:
                c.run(services.correct_record, kind, record_id,
                      {date_field: v["when"].isoformat(timespec="minutes")}, reason, c.clock())
            self.refresh()

        return self._form("Correct or void an entry", [
            Field("action", "What to do", "choice", choices),
            Field("when", "Corrected date and time", "datetime", default=entry.at),
            Field("reason", "Why (kept with the entry and in the audit trail)", "multiline"),
        ], submit, intro=f"{entry.what}, {uk_datetime(entry.at)}: {entry.detail}")

    def open_entry(self) -> QWidget | None:
        """The entry activated in the timeline: an appointment's outcome form, anything else
        (a decision with its reasons, a warning with its failures) shown in full."""
        entry: TimelineEntry | None = selected(self.timeline)
        if entry is None or self.file is None:
            return None
        if entry.ref[0] == "appointment" and not entry.voided:
            return self.record_outcome(entry.ref[1])
        title, text = full_text(self.file, entry.ref)
        return show_text(self, title, text)
