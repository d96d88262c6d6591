"""A laptop's sync with its team hub: push what changed here, pull what changed there.

Every local write bumps the record's change number (``records.seq``) in the same transaction as
the write, so the caseload itself is the durable queue: nothing written offline can be missed.
At sync, the records changed since the last push become ops (field by field against the hub's
last known version of each record, the base of the three-way merge) and are kept in the outbox
in one local transaction before anything is sent; an op is sent again, with the same id, until
the hub has answered it, so a lost reply applies nothing twice. Then the hub's changes are
pulled after the cursor, newly granted cases arrive whole, and a case the hub no longer grants
is removed once nothing of it is waiting to go. Nothing is decided by a laptop's clock.

The hub password is wrapped with a key derived from the caseload key (AES-GCM), inside the
encrypted caseload: it is never on disk in plain text.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from db.hub import history, protocol, team
from db.store import RecordStore, field_changes
from db.transaction import write_transaction
from officer_desk import countersign
from officer_desk.dates import parse_datetime, uk_datetime
from officer_desk.errors import UserFacingError
from officer_desk.exchange import check_record
from officer_desk.team_view import QUARANTINE_SETTING, TEAM_SETTING

LINK = "hub_link"
CURSOR = "hub_cursor"
PUSHED = "hub_pushed_seq"
LAST_SYNC = "hub_last_sync"
GRANTED = "hub_cases"
CONFLICTS = "hub_conflicts"
COUNTERSIGN = countersign.SETTING
TEAM = TEAM_SETTING
QUARANTINE = QUARANTINE_SETTING
REVOKED = "hub_revoked_at"
EPOCH = "hub_epoch"  # which life of the hub this laptop last synced with
SKIP_FIELDS = ("type", "id")


def _kek(caseload_key: bytes | bytearray) -> bytes:
    return HKDF(SHA256(), 32, salt=None, info=b"officer-desk hub password").derive(
        bytes(caseload_key))


def wrap_password(caseload_key: bytes | bytearray, password: str) -> dict[str, str]:
    """The hub password sealed with the caseload's key (AES-GCM)."""
    nonce = os.urandom(12)
    sealed = AESGCM(_kek(caseload_key)).encrypt(nonce, password.encode(), b"hub password")
    return {"nonce": base64.b64encode(nonce).decode(), "sealed": base64.b64encode(sealed).decode()}


def unwrap_password(caseload_key: bytes | bytearray, wrapped: dict[str, str]) -> str:
    """The hub password, opened with the caseload's key."""
    return AESGCM(_kek(caseload_key)).decrypt(base64.b64decode(wrapped["nonce"]),
                                              base64.b64decode(wrapped["sealed"]),
                                              b"hub password").decode()


def uuid7() -> str:
    """A time-ordered UUID (version 7): the op's idempotency key."""
    ms = time.time_ns() // 1_000_000
    raw = bytearray(ms.to_bytes(6, "big") + os.urandom(10))
    raw[6] = (raw[6] & 0x0F) | 0x70
    raw[8] = (raw[8] & 0x3F) | 0x80
    return str(uuid.UUID(bytes=bytes(raw)))


@dataclass
class SyncResult:
    """What a sync did, in numbers an officer can read."""

    pushed: int = 0
    applied: int = 0
    conflicts: int = 0
    rejected: int = 0
    held: int = 0
    quarantined: int = 0
    pulled: int = 0
    granted: list[str] = field(default_factory=list)
    resynced: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # revoked, but with changes still to go
    revoked: bool = False  # the administrator took this laptop off the hub
    restored: bool = False  # the hub came back from a backup: what it lost goes again
    resent: int = 0
    restored_first: bool = False  # this sync began by catching up with a restored hub

    def sentence(self) -> str:
        """One line for the officer."""
        if self.restored:
            return ("The team hub was restored from a backup: this laptop's changes since then "
                    f"({self.resent}) are sent again now, and its cases are checked against the "
                    "hub.")
        if self.revoked:
            return (f"This laptop was taken off the team hub by its administrator. "
                    f"{self.quarantined} change(s) still waiting went to the hub for a person "
                    f"to take or dismiss, and {len(self.removed)} case(s) were removed from "
                    "this laptop.")
        parts = [f"sent {self.pushed} change(s)", f"received {self.pulled}"]
        if self.conflicts:
            parts.append(f"{self.conflicts} conflict(s) to resolve")
        if self.rejected:
            parts.append(f"{self.rejected} refused by the hub")
        if self.held:
            parts.append(f"{self.held} held back (an earlier change is missing)")
        if self.quarantined:
            parts.append(f"{self.quarantined} late change(s) passed to the case's new officer")
        if self.granted:
            parts.append(f"new case(s) {', '.join(self.granted)}")
        if self.resynced:
            parts.append(f"brought back in line with the hub: {', '.join(self.resynced)}")
        if self.removed:
            parts.append(f"case(s) moved to another officer and removed from this laptop: "
                         f"{', '.join(self.removed)}")
        if self.kept:
            parts.append(f"case(s) moved away, kept until their changes are sent: "
                         f"{', '.join(self.kept)}")
        said = "Synced: " + "; ".join(parts) + "."
        if self.restored_first:
            said = ("The team hub was restored from a backup: this laptop's "
                    f"{self.resent} change(s) since then went again. " + said)
        return said


def linked(store: RecordStore) -> dict[str, Any] | None:
    """The caseload's hub link, if it has one."""
    link = store.setting(LINK)
    return link if isinstance(link, dict) else None


def link(store: RecordStore, caseload_key: bytes | bytearray, dsn: str, username: str,
         password: str, ca_pem: bytes | None = None) -> dict[str, Any]:
    """Remember the hub for this caseload (the password wrapped, never in plain text; the CA
    that must have signed a remote hub's certificate, kept beside it)."""
    from db.hub import tls

    value = {"dsn": tls.checked_dsn(dsn, ca_pem), "username": username, "device": uuid7(),
             "password": wrap_password(caseload_key, password)}
    if ca_pem is not None:
        value["ca"] = ca_pem.decode("ascii")
        value["ca_fingerprint"] = tls.fingerprint(ca_pem)
    store.set_setting(LINK, value)
    return value


def connect(store: RecordStore, caseload_key: bytes | bytearray, timeout: int = 10) -> Any:
    """A connection to the hub as the officer (UserFacingError when it cannot be reached)."""
    value = linked(store)
    if value is None:
        raise UserFacingError("This caseload is not linked to a hub: give --hub, --username "
                              "and --password-file the first time.")
    return open_connection({**connection_params(store, caseload_key),
                            "connect_timeout": timeout})


@contextmanager
def hub_answers() -> Iterator[None]:
    """A hub that stops answering, or refuses, mid-way is one sentence for a person.

    Whatever was written locally stays and goes at the next sync: an op is kept in the outbox
    until the hub has answered it, and the hub's own transaction made the rest all or nothing.
    """
    import psycopg

    try:
        yield
    except (psycopg.OperationalError, psycopg.InterfaceError):
        raise UserFacingError("The hub stopped answering during the sync; everything stays on "
                              "this laptop and goes at the next sync.") from None
    except psycopg.Error as exc:
        text = (getattr(getattr(exc, "diag", None), "message_primary", None) or "").strip()
        raise UserFacingError(f"The hub refused the sync ({text or 'no reason given'}); "
                              "everything stays on this laptop.") from None


def _local_cases(store: RecordStore) -> set[str]:
    return {r[0] for r in store.db.execute("SELECT DISTINCT crn FROM records WHERE crn IS NOT NULL")}


def materialise(store: RecordStore, allowed: set[str] | None = None) -> int:
    """Turn the records changed since the last push into ops in the outbox (one transaction)."""
    pushed = int(store.setting(PUSHED, 0) or 0)
    high = store.high_water()
    rows = [] if high <= pushed else store.db.execute("SELECT r.type, r.id, r.crn, r.data, b.version, b.data "
                            "FROM records r LEFT JOIN hub_base b ON b.record_type = r.type "
                            "AND b.record_id = r.id WHERE r.seq > ? ORDER BY r.seq, r.rowid",
                            [pushed]).fetchall()
    now = datetime.now().isoformat(timespec="seconds")
    ops = []
    for kind, rid, crn, data, version, base in rows:
        if not crn or (allowed is not None and crn not in allowed):
            continue
        mine = json.loads(data)
        theirs = json.loads(base) if base else {}
        changes = {c["field"]: {"old": c["old"], "new": c["new"]}
                   for c in field_changes(theirs, mine) if c["field"] not in SKIP_FIELDS}
        if base is None:  # a new record: every field, the type and id included
            changes = {k: {"old": None, "new": v} for k, v in mine.items()}
        if not changes:
            continue
        ops.append((uuid7(), kind, rid, crn, "create" if base is None else "update",
                    int(version or 0), json.dumps(changes, ensure_ascii=False), store.actor,
                    now))
    device = (linked(store) or {}).get("device", "")
    with write_transaction(store.db):
        # Documents and audit entries go with the case (append-only, never in conflict).
        extra = [(uuid7(), r["type"], r["id"], r["crn"], "create", 0,
                  json.dumps({k: {"old": None, "new": v} for k, v in r.items()},
                             ensure_ascii=False), store.actor, now)
                 for r in history.outgoing(store, device, allowed)]
        store.db.conn.executemany(
            "INSERT INTO outbox (op_id, record_type, record_id, crn, kind, base_version, "
            "changes, actor, client_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", ops + extra)
        store.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) "
                         "DO UPDATE SET value = excluded.value",
                         [PUSHED, json.dumps(max(high, pushed))])
    return len(ops)


def pending(store: RecordStore) -> list[dict[str, Any]]:
    """Ops not yet answered by the hub, in device order."""
    return [{"op_id": r[0], "device_seq": r[1], "record_type": r[2], "record_id": r[3],
             "crn": r[4], "kind": r[5], "base_version": r[6], "changes": json.loads(r[7]),
             "actor": r[8], "client_time": r[9]}
            for r in store.db.execute(
                "SELECT op_id, device_seq, record_type, record_id, crn, kind, base_version, "
                "changes, actor, client_time FROM outbox WHERE answer IS NULL "
                "ORDER BY device_seq")]


def _store_answers(store: RecordStore, answers: list[dict[str, Any]]) -> None:
    with write_transaction(store.db):
        for answer in answers:
            if answer.get("status") == "held":
                continue  # sent again next time, after the missing one
            store.db.execute("UPDATE outbox SET answer = ? WHERE op_id = ?",
                             [json.dumps(answer), answer["op_id"]])


def _apply_pulled(store: RecordStore, changes: list[protocol.Change]) -> int:
    """Bring the hub's records in, unless this laptop has changes of its own still to go."""
    if not changes:
        return 0
    waiting = {(r[0], r[1]) for r in store.db.execute(
        "SELECT record_type, record_id FROM outbox WHERE answer IS NULL")}
    pushed = int(store.setting(PUSHED, 0) or 0)
    waiting |= {(r[0], r[1]) for r in store.db.execute(
        "SELECT type, id FROM records WHERE seq > ?", [pushed])}
    records, bases, kept = [], [], []
    device = (linked(store) or {}).get("device", "")
    for c in changes:
        bases.append((c.record_type, c.record_id, c.crn, c.version,
                      json.dumps(c.data, ensure_ascii=False, separators=(",", ":"))))
        if c.deleted or (c.record_type, c.record_id) in waiting:
            continue
        if c.record_type in history.TYPES:
            kept.append({**c.data, "type": c.record_type, "id": c.record_id, "crn": c.crn})
            continue
        record = {**c.data, "type": c.record_type, "id": c.record_id}  # the hub's own kind and id
        if check_record(record, 0):
            continue  # not a whole record (yet): kept as the base, never stored as one
        records.append(record)
    with write_transaction(store.db):
        store.db.conn.executemany(
            "INSERT INTO hub_base (record_type, record_id, crn, version, data) VALUES "
            "(?, ?, ?, ?, ?) ON CONFLICT (record_type, record_id) DO UPDATE SET "
            "crn = excluded.crn, version = excluded.version, data = excluded.data", bases)
        for item in kept:
            history.take_in(store, item, device)
        if records:
            store._upsert(records, store.high_water() + 1)  # noqa: SLF001 - the store's own write
        # What came from the hub is not a change to send back.
        store.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) "
                         "DO UPDATE SET value = excluded.value",
                         [PUSHED, json.dumps(max(pushed, store.high_water()))])
    return len(records)




@dataclass
class Outgoing:
    """What a sync sends, read from the caseload (on the thread that owns it)."""

    device: str
    ops: list[dict[str, Any]]
    cursor: int
    granted_before: set[str]
    pushed: int
    versions: dict[str, dict[tuple[str, str], int]] = field(default_factory=dict)
    epoch: str | None = None


@dataclass
class Incoming:
    """What the hub sent back (gathered with no access to the caseload: a worker may do it)."""

    answers: list[dict[str, Any]]
    changes: list[protocol.Change]
    cursor: int
    visible: set[str]
    snapshots: dict[str, list[protocol.Change]]
    conflicts: list[dict[str, Any]]
    resynced: list[str] = field(default_factory=list)
    recommendations: list[dict[str, Any]] = field(default_factory=list)
    team: dict[str, Any] = field(default_factory=dict)
    quarantine: list[dict[str, Any]] = field(default_factory=list)
    revoked: bool = False
    epoch: str | None = None
    restored_after: int | None = None  # the last change of ours the restored hub still has


def _refuse_if_revoked(store: RecordStore) -> None:
    revoked = store.setting(REVOKED)
    if revoked:
        raise UserFacingError(
            f"This laptop was taken off the team hub on {uk_datetime(parse_datetime(revoked))} and its cases "
            "were removed: ask your hub administrator, who can give your cases to another "
            "laptop.")


def prepare(store: RecordStore, visible: set[str] | None = None) -> Outgoing:
    """Take the local changes into the outbox and read what goes (local, quick)."""
    value = linked(store)
    assert value is not None
    _refuse_if_revoked(store)
    granted_before = set(store.setting(GRANTED, []) or [])
    allowed = None if visible is None else visible | granted_before
    pushed = materialise(store, allowed=allowed)
    versions: dict[str, dict[tuple[str, str], int]] = {}
    for record_type, record_id, crn, version in store.db.execute(
            "SELECT record_type, record_id, crn, version FROM hub_base"):
        versions.setdefault(crn, {})[(record_type, record_id)] = int(version)
    return Outgoing(value["device"], pending(store), int(store.setting(CURSOR, 0) or 0),
                    granted_before, pushed, versions, store.setting(EPOCH))


def exchange(conn: Any, out: Outgoing) -> Incoming:
    """Push and pull over the network only (the caseload is not touched here)."""
    if protocol.checkin(conn, out.device).get("revoked"):
        # What waits still goes (into the hub's quarantine); nothing more comes back.
        answers = protocol.push(conn, out.device, out.ops) if out.ops else []
        return Incoming(answers, [], out.cursor, set(), {}, [], revoked=True)
    epoch = protocol.epoch(conn)
    if out.epoch is not None and epoch != out.epoch:
        # Restored from a backup: nothing is sent or taken this time; the laptop first marks
        # its changes the hub no longer has as waiting again, then syncs from the start.
        return Incoming([], [], 0, set(), {}, [], epoch=epoch,
                        restored_after=protocol.last_seq(conn, out.device))
    answers = protocol.push(conn, out.device, out.ops) if out.ops else []
    # A field in conflict was not applied: the laptop shows what the hub holds (its own value
    # waits in the conflict, for a person), so every copy agrees while it is decided.
    disputed = [(op["record_type"], op["record_id"]) for op, a in zip(out.ops, answers,
                                                                     strict=True)
                if a.get("status") == "conflict"]
    changes: list[protocol.Change] = protocol.records(conn, disputed) if disputed else []
    cursor = out.cursor
    while True:
        page, cursor = protocol.pull(conn, cursor)
        changes += page
        if len(page) < 2000:
            break
    visible = protocol.visible_cases(conn)
    snapshots = {crn: protocol.case_snapshot(conn, crn)
                 for crn in sorted(visible - out.granted_before)}
    # What this laptop will believe once the pull is in, case by case, against the hub's hash:
    # a case that disagrees (a lost write, a damaged copy) is brought back whole.
    expected = {crn: dict(v) for crn, v in out.versions.items()}
    for c in changes:
        expected.setdefault(c.crn, {})[(c.record_type, c.record_id)] = c.version
    resynced = []
    for crn, state in protocol.case_hashes(conn).items():
        if crn in snapshots or crn not in out.granted_before:
            continue
        if protocol.state_hash(expected.get(crn, {})) != state:
            snapshots[crn] = protocol.case_snapshot(conn, crn)
            resynced.append(crn)
    conflicts = [c.as_json() for c in protocol.open_conflicts(conn)]
    return Incoming(answers, changes, cursor, visible, snapshots, conflicts, resynced,
                    [r.as_json() for r in team.recommendations(conn)], team.team(conn),
                    team.quarantined(conn), epoch=epoch)


def finish(store: RecordStore, out: Outgoing, got: Incoming) -> SyncResult:
    """Bring the hub's answers and changes into the caseload (local, quick)."""
    result = SyncResult(pushed=out.pushed)
    if got.answers:
        _store_answers(store, got.answers)
    if got.revoked:
        return _leave_hub(store, got, result)
    if got.restored_after is not None:
        return _after_restore(store, got, result)
    for op, a in zip(out.ops, got.answers, strict=True):
        if op["record_type"] in history.TYPES:
            continue  # the case's history goes with it: not counted as the officer's changes
        status_ = a.get("status")
        result.applied += status_ == "applied"
        result.conflicts += status_ == "conflict"
        result.rejected += status_ == "rejected"
        result.held += status_ == "held"
        result.quarantined += status_ == "quarantined"
    result.pulled += _apply_pulled(store, got.changes)
    # A case newly granted arrives whole: its older records changed before the cursor too;
    # a case whose state disagreed with the hub's is taken again whole.
    for crn, changes in got.snapshots.items():
        if crn in got.resynced:
            result.resynced.append(crn)
            keep = {(c.record_type, c.record_id) for c in changes}
            stale = [(t, i) for t, i in store.db.execute(
                "SELECT record_type, record_id FROM hub_base WHERE crn = ?", [crn])
                if (t, i) not in keep]
            with write_transaction(store.db):
                store.db.conn.executemany("DELETE FROM hub_base WHERE record_type = ? AND "
                                          "record_id = ?", stale)
        else:
            result.granted.append(crn)
        result.pulled += _apply_pulled(store, changes)
    local = _local_cases(store)
    waiting = {op["crn"] for op in pending(store)}
    for crn in sorted((out.granted_before & local) - got.visible):
        if crn in waiting:
            result.kept.append(crn)
            continue
        history.purge_case(store, crn)
        result.removed.append(crn)
    with write_transaction(store.db):
        for key, val in ((CURSOR, got.cursor), (GRANTED, sorted(got.visible)),
                         (LAST_SYNC, datetime.now().isoformat(timespec="seconds")),
                         (CONFLICTS, got.conflicts), (COUNTERSIGN, got.recommendations),
                         (TEAM, got.team), (QUARANTINE, got.quarantine),
                         (EPOCH, got.epoch)):
            store.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT "
                             "(key) DO UPDATE SET value = excluded.value",
                             [key, json.dumps(val, ensure_ascii=False)])
    # Counts, not CRNs: a case that moves away must leave no trace in this laptop's trail.
    store.log("sync", detail={"pushed": result.pushed, "pulled": result.pulled,
                              "conflicts": len(got.conflicts), "removed": len(result.removed),
                              "granted": len(result.granted)})
    store.index_for_search()
    return result


def _after_restore(store: RecordStore, got: Incoming, result: SyncResult) -> SyncResult:
    """The hub came back from a backup: every change of this laptop's it no longer has waits
    to go again (same op ids, in the same order: still applied once), and the next pull starts
    from the beginning, so every case is checked against the hub as it now is."""
    with write_transaction(store.db):
        resent = store.db.execute("UPDATE outbox SET answer = NULL WHERE device_seq > ? AND "
                                  "answer IS NOT NULL", [got.restored_after]).rowcount
        for key, val in ((CURSOR, 0), (EPOCH, got.epoch)):
            store.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT "
                             "(key) DO UPDATE SET value = excluded.value",
                             [key, json.dumps(val)])
    result.restored = True
    result.resent = int(resent or 0)
    store.log("sync", detail={"restored": True, "resent": result.resent})
    return result


def _leave_hub(store: RecordStore, got: Incoming, result: SyncResult) -> SyncResult:
    """A revoked laptop: every case goes, with the purge a transfer uses, and it says so."""
    result.revoked = True
    result.quarantined = sum(a.get("status") == "quarantined" for a in got.answers)
    for crn in sorted(_local_cases(store)):
        history.purge_case(store, crn)
        result.removed.append(crn)
    with write_transaction(store.db):
        store.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) "
                         "DO UPDATE SET value = excluded.value",
                         [REVOKED, json.dumps(datetime.now().isoformat(timespec="seconds"))])
    store.log("sync", detail={"revoked": True, "removed": len(result.removed)})
    store.index_for_search()
    return result


def sync(store: RecordStore, conn: Any) -> SyncResult:
    """One full sync over an open hub connection (the command line's way, on one thread)."""
    out = prepare(store, protocol.visible_cases(conn))
    result = finish(store, out, exchange(conn, out))
    if result.restored:  # a second round sends what the restored hub lost, and takes it in
        first = result
        again = prepare(store, protocol.visible_cases(conn))
        result = finish(store, again, exchange(conn, again))
        result.restored_first, result.resent = True, first.resent
        result.pushed += first.pushed  # taken into the outbox by the first round
    return result


def status(store: RecordStore) -> dict[str, Any]:
    """``sync --status --json``: pending ops, last sync, open conflicts (as last seen)."""
    pushed = int(store.setting(PUSHED, 0) or 0)
    changed = store.db.execute("SELECT count(*) FROM records WHERE seq > ?",
                               [pushed]).fetchone()[0]
    waiting = store.db.execute("SELECT count(*) FROM outbox WHERE answer IS NULL").fetchone()[0]
    return {"pending": int(changed) + int(waiting), "last_sync": store.setting(LAST_SYNC),
            "conflicts": len(store.setting(CONFLICTS, []) or [])}


def connection_params(store: RecordStore, caseload_key: bytes | bytearray) -> dict[str, Any]:
    """What a worker needs to reach the hub as the officer (read on the caseload's thread)."""
    from psycopg.conninfo import conninfo_to_dict

    from db.hub.admin import DEFAULT_DATABASE, login_role

    value = linked(store)
    if value is None:
        raise UserFacingError("This caseload is not linked to a team hub.")
    _refuse_if_revoked(store)
    database = str(conninfo_to_dict(value["dsn"]).get("dbname") or "")
    params = {"conninfo": value["dsn"],
              "user": login_role(value["username"], database or DEFAULT_DATABASE),
              "password": unwrap_password(caseload_key, value["password"]), "connect_timeout": 10}
    if value.get("ca"):
        params["ca_pem"] = value["ca"]
        params["ca_fingerprint"] = value.get("ca_fingerprint", "")
    return params


def open_connection(params: dict[str, Any]) -> Any:
    """Connect with ``connection_params`` (in a worker: no access to the caseload).

    With a CA, the hub's certificate is checked against it and its name against the address
    (``verify-full``) before the password is sent; the CA is handed to libpq in a private file
    that lives only while the connection is made.
    """
    import psycopg

    params = dict(params)
    ca_pem = params.pop("ca_pem", None)
    pinned = params.pop("ca_fingerprint", "")
    ca_file = None
    try:
        if ca_pem:
            fd, ca_file = tempfile.mkstemp(prefix="officer-desk-ca-", suffix=".pem")
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(ca_pem)
            params.update(sslmode="verify-full", sslrootcert=ca_file)
        return psycopg.connect(**params)
    except psycopg.OperationalError as exc:
        text = str(exc).strip()
        if ca_pem and ("certificate" in text or "SSL" in text or "server name" in text):
            raise UserFacingError(
                "The hub's certificate was not signed by the CA this laptop was linked with "
                f"({pinned}), or is not for this address: nothing was sent. Ask the hub's "
                "administrator; if the hub's CA changed on purpose, link again with the new "
                "--ca-file.") from None
        raise UserFacingError(unreachable(text, params)) from None
    finally:
        if ca_file is not None:
            os.unlink(ca_file)


def unreachable(driver_text: str, params: dict[str, Any]) -> str:
    """Why the hub could not be reached, in the officer's words (the driver's own text names
    sockets and libraries, and is no use to a person on a home visit)."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        where = conninfo_to_dict(params.get("conninfo", ""))
    except Exception:  # noqa: BLE001 - only to name the address
        where = {}
    address = f"{where.get('host', 'the hub')}:{where.get('port', '5432')}"
    text = driver_text.lower()
    if "password authentication failed" in text or "no password supplied" in text:
        why = ("the hub did not accept your username and password: ask your hub administrator "
               "for a new password, then link again")
    elif "permission denied for database" in text or "not permitted to log in" in text:
        why = "your login is not allowed on this hub any more: ask your hub administrator"
    elif "could not translate host name" in text or "name or service not known" in text:
        why = f"the hub's address ({where.get('host', '?')}) is not known on this network"
    elif "timeout" in text or "timed out" in text:
        why = f"the hub at {address} did not answer in time (no network, or a firewall)"
    elif "refused" in text:
        why = f"nothing is answering at {address}: the hub may be stopped"
    elif "too many" in text:
        why = "the hub is busy: try again in a minute"
    else:
        why = f"the hub at {address} cannot be reached"
    return f"Not synced: {why}. Everything stays on this laptop and goes at the next sync."


def resolve_op(store: RecordStore, conflict: dict[str, Any], keep: str) -> dict[str, Any] | None:
    """Keeping mine is a new op on the field, against the hub's version as last seen here."""
    if keep != "mine" or conflict["field"] == "*":
        return None
    row = store.db.execute("SELECT version FROM hub_base WHERE record_type = ? AND "
                           "record_id = ?", [conflict["record_type"], conflict["record_id"]]
                           ).fetchone()
    with write_transaction(store.db):
        cur = store.db.execute(
            "INSERT INTO outbox (op_id, record_type, record_id, crn, kind, base_version, "
            "changes, actor, client_time) VALUES (?, ?, ?, ?, 'resolve', ?, ?, ?, ?)",
            [uuid7(), conflict["record_type"], conflict["record_id"], conflict["crn"],
             int(row[0]) if row else 0,
             json.dumps({conflict["field"]: {"old": conflict["theirs"],
                                             "new": conflict["mine"]}}),
             store.actor, datetime.now().isoformat(timespec="seconds")])
        seq = cur.lastrowid
    return next(o for o in pending(store) if o["device_seq"] == seq)


def record_resolution(store: RecordStore, conflict: dict[str, Any], keep: str,
                      answer: dict[str, Any] | None) -> None:
    """Keep the hub's answer and audit the decision."""
    if answer is not None:
        _store_answers(store, [answer])
    store.log("resolve_conflict", crn=conflict["crn"], record_type=conflict["record_type"],
              record_id=conflict["record_id"], detail={"conflict": conflict["id"],
                                                       "field": conflict["field"],
                                                       "kept": keep})


def resolve(store: RecordStore, conn: Any, conflict_id: int, keep: str) -> None:
    """A person's decision on a conflict, as a new op (audited); then the hub's state is pulled."""
    found = {c.id: c for c in protocol.open_conflicts(conn)}
    conflict = found.get(conflict_id)
    if conflict is None:
        raise UserFacingError(f"There is no open conflict {conflict_id}: "
                              "'officer-desk conflicts' lists them.")
    value = linked(store)
    assert value is not None
    op = None
    if keep == "mine" and conflict.field != "*":
        row = conn.execute("SELECT version FROM hub.records WHERE record_type = %s AND "
                           "record_id = %s", [conflict.record_type, conflict.record_id]
                           ).fetchone()
        conn.commit()
        with write_transaction(store.db):
            cur = store.db.execute("INSERT INTO outbox (op_id, record_type, record_id, crn, "
                                   "kind, base_version, changes, actor, client_time) VALUES "
                                   "(?, ?, ?, ?, 'resolve', ?, ?, ?, ?)",
                                   [uuid7(), conflict.record_type, conflict.record_id,
                                    conflict.crn, int(row[0]) if row else 0,
                                    json.dumps({conflict.field: {"old": conflict.theirs,
                                                                 "new": conflict.mine}}),
                                    store.actor, datetime.now().isoformat(timespec="seconds")])
            seq = cur.lastrowid
        op = next(o for o in pending(store) if o["device_seq"] == seq)
    answer = protocol.resolve(conn, value["device"], conflict, keep, op)
    if answer is not None:
        _store_answers(store, [answer])
    store.log("resolve_conflict", crn=conflict.crn, record_type=conflict.record_type,
              record_id=conflict.record_id, detail={"conflict": conflict_id, "field":
                                                    conflict.field, "kept": keep})
    sync(store, conn)
