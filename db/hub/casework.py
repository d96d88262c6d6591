"""Team work from a laptop: ask for and give countersignature, take or dismiss late changes.

Each step syncs first, so what is asked about, or signed, is the content both sides hold; the
hub's answer is kept in the caseload so the officer sees where things stand offline. The hash a
signature names is worked out here, on the signer's own copy of the records: the hub refuses it
if the officer's content has moved on since.
"""

from __future__ import annotations

from typing import Any

from db.hub import sync as engine
from db.hub import team
from db.store import RecordStore
from db.transaction import write_transaction
from officer_desk import countersign
from officer_desk.codec import from_record
from officer_desk.countersign import Recommendation
from officer_desk.errors import UserFacingError


def cached(store: RecordStore) -> list[Recommendation]:
    """Recommendations as last seen on the hub."""
    return countersign.team_state(store)[1]


def refresh(store: RecordStore, conn: Any) -> list[Recommendation]:
    """Bring the hub's recommendations, team and late changes into the caseload."""
    recs = team.recommendations(conn)
    values = ((engine.COUNTERSIGN, [r.as_json() for r in recs]), (engine.TEAM, team.team(conn)),
              (engine.QUARANTINE, team.quarantined(conn)))
    with write_transaction(store.db):
        for key, value in values:
            store.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) "
                             "DO UPDATE SET value = excluded.value",
                             [key, engine.protocol.dumps(value)])
    return recs


def request(store: RecordStore, conn: Any, event_id: str) -> Recommendation:
    """Ask for countersignature of the event's latest recall decision, as it stands."""
    engine.sync(store, conn)  # the managers read what the hub holds: send it first
    caseload = store.caseload()
    decision = countersign.latest_decision(caseload, event_id)
    sha = countersign.content_sha256(caseload, decision)
    rec_id = team.request(conn, caseload.events[event_id].event.crn, event_id, decision.id,
                          decision.decision.value, sha)
    store.log("countersign_request", crn=caseload.events[event_id].event.crn,
              record_type="enforcement", record_id=decision.id,
              detail={"recommendation": rec_id, "content_sha256": sha})
    return next(r for r in refresh(store, conn) if r.id == rec_id)


def part_a_sha(store: RecordStore, rec: Recommendation) -> str:
    """The content hash of a recommendation's Part A as this laptop holds it."""
    raw = store.record("enforcement", rec.decision_id)
    if raw is None:
        raise UserFacingError(f"The decision for {rec.crn} is not on this laptop yet: sync, "
                              "then read the Part A before signing.")
    return countersign.content_sha256(store.caseload(), from_record(raw))


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
    store.log("countersign", crn=rec.crn, record_type="enforcement", record_id=rec.decision_id,
              detail={"recommendation": rec_id, "content_sha256": sha, "status": status})
    return {r.id: r for r in refresh(store, conn)}[rec_id]


def take_late_change(store: RecordStore, conn: Any, quarantine_id: int) -> None:
    """Take a late change as this officer's own edit (audited), then mark it taken."""
    found = {q["id"]: q for q in team.quarantined(conn)}
    late = found.get(quarantine_id)
    if late is None:
        raise UserFacingError(f"There is no late change {quarantine_id} waiting for you.")
    engine.sync(store, conn)
    record = store.record(late["record_type"], late["record_id"]) or {
        "type": late["record_type"], "id": late["record_id"]}
    for name, change in late["changes"].items():
        if name in ("type", "id"):
            continue
        if change.get("new") is None:
            record.pop(name, None)
        else:
            record[name] = change["new"]
    store.save([record], "take_late_change")
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
