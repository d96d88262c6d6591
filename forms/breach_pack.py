"""Breach packs for the court: community order / SSO, and post-sentence supervision.

Cover sheet; contents; breach report (the order with its requirements and progress, the
grounds, the chronology showing failure → warning → later failure, the compliance history, the
pre-breach questions, the assessment and proposal, the court's powers); the warning letters as
issued (the stored copies, page for page); the attendance and contact record with home visits;
the s9 witness statement, each page signed. Nothing recorded as sensitive is printed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
)

from forms import sections as s
from forms.letters import letter_flowables
from forms.styles import BANNER, CONTENTS_TITLE
from officer_desk.breach_grounds import Ground
from officer_desk.checklists import BREACH_QUESTIONS
from officer_desk.dates import add_months, uk_date, uk_datetime
from officer_desk.disclosure import appointment_text
from officer_desk.model import Outcome
from officer_desk.packs import (
    COURT_POWERS,
    PSS_COURT_OPTIONS,
    PackInputs,
    appointment_words,
    breached_requirement,
)
from officer_desk.services import NOTIFIED_BY
from officer_desk.working_days import add_working_days


def _failure_sentence(inputs: PackInputs, g: Ground, lead: str = "") -> str:
    a = g.failure
    person = inputs.person.name
    verb = ("failed to attend" if a.outcome is Outcome.FAILED_TO_ATTEND
            else "attended but failed to comply with")
    shown = appointment_text(a, inputs.redact_sensitive)
    where = f" at {shown.location}" if shown.location else ""
    text = (f"On {uk_date(a.start.date())} at {a.start:%H:%M}{lead}, {person} {verb} "
            f"{appointment_words(a)}{where}.")
    told = NOTIFIED_BY.get(str(a.extra.get("notified_by") or ""))
    if told:
        day = a.extra.get("notified_on")
        text += (f" {person} had been told of this appointment {told}"
                 + (f" on {uk_date(date.fromisoformat(str(day)[:10]))}" if day else "") + ".")
    if inputs.file.event.kind.is_order:
        text += (f" This was a failure to comply with "
                 f"{breached_requirement(inputs.file, a)}.")
    if shown.withheld:
        text += " The reason given is recorded but withheld from this document as sensitive."
    else:
        text += f" Reason given: {shown.reason or 'none'}."
    text += (" I judged this failure unacceptable"
             + (f" on {uk_date(a.absence_decided_on)}" if a.absence_decided_on else "") + ".")
    return text


def _ground_lines(inputs: PackInputs) -> list[str]:
    out = []
    for n, g in enumerate(inputs.grounds, start=1):
        text = f"Ground {n}. {_failure_sentence(inputs, g)}"
        if g.warning is not None:
            text += (f" This was within 12 months of the formal warning given on "
                     f"{uk_date(g.warning.date)} (liable until "
                     f"{uk_date(add_months(g.warning.date, inputs.warning_months))}).")
        if g.serious:
            text += " I judged the failure serious."
        out.append(text)
    return out


def _statement(inputs: PackInputs) -> list[str]:
    e = inputs.file.event
    person = inputs.person.name
    lines = [f"I am the responsible officer for {person}, born "
             f"{uk_date(inputs.person.date_of_birth)} (CRN {inputs.person.crn}).",
             f"On {uk_date(e.sentence_date)} at {e.court or 'the court'}, {person} was made "
             f"subject to a {e.kind.label.lower()}"
             f"{' for ' + e.offence.lower() if e.offence else ''}."]
    told: set[str] = set()
    for g in inputs.grounds:
        w = g.warning
        if w is not None and w.id not in told:
            told.add(w.id)
            warned = [f for f in inputs.file.failures if f.id in w.failure_ids]
            for f in warned:
                verb = ("failed to attend" if f.outcome is Outcome.FAILED_TO_ATTEND
                        else "failed to comply with")
                lines.append(f"On {uk_date(f.start.date())} at {f.start:%H:%M}, {person} {verb} "
                             f"{appointment_words(f)}. I judged this failure unacceptable.")
            lines.append(f"On {uk_date(w.date)} I gave {person} a formal warning in writing. "
                         "It described the failure, said that it was unacceptable, and said "
                         "that a further failure within 12 months would make them liable to be "
                         "brought before the court. A copy of the letter is in this pack.")
        lines.append(_failure_sentence(
            inputs, g, ", within 12 months of that warning" if w is not None else ""))
        if g.serious:
            lines.append("I judged that failure serious enough to be brought before the court.")
    # Said as judged, whatever was withheld above: a withheld note is not the person's reason,
    # and "no reason given" beside "the reason is withheld" would contradict itself.
    one = len(inputs.grounds) == 1
    lines.append(f"Having considered what was given as the reason{'' if one else 's'}, I judged "
                 f"{'this failure' if one else 'these failures'} unacceptable. I ask the court to "
                 "deal with the breach.")
    return lines


def _stored_letters(inputs: PackInputs, issued: list[Any]) -> list[Flowable]:
    """Each warning letter: the stored copy's pages are put in place after layout."""
    out: list[Flowable] = []
    for n, warning in enumerate(issued):
        if n:
            out.append(PageBreak())
        stored = inputs.stored_letters.get(warning.id)
        if stored is not None:
            meta, _pdf = stored
            sent = warning.letter_sent_on or warning.date
            pages = f"the next {meta.pages} page{'s' if meta.pages != 1 else ''}"
            if meta.issued_at.date() <= add_working_days(sent, 2):
                said = (f"Warning of {uk_date(warning.date)}: the letter as issued on "
                        f"{uk_datetime(meta.issued_at)} (version {meta.version}) follows on "
                        f"{pages}, exactly as it was sent on {uk_date(sent)}.")
            else:  # issued here long after the letter went: not claimed to be what was sent
                said = (f"Warning of {uk_date(warning.date)}: the letter was recorded as sent on "
                        f"{uk_date(sent)}. The copy on {pages} was issued from Officer Desk "
                        f"later, on {uk_datetime(meta.issued_at)} (version {meta.version}), and "
                        "may differ from the letter the person received.")
            out += [s.p(said, s.SMALL),
                    s.p(f"SHA-256 of the issued copy: {meta.sha256}", s.SMALL)]
            out.append(NextPageTemplate("copy"))
            for page in range(meta.pages):
                out += [PageBreak(), s.marked(Spacer(1, 1), f"copy:{warning.id}:{page}")]
            out.append(NextPageTemplate("body"))
        else:
            facts = inputs.letters.get(warning.id)
            out.append(s.p(f"Warning of {uk_date(warning.date)}: no issued copy of this letter "
                           "is held in Officer Desk (it was sent from another system). What "
                           "follows is rebuilt from the record as it stood on "
                           f"{uk_date(facts.dated) if facts else uk_date(warning.date)}.",
                           s.SMALL))
            if facts is not None:
                out += letter_flowables(facts, "warning-letter", "")
    return out


def breach_story(inputs: PackInputs, holder: dict[str, Any]) -> list[Flowable]:
    """The breach pack (``breach`` or ``pss-breach``)."""
    pss = inputs.kind == "pss-breach"
    e = inputs.file.event
    enf = inputs.enforcement
    since = add_months(inputs.on, -12)
    extra = [("Breach decision", s.shown(enf.decided_at) if enf else None),
             ("Laid at court", s.shown(enf.submitted_at) if enf else None),
             ("Hearing", _hearing(inputs))]
    if pss:
        extra.append(("PSS ends", inputs.pss_end))
    story: list[Flowable] = [NextPageTemplate("body"), *s.cover(
        inputs, "The magistrates' court" if pss or e.kind.value == "community_order"
        else "The court (suspended sentence order)", extra)]
    if pss and inputs.pss_end:
        story.append(s.p(f"PSS ends on {uk_date(inputs.pss_end)}. A breach not heard by then "
                         "cannot be dealt with.", BANNER))
        if inputs.listing_after_pss_end:
            story.append(s.p("At usual listing times a hearing may fall after PSS ends. Please "
                             "list early.", BANNER))
    story += [PageBreak(), s.p("Contents", CONTENTS_TITLE), s.contents_list(), PageBreak()]

    story += [s.heading("Breach report"), s.subheading("Person and identifiers"),
              s.identity(inputs.person), s.subheading("The order"), *s.order_details(inputs)]
    story += [s.subheading("Grounds: failures to comply without reasonable excuse")]
    story += [s.p(line) for line in _ground_lines(inputs)]
    story += [s.subheading("Chronology: failures, warnings and responses"),
              s.chronology(inputs.chronology),
              s.subheading("Compliance history (last 12 months)"), s.compliance(inputs),
              s.subheading("Before breach: questions answered"),
              s.checklist(inputs.extra.get("checklist"), BREACH_QUESTIONS),
              s.subheading("Officer's assessment and proposal"),
              s.p(enf.rationale if enf else "Not recorded")]
    powers = PSS_COURT_OPTIONS if pss else COURT_POWERS.get(e.kind.value, ())
    # The powers stay with the signature: no page holds a signature block alone.
    story += [KeepTogether([s.subheading("The court's powers"),
                            *[s.p(f"• {option}") for option in powers],
                            s.signature(inputs.officer)])]

    issued = [w for w in inputs.file.warnings
              if enf is not None and w.date <= enf.decided_at.date()]
    # Letters start on a page of their own; a one-line "none" follows the report instead.
    story += [PageBreak() if issued else CondPageBreak(60 * mm),
              s.heading("Warning letters as issued")]
    if not issued:
        story.append(s.p("No warning letters were issued on this order."))
    story += _stored_letters(inputs, issued)

    story += [PageBreak(), s.heading("Attendance and contact record"),
              s.p(f"From {uk_date(since)} to {uk_date(inputs.on)}.", s.SMALL),
              *s.attendance(inputs, since)]
    story += [PageBreak(), *s.witness_statement(inputs, _statement(inputs), holder),
              Spacer(1, 2 * mm)]
    return story


def _hearing(inputs: PackInputs) -> str | None:
    x = inputs.extra
    court, when = x.get("hearing_court"), x.get("hearing_date")
    if not court and not when:
        return "Not yet listed"
    return ", ".join(str(v) for v in (court, s.shown(s.parsed(when)) if when else None) if v)
