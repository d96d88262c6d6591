"""The desktop's one link to the caseload: unlock, lock, services, refresh.

Widgets emit intent; the controller calls the ``officer_desk`` services over the store and
reloads the caseload, then announces what changed. The rules (what is due, stage statuses,
pack completeness) are always the domain's; nothing here re-implements them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from db import audit, caseload_file
from officer_desk.app import retention as app_retention
from officer_desk.caseload import Caseload, EventFile
from officer_desk.countersign import team_state
from officer_desk.day_bounds import Span, due_spans, event_spans
from officer_desk.due import DueItem
from officer_desk.policy import Policy
from officer_desk.services import Changes
from officer_desk.today import failure_notes, in_order, in_order_with
from ui.controller_jobs import BackgroundJobs
from ui.controller_session import SessionControl


class Controller(SessionControl, BackgroundJobs, QObject):
    """Holds the open caseload (or none when locked) and the latest view of it."""

    changed = Signal(object)  # Changes
    locked = Signal()
    unlocked = Signal()
    overview_ready = Signal()  # the full overview, loaded on a thread, can be taken in
    overview_taken = Signal()  # the full overview is in (by the thread or by an action)

    def __init__(self, root: Path, policy: Policy,
                 clock: Callable[[], datetime] = datetime.now) -> None:
        super().__init__()
        self.root = root
        self.policy = policy
        self.clock = clock
        self.opened: caseload_file.OpenCaseload | None = None
        self._caseload = Caseload()  # the overview: what the caseload-wide rules need
        self._first_screen = False  # _caseload holds only the first screen's part of it
        # The caseload's change marks when the overview in memory last matched it (None:
        # unknown, so no first screen is kept at lock).
        self._marks: tuple[int, int] | None = None
        self.items: list[DueItem] = []
        # Each event's items on the days ahead (kept with the first screen, so the first
        # unlock of a later day works out only the events whose items are not known for it).
        self._spans: dict[str, list[Span]] = {}
        self.worked_out_afresh = 0  # people the last unlock from a kept screen worked out again
        self._cases: dict[str, Caseload] = {}
        # The full overview being loaded on a thread after a start from the kept first
        # screen: (thread, its result, the change marks read before it began).
        self._settling: tuple[threading.Thread, dict[str, Any], tuple[int, int]] | None = None

    @property
    def caseload(self) -> Caseload:
        """The caseload's overview, loaded in full before anything reads it."""
        self.settle()
        return self._caseload

    @caseload.setter
    def caseload(self, value: Caseload) -> None:
        self._caseload = value
        self._first_screen = False

    @property
    def screen_caseload(self) -> Caseload:
        """What Today and the caseload list draw from: the first screen kept at the last lock
        (people, events, appointments not yet held) until the full overview is loaded."""
        return self._caseload

    @property
    def settled(self) -> bool:
        """The full overview is loaded (not only the first screen)."""
        return not self._first_screen

    def settle(self) -> None:
        """Load the full overview if only the first screen is shown so far (or take it in
        from the thread loading it, waiting for it if it is not done yet).

        Over a connection of its own: a worker (a sync, an export) may be using the
        caseload's connection by then.
        """
        if self._settling is not None:
            thread, box, marks = self._settling
            thread.join()
            self._settling = None
            if "error" in box:
                raise box["error"]
            if self._first_screen and self.opened is not None:
                self._take_worked_out(*box["result"], marks)
                self.overview_taken.emit()
            return
        if self._first_screen and self.opened is not None:
            marks = self.store.change_marks()
            self._take_overview(self.opened.overview_apart(self._horizon()), marks)
            self.overview_taken.emit()

    def start_settling(self) -> None:
        """Load the full overview and run every rule over it on a thread of its own, so the
        window stays usable meanwhile; ``overview_ready`` says when to take it in (``settle``),
        and anything that needs it sooner waits for it there."""
        if not self._first_screen or self.opened is None or self._settling is not None:
            return
        opened, horizon, today, policy = self.opened, self._horizon(), self.today(), self.policy
        box: dict[str, Any] = {}

        def load() -> None:
            try:
                caseload = opened.overview_apart(horizon)
                box["result"] = (caseload, *due_spans(caseload, today, policy, extended=True))
            except BaseException as exc:  # noqa: BLE001 - raised on the UI thread, in settle
                box["error"] = exc
            finally:
                self.overview_ready.emit()

        thread = threading.Thread(target=load, name="overview", daemon=True)
        self._settling = (thread, box, self.store.change_marks())
        thread.start()

    def forget_settling(self) -> None:
        """Wait for a load still under way and drop what it found (the caseload is locking)."""
        if self._settling is not None:
            self._settling[0].join()
            self._settling = None

    # --- session ----------------------------------------------------------------------------


    # --- reading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the caseload overview and what is due; forget loaded cases."""
        marks = self.store.change_marks()  # before the read: a write meanwhile shows at lock
        self._take_overview(self.store.overview(until=self._horizon()), marks)

    def _horizon(self) -> datetime:
        # Appointments not yet held up to the end of tomorrow, and each event's next one.
        return datetime.combine(self.today() + timedelta(days=2), datetime.min.time())

    def _take_overview(self, caseload: Caseload, marks: tuple[int, int]) -> None:
        # Exactly what `officer-desk due --all` lists for the day, in the order to work it,
        # and the cases about to leave this laptop (retention).
        self._take_worked_out(caseload, *due_spans(caseload, self.today(), self.policy,
                                                   extended=True), marks)

    def _take_worked_out(self, caseload: Caseload, items: list[DueItem],
                         spans: dict[str, list[Span]], marks: tuple[int, int]) -> None:
        self.caseload = caseload
        self._marks = marks
        self._spans = spans
        self.items = in_order(items + self.leaving(caseload))
        self._cases.clear()

    def refresh_people(self, crns: set[str]) -> None:
        """After a change to a few people, reload just them and their due items.

        Every rule works one person at a time (an event, and the person's other events for the
        licence-and-PSS route), so the rest of the caseload and its items stand. The person's
        full history stands in for their overview rows: the rules give the same items over
        either (tested in the rules' own tests).
        """
        kept = [i for i in self.items if i.crn not in crns]
        self.items = in_order_with(kept, self._reloaded(self.caseload, crns) + self.leaving(
            Caseload({c: p for c, p in self.caseload.people.items() if c in crns},
                     {e: f for e, f in self.caseload.events.items() if f.event.crn in crns})))

    def _people_items(self, caseload: Caseload, crns: set[str]) -> list[DueItem]:
        """Reload these people into ``caseload`` from their full history; every item but
        theirs, and their event rules' items worked out afresh (no retention items)."""
        added = self._reloaded(caseload, crns)
        return [i for i in self.items if i.crn not in crns] + added

    def _reloaded(self, caseload: Caseload, crns: set[str]) -> list[DueItem]:
        """Reload these people into ``caseload`` from their full history; their event rules'
        items worked out afresh (no retention items)."""
        on = self.today()
        added: list[DueItem] = []
        for crn in crns:
            fresh = self.store.case(crn)
            self._cases[crn] = fresh
            for event_id in [i for i, ef in caseload.events.items() if ef.event.crn == crn]:
                del caseload.events[event_id]
                self._spans.pop(event_id, None)
            caseload.people.pop(crn, None)
            caseload.people.update(fresh.people)
            caseload.events.update(fresh.events)
            for event_id, ef in fresh.events.items():
                if ef.event.crn == crn:
                    self._spans[event_id] = spans = event_spans(ef, on, self.policy,
                                                                extended=True)
                    added += spans[0].items
        return added

    def leaving(self, caseload: Caseload) -> list[DueItem]:
        """Today's retention warnings: cases leaving this laptop soon, or held back because
        something about them has not been sent."""
        if self.opened is None:
            return []
        return app_retention.today_items(self.store, caseload, self.policy, self.today())

    def case(self, crn: str) -> Caseload:
        """One person's full history (loaded when their case is opened)."""
        if crn not in self._cases:
            self._cases[crn] = self.store.case(crn)
        return self._cases[crn]

    def event_file(self, event_id: str) -> EventFile | None:
        """An event with its full history."""
        overview = self.caseload.events.get(event_id)
        if overview is None:
            return None
        return self.case(overview.event.crn).events.get(event_id)

    def names(self) -> dict[str, str]:
        """CRN to name."""
        return {crn: p.name for crn, p in self.screen_caseload.people.items()}

    def search(self, text: str) -> set[str]:
        """CRNs whose names, CRN or notes match."""
        return {crn for _, _, crn in self.store.search(text) if crn}

    def last_export(self) -> str | None:
        """When the caseload was last exported."""
        last = self.store.last_export()
        return last[0] if last else None

    # --- writing ----------------------------------------------------------------------------

    def run(self, service: Callable[..., Changes], *args: Any, **kwargs: Any) -> Changes:
        """Call a service over the store, reload what it touched, announce the change."""
        self.settle()
        before = self.store.change_marks()
        changes = service(self.store, *args, **kwargs)
        # The overview in memory matches the caseload again after the reload below only if
        # it did before this change.
        after = self.store.change_marks() if before == self._marks else None
        if changes.crns and len(changes.crns) <= 20:
            self.refresh_people(set(changes.crns))
            self._marks = after
        else:
            self.refresh()
        self.changed.emit(changes)
        return changes

    # --- packs, export, backup (the slow parts run in a worker) -----------------------------


    # --- team hub (the network part runs in a worker; the caseload is touched only here) ----


    def item_notes(self) -> dict[tuple[str, str | None], str]:
        """A word beside some items: the appointment a failure's items are about; where a
        recall's countersignature stands (team hub)."""
        notes = failure_notes(self.items, self.screen_caseload)
        linked, recs = team_state(self.store) if self.is_open else (False, [])
        if not linked:
            return notes
        from db.hub.casework import decision_sha
        from officer_desk import countersign

        for item in self.items:
            if item.kind == "recall_report" and item.ref:
                sha = decision_sha(self.store, item.ref, self.case)
                notes[(item.kind, item.ref)] = countersign.standing(
                    countersign.for_decision(recs, item.ref), sha).rstrip(".")
        return notes

    def audit_entries(self, crn: str) -> list[Any]:
        """The audit trail for one person, newest first: this laptop's, and what came with
        the case from other desks (a transfer, a manager's oversight)."""
        if not self.opened:
            return []
        from db.hub import history

        found = audit.entries(self.opened.db, crn=crn) + history.entries(self.store, crn)
        return sorted(found, key=lambda e: e.at, reverse=True)
