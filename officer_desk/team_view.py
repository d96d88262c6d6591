"""The manager's view of a team: every number from the same rules the officers' desks use.

Inspections found that managers could not see which cases needed them: enforcement overdue,
decisions nobody had overseen, people not seen for weeks. An SPO's desk holds the team's
cases (the hub grants them); this module counts, per officer, what an officer's own Today
would show them, so the two can never disagree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from officer_desk.caseload import Caseload, EventFile
from officer_desk.contact_levels import contact_days, contact_periods
from officer_desk.countersign import DECIDED, Recommendation, for_decision
from officer_desk.due import due_items
from officer_desk.model import Decision
from officer_desk.policy import Policy

NO_CONTACT_WEEKS = 4
QUARANTINE_SETTING = "hub_quarantine"  # late changes held for a decision (in the caseload)
TEAM_SETTING = "hub_team"  # who holds each case, as the team hub last said (in the caseload)


def holders(value: object) -> dict[str, str]:
    """CRN to the username holding it, from the team state last synced."""
    cases = value.get("cases", []) if isinstance(value, dict) else []
    return {c["crn"]: c["username"] for c in cases if c.get("kind") == "holder"}


@dataclass
class CaseLine:
    """One case as its manager sees it."""

    crn: str
    name: str
    officer: str
    overdue: Counter[str] = field(default_factory=Counter)
    awaiting_oversight: list[str] = field(default_factory=list)  # enforcement record ids
    last_contact: date | None = None
    no_contact: bool = False
    periods_met: int = 0
    periods: int = 0
    cover: str | None = None  # a colleague covering it, if any


@dataclass
class OfficerLine:
    """One officer's caseload in numbers."""

    username: str
    grade: str
    cases: list[CaseLine] = field(default_factory=list)
    name: str = ""  # the full name the hub gives (shown rather than the login name)

    @property
    def shown(self) -> str:
        """The officer as a screen names them."""
        return self.name or self.username

    @property
    def overdue(self) -> Counter[str]:
        """Overdue items by kind, across the caseload."""
        total: Counter[str] = Counter()
        for c in self.cases:
            total.update(c.overdue)
        return total

    @property
    def awaiting_oversight(self) -> int:
        """Enforcement and recall decisions no manager has yet overseen."""
        return sum(len(c.awaiting_oversight) for c in self.cases)

    @property
    def no_contact(self) -> int:
        """Cases with no contact for the set number of weeks."""
        return sum(c.no_contact for c in self.cases)

    @property
    def compliance(self) -> float | None:
        """Share of complete contact-level periods with the contact the level requires."""
        total = sum(c.periods for c in self.cases)
        return None if total == 0 else sum(c.periods_met for c in self.cases) / total


def _running(ef: EventFile, on: date) -> bool:
    begins = ef.event.begins
    return (begins is None or begins <= on) and (ef.event.end_date is None
                                                 or ef.event.end_date >= on)


def awaiting_oversight(ef: EventFile, recs: list[Recommendation]) -> list[str]:
    """Decisions with neither a manager's oversight entry nor a completed countersignature."""
    seen = {o.about for o in ef.oversight if o.about}
    out = []
    for e in ef.enforcements:
        if e.id in seen:
            continue
        rec = for_decision(recs, e.id)
        if rec is not None and rec.status in DECIDED:
            continue
        if e.decision in (Decision.BREACH, Decision.RECALL, Decision.NO_BREACH,
                          Decision.NO_RECALL):
            out.append(e.id)
    return out


def case_line(caseload: Caseload, crn: str, officer: str, on: date, policy: Policy,
              recs: list[Recommendation], weeks: int = NO_CONTACT_WEEKS) -> CaseLine:
    """One case's numbers (the rules engine's overdue items, oversight, contact)."""
    person = caseload.people.get(crn)
    name = f"{person.given_name} {person.family_name}" if person else crn
    line = CaseLine(crn, name, officer)
    files = [ef for ef in caseload.events.values() if ef.event.crn == crn]
    one = Caseload(people={crn: person} if person else {},
                   events={ef.event.id: ef for ef in files})
    for item in due_items(one, on, policy, extended=True):
        if item.status == "overdue":
            line.overdue[item.kind] += 1
    running = False
    for ef in files:
        line.awaiting_oversight += awaiting_oversight(ef, recs)
        days = contact_days(ef, on)
        if days and (line.last_contact is None or days[-1] > line.last_contact):
            line.last_contact = days[-1]
        if _running(ef, on):
            running = True
            for period in contact_periods(ef, on, policy):
                if period.required:
                    line.periods += 1
                    line.periods_met += not period.short
    if running:
        line.no_contact = line.last_contact is None or line.last_contact < on - timedelta(
            weeks=weeks)
    return line


def team_lines(caseload: Caseload, staff: list[tuple[str, str]], holders: dict[str, str],
               on: date, policy: Policy, recs: list[Recommendation],
               weeks: int = NO_CONTACT_WEEKS, cover: dict[str, str] | None = None,
               names: dict[str, str] | None = None) -> list[OfficerLine]:
    """Every officer the manager oversees, with their cases (``holders``: CRN to username;
    ``names``: username to full name)."""
    lines = {u: OfficerLine(u, g, name=(names or {}).get(u, "")) for u, g in staff}
    for crn, username in sorted(holders.items()):
        officer = lines.setdefault(username, OfficerLine(username, ""))
        line = case_line(caseload, crn, username, on, policy, recs, weeks)
        line.cover = (cover or {}).get(crn)
        officer.cases.append(line)
    return sorted(lines.values(), key=lambda o: o.username)
