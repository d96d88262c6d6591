"""The caseload's records as plain dataclasses, one per exchange-format record type.

Field names follow ``exchange-format.md`` exactly, so a record's meaning never changes between
the file, the database and the screen. Fields the app adds (pre-breach answers, home-visit
safety details, sensitive flags) are optional extensions of the same records; anything this
build does not know travels in ``extra`` so it round-trips untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class EventKind(StrEnum):
    """The sentence an event supervises."""

    COMMUNITY_ORDER = "community_order"
    SUSPENDED_SENTENCE_ORDER = "suspended_sentence_order"
    LICENCE = "licence"
    PSS = "pss"

    @property
    def is_order(self) -> bool:
        """Community orders and SSOs: the warning/breach regime of CJA 2003 Sch 8."""
        return self in (EventKind.COMMUNITY_ORDER, EventKind.SUSPENDED_SENTENCE_ORDER)

    @property
    def label(self) -> str:
        """Words for screens and packs."""
        return {
            "community_order": "Community order",
            "suspended_sentence_order": "Suspended sentence order",
            "licence": "Licence",
            "pss": "Post-sentence supervision",
        }[self.value]


class Rosh(StrEnum):
    """Risk of serious harm level."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"

    @property
    def label(self) -> str:
        """Words for screens and packs."""
        return self.value.replace("_", " ").capitalize()


class AppointmentKind(StrEnum):
    """What an appointment is for."""

    INDUCTION = "induction"
    SUPERVISION = "supervision"
    HOME_VISIT = "home_visit"
    PROGRAMME = "programme"
    UNPAID_WORK = "unpaid_work"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Words for screens, packs and the diary (never the stored code)."""
        return {"induction": "Induction", "supervision": "Supervision",
                "home_visit": "Home visit", "programme": "Programme session",
                "unpaid_work": "Unpaid work session", "other": "Other appointment"}[self.value]


class Outcome(StrEnum):
    """What happened at an appointment; absent means not yet held."""

    ATTENDED = "attended"
    FAILED_TO_ATTEND = "failed_to_attend"
    FAILED_TO_COMPLY = "failed_to_comply"
    RESCHEDULED = "rescheduled"
    CANCELLED_BY_SERVICE = "cancelled_by_service"

    @property
    def is_failure(self) -> bool:
        """A failure is alleged until the officer judges it (domain-rules.md, Compliance)."""
        return self in FAILED_OUTCOMES

    @property
    def label(self) -> str:
        """Words for screens and packs."""
        return self.value.replace("_", " ").capitalize()


# Failed to attend or to comply: one definition for the property and the rules' hot loops.
FAILED_OUTCOMES = (Outcome.FAILED_TO_ATTEND, Outcome.FAILED_TO_COMPLY)


class Absence(StrEnum):
    """The officer's judgement of a failure."""

    PENDING = "pending"
    ACCEPTABLE = "acceptable"
    UNACCEPTABLE = "unacceptable"

    @property
    def label(self) -> str:
        """Words for screens and packs."""
        return {"pending": "Awaiting judgement", "acceptable": "Acceptable",
                "unacceptable": "Unacceptable"}[self.value]


class ContactMode(StrEnum):
    """How a contact took place."""

    OFFICE = "office"
    HUB = "hub"
    HOME_VISIT = "home_visit"
    TELEPHONE = "telephone"
    VIDEO = "video"
    PARTNER_AGENCY = "partner_agency"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Words for screens and packs."""
        return {"office": "Office", "hub": "Community hub", "home_visit": "Home visit",
                "telephone": "Telephone", "video": "Video call",
                "partner_agency": "Partner agency", "other": "Other"}[self.value]


class Decision(StrEnum):
    """An enforcement decision."""

    BREACH = "breach"
    NO_BREACH = "no_breach"
    RECALL = "recall"
    NO_RECALL = "no_recall"


class RecallType(StrEnum):
    """Recall types (CJA 2003 s255A-C)."""

    STANDARD = "standard"
    FIXED_TERM = "fixed_term"
    EMERGENCY = "emergency"


@dataclass
class Address:
    """A postal address with the period the person lived there."""

    lines: list[str] = field(default_factory=list)
    postcode: str | None = None
    from_: date | None = None
    to: date | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Mappa:
    """MAPPA category and level (1-3 each)."""

    category: int | None = None
    level: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Requirement:
    """A community order / SSO requirement, e.g. 20 RAR days or 120 hours unpaid work."""

    kind: str | None = None
    amount: float | None = None
    unit: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Condition:
    """A licence or PSS condition, verbatim."""

    code: str | None = None
    text: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Objective:
    """A sentence-plan objective tied to a need, with progress for distance travelled."""

    need: str | None = None
    text: str | None = None
    progress: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Person:
    """A person on probation, identified by their case reference number (CRN)."""

    id: str
    crn: str
    given_name: str
    family_name: str
    date_of_birth: date | None = None
    pnc: str | None = None
    cro: str | None = None
    noms: str | None = None
    gender: str | None = None
    ethnicity: str | None = None
    aliases: list[str] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    phone: str | None = None
    flags: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """Given then family name, as printed on packs."""
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def current_address(self) -> Address | None:
        """The address with no end date, else the latest."""
        if not self.addresses:
            return None
        open_ = [a for a in self.addresses if a.to is None]
        return (open_ or self.addresses)[-1]


@dataclass
class Event:
    """One sentence being supervised; a person may have several at once (000:458)."""

    id: str
    crn: str
    kind: EventKind
    sentence_date: date | None = None
    allocation_date: date | None = None
    start_date: date | None = None
    end_date: date | None = None
    release_date: date | None = None
    custodial_term_days: int | None = None
    extended_sentence: bool | None = None
    indeterminate: bool | None = None
    court: str | None = None
    offence: str | None = None
    rosh: Rosh | None = None
    mappa: Mappa | None = None
    contact_level: str | None = None
    requirements: list[Requirement] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def begins(self) -> date | None:
        """When supervision starts: release for licence, else start, allocation or sentence."""
        if self.kind is EventKind.LICENCE:
            return self.release_date or self.start_date
        return self.start_date or self.allocation_date or self.sentence_date or self.release_date


@dataclass
class Appointment:
    """An appointment, its outcome and, for failures, the absence judgement."""

    id: str
    event_id: str
    start: datetime
    kind: AppointmentKind
    location: str | None = None
    outcome: Outcome | None = None
    absence: Absence | None = None
    absence_decided_on: date | None = None
    serious: bool | None = None
    reason: str | None = None
    notes: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_failure(self) -> bool:
        """Failed to attend or failed to comply."""
        return self.outcome is not None and self.outcome.is_failure

    @property
    def judgement(self) -> Absence:
        """A failure with no judgement recorded is pending (alleged)."""
        return self.absence or Absence.PENDING

    @property
    def sensitive(self) -> bool:
        """Marked sensitive: redacted from packs and exports for outside readers."""
        return bool(self.extra.get("sensitive"))


@dataclass
class Contact:
    """A contact log entry: what was done, how, by whom (002:1166)."""

    id: str
    event_id: str
    at: datetime
    mode: ContactMode
    summary: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def sensitive(self) -> bool:
        """Marked sensitive: redacted from packs and exports for outside readers."""
        return bool(self.extra.get("sensitive"))


@dataclass
class Warning:
    """A formal warning for one or more unacceptable failures."""

    id: str
    event_id: str
    date: date
    failure_ids: list[str] = field(default_factory=list)
    letter_sent_on: date | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Assessment:
    """An assessment of risk, needs and strengths."""

    id: str
    event_id: str
    completed_on: date
    rosh: Rosh | None = None
    likelihood_of_reoffending: str | None = None
    needs: list[str] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class SentencePlan:
    """A sentence plan: objectives linked to needs, with progress."""

    id: str
    event_id: str
    completed_on: date
    objectives: list[Objective] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Review:
    """A review of risk and plan."""

    id: str
    event_id: str
    completed_on: date
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Enforcement:
    """A breach or recall decision and, once sent, when it was submitted."""

    id: str
    event_id: str
    decided_at: datetime
    decision: Decision
    recall_type: RecallType | None = None
    submitted_at: datetime | None = None
    rationale: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class HomeVisit:
    """A planned or completed home visit."""

    id: str
    event_id: str
    planned_at: datetime
    done_at: datetime | None = None
    outcome: str | None = None
    notes: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Oversight:
    """A manager's oversight of a case: what they read, what they decided, what happens next.

    Inspections found management oversight missing or unrecorded; an entry made on the
    manager's own desk reaches the officer's laptop at the next sync.
    """

    id: str
    event_id: str
    at: datetime
    by: str
    note: str
    grade: str | None = None
    about: str | None = None  # the decision (enforcement record) it oversees, if any
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Enquiry:
    """A domestic abuse call-out enquiry (police) or child safeguarding enquiry (children's
    services): asked for, answered, and what changed because of it.

    Inspections found these checks made months late or never (000:594): they are tracked work
    with a due date, not a tick-box.
    """

    id: str
    event_id: str
    kind: str  # "domestic_abuse" or "child_safeguarding"
    requested_on: date
    returned_on: date | None = None
    result: str | None = None
    concerns: bool | None = None
    action_taken: str | None = None  # what changed in the assessment or plan because of it
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class SignificantChange:
    """A change in the person's circumstances that calls for fresh checks and a review."""

    id: str
    event_id: str
    on: date
    kind: str  # new_address, new_partner, children_in_household, new_offence, risk_level
    note: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


RECORD_TYPES: dict[str, type] = {
    "person": Person,
    "event": Event,
    "appointment": Appointment,
    "contact": Contact,
    "warning": Warning,
    "assessment": Assessment,
    "sentence_plan": SentencePlan,
    "review": Review,
    "enforcement": Enforcement,
    "home_visit": HomeVisit,
    "oversight": Oversight,
    "enquiry": Enquiry,
    "significant_change": SignificantChange,
}

# Order records are written in, so references always point backwards in a file.
TYPE_ORDER: tuple[str, ...] = tuple(RECORD_TYPES)
