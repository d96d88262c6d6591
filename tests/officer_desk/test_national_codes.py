"""Our vocabulary and the national system's: every outcome and action one code, and back."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from officer_desk.errors import ValidationError
from officer_desk.model import Absence, Appointment, AppointmentKind, Decision, Outcome
from officer_desk.national_codes import load_codes

CODES = load_codes()


def test_every_outcome_has_exactly_one_code_and_back() -> None:
    codes = [CODES.outcomes[o.value].code for o in Outcome]
    assert len(set(codes)) == len(codes) == len(Outcome)
    for outcome in Outcome:
        assert CODES.outcome_from(CODES.outcomes[outcome.value].code) is outcome
    assert {CODES.outcomes["attended"].code, CODES.outcomes["failed_to_comply"].code,
            CODES.outcomes["failed_to_attend"].code} == {"ATTC", "AFTC", "AFTA"}


def test_every_enforcement_action_has_exactly_one_code_and_back() -> None:
    ours = [CODES.warning_code(0), CODES.warning_code(1),
            *(CODES.decision_code(d) for d in Decision)]
    codes = [c.code for c in ours]
    assert len(set(codes)) == len(codes)
    assert CODES.action_from(CODES.warning_code(0).code) == "first_warning_letter"
    assert CODES.action_from(CODES.warning_code(1).code) == "final_warning_letter"
    for decision in Decision:
        assert CODES.action_from(CODES.decision_code(decision).code) == decision.value
    assert CODES.decision_code(Decision.RECALL).code == "C041"
    assert CODES.decision_code(Decision.NO_RECALL).code == "MO11"


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
