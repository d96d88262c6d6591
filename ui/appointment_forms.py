"""Appointments on the case: booking one or a series, moving one, and recording what
happened with the absence judged and the next step offered."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from officer_desk import services
from officer_desk.appointments import RECURRENCE_DAYS, clashes, moved, series
from officer_desk.compliance import enforcement_route
from officer_desk.dates import uk_date, uk_datetime
from officer_desk.errors import ValidationError
from officer_desk.model import Absence, AppointmentKind, Outcome
from officer_desk.national_codes import load_codes
from officer_desk.timeline import TimelineEntry
from ui.errors import show_info
from ui.form_dialog import Field, FormDialog
from ui.views import selected


def _choices(enum: Any) -> list[tuple[str, str]]:
    return [(m.value, m.value.replace("_", " ").capitalize()) for m in enum]


ODD_HOUR_FIELD = "Book at this hour anyway"
DAY_STARTS, DAY_ENDS = 7, 21  # a time outside is asked about: 01:00 is usually a typing slip


def _working_hours(starts: list[datetime], confirmed: bool) -> None:
    """Refuse, with a question, a time outside the working day unless the officer confirms it."""
    odd = [s for s in starts if not DAY_STARTS <= s.hour < DAY_ENDS]
    if odd and not confirmed:
        raise ValidationError(
            [f"{uk_datetime(s)} is outside the working day (7am to 9pm)." for s in odd[:3]]
            + [f"Change the time, or tick '{ODD_HOUR_FIELD}'."])


class AppointmentForms:
    """Appointments on the case: booking one or a series, moving one, and recording what"""

    def _selected_appointment(self) -> str | None:
        entry: TimelineEntry | None = selected(self.timeline)
        if entry is not None and entry.ref[0] == "appointment":
            return entry.ref[1]
        ef = self.file
        if ef is None:
            return None
        now = self.controller.clock()
        waiting = [a for a in ef.appointments if a.outcome is None and a.start <= now]
        return waiting[0].id if waiting else None

    def record_outcome(self, appointment_id: str | None = None) -> FormDialog | None:
        """Attended / failed / rescheduled, the judgement with its reason, then the next step."""
        appointment_id = appointment_id or self._selected_appointment()
        ef = self.file
        appt = next((a for a in ef.appointments if a.id == appointment_id), None) if ef else None
        if appt is None:
            show_info(self, "Select an appointment in the timeline first.")
            return None
        c = self.controller
        # Before it is held, an appointment can only have been called off: "attended" or a
        # failure is not offered for a time still to come.
        future = appt.start > c.clock()
        outcomes = [(value, label) for value, label in _choices(Outcome)
                    if not future or value == Outcome.CANCELLED_BY_SERVICE.value]

        def submit(v: dict[str, Any]) -> None:
            absence = Absence(v["absence"]) if v["outcome"] in ("failed_to_attend",
                                                                "failed_to_comply") else None
            if absence is Absence.ACCEPTABLE and not v["absence_reason"]:
                raise ValidationError("Choose the national reason for the acceptable absence.")
            c.run(services.record_outcome, appt.id, Outcome(v["outcome"]), absence=absence,
                  decided_on=c.today(), reason=v["reason"] or None, notes=v["notes"] or None,
                  serious=v["serious"], sensitive=v["sensitive"], now=c.clock(),
                  absence_reason=v["absence_reason"] or None)
            self.refresh()
            if absence is Absence.UNACCEPTABLE:
                self._offer_next_step(appt.id)

        return self._form(f"Outcome of {appt.kind.label.lower()} on "
                          f"{uk_datetime(appt.start)}", [
            Field("outcome", "Outcome", "choice", outcomes,
                  appt.outcome.value if appt.outcome else outcomes[0][0],
                  help=(f"It is on {uk_datetime(appt.start)}: only calling it off can be "
                        "recorded before then (to move it, use Reschedule).") if future
                  else ""),
            Field("absence", "Absence judgement", "choice",
                  [("pending", "Pending: waiting for evidence"),
                   ("acceptable", "Acceptable"), ("unacceptable", "Unacceptable")],
                  appt.absence.value if appt.absence else "pending",
                  help="A failure stays alleged until you judge it, with the reason."),
            Field("absence_reason", "Reason the absence is acceptable", "choice",
                  [("", "Not acceptable, or not yet judged"),
                   *[(code, words) for code, words in load_codes().acceptable_reasons.items()]],
                  appt.extra.get("absence_reason") or "",
                  help="The national list of acceptable-absence reasons, as the central "
                       "system records them."),
            Field("reason", "Reason and evidence", "multiline", default=appt.reason or "",
                  help="Why they did not attend or comply, and what evidence was given."),
            Field("notes", "Notes", "multiline", default=appt.notes or ""),
            Field("serious", "Serious failure (consider breach now)", "bool", default=appt.serious),
            Field("sensitive", "Sensitive (withhold from packs)", "bool", default=appt.sensitive),
        ], submit)

    def _offer_next_step(self, appointment_id: str) -> None:
        c = self.controller
        ef = self.file
        appt = next(a for a in ef.appointments if a.id == appointment_id)
        route = enforcement_route(c.case(self.crn), ef, appt, c.today(), c.policy)
        due = [i for i in c.items if i.ref == appointment_id and i.kind in (
            "warning_letter", "breach_decision")]
        when = f" Due by {uk_date(due[0].due)}." if due else ""
        action = {"warning": "Use Issue warning to record it and print the letter.",
                  "breach": "Use Breach or recall to walk the pre-breach questions.",
                  "recall": "Use Breach or recall to consider recall with your manager.",
                  "pss_breach": "Use Breach or recall for the PSS breach."}[route.path]
        self.next_step = show_info(self, f"Next step: {route.reason}.{when} {action}")

    def new_appointment(self) -> FormDialog | None:
        """Book one appointment or a series, after checking for clashes."""
        c = self.controller
        ef = self.file
        start = (c.clock() + timedelta(days=7)).replace(hour=10, minute=0, second=0, microsecond=0)

        def submit(v: dict[str, Any]) -> None:
            starts = series(v["start"], v["recurrence"], v["count"])
            _working_hours(starts, v["odd_hour"])
            booked = [a for f in c.case(self.crn).events_of(self.crn) for a in f.appointments]
            found = clashes(starts, booked)
            if found and not v["allow_clash"]:
                raise ValidationError(
                    [f"{uk_datetime(s)} overlaps the {a.kind.value} appointment at "
                     f"{uk_datetime(a.start)}." for s, a in found]
                    + ["Change the time, or tick 'Book despite overlaps'."])
            c.run(services.schedule_series, ef.event.id, starts, AppointmentKind(v["kind"]),
                  v["location"] or None, notified_by=v["notified_by"], notified_on=c.today())
            self.refresh()
            shifted = moved(v["start"], v["recurrence"], v["count"])
            if shifted:
                self.moved_message = show_info(
                    self, "Booked. No one is seen on a weekend or bank holiday, so:\n"
                          + "\n".join(shifted))

        return self._form("New appointment", [
            Field("start", "First appointment", "datetime", default=start),
            Field("kind", "Kind", "choice", _choices(AppointmentKind), "supervision"),
            Field("location", "Where", default="Probation office"),
            Field("notified_by", "How the person is told of it", "choice",
                  list(services.NOTIFIED_BY.items()), "in_person",
                  help="A court asks how and when the person knew of a missed appointment."),
            Field("recurrence", "Repeat", "choice",
                  [(k, k.capitalize()) for k in RECURRENCE_DAYS], "once"),
            Field("count", "How many", "int", default=1, extra={"min": 1, "max": 52}),
            Field("allow_clash", "Book despite overlaps", "bool", default=False),
            Field("odd_hour", ODD_HOUR_FIELD, "bool", default=False),
        ], submit)

    def reschedule(self) -> FormDialog | None:
        """Move an appointment, recording who asked and why."""
        appointment_id = self._selected_appointment()
        if appointment_id is None:
            show_info(self, "Select an appointment in the timeline first.")
            return None
        c = self.controller

        def submit(v: dict[str, Any]) -> None:
            _working_hours([v["start"]], v["odd_hour"])
            c.run(services.reschedule, appointment_id, v["start"], v["asked_by"], v["why"])
            self.refresh()

        return self._form("Reschedule appointment", [
            Field("start", "New date and time", "datetime",
                  default=(c.clock() + timedelta(days=2)).replace(hour=10, minute=0, second=0,
                                                                  microsecond=0)),
            Field("asked_by", "Who asked", "choice",
                  [("person", "The person"), ("officer", "The officer"),
                   ("service", "The service")], "person"),
            Field("why", "Why", "multiline"),
            Field("odd_hour", ODD_HOUR_FIELD, "bool", default=False),
        ], submit)
