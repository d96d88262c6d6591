"""The subject access copy's index: a readable PDF of what the person is given.

Plain words and UK dates for the person; the records in date order; each issued document with
its SHA-256 so the files beside it can be checked; and, last, what was held back, for the data
protection officer. Laid out from ``officer_desk.subject_access.Copy`` only: the same object the
JSON file is written from, so the two say the same.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from forms import sections as s
from forms._template import build
from officer_desk.dates import uk_datetime
from officer_desk.subject_access import Copy, heading, rows, value_words


def render_subject_access(copy: Copy, policy_version: str) -> bytes:
    """The index PDF."""
    story: list[Flowable] = [
        s.heading("Subject access copy"),
        s.key_values([("Name", copy.name), ("CRN", copy.crn),
                      ("Made on", uk_datetime(copy.made_at)), ("Made by", copy.made_by)]),
        s.p("This is a copy of everything this probation officer's laptop holds about you: "
            "every record with its corrections and any entry withdrawn as made in error, every "
            "letter and document issued to or about you (as files beside this index, exactly "
            "as issued), and the record of who did what with your information. Some text is "
            "held back because it is about other people or was marked sensitive; the last "
            "section lists each item and why, for the data protection officer to decide on."),
        s.subheading("What is included"),
        s.grid(["What", "How many"], copy.included_words(), [140 * mm, 34 * mm]),
        s.heading("Documents issued"),
    ]
    if copy.documents:
        story.append(s.grid(["File", "Document", "SHA-256"],
                            [[d.file, f"{d.title}, {d.issued}", d.sha256]
                             for d in copy.documents], [40 * mm, 64 * mm, 70 * mm]))
    else:
        story.append(s.p("No documents were issued."))
    story.append(s.heading("Records, in date order"))
    for split in copy.records:
        story.append(s.subheading(heading(split.disclosed)))
        story.append(s.key_values(rows(split.disclosed) or [("Details", "Nothing more recorded")]))
    story.append(s.heading("Who did what with your information"))
    story += [s.p(line.sentence) for line in copy.audit] or [s.p("No entries.")]
    if copy.hub is not None:
        hub = copy.hub
        story.append(s.heading("What the team hub last said"))
        story.append(s.p("This laptop is linked to its team's hub; this is what it last heard "
                         f"from it (last synced {value_words(hub.get('last_sync'))})."))
        for rec in hub.get("countersignatures", []):
            story.append(s.p(f"Decision {rec.get('decision_id')} ({value_words(rec.get('decision'))})"
                             f": {value_words(rec.get('status'))}; "
                             f"{len(rec.get('signatures', []))} countersignature(s)."))
        for c in hub.get("conflicts", []):
            story.append(s.p(f"A difference waiting for a decision on the "
                             f"{value_words(c.get('record_type'))} {c.get('record_id')}: "
                             f"{value_words(c.get('field'))}."))
        for q in hub.get("late_changes", []):
            story.append(s.p(f"A late change to the {value_words(q.get('record_type'))} "
                             f"{q.get('record_id')} from {q.get('from')}, arrived "
                             f"{value_words(q.get('arrived_at'))}."))
        for h in hub.get("held_by", []):
            story.append(s.p(f"Held by {h.get('username')} ({value_words(h.get('kind'))})"
                             + (f" until {value_words(h.get('until'))}" if h.get("until")
                                else "") + "."))
    story.append(s.heading("Held back, for the data protection officer"))
    story.append(s.p("Each item below is not in this copy. Its text stays in the caseload; the "
                     "data protection officer decides on each before the copy is sent. The "
                     "same list is in held-back.json."))
    story += [s.p(h.words()) for h in copy.held_back] or [s.p("Nothing was held back.")]
    review = [d for d in copy.documents if d.review]
    if review:
        story.append(s.subheading("Documents to read before sending"))
        story += [s.p(f"{d.file}: {d.review}.") for d in review]
    return build(story, title="Subject access copy", person=copy.name, crn=copy.crn,
                 author=copy.made_by, dated=copy.made_at.date(), policy_version=policy_version,
                 with_contents=False)

