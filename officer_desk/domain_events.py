"""What Officer Desk did, as HMPPS domain events with national codes.

One envelope per change (``eventType`` in the ``officer-desk.*`` namespace, ``version``,
``occurredAt``, ``description``, ``personReference.identifiers[{type: "CRN", value}]``,
``additionalInformation``), the shape the national services publish (anchors-probation-systems.md
section 3), so a real integration is a mapping. Our record ids travel as URNs
(``urn:uk:gov:hmpps:officer-desk:appointment:<id>``) for idempotency; codes come from the
versioned national code table. No free text that could be sensitive is carried: codes, dates,
references and document hashes only.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from functools import cache
from importlib.resources import files
from typing import Any
from zoneinfo import ZoneInfo

from jsonschema import Draft202012Validator

from officer_desk.codec import from_record
from officer_desk.dates import parse_date, parse_datetime
from officer_desk.model import Decision
from officer_desk.national_codes import CodeTable

UK = ZoneInfo("Europe/London")
NAMESPACE = "officer-desk"
URN_TYPES = {"person": "person", "event": "sentence", "appointment": "appointment",
             "contact": "contact", "warning": "warning", "assessment": "assessment",
             "sentence_plan": "sentence-plan", "review": "review",
             "enforcement": "enforcement-decision", "home_visit": "home-visit",
             "oversight": "management-oversight", "enquiry": "enquiry",
             "significant_change": "change-of-circumstances",
             "document": "document"}


def urn(record_type: str, record_id: str) -> str:
    """Our record's reference in the HMPPS URN form."""
    return f"urn:uk:gov:hmpps:{NAMESPACE}:{URN_TYPES.get(record_type, record_type)}:{record_id}"


def occurred(value: str | date | datetime) -> str:
    """ISO 8601 with the UK offset of the moment (a date is its midnight)."""
    if isinstance(value, str):
        value = parse_datetime(value) if "T" in value else parse_date(value)
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    if value.tzinfo is None:
        value = value.replace(tzinfo=UK)
    return value.isoformat(timespec="seconds")


def envelope(event_type: str, when: str | date | datetime, description: str, crn: str,
             info: dict[str, Any]) -> dict[str, Any]:
    """One HMPPS domain-event envelope."""
    return {"eventType": f"{NAMESPACE}.{event_type}", "version": 1,
            "occurredAt": occurred(when), "description": description,
            "personReference": {"identifiers": [{"type": "CRN", "value": crn}]},
            "additionalInformation": info}


def _base(record: dict[str, Any], codes: CodeTable) -> dict[str, Any]:
    info: dict[str, Any] = {"urn": urn(record["type"], record["id"]),
                            "codeTableVersion": codes.version}
    if record.get("event_id"):
        info["sentenceUrn"] = urn("event", record["event_id"])
    return info


def record_event(record: dict[str, Any], crn: str, codes: CodeTable,
                 warning_number: int = 0,
                 recorded_at: str | datetime | None = None) -> dict[str, Any]:
    """The event for one record as it now stands (created, outcome recorded, decided...).

    ``recorded_at`` is when the record last changed here: an outcome happens when it is
    recorded, not at the appointment's start, so a reader ordering events sees it in order.
    """
    kind = record["type"]
    info = _base(record, codes)
    if record.get("voided"):
        return envelope(f"{URN_TYPES[kind]}.voided", record["voided"].get("at") or date.today(),
                        "An entry recorded in error was voided", crn, info)
    if kind == "appointment":
        return _appointment(record, crn, codes, info, recorded_at)
    if kind == "contact":
        code = codes.contact_code(str(record.get("mode")))
        info |= {"contactType": code.code, "contactTypeDescription": code.words,
                 "mode": record.get("mode"), "sensitive": bool(record.get("sensitive"))}
        return envelope("contact.recorded", record["at"], code.words, crn, info)
    if kind == "warning":
        code = codes.warning_code(warning_number)
        letter = codes.warning_contact_type(warning_number)
        info |= {"enforcementAction": code.code, "contactType": letter.code,
                 "contactTypeDescription": letter.words, "failureUrns": [
            urn("appointment", f) for f in record.get("failure_ids") or []]}
        if record.get("letter_sent_on"):
            info["letterSentOn"] = record["letter_sent_on"]
        return envelope("enforcement.warning-issued", record["date"], code.words, crn, info)
    if kind == "enforcement":
        return _decision(record, crn, codes, info)
    if kind == "oversight":
        code = codes.contact_types["management_oversight"]
        info |= {"contactType": code.code, "contactTypeDescription": code.words}
        if record.get("grade"):
            info["grade"] = record["grade"]
        return envelope("management-oversight.recorded", record["at"], code.words, crn, info)
    if kind == "enquiry":
        info |= {"enquiryKind": record.get("kind"), "requestedOn": record.get("requested_on")}
        if record.get("returned_on"):
            info["returnedOn"] = record["returned_on"]
            return envelope("enquiry.returned", record["returned_on"], "Enquiry result returned",
                            crn, info)
        return envelope("enquiry.requested", record.get("requested_on") or date.today(),
                        "Enquiry requested", crn, info)
    if kind == "significant_change":
        info |= {"changeKind": record.get("kind")}
        return envelope("change-of-circumstances.recorded", record.get("on") or date.today(),
                        "Change of circumstances recorded", crn, info)
    if kind == "home_visit":
        code = codes.contacts["home_visit"]
        info |= {"contactType": code.code, "contactTypeDescription": code.words}
        if record.get("done_at"):
            info["visitOutcome"] = record.get("outcome")
            return envelope("home-visit.recorded", record["done_at"], code.words, crn, info)
        return envelope("home-visit.planned", record["planned_at"], "Home visit planned", crn,
                        info)
    if kind in ("assessment", "sentence_plan", "review"):
        words = {"assessment": "Assessment completed", "sentence_plan": "Sentence plan completed",
                 "review": "Review completed"}[kind]
        return envelope(f"{URN_TYPES[kind]}.completed", record["completed_on"], words, crn, info)
    if kind == "event":
        info |= {"sentenceType": record.get("kind")}
        when = record.get("start_date") or record.get("sentence_date") or date.today()
        return envelope("sentence.recorded", when, "Sentence recorded", crn, info)
    return envelope("person.recorded", record.get("updated_at") or date.today(),
                    "Person's details recorded", crn, info | {"crn": crn})


def _decision(record: dict[str, Any], crn: str, codes: CodeTable,
              info: dict[str, Any]) -> dict[str, Any]:
    """An enforcement decision with each national table's code in its own field.

    A breach initiated is an enforcement action (IBR); the breach letter contact (CLBR, and its
    action EA08) only once a letter was sent. A recall decision is the outcome (MO10/MO11) of a
    "management oversight - recall" contact (MO5); a recall made is also the action EA11.
    """
    decision = Decision(record["decision"])
    info |= {"decision": decision.value}
    action = codes.decision_code(decision)
    if action is not None:
        info["enforcementAction"] = action.code
    outcome = codes.decision_outcome(decision)
    if outcome is not None:
        oversight = codes.contact_types["management_oversight_recall"]
        info |= {"contactType": oversight.code, "contactTypeDescription": oversight.words,
                 "contactOutcome": outcome.code, "contactOutcomeDescription": outcome.words}
    if decision is Decision.BREACH and record.get("letter_sent_on"):
        letter = codes.contact_types["breach_letter"]
        info |= {"contactType": letter.code, "contactTypeDescription": letter.words,
                 "letterEnforcementAction": codes.enforcement_actions["breach_letter"].code,
                 "letterSentOn": record["letter_sent_on"]}
    if record.get("recall_type"):
        info["recallType"] = record["recall_type"]
    if record.get("submitted_at"):
        info["submittedAt"] = occurred(record["submitted_at"])
    named = action or outcome
    return envelope("enforcement.decided", record["decided_at"],
                    named.words if named else decision.value, crn, info)


def _appointment(record: dict[str, Any], crn: str, codes: CodeTable,
                 info: dict[str, Any], recorded_at: str | datetime | None) -> dict[str, Any]:
    appointment = from_record(record)
    kind_code = codes.appointment_type(appointment.kind.value)
    info |= {"contactType": kind_code.code, "contactTypeDescription": kind_code.words,
             "start": occurred(record["start"]), "sensitive": bool(record.get("sensitive"))}
    outcome = codes.appointment_code(appointment)
    uncoded = codes.uncoded_words(appointment)
    if outcome is None and uncoded is None:
        return envelope("appointment.scheduled", record["start"], kind_code.words, crn, info)
    # The appointment's own time stays in ``start``; the event happened when it was recorded.
    when = recorded_at or record["start"]
    if outcome is None:
        info |= {"outcomeDescription": uncoded}
        return envelope("appointment.cancelled", when, str(uncoded), crn, info)
    info |= {"outcome": outcome.code, "outcomeDescription": outcome.words}
    if appointment.is_failure:
        info["absence"] = appointment.judgement.value
    return envelope("appointment.outcome-recorded", when, outcome.words, crn, info)


@cache
def _validator() -> Draft202012Validator:
    schema = json.loads(files("resources").joinpath("domain-event.schema.json")
                        .read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def validate(events: list[dict[str, Any]]) -> list[str]:
    """Each envelope against the published schema: one line per problem (empty when valid)."""
    problems = []
    for n, event in enumerate(events, start=1):
        for error in _validator().iter_errors(event):
            where = "/".join(str(p) for p in error.absolute_path) or "envelope"
            problems.append(f"event {n} ({event.get('eventType')}): {where}: {error.message}")
    return problems


def document_event(doc: Any, codes: CodeTable) -> dict[str, Any]:
    """A document issued (warning letter, pack): its kind and SHA-256, never its content."""
    info = {"urn": urn("document", doc.id), "codeTableVersion": codes.version,
            "documentKind": doc.kind, "variant": doc.variant or None, "version": doc.version,
            "sha256": doc.sha256, "recordUrn": urn(doc.record_type, doc.record_id),
            "sentenceUrn": urn("event", doc.event_id)}
    return envelope("document.issued", doc.issued_at, f"{doc.title} issued", doc.crn, info)
