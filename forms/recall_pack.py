"""The recall report (Part A) for the Public Protection Casework Section.

Sections follow the national Part A template's order (anchors-probation-systems.md A1): person,
sentence, recall type and reasons with the decision's date and time, custody status, licence
conditions breached, response to supervision, alternatives to recall tried, risk of serious
harm, MAPPA, vulnerabilities, victims, arrest issues and police contact, fixed-term eligibility,
author, and the line manager's and senior manager's endorsements with date and time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from forms import sections as s
from forms._template import build, contents
from officer_desk.checklists import RECALL_QUESTIONS
from officer_desk.dates import add_months, uk_date, uk_datetime
from officer_desk.packs import PackInputs, decision_time

RECALL_LABELS = {"standard": "Standard recall", "fixed_term": "Fixed-term recall",
                 "emergency": "Emergency recall"}


def _endorsement(block: Any, role: str) -> list[Flowable]:
    block = block if isinstance(block, dict) else {}
    at = block.get("at")
    try:
        when = uk_datetime(datetime.fromisoformat(at)) if isinstance(at, str) else None
    except ValueError:
        when = at
    return [s.key_values([(f"{role}: name", block.get("name")), ("Date and time", when),
                          ("View on recall", block.get("view") or block.get("comments")),
                          ("Signature", "\n\n")])]


def render_recall_pack(inputs: PackInputs, generated_at: datetime) -> bytes:
    """Part A as PDF bytes."""
    e = inputs.file.event
    enf = inputs.enforcement
    assert enf is not None
    extra = inputs.extra
    kind = RECALL_LABELS.get(enf.recall_type.value if enf.recall_type else "", "Not recorded")
    story: list[Flowable] = [NextPageTemplate("body"), *s.cover(
        inputs, "Public Protection Casework Section (PPCS)",
        [("Recall type", kind), ("Decision", decision_time(enf.decided_at))]),
        PageBreak(), s.p("Contents", s.H1), contents(), PageBreak()]

    story += [s.heading("1. Person and identifiers"), s.identity(inputs.person)]
    licence_expiry = e.end_date
    story += [s.heading("2. Sentence"), *s.order_details(inputs.file),
              s.key_values([("Licence expiry date", licence_expiry),
                            ("Extended sentence", e.extended_sentence),
                            ("Indeterminate sentence", e.indeterminate)])]
    story += [s.heading("3. Recall type and reasons"),
              s.key_values([("Recall type", kind),
                            ("Decision date and time", decision_time(enf.decided_at)),
                            ("Sent to PPCS", s.shown(enf.submitted_at))]),
              s.subheading("Circumstances leading to recall"), s.p(enf.rationale)]
    story += [s.heading("4. Custody status"), s.p(s.shown(extra.get("custody_status")))]
    breached = extra.get("conditions_breached") or []
    texts = {c.code: c.text for c in e.conditions}
    story += [s.heading("5. Licence conditions breached"),
              s.grid(["Condition", "Wording"],
                     [[str(c), texts.get(str(c), "")] for c in breached],
                     [30 * mm, 144 * mm])]
    story += [s.heading("6. Response to supervision"), s.compliance(inputs),
              s.key_values([("Officer's account of the response to supervision",
                             extra.get("response_to_supervision"))]),
              s.subheading("Failures and responses"), s.chronology(inputs.failures)]
    story += [s.heading("7. Alternatives to recall tried"),
              s.checklist(extra.get("checklist"), RECALL_QUESTIONS),
              s.subheading("Warnings given (with dates)"),
              s.p("; ".join(uk_date(w.date) for w in inputs.file.warnings) or "None")]
    story += [s.heading("8. Risk of serious harm"),
              s.key_values([("Current ROSH", e.rosh.label if e.rosh else None),
                            ("Risk to", extra.get("rosh_to")),
                            ("Can the risk be managed in the community?",
                             extra.get("rosh_manageable"))])]
    story += [s.heading("9. MAPPA and IOM"),
              s.key_values([("MAPPA category", e.mappa.category if e.mappa else None),
                            ("MAPPA level", e.mappa.level if e.mappa else None),
                            ("Integrated offender management",
                             "IOM" in " ".join(inputs.person.flags).upper())])]
    story += [s.heading("10. Vulnerabilities"), s.p(s.shown(extra.get("vulnerabilities")))]
    story += [s.heading("11. Victims"), s.p(s.shown(extra.get("victims")))]
    story += [s.heading("12. Arrest issues and police contact"),
              s.p(s.shown(extra.get("police_contact")))]
    ft = inputs.fixed_term
    story += [s.heading("13. Fixed-term recall: eligibility"),
              s.p("The officer proposes; PPCS decides (CJA 2003 s255A-B).", s.SMALL),
              s.key_values([("Fixed-term possible", ft.eligible if ft else None),
                            ("Length if fixed-term", f"{ft.days} days" if ft and ft.days else None),
                            ("Reasoning", "; ".join(ft.reasons) if ft else None)])]
    story += [s.heading("14. Author"),
              s.key_values([("Responsible officer", inputs.officer),
                            ("Date and time of the report", uk_datetime(generated_at))])]
    story += [s.heading("15. Line manager endorsement"),
              *_endorsement(extra.get("line_manager"), "Line manager")]
    story += [s.heading("16. Senior manager authorisation"),
              *_endorsement(extra.get("senior_manager"), "Senior manager")]
    story += [PageBreak(), s.heading("Attendance and contact record"),
              *s.attendance(inputs, add_months(inputs.on, -6))]
    return build(story, title=inputs.title, person=inputs.person.name, crn=inputs.person.crn,
                 author=inputs.officer, generated_at=generated_at,
                 policy_version=inputs.policy_version, with_contents=True)
