"""SIGKILL during passwd, recover and rekey: the caseload always opens and nothing is lost.

In particular the recovery code is never lost: until the officer confirms a new code, the
code they already hold keeps working, whenever the kill came.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.records import event, person, write_jsonl

KILLS = int(os.environ.get("OFFICER_DESK_KEY_KILL_RUNS", "8"))
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
ENV = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")


def _secret(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return path


@pytest.fixture
def stocked(cli, tmp_path):
    init = cli.run("init", check=True)
    code = re.search(r"([A-Z0-9]{4}(?:-[A-Z0-9]{4}){5})", init.stdout).group(1)
    records = []
    for i in range(2000):
        crn = f"A{i:06d}"
        records += [person(crn, f"p-{crn}", notes="n" * 200), event(f"e-{crn}", crn)]
    cli.run("import", str(write_jsonl(tmp_path / "in.jsonl", records)), check=True)
    cli.run("backup", check=True)
    return cli, _secret(tmp_path, "code.txt", code)


def _kill_after(args: list[str], delay: float) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "officer_desk", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def _records(cli, passphrase: Path, tmp_path: Path) -> int | None:
    out = tmp_path / "count.jsonl"
    proc = subprocess.run([sys.executable, "-m", "officer_desk", "export", "--out", str(out),
                           "--data-dir", str(cli.data_dir), "--passphrase-file", str(passphrase)],
                          capture_output=True, text=True, env=ENV, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    if proc.returncode != 0:
        return None
    return len(out.read_text(encoding="utf-8").splitlines()) - 1


def test_kills_during_recover_never_lose_the_code_or_the_records(stocked, tmp_path) -> None:
    cli, code = stocked
    rng = random.Random(11)
    for n in range(KILLS):
        new = _secret(tmp_path, f"p{n}.txt", f"a new passphrase number {n}")
        _kill_after(["recover", "--data-dir", str(cli.data_dir), "--recovery-code-file",
                     str(code), "--new-passphrase-file", str(new)], rng.uniform(0.3, 3.0))
        # The code the officer holds still works, and finishes whatever the kill cut short.
        final = _secret(tmp_path, f"f{n}.txt", f"the final passphrase {n}")
        proc = cli.run("recover", "--recovery-code-file", str(code), "--new-passphrase-file",
                       str(final), with_passphrase=False)
        assert proc.returncode == 0, proc.stderr
        assert _records(cli, final, tmp_path) == 4000
        assert not list(cli.data_dir.glob(".*rekeying*"))


def test_kills_during_passwd_leave_one_of_the_two_passphrases(stocked, tmp_path) -> None:
    cli, _code = stocked
    rng = random.Random(12)
    current = cli.passphrase_file
    for n in range(KILLS):
        new = _secret(tmp_path, f"p{n}.txt", f"another passphrase number {n}")
        _kill_after(["passwd", "--data-dir", str(cli.data_dir), "--passphrase-file",
                     str(current), "--new-passphrase-file", str(new)], rng.uniform(0.2, 1.5))
        counts = {p: _records(cli, p, tmp_path) for p in (current, new)}
        opened_with = [p for p, c in counts.items() if c is not None]
        assert len(opened_with) == 1, counts
        assert counts[opened_with[0]] == 4000
        current = opened_with[0]


def test_kills_during_rekey_roll_forward(stocked, tmp_path) -> None:
    cli, code = stocked
    rng = random.Random(13)
    for _ in range(KILLS):
        _kill_after(["rekey", "--data-dir", str(cli.data_dir), "--passphrase-file",
                     str(cli.passphrase_file), "--recovery-code-file", str(code)],
                    rng.uniform(0.3, 2.5))
        assert _records(cli, cli.passphrase_file, tmp_path) == 4000
        assert not list(cli.data_dir.glob(".*rekeying*"))
        assert not list((cli.data_dir / "backups").glob(".*rekeying*"))
    verify = cli.run("audit", "verify")
    assert verify.returncode == 0, verify.stderr


def _opens(path: Path, key: bytes) -> bool:
    from db.connection import close_database, open_database

    try:
        db = open_database(path, key)
    except Exception:  # noqa: BLE001 - not under this key
        return False
    close_database(db)
    return True


def test_a_killed_recovery_leaves_no_file_under_the_old_key_after_the_next_unlock(
        stocked, tmp_path) -> None:
    """Whatever the kill, the next unlock with the new passphrase finishes the re-encryption:
    the old key (and so a copy of an old key file with the old passphrase) opens nothing."""
    from db import keystore

    cli, code = stocked
    rng = random.Random(14)
    current = cli.passphrase_file
    finished = 0
    for n in range(KILLS):
        before = keystore.unlock(keystore.KeyFile.read(cli.data_dir / "keys.json"),
                                 current.read_text(encoding="utf-8").strip())
        new = _secret(tmp_path, f"r{n}.txt", f"a recovered passphrase {n}")
        _kill_after(["recover", "--data-dir", str(cli.data_dir), "--recovery-code-file",
                     str(code), "--new-passphrase-file", str(new)], rng.uniform(0.3, 3.0))
        with_new = _records(cli, new, tmp_path)  # this unlock finishes what the kill cut short
        if with_new is None:  # killed before the key file was written: nothing changed
            assert _records(cli, current, tmp_path) == 4000
            continue
        assert with_new == 4000
        finished += 1
        stored = [cli.data_dir / "caseload.db", *(cli.data_dir / "backups").glob("*.db")]
        assert not [p for p in stored if _opens(p, before)], n
        current = new
    assert finished, "no kill came after the key file was written: lengthen the delays"
