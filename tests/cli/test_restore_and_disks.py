"""Restore under kills, while in use, from read-only media; full and read-only disks.

Nothing is lost and nothing ends in a traceback: after every kill there is a whole caseload
file that opens with the key, holding either the old or the restored records.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.disks import fill, remount_read_only, small_disk
from tests.helpers.records import event, person, write_jsonl

KILLS = int(os.environ.get("OFFICER_DESK_CRASH_RUNS", "12"))
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX kills and mounts")


def _people(cli, path: Path, prefix: str, n: int) -> None:
    records = []
    for i in range(n):
        crn = f"{prefix}{i:06d}"
        records += [person(crn, f"p-{crn}", notes="n" * 300), event(f"e-{crn}", crn)]
    cli.run("import", str(write_jsonl(path, records)), check=True)


def _count(cli, tmp_path: Path) -> int:
    out = tmp_path / f"count-{time.monotonic_ns()}.jsonl"
    proc = cli.run("export", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    n = len(out.read_text(encoding="utf-8").splitlines()) - 1
    out.unlink()
    return n


def _backup(cli) -> Path:
    out = cli.run("backup", check=True).stdout
    return Path(out.strip().rsplit(" ", 1)[-1])


def _refused(proc, *words: str) -> None:
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    for word in words:
        assert word in proc.stderr, proc.stderr


def test_restore_refuses_the_live_file_and_a_caseload_in_use(initialised, tmp_path) -> None:
    cli = initialised
    _people(cli, tmp_path / "a.jsonl", "A", 10)
    saved = _backup(cli)
    _refused(cli.run("restore", str(cli.data_dir / "caseload.db")), "caseload file itself")
    assert _count(cli, tmp_path) == 20
    # While another process has the caseload open, restore is refused and changes nothing.
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\n"
         "from db import caseload_file\n"
         "c = caseload_file.unlock(__import__('pathlib').Path(sys.argv[1]), sys.argv[2])\n"
         "print('open', flush=True)\n"
         "time.sleep(60)\n", str(cli.data_dir), "correct horse battery staple"],
        stdout=subprocess.PIPE, text=True,
        env=dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring"))
    try:
        assert holder.stdout.readline().strip() == "open"
        before = (cli.data_dir / "caseload.db").stat().st_ino
        _refused(cli.run("restore", str(saved)), "open in Officer Desk")
        assert (cli.data_dir / "caseload.db").stat().st_ino == before
    finally:
        holder.kill()
        holder.communicate()
    assert cli.run("restore", str(saved)).returncode == 0


def test_restore_from_read_only_media_never_writes_to_it(initialised, tmp_path) -> None:
    cli = initialised
    _people(cli, tmp_path / "a.jsonl", "A", 30)
    saved = _backup(cli)
    _people(cli, tmp_path / "b.jsonl", "B", 5)
    with small_disk(tmp_path / "stick", "8m") as stick:
        shutil.copy2(saved, stick / saved.name)
        shutil.copy2(cli.data_dir / "keys.json", stick / "keys.json")
        remount_read_only(stick)
        digest = hashlib.sha256((stick / saved.name).read_bytes()).hexdigest()
        proc = cli.run("restore", str(stick / saved.name))
        assert proc.returncode == 0, proc.stderr
        assert sorted(os.listdir(stick)) == sorted([saved.name, "keys.json"])
        assert hashlib.sha256((stick / saved.name).read_bytes()).hexdigest() == digest
    assert _count(cli, tmp_path) == 60


def test_kills_during_restore_always_leave_a_whole_caseload(initialised, tmp_path) -> None:
    cli = initialised
    _people(cli, tmp_path / "a.jsonl", "A", 3000)
    saved = _backup(cli)
    _people(cli, tmp_path / "b.jsonl", "B", 100)
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    rng = random.Random(7)
    seen = set()
    for _ in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, "-m", "officer_desk", "restore", str(saved), "--data-dir",
             str(cli.data_dir), "--passphrase-file", str(cli.passphrase_file)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        time.sleep(rng.uniform(0.3, 1.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert (cli.data_dir / "caseload.db").exists()
        n = _count(cli, tmp_path)  # opens, checks, and clears what the kill left
        assert n in (6000, 6200)
        seen.add(n)
        assert not list(cli.data_dir.glob(".caseload.db.restoring-*"))
        replaced = [p for p in cli.data_dir.glob("caseload.db.replaced-*")
                    if not p.name.endswith(("-wal", "-shm"))]
        assert len(replaced) <= 3
        if n == 6000:  # restored: put the newer records back for the next round
            _people(cli, tmp_path / "b.jsonl", "B", 100)
    assert _count(cli, tmp_path) == 6200


def test_a_nearly_full_disk_still_answers_due_with_a_warning(initialised, tmp_path) -> None:
    cli = initialised
    with small_disk(tmp_path / "disk", "6m") as disk:
        data = disk / "data"
        shutil.copytree(cli.data_dir, data)
        cli.data_dir = data
        _people(cli, tmp_path / "a.jsonl", "A", 400)
        shutil.rmtree(data / "backups", ignore_errors=True)  # the daily backup is due
        fill(disk, leave=200 * 1024)
        proc = cli.run("due", "--json", "--on", "2026-11-24")
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
        assert "daily backup was not taken" in proc.stderr
        assert not list((data / "backups").glob("*.part*"))


def test_a_full_disk_at_unlock_is_called_full_not_damaged(initialised, tmp_path) -> None:
    cli = initialised
    with small_disk(tmp_path / "disk", "4m") as disk:
        data = disk / "data"
        shutil.copytree(cli.data_dir, data)
        cli.data_dir = data
        _people(cli, tmp_path / "a.jsonl", "A", 50)
        fill(disk, leave=0)
        proc = cli.run("due", "--json")
        _refused(proc, "full")
        assert "file is damaged" not in proc.stderr
        for filler in disk.glob("filler-*"):
            filler.unlink()
        assert _count(cli, tmp_path) == 100


def test_killed_backups_are_cleared_and_the_folder_is_private(initialised, tmp_path) -> None:
    cli = initialised
    _backup(cli)
    backups = cli.data_dir / "backups"
    assert stat.S_IMODE(backups.stat().st_mode) == 0o700
    os.chmod(backups, 0o755)
    stale = backups / "caseload-20260101T000000.backup.db.0123abcd.part"
    stale.write_bytes(b"x" * 100)
    old = stale.stat().st_mtime - 3600  # an hour ago by the file system's own clock
    os.utime(stale, (old, old))
    fresh = backups / "caseload-20260101T000001.backup.db.4567ef.part"
    fresh.write_bytes(b"y")  # another window's backup in progress is left alone
    cli.run("due", check=True)
    assert not stale.exists() and fresh.exists()
    assert stat.S_IMODE(backups.stat().st_mode) == 0o700
