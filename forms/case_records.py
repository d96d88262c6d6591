"""Single-purpose printouts: the sentence plan and the home visit record."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from forms import sections as s
from forms._template import build
from officer_desk.disclosure import WITHHELD
from officer_desk.packs import PackInputs
from officer_desk.timeline import VISIT_OUTCOMES


def _when(value: object) -> datetime | object:
    """A time kept as ISO text, as a time (printed the UK way like every other)."""
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def render_sentence_plan(inputs: PackInputs) -> bytes:
    """The sentence plan: objectives tied to needs, progress, the person's own words."""
    plan = inputs.plan
    assert plan is not None
    assessment = inputs.file.assessments[-1] if inputs.file.assessments else None
    story: list[Flowable] = [
        s.heading("Sentence plan"),
        s.key_values([("Person", inputs.person.name), ("CRN", inputs.person.crn),
                      ("Sentence", inputs.file.event.kind.label),
                      ("Plan completed", plan.completed_on),
                      ("Responsible officer", inputs.officer)]),
    ]
    if assessment is not None:
        story += [s.subheading("From the assessment"),
                  s.key_values([("Assessed on", assessment.completed_on),
                                ("Risk of serious harm",
                                 assessment.rosh.label if assessment.rosh else None),
                                ("Likelihood of reoffending", assessment.likelihood_of_reoffending),
                                ("Needs", assessment.needs), ("Strengths", assessment.strengths)])]
    story += [s.subheading("Objectives"),
              s.grid(["#", "Need or risk", "Objective", "Progress"],
                     [[str(n), o.need or "", o.text or "", o.progress or "Not recorded"]
                      for n, o in enumerate(plan.objectives, start=1)],
                     [10 * mm, 42 * mm, 88 * mm, 34 * mm])]
    words = plan.extra.get("persons_words")
    story += [s.subheading("In the person's own words"), s.p(s.shown(words))]
    story += [s.signature(inputs.officer), s.signature(inputs.person.name, "Person on probation")]
    return build(story, title=inputs.title, person=inputs.person.name, crn=inputs.person.crn,
                 author=inputs.officer, dated=inputs.on,
                 policy_version=inputs.policy_version,
                 version=inputs.version, with_contents=False)


def render_home_visit(inputs: PackInputs) -> bytes:
    """A planned visit's safety brief, or a completed visit's record."""
    v = inputs.visit
    assert v is not None
    x = v.extra
    story: list[Flowable] = [
        s.heading("Home visit record" if v.done_at else "Home visit plan"),
        s.key_values([("Person", inputs.person.name), ("CRN", inputs.person.crn),
                      ("Address", x.get("address") or s.address_text(inputs.person)),
                      ("Planned for", v.planned_at), ("Purpose", x.get("purpose")),
                      ("Officer", inputs.officer)]),
        s.subheading("Safety of the visitor"),
        s.key_values([("Risk information", x.get("risk_info")),
                      ("Second worker needed", x.get("second_worker")),
                      ("Check in with the office by", _when(x.get("checkin_by")))]),
    ]
    if v.done_at:
        notes = WITHHELD if (x.get("sensitive") and inputs.redact_sensitive) else v.notes
        story += [s.subheading("What happened"),
                  s.key_values([("Visited", v.done_at),
                                ("Outcome", VISIT_OUTCOMES.get(v.outcome or "", v.outcome)),
                                ("People present", x.get("people_present")),
                                ("Children in the home", x.get("children")),
                                ("Accommodation", x.get("accommodation")),
                                ("Safeguarding concerns", x.get("safeguarding")),
                                ("Notes", notes)])]
    story.append(s.signature(inputs.officer))
    return build(story, title=inputs.title, person=inputs.person.name, crn=inputs.person.crn,
                 author=inputs.officer, dated=inputs.on,
                 policy_version=inputs.policy_version,
                 version=inputs.version, with_contents=False)
