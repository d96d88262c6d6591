"""Breach packs for the magistrates' court: community order / SSO, and post-sentence supervision.

Cover sheet; contents; breach report (order verbatim, grounds, chronology with responses,
warnings, compliance history, the pre-breach questions, assessment and proposal); the warning
letters as issued; the attendance and contact record; the witness statement to sign.
"""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer

from forms import sections as s
from forms._template import build, contents
from forms.styles import BANNER
from forms.warning_letter import letter_story
from officer_desk.checklists import BREACH_QUESTIONS
from officer_desk.dates import add_months, uk_date
from officer_desk.model import Absence
from officer_desk.packs import PSS_COURT_OPTIONS, PackInputs


def _grounds(inputs: PackInputs) -> list[str]:
    person = inputs.person.name
    out = []
    for f in inputs.failures:
        if f.judgement is not Absence.UNACCEPTABLE:
            continue
        a = f.appointment
        verb = ("failed to attend" if a.outcome and a.outcome.value == "failed_to_attend"
                else "failed to comply with")
        out.append(f"On {uk_date(a.start.date())} at {a.start:%H:%M}, {person} {verb} "
                   f"a {a.kind.value.replace('_', ' ')} appointment"
                   f"{' at ' + a.location if a.location else ''}. "
                   f"Reason given: {a.reason or 'none'}. Judged unacceptable"
                   f"{' on ' + uk_date(a.absence_decided_on) if a.absence_decided_on else ''}.")
    return out


def _statement(inputs: PackInputs) -> list[str]:
    e = inputs.file.event
    lines = [f"I am the responsible officer for {inputs.person.name}, born "
             f"{uk_date(inputs.person.date_of_birth)} (CRN {inputs.person.crn}).",
             f"On {uk_date(e.sentence_date)} at {e.court or 'the court'}, "
             f"{inputs.person.name} was made subject to a {e.kind.label.lower()}"
             f"{' for ' + e.offence.lower() if e.offence else ''}."]
    for w in inputs.file.warnings:
        if w.date <= inputs.on:
            lines.append(f"On {uk_date(w.date)} I gave a formal warning in writing that a further "
                         "failure within 12 months would make them liable to be brought before "
                         "the court.")
    lines += _grounds(inputs)
    lines.append("No acceptable reason for these failures has been given.")
    return lines


def render_breach_pack(inputs: PackInputs, generated_at: datetime) -> bytes:
    """The breach pack (``breach`` or ``pss-breach``) as PDF bytes."""
    pss = inputs.kind == "pss-breach"
    e = inputs.file.event
    enf = inputs.enforcement
    since = add_months(inputs.on, -12)
    extra = [("Breach decision", s.shown(enf.decided_at) if enf else None),
             ("Laid at court", s.shown(enf.submitted_at) if enf else None)]
    if pss:
        extra.append(("PSS ends", inputs.pss_end))
    story: list[Flowable] = [NextPageTemplate("body"), *s.cover(
        inputs, "The magistrates' court" if pss or e.kind.value == "community_order"
        else "The court (suspended sentence order)", extra)]
    if pss and inputs.pss_end:
        story.append(s.p(f"PSS ends on {uk_date(inputs.pss_end)}. A breach not heard by then "
                         "cannot be dealt with.", BANNER))
        if inputs.listing_after_pss_end:
            story.append(s.p("Warning: at usual listing times a hearing may fall after PSS ends. "
                             "Ask for an early listing.", BANNER))
    story += [PageBreak(), s.p("Contents", s.H1), contents(), PageBreak()]

    story += [s.heading("Breach report"), s.subheading("Person and identifiers"),
              s.identity(inputs.person), s.subheading("The order"), *s.order_details(inputs.file)]
    story += [s.subheading("Grounds: failures to comply without reasonable excuse")]
    story += [s.p(line) for line in _grounds(inputs)] or [s.p("No unacceptable failures.")]
    story += [s.subheading("Chronology of failures and responses (last 12 months)"),
              s.chronology(inputs.failures),
              s.subheading("Warnings issued"),
              s.grid(["Date", "Failures", "Letter sent", "Liability until"],
                     [[uk_date(w.date), str(len(w.failure_ids)), s.shown(w.letter_sent_on),
                       uk_date(add_months(w.date, inputs.warning_months))] for w in inputs.file.warnings],
                     [40 * mm, 30 * mm, 50 * mm, 54 * mm])
              if inputs.file.warnings else s.p("No warnings were given on this event."),
              s.subheading("Compliance history"), s.compliance(inputs),
              s.subheading("Before breach: questions answered"),
              s.checklist(inputs.extra.get("checklist"), BREACH_QUESTIONS),
              s.subheading("Officer's assessment and proposal"),
              s.p(enf.rationale if enf else "Not recorded")]
    if pss:
        story += [s.subheading("The court's powers (CJA 2003 s256AC(4), Sch 19A)")]
        story += [s.p(f"• {option}") for option in PSS_COURT_OPTIONS]
        if inputs.route_note:
            story.append(s.p(inputs.route_note, s.SMALL))
    story += [s.signature(inputs.officer)]

    story += [PageBreak(), s.heading("Warning letters as issued")]
    issued = [w for w in inputs.file.warnings if w.date <= inputs.on]
    if not issued:
        story.append(s.p("No warning letters were issued on this event."))
    for n, warning in enumerate(issued):
        if n:
            story.append(PageBreak())
        story += letter_story(inputs, warning, copy=True)

    story += [PageBreak(), s.heading("Attendance and contact record"),
              s.p(f"From {uk_date(since)} to {uk_date(inputs.on)}.", s.SMALL),
              *s.attendance(inputs, since)]
    story += [PageBreak(), *s.witness_statement(inputs, _statement(inputs)), Spacer(1, 2 * mm)]
    return build(story, title=inputs.title, person=inputs.person.name, crn=inputs.person.crn,
                 author=inputs.officer, generated_at=generated_at,
                 policy_version=inputs.policy_version, with_contents=True)
