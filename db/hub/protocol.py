"""The laptop's side of the hub protocol, over one psycopg connection as the officer.

Push sends ops in device order in one transaction and returns one answer per op (applied,
conflict, rejected, held, or a replay's stored answer). Pull reads changes after a cursor taken
from the hub's commit-ordered counter. Everything runs as the officer's own login role, so
PostgreSQL's row-level security decides what is seen and accepted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Change:
    """A record as the hub holds it now."""

    record_type: str
    record_id: str
    crn: str
    data: dict[str, Any]
    version: int
    changed: int
    deleted: bool


@dataclass(frozen=True)
class Conflict:
    """A field two people changed differently from the same starting point."""

    id: int
    crn: str
    record_type: str
    record_id: str
    field: str
    mine: Any
    theirs: Any
    base: Any
    raised_by: str
    theirs_by: str | None = None  # who made the value the hub holds (its last change)
    theirs_at: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The ``conflicts --json`` object (the public contract's keys, then who made
        "theirs" and when, which the desktop shows)."""
        return {"id": self.id, "crn": self.crn, "record_type": self.record_type,
                "record_id": self.record_id, "field": self.field, "mine": self.mine,
                "theirs": self.theirs, "base": self.base, "theirs_by": self.theirs_by,
                "theirs_at": self.theirs_at}


CONFLICT_KEYS = ("id", "crn", "record_type", "record_id", "field", "mine", "theirs", "base")


PUSH_BATCH = 500


def push(conn: Any, device: str, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Apply ops in order; the hub's answer to each.

    The hub applies each batch in order inside one call (one round trip per batch, not per
    op), and each batch commits on its own: the team's write lock is held for one batch at a
    time, never for a whole first sync. A batch cut off is answered again, op by op, from the
    hub's stored answers (every op has its own id), so nothing is applied twice.
    """
    from psycopg.types.json import Jsonb  # loaded with the first sync, not at start-up

    answers: list[dict[str, Any]] = []
    for start in range(0, len(ops), PUSH_BATCH):
        with conn.transaction():
            row = conn.execute("SELECT hub.apply_ops(%s, %s)",
                               [device, Jsonb(ops[start:start + PUSH_BATCH])]).fetchone()
        answers += row[0]
    return answers


def checkin(conn: Any, device: str) -> dict[str, Any]:
    """Say which laptop this is, first in every sync: is it still allowed on the hub?"""
    with conn.transaction():
        row = conn.execute("SELECT hub.checkin(%s)", [device]).fetchone()
    return dict(row[0] or {})


def epoch(conn: Any) -> str | None:
    """Which life of the hub this is (a restore from a backup begins a new one)."""
    row = conn.execute("SELECT id::text FROM hub.epoch").fetchone()
    conn.commit()
    return row[0] if row else None


def last_seq(conn: Any, device: str) -> int:
    """The last of this laptop's changes the hub holds an answer for (they are answered in
    order, so every earlier one is held too)."""
    row = conn.execute("SELECT coalesce(max(device_seq), 0) FROM hub.applied_op "
                       "WHERE device = %s AND login_role = session_user", [device]).fetchone()
    conn.commit()
    return int(row[0])


def retire(conn: Any, device: str) -> bool:
    """Tell the hub this laptop is wiped: it takes nothing more from it (True when it knew it)."""
    with conn.transaction():
        row = conn.execute("SELECT hub.retire_device(%s)", [device]).fetchone()
    return bool(row and row[0])


_CHANGE_COLUMNS = "record_type, record_id, crn, data, version, changed, deleted"


def pull(conn: Any, cursor: int, limit: int = 2000) -> tuple[list[Change], int]:
    """Changes after ``cursor`` that the officer may see, in commit order; the new cursor."""
    rows = conn.execute(f"SELECT {_CHANGE_COLUMNS} FROM hub.records WHERE changed > %s "
                        "ORDER BY changed LIMIT %s", [cursor, limit]).fetchall()
    changes = [Change(*r) for r in rows]
    conn.commit()
    return changes, max([cursor, *(c.changed for c in changes)])


def records(conn: Any, keys: list[tuple[str, str]]) -> list[Change]:
    """Some records as the hub holds them now (those the officer may see)."""
    found = []
    for record_type, record_id in dict.fromkeys(keys):
        row = conn.execute(f"SELECT {_CHANGE_COLUMNS} FROM hub.records WHERE record_type = %s "
                           "AND record_id = %s", [record_type, record_id]).fetchone()
        if row is not None:
            found.append(Change(*row))
    conn.commit()
    return found


def case_hashes(conn: Any) -> dict[str, str]:
    """The hub's hash of each visible case's state (record ids and versions)."""
    rows = conn.execute("SELECT crn, state FROM hub.case_hashes()")
    found = {crn: state for crn, state in rows}
    conn.commit()
    return found


def state_hash(versions: dict[tuple[str, str], int]) -> str:
    """The same hash from what a laptop believes: ``{(record_type, record_id): version}``."""
    import hashlib

    text = ",".join(f"{t}:{i}:{v}" for (t, i), v in sorted(versions.items()))
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def visible_cases(conn: Any) -> set[str]:
    """The CRNs the officer may see today."""
    rows = conn.execute("SELECT DISTINCT crn FROM hub.allocation WHERE hub.can_see(crn)")
    found = {r[0] for r in rows}
    conn.commit()
    return found


def case_snapshot(conn: Any, crn: str) -> list[Change]:
    """A newly granted case's whole history."""
    rows = conn.execute(f"SELECT {_CHANGE_COLUMNS} FROM hub.records WHERE crn = %s "
                        "ORDER BY changed", [crn]).fetchall()
    conn.commit()
    return [Change(*r) for r in rows]


def counter(conn: Any) -> int:
    """The hub's change counter now (a fresh laptop starts its cursor here after a snapshot)."""
    n = conn.execute("SELECT n FROM hub.counter").fetchone()[0]
    conn.commit()
    return int(n)


def open_conflicts(conn: Any) -> list[Conflict]:
    """Conflicts not yet resolved, on cases the officer may see."""
    rows = conn.execute(
        "SELECT c.id, c.crn, c.record_type, c.record_id, c.field, c.mine, c.theirs, c.base, "
        "c.raised_by, w.username, w.at FROM hub.conflict c LEFT JOIN LATERAL ("
        " SELECT coalesce(s.username, a.login_role) AS username, a.at FROM hub.audit a "
        " LEFT JOIN hub.staff s ON s.login_role = a.login_role "
        " WHERE a.table_name = 'records' AND a.row_key = c.record_type || '/' || c.record_id "
        " ORDER BY a.id DESC LIMIT 1) w ON true "
        "WHERE c.resolved_at IS NULL ORDER BY c.id")
    found = [Conflict(*r[:10], r[10].astimezone().replace(tzinfo=None).isoformat(
        timespec="minutes") if r[10] else None) for r in rows]
    conn.commit()
    return found


def resolve(conn: Any, device: str, conflict: Conflict, keep: str,
            op: dict[str, Any] | None) -> dict[str, Any] | None:
    """Close a conflict as a person's decision: keeping "mine" applies it as a new op.

    One call of the hub's own function: it checks the conflict is on a case of the caller's and
    the op is about the conflict's record, applies it and records who decided.
    """
    from psycopg.types.json import Jsonb

    with conn.transaction():
        answer = conn.execute("SELECT hub.resolve_conflict(%s, %s, %s, %s)",
                              [device, conflict.id, keep,
                               Jsonb(op) if op is not None else None]).fetchone()[0]
    return answer


def dumps(value: Any) -> str:
    """JSON for the outbox and the answers (stable key order)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
