"""The inspection-readiness report: each inspection question answered from the record.

For the officer and their manager, not the person or the court: it names gaps plainly. Each
question shows its source (the inspectorate's current question, quoted with its number, or
plainly that none was found), the answer (yes, partly or no), the
evidence with its dates, and what to do to make it a yes.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from forms import sections as s
from forms._template import build
from officer_desk.packs import PackInputs
from officer_desk.readiness import ANSWER_WORDS

STAGE_WORDS = {"assessment": "Assessment", "planning": "Planning",
               "implementation": "Implementation", "review": "Review"}


def render_readiness(inputs: PackInputs) -> bytes:
    """The report for one event."""
    answers = inputs.readiness
    e = inputs.file.event
    yes = sum(a.answer == "yes" for a in answers)
    story: list[Flowable] = [
        s.heading("Inspection readiness"),
        s.key_values([("Person", inputs.person.name), ("CRN", inputs.person.crn),
                      ("Sentence", e.kind.label), ("Responsible officer", inputs.officer),
                      ("Questions answered yes", f"{yes} of {len(answers)}")]),
        s.p("Each question is one HM Inspectorate of Probation asks of every case. Where its "
            "current questions (the dynamic inspection of public protection, October 2025) "
            "have it, the question is theirs word for word, with its number; where they have "
            "only a question close to ours, that one is quoted; where no current source was "
            "found, the source says so. The answer comes from what is recorded here, never "
            "“Yes” without the evidence the question asks for; “To do” says what would make "
            "it a yes."),
        s.grid(["Stage", "Question", "Answer"],
               [[STAGE_WORDS[a.question.stage], a.question.asked, ANSWER_WORDS[a.answer]]
                for a in answers], [30 * mm, 124 * mm, 20 * mm]),
    ]
    stage = ""
    for a in answers:
        if a.question.stage != stage:
            stage = a.question.stage
            story.append(s.heading(STAGE_WORDS[stage]))
        q = a.question
        story.append(s.subheading(f"{q.asked} {ANSWER_WORDS[a.answer]}."))
        rows: list[tuple[str, object]] = [("Answer", ANSWER_WORDS[a.answer]),
                                          ("Source", q.cite)]
        if q.closest:
            rows.append(("Closest current question", f"{q.current} “{q.closest}”"))
        if q.url:
            rows.append(("Published at", q.url))
        rows += [("Evidence", line) for line in a.evidence or ["Nothing recorded."]]
        rows += [("To do", line) for line in a.todo]
        story.append(s.key_values(rows))
    return build(story, title=inputs.title, person=inputs.person.name, crn=inputs.person.crn,
                 author=inputs.officer, dated=inputs.on, policy_version=inputs.policy_version,
                 version=inputs.version,
                 with_contents=False)
