"""Application services: the operations the desktop and the CLI both perform.

They take a record store (the ``RecordWriter`` protocol, which ``db`` implements) and return
what changed, so neither the CLI nor the desktop re-implements a rule or writes storage code.
"""

from __future__ import annotations

import gc
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from officer_desk import countersign
from officer_desk.caseload import Caseload
from officer_desk.codec import from_record, to_record
from officer_desk.compliance import live_warning
from officer_desk.dates import uk_date, uk_datetime
from officer_desk.errors import ValidationError
from officer_desk.exchange import Known, check_file, check_record, check_times, uk_now
from officer_desk.inspection_rules import CHANGE_WORDS
from officer_desk.model import (
    Absence,
    Appointment,
    AppointmentKind,
    Assessment,
    Contact,
    ContactMode,
    Decision,
    Enforcement,
    Enquiry,
    HomeVisit,
    Objective,
    Outcome,
    Oversight,
    RecallType,
    Review,
    Rosh,
    SentencePlan,
    SignificantChange,
    Warning,
)
from officer_desk.national_codes import load_codes
from officer_desk.policy import Policy, load_policy


class WriteSummary(Protocol):
    """Counts a store reports after a write."""

    added: int
    changed: int
    unchanged: int


class BulkSink(Protocol):
    """A transaction that stores checked chunks and commits only when told to."""

    result: WriteSummary
    known: Known  # what references in the file may point at, read as the import began

    def __enter__(self) -> BulkSink: ...  # noqa: D105

    def __exit__(self, *exc: Any) -> None: ...  # noqa: D105

    def put(self, records: list[dict[str, Any]], texts: list[str]) -> None: ...  # noqa: D102

    def commit(self) -> None: ...  # noqa: D102


class RecordWriter(Protocol):
    """The storage the services need (implemented by ``db.store.RecordStore``)."""

    def known(self) -> Known: ...  # noqa: D102

    def record(self, kind: str, record_id: str) -> dict[str, Any] | None: ...  # noqa: D102

    def save(self, records: list[dict[str, Any]], action: str = "save") -> WriteSummary: ...  # noqa: D102

    def import_records(self, records: list[dict[str, Any]], source: str,  # noqa: D102
                       texts: list[str] | None = None) -> WriteSummary: ...

    def bulk_import(self, source: str) -> BulkSink: ...  # noqa: D102

    def caseload(self) -> Caseload: ...  # noqa: D102


@dataclass
class Changes:
    """What an operation changed, so screens refresh only what they show."""

    crns: set[str] = field(default_factory=set)
    records: list[tuple[str, str]] = field(default_factory=list)


def new_id() -> str:
    """A stable id for a record the app creates."""
    return str(uuid.uuid4())


def import_lines(store: RecordWriter, lines: Iterable[str], source: str) -> WriteSummary:
    """Check the whole file while storing it in one transaction; any problem stores nothing."""
    # A file's records form no reference cycles, so the cycle collector has nothing to find
    # while hundreds of thousands of them are built; pausing it saves about a tenth.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with store.bulk_import(source) as sink:
            checked = check_file(lines, sink.known, on_chunk=sink.put)
            if not checked.ok:
                raise ValidationError([str(p) for p in checked.problems])
            sink.commit()
    finally:
        if collecting:
            gc.enable()
    return sink.result


def _save(store: RecordWriter, objs: list[Any], crn: str, action: str = "save") -> Changes:
    records = [to_record(o) for o in objs]
    problems = [f"{p.field or r['type']}: {p.message}" for r in records
                for p in check_record(r, 0)]
    if problems:
        raise ValidationError(problems)
    store.save(records, action)
    return Changes({crn}, [(r["type"], r["id"]) for r in records])


def _refuse_untimely(record: dict[str, Any], now: datetime | None) -> None:
    """A decision or sign-off timed after it is recorded, or an endorsement before its
    decision, is refused here exactly as on import."""
    problems = check_times(record, 0, now or uk_now())
    if problems:
        raise ValidationError([f"{p.field}: {p.message}" for p in problems])


def _crn_for(store: RecordWriter, event_id: str) -> str:
    event = store.record("event", event_id)
    if event is None:
        raise ValidationError(f"There is no event {event_id!r}.")
    return str(event["crn"])


def schedule_appointment(store: RecordWriter, event_id: str, start: datetime,
                         kind: AppointmentKind, location: str | None = None) -> Changes:
    """A new appointment."""
    appt = Appointment(new_id(), event_id, start, kind, location=location)
    return _save(store, [appt], _crn_for(store, event_id), "create")


def record_outcome(store: RecordWriter, appointment_id: str, outcome: Outcome, *,
                   absence: Absence | None = None, decided_on: date | None = None,
                   reason: str | None = None, notes: str | None = None,
                   serious: bool | None = None, sensitive: bool | None = None,
                   now: datetime | None = None, absence_reason: str | None = None) -> Changes:
    """Record what happened. A failure stays pending until judged (with a reason).

    Only what has happened has an outcome: an appointment still ahead can be rescheduled or
    cancelled, never attended or failed. An acceptable absence is recorded with one of the
    national acceptable-absence reasons (``absence_reason``), as the central system records it.
    """
    raw = store.record("appointment", appointment_id)
    if raw is None:
        raise ValidationError(f"There is no appointment {appointment_id!r}.")
    appt: Appointment = from_record(raw)
    now = now or datetime.now()
    if appt.start > now and outcome not in (Outcome.RESCHEDULED, Outcome.CANCELLED_BY_SERVICE):
        raise ValidationError(f"This appointment is on {uk_datetime(appt.start)}, which has not "
                              "happened yet: record its outcome once it has (or reschedule it).")
    appt.outcome = outcome
    if outcome.is_failure:
        appt.absence = absence or appt.absence or Absence.PENDING
        if appt.absence is not Absence.PENDING:
            if not (reason or appt.reason):
                raise ValidationError("Say why the absence is judged "
                                      f"{appt.absence.value} (the reason and any evidence).")
            appt.absence_decided_on = decided_on or date.today()
    else:
        appt.absence = None
        appt.absence_decided_on = None
    if reason is not None:
        appt.reason = reason
    if notes is not None:
        appt.notes = notes
    if serious is not None:
        appt.serious = serious
    if sensitive is not None:
        appt.extra["sensitive"] = sensitive
    if outcome.is_failure and appt.absence is Absence.ACCEPTABLE:
        if absence_reason is not None:
            problem = load_codes().check_reason(absence_reason)
            if problem:
                raise ValidationError(problem[0].upper() + problem[1:] + ".")
            appt.extra["absence_reason"] = absence_reason
    else:
        appt.extra.pop("absence_reason", None)
    return _save(store, [appt], _crn_for(store, appt.event_id), "outcome")


def add_contact(store: RecordWriter, event_id: str, at: datetime, mode: ContactMode,
                summary: str, sensitive: bool = False) -> Changes:
    """A contact log entry."""
    contact = Contact(new_id(), event_id, at, mode, summary)
    if sensitive:
        contact.extra["sensitive"] = True
    return _save(store, [contact], _crn_for(store, event_id), "create")


def record_oversight(store: RecordWriter, event_id: str, at: datetime, by: str, note: str, *,
                     grade: str | None = None, about: str | None = None,
                     now: datetime | None = None) -> Changes:
    """A manager's oversight entry on a case (it reaches the officer at the next sync); never
    timed after ``now`` (UK local time; default the clock's)."""
    if len(note.strip()) < 3:
        raise ValidationError("Say what you read and what you decided: the oversight entry is "
                              "what an inspector reads.")
    if not by.strip():
        raise ValidationError("An oversight entry names the manager who made it.")
    if about is not None and store.record("enforcement", about) is None:
        raise ValidationError(f"There is no decision {about!r} on this case.")
    entry = Oversight(new_id(), event_id, at, by.strip(), note.strip(), grade, about)
    _refuse_untimely(to_record(entry), now)
    return _save(store, [entry], _crn_for(store, event_id), "create")


def take_late_change(store: RecordWriter, record_type: str, record_id: str,
                     changes: dict[str, dict[str, Any]]) -> Changes:
    """A change a former officer made after the case moved, taken as this officer's own edit.

    Each field takes the value the former officer gave it; the whole record is checked as any
    other edit is.
    """
    record = store.record(record_type, record_id) or {"type": record_type, "id": record_id}
    for name, change in changes.items():
        if name in ("type", "id"):
            continue
        if change.get("new") is None:
            record.pop(name, None)
        else:
            record[name] = change["new"]
    return _save_raw(store, record, "take_late_change")


def issue_warning(store: RecordWriter, event_id: str, on: date,
                  failure_ids: list[str], policy: Policy | None = None) -> Changes:
    """A formal warning for one or more unacceptable failures.

    One warning in 12 months (Sentencing Act 2020 Sch 10 para 6; Sch 16 for a suspended
    sentence order): a failure inside a live warning's window is referred for breach, never
    warned again; not breaching it is a decision recorded with its reason and a manager's
    agreement.
    """
    if not failure_ids:
        raise ValidationError("A warning must name the failure(s) it is for.")
    ef = store.caseload().events.get(event_id)
    if ef is not None and ef.event.kind.is_order:
        live = live_warning(ef, failure_ids, on, policy or load_policy())
        if live is not None:
            warning, until = live
            raise ValidationError(
                f"A warning was given on {uk_date(warning.date)} and is live until "
                f"{uk_date(until)}: a further unacceptable failure within its 12 months is "
                "referred for breach, never warned again (Sentencing Act 2020 Sch 10 para 6). "
                "Use Breach or recall; not breaching is recorded there, with the exceptional "
                "reason and your manager's agreement.")
    warning = Warning(new_id(), event_id, on, list(failure_ids), letter_sent_on=on)
    return _save(store, [warning], _crn_for(store, event_id), "create")


def decide_enforcement(store: RecordWriter, event_id: str, at: datetime, decision: Decision,
                       rationale: str, *, recall_type: RecallType | None = None,
                       checklist: dict[str, Any] | None = None,
                       decision_id: str | None = None, now: datetime | None = None,
                       **extra: Any) -> Changes:
    """Record a breach or recall decision with the pre-breach answers.

    ``decision_id`` edits a decision already recorded (a wizard taken back a step and
    forward again edits the decision it created; it never adds a second). Its decision time
    stays the first one's. Neither the decision nor an endorsement may be timed after ``now``
    (UK local time; default the clock's), nor an endorsement before the decision: the same
    rule as an import (``exchange.check_times``).
    """
    if not rationale.strip():
        raise ValidationError("Record the rationale for the decision.")
    if decision is Decision.RECALL and recall_type is None:
        raise ValidationError("Choose the recall type: standard, fixed-term or emergency.")
    action = "create"
    if decision_id is not None:
        raw = store.record("enforcement", decision_id)
        if raw is None:
            raise ValidationError(f"There is no enforcement decision {decision_id!r}.")
        previous: Enforcement = from_record(raw)
        if previous.submitted_at is not None:
            raise ValidationError("This decision has been submitted; record a new one instead.")
        _, recs = countersign.team_state(store)
        refusal = countersign.frozen_refusal(countersign.for_decision(recs, decision_id))
        if refusal:
            raise ValidationError(refusal)
        at, action = previous.decided_at, "save"
    enf = Enforcement(decision_id or new_id(), event_id, at, decision, recall_type=recall_type,
                      rationale=rationale)
    for key in ("line_manager", "senior_manager"):
        endorsement = extra.get(key)
        if isinstance(endorsement, dict) and endorsement.get("name") and not endorsement.get("at"):
            who = key.replace("_", " ")
            raise ValidationError(f"Say when the {who} endorsed the decision (for example "
                                  "24 Nov 2026 14:05).")
    if checklist:
        enf.extra["checklist"] = checklist
    enf.extra.update({k: v for k, v in extra.items() if v is not None})
    _refuse_untimely(to_record(enf), now)
    agreed = _no_breach_agreement(store, event_id, at, decision, rationale, extra)
    changes = _save(store, [enf], _crn_for(store, event_id), action)
    if agreed is not None and action == "create":  # as the oversight entry an inspector reads
        manager, when = agreed
        changes.records += record_oversight(
            store, event_id, when, manager,
            f"Agreed not to breach after a further failure within 12 months of a warning: "
            f"{rationale.strip()}", about=enf.id).records
    return changes


def _no_breach_agreement(store: RecordWriter, event_id: str, at: datetime, decision: Decision,
                         rationale: str, extra: dict[str, Any]) -> tuple[str, datetime] | None:
    """A decision not to breach a failure inside a live warning's window is the exception the
    statute allows only with a reason and a manager's agreement (Sentencing Act 2020 Sch 10
    para 6): both are asked for, and the agreement becomes an oversight entry."""
    if decision is not Decision.NO_BREACH:
        return None
    ef = store.caseload().events.get(event_id)
    if ef is None or not ef.event.kind.is_order:
        return None
    warned = {f for w in ef.warnings for f in w.failure_ids}
    referred = [a.id for a in ef.failures
                if a.judgement is Absence.UNACCEPTABLE and a.id not in warned]
    if not referred or live_warning(ef, referred, at.date(), load_policy()) is None:
        return None
    manager = extra.get("line_manager")
    if not isinstance(manager, dict) or not manager.get("name") or not manager.get("at"):
        raise ValidationError(
            "A failure within 12 months of a warning is referred for breach: not breaching is "
            "the exception, recorded with its reason and your manager's agreement. Give the "
            "manager's name and when they agreed.")
    if len(rationale.strip()) < 20:
        raise ValidationError("Say the exceptional reason for not breaching, in full.")
    return str(manager["name"]), datetime.fromisoformat(str(manager["at"]))


def mark_submitted(store: RecordWriter, enforcement_id: str, at: datetime,
                   now: datetime | None = None) -> Changes:
    """The breach was laid at court, or the Part A sent to PPCS (never ahead of ``now``: the
    same rule as an import)."""
    raw = store.record("enforcement", enforcement_id)
    if raw is None:
        raise ValidationError(f"There is no enforcement decision {enforcement_id!r}.")
    enf: Enforcement = from_record(raw)
    if at < enf.decided_at:
        raise ValidationError("The submission cannot be before the decision.")
    linked, recs = countersign.team_state(store)
    if linked and enf.decision is Decision.RECALL:
        refusal = countersign.submit_refusal(countersign.for_decision(recs, enf.id),
                                             countersign.content_sha256(store.caseload(), enf))
        if refusal:
            raise ValidationError(refusal)
    enf.submitted_at = at
    _refuse_untimely(to_record(enf), now)
    return _save(store, [enf], _crn_for(store, enf.event_id), "submitted")


def plan_home_visit(store: RecordWriter, event_id: str, planned_at: datetime, *, purpose: str,
                    address: str = "", risk_info: str = "", second_worker: bool = False,
                    checkin_by: datetime | None = None) -> Changes:
    """Plan a visit with the visitor's safety information and a lone-worker check-in."""
    if not purpose.strip():
        raise ValidationError("Say what the home visit is for.")
    if checkin_by is None:
        raise ValidationError("Give the time you will check in with the office by: if it passes "
                              "with no word from you, the alert is raised (lone working).")
    if checkin_by <= planned_at:
        raise ValidationError("The check-in time is after the visit starts.")
    visit = HomeVisit(new_id(), event_id, planned_at)
    visit.extra.update({"purpose": purpose, "address": address, "risk_info": risk_info,
                        "second_worker": second_worker})
    visit.extra["checkin_by"] = checkin_by.isoformat(timespec="minutes")
    return _save(store, [visit], _crn_for(store, event_id), "create")


def record_home_visit(store: RecordWriter, visit_id: str, done_at: datetime, outcome: str, *,
                      notes: str = "", people_present: str = "", children: str = "",
                      accommodation: str = "", safeguarding: str = "",
                      now: datetime | None = None) -> Changes:
    """The visit's outcome and observations (only once it has happened)."""
    raw = store.record("home_visit", visit_id)
    if raw is None:
        raise ValidationError(f"There is no home visit {visit_id!r}.")
    visit: HomeVisit = from_record(raw)
    now = now or datetime.now()
    if visit.planned_at > now:
        raise ValidationError(f"This visit is planned for {uk_datetime(visit.planned_at)}: "
                              "record it once it has happened.")
    if done_at > now:
        raise ValidationError(f"{uk_datetime(done_at)} has not happened yet: give the time the "
                              "visit took place.")
    visit.done_at, visit.outcome, visit.notes = done_at, outcome, notes or visit.notes
    visit.extra.update({"people_present": people_present, "children": children,
                        "accommodation": accommodation, "safeguarding": safeguarding})
    return _save(store, [visit], _crn_for(store, visit.event_id), "outcome")


NOTIFIED_BY = {"in_person": "in person", "letter": "by letter", "text": "by text message",
               "telephone": "by telephone", "email": "by email"}


def schedule_series(store: RecordWriter, event_id: str, starts: list[datetime],
                    kind: AppointmentKind, location: str | None = None, *,
                    notified_by: str | None = None, notified_on: date | None = None) -> Changes:
    """A series of appointments in one action (all saved or none).

    How and when the person was told of them is kept: a court asks it of a missed appointment.
    """
    if not starts:
        raise ValidationError("No appointment times were given.")
    if notified_by is not None and notified_by not in NOTIFIED_BY:
        raise ValidationError("Say how the person was told: in person, by letter, by text "
                              "message, by telephone or by email.")
    appts = [Appointment(new_id(), event_id, s, kind, location=location) for s in starts]
    if notified_by is not None:
        for a in appts:
            a.extra.update({"notified_by": notified_by,
                            "notified_on": (notified_on or date.today()).isoformat()})
    return _save(store, appts, _crn_for(store, event_id), "create")


def reschedule(store: RecordWriter, appointment_id: str, new_start: datetime, asked_by: str,
               why: str) -> Changes:
    """Mark an appointment rescheduled (who asked and why) and book its replacement."""
    if asked_by not in ("person", "officer", "service"):
        raise ValidationError("Say who asked for the change: the person, the officer or the "
                              "service.")
    if not why.strip():
        raise ValidationError("Say why the appointment is being rescheduled.")
    raw = store.record("appointment", appointment_id)
    if raw is None:
        raise ValidationError(f"There is no appointment {appointment_id!r}.")
    old: Appointment = from_record(raw)
    old.outcome = Outcome.RESCHEDULED
    old.reason = why
    old.extra["rescheduled_by"] = asked_by
    new = Appointment(new_id(), old.event_id, new_start, old.kind, location=old.location)
    new.extra["rescheduled_from"] = old.id
    return _save(store, [old, new], _crn_for(store, old.event_id), "reschedule")


def record_assessment(store: RecordWriter, event_id: str, on: date, *, rosh: str | None,
                      likelihood: str | None, needs: list[str], strengths: list[str],
                      **extra: Any) -> Changes:
    """An assessment (ROSH, needs by pathway, strengths, diversity and safeguarding checks)."""
    assessment = Assessment(new_id(), event_id, on, Rosh(rosh) if rosh else None, likelihood,
                            list(needs), list(strengths))
    assessment.extra.update({k: v for k, v in extra.items() if v not in (None, "", [])})
    assessment.extra["recorded_at"] = datetime.now().isoformat()
    return _save(store, [assessment], _crn_for(store, event_id), "create")


def record_plan(store: RecordWriter, event_id: str, on: date,
                objectives: list[tuple[str, str, str]], persons_words: str = "", *,
                strengths_used: list[str] | None = None,
                not_addressed: dict[str, str] | None = None) -> Changes:
    """A sentence plan; objectives are (need, text, progress) and must each name a need.

    ``strengths_used`` are the strengths the plan builds on; ``not_addressed`` gives, for an
    assessed need or risk with no objective, the reason why (inspectors ask for either).
    """
    objs = [Objective(n, t, p or None) for n, t, p in objectives if (t or "").strip()]
    if not objs:
        raise ValidationError("A plan needs at least one objective.")
    if any(not (o.need or "").strip() for o in objs):
        raise ValidationError("Tie every objective to an assessed need or risk.")
    plan = SentencePlan(new_id(), event_id, on, objs)
    plan.extra["recorded_at"] = datetime.now().isoformat()
    if persons_words.strip():
        plan.extra["persons_words"] = persons_words
    if strengths_used:
        plan.extra["strengths_used"] = [s for s in strengths_used if s.strip()]
    reasons = {k: v.strip() for k, v in (not_addressed or {}).items() if v and v.strip()}
    if reasons:
        plan.extra["not_addressed"] = reasons
    return _save(store, [plan], _crn_for(store, event_id), "create")


def record_enquiry(store: RecordWriter, event_id: str, kind: str, requested_on: date, *,
                   returned_on: date | None = None, result: str = "",
                   concerns: bool | None = None, action_taken: str = "",
                   enquiry_id: str | None = None, on: date | None = None) -> Changes:
    """A domestic abuse or child safeguarding enquiry asked for, or its answer (by id)."""
    if kind not in ("domestic_abuse", "child_safeguarding"):
        raise ValidationError("An enquiry is a domestic abuse call-out enquiry or a child "
                              "safeguarding enquiry.")
    today = on or date.today()
    if requested_on > today or (returned_on is not None and returned_on > today):
        raise ValidationError("An enquiry is recorded once it has been asked for (and "
                              "answered): the dates cannot be in the future.")
    if returned_on is not None and returned_on < requested_on:
        raise ValidationError("The answer cannot come before the request.")
    if returned_on is not None and not result.strip():
        raise ValidationError("Record what the answer said.")
    enquiry = Enquiry(enquiry_id or new_id(), event_id, kind, requested_on, returned_on,
                      result.strip() or None, concerns, action_taken.strip() or None)
    action = "save" if enquiry_id and store.record("enquiry", enquiry_id) else "create"
    return _save(store, [enquiry], _crn_for(store, event_id), action)


def record_change(store: RecordWriter, event_id: str, on: date, kind: str,
                  note: str = "") -> Changes:
    """A change in circumstances: fresh enquiries and a review fall due from it."""
    if kind not in CHANGE_WORDS:
        raise ValidationError("Say what changed: " + ", ".join(
            w.lower() for w in CHANGE_WORDS.values()) + ".")
    change = SignificantChange(new_id(), event_id, on, kind, note.strip() or None)
    return _save(store, [change], _crn_for(store, event_id), "create")


def record_review(store: RecordWriter, event_id: str, on: date, notes: str = "") -> Changes:
    """A review of risk and plan."""
    review = Review(new_id(), event_id, on)
    if notes.strip():
        review.extra["notes"] = notes
    return _save(store, [review], _crn_for(store, event_id), "create")


# --- correcting and voiding ---------------------------------------------------------------------

_CORRECTABLE = ("appointment", "contact", "warning", "assessment", "sentence_plan", "review",
                "enforcement", "home_visit")


def _entry(store: RecordWriter, record_type: str, record_id: str) -> dict[str, Any]:
    if record_type not in _CORRECTABLE:
        raise ValidationError(f"A {record_type.replace('_', ' ')} cannot be corrected here.")
    raw = store.record(record_type, record_id)
    if raw is None:
        raise ValidationError(f"There is no {record_type.replace('_', ' ')} {record_id!r}.")
    if raw.get("voided"):
        raise ValidationError("This entry was voided; it stays as it was.")
    return raw


def _save_raw(store: RecordWriter, record: dict[str, Any], action: str) -> Changes:
    problems = [f"{p.field or record['type']}: {p.message}" for p in check_record(record, 0)]
    if problems:
        raise ValidationError(problems)
    crn = _crn_for(store, str(record["event_id"]))
    store.save([record], action)
    return Changes({crn}, [(record["type"], record["id"])])


def void_record(store: RecordWriter, record_type: str, record_id: str, reason: str,
                now: datetime) -> Changes:
    """Void an entry made in error: kept and shown as voided, left out of every rule.

    The record stays (with when and why), so the audit trail, the timeline and the export
    all show what was recorded and that it was withdrawn.
    """
    if not reason.strip():
        raise ValidationError("Say why the entry is being voided.")
    raw = _entry(store, record_type, record_id)
    raw["voided"] = {"at": now.isoformat(timespec="minutes"), "reason": reason.strip()}
    return _save_raw(store, raw, "void")


def correct_record(store: RecordWriter, record_type: str, record_id: str,
                   changes: dict[str, Any], reason: str, now: datetime) -> Changes:
    """Correct fields of an entry; the values before are kept on it with when and why.

    A value of None removes the field (an outcome recorded in error goes back to "not yet
    held").
    """
    if not reason.strip():
        raise ValidationError("Say why the entry is being corrected.")
    raw = _entry(store, record_type, record_id)
    before = {key: raw.get(key) for key in changes}
    if all(before[k] == v for k, v in changes.items()):
        raise ValidationError("Nothing was changed.")
    for key, value in changes.items():
        if value is None:
            raw.pop(key, None)
        else:
            raw[key] = value
    if set(changes) & {"decided_at", "at", "line_manager", "senior_manager"}:
        _refuse_untimely(raw, now)  # a corrected time is held to the rule a new one is
    history = list(raw.get("corrections") or [])
    history.append({"at": now.isoformat(timespec="minutes"), "reason": reason.strip(),
                    "before": before})
    raw["corrections"] = history
    return _save_raw(store, raw, "correct")
