"""A demo team in one command: a hub, two officers, their SPO and an ACO, the caseload split.

Each officer gets an encrypted caseload of their own people, linked to the hub and synced; the
SPO's and the ACO's caseloads are linked too and bring the whole team's cases (a recall can be
countersigned by both). Passphrases and hub passwords
are written owner-only beside each caseload, for a demo only.

Part of the composition root: storage and the hub are driven here with the domain's demo
records; ``db`` builds no demo data.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime
from pathlib import Path

import psycopg

from db import caseload_file
from db.hub import admin
from db.hub import sync as engine
from db.hub.schema import migrate
from db.hub.server import DATABASE, DEFAULT_PORT, EmbeddedHub, free_port
from db.private_files import write_private_bytes
from officer_desk.demo import demo_records
from officer_desk.exchange import HEADER, sort_records, uk_now
from officer_desk.services import import_lines

TEAM = (("rhian", "PO", "Rhian Evans"), ("dafydd", "PO", "Dafydd Morgan"),
        ("sam", "SPO", "Sam Hughes"), ("alex", "ACO", "Alex Pritchard"))
TEAM_CODE = "CDF1"


def _secret(words: int = 4) -> str:
    pool = ["amber", "bridge", "cobalt", "delta", "ember", "fjord", "granite", "harbour",
            "indigo", "juniper", "kestrel", "lantern", "meadow", "nettle", "orchard"]
    return "-".join(secrets.choice(pool) for _ in range(words))


def team_demo(folder: Path, now: datetime | None = None) -> list[str]:
    """Build the demo team in ``folder``; the lines telling the reader how to open each desk.

    ``now`` is the moment the team is made (without it, the earlier of the clock's and UK
    time, as the file's times are UK time): the demo's work is before it, so the import's
    check that nothing is decided or signed ahead of its time holds at any hour.
    """
    now = now or min(datetime.now(), uk_now())
    today = now.date()
    folder.mkdir(parents=True, exist_ok=True)
    hub = EmbeddedHub(folder / "hub")
    if not hub.initialised():
        hub.init(DEFAULT_PORT if not _taken(DEFAULT_PORT) else free_port())
    hub.start()
    with psycopg.connect(hub.owner_dsn("postgres"), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                            [DATABASE]).fetchone():
            conn.execute(f"CREATE DATABASE {DATABASE}")
        hub.close_system_databases(conn)
    records = sort_records(demo_records(today, now=now))
    people = [r["crn"] for r in records if r["type"] == "person"]
    event_crn = {r["id"]: r["crn"] for r in records if r["type"] == "event"}
    officers = [u for u, grade, _ in TEAM if grade == "PO"]
    holder = {crn: officers[n % len(officers)] for n, crn in enumerate(people)}
    passwords = {u: _secret(5) for u, _, _ in TEAM}
    with psycopg.connect(hub.owner_dsn()) as conn:
        migrate(conn)
        existing = {s.username for s in admin.staff_list(conn)}
        for username, grade, name in TEAM:
            if username in existing:
                raise ValueError(f"{folder} already holds a demo team; start from an empty "
                                 "folder.")
            admin.add_staff(conn, username, grade, TEAM_CODE, passwords[username],
                            full_name=name, phone="029 2000 0000",
                            email=f"{username}@probation.example.gov.uk")
        for crn, username in holder.items():
            admin.allocate(conn, crn, username, on=today)
        conn.commit()
    lines = []
    for username, grade, name in TEAM:
        root = folder / username
        passphrase = _secret()
        opened, _code = caseload_file.create(root, passphrase)
        try:
            opened.store.set_setting("officer_name", name)
            mine = [r for r in records if _crn(r, event_crn) is not None
                    and holder.get(_crn(r, event_crn)) == username]
            if mine:
                import_lines(opened.store, [json.dumps(HEADER)] + [
                    json.dumps(r, ensure_ascii=False) for r in mine], "demo caseload")
            engine.link(opened.store, opened.key, hub.dsn(), username, passwords[username])
            conn = engine.connect(opened.store, opened.key)
            try:
                result = engine.sync(opened.store, conn)
            finally:
                conn.close()
        finally:
            opened.lock()
        write_private_bytes(root / "passphrase.txt", (passphrase + "\n").encode(), "The file")
        write_private_bytes(root / "hub-password.txt", (passwords[username] + "\n").encode(),
                            "The file")
        cases = len(result.granted)
        lines.append(f"{name} ({grade}, {cases} cases): officer-desk --data-dir {root} "
                     f"--passphrase-file {root / 'passphrase.txt'}")
    lines.append(f"Hub: {hub.dsn()} (stop it with: officer-desk hub down --dir {hub.folder})")
    return lines


def _crn(record: dict, event_crn: dict[str, str]) -> str | None:
    if "crn" in record:
        return record["crn"]
    return event_crn.get(record.get("event_id", ""))


def _taken(port: int) -> bool:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        return s.connect_ex(("127.0.0.1", port)) == 0
