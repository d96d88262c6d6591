"""Team work from the desktop: each step as network work for a worker and a short local step.

The caseload is read and written only on the UI thread (before and after); the worker holds
only a connection to the hub. Countersigning reads the Part A hash from this desk's own copy of
the records, so the hub refuses a signature on content that has since changed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import SimpleNamespace
from typing import Any

from officer_desk import countersign, services
from officer_desk.countersign import Recommendation
from officer_desk.team_view import QUARANTINE_SETTING, TEAM_SETTING, OfficerLine, team_lines
from ui.controller import Controller

Job = tuple[Callable[[], Any], Callable[[Any], Any]]



def _hub() -> SimpleNamespace:
    """The hub's modules, loaded when a team hub is first used (not at every start)."""
    from db.hub import casework, sync, team

    return SimpleNamespace(casework=casework, sync=sync, team=team)

class TeamWork:
    """What the desktop asks of the hub beyond a sync."""

    def __init__(self, controller: Controller) -> None:
        self.controller = controller
        self._full: tuple[int, Any] | None = None  # (change number, the whole caseload)

    def forget(self) -> None:
        """On lock: nothing of the caseload stays in memory."""
        self._full = None

    # --- as of the last sync (local, instant) -----------------------------------------------

    def state(self) -> dict[str, Any]:
        """Who I am on the hub, whom I oversee, who holds each case (as last synced)."""
        value = self.controller.store.setting(TEAM_SETTING, {}) if self.controller.is_open \
            else {}
        return value if isinstance(value, dict) else {}

    def grade(self) -> str | None:
        """My grade on the hub (None when not linked or not yet synced)."""
        me = self.state().get("me") or {}
        return me.get("grade")

    def username(self) -> str | None:
        """My username on the hub."""
        me = self.state().get("me") or {}
        return me.get("username")

    def is_manager(self) -> bool:
        """An SPO or ACO: the team view and the countersign queue are theirs."""
        return self.grade() in ("SPO", "ACO")

    def recommendations(self) -> list[Recommendation]:
        """Recommendations as last seen on the hub."""
        return _hub().casework.cached(self.controller.store) if self.controller.is_open else []

    def queue(self) -> list[Recommendation]:
        """Those waiting for my signature."""
        grade = self.grade()
        return [r for r in self.recommendations() if grade and r.awaiting == grade]

    def holder(self, crn: str) -> str | None:
        """Who holds a case (not a colleague covering it)."""
        for case in self.state().get("cases", []):
            if case["crn"] == crn and case["kind"] == "holder":
                return str(case["username"])
        return None

    def read_only(self, crn: str) -> bool:
        """A manager looking at someone else's case reads it; the officer writes it."""
        return self.is_manager() and self.holder(crn) not in (None, self.username())

    def late_changes(self) -> list[dict[str, Any]]:
        """Late changes from former officers, as last synced."""
        value = self.controller.store.setting(QUARANTINE_SETTING, []) \
            if self.controller.is_open else []
        return list(value or [])

    def lines(self, on: date) -> list[OfficerLine]:
        """The team view's numbers (the same rules engine as every officer's Today)."""
        state = self.state()
        c = self.controller
        holders = {x["crn"]: x["username"] for x in state.get("cases", [])
                   if x["kind"] == "holder" and x["crn"] in c.caseload.people}
        cover = {x["crn"]: x["username"] for x in state.get("cases", []) if x["kind"] == "cover"}
        staff = [(s["username"], s["grade"]) for s in state.get("staff", [])
                 if s["grade"] in ("PO", "PSO")]
        weeks = int(c.policy.desktop.get("team_no_contact_weeks", 4))
        # Contact-level compliance reads every contact, so the full caseload: loaded again only
        # when something was written since (a team's caseload is large; a refresh is often).
        mark = c.store.high_water()
        if self._full is None or self._full[0] != mark:
            self._full = (mark, c.store.caseload())
        names = {s["username"]: s.get("name") or "" for s in state.get("staff", [])}
        return team_lines(self._full[1], staff, holders, on, c.policy, self.recommendations(),
                          weeks, cover, names)

    def part_a_sha(self, rec: Recommendation) -> str:
        """The Part A hash as this desk holds the records."""
        return _hub().casework.part_a_sha(self.controller.store, rec)

    def standing(self, decision_id: str) -> tuple[Recommendation | None, str | None]:
        """The recommendation about a decision and the decision's content hash now."""
        c = self.controller
        rec = countersign.for_decision(self.recommendations(), decision_id)
        return rec, _hub().casework.decision_sha(c.store, decision_id, c.case)

    # --- jobs: (work for a worker, then the step that brings the answer in here) --------------

    def _job(self, call: Callable[[Any], Any], after: Callable[[Any], Any]) -> Job:
        assert self.controller.opened is not None
        params = _hub().sync.connection_params(self.controller.store, self.controller.opened.key)

        def work() -> Any:
            conn = _hub().sync.open_connection(params)
            try:
                answer = call(conn)
                return answer, _hub().casework.fetch(conn)
            finally:
                conn.close()

        def bring_in(done: Any) -> Any:
            answer, fetched = done
            _hub().casework.keep(self.controller.store, fetched)
            after(answer)
            return answer

        return work, bring_in

    def request_job(self, event_id: str) -> Job:
        """Ask for countersignature of the event's latest recall decision (after a sync)."""
        store = self.controller.store
        crn, decision_id, decision, sha = _hub().casework.request_facts(store, event_id)
        return self._job(lambda conn: _hub().team.request(conn, crn, event_id, decision_id, decision,
                                                   sha),
                         lambda rec_id: _hub().casework.log_request(store, crn, decision_id, rec_id,
                                                             sha))

    def sign_job(self, rec: Recommendation, rationale: str, read_sha: str) -> Job:
        """Countersign on the content this desk showed."""
        store = self.controller.store
        return self._job(lambda conn: _hub().team.sign(conn, rec.id, read_sha, rationale),
                         lambda status: _hub().casework.log_signature(store, rec, read_sha, status))

    def transfer_job(self, crn: str, to_username: str, reason: str) -> Job:
        """Move a case to another officer in my team."""
        store = self.controller.store

        def after(before: Any) -> Any:
            store.log("transfer", crn=crn, detail={"from": before, "to": to_username,
                                                   "reason": reason})
            return before

        return self._job(lambda conn: _hub().team.transfer(conn, crn, to_username, reason), after)

    def cover_job(self, absent: str, cover: str, until: date, reason: str) -> Job:
        """A colleague covers an absent officer's cases until a date."""
        store = self.controller.store

        def after(n: Any) -> Any:
            store.log("give_cover", detail={"absent": absent, "cover": cover,
                                            "until": until.isoformat(), "cases": n,
                                            "reason": reason})
            return n

        return self._job(lambda conn: _hub().team.give_cover(conn, absent, cover, until, reason), after)

    def decide_late_job(self, late: dict[str, Any], decision: str) -> Job:
        """Take (as my own edit, here) or dismiss a late change."""
        store = self.controller.store
        if decision == "taken":
            self.controller.run(services.take_late_change, late["record_type"],
                                late["record_id"], late["changes"])

        def after(_none: Any) -> Any:
            store.log("take_late_change" if decision == "taken" else "dismiss_late_change",
                      crn=late["crn"], record_type=late["record_type"],
                      record_id=late["record_id"], detail={"from": late["from"],
                                                           "late": late["id"]})
            return decision

        return self._job(lambda conn: _hub().team.decide_quarantined(conn, late["id"], decision), after)

