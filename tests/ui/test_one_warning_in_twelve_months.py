"""One warning in 12 months (Sentencing Act 2020 Sch 10 para 6): a further unacceptable failure
inside a live warning is referred for breach, never warned again; not breaching it is recorded
with its exceptional reason and the manager's agreement, as an oversight entry."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from officer_desk import services
from officer_desk.errors import ValidationError
from officer_desk.model import Absence, Decision, Outcome


def _fail(controller, appointment_id: str) -> None:
    controller.run(services.record_outcome, appointment_id, Outcome.FAILED_TO_ATTEND,
                   absence=Absence.UNACCEPTABLE, decided_on=date(2026, 11, 24),
                   reason="No reason given", now=datetime(2026, 11, 24, 12, 0))


def test_no_second_warning_inside_a_live_one_and_no_breach_needs_a_manager(
        qtbot, window, controller) -> None:
    _fail(controller, "a1")
    controller.run(services.issue_warning, "e1", date(2026, 11, 21), ["a1"],
                   policy=controller.policy)
    _fail(controller, "a2")  # 24 Nov, inside the warning's 12 months
    with pytest.raises(ValidationError, match="live until 21 Nov 2027"):
        controller.run(services.issue_warning, "e1", date(2026, 11, 24), ["a2"],
                       policy=controller.policy)

    # On the desktop, Issue warning offers no second warning: it says why and what to do.
    window.open_case("X123456", "e1")
    assert window.workspace.issue_warning() is None
    said = window.workspace.next_step.text()
    assert "referred for breach" in said and "Breach or recall" in said
    window.workspace.next_step.close()

    at = datetime(2026, 11, 24, 11, 0)
    with pytest.raises(ValidationError, match="manager's agreement"):
        controller.run(services.decide_enforcement, "e1", at, Decision.NO_BREACH,
                       "Admitted to hospital that morning; the ward confirmed it.")
    changes = controller.run(
        services.decide_enforcement, "e1", at, Decision.NO_BREACH,
        "Admitted to hospital that morning; the ward confirmed it.",
        line_manager={"name": "Gareth Jones", "at": "2026-11-24T10:40"})
    kinds = [kind for kind, _id in changes.records]
    assert kinds == ["enforcement", "oversight"]
    [oversight] = controller.event_file("e1").oversight
    assert oversight.by == "Gareth Jones" and "Agreed not to breach" in oversight.note
    assert oversight.about == changes.records[0][1]  # bound to the decision it agreed
