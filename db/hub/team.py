"""Team work on the hub, as the signed-in member of staff: countersign, transfer, cover, quarantine.

Each call runs as the caller's own login role, so PostgreSQL decides: a refusal here is the
database's (row-level security, a trigger, a constraint), turned into a sentence for a person.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from officer_desk.countersign import Recommendation
from officer_desk.errors import UserFacingError

STALE = "40001"
REFUSED = "42501"
OUT_OF_ORDER = "55000"
NOT_FOUND = "P0002"


def _refusal(exc: Any, what: str) -> UserFacingError:
    """The database's refusal, in words (the first line of its message kept for the record)."""
    code = getattr(exc, "sqlstate", None)
    text = (getattr(getattr(exc, "diag", None), "message_primary", None) or str(exc)).strip()
    if code == STALE:
        return UserFacingError("The hub refused the signature: the Part A has changed since it "
                               "was read or asked for. Sync, read it again as it stands, and "
                               "sign that; if the hub still refuses, the officer asks for "
                               "countersignature again.")
    if code == REFUSED:
        return UserFacingError(f"The hub refused to {what}: your role does not allow it "
                               f"({text}).")
    if code in (OUT_OF_ORDER, NOT_FOUND, "22023"):
        return UserFacingError(f"The hub refused to {what}: {text}.")
    return UserFacingError(f"The hub could not {what}: {text}.")


def _run(conn: Any, what: str, sql: str, params: list[Any]) -> Any:
    import psycopg

    try:
        with conn.transaction():
            row = conn.execute(sql, params).fetchone()
    except psycopg.Error as exc:
        raise _refusal(exc, what) from None
    return row[0] if row else None


def request(conn: Any, crn: str, event_id: str, decision_id: str, decision: str,
            sha: str) -> int:
    """Ask for countersignature of a decision's content (again, after a change)."""
    return int(_run(conn, "ask for countersignature",
                    "SELECT hub.request_countersign(%s, %s, %s, %s, %s)",
                    [crn, event_id, decision_id, decision, sha]))


def sign(conn: Any, rec_id: int, sha: str, rationale: str) -> str:
    """Countersign as the caller, on the content they read; the status that follows."""
    if len(rationale.strip()) < 3:
        raise UserFacingError("Record your rationale for countersigning (a sentence or two).")
    return str(_run(conn, "record the countersignature", "SELECT hub.countersign(%s, %s, %s)",
                    [rec_id, sha, rationale.strip()]))


def recommendations(conn: Any) -> list[Recommendation]:
    """Every recommendation the caller may see, with its statuses and signatures."""
    rows = conn.execute(
        "SELECT r.id, r.crn, r.event_id, r.decision_id, r.decision, r.content_sha256, "
        "coalesce((SELECT s.username FROM hub.staff s WHERE s.login_role = r.requested_by), "
        "r.requested_by), hub.recommendation_now(r.id), "
        "coalesce((SELECT jsonb_agg(jsonb_build_object('username', st.username, 'grade', "
        "st.grade, 'at', st.at, 'content_sha256', st.content_sha256, 'rationale', st.rationale, "
        "'name', sf.full_name, 'phone', sf.phone, 'email', sf.email) "
        "ORDER BY st.id) FROM hub.recommendation_status st LEFT JOIN hub.staff sf "
        "ON sf.username = st.username WHERE st.recommendation_id = r.id "
        "AND st.status IN ('SPO_SIGNED', 'ACO_SIGNED')), '[]'::jsonb) "
        "FROM hub.recommendation r ORDER BY r.id").fetchall()
    conn.commit()
    return [Recommendation.from_json({
        "id": r[0], "crn": r[1], "event_id": r[2], "decision_id": r[3], "decision": r[4],
        "content_sha256": r[5], "requested_by": r[6], "status": r[7] or "",
        "signatures": r[8]}) for r in rows]


def transfer(conn: Any, crn: str, to_username: str, reason: str | None) -> str | None:
    """Move a case to another officer from today (as an SPO or ACO); who held it."""
    return _run(conn, f"move {crn}", "SELECT hub.transfer(%s, %s, %s)",
                [crn, to_username, reason])


def give_cover(conn: Any, absent: str, cover: str, until: date, reason: str | None) -> int:
    """A colleague covers an absent officer's caseload until a date; how many cases."""
    return int(_run(conn, "give cover", "SELECT hub.give_cover(%s, %s, %s, %s)",
                    [absent, cover, until, reason]))


def team(conn: Any) -> dict[str, Any]:
    """The staff the caller oversees and who holds or covers each visible case today."""
    me = conn.execute("SELECT username, grade, team_code, provider_code FROM hub.me()"
                      ).fetchone()
    staff = [{"username": r[0], "grade": r[1], "team": r[2], "staff_code": r[3], "name": r[4]}
             for r in conn.execute(
                 "SELECT s.username, s.grade, s.team_code, s.staff_code, s.full_name "
                 "FROM hub.staff s WHERE hub.oversees(s) ORDER BY s.username")]
    cases = [{"crn": r[0], "username": r[1], "kind": r[2],
              "until": r[3].isoformat() if r[3] else None}
             for r in conn.execute(
                 "SELECT a.crn, s.username, a.kind, a.to_date FROM hub.allocation a "
                 "JOIN hub.staff s ON s.staff_code = a.staff_code "
                 "WHERE a.from_date <= current_date AND (a.to_date IS NULL OR "
                 "a.to_date >= current_date) ORDER BY a.crn, a.kind DESC")]
    conn.commit()
    return {"me": {"username": me[0], "grade": me[1], "team": me[2], "provider": me[3]}
            if me and me[0] else None, "staff": staff, "cases": cases}


def quarantined(conn: Any) -> list[dict[str, Any]]:
    """Late changes from officers whose cases moved on, waiting for a person."""
    rows = conn.execute(
        "SELECT q.id, q.crn, q.op, coalesce((SELECT s.username FROM hub.staff s WHERE "
        "s.login_role = q.from_role), q.from_role), q.arrived_at FROM hub.quarantine q "
        "WHERE q.decided_at IS NULL AND hub.can_see(q.crn) "
        "AND q.op->>'record_type' NOT IN ('audit_entry', "
        "'issued_document') ORDER BY q.id").fetchall()  # history is kept, not put to a person
    conn.commit()
    return [{"id": r[0], "crn": r[1], "record_type": r[2].get("record_type"),
             "record_id": r[2].get("record_id"), "kind": r[2].get("kind"),
             "changes": r[2].get("changes", {}), "from": r[3],
             "arrived_at": r[4].isoformat(timespec="seconds")} for r in rows]


def decide_quarantined(conn: Any, quarantine_id: int, decision: str) -> None:
    """Mark a late change taken or dismissed (the caller's own decision, recorded)."""
    n = _run(conn, "decide on the late change", "SELECT hub.decide_late_change(%s, %s)",
             [quarantine_id, decision])
    if not n:
        raise UserFacingError(f"There is no late change {quarantine_id} waiting for you.")


def domain_events(conn: Any) -> list[dict[str, Any]]:
    """The hub's outbox as HMPPS domain-event envelopes (what a manager may see)."""
    rows = conn.execute("SELECT id, event_type, version, occurred_at, crn, description, "
                        "additional FROM hub.domain_event ORDER BY id").fetchall()
    conn.commit()
    return [envelope(*r) for r in rows]


def envelope(id_: int, event_type: str, version: int, occurred_at: Any, crn: str,
             description: str, additional: dict[str, Any]) -> dict[str, Any]:
    """One domain event in the national envelope."""
    return {"eventType": event_type, "version": version,
            "occurredAt": occurred_at.isoformat(timespec="seconds"),
            "description": description, "additionalInformation": additional,
            "personReference": {"identifiers": [{"type": "CRN", "value": crn}]},
            "id": id_}
