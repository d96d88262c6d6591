"""The readiness report read back: the inspectorate's current wording, its sources, the answers."""

from __future__ import annotations

from datetime import date

from forms.render import render_pack
from officer_desk.caseload import build_caseload
from officer_desk.packs import build_pack_inputs
from officer_desk.policy import load_policy
from officer_desk.readiness import DI25_URL
from tests.forms.conftest import read
from tests.officer_desk.test_readiness import _edit, ready_case

ON = date(2026, 11, 24)
POLICY = load_policy()


def _report(records: list[dict]) -> str:
    inputs = build_pack_inputs("readiness", build_caseload(records), "e1", POLICY, on=ON,
                               officer="Siân Evans")
    _reader, pages = read(render_pack(inputs))
    return " ".join(" ".join(pages).split())


def test_the_report_quotes_the_current_questions_and_says_where_none_was_found() -> None:
    text = _report(ready_case())
    assert "Questions answered yes 9 of 9" in text
    assert ("C1 Does assessment focus sufficiently on keeping other people safe? a) Does "
            "assessment identify and analyse clearly any risk of harm to others? c) Does "
            "assessment analyse any specific concerns and risks related to actual and "
            "potential victims? Yes.") in text
    assert ("C2 Does planning focus sufficiently on keeping other people safe? a) Does "
            "planning address sufficiently risk of harm factors and prioritise those which "
            "are most critical? b) Does planning set out the necessary constructive and/or "
            "restrictive interventions to manage the risk of harm? Yes.") in text
    assert ("Closest current question C1 b) “Does assessment draw sufficiently on available "
            "sources of information, including past behaviour and convictions, and involve "
            "other agencies where appropriate?”") in text
    # Six questions have no current source found, and say so, why, and where ours came from.
    assert text.count("No current source found") == 6
    assert text.count("could not be read, so this wording is the project's own") == 6
    assert ("Did the responsible officer review progress on time and when circumstances "
            "changed? Yes.") in text
    assert ("first drawn from HM Inspectorate of Probation, Annual Report 2017, figure 30 and "
            "protecting the public.") in text
    assert ("first drawn from HM Inspectorate of Probation, Enforcement and Recall (February "
            "2018), aims of the inspection.") in text
    assert "Annual Report 2017, figure 14" not in text  # replaced by C1
    assert "Annual Report 2017, figure 15" not in text  # replaced by C2
    assert DI25_URL.replace("-", "") in text.replace("-", "").replace(" ", "")


def test_the_answers_printed_follow_the_evidence() -> None:
    records = _edit(ready_case(), "pl1", objectives=[{"need": "alcohol", "text": ""}])
    text = _report(records)
    assert "Questions answered yes 7 of 9" in text
    assert ("C2 Does planning focus sufficiently on keeping other people safe?") in text
    assert "The sentence plan has no objectives with any words." in text
    assert ("Within an appropriate time following allocation, was there a sufficient sentence "
            "plan in place, built on the assessment? No.") in text
