"""Kill a writer with SIGKILL mid-save and mid-import, many times: nothing committed is lost.

After every kill the caseload opens, ``PRAGMA integrity_check`` is ok, every record the writer
reported committed is there, and a bulk import is either wholly present or wholly absent.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from db import caseload_file
from officer_desk.services import import_lines
from tests.helpers.fakes import FAST_KDF
from tests.helpers.records import HEADER, event, person

PASSPHRASE = "correct horse battery staple"
KILLS_PER_MODE = int(os.environ.get("OFFICER_DESK_CRASH_RUNS", "12"))
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    keyring.set_keyring(fail.Keyring())  # the writer process has no keyring either
    root = tmp_path / "c"
    opened, _ = caseload_file.create(root, PASSPHRASE, cost=FAST_KDF, recovery_cost=FAST_KDF)
    import_lines(opened.store, [json.dumps(HEADER), json.dumps(person()), json.dumps(event())],
                 "setup")
    opened.lock()
    return root


def _run_and_kill(root: Path, mode: str, start: int, delay: float) -> list[str]:
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
               PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    proc = subprocess.Popen([sys.executable, "-m", "tests.helpers.writer", str(root), PASSPHRASE,
                             mode, str(start)], stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate(timeout=30)
    return [line.split()[1] for line in out.splitlines() if line.startswith("committed")]


def _check(root: Path) -> tuple[set[str], dict[str, int]]:
    opened = caseload_file.unlock(root, PASSPHRASE)
    try:
        assert opened.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = {r[0] for r in opened.db.execute("SELECT id FROM records WHERE type='contact'")}
        bulk: dict[str, int] = {}
        for rid in ids:
            if rid.startswith("bulk"):
                key = rid.split("-")[0]
                bulk[key] = bulk.get(key, 0) + 1
        from db import audit

        assert audit.verify(opened.db).ok
        return ids, bulk
    finally:
        opened.lock()


def test_kill_mid_save_loses_nothing_committed(root: Path) -> None:
    rng = random.Random(7)
    committed: set[str] = set()
    for run in range(KILLS_PER_MODE):
        committed |= set(_run_and_kill(root, "save", run * 100_000, rng.uniform(0.05, 0.4)))
        ids, _ = _check(root)
        assert committed <= ids, f"run {run}: lost {sorted(committed - ids)[:5]}"
    assert committed, "the writer never got a save through"


def test_kill_mid_import_is_all_or_nothing(root: Path) -> None:
    rng = random.Random(11)
    for run in range(KILLS_PER_MODE):
        reported = _run_and_kill(root, "import", run, rng.uniform(0.02, 0.6))
        _, bulk = _check(root)
        for key, count in bulk.items():
            assert count == 4000, f"run {run}: partial import {key} ({count} of 4000)"
        for key in reported:
            assert bulk.get(key) == 4000


def test_kill_mid_first_load_leaves_an_empty_caseload_or_the_whole_file(tmp_path: Path) -> None:
    """A first load runs under the rollback journal: a kill leaves a journal the next open
    rolls back, and the write-ahead log is on again."""
    keyring.set_keyring(fail.Keyring())
    rng = random.Random(13)
    outcomes = set()
    for run in range(KILLS_PER_MODE):
        root = tmp_path / f"first-{run}"
        caseload_file.create(root, PASSPHRASE, cost=FAST_KDF, recovery_cost=FAST_KDF)[0].lock()
        reported = _run_and_kill(root, "first", run, rng.uniform(0.05, 1.2))
        opened = caseload_file.unlock(root, PASSPHRASE)
        try:
            assert opened.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert opened.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            count = opened.db.execute("SELECT count(*) FROM records").fetchone()[0]
            assert count in (0, 30002), f"run {run}: partial first load ({count})"
            assert count == 30002 or not reported
            from db import audit

            assert audit.verify(opened.db).ok
            outcomes.add(count)
        finally:
            opened.lock()
        assert not (root / "caseload.db-journal").exists()
    assert 0 in outcomes, "no kill landed during the load"
