"""PSS breach, recall Part A, sentence plan and home visit documents."""

from __future__ import annotations

from datetime import date

import pytest

from forms.render import render_pack
from officer_desk.caseload import build_caseload
from officer_desk.demo import demo_records
from officer_desk.errors import PackIncompleteError
from officer_desk.exchange import sort_records
from officer_desk.packs import build_pack_inputs, pack_gaps
from tests.forms.conftest import POLICY, read

ON = date(2026, 11, 24)


@pytest.fixture(scope="module")
def demo():
    return build_caseload(sort_records(demo_records(ON)))


def _complete(demo, kind: str) -> str:
    for event_id in demo.events:
        if not pack_gaps(kind, demo, event_id, POLICY, on=ON, officer="Demo Officer"):
            return event_id
    raise AssertionError(f"no complete {kind} case in the demo")


@pytest.mark.parametrize("kind,headings", [
    ("pss-breach", ["Post-sentence supervision breach pack", "PSS ends on",
                    "supervision default order", "20 to 60 hours", "Witness statement"]),
    ("recall", ["Recall report (Part A)", "1. Recall type and urgency", "2. Personal details",
                "5. Police and custody", "12. Licence conditions breached",
                "14. Alternatives to recall tried", "4. Victims",
                "15. Fixed-term recall: eligibility and exclusions",
                "17. Line manager endorsement", "18. Senior manager authorisation",
                "24 Nov 2026 at 09:30", "Non-disclosable information"]),
    ("sentence-plan", ["Sentence plan", "Objectives", "From the assessment"]),
    ("home-visit", ["Home visit", "Safety of the visitor", "Risk information"]),
])
def test_document_headings_and_page_numbers(demo, kind: str, headings: list[str]) -> None:
    event_id = _complete(demo, kind)
    inputs = build_pack_inputs(kind, demo, event_id, POLICY, on=ON, officer="Demo Officer")
    _, pages = read(render_pack(inputs))
    text = "\n".join(pages)
    for h in headings:
        assert h in text, h
    for n, page in enumerate(pages, start=1):
        assert f"Page {n} of {len(pages)}" in page


def test_recall_refused_without_endorsements(demo) -> None:
    event_id = _complete(demo, "recall")
    enf = demo.events[event_id].enforcements[-1]
    saved = enf.extra.pop("senior_manager")
    try:
        with pytest.raises(PackIncompleteError) as info:
            build_pack_inputs("recall", demo, event_id, POLICY, on=ON, officer="Demo Officer")
        assert any("senior manager" in m for m in info.value.missing)
    finally:
        enf.extra["senior_manager"] = saved
