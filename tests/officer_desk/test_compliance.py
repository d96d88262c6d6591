"""Compliance state: summary counts, warning windows, enforcement routes, fixed-term recall."""

from __future__ import annotations

import re
from datetime import date

from officer_desk.caseload import build_caseload
from officer_desk.codec import from_record
from officer_desk.compliance import (
    compliance_summary,
    enforcement_route,
    fixed_term_recall,
    pss_end,
    respond_by,
)
from officer_desk.policy import load_policy
from tests.helpers.records import appt, event, person

POLICY = load_policy()


def test_summary_counts_the_last_twelve_months() -> None:
    records = [person(), event(),
               appt("old", "2025-04-01T10:00", outcome="failed_to_attend", absence="unacceptable",
                    absence_decided_on="2025-04-02"),
               appt("a1", "2026-03-02T10:00", outcome="attended"),
               appt("a2", "2026-04-06T10:00", outcome="failed_to_attend", absence="acceptable",
                    absence_decided_on="2026-04-08", reason="GP note"),
               appt("a3", "2026-05-04T10:00", outcome="failed_to_comply", absence="unacceptable",
                    absence_decided_on="2026-05-06"),
               appt("a4", "2026-05-11T10:00", outcome="failed_to_attend"),
               {"type": "warning", "id": "w0", "event_id": "e1", "date": "2025-04-03",
                "failure_ids": ["old"]},
               {"type": "warning", "id": "w1", "event_id": "e1", "date": "2026-05-07",
                "failure_ids": ["a3"]},
               {"type": "enforcement", "id": "b1", "event_id": "e1",
                "decided_at": "2026-05-19T10:00", "decision": "breach"}]
    ef = build_caseload(records).events["e1"]
    s = compliance_summary(ef, date(2026, 5, 20), POLICY)
    assert (s.failures_12m, s.acceptable_12m, s.unacceptable_12m, s.pending_12m) == (3, 1, 1, 1)
    assert [(w.id, lapse) for w, lapse in s.live_warnings] == [("w1", date(2027, 5, 7))]
    assert [w.id for w in s.lapsed_warnings] == ["w0"]
    assert s.breaches == 1 and s.recalls == 0
    assert s.attendance_rate == 1 / 5


def _caseload(*events, failure_event="e1", day="2026-06-01T10:00"):
    return build_caseload([person(), *events, appt("f1", day, event_id=failure_event,
                                                   outcome="failed_to_attend",
                                                   absence="unacceptable",
                                                   absence_decided_on="2026-06-02")])


def test_routes_by_event_kind_and_history() -> None:
    cl = _caseload(event())
    ef = cl.events["e1"]
    assert enforcement_route(cl, ef, ef.failures[0], date(2026, 6, 3), POLICY).path == "warning"
    cl = _caseload(event(kind="licence", release_date="2026-01-05"))
    ef = cl.events["e1"]
    assert enforcement_route(cl, ef, ef.failures[0], date(2026, 6, 3), POLICY).path == "recall"


def test_pss_overlapping_a_licence_routes_to_recall() -> None:
    licence = event("lic", kind="licence", release_date="2026-01-05", start_date="2026-01-05",
                    end_date="2026-07-04")
    pss = event("pss", kind="pss", release_date="2026-01-05", start_date="2026-03-01")
    cl = _caseload(licence, pss, failure_event="pss")
    ef = cl.events["pss"]
    route = enforcement_route(cl, ef, ef.failures[0], date(2026, 6, 3), POLICY)
    assert route.path == "recall" and route.event_id == "lic" and "routes to recall" in route.reason
    assert not re.search(r"\b\d{3}:\d+", route.reason)  # read by officers and courts
    cl = _caseload(licence, pss, failure_event="pss", day="2026-08-03T10:00")
    ef = cl.events["pss"]
    assert enforcement_route(cl, ef, ef.failures[0], date(2026, 8, 4), POLICY).path == \
        "pss_breach"


def test_pss_ends_twelve_months_after_release() -> None:
    ev = from_record(event(kind="pss", release_date="2024-02-29"))
    assert pss_end(ev, POLICY) == date(2025, 2, 28)


def test_fixed_term_recall_length_and_exclusions() -> None:
    short = fixed_term_recall(from_record(event(kind="licence", custodial_term_days=300)), POLICY)
    assert short.eligible and short.days == 14
    long = fixed_term_recall(from_record(event(kind="licence", custodial_term_days=400)), POLICY)
    assert long.eligible and long.days == 28
    extended = fixed_term_recall(from_record(event(kind="licence", custodial_term_days=2000,
                                                   extended_sentence=True)), POLICY)
    assert not extended.eligible and any("extended" in r for r in extended.reasons)
    indeterminate = fixed_term_recall(from_record(event(kind="licence", indeterminate=True)),
                                      POLICY)
    assert not indeterminate.eligible and any("emergency" in r for r in indeterminate.reasons)
    risky = fixed_term_recall(from_record(event(kind="licence", custodial_term_days=300)),
                              POLICY, rosh_manageable=False)
    assert not risky.eligible


def test_respond_by_counts_from_the_failure_but_never_before_the_letter() -> None:
    cl = _caseload(event())
    ef = cl.events["e1"]
    w = from_record({"type": "warning", "id": "w", "event_id": "e1", "date": "2026-06-02",
                     "failure_ids": ["f1"]})
    assert respond_by(w, ef.failures, POLICY) == date(2026, 6, 8)  # Mon 1 Jun + 5
    late = from_record({"type": "warning", "id": "w", "event_id": "e1", "date": "2026-06-15",
                        "failure_ids": ["f1"]})
    assert respond_by(late, ef.failures, POLICY) == date(2026, 6, 22)  # from the letter
