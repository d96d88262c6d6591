"""Exports and PDFs: owner-only, whole or absent, never through a folder or a device."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.helpers.disks import fill, remount_read_only, small_disk
from tests.helpers.records import appt, event, person, write_jsonl


@pytest.fixture
def stocked(initialised, tmp_path):
    records = []
    for i in range(1500):
        crn = f"A{i:06d}"
        records += [person(crn, f"p-{crn}", notes="x" * 200),
                    event(f"e-{crn}", crn, allocation_date="2026-11-02"),
                    appt(f"a-{crn}", "2026-11-05T10:00", event_id=f"e-{crn}")]
    initialised.run("import", str(write_jsonl(tmp_path / "in.jsonl", records)), check=True)
    return initialised


def _refused(proc, *words: str) -> None:
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for word in words:
        assert word in proc.stderr, proc.stderr


def test_out_a_folder_a_missing_folder_or_a_device(initialised, tmp_path) -> None:
    cli = initialised
    _refused(cli.run("export", "--out", str(tmp_path)), "is a folder")
    _refused(cli.run("export", "--out", str(tmp_path / "nowhere" / "x.jsonl")), "does not exist")
    _refused(cli.run("export", "--out", "/dev/full"), "not an ordinary file")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)  # the device is still a device
    _refused(cli.run("pack", "warning-letter", "--event", "e1", "--out", "/dev/null"),
             "not an ordinary file")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_an_existing_readable_target_becomes_owner_only(initialised, tmp_path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    os.chmod(target, 0o644)
    initialised.run("export", "--out", str(target), check=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text().startswith('{"type":"header"')


def test_a_full_disk_leaves_nothing_behind(stocked, tmp_path) -> None:
    with small_disk(tmp_path / "stick", "512k") as stick:
        fill(stick, leave=64 * 1024)
        before = set(os.listdir(stick))
        proc = stocked.run("export", "--out", str(stick / "out.jsonl"))
        _refused(proc, "disk is full")
        assert set(os.listdir(stick)) == before  # no .part, no truncated file
    # The export was not marked: the next one still has everything.
    out = tmp_path / "again.jsonl"
    stocked.run("export", "--since-last", "--out", str(out), check=True)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1 + 4500


def test_a_read_only_folder_is_said_plainly(stocked, tmp_path) -> None:
    with small_disk(tmp_path / "ro", "1m") as stick:
        remount_read_only(stick)
        proc = stocked.run("export", "--out", str(Path(stick) / "out.jsonl"))
        _refused(proc, "read-only")
        assert os.listdir(stick) == []
