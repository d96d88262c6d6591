"""Building blocks shared by the packs: identity, order, chronology, attendance, statements."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from forms.styles import (
    BODY,
    CELL,
    CELL_BOLD,
    H1,
    H2,
    HEADED_GRID,
    KEY_VALUE,
    MARKING,
    SMALL,
    SUBTITLE,
    TITLE,
)
from officer_desk.caseload import EventFile
from officer_desk.checklists import ANSWER_LABELS, Question
from officer_desk.dates import uk_date, uk_datetime
from officer_desk.model import Person
from officer_desk.packs import FailureLine, PackInputs

WITHHELD = "[sensitive: withheld from this document]"
WIDTH = 174 * mm


def p(text: Any, style: Any = BODY) -> Paragraph:
    """A paragraph of plain text (escaped: names like O'Sullivan & Co print as typed)."""
    return Paragraph(escape(str(text if text is not None else "")).replace("\n", "<br/>"), style)


def heading(text: str) -> Paragraph:
    """A section heading (it goes in the contents and the page header)."""
    return Paragraph(escape(text), H1)


def subheading(text: str) -> Paragraph:
    """A sub-heading."""
    return Paragraph(escape(text), H2)


def shown(value: Any) -> str:
    """A value for a form field: dates in UK form, empty as "Not recorded"."""
    if isinstance(value, str) and value and not value.strip():
        return value  # deliberate blank space: a line to sign or date on
    if value is None or value == "" or value == []:
        return "Not recorded"
    if isinstance(value, datetime):
        return uk_datetime(value)
    if isinstance(value, date):
        return uk_date(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def key_values(rows: Iterable[tuple[str, Any]], widths: Sequence[float] = (52 * mm, 122 * mm)) -> Table:
    """A two-column label/value table."""
    data = [[p(label, CELL_BOLD), p(shown(value), CELL)] for label, value in rows]
    table = Table(data, colWidths=list(widths))
    table.setStyle(KEY_VALUE)
    return table


def grid(header: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[float]) -> Table:
    """A table with a repeated header row."""
    data = [[p(h, CELL_BOLD) for h in header]]
    data += [[p(shown(c) if not isinstance(c, str) else c, CELL) for c in row] for row in rows]
    table = Table(data, colWidths=list(widths), repeatRows=1)
    table.setStyle(HEADED_GRID)
    return table


def address_text(person: Person) -> str:
    """The current address on lines."""
    address = person.current_address
    if address is None:
        return "Not recorded"
    return "\n".join([*address.lines, address.postcode or ""]).strip()


def identity(person: Person) -> Table:
    """Person and identifiers."""
    return key_values([
        ("Name", person.name), ("CRN", person.crn), ("Date of birth", person.date_of_birth),
        ("PNC number", person.pnc), ("CRO number", person.cro), ("NOMS number", person.noms),
        ("Gender", person.gender), ("Ethnicity", person.ethnicity),
        ("Aliases", person.aliases), ("Address", address_text(person)), ("Phone", person.phone),
        ("Flags", person.flags),
    ])


def order_details(ef: EventFile) -> list[Flowable]:
    """The sentence, with requirements or conditions verbatim."""
    e = ef.event
    out: list[Flowable] = [key_values([
        ("Sentence", e.kind.label), ("Court", e.court), ("Offence", e.offence),
        ("Date of sentence", e.sentence_date), ("Start", e.start_date),
        ("Release date", e.release_date), ("End date", e.end_date),
        ("Custodial term", f"{e.custodial_term_days} days" if e.custodial_term_days else None),
        ("Risk of serious harm", e.rosh.label if e.rosh else None),
        ("MAPPA", f"Category {e.mappa.category}, level {e.mappa.level}" if e.mappa else None),
    ])]
    if e.requirements:
        out += [subheading("Requirements of the order (verbatim)"),
                grid(["Requirement", "Amount", "Unit"],
                     [[r.kind or "", shown(r.amount), r.unit or ""] for r in e.requirements],
                     [100 * mm, 34 * mm, 40 * mm])]
    if e.conditions:
        out += [subheading("Conditions (verbatim)"),
                grid(["Code", "Condition"], [[c.code or "", c.text or ""] for c in e.conditions],
                     [20 * mm, 154 * mm])]
    return out


def chronology(failures: Sequence[FailureLine]) -> Flowable:
    """Each failure with what happened and the response to it."""
    if not failures:
        return p("No failures recorded in the period.")
    rows = []
    for f in failures:
        a = f.appointment
        rows.append([uk_datetime(a.start), a.kind.value.replace("_", " "),
                     a.outcome.label if a.outcome else "", f.judgement.value,
                     a.reason or "Not recorded", f.response])
    return grid(["Date and time", "Type", "Outcome", "Judged", "Reason and evidence",
                 "Response"], rows, [24 * mm, 22 * mm, 22 * mm, 28 * mm, 42 * mm, 36 * mm])


def attendance(inputs: PackInputs, since: date | None) -> list[Flowable]:
    """All appointments and contacts in the period, sensitive notes withheld."""
    ef = inputs.file
    rows = []
    for a in ef.appointments:
        day = a.start.date()
        if day > inputs.on or (since and day < since):
            continue
        notes = WITHHELD if (a.sensitive and inputs.redact_sensitive) else (a.notes or "")
        rows.append([uk_datetime(a.start), a.kind.value.replace("_", " "),
                     a.outcome.label if a.outcome else "Not yet held", notes])
    out: list[Flowable] = [subheading("Appointments"),
                           grid(["Date and time", "Appointment", "Outcome", "Notes"], rows,
                                [30 * mm, 28 * mm, 32 * mm, 84 * mm]) if rows
                           else p("No appointments in the period.")]
    contacts = []
    for c in ef.contacts:
        if c.at.date() > inputs.on or (since and c.at.date() < since):
            continue
        text = WITHHELD if (c.sensitive and inputs.redact_sensitive) else (c.summary or "")
        contacts.append([uk_datetime(c.at), c.mode.value.replace("_", " "), text])
    out += [subheading("Contacts"),
            grid(["Date and time", "How", "Summary"], contacts, [30 * mm, 28 * mm, 116 * mm])
            if contacts else p("No other contacts in the period.")]
    return out


def compliance(inputs: PackInputs) -> Table:
    """The compliance summary over the last 12 months."""
    s = inputs.summary
    rate = f"{s.attendance_rate:.0%}" if s.attendance_rate is not None else "No appointments held"
    live = "; ".join(f"{uk_date(w.date)} (liability until {uk_date(lapse)})"
                     for w, lapse in s.live_warnings) or "None"
    return key_values([
        ("Failures in the last 12 months", s.failures_12m),
        ("Judged acceptable / unacceptable / pending",
         f"{s.acceptable_12m} / {s.unacceptable_12m} / {s.pending_12m}"),
        ("Live warnings", live),
        ("Earlier warnings (lapsed)", "; ".join(uk_date(w.date) for w in s.lapsed_warnings)
         or "None"),
        ("Breaches on this event", s.breaches), ("Recalls on this event", s.recalls),
        ("Attendance at appointments held", rate),
    ])


def checklist(answers: dict[str, Any] | None, questions: Sequence[Question]) -> Table:
    """The pre-enforcement questions with each answer and its reason."""
    answers = answers or {}
    rows = []
    for q in questions:
        entry = answers.get(q.key) or {}
        rows.append([q.text, ANSWER_LABELS.get(str(entry.get("answer")), "Not answered"),
                     entry.get("reason") or "Not recorded"])
    return grid(["Question", "Answer", "Reason"], rows, [70 * mm, 24 * mm, 80 * mm])


def signature(officer: str, role: str = "Responsible officer") -> Flowable:
    """A signature block."""
    table = key_values([(role, officer), ("Signature", "\n\n"), ("Date", " ")])
    return KeepTogether([Spacer(1, 6 * mm), table])


def witness_statement(inputs: PackInputs, body: list[str]) -> list[Flowable]:
    """A statement for the officer to sign (Criminal Justice Act 1967 s9; CrimPR r16.2)."""
    declaration = (
        "This statement is true to the best of my knowledge and belief and I make it knowing "
        "that, if it is tendered in evidence, I shall be liable to prosecution if I have "
        "wilfully stated in it anything which I know to be false, or do not believe to be true.")
    out: list[Flowable] = [
        heading("Witness statement"),
        p("Criminal Justice Act 1967 s9; Magistrates' Courts Act 1980 s5B; Criminal Procedure "
          "Rules r16.2", SMALL),
        key_values([("Statement of", inputs.officer), ("Occupation", "Probation officer "
                                                                      "(responsible officer)"),
                    ("Concerning", f"{inputs.person.name} ({inputs.person.crn})")]),
        Spacer(1, 3 * mm), p(declaration),
    ]
    out += [p(text) for text in body]
    out.append(signature(inputs.officer, "Signed (witness)"))
    return out


def cover(inputs: PackInputs, recipient: str, extra: Sequence[tuple[str, Any]] = ()) -> list[Flowable]:
    """The cover sheet: who it is for, about whom, from whom, under which policy."""
    e = inputs.file.event
    return [
        p("OFFICIAL-SENSITIVE", MARKING), Spacer(1, 10 * mm),
        p(inputs.title, TITLE), p(f"For: {recipient}", SUBTITLE),
        key_values([
            ("Person", inputs.person.name), ("CRN", inputs.person.crn),
            ("Date of birth", inputs.person.date_of_birth), ("PNC number", inputs.person.pnc),
            ("Event", f"{e.kind.label}" + (f", {e.court}" if e.court else "")),
            ("Event reference", e.id), *extra,
            ("Responsible officer", inputs.officer), ("Date", inputs.on),
            ("Policy version", inputs.policy_version),
        ]),
    ]
