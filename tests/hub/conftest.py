"""A real PostgreSQL hub for the tests: the embedded server, started once for the session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from db import caseload_file
from db.hub import admin
from db.hub import sync as engine
from db.hub.schema import migrate
from db.hub.server import DATABASE, EmbeddedHub, free_port
from tests.helpers.fakes import FAST_KDF

PASSWORD = "correct horse battery staple"
TEAM = [("alice", "PO", "CDF1"), ("sam", "SPO", "CDF1"), ("bob", "PO", "SWA1"),
        ("aco", "ACO", "WALES")]


@pytest.fixture(scope="session")
def hub(tmp_path_factory) -> Iterator[EmbeddedHub]:
    folder = tmp_path_factory.mktemp("hub")
    folder.chmod(0o755)  # the server runs as its own system user when the tests run as root
    server = EmbeddedHub(Path(folder))
    server.init(free_port())
    server.start()
    try:
        with psycopg.connect(server.owner_dsn("postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {DATABASE}")
        with psycopg.connect(server.owner_dsn()) as conn:
            migrate(conn)
            for username, grade, team in TEAM:
                admin.add_staff(conn, username, grade, team, PASSWORD)
            admin.allocate(conn, "X111111", "alice")
            admin.allocate(conn, "Y222222", "bob")
            with conn.transaction():
                for rid, crn in (("p1", "X111111"), ("p2", "Y222222")):
                    person = {"type": "person", "id": rid, "crn": crn,
                              "given_name": "Siân", "family_name": "Ó Briain"}
                    conn.execute("INSERT INTO hub.records (record_type, record_id, crn, data, "
                                 "changed) VALUES ('person', %s, %s, %s, 0)",
                                 [rid, crn, psycopg.types.json.Jsonb(person)])
        yield server
    finally:
        server.stop()


@pytest.fixture
def owner(hub: EmbeddedHub) -> Iterator[psycopg.Connection]:
    with psycopg.connect(hub.owner_dsn()) as conn:
        yield conn


def signed_in(hub: EmbeddedHub, username: str) -> psycopg.Connection:
    """A connection as the officer's own login role, over TCP with their password."""
    return psycopg.connect(hub.dsn(), user=admin.login_role(username), password=PASSWORD)


KEYRING_PASSPHRASE = "laptop passphrase for the tests"


class Laptop:
    """One officer's encrypted caseload, linked to the hub as that officer."""

    def __init__(self, root: Path, hub, username: str) -> None:
        self.opened, _ = caseload_file.create(root, KEYRING_PASSPHRASE, cost=FAST_KDF,
                                              recovery_cost=FAST_KDF)
        self.store = self.opened.store
        engine.link(self.store, self.opened.key, hub.dsn(), username, PASSWORD)

    def sync(self) -> engine.SyncResult:
        conn = engine.connect(self.store, self.opened.key)
        try:
            result = engine.sync(self.store, conn)
        finally:
            conn.close()
        self.opened.forget_cases(result.removed)  # as the command line and the desktop do
        return result

    def record(self, kind: str, rid: str) -> dict | None:
        return self.store.record(kind, rid)

    def crns(self) -> set[str]:
        return {r[0] for r in self.store.db.execute("SELECT DISTINCT crn FROM records")}


@pytest.fixture
def laptops(hub, tmp_path):
    made = []

    def make(username: str) -> Laptop:
        laptop = Laptop(tmp_path / username, hub, username)
        made.append(laptop)
        return laptop

    yield make
    for laptop in made:
        laptop.opened.lock()


def connected(laptop: Laptop):
    """The laptop's own hub connection (closed by the caller's ``with``)."""
    return engine.connect(laptop.store, laptop.opened.key)


def ensure_staff(owner: psycopg.Connection, username: str, grade: str = "PO",
                 team_code: str = "CDF1") -> None:
    """A member of staff of the tests' own (the shared hub keeps the others' cases as they are)."""
    if username not in {s.username for s in admin.staff_list(owner)}:
        admin.add_staff(owner, username, grade, team_code, PASSWORD)
    owner.commit()
