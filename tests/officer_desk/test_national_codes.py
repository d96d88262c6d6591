"""Our vocabulary and the national system's: every outcome and action one code, and back."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from officer_desk.errors import ValidationError
from officer_desk.model import Absence, Appointment, AppointmentKind, Decision, Outcome
from officer_desk.national_codes import load_codes

CODES = load_codes()


def test_every_coded_outcome_has_exactly_one_code_and_back() -> None:
    coded = [o for o in Outcome if o.value not in CODES.uncoded_outcomes]
    codes = [CODES.outcomes[o.value].code for o in coded]
    assert len(set(codes)) == len(codes) == len(coded)
    for outcome in coded:
        assert CODES.outcome_from(CODES.outcomes[outcome.value].code) is outcome
    assert {CODES.outcomes["attended"].code, CODES.outcomes["failed_to_comply"].code,
            CODES.outcomes["failed_to_attend"].code} == {"ATTC", "AFTC", "AFTA"}


def test_a_cancellation_is_not_written_as_rescheduled_by_the_service() -> None:
    # RSSR is "Rescheduled - Service Request": not a cancellation; no national code is found
    # for an appointment the service called off, so none is written and RSSR is retired.
    cancelled = Appointment("a3", "e1", datetime(2026, 12, 1, 10), AppointmentKind.SUPERVISION,
                            outcome=Outcome.CANCELLED_BY_SERVICE)
    assert CODES.appointment_code(cancelled) is None
    assert CODES.uncoded_words(cancelled) == "Cancelled by the service"
    with pytest.raises(ValidationError, match="'RSSR' was retired"):
        CODES.outcome_from("RSSR")


def test_enforcement_actions_contact_types_and_outcomes_are_separate_tables() -> None:
    ours = [CODES.warning_code(0), CODES.warning_code(1),
            *(c for c in (CODES.decision_code(d) for d in Decision) if c is not None)]
    codes = [c.code for c in ours]
    assert len(set(codes)) == len(codes)
    assert CODES.action_from(CODES.warning_code(0).code) == "first_warning_letter"
    assert CODES.action_from(CODES.warning_code(1).code) == "second_warning_letter"
    assert (CODES.warning_code(0).code, CODES.warning_code(1).code) == ("EA02", "EA03")
    assert (CODES.warning_contact_type(0).code, CODES.warning_contact_type(1).code) == (
        "AWLI", "AWL2")
    assert CODES.decision_code(Decision.BREACH).code == "IBR"
    assert CODES.decision_code(Decision.NO_BREACH).code == "NFA"
    assert CODES.decision_code(Decision.RECALL).code == "EA11"
    # A decision not to recall is an outcome of a recall oversight contact, not an action.
    assert CODES.decision_code(Decision.NO_RECALL) is None
    assert CODES.decision_outcome(Decision.NO_RECALL).code == "MO11"
    assert CODES.decision_outcome(Decision.RECALL).code == "MO10"
    assert CODES.contact_types["management_oversight_recall"].code == "MO5"
    assert CODES.contact_types["management_oversight"].code == "MO1"
    actions = {c.code for c in CODES.enforcement_actions.values()}
    types = {c.code for c in CODES.contact_types.values()}
    outcomes = {c.code for c in CODES.oversight_outcomes.values()}
    assert not actions & types and not actions & outcomes and not types & outcomes
    assert {"AWLI", "AWL2", "AWLF", "CLBR"} <= types
    with pytest.raises(ValidationError, match="unknown enforcement action code 'MO11'"):
        CODES.action_from("MO11")


def test_contact_types_say_what_happened() -> None:
    assert CODES.contact_code("telephone").code == "CTOB"  # a call made, not a planned one
    assert CODES.contact_code("other").code != "COOO"
    assert "other than office" in CODES.contact_code("hub").words
    assert CODES.appointment_type("other").code == "C444"
    assert CODES.reason_words("AAAA") == "Other"


def test_sessions_and_partner_agencies_have_their_own_national_types() -> None:
    # Programme sessions, unpaid work sessions and contacts at a partner agency each have a
    # national contact type of their own: not "planned contact - other than office" (COOO),
    # and not the types other services write for their own appointments (CAPY, CRSAPT).
    assert CODES.appointment_type("programme") == CODES.appointment_types["programme"]
    assert (CODES.appointment_type("programme").code, CODES.appointment_type("unpaid_work").code,
            CODES.contact_code("partner_agency").code) == ("APAT", "CUPA", "C314")
    assert CODES.appointment_type("programme").words == "Programme session"
    assert "external agency" in CODES.contact_code("partner_agency").words
    assert CODES.contact_code("hub").code == "COOO"  # still a planned contact out of the office
    # Contact types are their own table: none of them is an outcome or an enforcement action.
    types = {c.code for c in (*CODES.appointment_types.values(), *CODES.contacts.values())}
    assert not types & {c.code for c in CODES.outcomes.values()}
    assert not types & {c.code for c in CODES.enforcement_actions.values()}
    assert not types & set(CODES.acceptable_reasons)


def _failure(absence: Absence | None, reason: str | None = None,
             outcome: Outcome = Outcome.FAILED_TO_ATTEND) -> Appointment:
    a = Appointment("a1", "e1", datetime(2026, 11, 10, 14), AppointmentKind.SUPERVISION,
                    outcome=outcome, absence=absence)
    if reason:
        a.extra["absence_reason"] = reason
    return a


def test_a_failure_is_coded_by_its_judgement() -> None:
    assert CODES.appointment_code(_failure(Absence.PENDING)).code == "AFTA"
    assert CODES.appointment_code(_failure(Absence.UNACCEPTABLE)).code == "UAAB"
    acceptable = CODES.appointment_code(_failure(Absence.ACCEPTABLE, "AAME"))
    assert acceptable.code == "AAME" and "Medical" in acceptable.words
    assert CODES.appointment_code(_failure(None, outcome=Outcome.FAILED_TO_COMPLY)).code == "AFTC"
    assert CODES.appointment_code(Appointment(
        "a2", "e1", datetime(2026, 12, 1, 10), AppointmentKind.SUPERVISION)) is None


def test_unknown_and_retired_codes_are_named_clearly() -> None:
    assert CODES.check_reason("AAME") is None
    unknown = CODES.check_reason("ZZZZ")
    assert "unknown acceptable-absence reason 'ZZZZ'" in unknown and "AAME" in unknown
    table = replace(CODES, acceptable_reasons={k: v for k, v in CODES.acceptable_reasons.items()
                                               if k != "AARE"},
                    retired={"AARE": "2027.1"})
    assert "retired nationally in code table 2027.1" in table.check_reason("AARE")
    with pytest.raises(ValidationError, match="unknown outcome code 'XXXX'"):
        CODES.outcome_from("XXXX")
