"""Inspection readiness from the command line: the new due kinds, the report, the summary."""

from __future__ import annotations

import json
from pathlib import Path

from pypdf import PdfReader

from tests.helpers.records import write_jsonl
from tests.officer_desk.test_readiness import _without, ready_case


def test_due_report_and_summary(initialised, tmp_path: Path) -> None:
    cli = initialised
    records = _without(ready_case(), "q-da") + [
        {"type": "significant_change", "id": "ch1", "event_id": "e1", "on": "2026-11-16",
         "kind": "children_in_household", "note": "His sister's two children moved in"}]
    cli.run("import", str(write_jsonl(tmp_path / "in.jsonl", records)), check=True)
    cli.run("office", "--name", "Siobhán Ó Briain", check=True)

    contract = {i["kind"] for i in cli.due("2026-11-24")}
    assert not contract & {"da_enquiry", "safeguarding_enquiry", "review_on_change"}
    extended = {(i["kind"], i["status"], i["due"], i["rule"])
                for i in cli.due("2026-11-24", "--all")}
    assert ("da_enquiry", "overdue", "2026-06-08", "da_enquiry") in extended
    assert ("safeguarding_enquiry", "overdue", "2026-11-23", "safeguarding_enquiry") in extended
    assert ("review_on_change", "due", "2026-11-30", "review_on_change") in extended
    table = cli.run("due", "--all", "--on", "2026-11-24", check=True).stdout
    assert "Domestic abuse call-out enquiry" in table

    out = tmp_path / "readiness.pdf"
    cli.run("pack", "readiness", "--event", "e1", "--out", str(out), "--on", "2026-11-24",
            check=True)
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(out).pages]
    text = " ".join(pages)
    assert "Inspection readiness" in text and "Siobhán Ó Briain" in text
    assert "Questions answered yes 7 of 9" in text
    assert ("Domestic abuse call-out enquiry (police) not requested since the start of "
            "supervision (1 Jun 2026); it was due by 8 Jun 2026.") in text
    assert "Children in the household on 16 Nov 2026" in text
    assert "Request the domestic abuse call-out enquiry" in text
    assert ("Dynamic inspection of public protection – case and non-case inspection questions "
            "(October 2025), question C1 a) and c)") in text
    assert "2026-" not in text  # dates as a reader reads them

    summary = json.loads(cli.run("readiness", "--json", "--on", "2026-11-24",
                                 check=True).stdout)
    by_id = {q["id"]: q for q in summary["questions"]}
    assert by_id["risk_of_harm"]["caseload"] == {"yes": 1}
    assert by_id["enquiries"]["caseload"] == {"no": 1}
    assert by_id["review"]["source"] == "002:1170; 002:865"
    assert by_id["review"]["current"] is None and "No current source found" in \
        by_id["review"]["cite"]
    for q in summary["questions"]:
        # Each quotes a current source with where it is published, or says plainly why not.
        if q["current"] is None:
            assert q["url"] is None and q["closest"] is None and not q["quoted"]
            assert q["cite"].startswith("No current source found")
            assert "could not be read" in q["cite"]
        else:
            assert q["url"].startswith("https://hmiprobation.justiceinspectorates.gov.uk/")
            assert q["quoted"] or q["closest"]
    assert sum(q["current"] is None for q in summary["questions"]) == 6
    assert by_id["plan_risk"]["current"] == "C2 a) and b)" and by_id["plan_risk"]["quoted"]
    assert by_id["enquiries"]["closest"].startswith("Does assessment draw sufficiently")
    words = cli.run("readiness", "--on", "2026-11-24", check=True).stdout
    assert "1 running order(s) or licence(s), as at 24 Nov 2026" in words
