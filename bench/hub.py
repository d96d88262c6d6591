"""The team hub's figures, against a real embedded PostgreSQL started for the run.

Initial pull of a 60-case caseload with its whole history; 1,000 ops pushed and pulled; 20
laptops syncing at once (every op applied exactly once); and the cost of row-level security:
the same read as the owner and as an officer, as a ratio.
"""

from __future__ import annotations

import statistics
import tempfile
import threading
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import psycopg

from bench.data import caseload_records
from db.hub import admin, protocol
from db.hub.schema import migrate
from db.hub.server import DATABASE, EmbeddedHub, free_port
from officer_desk.exchange import sort_records

PASSWORD = "benchmark hub password"
TODAY = date(2026, 11, 24)


def _ops(records: list[dict[str, Any]], crn_of: dict[str, str], device: str) -> list[dict]:
    ops = []
    for n, r in enumerate(records, start=1):
        crn = r.get("crn") or crn_of.get(r.get("event_id", ""), "")
        ops.append({"op_id": str(uuid.uuid4()), "device_seq": n, "record_type": r["type"],
                    "record_id": r["id"], "crn": crn, "kind": "create", "base_version": 0,
                    "changes": {k: {"old": None, "new": v} for k, v in r.items()},
                    "actor": device, "client_time": "2026-11-24T10:00"})
    return ops


def run(report: Any) -> None:
    """Add the hub's figures to the report."""
    folder = Path(tempfile.mkdtemp(prefix="officer-desk-hub-bench-"))
    folder.chmod(0o755)
    hub = EmbeddedHub(folder / "hub")
    hub.init(free_port())
    hub.start()
    try:
        with psycopg.connect(hub.owner_dsn("postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {DATABASE}")
        records = sort_records(caseload_records("officer", TODAY))
        people = [r["crn"] for r in records if r["type"] == "person"][:60]
        crn_of = {r["id"]: r["crn"] for r in records if r["type"] == "event"}
        chosen = set(people)
        mine = [r for r in records if (r.get("crn") or crn_of.get(r.get("event_id", "")))
                in chosen]
        with psycopg.connect(hub.owner_dsn()) as conn:
            migrate(conn)
            admin.add_staff(conn, "officer", "PO", "T1", PASSWORD)
            for n in range(20):
                admin.add_staff(conn, f"laptop{n}", "PO", "T2", PASSWORD)
            for crn in people:
                admin.allocate(conn, crn, "officer")
            conn.commit()

        def signed_in(user: str) -> Any:
            return psycopg.connect(hub.dsn(), user=admin.login_role(user), password=PASSWORD)

        # The caseload goes up once (its own figure: 1,000 ops), then a fresh laptop pulls it.
        with signed_in("officer") as conn:
            ops = _ops(mine, crn_of, "seed")
            started = time.perf_counter()
            protocol.push(conn, "seed", ops[:1000])
            report.plain("hub: push 1,000 ops (one transaction, per-op answers)",
                         time.perf_counter() - started, "s", 1.0)
            before_rest = protocol.counter(conn)  # every change ticks it, not only records'
            protocol.push(conn, "seed", ops[1000:])
        with signed_in("officer") as conn:
            started = time.perf_counter()
            changes, _ = protocol.pull(conn, before_rest, limit=1000)
            report.plain("hub: pull 1,000 changes", time.perf_counter() - started, "s", 1.0)
            assert len(changes) == 1000
        with signed_in("officer") as conn:
            started = time.perf_counter()
            total = 0
            for crn in sorted(protocol.visible_cases(conn)):
                total += len(protocol.case_snapshot(conn, crn))
            report.plain(f"hub: initial pull of a 60-case caseload ({total} records, whole "
                         "history)", time.perf_counter() - started, "s", 2.0)

        # Twenty laptops at once, each with 100 ops on its own case.
        with psycopg.connect(hub.owner_dsn()) as conn:
            for n in range(20):
                admin.allocate(conn, f"Z{n:06d}", f"laptop{n}")
            conn.commit()
        errors: list[BaseException] = []

        def laptop(n: int) -> None:
            try:
                with signed_in(f"laptop{n}") as conn:
                    batch = [{"op_id": str(uuid.uuid4()), "device_seq": k + 1,
                              "record_type": "contact", "record_id": f"l{n}-{k}",
                              "crn": f"Z{n:06d}", "kind": "create", "base_version": 0,
                              "changes": {"summary": {"old": None, "new": f"Call {k}"}},
                              "actor": "bench", "client_time": "2026-11-24T10:00"}
                             for k in range(100)]
                    answers = protocol.push(conn, f"laptop{n}", batch)
                    assert all(a["status"] == "applied" for a in answers)
            except BaseException as exc:  # noqa: BLE001 - counted below
                errors.append(exc)

        started = time.perf_counter()
        threads = [threading.Thread(target=laptop, args=(n,)) for n in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.perf_counter() - started
        with psycopg.connect(hub.owner_dsn()) as conn:
            applied = conn.execute("SELECT count(*) FROM hub.applied_op WHERE device LIKE "
                                   "'laptop%'").fetchone()[0]
        assert not errors and applied == 2000, (errors[:1], applied)
        report.plain("hub: 20 laptops syncing at once (2,000 ops, each applied once)", took,
                     "s", 10.0)

        # Row-level security: the same read as the owner and as the officer.
        def read(dsn_user: str | None) -> float:
            conn = (psycopg.connect(hub.owner_dsn()) if dsn_user is None
                    else signed_in(dsn_user))
            with conn:
                times = []
                for _ in range(5):
                    started = time.perf_counter()
                    conn.execute("SELECT data FROM hub.records WHERE crn = ANY(%s)",
                                 [sorted(chosen)]).fetchall()
                    times.append(time.perf_counter() - started)
            return statistics.median(times)

        report.against_floor("hub: read a 60-case caseload as the officer (floor: as the "
                             "owner, no row-level security)", read("officer"), read(None), 1.5)
    finally:
        hub.stop()

