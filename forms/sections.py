"""Building blocks shared by the packs: identity, order, chronology, attendance, statements."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

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
from officer_desk.checklists import ANSWER_LABELS, Question
from officer_desk.dates import uk_date, uk_datetime
from officer_desk.disclosure import WITHHELD, appointment_text, contact_text
from officer_desk.model import Person
from officer_desk.packs import ChronologyRow, PackInputs
from officer_desk.timeline import VISIT_OUTCOMES

WIDTH = 174 * mm
def escaped(text: Any) -> str:
    """Plain text made safe for a Paragraph (names like O'Sullivan & Co print as typed)."""
    return escape(str(text if text is not None else "")).replace("\n", "<br/>")


def p(text: Any, style: Any = BODY) -> Paragraph:
    """A paragraph of plain text."""
    return Paragraph(escaped(text), style)


def marked(flowable: Flowable, mark: str) -> Flowable:
    """Tag a flowable so the layout records the page it lands on."""
    flowable.mark = mark  # type: ignore[attr-defined]
    return flowable


def heading(text: str) -> Paragraph:
    """A section heading (it goes in the contents and the page header)."""
    return Paragraph(escape(text), H1)


def subheading(text: str) -> Paragraph:
    """A sub-heading."""
    return Paragraph(escape(text), H2)


def contents_list() -> Flowable:
    """The contents page's list (filled in on the second layout pass)."""
    from forms._template import contents

    return contents()


def parsed(value: Any) -> Any:
    """An ISO date or date-time string from an extension field as a date, else as given."""
    if isinstance(value, str):
        try:
            return (datetime.fromisoformat(value) if "T" in value
                    else date.fromisoformat(value))
        except ValueError:
            return value
    return value


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


def order_details(inputs: PackInputs) -> list[Flowable]:
    """The sentence: its kind and length, the court's terms, requirements or conditions."""
    ef = inputs.file
    e = ef.event
    rows: list[tuple[str, Any]] = [
        ("Sentence", e.kind.label), ("Court", e.court), ("Offence", e.offence),
        ("Date of offence", inputs.sentence.offence_date),
        ("Date of sentence", e.sentence_date), ("Length", inputs.sentence.length),
        ("Start", e.start_date), ("Release date", e.release_date)]
    if e.kind.value == "suspended_sentence_order":
        rows += [("Custodial term (suspended)", inputs.sentence.custodial_term),
                 ("Operational period", inputs.sentence.operational_period),
                 ("Supervision period", inputs.sentence.supervision_period)]
    elif e.custodial_term_days:
        rows.append(("Custodial term", inputs.sentence.custodial_term))
    rows += [("End date", e.end_date),
             ("Risk of serious harm", e.rosh.label if e.rosh else None),
             ("MAPPA", f"Category {e.mappa.category}, level {e.mappa.level}" if e.mappa else None)]
    out: list[Flowable] = [key_values(rows)]
    if e.requirements:
        out += [subheading("Requirements of the order, with progress"),
                grid(["Requirement", "Ordered", "Progress"],
                     [[r.name, r.ordered, r.text] for r in inputs.requirements],
                     [70 * mm, 44 * mm, 60 * mm])]
    if e.conditions:
        out += [subheading("Conditions (verbatim)"),
                grid(["Code", "Condition"], [[c.code or "", c.text or ""] for c in e.conditions],
                     [24 * mm, 150 * mm])]
    return out


def chronology(rows: Sequence[ChronologyRow]) -> Flowable:
    """Failures and warnings in date order, each with its response and its part in the pack."""
    if not rows:
        return p("No failures recorded in the period.")
    return grid(["Date", "What happened", "Judged", "Reason given", "Response", "In this pack"],
                [[uk_datetime(r.at) if r.timed else uk_date(r.at), r.what, r.judged,
                  r.reason, r.response, r.role] for r in rows],
                [22 * mm, 30 * mm, 27 * mm, 35 * mm, 28 * mm, 32 * mm])


def attendance(inputs: PackInputs, since: date | None) -> list[Flowable]:
    """Appointments, home visits and contacts in the period; sensitive text withheld."""
    ef = inputs.file
    rows = []
    for a in ef.appointments:
        day = a.start.date()
        if day > inputs.on or (since and day < since):
            continue
        shown_text = appointment_text(a, inputs.redact_sensitive)
        notes = WITHHELD if shown_text.withheld else (shown_text.notes or "")
        rows.append([uk_datetime(a.start), a.kind.label,
                     a.outcome.label if a.outcome else "Not yet held", notes])
    out: list[Flowable] = [subheading("Appointments"),
                           grid(["Date and time", "Appointment", "Outcome", "Notes"], rows,
                                [30 * mm, 34 * mm, 32 * mm, 78 * mm])] if rows \
        else [p("No appointments in the period.", SMALL)]
    visits = []
    for v in ef.home_visits:
        day = (v.done_at or v.planned_at).date()
        if day > inputs.on or (since and day < since):
            continue
        outcome = (VISIT_OUTCOMES.get(v.outcome or "", v.outcome or "Not recorded")
                   if v.done_at else "Planned")
        notes = WITHHELD if (v.extra.get("sensitive") and inputs.redact_sensitive) \
            else (v.notes or "")
        visits.append([uk_datetime(v.done_at or v.planned_at), outcome, notes])
    # An empty list is one line, not a heading that could end up alone on a page.
    out += [subheading("Home visits"),
            grid(["Date and time", "Outcome", "Notes"], visits, [30 * mm, 40 * mm, 104 * mm])
            ] if visits else [p("No home visits in the period.", SMALL)]
    contacts = []
    for c in ef.contacts:
        if c.at.date() > inputs.on or (since and c.at.date() < since):
            continue
        text = contact_text(c, inputs.redact_sensitive)
        contacts.append([uk_datetime(c.at), c.mode.label,
                         WITHHELD if text is None else text])
    out += [subheading("Other contacts"),
            grid(["Date and time", "How", "Summary"], contacts, [30 * mm, 34 * mm, 110 * mm])
            ] if contacts else [p("No other contacts in the period.", SMALL)]
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


class _Whole(Table):
    """A table never split over two pages (a signature block)."""

    def split(self, *_space: float) -> list[Flowable]:
        return []


def signature(officer: str, role: str = "Responsible officer") -> Flowable:
    """A signature block, kept whole (nestable inside a KeepTogether, unlike KeepTogether)."""
    data = [[p(role, CELL_BOLD), p(officer, CELL)], [p("Signature", CELL_BOLD), p("\n\n", CELL)],
            [p("Date", CELL_BOLD), p(" ", CELL)]]
    table = _Whole(data, colWidths=[52 * mm, 122 * mm], spaceBefore=6 * mm)
    table.setStyle(KEY_VALUE)
    return table


class StatementPages(Flowable):
    """The s9 declaration with the statement's page count, learnt from the previous pass."""

    def __init__(self, holder: dict[str, Any]) -> None:
        super().__init__()
        self.holder = holder
        self.para: Paragraph | None = None

    def _text(self) -> str:
        doc = self.holder.get("doc")
        pages = doc.statement_pages() if doc is not None else None
        count = f"{pages} page{'s' if pages != 1 else ''}" if pages else "the pages that follow"
        return (f"This statement (consisting of {count}, each signed by me) is true to the best "
                "of my knowledge and belief and I make it knowing that, if it is tendered in "
                "evidence, I shall be liable to prosecution if I have wilfully stated in it "
                "anything which I know to be false, or do not believe to be true.")

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.para = p(self._text())
        return self.para.wrap(avail_width, avail_height)

    def draw(self) -> None:
        assert self.para is not None
        self.para.drawOn(self.canv, 0, 0)


def witness_statement(inputs: PackInputs, body: list[str],
                      holder: dict[str, Any]) -> list[Flowable]:
    """The officer's statement in the s9 form: heading, declaration, a signature on each page."""
    out: list[Flowable] = [
        marked(heading("Witness statement"), "statement-start"),
        p("Criminal Justice Act 1967, s.9; Magistrates' Courts Act 1980, s.5B; Criminal "
          "Procedure Rules, r.16.2", SMALL),
        key_values([("Statement of", inputs.officer), ("Age of witness", "Over 18"),
                    ("Occupation", "Probation officer (responsible officer)"),
                    ("Concerning", f"{inputs.person.name}, born "
                                   f"{uk_date(inputs.person.date_of_birth)} "
                                   f"(CRN {inputs.person.crn})")]),
        Spacer(1, 3 * mm), StatementPages(holder), Spacer(1, 2 * mm),
    ]
    out += [p(text) for text in body]
    out += [signature(inputs.officer, "Signed (witness)"), marked(Spacer(1, 0), "statement-end")]
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
            ("Sentence", f"{e.kind.label}" + (f", {e.court}" if e.court else "")),
            ("Reference", e.id), *extra,
            ("Responsible officer", inputs.officer), ("Date", inputs.on),
        ]),
    ]
