"""Team work from a laptop: ask for and give countersignature, take or dismiss late changes.

Each step syncs first, so what is asked about, or signed, is the content both sides hold; the
hub's answer is kept in the caseload so the officer sees where things stand offline. The hash a
signature names is worked out here, on the signer's own copy of the records: the hub refuses it
if the officer's content has moved on since.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from db.hub import sync as engine
from db.hub import team
from db.store import RecordStore
from db.transaction import write_transaction
from officer_desk import countersign, services
from officer_desk.caseload import Caseload
from officer_desk.codec import from_record
from officer_desk.countersign import Recommendation
from officer_desk.errors import UserFacingError


def cached(store: RecordStore) -> list[Recommendation]:
    """Recommendations as last seen on the hub."""
    return countersign.team_state(store)[1]


def fetch(conn: Any) -> dict[str, Any]:
    """The hub's recommendations, team and late changes (network only: a worker may do it)."""
    return {engine.COUNTERSIGN: [r.as_json() for r in team.recommendations(conn)],
            engine.TEAM: team.team(conn), engine.QUARANTINE: team.quarantined(conn)}


def keep(store: RecordStore, fetched: dict[str, Any]) -> list[Recommendation]:
    """Keep what ``fetch`` brought in the caseload (on the caseload's own thread)."""
    with write_transaction(store.db):
        for key, value in fetched.items():
            store.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) "
                             "DO UPDATE SET value = excluded.value",
                             [key, engine.protocol.dumps(value)])
    return cached(store)


def refresh(store: RecordStore, conn: Any) -> list[Recommendation]:
    """Bring the hub's recommendations, team and late changes into the caseload."""
    return keep(store, fetch(conn))


def _case_of_event(store: RecordStore, event_id: str) -> Caseload:
    event = store.record("event", event_id)
    if event is None:
        raise UserFacingError(f"There is no event {event_id!r} on this laptop.")
    return store.case(event["crn"])  # one person's records: the Part A's content is in them


def request_facts(store: RecordStore, event_id: str) -> tuple[str, str, str, str]:
    """(CRN, decision id, decision, content hash) of the event's latest recall decision."""
    caseload = _case_of_event(store, event_id)
    decision = countersign.latest_decision(caseload, event_id)
    return (caseload.events[event_id].event.crn, decision.id, decision.decision.value,
            countersign.content_sha256(caseload, decision))


def decision_sha(store: RecordStore, decision_id: str,
                 case: Callable[[str], Caseload] | None = None) -> str | None:
    """The content hash of a decision's Part A as this laptop holds it (None: not here).

    ``case`` gives a person's caseload (the desktop's cached one); by default it is read.
    """
    raw = store.record("enforcement", decision_id)
    if raw is None:
        return None
    decision = from_record(raw)
    event = store.record("event", decision.event_id)
    if event is None:
        return None
    caseload = case(event["crn"]) if case else store.case(event["crn"])
    return countersign.content_sha256(caseload, decision)


def request(store: RecordStore, conn: Any, event_id: str) -> Recommendation:
    """Ask for countersignature of the event's latest recall decision, as it stands."""
    engine.sync(store, conn)  # the managers read what the hub holds: send it first
    crn, decision_id, decision, sha = request_facts(store, event_id)
    rec_id = team.request(conn, crn, event_id, decision_id, decision, sha)
    log_request(store, crn, decision_id, rec_id, sha)
    return next(r for r in refresh(store, conn) if r.id == rec_id)


def log_request(store: RecordStore, crn: str, decision_id: str, rec_id: int, sha: str) -> None:
    """The request in this laptop's trail."""
    store.log("countersign_request", crn=crn, record_type="enforcement", record_id=decision_id,
              detail={"recommendation": rec_id, "content_sha256": sha})


def log_signature(store: RecordStore, rec: Recommendation, sha: str, status: str) -> None:
    """The signature in the signer's trail."""
    store.log("countersign", crn=rec.crn, record_type="enforcement", record_id=rec.decision_id,
              detail={"recommendation": rec.id, "content_sha256": sha, "status": status})


def part_a_sha(store: RecordStore, rec: Recommendation) -> str:
    """The content hash of a recommendation's Part A as this laptop holds it."""
    sha = decision_sha(store, rec.decision_id)
    if sha is None:
        raise UserFacingError(f"The decision for {rec.crn} is not on this laptop yet: sync, "
                              "then read the Part A before signing.")
    return sha


def sign(store: RecordStore, conn: Any, rec_id: int, rationale: str,
         read_sha: str | None = None) -> Recommendation:
    """Countersign on the content read (``read_sha``: what the signer's screen showed).

    Without ``read_sha`` the signer's laptop syncs and signs what it then holds.
    """
    if read_sha is None:
        engine.sync(store, conn)
    found = {r.id: r for r in refresh(store, conn)}
    rec = found.get(rec_id)
    if rec is None:
        raise UserFacingError(f"There is no recommendation {rec_id} you may see: "
                              "'officer-desk countersign list' shows them.")
    sha = read_sha or part_a_sha(store, rec)
    status = team.sign(conn, rec_id, sha, rationale)
    log_signature(store, rec, sha, status)
    return {r.id: r for r in refresh(store, conn)}[rec_id]


def take_late_change(store: RecordStore, conn: Any, quarantine_id: int) -> None:
    """Take a late change as this officer's own edit (audited), then mark it taken."""
    found = {q["id"]: q for q in team.quarantined(conn)}
    late = found.get(quarantine_id)
    if late is None:
        raise UserFacingError(f"There is no late change {quarantine_id} waiting for you.")
    engine.sync(store, conn)
    services.take_late_change(store, late["record_type"], late["record_id"], late["changes"])
    team.decide_quarantined(conn, quarantine_id, "taken")
    store.log("take_late_change", crn=late["crn"], record_type=late["record_type"],
              record_id=late["record_id"], detail={"from": late["from"], "late": quarantine_id})
    engine.sync(store, conn)


def dismiss_late_change(store: RecordStore, conn: Any, quarantine_id: int) -> None:
    """Dismiss a late change (recorded on the hub and in this laptop's trail)."""
    found = {q["id"]: q for q in team.quarantined(conn)}
    late = found.get(quarantine_id)
    if late is None:
        raise UserFacingError(f"There is no late change {quarantine_id} waiting for you.")
    team.decide_quarantined(conn, quarantine_id, "dismissed")
    store.log("dismiss_late_change", crn=late["crn"], record_type=late["record_type"],
              record_id=late["record_id"], detail={"from": late["from"], "late": quarantine_id})
    refresh(store, conn)
