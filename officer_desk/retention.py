"""Retention on the laptop: which ended cases leave it, which leave soon, and why each stays.

A laptop goes to community hubs and home visits and gets lost, so it should hold a case only as
long as the officer needs it (DPA 2018 Part 3: data minimisation and storage limitation). A
case leaves once its supervision ended more than ``[rules.retention] days`` ago, but only when
everything about it has reached the central system (an acknowledged export) or the team hub
(every change answered): the laptop must never be the last copy of anything. The rule is pure:
the composition root gathers what has not been sent (``Unsent``) and does the purge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from officer_desk.caseload import Caseload
from officer_desk.dates import uk_date
from officer_desk.due import DueItem
from officer_desk.errors import ValidationError
from officer_desk.policy import Policy

RULE = "retention"
GOES = "goes"  # due to leave, and everything has been sent: it leaves now
KEPT = "kept"  # due to leave, but something has not been sent: it stays, with the reason
SOON = "soon"  # leaves within the warning days
LEAVES_KIND = "leaves_laptop"  # Today: "Leaves this laptop on DATE"
HELD_KIND = "retention_held"  # Today: due to leave, held until everything is sent


@dataclass(frozen=True)
class Unsent:
    """What of one case has not reached the central system or the hub."""

    crn: str
    not_exported: int = 0  # record changes after the last acknowledged export
    documents: int = 0  # documents issued after the last acknowledged export
    on_hub: bool = False  # the case is shared with a team hub
    not_synced: int = 0  # changes, documents and entries the hub has not yet answered
    conflicts: int = 0  # open conflicts on the hub, waiting for a person

    @property
    def exported(self) -> bool:
        """Every change and document is in an acknowledged export."""
        return not self.not_exported and not self.documents

    @property
    def synced(self) -> bool:
        """Shared with a hub, and the hub has answered everything."""
        return self.on_hub and not self.not_synced

    @property
    def safe(self) -> bool:
        """Nothing would be lost if the laptop forgot the case (an open conflict needs a
        person first, whichever way it goes)."""
        return not self.conflicts and (self.exported or self.synced)

    def parts(self) -> list[str]:
        """What is waiting, in words (empty when nothing is)."""
        said = []
        if self.not_exported and not self.synced:
            said.append(f"{_count(self.not_exported, 'change')} not yet exported to the "
                        "central system")
        if self.documents and not self.synced:
            said.append(f"{_count(self.documents, 'document')} issued since the last export")
        if self.on_hub and self.not_synced:
            said.append(f"{_count(self.not_synced, 'change')} not yet synced with the hub")
        if self.conflicts:
            said.append(f"{_count(self.conflicts, 'open conflict')} on the hub")
        return said


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@dataclass(frozen=True)
class Ending:
    """A case whose every order or licence has an end date: when it ended, when it may go."""

    crn: str
    name: str
    event_id: str  # the event that ended last
    ended: date
    leaves_on: date  # the first day the case may leave the laptop


@dataclass(frozen=True)
class Verdict:
    """One case's retention answer: goes, kept (with the reason) or soon."""

    ending: Ending
    status: str
    reason: str

    @property
    def crn(self) -> str:
        """The case."""
        return self.ending.crn

    def as_json(self) -> dict[str, object]:
        """For ``retention --json``."""
        e = self.ending
        return {"crn": e.crn, "name": e.name, "status": self.status,
                "supervision_ended": e.ended.isoformat(), "leaves_on": e.leaves_on.isoformat(),
                "reason": self.reason}


def days(policy: Policy) -> tuple[int, int]:
    """(days kept after supervision ends, days of warning before), from the policy."""
    kept, warn = policy.number(RULE, "days"), policy.number(RULE, "warn_days")
    if kept < 0 or warn < 0:
        raise ValidationError(f"Policy {policy.version}: [rules.retention] days and warn_days "
                              "cannot be negative")
    return kept, warn


def endings(caseload: Caseload, on: date, policy: Policy) -> list[Ending]:
    """Cases that may leave the laptop by ``on`` plus the warning days, earliest first.

    Supervision has ended when every order and licence of the person has an end date on or
    before ``on``: a running one (no end date, or one still to come) keeps the whole case. A
    person with no order or licence recorded has no end date, so never leaves by this rule.
    """
    kept, warn = days(policy)
    last: dict[str, tuple[date, str]] = {}
    running: set[str] = set()
    for ef in caseload.events.values():
        crn, end = ef.event.crn, ef.event.end_date
        if end is None or end >= on:
            running.add(crn)
        elif crn not in last or end > last[crn][0]:
            last[crn] = (end, ef.event.id)
    found = []
    for crn, (end, event_id) in last.items():
        if crn in running:
            continue
        leaves_on = end + timedelta(days=kept + 1)  # ended *more than* ``kept`` days ago
        if leaves_on - on <= timedelta(days=warn):
            person = caseload.people.get(crn)
            found.append(Ending(crn, person.name if person else crn, event_id, end, leaves_on))
    return sorted(found, key=lambda e: (e.leaves_on, e.crn))


def decide(found: list[Ending], unsent: dict[str, Unsent], on: date) -> list[Verdict]:
    """Each case's answer; a case with anything not sent is kept, whatever its dates."""
    verdicts = []
    for e in found:
        waiting = unsent.get(e.crn, Unsent(e.crn))
        ended = f"supervision ended on {uk_date(e.ended)}"
        if e.leaves_on <= on:
            if waiting.safe:
                where = ("the central system's export" if waiting.exported
                         else "the team hub")
                verdicts.append(Verdict(e, GOES, f"{ended} and everything about the case has "
                                                 f"been acknowledged by {where}"))
            else:
                verdicts.append(Verdict(e, KEPT, f"{ended}, but it stays until it is sent: "
                                                 f"{'; '.join(waiting.parts())}"))
        else:
            unless = ("" if waiting.safe else
                      f" if everything is sent by then ({'; '.join(waiting.parts())})")
            verdicts.append(Verdict(e, SOON, f"{ended}; it leaves this laptop on "
                                             f"{uk_date(e.leaves_on)}{unless}"))
    return verdicts


def today_items(verdicts: list[Verdict], on: date) -> list[DueItem]:
    """Today's warnings: a case leaving within the warning days, and one held back because
    something about it has not been sent (the officer can export or sync to let it go)."""
    items = []
    for v in verdicts:
        if v.status == GOES:
            continue
        e = v.ending
        kind = LEAVES_KIND if v.status == SOON else HELD_KIND
        items.append(DueItem(e.crn, e.event_id, kind, e.leaves_on, RULE,
                             "overdue" if e.leaves_on < on else "due", None, e.ended))
    return items

