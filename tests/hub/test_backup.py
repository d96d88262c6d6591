"""`officer-desk hub backup` and `hub restore`: a sealed file that opens only whole and with its
password, and a hub restored into a new folder that serves the same laptop with nothing lost."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import psycopg
import pytest

from db.hub.backup import DAMAGED, WRONG, Sealer, unseal
from db.hub.server import EmbeddedHub, free_port
from officer_desk import services
from officer_desk.cli import main
from officer_desk.errors import UserFacingError
from tests.hub.conftest import PASSWORD, Laptop

BACKUP_PASSWORD = "a long backup password"


def _sealed(plain: bytes, chunk: int = 64) -> bytes:
    fh = io.BytesIO()
    sealer = Sealer(fh, BACKUP_PASSWORD, chunk=chunk)
    sealer.write(plain[:100])
    sealer.write(plain[100:])
    sealer.close()
    return fh.getvalue()


def _open(data: bytes, password: str = BACKUP_PASSWORD) -> bytes:
    return b"".join(unseal(io.BytesIO(data), password))


def _chunks(data: bytes) -> tuple[bytes, list[bytes]]:
    """The header and each chunk (with its length) of a sealed file."""
    at = len(b"OFFICER-DESK-HUB-BACKUP\n") + 1
    (n,) = struct.unpack(">I", data[at:at + 4])
    at += 4 + n
    head, chunks = data[:at], []
    while at < len(data):
        (n,) = struct.unpack(">I", data[at:at + 4])
        chunks.append(data[at:at + 4 + n])
        at += 4 + n
    return head, chunks


def test_a_sealed_file_opens_only_whole_in_order_and_with_its_password() -> None:
    plain = bytes(range(256)) * 4
    data = _sealed(plain)
    assert _open(data) == plain
    assert plain[:64] not in data
    head, chunks = _chunks(data)
    assert len(chunks) == 16  # 1024 bytes in chunks of 64: the last one full, and marked last
    with pytest.raises(UserFacingError, match="password is wrong"):
        _open(data, "another long password")
    flipped = bytearray(data)
    flipped[len(head) + 4 * 64] ^= 1
    cases = {
        "a byte changed": bytes(flipped),
        "the last chunk dropped": head + b"".join(chunks[:-1]),
        "two chunks swapped": head + chunks[1] + chunks[0] + b"".join(chunks[2:]),
        "a chunk added after the last": data + chunks[3],
        "another scrypt cost": data.replace(b'"n": 131072', b'"n": 262144'),
    }
    for name, damaged in cases.items():
        with pytest.raises(UserFacingError) as caught:
            _open(damaged)
        assert str(caught.value) in (WRONG, DAMAGED), name
    with pytest.raises(UserFacingError, match="not an Officer Desk hub backup"):
        _open(b"PGDMP" + data[5:])
    with pytest.raises(UserFacingError, match="cut short"):
        _open(data[:-3])
    empty = io.BytesIO()
    Sealer(empty, BACKUP_PASSWORD).close()
    assert _open(empty.getvalue()) == b""


def _event(laptop: Laptop, eid: str) -> None:
    person = ([] if laptop.record("person", "p-x") else [
        '{"type": "person", "id": "p-x", "crn": "X123456", "given_name": "Siân", '
        '"family_name": "Ó Briain"}'])
    services.import_lines(laptop.store, [
        '{"type": "header", "format": "officer-desk-exchange", "schema_version": 1}', *person,
        f'{{"type": "event", "id": "{eid}", "crn": "X123456", "kind": "community_order"}}'],
        "test")


def _hub(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["hub", *args])
    got = capsys.readouterr()
    return code, got.out, got.err


class Team:
    """A hub of the test's own in ``tmp_path/old`` with one officer, her case and her laptop
    (a real encrypted caseload), synced once with one event."""

    def __init__(self, tmp_path: Path, capsys) -> None:
        tmp_path.chmod(0o755)  # the server runs as its own system user when run as root
        self.capsys, self.port = capsys, free_port()
        self.old, self.new = tmp_path / "old", tmp_path / "new"
        self.secret, self.backup_secret = tmp_path / "pw.txt", tmp_path / "backup-pw.txt"
        self.secret.write_text(PASSWORD + "\n", encoding="utf-8")
        self.backup_secret.write_text(BACKUP_PASSWORD + "\n", encoding="utf-8")
        self.file = tmp_path / "hub.backup"
        code, out, err = self.hub("up", "--dir", str(self.old), "--port", str(self.port))
        assert code == 0, err
        self.hub("staff", "add", "--dir", str(self.old), "--username", "rhian", "--grade", "PO",
                 "--team", "CDF1", "--password-file", str(self.secret))
        self.hub("allocate", "--dir", str(self.old), "--crn", "X123456", "--username", "rhian")
        self.laptop = Laptop(tmp_path / "rhian", EmbeddedHub(self.old), "rhian")
        _event(self.laptop, "ev-1")
        assert self.laptop.sync().pushed == 2  # the person and the event

    def hub(self, *args: str) -> tuple[int, str, str]:
        return _hub(self.capsys, *args)

    def back_up(self) -> str:
        code, out, err = self.hub("backup", "--dir", str(self.old), "--out", str(self.file),
                                  "--password-file", str(self.backup_secret))
        assert code == 0, err
        return out

    def restore(self, folder: Path) -> tuple[int, str, str]:
        return self.hub("restore", "--dir", str(folder), "--file", str(self.file),
                        "--password-file", str(self.backup_secret))

    def close(self) -> None:
        self.laptop.opened.lock()
        for folder in (self.old, self.new):
            if folder.exists():
                EmbeddedHub(folder).stop()


def _on_hub(folder: Path, sql: str) -> list[tuple]:
    with psycopg.connect(EmbeddedHub(folder).owner_dsn()) as conn:
        return conn.execute(sql).fetchall()


def test_a_restored_hub_serves_the_same_laptop_with_nothing_lost(tmp_path, capsys) -> None:
    team = Team(tmp_path, capsys)
    try:
        said = team.back_up()
        assert "1 staff, 1 login(s) with their passwords" in said
        assert team.file.stat().st_mode & 0o777 == 0o600
        sealed = team.file.read_bytes()
        for clear in (b"X123456", b"ev-1", b"od_rhian", b"SCRAM-SHA-256", b"PGDMP"):
            assert clear not in sealed  # nothing of the hub in clear, not even the dump's magic
        code, out, _ = team.hub("status", "--dir", str(team.old))
        assert code == 0 and "Last backup: 20" in out
        _event(team.laptop, "ev-2")  # written on the laptop after the backup, not yet sent
        before = _on_hub(team.old, "SELECT record_type, record_id, version FROM hub.records")
    finally:
        team.hub("down", "--dir", str(team.old))
    try:
        # A wrong password, or one changed byte, changes nothing: no hub is even made.
        wrong = tmp_path / "wrong.txt"
        wrong.write_text("not the backup password\n", encoding="utf-8")
        code, _, err = team.hub("restore", "--dir", str(tmp_path / "third"), "--file",
                                str(team.file), "--password-file", str(wrong))
        assert code == 1 and "password is wrong" in err and "Traceback" not in err
        changed = bytearray(sealed)
        changed[len(changed) // 2] ^= 0x40
        (tmp_path / "changed.backup").write_bytes(bytes(changed))
        code, _, err = team.hub("restore", "--dir", str(tmp_path / "third"), "--file",
                                str(tmp_path / "changed.backup"), "--password-file",
                                str(team.backup_secret))
        assert code == 1 and "nothing was changed" in err
        assert not (tmp_path / "third").exists()

        code, out, err = team.restore(team.new)  # a new folder, on the old hub's port
        assert code == 0, err
        assert f"dsn: postgresql://127.0.0.1:{team.port}/officer_desk_hub" in out
        assert "1 staff" in out
        after = _on_hub(team.new, "SELECT record_type, record_id, version FROM hub.records")
        assert sorted(after) == sorted(before)
        code, _, err = team.restore(team.new)
        assert code == 1 and "already holds a hub" in err

        # The laptop, still linked to the same address, signs in with its own password and
        # sends what it wrote since; nothing goes twice.
        result = team.laptop.sync()
        assert result.pushed == 1 and result.applied == 1 and result.rejected == 0
        assert result.removed == []
        again = team.laptop.sync()
        assert again.pushed == 0
        events = _on_hub(team.new, "SELECT record_id, count(*) FROM hub.records "
                                   "WHERE record_type = 'event' GROUP BY record_id")
        assert sorted(events) == [("ev-1", 1), ("ev-2", 1)]
        [(applied,)] = _on_hub(team.new, "SELECT count(*) FROM hub.applied_op")
        answered = team.laptop.store.db.execute(
            "SELECT count(*) FROM outbox WHERE answer IS NOT NULL").fetchone()[0]
        assert applied == answered  # each of the laptop's ops applied once, none lost
        assert engine_pending(team.laptop) == 0
    finally:
        team.close()


def engine_pending(laptop: Laptop) -> int:
    from db.hub import sync as engine

    return int(engine.status(laptop.store)["pending"])


def test_work_the_restore_lost_is_sent_again_from_the_laptop_that_has_it(tmp_path,
                                                                         capsys) -> None:
    team = Team(tmp_path, capsys)
    laptop = team.laptop
    try:
        team.back_up()
        _event(laptop, "ev-after")
        laptop.store.save([dict(laptop.record("person", "p-x"), given_name="Siwan")])
        assert laptop.sync().pushed == 2  # on the hub after the backup: the restore loses them
    finally:
        team.hub("down", "--dir", str(team.old))
    try:
        code, _, err = team.restore(team.new)
        assert code == 0, err
        laptop.sync()
        _event(laptop, "ev-new")
        later = laptop.sync()
        assert later.held == 0 and later.applied == 1  # not held behind the lost hub's answers
        assert laptop.record("person", "p-x")["given_name"] == "Siwan"  # its own, kept ...
        on_hub = _on_hub(team.new, "SELECT record_id, data->>'given_name' FROM hub.records "
                                   "WHERE record_type IN ('event', 'person')")
        assert sorted(on_hub) == [("ev-1", None), ("ev-after", None), ("ev-new", None),
                                  ("p-x", "Siwan")]  # ... and sent again
    finally:
        team.close()
