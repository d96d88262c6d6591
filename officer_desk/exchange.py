"""The exchange format (JSON Lines) with the central system: reading, checking, writing.

The contract is ``exchange-format.md`` and ``resources/exchange.schema.json``. A file is checked
whole before anything is stored: every problem is reported with its line number and field, so
an officer (or the central system's team) can fix the file in one pass.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import fastjsonschema

from officer_desk.dates import UK, parse_date
from officer_desk.exchange_lines import parsed_blocks
from officer_desk.model import TYPE_ORDER
from officer_desk.national_codes import load_codes
from officer_desk.text_safety import unsafe_values

if TYPE_CHECKING:
    import jsonschema

FORMAT = "officer-desk-exchange"
SCHEMA_VERSION = 1
HEADER = {"type": "header", "format": FORMAT, "schema_version": SCHEMA_VERSION}
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200

# The schema's patterns check the form; these fields are also checked to be real days.
_DATE_FIELDS: dict[str, tuple[str, ...]] = {
    "person": ("date_of_birth",),
    "event": ("sentence_date", "allocation_date", "start_date", "end_date", "release_date",
              "offence_date", "sentence_expiry_date"),
    "appointment": ("absence_decided_on",),
    "warning": ("date", "letter_sent_on"),
    "assessment": ("completed_on",),
    "sentence_plan": ("completed_on",),
    "review": ("completed_on",),
    "enquiry": ("requested_on", "returned_on"),
    "significant_change": ("on",),
}
_DATETIME_FIELDS: dict[str, tuple[str, ...]] = {
    "appointment": ("start",),
    "contact": ("at",),
    "enforcement": ("decided_at", "submitted_at"),
    "home_visit": ("planned_at", "done_at"),
    "oversight": ("at",),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one line of a file."""

    line: int
    message: str
    field: str | None = None

    def __str__(self) -> str:
        where = f"line {self.line}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


@dataclass
class Known:
    """What the caseload already holds, so references in a file can point at it."""

    person_id_by_crn: dict[str, str] = field(default_factory=dict)
    event_crn: dict[str, str] = field(default_factory=dict)
    appointment_event: dict[str, str] = field(default_factory=dict)


@dataclass
class CheckedFile:
    """A file's records in order (with their line numbers) and every problem found."""

    records: list[tuple[int, dict[str, Any]]]
    problems: list[Problem]
    texts: list[str] = field(default_factory=list)  # each record's line as written

    @property
    def ok(self) -> bool:
        """True when the file may be imported."""
        return not self.problems


@cache
def schema() -> dict[str, Any]:
    """The published JSON Schema for one line of the format."""
    text = files("resources").joinpath("exchange.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _validator(record_type: str) -> jsonschema.Draft202012Validator:
    # Only a record that fails is worded by jsonschema: imported then (it is a tenth of the
    # desktop's start-up otherwise).
    import jsonschema

    return jsonschema.Draft202012Validator(schema()["$defs"][record_type])


def _without_format(node: Any) -> Any:
    # "format" here documents UK local time without an offset; the patterns do the checking,
    # and fastjsonschema would otherwise demand RFC 3339 offsets.
    if isinstance(node, dict):
        return {k: _without_format(v) for k, v in node.items() if k != "format"}
    if isinstance(node, list):
        return [_without_format(v) for v in node]
    return node


@cache
def _fast_validator(record_type: str) -> Callable[[Any], Any]:
    """The same schema compiled to Python: the fast path for valid records (most of them).

    jsonschema is then asked only about records that fail, for the messages it words well.
    """
    definition = _without_format(schema()["$defs"][record_type])
    return fastjsonschema.compile({**definition,
                                   "$schema": "http://json-schema.org/draft-07/schema#"})


def _field_path(path: Iterable[Any]) -> str | None:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or None


def _describe(error: jsonschema.ValidationError) -> tuple[str | None, str]:
    name = _field_path(error.absolute_path)
    value = error.instance
    shown = repr(value)
    if len(shown) > 60:  # a huge or nested value: enough to recognise it, not the whole thing
        shown = shown[:57] + "..."
    v = error.validator
    if v == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else "?"
        return (f"{name}.{missing}" if name else missing), "is required but missing"
    if v == "enum":
        allowed = ", ".join(str(x) for x in error.validator_value if x is not None)
        return name, f"{shown} is not one of: {allowed}"
    if v == "const":
        return name, f"must be {error.validator_value!r}"
    if v == "type":
        wanted = error.validator_value
        words = {"array": "a list", "string": "text", "object": "an object",
                 "integer": "a whole number", "number": "a number", "boolean": "true or false"}
        kinds = [words.get(w, w) for w in (wanted if isinstance(wanted, list) else [wanted])
                 if w != "null"]
        extra = " (leave the field out instead of null)" if value is None else ""
        return name, f"{'null' if value is None else shown} must be {' or '.join(kinds)}{extra}"
    if v == "pattern":
        last = name.rsplit(".", 1)[-1] if name else ""
        if last == "crn":
            return name, f"{shown} is not a case reference (one capital letter and six digits, e.g. X123456)"
        if "T\\d" in str(error.validator_value):
            return name, f"{shown} is not a date-time (YYYY-MM-DDTHH:MM, UK local time)"
        if "\\d{4}" in str(error.validator_value):
            return name, f"{shown} is not a date (YYYY-MM-DD)"
        return name, "must not be empty or contain control characters"
    if v == "oneOf" and isinstance(value, str):
        return name, f"{shown} is not in the expected date or date-time form"
    if v == "maxLength":
        return name, f"is too long ({len(value)} characters; at most {error.validator_value})"
    if v == "minLength":
        return name, "must not be empty"
    if v == "maxItems":
        return name, f"has too many entries (at most {error.validator_value})"
    if v in ("minimum", "maximum"):
        return name, f"{shown} is out of range"
    return name, error.message


def _check_day(value: Any, line: int, name: str, with_time: bool) -> Problem | None:
    if not isinstance(value, str):
        return None
    try:
        # The schema's pattern has fixed the form already: only "is it a real day" is left.
        parsed = datetime.fromisoformat(value) if with_time else date.fromisoformat(value)
    except ValueError:
        what = "date and time" if with_time else "calendar date"
        return Problem(line, f"{value!r} is not a real {what}", name)
    if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        return Problem(line, f"{value!r} is out of range ({EARLIEST_YEAR}-{LATEST_YEAR})", name)
    return None


_DAY_KEYS: dict[str, tuple[tuple[str, Callable[[str], date]], ...]] = {
    kind: tuple((k, date.fromisoformat) for k in _DATE_FIELDS.get(kind, ()))
    + tuple((k, datetime.fromisoformat) for k in _DATETIME_FIELDS.get(kind, ()))
    for kind in TYPE_ORDER}


def _check_dates(record: Mapping[str, Any], line: int) -> list[Problem]:
    kind = record["type"]
    found: list[Problem] = []
    for key, parse in _DAY_KEYS.get(kind, ()):
        value = record.get(key)
        if isinstance(value, str):
            try:
                if EARLIEST_YEAR <= parse(value).year <= LATEST_YEAR:
                    continue
            except ValueError:
                pass
            problem = _check_day(value, line, key, parse is datetime.fromisoformat)
            if problem is not None:
                found.append(problem)
    if kind == "person":
        for i, address in enumerate(record.get("addresses") or ()):
            found += [p for p in (_check_day(address.get(k), line, f"addresses[{i}].{k}", False)
                                  for k in ("from", "to")) if p is not None]
    return found


def _check_order(record: Mapping[str, Any], line: int) -> list[Problem]:
    """Pairs of dates that cannot be the wrong way round."""
    problems: list[Problem] = []
    pairs = [("start_date", "end_date"), ("sentence_date", "end_date"), ("release_date", "end_date")]
    for first, second in pairs:
        a, b = record.get(first), record.get(second)
        if isinstance(a, str) and isinstance(b, str):
            try:
                if parse_date(b) < parse_date(a):
                    problems.append(Problem(line, f"is before {first} ({a})", second))
            except ValueError:
                pass  # reported by _check_dates
    return problems


# Decisions and sign-offs are written down after they happen: one timed after the moment it
# reaches the caseload is a mistake (a wrong day, a wrong clock), beyond a clock's drift.
CLOCK_SKEW = timedelta(minutes=5)
_DECIDED_TIMES: dict[str, tuple[str, ...]] = {"enforcement": ("decided_at",),
                                              "oversight": ("at",)}
# A decision's endorsements (the Part A's line-manager and senior-manager countersignatures):
# each follows the decision it countersigns. Not for a decision not to breach, where the
# manager's agreement is asked for before the decision is made (Sentencing Act 2020 Sch 10
# para 6).
ENDORSEMENTS = {"line_manager": "line manager", "senior_manager": "senior manager"}


def uk_now() -> datetime:
    """Now, in UK local time without an offset, as the file's date-times are written."""
    return datetime.now(UK).replace(tzinfo=None)


def _as_uk(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None  # a malformed time is reported by the schema's checks, if they cover it
    return when.astimezone(UK).replace(tzinfo=None) if when.tzinfo else when


def check_times(record: Mapping[str, Any], line: int, now: datetime) -> list[Problem]:
    """A decision, oversight entry, endorsement or submission (the breach laid, the Part A
    sent) timed after ``now`` (UK local time, plus ``CLOCK_SKEW``), and an endorsement or a
    submission timed before the decision it follows.

    Constant work per record, so a file is still checked in one pass.
    """
    kind = record.get("type")
    latest = now + CLOCK_SKEW
    shown = now.isoformat(timespec="minutes")
    minutes = int(CLOCK_SKEW.total_seconds() // 60)

    def future(value: str, what: str) -> str:
        return (f"{value} is in the future: {what} cannot be recorded before it happens (it "
                f"is {shown} UK time now; up to {minutes} minutes ahead is allowed for a "
                "clock that runs fast)")

    problems: list[Problem] = []
    for key in _DECIDED_TIMES.get(kind, ()):
        when = _as_uk(record.get(key))
        if when is not None and when > latest:
            what = "a decision" if kind == "enforcement" else "an oversight entry"
            problems.append(Problem(line, future(record[key], what), key))
    if kind != "enforcement":
        return problems
    decided = _as_uk(record.get("decided_at"))
    submitted = _as_uk(record.get("submitted_at"))
    if submitted is not None and submitted > latest:
        problems.append(Problem(line, future(record["submitted_at"], "laying the breach at "
                                             "court or sending the recall report"),
                                "submitted_at"))
    elif submitted is not None and decided is not None and submitted < decided:
        problems.append(Problem(line, f"{record['submitted_at']} is before the decision "
                                      f"(decided_at {record['decided_at']}): a breach is laid "
                                      "or a recall report sent after it is decided",
                                "submitted_at"))
    for key, who in ENDORSEMENTS.items():
        block = record.get(key)
        if not isinstance(block, dict) or (when := _as_uk(block.get("at"))) is None:
            continue
        if when > latest:
            problems.append(Problem(line, future(block["at"], f"the {who}'s endorsement"),
                                    f"{key}.at"))
        elif decided is not None and when < decided and record.get("decision") != "no_breach":
            problems.append(Problem(line, f"{block['at']} is before the decision it "
                                          f"countersigns (decided_at {record['decided_at']}): "
                                          f"the {who}'s endorsement follows the decision",
                                    f"{key}.at"))
    return problems


_VALIDATORS: dict[str, Callable[[Any], Any]] = {}  # compiled on first use, per type


def check_record(record: Any, line: int, walk: bool = True) -> list[Problem]:
    """Structure, enumerations and real dates of one record; references are checked later.

    ``walk=False`` (a line whose text and numbers showed nothing suspect) skips the walk over
    every value for characters and numbers that must not be stored.
    """
    if not isinstance(record, dict):
        return [Problem(line, "is not a JSON object")]
    if walk:
        unsafe = [Problem(line, message, where) for where, message in unsafe_values(record)]
        if unsafe:
            return unsafe
    kind = record.get("type")
    validate = _VALIDATORS.get(kind) if isinstance(kind, str) else None
    if validate is None:
        if kind not in TYPE_ORDER:
            allowed = ", ".join(TYPE_ORDER)
            return [Problem(line, f"unknown record type {kind!r} (expected one of: {allowed})",
                            "type")]
        validate = _VALIDATORS[kind] = _fast_validator(kind)
    try:
        validate(record)
        problems: list[Problem] = []
    except fastjsonschema.JsonSchemaException as fast_error:
        problems = [
            Problem(line, msg, name)
            for name, msg in (_describe(e) for e in sorted(
                _validator(kind).iter_errors(record), key=lambda e: list(e.absolute_path)))
        ] or [Problem(line, str(fast_error.message))]
    if not problems:
        problems += _check_dates(record, line)
    if not problems and kind == "event":
        problems += _check_order(record, line)
    if not problems and kind == "appointment" and record.get("absence_reason") is not None:
        problem = load_codes().check_reason(record["absence_reason"])
        if problem:
            problems.append(Problem(line, problem, "absence_reason"))
    return problems


def _check_header(obj: Any, line: int) -> list[Problem]:
    if not isinstance(obj, dict) or obj.get("type") != "header":
        return [Problem(line, "the first line must be the header "
                              '{"type": "header", "format": "officer-desk-exchange", "schema_version": 1}')]
    if obj.get("format") != FORMAT:
        return [Problem(line, f"format must be {FORMAT!r}", "format")]
    version = obj.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        return [Problem(line, "must be a whole number", "schema_version")]
    if version > SCHEMA_VERSION:
        return [Problem(line, f"this file uses schema version {version}; this Officer Desk reads "
                              f"version {SCHEMA_VERSION} (update Officer Desk)", "schema_version")]
    if version < 1:
        return [Problem(line, "must be 1 or more", "schema_version")]
    return []


def check_file(lines: Iterable[str], known: Known | None = None,
               on_chunk: Callable[[list[dict[str, Any]], list[str]], None] | None = None,
               chunk_size: int = 5000, now: datetime | None = None) -> CheckedFile:
    """Check a whole file: header, each record, duplicates and references.

    ``on_chunk`` receives the valid records in chunks while no problem has been found, so a
    caller can store them inside a transaction it rolls back if the file fails in the end.
    ``now`` (UK local time; default the clock's) is the moment of the import: no decision or
    endorsement may be timed after it (``check_times``).
    """
    known = known or Known()
    now = now or uk_now()
    problems: list[Problem] = []
    records: list[tuple[int, dict[str, Any]]] = []
    texts: list[str] = []
    invalid: dict[tuple[Any, Any], int] = {}
    sent = 0
    header_seen = False
    # Block by block, so the first chunks are stored while the rest of the file is read.
    for block in parsed_blocks(lines, Problem, problems):
        for number, obj, text, walk in block:
            if not header_seen:  # the first line that decodes is the header
                header_seen = True
                problems += _check_header(obj, number)
                continue
            found = check_record(obj, number, walk=walk)
            if not found and obj["type"] in _DECIDED_TIMES:
                found = check_times(obj, number, now)
            if found:
                problems += found
                if isinstance(obj, dict):
                    key = (obj.get("type"), obj.get("id"))
                    if isinstance(key[1], str):
                        invalid.setdefault(key, number)
                continue
            records.append((number, obj))
            texts.append(text)
        if on_chunk is not None and not problems and len(records) - sent >= chunk_size:
            on_chunk([r for _, r in records[sent:]], texts[sent:])
            sent = len(records)
    if not header_seen:
        if not problems:
            problems.append(Problem(1, "the file is empty (it needs at least the header line)"))
        return CheckedFile([], problems)
    if on_chunk is not None and not problems and len(records) > sent:
        on_chunk([r for _, r in records[sent:]], texts[sent:])
    problems += _check_references(records, known, invalid)
    problems.sort(key=lambda p: p.line)
    if problems:
        return CheckedFile([], problems)
    return CheckedFile(records, problems, texts)


def _missing(kind: str, ident: str, where: str, invalid: dict[tuple[Any, Any], int]) -> str:
    line = invalid.get((kind, ident))
    if line is not None:
        return f"refers to {kind} {ident!r}, which has problems of its own (line {line})"
    return f"no {kind} {ident!r} in the file or the caseload{where}"


def _check_references(records: list[tuple[int, dict[str, Any]]], known: Known,
                      invalid: dict[tuple[Any, Any], int] | None = None) -> list[Problem]:
    invalid = invalid or {}
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    person_by_crn = dict(known.person_id_by_crn)
    event_crn = dict(known.event_crn)
    appointment_event = dict(known.appointment_event)
    for number, rec in records:
        key = (rec["type"], rec["id"])
        if key in seen:
            problems.append(Problem(number, f"duplicate {rec['type']} id {rec['id']!r} "
                                            f"(first on line {seen[key]})", "id"))
            continue
        seen[key] = number
        if rec["type"] == "person":
            other = person_by_crn.get(rec["crn"])
            if other is not None and other != rec["id"]:
                problems.append(Problem(number, f"CRN {rec['crn']} already belongs to person "
                                                f"{other!r}", "crn"))
            person_by_crn[rec["crn"]] = rec["id"]
        elif rec["type"] == "event":
            event_crn[rec["id"]] = rec["crn"]
        elif rec["type"] == "appointment":
            appointment_event[rec["id"]] = rec["event_id"]
    for number, rec in records:
        kind = rec["type"]
        if kind == "event":
            if rec["crn"] not in person_by_crn:
                bad = next((line for (t, _), line in invalid.items() if t == "person"), None)
                hint = f" (line {bad} holds a person with problems)" if bad else ""
                problems.append(Problem(number, f"no person with CRN {rec['crn']} in the file "
                                                f"or the caseload{hint}", "crn"))
            old = known.event_crn.get(rec["id"])
            if old is not None and old != rec["crn"]:
                problems.append(Problem(number, f"event {rec['id']!r} belongs to {old} in the "
                                                "caseload; an event cannot move person", "crn"))
        elif kind != "person":
            if rec["event_id"] not in event_crn:
                problems.append(Problem(number, _missing("event", rec["event_id"], "", invalid),
                                        "event_id"))
            if kind == "warning":
                for i, failure in enumerate(rec.get("failure_ids") or []):
                    owner = appointment_event.get(failure)
                    if owner is None:
                        problems.append(Problem(number, _missing("appointment", failure, "",
                                                                 invalid), f"failure_ids[{i}]"))
                    elif owner != rec["event_id"]:
                        problems.append(Problem(number, f"appointment {failure!r} belongs to "
                                                        f"event {owner!r}, not {rec['event_id']!r}",
                                                f"failure_ids[{i}]"))
            if kind == "appointment":
                old = known.appointment_event.get(rec["id"])
                if old is not None and old != rec["event_id"]:
                    problems.append(Problem(number, f"appointment {rec['id']!r} belongs to event "
                                                    f"{old!r} in the caseload", "event_id"))
    return problems


REDACTED = "[sensitive: withheld]"
_FREE_TEXT = ("notes", "summary", "reason", "rationale", "location", "non_disclosable",
              "victims", "vulnerabilities")


def redact(record: Mapping[str, Any]) -> dict[str, Any]:
    """A record for a reader who should not see sensitive text: free text replaced, the flag kept."""
    out = dict(record)
    if out.get("sensitive") is True:
        for key in _FREE_TEXT:
            if isinstance(out.get(key), str) and out[key]:
                out[key] = REDACTED
    return out


def dump_line(record: Mapping[str, Any]) -> str:
    """One line of the format: compact, UTF-8 text, keys in the record's order."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def sort_records(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """People, then events, then the rest, so every reference points backwards."""
    order = {t: i for i, t in enumerate(TYPE_ORDER)}
    return sorted(records, key=lambda r: (order[r["type"]], _sort_date(r), str(r["id"])))


def _sort_date(record: Mapping[str, Any]) -> str:
    for key in ("start", "at", "date", "completed_on", "decided_at", "planned_at"):
        if isinstance(record.get(key), str):
            return str(record[key])
    return ""


def check_for_export(records: Iterable[dict[str, Any]]) -> list[str]:
    """Every record about to leave is valid against the same schema; messages if not."""
    out: list[str] = []
    for rec in records:
        for p in check_record(rec, 0):
            out.append(f"{rec.get('type')} {rec.get('id')!r}: {p.field or ''} {p.message}".strip())
    return out
