"""The warning letter (CJA 2003 Sch 8 para 5; the national breach notice's structure).

It describes the failure, says it is unacceptable, says that a further failure within the
12 months beginning with the warning date makes the person liable to be brought before a court,
and gives the date by which evidence must reach the officer, worked out on the working-day
calendar (anchors-probation-systems.md A3).
"""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from forms import sections as s
from forms._template import build
from forms.styles import BANNER, RIGHT
from officer_desk.dates import add_months, uk_date, uk_datetime
from officer_desk.model import Warning
from officer_desk.packs import PackInputs


def _kind_of_warning(inputs: PackInputs, warning: Warning) -> str:
    earlier = [w for w in inputs.file.warnings
               if w.date < warning.date and add_months(w.date, inputs.warning_months) >= warning.date]
    return "FINAL WARNING" if earlier else "FIRST WARNING"


def letter_story(inputs: PackInputs, warning: Warning, copy: bool = False) -> list[Flowable]:
    """The letter's content (also reproduced inside breach packs)."""
    person = inputs.person
    event = inputs.file.event
    failures = [f for f in inputs.all_failures if f.appointment.id in warning.failure_ids]
    respond_by = inputs.respond_by_for(warning)
    liable_until = add_months(warning.date, inputs.warning_months)
    story: list[Flowable] = []
    if copy:
        story.append(s.p(f"Copy of the letter issued on {uk_date(warning.letter_sent_on or warning.date)}",
                         s.SMALL))
    story += [
        s.p(f"{person.name}\n{s.address_text(person)}"),
        s.p(f"CRN / Ref: {person.crn}\nDate: {uk_date(warning.date)}", RIGHT),
        Spacer(1, 4 * mm),
        s.p(f"Dear {person.name},"),
        s.p(_kind_of_warning(inputs, warning), s.H2),
        s.subheading("Details of failure to comply"),
        s.p(f"Under the terms of your {event.kind.label.lower()}"
            f"{' made at ' + event.court if event.court else ''}"
            f"{' on ' + uk_date(event.sentence_date) if event.sentence_date else ''}, "
            "you failed to comply as follows:"),
        s.grid(["Date and time", "Appointment", "What happened"],
               [[uk_datetime(f.appointment.start), f.appointment.kind.value.replace("_", " "),
                 f"{f.appointment.outcome.label if f.appointment.outcome else ''}. "
                 f"{f.appointment.reason or ''}".strip()] for f in failures],
               [38 * mm, 36 * mm, 100 * mm]),
        s.p("THIS FAILURE TO COMPLY IS UNACCEPTABLE", BANNER),
        s.p("You must attend all appointments, take part in them, and follow the reasonable "
            "instructions of your officer. If you cannot attend, tell your officer beforehand "
            f"and give evidence of the reason, or give it within {inputs.evidence_days} working "
            "days of the missed appointment."),
        s.p(f"If you fail to comply with any requirement of your order again within the "
            f"{inputs.warning_months} months beginning with the date of this warning "
            "(that is, up to and including "
            f"{uk_date(liable_until)}), you will be liable to be brought before the court, "
            "which may re-sentence you."),
        s.subheading("What should I do now?"),
        s.p(f"If you had a good reason, contact your officer and give evidence (for example a "
            f"doctor's note or a letter from your employer) by {uk_date(respond_by)}. "
            "Otherwise this failure stands."),
        s.p("If you are taken back to court, the court will send you a letter called a "
            "SUMMONS. If you do not go to court when summoned you may be arrested."),
    ]
    nxt = inputs.next_appointment
    story.append(s.subheading("Your next appointment"))
    story.append(s.p(f"{uk_datetime(nxt.start)}, {nxt.location or 'at the probation office'} "
                     f"({nxt.kind.value.replace('_', ' ')})." if nxt else
                     "Your officer will contact you with your next appointment."))
    story.append(s.signature(inputs.officer))
    return story


def render_warning_letter(inputs: PackInputs, generated_at: datetime) -> bytes:
    """The warning letter as PDF bytes."""
    assert inputs.warning is not None
    story = letter_story(inputs, inputs.warning)
    return build(story, title=inputs.title, person=inputs.person.name, crn=inputs.person.crn,
                 author=inputs.officer, generated_at=generated_at,
                 policy_version=inputs.policy_version, with_contents=False)
