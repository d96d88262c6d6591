"""``retention`` and ``wipe`` through the real command line, on real files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from db import caseload_file, file_lock, keystore
from db.connection import close_database, open_database
from officer_desk.errors import OfficerDeskError
from tests.helpers.records import event, person, write_jsonl

PASSPHRASE = "correct horse battery staple"
GONE, KEPT = "W100001", "W100002"


def _set_up(cli, tmp_path: Path) -> str:
    """Two ended cases, exported, then one change to the second; the recovery code."""
    init = cli.run("init", check=True)
    code = re.search(r"([A-Z0-9]{4}(?:-[A-Z0-9]{4}){5})", init.stdout).group(1)
    cli.run("import", str(write_jsonl(tmp_path / "a.jsonl", [
        person(GONE, "p1", given_name="Gwenllian", family_name="Gone"),
        event("e1", GONE, end_date="2026-09-01"),
        person(KEPT, "p2", given_name="Ann", family_name="Kept"),
        event("e2", KEPT, end_date="2026-09-01")])), check=True)
    cli.run("export", "--out", str(tmp_path / "export.jsonl"), check=True)
    cli.run("import", str(write_jsonl(tmp_path / "b.jsonl", [
        person(KEPT, "p2", given_name="Ann", family_name="Kept-Changed")])), check=True)
    cli.run("backup", check=True)
    return code


def test_retention_lists_then_takes_off_the_sent_case_and_the_trail_verifies(
        cli, tmp_path: Path) -> None:
    _set_up(cli, tmp_path)
    dry = cli.run("retention", "--dry-run", "--on", "2026-11-20", check=True).stdout
    assert f"{GONE} Gwenllian Gone: supervision ended on 1 Sep 2026" in dry
    assert f"{KEPT} Ann Kept-Changed" in dry and "1 change not yet exported" in dry
    assert "Nothing was removed (--dry-run)." in dry
    listed = json.loads(cli.run("retention", "--json", "--on", "2026-11-20", check=True).stdout)
    assert {c["crn"]: (c["status"], c["gone"]) for c in listed["cases"]} == {
        GONE: ("goes", True), KEPT: ("kept", False)}
    assert listed["days"] == 28
    assert "Audit trail intact" in cli.run("audit", "verify", check=True).stdout
    after = cli.run("retention", "--on", "2026-11-20", check=True).stdout
    assert GONE not in after and f"{KEPT} Ann Kept-Changed" in after
    # Opened with the key: the caseload and every backup hold nothing of the case.
    opened = caseload_file.unlock(cli.data_dir, PASSPHRASE)
    try:
        for path in [opened.paths.database, *opened.paths.backups.glob("*.db")]:
            db = opened.db if path == opened.paths.database else open_database(path, opened.key)
            try:
                rows = db.execute("SELECT count(*) FROM records WHERE crn = ?", [GONE]).fetchone()
                found = db.execute("SELECT count(*) FROM search WHERE search MATCH 'gwenllian'"
                                   ).fetchone()
                assert rows[0] == 0 and found[0] == 0, path
            finally:
                if db is not opened.db:
                    close_database(db)
    finally:
        opened.lock()
    bad = cli.run("retention", "--on", "20/11/2026")
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    (cli.data_dir / "policy.toml").write_text("[rules.retention]\ndays = -1\n", "utf-8")
    bad = cli.run("retention", "--dry-run")
    assert bad.returncode == 1 and "cannot be negative" in bad.stderr
    assert "Traceback" not in bad.stderr and bad.stderr.count("\n") == 1


def test_wipe_states_the_unsent_change_then_leaves_nothing_that_opens(
        cli, tmp_path: Path) -> None:
    code = _set_up(cli, tmp_path)
    opened = caseload_file.unlock(cli.data_dir, PASSPHRASE)
    key = bytes(opened.key)
    opened.lock()
    statement = tmp_path / "not-sent.txt"
    # Refused while something else has the caseload open (an export, a sync): nothing goes.
    held = file_lock.shared(cli.data_dir)
    try:
        busy = cli.run("wipe", "--confirm", "wipe this laptop")
    finally:
        held.release()
    assert busy.returncode == 1 and "in use" in busy.stderr and "Traceback" not in busy.stderr
    assert (cli.data_dir / "keys.json").exists()
    wrong = cli.run("wipe", "--confirm", "wipe it")
    assert wrong.returncode == 1 and "Nothing was wiped" in wrong.stderr

    done = cli.run("wipe", "--statement", str(statement), "--confirm", "wipe this laptop",
                   check=True)

    said = statement.read_text(encoding="utf-8")
    assert f"{KEPT} Ann Kept-Changed: 1 change not yet exported to the central system." in said
    assert GONE not in said  # exported: nothing of it is only here
    assert said in done.stdout
    assert "the key files went first" in done.stdout
    for path in cli.data_dir.rglob("*"):
        if not path.is_file():
            continue
        with pytest.raises(Exception):  # noqa: B017, PT011 - any refusal will do
            close_database(open_database(path, key))
        with pytest.raises(Exception):  # noqa: B017, PT011
            keystore.KeyFile.read(path)
    with pytest.raises(OfficerDeskError):
        caseload_file.unlock(cli.data_dir, PASSPHRASE)
    with pytest.raises(OfficerDeskError):
        caseload_file.recover(cli.data_dir, code, "a brand new passphrase here")
    assert not (cli.data_dir / "backups").exists()
